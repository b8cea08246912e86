/* test_backup_restore.c: the logical backup of deploy/README.md ("Backups and restore").
 * Cases made through the API are dumped with pg_dump -Fc, more are made after the dump, and
 * the dump is restored with pg_restore into a fresh PostgreSQL cluster; a server started on
 * the restored copy answers from it: ready, the records of before the dump, not those made
 * after it, the feed up to the dump's head, and a unit whose cursor is beyond that head is
 * told the head to resynchronise from (400 with `head`), never silently stalled. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define TODAY "2026-02-05"

static const char *bindir(void)
{
    const char *b = getenv("TEST_PG_BINDIR");
    return b ? b : "/usr/lib/postgresql/15/bin";
}

static const char *court_token(void)
{
    return it_token_kept("court", "judge-restore");
}

/* The fresh cluster's directory, named after the suite's process, so that the teardown
 * (in that process) stops what a failed test (in its forked child) left running. */
static void fresh_dir(char out[96], pid_t suite)
{
    snprintf(out, 96, "/tmp/bankruptcyd-restore-%d", (int)suite);
}

static void stop_fresh_cluster(void)
{
    char dir[96], cmd[512], pidfile[128];
    fresh_dir(dir, getpid());
    snprintf(pidfile, sizeof pidfile, "%s.server", dir);
    FILE *f = fopen(pidfile, "r");
    int pid;
    if (f && fscanf(f, "%d", &pid) == 1 && pid > 0)
        kill(pid, SIGKILL);
    if (f)
        fclose(f);
    snprintf(cmd, sizeof cmd, "tests/tools/pg-cluster.sh stop %s %s; rm -rf %s %s %s.dump", dir,
             bindir(), dir, pidfile, dir);
    if (system(cmd) != 0)
        fprintf(stderr, "test_backup_restore: cleaning %s failed\n", dir);
}

/* A debtor whose case the court accepts today (the server's TODAY): its restrictions
 * enter the feed. */
static void accepted_debtor(char debtor_id[37], char id_number[19])
{
    it_accepted_debtor("restore", court_token(), debtor_id, id_number, NULL);
}

/* One page of the feed after `after` (at most 100 changes: these tests make fewer); the
 * number of changes goes into *n and the next cursor into next. */
static long feed_page(const char *token, const char *after, size_t *n, char next[24])
{
    char path[96];
    snprintf(path, sizeof path, "/v1/restrictions/changes?after=%s&limit=100", after);
    struct it_resp *r = it_get(path, token);
    long status = r->status;
    if (status == 200) {
        *n = json_array_size(json_object_get(r->json, "items"));
        snprintf(next, 24, "%s", it_str(r, "next_cursor"));
    }
    it_free(r);
    return status;
}

static long debtor_status(const char *id)
{
    char path[96];
    snprintf(path, sizeof path, "/v1/debtors/%s", id);
    struct it_resp *r = it_get(path, court_token());
    long status = r->status;
    it_free(r);
    return status;
}

static void run(const char *cmd)
{
    ck_assert_msg(system(cmd) == 0, "failed: %s", cmd);
}

/* The feed's epoch, from a page. */
static void feed_epoch_of(const char *token, char epoch[17])
{
    struct it_resp *r = it_get("/v1/restrictions/changes?limit=1", token);
    it_expect(r, 200);
    snprintf(epoch, 17, "%s", it_str(r, "epoch"));
    ck_assert_uint_eq(strlen(epoch), 16);
    it_free(r);
}

/* 1 when a poll after `after` of epoch `old` is answered 409 naming epoch `now` and `head`. */
static int epoch_refused(const char *token, const char *after, const char *old, const char *now,
                         const char *head)
{
    char path[128];
    snprintf(path, sizeof path, "/v1/restrictions/changes?after=%s&epoch=%s", after, old);
    struct it_resp *r = it_get(path, token);
    it_expect(r, 409);
    ck_assert_str_eq(it_str(r, "epoch"), now);
    ck_assert_str_eq(it_str(r, "head"), head);
    it_free(r);
    return 1;
}

START_TEST(a_dump_restored_into_a_fresh_cluster_serves_and_names_the_head)
{
    char *agency = it_token("agency", "border-restore");
    char before_id[37], before_number[19], after_id[37], after_number[19];
    char head_at_dump[24], head_after[24], next[24];
    size_t n = 0;

    accepted_debtor(before_id, before_number);
    ck_assert_int_eq(feed_page(agency, "0", &n, head_at_dump), 200);
    ck_assert_uint_gt(n, 0);
    size_t changes_at_dump = n;
    char old_epoch[17];
    feed_epoch_of(agency, old_epoch);

    char dir[96], cmd[2048];
    fresh_dir(dir, getppid());
    snprintf(cmd, sizeof cmd, "%s/pg_dump -Fc -f %s.dump \"%s\"", bindir(), dir, it_db_conninfo());
    run(cmd);

    /* changes after the backup: lost by the restore */
    accepted_debtor(after_id, after_number);
    ck_assert_int_eq(feed_page(agency, head_at_dump, &n, head_after), 200);
    ck_assert_uint_gt(n, 0);
    ck_assert_int_gt(atoll(head_after), atoll(head_at_dump));

    /* a fresh cluster (its own initdb, socket and port), the dump restored into it */
    int port = 20000 + (getppid() + 7919) % 20000;
    char conninfo[256];
    snprintf(cmd, sizeof cmd,
             "PGPORT_PRIVATE=%d tests/tools/pg-cluster.sh start %s %s fast >/dev/null", port, dir,
             bindir());
    run(cmd);
    snprintf(conninfo, sizeof conninfo, "host=%s/sock port=%d user=postgres dbname=bankruptcy", dir,
             port);
    snprintf(cmd, sizeof cmd, "%s/pg_restore --no-owner --no-acl --exit-on-error -d \"%s\" %s.dump",
             bindir(), conninfo, dir);
    run(cmd);

    char *db = it_fmt("DATABASE_URL=%s", conninfo);
    const char *env[] = {db, "TODAY=" TODAY, NULL};
    char url[64], pidfile[128];
    pid_t server = it_spawn("backup_restore-restored", env, url, sizeof url);
    snprintf(pidfile, sizeof pidfile, "%s.server", dir);
    FILE *f = fopen(pidfile, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "%d\n", (int)server);
    fclose(f);
    it_use_server(url);

    struct it_resp *r = it_get("/readyz", NULL);
    it_expect(r, 200);
    it_free(r);
    ck_assert_int_eq(debtor_status(before_id), 200);
    ck_assert_int_eq(debtor_status(after_id), 404); /* made after the dump: lost */

    /* the feed holds what it held at the dump, and its head is the dump's */
    ck_assert_int_eq(feed_page(agency, "0", &n, next), 200);
    ck_assert_uint_eq(n, changes_at_dump);
    ck_assert_str_eq(next, head_at_dump);

    /* the restored database is another epoch: a unit that says its position's epoch is
     * told to resynchronise, even where its position is not beyond the restored head */
    char new_epoch[17];
    feed_epoch_of(agency, new_epoch);
    ck_assert_str_ne(new_epoch, old_epoch);
    ck_assert_int_eq(epoch_refused(agency, head_at_dump, old_epoch, new_epoch, head_at_dump), 1);

    /* a unit that had read past the dump is told the head to resynchronise from */
    char path[96];
    snprintf(path, sizeof path, "/v1/restrictions/changes?after=%s", head_after);
    r = it_get(path, agency);
    it_expect(r, 400);
    ck_assert_str_eq(it_str(r, "head"), head_at_dump);
    it_free(r);

    /* deploy/README.md's procedure: the sequence moved past every old position before
     * writers come back, so that the unit's old cursor hides none of the new changes */
    snprintf(cmd, sizeof cmd,
             "%s/psql -qAt -v ON_ERROR_STOP=1 \"%s\" -c \"SELECT setval('restriction_change_seq', "
             "%s + 1000)\" >/dev/null",
             bindir(), conninfo, head_after);
    run(cmd);
    char again_id[37], again_number[19];
    accepted_debtor(again_id, again_number);
    ck_assert_int_eq(feed_page(agency, head_after, &n, next), 200);
    ck_assert_uint_eq(n, changes_at_dump); /* the new case's impositions, as many as before */
    ck_assert_int_gt(atoll(next), atoll(head_after) + 1000);
    /* and with the epoch, no procedure is needed: once new changes have passed the unit's
     * old position, it is still told, never served a page that hides what it missed */
    ck_assert_int_eq(epoch_refused(agency, head_after, old_epoch, new_epoch, next), 1);

    kill(server, SIGTERM);
    int status = 0;
    waitpid(server, &status, 0);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "the restored server did not stop cleanly");
    free(db);
    free(agency);
}
END_TEST

static Suite *backup_restore_suite(void)
{
    Suite *s = suite_create("backup_restore");
    TCase *tc = tcase_create("backup_restore");
    tcase_set_timeout(tc, 120);
    tcase_add_unchecked_fixture(tc, NULL, stop_fresh_cluster);
    tcase_add_test(tc, a_dump_restored_into_a_fresh_cluster_serves_and_names_the_head);
    suite_add_tcase(s, tc);
    return s;
}

static const char *const env[] = {"TODAY=" TODAY, NULL};
IT_MAIN("backup_restore", backup_restore_suite, env)
