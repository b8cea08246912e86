/* discharge.c: the end of a liquidation (issue 13): the conclusion (phase declared ->
 * concluded, PRC-LIQ-CONCLUDE under prc-draft-2000, where the share of the claims paid by
 * then gives the discharge date of PRC-DIS-TIERS, which becomes the end of the case's
 * SZ-DIS-INSPECTION row); the inspection period, the case's SZ-DIS-INSPECTION deadline (3
 * years from the declaration); breaches of a restriction reported by the department or an
 * enforcing unit (an agency's one write), on which the court extends the period, in total by
 * at most the rule's 2 years; and the court's ruling on discharge at its end: discharged, the
 * restrictions are lifted in the same transaction (SZ-RST-PERIOD, ground discharge_ruling,
 * allowed by the phase: a failed reorganization is declared with procedure reorganization),
 * and the debts of SZ-DIS-NONDISCHARGEABLE's list the court names survive unless their
 * creditor waived. */
#include <stdio.h>
#include <string.h>

#include "caselife.h"
#include "clock.h"
#include "liquidation.h"
#include "money.h"
#include "rules_liquidation.h"

static const char *const inspected[] = {"declared", "concluded", NULL};
static const char *const discharge_outcomes[] = {"discharged", "refused", NULL};

/* ---- the conclusion ---- */

/* What the claims were paid by the conclusion: the approved plans' claim lines and the
 * collateral realized for secured claims, over the claims' amounts. */
static enum db_status paid_share(struct db_tx *tx, const char *case_id, int64_t *paid,
                                 int64_t *total, bool *final)
{
    json_t *claims = NULL, *approved = NULL;
    enum db_status st = db_liq_claims(tx, case_id, &claims);
    if (st == DB_OK)
        st = db_liq_approved_shares(tx, case_id, &approved);
    *paid = *total = 0;
    *final = false;
    size_t i, k;
    json_t *cl, *s;
    json_array_foreach(claims, i, cl)
    {
        int64_t amount = jf_int(cl, "amount_fen", 0);
        int64_t collateral = jf_int(cl, "collateral_fen", 0);
        *total += amount;
        *paid += collateral < amount ? collateral : amount;
        json_array_foreach(approved, k, s)
        {
            if (strcmp(jf_str(s, "line_id"), jf_str(cl, "id")) != 0)
                continue;
            *paid += jf_int(s, "paid_fen", 0);
            if (!json_is_null(json_object_get(s, "paid_on"))) /* a reserve paid out */
                *paid += jf_int(s, "reserved_fen", 0);
        }
    }
    json_array_foreach(approved, k, s) * final |= strcmp(jf_str(s, "kind"), "final") == 0;
    json_decref(claims);
    json_decref(approved);
    return st;
}

/* PRC-DIS-TIERS: the discharge date from the share paid, as the end of SZ-DIS-INSPECTION. */
static enum db_status tiered_discharge(struct db_tx *tx, struct api_call *c,
                                       const struct rule *tiers, int64_t paid, int64_t total,
                                       json_t *detail)
{
    const struct liq_in *in = c->arg;
    int64_t years = 0, pct = -1;
    if (rules_liq_discharge_years(tiers, paid, total, &years, &pct) != RULES_OK)
        return DB_ERROR;
    struct rules_deadline d;
    memset(&d, 0, sizeof d);
    if (rules_period_compute(NULL, in->on, (int)years, RULES_UNIT_YEARS, RULES_ROLL_NONE, &d) !=
        RULES_OK)
        return DB_ERROR;
    d.rule_id = tiers->id;
    d.citation = tiers->citation;
    char on[11], due[11];
    date_format(in->on, on);
    date_format(d.due, due);
    json_t *entry = json_pack("{s:s, s:s, s:o, s:b, s:n}", "trigger_date", on, "due", due, "trace",
                              rules_deadline_json(&d), "provisional", false, "missing_year");
    json_t *change = json_pack("{s:s, s:s, s:s}", "change", "tiered_discharge", "rule", tiers->id,
                               "due_after", due);
    enum db_status st = db_deadline_recompute(tx, in->case_id, "SZ-DIS-INSPECTION", entry, change);
    json_object_set_new(detail, "discharge",
                        json_pack("{s:s, s:I, s:o, s:s}", "rule", tiers->id, "years",
                                  (json_int_t)years, "tier_above_percent",
                                  pct < 0 ? json_null() : json_integer(pct), "date", due));
    json_decref(entry);
    json_decref(change);
    return st;
}

static enum db_status conclude_tx(struct db_tx *tx, struct api_call *c)
{
    struct liq_in *in = c->arg;
    json_t *facts = NULL;
    static const char *const declared[] = {"declared", NULL};
    enum db_status st = liq_case(tx, c, &facts); /* the case's profile first */
    const struct rule *tiers = rules_find(rules_builtin(), liq_profile(c), "PRC-DIS-TIERS");
    const struct rule *conclude = rules_find(rules_builtin(), liq_profile(c), "PRC-LIQ-CONCLUDE");
    const char *rule_id = conclude ? conclude->id : liq_rule(c, "SZ-LIQ-LITIGATION")->id;
    if (st == DB_OK && !liq_phase_in(facts, declared))
        st = liq_refuse_phase(c, facts, rule_id);
    json_decref(facts);
    int64_t paid = 0, total = 0;
    bool final = false;
    if (st == DB_OK)
        st = paid_share(tx, in->case_id, &paid, &total, &final);
    if (st == DB_OK && !final)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, liq_rule(c, "SZ-LIQ-PLAN-CONTENT")->id, NULL,
                        "the final distribution has not been approved");
    json_t *detail =
        json_pack("{s:s, s:s, s:o, s:o}", "rule", rule_id, "reference", in->reference,
                  "claims_paid", liq_money_json(paid), "claims_total", liq_money_json(total));
    if (st == DB_OK && tiers != NULL)
        st = tiered_discharge(tx, c, tiers, paid, total, detail);
    if (st == DB_OK)
        st = liq_act(tx, c, "liquidation_concluded", in->on, detail, &c->out);
    if (st == DB_OK)
        st = liq_phase(tx, c, "{declared}", "concluded", in->on, rule_id, jf_str(c->out, "id"));
    if (st == DB_OK)
        st = liq_audit(tx, c, "liquidation.conclude", "case_act", jf_str(c->out, "id"), detail);
    json_decref(detail);
    return st;
}

enum MHD_Result api_liquidation_conclude(struct http_request *r)
{
    struct liq_in in;
    liq_in_init(&in);
    const struct jf_field body[] = {
        LIQ_DATE_FIELD(in),
        LIQ_TEXT_FIELD("reference", 300, &in.reference),
        {NULL},
    };
    const struct liq_write w = {.name = "liquidation_conclude",
                                .body = body,
                                .tx = conclude_tx,
                                .ok = 201,
                                .touches_memos = true};
    return liq_run_write(r, &w, &in);
}

/* ---- the inspection period ---- */

/* The months the court has extended the period by. */
static enum db_status extended_months(struct db_tx *tx, const char *case_id, int64_t *months)
{
    json_t *acts = NULL;
    enum db_status st = db_liq_acts_of_kind(tx, case_id, "inspection_extended", &acts);
    size_t i;
    json_t *a;
    *months = 0;
    json_array_foreach(acts, i, a) *months += jf_int(json_object_get(a, "detail"), "months", 0);
    json_decref(acts);
    return st;
}

static enum db_status inspection_view(struct db_tx *tx, const char *case_id, json_t **out)
{
    json_t *deadline = NULL, *breaches = NULL;
    int64_t used = 0, max = 0;
    rules_liq_extension_fits(rules_find(rules_builtin(), NULL, "SZ-DIS-INSPECTION"), 0, 0, &max);
    enum db_status st = db_deadline_for_rule(tx, case_id, "SZ-DIS-INSPECTION", &deadline);
    if (st == DB_NOT_FOUND)
        st = DB_OK;
    if (st == DB_OK)
        st = extended_months(tx, case_id, &used);
    if (st == DB_OK)
        st = db_breaches_for_case(tx, case_id, &breaches);
    if (st == DB_OK)
        *out = json_pack("{s:s, s:s, s:O?, s:I, s:I, s:O}", "case_id", case_id, "rule_id",
                         "SZ-DIS-INSPECTION", "deadline", deadline, "extended_months",
                         (json_int_t)used, "max_extension_months", (json_int_t)max, "breaches",
                         breaches);
    json_decref(deadline);
    json_decref(breaches);
    return st;
}

static enum db_status inspection_get_tx(struct db_tx *tx, struct api_call *c)
{
    enum db_status st = db_case_visible(tx, &c->who, c->r->params[0]);
    return st == DB_OK ? inspection_view(tx, c->r->params[0], &c->out) : st;
}

enum MHD_Result api_inspection_get(struct http_request *r)
{
    const struct api_handler h = {
        .name = "inspection_get", .tx = inspection_get_tx, .what = "case"};
    return api_run(r, &h, NULL);
}

/* A breach seen by the department or an enforcing unit, which sees no case: it names the
 * case from the feed, and a case not under restriction answers as if there were none. */
static enum db_status breach_tx(struct db_tx *tx, struct api_call *c)
{
    struct liq_in *in = c->arg;
    const char *case_id = c->r->params[0];
    const struct rule *rule = rules_find(rules_builtin(), NULL, "SZ-DIS-INSPECTION");
    json_t *facts = NULL;
    snprintf(in->case_id, sizeof in->case_id, "%s", case_id);
    enum db_status st = db_liq_case_restricted(tx, case_id);
    if (st == DB_OK)
        st = db_liq_case(tx, &c->who, case_id, &facts);
    if (st == DB_OK && !liq_phase_in(facts, inspected))
        st = liq_refuse_phase(c, facts, rule->id);
    if (st == DB_OK && !jf_listed(rules_param(rule, "breach_restrictions"), in->restriction))
        st = api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "restriction",
                        "is not a restriction of the case");
    json_decref(facts);
    char on[11];
    date_format(in->on, on);
    struct db_breach b = {.case_id = case_id,
                          .restriction = in->restriction,
                          .on = on,
                          .description = in->description,
                          .evidence = in->evidence};
    if (st == DB_OK)
        st = db_breach_insert(tx, &c->who, &b, &c->out);
    if (st == DB_OK)
        st = liq_audit(tx, c, "inspection.breach", "inspection_breach", jf_str(c->out, "id"),
                       c->out);
    return st;
}

enum MHD_Result api_breaches_report(struct http_request *r)
{
    struct liq_in in;
    liq_in_init(&in);
    in.date_field = "observed_on";
    const struct jf_field body[] = {
        {.name = "observed_on", .type = JF_DATE, .dst = &in.on},
        LIQ_TEXT_FIELD("restriction", 64, &in.restriction),
        LIQ_TEXT_FIELD("description", 4000, &in.description),
        {.name = "evidence", .type = JF_STRING, .min = 1, .max = 2000, .dst = &in.evidence},
        {NULL},
    };
    const struct liq_write w = {
        .name = "breaches_report", .body = body, .tx = breach_tx, .ok = 201};
    return liq_run_write(r, &w, &in);
}

static bool breach_known(const json_t *breaches, const char *id)
{
    size_t i;
    json_t *b;
    json_array_foreach(breaches, i, b)
    {
        if (strcmp(jf_str(b, "id"), id) == 0)
            return true;
    }
    return false;
}

static enum db_status extend_tx(struct db_tx *tx, struct api_call *c)
{
    struct liq_in *in = c->arg;
    json_t *facts = NULL, *breaches = NULL, *deadline = NULL;
    enum db_status st = liq_case(tx, c, &facts);
    const struct rule *rule = liq_rule(c, "SZ-DIS-INSPECTION");
    if (st == DB_OK && !liq_phase_in(facts, inspected))
        st = liq_refuse_phase(c, facts, rule->id);
    json_decref(facts);
    if (st == DB_OK)
        st = db_breaches_for_case(tx, in->case_id, &breaches);
    size_t i;
    json_t *id;
    json_array_foreach(in->breach_ids, i, id)
    {
        if (st == DB_OK && !breach_known(breaches, json_string_value(id))) {
            snprintf(c->no.field_buf, sizeof c->no.field_buf, "breach_ids[%zu]", i);
            st = api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, c->no.field_buf,
                            "is not a breach reported in this case");
        }
    }
    int64_t used = 0, max = 0;
    if (st == DB_OK)
        st = extended_months(tx, in->case_id, &used);
    if (st == DB_OK && !rules_liq_extension_fits(rule, used, in->months, &max))
        st = api_refuse(&c->no, PROBLEM_RULE, rule->id, "months",
                        "the inspection period is extended by at most %lld months in all; "
                        "%lld are used",
                        (long long)max, (long long)used);
    if (st == DB_OK)
        st = db_deadline_for_rule(tx, in->case_id, rule->id, &deadline);
    date_t due;
    if (st == DB_NOT_FOUND || (st == DB_OK && (!jf_date(deadline, "due", &due) ||
                                               strcmp(jf_str(deadline, "status"), "pending"))))
        st = api_refuse(&c->no, PROBLEM_CONFLICT, rule->id, NULL,
                        "the case has no running inspection period");
    struct rules_deadline d;
    memset(&d, 0, sizeof d);
    if (st == DB_OK && rules_period_compute(NULL, due, (int)in->months, RULES_UNIT_MONTHS,
                                            RULES_ROLL_NONE, &d) != RULES_OK)
        st = DB_ERROR;
    char after[11];
    date_format(d.due, after);
    d.rule_id = rule->id;
    d.citation = rule->citation;
    json_t *detail = NULL;
    if (st == DB_OK) {
        json_t *trace = rules_deadline_json(&d);
        st = db_deadline_extend(tx, in->case_id, rule->id, after, trace);
        json_decref(trace);
        detail =
            json_pack("{s:s, s:I, s:I, s:I, s:O, s:O, s:s, s:s}", "rule", rule->id, "months",
                      (json_int_t)in->months, "total_months", (json_int_t)(used + in->months),
                      "max_months", (json_int_t)max, "breach_ids", in->breach_ids, "due_before",
                      json_object_get(deadline, "due"), "due_after", after, "reasons", in->reason);
    }
    if (st == DB_OK)
        st = liq_act(tx, c, "inspection_extended", in->on, detail, NULL);
    if (st == DB_OK)
        st = liq_audit(tx, c, "inspection.extend", "application", in->case_id, detail);
    if (st == DB_OK)
        st = inspection_view(tx, in->case_id, &c->out);
    json_decref(detail);
    json_decref(breaches);
    json_decref(deadline);
    return st;
}

enum MHD_Result api_inspection_extend(struct http_request *r)
{
    struct liq_in in;
    liq_in_init(&in);
    const struct jf_field body[] = {
        LIQ_DATE_FIELD(in),
        {.name = "months",
         .type = JF_INT,
         .required = true,
         .min = 1,
         .max = 1200,
         .dst = &in.months},
        {.name = "breach_ids",
         .type = JF_ARRAY,
         .required = true,
         .min = 1,
         .max = 100,
         .item_type = JF_UUID,
         .dst = &in.breach_ids},
        LIQ_TEXT_FIELD("reasons", 4000, &in.reason),
        {NULL},
    };
    const struct liq_write w = {.name = "inspection_extend", .body = body, .tx = extend_tx};
    return liq_run_write(r, &w, &in);
}

/* ---- the discharge ruling ---- */

/* SZ-DIS-NONDISCHARGEABLE: the debts the court names, by the list's items; those their
 * creditor waived are discharged with the rest. */
static enum db_status surviving_debts(struct db_tx *tx, struct api_call *c, json_t *surviving,
                                      json_t *waived)
{
    const struct liq_in *in = c->arg;
    const struct rule *rule = liq_rule(c, "SZ-DIS-NONDISCHARGEABLE");
    size_t i;
    json_t *d;
    json_array_foreach(in->nondischargeable, i, d)
    {
        const char *item = jf_str(d, "item");
        snprintf(c->no.field_buf, sizeof c->no.field_buf, "nondischargeable[%zu].%s", i,
                 jf_listed(rules_param(rule, "items"), item) ? "claim_id" : "item");
        if (!jf_listed(rules_param(rule, "items"), item))
            return api_refuse(&c->no, PROBLEM_RULE, rule->id, c->no.field_buf,
                              "is not a debt of the rule's list");
        json_t *claim = NULL;
        enum db_status st = db_liq_claim(tx, in->case_id, jf_str(d, "claim_id"), &claim);
        if (st == DB_NOT_FOUND)
            return api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, c->no.field_buf,
                              "is not a claim of this case");
        if (st != DB_OK)
            return st;
        bool was_waived = jf_bool(d, "waived", 0) == 1;
        json_array_append_new(was_waived ? waived : surviving,
                              json_pack("{s:O, s:O, s:s, s:s}", "claim_id",
                                        json_object_get(claim, "id"), "creditor_name",
                                        json_object_get(claim, "creditor_name"), "item", item,
                                        "rule", rule->id));
        json_decref(claim);
    }
    return DB_OK;
}

static enum db_status discharge_tx(struct db_tx *tx, struct api_call *c)
{
    struct liq_in *in = c->arg;
    json_t *facts = NULL, *deadline = NULL, *surviving = json_array(), *waived = json_array();
    enum db_status st = liq_case(tx, c, &facts);
    const struct rule *rule = liq_rule(c, "SZ-DIS-INSPECTION");
    if (st == DB_OK && !liq_phase_in(facts, inspected))
        st = liq_refuse_phase(c, facts, rule->id);
    json_decref(facts);
    if (st == DB_OK)
        st = db_deadline_for_rule(tx, in->case_id, rule->id, &deadline);
    date_t end;
    if (st == DB_NOT_FOUND || (st == DB_OK && !jf_date(deadline, "due", &end)))
        st = api_refuse(&c->no, PROBLEM_CONFLICT, rule->id, NULL,
                        "the case has no inspection period");
    /* under prc-draft-2000 the end is PRC-DIS-TIERS' discharge date */
    const struct rule *by =
        liq_rule(c, jf_str(json_object_get(deadline, "trace"), "rule_id") ?: "");
    const char *ends_by = by ? by->id : rule->id; /* the catalogue's string outlives the reply */
    if (st == DB_OK && in->on < end)
        st = api_refuse(&c->no, PROBLEM_RULE, ends_by, "date",
                        "the court rules on discharge at the end of the inspection period, %s",
                        jf_str(deadline, "due"));
    if (st == DB_OK)
        st = surviving_debts(tx, c, surviving, waived);
    bool discharged = strcmp(in->outcome, "discharged") == 0;
    json_t *detail =
        json_pack("{s:s, s:s, s:O?, s:s?, s:O, s:O, s:s}", "outcome", in->outcome, "rule", ends_by,
                  "inspection_end", json_object_get(deadline, "due"), "restrictions_rule",
                  discharged ? "SZ-RST-PERIOD" : NULL, "surviving_debts", surviving, "waived_debts",
                  waived, "reasons", in->reason);
    json_t *act = NULL;
    if (st == DB_OK)
        st = liq_act(tx, c, "discharge_ruled", in->on, detail, &act);
    if (st == DB_OK)
        st = liq_phase(tx, c, "{declared,concluded}",
                       discharged ? "discharged" : "discharge_refused", in->on, rule->id,
                       jf_str(act, "id"));
    if (st == DB_OK && discharged) {
        const char *lift_rule = "SZ-RST-PERIOD";
        st = caselife_lift_restrictions(tx, &c->who, in->case_id, "discharge_ruling", in->reason,
                                        in->on, &lift_rule);
        if (st == DB_NOT_FOUND)
            st = DB_OK;
    }
    if (st == DB_OK)
        st = liq_audit(tx, c, "discharge.ruling", "case_act", jf_str(act, "id"), detail);
    if (st == DB_OK)
        c->out = json_incref(act);
    json_decref(act);
    json_decref(detail);
    json_decref(deadline);
    json_decref(surviving);
    json_decref(waived);
    return st;
}

enum MHD_Result api_discharge_rule(struct http_request *r)
{
    struct liq_in in;
    liq_in_init(&in);
    static const struct jf_field debt_fields[] = {
        {.name = "claim_id", .type = JF_UUID, .required = true},
        {.name = "item", .type = JF_STRING, .required = true, .min = 1, .max = 100},
        {.name = "waived", .type = JF_BOOL},
        {NULL},
    };
    const struct jf_field body[] = {
        LIQ_DATE_FIELD(in),
        {.name = "outcome",
         .type = JF_ENUM,
         .required = true,
         .enum_values = discharge_outcomes,
         .dst = &in.outcome},
        LIQ_TEXT_FIELD("reasons", 4000, &in.reason),
        {.name = "nondischargeable",
         .type = JF_ARRAY,
         .max = 1000,
         .item_type = JF_OBJECT,
         .fields = debt_fields,
         .dst = &in.nondischargeable},
        {NULL},
    };
    const struct liq_write w = {.name = "discharge_rule",
                                .body = body,
                                .tx = discharge_tx,
                                .ok = 201,
                                .touches_memos = true};
    return liq_run_write(r, &w, &in);
}
