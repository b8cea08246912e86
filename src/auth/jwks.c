/* jwks.c: sets of verification keys for key rotation. An identity provider publishes its
 * public keys as a JWKS (RFC 7517) and names the one that signed a token in the token's
 * header (kid); libjwt 1.10 takes only PEM, so each JWK is turned into a PEM public key with
 * OpenSSL 3 when the file is read, once, at start-up. HS256 keeps a list of secrets. */
#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jwks.h"

static int b64url_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

int jwks_b64url_decode(const char *in, size_t len, unsigned char *out, size_t cap)
{
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        int v = b64url_value(in[i]);
        if (v < 0)
            return -1;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o + 1 >= cap)
                return -1;
            out[o++] = (unsigned char)((acc >> bits) & 0xFF);
        }
    }
    out[o] = '\0';
    return (int)o;
}

/* A JWK member as bytes: its base64url value decoded into out; the length or -1. */
static int member_bytes(const json_t *jwk, const char *name, unsigned char *out, size_t cap)
{
    const char *v = json_string_value(json_object_get(jwk, name));
    return v != NULL && *v ? jwks_b64url_decode(v, strlen(v), out, cap) : -1;
}

/* The PEM (SubjectPublicKeyInfo) of pkey, malloc'd, or NULL. */
static unsigned char *pem_of(EVP_PKEY *pkey, size_t *len)
{
    BIO *mem = BIO_new(BIO_s_mem());
    unsigned char *pem = NULL;
    char *data;
    if (mem != NULL && PEM_write_bio_PUBKEY(mem, pkey) == 1) {
        long n = BIO_get_mem_data(mem, &data);
        pem = n > 0 ? malloc((size_t)n + 1) : NULL;
        if (pem != NULL) {
            memcpy(pem, data, (size_t)n);
            pem[n] = '\0';
            *len = (size_t)n;
        }
    }
    BIO_free(mem);
    return pem;
}

/* An RSA public key from n and e, or an EC P-256 one from x and y, as OpenSSL builds it. */
static EVP_PKEY *public_key(const json_t *jwk, bool rsa)
{
    unsigned char a[1024], b[1024];
    int alen = member_bytes(jwk, rsa ? "n" : "x", a, sizeof a);
    int blen = member_bytes(jwk, rsa ? "e" : "y", b, sizeof b);
    if (alen <= 0 || blen <= 0 || (!rsa && (alen != 32 || blen != 32)))
        return NULL;
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    BIGNUM *n = NULL, *e = NULL;
    unsigned char point[65];
    bool built;
    if (rsa) {
        n = BN_bin2bn(a, alen, NULL);
        e = BN_bin2bn(b, blen, NULL);
        built = bld != NULL && n != NULL && e != NULL &&
                OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) &&
                OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e);
    } else { /* the uncompressed point: 04 || x || y */
        point[0] = 0x04;
        memcpy(point + 1, a, 32);
        memcpy(point + 33, b, 32);
        built = bld != NULL &&
                OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) &&
                OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point);
    }
    OSSL_PARAM *params = built ? OSSL_PARAM_BLD_to_param(bld) : NULL;
    EVP_PKEY_CTX *ctx = params ? EVP_PKEY_CTX_new_from_name(NULL, rsa ? "RSA" : "EC", NULL) : NULL;
    EVP_PKEY *pkey = NULL;
    if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
        pkey = NULL;
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(n);
    BN_free(e);
    return pkey;
}

/* Whether the JWK may verify alg; a key meant for something else is skipped, not refused
 * (an identity provider's set often holds encryption keys and other algorithms too). */
static bool usable(const json_t *jwk, bool rsa, const char *alg)
{
    const char *kty = json_string_value(json_object_get(jwk, "kty"));
    const char *use = json_string_value(json_object_get(jwk, "use"));
    const char *jalg = json_string_value(json_object_get(jwk, "alg"));
    const char *crv = json_string_value(json_object_get(jwk, "crv"));
    if (kty == NULL || strcmp(kty, rsa ? "RSA" : "EC") != 0)
        return false;
    if (!rsa && (crv == NULL || strcmp(crv, "P-256") != 0))
        return false;
    return (use == NULL || strcmp(use, "sig") == 0) && (jalg == NULL || strcmp(jalg, alg) == 0);
}

static int add_jwk(struct jwks *out, const json_t *jwk, bool rsa, size_t i, char *err,
                   size_t errlen)
{
    const char *kid = json_string_value(json_object_get(jwk, "kid"));
    if (kid == NULL || *kid == '\0' || strlen(kid) >= JWKS_KID_MAX) {
        snprintf(err, errlen, "JWKS key %zu has no kid (or one over %d characters)", i,
                 JWKS_KID_MAX - 1);
        return -1;
    }
    if (jwks_find(out, kid) != NULL) {
        snprintf(err, errlen, "JWKS kid \"%s\" appears twice", kid);
        return -1;
    }
    if (out->n == JWKS_MAX_KEYS) {
        snprintf(err, errlen, "JWKS has more than %d usable keys", JWKS_MAX_KEYS);
        return -1;
    }
    EVP_PKEY *pkey = public_key(jwk, rsa);
    struct jwks_key *k = &out->keys[out->n];
    k->key = pkey != NULL ? pem_of(pkey, &k->len) : NULL;
    EVP_PKEY_free(pkey);
    if (k->key == NULL) {
        snprintf(err, errlen, "JWKS key \"%s\" is not a valid %s public key", kid,
                 rsa ? "RSA (n, e)" : "P-256 (x, y)");
        return -1;
    }
    snprintf(k->kid, sizeof k->kid, "%s", kid);
    out->n++;
    return 0;
}

int jwks_parse(const char *text, const char *alg, struct jwks *out, size_t *skipped, char *err,
               size_t errlen)
{
    bool rsa = strcmp(alg, "RS256") == 0;
    *skipped = 0;
    if (!rsa && strcmp(alg, "ES256") != 0) {
        snprintf(err, errlen, "a JWKS file needs JWT_ALG=RS256 or ES256, not %s", alg);
        return -1;
    }
    json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
    json_t *keys = json_object_get(doc, "keys");
    int rc = 0;
    if (!json_is_array(keys)) {
        snprintf(err, errlen, "the JWKS file is not a JSON object with a \"keys\" array");
        rc = -1;
    }
    size_t i;
    json_t *jwk;
    json_array_foreach(keys, i, jwk)
    {
        if (rc != 0)
            break;
        if (!usable(jwk, rsa, alg))
            (*skipped)++;
        else
            rc = add_jwk(out, jwk, rsa, i, err, errlen);
    }
    if (rc == 0 && out->n == 0) {
        snprintf(err, errlen, "the JWKS file has no key that verifies %s", alg);
        rc = -1;
    }
    json_decref(doc);
    return rc;
}

int jwks_add_secret(struct jwks *set, const unsigned char *secret, size_t len, char *err,
                    size_t errlen)
{
    if (len < 32) {
        snprintf(err, errlen, "a JWT secret is %zu bytes; at least 32 are required", len);
        return -1;
    }
    if (set->n == JWKS_MAX_KEYS) {
        snprintf(err, errlen, "more than %d JWT secrets", JWKS_MAX_KEYS);
        return -1;
    }
    struct jwks_key *k = &set->keys[set->n];
    k->key = malloc(len + 1);
    if (k->key == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    memcpy(k->key, secret, len);
    k->key[len] = '\0';
    k->len = len;
    k->kid[0] = '\0';
    set->n++;
    return 0;
}

int jwks_add_secret_lines(struct jwks *set, const char *text, char *err, size_t errlen)
{
    for (const char *line = text; *line;) {
        size_t n = strcspn(line, "\r\n");
        if (n > 0 && jwks_add_secret(set, (const unsigned char *)line, n, err, errlen) != 0)
            return -1;
        line += n;
        line += strspn(line, "\r\n");
    }
    return 0;
}

const struct jwks_key *jwks_find(const struct jwks *set, const char *kid)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->keys[i].kid, kid) == 0)
            return &set->keys[i];
    return NULL;
}

void jwks_free(struct jwks *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free(set->keys[i].key);
        set->keys[i].key = NULL;
    }
    set->n = 0;
}
