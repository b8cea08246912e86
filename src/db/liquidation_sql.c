/* liquidation_sql.c: statements of the liquidation resources (src/api/property.c, estate.c,
 * distributions.c, discharge.c): the property declaration and the exempt-property list, the
 * estate, distribution plans with their lines and payments, breaches reported during the
 * inspection period, and the case facts they check, the case row locked. The phase moves only
 * through case_phase_set (sql/420); acts go through record_act (caselife_sql.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

/* What a liquidation route checks of the case, the case row locked. */
static const struct db_stmt LIQ_CASE = {
    "liq_case",
    "SELECT json_build_object('status', a.status, 'phase', a.phase, 'profile', a.profile, "
    "'procedure', a.procedure, 'received_on', a.received_on, 'accepted_on', a.accepted_on, "
    "'applicant_role', a.applicant_role, 'visible', application_visible(a, $2, $3)) "
    "FROM applications a WHERE a.id = $1::uuid FOR UPDATE OF a",
    3};

static const struct db_stmt PROPERTY_DECLARATION_INSERT = {
    "property_declaration_insert",
    "INSERT INTO property_declarations AS d (case_id, version, declared_on, items, changes, "
    "lookback, total_fen, act_id, by_role, by_subject) "
    "SELECT $1::uuid, coalesce(max(x.version), 0) + 1, $2::date, $3::jsonb, $4::jsonb, $5::jsonb, "
    "$6::bigint, $7::uuid, $8, $9 FROM property_declarations x WHERE x.case_id = $1::uuid "
    "RETURNING property_declaration_json(d)",
    9};

static const struct db_stmt PROPERTY_DECLARATION_LATEST = {
    "property_declaration_latest",
    "SELECT property_declaration_json(d) FROM property_declarations d "
    "JOIN applications a ON a.id = d.case_id "
    "WHERE d.case_id = $1::uuid AND application_visible(a, $2, $3) "
    "ORDER BY d.version DESC LIMIT 1",
    3};

static const struct db_stmt EXEMPT_LIST_INSERT = {
    "exempt_list_insert",
    "INSERT INTO exempt_lists AS e (case_id, version, filed_on, items, counted_fen, excluded_fen, "
    "cap_fen, act_id, by_role, by_subject) "
    "SELECT $1::uuid, coalesce(max(x.version), 0) + 1, $2::date, $3::jsonb, $4::bigint, "
    "$5::bigint, $6::bigint, $7::uuid, $8, $9 FROM exempt_lists x WHERE x.case_id = $1::uuid "
    "RETURNING exempt_list_json(e)",
    9};

static const struct db_stmt EXEMPT_LIST_LATEST = {
    "exempt_list_latest",
    "SELECT exempt_list_json(e) FROM exempt_lists e JOIN applications a ON a.id = e.case_id "
    "WHERE e.case_id = $1::uuid AND application_visible(a, $2, $3) "
    "ORDER BY e.version DESC LIMIT 1",
    3};

static const struct db_stmt EXEMPT_LIST_RULE = {
    "exempt_list_rule",
    "UPDATE exempt_lists AS e SET ruling = $2::jsonb WHERE e.id = $1::uuid AND e.ruling IS NULL "
    "RETURNING exempt_list_json(e)",
    2};

/* The last agenda item of a kind voting on an object of the case (its reference). */
static const struct db_stmt LIQ_MEETING_ITEM = {
    "liq_meeting_item",
    "SELECT json_build_object('id', i.id, 'state', i.state, 'passed', i.passed) "
    "FROM meetings m JOIN meeting_items i ON i.meeting_id = m.id "
    "WHERE m.case_id = $1::uuid AND i.kind = $2 AND i.reference = $3 "
    "ORDER BY i.seq DESC LIMIT 1",
    3};

static const struct db_stmt ESTATE_INSERT = {
    "estate_insert",
    "INSERT INTO estate_entries AS e (case_id, kind, on_date, description, amount_fen, claim_id, "
    "detail, by_subject) VALUES ($1::uuid, $2, $3::date, $4, $5::bigint, $6::uuid, "
    "coalesce($7::jsonb, '{}'), $8) "
    "RETURNING estate_entry_json(e)",
    8};

/* The estate's entries with their fen, oldest first (the caller checked the case). */
static const struct db_stmt ESTATE_FOR_CASE = {
    "estate_for_case",
    "SELECT json_build_object('entry', estate_entry_json(e), 'kind', e.kind, 'amount_fen', "
    "e.amount_fen, 'claim_id', e.claim_id, 'id', e.id, 'description', e.description) "
    "FROM estate_entries e WHERE e.case_id = $1::uuid ORDER BY e.seq",
    1};

/* The claims a distribution reads: confirmed, or in litigation (reserved), with their
 * amounts, class, whether secured and the realization of their collateral. */
static const struct db_stmt LIQ_CLAIMS = {
    "liq_claims",
    "SELECT json_build_object('id', c.id, 'creditor_subject', c.creditor_subject, "
    "'creditor_name', c.creditor_name, 'status', c.status, 'timing', c.timing, "
    "'class', coalesce(c.admitted_class, c.claimed_class), "
    "'amount_fen', CASE WHEN c.status = 'confirmed' THEN c.confirmed_fen "
    "  ELSE c.principal_fen + c.interest_fen END, "
    "'secured', coalesce(c.admitted_secured_fen, c.secured_fen) > 0 "
    "  OR coalesce(c.admitted_class, c.claimed_class) = 'secured', "
    "'collateral_fen', (SELECT e.amount_fen FROM estate_entries e WHERE e.claim_id = c.id)) "
    "FROM claims c WHERE c.case_id = $1::uuid AND c.status IN ('confirmed', 'in_litigation') "
    "ORDER BY c.seq",
    1};

/* One claim of the case, locked: a collateral realization, a discharge's surviving debt. */
static const struct db_stmt LIQ_CLAIM = {
    "liq_claim",
    "SELECT json_build_object('id', c.id, 'status', c.status, 'creditor_subject', "
    "c.creditor_subject, 'creditor_name', c.creditor_name, "
    "'confirmed_fen', c.confirmed_fen, 'class', coalesce(c.admitted_class, c.claimed_class), "
    "'secured', coalesce(c.admitted_secured_fen, c.secured_fen) > 0 "
    "  OR coalesce(c.admitted_class, c.claimed_class) = 'secured') "
    "FROM claims c WHERE c.id = $2::uuid AND c.case_id = $1::uuid FOR UPDATE OF c",
    2};

/* Every line of the case's approved plans: what was allocated before a new round. */
static const struct db_stmt LIQ_APPROVED_SHARES = {
    "liq_approved_shares",
    "SELECT json_build_object('number', p.number, 'kind', p.kind, 'line_id', s.line_id, "
    "'class', s.class, 'paid_fen', s.paid_fen, 'reserved_fen', s.reserved_fen, "
    "'reserve_rule', s.reserve_rule, 'paid_on', s.paid_on, 'approved_on', p.approved_on, "
    "'tiers', p.content->'order_ratio_amount', 'redistributes', p.content->'redistributes') "
    "FROM distribution_plans p JOIN distribution_shares s ON s.plan_id = p.id "
    "WHERE p.case_id = $1::uuid AND p.state = 'approved' ORDER BY p.number",
    1};

static const struct db_stmt PLAN_INSERT = {
    "distribution_insert",
    "WITH p AS (INSERT INTO distribution_plans (case_id, number, kind, proposed_on, pool_fen, "
    "  method, content, by_subject) SELECT $1::uuid, coalesce(max(x.number), 0) + 1, $2, "
    "  $3::date, $4::bigint, $5, $6::jsonb, $7 FROM distribution_plans x "
    "  WHERE x.case_id = $1::uuid RETURNING id), "
    "s AS (INSERT INTO distribution_shares (plan_id, line_id, line_kind, creditor_subject, "
    "  creditor_name, class, basis_fen, paid_fen, reserved_fen, missed_fen, rule_id, "
    "  reserve_rule, left_out_of) SELECT p.id, r.line_id, r.line_kind, r.creditor_subject, "
    "  r.creditor_name, r.class, r.basis_fen, r.paid_fen, r.reserved_fen, r.missed_fen, "
    "  r.rule_id, r.reserve_rule, r.left_out_of FROM p, jsonb_to_recordset($8::jsonb) AS "
    "  r(line_id uuid, line_kind text, creditor_subject text, creditor_name text, class text, "
    "  basis_fen bigint, paid_fen bigint, reserved_fen bigint, missed_fen bigint, rule_id text, "
    "  reserve_rule text, left_out_of integer[])) "
    "SELECT to_json(id) FROM p",
    8};

static const struct db_stmt PLAN_GET = {
    "distribution_get",
    "SELECT distribution_plan_json(p, $2, $3) FROM distribution_plans p "
    "JOIN applications a ON a.id = p.case_id "
    "WHERE p.id = $1::uuid AND application_visible(a, $2, $3)",
    3};

static const struct db_stmt PLANS_FOR_CASE = {
    "distributions_for_case",
    "SELECT distribution_plan_json(p, $2, $3) FROM distribution_plans p "
    "JOIN applications a ON a.id = p.case_id "
    "WHERE p.case_id = $1::uuid AND application_visible(a, $2, $3) ORDER BY p.number",
    3};

static const struct db_stmt PLAN_LOCK = {
    "distribution_lock",
    "SELECT json_build_object('id', p.id, 'case_id', p.case_id, 'number', p.number, 'kind', "
    "p.kind, 'state', p.state, 'proposed_on', p.proposed_on, 'visible', "
    "application_visible(a, $2, $3)) FROM distribution_plans p "
    "JOIN applications a ON a.id = p.case_id WHERE p.id = $1::uuid FOR UPDATE OF p",
    3};

static const struct db_stmt PLAN_APPROVE = {
    "distribution_approve",
    "UPDATE distribution_plans SET state = 'approved', approved_on = $2::date, "
    "approval = $3::jsonb WHERE id = $1::uuid AND state = 'proposed'",
    3};

/* A payment of a line's share, once; a line with nothing paid has no payment. A reserve is
 * paid out when it is released: a conditional claim's ($5, the condition came true) or a
 * litigation reserve ($6) whose claim is confirmed now. */
static const struct db_stmt SHARE_PAY = {
    "share_pay",
    "UPDATE distribution_shares s SET paid_on = $3::date, payment_reference = $4 "
    "WHERE s.plan_id = $1::uuid AND s.line_id = $2::uuid AND s.paid_on IS NULL "
    "AND (s.paid_fen > 0 OR s.reserved_fen > 0 AND (s.reserve_rule = $5 OR s.reserve_rule = $6 "
    "  AND EXISTS (SELECT 1 FROM claims c WHERE c.id = s.line_id AND c.status = 'confirmed')))",
    6};

static const struct db_stmt BREACH_INSERT = {
    "breach_insert",
    "INSERT INTO inspection_breaches AS b (case_id, restriction, observed_on, description, "
    "evidence, by_role, by_subject, request_id) VALUES ($1::uuid, $2, $3::date, $4, $5, $6, $7, "
    "$8) RETURNING inspection_breach_json(b)",
    8};

static const struct db_stmt BREACHES_FOR_CASE = {
    "breaches_for_case",
    "SELECT inspection_breach_json(b) FROM inspection_breaches b WHERE b.case_id = $1::uuid "
    "ORDER BY b.seq",
    1};

/* The acts of one kind of a case, oldest first. */
static const struct db_stmt LIQ_ACTS_OF_KIND = {
    "liq_acts_of_kind",
    "SELECT case_act_json(c) FROM case_acts c WHERE c.case_id = $1::uuid AND c.kind = $2 "
    "ORDER BY c.seq",
    2};

/* Whether a case is under a restriction now: an enforcing unit reports only on those. */
static const struct db_stmt LIQ_CASE_RESTRICTED = {
    "liq_case_restricted",
    "SELECT to_json(a.id) FROM applications a WHERE a.id = $1::uuid AND a.status = 'accepted' "
    "AND EXISTS (SELECT 1 FROM restrictions r WHERE r.case_id = a.id AND r.status = 'active')",
    1};

enum db_status db_liq_case(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                           json_t **out)
{
    const char *params[3] = {case_id, who->role, who->subject};
    return dbi_json_one(tx, &LIQ_CASE, params, out);
}

/* A fen amount as a parameter. */
static void fen_text(int64_t fen, char buf[24])
{
    snprintf(buf, 24, "%lld", (long long)fen);
}

enum db_status db_property_declaration_insert(struct db_tx *tx, const struct db_actor *who,
                                              const struct db_property_declaration *d, json_t **out)
{
    char *items = dbi_json_param(d->items), *changes = dbi_json_param(d->changes),
         *lookback = dbi_json_param(d->lookback), total[24];
    fen_text(d->total_fen, total);
    const char *params[9] = {d->case_id, d->on,     items,     changes,     lookback,
                             total,      d->act_id, who->role, who->subject};
    enum db_status st = dbi_json_one(tx, &PROPERTY_DECLARATION_INSERT, params, out);
    free(items);
    free(changes);
    free(lookback);
    return st;
}

enum db_status db_property_declaration_latest(struct db_tx *tx, const struct db_actor *who,
                                              const char *case_id, json_t **out)
{
    const char *params[3] = {case_id, who->role, who->subject};
    return dbi_json_one(tx, &PROPERTY_DECLARATION_LATEST, params, out);
}

enum db_status db_exempt_list_insert(struct db_tx *tx, const struct db_actor *who,
                                     const struct db_exempt_list *e, json_t **out)
{
    char *items = dbi_json_param(e->items), counted[24], excluded[24], cap[24];
    fen_text(e->counted_fen, counted);
    fen_text(e->excluded_fen, excluded);
    fen_text(e->cap_fen, cap);
    const char *params[9] = {e->case_id, e->on,     items,     counted,     excluded,
                             cap,        e->act_id, who->role, who->subject};
    enum db_status st = dbi_json_one(tx, &EXEMPT_LIST_INSERT, params, out);
    free(items);
    return st;
}

enum db_status db_exempt_list_latest(struct db_tx *tx, const struct db_actor *who,
                                     const char *case_id, json_t **out)
{
    const char *params[3] = {case_id, who->role, who->subject};
    return dbi_json_one(tx, &EXEMPT_LIST_LATEST, params, out);
}

enum db_status db_exempt_list_rule(struct db_tx *tx, const char *list_id, const json_t *ruling,
                                   json_t **out)
{
    char *text = dbi_json_param(ruling);
    const char *params[2] = {list_id, text};
    enum db_status st = dbi_json_one(tx, &EXEMPT_LIST_RULE, params, out);
    free(text);
    return st;
}

enum db_status db_liq_meeting_item(struct db_tx *tx, const char *case_id, const char *kind,
                                   const char *reference, json_t **out)
{
    const char *params[3] = {case_id, kind, reference};
    return dbi_json_one(tx, &LIQ_MEETING_ITEM, params, out);
}

enum db_status db_estate_insert(struct db_tx *tx, const struct db_actor *who,
                                const struct db_estate_entry *e, json_t **out)
{
    char amount[24], *detail = dbi_json_param(e->detail);
    fen_text(e->amount_fen, amount);
    const char *params[8] = {e->case_id, e->kind,     e->on,  e->description,
                             amount,     e->claim_id, detail, who->subject};
    enum db_status st = dbi_json_one(tx, &ESTATE_INSERT, params, out);
    free(detail);
    return st;
}

enum db_status db_estate_for_case(struct db_tx *tx, const char *case_id, json_t **out)
{
    const char *params[1] = {case_id};
    return dbi_json_rows(tx, &ESTATE_FOR_CASE, params, out);
}

enum db_status db_liq_claims(struct db_tx *tx, const char *case_id, json_t **out)
{
    const char *params[1] = {case_id};
    return dbi_json_rows(tx, &LIQ_CLAIMS, params, out);
}

enum db_status db_liq_claim(struct db_tx *tx, const char *case_id, const char *claim_id,
                            json_t **out)
{
    const char *params[2] = {case_id, claim_id};
    return dbi_json_one(tx, &LIQ_CLAIM, params, out);
}

enum db_status db_liq_approved_shares(struct db_tx *tx, const char *case_id, json_t **out)
{
    const char *params[1] = {case_id};
    return dbi_json_rows(tx, &LIQ_APPROVED_SHARES, params, out);
}

enum db_status db_distribution_insert(struct db_tx *tx, const struct db_actor *who,
                                      const struct db_distribution_new *p, char id[37])
{
    char pool[24], *content = dbi_json_param(p->content), *shares = dbi_json_param(p->shares);
    fen_text(p->pool_fen, pool);
    const char *params[8] = {p->case_id, p->kind, p->on,        pool,
                             p->method,  content, who->subject, shares};
    json_t *out = NULL;
    enum db_status st = dbi_json_one(tx, &PLAN_INSERT, params, &out);
    if (st == DB_OK)
        snprintf(id, 37, "%s", json_string_value(out) ? json_string_value(out) : "");
    json_decref(out);
    free(content);
    free(shares);
    return st;
}

enum db_status db_distribution_get(struct db_tx *tx, const struct db_actor *who,
                                   const char *plan_id, json_t **out)
{
    const char *params[3] = {plan_id, who->role, who->subject};
    return dbi_json_one(tx, &PLAN_GET, params, out);
}

enum db_status db_distributions_for_case(struct db_tx *tx, const struct db_actor *who,
                                         const char *case_id, json_t **out)
{
    const char *params[3] = {case_id, who->role, who->subject};
    return dbi_json_rows(tx, &PLANS_FOR_CASE, params, out);
}

enum db_status db_distribution_lock(struct db_tx *tx, const struct db_actor *who,
                                    const char *plan_id, json_t **out)
{
    const char *params[3] = {plan_id, who->role, who->subject};
    return dbi_json_one(tx, &PLAN_LOCK, params, out);
}

enum db_status db_distribution_approve(struct db_tx *tx, const char *plan_id, const char *on,
                                       const json_t *approval)
{
    char *text = dbi_json_param(approval);
    const char *params[3] = {plan_id, on, text};
    enum db_status st = dbi_command(tx, &PLAN_APPROVE, params);
    free(text);
    return st;
}

enum db_status db_share_pay(struct db_tx *tx, const char *plan_id, const char *line_id,
                            const char *on, const char *reference, const char *conditional_rule,
                            const char *litigation_rule)
{
    const char *params[6] = {plan_id, line_id, on, reference, conditional_rule, litigation_rule};
    return dbi_command(tx, &SHARE_PAY, params);
}

enum db_status db_breach_insert(struct db_tx *tx, const struct db_actor *who,
                                const struct db_breach *b, json_t **out)
{
    const char *params[8] = {b->case_id,  b->restriction, b->on,        b->description,
                             b->evidence, who->role,      who->subject, who->request_id};
    return dbi_json_one(tx, &BREACH_INSERT, params, out);
}

enum db_status db_breaches_for_case(struct db_tx *tx, const char *case_id, json_t **out)
{
    const char *params[1] = {case_id};
    return dbi_json_rows(tx, &BREACHES_FOR_CASE, params, out);
}

enum db_status db_liq_acts_of_kind(struct db_tx *tx, const char *case_id, const char *kind,
                                   json_t **out)
{
    const char *params[2] = {case_id, kind};
    return dbi_json_rows(tx, &LIQ_ACTS_OF_KIND, params, out);
}

enum db_status db_liq_case_restricted(struct db_tx *tx, const char *case_id)
{
    const char *params[1] = {case_id};
    json_t *out = NULL;
    enum db_status st = dbi_json_one(tx, &LIQ_CASE_RESTRICTED, params, &out);
    json_decref(out);
    return st;
}

const struct db_stmt *const dbi_liquidation_statements[] = {&LIQ_CASE,
                                                            &PROPERTY_DECLARATION_INSERT,
                                                            &PROPERTY_DECLARATION_LATEST,
                                                            &EXEMPT_LIST_INSERT,
                                                            &EXEMPT_LIST_LATEST,
                                                            &EXEMPT_LIST_RULE,
                                                            &LIQ_MEETING_ITEM,
                                                            &ESTATE_INSERT,
                                                            &ESTATE_FOR_CASE,
                                                            &LIQ_CLAIMS,
                                                            &LIQ_CLAIM,
                                                            &LIQ_APPROVED_SHARES,
                                                            &PLAN_INSERT,
                                                            &PLAN_GET,
                                                            &PLANS_FOR_CASE,
                                                            &PLAN_LOCK,
                                                            &PLAN_APPROVE,
                                                            &SHARE_PAY,
                                                            &BREACH_INSERT,
                                                            &BREACHES_FOR_CASE,
                                                            &LIQ_ACTS_OF_KIND,
                                                            &LIQ_CASE_RESTRICTED,
                                                            NULL};
