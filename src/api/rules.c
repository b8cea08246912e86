/* rules.c: the rule catalogue served (public, cacheable), and the rules module's
 * computations on figures the caller supplies: a deadline with its trace, a vote tally, a
 * distribution. Nothing here is stored; nothing here holds a statutory number. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "embedded.h"
#include "money.h"
#include "rules.h"
#include "rules_distribution.h"
#include "rules_period.h"
#include "rules_vote.h"

#define MAX_ITEMS 10000

static const char *const rule_kinds[] = {"period", "threshold", "vote", "order",
                                         "restriction", "condition", NULL};
static const char *const votes[] = {"resolution", "plan", "settlement", NULL};
static const char *const ballots[] = {"for", "against", "abstain", NULL};
static const char *const claim_statuses[] = {"confirmed", "conditional", "disputed", NULL};

/* ---- the catalogue --------------------------------------------------------------- */

/* A strong validator: the catalogue is compiled in, so its hash and the query decide. */
static void catalogue_etag(const char *profile, const char *kind, char etag[40])
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (unsigned long i = 0; i < embedded_catalogue_len; i++)
        h = (h ^ embedded_catalogue[i]) * 1099511628211ULL;
    for (const char *p = profile ? profile : ""; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    h = (h ^ '|') * 1099511628211ULL;
    for (const char *p = kind ? kind : ""; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    snprintf(etag, 40, "\"%016llx\"", (unsigned long long)h);
}

static enum MHD_Result reply_cacheable(struct http_request *r, json_t *body, const char *etag)
{
    r->cacheable = true;
    const char *inm = http_header(r, "If-None-Match");
    if (inm != NULL && strstr(inm, etag) != NULL) {
        json_decref(body);
        return http_reply_raw(r, 304, NULL, "", 0, etag);
    }
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    if (text == NULL)
        return MHD_NO;
    enum MHD_Result ret = http_reply_raw(r, 200, "application/json", text, strlen(text), etag);
    free(text);
    return ret;
}

static enum http_step check_profile(struct http_request *r, const char *profile)
{
    if (profile == NULL || rules_profile_exists(rules_builtin(), profile))
        return HTTP_GO_ON;
    return http_replied(http_problem_fields(
        r, PROBLEM_VALIDATION, "no such profile",
        json_pack("[{s:s, s:s}]", "field", "profile", "message", "is not a profile of the catalogue")));
}

enum MHD_Result api_rules_list(struct http_request *r)
{
    static const char *const allowed[] = {"profile", "kind", NULL};
    enum http_step step = http_query_allowed(r, allowed);
    const char *profile = http_query(r, "profile"), *kind = http_query(r, "kind");
    if (step == HTTP_GO_ON)
        step = check_profile(r, profile);
    if (step == HTTP_GO_ON && kind != NULL) {
        json_t *q = json_pack("{s:s}", "kind", kind), *errors = json_array();
        static const struct jf_field kind_field[] = {{"kind", JF_ENUM, false, false, 0, 0, rule_kinds}, {NULL}};
        jf_validate(q, kind_field, errors);
        json_decref(q);
        if (json_array_size(errors) > 0)
            step = http_replied(http_problem_fields(r, PROBLEM_VALIDATION, "bad query", errors));
        else
            json_decref(errors);
    }
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    char etag[40];
    catalogue_etag(profile, kind, etag);
    return reply_cacheable(r, rules_catalogue_json(rules_builtin(), profile, kind), etag);
}

enum MHD_Result api_rules_get(struct http_request *r)
{
    static const char *const allowed[] = {"profile", NULL};
    enum http_step step = http_query_allowed(r, allowed);
    const char *profile = http_query(r, "profile");
    if (step == HTTP_GO_ON)
        step = check_profile(r, profile);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    const struct rule *rule = rules_find(rules_builtin(), profile, r->params[0]);
    if (rule == NULL)
        return http_problem(r, PROBLEM_NOT_FOUND, "no such rule in this profile");
    char etag[40];
    catalogue_etag(profile, r->params[0], etag);
    return reply_cacheable(r, rules_rule_json(rule), etag);
}

/* ---- computations ---------------------------------------------------------------- */

/* The rules module reports integer fen ("paid_fen": 28125); the API carries amounts as
 * decimal strings ("paid": "281.25"), like every other amount it serves. Members named
 * *_fen become strings without the suffix; so do the members of an object named *_fen,
 * and the yes/base of an amount condition. */
static json_t *amounts_as_money(json_t *v, bool all_ints)
{
    if (json_is_integer(v) && all_ints) {
        char buf[32];
        money_format((int64_t)json_integer_value(v), buf);
        json_decref(v);
        return json_string(buf);
    }
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            json_array_set_new(v, i, amounts_as_money(json_incref(json_array_get(v, i)), all_ints));
        return v;
    }
    if (!json_is_object(v))
        return v;
    json_t *out = json_object();
    const char *key;
    json_t *member;
    json_object_foreach(v, key, member)
    {
        size_t n = strlen(key);
        bool fen = n > 4 && strcmp(key + n - 4, "_fen") == 0;
        bool condition = strcmp(key, "amount") == 0 && json_is_object(member) &&
                         json_object_get(member, "base") != NULL;
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(fen ? n - 4 : n), key);
        json_object_set_new(out, name, amounts_as_money(json_incref(member), all_ints || fen));
        if (condition) {
            json_t *c = json_object_get(out, name);
            json_object_set_new(c, "yes", amounts_as_money(json_incref(json_object_get(member, "yes")), true));
            json_object_set_new(c, "base", amounts_as_money(json_incref(json_object_get(member, "base")), true));
        }
    }
    json_decref(v);
    return out;
}

/* Reads and validates a body; on failure the reply is queued. */
static enum http_step read_input(struct http_request *r, const struct jf_field *fields, json_t **in)
{
    enum http_step step = http_body_json(r, in);
    if (step != HTTP_GO_ON)
        return step;
    json_t *errors = json_array();
    if (jf_validate(*in, fields, errors) == 0) {
        json_decref(errors);
        step = check_profile(r, jf_str(*in, "profile"));
        if (step != HTTP_GO_ON) {
            json_decref(*in);
            *in = NULL;
        }
        return step;
    }
    json_decref(*in);
    *in = NULL;
    return http_replied(http_problem_fields(r, PROBLEM_VALIDATION, "some fields are invalid", errors));
}

static enum MHD_Result reply_rules_error(struct http_request *r, rules_err err, const char *profile,
                                         const char *rule_id, const char *field, const char *what)
{
    const struct rule *rule = rule_id ? rules_find(rules_builtin(), profile, rule_id) : NULL;
    char detail[200];
    snprintf(detail, sizeof detail, "%s: %s", what, rules_err_str(err));
    if (rule != NULL)
        return http_problem_rule(r, rule, detail, field);
    return http_problem(r, PROBLEM_UNPROCESSABLE, detail);
}

static const struct jf_field deadline_fields[] = {
    {"profile", JF_STRING, false, false, 1, 64},
    {"part", JF_STRING, false, false, 1, 64},
    {"trigger", JF_DATE, false, false, 0, 0},
    {"event", JF_DATE, false, false, 0, 0},
    {"days", JF_INT, false, false, 1, 3650},
    {NULL},
};

/* Which input a period rule needs: a court-fixed length, an event, or a trigger. A due date
 * in a year the court calendar lacks is answered (200) with provisional and missing_year. */
static enum MHD_Result compute_deadline(struct http_request *r, const struct rule *rule,
                                        const json_t *in, const rules_calendar *cal)
{
    struct rules_deadline d;
    memset(&d, 0, sizeof d);
    date_t when;
    const char *need = rules_param(rule, "in_advance_days") ? "event" : "trigger";
    if (!jf_date(in, need, &when))
        return http_problem_fields(r, PROBLEM_VALIDATION, "some fields are invalid",
                                   json_pack("[{s:s, s:s}]", "field", need, "message",
                                             "is required by this rule"));
    bool fixed = rules_param(rule, "min_days") != NULL;
    if (!fixed && json_object_get(in, "days") != NULL)
        return http_problem_fields(r, PROBLEM_VALIDATION, "some fields are invalid",
                                   json_pack("[{s:s, s:s}]", "field", "days", "message",
                                             "the law sets this period's length; leave days out"));
    if (fixed && json_object_get(in, "days") == NULL)
        return http_problem_fields(r, PROBLEM_VALIDATION, "some fields are invalid",
                                   json_pack("[{s:s, s:s}]", "field", "days", "message",
                                             "the court fixes this period: give its length in days"));
    rules_err err = fixed ? rules_period_fixed(rule, cal, when, (int)jf_int(in, "days", 0), &d)
                          : rules_period_due(rule, cal, when, &d);
    if (err == RULES_E_INVALID && fixed) {
        int64_t lo = 0, hi = 0;
        rules_param_i64(rule, "min_days", &lo);
        rules_param_i64(rule, "max_days", &hi);
        char detail[120];
        if (hi > 0)
            snprintf(detail, sizeof detail, "the court fixes this period at %lld to %lld days",
                     (long long)lo, (long long)hi);
        else
            snprintf(detail, sizeof detail, "the court fixes this period at %lld days or more",
                     (long long)lo);
        return http_problem_rule(r, rule, detail, "days");
    }
    if (err == RULES_E_INVALID)
        return reply_rules_error(r, err, rule->profile, rule->id, need, "outside what the rule allows");
    if (err == RULES_E_LIMIT)
        return reply_rules_error(r, err, NULL, NULL, NULL, "the period passes too many non-working days to trace");
    if (err != RULES_OK)
        return reply_rules_error(r, err, NULL, NULL, NULL, "this rule has no period to compute");
    return http_reply_json(r, 200, rules_deadline_json(&d));
}

/* A period rule, or a part of another rule that carries a period (the 10 days to apply
 * for approval inside SZ-REO-PASS, say). */
static bool is_period(const struct rule *rule)
{
    static const char *const shapes[] = {"days", "months", "years", "in_advance_days", "min_days", NULL};
    if (strcmp(rule->kind, "period") == 0)
        return true;
    for (const char *const *p = shapes; *p; p++)
        if (rules_param(rule, *p) != NULL)
            return true;
    return false;
}

enum MHD_Result api_rules_deadline(struct http_request *r)
{
    json_t *in = NULL;
    enum http_step step = read_input(r, deadline_fields, &in);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    enum MHD_Result ret;
    const struct rule *rule = rules_find(rules_builtin(), jf_str(in, "profile"), r->params[0]);
    struct rule part;
    if (rule != NULL && jf_str(in, "part") != NULL) {
        if (!rules_subrule(rule, jf_str(in, "part"), &part)) {
            json_decref(in);
            return http_problem_fields(r, PROBLEM_VALIDATION, "no such part",
                                       json_pack("[{s:s, s:s}]", "field", "part", "message",
                                                 "is not a part of this rule"));
        }
        rule = &part;
    }
    rules_calendar cal;
    rules_calendar_init(&cal);
    enum db_status st;
    if (rule == NULL)
        ret = http_problem(r, PROBLEM_NOT_FOUND, "no such rule in this profile");
    else if (!is_period(rule))
        ret = http_problem(r, PROBLEM_UNPROCESSABLE, "this rule (or part) is not a period");
    else if ((st = api_calendar_load(&cal)) != DB_OK)
        ret = api_db_failure(r, st, "calendar");
    else
        ret = compute_deadline(r, rule, in, &cal);
    rules_calendar_free(&cal);
    json_decref(in);
    return ret;
}

static const struct jf_field voter_fields[] = {
    {"id", JF_STRING, true, false, 1, 128},
    {"group", JF_STRING, false, true, 1, 64},
    {"amount", JF_MONEY, true, false, 0, 0},
    {"secured", JF_BOOL, false, false, 0, 0},
    {"present", JF_BOOL, true, false, 0, 0},
    {"ballot", JF_ENUM, false, true, 0, 0, ballots},
    {NULL},
};

static const struct jf_field tally_fields[] = {
    {"profile", JF_STRING, false, false, 1, 64},
    {"vote", JF_ENUM, true, false, 0, 0, votes},
    {"creditors", JF_ARRAY, true, false, 1, MAX_ITEMS, NULL, voter_fields, JF_OBJECT},
    {NULL},
};

static enum rules_ballot ballot_of(const char *s)
{
    if (s && strcmp(s, "for") == 0)
        return RULES_BALLOT_FOR;
    if (s && strcmp(s, "against") == 0)
        return RULES_BALLOT_AGAINST;
    return RULES_BALLOT_NONE;
}

enum MHD_Result api_rules_tally(struct http_request *r)
{
    json_t *in = NULL;
    enum http_step step = read_input(r, tally_fields, &in);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    const json_t *list = json_object_get(in, "creditors");
    size_t n = json_array_size(list);
    struct rules_voter *v = calloc(n, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        const json_t *c = json_array_get(list, i);
        v[i] = (struct rules_voter){.id = jf_str(c, "id"), .group = jf_str(c, "group"),
                                    .secured = jf_bool(c, "secured", 0) == 1,
                                    .present = jf_bool(c, "present", 0) == 1,
                                    .ballot = ballot_of(jf_str(c, "ballot"))};
        jf_money(c, "amount", &v[i].amount);
    }
    const char *vote = jf_str(in, "vote"), *profile = jf_str(in, "profile");
    const rules_catalogue *cat = rules_builtin();
    json_t *out = NULL;
    rules_err err;
    const char *rule_id;
    if (strcmp(vote, "resolution") == 0) {
        struct rules_tally t;
        err = rules_vote_resolution(cat, profile, v, n, &t);
        rule_id = t.rule_id;
        out = err == RULES_OK ? rules_tally_json(&t) : NULL;
    } else {
        struct rules_group_vote *g = calloc(1, sizeof *g);
        err = strcmp(vote, "plan") == 0 ? rules_vote_plan(cat, profile, v, n, g)
                                        : rules_vote_settlement(cat, profile, v, n, g);
        rule_id = g->rule_id;
        out = err == RULES_OK ? rules_group_vote_json(g) : NULL;
        free(g);
    }
    free(v);
    enum MHD_Result ret = out ? http_reply_json(r, 200, amounts_as_money(out, false))
                              : reply_rules_error(r, err, profile, rule_id, "creditors",
                                                  "the vote cannot be tallied (check groups and amounts)");
    json_decref(in);
    return ret;
}

static const struct jf_field claim_fields[] = {
    {"id", JF_STRING, true, false, 1, 128},
    {"class", JF_STRING, true, false, 1, 64},
    {"amount", JF_MONEY, true, false, 0, 0},
    {"collateral", JF_MONEY, false, false, 0, 0},
    {"status", JF_ENUM, false, false, 0, 0, claim_statuses},
    {NULL},
};

static const struct jf_field distribution_fields[] = {
    {"profile", JF_STRING, false, false, 1, 64},
    {"estate", JF_MONEY, true, false, 0, 0},
    {"claims", JF_ARRAY, true, false, 1, MAX_ITEMS, NULL, claim_fields, JF_OBJECT},
    {NULL},
};

/* A claim's class is a tier of the profile's order rules (SZ-LIQ-EXPENSES then
 * SZ-LIQ-ORDER, or their stand-ins) or "secured". */
static void check_classes(const json_t *claims, const char *profile, json_t *errors)
{
    const rules_catalogue *c = rules_builtin();
    const json_t *first = rules_param(rules_find(c, profile, "SZ-LIQ-EXPENSES"), "order");
    const json_t *then = rules_param(rules_find(c, profile, "SZ-LIQ-ORDER"), "classes");
    size_t i;
    json_t *claim;
    json_array_foreach(claims, i, claim)
    {
        const char *k = jf_str(claim, "class");
        if (strcmp(k, "secured") == 0 || jf_listed(first, k) || jf_listed(then, k))
            continue;
        char field[48], msg[400] = "must be secured or a class of the profile's order:";
        snprintf(field, sizeof field, "claims[%zu].class", i);
        for (size_t j = 0; j < json_array_size(first) + json_array_size(then); j++) {
            const json_t *v = j < json_array_size(first) ? json_array_get(first, j)
                                                         : json_array_get(then, j - json_array_size(first));
            strncat(msg, " ", sizeof msg - strlen(msg) - 1);
            strncat(msg, json_string_value(v) ? json_string_value(v) : "", sizeof msg - strlen(msg) - 1);
        }
        jf_error(errors, field, msg);
    }
}

static enum rules_claim_status status_of(const char *s)
{
    if (s && strcmp(s, "conditional") == 0)
        return RULES_CLAIM_CONDITIONAL;
    if (s && strcmp(s, "disputed") == 0)
        return RULES_CLAIM_DISPUTED;
    return RULES_CLAIM_CONFIRMED;
}

enum MHD_Result api_rules_distribution(struct http_request *r)
{
    json_t *in = NULL;
    enum http_step step = read_input(r, distribution_fields, &in);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    const json_t *list = json_object_get(in, "claims");
    json_t *errors = json_array();
    check_classes(list, jf_str(in, "profile"), errors);
    if (json_array_size(errors) > 0) {
        json_decref(in);
        return http_problem_fields(r, PROBLEM_VALIDATION, "some fields are invalid", errors);
    }
    json_decref(errors);
    size_t n = json_array_size(list);
    struct rules_claim *claims = calloc(n, sizeof *claims);
    struct rules_share *shares = calloc(n, sizeof *shares);
    for (size_t i = 0; i < n; i++) {
        const json_t *c = json_array_get(list, i);
        claims[i] = (struct rules_claim){.id = jf_str(c, "id"), .klass = jf_str(c, "class"),
                                         .status = status_of(jf_str(c, "status"))};
        jf_money(c, "amount", &claims[i].amount);
        jf_money(c, "collateral", &claims[i].collateral);
    }
    int64_t estate = 0;
    jf_money(in, "estate", &estate);
    struct rules_distribution d;
    memset(&d, 0, sizeof d);
    rules_err err = rules_distribute(rules_builtin(), jf_str(in, "profile"), estate, claims, n, shares, &d);
    enum MHD_Result ret =
        err == RULES_OK ? http_reply_json(r, 200, amounts_as_money(rules_distribution_json(&d, claims, shares, n), false))
                        : reply_rules_error(r, err, jf_str(in, "profile"), d.rule_id, "claims",
                                            "the distribution cannot be computed (collateral is for secured claims)");
    free(claims);
    free(shares);
    json_decref(in);
    return ret;
}
