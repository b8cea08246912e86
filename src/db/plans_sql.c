/* plans_sql.c: statements on reorganization plans and settlement agreements: the plan and
 * its versions, the claims its check weighs, its deadlines in the case, the case's phase,
 * the schedule it becomes on approval and the payments reported and confirmed. Every read
 * of a plan passes through application_visible, so a plan of a case the actor may not see
 * answers like a missing one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

/* What a new plan must know of its case, the case row locked: its state and phase, the end
 * of the claim period the latest announcement set, whether any claim was declared, and
 * whether a plan is under way already. */
static const struct db_stmt PLAN_CASE = {
    "plan_case",
    "SELECT json_build_object('status', a.status, 'phase', a.phase, 'procedure', a.procedure, "
    "'profile', a.profile, 'accepted_on', a.accepted_on, "
    "'visible', application_visible(a, $2, $3), "
    "'claim_period_end', n.detail->>'claim_period_end', "
    "'claims_declared', EXISTS (SELECT 1 FROM claims c WHERE c.case_id = a.id), "
    "'open_plan', EXISTS (SELECT 1 FROM plans p WHERE p.case_id = a.id AND p.state NOT IN "
    "  ('failed', 'terminated', 'defaulted', 'completed', 'forgiven'))) "
    "FROM applications a "
    "LEFT JOIN LATERAL (SELECT detail FROM case_acts k WHERE k.case_id = a.id "
    "                   AND k.kind = 'announced' ORDER BY k.seq DESC LIMIT 1) n ON true "
    "WHERE a.id = $1::uuid FOR UPDATE OF a",
    3};

static const struct db_stmt PLAN_INSERT = {
    "plan_insert",
    "WITH p AS (INSERT INTO plans (case_id, kind, converted, self_management, started_on, "
    "  claim_period, execution_end, created_by_role, created_by_subject) "
    "  VALUES ($1::uuid, $2, $3::boolean, $4::boolean, $5::date, $6::jsonb, $7::date, $8, $9) "
    "  RETURNING *), "
    "v AS (INSERT INTO plan_versions (plan_id, version, content, created_by_role, "
    "  created_by_subject) SELECT p.id, 1, $10::jsonb, $8, $9 FROM p) "
    "SELECT json_build_object('id', p.id, 'seq', p.seq) FROM p",
    10};

/* A plan with its case, as a change of it must know them, locked. */
static const struct db_stmt PLAN_LOCK = {
    "plan_lock",
    "SELECT json_build_object('plan', plan_json(p), 'profile', a.profile, 'phase', a.phase, "
    "'procedure', a.procedure, 'case_status', a.status, "
    "'visible', application_visible(a, $2, $3)) "
    "FROM plans p JOIN applications a ON a.id = p.case_id WHERE p.id = $1::uuid "
    "FOR UPDATE OF p",
    3};

static const struct db_stmt PLAN_GET = {
    "plan_get",
    "SELECT json_build_object('plan', plan_json(p), 'profile', a.profile) "
    "FROM plans p JOIN applications a ON a.id = p.case_id "
    "WHERE p.id = $1::uuid AND application_visible(a, $2, $3)",
    3};

static const struct db_stmt PLANS_FOR_CASE = {
    "plans_for_case",
    "SELECT plan_json(p) FROM plans p JOIN applications a ON a.id = p.case_id "
    "WHERE p.case_id = $1::uuid AND application_visible(a, $4, $5) "
    "AND ($2::bigint IS NULL OR p.seq > $2::bigint) ORDER BY p.seq LIMIT $3::int",
    5};

static const struct db_stmt PLAN_VERSION_ADD = {
    "plan_version_add",
    "WITH p AS (UPDATE plans SET version = version + 1, updated_at = now() "
    "  WHERE id = $1::uuid RETURNING id, version) "
    "INSERT INTO plan_versions (plan_id, version, content, created_by_role, created_by_subject) "
    "SELECT p.id, p.version, $2::jsonb, $3, $4 FROM p RETURNING version",
    4};

static const struct db_stmt PLAN_VERSION_GET = {
    "plan_version_get",
    "SELECT content FROM plan_versions WHERE plan_id = $1::uuid AND version = $2::int", 2};

/* The claims a plan weighs: per creditor and class (a secured claim in "secured"), at the
 * confirmed amount, else the admitted, else the court's provisional, else the declared. */
static const struct db_stmt PLAN_CLAIMS = {
    "plan_claims",
    "SELECT coalesce(json_agg(json_build_array(w.s, w.k, w.fen) ORDER BY w.s, w.k), '[]') "
    "FROM (SELECT c.creditor_subject AS s, CASE WHEN coalesce(c.admitted_secured_fen, "
    "  c.secured_fen) > 0 THEN 'secured' ELSE coalesce(c.admitted_class, c.claimed_class) END "
    "  AS k, sum(coalesce(CASE WHEN c.status = 'confirmed' THEN c.confirmed_fen END, "
    "  c.admitted_fen, c.provisional_fen, c.principal_fen + c.interest_fen)) AS fen "
    "  FROM claims c WHERE c.case_id = $1::uuid AND c.creditor_subject IS NOT NULL "
    "  AND c.status NOT IN ('withdrawn', 'rejected') GROUP BY 1, 2) w",
    1};

/* One change of a plan: each key of $2 present sets its column. */
#define SET_AS(col, type)                                                                          \
    col " = CASE WHEN $2::jsonb ? '" col "' THEN ($2::jsonb->>'" col "')::" type " ELSE " col      \
        " END, "
#define SET_JSON(col)                                                                              \
    col " = CASE WHEN $2::jsonb ? '" col "' THEN $2::jsonb->'" col "' ELSE " col " END, "
static const struct db_stmt PLAN_SET = {"plan_set",
                                        "UPDATE plans AS p SET " /* each column a change may set */
                                        SET_AS("state", "text")  /* */
                                        SET_AS("frozen_version", "int")          /* */
                                        SET_AS("vote_item_id", "uuid")           /* */
                                        SET_AS("voted_on", "date")               /* */
                                        SET_AS("vote_passed", "boolean")         /* */
                                        SET_JSON("application")                  /* */
                                        SET_JSON("ruling")                       /* */
                                        SET_AS("execution_end", "date")          /* */
                                        SET_JSON("extensions")                   /* */
                                        SET_JSON("report")                       /* */
                                        SET_JSON("ended")                        /* */
                                        "updated_at = now() WHERE id = $1::uuid" /* */
                                        " RETURNING plan_json(p)",
                                        2};

/* A creditor's waiver of the plan's protections recorded ($3 true) or withdrawn. */
static const struct db_stmt PLAN_WAIVE = {
    "plan_waive",
    "UPDATE plans AS p SET waivers = CASE WHEN $3::boolean "
    "THEN waivers || jsonb_build_object($2::text, jsonb_build_object('on', $4::date, "
    "'version', version)) ELSE waivers - $2::text END, updated_at = now() "
    "WHERE id = $1::uuid RETURNING plan_json(p)",
    4};

/* The plan an agenda item votes on, locked (closing the item records the vote). */
static const struct db_stmt PLAN_OF_ITEM = {
    "plan_of_item",
    "SELECT json_build_object('plan', plan_json(p), 'profile', a.profile) "
    "FROM plans p JOIN applications a ON a.id = p.case_id "
    "WHERE p.vote_item_id = $1::uuid AND p.state = 'voting' FOR UPDATE OF p",
    1};

/* The case's plan being executed, locked, with the case's phase (an act ends it). */
static const struct db_stmt PLAN_EXECUTING = {
    "plan_executing",
    "SELECT json_build_object('plan', plan_json(p), 'phase', a.phase) "
    "FROM plans p JOIN applications a ON a.id = p.case_id "
    "WHERE p.case_id = $1::uuid AND p.state = 'executing' FOR UPDATE OF p",
    1};

/* A deadline of the case a plan opens (one per case and rule: a later one replaces it). */
static const struct db_stmt PLAN_DEADLINE_OPEN = {
    "plan_deadline_open",
    "INSERT INTO deadlines (case_id, rule_id, citation, trigger_kind, trigger_date, due, trace, "
    "provisional, missing_year) SELECT $1::uuid, e->>'rule_id', e->>'citation', $3, "
    "(e->>'trigger_date')::date, (e->>'due')::date, e->'trace', "
    "coalesce((e->>'provisional')::boolean, false), (e->>'missing_year')::int "
    "FROM (SELECT $2::jsonb AS e) x "
    "ON CONFLICT (case_id, rule_id) DO UPDATE SET citation = EXCLUDED.citation, "
    "trigger_kind = EXCLUDED.trigger_kind, trigger_date = EXCLUDED.trigger_date, "
    "due = EXCLUDED.due, trace = EXCLUDED.trace, provisional = EXCLUDED.provisional, "
    "missing_year = EXCLUDED.missing_year, status = 'pending', met_on = NULL, "
    "met_by_act_id = NULL, updated_at = now()",
    3};

static const struct db_stmt PLAN_DEADLINE_MEET = {
    "plan_deadline_meet",
    "UPDATE deadlines SET status = 'met', met_on = $3::date, updated_at = now() "
    "WHERE case_id = $1::uuid AND rule_id = $2 AND status = 'pending'",
    3};

static const struct db_stmt PLAN_DEADLINE_DUE = {
    "plan_deadline_due",
    "SELECT json_build_object('due', due, 'status', status) FROM deadlines "
    "WHERE case_id = $1::uuid AND rule_id = $2",
    2};

static const struct db_stmt SCHEDULE_INSERT = {
    "plan_schedule_insert",
    "INSERT INTO plan_schedule (plan_id, n, due, creditor, class, amount_fen) "
    "SELECT $1::uuid, r.n, r.due, r.creditor, r.class, r.amount_fen "
    "FROM jsonb_to_recordset($2::jsonb) AS r(n int, due date, creditor text, class text, "
    "amount_fen bigint)",
    2};

/* The schedule, all of it or one creditor's: [n, due, creditor, class, amount_fen]. */
static const struct db_stmt SCHEDULE_ROWS = {
    "plan_schedule_rows",
    "SELECT coalesce(json_agg(json_build_array(n, due, creditor, class, amount_fen) "
    "ORDER BY creditor, due, n), '[]') FROM plan_schedule "
    "WHERE plan_id = $1::uuid AND ($2::text IS NULL OR creditor = $2)",
    2};

#define PAYMENT_JSON(x)                                                                            \
    "json_build_object('id', " x ".id, 'plan_id', " x ".plan_id, 'creditor', " x ".creditor, "     \
    "'paid_on', " x ".paid_on, 'amount', money_text(" x ".amount_fen), 'evidence', " x             \
    ".evidence, 'reported_by', " x ".reported_by_subject, 'reported_at', " x ".reported_at, "      \
    "'confirmed', " x ".confirmed_on IS NOT NULL, 'confirmed_on', " x ".confirmed_on, "            \
    "'confirmed_by', " x ".confirmed_by_subject)"

static const struct db_stmt PAYMENTS_ROWS = {
    "plan_payments_rows",
    "SELECT coalesce(json_agg(" PAYMENT_JSON("y") " ORDER BY y.creditor, y.seq), '[]') "
                                                  "FROM plan_payments y WHERE y.plan_id = $1::uuid "
                                                  "AND ($2::text IS NULL OR y.creditor = $2)",
    2};

static const struct db_stmt PAYMENT_INSERT = {
    "plan_payment_insert",
    "INSERT INTO plan_payments AS y (plan_id, creditor, paid_on, amount_fen, evidence, "
    "reported_by_role, reported_by_subject) VALUES ($1::uuid, $2, $3::date, $4::bigint, "
    "$5::jsonb, $6, $7) RETURNING " PAYMENT_JSON("y"),
    7};

static const struct db_stmt PAYMENT_CONFIRM = {
    "plan_payment_confirm",
    "UPDATE plan_payments AS y SET confirmed_on = $3::date, confirmed_by_subject = $4 "
    "WHERE y.plan_id = $1::uuid AND y.id = $2::uuid AND y.confirmed_on IS NULL "
    "RETURNING " PAYMENT_JSON("y"),
    4};

/* What was confirmed paid, per creditor: {creditor: fen}. */
static const struct db_stmt PAID_TOTALS = {
    "plan_paid_totals",
    "SELECT coalesce(json_object_agg(creditor, fen), '{}') FROM (SELECT creditor, "
    "sum(amount_fen) AS fen FROM plan_payments WHERE plan_id = $1::uuid "
    "AND confirmed_on IS NOT NULL GROUP BY creditor) t",
    1};

enum db_status db_plan_case(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                            json_t **out)
{
    const char *params[3] = {case_id, who->role, who->subject};
    return dbi_json_one(tx, &PLAN_CASE, params, out);
}

enum db_status db_plan_insert(struct db_tx *tx, const struct db_actor *who,
                              const struct db_plan_new *p, json_t **out)
{
    char *period = dbi_json_param(p->claim_period), *content = dbi_json_param(p->content);
    const char *params[10] = {p->case_id,
                              p->kind,
                              p->converted ? "true" : "false",
                              p->self_managed ? "true" : "false",
                              p->started_on,
                              period,
                              p->execution_end,
                              who->role,
                              who->subject,
                              content};
    enum db_status st = dbi_json_one(tx, &PLAN_INSERT, params, out);
    free(period);
    free(content);
    return st;
}

enum db_status db_plan_lock(struct db_tx *tx, const struct db_actor *who, const char *plan_id,
                            json_t **out)
{
    const char *params[3] = {plan_id, who->role, who->subject};
    return dbi_json_one(tx, &PLAN_LOCK, params, out);
}

enum db_status db_plan_get(struct db_tx *tx, const struct db_actor *who, const char *plan_id,
                           json_t **out)
{
    const char *params[3] = {plan_id, who->role, who->subject};
    return dbi_json_one(tx, &PLAN_GET, params, out);
}

enum db_status db_plans_for_case(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                                 const char *cursor, int limit, json_t **out)
{
    char lim[16];
    snprintf(lim, sizeof lim, "%d", limit);
    const char *params[5] = {case_id, cursor, lim, who->role, who->subject};
    return dbi_json_rows(tx, &PLANS_FOR_CASE, params, out);
}

enum db_status db_plan_version_add(struct db_tx *tx, const struct db_actor *who,
                                   const char *plan_id, const json_t *content)
{
    char *c = dbi_json_param(content);
    const char *params[4] = {plan_id, c, who->role, who->subject};
    json_t *v = NULL;
    enum db_status st = dbi_json_one(tx, &PLAN_VERSION_ADD, params, &v);
    json_decref(v);
    free(c);
    return st;
}

enum db_status db_plan_version_get(struct db_tx *tx, const char *plan_id, long long version,
                                   json_t **out)
{
    char v[24];
    snprintf(v, sizeof v, "%lld", version);
    const char *params[2] = {plan_id, v};
    return dbi_json_one(tx, &PLAN_VERSION_GET, params, out);
}

enum db_status db_plan_claims(struct db_tx *tx, const char *case_id, json_t **out)
{
    const char *params[1] = {case_id};
    return dbi_json_one(tx, &PLAN_CLAIMS, params, out);
}

enum db_status db_plan_set(struct db_tx *tx, const char *plan_id, const json_t *changes,
                           json_t **out)
{
    char *c = dbi_json_param(changes);
    const char *params[2] = {plan_id, c};
    json_t *plan = NULL;
    enum db_status st = dbi_json_one(tx, &PLAN_SET, params, &plan);
    free(c);
    if (out)
        *out = plan;
    else
        json_decref(plan);
    return st;
}

enum db_status db_plan_waive(struct db_tx *tx, const char *plan_id, const char *creditor,
                             bool waived, const char *on, json_t **out)
{
    const char *params[4] = {plan_id, creditor, waived ? "true" : "false", on};
    return dbi_json_one(tx, &PLAN_WAIVE, params, out);
}

enum db_status db_plan_of_item(struct db_tx *tx, const char *item_id, json_t **out)
{
    const char *params[1] = {item_id};
    return dbi_json_one(tx, &PLAN_OF_ITEM, params, out);
}

enum db_status db_plan_executing(struct db_tx *tx, const char *case_id, json_t **out)
{
    const char *params[1] = {case_id};
    return dbi_json_one(tx, &PLAN_EXECUTING, params, out);
}

enum db_status db_plan_deadline_open(struct db_tx *tx, const char *case_id, const json_t *entry,
                                     const char *trigger_kind)
{
    char *e = dbi_json_param(entry);
    const char *params[3] = {case_id, e, trigger_kind};
    enum db_status st = dbi_command(tx, &PLAN_DEADLINE_OPEN, params);
    free(e);
    return st;
}

enum db_status db_plan_deadline_meet(struct db_tx *tx, const char *case_id, const char *rule_id,
                                     const char *on)
{
    const char *params[3] = {case_id, rule_id, on};
    enum db_status st = dbi_command(tx, &PLAN_DEADLINE_MEET, params);
    return st == DB_NOT_FOUND ? DB_OK : st; /* met or waived already, or never opened */
}

enum db_status db_plan_deadline_due(struct db_tx *tx, const char *case_id, const char *rule_id,
                                    json_t **out)
{
    const char *params[2] = {case_id, rule_id};
    return dbi_json_one(tx, &PLAN_DEADLINE_DUE, params, out);
}

enum db_status db_plan_schedule_insert(struct db_tx *tx, const char *plan_id, const json_t *rows)
{
    return dbi_command_id_json(tx, &SCHEDULE_INSERT, plan_id, rows);
}

enum db_status db_plan_schedule_rows(struct db_tx *tx, const char *plan_id, const char *creditor,
                                     json_t **out)
{
    const char *params[2] = {plan_id, creditor};
    return dbi_json_one(tx, &SCHEDULE_ROWS, params, out);
}

enum db_status db_plan_payments_rows(struct db_tx *tx, const char *plan_id, const char *creditor,
                                     json_t **out)
{
    const char *params[2] = {plan_id, creditor};
    return dbi_json_one(tx, &PAYMENTS_ROWS, params, out);
}

enum db_status db_plan_payment_insert(struct db_tx *tx, const struct db_actor *who,
                                      const struct db_plan_payment *p, json_t **out)
{
    char fen[24];
    snprintf(fen, sizeof fen, "%lld", (long long)p->amount_fen);
    char *evidence = dbi_json_param(p->evidence);
    const char *params[7] = {p->plan_id, p->creditor, p->paid_on,  fen,
                             evidence,   who->role,   who->subject};
    enum db_status st = dbi_json_one(tx, &PAYMENT_INSERT, params, out);
    free(evidence);
    return st;
}

enum db_status db_plan_payment_confirm(struct db_tx *tx, const struct db_actor *who,
                                       const char *plan_id, const char *payment_id, const char *on,
                                       json_t **out)
{
    const char *params[4] = {plan_id, payment_id, on, who->subject};
    return dbi_json_one(tx, &PAYMENT_CONFIRM, params, out);
}

enum db_status db_plan_paid_totals(struct db_tx *tx, const char *plan_id, json_t **out)
{
    const char *params[1] = {plan_id};
    return dbi_json_one(tx, &PAID_TOTALS, params, out);
}

const struct db_stmt *const dbi_plans_statements[] = {&PLAN_CASE,          &PLAN_INSERT,
                                                      &PLAN_LOCK,          &PLAN_GET,
                                                      &PLANS_FOR_CASE,     &PLAN_VERSION_ADD,
                                                      &PLAN_VERSION_GET,   &PLAN_CLAIMS,
                                                      &PLAN_SET,           &PLAN_WAIVE,
                                                      &PLAN_OF_ITEM,       &PLAN_EXECUTING,
                                                      &PLAN_DEADLINE_OPEN, &PLAN_DEADLINE_MEET,
                                                      &PLAN_DEADLINE_DUE,  &SCHEDULE_INSERT,
                                                      &SCHEDULE_ROWS,      &PAYMENTS_ROWS,
                                                      &PAYMENT_INSERT,     &PAYMENT_CONFIRM,
                                                      &PAID_TOTALS,        NULL};
