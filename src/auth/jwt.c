/* jwt.c: bearer token verification. libjwt 1.10 trusts the alg in the token's header and
 * checks no claims, so this file pins the configured algorithm before libjwt sees the key,
 * never passes a NULL key, and checks exp (required), nbf, iat, the lifetime, iss, aud and
 * the role itself. Time claims are any 64-bit integer a client likes, so every sum with
 * the skew is checked: a value whose bound overflows is refused, never wrapped. Several
 * keys may verify at once, for rotation (jwks.h): with a JWKS the token's kid picks the one
 * key tried; HS256 tries the current secret, then the previous ones. */
#include <errno.h>
#include <jansson.h>
#include <jwt.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "clock.h"
#include "jwks.h"

#define TOKEN_MAX 8192

static const char *role_names[ROLE_COUNT] = {
    [ROLE_NONE] = "none",         [ROLE_COURT] = "court",   [ROLE_ADMINISTRATOR] = "administrator",
    [ROLE_CREDITOR] = "creditor", [ROLE_DEBTOR] = "debtor", [ROLE_DEPARTMENT] = "department",
    [ROLE_AGENCY] = "agency",
};

static struct {
    jwt_alg_t alg;
    const char *alg_name;
    struct jwks keys; /* what verifies: the secrets, the public key, or a JWKS */
    bool by_kid;      /* a JWKS: the token's kid names its key */
    const char *issuer;
    const char *audience;
    long long skew;
    long long max_lifetime;
    const char *identity_claim; /* JWT_IDENTITY_CLAIM */
} pin;

const char *role_name(enum role role)
{
    return (role > ROLE_NONE && role < ROLE_COUNT) ? role_names[role] : "none";
}

enum role role_parse(const char *name)
{
    for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++)
        if (name != NULL && strcmp(name, role_names[r]) == 0)
            return (enum role)r;
    return ROLE_NONE;
}

/* Whether the settings' keys fit the pinned algorithm: a public key used as an HMAC secret
 * would let anyone who has the public key sign tokens, so the key's source must match. */
static int keys_fit_alg(const struct settings *s, char *err, size_t errlen)
{
    bool hs = pin.alg == JWT_ALG_HS256;
    bool pem = s->jwt_key_len > 10 && memcmp(s->jwt_key, "-----BEGIN", 10) == 0;
    if (s->jwt_jwks != NULL && s->jwt_key_public) {
        snprintf(err, errlen, "JWT_JWKS_FILE and JWT_PUBLIC_KEY_FILE are both set: set one");
        return -1;
    }
    if ((s->jwt_key == NULL || s->jwt_key_len == 0) && s->jwt_jwks == NULL) {
        snprintf(err, errlen,
                 "no JWT key: set JWT_SECRET or JWT_SECRET_FILE (HS256), or "
                 "JWT_PUBLIC_KEY_FILE or JWT_JWKS_FILE (RS256/ES256)");
        return -1;
    }
    if (hs && (s->jwt_key_public || pem || s->jwt_jwks != NULL)) {
        snprintf(err, errlen,
                 "%s needs JWT_ALG=RS256 or ES256; HS256 takes JWT_SECRET or JWT_SECRET_FILE",
                 s->jwt_jwks != NULL ? "JWT_JWKS_FILE" : "JWT_PUBLIC_KEY_FILE");
        return -1;
    }
    if (!hs && s->jwt_previous_secrets != NULL) {
        snprintf(err, errlen, "JWT_PREVIOUS_SECRETS_FILE is for HS256, not %s", s->jwt_alg);
        return -1;
    }
    if (!hs && !s->jwt_key_public && s->jwt_jwks == NULL) {
        snprintf(err, errlen,
                 "JWT_ALG=%s verifies with a public key: set JWT_PUBLIC_KEY_FILE or JWT_JWKS_FILE",
                 s->jwt_alg);
        return -1;
    }
    if (hs && s->jwt_key_len < 32) {
        snprintf(err, errlen, "the JWT secret is %zu bytes; at least 32 are required",
                 s->jwt_key_len);
        return -1;
    }
    return 0;
}

static int load_keys(const struct settings *s, char *err, size_t errlen)
{
    jwks_free(&pin.keys);
    pin.by_kid = s->jwt_jwks != NULL;
    if (pin.by_kid) {
        size_t skipped;
        return jwks_parse(s->jwt_jwks, pin.alg_name, &pin.keys, &skipped, err, errlen);
    }
    if (pin.alg != JWT_ALG_HS256) { /* one PEM public key */
        struct jwks_key *k = &pin.keys.keys[pin.keys.n++];
        k->kid[0] = '\0';
        k->key = (unsigned char *)strndup((const char *)s->jwt_key, s->jwt_key_len);
        k->len = s->jwt_key_len;
        return k->key != NULL ? 0 : -1;
    }
    if (jwks_add_secret(&pin.keys, s->jwt_key, s->jwt_key_len, err, errlen) != 0)
        return -1;
    if (s->jwt_previous_secrets == NULL ||
        jwks_add_secret_lines(&pin.keys, s->jwt_previous_secrets, err, errlen) == 0)
        return 0;
    /* a reason naming the file, not "a JWT secret" */
    char why[200];
    snprintf(why, sizeof why, "%s", err);
    snprintf(err, errlen, "JWT_PREVIOUS_SECRETS_FILE: %s", why);
    return -1;
}

int auth_init(const struct settings *s, char *err, size_t errlen)
{
    pin.alg = jwt_str_alg(s->jwt_alg);
    if (pin.alg != JWT_ALG_HS256 && pin.alg != JWT_ALG_RS256 && pin.alg != JWT_ALG_ES256) {
        snprintf(err, errlen, "JWT_ALG must be HS256, RS256 or ES256, not %s", s->jwt_alg);
        return -1;
    }
    pin.alg_name = jwt_alg_str(pin.alg);
    if (keys_fit_alg(s, err, errlen) != 0 || load_keys(s, err, errlen) != 0)
        return -1;
    pin.issuer = s->jwt_issuer;
    pin.audience = s->jwt_audience;
    pin.skew = (long long)s->jwt_skew;
    pin.max_lifetime = (long long)s->max_token_lifetime;
    pin.identity_claim =
        s->jwt_identity_claim ? s->jwt_identity_claim : AUTH_IDENTITY_CLAIM_DEFAULT;
    return 0;
}

void auth_free(void)
{
    jwks_free(&pin.keys);
}

/* The header must name exactly the pinned algorithm before the key is used at all; its kid
 * (or "") goes into kid. */
static bool header_alg_is_pinned(const char *token, char kid[JWKS_KID_MAX])
{
    kid[0] = '\0';
    const char *dot = strchr(token, '.');
    if (dot == NULL || dot == token || (size_t)(dot - token) > 1024)
        return false;
    unsigned char header[800];
    int n = jwks_b64url_decode(token, (size_t)(dot - token), header, sizeof header);
    if (n <= 0)
        return false;
    json_t *h = json_loadb((const char *)header, (size_t)n, 0, NULL);
    const char *alg = json_string_value(json_object_get(h, "alg"));
    const char *k = json_string_value(json_object_get(h, "kid"));
    bool ok =
        alg != NULL && strcmp(alg, pin.alg_name) == 0 && (k == NULL || strlen(k) < JWKS_KID_MAX);
    if (ok && k != NULL)
        snprintf(kid, JWKS_KID_MAX, "%s", k);
    json_decref(h);
    return ok;
}

/* The token decoded with the key its kid names (a JWKS), or with the first key that verifies
 * it; NULL with the reason. */
static jwt_t *decode_with_keys(const char *token, const char *kid, const char **why)
{
    jwt_t *jwt = NULL;
    *why = "the token's signature is not valid";
    if (pin.by_kid) {
        const struct jwks_key *k = *kid ? jwks_find(&pin.keys, kid) : NULL;
        if (k == NULL) {
            *why = *kid ? "the token's key id (kid) is not one of the configured keys"
                        : "the token names no key id (kid)";
            return NULL;
        }
        return jwt_decode(&jwt, token, k->key, (int)k->len) == 0 ? jwt : NULL;
    }
    for (size_t i = 0; i < pin.keys.n; i++) {
        const struct jwks_key *k = &pin.keys.keys[i];
        if (jwt_decode(&jwt, token, k->key, (int)k->len) == 0 && jwt != NULL)
            return jwt;
        jwt = NULL;
    }
    return NULL;
}

static bool audience_matches(const json_t *aud)
{
    if (json_is_string(aud))
        return strcmp(json_string_value(aud), pin.audience) == 0;
    size_t i;
    json_t *v;
    json_array_foreach(aud, i, v) if (json_is_string(v) &&
                                      strcmp(json_string_value(v), pin.audience) == 0) return true;
    return false;
}

/* True when exp, allowed the skew, is already past (or exp + skew does not fit). */
static bool has_expired(long long exp, long long now)
{
    long long until;
    return __builtin_add_overflow(exp, pin.skew, &until) || until < now;
}

/* A claim that must not be after now, allowing the skew (nbf, iat), and what each refusal
 * says. */
struct not_after_now {
    const char *name, *not_number, *out_of_range, *future;
};
static const struct not_after_now nbf_claim = {"nbf", "the token's nbf claim is not a number",
                                               "the token's nbf claim is out of range",
                                               "the token is not valid yet"};
static const struct not_after_now iat_claim = {"iat", "the token's iat claim is not a number",
                                               "the token's iat claim is out of range",
                                               "the token's iat claim is in the future"};

/* True when the claim is absent, or an integer that, less the skew, is not after now. */
static bool reached(const json_t *c, const struct not_after_now *claim, long long now,
                    const char **why)
{
    const json_t *v = json_object_get(c, claim->name);
    long long bound;
    if (v == NULL)
        return true;
    if (!json_is_integer(v))
        *why = claim->not_number;
    else if (__builtin_sub_overflow(json_integer_value(v), pin.skew, &bound))
        *why = claim->out_of_range;
    else if (bound > now)
        *why = claim->future;
    else
        return true;
    return false;
}

/* The time claims: exp (required) not past, nbf (when present) reached, iat (when present)
 * not in the future, and the token not meant to live longer than MAX_TOKEN_LIFETIME:
 * exp - iat, or exp - now without iat. Each bound allows the skew; none may overflow. */
static bool time_claims_hold(const json_t *c, const char **why)
{
    long long now = (long long)clock_now(), bound;
    const json_t *exp = json_object_get(c, "exp"), *iat = json_object_get(c, "iat");
    if (!json_is_integer(exp)) {
        *why = "the token has no exp claim";
        return false;
    }
    long long exp_at = json_integer_value(exp);
    if (__builtin_add_overflow(exp_at, pin.skew, &bound)) {
        *why = "the token's exp claim is out of range";
        return false;
    }
    if (bound < now) {
        *why = "the token has expired";
        return false;
    }
    if (!reached(c, &nbf_claim, now, why) || !reached(c, &iat_claim, now, why))
        return false;
    long long start = iat != NULL ? json_integer_value(iat) : now;
    long long allowed = pin.max_lifetime + (iat != NULL ? 0 : pin.skew);
    if (__builtin_sub_overflow(exp_at, start, &bound) || bound > allowed) {
        *why = iat != NULL ? "the token's lifetime (exp - iat) is longer than MAX_TOKEN_LIFETIME"
                           : "the token's exp is further away than MAX_TOKEN_LIFETIME";
        return false;
    }
    return true;
}

static enum auth_result check_claims(const json_t *c, struct auth_principal *out, const char **why)
{
    if (!time_claims_hold(c, why))
        return AUTH_INVALID;
    const char *iss = json_string_value(json_object_get(c, "iss"));
    if (pin.issuer != NULL && (iss == NULL || strcmp(iss, pin.issuer) != 0)) {
        *why = "the token's issuer is not accepted";
        return AUTH_INVALID;
    }
    if (pin.audience != NULL && !audience_matches(json_object_get(c, "aud"))) {
        *why = "the token is not for this audience";
        return AUTH_INVALID;
    }
    enum role role = role_parse(json_string_value(json_object_get(c, "role")));
    if (role == ROLE_NONE) {
        *why = "the token has no known role claim";
        return AUTH_INVALID;
    }
    const char *sub = json_string_value(json_object_get(c, "sub"));
    if (sub == NULL || sub[0] == '\0' || strlen(sub) >= AUTH_SUBJECT_MAX) {
        *why = "the token has no usable sub claim";
        return AUTH_INVALID;
    }
    /* signed like every claim, so the identity number it names is vouched for by the issuer */
    const json_t *idn = json_object_get(c, pin.identity_claim);
    if (idn != NULL && (!json_is_string(idn) || json_string_length(idn) == 0 ||
                        json_string_length(idn) >= AUTH_ID_NUMBER_MAX)) {
        *why = "the token's identity claim is not a usable identity number";
        return AUTH_INVALID;
    }
    out->role = role;
    snprintf(out->subject, sizeof out->subject, "%s", sub);
    snprintf(out->id_number, sizeof out->id_number, "%s", idn ? json_string_value(idn) : "");
    return AUTH_OK;
}

/* Each server thread remembers the last tokens it verified (the whole token, so a hit is
 * the same signed bytes): a client sends the same token with every request, and checking
 * its signature once is enough. Expiry is checked again on every hit. */
#define TOKEN_CACHE 16
struct cached_token {
    char *token;
    struct auth_principal who;
    long long exp;
};
static _Thread_local struct cached_token token_cache[TOKEN_CACHE];

static unsigned token_slot(const char *token)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)token; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h % TOKEN_CACHE;
}

static bool cache_lookup(const char *token, struct auth_principal *out, const char **why,
                         enum auth_result *res)
{
    struct cached_token *c = &token_cache[token_slot(token)];
    if (c->token == NULL || strcmp(c->token, token) != 0)
        return false;
    if (has_expired(c->exp, (long long)clock_now())) {
        *why = "the token has expired";
        *res = AUTH_INVALID;
        return true;
    }
    *out = c->who;
    *res = AUTH_OK;
    return true;
}

static pthread_key_t forget_key;
static pthread_once_t forget_once = PTHREAD_ONCE_INIT;

static void forget_at_exit(void *unused)
{
    (void)unused;
    auth_thread_forget();
}

static void make_forget_key(void)
{
    pthread_key_create(&forget_key, forget_at_exit);
}

static void cache_store(const char *token, const struct auth_principal *who, long long exp)
{
    pthread_once(&forget_once, make_forget_key);
    pthread_setspecific(forget_key, token_cache); /* non-NULL: the destructor runs at exit */
    struct cached_token *c = &token_cache[token_slot(token)];
    free(c->token);
    c->token = strdup(token);
    c->who = *who;
    c->exp = exp;
}

void auth_thread_forget(void)
{
    for (int i = 0; i < TOKEN_CACHE; i++) {
        free(token_cache[i].token);
        token_cache[i].token = NULL;
    }
}

enum auth_result auth_verify(const char *authorization, struct auth_principal *out,
                             const char **why)
{
    if (authorization == NULL) {
        *why = "no Authorization header";
        return AUTH_MISSING;
    }
    /* RFC 7235: the scheme name is case-insensitive ("bearer", "BEARER"). */
    if (strncasecmp(authorization, "Bearer ", 7) != 0) {
        *why = "the Authorization header must be: Bearer <token>";
        return AUTH_INVALID;
    }
    const char *token = authorization + 7;
    while (*token == ' ')
        token++;
    enum auth_result cached;
    if (cache_lookup(token, out, why, &cached))
        return cached;
    char kid[JWKS_KID_MAX];
    if (strlen(token) > TOKEN_MAX || !header_alg_is_pinned(token, kid)) {
        *why = "the token is malformed or signed with an algorithm that is not accepted";
        return AUTH_INVALID;
    }
    jwt_t *jwt = decode_with_keys(token, kid, why);
    if (jwt == NULL)
        return AUTH_INVALID;
    enum auth_result res = AUTH_INVALID;
    *why = "the token's signature is not valid";
    if (jwt_get_alg(jwt) == pin.alg) {
        char *claims_text = jwt_get_grants_json(jwt, NULL);
        json_t *claims = claims_text ? json_loads(claims_text, 0, NULL) : NULL;
        if (claims != NULL)
            res = check_claims(claims, out, why);
        if (res == AUTH_OK)
            cache_store(token, out, json_integer_value(json_object_get(claims, "exp")));
        if (claims == NULL)
            *why = "the token's claims are not readable";
        json_decref(claims);
        free(claims_text);
    }
    jwt_free(jwt);
    return res;
}

char *auth_mint(const struct settings *s, enum role role, const char *subject,
                const char *id_number, long ttl, char *err, size_t errlen)
{
    if (jwt_str_alg(s->jwt_alg) != JWT_ALG_HS256 || s->jwt_key_public) {
        snprintf(err, errlen, "token minting needs HS256 and its secret (JWT_ALG=%s)", s->jwt_alg);
        return NULL;
    }
    if (s->jwt_key == NULL || s->jwt_key_len < 32) {
        snprintf(err, errlen,
                 "set JWT_SECRET or JWT_SECRET_FILE (at least 32 bytes) to mint tokens");
        return NULL;
    }
    jwt_t *jwt = NULL;
    if (jwt_new(&jwt) != 0) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    long now = (long)clock_now();
    int rc = jwt_add_grant(jwt, "sub", subject) | jwt_add_grant(jwt, "role", role_name(role)) |
             jwt_add_grant_int(jwt, "iat", now) | jwt_add_grant_int(jwt, "exp", now + ttl);
    if (id_number)
        rc |= jwt_add_grant(
            jwt, s->jwt_identity_claim ? s->jwt_identity_claim : AUTH_IDENTITY_CLAIM_DEFAULT,
            id_number);
    if (s->jwt_issuer)
        rc |= jwt_add_grant(jwt, "iss", s->jwt_issuer);
    if (s->jwt_audience)
        rc |= jwt_add_grant(jwt, "aud", s->jwt_audience);
    rc |= jwt_set_alg(jwt, JWT_ALG_HS256, s->jwt_key, (int)s->jwt_key_len);
    char *token = rc == 0 ? jwt_encode_str(jwt) : NULL;
    jwt_free(jwt);
    if (token == NULL)
        snprintf(err, errlen, "the token could not be encoded");
    return token;
}
