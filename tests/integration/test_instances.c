/* test_instances.c: several instances (README "Several instances"). Two servers on the
 * same database behind nginx on loopback (its configuration written into a temporary
 * directory, an upstream of both, run in the foreground as a child and stopped at the
 * end). Writers on both instances at once accept cases (each imposes restrictions), while a
 * unit reads the restriction feed through the balancer, landing on either instance: every
 * change is delivered exactly once, in the order of the database's positions. A 304 to
 * If-None-Match comes only while nothing is new to the unit, and a new change is a 200 on
 * either instance. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define CASES_PER_WRITER 5

static char url_a[64], url_b[64], balancer[64], nginx_dir[64];
static pid_t server_b, nginx_pid;

static int free_tcp_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t n = sizeof a;
    ck_assert(bind(s, (struct sockaddr *)&a, sizeof a) == 0);
    ck_assert(getsockname(s, (struct sockaddr *)&a, &n) == 0);
    close(s);
    return ntohs(a.sin_port);
}

static int port_of(const char *url)
{
    return atoi(strrchr(url, ':') + 1);
}

/* nginx as a reverse proxy of both instances (round robin), which says in X-Upstream which
 * one answered. As root its workers run as nobody: the directory is readable to them. */
static void write_nginx_conf(int port)
{
    char path[128];
    snprintf(path, sizeof path, "%s/nginx.conf", nginx_dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f,
            "worker_processes 1;\n"
            "pid %s/nginx.pid;\n"
            "error_log %s/error.log;\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            "  access_log off;\n"
            "  client_body_temp_path %s/body; proxy_temp_path %s/proxy;\n"
            "  fastcgi_temp_path %s/fastcgi; uwsgi_temp_path %s/uwsgi; scgi_temp_path %s/scgi;\n"
            "  upstream service { server 127.0.0.1:%d; server 127.0.0.1:%d; keepalive 8; }\n"
            "  server {\n"
            "    listen 127.0.0.1:%d;\n"
            "    location / {\n"
            "      proxy_pass http://service;\n"
            "      proxy_http_version 1.1;\n"
            "      proxy_set_header Connection \"\";\n"
            "      add_header X-Upstream $upstream_addr always;\n"
            "    }\n"
            "  }\n"
            "}\n",
            nginx_dir, nginx_dir, nginx_dir, nginx_dir, nginx_dir, nginx_dir, nginx_dir,
            port_of(url_a), port_of(url_b), port);
    fclose(f);
}

static void start_balancer(void)
{
    snprintf(url_a, sizeof url_a, "%s", it_base_url());
    server_b = it_spawn("instances-b", NULL, url_b, sizeof url_b);
    snprintf(nginx_dir, sizeof nginx_dir, "/tmp/bankruptcyd-nginx-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(nginx_dir));
    chmod(nginx_dir, 0755);
    int port = free_tcp_port();
    write_nginx_conf(port);
    snprintf(balancer, sizeof balancer, "http://127.0.0.1:%d", port);
    nginx_pid = fork();
    if (nginx_pid == 0) {
        char conf[128];
        snprintf(conf, sizeof conf, "%s/nginx.conf", nginx_dir);
        const char *bin = getenv("NGINX") ? getenv("NGINX") : "/usr/sbin/nginx";
        execl(bin, "nginx", "-p", nginx_dir, "-c", conf, "-g", "daemon off;", (char *)NULL);
        _exit(127);
    }
    it_use_server(balancer);
    for (int i = 0; i < 100; i++) {
        struct it_resp *r = it_get("/healthz", NULL);
        long status = r->status;
        it_free(r);
        if (status == 200)
            return;
        usleep(100000);
    }
    ck_abort_msg("nginx did not answer on %s (see %s/error.log)", balancer, nginx_dir);
}

static void stop_balancer(void)
{
    if (nginx_pid > 0) {
        kill(nginx_pid, SIGQUIT); /* graceful: workers finish, the master exits */
        waitpid(nginx_pid, NULL, 0);
    }
    if (server_b > 0) {
        kill(server_b, SIGTERM);
        waitpid(server_b, NULL, 0);
    }
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", nginx_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "test_instances: removing %s failed\n", nginx_dir);
}

static const char *court_token(void)
{
    return it_token_kept("court", "judge-instances");
}

static char *feed_head(void)
{
    bool ok;
    char *v = it_sql("SELECT coalesce(max(seq), 0) FROM restriction_changes", &ok);
    ck_assert(ok && v != NULL);
    return v;
}

/* One poll through the balancer: after cursor, If-None-Match etag when given. */
struct poll {
    long status;
    size_t items;
    bool full;
    char etag[64], upstream[64];
};

static struct poll poll_feed(const char *token, char cursor[24], const char *etag, char *seqs,
                             size_t cap)
{
    char path[96], inm[96];
    snprintf(path, sizeof path, "/v1/restrictions/changes?after=%s&limit=5", cursor);
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag ? etag : "");
    const char *headers[] = {inm, NULL};
    struct it_resp *r = it_call("GET", path, token, NULL, etag ? headers : NULL);
    struct poll p = {.status = r->status};
    ck_assert_msg(r->status == 200 || r->status == 304, "feed: %ld %s", r->status, r->body);
    const char *tag = it_header(r, "ETag"); /* valid until the next it_header */
    snprintf(p.etag, sizeof p.etag, "%s", tag ? tag : "");
    const char *up = it_header(r, "X-Upstream");
    snprintf(p.upstream, sizeof p.upstream, "%s", up ? up : "");
    if (r->status == 200) {
        json_t *items = json_object_get(r->json, "items"), *item;
        size_t i;
        json_array_foreach(items, i, item)
        {
            size_t n = strlen(seqs);
            snprintf(seqs + n, cap - n, "%s%s", n ? "," : "",
                     json_string_value(json_object_get(item, "cursor")));
        }
        p.items = json_array_size(items);
        p.full = p.items == 5;
        snprintf(cursor, 24, "%s", it_str(r, "next_cursor"));
    }
    it_free(r);
    return p;
}

static void write_cases(const char *url, int writer)
{
    it_use_server(url);
    char prefix[32], debtor_id[37], id_number[19];
    snprintf(prefix, sizeof prefix, "instances-w%d", writer);
    for (int i = 0; i < CASES_PER_WRITER; i++)
        it_accepted_debtor(prefix, court_token(), debtor_id, id_number, NULL);
}

START_TEST(the_feed_through_the_balancer_is_exactly_once_in_order_while_both_instances_write)
{
    char *agency = it_token("agency", "port-instances");
    char cursor[24], *start = feed_head();
    snprintf(cursor, sizeof cursor, "%s", start);
    pid_t writers[2];
    const char *urls[2] = {url_a, url_b};
    for (int w = 0; w < 2; w++) {
        writers[w] = fork();
        if (writers[w] == 0) {
            write_cases(urls[w], w);
            _exit(0);
        }
    }
    size_t cap = 65536;
    char *seqs = calloc(1, cap), etag[64] = "", first_up[64] = "";
    bool both = false, writing = true;
    /* the unit polls as the README's loop does: If-None-Match after a page that was not
     * full; until the writers are done and it has reached the database's head */
    for (int i = 0; i < 2000; i++) {
        struct poll p = poll_feed(agency, cursor, etag[0] ? etag : NULL, seqs, cap);
        if (first_up[0] == '\0')
            snprintf(first_up, sizeof first_up, "%s", p.upstream);
        both = both || strcmp(first_up, p.upstream) != 0;
        if (p.status == 200)
            snprintf(etag, sizeof etag, "%s", p.full ? "" : p.etag);
        if (writing) {
            int status, done = 0;
            for (int w = 0; w < 2; w++)
                if (writers[w] > 0 && waitpid(writers[w], &status, WNOHANG) == writers[w]) {
                    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer %d", w);
                    writers[w] = 0;
                }
            for (int w = 0; w < 2; w++)
                done += writers[w] == 0;
            writing = done < 2;
        } else {
            char *head = feed_head();
            bool caught_up = strcmp(head, cursor) == 0;
            free(head);
            if (caught_up)
                break;
        }
        if (p.status == 304 || !p.full)
            usleep(20000);
    }
    ck_assert_msg(!writing, "the writers did not finish");
    ck_assert_msg(both, "every poll landed on one instance (%s)", first_up);
    bool ok;
    char *sql = it_fmt("SELECT string_agg(seq::text, ',' ORDER BY seq) FROM restriction_changes "
                       "WHERE seq > %s",
                       start);
    char *expected = it_sql(sql, &ok);
    ck_assert(ok && expected != NULL);
    /* 2 writers x 5 cases, each imposing its restrictions: at least one change a case */
    int changes = 1;
    for (const char *c = expected; *c; c++)
        changes += *c == ',';
    ck_assert_int_ge(changes, 2 * CASES_PER_WRITER);
    ck_assert_str_eq(seqs, expected);
    free(expected);
    free(sql);
    free(seqs);
    free(start);
    free(agency);
}
END_TEST

/* Polls with etag after cursor until both instances have answered; the statuses each gave
 * (a bit per status class: 1 = 200, 2 = 304) go into seen_a and seen_b. */
static void poll_both(const char *token, const char *cursor, const char *etag, int *seen_a,
                      int *seen_b)
{
    char a[32];
    snprintf(a, sizeof a, "127.0.0.1:%d", port_of(url_a));
    *seen_a = *seen_b = 0;
    for (int i = 0; i < 20 && (*seen_a == 0 || *seen_b == 0); i++) {
        char c[24], scratch[512] = "";
        snprintf(c, sizeof c, "%s", cursor);
        struct poll p = poll_feed(token, c, etag, scratch, sizeof scratch);
        int *seen = strcmp(p.upstream, a) == 0 ? seen_a : seen_b;
        *seen |= p.status == 200 ? 1 : 2;
    }
}

START_TEST(a_304_through_the_balancer_only_while_nothing_is_new_on_either_instance)
{
    char *agency = it_token("agency", "customs-instances");
    char cursor[24] = "0", etag[64] = "", seqs[65536] = "";
    for (;;) { /* catch up */
        struct poll p = poll_feed(agency, cursor, NULL, seqs, sizeof seqs);
        snprintf(etag, sizeof etag, "%s", p.etag);
        if (!p.full)
            break;
    }
    int seen_a, seen_b;
    /* nothing new: 304 from both instances */
    poll_both(agency, cursor, etag, &seen_a, &seen_b);
    ck_assert_int_eq(seen_a, 2);
    ck_assert_int_eq(seen_b, 2);
    /* the same ETag from a unit that has not read up to it: 200 on both */
    poll_both(agency, "0", etag, &seen_a, &seen_b);
    ck_assert_int_eq(seen_a, 1);
    ck_assert_int_eq(seen_b, 1);

    /* a change written through instance A: the old ETag is answered 200 by both (an
     * instance hears another's commit by NOTIFY, a few milliseconds late at most: the
     * unit's next poll is answered 200 once it has) */
    char debtor_id[37], id_number[19];
    it_use_server(url_a);
    it_accepted_debtor("instances-304", court_token(), debtor_id, id_number, NULL);
    it_use_server(balancer);
    bool a_new = false, b_new = false;
    for (int i = 0; i < 100 && !(a_new && b_new); i++) {
        poll_both(agency, cursor, etag, &seen_a, &seen_b);
        ck_assert_msg(!(a_new && (seen_a & 2)), "instance A answered 304 after it had 200");
        ck_assert_msg(!(b_new && (seen_b & 2)), "instance B answered 304 after it had 200");
        a_new = a_new || seen_a == 1;
        b_new = b_new || seen_b == 1;
        if (!(a_new && b_new))
            usleep(10000);
    }
    ck_assert_msg(a_new && b_new, "a new change was not a 200 on both instances");

    /* caught up again: the new ETag is 304 on both */
    for (;;) {
        struct poll p = poll_feed(agency, cursor, NULL, seqs, sizeof seqs);
        snprintf(etag, sizeof etag, "%s", p.etag);
        if (!p.full)
            break;
    }
    poll_both(agency, cursor, etag, &seen_a, &seen_b);
    ck_assert_int_eq(seen_a, 2);
    ck_assert_int_eq(seen_b, 2);
    free(agency);
}
END_TEST

static Suite *instances_suite(void)
{
    Suite *s = suite_create("instances");
    TCase *tc = tcase_create("instances");
    tcase_set_timeout(tc, 120);
    tcase_add_unchecked_fixture(tc, start_balancer, stop_balancer);
    tcase_add_test(
        tc, the_feed_through_the_balancer_is_exactly_once_in_order_while_both_instances_write);
    tcase_add_test(tc, a_304_through_the_balancer_only_while_nothing_is_new_on_either_instance);
    suite_add_tcase(s, tc);
    return s;
}

IT_MAIN("instances", instances_suite, NULL)
