/* auth.h: bearer JWT verification and development token minting. */
#ifndef AUTH_H
#define AUTH_H
#include <stdbool.h>

#include "settings.h"

enum role {
    ROLE_NONE = 0,
    ROLE_COURT,
    ROLE_ADMINISTRATOR,
    ROLE_CREDITOR,
    ROLE_DEBTOR,
    ROLE_DEPARTMENT,
    ROLE_AGENCY,
    ROLE_COUNT
};

#define AUTH_SUBJECT_MAX 128
#define AUTH_ID_NUMBER_MAX 32
#define AUTH_IDENTITY_CLAIM_DEFAULT "id_number"

struct auth_principal {
    enum role role;
    char subject[AUTH_SUBJECT_MAX];
    /* the identity number the token vouches for (the JWT_IDENTITY_CLAIM claim), or "" */
    char id_number[AUTH_ID_NUMBER_MAX];
};

enum auth_result { AUTH_OK, AUTH_MISSING, AUTH_INVALID };

/* Pins the algorithm and the keys from settings (the secret and JWT_PREVIOUS_SECRETS_FILE's,
 * JWT_PUBLIC_KEY_FILE, or JWT_JWKS_FILE); -1 with a reason when unusable. */
int auth_init(const struct settings *s, char *err, size_t errlen);
/* Frees the keys auth_init read. */
void auth_free(void);
/* Verifies "Bearer <jwt>"; on failure *why says what was wrong (a static string). */
enum auth_result auth_verify(const char *authorization, struct auth_principal *out,
                             const char **why);
/* Mints an HS256 token (development and tests), with the identity claim when id_number is
 * not NULL. Returns a malloc'd string or NULL. */
char *auth_mint(const struct settings *s, enum role role, const char *subject,
                const char *id_number, long ttl_seconds, char *err, size_t errlen);

/* Frees this thread's cache of verified tokens (when a server thread ends). */
void auth_thread_forget(void);

const char *role_name(enum role role);
enum role role_parse(const char *name);

#endif
