/* harness.c: starting the real server against its own database, and an HTTP client
 * that holds every response to the contract of the OpenAPI document the server serves. */
#include "harness.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <jwt.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "idnumber.h"
#include "openapi_check.h"
#include "settings.h"

const char it_secret[] = "integration-test-secret-0123456789abcdef";

static pid_t server_pid;
static char base_url[64];
static char conninfo[1024];
static json_t *contract; /* the served openapi.yaml as JSON, read once per suite process */

static struct it_resp *perform(const char *method, const char *path, const char *token,
                               const char *body, const char *const *extra_headers);

const char *it_base_url(void)
{
    return base_url;
}

void it_use_server(const char *url)
{
    snprintf(base_url, sizeof base_url, "%s", url);
}

const char *it_db_conninfo(void)
{
    return conninfo;
}

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        perror("free_port");
        exit(2);
    }
    close(fd);
    return ntohs(a.sin_port);
}

static void admin_sql(const char *sql)
{
    const char *admin = getenv("TEST_PG_ADMIN");
    if (admin == NULL) {
        fprintf(stderr, "TEST_PG_ADMIN is not set: run the suites with `make check`\n");
        exit(2);
    }
    PGconn *c = PQconnectdb(admin);
    PGresult *res = PQexec(c, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
        exit(2);
    }
    PQclear(res);
    PQfinish(c);
}

static bool server_answers(void)
{
    struct it_resp *r = perform("GET", "/healthz", NULL, NULL, NULL);
    bool ok = r->status == 200;
    it_free(r);
    return ok;
}

/* Reads the document the server serves (before any test forks, so every test shares it). */
static void load_contract(void)
{
    struct it_resp *r = perform("GET", "/openapi.yaml", NULL, NULL, NULL);
    char err[256];
    contract =
        r->status == 200 ? oac_yaml_to_json(r->body, strlen(r->body), err, sizeof err) : NULL;
    if (contract == NULL) {
        fprintf(stderr, "GET /openapi.yaml (%ld): %s\n", r->status,
                r->status == 200 ? err : "not served");
        exit(2);
    }
    it_free(r);
}

const json_t *it_contract(void)
{
    return contract;
}

void it_database(const char *name)
{
    char dbname[96], sql[256];
    snprintf(dbname, sizeof dbname, "it_%s_%d", name, (int)getpid());
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", dbname);
    admin_sql(sql);
    const char *admin = getenv("TEST_PG_ADMIN");
    snprintf(conninfo, sizeof conninfo, "%s", admin);
    char *db = strstr(conninfo, "dbname=postgres");
    if (db == NULL) {
        fprintf(stderr, "TEST_PG_ADMIN must contain dbname=postgres\n");
        exit(2);
    }
    snprintf(db, sizeof conninfo - (size_t)(db - conninfo), "dbname=%s", dbname);
}

void it_start(const char *name, const char *const *extra_env)
{
    curl_global_init(CURL_GLOBAL_ALL);
    it_database(name);
    server_pid = it_spawn(name, extra_env, base_url, sizeof base_url);
    load_contract();
}

pid_t it_spawn(const char *name, const char *const *extra_env, char *url, size_t urlcap)
{
    int port = free_port();
    char saved[sizeof base_url];
    snprintf(saved, sizeof saved, "%s", base_url);
    snprintf(url, urlcap, "http://127.0.0.1:%d", port);
    pid_t pid = fork();
    if (pid == 0) {
        char portbuf[16], logpath[160];
        snprintf(portbuf, sizeof portbuf, "%d", port);
        snprintf(logpath, sizeof logpath, "/tmp/bankruptcyd-it-%s.log", name);
        setenv("PORT", portbuf, 1);
        setenv("DATABASE_URL", conninfo, 1);
        setenv("JWT_SECRET", it_secret, 1);
        setenv("BANKRUPTCYD_DEV", "1", 1);
        setenv("THREADS", "4", 1);
        const char *mig = getenv("TEST_MIGRATIONS");
        setenv("MIGRATIONS_DIR", mig ? mig : "migrations", 1);
        const char *defs = getenv("TEST_SQL");
        setenv("SQL_DIR", defs ? defs : "sql", 1);
        for (const char *const *e = extra_env; e && *e; e++)
            putenv(strdup(*e));
        if (freopen(logpath, "w", stderr) == NULL)
            _exit(127);
        const char *bin = getenv("BANKRUPTCYD_BIN");
        execl(bin ? bin : "build/bankruptcyd", "bankruptcyd", "serve", "--migrate", (char *)NULL);
        _exit(127);
    }
    if (url != base_url) /* server_answers asks base_url */
        snprintf(base_url, sizeof base_url, "%s", url);
    for (int i = 0; i < 200; i++) { /* up to 20 s: migrations and start-up */
        if (server_answers()) {
            if (url != base_url)
                snprintf(base_url, sizeof base_url, "%s", saved);
            return pid;
        }
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            fprintf(stderr, "bankruptcyd exited at start-up; see /tmp/bankruptcyd-it-%s.log\n",
                    name);
            exit(2);
        }
        usleep(100000);
    }
    fprintf(stderr, "bankruptcyd did not answer /healthz\n");
    exit(2);
}

size_t it_log_lines(const char *name, const char *needle)
{
    char path[160], line[4096];
    snprintf(path, sizeof path, "/tmp/bankruptcyd-it-%s.log", name);
    FILE *f = fopen(path, "r");
    size_t n = 0;
    while (f && fgets(line, sizeof line, f))
        n += strstr(line, needle) != NULL;
    if (f)
        fclose(f);
    return n;
}

bool it_stop(void)
{
    bool clean = true;
    if (server_pid > 0) {
        kill(server_pid, SIGTERM);
        int status = 0;
        waitpid(server_pid, &status, 0);
        clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        if (!clean)
            fprintf(stderr, "bankruptcyd did not stop cleanly (status %d): see its log\n", status);
    }
    json_decref(contract);
    contract = NULL;
    curl_global_cleanup();
    return clean;
}

struct buf {
    char *data;
    size_t len;
};

static size_t collect(char *ptr, size_t size, size_t n, void *userdata)
{
    struct buf *b = userdata;
    size_t add = size * n;
    char *grown = realloc(b->data, b->len + add + 1);
    if (grown == NULL)
        return 0;
    memcpy(grown + b->len, ptr, add);
    b->data = grown;
    b->len += add;
    b->data[b->len] = '\0';
    return add;
}

bool it_auto_if_match = true;

/* A PATCH sends If-Match with the ETag its sender reads now, unless the test names one
 * (or turns this off to see the 428): the routes that require it then behave as for a
 * client that read before writing. */
static const char *const *with_if_match(const char *method, const char *path, const char *token,
                                        const char *const *extra, const char **out, char *buf,
                                        size_t cap)
{
    if (!it_auto_if_match || strcmp(method, "PATCH") != 0)
        return extra;
    size_t n = 0;
    for (const char *const *e = extra; e && *e; e++)
        if (strncasecmp(*e, "If-Match:", 9) == 0 || n >= 14)
            return extra;
        else
            out[n++] = *e;
    struct it_resp *current = it_call("GET", path, token, NULL, NULL);
    const char *etag = it_header(current, "ETag");
    if (etag != NULL) {
        snprintf(buf, cap, "If-Match: %s", etag);
        out[n++] = buf;
    }
    it_free(current);
    out[n] = NULL;
    return out;
}

static struct it_resp *perform(const char *method, const char *path, const char *token,
                               const char *body, const char *const *extra_headers)
{
    const char *headers_buf[16];
    char if_match[1100];
    extra_headers =
        with_if_match(method, path, token, extra_headers, headers_buf, if_match, sizeof if_match);
    struct it_resp *r = calloc(1, sizeof *r);
    struct buf bodybuf = {0}, headbuf = {0};
    CURL *c = curl_easy_init();
    char url[1024], auth[4200];
    snprintf(url, sizeof url, "%s%s", base_url, path);
    struct curl_slist *h = NULL;
    if (token) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
        h = curl_slist_append(h, auth);
    }
    bool own_type = false; /* a test may send another Content-Type (text/csv) */
    for (const char *const *e = extra_headers; e && *e; e++)
        own_type = own_type || strncasecmp(*e, "Content-Type:", 13) == 0;
    if (body && !own_type)
        h = curl_slist_append(h, "Content-Type: application/json");
    for (const char *const *e = extra_headers; e && *e; e++)
        h = curl_slist_append(h, *e);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (strcmp(method, "HEAD") == 0)
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (body)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &bodybuf);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &headbuf);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    r->body = bodybuf.data ? bodybuf.data : strdup("");
    r->headers = headbuf.data ? headbuf.data : strdup("");
    r->json = json_loads(r->body, JSON_DECODE_ANY, NULL);
    return r;
}

/* Fails the calling test when the response breaks the contract (no response at all is
 * left to the test, which sees status 0). */
static void hold_to_contract(const char *method, const char *path, struct it_resp *r,
                             size_t body_len)
{
    if (contract == NULL || r->status == 0)
        return;
    const char *ct = it_header(r, "Content-Type");
    char *content_type = ct ? strdup(ct) : NULL;
    const char *allow = it_header(r, "Allow");
    struct oac_response resp = {.method = method,
                                .target = path,
                                .status = r->status,
                                .content_type = content_type,
                                .allow = allow,
                                .headers = r->headers,
                                .body = r->body,
                                .body_len = body_len};
    char *broken = oac_check(contract, &resp);
    free(content_type);
    if (broken != NULL)
        ck_abort_msg("%s", broken);
}

struct it_resp *it_call(const char *method, const char *path, const char *token, const char *body,
                        const char *const *extra_headers)
{
    struct it_resp *r = perform(method, path, token, body, extra_headers);
    hold_to_contract(method, path, r, strlen(r->body));
    return r;
}

struct it_resp *it_get(const char *path, const char *token)
{
    return it_call("GET", path, token, NULL, NULL);
}

struct it_resp *it_post(const char *path, const char *token, const char *body)
{
    return it_call("POST", path, token, body, NULL);
}

struct it_resp *it_patch(const char *path, const char *token, const char *body)
{
    return it_call("PATCH", path, token, body, NULL);
}

void it_free(struct it_resp *r)
{
    if (r == NULL)
        return;
    free(r->body);
    free(r->headers);
    json_decref(r->json);
    free(r);
}

const char *it_header(struct it_resp *r, const char *name)
{
    static __thread char value[1024];
    return oac_header_value(r->headers, name, value, sizeof value) ? value : NULL;
}

void it_link_next(struct it_resp *r, char *out, size_t cap)
{
    const char *link = it_header(r, "Link");
    out[0] = '\0';
    if (link == NULL)
        return;
    const char *end = strstr(link, ">; rel=\"next\"");
    ck_assert_msg(link[0] == '<' && end != NULL, "a malformed Link: %s", link);
    snprintf(out, cap, "%.*s", (int)(end - link - 1), link + 1);
}

double it_metric(const char *body, const char *series)
{
    size_t n = strlen(series);
    for (const char *p = body; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, series, n) == 0 && p[n] == ' ')
            return strtod(p + n + 1, NULL);
    return -1;
}

double it_metric_now(const char *token, const char *series)
{
    char *auth = it_fmt("Authorization: Bearer %s", token);
    const char *h[] = {auth, NULL};
    struct it_resp *m = it_call("GET", "/metrics", NULL, NULL, h);
    it_expect(m, 200);
    double v = it_metric(m->body, series);
    it_free(m);
    free(auth);
    return v;
}

const char *it_str(struct it_resp *r, const char *key)
{
    return json_string_value(json_object_get(r->json, key));
}

char *it_token_ttl(const char *role, const char *sub, long ttl)
{
    struct settings s = {0};
    s.jwt_alg = "HS256";
    s.jwt_key = (unsigned char *)it_secret;
    s.jwt_key_len = strlen(it_secret);
    char err[256];
    char *t = auth_mint(&s, role_parse(role), sub, NULL, ttl, err, sizeof err);
    ck_assert_msg(t != NULL, "mint: %s", err);
    return t;
}

char *it_token(const char *role, const char *sub)
{
    return it_token_ttl(role, sub, 3600);
}

const char *it_token_kept(const char *role, const char *sub)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static struct {
        char role[16], sub[64];
        char *token;
    } kept[16];
    const char *found = NULL;
    pthread_mutex_lock(&lock);
    size_t i = 0;
    for (; i < sizeof kept / sizeof kept[0] && kept[i].token != NULL; i++)
        if (strcmp(kept[i].role, role) == 0 && strcmp(kept[i].sub, sub) == 0)
            break;
    if (i < sizeof kept / sizeof kept[0]) {
        if (kept[i].token == NULL) {
            snprintf(kept[i].role, sizeof kept[i].role, "%s", role);
            snprintf(kept[i].sub, sizeof kept[i].sub, "%s", sub);
            kept[i].token = it_token(role, sub);
        }
        found = kept[i].token;
    }
    pthread_mutex_unlock(&lock);
    ck_assert_msg(found != NULL, "it_token_kept: more than 16 kept tokens");
    return found;
}

char *it_token_vouched(const char *role, const char *sub, const char *id_number)
{
    struct settings s = {0};
    s.jwt_alg = "HS256";
    s.jwt_key = (unsigned char *)it_secret;
    s.jwt_key_len = strlen(it_secret);
    char err[256];
    char *t = auth_mint(&s, role_parse(role), sub, id_number, 3600, err, sizeof err);
    ck_assert_msg(t != NULL, "mint: %s", err);
    return t;
}

void it_b64url(const unsigned char *in, size_t len, char *out)
{
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        acc = (acc << 8) | in[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out[o++] = tbl[(acc >> bits) & 63];
        }
    }
    if (bits > 0)
        out[o++] = tbl[(acc << (6 - bits)) & 63];
    out[o] = '\0';
}

char *it_token_signed(const char *alg, const char *claims_json)
{
    jwt_t *jwt = NULL;
    jwt_new(&jwt);
    ck_assert_int_eq(jwt_add_grants_json(jwt, claims_json), 0);
    jwt_set_alg(jwt, jwt_str_alg(alg), (const unsigned char *)it_secret, (int)strlen(it_secret));
    char *t = jwt_encode_str(jwt);
    jwt_free(jwt);
    return t;
}

char *it_token_unsigned(const char *header_json, const char *claims_json)
{
    char h[1024], c[2048];
    it_b64url((const unsigned char *)header_json, strlen(header_json), h);
    it_b64url((const unsigned char *)claims_json, strlen(claims_json), c);
    char *out = malloc(4096);
    snprintf(out, 4096, "%s.%s.", h, c);
    return out;
}

void it_idnumber(unsigned n, char out[19])
{
    /* region 440305 (Nanshan, Shenzhen), birth 1970-01-01 + n days, sequence from n */
    struct tm tm = {.tm_year = 70, .tm_mday = 1 + (int)(n % 15000)};
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    char digits[64];
    snprintf(digits, sizeof digits, "440305%04d%02d%02d%03u", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, (n / 15000 + n) % 1000);
    memcpy(out, digits, 17);
    out[17] = idnumber_check_char(out);
    out[18] = '\0';
}

unsigned it_unique(void)
{
    static unsigned counter;
    return (unsigned)getpid() * 1000u + (++counter);
}

char *it_sql(const char *sql, bool *ok)
{
    PGconn *c = PQconnectdb(conninfo);
    PGresult *res = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(res);
    *ok = st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK;
    char *v = NULL;
    if (st == PGRES_TUPLES_OK && PQntuples(res) > 0)
        v = strdup(PQgetvalue(res, 0, 0));
    PQclear(res);
    PQfinish(c);
    return v;
}

void it_party(struct it_party *p, const char *role, const char *prefix)
{
    p->id[0] = '\0';
    snprintf(p->sub, sizeof p->sub, "%s-%u", prefix, it_unique());
    char *t = it_token(role, p->sub);
    snprintf(p->token, sizeof p->token, "%s", t);
    free(t);
}

void it_party_vouched(struct it_party *p, const char *id_number)
{
    char *t = it_token_vouched("debtor", p->sub, id_number);
    snprintf(p->token, sizeof p->token, "%s", t);
    free(t);
}

char *it_person_of(const char *debtor_id)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT json_build_object('name', name, 'id_number', id_number) "
             "FROM debtors WHERE id = '%s'",
             debtor_id);
    bool ok;
    char *person = it_sql(sql, &ok);
    ck_assert_msg(ok && person != NULL, "no debtor %s", debtor_id);
    return person;
}

void it_filed_liquidation(struct it_party *d, const char *prefix, const char *materials,
                          char id_number[19], char app[37])
{
    it_party(d, "debtor", prefix);
    it_idnumber(it_unique(), id_number);
    it_party_vouched(d, id_number);
    char *body = it_fmt("{\"name\":\"Debtor %s\",\"id_number\":\"%s\",\"sez_resident\":true,"
                        "\"social_insurance_years\":5}",
                        d->sub, id_number);
    struct it_resp *r = it_post("/v1/debtors", d->token, body);
    it_expect(r, 201);
    snprintf(d->id, sizeof d->id, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
    body = it_fmt("{\"debtor_id\":\"%s\",\"procedure\":\"liquidation\",\"materials\":%s}", d->id,
                  materials);
    r = it_post("/v1/applications", d->token, body);
    it_expect(r, 201);
    snprintf(app, 37, "%s", it_str(r, "id"));
    it_free(r);
    free(body);
}

void it_accepted_debtor(const char *prefix, const char *court_token, char debtor_id[37],
                        char id_number[19], struct it_resp **accepted)
{
    struct it_party p;
    char app[37], path[128];
    it_filed_liquidation(&p, prefix, IT_DEBTOR_MATERIALS, id_number, app);
    snprintf(debtor_id, 37, "%s", p.id);
    snprintf(path, sizeof path, "/v1/applications/%s/decision", app);
    struct it_resp *r = it_post(path, court_token, "{\"outcome\":\"accept\"}");
    it_expect(r, 200);
    if (accepted != NULL)
        *accepted = r;
    else
        it_free(r);
}

char *it_fmt(const char *f, ...)
{
    char *out = malloc(8192);
    va_list ap;
    va_start(ap, f);
    vsnprintf(out, 8192, f, ap);
    va_end(ap);
    return out;
}

/* Posts body to path as token and expects status; the reply's id goes into id (NULL: none). */
static void posted(const char *path, const char *token, const char *body, long status, char id[37])
{
    struct it_resp *r = it_post(path, token, body);
    ck_assert_msg(r->status == status, "%s: expected %ld, got %ld: %s", path, status, r->status,
                  r->body ? r->body : "");
    if (id)
        snprintf(id, 37, "%s", it_str(r, "id") ? it_str(r, "id") : "");
    it_free(r);
}

void it_announced_case(struct it_case *k, const char *prefix, const char *on,
                       bool individual_business, const char *materials, const char *announced)
{
    char *who = it_fmt("%s-debtor", prefix), path[160];
    it_party(&k->debtor, "debtor", who);
    char number[19];
    it_idnumber(it_unique(), number);
    it_party_vouched(&k->debtor, number);
    char *body = it_fmt("{\"name\":\"Debtor %s\",\"id_number\":\"%s\",\"sez_resident\":true,"
                        "\"social_insurance_years\":5,\"individual_business\":%s}",
                        k->debtor.sub, number, individual_business ? "true" : "false");
    posted("/v1/debtors", k->debtor.token, body, 201, k->debtor.id);
    free(body);
    body = it_fmt("{\"debtor_id\":\"%s\",\"procedure\":\"liquidation\",\"materials\":%s,"
                  "\"expected_income\":{\"monthly_amount\":\"12000.00\",\"source\":\"salary\"}}",
                  k->debtor.id, materials);
    posted("/v1/applications", k->debtor.token, body, 201, k->id);
    free(body);
    char *judge = it_fmt("judge-%s", prefix);
    char *court = it_token("court", judge);
    snprintf(path, sizeof path, "/v1/applications/%s/decision", k->id);
    body = it_fmt("{\"outcome\":\"accept\",\"ruling_date\":\"%s\"}", on);
    posted(path, court, body, 200, NULL);
    free(body);
    char *dept = it_token("department", "dept-cases");
    char *adm = it_fmt("%s-adm", prefix);
    it_party(&k->admin, "administrator", adm);
    body = it_fmt("{\"subject\":\"%s\",\"kind\":\"individual\",\"name\":\"Li Na\","
                  "\"profession\":\"lawyer\",\"qualification\":\"SZ-ADM-2026-7\"}",
                  k->admin.sub);
    posted("/v1/administrators", dept, body, 201, k->admin.id);
    free(body);
    snprintf(path, sizeof path, "/v1/applications/%s/administrator", k->id);
    body = it_fmt("{\"administrator_id\":\"%s\",\"basis\":\"department_proposal\","
                  "\"designated_on\":\"%s\"}",
                  k->admin.id, on);
    posted(path, court, body, 200, NULL);
    free(body);
    snprintf(path, sizeof path, "/v1/applications/%s/acts", k->id);
    posted(path, court, announced, 201, NULL);
    free(court);
    free(judge);
    free(dept);
    free(adm);
    free(who);
}

bool it_publicly_disclosed(const char *case_id, const char *node)
{
    char *sql = it_fmt("SELECT json_build_object('name', d.name, 'id_number', d.id_number) "
                       "FROM debtors d JOIN applications a ON a.debtor_id = d.id "
                       "WHERE a.id = '%s'",
                       case_id);
    bool ok;
    char *person = it_sql(sql, &ok);
    ck_assert_msg(ok && person, "%s", sql);
    char *number_sql = it_fmt("SELECT case_number FROM applications WHERE id = '%s'", case_id);
    char *number = it_sql(number_sql, &ok);
    ck_assert_msg(ok && number, "%s", number_sql);
    struct it_resp *r = it_post("/v1/disclosure/queries", NULL, person);
    it_expect(r, 200);
    bool seen = false;
    const json_t *cases = json_object_get(json_object_get(r->json, "record"), "cases");
    size_t i, j;
    const json_t *c, *e;
    json_array_foreach(cases, i, c)
    {
        if (strcmp(json_string_value(json_object_get(c, "case_number")) ?: "", number) != 0)
            continue;
        json_array_foreach(json_object_get(c, "entries"), j, e) seen =
            seen || strcmp(json_string_value(json_object_get(e, "node")) ?: "", node) == 0;
    }
    it_free(r);
    free(number);
    free(number_sql);
    free(person);
    free(sql);
    return seen;
}
