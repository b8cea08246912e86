/* test_feed_pages.c: pages of the restriction feed behind its head served from memory
 * (src/api/feedpages.c). Two instances on one database: this suite's server keeps the
 * feed's final blocks in memory (FEED_MEMORY_MB, the default), a second one keeps none
 * (FEED_MEMORY_MB=0: every page from PostgreSQL). Each page asked of both must be the
 * same bytes with the same ETag and Link, while /metrics shows that the first built it
 * from memory; a page that reaches the head is served from memory too, from the head's
 * block as read up to that head, and a change committed after it shows in the next page,
 * through the head, the block read again; a small FEED_MEMORY_MB stays bounded and still
 * answers right. The changes are written into the table directly
 * (thousands through acceptances would take minutes), as the writers do: positions from
 * the feed's sequence, each payload carrying its own cursor. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define FEED_METRICS_TOKEN "feed-pages-metrics-token-0123456789"
#define TODAY "2026-06-01"

/* One accepted case the seeded changes belong to (the table's references), made once. */
static void the_case(char case_id[37], char debtor_id[37])
{
    bool ok;
    char *known = it_sql("SELECT id::text || ' ' || debtor_id::text FROM applications "
                         "WHERE status = 'accepted' ORDER BY seq LIMIT 1",
                         &ok);
    if (known == NULL) {
        char *court = it_token("court", "court-feed-pages");
        char id_number[19];
        struct it_resp *accepted = NULL;
        it_accepted_debtor("feedpages", court, debtor_id, id_number, &accepted);
        it_free(accepted);
        free(court);
        known = it_sql("SELECT id::text || ' ' || debtor_id::text FROM applications "
                       "WHERE status = 'accepted' ORDER BY seq LIMIT 1",
                       &ok);
    }
    ck_assert_ptr_nonnull(known);
    ck_assert_int_eq(sscanf(known, "%36s %36s", case_id, debtor_id), 2);
    free(known);
}

/* n changes appended to the feed, each padded with pad bytes; skip positions left unused
 * first (a gap, as rolled-back writers leave). Returns the head after them. */
static long long append_changes(int n, int pad, int skip)
{
    char case_id[37], debtor_id[37];
    the_case(case_id, debtor_id);
    bool ok;
    char *sql = it_fmt("SELECT setval('restriction_change_seq', "
                       "(SELECT coalesce(max(seq), 0) FROM restriction_changes) + %d)",
                       skip);
    free(it_sql(sql, &ok));
    ck_assert(ok);
    free(sql);
    /* copies of the case's first change, each with its own cursor and a padded detail */
    sql = it_fmt("INSERT INTO restriction_changes (seq, case_id, debtor_id, change, payload) "
                 "SELECT s, '%s', '%s', 'imposed', jsonb_set(jsonb_set(f.payload, "
                 "'{restriction,detail}', coalesce(f.payload #> '{restriction,detail}', '{}') "
                 "|| jsonb_build_object('n', g, 'pad', repeat('x', %d))), '{cursor}', "
                 "to_jsonb(s::text)) "
                 "FROM (SELECT g, nextval('restriction_change_seq') AS s "
                 "      FROM generate_series(1, %d) g) x, "
                 "     (SELECT payload FROM restriction_changes WHERE case_id = '%s' "
                 "      ORDER BY seq LIMIT 1) f",
                 case_id, debtor_id, pad, n, case_id);
    free(it_sql(sql, &ok));
    ck_assert_msg(ok, "the changes were not written");
    free(sql);
    char *head = it_sql("SELECT max(seq) FROM restriction_changes", &ok);
    long long h = strtoll(head, NULL, 10);
    free(head);
    return h;
}

static double metric(const char *url, const char *series)
{
    it_use_server(url);
    return it_metric_now(FEED_METRICS_TOKEN, series);
}

static struct it_resp *page_of(const char *url, const char *query, const char *token)
{
    it_use_server(url);
    char *path = it_fmt("/v1/restrictions/changes%s%s", query[0] ? "?" : "", query);
    struct it_resp *r = it_get(path, token);
    free(path);
    return r;
}

/* Waits (bounded) until the server's head is at least head: the watcher hears commits a
 * moment after them. */
static void heard(const char *url, long long head)
{
    for (int i = 0; i < 100; i++) {
        if (metric(url, "bankruptcyd_feed_head") >= (double)head)
            return;
        usleep(50 * 1000);
    }
    ck_abort_msg("%s never heard the feed's head %lld", url, head);
}

/* The page asked of both servers: the same status, bytes, ETag and Link. */
static void same_page(const char *mine, const char *reference, const char *query, const char *token)
{
    struct it_resp *a = page_of(mine, query, token);
    struct it_resp *b = page_of(reference, query, token);
    it_expect(a, 200);
    it_expect(b, 200);
    ck_assert_msg(strcmp(a->body, b->body) == 0, "?%s differs:\n%.300s\n%.300s", query, a->body,
                  b->body);
    char etag_a[128]; /* it_header's value is one buffer: copied before the next call */
    snprintf(etag_a, sizeof etag_a, "%s", it_header(a, "ETag"));
    ck_assert_str_eq(etag_a, it_header(b, "ETag"));
    char la[256], lb[256];
    it_link_next(a, la, sizeof la);
    it_link_next(b, lb, sizeof lb);
    ck_assert_str_eq(la, lb);
    ck_assert_str_eq(it_header(a, "Cache-Control"), "no-store");
    it_free(a);
    it_free(b);
}

static pid_t reference_server(char *url, size_t cap)
{
    const char *env[] = {"FEED_MEMORY_MB=0", "METRICS_TOKEN=" FEED_METRICS_TOKEN, "TODAY=" TODAY,
                         NULL};
    return it_spawn("feed-pages-reference", env, url, cap);
}

/* Stops a second server; under the sanitizers a leak or a report is a failed exit. */
static void stop(pid_t pid)
{
    int status = 0;
    kill(pid, SIGTERM);
    waitpid(pid, &status, 0);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a server did not stop cleanly");
}

START_TEST(pages_behind_the_head_are_the_same_bytes_from_memory_as_from_postgresql)
{
    char mine[128], reference[64];
    snprintf(mine, sizeof mine, "%s", it_base_url());
    pid_t ref = reference_server(reference, sizeof reference);
    long long before = append_changes(0, 0, 0);
    long long head = append_changes(1500, 40, 0);
    /* an empty block and a half-empty one: positions nobody drew */
    head = append_changes(400, 40, 700);
    heard(mine, head);
    heard(reference, head);
    char *agency = it_token("agency", "unit-feed-pages");
    double memory0 = metric(mine, "bankruptcyd_feed_pages_total{source=\"memory\"}");
    double filled0 = metric(mine, "bankruptcyd_feed_blocks_filled_total");
    double reference_memory0 = metric(reference, "bankruptcyd_feed_pages_total{source=\"memory\"}");
    /* across block edges (256 positions), the gap, the defaults, both parameter names */
    const long long afters[] = {
        0, 1, 255, 256, 257, 511, 1000, before + 1499, before + 1500, before + 1600, before + 2150};
    const int limits[] = {1, 100, 200};
    int asked = 0;
    for (size_t i = 0; i < sizeof afters / sizeof afters[0]; i++)
        for (size_t j = 0; j < sizeof limits / sizeof limits[0]; j++) {
            if (afters[i] + limits[j] + 700 > head / 256 * 256)
                continue; /* may reach past the last final block: the next test's */
            char *q = it_fmt("%s=%lld&limit=%d", j == 1 ? "cursor" : "after", afters[i], limits[j]);
            same_page(mine, reference, q, agency);
            same_page(mine, reference, q, agency); /* again: now surely from what was kept */
            free(q);
            asked += 2;
        }
    same_page(mine, reference, "", agency); /* from the start, the default limit */
    asked += 1;
    double memory1 = metric(mine, "bankruptcyd_feed_pages_total{source=\"memory\"}");
    ck_assert_msg(memory1 - memory0 == asked, "%d pages asked, %.0f from memory", asked,
                  memory1 - memory0);
    ck_assert_msg(metric(mine, "bankruptcyd_feed_blocks_filled_total") > filled0,
                  "no block was read into memory");
    ck_assert(metric(mine, "bankruptcyd_feed_memory_bytes") > 0);
    ck_assert(metric(reference, "bankruptcyd_feed_pages_total{source=\"memory\"}") ==
              reference_memory0);
    ck_assert(metric(reference, "bankruptcyd_feed_memory_bytes") == 0);
    free(agency);
    stop(ref);
}
END_TEST

START_TEST(a_page_that_reaches_the_head_is_served_from_memory_and_shows_what_follows)
{
    char mine[128], reference[64];
    snprintf(mine, sizeof mine, "%s", it_base_url());
    pid_t ref = reference_server(reference, sizeof reference);
    long long head = append_changes(600, 10, 0);
    heard(mine, head);
    heard(reference, head);
    char *agency = it_token("agency", "unit-feed-head");
    char *q = it_fmt("after=%lld&limit=100", head - 30);
    double database0 = metric(mine, "bankruptcyd_feed_pages_total{source=\"database\"}");
    double memory0 = metric(mine, "bankruptcyd_feed_pages_total{source=\"memory\"}");
    struct it_resp *r = page_of(mine, q, agency);
    it_expect(r, 200);
    ck_assert_int_eq((int)json_array_size(json_object_get(r->json, "items")), 30);
    char link[256];
    it_link_next(r, link, sizeof link);
    ck_assert_str_eq(link, ""); /* not a full page: no next */
    it_free(r);
    same_page(mine, reference, q, agency);
    char *at_head = it_fmt("after=%lld", head); /* empty: next_cursor is where it was */
    same_page(mine, reference, at_head, agency);
    /* a page kept in memory, then new changes past a gap: the same page names the new head,
     * and the page after the old head holds them */
    char *behind = it_fmt("after=%lld&limit=100", head - 500);
    struct it_resp *old = page_of(mine, behind, agency);
    it_expect(old, 200);
    char head_text[24];
    snprintf(head_text, sizeof head_text, "%lld", head);
    ck_assert_str_eq(json_string_value(json_object_get(old->json, "head")), head_text);
    long long later = append_changes(5, 10, 40);
    heard(mine, later);
    heard(reference, later);
    struct it_resp *now = page_of(mine, behind, agency);
    it_expect(now, 200);
    snprintf(head_text, sizeof head_text, "%lld", later);
    ck_assert_str_eq(json_string_value(json_object_get(now->json, "head")), head_text);
    char etag_old[128];
    snprintf(etag_old, sizeof etag_old, "%s", it_header(old, "ETag"));
    ck_assert_str_ne(it_header(now, "ETag"), etag_old);
    ck_assert(json_equal(json_object_get(now->json, "items"), json_object_get(old->json, "items")));
    char *next = it_fmt("after=%lld&limit=100", head);
    struct it_resp *rest = page_of(mine, next, agency);
    it_expect(rest, 200);
    ck_assert_int_eq((int)json_array_size(json_object_get(rest->json, "items")), 5);
    same_page(mine, reference, behind, agency);
    same_page(mine, reference, next, agency);
    same_page(mine, reference, q, agency);
    /* every one of those pages came from memory (the head's block read again after the
     * change), none from PostgreSQL */
    ck_assert(metric(mine, "bankruptcyd_feed_pages_total{source=\"database\"}") == database0);
    ck_assert_msg(metric(mine, "bankruptcyd_feed_pages_total{source=\"memory\"}") - memory0 == 9,
                  "%.0f pages from memory",
                  metric(mine, "bankruptcyd_feed_pages_total{source=\"memory\"}") - memory0);
    /* a writer reading its write (X-Read-After) is answered by the database: another
     * instance's commit may not have reached this one's watcher yet */
    it_use_server(mine);
    const char *after_write[] = {"X-Read-After: 0/1", NULL};
    char *path = it_fmt("/v1/restrictions/changes?%s", next);
    struct it_resp *own = it_call("GET", path, agency, NULL, after_write);
    it_expect(own, 200);
    ck_assert_int_eq((int)json_array_size(json_object_get(own->json, "items")), 5);
    ck_assert(metric(mine, "bankruptcyd_feed_pages_total{source=\"database\"}") == database0 + 1);
    it_free(own);
    free(path);
    it_free(rest);
    it_free(now);
    it_free(old);
    free(next);
    free(behind);
    free(at_head);
    free(q);
    free(agency);
    stop(ref);
}
END_TEST

START_TEST(a_small_feed_memory_stays_within_its_size_and_still_answers_right)
{
    char small[64], reference[64];
    const char *env[] = {"FEED_MEMORY_MB=1", "METRICS_TOKEN=" FEED_METRICS_TOKEN, "TODAY=" TODAY,
                         NULL};
    pid_t small_pid = it_spawn("feed-pages-small", env, small, sizeof small);
    pid_t ref = reference_server(reference, sizeof reference);
    /* 2,560 changes of about 1 KB: 2.5 MB, more than twice what the small one may keep */
    long long first = append_changes(0, 0, 0);
    long long head = append_changes(2560, 1000, 0);
    heard(small, head);
    char *agency = it_token("agency", "unit-feed-small");
    for (long long after = first; after + 200 <= head - 256; after += 200) {
        char *q = it_fmt("after=%lld&limit=200", after);
        same_page(small, reference, q, agency);
        free(q);
        ck_assert_msg(metric(small, "bankruptcyd_feed_memory_bytes") <= 1024.0 * 1024.0,
                      "the feed's memory holds more than FEED_MEMORY_MB");
    }
    ck_assert(metric(small, "bankruptcyd_feed_memory_blocks") >= 1);
    ck_assert(metric(small, "bankruptcyd_feed_pages_total{source=\"memory\"}") > 0);
    free(agency);
    stop(ref);
    stop(small_pid);
}
END_TEST

static Suite *feed_pages_suite(void)
{
    Suite *s = suite_create("feed_pages");
    TCase *tc = tcase_create("feed_pages");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, pages_behind_the_head_are_the_same_bytes_from_memory_as_from_postgresql);
    tcase_add_test(tc, a_page_that_reaches_the_head_is_served_from_memory_and_shows_what_follows);
    tcase_add_test(tc, a_small_feed_memory_stays_within_its_size_and_still_answers_right);
    suite_add_tcase(s, tc);
    return s;
}

static const char *const env[] = {"TODAY=" TODAY, "METRICS_TOKEN=" FEED_METRICS_TOKEN, NULL};
IT_MAIN("feed_pages", feed_pages_suite, env)
