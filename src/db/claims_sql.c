/* claims_sql.c: statements on claims, their versions and timeline, the claim table,
 * objections and the court's confirmation. Writes return ids; the reply is then read with
 * CLAIM_FULL so that it shows what the write appended (a statement does not see the rows
 * its own CTEs insert). The claim table and the confirmation are functions of sql/
 * (600_submit_claim_table.sql, 610_confirm_claims.sql): one call each, set-based. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

/* What declaring on a case must know of it, the case row shared-locked. */
static const struct db_stmt CLAIM_CASE = {
    "claim_case",
    "SELECT json_build_object('status', a.status, 'profile', a.profile, "
    "'accepted_on', a.accepted_on, 'individual_business', d.individual_business, "
    "'announced_on', n.on_date, 'claim_period_end', n.detail->>'claim_period_end', "
    "'visible', application_visible(a, $2, $3), "
    "'closed_by', (SELECT kind FROM case_acts x WHERE x.case_id = a.id "
    "              AND x.kind IN ('final_distribution', 'reorganization_plan_completed') LIMIT 1)) "
    "FROM applications a JOIN debtors d ON d.id = a.debtor_id "
    "LEFT JOIN LATERAL (SELECT on_date, detail FROM case_acts k WHERE k.case_id = a.id "
    "                   AND k.kind = 'announced' ORDER BY k.seq DESC LIMIT 1) n ON true "
    "WHERE a.id = $1::uuid FOR SHARE OF a",
    3};

static const struct db_stmt CLAIM_INSERT = {
    "claim_insert",
    "WITH c AS (INSERT INTO claims (case_id, source, creditor_role, creditor_subject, "
    "  creditor_name, declared_on, timing, principal_fen, interest_fen, secured_fen, "
    "  claimed_class, content) VALUES ($1::uuid, $2, $3, $4, $5, $6::date, $7, $8::bigint, "
    "  $9::bigint, $10::bigint, $11, $12::jsonb) RETURNING *), "
    "v AS (INSERT INTO claim_versions (claim_id, version, change, content, by_role, by_subject) "
    "  SELECT id, 1, CASE source WHEN 'listed' THEN 'listed' ELSE 'declared' END, content, "
    "  $13, $14 FROM c), "
    "e AS (INSERT INTO claim_events (claim_id, status, what, on_date, detail) "
    "  SELECT id, 'declared', CASE source WHEN 'listed' THEN 'listed' ELSE 'declared' END, "
    "  declared_on, jsonb_build_object('timing', timing) FROM c) "
    "SELECT to_json(id) FROM c",
    14};

/* A claim as its reader sees it after a write (no visibility: the writer was checked). */
static const struct db_stmt CLAIM_FULL = {
    "claim_full", "SELECT claim_json(c, true) FROM claims c WHERE c.id = $1::uuid", 1};

static const struct db_stmt CLAIM_GET = {
    "claim_get",
    "SELECT claim_json(c, true) FROM claims c JOIN applications a ON a.id = c.case_id "
    "WHERE c.id = $1::uuid AND claim_visible(c, a, $2, $3)",
    3};

/* What a change of a claim must know, the claim locked. */
static const struct db_stmt CLAIM_LOCK = {
    "claim_lock",
    "SELECT json_build_object('id', c.id, 'case_id', c.case_id, 'status', c.status, "
    "'source', c.source, 'creditor_role', c.creditor_role, 'creditor_subject', c.creditor_subject, "
    "'version', c.version, 'table_version', c.table_version, 'profile', a.profile, "
    "'principal_fen', c.principal_fen, 'interest_fen', c.interest_fen, "
    "'in_served_table', EXISTS (SELECT 1 FROM claim_table_rows r WHERE r.claim_id = c.id "
    "  AND r.table_id = (SELECT t.id FROM claim_tables t WHERE t.case_id = c.case_id "
    "                    AND t.served_on IS NOT NULL ORDER BY t.version DESC LIMIT 1)), "
    "'claim_visible', claim_visible(c, a, $2, $3), "
    "'case_visible', application_visible(a, $2, $3)) "
    "FROM claims c JOIN applications a ON a.id = c.case_id WHERE c.id = $1::uuid FOR UPDATE OF c",
    3};

/* The new version is the creditor's new statement, with what the service wrote on the first
 * one kept: the supplementary flag (its rule, the review cost, an omission finding). */
static const struct db_stmt CLAIM_AMEND = {
    "claim_amend",
    "WITH c AS (UPDATE claims SET version = version + 1, principal_fen = $2::bigint, "
    "  interest_fen = $3::bigint, secured_fen = $4::bigint, claimed_class = $5, "
    "  content = $6::jsonb || CASE WHEN content ? 'supplementary' THEN "
    "    jsonb_build_object('supplementary', content -> 'supplementary') ELSE '{}' END, "
    "  updated_at = now() WHERE id = $1::uuid RETURNING *), "
    "v AS (INSERT INTO claim_versions (claim_id, version, change, content, by_role, by_subject) "
    "  SELECT id, version, 'amended', content, $7, $8 FROM c) "
    "INSERT INTO claim_events (claim_id, status, what, on_date, detail) "
    "SELECT id, status, 'amended', $9::date, jsonb_build_object('version', version) FROM c",
    9};

static const struct db_stmt CLAIM_WITHDRAW = {
    "claim_withdraw",
    "WITH c AS (UPDATE claims SET version = version + 1, status = 'withdrawn', "
    "  updated_at = now() WHERE id = $1::uuid RETURNING *), "
    "v AS (INSERT INTO claim_versions (claim_id, version, change, content, by_role, by_subject) "
    "  SELECT id, version, 'withdrawn', content || jsonb_build_object('withdrawal_reason', "
    "$4::text), "
    "  $2, $3 FROM c) "
    "INSERT INTO claim_events (claim_id, status, what, on_date, detail) "
    "SELECT id, 'withdrawn', 'withdrawn', $5::date, jsonb_build_object('version', version, "
    "'reason', $4::text) FROM c",
    5};

/* A status change of a claim with its timeline entry. */
static const struct db_stmt CLAIM_STATUS = {
    "claim_status",
    "WITH c AS (UPDATE claims SET status = $2, updated_at = now() WHERE id = $1::uuid "
    "  RETURNING id) "
    "INSERT INTO claim_events (claim_id, status, what, on_date, detail) "
    "SELECT id, $2, $3, $4::date, coalesce($5::jsonb, '{}') FROM c",
    5};

static const struct db_stmt CLAIM_PROVISIONAL = {
    "claim_provisional",
    "WITH c AS (UPDATE claims SET provisional_fen = $2::bigint, provisional_reason = $3, "
    "  updated_at = now() WHERE id = $1::uuid RETURNING id, status) "
    "INSERT INTO claim_events (claim_id, status, what, on_date, detail) "
    "SELECT id, status, 'provisional_amount_set', $4::date, "
    "jsonb_build_object('amount', money_text($2::bigint), 'reason', $3::text) FROM c",
    4};

/* The claims of a case its reader sees in full, oldest first. */
static const struct db_stmt CLAIMS_FOR_CASE = {
    "claims_for_case",
    "SELECT claim_json(c, false) FROM claims c JOIN applications a ON a.id = c.case_id "
    "WHERE c.case_id = $1::uuid AND claim_visible(c, a, $2, $3) "
    "AND ($4::bigint IS NULL OR c.seq > $4::bigint) ORDER BY c.seq LIMIT $5::int",
    5};

/* A creditor's own claims in one case, served by claims_creditor. */
static const struct db_stmt CLAIMS_OWN_IN_CASE = {
    "claims_own_in_case",
    "SELECT claim_json(c, false) FROM claims c WHERE c.creditor_subject = $2 "
    "AND c.case_id = $1::uuid AND c.creditor_role = 'creditor' "
    "AND ($3::bigint IS NULL OR c.seq > $3::bigint) ORDER BY c.seq LIMIT $4::int",
    4};

/* A creditor's own claims across cases, served by claims_creditor (a statement of its own:
 * an OR on the role would keep a generic plan off the index). */
static const struct db_stmt CLAIMS_OF_CREDITOR = {
    "claims_of_creditor",
    "SELECT claim_json(c, false) FROM claims c "
    "WHERE c.creditor_subject = $2 AND c.creditor_role = 'creditor' "
    "AND ($1::bigint IS NULL OR c.seq > $1::bigint) ORDER BY c.seq LIMIT $3::int",
    3};

/* Every claim the court, the department or an administrator sees, oldest first. */
static const struct db_stmt CLAIMS_VISIBLE = {
    "claims_visible",
    "SELECT claim_json(c, false) FROM claims c JOIN applications a ON a.id = c.case_id "
    "WHERE claim_visible(c, a, $2, $3) "
    "AND ($1::bigint IS NULL OR c.seq > $1::bigint) ORDER BY c.seq LIMIT $4::int",
    4};

static const struct db_stmt TABLE_SUBMIT = {
    "claim_table_submit",
    "SELECT submit_claim_table($1::uuid, $2::jsonb, $3::jsonb, $4::boolean, $5::boolean, "
    "$6::date, $7, $8, $9)",
    9};

/* The latest version (or the one named) a reader receives: creditors and the debtor only
 * served ones. */
static const struct db_stmt TABLE_GET = {
    "claim_table_get",
    "SELECT claim_table_json(t) FROM claim_tables t WHERE t.case_id = $1::uuid "
    "AND ($2::int IS NULL OR t.version = $2::int) AND (NOT $3::boolean OR t.served_on IS NOT NULL) "
    "ORDER BY t.version DESC LIMIT 1",
    3};

static const struct db_stmt TABLE_SERVE = {
    "claim_table_serve",
    "UPDATE claim_tables SET served_act_id = $2::uuid, served_on = $3::date "
    "WHERE id = (SELECT id FROM claim_tables WHERE case_id = $1::uuid "
    "            ORDER BY version DESC LIMIT 1) RETURNING to_json(version)",
    3};

static const struct db_stmt OBJECTION_INSERT = {
    "objection_insert",
    "INSERT INTO claim_objections AS o (claim_id, case_id, objector_role, objector_subject, "
    "reasons, filed_on) VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::date) "
    "RETURNING claim_objection_json(o)",
    6};

static const struct db_stmt OBJECTION_LOCK = {
    "objection_lock",
    "SELECT json_build_object('objection', claim_objection_json(o), 'profile', a.profile, "
    "'case_visible', application_visible(a, $2, $3)) "
    "FROM claim_objections o JOIN applications a ON a.id = o.case_id "
    "WHERE o.id = $1::uuid FOR UPDATE OF o",
    3};

static const struct db_stmt OBJECTION_OPINION = {
    "objection_opinion",
    "UPDATE claim_objections AS o SET status = 'opinion_given', opinion = $2, "
    "opinion_on = $3::date, lawsuit_due = $4::date WHERE id = $1::uuid "
    "RETURNING claim_objection_json(o)",
    4};

static const struct db_stmt OBJECTION_LAWSUIT = {
    "objection_lawsuit",
    "UPDATE claim_objections AS o SET status = 'in_litigation', lawsuit_on = $2::date, "
    "lawsuit_reference = $3 WHERE id = $1::uuid RETURNING claim_objection_json(o)",
    3};

static const struct db_stmt CONFIRM = {
    "claims_confirm", "SELECT confirm_claims($1::uuid, $2::date, $3, $4::date, $5, $6, $7)", 7};

/* The administrator's finding that the debtor knew of a creditor's claim and left it off its
 * inventory (SZ-CLM-SUPPLEMENTARY's exception), as the reply shows it. */
#define OMISSION_JSON                                                                              \
    "json_build_object('id', o.id, 'case_id', o.case_id, 'creditor', "                             \
    "json_build_object('subject', o.creditor_subject, 'name', o.creditor_name), "                  \
    "'reasons', o.reasons, 'marked_on', o.marked_on, "                                             \
    "'marked_by', json_build_object('role', o.marked_by_role, 'subject', o.marked_by_subject), "   \
    "'claim_id', o.claim_id)"

static const struct db_stmt OMISSION_INSERT = {
    "claim_omission_insert",
    "INSERT INTO claim_omissions AS o (case_id, creditor_subject, creditor_name, reasons, "
    "marked_on, marked_by_role, marked_by_subject) VALUES ($1::uuid, $2, $3, $4, $5::date, $6, "
    "$7) RETURNING " OMISSION_JSON,
    7};

/* The creditor's oldest unused finding in the case, locked: the declaration uses it up. */
static const struct db_stmt OMISSION_UNUSED = {
    "claim_omission_unused",
    "SELECT " OMISSION_JSON " FROM claim_omissions o WHERE o.case_id = $1::uuid "
    "AND o.creditor_subject = $2 AND o.claim_id IS NULL ORDER BY o.created_at LIMIT 1 "
    "FOR UPDATE",
    2};

static const struct db_stmt OMISSION_USE = {
    "claim_omission_use",
    "UPDATE claim_omissions SET claim_id = $2::uuid WHERE id = $1::uuid AND claim_id IS NULL", 2};

/* The administrator publishes the list of the case's listed claims (SZ-CLM-NO-DECLARE):
 * each gets a timeline entry naming the act, and the list is what the act shows. No row
 * when the case has no listed claim. */
static const struct db_stmt LISTED_PUBLISH = {
    "listed_claims_publish",
    "WITH l AS (SELECT c.id, c.seq, c.status, c.creditor_name, c.content->>'listed_item' AS item, "
    "  c.principal_fen + c.interest_fen AS fen, c.claimed_class FROM claims c "
    "  WHERE c.case_id = $1::uuid AND c.source = 'listed' AND c.status <> 'withdrawn'), "
    "e AS (INSERT INTO claim_events (claim_id, status, what, on_date, detail) "
    "  SELECT id, status, 'published', $3::date, jsonb_build_object('act_id', $2::uuid) FROM l) "
    "SELECT json_agg(json_build_object('claim_id', id, 'creditor_name', creditor_name, "
    "'listed_item', item, 'claimed_amount', money_text(fen), 'claimed_class', claimed_class) "
    "ORDER BY seq) FROM l HAVING count(*) > 0",
    3};

static char *fen_text(char buf[24], int64_t fen)
{
    snprintf(buf, 24, "%lld", (long long)fen);
    return buf;
}

enum db_status db_claim_case(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                             json_t **out)
{
    const char *params[3] = {case_id, who->role, who->subject};
    return dbi_json_one(tx, &CLAIM_CASE, params, out);
}

enum db_status db_claim_insert(struct db_tx *tx, const struct db_actor *who,
                               const struct db_claim_row *c, json_t **out)
{
    char p[24], i[24], s[24];
    char *content = dbi_json_param(c->content);
    const char *params[14] = {c->case_id,
                              c->source,
                              c->creditor_role,
                              c->creditor_subject,
                              c->creditor_name,
                              c->declared_on,
                              c->timing,
                              fen_text(p, c->principal_fen),
                              fen_text(i, c->interest_fen),
                              fen_text(s, c->secured_fen),
                              c->claimed_class,
                              content,
                              who->role,
                              who->subject};
    json_t *id = NULL;
    enum db_status st = dbi_json_one(tx, &CLAIM_INSERT, params, &id);
    free(content);
    if (st == DB_OK)
        st = db_claim_full(tx, json_string_value(id), out);
    json_decref(id);
    return st;
}

enum db_status db_claim_full(struct db_tx *tx, const char *id, json_t **out)
{
    const char *params[1] = {id};
    return dbi_json_one(tx, &CLAIM_FULL, params, out);
}

enum db_status db_claim_get(struct db_tx *tx, const struct db_actor *who, const char *id,
                            json_t **out)
{
    const char *params[3] = {id, who->role, who->subject};
    return dbi_json_one(tx, &CLAIM_GET, params, out);
}

enum db_status db_claim_lock(struct db_tx *tx, const struct db_actor *who, const char *id,
                             json_t **out)
{
    const char *params[3] = {id, who->role, who->subject};
    return dbi_json_one(tx, &CLAIM_LOCK, params, out);
}

enum db_status db_claim_amend(struct db_tx *tx, const struct db_actor *who,
                              const struct db_claim_row *c, const char *id, const char *today)
{
    char p[24], i[24], s[24];
    char *content = dbi_json_param(c->content);
    const char *params[9] = {id,
                             fen_text(p, c->principal_fen),
                             fen_text(i, c->interest_fen),
                             fen_text(s, c->secured_fen),
                             c->claimed_class,
                             content,
                             who->role,
                             who->subject,
                             today};
    enum db_status st = dbi_command(tx, &CLAIM_AMEND, params);
    free(content);
    return st;
}

enum db_status db_claim_withdraw(struct db_tx *tx, const struct db_actor *who, const char *id,
                                 const char *reason, const char *today)
{
    const char *params[5] = {id, who->role, who->subject, reason, today};
    return dbi_command(tx, &CLAIM_WITHDRAW, params);
}

enum db_status db_claim_status(struct db_tx *tx, const char *id, const char *status,
                               const char *what, const char *on, const json_t *detail)
{
    char *d = dbi_json_param(detail);
    const char *params[5] = {id, status, what, on, d};
    enum db_status st = dbi_command(tx, &CLAIM_STATUS, params);
    free(d);
    return st;
}

enum db_status db_claim_provisional(struct db_tx *tx, const char *id, int64_t fen,
                                    const char *reason, const char *on)
{
    char f[24];
    const char *params[4] = {id, fen_text(f, fen), reason, on};
    return dbi_command(tx, &CLAIM_PROVISIONAL, params);
}

enum db_status db_claims_for_case(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                                  const char *after_seq, int limit, json_t **out)
{
    char lim[16];
    snprintf(lim, sizeof lim, "%d", limit);
    enum db_status st = db_case_visible(tx, who, case_id);
    if (st == DB_OK && strcmp(who->role, "creditor") == 0) {
        const char *own[4] = {case_id, who->subject, after_seq, lim};
        return dbi_json_rows(tx, &CLAIMS_OWN_IN_CASE, own, out);
    }
    const char *params[5] = {case_id, who->role, who->subject, after_seq, lim};
    return st == DB_OK ? dbi_json_rows(tx, &CLAIMS_FOR_CASE, params, out) : st;
}

enum db_status db_claims_mine(struct db_tx *tx, const struct db_actor *who, const char *after_seq,
                              int limit, json_t **out)
{
    char lim[16];
    snprintf(lim, sizeof lim, "%d", limit);
    if (strcmp(who->role, "creditor") == 0) {
        const char *own[3] = {after_seq, who->subject, lim};
        return dbi_json_rows(tx, &CLAIMS_OF_CREDITOR, own, out);
    }
    const char *params[4] = {after_seq, who->role, who->subject, lim};
    return dbi_json_rows(tx, &CLAIMS_VISIBLE, params, out);
}

enum db_status db_claim_table_submit(struct db_tx *tx, const struct db_actor *who,
                                     const char *case_id, const char *rows_json,
                                     const json_t *classes, bool write, bool atomic,
                                     const char *today, json_t **out)
{
    char *cl = dbi_json_param(classes);
    const char *params[9] = {
        case_id, rows_json, cl,           write ? "true" : "false", atomic ? "true" : "false",
        today,   who->role, who->subject, who->request_id};
    enum db_status st = dbi_json_one(tx, &TABLE_SUBMIT, params, out);
    free(cl);
    return st;
}

enum db_status db_claim_table_get(struct db_tx *tx, const char *case_id, const char *version,
                                  bool served_only, json_t **out)
{
    const char *params[3] = {case_id, version, served_only ? "true" : "false"};
    return dbi_json_one(tx, &TABLE_GET, params, out);
}

enum db_status db_claim_table_serve(struct db_tx *tx, const char *case_id, const char *act_id,
                                    const char *on)
{
    const char *params[3] = {case_id, act_id, on};
    json_t *v = NULL;
    enum db_status st = dbi_json_one(tx, &TABLE_SERVE, params, &v);
    json_decref(v);
    return st;
}

enum db_status db_objection_insert(struct db_tx *tx, const struct db_actor *who,
                                   const char *claim_id, const char *case_id, const char *reasons,
                                   const char *today, json_t **out)
{
    const char *params[6] = {claim_id, case_id, who->role, who->subject, reasons, today};
    return dbi_json_one(tx, &OBJECTION_INSERT, params, out);
}

enum db_status db_objection_lock(struct db_tx *tx, const struct db_actor *who, const char *id,
                                 json_t **out)
{
    const char *params[3] = {id, who->role, who->subject};
    return dbi_json_one(tx, &OBJECTION_LOCK, params, out);
}

enum db_status db_objection_opinion(struct db_tx *tx, const char *id, const char *opinion,
                                    const char *on, const char *lawsuit_due, json_t **out)
{
    const char *params[4] = {id, opinion, on, lawsuit_due};
    return dbi_json_one(tx, &OBJECTION_OPINION, params, out);
}

enum db_status db_objection_lawsuit(struct db_tx *tx, const char *id, const char *on,
                                    const char *reference, json_t **out)
{
    const char *params[3] = {id, on, reference};
    return dbi_json_one(tx, &OBJECTION_LAWSUIT, params, out);
}

enum db_status db_claims_confirm(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                                 const char *ruling_date, const char *reference, const char *today,
                                 json_t **out)
{
    const char *params[7] = {case_id,   ruling_date,  reference,      today,
                             who->role, who->subject, who->request_id};
    return dbi_json_one(tx, &CONFIRM, params, out);
}

enum db_status db_claim_omission_insert(struct db_tx *tx, const struct db_actor *who,
                                        const char *case_id, const char *creditor_subject,
                                        const char *creditor_name, const char *reasons,
                                        const char *on, json_t **out)
{
    const char *params[7] = {case_id, creditor_subject, creditor_name, reasons,
                             on,      who->role,        who->subject};
    return dbi_json_one(tx, &OMISSION_INSERT, params, out);
}

enum db_status db_claim_omission_unused(struct db_tx *tx, const char *case_id,
                                        const char *creditor_subject, json_t **out)
{
    const char *params[2] = {case_id, creditor_subject};
    return dbi_json_one(tx, &OMISSION_UNUSED, params, out);
}

enum db_status db_claim_omission_use(struct db_tx *tx, const char *omission_id,
                                     const char *claim_id)
{
    const char *params[2] = {omission_id, claim_id};
    return dbi_command(tx, &OMISSION_USE, params);
}

enum db_status db_listed_claims_publish(struct db_tx *tx, const char *case_id, const char *act_id,
                                        const char *on, json_t **out)
{
    const char *params[3] = {case_id, act_id, on};
    return dbi_json_one(tx, &LISTED_PUBLISH, params, out);
}

const struct db_stmt *const dbi_claims_statements[] = {&CLAIM_CASE,
                                                       &CLAIM_INSERT,
                                                       &CLAIM_FULL,
                                                       &CLAIM_GET,
                                                       &CLAIM_LOCK,
                                                       &CLAIM_AMEND,
                                                       &CLAIM_WITHDRAW,
                                                       &CLAIM_STATUS,
                                                       &CLAIM_PROVISIONAL,
                                                       &CLAIMS_FOR_CASE,
                                                       &CLAIMS_OWN_IN_CASE,
                                                       &CLAIMS_OF_CREDITOR,
                                                       &CLAIMS_VISIBLE,
                                                       &TABLE_SUBMIT,
                                                       &TABLE_GET,
                                                       &TABLE_SERVE,
                                                       &OBJECTION_INSERT,
                                                       &OBJECTION_LOCK,
                                                       &OBJECTION_OPINION,
                                                       &OBJECTION_LAWSUIT,
                                                       &CONFIRM,
                                                       &OMISSION_INSERT,
                                                       &OMISSION_UNUSED,
                                                       &OMISSION_USE,
                                                       &LISTED_PUBLISH,
                                                       NULL};
