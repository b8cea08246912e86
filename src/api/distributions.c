/* distributions.c: distribution plans (issue 13). A plan is computed, never typed in: from
 * the claims of the confirmed claim table (confirmed amounts; claims in litigation at their
 * declared amount, reserved: SZ-LIQ-LITIGATION; those the administrator names conditional,
 * reserved: SZ-LIQ-RESERVE-CONDITIONAL), the estate's expenses and common debts, secured
 * claims by the shortfall their realized collateral left (SZ-LIQ-SECURED; one whose
 * collateral is not realized waits), and the cash of the estate, through the rules module's
 * waterfall (SZ-LIQ-EXPENSES then SZ-LIQ-ORDER, PRC-LIQ-ORDER under prc-draft-2000), pro rata
 * within a class to the fen with its largest-remainder rounding. Each line counts what is
 * still owed on it after the approved rounds before, less what it missed in a round made
 * before it arrived (a supplementary claim is not paid rounds it was left out of). The
 * contents are SZ-LIQ-PLAN-CONTENT's. A round (interim or final) is voted by the creditors'
 * meeting (an agenda item of kind distribution_plan naming the plan; secured creditors
 * keeping their priority do not vote, SZ-MTG-SECURED-NO-DIST-VOTE) and approved by the court,
 * or ruled on by the court when the meeting did not pass it. The final round's approval is
 * the final distribution announcement (the act final_distribution, which opens
 * SZ-LIQ-UNCLAIMED). Redistributions are computed and recorded like a round: the shares not
 * collected when SZ-LIQ-UNCLAIMED's period has run (PRC-LIQ-UNCLAIMED's 60 days), and the
 * litigation reserves of claims still in litigation when SZ-LIQ-LITIGATION's 2 years after
 * the conclusion have run. Payments are recorded per line; a creditor reads its own lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liquidation.h"
#include "money.h"
#include "rules_distribution.h"
#include "rules_liquidation.h"

static const char *const plan_kinds[] = {"interim", "final", "unclaimed", "litigation", NULL};
static const char *const bases[] = {"meeting", "court_ruling", NULL};
static const char *const declared[] = {"declared", NULL};
static const char *const after_declaration[] = {"declared", "concluded", NULL};

static bool is_round(const char *kind)
{
    return strcmp(kind, "interim") == 0 || strcmp(kind, "final") == 0;
}

static int64_t money_at(const json_t *o, const char *key)
{
    int64_t fen = 0;
    const char *s = jf_str(o, key);
    return s && money_parse(s, &fen) ? fen : 0;
}

/* One line of the plan being computed. */
struct line {
    const char *id, *kind, *creditor_subject, *creditor_name, *klass;
    int64_t owed;      /* the claim or expense (a secured claim: its shortfall) */
    int64_t allocated; /* paid + reserved in the approved plans */
    int64_t missed;    /* its share of rounds made before it arrived */
    json_t *left_out;  /* the numbers of those rounds */
    enum rules_claim_status status;
};

struct plan_calc {
    struct line *lines;
    size_t n, cap;
    json_t *awaiting;      /* secured claims whose collateral is not realized */
    json_t *redistributes; /* [{plan_number, line_id, amount}] a redistribution hands on */
    int64_t pool;
};

static void calc_free(struct plan_calc *p)
{
    for (size_t i = 0; i < p->n; i++)
        json_decref(p->lines[i].left_out);
    free(p->lines);
    json_decref(p->awaiting);
    json_decref(p->redistributes);
}

static struct line *add_line(struct plan_calc *p)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        struct line *more = realloc(p->lines, cap * sizeof *more);
        if (more == NULL)
            return NULL;
        p->lines = more;
        p->cap = cap;
    }
    struct line *l = &p->lines[p->n++];
    memset(l, 0, sizeof *l);
    l->left_out = json_array();
    return l;
}

/* What the approved plans allocated to a line, and what it missed in the rounds made before
 * it arrived (approved rounds in which it has no line). */
static void earlier_rounds(struct line *l, const json_t *approved)
{
    json_t *rounds_in = json_array(), *rounds_all = json_object();
    size_t i;
    json_t *s;
    json_array_foreach(approved, i, s)
    {
        char num[24];
        snprintf(num, sizeof num, "%lld", jf_int(s, "number", 0));
        if (is_round(jf_str(s, "kind")))
            json_object_set(rounds_all, num, json_object_get(s, "tiers"));
        if (strcmp(jf_str(s, "line_id"), l->id) != 0)
            continue;
        l->allocated += jf_int(s, "paid_fen", 0) + jf_int(s, "reserved_fen", 0);
        json_array_append_new(rounds_in, json_string(num));
    }
    const char *num;
    json_t *tiers;
    json_object_foreach(rounds_all, num, tiers)
    {
        bool was_in = false;
        for (size_t k = 0; k < json_array_size(rounds_in); k++)
            was_in |= strcmp(json_string_value(json_array_get(rounds_in, k)), num) == 0;
        if (was_in || strcmp(l->kind, "claim") != 0)
            continue;
        json_t *t;
        json_array_foreach(tiers, i, t)
        {
            if (strcmp(jf_str(t, "class") ?: "", l->klass) == 0)
                l->missed += rules_liq_missed_share(l->owed, money_at(t, "claims"),
                                                    money_at(t, "allocated"));
        }
        json_array_append_new(l->left_out, json_integer(atoll(num)));
    }
    json_decref(rounds_in);
    json_decref(rounds_all);
}

static bool listed_id(const json_t *ids, const char *id)
{
    return jf_listed(ids, id);
}

/* The lines a redistribution leaves out: those whose shares it redistributes. */
static bool excluded(const struct plan_calc *p, const char *id)
{
    size_t i;
    json_t *r;
    json_array_foreach(p->redistributes, i, r)
    {
        if (strcmp(jf_str(r, "line_id"), id) == 0)
            return true;
    }
    return false;
}

/* The estate's expenses and common debts, then the claims. */
static enum db_status gather_lines(struct db_tx *tx, struct api_call *c, struct plan_calc *p,
                                   const json_t *approved)
{
    const struct liq_in *in = c->arg;
    json_t *entries = NULL, *claims = NULL, *totals = NULL;
    int64_t balance = 0;
    enum db_status st = liq_estate_totals(tx, in->case_id, approved, &entries, &totals, &balance);
    json_decref(totals);
    if (st == DB_OK)
        st = db_liq_claims(tx, in->case_id, &claims);
    size_t i;
    json_t *e;
    json_array_foreach(entries, i, e)
    {
        const char *kind = jf_str(e, "kind");
        bool expense = strcmp(kind, "expense") == 0;
        if (st != DB_OK || (!expense && strcmp(kind, "common_debt") != 0))
            continue;
        struct line *l = add_line(p);
        if (l == NULL)
            return DB_ERROR;
        l->id = jf_str(e, "id");
        l->kind = "estate";
        l->creditor_name = jf_str(e, "description");
        l->klass = expense ? "expenses" : "common_debts";
        l->owed = money_at(e, "amount");
    }
    const char *shortfall_class = rules_param_str(liq_rule(c, "SZ-LIQ-SECURED"), "shortfall_class");
    json_array_foreach(claims, i, e)
    {
        if (st != DB_OK)
            break;
        bool secured = json_is_true(json_object_get(e, "secured"));
        json_t *collateral = json_object_get(e, "collateral_fen");
        if (secured && !json_is_integer(collateral)) {
            json_array_append(p->awaiting, json_object_get(e, "id"));
            continue;
        }
        struct line *l = add_line(p);
        if (l == NULL)
            return DB_ERROR;
        l->id = jf_str(e, "id");
        l->kind = "claim";
        l->creditor_subject = jf_str(e, "creditor_subject");
        l->creditor_name = jf_str(e, "creditor_name");
        l->klass = secured ? shortfall_class : jf_str(e, "class");
        l->owed = jf_int(e, "amount_fen", 0);
        if (secured) {
            struct rules_collateral split;
            rules_liq_collateral(l->owed, (int64_t)json_integer_value(collateral), &split);
            l->owed = split.shortfall;
        }
        l->status = strcmp(jf_str(e, "status"), "in_litigation") == 0 ? RULES_CLAIM_DISPUTED
                    : listed_id(in->conditional, l->id)               ? RULES_CLAIM_CONDITIONAL
                                                                      : RULES_CLAIM_CONFIRMED;
    }
    /* the lines' strings live in entries and claims, kept until the plan is stored */
    json_t *keep = json_pack("{s:o?, s:o?}", "entries", entries, "claims", claims);
    json_decref(in->scratch);
    ((struct liq_in *)in)->scratch = keep;
    for (size_t k = 0; st == DB_OK && k < p->n; k++)
        earlier_rounds(&p->lines[k], approved);
    if (st == DB_OK && is_round(in->kind))
        p->pool = in->has_amount ? in->amount : balance;
    if (st == DB_OK && is_round(in->kind) && (p->pool > balance || p->pool <= 0))
        return api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, "amount",
                          "the estate has %lld.%02lld left to distribute", (long long)balance / 100,
                          (long long)balance % 100);
    return st;
}

/* Whether an approved redistribution already handed on the share of line in round number. */
static bool handed_on(const json_t *approved, const json_t *share)
{
    size_t i, k;
    json_t *s, *r;
    json_array_foreach(approved, i, s)
    {
        json_array_foreach(json_object_get(s, "redistributes"), k, r)
        {
            if (jf_int(r, "plan_number", 0) == jf_int(share, "number", -1) &&
                strcmp(jf_str(r, "line_id"), jf_str(share, "line_id")) == 0)
                return true;
        }
    }
    return false;
}

/* The pool of a redistribution, with the lines it hands on, and whether its time has come. */
static enum db_status redistribution_pool(struct db_tx *tx, struct api_call *c, struct plan_calc *p,
                                          const json_t *approved, const json_t *facts)
{
    const struct liq_in *in = c->arg;
    bool unclaimed = strcmp(in->kind, "unclaimed") == 0;
    const struct rule *rule = liq_rule(c, unclaimed ? "SZ-LIQ-UNCLAIMED" : "SZ-LIQ-LITIGATION");
    const struct rule *lit = liq_rule(c, "SZ-LIQ-LITIGATION");
    const struct rule *cond = liq_rule(c, "SZ-LIQ-RESERVE-CONDITIONAL");
    json_t *deadline = NULL, *claims = NULL;
    enum db_status st = db_deadline_for_rule(tx, in->case_id, rule->id, &deadline);
    date_t due;
    if (st == DB_NOT_FOUND || (st == DB_OK && !jf_date(deadline, "due", &due)))
        st = api_refuse(&c->no, PROBLEM_CONFLICT, rule->id, "kind",
                        unclaimed ? "there is no final distribution announcement yet"
                                  : "the liquidation is not concluded yet");
    else if (st == DB_OK && in->on <= due)
        st = api_refuse(&c->no, PROBLEM_RULE, rule->id, "kind",
                        "the shares are redistributed after %s, when the rule's period has run",
                        jf_str(deadline, "due"));
    json_decref(deadline);
    (void)facts;
    if (st == DB_OK && !unclaimed)
        st = db_liq_claims(tx, in->case_id, &claims);
    size_t i;
    json_t *s;
    json_array_foreach(approved, i, s)
    {
        if (st != DB_OK)
            break;
        int64_t amount = 0;
        bool unpaid = is_round(jf_str(s, "kind")) && json_is_null(json_object_get(s, "paid_on"));
        if (unclaimed && unpaid)
            amount = jf_int(s, "paid_fen", 0);
        /* a conditional reserve not released by the final distribution announcement lapses */
        if (unclaimed && unpaid && strcmp(jf_str(s, "reserve_rule") ?: "", cond->id) == 0)
            amount += jf_int(s, "reserved_fen", 0);
        if (!unclaimed && strcmp(jf_str(s, "reserve_rule") ?: "", lit->id) == 0) {
            /* not collectable: the claim is still in litigation */
            size_t k;
            json_t *cl;
            json_array_foreach(claims, k, cl)
            {
                if (strcmp(jf_str(cl, "id"), jf_str(s, "line_id")) == 0 &&
                    strcmp(jf_str(cl, "status"), "in_litigation") == 0)
                    amount = jf_int(s, "reserved_fen", 0);
            }
        }
        if (amount == 0 || handed_on(approved, s))
            continue;
        p->pool += amount;
        json_array_append_new(p->redistributes, json_pack("{s:O, s:O, s:o}", "plan_number",
                                                          json_object_get(s, "number"), "line_id",
                                                          json_object_get(s, "line_id"), "amount",
                                                          liq_money_json(amount)));
    }
    json_decref(claims);
    if (st == DB_OK && p->pool == 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, rule->id, "kind",
                        "there is nothing to redistribute");
    return st;
}

/* The waterfall over the lines, and the plan's rows and contents. */
static enum db_status compute(struct api_call *c, struct plan_calc *p, json_t **content,
                              json_t **rows)
{
    const struct liq_in *in = c->arg;
    struct rules_claim *claims = calloc(p->n ? p->n : 1, sizeof *claims);
    struct rules_share *shares = calloc(p->n ? p->n : 1, sizeof *shares);
    size_t *index = calloc(p->n ? p->n : 1, sizeof *index), n = 0;
    enum db_status st = claims && shares && index ? DB_OK : DB_ERROR;
    for (size_t i = 0; st == DB_OK && i < p->n; i++) {
        struct line *l = &p->lines[i];
        int64_t basis = l->owed - l->allocated - l->missed;
        if (basis <= 0 || excluded(p, l->id))
            continue;
        claims[n] = (struct rules_claim){
            .id = l->id, .klass = l->klass, .amount = basis, .status = l->status};
        index[n++] = i;
    }
    struct rules_distribution d;
    rules_err e = st == DB_OK ? rules_distribute(rules_builtin(), liq_profile(c), p->pool, claims,
                                                 n, shares, &d)
                              : RULES_E_LIMIT;
    if (st == DB_OK && e == RULES_E_INVALID)
        st = api_refuse(&c->no, PROBLEM_RULE, d.rule_id, NULL,
                        "a claim's class is not one of the classes of the rule's order");
    else if (st == DB_OK && e != RULES_OK)
        st = DB_ERROR;
    if (st == DB_OK) {
        *rows = json_array();
        json_t *order = json_array();
        for (size_t t = 0; t < d.ntiers; t++)
            json_array_append_new(
                order, json_pack("{s:s, s:s?, s:o, s:o, s:b}", "class", d.tiers[t].name, "rule_id",
                                 d.tiers[t].rule_id, "claims", liq_money_json(d.tiers[t].claims),
                                 "allocated", liq_money_json(d.tiers[t].allocated), "full",
                                 d.tiers[t].full));
        int64_t claimed = 0;
        for (size_t k = 0; k < n; k++) {
            const struct line *l = &p->lines[index[k]];
            claimed += claims[k].amount;
            const char *reserve = NULL;
            if (shares[k].reserved)
                reserve = shares[k].rule_id;
            json_array_append_new(
                *rows, json_pack("{s:s, s:s, s:s?, s:s, s:s, s:I, s:I, s:I, s:I, s:s?, s:s?, s:O}",
                                 "line_id", l->id, "line_kind", l->kind, "creditor_subject",
                                 l->creditor_subject, "creditor_name", l->creditor_name ?: "",
                                 "class", l->klass, "basis_fen", (json_int_t)claims[k].amount,
                                 "paid_fen", (json_int_t)shares[k].paid, "reserved_fen",
                                 (json_int_t)shares[k].reserved, "missed_fen",
                                 (json_int_t)l->missed, "rule_id", shares[k].rule_id,
                                 "reserve_rule", reserve, "left_out_of", l->left_out));
        }
        *content = json_pack(
            "{s:s, s:I, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:s?, s:O, s:O}", "rule_id",
            liq_rule(c, "SZ-LIQ-PLAN-CONTENT")->id, "creditors", (json_int_t)n, "claim_amounts",
            liq_money_json(claimed), "distributable_amount", liq_money_json(p->pool), "method",
            in->method, "order_ratio_amount", order, "paid", liq_money_json(d.paid), "reserved",
            liq_money_json(d.reserved), "leftover", liq_money_json(d.leftover), "order_rule",
            d.rule_id, "awaiting_collateral", p->awaiting, "redistributes", p->redistributes);
    }
    free(claims);
    free(shares);
    free(index);
    return st;
}

static bool final_approved(const json_t *approved)
{
    size_t i;
    json_t *s;
    json_array_foreach(approved, i, s)
    {
        if (strcmp(jf_str(s, "kind"), "final") == 0)
            return true;
    }
    return false;
}

static enum db_status propose_tx(struct db_tx *tx, struct api_call *c)
{
    struct liq_in *in = c->arg;
    json_t *facts = NULL, *approved = NULL, *content = NULL, *rows = NULL;
    struct plan_calc p = {.awaiting = json_array(), .redistributes = json_array()};
    enum db_status st = liq_case(tx, c, &facts);
    bool round = is_round(in->kind);
    if (st == DB_OK && !liq_phase_in(facts, round ? declared : after_declaration))
        st = liq_refuse_phase(c, facts, liq_rule(c, "SZ-LIQ-PLAN-CONTENT")->id);
    if (st == DB_OK)
        st = db_liq_approved_shares(tx, in->case_id, &approved);
    if (st == DB_OK && round && final_approved(approved))
        st = api_refuse(&c->no, PROBLEM_CONFLICT, liq_rule(c, "SZ-LIQ-PLAN-CONTENT")->id, "kind",
                        "the final distribution has been made: only redistributions follow it");
    if (st == DB_OK && !round)
        st = redistribution_pool(tx, c, &p, approved, facts);
    if (st == DB_OK)
        st = gather_lines(tx, c, &p, approved);
    if (st == DB_OK)
        st = compute(c, &p, &content, &rows);
    char on[11], id[37] = "";
    date_format(in->on, on);
    struct db_distribution_new plan = {.case_id = in->case_id,
                                       .kind = in->kind,
                                       .on = on,
                                       .method = in->method,
                                       .pool_fen = p.pool,
                                       .content = content,
                                       .shares = rows};
    if (st == DB_OK)
        st = db_distribution_insert(tx, &c->who, &plan, id);
    if (st == DB_OK)
        st = db_distribution_get(tx, &c->who, id, &c->out);
    if (st == DB_OK)
        st = liq_audit(tx, c, "distribution.propose", "distribution_plan", id, content);
    calc_free(&p);
    json_decref(facts);
    json_decref(approved);
    json_decref(content);
    json_decref(rows);
    return st;
}

static void check_propose(struct api_call *c, json_t *errors)
{
    const struct liq_in *in = c->arg;
    if (in->kind && !is_round(in->kind) && in->has_amount)
        jf_error(errors, "amount", "a redistribution hands on what it finds: it states no amount");
}

enum MHD_Result api_distributions_propose(struct http_request *r)
{
    struct liq_in in;
    liq_in_init(&in);
    const struct jf_field body[] = {
        {.name = "kind",
         .type = JF_ENUM,
         .required = true,
         .enum_values = plan_kinds,
         .dst = &in.kind},
        LIQ_DATE_FIELD(in),
        {.name = "amount", .type = JF_MONEY, .dst = &in.amount, .present = &in.has_amount},
        LIQ_TEXT_FIELD("method", 2000, &in.method),
        {.name = "conditional_claims",
         .type = JF_ARRAY,
         .max = 10000,
         .item_type = JF_UUID,
         .dst = &in.conditional},
        {NULL},
    };
    const struct liq_write w = {.name = "distributions_propose",
                                .body = body,
                                .tx = propose_tx,
                                .check = check_propose,
                                .ok = 201};
    return liq_run_write(r, &w, &in);
}

static enum db_status list_tx(struct db_tx *tx, struct api_call *c)
{
    json_t *items = NULL;
    enum db_status st = db_case_visible(tx, &c->who, c->r->params[0]);
    if (st == DB_OK)
        st = db_distributions_for_case(tx, &c->who, c->r->params[0], &items);
    if (st == DB_OK)
        c->out = json_pack("{s:o}", "items", items);
    return st;
}

enum MHD_Result api_distributions_for_case(struct http_request *r)
{
    const struct api_handler h = {.name = "distributions_for_case", .tx = list_tx, .what = "case"};
    return api_run(r, &h, NULL);
}

static enum db_status get_tx(struct db_tx *tx, struct api_call *c)
{
    return db_distribution_get(tx, &c->who, c->r->params[0], &c->out);
}

enum MHD_Result api_distributions_get(struct http_request *r)
{
    const struct api_handler h = {
        .name = "distributions_get", .tx = get_tx, .what = "distribution plan"};
    return api_run(r, &h, NULL);
}

/* The plan locked and its case (into in->case_id), both seen by the actor. */
static enum db_status plan_case(struct db_tx *tx, struct api_call *c, json_t **plan, json_t **facts)
{
    struct liq_in *in = c->arg;
    *facts = NULL;
    enum db_status st = db_distribution_lock(tx, &c->who, c->r->params[0], plan);
    if (st == DB_OK && !json_is_true(json_object_get(*plan, "visible")))
        st = DB_NOT_FOUND;
    if (st == DB_OK) {
        snprintf(in->case_id, sizeof in->case_id, "%s", jf_str(*plan, "case_id"));
        st = liq_case(tx, c, facts);
    }
    return st;
}

/* A round passed by the meeting, or ruled on by the court when it was not passed; a
 * redistribution is the court's. Only the case's latest plan: it was computed on what the
 * approved ones left. */
static enum db_status check_basis(struct db_tx *tx, struct api_call *c, const json_t *plan,
                                  json_t **item)
{
    const struct liq_in *in = c->arg;
    const char *rule = liq_rule(c, "SZ-LIQ-PLAN-CONTENT")->id;
    bool round = is_round(jf_str(plan, "kind"));
    *item = NULL;
    if (!round && strcmp(in->basis, "court_ruling") != 0)
        return api_refuse(&c->no, PROBLEM_CONFLICT, rule, "basis",
                          "a redistribution is the court's ruling");
    if (!round)
        return DB_OK;
    enum db_status st =
        db_liq_meeting_item(tx, in->case_id, "distribution_plan", jf_str(plan, "id"), item);
    bool closed = st == DB_OK && strcmp(jf_str(*item, "state"), "closed") == 0;
    bool passed = closed && json_is_true(json_object_get(*item, "passed"));
    if (st != DB_OK && st != DB_NOT_FOUND)
        return st;
    if (!closed)
        return api_refuse(&c->no, PROBLEM_CONFLICT, rule, "basis",
                          "the creditors' meeting has not voted on the plan");
    if (strcmp(in->basis, "meeting") == 0 && !passed)
        return api_refuse(&c->no, PROBLEM_CONFLICT, rule, "basis",
                          "the creditors' meeting did not pass the plan: the court rules on it");
    if (strcmp(in->basis, "court_ruling") == 0 && passed)
        return api_refuse(&c->no, PROBLEM_CONFLICT, rule, "basis",
                          "the creditors' meeting passed the plan: the court approves it");
    return DB_OK;
}

static enum db_status approve_tx(struct db_tx *tx, struct api_call *c)
{
    struct liq_in *in = c->arg;
    json_t *plan = NULL, *facts = NULL, *item = NULL, *plans = NULL, *act = NULL;
    enum db_status st = plan_case(tx, c, &plan, &facts);
    const char *kind = jf_str(plan, "kind");
    if (st == DB_OK && strcmp(jf_str(plan, "state"), "proposed") != 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL, "the plan is approved already");
    if (st == DB_OK && !liq_phase_in(facts, is_round(kind) ? declared : after_declaration))
        st = liq_refuse_phase(c, facts, liq_rule(c, "SZ-LIQ-PLAN-CONTENT")->id);
    if (st == DB_OK)
        st = db_distributions_for_case(tx, &c->who, in->case_id, &plans);
    if (st == DB_OK && jf_int(json_array_get(plans, json_array_size(plans) - 1), "number", 0) !=
                           jf_int(plan, "number", -1))
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL,
                        "a later plan supersedes this one: approve the latest");
    if (st == DB_OK)
        st = check_basis(tx, c, plan, &item);
    json_t *detail =
        json_pack("{s:s, s:O, s:s, s:s, s:O?, s:s?}", "plan_id", c->r->params[0], "number",
                  json_object_get(plan, "number"), "kind", kind ?: "", "basis", in->basis,
                  "meeting_item_id", json_object_get(item, "id"), "reasons", in->reason);
    if (st == DB_OK)
        st = liq_act(tx, c, "distribution_plan_approved", in->on, detail, &act);
    if (st == DB_OK && strcmp(kind, "final") == 0)
        st = liq_act(tx, c, "final_distribution", in->on, detail, NULL);
    char on[11];
    date_format(in->on, on);
    if (st == DB_OK) {
        json_object_set(detail, "act_id", json_object_get(act, "id"));
        json_object_set_new(detail, "date", json_string(on));
        st = db_distribution_approve(tx, c->r->params[0], on, detail);
    }
    if (st == DB_OK)
        st = db_distribution_get(tx, &c->who, c->r->params[0], &c->out);
    if (st == DB_OK)
        st = liq_audit(tx, c, "distribution.approve", "distribution_plan", c->r->params[0], detail);
    json_decref(detail);
    json_decref(plan);
    json_decref(facts);
    json_decref(item);
    json_decref(plans);
    json_decref(act);
    return st;
}

enum MHD_Result api_distributions_approve(struct http_request *r)
{
    struct liq_in in;
    liq_in_init(&in);
    const struct jf_field body[] = {
        LIQ_DATE_FIELD(in),
        {.name = "basis",
         .type = JF_ENUM,
         .required = true,
         .enum_values = bases,
         .dst = &in.basis},
        {.name = "reasons", .type = JF_STRING, .min = 1, .max = 4000, .dst = &in.reason},
        {NULL},
    };
    const struct liq_write w = {.name = "distributions_approve",
                                .body = body,
                                .tx = approve_tx,
                                .touches_memos = true,
                                .what = "distribution plan"};
    return liq_run_write(r, &w, &in);
}

static enum db_status pay_tx(struct db_tx *tx, struct api_call *c)
{
    struct liq_in *in = c->arg;
    json_t *plan = NULL, *facts = NULL;
    enum db_status st = plan_case(tx, c, &plan, &facts);
    if (st == DB_OK && strcmp(jf_str(plan, "state"), "approved") != 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL,
                        "the plan is not approved: nothing is paid under it yet");
    char on[11];
    date_format(in->on, on);
    if (st == DB_OK && strcmp(on, jf_str(plan, "proposed_on")) < 0)
        st = api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, "date", "precedes the plan");
    json_t *approved = NULL,
           *line = json_pack("{s:O, s:s}", "number", json_object_get(plan, "number"), "line_id",
                             in->line_id);
    if (st == DB_OK)
        st = db_liq_approved_shares(tx, in->case_id, &approved);
    if (st == DB_OK && handed_on(approved, line))
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, "line_id",
                        "the share was redistributed: it is no longer paid to this line");
    json_decref(approved);
    json_decref(line);
    if (st == DB_OK) {
        st = db_share_pay(tx, c->r->params[0], in->line_id, on, in->reference,
                          liq_rule(c, "SZ-LIQ-RESERVE-CONDITIONAL")->id,
                          liq_rule(c, "SZ-LIQ-LITIGATION")->id);
        if (st == DB_NOT_FOUND)
            st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, "line_id",
                            "the plan pays this line nothing (a litigation reserve is paid once "
                            "the claim is confirmed), or its payment is recorded");
    }
    json_t *detail = json_pack("{s:s, s:s, s:s?}", "line_id", in->line_id, "date", on, "reference",
                               in->reference);
    if (st == DB_OK)
        st = liq_audit(tx, c, "distribution.payment", "distribution_plan", c->r->params[0], detail);
    if (st == DB_OK)
        st = db_distribution_get(tx, &c->who, c->r->params[0], &c->out);
    json_decref(detail);
    json_decref(plan);
    json_decref(facts);
    return st;
}

enum MHD_Result api_distributions_pay(struct http_request *r)
{
    struct liq_in in;
    liq_in_init(&in);
    const struct jf_field body[] = {
        {.name = "line_id", .type = JF_UUID, .required = true, .dst = &in.line_id},
        LIQ_DATE_FIELD(in),
        {.name = "reference", .type = JF_STRING, .min = 1, .max = 300, .dst = &in.reference},
        {NULL},
    };
    const struct liq_write w = {
        .name = "distributions_pay", .body = body, .tx = pay_tx, .what = "distribution plan"};
    return liq_run_write(r, &w, &in);
}
