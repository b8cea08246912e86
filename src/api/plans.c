/* plans.c: reorganization plans and settlement agreements, from the debtor's draft to the
 * court's ruling. A plan is drafted on a case in reorganization, or converts an accepted
 * liquidation before the declaration (SZ-REO-WHEN; a settlement: SZ-SET-WHEN), with its
 * contents (SZ-REO-CONTENT, SZ-SET-CONTENT); drafts are versioned and the version put to a
 * meeting's vote is frozen. The plan check (SZ-REO-TERM, SZ-REO-SECURED, SZ-REO-FAIR,
 * PRC-REO-PERIOD) is the rules module's (src/rules/plan.c) and readable on every version.
 * The vote is an agenda item of a meeting within SZ-REO-VOTE-MEETING's period, tallied by
 * the meetings machinery (SZ-REO-PASS over SZ-REO-GROUPS; SZ-SET-VOTE); the debtor applies
 * for approval within SZ-REO-PASS's period (compulsory approval, SZ-REO-CRAMDOWN, when a group
 * failed and the plan passes the check); the court's ruling approves it (the restrictions
 * lifted in the same transaction, SZ-REO-LIFT / SZ-SET-END, and the schedule set running) or
 * ends the reorganization (SZ-REO-FAIL, SZ-SET-END: the case awaits the declaration). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caselife.h"
#include "clock.h"
#include "money.h"
#include "plans.h"
#include "rules_meeting.h"

static const char *const plan_kinds[] = {"reorganization", "settlement", NULL};
static const char *const class_names[] = {"secured",  "support",      "employees", "taxes",
                                          "ordinary", "common_debts", "expenses",  NULL};

static const struct jf_field payment_fields[] = {
    {.name = "date", .type = JF_DATE, .required = true},
    {.name = "amount", .type = JF_MONEY, .required = true},
    {NULL},
};
static const struct jf_field class_fields[] = {
    {.name = "class", .type = JF_ENUM, .required = true, .enum_values = class_names},
    {.name = "adjustment", .type = JF_STRING, .required = true, .min = 1, .max = 2000},
    {.name = "payments",
     .type = JF_ARRAY,
     .required = true,
     .min = 1,
     .max = 120, /* monthly over five years, an extension included */
     .item_type = JF_OBJECT,
     .fields = payment_fields},
    {NULL},
};
static const struct jf_field creditor_fields[] = {
    {.name = "creditor", .type = JF_STRING, .required = true, .min = 1, .max = 128},
    {.name = "class", .type = JF_ENUM, .enum_values = class_names},
    {.name = "liquidation_estimate", .type = JF_MONEY},
    {NULL},
};
static const struct jf_field debt_fields[] = {
    {.name = "description", .type = JF_STRING, .required = true, .min = 1, .max = 2000},
    {.name = "amount", .type = JF_MONEY},
    {NULL},
};
static const struct jf_field period_fields[] = {
    {.name = "start", .type = JF_DATE, .required = true},
    {.name = "end", .type = JF_DATE, .required = true},
    {NULL},
};
static const struct jf_field content_fields[] = {
    {.name = "classes",
     .type = JF_ARRAY,
     .min = 1,
     .max = 16,
     .item_type = JF_OBJECT,
     .fields = class_fields},
    {.name = "creditors",
     .type = JF_ARRAY,
     .max = 1000,
     .item_type = JF_OBJECT,
     .fields = creditor_fields},
    {.name = "non_dischargeable_debts",
     .type = JF_ARRAY,
     .max = 100,
     .item_type = JF_OBJECT,
     .fields = debt_fields},
    {.name = "windfall_income", .type = JF_STRING, .min = 1, .max = 4000},
    {.name = "execution_period", .type = JF_OBJECT, .fields = period_fields},
    {.name = "other_measures", .type = JF_STRING, .min = 1, .max = 4000},
    {.name = "delay_compensation", .type = JF_STRING, .min = 1, .max = 2000},
    {.name = "debtor_situation", .type = JF_STRING, .min = 1, .max = 4000},
    {.name = "supervision_period", .type = JF_OBJECT, .fields = period_fields},
    {NULL},
};

/* What each item of SZ-REO-CONTENT / SZ-SET-CONTENT is in the body ("" : derived from the
 * case's claims, always there). */
static const struct {
    const char *item, *field;
} content_items[] = {
    {"claim_classes", "classes"},
    {"non_dischargeable_debts", "non_dischargeable_debts"},
    {"debt_adjustment", "classes"}, /* each class's adjustment is required */
    {"repayment_plan", "classes"},  /* each class's payments are required */
    {"windfall_income_distribution", "windfall_income"},
    {"execution_period", "execution_period"},
    {"other_measures", "other_measures"},
    {"debtor_property_occupation_income", "debtor_situation"},
    {"creditors_and_amounts", ""},
    {"repayment_scheme_per_class", "classes"},
    {"supervision_period", "supervision_period"},
};

struct plan_in {
    rules_calendar cal; /* first: plans_calendar_load */
    const char *kind, *meeting_id, *text, *reasons;
    const json_t *content;
    long long claim_period_days, version;
    int compulsory, approved, adjusts;
    int64_t small_claims_max;
};

const char *plans_profile(const struct api_call *c)
{
    return c->no.profile[0] ? c->no.profile : NULL;
}

static const struct rule *rule_of(const struct api_call *c, const char *id)
{
    return api_rule(c->no.profile, id);
}

void plans_calendar_free(struct api_call *c)
{
    rules_calendar_free(c->arg);
}

enum http_step plans_calendar_load(struct api_call *c)
{
    if (api_calendar_load(c->arg) == DB_OK)
        return HTTP_GO_ON;
    c->r->outcome = "unavailable";
    return http_replied(api_db_failure(c->r, DB_UNAVAILABLE, "plan"));
}

static const char *today_text(char buf[11])
{
    date_format(clock_today(), buf);
    return buf;
}

enum db_status plans_locked(struct db_tx *tx, struct api_call *c, json_t **facts)
{
    enum db_status st = db_plan_lock(tx, &c->who, c->r->params[0], facts);
    if (st != DB_OK)
        return st;
    snprintf(c->no.profile, sizeof c->no.profile, "%s", jf_str(*facts, "profile") ?: "");
    if (!json_is_true(json_object_get(*facts, "visible"))) {
        json_decref(*facts);
        *facts = NULL;
        return DB_NOT_FOUND;
    }
    return DB_OK;
}

enum db_status plans_phase(struct db_tx *tx, struct api_call *c, const char *case_id,
                           const char *from, const char *to, const char *rule_id,
                           const char *act_id)
{
    char on[11];
    struct db_phase_move m = {.case_id = case_id,
                              .from = from,
                              .to = to,
                              .on = today_text(on),
                              .rule_id = rule_id,
                              .act_id = act_id};
    enum db_status st = db_case_phase_set(tx, &c->who, &m);
    if (st == DB_NOT_FOUND)
        return api_refuse(&c->no, PROBLEM_CONFLICT, rule_id, NULL,
                          "the case is not in a phase this may happen in (%s)", from);
    return st;
}

/* A deadline of the case under rule, as computed into d from trigger. */
static enum db_status deadline_write(struct db_tx *tx, const char *case_id, const struct rule *rule,
                                     const struct rules_deadline *d, date_t trigger,
                                     const char *trigger_kind)
{
    char when[11], on[11];
    date_format(trigger, when);
    date_format(d->due, on);
    json_t *entry = json_pack("{s:s, s:s, s:s, s:s, s:b, s:o}", "rule_id", rule->id, "citation",
                              rule->citation, "trigger_date", when, "due", on, "provisional",
                              d->provisional, "trace", rules_deadline_json(d));
    json_object_set_new(entry, "missing_year",
                        d->provisional ? json_integer(d->missing_year) : json_null());
    enum db_status st = db_plan_deadline_open(tx, case_id, entry, trigger_kind);
    json_decref(entry);
    return st;
}

enum db_status plans_deadline(struct db_tx *tx, const rules_calendar *cal, const char *case_id,
                              const struct rule *rule, const char *sub, date_t trigger,
                              const char *trigger_kind, date_t *due)
{
    struct rule part;
    const struct rule *r = rule;
    if (sub != NULL) {
        if (!rules_subrule(rule, sub, &part))
            return DB_OK; /* the profile sets no such period (PRC-REO-APPROVAL's ruling) */
        r = &part;
    }
    struct rules_deadline d;
    memset(&d, 0, sizeof d);
    if (rules_period_due(r, cal, trigger, &d) != RULES_OK)
        return DB_ERROR;
    if (due)
        *due = d.due;
    return deadline_write(tx, case_id, rule, &d, trigger, trigger_kind);
}

/* ---- weighing a content against the claims ---- */

void plans_weighed_free(struct plan_weighed *w)
{
    json_decref(w->claims);
    free(w->cred);
    free(w->pay);
    free(w->shares);
    memset(w, 0, sizeof *w);
}

/* The creditor's estimate from the content (its entry for the class, or for every class
 * when the entry names none) and its own waiver, as it recorded it on the plan. */
static void creditor_terms(const json_t *plan, const json_t *content, struct rules_plan_creditor *c)
{
    c->waiver = json_object_get(json_object_get(plan, "waivers"), c->id) != NULL;
    size_t i;
    const json_t *e;
    json_array_foreach(json_object_get(content, "creditors"), i, e)
    {
        const char *klass = jf_str(e, "class");
        if (strcmp(jf_str(e, "creditor"), c->id) != 0 || (klass && strcmp(klass, c->klass) != 0))
            continue;
        c->has_estimate = jf_money(e, "liquidation_estimate", &c->estimate);
        return;
    }
}

static void content_payments(const json_t *content, struct plan_weighed *w)
{
    size_t i, k, n = 0;
    const json_t *cls, *p;
    json_array_foreach(json_object_get(content, "classes"), i, cls) n +=
        json_array_size(json_object_get(cls, "payments"));
    w->pay = calloc(n ? n : 1, sizeof *w->pay);
    if (w->pay == NULL)
        return;
    json_array_foreach(json_object_get(content, "classes"), i, cls)
        json_array_foreach(json_object_get(cls, "payments"), k, p)
    {
        struct rules_plan_payment *x = &w->pay[w->npay++];
        x->klass = jf_str(cls, "class");
        jf_date(p, "date", &x->date);
        jf_money(p, "amount", &x->amount);
    }
}

enum db_status plans_weigh(struct db_tx *tx, const json_t *plan, const json_t *content,
                           struct plan_weighed *w)
{
    memset(w, 0, sizeof *w);
    enum db_status st = db_plan_claims(tx, jf_str(plan, "case_id"), &w->claims);
    if (st != DB_OK)
        return st;
    w->ncred = json_array_size(w->claims);
    w->cred = calloc(w->ncred ? w->ncred : 1, sizeof *w->cred);
    content_payments(content, w);
    if (w->cred == NULL || w->pay == NULL) {
        plans_weighed_free(w);
        return DB_ERROR;
    }
    size_t i;
    const json_t *row;
    json_array_foreach(w->claims, i, row)
    {
        struct rules_plan_creditor *c = &w->cred[i];
        c->id = json_string_value(json_array_get(row, 0));
        c->klass = json_string_value(json_array_get(row, 1));
        c->claim = (int64_t)json_integer_value(json_array_get(row, 2));
        creditor_terms(plan, content, c);
    }
    /* one share per payment and creditor of its class */
    size_t room = 1;
    for (size_t p = 0; p < w->npay; p++)
        for (size_t k = 0; k < w->ncred; k++)
            room += strcmp(w->pay[p].klass, w->cred[k].klass) == 0;
    w->shares = calloc(room, sizeof *w->shares);
    if (w->shares == NULL) {
        plans_weighed_free(w);
        return DB_ERROR;
    }
    w->err = rules_plan_derive(w->pay, w->npay, w->cred, w->ncred, w->shares, &w->nshares);
    return DB_OK;
}

static int by_date(const void *a, const void *b)
{
    date_t x = *(const date_t *)a, y = *(const date_t *)b;
    return (x > y) - (x < y);
}

static json_t *term_check(const char *profile, const struct plan_weighed *w, const json_t *content)
{
    date_t start = 0, end = 0;
    const json_t *period = json_object_get(content, "execution_period");
    jf_date(period, "start", &start);
    jf_date(period, "end", &end);
    date_t *dates = calloc(w->npay ? w->npay : 1, sizeof *dates);
    if (dates == NULL)
        return NULL;
    for (size_t i = 0; i < w->npay; i++)
        dates[i] = w->pay[i].date;
    qsort(dates, w->npay, sizeof *dates, by_date);
    json_t *o = rules_plan_term(rules_builtin(), profile, start, end, dates, w->npay);
    free(dates);
    return o;
}

/* Each creditor with its claim, what the plan pays it and when. */
static json_t *creditors_json(const struct plan_weighed *w)
{
    json_t *out = json_array();
    for (size_t i = 0; i < w->ncred; i++) {
        json_t *pays = json_array();
        for (size_t s = 0; s < w->nshares; s++) {
            if (w->shares[s].creditor != i)
                continue;
            char d[11];
            date_format(w->pay[w->shares[s].payment].date, d);
            json_array_append_new(pays, json_pack("{s:s, s:I}", "date", d, "amount_fen",
                                                  (json_int_t)w->shares[s].amount));
        }
        json_array_append_new(out, json_pack("{s:s, s:s, s:I, s:I, s:o}", "creditor", w->cred[i].id,
                                             "class", w->cred[i].klass, "claim_fen",
                                             (json_int_t)w->cred[i].claim, "planned_fen",
                                             (json_int_t)w->cred[i].planned, "payments", pays));
    }
    return out;
}

json_t *plans_check_json(const json_t *plan, long long version, const char *profile,
                         const struct plan_weighed *w, const json_t *content, date_t on)
{
    bool settlement = strcmp(jf_str(plan, "kind"), "settlement") == 0;
    const rules_catalogue *cat = rules_builtin();
    json_t *checks = json_array();
    if (w->err != RULES_OK) {
        const struct rule *r =
            rules_find(cat, profile, settlement ? "SZ-SET-CONTENT" : "SZ-REO-CONTENT");
        json_array_append_new(
            checks,
            json_pack("{s:s, s:s, s:b, s:s}", "rule", r->id, "citation", r->citation, "met", false,
                      "why",
                      w->err == RULES_E_OVERFLOW
                          ? "the amounts add up to more than the service can weigh"
                          : "a class is paid but no creditor of the case holds a claim in it"));
    }
    if (!settlement) {
        json_array_append_new(checks, term_check(profile, w, content));
        json_array_append_new(checks, rules_plan_secured(cat, profile, w->cred, w->ncred,
                                                         jf_str(content, "delay_compensation")));
        json_array_append_new(checks, rules_plan_fair(cat, profile, w->cred, w->ncred));
        date_t start = 0;
        jf_date(plan, "started_on", &start);
        json_t *p = rules_plan_period(cat, profile, start, on);
        if (p)
            json_array_append_new(checks, p);
    }
    bool passes = true;
    size_t i;
    const json_t *ch;
    json_array_foreach(checks, i, ch) passes = passes && json_is_true(json_object_get(ch, "met"));
    int64_t total = 0;
    for (size_t k = 0; k < w->npay; k++)
        total += w->pay[k].amount;
    json_t *out =
        json_pack("{s:O, s:I, s:s, s:b, s:o, s:o, s:I}", "plan_id", json_object_get(plan, "id"),
                  "version", (json_int_t)version, "profile",
                  profile ? profile : rules_default_profile(cat), "passes", passes, "checks",
                  checks, "creditors", creditors_json(w), "plan_total_fen", (json_int_t)total);
    return api_amounts_as_money(out, false);
}

/* ---- drafting ---- */

/* SZ-REO-CONTENT / SZ-SET-CONTENT: every item the rule lists is in the content. */
static enum db_status content_complete(struct api_call *c, const char *kind, const json_t *content)
{
    const struct rule *r =
        rule_of(c, strcmp(kind, "settlement") == 0 ? "SZ-SET-CONTENT" : "SZ-REO-CONTENT");
    size_t i;
    const json_t *item;
    json_array_foreach(rules_param(r, "contents"), i, item)
    {
        for (size_t k = 0; k < sizeof content_items / sizeof content_items[0]; k++) {
            if (strcmp(content_items[k].item, json_string_value(item)) != 0 ||
                content_items[k].field[0] == '\0' ||
                json_object_get(content, content_items[k].field) != NULL)
                continue;
            return api_refuse(&c->no, PROBLEM_RULE, r->id, content_items[k].field,
                              "the plan states its %s (content.%s)", json_string_value(item),
                              content_items[k].field);
        }
    }
    const json_t *period = json_object_get(content, "execution_period");
    date_t start, end;
    if (jf_date(period, "start", &start) && jf_date(period, "end", &end) && end < start)
        return api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "content.execution_period.end",
                          "must not come before the start");
    return DB_OK;
}

/* SZ-REO-WHEN / SZ-SET-WHEN: the phase the case is in, moved from liquidation on conversion. */
static enum db_status entry_phase(struct api_call *c, const json_t *facts, const char *kind,
                                  bool *converted)
{
    bool settlement = strcmp(kind, "settlement") == 0;
    const char *rule = settlement ? "SZ-SET-WHEN" : "SZ-REO-WHEN";
    const char *phase = jf_str(facts, "phase");
    *converted = phase && strcmp(phase, "liquidation") == 0;
    if (strcmp(jf_str(facts, "status"), "accepted") != 0 || phase == NULL)
        return api_refuse(&c->no, PROBLEM_CONFLICT, rule_of(c, rule)->id, NULL,
                          "the case is not accepted: a %s comes after the acceptance", kind);
    if (*converted || strcmp(phase, kind) == 0)
        return DB_OK;
    return api_refuse(&c->no, PROBLEM_CONFLICT, rule_of(c, rule)->id, NULL,
                      "the case is %s: a %s is drafted on a case accepted for it, or converts an "
                      "accepted liquidation before the declaration of bankruptcy",
                      phase, kind);
}

/* SZ-SET-CLAIM-PERIOD: when no claim was declared, a declaration period of at least the
 * rule's days, announced, opened as a deadline of the case. */
static enum db_status settlement_claim_period(struct db_tx *tx, struct api_call *c,
                                              const char *case_id, json_t **period)
{
    struct plan_in *in = c->arg;
    const struct rule *r = rule_of(c, "SZ-SET-CLAIM-PERIOD");
    struct rules_deadline d;
    memset(&d, 0, sizeof d);
    int64_t min = 0;
    rules_param_i64(r, "min_days", &min);
    if (in->claim_period_days < min)
        return api_refuse(&c->no, PROBLEM_RULE, r->id, "claim_period_days",
                          "no claim was declared in the case: the settlement announces a "
                          "declaration period of at least %lld days",
                          (long long)min);
    if (rules_period_fixed(r, &in->cal, clock_today(), (int)in->claim_period_days, &d) != RULES_OK)
        return api_refuse(&c->no, PROBLEM_RULE, r->id, "claim_period_days",
                          "the declaration period is outside the rule's bounds");
    char end[11];
    date_format(d.due, end);
    *period = json_pack("{s:I, s:s, s:s}", "days", (json_int_t)in->claim_period_days, "end", end,
                        "rule", r->id);
    return deadline_write(tx, case_id, r, &d, clock_today(), "settlement_drafted");
}

/* SZ-REO-VOTE-MEETING: the meeting on the plan within 30 days after the conversion, or after
 * the claim period the announcement set. */
static enum db_status vote_meeting_deadline(struct db_tx *tx, struct api_call *c,
                                            const char *case_id, const json_t *facts,
                                            bool converted)
{
    struct plan_in *in = c->arg;
    date_t trigger = clock_today();
    if (!converted && !jf_date(facts, "claim_period_end", &trigger))
        return DB_OK; /* not announced yet: the period opens with the announcement's end */
    return plans_deadline(tx, &in->cal, case_id, rule_of(c, "SZ-REO-VOTE-MEETING"), NULL, trigger,
                          converted ? "converted" : "claim_period_end", NULL);
}

static enum db_status create_tx(struct db_tx *tx, struct api_call *c)
{
    struct plan_in *in = c->arg;
    const char *case_id = c->r->params[0];
    json_t *facts = NULL, *period = NULL, *made = NULL;
    enum db_status st = db_plan_case(tx, &c->who, case_id, &facts);
    if (st != DB_OK)
        return st;
    snprintf(c->no.profile, sizeof c->no.profile, "%s", jf_str(facts, "profile") ?: "");
    bool converted = false, settlement = strcmp(in->kind, "settlement") == 0;
    if (!json_is_true(json_object_get(facts, "visible")))
        st = DB_NOT_FOUND;
    if (st == DB_OK)
        st = entry_phase(c, facts, in->kind, &converted);
    if (st == DB_OK && json_is_true(json_object_get(facts, "open_plan")))
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL,
                        "the case has a plan under way: draft a new version of it");
    if (st == DB_OK)
        st = content_complete(c, in->kind, in->content);
    if (st == DB_OK && settlement && !json_is_true(json_object_get(facts, "claims_declared")))
        st = settlement_claim_period(tx, c, case_id, &period);
    if (st == DB_OK && converted)
        st = plans_phase(tx, c, case_id, "{liquidation}", in->kind,
                         rule_of(c, settlement ? "SZ-SET-WHEN" : "SZ-REO-WHEN")->id, NULL);
    if (st == DB_OK && !settlement)
        st = vote_meeting_deadline(tx, c, case_id, facts, converted);
    char today[11];
    today_text(today);
    const char *started = converted ? today : jf_str(facts, "accepted_on");
    const json_t *exec = json_object_get(in->content, "execution_period");
    struct db_plan_new p = {.case_id = case_id,
                            .kind = in->kind,
                            .started_on = started,
                            .execution_end = jf_str(exec, "end"),
                            .converted = converted,
                            .self_managed = !settlement,
                            .claim_period = period,
                            .content = in->content};
    if (st == DB_OK)
        st = db_plan_insert(tx, &c->who, &p, &made);
    if (st == DB_OK)
        st = db_plan_get(tx, &c->who, jf_str(made, "id"), &c->out);
    if (st == DB_OK) {
        json_t *plan = json_incref(json_object_get(c->out, "plan"));
        json_decref(c->out);
        c->out = plan;
        json_t *detail = json_pack("{s:s, s:b, s:b, s:s?}", "kind", in->kind, "converted",
                                   converted, "self_management", !settlement, "rule",
                                   settlement ? NULL : rule_of(c, "SZ-REO-SELF-MANAGE")->id);
        st = db_audit(tx, &c->who, "plan.create", "plan", jf_str(plan, "id"), case_id, detail);
        json_decref(detail);
        free(c->r->location);
        if (asprintf(&c->r->location, "/v1/plans/%s", jf_str(plan, "id")) < 0)
            c->r->location = NULL;
    }
    json_decref(made);
    json_decref(period);
    json_decref(facts);
    return st;
}

enum MHD_Result api_plans_create(struct http_request *r)
{
    struct plan_in in = {0};
    rules_calendar_init(&in.cal);
    const struct jf_field body[] = {
        {.name = "kind",
         .type = JF_ENUM,
         .required = true,
         .enum_values = plan_kinds,
         .dst = &in.kind},
        {.name = "claim_period_days",
         .type = JF_INT,
         .min = 1,
         .max = 365,
         .dst = &in.claim_period_days},
        {.name = "content",
         .type = JF_OBJECT,
         .required = true,
         .fields = content_fields,
         .dst = &in.content},
        {NULL},
    };
    const struct api_handler h = {.name = "plans_create",
                                  .write = true,
                                  .body = body,
                                  .before = plans_calendar_load,
                                  .tx = create_tx,
                                  .ok = 201,
                                  .what = "case",
                                  .cleanup = plans_calendar_free};
    return api_run(r, &h, &in);
}

static enum db_status for_case_tx(struct db_tx *tx, struct api_call *c)
{
    json_t *facts = NULL, *items = NULL;
    enum db_status st = db_plan_case(tx, &c->who, c->r->params[0], &facts);
    if (st == DB_OK && !json_is_true(json_object_get(facts, "visible")))
        st = DB_NOT_FOUND;
    json_decref(facts);
    if (st == DB_OK)
        st = db_plans_for_case(tx, &c->who, c->r->params[0], c->cursor, c->limit, &items);
    if (st == DB_OK)
        c->out = api_page(items, c->limit);
    return st;
}

enum MHD_Result api_plans_for_case(struct http_request *r)
{
    const struct api_handler h = {
        .name = "plans_for_case", .page = 50, .tx = for_case_tx, .what = "case"};
    return api_run(r, &h, NULL);
}

static enum db_status get_tx(struct db_tx *tx, struct api_call *c)
{
    json_t *got = NULL;
    enum db_status st = db_plan_get(tx, &c->who, c->r->params[0], &got);
    if (st == DB_OK)
        c->out = json_incref(json_object_get(got, "plan"));
    json_decref(got);
    return st;
}

enum MHD_Result api_plans_get(struct http_request *r)
{
    const struct api_handler h = {.name = "plans_get", .tx = get_tx, .what = "plan"};
    return api_run(r, &h, NULL);
}

static enum db_status revise_tx(struct db_tx *tx, struct api_call *c)
{
    struct plan_in *in = c->arg;
    json_t *facts = NULL;
    enum db_status st = plans_locked(tx, c, &facts);
    if (st != DB_OK)
        return st;
    const json_t *plan = json_object_get(facts, "plan");
    if (strcmp(jf_str(plan, "state"), "draft") != 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL,
                        "the plan is %s: the version put to vote is frozen", jf_str(plan, "state"));
    if (st == DB_OK)
        st = content_complete(c, jf_str(plan, "kind"), in->content);
    if (st == DB_OK)
        st = db_plan_version_add(tx, &c->who, c->r->params[0], in->content);
    json_t *changes = json_pack("{s:s?}", "execution_end",
                                jf_str(json_object_get(in->content, "execution_period"), "end"));
    if (st == DB_OK)
        st = db_plan_set(tx, c->r->params[0], changes, &c->out);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "plan.revise", "plan", c->r->params[0], jf_str(plan, "case_id"),
                      c->out);
    json_decref(changes);
    json_decref(facts);
    return st;
}

enum MHD_Result api_plans_revise(struct http_request *r)
{
    struct plan_in in = {0};
    const struct jf_field body[] = {
        {.name = "content",
         .type = JF_OBJECT,
         .required = true,
         .fields = content_fields,
         .dst = &in.content},
        {NULL},
    };
    const struct api_handler h = {
        .name = "plans_revise", .write = true, .body = body, .tx = revise_tx, .what = "plan"};
    return api_run(r, &h, &in);
}

/* ---- the plan check ---- */

static enum db_status check_of(struct db_tx *tx, struct api_call *c, const json_t *plan,
                               long long version, date_t on, json_t **out)
{
    json_t *content = NULL;
    enum db_status st = db_plan_version_get(tx, jf_str(plan, "id"), version, &content);
    if (st == DB_NOT_FOUND)
        return api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "version",
                          "the plan has no version %lld", version);
    struct plan_weighed w;
    if (st == DB_OK)
        st = plans_weigh(tx, plan, content, &w);
    if (st == DB_OK) {
        *out = plans_check_json(plan, version, plans_profile(c), &w, content, on);
        plans_weighed_free(&w);
    }
    json_decref(content);
    return st;
}

static enum db_status check_tx(struct db_tx *tx, struct api_call *c)
{
    struct plan_in *in = c->arg;
    json_t *got = NULL;
    enum db_status st = db_plan_get(tx, &c->who, c->r->params[0], &got);
    if (st != DB_OK)
        return st;
    snprintf(c->no.profile, sizeof c->no.profile, "%s", jf_str(got, "profile") ?: "");
    const json_t *plan = json_object_get(got, "plan");
    long long version = in->version > 0 ? in->version : jf_int(plan, "version", 1);
    st = check_of(tx, c, plan, version, clock_today(), &c->out);
    json_decref(got);
    return st;
}

enum MHD_Result api_plans_check(struct http_request *r)
{
    struct plan_in in = {0};
    const struct jf_field query[] = {
        {.name = "version", .type = JF_INT, .min = 1, .max = 100000, .dst = &in.version},
        {NULL},
    };
    const struct api_handler h = {
        .name = "plans_check", .query = query, .tx = check_tx, .what = "plan"};
    return api_run(r, &h, &in);
}

/* ---- the vote ---- */

/* SZ-REO-VOTE-MEETING: the meeting's date within the case's deadline when it has one. */
static enum db_status vote_meeting_in_time(struct db_tx *tx, struct api_call *c,
                                           const char *case_id, const json_t *meeting)
{
    const struct rule *r = rule_of(c, "SZ-REO-VOTE-MEETING");
    json_t *d = NULL;
    enum db_status st = db_plan_deadline_due(tx, case_id, r->id, &d);
    if (st == DB_NOT_FOUND)
        return DB_OK;
    date_t due, on;
    if (st == DB_OK && jf_date(d, "due", &due) && jf_date(meeting, "date", &on) && on > due)
        st = api_refuse(&c->no, PROBLEM_RULE, r->id, "meeting_id",
                        "the meeting on the plan is held by %s: this one is on %s",
                        jf_str(d, "due"), jf_str(meeting, "date"));
    json_decref(d);
    return st;
}

static enum db_status vote_tx(struct db_tx *tx, struct api_call *c)
{
    struct plan_in *in = c->arg;
    json_t *facts = NULL, *locked = NULL, *item = NULL;
    enum db_status st = plans_locked(tx, c, &facts);
    if (st != DB_OK)
        return st;
    const json_t *plan = json_object_get(facts, "plan");
    const char *case_id = jf_str(plan, "case_id");
    const char *kind =
        strcmp(jf_str(plan, "kind"), "settlement") == 0 ? "settlement" : "reorganization_plan";
    if (strcmp(jf_str(plan, "state"), "draft") != 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL, "the plan is %s already",
                        jf_str(plan, "state"));
    if (st == DB_OK) {
        st = db_meeting_lock(tx, &c->who, in->meeting_id, &locked);
        if (st == DB_NOT_FOUND)
            st = api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, "meeting_id",
                            "is not a meeting you may see");
    }
    const json_t *meeting = json_object_get(locked, "meeting");
    if (st == DB_OK && strcmp(jf_str(meeting, "case_id"), case_id) != 0)
        st = api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, "meeting_id",
                        "is a meeting of another case");
    if (st == DB_OK && strcmp(jf_str(meeting, "state"), "closed") == 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, "meeting_id", "the meeting is closed");
    bool settlement = strcmp(kind, "settlement") == 0;
    if (st == DB_OK && settlement && in->small_claims_max > 0)
        st = api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "small_claims_max",
                        "only a reorganization plan has a small-claims group");
    if (st == DB_OK && !settlement && in->adjusts != -1)
        st = api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "adjusts_secured",
                        "only a settlement agreement adjusts secured claims");
    if (st == DB_OK && !settlement)
        st = vote_meeting_in_time(tx, c, case_id, meeting);
    bool by_groups;
    const struct rule *rule = rule_of(c, rules_meeting_item_rule(kind, &by_groups));
    json_t *detail = json_object();
    if (in->small_claims_max > 0) {
        char text[32];
        money_format(in->small_claims_max, text);
        json_object_set_new(detail, "small_claims_max", json_string(text));
    }
    if (in->adjusts == 1)
        json_object_set_new(detail, "adjusts_secured", json_true());
    if (st == DB_OK)
        st = db_meeting_item_insert(tx, in->meeting_id, kind, in->text, c->r->params[0], detail,
                                    rule->id, &item);
    json_t *changes = json_pack("{s:s, s:O, s:O}", "state", "voting", "frozen_version",
                                json_object_get(plan, "version"), "vote_item_id",
                                item ? json_object_get(item, "id") : json_null());
    if (st == DB_OK)
        st = db_plan_set(tx, c->r->params[0], changes, NULL);
    char today[11];
    if (st == DB_OK)
        st = db_plan_deadline_meet(tx, case_id, rule_of(c, "SZ-REO-VOTE-MEETING")->id,
                                   today_text(today));
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "plan.put_to_vote", "plan", c->r->params[0], case_id, item);
    if (st == DB_OK) {
        c->out = json_incref(item);
        free(c->r->location);
        if (asprintf(&c->r->location, "/v1/meetings/%s", in->meeting_id) < 0)
            c->r->location = NULL;
    }
    json_decref(changes);
    json_decref(detail);
    json_decref(item);
    json_decref(locked);
    json_decref(facts);
    return st;
}

static void check_vote(struct api_call *c, json_t *errors)
{
    struct plan_in *in = c->arg;
    if (in->text == NULL)
        in->text = "The plan put to the vote";
    (void)errors;
}

enum MHD_Result api_plans_put_to_vote(struct http_request *r)
{
    struct plan_in in = {.adjusts = -1};
    const struct jf_field body[] = {
        {.name = "meeting_id", .type = JF_UUID, .required = true, .dst = &in.meeting_id},
        {.name = "text", .type = JF_STRING, .min = 1, .max = 10000, .dst = &in.text},
        {.name = "small_claims_max", .type = JF_MONEY, .dst = &in.small_claims_max},
        {.name = "adjusts_secured", .type = JF_BOOL, .dst = &in.adjusts},
        {NULL},
    };
    const struct api_handler h = {.name = "plans_put_to_vote",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .check = check_vote,
                                  .tx = vote_tx,
                                  .ok = 201,
                                  .what = "plan"};
    return api_run(r, &h, &in);
}

enum db_status plans_vote_closed(struct db_tx *tx, const struct db_actor *who,
                                 const rules_calendar *cal, const char *item_id, bool passed)
{
    json_t *got = NULL;
    enum db_status st = db_plan_of_item(tx, item_id, &got);
    if (st == DB_NOT_FOUND)
        return DB_OK;
    if (st != DB_OK)
        return st;
    const json_t *plan = json_object_get(got, "plan");
    const char *profile = jf_str(got, "profile");
    char today[11];
    date_format(clock_today(), today);
    json_t *changes = json_pack("{s:s, s:s, s:b}", "state", passed ? "passed" : "not_passed",
                                "voted_on", today, "vote_passed", passed);
    st = db_plan_set(tx, jf_str(plan, "id"), changes, NULL);
    /* SZ-REO-PASS: the approval (or the compulsory approval) is applied for within its days */
    if (st == DB_OK && strcmp(jf_str(plan, "kind"), "reorganization") == 0)
        st = plans_deadline(tx, cal, jf_str(plan, "case_id"),
                            rules_find(rules_builtin(), profile, "SZ-REO-PASS"),
                            "approval_application", clock_today(), "plan_vote_closed", NULL);
    if (st == DB_OK)
        st = db_audit(tx, who, "plan.vote_closed", "plan", jf_str(plan, "id"),
                      jf_str(plan, "case_id"), changes);
    json_decref(changes);
    json_decref(got);
    return st;
}

/* ---- approval ---- */

/* SZ-REO-CRAMDOWN: every test it requires met on the frozen version, or the first failed. */
static enum db_status cramdown_checks(struct db_tx *tx, struct api_call *c, const json_t *plan,
                                      json_t **checks)
{
    const struct rule *cram = rule_of(c, "SZ-REO-CRAMDOWN");
    enum db_status st =
        check_of(tx, c, plan, jf_int(plan, "frozen_version", 1), clock_today(), checks);
    size_t i, k;
    const json_t *need, *ch;
    json_array_foreach(rules_param(cram, "requires_rules"), i, need)
        json_array_foreach(json_object_get(*checks, "checks"), k, ch)
    {
        const struct rule *r = rule_of(c, json_string_value(need));
        if (st != DB_OK || r == NULL || strcmp(jf_str(ch, "rule"), r->id) != 0 ||
            json_is_true(json_object_get(ch, "met")))
            continue;
        st = api_refuse(&c->no, PROBLEM_RULE, cram->id, NULL,
                        "compulsory approval needs the plan to pass %s: %s", r->id,
                        jf_str(ch, "why"));
    }
    return st;
}

static enum db_status apply_tx(struct db_tx *tx, struct api_call *c)
{
    struct plan_in *in = c->arg;
    json_t *facts = NULL, *checks = NULL, *due = NULL;
    enum db_status st = plans_locked(tx, c, &facts);
    if (st != DB_OK)
        return st;
    const json_t *plan = json_object_get(facts, "plan");
    const char *case_id = jf_str(plan, "case_id"), *state = jf_str(plan, "state");
    bool reorganization = strcmp(jf_str(plan, "kind"), "reorganization") == 0;
    const struct rule *pass = rule_of(c, reorganization ? "SZ-REO-PASS" : "SZ-SET-VOTE");
    bool compulsory = in->compulsory == 1;
    if (strcmp(state, "passed") != 0 && strcmp(state, "not_passed") != 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, pass->id, NULL,
                        "the plan is %s: approval is applied for after the vote", state);
    else if (strcmp(state, "passed") == 0 && compulsory)
        st = api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "compulsory",
                        "the plan passed: its approval is not compulsory");
    else if (strcmp(state, "not_passed") == 0 && !reorganization)
        st = api_refuse(&c->no, PROBLEM_RULE, pass->id, NULL,
                        "the settlement did not pass: it cannot be approved");
    else if (strcmp(state, "not_passed") == 0 && !compulsory)
        st = api_refuse(&c->no, PROBLEM_RULE, pass->id, "compulsory",
                        "the plan did not pass every group: only a compulsory approval "
                        "(SZ-REO-CRAMDOWN) may be asked for");
    date_t last;
    if (st == DB_OK && reorganization) {
        st = db_plan_deadline_due(tx, case_id, pass->id, &due);
        if (st == DB_OK && jf_date(due, "due", &last) && clock_today() > last)
            st = api_refuse(&c->no, PROBLEM_RULE, pass->id, NULL,
                            "the approval is applied for within the rule's days of the vote: "
                            "by %s",
                            jf_str(due, "due"));
        st = st == DB_NOT_FOUND ? DB_OK : st;
    }
    if (st == DB_OK && compulsory)
        st = cramdown_checks(tx, c, plan, &checks);
    char today[11];
    today_text(today);
    date_t ruling_due = 0;
    if (st == DB_OK && reorganization)
        st = db_plan_deadline_meet(tx, case_id, pass->id, today);
    if (st == DB_OK && compulsory)
        st = plans_deadline(tx, &in->cal, case_id, rule_of(c, "SZ-REO-CRAMDOWN"), "ruling",
                            clock_today(), "compulsory_approval_applied", &ruling_due);
    struct rule ruling;
    struct rules_deadline d;
    memset(&d, 0, sizeof d);
    if (st == DB_OK && !compulsory && reorganization && rules_subrule(pass, "ruling", &ruling) &&
        rules_period_due(&ruling, &in->cal, clock_today(), &d) == RULES_OK)
        ruling_due = d.due;
    char rd[11];
    date_format(ruling_due, rd);
    json_t *application = json_pack("{s:s, s:b, s:s?, s:O?}", "on", today, "compulsory", compulsory,
                                    "ruling_due", ruling_due ? rd : NULL, "checks",
                                    checks ? json_object_get(checks, "checks") : NULL);
    json_t *changes =
        json_pack("{s:s, s:o}", "state", "approval_applied", "application", application);
    if (st == DB_OK)
        st = db_plan_set(tx, c->r->params[0], changes, &c->out);
    if (st == DB_OK)
        st =
            db_audit(tx, &c->who, "plan.apply_approval", "plan", c->r->params[0], case_id, changes);
    json_decref(changes);
    json_decref(checks);
    json_decref(due);
    json_decref(facts);
    return st;
}

enum MHD_Result api_plans_apply(struct http_request *r)
{
    struct plan_in in = {.compulsory = 0};
    rules_calendar_init(&in.cal);
    const struct jf_field body[] = {
        {.name = "compulsory", .type = JF_BOOL, .dst = &in.compulsory},
        {NULL},
    };
    const struct api_handler h = {.name = "plans_apply",
                                  .write = true,
                                  .body = body,
                                  .before = plans_calendar_load,
                                  .tx = apply_tx,
                                  .what = "plan",
                                  .cleanup = plans_calendar_free};
    return api_run(r, &h, &in);
}

/* The schedule of the approved version, one row per creditor and payment. */
static enum db_status schedule_set(struct db_tx *tx, struct api_call *c, const json_t *plan,
                                   const json_t *content)
{
    struct plan_weighed w;
    enum db_status st = plans_weigh(tx, plan, content, &w);
    if (st != DB_OK)
        return st;
    json_t *rows = json_array();
    for (size_t s = 0; s < w.nshares; s++) {
        char d[11];
        date_format(w.pay[w.shares[s].payment].date, d);
        const struct rules_plan_creditor *cr = &w.cred[w.shares[s].creditor];
        json_array_append_new(rows, json_pack("{s:I, s:s, s:s, s:s, s:I}", "n", (json_int_t)s + 1,
                                              "due", d, "creditor", cr->id, "class", cr->klass,
                                              "amount_fen", (json_int_t)w.shares[s].amount));
    }
    bool settlement = strcmp(jf_str(plan, "kind"), "settlement") == 0;
    if (w.err != RULES_OK)
        st = api_refuse(&c->no, PROBLEM_RULE,
                        rule_of(c, settlement ? "SZ-SET-CONTENT" : "SZ-REO-CONTENT")->id, NULL,
                        "the schedule cannot be set: a class is paid that no creditor of the "
                        "case holds a claim in, or the amounts are past what can be weighed");
    else
        st = db_plan_schedule_insert(tx, jf_str(plan, "id"), rows);
    json_decref(rows);
    plans_weighed_free(&w);
    return st == DB_NOT_FOUND ? DB_OK : st;
}

/* Approved: the act, the restrictions lifted in this transaction, the phase, the schedule. */
static enum db_status approved(struct db_tx *tx, struct api_call *c, const json_t *plan,
                               bool compulsory)
{
    struct plan_in *in = c->arg;
    const char *case_id = jf_str(plan, "case_id");
    bool reorganization = strcmp(jf_str(plan, "kind"), "reorganization") == 0;
    json_t *content = NULL, *act = NULL;
    enum db_status st =
        db_plan_version_get(tx, jf_str(plan, "id"), jf_int(plan, "frozen_version", 1), &content);
    json_t *detail = json_pack("{s:O, s:O}", "plan_id", json_object_get(plan, "id"), "version",
                               json_object_get(plan, "frozen_version"));
    if (reorganization)
        json_object_set_new(detail, "compulsory", json_boolean(compulsory));
    const char *kind = reorganization ? "reorganization_plan_approved" : "settlement_approved";
    if (st == DB_OK)
        st = caselife_act(tx, &c->who, &in->cal, case_id, plans_profile(c), caselife_act_kind(kind),
                          clock_today(), NULL, detail, false, &act);
    const char *lift_rule = rule_of(c, reorganization ? "SZ-REO-LIFT" : "SZ-SET-END")->id;
    if (st == DB_OK) {
        st = caselife_lift_restrictions(
            tx, &c->who, case_id, reorganization ? "plan_approved" : "settlement_approved",
            reorganization ? "reorganization plan approved" : "settlement agreement approved",
            clock_today(), &lift_rule);
        st = st == DB_NOT_FOUND ? DB_OK : st; /* none active */
    }
    const char *moved_by = rule_of(c, !reorganization ? "SZ-SET-END"
                                      : compulsory    ? "SZ-REO-CRAMDOWN"
                                                      : "SZ-REO-PASS")
                               ->id;
    if (st == DB_OK)
        st = plans_phase(tx, c, case_id, reorganization ? "{reorganization}" : "{settlement}",
                         reorganization ? "reorganization_execution" : "settlement_execution",
                         moved_by, jf_str(act, "id"));
    if (st == DB_OK)
        st = schedule_set(tx, c, plan, content);
    char today[11];
    if (st == DB_OK && compulsory)
        st = db_plan_deadline_meet(tx, case_id, rule_of(c, "SZ-REO-CRAMDOWN")->id,
                                   today_text(today));
    json_decref(detail);
    json_decref(act);
    json_decref(content);
    return st;
}

/* Not approved: the reorganization (or settlement) ends and the case awaits the declaration. */
static enum db_status not_approved(struct db_tx *tx, struct api_call *c, const json_t *plan)
{
    struct plan_in *in = c->arg;
    bool reorganization = strcmp(jf_str(plan, "kind"), "reorganization") == 0;
    const char *rule = rule_of(c, reorganization ? "SZ-REO-FAIL" : "SZ-SET-END")->id;
    json_t *act = NULL, *detail = json_pack("{s:s}", "rule", rule);
    enum db_status st = DB_OK;
    if (reorganization)
        st = caselife_act(tx, &c->who, &in->cal, jf_str(plan, "case_id"), plans_profile(c),
                          caselife_act_kind("reorganization_failed"), clock_today(), NULL, detail,
                          false, &act);
    if (st == DB_OK)
        st = plans_phase(tx, c, jf_str(plan, "case_id"),
                         reorganization ? "{reorganization}" : "{settlement}",
                         "awaiting_declaration", rule, act ? jf_str(act, "id") : NULL);
    json_decref(detail);
    json_decref(act);
    return st;
}

/* PRC-REO-PERIOD (a profile that has it): the approval within its months of the start. */
static enum db_status within_period(struct api_call *c, const json_t *plan)
{
    date_t start = 0;
    jf_date(plan, "started_on", &start);
    json_t *p = rules_plan_period(rules_builtin(), plans_profile(c), start, clock_today());
    enum db_status st = DB_OK;
    if (p && !json_is_true(json_object_get(p, "met")))
        st = api_refuse(&c->no, PROBLEM_RULE,
                        rules_find(rules_builtin(), plans_profile(c), "PRC-REO-PERIOD")->id, NULL,
                        "%s", jf_str(p, "why"));
    json_decref(p);
    return st;
}

static enum db_status rule_tx(struct db_tx *tx, struct api_call *c)
{
    struct plan_in *in = c->arg;
    json_t *facts = NULL;
    enum db_status st = plans_locked(tx, c, &facts);
    if (st != DB_OK)
        return st;
    const json_t *plan = json_object_get(facts, "plan");
    const char *state = jf_str(plan, "state");
    bool yes = in->approved == 1;
    bool compulsory =
        json_is_true(json_object_get(json_object_get(plan, "application"), "compulsory"));
    if (yes && strcmp(state, "approval_applied") != 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, "approved",
                        "the plan is %s: the court approves a plan the debtor applied for", state);
    else if (!yes && strcmp(state, "approval_applied") != 0 && strcmp(state, "not_passed") != 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, "approved",
                        "the plan is %s: there is nothing to refuse", state);
    if (st == DB_OK && yes && strcmp(jf_str(plan, "kind"), "reorganization") == 0)
        st = within_period(c, plan);
    if (st == DB_OK)
        st = yes ? approved(tx, c, plan, compulsory) : not_approved(tx, c, plan);
    char today[11];
    today_text(today);
    json_t *changes = json_pack("{s:s, s:{s:s, s:b, s:b, s:s?}}", "state",
                                yes ? "executing" : "failed", "ruling", "on", today, "approved",
                                yes, "compulsory", compulsory && yes, "reasons", in->reasons);
    if (st == DB_OK)
        st = db_plan_set(tx, c->r->params[0], changes, &c->out);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, yes ? "plan.approve" : "plan.refuse", "plan", c->r->params[0],
                      jf_str(plan, "case_id"), changes);
    json_decref(changes);
    json_decref(facts);
    return st;
}

enum MHD_Result api_plans_rule(struct http_request *r)
{
    struct plan_in in = {.approved = -1};
    rules_calendar_init(&in.cal);
    const struct jf_field body[] = {
        {.name = "approved", .type = JF_BOOL, .required = true, .dst = &in.approved},
        {.name = "reasons", .type = JF_STRING, .min = 1, .max = 4000, .dst = &in.reasons},
        {NULL},
    };
    const struct api_handler h = {.name = "plans_rule",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .before = plans_calendar_load,
                                  .tx = rule_tx,
                                  .what = "plan",
                                  .cleanup = plans_calendar_free};
    return api_run(r, &h, &in);
}

/* ---- a creditor's waiver ---- */

static bool waivable_now(const char *state)
{
    static const char *const before_ruling[] = {"draft", "voting", "passed", "not_passed",
                                                "approval_applied"};
    for (size_t i = 0; i < sizeof before_ruling / sizeof before_ruling[0]; i++)
        if (strcmp(state, before_ruling[i]) == 0)
            return true;
    return false;
}

/* SZ-REO-SECURED and SZ-REO-FAIR protect the creditor, who may waive them for itself
 * (waivable in the catalogue): recorded on the plan until its approval, and withdrawn the
 * same way. */
static enum db_status waive_tx(struct db_tx *tx, struct api_call *c)
{
    struct plan_in *in = c->arg;
    json_t *facts = NULL, *claims = NULL;
    enum db_status st = plans_locked(tx, c, &facts);
    if (st != DB_OK)
        return st;
    const json_t *plan = json_object_get(facts, "plan");
    const char *state = jf_str(plan, "state");
    const struct rule *fair = rule_of(c, "SZ-REO-FAIR");
    if (strcmp(jf_str(plan, "kind"), "reorganization") != 0 ||
        !json_is_true(rules_param(fair, "waivable")))
        st = api_refuse(&c->no, PROBLEM_RULE, fair->id, NULL,
                        "only a reorganization plan's protections are waived");
    else if (!waivable_now(state))
        st = api_refuse(&c->no, PROBLEM_CONFLICT, fair->id, NULL,
                        "the plan is %s: a waiver is recorded before the court's ruling", state);
    if (st == DB_OK)
        st = db_plan_claims(tx, jf_str(plan, "case_id"), &claims);
    bool holds = false;
    size_t i;
    const json_t *row;
    json_array_foreach(claims, i, row) holds =
        holds || strcmp(json_string_value(json_array_get(row, 0)), c->who.subject) == 0;
    if (st == DB_OK && !holds)
        st = api_refuse(&c->no, PROBLEM_RULE, "SZ-MTG-MEMBERS", NULL,
                        "the creditor holds no claim in the case");
    char today[11];
    if (st == DB_OK)
        st = db_plan_waive(tx, c->r->params[0], c->who.subject, in->approved == 1,
                           today_text(today), &c->out);
    json_t *detail =
        json_pack("{s:s, s:b}", "creditor", c->who.subject, "waived", in->approved == 1);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "plan.waiver", "plan", c->r->params[0], jf_str(plan, "case_id"),
                      detail);
    json_decref(detail);
    json_decref(claims);
    json_decref(facts);
    return st;
}

enum MHD_Result api_plans_waive(struct http_request *r)
{
    struct plan_in in = {.approved = -1};
    const struct jf_field body[] = {
        {.name = "waived", .type = JF_BOOL, .required = true, .dst = &in.approved},
        {NULL},
    };
    const struct api_handler h = {
        .name = "plans_waive", .write = true, .body = body, .tx = waive_tx, .what = "plan"};
    return api_run(r, &h, &in);
}
