/* test_replica.c: read replicas (README "Read replicas"). A primary and a real streaming
 * replica of it (pg_basebackup -R, started as a second cluster on its own socket and port)
 * and a server with DATABASE_URL on the primary and READ_DATABASE_URL on the replica. With
 * the replica's replay paused, what it has not replayed is missing from the polled reads
 * (so they come from the replica), a write's X-Read-After sent back reads the write (from
 * the primary), the person check reads there and is recorded on the primary, and the
 * feed read through the service while writers go on and the replica lags, is paused and
 * resumes delivers every change exactly once, in order. */
#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define WRITERS 2
#define CASES_PER_WRITER 6

static char primary[256], replica[256], service[64];
#define REPLICA_METRICS_TOKEN "replica-metrics-token-0123456789"
static pid_t server_pid;

static const char *bindir(void)
{
    const char *b = getenv("TEST_PG_BINDIR");
    return b ? b : "/usr/lib/postgresql/15/bin";
}

/* The clusters' directory, named after the suite's process (the fixture runs there). */
static void clusters_dir(char out[96])
{
    snprintf(out, 96, "/tmp/bankruptcyd-replica-%d", (int)getpid());
}

static void run(const char *cmd)
{
    ck_assert_msg(system(cmd) == 0, "failed: %s", cmd);
}

/* One statement on a cluster; the first value of the first row (malloc'd), or NULL. */
static char *sql_on(const char *conninfo, const char *sql)
{
    PGconn *c = PQconnectdb(conninfo);
    PGresult *res = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(res);
    ck_assert_msg(st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK, "%s: %s", sql,
                  PQerrorMessage(c));
    char *v = st == PGRES_TUPLES_OK && PQntuples(res) > 0 ? strdup(PQgetvalue(res, 0, 0)) : NULL;
    PQclear(res);
    PQfinish(c);
    return v;
}

static bool sql_true(const char *conninfo, const char *sql)
{
    char *v = sql_on(conninfo, sql);
    bool t = v != NULL && strcmp(v, "t") == 0;
    free(v);
    return t;
}

/* Waits (up to 20 s) until the replica has replayed the primary's WAL as it is now. */
static void replica_catch_up(void)
{
    char *lsn = sql_on(primary, "SELECT pg_current_wal_insert_lsn()::text");
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT pg_last_wal_replay_lsn() >= '%s'::pg_lsn", lsn);
    free(lsn);
    for (int i = 0; i < 200 && !sql_true(replica, sql); i++)
        usleep(100000);
    ck_assert_msg(sql_true(replica, sql), "the replica did not catch up");
}

static void pause_replay(bool pause)
{
    free(sql_on(replica, pause ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()"));
}

/* The primary (pg-cluster.sh), its base backup with -R as the replica's data directory on
 * another socket and port, the replica started, and a server on both. As root the
 * clusters run as postgres (pg-cluster.sh), so the backup is taken as postgres too. */
static void start_clusters(void)
{
    char dir[96], cmd[2048];
    clusters_dir(dir);
    int port = 20000 + (getpid() + 4099) % 20000;
    snprintf(cmd, sizeof cmd,
             "rm -rf %s && mkdir -p %s/replica && "
             "PGPORT_PRIVATE=%d tests/tools/pg-cluster.sh start %s/primary %s >/dev/null && "
             "{ [ \"$(id -u)\" -ne 0 ] || chown postgres %s/replica; } && "
             "$( [ \"$(id -u)\" -eq 0 ] && echo runuser -u postgres -- ) %s/pg_basebackup "
             "-h %s/primary/sock -p %d -U postgres -D %s/replica/data -R -X stream -c fast && "
             "printf \"port = %d\\nunix_socket_directories = '%s/replica/sock'\\n\" "
             ">> %s/replica/data/postgresql.conf && "
             "PGPORT_PRIVATE=%d tests/tools/pg-cluster.sh start %s/replica %s >/dev/null",
             dir, dir, port, dir, bindir(), dir, bindir(), dir, port, dir, port + 1, dir, dir,
             port + 1, dir, bindir());
    run(cmd);
    snprintf(primary, sizeof primary,
             "host=%s/primary/sock port=%d user=postgres dbname=bankruptcy", dir, port);
    snprintf(replica, sizeof replica,
             "host=%s/replica/sock port=%d user=postgres dbname=bankruptcy", dir, port + 1);
    ck_assert(sql_true(replica, "SELECT pg_is_in_recovery()"));
    char db[300], rdb[320];
    snprintf(db, sizeof db, "DATABASE_URL=%s", primary);
    snprintf(rdb, sizeof rdb, "READ_DATABASE_URL=%s", replica);
    const char *env[] = {db, rdb, "METRICS_TOKEN=" REPLICA_METRICS_TOKEN, NULL};
    server_pid = it_spawn("replica-service", env, service, sizeof service);
    replica_catch_up(); /* the schema the server migrated */
}

static void stop_clusters(void)
{
    if (server_pid > 0) {
        kill(server_pid, SIGTERM);
        waitpid(server_pid, NULL, 0);
    }
    char dir[96], cmd[512];
    clusters_dir(dir);
    snprintf(cmd, sizeof cmd,
             "tests/tools/pg-cluster.sh stop %s/replica %s; tests/tools/pg-cluster.sh stop "
             "%s/primary %s; rm -rf %s",
             dir, bindir(), dir, bindir(), dir);
    if (system(cmd) != 0)
        fprintf(stderr, "test_replica: cleaning %s failed\n", dir);
}

static const char *court_token(void)
{
    return it_token_kept("court", "judge-replica");
}

/* A GET with X-Read-After: position (NULL: without it). */
static struct it_resp *get_after(const char *path, const char *token, const char *position)
{
    char header[64];
    snprintf(header, sizeof header, "X-Read-After: %s", position ? position : "");
    const char *headers[] = {header, NULL};
    return it_call("GET", path, token, NULL, position ? headers : NULL);
}

static long status_of(const char *path, const char *token, const char *position)
{
    struct it_resp *r = get_after(path, token, position);
    long status = r->status;
    it_free(r);
    return status;
}

/* What /readyz says of the replica's lag in bytes (-1: null), and /metrics' two gauges. */
static long long readyz_lag(void)
{
    struct it_resp *r = it_get("/readyz", NULL);
    it_expect(r, 200);
    json_t *lag = json_object_get(json_object_get(r->json, "replica"), "lag_bytes");
    ck_assert_msg(lag != NULL, "/readyz reports the replica: %s", r->body);
    long long n = json_is_integer(lag) ? json_integer_value(lag) : -1;
    it_free(r);
    return n;
}

static double metric(const char *series)
{
    return it_metric_now(REPLICA_METRICS_TOKEN, series);
}

START_TEST(polling_reads_come_from_the_replica_and_the_writer_reads_its_write)
{
    it_use_server(service);
    char *agency = it_token("agency", "border-replica");
    struct it_party clerk;
    it_party(&clerk, "department", "replica-dept");
    replica_catch_up();
    char *before_head = sql_on(primary, "SELECT coalesce(max(seq), 0) FROM restriction_changes");
    pause_replay(true);

    /* a write: its reply says where the primary's WAL was after it */
    char id_number[19], debtor_id[37], path[128];
    struct it_resp *accepted = NULL;
    it_accepted_debtor("replica", court_token(), debtor_id, id_number, &accepted);
    const char *position = it_header(accepted, "X-Read-After");
    ck_assert_msg(position != NULL, "a write's reply carries X-Read-After");
    char written[32];
    snprintf(written, sizeof written, "%s", position);
    it_free(accepted);

    /* the replica, paused, has not replayed it: without the position the read is the
     * replica's (no such debtor yet); with it, the primary's */
    snprintf(path, sizeof path, "/v1/debtors/%s", debtor_id);
    ck_assert_int_eq(status_of(path, court_token(), NULL), 404);
    ck_assert_int_eq(status_of(path, court_token(), written), 200);

    /* readiness and the metrics say the paused replica is behind */
    ck_assert_int_gt(readyz_lag(), 0);
    ck_assert(metric("bankruptcyd_replica_up") == 1);
    ck_assert(metric("bankruptcyd_replica_lag_bytes") > 0);

    /* the feed: the replica's page ends where its replay stopped; the writer's read sees
     * the changes its acceptance made */
    char feed[96];
    snprintf(feed, sizeof feed, "/v1/restrictions/changes?after=%s&limit=100", before_head);
    struct it_resp *r = get_after(feed, agency, NULL);
    it_expect(r, 200);
    ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 0);
    ck_assert_str_eq(it_str(r, "next_cursor"), before_head); /* fewer rows, never a skip */
    it_free(r);
    r = get_after(feed, agency, written);
    it_expect(r, 200);
    ck_assert_uint_gt(json_array_size(json_object_get(r->json, "items")), 0);
    it_free(r);

    /* the person check: read on the replica (not restricted yet there), recorded on the
     * primary either way; with the position, the restrictions */
    char check[96];
    snprintf(check, sizeof check, "/v1/restrictions/check?id_number=%s", id_number);
    const char *count_sql = "SELECT count(*) FROM restriction_checks WHERE subject = "
                            "'border-replica'";
    char *checks_before = sql_on(primary, count_sql);
    r = get_after(check, agency, NULL);
    it_expect(r, 200);
    ck_assert(json_is_false(json_object_get(r->json, "under_restriction")));
    it_free(r);
    r = get_after(check, agency, written);
    it_expect(r, 200);
    ck_assert(json_is_true(json_object_get(r->json, "under_restriction")));
    it_free(r);
    char *checks_after = sql_on(primary, count_sql);
    ck_assert_int_eq(atoi(checks_after), atoi(checks_before) + 2);
    free(checks_before);
    free(checks_after);

    /* the service's connections on the replica serve these reads */
    ck_assert(sql_true(replica, "SELECT count(*) > 0 FROM pg_stat_activity "
                                "WHERE application_name = 'bankruptcyd' AND backend_type = "
                                "'client backend'"));

    /* a position the service never gave is refused, naming the header */
    r = get_after(path, court_token(), "not-a-position");
    it_expect(r, 400);
    ck_assert_ptr_nonnull(strstr(r->body, "X-Read-After"));
    it_free(r);

    /* replay resumed: the replica serves the write without the position */
    pause_replay(false);
    replica_catch_up();
    ck_assert_int_eq(status_of(path, court_token(), NULL), 200);
    long long lag = readyz_lag();
    for (int i = 0; i < 100 && lag != 0; i++) { /* the primary's own WAL (checkpoints) too */
        usleep(50000);
        lag = readyz_lag();
    }
    ck_assert_int_eq(lag, 0);
    free(before_head);
    free(agency);
}
END_TEST

/* One writer: accepted cases through the service (each imposes restrictions). */
static void write_cases(int writer)
{
    char prefix[32], debtor_id[37], id_number[19];
    snprintf(prefix, sizeof prefix, "replica-writer%d", writer);
    for (int i = 0; i < CASES_PER_WRITER; i++) {
        it_accepted_debtor(prefix, court_token(), debtor_id, id_number, NULL);
        usleep(200000); /* spread over the polls: some while the replica is paused */
    }
}

/* Reads one page after cursor (through the service, with X-Read-After when given),
 * appends each change's seq to seqs and moves the cursor; the number of changes read. */
static size_t read_page(const char *token, char cursor[24], const char *position, char *seqs,
                        size_t cap)
{
    char path[96];
    snprintf(path, sizeof path, "/v1/restrictions/changes?after=%s&limit=7", cursor);
    struct it_resp *r = get_after(path, token, position);
    it_expect(r, 200);
    json_t *items = json_object_get(r->json, "items");
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item)
    {
        size_t n = strlen(seqs);
        snprintf(seqs + n, cap - n, "%s%s", n ? "," : "",
                 json_string_value(json_object_get(item, "cursor")));
    }
    snprintf(cursor, 24, "%s", it_str(r, "next_cursor"));
    size_t count = json_array_size(items);
    it_free(r);
    return count;
}

START_TEST(the_feed_is_exactly_once_across_replica_and_primary_while_writes_go_on)
{
    it_use_server(service);
    char *agency = it_token("agency", "rail-replica");
    char cursor[24],
        *start = sql_on(primary, "SELECT coalesce(max(seq), 0) FROM restriction_changes");
    snprintf(cursor, sizeof cursor, "%s", start);
    pid_t writers[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
        writers[w] = fork();
        if (writers[w] == 0) {
            write_cases(w);
            _exit(0);
        }
    }
    size_t cap = 65536;
    char *seqs = calloc(1, cap);
    /* while the writers go on: the replica lagging as it will, then paused, then polls
     * alternating between the replica and the primary (the primary's position sent) */
    bool lagged = false; /* a replica's poll that had nothing while the primary had more */
    for (int round = 0; round < 60; round++) {
        if (round == 5)
            pause_replay(true);
        if (round == 35)
            pause_replay(false);
        char *lsn =
            round % 3 == 2 ? sql_on(primary, "SELECT pg_current_wal_insert_lsn()::text") : NULL;
        size_t n = read_page(agency, cursor, lsn, seqs, cap);
        char *now = sql_on(primary, "SELECT coalesce(max(seq), 0) FROM restriction_changes");
        lagged = lagged || (lsn == NULL && n == 0 && atoll(now) > atoll(cursor));
        free(now);
        free(lsn);
        usleep(50000);
    }
    ck_assert_msg(lagged, "no poll met the paused replica behind the primary");
    for (int w = 0; w < WRITERS; w++) {
        int status;
        waitpid(writers[w], &status, 0);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer %d failed", w);
    }
    /* then until the unit is at the primary's head, from the replica alone */
    char *head = sql_on(primary, "SELECT coalesce(max(seq), 0) FROM restriction_changes");
    for (int i = 0; i < 400 && atoll(cursor) < atoll(head); i++)
        if (read_page(agency, cursor, NULL, seqs, cap) == 0)
            usleep(50000);
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT string_agg(seq::text, ',' ORDER BY seq) FROM restriction_changes "
             "WHERE seq > %s",
             start);
    char *expected = sql_on(primary, sql);
    ck_assert_ptr_nonnull(expected);
    /* 2 writers x 6 cases, each imposing its restrictions */
    ck_assert_uint_ge(strlen(expected), WRITERS * CASES_PER_WRITER);
    ck_assert_str_eq(seqs, expected);
    free(expected);
    free(head);
    free(seqs);
    free(start);
    free(agency);
}
END_TEST

static Suite *replica_suite(void)
{
    Suite *s = suite_create("replica");
    TCase *tc = tcase_create("replica");
    tcase_set_timeout(tc, 120);
    tcase_add_unchecked_fixture(tc, start_clusters, stop_clusters);
    tcase_add_test(tc, polling_reads_come_from_the_replica_and_the_writer_reads_its_write);
    tcase_add_test(tc, the_feed_is_exactly_once_across_replica_and_primary_while_writes_go_on);
    suite_add_tcase(s, tc);
    return s;
}

IT_MAIN("replica", replica_suite, NULL)
