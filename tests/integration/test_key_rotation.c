/* test_key_rotation.c: several verification keys at once, so that an identity provider can
 * rotate. HS256: JWT_SECRET signs, JWT_PREVIOUS_SECRETS_FILE's secrets are still accepted,
 * a secret taken out of the file is refused. RS256 and ES256: JWT_JWKS_FILE, the token's kid
 * picks the key; an unknown kid, a missing kid and a token signed by another key of the set
 * are refused; a key taken out of the set (retired) is refused. Keys are made here with
 * OpenSSL, the JWKS written as an identity provider publishes it, each configuration served
 * by a server of its own. */
#include <jwt.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define NEW_SECRET "rotation-new-secret-0123456789abcdef"
#define OLD_SECRET "rotation-old-secret-0123456789abcdef"
#define OLDER_SECRET "rotation-older-secret-0123456789abcd"

static char dir[64];

static void make_dir(void)
{
    if (dir[0] == '\0') {
        snprintf(dir, sizeof dir, "/tmp/bankruptcyd-rotation-XXXXXX");
        ck_assert_ptr_nonnull(mkdtemp(dir));
    }
}

static char *write_file(const char *name, const char *text)
{
    make_dir();
    char *path = it_fmt("%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static char *claims_now(void)
{
    long now = (long)time(NULL);
    return it_fmt("{\"sub\":\"judge-rotation\",\"role\":\"court\",\"iat\":%ld,\"exp\":%ld}", now,
                  now + 600);
}

/* A token of claims_now signed with alg and key (a secret, or a private key PEM), with a kid
 * header when kid is not NULL. */
static char *sign(jwt_alg_t alg, const char *key, const char *kid)
{
    jwt_t *jwt = NULL;
    ck_assert_int_eq(jwt_new(&jwt), 0);
    char *claims = claims_now();
    ck_assert_int_eq(jwt_add_grants_json(jwt, claims), 0);
    if (kid != NULL)
        ck_assert_int_eq(jwt_add_header(jwt, "kid", kid), 0);
    ck_assert_int_eq(jwt_set_alg(jwt, alg, (const unsigned char *)key, (int)strlen(key)), 0);
    char *t = jwt_encode_str(jwt);
    ck_assert_ptr_nonnull(t);
    jwt_free(jwt);
    free(claims);
    return t;
}

/* The status of an authenticated GET on the server at url, and the problem's detail. */
static long status_with(const char *url, const char *token, char *detail, size_t cap)
{
    char *suite_url = strdup(it_base_url());
    it_use_server(url);
    struct it_resp *r = it_get("/v1/applications?limit=1", token);
    long status = r->status;
    const char *d = r->json ? json_string_value(json_object_get(r->json, "detail")) : NULL;
    snprintf(detail, cap, "%s", d ? d : "");
    it_free(r);
    it_use_server(suite_url);
    free(suite_url);
    return status;
}

static void stop(pid_t pid)
{
    kill(pid, SIGTERM);
    int status;
    waitpid(pid, &status, 0);
}

START_TEST(hs256_accepts_the_previous_secrets_and_refuses_a_retired_one)
{
    char *prev = write_file("previous", OLD_SECRET "\n" OLDER_SECRET "\n");
    char *env_prev = it_fmt("JWT_PREVIOUS_SECRETS_FILE=%s", prev);
    const char *env[] = {"JWT_SECRET=" NEW_SECRET, env_prev, NULL};
    char url[64], detail[256];
    pid_t pid = it_spawn("rotation-hs", env, url, sizeof url);
    char *by_new = sign(JWT_ALG_HS256, NEW_SECRET, NULL);
    char *by_old = sign(JWT_ALG_HS256, OLD_SECRET, NULL);
    char *by_older = sign(JWT_ALG_HS256, OLDER_SECRET, NULL);
    char *by_other = sign(JWT_ALG_HS256, "never-configured-secret-0123456789ab", NULL);
    ck_assert_int_eq(status_with(url, by_new, detail, sizeof detail), 200);
    ck_assert_int_eq(status_with(url, by_old, detail, sizeof detail), 200);
    ck_assert_int_eq(status_with(url, by_older, detail, sizeof detail), 200);
    ck_assert_int_eq(status_with(url, by_other, detail, sizeof detail), 401);
    stop(pid);

    /* the older secret retired: its tokens are refused, the old one still verifies */
    free(write_file("previous", OLD_SECRET "\n"));
    pid = it_spawn("rotation-hs-retired", env, url, sizeof url);
    ck_assert_int_eq(status_with(url, by_older, detail, sizeof detail), 401);
    ck_assert_ptr_nonnull(strstr(detail, "signature"));
    ck_assert_int_eq(status_with(url, by_old, detail, sizeof detail), 200);
    ck_assert_int_eq(status_with(url, by_new, detail, sizeof detail), 200);
    stop(pid);
    free(by_new), free(by_old), free(by_older), free(by_other), free(env_prev), free(prev);
}
END_TEST

/* ---- JWKS ------------------------------------------------------------------------------ */

struct keypair {
    char *private_pem;
    char *jwk; /* the public JWK (without kid), members as JSON text */
};

static char *b64url(const unsigned char *in, size_t n)
{
    char *out = malloc(n * 4 / 3 + 4);
    it_b64url(in, n, out);
    return out;
}

static char *bn_b64url(EVP_PKEY *k, const char *name)
{
    BIGNUM *bn = NULL;
    ck_assert_int_eq(EVP_PKEY_get_bn_param(k, name, &bn), 1);
    unsigned char buf[1024];
    int n = BN_bn2bin(bn, buf);
    BN_free(bn);
    return b64url(buf, (size_t)n);
}

static struct keypair make_key(bool rsa)
{
    EVP_PKEY *k = rsa ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256");
    ck_assert_ptr_nonnull(k);
    BIO *mem = BIO_new(BIO_s_mem());
    ck_assert_int_eq(PEM_write_bio_PrivateKey(mem, k, NULL, NULL, 0, NULL, NULL), 1);
    char *data;
    long n = BIO_get_mem_data(mem, &data);
    struct keypair kp = {.private_pem = strndup(data, (size_t)n)};
    BIO_free(mem);
    if (rsa) {
        char *nn = bn_b64url(k, OSSL_PKEY_PARAM_RSA_N), *e = bn_b64url(k, OSSL_PKEY_PARAM_RSA_E);
        kp.jwk = it_fmt("\"kty\":\"RSA\",\"n\":\"%s\",\"e\":\"%s\"", nn, e);
        free(nn), free(e);
    } else {
        unsigned char point[65];
        size_t len = 0;
        ck_assert_int_eq(
            EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &len),
            1);
        ck_assert_int_eq(len, 65);
        char *x = b64url(point + 1, 32), *y = b64url(point + 33, 32);
        kp.jwk = it_fmt("\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"%s\",\"y\":\"%s\"", x, y);
        free(x), free(y);
    }
    EVP_PKEY_free(k);
    return kp;
}

static void free_key(struct keypair *kp)
{
    free(kp->private_pem);
    free(kp->jwk);
}

/* A server verifying alg with the JWKS text; its pid, its URL in url. */
static pid_t jwks_server(const char *name, const char *alg, const char *jwks, char *url, size_t cap)
{
    char *path = write_file(name, jwks);
    char *env_file = it_fmt("JWT_JWKS_FILE=%s", path), *env_alg = it_fmt("JWT_ALG=%s", alg);
    const char *env[] = {"JWT_SECRET=", env_file, env_alg, NULL};
    pid_t pid = it_spawn(name, env, url, cap);
    free(path), free(env_file), free(env_alg);
    return pid;
}

static void kid_picks_the_key(bool rsa)
{
    const char *alg = rsa ? "RS256" : "ES256";
    jwt_alg_t jalg = rsa ? JWT_ALG_RS256 : JWT_ALG_ES256;
    struct keypair k1 = make_key(rsa), k2 = make_key(rsa), other = make_key(!rsa);
    /* what an identity provider publishes: both keys of the rotation, an encryption key
     * and a key of the other type, which are skipped */
    char *jwks = it_fmt("{\"keys\":[{\"kid\":\"2026-11\",\"use\":\"sig\",%s},"
                        "{\"kid\":\"2026-12\",\"alg\":\"%s\",%s},"
                        "{\"kid\":\"enc-1\",\"use\":\"enc\",%s},{\"kid\":\"other\",%s}]}",
                        k1.jwk, alg, k2.jwk, k2.jwk, other.jwk);
    char url[64], detail[256];
    pid_t pid = jwks_server(rsa ? "rotation-rs" : "rotation-es", alg, jwks, url, sizeof url);
    char *t1 = sign(jalg, k1.private_pem, "2026-11"), *t2 = sign(jalg, k2.private_pem, "2026-12");
    char *crossed = sign(jalg, k2.private_pem, "2026-11");
    char *unknown = sign(jalg, k1.private_pem, "2025-01");
    char *no_kid = sign(jalg, k1.private_pem, NULL);
    ck_assert_int_eq(status_with(url, t1, detail, sizeof detail), 200);
    ck_assert_int_eq(status_with(url, t2, detail, sizeof detail), 200);
    ck_assert_int_eq(status_with(url, crossed, detail, sizeof detail), 401);
    ck_assert_ptr_nonnull(strstr(detail, "signature"));
    ck_assert_int_eq(status_with(url, unknown, detail, sizeof detail), 401);
    ck_assert_msg(strstr(detail, "kid") != NULL, "detail: %s", detail);
    ck_assert_int_eq(status_with(url, no_kid, detail, sizeof detail), 401);
    ck_assert_msg(strstr(detail, "kid") != NULL, "detail: %s", detail);
    stop(pid);

    /* the November key retired: the set has December's alone */
    free(jwks);
    jwks = it_fmt("{\"keys\":[{\"kid\":\"2026-12\",%s}]}", k2.jwk);
    pid = jwks_server(rsa ? "rotation-rs-retired" : "rotation-es-retired", alg, jwks, url,
                      sizeof url);
    ck_assert_int_eq(status_with(url, t1, detail, sizeof detail), 401);
    ck_assert_ptr_nonnull(strstr(detail, "kid"));
    ck_assert_int_eq(status_with(url, t2, detail, sizeof detail), 200);
    stop(pid);
    free(jwks), free(t1), free(t2), free(crossed), free(unknown), free(no_kid);
    free_key(&k1), free_key(&k2), free_key(&other);
}

START_TEST(rs256_jwks_kid_picks_the_key)
{
    kid_picks_the_key(true);
}
END_TEST

START_TEST(es256_jwks_kid_picks_the_key)
{
    kid_picks_the_key(false);
}
END_TEST

/* A configuration serve refuses: its exit status is not 0 and its message is on stderr. */
static bool refused_at_start(const char *env_text, const char *expected)
{
    /* the binary under test (build-san/ under make check-sanitize), as the harness runs it */
    const char *bin = getenv("BANKRUPTCYD_BIN") ? getenv("BANKRUPTCYD_BIN") : "build/bankruptcyd";
    char *cmd = it_fmt("env %s DATABASE_URL='%s' timeout 10 %s serve 2>&1 | grep -qF '%s'",
                       env_text, it_db_conninfo(), bin, expected);
    int rc = system(cmd);
    free(cmd);
    return rc == 0;
}

START_TEST(unusable_key_sets_stop_the_start)
{
    char *none = write_file("enc-only", "{\"keys\":[{\"kid\":\"e\",\"kty\":\"RSA\",\"use\":\"enc\","
                                        "\"n\":\"AQAB\",\"e\":\"AQAB\"}]}");
    char *cmd = it_fmt("JWT_SECRET= JWT_ALG=RS256 JWT_JWKS_FILE=%s", none);
    ck_assert(refused_at_start(cmd, "the JWKS file has no key that verifies RS256"));
    free(cmd);
    cmd = it_fmt("JWT_SECRET=" NEW_SECRET " JWT_JWKS_FILE=%s", none);
    ck_assert(refused_at_start(cmd, "JWT_JWKS_FILE needs JWT_ALG=RS256 or ES256"));
    free(cmd);
    char *short_prev = write_file("short", "too-short\n");
    cmd = it_fmt("JWT_SECRET=" NEW_SECRET " JWT_PREVIOUS_SECRETS_FILE=%s", short_prev);
    ck_assert(refused_at_start(cmd, "JWT_PREVIOUS_SECRETS_FILE: a JWT secret is 9 bytes"));
    free(cmd), free(none), free(short_prev);
}
END_TEST

static Suite *rotation_suite(void)
{
    Suite *s = suite_create("key_rotation");
    TCase *tc = tcase_create("keys");
    tcase_set_timeout(tc, 90);
    tcase_add_test(tc, hs256_accepts_the_previous_secrets_and_refuses_a_retired_one);
    tcase_add_test(tc, rs256_jwks_kid_picks_the_key);
    tcase_add_test(tc, es256_jwks_kid_picks_the_key);
    tcase_add_test(tc, unusable_key_sets_stop_the_start);
    suite_add_tcase(s, tc);
    return s;
}

IT_MAIN("key_rotation", rotation_suite, NULL)
