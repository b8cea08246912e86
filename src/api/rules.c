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

static const char *const rule_kinds[] = {"period",      "threshold", "vote", "order",
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

/* The catalogue's replies are public and cacheable, validated by the catalogue's own tag
 * (the runner answers 304 with it). */
static enum db_status serve_cacheable(struct api_call *c, const char *profile, const char *key)
{
    char etag[40];
    catalogue_etag(profile, key, etag);
    free(c->r->etag);
    c->r->etag = strdup(etag);
    c->r->cacheable = true;
    return c->out != NULL && c->r->etag != NULL ? DB_OK : DB_ERROR;
}

/* Every operation here may name a profile (absent: the default); each one's inputs start
 * with it, so that one hook refuses a profile the catalogue does not have. */
struct profiled {
    const char *profile;
};

static enum http_step known_profile(struct api_call *c)
{
    const char *profile = ((const struct profiled *)c->arg)->profile;
    if (profile == NULL || rules_profile_exists(rules_builtin(), profile))
        return HTTP_GO_ON;
    c->r->outcome = "invalid";
    return http_replied(http_problem_fields(c->r, PROBLEM_VALIDATION, "no such profile",
                                            json_pack("[{s:s, s:s}]", "field", "profile", "message",
                                                      "is not a profile of the catalogue")));
}

struct list_in {
    struct profiled p;
    const char *kind;
};

static enum db_status list_tx(struct db_tx *tx, struct api_call *c)
{
    (void)tx;
    const struct list_in *in = c->arg;
    c->out = rules_catalogue_json(rules_builtin(), in->p.profile, in->kind);
    return serve_cacheable(c, in->p.profile, in->kind);
}

enum MHD_Result api_rules_list(struct http_request *r)
{
    struct list_in in = {0};
    const struct jf_field query[] = {
        {.name = "profile", .type = JF_STRING, .dst = &in.p.profile},
        {.name = "kind", .type = JF_ENUM, .enum_values = rule_kinds, .dst = &in.kind},
        {NULL},
    };
    const struct api_handler h = {.name = "rules_list",
                                  .no_database = true,
                                  .query = query,
                                  .before = known_profile,
                                  .tx = list_tx};
    return api_run(r, &h, &in);
}

static enum db_status get_tx(struct db_tx *tx, struct api_call *c)
{
    (void)tx;
    const struct profiled *in = c->arg;
    const struct rule *rule = rules_find(rules_builtin(), in->profile, c->r->params[0]);
    if (rule == NULL)
        return DB_NOT_FOUND;
    c->out = rules_rule_json(rule);
    return serve_cacheable(c, in->profile, c->r->params[0]);
}

enum MHD_Result api_rules_get(struct http_request *r)
{
    struct profiled in = {0};
    const struct jf_field query[] = {
        {.name = "profile", .type = JF_STRING, .dst = &in.profile},
        {NULL},
    };
    const struct api_handler h = {.name = "rules_get",
                                  .no_database = true,
                                  .query = query,
                                  .before = known_profile,
                                  .tx = get_tx,
                                  .what = "rule in this profile"};
    return api_run(r, &h, &in);
}

/* ---- computations ---------------------------------------------------------------- */

/* The rules module reports integer fen ("paid_fen": 28125); the API carries amounts as
 * decimal strings ("paid": "281.25"), like every other amount it serves. Members named
 * *_fen become strings without the suffix; so do the members of an object named *_fen,
 * and the yes/base of an amount condition. */
json_t *api_amounts_as_money(json_t *v, bool all_ints)
{
    if (json_is_integer(v) && all_ints) {
        char buf[32];
        money_format((int64_t)json_integer_value(v), buf);
        json_decref(v);
        return json_string(buf);
    }
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            json_array_set_new(v, i,
                               api_amounts_as_money(json_incref(json_array_get(v, i)), all_ints));
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
        json_object_set_new(out, name, api_amounts_as_money(json_incref(member), all_ints || fen));
        if (condition) {
            json_t *c = json_object_get(out, name);
            json_object_set_new(
                c, "yes", api_amounts_as_money(json_incref(json_object_get(member, "yes")), true));
            json_object_set_new(
                c, "base",
                api_amounts_as_money(json_incref(json_object_get(member, "base")), true));
        }
    }
    json_decref(v);
    return out;
}

/* What the rules module refused: under the rule that decided it (its citation, and the
 * field), or as unprocessable when no rule did. */
static enum db_status refuse_rules_error(struct api_refusal *no, rules_err err, const char *profile,
                                         const char *rule_id, const char *field, const char *what)
{
    const struct rule *rule = rule_id ? rules_find(rules_builtin(), profile, rule_id) : NULL;
    if (rule == NULL)
        return api_refuse(no, PROBLEM_UNPROCESSABLE, NULL, NULL, "%s: %s", what,
                          rules_err_str(err));
    snprintf(no->profile, sizeof no->profile, "%s", rule->profile);
    return api_refuse(no, PROBLEM_RULE, rule->id, field, "%s: %s", what, rules_err_str(err));
}

struct deadline_in {
    struct profiled p;
    const char *part;
    date_t trigger, event;
    long long days;
    bool trigger_given, event_given, days_given;
    /* Read from the inputs by check_deadline: the period (the rule, or its part), which
     * date it runs from and whether the court fixes its length. */
    const struct rule *rule;
    struct rule part_rule;
    bool part_unknown, from_event, fixed;
    rules_calendar cal;
};

/* The period's end on the court calendar, from the date and length check_deadline read. A
 * due date in a year the court calendar lacks is answered (200) with provisional and
 * missing_year. */
static enum db_status deadline_tx(struct db_tx *tx, struct api_call *c)
{
    (void)tx;
    struct deadline_in *in = c->arg;
    const struct rule *rule = in->rule;
    struct rules_deadline d;
    memset(&d, 0, sizeof d);
    date_t when = in->from_event ? in->event : in->trigger;
    const char *need = in->from_event ? "event" : "trigger";
    bool fixed = in->fixed;
    rules_err err = fixed ? rules_period_fixed(rule, &in->cal, when, (int)in->days, &d)
                          : rules_period_due(rule, &in->cal, when, &d);
    if (err == RULES_E_INVALID && fixed) {
        int64_t lo = 0, hi = 0;
        rules_param_i64(rule, "min_days", &lo);
        rules_param_i64(rule, "max_days", &hi);
        snprintf(c->no.profile, sizeof c->no.profile, "%s", rule->profile);
        if (hi > 0)
            return api_refuse(&c->no, PROBLEM_RULE, rule->id, "days",
                              "the court fixes this period at %lld to %lld days", (long long)lo,
                              (long long)hi);
        return api_refuse(&c->no, PROBLEM_RULE, rule->id, "days",
                          "the court fixes this period at %lld days or more", (long long)lo);
    }
    if (err == RULES_E_INVALID)
        return refuse_rules_error(&c->no, err, rule->profile, rule->id, need,
                                  "outside what the rule allows");
    if (err == RULES_E_LIMIT)
        return refuse_rules_error(&c->no, err, NULL, NULL, NULL,
                                  "the period passes too many non-working days to trace");
    if (err != RULES_OK)
        return refuse_rules_error(&c->no, err, NULL, NULL, NULL,
                                  "this rule has no period to compute");
    c->out = rules_deadline_json(&d);
    return DB_OK;
}

/* A period rule, or a part of another rule that carries a period (the 10 days to apply
 * for approval inside SZ-REO-PASS, say). */
static bool is_period(const struct rule *rule)
{
    static const char *const shapes[] = {"days",     "months", "years", "in_advance_days",
                                         "min_days", NULL};
    if (strcmp(rule->kind, "period") == 0)
        return true;
    for (const char *const *p = shapes; *p; p++)
        if (rules_param(rule, *p) != NULL)
            return true;
    return false;
}

/* Which input a period rule needs: a court-fixed length, an event, or a trigger. An unknown
 * profile, rule or part, or a rule that is no period, is left to deadline_before. */
static void check_deadline(struct api_call *c, json_t *errors)
{
    struct deadline_in *in = c->arg;
    in->rule = rules_find(rules_builtin(), in->p.profile, c->r->params[0]);
    if (in->rule != NULL && in->part != NULL) {
        in->part_unknown = !rules_subrule(in->rule, in->part, &in->part_rule);
        in->rule = in->part_unknown ? NULL : &in->part_rule;
    }
    if (in->rule == NULL || !is_period(in->rule))
        return;
    in->from_event = rules_param(in->rule, "in_advance_days") != NULL;
    in->fixed = rules_param(in->rule, "min_days") != NULL;
    if (!(in->from_event ? in->event_given : in->trigger_given))
        jf_error(errors, in->from_event ? "event" : "trigger", "is required by this rule");
    else if (!in->fixed && in->days_given)
        jf_error(errors, "days", "the law sets this period's length; leave days out");
    else if (in->fixed && !in->days_given)
        jf_error(errors, "days", "the court fixes this period: give its length in days");
}

/* The rule and part named, then the court calendar: it is read on this thread's
 * connection, so before the computation and outside any transaction. */
static enum http_step deadline_before(struct api_call *c)
{
    struct deadline_in *in = c->arg;
    enum http_step step = known_profile(c);
    if (step != HTTP_GO_ON)
        return step;
    struct http_request *r = c->r;
    if (in->part_unknown) {
        r->outcome = "invalid";
        return http_replied(http_problem_fields(
            r, PROBLEM_VALIDATION, "no such part",
            json_pack("[{s:s, s:s}]", "field", "part", "message", "is not a part of this rule")));
    }
    if (in->rule == NULL) {
        r->outcome = "not_found";
        return http_replied(http_problem(r, PROBLEM_NOT_FOUND, "no such rule in this profile"));
    }
    if (!is_period(in->rule)) {
        r->outcome = "refused";
        return http_replied(
            http_problem(r, PROBLEM_UNPROCESSABLE, "this rule (or part) is not a period"));
    }
    return api_step_for(c, api_calendar_load(&in->cal));
}

static void deadline_cleanup(struct api_call *c)
{
    struct deadline_in *in = c->arg;
    rules_calendar_free(&in->cal);
}

/* A computation on the caller's figures: nothing is written, so a retried request is simply
 * computed again (an Idempotency-Key is accepted and has nothing to replay). */
enum MHD_Result api_rules_deadline(struct http_request *r)
{
    struct deadline_in in = {0};
    rules_calendar_init(&in.cal);
    const struct jf_field body[] = {
        {.name = "profile", .type = JF_STRING, .min = 1, .max = 64, .dst = &in.p.profile},
        {.name = "part", .type = JF_STRING, .min = 1, .max = 64, .dst = &in.part},
        {.name = "trigger", .type = JF_DATE, .dst = &in.trigger, .present = &in.trigger_given},
        {.name = "event", .type = JF_DATE, .dst = &in.event, .present = &in.event_given},
        {.name = "days",
         .type = JF_INT,
         .min = 1,
         .max = 3650,
         .dst = &in.days,
         .present = &in.days_given},
        {NULL},
    };
    const struct api_handler h = {.name = "rules_deadline",
                                  .no_database = true,
                                  .body = body,
                                  .check = check_deadline,
                                  .before = deadline_before,
                                  .tx = deadline_tx,
                                  .cleanup = deadline_cleanup};
    return api_run(r, &h, &in);
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

static enum rules_ballot ballot_of(const char *s)
{
    if (s && strcmp(s, "for") == 0)
        return RULES_BALLOT_FOR;
    if (s && strcmp(s, "against") == 0)
        return RULES_BALLOT_AGAINST;
    return RULES_BALLOT_NONE;
}

struct tally_in {
    struct profiled p;
    const char *vote;
    const json_t *creditors;
};

static enum db_status tally_tx(struct db_tx *tx, struct api_call *c)
{
    (void)tx;
    const struct tally_in *in = c->arg;
    const json_t *list = in->creditors;
    size_t n = json_array_size(list);
    struct rules_voter *v = calloc(n, sizeof *v);
    if (v == NULL)
        return DB_ERROR;
    for (size_t i = 0; i < n; i++) {
        const json_t *cr = json_array_get(list, i);
        v[i] = (struct rules_voter){.id = jf_str(cr, "id"),
                                    .group = jf_str(cr, "group"),
                                    .secured = jf_bool(cr, "secured", 0) == 1,
                                    .present = jf_bool(cr, "present", 0) == 1,
                                    .ballot = ballot_of(jf_str(cr, "ballot"))};
        jf_money(cr, "amount", &v[i].amount);
    }
    const char *vote = in->vote, *profile = in->p.profile;
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
        if (g == NULL) {
            free(v);
            return DB_ERROR;
        }
        err = strcmp(vote, "plan") == 0 ? rules_vote_plan(cat, profile, v, n, g)
                                        : rules_vote_settlement(cat, profile, v, n, g);
        rule_id = g->rule_id;
        out = err == RULES_OK ? rules_group_vote_json(g) : NULL;
        free(g);
    }
    free(v);
    if (out == NULL)
        return refuse_rules_error(&c->no, err, profile, rule_id, "creditors",
                                  "the vote cannot be tallied (check groups and amounts)");
    c->out = api_amounts_as_money(out, false);
    return DB_OK;
}

enum MHD_Result api_rules_tally(struct http_request *r)
{
    struct tally_in in = {0};
    const struct jf_field body[] = {
        {.name = "profile", .type = JF_STRING, .min = 1, .max = 64, .dst = &in.p.profile},
        {.name = "vote", .type = JF_ENUM, .required = true, .enum_values = votes, .dst = &in.vote},
        {.name = "creditors",
         .type = JF_ARRAY,
         .required = true,
         .min = 1,
         .max = MAX_ITEMS,
         .fields = voter_fields,
         .item_type = JF_OBJECT,
         .dst = &in.creditors},
        {NULL},
    };
    const struct api_handler h = {.name = "rules_tally",
                                  .no_database = true,
                                  .body = body,
                                  .before = known_profile,
                                  .tx = tally_tx};
    return api_run(r, &h, &in);
}

static const struct jf_field claim_fields[] = {
    {"id", JF_STRING, true, false, 1, 128},
    {"class", JF_STRING, true, false, 1, 64},
    {"amount", JF_MONEY, true, false, 0, 0},
    {"collateral", JF_MONEY, false, false, 0, 0},
    {"status", JF_ENUM, false, false, 0, 0, claim_statuses},
    {NULL},
};

struct distribution_in {
    struct profiled p;
    int64_t estate;
    const json_t *claims;
};

/* A claim's class is a tier of the profile's order rules (SZ-LIQ-EXPENSES then
 * SZ-LIQ-ORDER, or their stand-ins) or "secured". An unknown profile has no tiers: it is
 * refused on its own (known_profile). */
static void check_classes(struct api_call *c, json_t *errors)
{
    const struct distribution_in *in = c->arg;
    const char *profile = in->p.profile;
    const rules_catalogue *cat = rules_builtin();
    if (profile != NULL && !rules_profile_exists(cat, profile))
        return;
    const json_t *first = rules_param(rules_find(cat, profile, "SZ-LIQ-EXPENSES"), "order");
    const json_t *then = rules_param(rules_find(cat, profile, "SZ-LIQ-ORDER"), "classes");
    size_t i;
    json_t *claim;
    json_array_foreach(in->claims, i, claim)
    {
        const char *k = jf_str(claim, "class");
        if (strcmp(k, "secured") == 0 || jf_listed(first, k) || jf_listed(then, k))
            continue;
        char field[48], msg[400] = "must be secured or a class of the profile's order:";
        snprintf(field, sizeof field, "claims[%zu].class", i);
        for (size_t j = 0; j < json_array_size(first) + json_array_size(then); j++) {
            const json_t *v = j < json_array_size(first)
                                  ? json_array_get(first, j)
                                  : json_array_get(then, j - json_array_size(first));
            strncat(msg, " ", sizeof msg - strlen(msg) - 1);
            strncat(msg, json_string_value(v) ? json_string_value(v) : "",
                    sizeof msg - strlen(msg) - 1);
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

static enum db_status distribution_tx(struct db_tx *tx, struct api_call *c)
{
    (void)tx;
    const struct distribution_in *in = c->arg;
    const json_t *list = in->claims;
    size_t n = json_array_size(list);
    struct rules_claim *claims = calloc(n, sizeof *claims);
    struct rules_share *shares = calloc(n, sizeof *shares);
    enum db_status st = DB_ERROR;
    if (claims == NULL || shares == NULL)
        goto out;
    for (size_t i = 0; i < n; i++) {
        const json_t *cl = json_array_get(list, i);
        claims[i] = (struct rules_claim){.id = jf_str(cl, "id"),
                                         .klass = jf_str(cl, "class"),
                                         .status = status_of(jf_str(cl, "status"))};
        jf_money(cl, "amount", &claims[i].amount);
        jf_money(cl, "collateral", &claims[i].collateral);
    }
    struct rules_distribution d;
    memset(&d, 0, sizeof d);
    rules_err err =
        rules_distribute(rules_builtin(), in->p.profile, in->estate, claims, n, shares, &d);
    if (err == RULES_OK) {
        c->out = api_amounts_as_money(rules_distribution_json(&d, claims, shares, n), false);
        st = DB_OK;
    } else {
        st = refuse_rules_error(
            &c->no, err, in->p.profile, d.rule_id, "claims",
            "the distribution cannot be computed (collateral is for secured claims)");
    }
out:
    free(claims);
    free(shares);
    return st;
}

enum MHD_Result api_rules_distribution(struct http_request *r)
{
    struct distribution_in in = {0};
    const struct jf_field body[] = {
        {.name = "profile", .type = JF_STRING, .min = 1, .max = 64, .dst = &in.p.profile},
        {.name = "estate", .type = JF_MONEY, .required = true, .dst = &in.estate},
        {.name = "claims",
         .type = JF_ARRAY,
         .required = true,
         .min = 1,
         .max = MAX_ITEMS,
         .fields = claim_fields,
         .item_type = JF_OBJECT,
         .dst = &in.claims},
        {NULL},
    };
    const struct api_handler h = {.name = "rules_distribution",
                                  .no_database = true,
                                  .body = body,
                                  .check = check_classes,
                                  .before = known_profile,
                                  .tx = distribution_tx};
    return api_run(r, &h, &in);
}
