/* jwks.h: the verification keys of bearer tokens when there are several (rotation): the
 * keys of a JWKS file (RFC 7517: RSA or P-256 EC public keys, chosen by the token's kid),
 * or HS256 secrets (the current one and those still accepted). */
#ifndef JWKS_H
#define JWKS_H
#include <stdbool.h>
#include <stddef.h>

#define JWKS_MAX_KEYS 16
#define JWKS_KID_MAX 128

struct jwks_key {
    char kid[JWKS_KID_MAX]; /* "" for an HS256 secret */
    unsigned char *key;     /* PEM of the public key, or the secret; owned */
    size_t len;
};

struct jwks {
    struct jwks_key keys[JWKS_MAX_KEYS];
    size_t n;
};

/* Reads a JWKS document for alg ("RS256" or "ES256"): every key with a kid that can verify
 * alg (kty RSA, or EC on P-256; "use" sig or absent; "alg" alg or absent) is kept as PEM,
 * others are skipped and counted in *skipped. -1 with a reason when the text is not a JWKS,
 * a usable key is malformed, a kid repeats, or no key is usable. */
int jwks_parse(const char *text, const char *alg, struct jwks *out, size_t *skipped, char *err,
               size_t errlen);
/* Adds a copy of one HS256 secret (at least 32 bytes); -1 when it is short or the set full. */
int jwks_add_secret(struct jwks *set, const unsigned char *secret, size_t len, char *err,
                    size_t errlen);
/* Adds each line of text (a file of secrets, one per line; blank lines skipped). */
int jwks_add_secret_lines(struct jwks *set, const char *text, char *err, size_t errlen);
/* The key named kid, or NULL. */
const struct jwks_key *jwks_find(const struct jwks *set, const char *kid);
void jwks_free(struct jwks *set);

/* base64url without padding (RFC 4648 section 5) into out, NUL-terminated; the decoded
 * length, or -1 when malformed or longer than cap - 1. */
int jwks_b64url_decode(const char *in, size_t len, unsigned char *out, size_t cap);

#endif
