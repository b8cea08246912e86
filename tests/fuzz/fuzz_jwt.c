/* fuzz_jwt.c: the JWT verifier, with a fixed HS256 key. The first byte chooses what the rest
 * is: an Authorization header as a client sends it (forged headers, bad base64url, other
 * algorithms, garbage), or (bit 0) a claims object that is signed with the right key first,
 * so that the claim checks (exp, nbf, iat, lifetime, iss, aud, role, sub) see every value
 * the fuzzer makes; with bit 1 too, integer exp, nbf and iat are seconds from now (so that a
 * seed stays valid), otherwise they are taken as they are, extremes included. Accepted means
 * a known role and a usable subject; refused always says why. */
#undef NDEBUG /* the asserts are the fuzzer's oracle */
#include <assert.h>
#include <jansson.h>
#include <jwt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"

static const char secret[] = "fuzz-secret-0123456789abcdef0123456789";

static void init_once(void)
{
    static int done;
    if (done)
        return;
    struct settings s = {.jwt_alg = "HS256",
                         .jwt_key = (unsigned char *)secret,
                         .jwt_key_len = sizeof secret - 1,
                         .jwt_skew = 60,
                         .max_token_lifetime = 86400};
    char err[256];
    if (auth_init(&s, err, sizeof err) != 0) {
        fprintf(stderr, "auth_init: %s\n", err);
        abort();
    }
    done = 1;
}

/* The claims with integer exp, nbf and iat moved from "seconds from now" to times (a sum
 * that does not fit leaves the value as it is); a new string, or NULL when not an object. */
static char *from_now(const char *claims)
{
    json_t *c = json_loads(claims, 0, NULL);
    static const char *const times[] = {"exp", "nbf", "iat"};
    long long now = (long long)time(NULL), at;
    for (int i = 0; i < 3; i++) {
        json_t *v = json_object_get(c, times[i]);
        if (json_is_integer(v) && !__builtin_add_overflow(json_integer_value(v), now, &at))
            json_integer_set(v, at);
    }
    char *out = json_is_object(c) ? json_dumps(c, 0) : NULL;
    json_decref(c);
    return out;
}

/* "Bearer " + the claims signed with the key, or NULL when libjwt will not take them. */
static char *signed_header(const char *given, bool relative)
{
    char *moved = relative ? from_now(given) : NULL;
    const char *claims = relative ? moved : given;
    jwt_t *jwt = NULL;
    if (claims == NULL || jwt_new(&jwt) != 0) {
        free(moved);
        return NULL;
    }
    char *token = NULL;
    if (jwt_add_grants_json(jwt, claims) == 0 &&
        jwt_set_alg(jwt, JWT_ALG_HS256, (const unsigned char *)secret, sizeof secret - 1) == 0)
        token = jwt_encode_str(jwt);
    jwt_free(jwt);
    free(moved);
    if (token == NULL)
        return NULL;
    char *header = malloc(strlen(token) + 8);
    sprintf(header, "Bearer %s", token);
    free(token);
    return header;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    init_once();
    if (size < 1)
        return 0;
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    char *header = (data[0] & 1) ? signed_header(text, data[0] & 2) : text;
    if (header != NULL) {
        struct auth_principal who;
        const char *why = NULL;
        enum auth_result res = auth_verify(header, &who, &why);
        if (res == AUTH_OK) {
            assert(who.role > ROLE_NONE && who.role < ROLE_COUNT);
            assert(who.subject[0] != '\0' && strlen(who.subject) < AUTH_SUBJECT_MAX);
        } else {
            assert(why != NULL && why[0] != '\0');
        }
    }
    if (header != text)
        free(header);
    free(text);
    return 0;
}
