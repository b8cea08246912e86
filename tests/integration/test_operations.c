/* test_operations.c: what an operator and a browser rely on. The build named by
 * `--version`, /readyz and the build-info metric; GET /metrics behind METRICS_TOKEN, with
 * counters that move with the requests made; the access log's client and route; gzip of
 * large replies; the CORS headers a browser needs; JWT_SECRET with JWT_SECRET_FILE refused
 * at start-up; and the drain: idle keep-alive connections closed at once, /readyz 503 and
 * Connection: close for a request in flight, the request in flight finished. */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define METRICS_TOKEN "metrics-token-for-the-suite-0123"
#define ORIGIN "https://console.example"

static const char *const suite_env[] = {"METRICS_TOKEN=" METRICS_TOKEN, "CORS_ORIGINS=" ORIGIN,
                                        NULL};

static const char *binary(void)
{
    return getenv("BANKRUPTCYD_BIN") ? getenv("BANKRUPTCYD_BIN") : "build/bankruptcyd";
}

/* ---- build ------------------------------------------------------------------------- */

/* What a shell command prints (stdout; malloc'd, at most 4 KiB). */
static char *command_output(const char *cmd)
{
    char *out = calloc(1, 4096);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t n = fread(out, 1, 4095, p);
    out[n] = '\0';
    pclose(p);
    return out;
}

/* `bankruptcyd --version`'s line (malloc'd). */
static char *version_line(void)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s --version", binary());
    return command_output(cmd);
}

START_TEST(version_readyz_and_build_info_name_the_same_build)
{
    char *line = version_line();
    struct it_resp *r = it_get("/readyz", NULL);
    it_expect(r, 200);
    const char *version = it_str(r, "version"), *commit = it_str(r, "commit");
    const char *schema = it_str(r, "schema");
    ck_assert_ptr_nonnull(version);
    ck_assert_ptr_nonnull(commit);
    ck_assert_msg(strlen(commit) > 0, "an empty commit");
    char *expected = it_fmt("bankruptcyd %s (commit %s, schema %s)\n", version, commit, schema);
    ck_assert_str_eq(line, expected);
    free(expected);

    const char *auth[] = {"Authorization: Bearer " METRICS_TOKEN, NULL};
    struct it_resp *m = it_call("GET", "/metrics", NULL, NULL, auth);
    it_expect(m, 200);
    char *info = it_fmt("bankruptcyd_build_info{version=\"%s\",commit=\"%s\",schema=\"%s\"} 1\n",
                        version, commit, schema);
    ck_assert_msg(strstr(m->body, info) != NULL, "no %s in\n%s", info, m->body);
    free(info);
    it_free(m);
    it_free(r);
    free(line);
}
END_TEST

/* ---- metrics ----------------------------------------------------------------------- */

static struct it_resp *scrape(void)
{
    const char *auth[] = {"Authorization: Bearer " METRICS_TOKEN, NULL};
    struct it_resp *r = it_call("GET", "/metrics", NULL, NULL, auth);
    it_expect(r, 200);
    ck_assert_msg(strncmp(it_header(r, "Content-Type"), "text/plain; version=0.0.4", 25) == 0,
                  "Content-Type %s", it_header(r, "Content-Type"));
    return r;
}

static double sample(const struct it_resp *r, const char *series)
{
    return it_metric(r->body, series);
}

START_TEST(metrics_need_the_token)
{
    struct it_resp *r = it_get("/metrics", NULL);
    it_expect(r, 401);
    ck_assert_ptr_nonnull(it_header(r, "WWW-Authenticate"));
    it_free(r);
    const char *wrong[] = {"Authorization: Bearer metrics-token-for-the-suite-0124", NULL};
    r = it_call("GET", "/metrics", NULL, NULL, wrong);
    it_expect(r, 401);
    it_free(r);
    const char *shorter[] = {"Authorization: Bearer metrics-token-for-the-suite-012", NULL};
    r = it_call("GET", "/metrics", NULL, NULL, shorter);
    it_expect(r, 401);
    it_free(r);
    char *court = it_token("court", "judge-metrics"); /* a JWT is not the metrics token */
    r = it_get("/metrics", court);
    it_expect(r, 401);
    it_free(r);
    free(court);
}
END_TEST

START_TEST(metrics_counters_move_with_requests)
{
    static const char healthz[] =
        "bankruptcyd_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"}";
    static const char rule_404[] =
        "bankruptcyd_http_requests_total{route=\"/v1/rules/{id}\",method=\"GET\",status=\"404\"}";
    static const char unmatched[] =
        "bankruptcyd_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"}";
    static const char healthz_count[] =
        "bankruptcyd_http_request_duration_seconds_count{route=\"/healthz\"}";
    static const char healthz_inf[] =
        "bankruptcyd_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"}";
    struct it_resp *before = scrape();
    double h0 = sample(before, healthz), r0 = sample(before, rule_404);
    double u0 = sample(before, unmatched), c0 = sample(before, healthz_count);
    double trips0 = sample(before, "bankruptcyd_db_round_trips_total");
    ck_assert_msg(trips0 >= 0, "no round-trip counter in\n%s", before->body);
    ck_assert_msg(sample(before, "bankruptcyd_db_retries_total") >= 0, "no retries counter");
    ck_assert_msg(sample(before, "bankruptcyd_db_retries_exhausted_total") >= 0, "no exhausted");
    ck_assert_msg(sample(before, "bankruptcyd_db_failures_total") >= 0, "no failures counter");
    ck_assert_msg(sample(before, "bankruptcyd_http_threads") == 4, "the harness runs 4 threads");
    /* the scrape's own handler runs on a pool thread while it writes the gauge */
    ck_assert_msg(sample(before, "bankruptcyd_http_threads_busy") >= 1, "no busy thread");
    ck_assert_msg(sample(before, "bankruptcyd_calendar_last_covered_year") == 2026,
                  "the seeded calendar ends with 2026:\n%s", before->body);

    for (int i = 0; i < 3; i++) {
        struct it_resp *r = it_get("/healthz", NULL);
        it_expect(r, 200);
        it_free(r);
    }
    struct it_resp *r = it_get("/v1/rules/NO-SUCH-RULE", NULL);
    it_expect(r, 404);
    it_free(r);
    r = it_get("/no/such/path", NULL);
    it_expect(r, 404);
    it_free(r);
    r = it_get("/readyz", NULL); /* asks the database */
    it_expect(r, 200);
    it_free(r);

    struct it_resp *after = scrape();
    ck_assert_msg(sample(after, healthz) == (h0 < 0 ? 0 : h0) + 3, "%s: %g then %g", healthz, h0,
                  sample(after, healthz));
    ck_assert_msg(sample(after, rule_404) == (r0 < 0 ? 0 : r0) + 1, "%s moved by %g", rule_404,
                  sample(after, rule_404) - r0);
    ck_assert_msg(sample(after, unmatched) == (u0 < 0 ? 0 : u0) + 1, "unmatched moved by %g",
                  sample(after, unmatched) - u0);
    ck_assert_msg(sample(after, healthz_count) == (c0 < 0 ? 0 : c0) + 3, "histogram count");
    ck_assert_msg(sample(after, healthz_inf) == sample(after, healthz_count), "+Inf != count");
    ck_assert_msg(sample(after, "bankruptcyd_db_round_trips_total") > trips0,
                  "no round trip counted for /readyz");
    it_free(before);
    it_free(after);
}
END_TEST

/* The feed head the metric shows is the database's (as the feed's listener read it). */
START_TEST(metrics_show_the_feed_head)
{
    struct it_resp *m = NULL;
    double head = -1;
    for (int i = 0; i < 50 && head < 0; i++) { /* the listener connects at start-up */
        it_free(m);
        m = scrape();
        head = sample(m, "bankruptcyd_feed_head");
        if (head < 0)
            usleep(100 * 1000);
    }
    ck_assert_msg(head >= 0, "no bankruptcyd_feed_head in\n%s", m->body);
    bool ok = false;
    char *db_head = it_sql("SELECT coalesce(max(seq), 0) FROM restriction_changes", &ok);
    ck_assert(ok);
    ck_assert_msg(head == strtod(db_head, NULL), "feed head %g, the database's %s", head, db_head);
    free(db_head);
    it_free(m);
}
END_TEST

/* ---- the access log ---------------------------------------------------------------- */

/* The log line of the request with this id, parsed (NULL when not written yet). */
static json_t *log_line_of(const char *request_id)
{
    FILE *f = fopen("/tmp/bankruptcyd-it-operations.log", "r");
    char line[8192];
    json_t *found = NULL;
    while (f && found == NULL && fgets(line, sizeof line, f)) {
        if (strstr(line, request_id) == NULL || strstr(line, "\"msg\":\"request\"") == NULL)
            continue;
        found = json_loads(line, 0, NULL);
    }
    if (f)
        fclose(f);
    return found;
}

START_TEST(log_lines_carry_the_client_and_the_route)
{
    char id[64], header[96];
    snprintf(id, sizeof id, "ops-log-%u", it_unique());
    snprintf(header, sizeof header, "X-Request-Id: %s", id);
    const char *h[] = {header, NULL};
    struct it_resp *r = it_call("GET", "/v1/rules/SZ-APP-MATERIALS", NULL, NULL, h);
    ck_assert_msg(r->status == 200 || r->status == 404, "status %ld", r->status);
    it_free(r);
    json_t *line = NULL;
    for (int i = 0; i < 50 && line == NULL; i++) { /* written once the reply is sent */
        line = log_line_of(id);
        if (line == NULL)
            usleep(50 * 1000);
    }
    ck_assert_msg(line != NULL, "no log line with %s", id);
    ck_assert_str_eq(json_string_value(json_object_get(line, "client")), "127.0.0.1");
    ck_assert_str_eq(json_string_value(json_object_get(line, "route")), "/v1/rules/{id}");
    ck_assert_str_eq(json_string_value(json_object_get(line, "path")),
                     "/v1/rules/SZ-APP-MATERIALS");
    json_decref(line);
}
END_TEST

/* ---- gzip -------------------------------------------------------------------------- */

struct raw {
    long status;
    char *body, *headers;
    size_t body_len;
    curl_off_t wire_bytes; /* the body's bytes as received (compressed) */
};

static size_t gather(char *ptr, size_t size, size_t n, void *userdata)
{
    char **buf = userdata;
    size_t old = *buf ? strlen(*buf) : 0, add = size * n;
    char *grown = realloc(*buf, old + add + 1);
    memcpy(grown + old, ptr, add);
    grown[old + add] = '\0';
    *buf = grown;
    return add;
}

/* A GET outside the harness's client: with accept_encoding, curl asks for it and inflates
 * what comes (the harness's contract check reads plain bodies only). */
static struct raw get_raw(const char *path, const char *accept_encoding, const char *header)
{
    struct raw out = {0};
    CURL *c = curl_easy_init();
    char url[512];
    snprintf(url, sizeof url, "%s%s", it_base_url(), path);
    struct curl_slist *h = header ? curl_slist_append(NULL, header) : NULL;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (accept_encoding != NULL)
        curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, accept_encoding);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, gather);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &out.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, gather);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &out.headers);
    ck_assert_int_eq(curl_easy_perform(c), CURLE_OK);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
    curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &out.wire_bytes);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (out.body == NULL)
        out.body = strdup("");
    if (out.headers == NULL)
        out.headers = strdup("");
    out.body_len = strlen(out.body);
    return out;
}

static void raw_free(struct raw *r)
{
    free(r->body);
    free(r->headers);
}

/* The value of a header of a raw reply into out ("" when absent). */
static const char *raw_header(const struct raw *r, const char *name, char *out, size_t cap)
{
    out[0] = '\0';
    size_t n = strlen(name);
    for (const char *p = r->headers; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
            const char *v = p + n + 1;
            while (*v == ' ')
                v++;
            snprintf(out, cap, "%.*s", (int)strcspn(v, "\r\n"), v);
        }
    return out;
}

START_TEST(large_replies_are_gzipped_for_clients_that_accept_it)
{
    char v[256];
    struct raw plain = get_raw("/openapi.yaml", NULL, NULL);
    ck_assert_int_eq(plain.status, 200);
    ck_assert_str_eq(raw_header(&plain, "Content-Encoding", v, sizeof v), "");
    ck_assert_str_eq(raw_header(&plain, "Vary", v, sizeof v), "Accept-Encoding");

    struct raw gz = get_raw("/openapi.yaml", "gzip", NULL);
    ck_assert_int_eq(gz.status, 200);
    ck_assert_str_eq(raw_header(&gz, "Content-Encoding", v, sizeof v), "gzip");
    ck_assert_str_eq(raw_header(&gz, "Vary", v, sizeof v), "Accept-Encoding");
    ck_assert_msg(gz.body_len == plain.body_len && memcmp(gz.body, plain.body, gz.body_len) == 0,
                  "the inflated body differs from the plain one");
    long sent = strtol(raw_header(&gz, "Content-Length", v, sizeof v), NULL, 10);
    ck_assert_msg(sent > 0 && (size_t)sent * 3 < plain.body_len,
                  "Content-Length %ld of a %zu-byte document", sent, plain.body_len);

    struct raw refused = get_raw("/openapi.yaml", NULL, "Accept-Encoding: gzip;q=0, identity");
    ck_assert_str_eq(raw_header(&refused, "Content-Encoding", v, sizeof v), "");
    ck_assert_int_eq(refused.body_len, plain.body_len);

    struct raw small = get_raw("/healthz", "gzip", NULL); /* 15 bytes: not worth it */
    ck_assert_int_eq(small.status, 200);
    ck_assert_str_eq(raw_header(&small, "Content-Encoding", v, sizeof v), "");
    ck_assert_str_eq(small.body, "{\"status\":\"ok\"}");
    raw_free(&plain);
    raw_free(&gz);
    raw_free(&refused);
    raw_free(&small);
}
END_TEST

/* A compressed list is another representation with its own strong tag (the plain one with
 * "-gz"); revalidating with it is a 304 naming that form, without a body or an encoding. */
START_TEST(a_gzipped_reply_revalidates_to_a_bare_304)
{
    char etag[256], v[256], inm[300], want[300];
    struct raw gz = get_raw("/v1/rules", "gzip", NULL);
    ck_assert_int_eq(gz.status, 200);
    ck_assert_str_eq(raw_header(&gz, "Content-Encoding", v, sizeof v), "gzip");
    raw_header(&gz, "ETag", etag, sizeof etag);
    struct it_resp *plain = it_get("/v1/rules", NULL);
    it_expect(plain, 200);
    const char *tag = it_header(plain, "ETag");
    snprintf(want, sizeof want, "%.*s-gz\"", (int)strlen(tag) - 1, tag);
    ck_assert_str_eq(etag, want); /* strong, and not the plain body's */
    it_free(plain);

    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    struct raw again = get_raw("/v1/rules", "gzip", inm);
    ck_assert_int_eq(again.status, 304);
    ck_assert_str_eq(raw_header(&again, "Content-Encoding", v, sizeof v), "");
    ck_assert_str_eq(raw_header(&again, "ETag", v, sizeof v), etag);
    ck_assert_int_eq(again.body_len, 0);
    raw_free(&gz);
    raw_free(&again);
}
END_TEST

/* ---- CORS -------------------------------------------------------------------------- */

static bool lists(const char *value, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = value; p && (p = strstr(p, name)) != NULL; p += n)
        if ((p == value || p[-1] == ' ' || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
            return true;
    return false;
}

START_TEST(cors_lets_a_browser_send_and_read_what_it_needs)
{
    const char *pre[] = {"Origin: " ORIGIN, "Access-Control-Request-Method: PATCH",
                         "Access-Control-Request-Headers: if-match, idempotency-key", NULL};
    struct it_resp *r =
        it_call("OPTIONS", "/v1/debtors/00000000-0000-4000-8000-000000000000", NULL, NULL, pre);
    it_expect(r, 204);
    const char *allowed = it_header(r, "Access-Control-Allow-Headers");
    ck_assert_ptr_nonnull(allowed);
    char *allow = strdup(allowed);
    static const char *const send[] = {"Authorization", "Content-Type",  "Idempotency-Key",
                                       "If-Match",      "If-None-Match", "X-Request-Id"};
    for (size_t i = 0; i < sizeof send / sizeof *send; i++)
        ck_assert_msg(lists(allow, send[i]), "Access-Control-Allow-Headers: %s lacks %s", allow,
                      send[i]);
    free(allow);
    it_free(r);

    const char *get[] = {"Origin: " ORIGIN, NULL};
    r = it_call("GET", "/v1/applications", NULL, NULL, get); /* a 401: WWW-Authenticate */
    it_expect(r, 401);
    ck_assert_str_eq(it_header(r, "Access-Control-Allow-Origin"), ORIGIN);
    char *expose = strdup(it_header(r, "Access-Control-Expose-Headers"));
    static const char *const read[] = {
        "ETag",        "Link", "Location", "WWW-Authenticate", "Retry-After", "Idempotent-Replayed",
        "X-Request-Id"};
    for (size_t i = 0; i < sizeof read / sizeof *read; i++)
        ck_assert_msg(lists(expose, read[i]), "Access-Control-Expose-Headers: %s lacks %s", expose,
                      read[i]);
    free(expose);
    it_free(r);
}
END_TEST

/* ---- start-up ---------------------------------------------------------------------- */

/* What `serve` says and its exit status ("exit N") with the suite's database and secret,
 * env (more settings) before it and flags after it. */
static char *serve_output(const char *env, const char *flags)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "DATABASE_URL='%s' JWT_SECRET='%s' %s PORT=1 %s serve %s 2>&1; echo \"exit $?\"",
             it_db_conninfo(), it_secret, env, binary(), flags);
    return command_output(cmd);
}

START_TEST(both_secret_settings_stop_start_up)
{
    char *out = serve_output("JWT_SECRET_FILE=/dev/null", "");
    ck_assert_msg(strstr(out, "exit 0") == NULL && strstr(out, "exit ") != NULL,
                  "serve started with both JWT_SECRET and JWT_SECRET_FILE: %s", out);
    ck_assert_msg(strstr(out, "JWT_SECRET and JWT_SECRET_FILE are both set") != NULL,
                  "the error does not name both: %s", out);
    free(out);
    out = serve_output("", "--jwt-secret-file=/dev/null");
    ck_assert_msg(strstr(out, "JWT_SECRET and --jwt-secret-file are both set") != NULL &&
                      strstr(out, "exit 0") == NULL,
                  "the flag with JWT_SECRET: %s", out);
    free(out);
}
END_TEST

START_TEST(an_unknown_rule_profile_stops_start_up)
{
    char *out = serve_output("RULE_PROFILE=narnia-1950", "");
    ck_assert_msg(strstr(out, "exit 0") == NULL && strstr(out, "exit ") != NULL,
                  "serve started under an unknown profile: %s", out);
    ck_assert_msg(strstr(out, "RULE_PROFILE \"narnia-1950\" is not a profile") != NULL,
                  "the error does not name the setting: %s", out);
    free(out);
}
END_TEST

/* ---- the drain --------------------------------------------------------------------- */

static int connect_to(const char *url)
{
    int port = atoi(strrchr(url, ':') + 1);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    struct timeval tv = {.tv_sec = 15};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

static void send_text(int fd, const char *text)
{
    ck_assert_int_eq(send(fd, text, strlen(text), 0), (ssize_t)strlen(text));
}

/* Reads one reply (headers and a Content-Length body) into buf; returns its length. */
static size_t read_reply(int fd, char *buf, size_t cap)
{
    size_t len = 0;
    for (;;) {
        ssize_t n = recv(fd, buf + len, cap - len - 1, 0);
        ck_assert_msg(n > 0, "the connection ended before the reply did");
        len += (size_t)n;
        buf[len] = '\0';
        char *end = strstr(buf, "\r\n\r\n");
        const char *cl = strcasestr(buf, "\r\nContent-Length:");
        if (end != NULL && cl != NULL &&
            len >= (size_t)(end + 4 - buf) + strtoul(cl + 17, NULL, 10))
            return len;
    }
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Waits up to seconds for pid to exit; true when it exited with status 0. */
static bool exited_cleanly_within(pid_t pid, double seconds, double *took)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int status = 0;
    while (seconds_since(&t0) < seconds) {
        if (waitpid(pid, &status, WNOHANG) == pid) {
            *took = seconds_since(&t0);
            return WIFEXITED(status) && WEXITSTATUS(status) == 0;
        }
        usleep(20 * 1000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    *took = seconds;
    return false;
}

/* A server of its own (a drain ends it) with a 10 s grace, and a connection to it. */
static pid_t drained_server(const char *name, int *fd)
{
    char url[64];
    const char *env[] = {"SHUTDOWN_GRACE=10", NULL};
    pid_t pid = it_spawn(name, env, url, sizeof url);
    *fd = connect_to(url);
    return pid;
}

START_TEST(sigterm_closes_idle_keep_alive_connections_at_once)
{
    char buf[8192];
    int fd;
    pid_t pid = drained_server("operations-idle", &fd);
    send_text(fd, "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
    read_reply(fd, buf, sizeof buf);
    ck_assert_msg(strncmp(buf, "HTTP/1.1 200", 12) == 0, "%s", buf);
    ck_assert_ptr_null(strcasestr(buf, "Connection: close")); /* kept alive, now idle */

    kill(pid, SIGTERM);
    double took;
    ck_assert_msg(exited_cleanly_within(pid, 5, &took), "did not stop cleanly within 5 s");
    ck_assert_msg(took < 2, "took %.2f s to stop with only an idle connection (grace 10 s)", took);
    ck_assert_int_eq(recv(fd, buf, sizeof buf, 0), 0); /* closed by the server */
    close(fd);
}
END_TEST

START_TEST(a_drain_answers_readyz_503_and_finishes_the_request_in_flight)
{
    char buf[8192];
    /* a request in flight: /readyz whose body is not all sent yet (its headers are read,
     * so it is the server's; it is answered once the body ends) */
    int fd;
    pid_t pid = drained_server("operations-drain", &fd);
    send_text(fd, "GET /readyz HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nab");
    usleep(200 * 1000);
    kill(pid, SIGTERM);
    size_t draining = 0;
    for (int i = 0; i < 100 && draining == 0; i++) {
        draining = it_log_lines("operations-drain", "draining");
        usleep(20 * 1000);
    }
    ck_assert_msg(draining == 1, "the server did not say it is draining");
    usleep(500 * 1000);
    int status;
    ck_assert_msg(waitpid(pid, &status, WNOHANG) == 0,
                  "the server stopped with a request in flight (grace 10 s)");

    send_text(fd, "cd");
    read_reply(fd, buf, sizeof buf);
    ck_assert_msg(strncmp(buf, "HTTP/1.1 503", 12) == 0, "during the drain: %.200s", buf);
    ck_assert_ptr_nonnull(strcasestr(buf, "\r\nConnection: close"));
    ck_assert_ptr_nonnull(strstr(buf, "the service is stopping"));
    ck_assert_ptr_nonnull(strcasestr(buf, "\r\nRetry-After:"));
    double took;
    ck_assert_msg(exited_cleanly_within(pid, 5, &took), "did not stop cleanly after the request");
    ck_assert_msg(took < 2, "took %.2f s to stop after the last request", took);
    close(fd);
}
END_TEST

START_TEST(metrics_are_off_without_a_token)
{
    char url[64], buf[8192];
    pid_t pid = it_spawn("operations-nometrics", NULL, url, sizeof url);
    int fd = connect_to(url);
    send_text(fd, "GET /metrics HTTP/1.1\r\nHost: t\r\n"
                  "Authorization: Bearer " METRICS_TOKEN "\r\n\r\n");
    read_reply(fd, buf, sizeof buf);
    close(fd);
    kill(pid, SIGTERM);
    double took;
    ck_assert(exited_cleanly_within(pid, 10, &took));
    ck_assert_msg(strncmp(buf, "HTTP/1.1 404", 12) == 0, "%.200s", buf);
    ck_assert_ptr_nonnull(strstr(buf, "metrics are off"));
}
END_TEST

/* A server kept at LOG_LEVEL=warn still logs a request that took SLOW_REQUEST_MS or more,
 * marked slow with its duration, and leaves the fast ones out: a stall shows in a quiet
 * production log. The slow request is one whose body the client sends 400 ms late. */
START_TEST(a_slow_request_is_logged_at_warn_with_its_duration)
{
    char url[64], buf[8192];
    const char *env[] = {"LOG_LEVEL=warn", "SLOW_REQUEST_MS=200", NULL};
    pid_t pid = it_spawn("operations-slow", env, url, sizeof url);
    int fd = connect_to(url);
    send_text(fd, "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Request-Id: ops-fast-1\r\n\r\n");
    read_reply(fd, buf, sizeof buf);
    ck_assert_msg(strncmp(buf, "HTTP/1.1 200", 12) == 0, "%.200s", buf);
    send_text(fd, "GET /readyz HTTP/1.1\r\nHost: t\r\nX-Request-Id: ops-slow-1\r\n"
                  "Content-Length: 4\r\n\r\nab");
    usleep(400 * 1000);
    send_text(fd, "cd");
    read_reply(fd, buf, sizeof buf);
    ck_assert_msg(strncmp(buf, "HTTP/1.1 200", 12) == 0, "%.200s", buf);
    close(fd);
    size_t slow = 0;
    for (int i = 0; i < 50 && slow == 0; i++) { /* written once the reply is sent */
        slow = it_log_lines("operations-slow", "\"slow\":true");
        usleep(20 * 1000);
    }
    kill(pid, SIGTERM);
    double took;
    ck_assert(exited_cleanly_within(pid, 10, &took));
    ck_assert_uint_eq(slow, 1);
    ck_assert_uint_eq(it_log_lines("operations-slow", "ops-slow-1"), 1);
    ck_assert_uint_eq(it_log_lines("operations-slow", "ops-fast-1"), 0);
    FILE *f = fopen("/tmp/bankruptcyd-it-operations-slow.log", "r");
    ck_assert_ptr_nonnull(f);
    json_t *line = NULL;
    while (line == NULL && fgets(buf, sizeof buf, f))
        if (strstr(buf, "ops-slow-1"))
            line = json_loads(buf, 0, NULL);
    fclose(f);
    ck_assert_ptr_nonnull(line);
    ck_assert_str_eq(json_string_value(json_object_get(line, "level")), "warn");
    ck_assert_str_eq(json_string_value(json_object_get(line, "route")), "/readyz");
    ck_assert_msg(json_integer_value(json_object_get(line, "duration_us")) >= 400000, "%s", buf);
    json_decref(line);
}
END_TEST

static Suite *operations_suite(void)
{
    Suite *s = suite_create("operations");
    TCase *tc = tcase_create("operations");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, version_readyz_and_build_info_name_the_same_build);
    tcase_add_test(tc, metrics_need_the_token);
    tcase_add_test(tc, metrics_counters_move_with_requests);
    tcase_add_test(tc, metrics_show_the_feed_head);
    tcase_add_test(tc, log_lines_carry_the_client_and_the_route);
    tcase_add_test(tc, large_replies_are_gzipped_for_clients_that_accept_it);
    tcase_add_test(tc, a_gzipped_reply_revalidates_to_a_bare_304);
    tcase_add_test(tc, cors_lets_a_browser_send_and_read_what_it_needs);
    tcase_add_test(tc, both_secret_settings_stop_start_up);
    tcase_add_test(tc, sigterm_closes_idle_keep_alive_connections_at_once);
    tcase_add_test(tc, a_drain_answers_readyz_503_and_finishes_the_request_in_flight);
    tcase_add_test(tc, metrics_are_off_without_a_token);
    tcase_add_test(tc, a_slow_request_is_logged_at_warn_with_its_duration);
    tcase_add_test(tc, an_unknown_rule_profile_stops_start_up);
    suite_add_tcase(s, tc);
    return s;
}

IT_MAIN("operations", operations_suite, suite_env)
