/* estate.c: the declaration of bankruptcy and the estate (issue 13). The court declares the
 * debtor bankrupt from a liquidation or after a failed reorganization or settlement (phase
 * liquidation | awaiting_declaration -> declared): the act bankruptcy_declared opens the
 * service of the declaration (SZ-LIQ-DECLARE-SERVE; PRC-LIQ-DECLARE-SERVE's 3 days under
 * prc-draft-2000, met by the court's act declaration_served) and the inspection period
 * (SZ-DIS-INSPECTION, the case's deadline row). Before the declaration, the payment of all
 * due debts ends the proceedings and lifts the restrictions (SZ-LIQ-END-BEFORE). The estate
 * is what the administrator realized (what, when, for how much), the collateral secured
 * creditors realized (SZ-LIQ-SECURED: the claim paid from it first, the surplus joining the
 * estate, the shortfall the ordinary class) and the expenses and common debts as they arise
 * (SZ-LIQ-EXPENSES), which the distribution plans pay first. */
#include <stdio.h>
#include <string.h>

#include "caselife.h"
#include "liquidation.h"
#include "money.h"
#include "rules_liquidation.h"

static const char *const entry_kinds[] = {"realization", "collateral_realization", "expense",
                                          "common_debt", NULL};
static const char *const declarable[] = {"liquidation", "awaiting_declaration", NULL};
static const char *const estate_phases[] = {"declared", "concluded", NULL};

/* ---- the declaration ---- */

static enum db_status declare_tx(struct db_tx *tx, struct api_call *c)
{
    struct liq_in *in = c->arg;
    json_t *facts = NULL;
    enum db_status st = liq_case(tx, c, &facts);
    const struct rule *serve = liq_rule(c, "SZ-LIQ-DECLARE-SERVE");
    if (st == DB_OK && !liq_phase_in(facts, declarable))
        st = liq_refuse_phase(c, facts, serve->id);
    json_t *detail = json_pack("{s:s, s:s, s:O?}", "rule", serve->id, "reference", in->reference,
                               "from_phase", json_object_get(facts, "phase"));
    if (st == DB_OK)
        st = liq_act(tx, c, "bankruptcy_declared", in->on, detail, &c->out);
    if (st == DB_OK)
        st = liq_phase(tx, c, "{liquidation,awaiting_declaration}", "declared", in->on, serve->id,
                       jf_str(c->out, "id"));
    if (st == DB_OK)
        st = liq_audit(tx, c, "liquidation.declare", "case_act", jf_str(c->out, "id"), detail);
    json_decref(detail);
    json_decref(facts);
    return st;
}

enum MHD_Result api_bankruptcy_declare(struct http_request *r)
{
    struct liq_in in;
    liq_in_init(&in);
    const struct jf_field body[] = {
        LIQ_DATE_FIELD(in),
        LIQ_TEXT_FIELD("reference", 300, &in.reference),
        {NULL},
    };
    const struct liq_write w = {.name = "bankruptcy_declare",
                                .body = body,
                                .tx = declare_tx,
                                .ok = 201,
                                .touches_memos = true};
    return liq_run_write(r, &w, &in);
}

/* SZ-LIQ-END-BEFORE: every due debt paid before the declaration. */
static enum db_status end_tx(struct db_tx *tx, struct api_call *c)
{
    struct liq_in *in = c->arg;
    json_t *facts = NULL;
    const char *rule_id = "SZ-LIQ-END-BEFORE";
    enum db_status st = liq_case(tx, c, &facts);
    static const char *const before[] = {"liquidation", NULL};
    if (st == DB_OK && !liq_phase_in(facts, before))
        st = liq_refuse_phase(c, facts, rule_id);
    json_decref(facts);
    json_t *detail = json_pack("{s:s, s:s, s:s}", "rule", rule_id, "when", "all_due_debts_paid",
                               "reasons", in->reason);
    if (st == DB_OK)
        st = liq_act(tx, c, "proceedings_ended", in->on, detail, &c->out);
    if (st == DB_OK)
        st = liq_phase(tx, c, "{liquidation}", "ended", in->on, rule_id, jf_str(c->out, "id"));
    if (st == DB_OK) {
        st = caselife_lift_restrictions(tx, &c->who, c->r->params[0], "termination", in->reason,
                                        in->on, &rule_id);
        if (st == DB_NOT_FOUND) /* nothing left in force */
            st = DB_OK;
    }
    if (st == DB_OK)
        st = liq_audit(tx, c, "liquidation.end_before_declaration", "case_act",
                       jf_str(c->out, "id"), detail);
    json_decref(detail);
    return st;
}

enum MHD_Result api_liquidation_end(struct http_request *r)
{
    struct liq_in in;
    liq_in_init(&in);
    const struct jf_field body[] = {
        LIQ_DATE_FIELD(in),
        LIQ_TEXT_FIELD("reasons", 4000, &in.reason),
        {NULL},
    };
    const struct liq_write w = {
        .name = "liquidation_end", .body = body, .tx = end_tx, .ok = 201, .touches_memos = true};
    return liq_run_write(r, &w, &in);
}

/* ---- the estate ---- */

/* SZ-LIQ-SECURED: the realization of a confirmed secured claim's collateral. */
static enum db_status collateral_detail(struct db_tx *tx, struct api_call *c, json_t **detail)
{
    const struct liq_in *in = c->arg;
    const struct rule *secured = liq_rule(c, "SZ-LIQ-SECURED");
    json_t *claim = NULL;
    enum db_status st = db_liq_claim(tx, c->r->params[0], in->claim_id, &claim);
    if (st == DB_NOT_FOUND)
        return api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, "claim_id",
                          "is not a claim of this case");
    if (st != DB_OK)
        return st;
    bool usable = json_is_true(json_object_get(claim, "secured")) &&
                  strcmp(jf_str(claim, "status") ?: "", "confirmed") == 0;
    int64_t confirmed = jf_int(claim, "confirmed_fen", 0);
    json_decref(claim);
    if (!usable)
        return api_refuse(&c->no, PROBLEM_RULE, secured->id, "claim_id",
                          "collateral is realized for a confirmed secured claim");
    struct rules_collateral split;
    if (rules_liq_collateral(confirmed, in->amount, &split) != RULES_OK)
        return DB_ERROR;
    *detail = json_pack("{s:s, s:o, s:o, s:o, s:o, s:s?}", "rule", secured->id, "claim",
                        liq_money_json(confirmed), "from_collateral",
                        liq_money_json(split.from_collateral), "shortfall",
                        liq_money_json(split.shortfall), "surplus", liq_money_json(split.surplus),
                        "shortfall_class", rules_param_str(secured, "shortfall_class"));
    return DB_OK;
}

static enum db_status entry_tx(struct db_tx *tx, struct api_call *c)
{
    struct liq_in *in = c->arg;
    json_t *facts = NULL, *detail = NULL;
    bool collateral = strcmp(in->kind, "collateral_realization") == 0;
    enum db_status st = liq_case(tx, c, &facts);
    if (st == DB_OK && !liq_phase_in(facts, estate_phases))
        st = liq_refuse_phase(c, facts, "SZ-LIQ-DECLARE-SERVE");
    json_decref(facts);
    if (st == DB_OK && collateral)
        st = collateral_detail(tx, c, &detail);
    else if (st == DB_OK &&
             (strcmp(in->kind, "expense") == 0 || strcmp(in->kind, "common_debt") == 0))
        detail = json_pack("{s:s}", "rule", liq_rule(c, "SZ-LIQ-EXPENSES")->id);
    char on[11];
    date_format(in->on, on);
    struct db_estate_entry e = {.case_id = c->r->params[0],
                                .kind = in->kind,
                                .on = on,
                                .description = in->description,
                                .claim_id = collateral ? in->claim_id : NULL,
                                .amount_fen = in->amount,
                                .detail = detail};
    if (st == DB_OK)
        st = db_estate_insert(tx, &c->who, &e, &c->out);
    if (st == DB_OK)
        st = liq_audit(tx, c, "estate.entry", "estate_entry", jf_str(c->out, "id"), c->out);
    json_decref(detail);
    return st;
}

static void check_entry(struct api_call *c, json_t *errors)
{
    const struct liq_in *in = c->arg;
    bool collateral = in->kind && strcmp(in->kind, "collateral_realization") == 0;
    if (collateral && in->claim_id == NULL)
        jf_error(errors, "claim_id",
                 "is required: the secured claim whose collateral was realized");
    if (!collateral && in->claim_id != NULL)
        jf_error(errors, "claim_id", "only a collateral realization names a claim");
}

enum MHD_Result api_estate_record(struct http_request *r)
{
    struct liq_in in;
    liq_in_init(&in);
    const struct jf_field body[] = {
        {.name = "kind",
         .type = JF_ENUM,
         .required = true,
         .enum_values = entry_kinds,
         .dst = &in.kind},
        LIQ_DATE_FIELD(in),
        LIQ_TEXT_FIELD("description", 2000, &in.description),
        {.name = "amount", .type = JF_MONEY, .required = true, .dst = &in.amount},
        {.name = "claim_id", .type = JF_UUID, .dst = &in.claim_id},
        {NULL},
    };
    const struct liq_write w = {.name = "estate_record",
                                .body = body,
                                .tx = entry_tx,
                                .check = check_entry,
                                .ok = 201,
                                .what = "case or claim"};
    return liq_run_write(r, &w, &in);
}

enum db_status liq_estate_totals(struct db_tx *tx, const char *case_id, const json_t *approved,
                                 json_t **entries, json_t **totals, int64_t *balance)
{
    json_t *rows = NULL;
    enum db_status st = db_estate_for_case(tx, case_id, &rows);
    if (st != DB_OK)
        return st;
    int64_t realized = 0, surplus = 0, expenses = 0, common = 0, distributed = 0;
    size_t i;
    json_t *e;
    *entries = json_array();
    json_array_foreach(rows, i, e)
    {
        const char *kind = jf_str(e, "kind");
        int64_t amount = jf_int(e, "amount_fen", 0), fen = 0;
        if (strcmp(kind, "realization") == 0)
            realized += amount;
        else if (strcmp(kind, "expense") == 0)
            expenses += amount;
        else if (strcmp(kind, "common_debt") == 0)
            common += amount;
        else if (money_parse(
                     jf_str(json_object_get(json_object_get(e, "entry"), "detail"), "surplus")
                         ?: "0",
                     &fen))
            surplus += fen;
        json_array_append(*entries, json_object_get(e, "entry"));
    }
    json_decref(rows);
    /* the rounds allocate the estate; a redistribution hands on what a round allocated */
    json_array_foreach(approved, i, e)
    {
        const char *kind = jf_str(e, "kind");
        if (strcmp(kind, "interim") == 0 || strcmp(kind, "final") == 0)
            distributed += jf_int(e, "paid_fen", 0) + jf_int(e, "reserved_fen", 0);
    }
    *balance = realized + surplus - distributed;
    *totals =
        json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "realized", liq_money_json(realized),
                  "collateral_surplus", liq_money_json(surplus), "expenses",
                  liq_money_json(expenses), "common_debts", liq_money_json(common), "distributed",
                  liq_money_json(distributed), "balance", liq_money_json(*balance));
    return DB_OK;
}

static enum db_status estate_get_tx(struct db_tx *tx, struct api_call *c)
{
    const char *case_id = c->r->params[0];
    json_t *approved = NULL, *entries = NULL, *totals = NULL;
    int64_t balance = 0;
    enum db_status st = db_case_visible(tx, &c->who, case_id);
    if (st == DB_OK)
        st = db_liq_approved_shares(tx, case_id, &approved);
    if (st == DB_OK)
        st = liq_estate_totals(tx, case_id, approved, &entries, &totals, &balance);
    if (st == DB_OK)
        c->out = json_pack("{s:o, s:o}", "entries", entries, "totals", totals);
    json_decref(approved);
    return st;
}

enum MHD_Result api_estate_get(struct http_request *r)
{
    const struct api_handler h = {.name = "estate_get", .tx = estate_get_tx, .what = "case"};
    return api_run(r, &h, NULL);
}
