/* fuzz_jwt.c: the JWT verifier, with a fixed HS256 key. The first byte chooses what the rest
 * is: an Authorization header as a client sends it (forged headers, bad base64url, other
 * algorithms, garbage), or a claims object that is signed with the right key first, so that
 * the claim checks (exp, nbf, iat, lifetime, iss, aud, role, sub) see every value the fuzzer
 * makes. Accepted means a known role and a usable subject; refused always says why. */
#undef NDEBUG /* the asserts are the fuzzer's oracle */
#include <assert.h>
#include <jwt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* "Bearer " + the claims signed with the key, or NULL when libjwt will not take them. */
static char *signed_header(const char *claims)
{
    jwt_t *jwt = NULL;
    if (jwt_new(&jwt) != 0)
        return NULL;
    char *token = NULL;
    if (jwt_add_grants_json(jwt, claims) == 0 &&
        jwt_set_alg(jwt, JWT_ALG_HS256, (const unsigned char *)secret, sizeof secret - 1) == 0)
        token = jwt_encode_str(jwt);
    jwt_free(jwt);
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
    char *header = (data[0] & 1) ? signed_header(text) : text;
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
