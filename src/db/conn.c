/* conn.c: one PostgreSQL connection per server thread (closed when the thread ends),
 * reconnect with backoff, lazily prepared statements, and the transaction runner that
 * retries on serialization failures and deadlocks. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_internal.h"
#include "logx.h"

#define MAX_PREPARED 256
#define MAX_ATTEMPTS 4
#define BACKOFF_MAX_MS 500

struct conn_state {
    PGconn *conn;
    const struct db_stmt *prepared[MAX_PREPARED];
    int nprepared;
    long long next_attempt_ms;
    unsigned backoff_ms;
    bool fresh; /* connected by this request: not yet seen to work */
};

static const struct settings *cfg;
static pthread_key_t state_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static atomic_ulong round_trips, failures;

unsigned long db_round_trips(void)
{
    return atomic_load_explicit(&round_trips, memory_order_relaxed);
}

unsigned long db_failures_total(void)
{
    return atomic_load_explicit(&failures, memory_order_relaxed);
}

static void count_round_trip(void)
{
    atomic_fetch_add_explicit(&round_trips, 1, memory_order_relaxed);
}

static void state_free(void *p)
{
    struct conn_state *st = p;
    if (st != NULL && st->conn != NULL)
        PQfinish(st->conn);
    free(st);
}

static void make_key(void)
{
    pthread_key_create(&state_key, state_free);
}

int db_init(const struct settings *s)
{
    cfg = s;
    pthread_once(&key_once, make_key);
    return 0;
}

void db_thread_close(void)
{
    pthread_once(&key_once, make_key);
    state_free(pthread_getspecific(state_key));
    pthread_setspecific(state_key, NULL);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void drop(struct conn_state *st)
{
    if (st->conn != NULL)
        PQfinish(st->conn);
    st->conn = NULL;
    st->nprepared = 0;
}

/* This thread's connection, or NULL while the database is unreachable (no attempt is
 * made before the backoff has passed, so an outage costs requests nothing). */
static PGconn *thread_conn(void)
{
    pthread_once(&key_once, make_key);
    struct conn_state *st = pthread_getspecific(state_key);
    if (st == NULL) {
        st = calloc(1, sizeof *st);
        if (st == NULL)
            return NULL;
        pthread_setspecific(state_key, st);
    }
    if (st->conn != NULL && PQstatus(st->conn) == CONNECTION_OK) {
        st->fresh = false;
        return st->conn;
    }
    drop(st);
    if (now_ms() < st->next_attempt_ms)
        return NULL;
    char options[96];
    /* dates are read as text: ISO whatever the server's or role's DateStyle */
    snprintf(options, sizeof options, "-c statement_timeout=%u -c DateStyle=ISO,YMD",
             cfg->statement_timeout);
    const char *keys[] = {"dbname", "options", "application_name", "connect_timeout", NULL};
    const char *values[] = {cfg->database_url, options, "bankruptcyd", "3", NULL};
    st->conn = PQconnectdbParams(keys, values, 1);
    if (PQstatus(st->conn) != CONNECTION_OK) {
        /* capped at half a second, so writes resume within a second of the database
         * coming back; a refused connect costs the database nothing */
        if (st->backoff_ms == 0) /* said once per outage, not at every attempt */
            log_msg(LOG_WARN, NULL, "database unreachable (retrying every %u ms at most): %s",
                    BACKOFF_MAX_MS, PQerrorMessage(st->conn));
        st->backoff_ms = st->backoff_ms ? st->backoff_ms * 2 : 50;
        if (st->backoff_ms > BACKOFF_MAX_MS)
            st->backoff_ms = BACKOFF_MAX_MS;
        st->next_attempt_ms = now_ms() + st->backoff_ms;
        drop(st);
        return NULL;
    }
    if (st->backoff_ms != 0)
        log_msg(LOG_INFO, NULL, "database reachable again");
    st->backoff_ms = 0;
    st->fresh = true;
    return st->conn;
}

static bool ensure_prepared(struct db_tx *tx, const struct db_stmt *s)
{
    struct conn_state *st = pthread_getspecific(state_key);
    for (int i = 0; i < st->nprepared; i++)
        if (st->prepared[i] == s)
            return true;
    if (st->nprepared >= MAX_PREPARED) { /* a bug: more statements than the cache holds */
        log_msg(LOG_ERROR, NULL, "prepared statement cache full at %s", s->name);
        return false;
    }
    count_round_trip();
    PGresult *res = PQprepare(tx->conn, s->name, s->sql, s->nparams, NULL);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        log_msg(LOG_ERROR, NULL, "prepare %s: %s", s->name, PQresultErrorMessage(res));
    PQclear(res);
    if (ok)
        st->prepared[st->nprepared++] = s;
    return ok;
}

static void record_failure(struct db_tx *tx, PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;
    snprintf(tx->sqlstate, sizeof tx->sqlstate, "%s", state ? state : "");
    snprintf(tx->constraint, sizeof tx->constraint, "%s", constraint ? constraint : "");
    tx->retry = strcmp(tx->sqlstate, "40001") == 0 || strcmp(tx->sqlstate, "40P01") == 0;
    tx->broken = PQstatus(tx->conn) != CONNECTION_OK;
    if (!tx->retry && strncmp(tx->sqlstate, "23", 2) != 0)
        log_msg(LOG_ERROR, NULL, "sql [%s]: %s", tx->sqlstate,
                res ? PQresultErrorMessage(res) : PQerrorMessage(tx->conn));
}

PGresult *dbi_exec(struct db_tx *tx, const struct db_stmt *st, const char *const *params)
{
    if (!ensure_prepared(tx, st)) {
        tx->broken = PQstatus(tx->conn) != CONNECTION_OK;
        snprintf(tx->sqlstate, sizeof tx->sqlstate, "%s", "XX000");
        return NULL;
    }
    count_round_trip();
    PGresult *res = PQexecPrepared(tx->conn, st->name, st->nparams, params, NULL, NULL, 0);
    ExecStatusType s = PQresultStatus(res);
    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
        return res;
    record_failure(tx, res);
    PQclear(res);
    return NULL;
}

enum db_status dbi_failure(const struct db_tx *tx)
{
    if (tx->broken || strcmp(tx->sqlstate, "57014") == 0 || strncmp(tx->sqlstate, "08", 2) == 0)
        return DB_UNAVAILABLE;
    if (strcmp(tx->sqlstate, "23505") == 0 || strcmp(tx->sqlstate, "23P01") == 0 ||
        strcmp(tx->sqlstate, "23514") == 0) /* the constraint name says which */
        return DB_CONFLICT;
    return DB_ERROR;
}

enum db_status dbi_text_one(struct db_tx *tx, const struct db_stmt *st, const char *const *params,
                            char **out)
{
    PGresult *res = dbi_exec(tx, st, params);
    if (res == NULL)
        return dbi_failure(tx);
    enum db_status status = DB_NOT_FOUND;
    if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0)) {
        *out = strdup(PQgetvalue(res, 0, 0));
        status = *out ? DB_OK : DB_ERROR;
    }
    PQclear(res);
    return status;
}

enum db_status dbi_json_one(struct db_tx *tx, const struct db_stmt *st, const char *const *params,
                            json_t **out)
{
    char *text = NULL;
    enum db_status status = dbi_text_one(tx, st, params, &text);
    if (status == DB_OK) {
        *out = json_loads(text, JSON_DECODE_ANY, NULL);
        status = *out ? DB_OK : DB_ERROR;
    }
    free(text);
    return status;
}

enum db_status dbi_json_rows(struct db_tx *tx, const struct db_stmt *st, const char *const *params,
                             json_t **out)
{
    PGresult *res = dbi_exec(tx, st, params);
    if (res == NULL)
        return dbi_failure(tx);
    json_t *rows = json_array();
    for (int i = 0; i < PQntuples(res); i++) {
        json_t *row = json_loads(PQgetvalue(res, i, 0), JSON_DECODE_ANY, NULL);
        if (row == NULL) {
            json_decref(rows);
            PQclear(res);
            return DB_ERROR;
        }
        json_array_append_new(rows, row);
    }
    PQclear(res);
    *out = rows;
    return DB_OK;
}

enum db_status dbi_command(struct db_tx *tx, const struct db_stmt *st, const char *const *params)
{
    PGresult *res = dbi_exec(tx, st, params);
    if (res == NULL)
        return dbi_failure(tx);
    const char *n = PQcmdTuples(res);
    enum db_status status = (n[0] == '\0' || strcmp(n, "0") != 0) ? DB_OK : DB_NOT_FOUND;
    PQclear(res);
    return status;
}

enum db_status dbi_command_id_json(struct db_tx *tx, const struct db_stmt *st, const char *id,
                                   const json_t *value)
{
    char *text = dbi_json_param(value);
    const char *params[2] = {id, text};
    enum db_status status = dbi_command(tx, st, params);
    free(text);
    return status;
}

char *dbi_json_param(const json_t *v)
{
    return v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
}

const char *db_tx_constraint(const struct db_tx *tx)
{
    return tx->constraint;
}

/* A command that did what it says: a COMMIT of an aborted transaction answers "ROLLBACK". */
static bool simple(PGconn *conn, const char *sql)
{
    count_round_trip();
    PGresult *res = PQexec(conn, sql);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK && strcmp(PQcmdStatus(res), sql) == 0;
    PQclear(res);
    return ok;
}

static atomic_ulong retries_total, retries_exhausted;

unsigned long db_retries_total(void)
{
    return atomic_load(&retries_total);
}

unsigned long db_retries_exhausted(void)
{
    return atomic_load(&retries_exhausted);
}

/* Whether this thread's connection was made before this request: a connection the
 * database dropped while idle (a restart, a failover) shows only when it is used. */
static bool reused_conn(void)
{
    struct conn_state *st = pthread_getspecific(state_key);
    return st != NULL && !st->fresh;
}

static enum db_status run(const char *name, db_tx_fn fn, void *arg, bool transactional)
{
    bool reconnected = false;
    for (int attempt = 1;; attempt++) {
        struct db_tx tx = {0};
        tx.conn = thread_conn();
        if (tx.conn == NULL)
            return DB_UNAVAILABLE;
        if (transactional && !simple(tx.conn, "BEGIN")) {
            bool stale = reused_conn();
            drop(pthread_getspecific(state_key));
            if (stale && !reconnected) { /* nothing ran: once more on a new connection */
                reconnected = true;
                attempt--;
                continue;
            }
            return DB_UNAVAILABLE;
        }
        enum db_status st = fn(&tx, arg);
        if (transactional) {
            if (st == DB_OK && simple(tx.conn, "COMMIT")) {
                if (tx.feed_seq > 0) /* answer no stale 304 to the writer's next poll */
                    dbi_feed_committed(tx.feed_seq);
                if (tx.meeting[0]) /* nor to a poll of the meeting's vote status */
                    dbi_meeting_committed(tx.meeting);
            } else if (st == DB_OK) {
                count_round_trip();
                PGresult *res = PQexec(tx.conn, "ROLLBACK");
                PQclear(res);
                st = DB_ERROR;
                tx.retry = true; /* a serialization failure can surface at COMMIT */
            } else if (st != DB_OK) {
                simple(tx.conn, "ROLLBACK");
            }
        }
        if (tx.broken || PQstatus(tx.conn) != CONNECTION_OK) {
            bool stale = reused_conn();
            drop(pthread_getspecific(state_key));
            if (!transactional && stale && !reconnected) { /* a read: safe to ask again */
                reconnected = true;
                attempt--;
                continue;
            }
            return DB_UNAVAILABLE;
        }
        if (!(tx.retry && st != DB_OK))
            return st;
        if (attempt >= MAX_ATTEMPTS) {
            atomic_fetch_add(&retries_exhausted, 1);
            log_msg(LOG_WARN, NULL, "%s: gave up after %d attempts [%s]",
                    name ? name : "transaction", attempt, tx.sqlstate);
            return st;
        }
        atomic_fetch_add(&retries_total, 1);
    }
}

/* Counts what ended without an answer from the database's data: unavailable or an error. */
static enum db_status counted(enum db_status st)
{
    if (st == DB_UNAVAILABLE || st == DB_ERROR)
        atomic_fetch_add_explicit(&failures, 1, memory_order_relaxed);
    return st;
}

enum db_status db_transact(db_tx_fn fn, void *arg)
{
    return counted(run(NULL, fn, arg, true));
}

enum db_status db_transact_named(const char *name, db_tx_fn fn, void *arg)
{
    return counted(run(name, fn, arg, true));
}

enum db_status db_read(db_tx_fn fn, void *arg)
{
    return counted(run(NULL, fn, arg, false));
}

bool db_assert_idle(const char *what)
{
    pthread_once(&key_once, make_key);
    struct conn_state *st = pthread_getspecific(state_key);
    if (st == NULL || st->conn == NULL || PQstatus(st->conn) != CONNECTION_OK)
        return true;
    PGTransactionStatusType ts = PQtransactionStatus(st->conn);
    if (ts == PQTRANS_IDLE)
        return true;
    log_msg(LOG_ERROR, NULL, "%s left a transaction open (state %d); rolled back",
            what ? what : "a request", (int)ts);
    if (ts == PQTRANS_ACTIVE) { /* a command still running: the connection is unusable */
        drop(st);
        return false;
    }
    PGresult *res = PQexec(st->conn, "ROLLBACK");
    PQclear(res);
    return false;
}
