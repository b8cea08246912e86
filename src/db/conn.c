/* conn.c: one PostgreSQL connection per server thread (closed when the thread ends), and a
 * second one to the streaming replica of READ_DATABASE_URL for the reads it may serve;
 * reconnect with backoff, lazily prepared statements (on each connection), and the
 * transaction runner that retries on serialization failures and deadlocks (its BEGIN goes
 * with the transaction's first statement, in one round trip). A transaction that changes a
 * topic of what instances keep in memory is told so by a NOTICE
 * (sql/360_application_changes_notify.sql); once it has ended, this instance forgets at
 * once, before the writer replies and before the notification comes back (feedwatch.c). */
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
#define TOUCHED_MAX 16 /* topics a transaction names one by one; more: every topic */
#define TOPIC_MAX 64

/* The two databases a thread talks to: the primary (DATABASE_URL) and, when set, the
 * replica (READ_DATABASE_URL). */
enum conn_target { CONN_PRIMARY, CONN_REPLICA, CONN_TARGETS };

struct conn_slot {
    PGconn *conn;
    const struct db_stmt *prepared[MAX_PREPARED];
    int nprepared;
    long long next_attempt_ms;
    unsigned backoff_ms;
    bool fresh; /* connected by this request: not yet seen to work */
    /* the topics the NOTICEs of the transaction under way named (touched_all: "*" or more
     * than TOUCHED_MAX) */
    char touched[TOUCHED_MAX][TOPIC_MAX];
    int ntouched;
    bool touched_all;
};

struct conn_state {
    struct conn_slot slot[CONN_TARGETS];
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
    for (int t = 0; st != NULL && t < CONN_TARGETS; t++)
        if (st->slot[t].conn != NULL)
            PQfinish(st->slot[t].conn);
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

static void drop(struct conn_slot *st)
{
    if (st->conn != NULL)
        PQfinish(st->conn);
    st->conn = NULL;
    st->nprepared = 0;
}

static const char *target_url(enum conn_target t)
{
    return t == CONN_REPLICA ? cfg->read_database_url : cfg->database_url;
}

bool db_replica_configured(void)
{
    return cfg != NULL && cfg->read_database_url != NULL && cfg->read_database_url[0] != '\0';
}

/* This thread's slot for the target (NULL only when out of memory). */
static struct conn_slot *thread_slot(enum conn_target t)
{
    pthread_once(&key_once, make_key);
    struct conn_state *state = pthread_getspecific(state_key);
    if (state == NULL) {
        state = calloc(1, sizeof *state);
        if (state == NULL)
            return NULL;
        pthread_setspecific(state_key, state);
    }
    return &state->slot[t];
}

/* A NOTICE "bankruptcyd topic_changes: <topic>" is remembered for the end of the
 * transaction; any other is printed as libpq's default does. */
static void heard_notice(void *arg, const PGresult *res)
{
    static const char prefix[] = "bankruptcyd topic_changes: ";
    struct conn_slot *st = arg;
    const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    if (msg == NULL || strncmp(msg, prefix, sizeof prefix - 1) != 0) {
        fprintf(stderr, "%s", PQresultErrorMessage(res));
        return;
    }
    const char *topic = msg + sizeof prefix - 1;
    if (strcmp(topic, "*") == 0 || strlen(topic) >= TOPIC_MAX || st->ntouched == TOUCHED_MAX)
        st->touched_all = true;
    else
        snprintf(st->touched[st->ntouched++], TOPIC_MAX, "%s", topic);
}

/* After a transaction (committed, rolled back or lost: forgetting costs one read, keeping
 * what a commit changed would be wrong), the topics it touched are forgotten here. */
static void forget_touched(struct conn_slot *st)
{
    if (st->touched_all)
        dbi_topic_touched_here("*");
    for (int i = 0; !st->touched_all && i < st->ntouched; i++)
        dbi_topic_touched_here(st->touched[i]);
    st->ntouched = 0;
    st->touched_all = false;
}

/* This thread's connection to the target, or NULL while it is unreachable (no attempt is
 * made before the backoff has passed, so an outage costs requests nothing). */
static struct conn_slot *thread_conn(enum conn_target t)
{
    struct conn_slot *st = thread_slot(t);
    if (st == NULL)
        return NULL;
    if (st->conn != NULL && PQstatus(st->conn) == CONNECTION_OK) {
        st->fresh = false;
        return st;
    }
    drop(st);
    if (now_ms() < st->next_attempt_ms)
        return NULL;
    char options[128];
    /* dates are read as text: ISO whatever the server's or role's DateStyle; NOTICEs say
     * which topics a transaction changed (heard_notice), whatever the role's setting */
    snprintf(options, sizeof options,
             "-c statement_timeout=%u -c DateStyle=ISO,YMD -c client_min_messages=notice",
             cfg->statement_timeout);
    const char *keys[] = {"dbname", "options", "application_name", "connect_timeout", NULL};
    const char *values[] = {target_url(t), options, "bankruptcyd", "3", NULL};
    st->conn = PQconnectdbParams(keys, values, 1);
    if (PQstatus(st->conn) != CONNECTION_OK) {
        /* capped at half a second, so writes resume within a second of the database
         * coming back; a refused connect costs the database nothing */
        if (st->backoff_ms == 0) /* said once per outage, not at every attempt */
            log_msg(LOG_WARN, NULL, "%s unreachable (retrying every %u ms at most): %s",
                    t == CONN_REPLICA ? "read replica (reads go to the primary)" : "database",
                    BACKOFF_MAX_MS, PQerrorMessage(st->conn));
        st->backoff_ms = st->backoff_ms ? st->backoff_ms * 2 : 50;
        if (st->backoff_ms > BACKOFF_MAX_MS)
            st->backoff_ms = BACKOFF_MAX_MS;
        st->next_attempt_ms = now_ms() + st->backoff_ms;
        drop(st);
        return NULL;
    }
    if (st->backoff_ms != 0)
        log_msg(LOG_INFO, NULL, "%s reachable again",
                t == CONN_REPLICA ? "read replica" : "database");
    st->backoff_ms = 0;
    st->fresh = true;
    st->ntouched = 0;
    st->touched_all = false;
    PQsetNoticeReceiver(st->conn, heard_notice, st);
    return st;
}

static bool is_prepared(const struct conn_slot *st, const struct db_stmt *s)
{
    for (int i = 0; i < st->nprepared; i++)
        if (st->prepared[i] == s)
            return true;
    return false;
}

static bool cache_has_room(const struct conn_slot *st, const struct db_stmt *s)
{
    if (st->nprepared < MAX_PREPARED)
        return true;
    log_msg(LOG_ERROR, NULL, "prepared statement cache full at %s", s->name); /* a bug */
    return false;
}

static bool ensure_prepared(struct db_tx *tx, const struct db_stmt *s)
{
    struct conn_slot *st = tx->slot;
    if (is_prepared(st, s))
        return true;
    if (!cache_has_room(st, s))
        return false;
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

/* A query's result in a pipeline, and the end of that query's results read; NULL when the
 * connection is gone. */
static PGresult *pipeline_result(PGconn *conn)
{
    PGresult *res = PQgetResult(conn);
    if (res != NULL && PQresultStatus(res) != PGRES_PIPELINE_SYNC) {
        PGresult *more;
        while ((more = PQgetResult(conn)) != NULL)
            PQclear(more);
    }
    return res;
}

/* A transaction's first statement, with its BEGIN (and its PREPARE on a new connection) in
 * the same round trip: a pipeline of BEGIN, [Parse,] Bind/Execute and one Sync. A
 * transaction costs one round trip less, and one that runs no statement (a refusal decided
 * before the database) none at all. When the connection fails before BEGIN ran, nothing
 * ran: begin_lost lets the runner try once more on a new connection, as it did when a
 * BEGIN of its own failed. */
static PGresult *exec_begun(struct db_tx *tx, const struct db_stmt *st, const char *const *params)
{
    PGconn *conn = tx->conn;
    struct conn_slot *slot = tx->slot;
    bool prepared = is_prepared(slot, st);
    if (!prepared && !cache_has_room(slot, st)) { /* nothing sent: BEGIN still pending */
        snprintf(tx->sqlstate, sizeof tx->sqlstate, "%s", "XX000");
        return NULL;
    }
    tx->begin_pending = false;
    count_round_trip();
    bool sent = PQenterPipelineMode(conn) &&
                PQsendQueryParams(conn, "BEGIN", 0, NULL, NULL, NULL, NULL, 0) &&
                (prepared || PQsendPrepare(conn, st->name, st->sql, st->nparams, NULL)) &&
                PQsendQueryPrepared(conn, st->name, st->nparams, params, NULL, NULL, 0) &&
                PQpipelineSync(conn);
    PGresult *begin = sent ? pipeline_result(conn) : NULL;
    PGresult *prepare = sent && !prepared ? pipeline_result(conn) : NULL;
    PGresult *res = sent ? pipeline_result(conn) : NULL;
    PGresult *sync = sent ? PQgetResult(conn) : NULL;
    /* results left unread leave the connection in pipeline mode: not usable again */
    bool unusable = PQresultStatus(sync) != PGRES_PIPELINE_SYNC;
    PQclear(sync);
    unusable = !PQexitPipelineMode(conn) || unusable;
    bool begun = PQresultStatus(begin) == PGRES_COMMAND_OK;
    bool made = prepared || PQresultStatus(prepare) == PGRES_COMMAND_OK;
    ExecStatusType status = PQresultStatus(res);
    PQclear(begin);
    if (!prepared && made)
        slot->prepared[slot->nprepared++] = st;
    else if (!prepared && begun)
        log_msg(LOG_ERROR, NULL, "prepare %s: %s", st->name,
                prepare ? PQresultErrorMessage(prepare) : PQerrorMessage(conn));
    if (begun && !unusable && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)) {
        PQclear(prepare);
        return res;
    }
    record_failure(tx, !begun ? NULL : made ? res : prepare);
    tx->begin_lost = !begun && PQstatus(conn) != CONNECTION_OK;
    tx->broken = tx->broken || unusable;
    PQclear(prepare);
    PQclear(res);
    return NULL;
}

PGresult *dbi_exec(struct db_tx *tx, const struct db_stmt *st, const char *const *params)
{
    if (tx->begin_pending)
        return exec_begun(tx, st, params);
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

/* Whether the slot's connection was made before this request: a connection the database
 * dropped while idle (a restart, a failover) shows only when it is used. */
static bool reused_conn(const struct conn_slot *st)
{
    return !st->fresh;
}

/* fn on the target's connection; reader: where dbi_reader(tx) reads (NULL: tx itself). */
static enum db_status run(const char *name, db_tx_fn fn, void *arg, bool transactional,
                          enum conn_target target, struct db_tx *reader)
{
    bool reconnected = false;
    for (int attempt = 1;; attempt++) {
        struct db_tx tx = {0};
        tx.slot = thread_conn(target);
        if (tx.slot == NULL)
            return DB_UNAVAILABLE;
        tx.conn = tx.slot->conn;
        if (reader != NULL) { /* each attempt reads afresh */
            reader->retry = false;
            reader->sqlstate[0] = '\0';
            tx.reader = reader;
        }
        tx.begin_pending = transactional; /* sent with the first statement (exec_begun) */
        enum db_status st = fn(&tx, arg);
        if (tx.begin_lost) {
            bool stale = reused_conn(tx.slot);
            drop(tx.slot);
            if (stale && !reconnected) { /* nothing ran: once more on a new connection */
                reconnected = true;
                attempt--;
                continue;
            }
            return DB_UNAVAILABLE;
        }
        if (reader != NULL && reader->retry) /* a replica's conflict with recovery */
            tx.retry = true;
        if (reader != NULL && reader->broken && st == DB_OK) /* never commit on a lost read */
            st = DB_UNAVAILABLE;
        if (transactional && !tx.begin_pending) { /* pending: no statement ran, nothing to end */
            if (st == DB_OK && simple(tx.conn, "COMMIT")) {
                if (tx.feed_seq > 0) /* answer no stale 304 to the writer's next poll */
                    dbi_feed_committed(tx.feed_seq);
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
        forget_touched(tx.slot);
        if (tx.broken || PQstatus(tx.conn) != CONNECTION_OK) {
            bool stale = reused_conn(tx.slot);
            drop(tx.slot);
            if (!transactional && stale && !reconnected) { /* a read: safe to ask again */
                reconnected = true;
                attempt--;
                continue;
            }
            return DB_UNAVAILABLE;
        }
        if (reader != NULL && reader->broken) /* rolled back: the caller reads on the primary */
            return DB_UNAVAILABLE;
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
    return counted(run(NULL, fn, arg, true, CONN_PRIMARY, NULL));
}

enum db_status db_transact_named(const char *name, db_tx_fn fn, void *arg)
{
    return counted(run(name, fn, arg, true, CONN_PRIMARY, NULL));
}

enum db_status db_read(db_tx_fn fn, void *arg)
{
    return counted(run(NULL, fn, arg, false, CONN_PRIMARY, NULL));
}

/* Whether the replica has replayed the primary's WAL up to position (text, already
 * checked by db_wal_position_valid). A replica that cannot say is behind. */
static bool replayed(struct conn_slot *rs, const char *position)
{
    const char *params[1] = {position};
    count_round_trip();
    PGresult *res = PQexecParams(rs->conn, "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", 1, NULL,
                                 params, NULL, NULL, 0);
    bool ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
              strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    if (PQstatus(rs->conn) != CONNECTION_OK)
        drop(rs);
    return ok;
}

/* This thread's replica connection when a replica is configured, reachable and (with
 * read_after) caught up; else NULL: the primary serves. */
static struct conn_slot *replica_for(const char *read_after)
{
    if (!db_replica_configured())
        return NULL;
    struct conn_slot *rs = thread_conn(CONN_REPLICA);
    if (rs == NULL || (read_after != NULL && !replayed(rs, read_after)))
        return NULL;
    return rs;
}

enum db_status db_read_replica(db_tx_fn fn, void *arg, const char *read_after)
{
    if (replica_for(read_after) != NULL) {
        enum db_status st = run(NULL, fn, arg, false, CONN_REPLICA, NULL);
        if (st != DB_UNAVAILABLE) /* the replica gone: the primary answers instead */
            return counted(st);
    }
    return db_read(fn, arg);
}

enum db_status db_transact_replica_reads(const char *name, db_tx_fn fn, void *arg,
                                         const char *read_after)
{
    struct conn_slot *rs = replica_for(read_after);
    if (rs == NULL)
        return db_transact_named(name, fn, arg);
    struct db_tx reader = {.conn = rs->conn, .slot = rs};
    enum db_status st = run(name, fn, arg, true, CONN_PRIMARY, &reader);
    if (!reader.broken)
        return counted(st);
    drop(rs); /* nothing was committed: the whole transaction again, on the primary */
    return db_transact_named(name, fn, arg);
}

struct db_tx *dbi_reader(struct db_tx *tx)
{
    return tx->reader != NULL ? tx->reader : tx;
}

bool db_wal_position_valid(const char *s)
{
    /* pg_lsn's text form: two groups of 1 to 8 hex digits around a slash */
    size_t hi = strspn(s, "0123456789ABCDEFabcdef");
    if (hi < 1 || hi > 8 || s[hi] != '/')
        return false;
    size_t lo = strspn(s + hi + 1, "0123456789ABCDEFabcdef");
    return lo >= 1 && lo <= 8 && s[hi + 1 + lo] == '\0';
}

int db_write_position(char out[DB_WAL_POSITION_MAX])
{
    struct conn_slot *st = thread_slot(CONN_PRIMARY);
    if (st == NULL || st->conn == NULL || PQstatus(st->conn) != CONNECTION_OK)
        return -1;
    count_round_trip();
    /* the insert position is at or after the end of this thread's last commit record */
    PGresult *res = PQexec(st->conn, "SELECT pg_current_wal_insert_lsn()::text");
    int rc = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 ? 0 : -1;
    if (rc == 0)
        snprintf(out, DB_WAL_POSITION_MAX, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

long long db_replica_lag_bytes(void)
{
    char primary[DB_WAL_POSITION_MAX];
    if (!db_replica_configured() || thread_conn(CONN_PRIMARY) == NULL ||
        db_write_position(primary) != 0)
        return -1;
    struct conn_slot *rs = thread_conn(CONN_REPLICA);
    if (rs == NULL)
        return -1;
    const char *params[1] = {primary};
    count_round_trip();
    /* a replica ahead of the position read a moment ago on the primary is caught up */
    PGresult *res = PQexecParams(rs->conn,
                                 "SELECT greatest(pg_wal_lsn_diff($1::pg_lsn, "
                                 "pg_last_wal_replay_lsn()), 0)::bigint",
                                 1, NULL, params, NULL, NULL, 0);
    long long lag = -1;
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
        lag = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    if (PQstatus(rs->conn) != CONNECTION_OK)
        drop(rs);
    return lag;
}

static bool slot_idle(struct conn_slot *st, const char *what)
{
    if (st->conn == NULL || PQstatus(st->conn) != CONNECTION_OK)
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

bool db_assert_idle(const char *what)
{
    pthread_once(&key_once, make_key);
    struct conn_state *state = pthread_getspecific(state_key);
    bool idle = true;
    for (int t = 0; state != NULL && t < CONN_TARGETS; t++)
        idle = slot_idle(&state->slot[t], what) && idle;
    return idle;
}
