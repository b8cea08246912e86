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

#define R(x) (1u << (x))

const struct act_kind caselife_acts[] = {
    /* kind, recorded by, case status, needs event, creditor petition only, opens, meets */
    {"filed", 0, "pending", false, false, {"SZ-APP-DECIDE"}, {NULL}},
    {"debtor_notified", R(ROLE_COURT), "pending", false, true, {"SZ-APP-DEBTOR-OBJECTION"},
     {"SZ-APP-NOTIFY-DEBTOR"}},
    {"debtor_objected", R(ROLE_COURT) | R(ROLE_DEBTOR), "pending", false, true, {NULL},
     {"SZ-APP-DEBTOR-OBJECTION"}},
    {"hearing_scheduled", R(ROLE_COURT), "pending", true, false, {"SZ-APP-HEARING-NOTICE"}, {NULL}},
    {"hearing_notified", R(ROLE_COURT), "pending", false, false, {NULL}, {"SZ-APP-HEARING-NOTICE"}},
    {"decision_extended", R(ROLE_COURT), "pending", false, false, {NULL}, {NULL}},
    {"accepted", 0, "accepted", false, false,
     {"SZ-APP-SERVE-RULING", "SZ-DEBT-PROPERTY-DECL", "SZ-PROP-EXEMPT-LIST", "SZ-ADM-CONTRACTS"},
     {"SZ-APP-DECIDE"}},
    {"not_accepted", 0, "not_accepted", false, false, {NULL}, {"SZ-APP-DECIDE"}},
    {"ruling_served", R(ROLE_COURT), "accepted", false, false, {"SZ-APP-DEBTOR-MATERIALS"},
     {"SZ-APP-SERVE-RULING"}},
    {"debtor_materials_submitted", R(ROLE_COURT) | R(ROLE_DEBTOR), "accepted", false, true, {NULL},
     {"SZ-APP-DEBTOR-MATERIALS"}},
    {"administrator_designated", 0, "accepted", false, false, {"SZ-ANN-ACCEPTANCE"}, {NULL}},
    {"administrator_replaced", 0, "accepted", false, false, {NULL}, {NULL}},
    {"announced", R(ROLE_COURT), "accepted", true, false, {"SZ-MTG-NOTICE"}, {"SZ-ANN-ACCEPTANCE"}},
    {"property_declared", R(ROLE_COURT) | R(ROLE_DEBTOR), "accepted", false, false,
     {"SZ-ADM-PROPERTY-REPORT"}, {"SZ-DEBT-PROPERTY-DECL"}},
    {"exempt_list_filed", R(ROLE_COURT) | R(ROLE_DEBTOR), "accepted", false, false, {NULL},
     {"SZ-PROP-EXEMPT-LIST"}},
    {"property_reported", R(ROLE_ADMINISTRATOR), "accepted", false, false, {NULL},
     {"SZ-ADM-PROPERTY-REPORT"}},
    {"contracts_decided", R(ROLE_ADMINISTRATOR), "accepted", false, false, {NULL},
     {"SZ-ADM-CONTRACTS"}},
    {"meeting_notice_sent", R(ROLE_COURT) | R(ROLE_ADMINISTRATOR), "accepted", false, false, {NULL},
     {"SZ-MTG-NOTICE"}},
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

/* A deadline the act opens, computed here from the calendar: {rule_id, citation,
 * trigger_date, due (null while the calendar lacks a year), trace}. */
static json_t *deadline_entry(const rules_calendar *cal, const char *profile, const char *rule_id,
                              date_t on, date_t event)
{
    const struct rule *rule = rules_find(rules_builtin(), profile, rule_id);
    if (rule == NULL)
        return NULL;
    date_t trigger = rules_param(rule, "in_advance_days") ? event : on;
    struct rules_deadline d;
    memset(&d, 0, sizeof d);
    rules_err err = rules_period_due(rule, cal, trigger, &d);
    if (err != RULES_OK && err != RULES_E_CALENDAR_YEAR)
        return NULL;
    char when[11], due[11];
    date_format(trigger, when);
    date_format(d.due, due);
    return json_pack("{s:s, s:s, s:s, s:s?, s:o}", "rule_id", rule->id, "citation", rule->citation,
                     "trigger_date", when, "due", err == RULES_OK ? due : NULL, "trace",
                     rules_deadline_json(&d));
}

enum db_status caselife_recompute_deadline(struct db_tx *tx, const rules_calendar *cal,
                                           const char *case_id, const char *rule_id, date_t on,
                                           date_t event)
{
    json_t *entry = deadline_entry(cal, NULL, rule_id, on, event);
    if (entry == NULL)
        return DB_ERROR;
    enum db_status st = db_deadline_recompute(tx, case_id, jf_str(entry, "rule_id"),
                                              jf_str(entry, "trigger_date"), jf_str(entry, "due"),
                                              json_object_get(entry, "trace"));
    json_decref(entry);
    return st;
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
        json_t *entry = deadline_entry(cal, profile, k->opens[i], on, event_day);
        st = entry ? DB_OK : DB_ERROR;
        json_array_append_new(*opens, entry);
    }
    /* a creditor's petition also obliges the court to notify the debtor */
    if (st == DB_OK && creditor_petition && strcmp(k->kind, "filed") == 0) {
        json_t *entry = deadline_entry(cal, profile, "SZ-APP-NOTIFY-DEBTOR", on, on);
        st = entry ? DB_OK : DB_ERROR;
        json_array_append_new(*opens, entry);
    }
    for (int i = 0; i < 2 && k->meets[i]; i++)
        json_array_append_new(*meets, json_string(k->meets[i]));
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
        st = db_act_record(tx, who, case_id, k->kind, when, event ? ev : NULL, detail, opens,
                           meets, act);
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
    enum db_status st = caselife_act(tx, who, cal, case_id, profile, k, on, NULL, detail,
                                     creditor_petition, &act);
    json_decref(act);
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
        *fits = lift_grounds[i].procedure == NULL || strcmp(lift_grounds[i].procedure, procedure) == 0;
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
