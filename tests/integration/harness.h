/* harness.h: integration tests over HTTP against the real server and a real PostgreSQL.
 * Each suite binary gets its own database in the throwaway cluster run-tests.sh starts
 * (TEST_PG_ADMIN), applies the migrations, starts bankruptcyd on a free port and stops it
 * at the end. Check forks each test, so tests share the database but no memory.
 * Every response it_call receives is checked against the OpenAPI document the server
 * serves (openapi_check.h): a status, content type or body the document does not declare
 * fails the test that made the request, naming method, path, status and JSON pointer. */
#ifndef HARNESS_H
#define HARNESS_H
#include <check.h>
#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

#include "auth.h"

struct it_resp {
    long status;
    char *body;
    json_t *json;  /* parsed body, or NULL */
    char *headers; /* raw response headers */
};

/* Creates the suite's own empty database in the throwaway cluster (it_db_conninfo). */
void it_database(const char *name);
/* Creates the database and starts the server on it for suite `name` (extra "KEY=VALUE"
 * environment entries, NULL-ended); the server applies the migrations. */
void it_start(const char *name, const char *const *extra_env);
/* Starts one more server for suite `name` on the suite's database (its log is
 * /tmp/bankruptcyd-it-<name>.log), waits until it answers and returns its pid; its base URL
 * goes into url. The caller stops it. */
pid_t it_spawn(const char *name, const char *const *extra_env, char *url, size_t urlcap);
/* How many lines of the log of suite `name`'s server contain needle. */
size_t it_log_lines(const char *name, const char *needle);
/* Stops the server; false when it did not exit cleanly (a sanitizer report, a crash). */
bool it_stop(void);
const char *it_base_url(void);
/* Sends the it_* requests of the calling test process to another server from now on (one
 * it_spawn started on another database: a restored copy, say). */
void it_use_server(const char *url);
const char *it_db_conninfo(void);

/* The served openapi.yaml as JSON (read once by it_start). */
const json_t *it_contract(void);

/* One request; body may be NULL; extra_headers is NULL or a NULL-ended list "K: V". */
struct it_resp *it_call(const char *method, const char *path, const char *token, const char *body,
                        const char *const *extra_headers);
struct it_resp *it_get(const char *path, const char *token);
struct it_resp *it_post(const char *path, const char *token, const char *body);
struct it_resp *it_patch(const char *path, const char *token, const char *body);
void it_free(struct it_resp *r);
/* Whether a PATCH sends If-Match with the ETag a GET of its path answers now (default
 * true; a test turns it off to see 428). */
extern bool it_auto_if_match;
/* The value of a response header (case-insensitive), or NULL; valid until it_free. */
const char *it_header(struct it_resp *r, const char *name);
/* The path of the reply's Link: <path>; rel="next" header into out, or "" without one. */
void it_link_next(struct it_resp *r, char *out, size_t cap);
/* A string member of the JSON body, or NULL. */
const char *it_str(struct it_resp *r, const char *key);

/* Tokens signed with the suite's secret; ttl may be negative (expired). */
char *it_token(const char *role, const char *sub);
char *it_token_ttl(const char *role, const char *sub, long ttl);
/* One token per (role, sub) for the whole test process, minted on first use and safe to
 * ask for from several threads at once (a lazily filled static raced and leaked). */
const char *it_token_kept(const char *role, const char *sub);
/* A token whose identity claim vouches for id_number (a debtor registering itself). */
char *it_token_vouched(const char *role, const char *sub, const char *id_number);
/* A token with arbitrary claims, signed by libjwt with alg (HS256, HS512...) and the
 * suite's secret. */
char *it_token_signed(const char *alg, const char *claims_json);
/* An unsigned token "header.claims." (for alg none). */
/* base64url without padding of len bytes into out (room for len * 4 / 3 + 3). */
void it_b64url(const unsigned char *in, size_t len, char *out);
char *it_token_unsigned(const char *header_json, const char *claims_json);
extern const char it_secret[];

/* A valid 18-character resident identity number, unique per n. */
void it_idnumber(unsigned n, char out[19]);
/* A number unique across the run, for names and ids. */
unsigned it_unique(void);
/* Runs one SQL statement directly (for checks the API does not expose); returns the first
 * value of the first row as a malloc'd string, or NULL; *ok says whether it succeeded. */
char *it_sql(const char *sql, bool *ok);

/* The value of the sample `series` (a metric's name with its labels, exactly as GET
 * /metrics writes them) in a Prometheus text body; -1 when absent. */
double it_metric(const char *body, const char *series);
/* The same of a GET /metrics now, with `Authorization: Bearer <token>` (the suite's
 * METRICS_TOKEN); the reply must be 200. */
double it_metric_now(const char *token, const char *series);

/* Shared by the suites: a party with its token, a formatted string (malloc'd), and the
 * materials SZ-APP-MATERIALS asks of a debtor and of a creditor. */
struct it_party {
    char id[37]; /* the record's id (debtor, administrator), when it has one */
    char sub[64];
    char token[1024];
};
void it_party(struct it_party *p, const char *role, const char *prefix);
/* Gives a debtor party a token vouching for id_number, so that it may register it. */
void it_party_vouched(struct it_party *p, const char *id_number);
/* The person a creditor's petition names for a debtor's record: {"name", "id_number"} as JSON
 * text (malloc'd), read from the database. */
char *it_person_of(const char *debtor_id);
char *it_fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
/* A debtor (a new party named after prefix) registers itself with a vouched identity number
 * and files for liquidation with `materials` (a JSON array); d->id is its record, app the
 * application. */
void it_filed_liquidation(struct it_party *d, const char *prefix, const char *materials,
                          char id_number[19], char app[37]);
/* A debtor (a new party named after prefix) registers, files its own liquidation and the
 * court accepts it on the service's date: the acceptance imposes the restrictions, which
 * enter the feed. The debtor's id and identity number are filled; the acceptance's reply
 * goes into *accepted (freed by the caller) unless accepted is NULL. */
void it_accepted_debtor(const char *prefix, const char *court_token, char debtor_id[37],
                        char id_number[19], struct it_resp **accepted);
#define IT_DEBTOR_MATERIALS                                                                        \
    "[{\"kind\":\"application\",\"reference\":\"d1\"},"                                            \
    "{\"kind\":\"integrity_commitment\",\"reference\":\"d2\"},"                                    \
    "{\"kind\":\"bankruptcy_explanation\",\"reference\":\"d3\"},"                                  \
    "{\"kind\":\"income_statement\",\"reference\":\"d4\"},"                                        \
    "{\"kind\":\"social_security_statement\",\"reference\":\"d5\"},"                               \
    "{\"kind\":\"tax_record\",\"reference\":\"d6\"},"                                              \
    "{\"kind\":\"property_inventory\",\"reference\":\"d7\"},"                                      \
    "{\"kind\":\"debts_inventory\",\"reference\":\"d8\"},"                                         \
    "{\"kind\":\"dependants_info\",\"reference\":\"d9\"}]"
#define IT_CREDITOR_MATERIALS                                                                      \
    "[{\"kind\":\"application\",\"reference\":\"c1\"},{\"kind\":\"claim_proof\",\"reference\":"    \
    "\"c2\"}]"

/* A case at its claim period, as the claims and meetings suites start from: the debtor
 * registers itself (a vouched number; individual_business as given) and files for
 * liquidation with `materials` (a JSON array), the court accepts on `on`, the department
 * adds an administrator to the roster, the court designates it on `on` and records the
 * announcement `announced` (the act's JSON body, kind included). Each step must succeed. */
/* Whether the public disclosure query (POST /v1/disclosure/queries, no token) by the name and
 * whole identity number of the case's debtor answers a record with an entry of node. */
bool it_publicly_disclosed(const char *case_id, const char *node);

struct it_case {
    struct it_party debtor, admin;
    char id[37];
};
void it_announced_case(struct it_case *k, const char *prefix, const char *on,
                       bool individual_business, const char *materials, const char *announced);

/* Asserts the status, printing the body when it differs. */
#define it_expect(resp, code)                                                                      \
    ck_assert_msg((resp)->status == (code), "expected %d, got %ld: %s", (code), (resp)->status,    \
                  (resp)->body ? (resp)->body : "")

/* main() of a suite: starts the server, runs the suite, stops the server. */
#define IT_MAIN(NAME, SUITE_FN, ENV)                                                               \
    int main(void)                                                                                 \
    {                                                                                              \
        it_start(NAME, ENV);                                                                       \
        SRunner *sr = srunner_create(SUITE_FN());                                                  \
        srunner_run_all(sr, CK_NORMAL);                                                            \
        int failed = srunner_ntests_failed(sr);                                                    \
        srunner_free(sr);                                                                          \
        bool clean = it_stop();                                                                    \
        return failed == 0 && clean ? 0 : 1;                                                       \
    }

#endif
