/* test_resilience.c: the server outlives its database. With its database closed to new
 * connections and its sessions ended, every request that needs the database is answered
 * 503 problem+json with Retry-After, liveness stays 200, readiness says 503, and when the
 * database comes back the server serves again by itself (writes within a second). Also: a
 * migration changed after it was applied stops start-up, and the SQL definitions (sql/) are
 * applied by every migrate, in order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static char dbname[128];

/* The suite's own database name, from the harness's conninfo. */
static const char *own_database(void)
{
    const char *p = strstr(it_db_conninfo(), "dbname=");
    snprintf(dbname, sizeof dbname, "%s", p + 7);
    char *space = strchr(dbname, ' ');
    if (space)
        *space = '\0';
    return dbname;
}

static void admin(const char *fmt_sql, const char *arg)
{
    char sql[512];
    snprintf(sql, sizeof sql, fmt_sql, arg, arg);
    char conn[1024];
    snprintf(conn, sizeof conn, "%s", getenv("TEST_PG_ADMIN"));
    /* it_sql talks to the suite's database; this one must talk to postgres */
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s/psql -qAt \"%s\" -c \"%s\" >/dev/null 2>&1",
             getenv("TEST_PG_BINDIR") ? getenv("TEST_PG_BINDIR") : "/usr/lib/postgresql/15/bin",
             conn, sql);
    ck_assert_msg(system(cmd) == 0, "admin SQL failed: %s", sql);
}

START_TEST(database_outage_is_503_and_survived)
{
    char *court = it_token("court", "judge-outage");
    struct it_resp *r = it_get("/v1/applications", court);
    it_expect(r, 200);
    it_free(r);

    own_database();
    admin("ALTER DATABASE %s ALLOW_CONNECTIONS false", dbname);
    admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%s'", dbname);

    int unavailable = 0;
    for (int i = 0; i < 5; i++) {
        r = it_get("/v1/applications", court);
        if (r->status == 503) {
            unavailable++;
            ck_assert_str_eq(it_str(r, "type"), "/problems/unavailable");
            ck_assert_ptr_nonnull(it_header(r, "Retry-After"));
        } else {
            ck_abort_msg("expected 503 while the database is closed, got %ld %s", r->status,
                         r->body);
        }
        it_free(r);
    }
    ck_assert_int_eq(unavailable, 5);
    r = it_get("/healthz", NULL);
    it_expect(r, 200); /* alive */
    it_free(r);
    r = it_get("/readyz", NULL);
    it_expect(r, 503); /* not ready */
    it_free(r);

    admin("ALTER DATABASE %s ALLOW_CONNECTIONS true", dbname);
    long status = 0;
    for (int i = 0; i < 100 && status != 200; i++) { /* reconnect backoff is at most 5 s */
        usleep(100 * 1000);
        r = it_get("/v1/applications", court);
        status = r->status;
        it_free(r);
    }
    ck_assert_int_eq(status, 200);
    r = it_get("/readyz", NULL);
    it_expect(r, 200);
    it_free(r);
    free(court);
}
END_TEST

/* A long outage grows no thread's reconnect backoff past half a second: one second after
 * the database opens again, writes succeed, whichever server thread takes them. */
#define METRICS_TOKEN "resilience-metrics-token-0123456789"

/* bankruptcyd_db_failures_total now. */
static double db_failures(void)
{
    const char *auth[] = {"Authorization: Bearer " METRICS_TOKEN, NULL};
    struct it_resp *r = it_call("GET", "/metrics", NULL, NULL, auth);
    it_expect(r, 200);
    double n = it_metric(r->body, "bankruptcyd_db_failures_total");
    it_free(r);
    return n;
}

START_TEST(writes_resume_within_a_second_of_the_database_coming_back)
{
    char *court = it_token("court", "judge-backoff");
    double failures = db_failures();
    ck_assert_msg(failures >= 0, "no bankruptcyd_db_failures_total");
    own_database();
    admin("ALTER DATABASE %s ALLOW_CONNECTIONS false", dbname);
    admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%s'", dbname);
    for (int i = 0; i < 40; i++) { /* 4 s: long enough for any backoff to reach its cap */
        struct it_resp *r = it_get("/v1/applications", court);
        it_expect(r, 503);
        it_free(r);
        usleep(100 * 1000);
    }
    admin("ALTER DATABASE %s ALLOW_CONNECTIONS true", dbname);
    usleep(1000 * 1000);
    ck_assert_msg(db_failures() >= failures + 40,
                  "40 unavailable requests moved bankruptcyd_db_failures_total from %g to %g",
                  failures, db_failures());
    for (int i = 0; i < 12; i++) {
        char id_number[19];
        it_idnumber(it_unique(), id_number);
        char *body =
            it_fmt("{\"name\":\"Debtor %u\",\"id_number\":\"%s\"}", it_unique(), id_number);
        struct it_resp *r = it_post("/v1/debtors", court, body);
        it_expect(r, 201);
        it_free(r);
        free(body);
    }
    free(court);
}
END_TEST

START_TEST(a_changed_applied_migration_stops_start_up)
{
    /* copy the migrations, change the first one, and ask the binary to check the schema */
    char dir[] = "/tmp/bankruptcyd-mig.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char cmd[2048];
    const char *src = getenv("TEST_MIGRATIONS") ? getenv("TEST_MIGRATIONS") : "migrations";
    snprintf(cmd, sizeof cmd, "cp %s/*.sql %s/ && echo '-- edited' >> %s/0001_foundation.sql", src,
             dir, dir);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(cmd, sizeof cmd,
             "DATABASE_URL='%s' JWT_SECRET='%s' MIGRATIONS_DIR=%s SQL_DIR=%s PORT=1 %s serve "
             "2>%s/err; "
             "grep -q 'was changed after it was applied' %s/err",
             it_db_conninfo(), it_secret, dir, getenv("TEST_SQL") ? getenv("TEST_SQL") : "sql",
             getenv("BANKRUPTCYD_BIN"), dir, dir);
    int rc = system(cmd);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_msg(rc == 0, "start-up did not refuse the changed migration");
}
END_TEST

/* The first line psql prints for sql on the database conn (malloc'd; "" on failure). */
static char *query_db(const char *conn, const char *sql)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s/psql -qAt \"%s\" -c \"%s\" 2>/dev/null",
             getenv("TEST_PG_BINDIR") ? getenv("TEST_PG_BINDIR") : "/usr/lib/postgresql/15/bin",
             conn, sql);
    FILE *p = popen(cmd, "r");
    char line[512] = "";
    if (p != NULL) {
        if (fgets(line, sizeof line, p) == NULL)
            line[0] = '\0';
        pclose(p);
    }
    line[strcspn(line, "\n")] = '\0';
    return strdup(line);
}

static void expect_query(const char *conn, const char *sql, const char *expected)
{
    char *got = query_db(conn, sql);
    ck_assert_msg(strcmp(got, expected) == 0, "%s gave '%s', expected '%s'", sql, got, expected);
    free(got);
}

/* `bankruptcyd migrate` with the copies in dir, against conn; 0 when it succeeded. */
static int migrate_in(const char *dir, const char *conn)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "DATABASE_URL='%s' MIGRATIONS_DIR=%s/migrations SQL_DIR=%s/sql %s migrate "
             "2>%s/err",
             conn, dir, dir, getenv("BANKRUPTCYD_BIN"), dir);
    return system(cmd);
}

/* The files of sql/ are applied by every migrate, in name order whatever order the
 * directory lists them in, after the pending migrations and in their transaction; a file
 * changed since the last migrate is applied by the next (and the application documents
 * kept with the rows are rebuilt when their shape changed), and until then serve (without
 * --migrate) refuses to start. */
START_TEST(sql_definitions_are_reapplied_in_order_by_every_migrate)
{
    char dir[] = "/tmp/bankruptcyd-defs.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    const char *mig = getenv("TEST_MIGRATIONS") ? getenv("TEST_MIGRATIONS") : "migrations";
    const char *defs = getenv("TEST_SQL") ? getenv("TEST_SQL") : "sql";
    char cmd[4096];
    /* three probe files that record the order they run in, written last-first */
    snprintf(cmd, sizeof cmd,
             "mkdir %s/migrations %s/sql && cp %s/*.sql %s/migrations/ && cp %s/*.sql %s/sql/ && "
             "for n in 910 901 900; do printf \"CREATE TABLE IF NOT EXISTS it_order (n serial, "
             "file text); INSERT INTO it_order (file) VALUES ('$n');\\n\" > %s/sql/${n}_probe.sql; "
             "done && echo 'SELECT no_such_function();' > %s/sql/999_broken.sql",
             dir, dir, mig, dir, defs, dir, dir, dir);
    ck_assert_int_eq(system(cmd), 0);
    own_database();
    admin("CREATE DATABASE %s_defs", dbname);
    char conn[1024];
    snprintf(conn, sizeof conn, "%s", it_db_conninfo());
    char *at = strstr(conn, dbname) + strlen(dbname);
    memmove(at + 5, at, strlen(at) + 1);
    memcpy(at, "_defs", 5);

    /* a definition that fails takes the whole upgrade back: no migration stays applied */
    ck_assert_int_ne(migrate_in(dir, conn), 0);
    snprintf(cmd, sizeof cmd, "grep -q 'SQL definition 999_broken.sql failed' %s/err", dir);
    ck_assert_msg(system(cmd) == 0, "migrate did not name the failing definition");
    expect_query(conn, "SELECT count(*) FROM schema_migrations", "0");
    expect_query(conn, "SELECT to_regclass('applications') IS NULL", "t");

    snprintf(cmd, sizeof cmd, "rm %s/sql/999_broken.sql", dir);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(migrate_in(dir, conn), 0);
    expect_query(conn, "SELECT string_agg(file, ',' ORDER BY n) FROM it_order", "900,901,910");
    expect_query(conn, "SELECT money_text(-123456)", "-1234.56");
    expect_query(conn, "SELECT count(*) FROM schema_definitions WHERE name = '010_money_text.sql'",
                 "1");
    /* an application whose stored document shows an amount through money_text */
    free(query_db(conn, "WITH d AS (INSERT INTO debtors (name, id_number, created_by_role, "
                        "created_by_subject) VALUES ('D', '440301199001011234', 'court', 'c') "
                        "RETURNING id) INSERT INTO applications (debtor_id, applicant_role, "
                        "applicant_subject, procedure, received_on, claims_due_total_fen) "
                        "SELECT id, 'creditor', 'c', 'liquidation', '2026-12-01', -123456 FROM d"));
    expect_query(conn, "SELECT doc->>'claims_due_total' FROM applications", "-1234.56");

    /* change a function's body: serve refuses until migrate applies it */
    snprintf(cmd, sizeof cmd,
             "printf \"CREATE OR REPLACE FUNCTION money_text(fen bigint) RETURNS text LANGUAGE "
             "sql IMMUTABLE AS \\$\\$ SELECT 'CNY ' || fen::text \\$\\$;\\n\" > "
             "%s/sql/010_money_text.sql",
             dir);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(cmd, sizeof cmd,
             "DATABASE_URL='%s' JWT_SECRET='%s' MIGRATIONS_DIR=%s/migrations SQL_DIR=%s/sql "
             "PORT=1 %s serve 2>%s/err; grep -q 'SQL definition(s) pending' %s/err",
             conn, it_secret, dir, dir, getenv("BANKRUPTCYD_BIN"), dir, dir);
    ck_assert_msg(system(cmd) == 0, "serve started with a changed SQL definition not applied");
    expect_query(conn, "SELECT money_text(-123456)", "-1234.56");
    ck_assert_int_eq(migrate_in(dir, conn), 0);
    expect_query(conn, "SELECT money_text(-123456)", "CNY -123456");
    /* the documents kept with the rows follow the changed function */
    expect_query(conn, "SELECT doc->>'claims_due_total' FROM applications", "CNY -123456");
    /* every migrate applies every file again, in the same order */
    expect_query(conn, "SELECT string_agg(file, ',' ORDER BY n) FROM it_order",
                 "900,901,910,900,901,910");

    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    admin("DROP DATABASE %s_defs", dbname);
}
END_TEST

/* A public key must never serve as an HMAC secret: with JWT_PUBLIC_KEY_FILE and the
 * default HS256, anyone holding the public key could sign tokens. Start-up refuses, and so
 * does minting. */
START_TEST(a_public_key_is_never_an_hmac_secret)
{
    char dir[] = "/tmp/bankruptcyd-key.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "printf -- '-----BEGIN PUBLIC "
             "KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE0123456789abcdef\\n"
             "-----END PUBLIC KEY-----\\n' > %s/pub.pem",
             dir);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(cmd, sizeof cmd,
             "env -u JWT_SECRET DATABASE_URL='%s' JWT_PUBLIC_KEY_FILE=%s/pub.pem PORT=1 %s serve "
             "2>%s/err;"
             " grep -q 'JWT_PUBLIC_KEY_FILE needs JWT_ALG=RS256 or ES256' %s/err",
             it_db_conninfo(), dir, getenv("BANKRUPTCYD_BIN"), dir, dir);
    ck_assert_msg(system(cmd) == 0, "serve accepted a public key as an HS256 secret");
    snprintf(cmd, sizeof cmd,
             "env -u JWT_SECRET JWT_PUBLIC_KEY_FILE=%s/pub.pem %s token --role court --sub x "
             ">%s/out 2>&1; ! grep -q '^ey' %s/out",
             dir, getenv("BANKRUPTCYD_BIN"), dir, dir);
    ck_assert_msg(system(cmd) == 0, "token minted a token with a public key");
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *resilience_suite(void)
{
    Suite *s = suite_create("resilience");
    TCase *tc = tcase_create("resilience");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, database_outage_is_503_and_survived);
    tcase_add_test(tc, writes_resume_within_a_second_of_the_database_coming_back);
    tcase_add_test(tc, a_changed_applied_migration_stops_start_up);
    tcase_add_test(tc, sql_definitions_are_reapplied_in_order_by_every_migrate);
    tcase_add_test(tc, a_public_key_is_never_an_hmac_secret);
    suite_add_tcase(s, tc);
    return s;
}

static const char *const suite_env[] = {"METRICS_TOKEN=" METRICS_TOKEN, NULL};

IT_MAIN("resilience", resilience_suite, suite_env)
