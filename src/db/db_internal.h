/* db_internal.h: shared by the files of src/db only: the transaction handle and the
 * lazily prepared statements. */
#ifndef DB_INTERNAL_H
#define DB_INTERNAL_H
#include <libpq-fe.h>

#include "db.h"

/* The statements of each file, NULL-ended; statements.c lists them all. A statement
 * (struct db_stmt, db.h) that is in no list escapes the plan test. */
extern const struct db_stmt *const dbi_administrators_statements[];
extern const struct db_stmt *const dbi_applications_statements[];
extern const struct db_stmt *const dbi_audit_statements[];
extern const struct db_stmt *const dbi_calendar_statements[];
extern const struct db_stmt *const dbi_caselife_statements[];
extern const struct db_stmt *const dbi_claims_statements[];
extern const struct db_stmt *const dbi_debtors_statements[];
extern const struct db_stmt *const dbi_disclosure_statements[];
extern const struct db_stmt *const dbi_migrate_statements[];
extern const struct db_stmt *const dbi_idempotency_statements[];
extern const struct db_stmt *const dbi_meetings_statements[];
extern const struct db_stmt *const dbi_liquidation_statements[]; /* issue 13 */
extern const struct db_stmt *const dbi_plans_statements[]; /* plans (issue 12) */

/* A condition every application that application_visible(a, $1, $2) admits meets, written
 * so that an index finds them (the debtor's, the creditor's, the administrator's cases): a
 * list ANDs it to the function, which still decides, so that it reads the actor's cases
 * instead of calling the function for every case the department has. For the court and the
 * department it is true. The cases a creditor holds a claim in come as an array computed
 * once (an InitPlan over claims_creditor) that the primary key looks up, one more arm of
 * the BitmapOr: `a.id IN (SELECT ...)` there would be a SubPlan no index serves, and the
 * planner scans applications or walks the deadlines instead. */
#define DBI_ACTOR_CASES                                                                    \
    "($1 IN ('court', 'department') "                                                      \
    " OR $1 = 'debtor' AND (a.debtor_id = (SELECT id FROM debtors WHERE subject = $2) "    \
    "   OR a.joint_debtor_id = (SELECT id FROM debtors WHERE subject = $2)) "              \
    " OR $1 = 'creditor' AND a.applicant_role = 'creditor' "                               \
    "   AND (a.applicant_subject = $2 OR a.co_applicants ? $2) "                           \
    " OR $1 = 'creditor' AND a.id = ANY (ARRAY(SELECT m.case_id FROM claims m "            \
    "   WHERE m.creditor_subject = $2)) "                                                  \
    " OR $1 = 'administrator' AND a.administrator_subject = $2)"

struct conn_slot; /* a thread's connection to the primary or the replica (conn.c) */

struct db_tx {
    PGconn *conn;
    struct conn_slot *slot; /* where conn lives (its prepared statements) */
    struct db_tx *reader;   /* a replica read beside this transaction, or NULL (dbi_reader) */
    char sqlstate[6];
    char constraint[64];
    bool retry;  /* serialization failure or deadlock: the runner tries again */
    bool broken; /* the connection is gone */
    bool begin_pending; /* BEGIN is sent with the first statement (conn.c: exec_begun) */
    bool begin_lost;    /* the connection failed before BEGIN ran: nothing ran */
    long long feed_seq; /* the largest feed position this transaction wrote */
};

/* After a commit: the positions this instance wrote are known at once (feedwatch.c). */
void dbi_feed_committed(long long seq);
/* After a transaction that named topic in a NOTICE (conn.c): what this instance keeps under
 * it is stale at once, as if its notification had been heard (feedwatch.c). */
void dbi_topic_touched_here(const char *topic);

/* Where a transaction's pure reads go: the replica beside it when the caller asked for one
 * (db_transact_replica_reads) and it is caught up, else the transaction itself. Only for
 * statements that write nothing and need not see the transaction's own writes. */
struct db_tx *dbi_reader(struct db_tx *tx);

/* Runs st with params (text or NULL). Returns a result of status OK or NULL after
 * recording the failure in tx; the caller PQclears a result. */
PGresult *dbi_exec(struct db_tx *tx, const struct db_stmt *st, const char *const *params);
/* The status a failed dbi_exec stands for. */
enum db_status dbi_failure(const struct db_tx *tx);
/* First column of the one row, parsed as JSON; DB_NOT_FOUND when there is no row. */
enum db_status dbi_json_one(struct db_tx *tx, const struct db_stmt *st, const char *const *params,
                            json_t **out);
/* First column of every row, parsed as JSON, as an array. */
enum db_status dbi_json_rows(struct db_tx *tx, const struct db_stmt *st, const char *const *params,
                             json_t **out);
/* First column of the one row as text (malloc'd), unparsed: for replies passed through as
 * PostgreSQL built them. DB_NOT_FOUND when there is no row or it is NULL. */
enum db_status dbi_text_one(struct db_tx *tx, const struct db_stmt *st, const char *const *params,
                            char **out);
/* A statement run for its effect; DB_NOT_FOUND when it touched no row. */
enum db_status dbi_command(struct db_tx *tx, const struct db_stmt *st, const char *const *params);
/* A statement of two parameters, an id and a JSON value, run for its effect. */
enum db_status dbi_command_id_json(struct db_tx *tx, const struct db_stmt *st, const char *id,
                                   const json_t *value);
/* A JSON value as text for a parameter (malloc'd; NULL for NULL). */
char *dbi_json_param(const json_t *v);

/* A feed's head and epoch, and its changes after a position, read by st (caselife_sql.c):
 * the restriction feed's and the credit feed's statements have the same columns (see
 * FEED_HEAD, FEED_CHANGES). */
enum db_status dbi_feed_head(struct db_tx *tx, const struct db_stmt *st, long long *head,
                             char epoch[DB_FEED_EPOCH_LEN]);
enum db_status dbi_feed_changes(struct db_tx *tx, const struct db_stmt *st, long long after,
                                int limit, struct db_feed_changes *out);

#endif
