/* disclosure.c: bankruptcy information disclosure and credit repair (SZ-INF-DISCLOSE,
 * SZ-INF-CORRECT, SZ-INF-STOP, SZ-INF-RESTORED). What is public at each node of a case is the
 * table disclosure_nodes (migration 0020), served here read-only; the entries are written by
 * the trigger on case_acts (sql/298) when an act of the table is recorded, so every resource
 * that records acts discloses without knowing of it. Here: the public query (no token, a
 * rate limit per client address, every query recorded and readable by the debtor), the
 * credit feed (feed.c's machinery over disclosure_changes), the debtor's record, the finding
 * of dishonest conduct, and the three procedures with the progress their party follows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "clock.h"
#include "rules.h"
#include "rules_disclosure.h"

/* The department's setting: what the public sees of a restored case ("marked", "hidden"). */
static const char *restored_view(void)
{
    const struct settings *s = http_settings();
    return s && s->disclosure_restored ? s->disclosure_restored : "marked";
}

/* ---- the table ---- */

static enum db_status nodes_tx(struct db_tx *tx, struct api_call *c)
{
    json_t *items = NULL;
    enum db_status st = db_disclosure_nodes(tx, &items);
    if (st == DB_OK)
        c->out = json_pack("{s:o, s:s}", "items", items, "rule_id", "SZ-INF-DISCLOSE");
    return st;
}

enum MHD_Result api_disclosure_nodes(struct http_request *r)
{
    const struct api_handler h = {.name = "disclosure_nodes", .tx = nodes_tx, .what = "table"};
    return api_run(r, &h, NULL);
}

/* ---- the public query ---- */

struct query_in {
    const char *name, *id_number;
    char client[64];
};

static enum db_status query_tx(struct db_tx *tx, struct api_call *c)
{
    const struct query_in *in = c->arg;
    /* who asked: the client address always, the token's role and subject when one came */
    struct db_actor who = c->who;
    if (!c->r->authenticated)
        who.role = who.subject = NULL;
    json_t *record = NULL;
    enum db_status st = db_disclosure_query(tx, &who, in->client, in->name, in->id_number,
                                            restored_view(), &record);
    if (st != DB_OK) {
        json_decref(record);
        return st;
    }
    c->out = json_pack("{s:s, s:o}", "answer", record ? "disclosed" : "no_disclosed_record",
                       "record", record ? record : json_null());
    return DB_OK;
}

enum MHD_Result api_disclosure_query(struct http_request *r)
{
    struct query_in in = {0};
    http_client_address(r, in.client, sizeof in.client);
    const struct settings *s = http_settings();
    unsigned retry_after = 0;
    /* before anything is read: a refused request costs the register nothing */
    if (s != NULL && !http_rate_take(r, "public-query", in.client, s->public_query_limit,
                                     s->public_query_window, &retry_after)) {
        r->outcome = "rate_limited";
        return http_problem_rate_limited(r, retry_after);
    }
    const struct jf_field body[] = {
        {.name = "name",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 100,
         .dst = &in.name},
        {.name = "id_number", .type = JF_IDNUMBER, .required = true, .dst = &in.id_number},
        {NULL},
    };
    const struct api_handler h = {
        .name = "disclosure_query", .write = true, .body = body, .tx = query_tx, .what = "record"};
    return api_run(r, &h, &in);
}

static enum db_status queries_tx(struct db_tx *tx, struct api_call *c)
{
    const char *debtor_id = c->r->params[0];
    json_t *exists = NULL, *items = NULL;
    enum db_status st = db_debtor_get(tx, &c->who, debtor_id, &exists);
    json_decref(exists);
    if (st == DB_OK)
        st = db_disclosure_queries_for_debtor(tx, &c->who, debtor_id, c->cursor, c->limit, &items);
    if (st == DB_OK)
        c->out = api_page(items, c->limit);
    return st;
}

enum MHD_Result api_debtor_disclosure_queries(struct http_request *r)
{
    const struct api_handler h = {
        .name = "debtor_disclosure_queries", .page = 100, .tx = queries_tx, .what = "debtor"};
    return api_run(r, &h, NULL);
}

/* ---- the credit feed ---- */

/* No watcher keeps this feed's head in memory: a conditional poll costs one lookup of the
 * head (the primary key's last entry), and a 304 is never stale. */
static const struct api_feed credit_feed = {
    .etag_prefix = "credit",
    .head_cached = NULL,
    .head = db_disclosure_feed_head,
    .changes = db_disclosure_feed_changes,
};

enum MHD_Result api_disclosure_changes(struct http_request *r)
{
    return api_feed_run(r, "disclosure_changes", &credit_feed);
}

/* ---- the debtor's record ---- */

static json_t *with_progress(json_t *q);

/* The record with each request's progress, as GET /v1/disclosure-requests/{id} shows it. */
static enum db_status record_tx(struct db_tx *tx, struct api_call *c)
{
    enum db_status st =
        db_disclosure_record(tx, &c->who, c->r->params[0], restored_view(), &c->out);
    size_t i;
    json_t *q;
    json_array_foreach(json_object_get(c->out, "requests"), i, q) with_progress(q);
    return st;
}

enum MHD_Result api_debtor_disclosure(struct http_request *r)
{
    const struct api_handler h = {.name = "debtor_disclosure", .tx = record_tx, .what = "debtor"};
    return api_run(r, &h, NULL);
}

/* ---- dishonest conduct ---- */

struct conduct_in {
    const char *conduct;
    date_t found_on;
};

static enum db_status accepted_case(struct db_tx *tx, struct api_call *c, const char *case_id,
                                    struct db_application_state *s)
{
    enum db_status st = db_application_lock(tx, &c->who, case_id, s);
    json_decref(s->materials);
    s->materials = NULL;
    if (st == DB_OK && strcmp(s->status, "accepted") != 0)
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL, "the application is not a case");
    return st;
}

static enum db_status conduct_tx(struct db_tx *tx, struct api_call *c)
{
    const struct conduct_in *in = c->arg;
    const char *case_id = c->r->params[0];
    struct db_application_state s = {0};
    enum db_status st = accepted_case(tx, c, case_id, &s);
    if (st != DB_OK)
        return st;
    char on[11];
    date_format(in->found_on, on);
    json_t *conduct = json_pack("{s:s, s:s}", "conduct", in->conduct, "found_on", on);
    json_t *entries = NULL;
    st = db_disclosure_conduct(tx, case_id, conduct, on, &entries);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "disclosure.conduct", "application", case_id, case_id, conduct);
    json_decref(conduct);
    if (st == DB_OK)
        c->out = json_pack("{s:s, s:o}", "case_id", case_id, "entries", entries);
    else
        json_decref(entries);
    return st;
}

static enum http_step check_found_on(struct api_call *c)
{
    const struct conduct_in *in = c->arg;
    if (in->found_on <= clock_today())
        return HTTP_GO_ON;
    return api_step_for(
        c, api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "found_on", "must not be in the future"));
}

enum MHD_Result api_disclosure_conduct(struct http_request *r)
{
    struct conduct_in in = {.found_on = clock_today()};
    const struct jf_field body[] = {
        {.name = "conduct",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 2000,
         .dst = &in.conduct},
        {.name = "found_on", .type = JF_DATE, .dst = &in.found_on},
        {NULL},
    };
    const struct api_handler h = {.name = "disclosure_conduct",
                                  .write = true,
                                  .body = body,
                                  .before = check_found_on,
                                  .tx = conduct_tx,
                                  .ok = 201,
                                  .what = "case"};
    return api_run(r, &h, &in);
}

/* ---- the procedures ---- */

/* The steps of a new request: the application done today, the first review waiting. */
static json_t *fresh_steps(const char *kind, const char *today, const struct db_actor *who)
{
    json_t *names = rules_disclosure_steps(kind, api_rule(NULL, "SZ-INF-RESTORED"));
    if (names == NULL)
        return NULL;
    json_t *steps = json_array();
    size_t i;
    json_t *name;
    json_array_foreach(names, i, name)
    {
        const char *state = i == 0 ? "done" : i == 1 ? "current" : "pending";
        json_t *step = json_pack("{s:O, s:s}", "step", name, "state", state);
        json_object_set_new(step, "on", i == 0 ? json_string(today) : json_null());
        json_object_set_new(step, "by", i == 0 ? json_string(who->role) : json_null());
        json_array_append_new(steps, step);
    }
    json_decref(names);
    return steps;
}

/* A request as its party reads it: with its progress (the step waiting, for whom, the step
 * after it, and the first day the court may rule once the announcement was made). */
static json_t *with_progress(json_t *q)
{
    struct rules_disclosure_progress p;
    const json_t *steps = json_object_get(q, "steps");
    rules_disclosure_progress(steps, &p);
    json_t *progress = json_pack("{s:s?, s:s?, s:s?}", "current_step", p.current, "waiting_for",
                                 p.waiting_for, "next_step", p.next);
    const struct settings *s = http_settings();
    size_t i;
    const json_t *step;
    json_array_foreach(steps, i, step)
    {
        date_t on;
        const char *name = json_string_value(json_object_get(step, "step"));
        if (p.current != NULL && strcmp(p.current, "ruling") == 0 && name != NULL &&
            strcmp(name, "announcement") == 0 && jf_date(step, "on", &on)) {
            char until[11];
            date_format(date_add_days(on, s ? (int)s->restoration_announcement_days : 0), until);
            json_object_set_new(progress, "ruling_not_before", json_string(until));
        }
    }
    json_object_set_new(q, "progress", progress);
    return q;
}

struct request_in {
    char today[11];
    const char *ground, *reasons;
    const json_t *evidence, *proposed;
    int conduct_corrected, cooperated; /* a stop's facts (SZ-INF-STOP's requires) */
};

static void request_in_init(struct request_in *in)
{
    memset(in, 0, sizeof *in);
    date_format(clock_today(), in->today);
}

/* The routes that file a request: the kind's own body fields (own, NULL-ended), then the
 * reasons and the evidence every request gives; 201 with the request. */
#define FILING_FIELDS_MAX 8
static enum MHD_Result run_filing(struct http_request *r, const char *name,
                                  enum db_status (*tx)(struct db_tx *, struct api_call *),
                                  const char *what, struct request_in *in,
                                  const struct jf_field *own)
{
    struct jf_field body[FILING_FIELDS_MAX] = {{0}};
    size_t n = 0;
    for (; own[n].name != NULL && n < FILING_FIELDS_MAX - 3; n++)
        body[n] = own[n];
    body[n++] = (struct jf_field){.name = "reasons",
                                  .type = JF_STRING,
                                  .required = true,
                                  .min = 1,
                                  .max = 2000,
                                  .dst = &in->reasons};
    body[n++] = (struct jf_field){.name = "evidence",
                                  .type = JF_ARRAY,
                                  .max = 50,
                                  .item_type = JF_STRING,
                                  .dst = &in->evidence};
    const struct api_handler h = {
        .name = name, .write = true, .body = body, .tx = tx, .ok = 201, .what = what};
    return api_run(r, &h, in);
}

/* Files the request q (its kind, rule, case, debtor, entry filled) with the body's reasons,
 * evidence and proposal; its Location is the request's own path. */
static enum db_status file_request(struct db_tx *tx, struct api_call *c,
                                   struct db_disclosure_request *q)
{
    const struct request_in *in = c->arg;
    json_t *steps = fresh_steps(q->kind, in->today, &c->who);
    if (steps == NULL)
        return api_refuse(&c->no, PROBLEM_RULE, q->rule_id, NULL,
                          "the rule catalogue names no steps for this procedure");
    q->filed_on = in->today;
    q->reasons = in->reasons;
    q->evidence = in->evidence;
    q->steps = steps;
    json_t *out = NULL;
    enum db_status st = db_disclosure_request_insert(tx, &c->who, q, &out);
    json_decref(steps);
    if (st == DB_CONFLICT)
        return api_refuse(&c->no, PROBLEM_CONFLICT, q->rule_id, NULL,
                          "a request of this kind is already open for this case");
    const char *id = json_string_value(json_object_get(out, "id"));
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "disclosure.request", "disclosure_request", id, q->case_id, out);
    if (st != DB_OK) {
        json_decref(out);
        return st;
    }
    free(c->r->location);
    c->r->location = NULL;
    size_t n = strlen(id) + 32;
    if ((c->r->location = malloc(n)) != NULL)
        snprintf(c->r->location, n, "/v1/disclosure-requests/%s", id);
    c->out = with_progress(out);
    return DB_OK;
}

/* An objection to a disclosed entry (SZ-INF-CORRECT): wrong or not updated, with reasons,
 * evidence and the fields as the party says they should read (only fields the entry has). */
static enum db_status object_tx(struct db_tx *tx, struct api_call *c)
{
    const struct request_in *in = c->arg;
    const char *entry_id = c->r->params[0];
    const struct rule *rule = api_rule(NULL, "SZ-INF-CORRECT");
    if (rule == NULL || !jf_listed(rules_param(rule, "grounds"), in->ground))
        return api_refuse(&c->no, PROBLEM_RULE, "SZ-INF-CORRECT", "ground",
                          "an objection is that the information is wrong or not updated");
    json_t *entry = NULL;
    enum db_status st = db_disclosure_entry(tx, &c->who, entry_id, &entry);
    if (st != DB_OK)
        return st;
    const json_t *fields = json_object_get(entry, "fields");
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)in->proposed, key, v) if (json_object_get(fields, key) == NULL)
    {
        snprintf(c->no.field_buf, sizeof c->no.field_buf, "proposed.%s", key);
        json_decref(entry);
        return api_refuse(&c->no, PROBLEM_VALIDATION, NULL, c->no.field_buf,
                          "the entry discloses no such field");
    }
    struct db_disclosure_request q = {.kind = "correction",
                                      .rule_id = "SZ-INF-CORRECT",
                                      .case_id = jf_str(entry, "case_id"),
                                      .debtor_id = jf_str(entry, "debtor_id"),
                                      .entry_id = entry_id,
                                      .ground = in->ground,
                                      .proposed = in->proposed};
    st = file_request(tx, c, &q);
    json_decref(entry);
    return st;
}

enum MHD_Result api_disclosure_object(struct http_request *r)
{
    struct request_in in;
    request_in_init(&in);
    const struct jf_field own[] = {
        {.name = "ground",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 32,
         .dst = &in.ground},
        {.name = "proposed", .type = JF_OBJECT, .dst = &in.proposed},
        {NULL},
    };
    return run_filing(r, "disclosure_object", object_tx, "entry", &in, own);
}

/* A stop of the case's dishonest-conduct information (SZ-INF-STOP): the debtor states the
 * facts the rule requires; there must be such information the public still sees. */
static enum db_status stop_tx(struct db_tx *tx, struct api_call *c)
{
    const struct request_in *in = c->arg;
    const char *case_id = c->r->params[0];
    struct db_application_state s = {0};
    enum db_status st = accepted_case(tx, c, case_id, &s);
    if (st != DB_OK)
        return st;
    json_t *facts = json_pack("{s:b, s:b}", "conduct_corrected", in->conduct_corrected,
                              "cooperated", in->cooperated);
    const char *missing = NULL;
    bool met = rules_disclosure_stop_met(api_rule(NULL, "SZ-INF-STOP"), facts, &missing);
    json_decref(facts);
    if (!met) {
        snprintf(c->no.field_buf, sizeof c->no.field_buf, "%s", missing);
        return api_refuse(&c->no, PROBLEM_RULE, "SZ-INF-STOP", c->no.field_buf,
                          "disclosure is stopped for a debtor who corrected its dishonest "
                          "conduct and cooperated with the proceedings");
    }
    json_t *case_facts = NULL;
    st = db_disclosure_case_facts(tx, case_id, &case_facts);
    if (st == DB_OK && jf_int(case_facts, "dishonest_public", 0) == 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, "SZ-INF-STOP", NULL,
                        "the public sees no dishonest-conduct information of this case");
    json_decref(case_facts);
    if (st != DB_OK)
        return st;
    struct db_disclosure_request q = {
        .kind = "stop", .rule_id = "SZ-INF-STOP", .case_id = case_id, .debtor_id = s.debtor_id};
    return file_request(tx, c, &q);
}

enum MHD_Result api_disclosure_stop(struct http_request *r)
{
    struct request_in in;
    request_in_init(&in);
    const struct jf_field own[] = {
        {.name = "conduct_corrected",
         .type = JF_BOOL,
         .required = true,
         .dst = &in.conduct_corrected},
        {.name = "cooperated", .type = JF_BOOL, .required = true, .dst = &in.cooperated},
        {NULL},
    };
    return run_filing(r, "disclosure_stop", stop_tx, "case", &in, own);
}

/* A restoration (SZ-INF-RESTORED): allowed once the inspection period has ended or the plan
 * or settlement was fully executed; refused before, naming the rule. */
static enum db_status restoration_tx(struct db_tx *tx, struct api_call *c)
{
    const struct request_in *in = c->arg;
    const char *case_id = c->r->params[0];
    struct db_application_state s = {0};
    enum db_status st = accepted_case(tx, c, case_id, &s);
    json_t *facts = NULL;
    if (st == DB_OK)
        st = db_disclosure_case_facts(tx, case_id, &facts);
    if (st != DB_OK)
        return st;
    const char *ground = NULL;
    bool allowed = rules_disclosure_restorable(
        api_rule(NULL, "SZ-INF-RESTORED"), jf_str(facts, "inspection_due"), in->today,
        jf_str(facts, "phase"), jf_str(facts, "executed_act"), &ground);
    char why[200];
    snprintf(why, sizeof why, "%s", ground);
    long long unrestored = jf_int(facts, "unrestored", 0);
    json_decref(facts);
    if (unrestored == 0)
        return api_refuse(&c->no, PROBLEM_CONFLICT, "SZ-INF-RESTORED", NULL,
                          "the case's disclosed information is restored already");
    if (!allowed)
        return api_refuse(&c->no, PROBLEM_RULE, "SZ-INF-RESTORED", NULL,
                          "a restoration is applied for once the inspection period has ended or "
                          "the plan or settlement was fully executed: %s",
                          why);
    struct db_disclosure_request q = {.kind = "restoration",
                                      .rule_id = "SZ-INF-RESTORED",
                                      .case_id = case_id,
                                      .debtor_id = s.debtor_id,
                                      .ground = why};
    return file_request(tx, c, &q);
}

enum MHD_Result api_disclosure_restoration(struct http_request *r)
{
    struct request_in in;
    request_in_init(&in);
    const struct jf_field own[] = {{NULL}};
    return run_filing(r, "disclosure_restoration", restoration_tx, "case", &in, own);
}

static enum db_status request_get_tx(struct db_tx *tx, struct api_call *c)
{
    json_t *q = NULL;
    enum db_status st = db_disclosure_request_get(tx, &c->who, c->r->params[0], &q);
    if (st == DB_OK)
        c->out = with_progress(q);
    return st;
}

enum MHD_Result api_disclosure_requests_get(struct http_request *r)
{
    const struct api_handler h = {
        .name = "disclosure_requests_get", .tx = request_get_tx, .what = "request"};
    return api_run(r, &h, NULL);
}

/* ---- a step of a procedure ---- */

static const char *const step_names[] = {"review", "announcement", "ruling", NULL};
static const char *const outcomes[] = {"approved", "refused", NULL};

struct step_in {
    char today[11];
    const char *step, *outcome, *reasons;
    const json_t *fields; /* a correction's fields as the department corrects them */
};

/* The rule of a procedure kind. */
static const char *rule_of(const char *kind)
{
    if (strcmp(kind, "correction") == 0)
        return "SZ-INF-CORRECT";
    return strcmp(kind, "stop") == 0 ? "SZ-INF-STOP" : "SZ-INF-RESTORED";
}

/* The change the last step's approval makes, by kind. */
static const char *change_of(const char *kind)
{
    if (strcmp(kind, "correction") == 0)
        return "corrected";
    return strcmp(kind, "stop") == 0 ? "stopped" : "restored";
}

/* A correction's fields: the department's own, else the party's proposal; only names the
 * entry has. */
static enum db_status corrected_fields(struct db_tx *tx, struct api_call *c, const json_t *q,
                                       const json_t **out)
{
    const struct step_in *in = c->arg;
    const json_t *fields = in->fields ? in->fields : json_object_get(q, "proposed");
    if (!json_is_object(fields) || json_object_size(fields) == 0)
        return api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "fields",
                          "name the corrected fields (the objection proposed none)");
    json_t *entry = NULL;
    enum db_status st = db_disclosure_entry(tx, &c->who, jf_str(q, "entry_id"), &entry);
    const char *key;
    const json_t *v;
    if (st == DB_OK)
        json_object_foreach((json_t *)fields, key,
                            v) if (!json_object_get(json_object_get(entry, "fields"), key))
        {
            snprintf(c->no.field_buf, sizeof c->no.field_buf, "fields.%s", key);
            st = api_refuse(&c->no, PROBLEM_VALIDATION, NULL, c->no.field_buf,
                            "the entry discloses no such field");
            break;
        }
    json_decref(entry);
    *out = fields;
    return st;
}

/* The step waiting, checked against the request: the right step, by the role that takes
 * it, refused only where it may be, and a ruling not before the announcement has run. */
static enum db_status check_step(struct api_call *c, const json_t *q)
{
    const struct step_in *in = c->arg;
    const char *rule = rule_of(jf_str(q, "kind")); /* static: the refusal outlives q */
    struct rules_disclosure_progress p;
    rules_disclosure_progress(json_object_get(q, "steps"), &p);
    if (p.current == NULL)
        return api_refuse(&c->no, PROBLEM_CONFLICT, rule, NULL, "the request is decided");
    if (strcmp(p.current, in->step) != 0) {
        return api_refuse(&c->no, PROBLEM_CONFLICT, rule, "step",
                          "the step waiting is the %s, not the %s", p.current, in->step);
    }
    const char *taker = rules_disclosure_step_taker(in->step);
    if (taker == NULL || strcmp(taker, c->who.role) != 0)
        return api_refuse(&c->no, PROBLEM_FORBIDDEN, NULL, "step", "the %s is the %s's", in->step,
                          taker ? taker : "party");
    if (strcmp(in->outcome, "refused") == 0 && !rules_disclosure_step_may_refuse(in->step))
        return api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "outcome",
                          "an announcement is made, not refused");
    if (in->fields != NULL && strcmp(jf_str(q, "kind"), "correction") != 0)
        return api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "fields",
                          "only a correction's review names fields");
    if (strcmp(in->outcome, "refused") == 0 && in->reasons == NULL)
        return api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "reasons",
                          "a refusal gives its reasons");
    json_t *shown = with_progress(json_deep_copy(q));
    const char *not_before = jf_str(json_object_get(shown, "progress"), "ruling_not_before");
    enum db_status st = DB_OK;
    if (not_before != NULL && strcmp(in->today, not_before) < 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, rule, "step",
                        "the public announcement runs until %s (RESTORATION_ANNOUNCEMENT_DAYS)",
                        not_before);
    json_decref(shown);
    return st;
}

/* The steps after this one: the step done (or refused) today by this role, the next one
 * waiting; the request's status after it. */
static const char *advance(json_t *steps, const struct step_in *in, const char *role, bool *decided)
{
    size_t i;
    json_t *s;
    bool refused = strcmp(in->outcome, "refused") == 0, next = false;
    *decided = refused;
    json_array_foreach(steps, i, s)
    {
        const char *state = jf_str(s, "state");
        if (next && state != NULL && strcmp(state, "pending") == 0) {
            json_object_set_new(s, "state", json_string("current"));
            next = false;
            continue;
        }
        if (state == NULL || strcmp(state, "current") != 0)
            continue;
        json_object_set_new(s, "state", json_string(refused ? "refused" : "done"));
        json_object_set_new(s, "on", json_string(in->today));
        json_object_set_new(s, "by", json_string(role));
        if (in->reasons != NULL)
            json_object_set_new(s, "note", json_string(in->reasons));
        next = !refused;
    }
    if (refused)
        return "refused";
    if (next) { /* no step was left waiting */
        *decided = true;
        return "approved";
    }
    return strcmp(in->step, "announcement") == 0 ? "announced" : "under_review";
}

static enum db_status step_tx(struct db_tx *tx, struct api_call *c)
{
    const struct step_in *in = c->arg;
    const char *id = c->r->params[0];
    json_t *q = NULL;
    enum db_status st = db_disclosure_request_lock(tx, id, &q);
    if (st == DB_OK)
        st = check_step(c, q);
    const char *kind = jf_str(q, "kind");
    json_t *steps = st == DB_OK ? json_deep_copy(json_object_get(q, "steps")) : NULL;
    bool decided = false;
    const char *status = steps ? advance(steps, in, c->who.role, &decided) : NULL;
    const json_t *fields = NULL;
    if (st == DB_OK && strcmp(status, "approved") == 0 && strcmp(kind, "correction") == 0)
        st = corrected_fields(tx, c, q, &fields);
    int changed = 0;
    if (st == DB_OK && strcmp(status, "approved") == 0)
        st = db_disclosure_apply(tx, change_of(kind), jf_str(q, "case_id"), jf_str(q, "entry_id"),
                                 fields, in->today, id, &changed);
    json_t *out = NULL;
    if (st == DB_OK)
        st = db_disclosure_request_update(tx, id, status, steps, decided ? in->today : NULL,
                                          decided ? in->reasons : NULL, &out);
    if (st == DB_OK) {
        json_t *detail = json_pack("{s:s, s:s, s:s?, s:i}", "step", in->step, "outcome",
                                   in->outcome, "reasons", in->reasons, "entries_changed", changed);
        st = db_audit(tx, &c->who, "disclosure.step", "disclosure_request", id,
                      jf_str(q, "case_id"), detail);
        json_decref(detail);
    }
    if (st == DB_OK)
        c->out = with_progress(out);
    else
        json_decref(out);
    json_decref(steps);
    json_decref(q);
    return st;
}

enum MHD_Result api_disclosure_requests_step(struct http_request *r)
{
    struct step_in in = {0};
    date_format(clock_today(), in.today);
    const struct jf_field body[] = {
        {.name = "step",
         .type = JF_ENUM,
         .required = true,
         .enum_values = step_names,
         .dst = &in.step},
        {.name = "outcome",
         .type = JF_ENUM,
         .required = true,
         .enum_values = outcomes,
         .dst = &in.outcome},
        {.name = "reasons", .type = JF_STRING, .min = 1, .max = 2000, .dst = &in.reasons},
        {.name = "fields", .type = JF_OBJECT, .dst = &in.fields},
        {NULL},
    };
    const struct api_handler h = {.name = "disclosure_requests_step",
                                  .write = true,
                                  .body = body,
                                  .tx = step_tx,
                                  .what = "request"};
    return api_run(r, &h, &in);
}
