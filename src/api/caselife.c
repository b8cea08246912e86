/* caselife.c: the legal acts of a case and what each sets in motion. One table says, for
 * every act, who records it, in which state of the case, which deadlines it opens and which
 * it meets; the periods themselves come from the rule catalogue through the rules module.
 * Restrictions are imposed on acceptance and lifted on a ground of SZ-RST-PERIOD, each
 * change appended to the feed that enforcing units poll. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "caselife.h"
#include "clock.h"
#include "rules.h"

/* who records an act: its roles, read by policy_may_record_act (policy.c) */
#define R(x) POLICY_ROLE(x)

const struct act_kind caselife_acts[] = {
    /* kind, recorded by, case status, needs event, creditor petition only, opens, meets */
    {"filed", 0, "pending", false, false, {"SZ-APP-DECIDE"}, {NULL}},
    {"debtor_notified",
     R(ROLE_COURT),
     "pending",
     false,
     true,
     {"SZ-APP-DEBTOR-OBJECTION"},
     {"SZ-APP-NOTIFY-DEBTOR"}},
    {"debtor_objected",
     R(ROLE_COURT) | R(ROLE_DEBTOR),
     "pending",
     false,
     true,
     {NULL},
     {"SZ-APP-DEBTOR-OBJECTION"}},
    {"hearing_scheduled", R(ROLE_COURT), "pending", true, false, {"SZ-APP-HEARING-NOTICE"}, {NULL}},
    {"hearing_notified", R(ROLE_COURT), "pending", false, false, {NULL}, {"SZ-APP-HEARING-NOTICE"}},
    {"decision_extended", R(ROLE_COURT), "pending", false, false, {NULL}, {NULL}},
    {"accepted",
     0,
     "accepted",
     false,
     false,
     {"SZ-APP-SERVE-RULING", "SZ-DEBT-PROPERTY-DECL", "SZ-PROP-EXEMPT-LIST", "SZ-ADM-CONTRACTS"},
     {"SZ-APP-DECIDE"}},
    {"not_accepted", 0, "not_accepted", false, false, {NULL}, {"SZ-APP-DECIDE"}},
    {"ruling_served",
     R(ROLE_COURT),
     "accepted",
     false,
     false,
     {"SZ-APP-DEBTOR-MATERIALS"},
     {"SZ-APP-SERVE-RULING"}},
    {"debtor_materials_submitted",
     R(ROLE_COURT) | R(ROLE_DEBTOR),
     "accepted",
     false,
     true,
     {NULL},
     {"SZ-APP-DEBTOR-MATERIALS"}},
    {"administrator_designated", 0, "accepted", false, false, {"SZ-ANN-ACCEPTANCE"}, {NULL}},
    {"administrator_replaced", 0, "accepted", false, false, {NULL}, {NULL}},
    {"announced", R(ROLE_COURT), "accepted", true, false, {"SZ-MTG-NOTICE"}, {"SZ-ANN-ACCEPTANCE"}},
    {"property_declared",
     R(ROLE_COURT) | R(ROLE_DEBTOR),
     "accepted",
     false,
     false,
     {"SZ-ADM-PROPERTY-REPORT"},
     {"SZ-DEBT-PROPERTY-DECL"}},
    {"exempt_list_filed",
     R(ROLE_COURT) | R(ROLE_DEBTOR),
     "accepted",
     false,
     false,
     {NULL},
     {"SZ-PROP-EXEMPT-LIST"}},
    {"property_reported",
     R(ROLE_ADMINISTRATOR),
     "accepted",
     false,
     false,
     {NULL},
     {"SZ-ADM-PROPERTY-REPORT"}},
    {"contracts_decided",
     R(ROLE_ADMINISTRATOR),
     "accepted",
     false,
     false,
     {NULL},
     {"SZ-ADM-CONTRACTS"}},
    {"meeting_notice_sent",
     R(ROLE_COURT) | R(ROLE_ADMINISTRATOR),
     "accepted",
     false,
     false,
     {NULL},
     {"SZ-MTG-NOTICE"}},
    /* the claim table served on the creditors and the debtor opens the objection period */
    {"claim_table_served",
     R(ROLE_ADMINISTRATOR),
     "accepted",
     false,
     false,
     {"SZ-CLM-OBJECTION"},
     {NULL}},
    /* the administrator publishes its list of the claims that need no declaration */
    {"listed_claims_published", R(ROLE_ADMINISTRATOR), "accepted", false, false, {NULL}, {NULL}},
    {"claims_confirmed", 0, "accepted", false, false, {NULL}, {NULL}},
    /* a creditors' meeting closed: its resolutions may be challenged (SZ-MTG-REVOKE); the
     * court's ruling on a plan the meeting did not pass opens its reconsideration */
    {"meeting_closed", 0, "accepted", false, false, {"SZ-MTG-REVOKE"}, {NULL}},
    {"unpassed_plan_ruled",
     R(ROLE_COURT),
     "accepted",
     false,
     false,
     {"SZ-MTG-UNPASSED-PLANS"},
     {NULL}},
    /* after them a claim is no longer declared (SZ-CLM-SUPPLEMENTARY's "until") */
    {"final_distribution",
     R(ROLE_ADMINISTRATOR),
     "accepted",
     false,
     false,
     {"SZ-LIQ-UNCLAIMED"},
     {NULL}},
    {"reorganization_plan_completed", R(ROLE_COURT), "accepted", false, false, {NULL}, {NULL}},
    /* ---- liquidation (issue 13): recorded by the routes of property.c, estate.c,
     * distributions.c and discharge.c, which check what each carries (0: not by hand) but
     * the service of the declaration */
    {"exempt_list_ruled", 0, "accepted", false, false, {NULL}, {NULL}},
    {"revocation_requested", 0, "accepted", false, false, {NULL}, {NULL}},
    {"revocation_ruled", 0, "accepted", false, false, {NULL}, {NULL}},
    {"bankruptcy_declared",
     0,
     "accepted",
     false,
     false,
     {"SZ-LIQ-DECLARE-SERVE", "SZ-DIS-INSPECTION"},
     {NULL}},
    {"declaration_served",
     R(ROLE_COURT),
     "accepted",
     false,
     false,
     {NULL},
     {"SZ-LIQ-DECLARE-SERVE"}},
    {"proceedings_ended", 0, "accepted", false, false, {NULL}, {NULL}},
    {"distribution_plan_approved", 0, "accepted", false, false, {NULL}, {NULL}},
    {"liquidation_concluded", 0, "accepted", false, false, {"SZ-LIQ-LITIGATION"}, {NULL}},
    {"inspection_extended", 0, "accepted", false, false, {NULL}, {NULL}},
    {"discharge_ruled", 0, "accepted", false, false, {NULL}, {"SZ-DIS-INSPECTION"}},
    /* --- plans (issue 12): recorded by the service in the plan routes (src/api/plans.c) */
    {"reorganization_plan_approved", 0, "accepted", false, false, {NULL}, {NULL}},
    {"settlement_approved", 0, "accepted", false, false, {NULL}, {NULL}},
    {"settlement_executed", R(ROLE_COURT), "accepted", false, false, {NULL}, {NULL}},
    {"execution_report_filed", 0, "accepted", false, false, {NULL}, {NULL}},
    {"reorganization_failed", 0, "accepted", false, false, {NULL}, {NULL}},
    {"reorganization_terminated", 0, "accepted", false, false, {NULL}, {NULL}},
    {NULL},
};

const struct act_kind *caselife_act_kind(const char *kind)
{
    for (const struct act_kind *a = caselife_acts; a->kind; a++)
        if (strcmp(a->kind, kind) == 0)
            return a;
    return NULL;
}

/* Opens that only apply to a creditor's petition (the debtor is served and must file). */
static bool opens_for(const char *rule_id, bool creditor_petition)
{
    if (strcmp(rule_id, "SZ-APP-DEBTOR-MATERIALS") == 0)
        return creditor_petition;
    return true;
}

/* A deadline's due date from its trigger (the event for an "in advance" rule) with the
 * extensions granted, each counted from the due date before it (SZ-APP-DECIDE). A date
 * counted from a provisional one is provisional for the same years. */
static rules_err deadline_due(const rules_calendar *cal, const struct rule *rule, date_t trigger,
                              long long extensions, struct rules_deadline *d)
{
    rules_err err = rules_period_due(rule, cal, trigger, d);
    for (long long i = 0; err == RULES_OK && i < extensions; i++) {
        struct rules_deadline ext;
        err = rules_period_due_param(rule, "extension_days", RULES_UNIT_DAYS, cal, d->due, &ext);
        rules_deadline_inherit(&ext, d);
        *d = ext;
    }
    return err;
}

/* A deadline computed here from the calendar: {rule_id, citation, trigger_date, due,
 * provisional, missing_year, trace}. A due date in a year the calendar lacks is
 * provisional (the rules module's reading on weekends alone) until the court enters it. */
static json_t *deadline_entry(const rules_calendar *cal, const char *profile, const char *rule_id,
                              date_t on, date_t event, long long extensions)
{
    const struct rule *rule = rules_find(rules_builtin(), profile, rule_id);
    if (rule == NULL)
        return NULL;
    date_t trigger = rules_param(rule, "in_advance_days") ? event : on;
    struct rules_deadline d;
    memset(&d, 0, sizeof d);
    if (deadline_due(cal, rule, trigger, extensions, &d) != RULES_OK)
        return NULL;
    char when[11], due[11];
    date_format(trigger, when);
    date_format(d.due, due);
    json_t *e = json_pack("{s:s, s:s, s:s, s:s, s:b, s:o}", "rule_id", rule->id, "citation",
                          rule->citation, "trigger_date", when, "due", due, "provisional",
                          d.provisional, "trace", rules_deadline_json(&d));
    json_object_set_new(e, "missing_year",
                        d.provisional ? json_integer(d.missing_year) : json_null());
    return e;
}

enum db_status caselife_recompute_deadline(struct db_tx *tx, const rules_calendar *cal,
                                           const char *case_id, const char *profile,
                                           const char *rule_id, date_t on, date_t event)
{
    json_t *entry = deadline_entry(cal, profile, rule_id, on, event, 0);
    if (entry == NULL)
        return DB_ERROR;
    enum db_status st = db_deadline_recompute(tx, case_id, jf_str(entry, "rule_id"), entry, NULL);
    json_decref(entry);
    return st;
}

/* A deadline is stored under the id its case's profile gives the rule (a stand-in's, e.g.
 * PRC-LIQ-DECLARE-SERVE): an act names the rule in its profile, or, recorded without one,
 * in every profile (meeting a deadline the case does not have is nothing). */
static void meets_rule(json_t *meets, const char *profile, const char *rule_id)
{
    const rules_catalogue *cat = rules_builtin();
    if (profile != NULL) {
        const struct rule *met = rules_find(cat, profile, rule_id);
        json_array_append_new(meets, json_string(met ? met->id : rule_id));
        return;
    }
    json_array_append_new(meets, json_string(rule_id));
    for (size_t i = 0; i < rules_count(cat); i++) {
        const struct rule *r = rules_at(cat, i);
        const json_t *o = r->overrides;
        if (json_is_object(o) ? json_object_get(o, rule_id) != NULL : jf_listed(o, rule_id))
            json_array_append_new(meets, json_string(r->id));
    }
}

enum db_status caselife_act_deadlines(const rules_calendar *cal, const char *profile,
                                      const struct act_kind *k, date_t on, const date_t *event,
                                      bool creditor_petition, json_t **opens, json_t **meets)
{
    *opens = json_array();
    *meets = json_array();
    enum db_status st = DB_OK;
    date_t event_day = event ? *event : on;
    for (int i = 0; st == DB_OK && i < 4 && k->opens[i]; i++) {
        if (!opens_for(k->opens[i], creditor_petition))
            continue;
        json_t *entry = deadline_entry(cal, profile, k->opens[i], on, event_day, 0);
        st = entry ? DB_OK : DB_ERROR;
        json_array_append_new(*opens, entry);
    }
    /* a creditor's petition also obliges the court to notify the debtor */
    if (st == DB_OK && creditor_petition && strcmp(k->kind, "filed") == 0) {
        json_t *entry = deadline_entry(cal, profile, "SZ-APP-NOTIFY-DEBTOR", on, on, 0);
        st = entry ? DB_OK : DB_ERROR;
        json_array_append_new(*opens, entry);
    }
    for (int i = 0; i < 2 && k->meets[i]; i++)
        meets_rule(*meets, profile, k->meets[i]);
    return st;
}

enum db_status caselife_act(struct db_tx *tx, const struct db_actor *who, const rules_calendar *cal,
                            const char *case_id, const char *profile, const struct act_kind *k,
                            date_t on, const date_t *event, const json_t *detail,
                            bool creditor_petition, json_t **act)
{
    json_t *opens, *meets;
    enum db_status st =
        caselife_act_deadlines(cal, profile, k, on, event, creditor_petition, &opens, &meets);
    char when[11], ev[11];
    date_format(on, when);
    if (event)
        date_format(*event, ev);
    if (st == DB_OK)
        st = db_act_record(tx, who, case_id, k->kind, when, event ? ev : NULL, detail, opens, meets,
                           act);
    json_decref(opens);
    json_decref(meets);
    return st;
}

enum db_status caselife_record_act(struct db_tx *tx, const struct db_actor *who,
                                   const rules_calendar *cal, const char *case_id,
                                   const char *profile, const char *kind, date_t on,
                                   const json_t *detail, bool creditor_petition)
{
    const struct act_kind *k = caselife_act_kind(kind);
    if (k == NULL)
        return DB_ERROR;
    json_t *act = NULL;
    enum db_status st =
        caselife_act(tx, who, cal, case_id, profile, k, on, NULL, detail, creditor_petition, &act);
    json_decref(act);
    return st;
}

/* ---- the announcement's bounds ---- */

rules_err caselife_meeting_bounds(const rules_calendar *cal, date_t on, int days,
                                  struct rules_deadline *end, struct rules_deadline *latest)
{
    const struct rule *period = rules_find(rules_builtin(), NULL, "SZ-CLM-PERIOD");
    const struct rule *first = rules_find(rules_builtin(), NULL, "SZ-MTG-FIRST");
    memset(end, 0, sizeof *end);
    memset(latest, 0, sizeof *latest);
    rules_err err = rules_period_fixed(period, cal, on, days, end);
    if (err == RULES_OK)
        err = rules_period_due(first, cal, end->due, latest);
    rules_deadline_inherit(latest, end);
    return err;
}

void caselife_bounds_detail(json_t *detail, const struct rules_deadline *end,
                            const struct rules_deadline *latest)
{
    char e[11], l[11];
    date_format(end->due, e);
    date_format(latest->due, l);
    json_object_set_new(detail, "claim_period_end", json_string(e));
    json_object_set_new(detail, "first_meeting_latest", json_string(l));
    json_object_set_new(detail, "provisional", json_boolean(latest->provisional));
    json_object_set_new(detail, "missing_year",
                        latest->provisional ? json_integer(latest->missing_year) : json_null());
    json_t *which = json_array();
    if (end->provisional)
        json_array_append_new(which, json_string("claim_period_end"));
    if (latest->provisional)
        json_array_append_new(which, json_string("first_meeting_latest"));
    json_object_set_new(detail, "provisional_dates", which);
}

bool caselife_meeting_fits(const struct rules_deadline *end, const struct rules_deadline *latest,
                           date_t event, char *msg, size_t len)
{
    char e[11], l[11], ev[11];
    date_format(end->due, e);
    date_format(latest->due, l);
    date_format(event, ev);
    bool fits = event > end->due && event <= latest->due;
    int n = snprintf(msg, len,
                     "the first meeting (%s) %s after the claim period ends (%s) and no "
                     "later than %s",
                     ev, fits ? "falls" : "must fall", e, l);
    if (latest->provisional && n > 0 && (size_t)n < len)
        snprintf(msg + n, len - (size_t)n,
                 "; these dates are provisional: the court calendar lacks %d, and they are "
                 "checked again when the court enters it",
                 latest->missing_year);
    return fits;
}

/* ---- the court enters a calendar year ---- */

/* A deadline counted again as its trace recorded the period (amount, unit, roll): for the
 * periods the rule's own params do not name (a sub-rule's, as the plans' SZ-REO-PASS
 * approval_application; a court-fixed one; a stand-in of another profile). NULL when the
 * trace does not say. */
static json_t *entry_from_trace(const rules_calendar *cal, const json_t *w, date_t trigger)
{
    const json_t *t = json_object_get(w, "trace");
    const char *unit = jf_str(t, "unit"), *roll = jf_str(t, "roll");
    long long amount = jf_int(t, "amount", -1);
    if (unit == NULL || roll == NULL || amount < 0 || amount > 100000 ||
        jf_int(w, "extensions", 0) != 0)
        return NULL;
    enum rules_roll r = strcmp(roll, "backward") == 0 ? RULES_ROLL_BACKWARD
                        : strcmp(roll, "none") == 0   ? RULES_ROLL_NONE
                                                      : RULES_ROLL_FORWARD;
    enum rules_unit u = strcmp(unit, "months") == 0  ? RULES_UNIT_MONTHS
                        : strcmp(unit, "years") == 0 ? RULES_UNIT_YEARS
                                                     : RULES_UNIT_DAYS;
    struct rules_deadline d;
    memset(&d, 0, sizeof d);
    rules_err e = json_is_true(json_object_get(t, "in_advance"))
                      ? rules_period_in_advance(cal, trigger, (int)amount, r, &d)
                      : rules_period_compute(cal, trigger, (int)amount, u, r, &d);
    if (e != RULES_OK)
        return NULL;
    d.rule_id = jf_str(w, "rule_id");
    d.citation = jf_str(t, "citation");
    char when[11], due[11];
    date_format(trigger, when);
    date_format(d.due, due);
    json_t *entry =
        json_pack("{s:s, s:s, s:s, s:b, s:o}", "rule_id", d.rule_id, "trigger_date", when, "due",
                  due, "provisional", d.provisional, "trace", rules_deadline_json(&d));
    json_object_set_new(entry, "missing_year",
                        d.provisional ? json_integer(d.missing_year) : json_null());
    return entry;
}

/* Re-dates one provisional deadline on the calendar as it now is; a changed date goes
 * into the deadline's history and the audit trail. */
static enum db_status redate_deadline(struct db_tx *tx, const struct db_actor *who,
                                      const rules_calendar *cal, int year, const json_t *w)
{
    date_t trigger;
    if (!jf_date(w, "trigger_date", &trigger))
        return DB_ERROR;
    /* the stored trigger of an "in advance" deadline already is its event */
    json_t *entry = deadline_entry(cal, NULL, jf_str(w, "rule_id"), trigger, trigger,
                                   jf_int(w, "extensions", 0));
    if (entry == NULL)
        entry = entry_from_trace(cal, w, trigger);
    if (entry == NULL)
        return DB_ERROR;
    enum db_status st = DB_OK;
    if (!json_equal(json_object_get(w, "due"), json_object_get(entry, "due")) ||
        !json_equal(json_object_get(w, "missing_year"), json_object_get(entry, "missing_year"))) {
        json_t *change =
            json_pack("{s:s, s:i, s:O, s:O, s:O, s:O, s:O}", "change", "calendar_year_entered",
                      "year", year, "rule_id", json_object_get(w, "rule_id"), "due_before",
                      json_object_get(w, "due"), "due_after", json_object_get(entry, "due"),
                      "missing_year_before", json_object_get(w, "missing_year"),
                      "missing_year_after", json_object_get(entry, "missing_year"));
        json_object_set(change, "provisional_after", json_object_get(entry, "provisional"));
        st = db_deadline_recompute(tx, jf_str(w, "case_id"), jf_str(w, "rule_id"), entry, change);
        if (st == DB_OK)
            st = db_audit(tx, who, "deadline.redate", "deadline", jf_str(w, "id"),
                          jf_str(w, "case_id"), change);
        json_decref(change);
    }
    json_decref(entry);
    return st;
}

/* Checks an announcement made on provisional bounds again. The act stands whatever the
 * outcome (it was recorded); a first meeting now outside the bounds is flagged on the case
 * for the court, naming SZ-MTG-FIRST. */
static enum db_status recheck_announcement(struct db_tx *tx, const struct db_actor *who,
                                           const rules_calendar *cal, int year, const json_t *act)
{
    const json_t *before = json_object_get(act, "detail");
    date_t on, event;
    struct rules_deadline end, latest;
    if (!jf_date(act, "date", &on) || !jf_date(act, "event_date", &event) ||
        caselife_meeting_bounds(cal, on, (int)jf_int(before, "claim_period_days", 0), &end,
                                &latest) != RULES_OK)
        return DB_ERROR;
    json_t *detail = json_deep_copy(before);
    caselife_bounds_detail(detail, &end, &latest);
    json_object_del(detail, "recheck");
    json_t *unchanged = json_deep_copy(before);
    json_object_del(unchanged, "recheck");
    bool same = json_equal(detail, unchanged);
    json_decref(unchanged);
    if (same) {
        json_decref(detail);
        return DB_OK;
    }
    char msg[400];
    bool fits = caselife_meeting_fits(&end, &latest, event, msg, sizeof msg);
    json_object_set_new(detail, "recheck",
                        json_pack("{s:i, s:s}", "calendar_year", year, "outcome",
                                  fits ? "within_bounds" : "outside_bounds"));
    const char *act_id = jf_str(act, "id"), *case_id = jf_str(act, "case_id");
    enum db_status st = db_act_detail_set(tx, act_id, detail);
    if (st == DB_OK && !fits) {
        char why[sizeof msg + 120];
        snprintf(why, sizeof why,
                 "with the court calendar for %d entered, %s; the announcement "
                 "stands and the court decides",
                 year, msg);
        json_t *flag =
            json_pack("{s:s, s:s, s:s}", "rule", "SZ-MTG-FIRST", "message", why, "act_id", act_id);
        st = db_application_flag(tx, case_id, flag);
        json_decref(flag);
    }
    if (st == DB_OK) {
        json_t *audit =
            json_pack("{s:i, s:O, s:O}", "calendar_year", year, "before", before, "after", detail);
        st = db_audit(tx, who, "act.recheck", "case_act", act_id, case_id, audit);
        json_decref(audit);
    }
    json_decref(detail);
    return st;
}

enum db_status caselife_calendar_entered(struct db_tx *tx, const struct db_actor *who,
                                         const rules_calendar *cal, int year)
{
    json_t *waiting = NULL, *acts = NULL;
    enum db_status st = db_deadlines_provisional(tx, &waiting);
    size_t i;
    json_t *x;
    json_array_foreach(waiting, i, x)
    {
        if (st != DB_OK)
            break;
        st = redate_deadline(tx, who, cal, year, x);
    }
    if (st == DB_OK)
        st = db_acts_provisional(tx, &acts);
    json_array_foreach(acts, i, x)
    {
        if (st != DB_OK)
            break;
        st = recheck_announcement(tx, who, cal, year, x);
    }
    json_decref(waiting);
    json_decref(acts);
    return st;
}

/* ---- restrictions ---- */

struct imposed {
    const char *kind;
    const char *rule_id;
    const char *params[3]; /* the catalogue params carried into the decision */
};

static const struct imposed imposed_on_acceptance[] = {
    {"consumption", "SZ-RST-CONSUMPTION", {"items", NULL}},
    {"posts", "SZ-RST-POSTS", {"posts", "entities", NULL}},
    {"loan_declaration", "SZ-RST-LOAN-DECLARE", {"min_exclusive_fen", NULL}},
    {"exit", "SZ-RST-EXIT", {"requires", NULL}},
};

enum db_status caselife_restrictions_imposed(const char *profile, date_t accepted_on,
                                             json_t **restrictions, json_t **audit_detail)
{
    *restrictions = json_array();
    *audit_detail = NULL;
    for (size_t i = 0; i < sizeof imposed_on_acceptance / sizeof imposed_on_acceptance[0]; i++) {
        const struct imposed *m = &imposed_on_acceptance[i];
        const struct rule *rule = rules_find(rules_builtin(), profile, m->rule_id);
        if (rule == NULL)
            return DB_ERROR;
        json_t *detail = json_object();
        for (int p = 0; p < 3 && m->params[p]; p++)
            json_object_set(detail, m->params[p], (json_t *)rules_param(rule, m->params[p]));
        json_array_append_new(*restrictions,
                              json_pack("{s:s, s:s, s:s, s:o}", "kind", m->kind, "rule_id",
                                        rule->id, "citation", rule->citation, "detail", detail));
    }
    const struct rule *decision = rules_find(rules_builtin(), profile, "SZ-RST-DECISION");
    if (decision == NULL)
        return DB_ERROR;
    char from[11];
    date_format(accepted_on, from);
    *audit_detail = json_pack("{s:s, s:s}", "effective_from", from, "rule", decision->id);
    return DB_OK;
}

/* The grounds of SZ-RST-PERIOD ("until") and the rule each names when it lifts. */
static const struct {
    const char *ground;
    const char *procedure; /* NULL: any */
    const char *rule_id;
} lift_grounds[] = {
    {"discharge_ruling", "liquidation", "SZ-RST-PERIOD"},
    {"plan_approved", "reorganization", "SZ-REO-LIFT"},
    {"settlement_approved", "settlement", "SZ-SET-END"},
    {"termination", NULL, "SZ-LIQ-END-BEFORE"},
};

const char *caselife_lift_rule(const char *ground, const char *procedure, bool *fits)
{
    for (size_t i = 0; i < sizeof lift_grounds / sizeof lift_grounds[0]; i++) {
        if (strcmp(lift_grounds[i].ground, ground) != 0)
            continue;
        *fits =
            lift_grounds[i].procedure == NULL || strcmp(lift_grounds[i].procedure, procedure) == 0;
        return lift_grounds[i].rule_id;
    }
    *fits = false;
    return NULL;
}

enum db_status caselife_lift_restrictions(struct db_tx *tx, const struct db_actor *who,
                                          const char *case_id, const char *ground,
                                          const char *reason, date_t on, const char **rule_id)
{
    (void)who;
    const struct rule *rule = rules_find(rules_builtin(), NULL, *rule_id);
    if (rule == NULL)
        return DB_ERROR;
    char to[11];
    date_format(on, to);
    return db_restrictions_lift(tx, case_id, to, rule->id, rule->citation, ground, reason);
}
