/* idempotency_sql.c: Idempotency-Key answers, stored in the transaction of the change
 * they answer. A key is claimed first, under a transaction-scoped advisory lock on the
 * (principal, key) taken without waiting: a request with the same key while the first is
 * still being decided does not queue behind it (holding a thread and a connection) but is
 * told so at once (409); once the first has committed, the key's answer is found and
 * replayed. An expired key is claimed again as new. (The lock's class, 7242003, keeps it
 * apart from the feed's 7242002 and migrate's 7242001.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

/* Claims the key, purging a few expired keys on the way (bounded work per request). */
static const struct db_stmt CLAIM = {
    "idempotency_claim",
    "WITH purge AS (DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM "
    " idempotency_keys WHERE expires_at < now() LIMIT 8 FOR UPDATE SKIP LOCKED)) "
    "INSERT INTO idempotency_keys AS k (role, subject, key, request_hash, expires_at) "
    "SELECT $1, $2, $3, encode(sha256(convert_to($4, 'UTF8')), 'hex'), "
    " now() + make_interval(secs => $5::int) "
    "WHERE pg_try_advisory_xact_lock(7242003, hashtext($1 || '/' || $2 || '/' || $3)) "
    "ON CONFLICT (role, subject, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, "
    " expires_at = EXCLUDED.expires_at, status = NULL, body = NULL, location = NULL, "
    " created_at = now() WHERE k.expires_at < now() "
    "RETURNING true",
    5};

static const struct db_stmt PRIOR = {
    "idempotency_prior",
    "SELECT request_hash = encode(sha256(convert_to($4, 'UTF8')), 'hex'), "
    "coalesce(status, 0), coalesce(body, ''), location FROM idempotency_keys "
    "WHERE role = $1 AND subject = $2 AND key = $3",
    4};

static const struct db_stmt STORE = {
    "idempotency_store",
    "UPDATE idempotency_keys SET status = $4::int, body = $5, location = $6 "
    "WHERE role = $1 AND subject = $2 AND key = $3",
    6};

static enum db_status read_prior(struct db_tx *tx, const char *const *params,
                                 struct db_idempotent_answer *prior)
{
    PGresult *res = dbi_exec(tx, &PRIOR, params);
    if (res == NULL)
        return dbi_failure(tx);
    enum db_status st = DB_NOT_FOUND; /* claimed by a transaction that is still deciding */
    if (PQntuples(res) == 1) {
        prior->same_request = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
        prior->status = (unsigned)atoi(PQgetvalue(res, 0, 1));
        prior->body = strdup(PQgetvalue(res, 0, 2));
        prior->location = PQgetisnull(res, 0, 3) ? NULL : strdup(PQgetvalue(res, 0, 3));
        st = prior->body != NULL ? DB_OK : DB_ERROR;
    }
    PQclear(res);
    return st;
}

enum db_status db_idempotency_claim(struct db_tx *tx, const struct db_actor *who, const char *key,
                                    const char *request, unsigned ttl_seconds, bool *claimed,
                                    struct db_idempotent_answer *prior)
{
    char ttl[16];
    snprintf(ttl, sizeof ttl, "%u", ttl_seconds);
    const char *params[5] = {who->role, who->subject, key, request, ttl};
    PGresult *res = dbi_exec(tx, &CLAIM, params);
    if (res == NULL)
        return dbi_failure(tx);
    *claimed = PQntuples(res) == 1;
    PQclear(res);
    return *claimed ? DB_OK : read_prior(tx, params, prior);
}

enum db_status db_idempotency_store(struct db_tx *tx, const struct db_actor *who, const char *key,
                                    unsigned status, const char *body, const char *location)
{
    char code[8];
    snprintf(code, sizeof code, "%u", status);
    const char *params[6] = {who->role, who->subject, key, code, body, location};
    return dbi_command(tx, &STORE, params);
}

void db_idempotent_answer_free(struct db_idempotent_answer *a)
{
    free(a->body);
    free(a->location);
    a->body = a->location = NULL;
}

/* This file's statements, for the registry (statements.c). */
const struct db_stmt *const dbi_idempotency_statements[] = {&CLAIM, &PRIOR, &STORE, NULL};
