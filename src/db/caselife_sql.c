/* caselife_sql.c: statements on a case's acts, deadlines and restrictions, and the
 * restriction change feed. Positions in the feed are drawn under one advisory lock, so
 * they follow commit order (see migration 0003). Recording an act and appending to the feed
 * are functions of sql/, shared with accept_application. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

#define FEED_LOCK_KEY "7242002"

/* ---- the case's phase ---- */

/* A move of the phase through case_phase_set (sql/420): the phase it left, or '' when the
 * case was in none of the phases given. */
static const struct db_stmt PHASE_SET = {
    "case_phase_set",
    "SELECT coalesce(case_phase_set($1::uuid, $2::text[], $3, $4::date, $5, $6::uuid, $7, $8, "
    "$9), '')",
    9};

enum db_status db_case_phase_set(struct db_tx *tx, const struct db_actor *who,
                                 const struct db_phase_move *m)
{
    const char *params[9] = {m->case_id, m->from,   m->to,        m->on,          m->rule_id,
                             m->act_id,  who->role, who->subject, who->request_id};
    char *prev = NULL;
    enum db_status st = dbi_text_one(tx, &PHASE_SET, params, &prev);
    if (st == DB_OK && prev[0] == '\0')
        st = DB_NOT_FOUND;
    free(prev);
    return st;
}

/* ---- acts ---- */

/* An act with the deadlines it opens and meets, in one round trip (sql/400_record_act.sql). */
static const struct db_stmt ACT_RECORD = {
    "act_record",
    "SELECT record_act($1::uuid, $2, $3::date, $4::date, $5::jsonb, $6, $7, $8::jsonb, $9::jsonb)",
    9};

static const struct db_stmt ACTS_FOR_CASE = {
    "acts_for_case",
    "SELECT case_act_json(c) FROM case_acts c JOIN applications a ON a.id = c.case_id "
    "WHERE c.case_id = $1::uuid AND application_visible(a, $2, $3) ORDER BY c.seq",
    3};

/* One act of a case the actor may see, as the list shows it (served by the primary key). */
static const struct db_stmt ACT_GET = {
    "act_get",
    "SELECT case_act_json(c) FROM case_acts c JOIN applications a ON a.id = c.case_id "
    "WHERE c.id = $1::uuid AND c.case_id = $2::uuid AND application_visible(a, $3, $4)",
    4};

static const struct db_stmt ACT_LOCK = {
    "act_lock",
    "SELECT case_act_json(c) FROM case_acts c WHERE c.id = $1::uuid AND c.case_id = $2::uuid "
    "FOR UPDATE",
    2};

static const struct db_stmt ACT_CORRECT = {
    "act_correct",
    "UPDATE case_acts AS c SET on_date = $2::date, event_date = coalesce($3::date, event_date), "
    "corrected_at = now() WHERE id = $1::uuid RETURNING case_act_json(c)",
    3};

enum db_status db_act_record(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                             const char *kind, const char *on, const char *event_date,
                             const json_t *detail, const json_t *opens, const json_t *meets,
                             json_t **out)
{
    char *d = dbi_json_param(detail), *o = dbi_json_param(opens), *m = dbi_json_param(meets);
    const char *params[9] = {case_id, kind, on, event_date, d, who->role, who->subject, o, m};
    enum db_status st = dbi_json_one(tx, &ACT_RECORD, params, out);
    free(d);
    free(o);
    free(m);
    return st;
}

enum db_status db_acts_for_case(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                                json_t **out)
{
    const char *params[3] = {case_id, who->role, who->subject};
    return dbi_json_rows(tx, &ACTS_FOR_CASE, params, out);
}

enum db_status db_act_get(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                          const char *act_id, json_t **out)
{
    const char *params[4] = {act_id, case_id, who->role, who->subject};
    return dbi_json_one(tx, &ACT_GET, params, out);
}

enum db_status db_act_lock(struct db_tx *tx, const char *case_id, const char *act_id, json_t **out)
{
    const char *params[2] = {act_id, case_id};
    return dbi_json_one(tx, &ACT_LOCK, params, out);
}

enum db_status db_act_correct(struct db_tx *tx, const char *act_id, const char *on,
                              const char *event_date, json_t **out)
{
    const char *params[3] = {act_id, on, event_date};
    return dbi_json_one(tx, &ACT_CORRECT, params, out);
}

/* ---- deadlines ---- */

/* A deadline recomputed from its corrected trigger: its status and extensions stay. */
/* ... and re-dated when the court enters a calendar year, the change kept in its history. */
static const struct db_stmt DEADLINE_RECOMPUTE = {
    "deadline_recompute",
    "UPDATE deadlines SET trigger_date = ($3::jsonb->>'trigger_date')::date, "
    "due = ($3::jsonb->>'due')::date, trace = $3::jsonb->'trace', "
    "provisional = coalesce(($3::jsonb->>'provisional')::boolean, false), "
    "missing_year = ($3::jsonb->>'missing_year')::integer, "
    "history = CASE WHEN $4::jsonb IS NULL THEN history "
    "          ELSE history || jsonb_build_array(jsonb_build_object('at', now()) || $4::jsonb) "
    "END, "
    "updated_at = now() WHERE case_id = $1::uuid AND rule_id = $2",
    4};

/* Served by the partial index deadlines_provisional (migration 0010). */
static const struct db_stmt DEADLINES_PROVISIONAL = {
    "deadlines_provisional",
    "SELECT json_build_object('id', id, 'case_id', case_id, 'rule_id', rule_id, "
    "'trigger_date', trigger_date, 'due', due, 'extensions', extensions, "
    "'missing_year', missing_year, 'trace', trace) FROM deadlines WHERE provisional "
    "ORDER BY seq FOR UPDATE",
    0};

/* Served by the partial index case_acts_provisional (migration 0010). */
static const struct db_stmt ACTS_PROVISIONAL = {
    "acts_provisional",
    "SELECT case_act_json(c) FROM case_acts c "
    "WHERE kind = 'announced' AND (detail->>'provisional') = 'true' ORDER BY seq FOR UPDATE",
    0};

static const struct db_stmt ACT_DETAIL_SET = {
    "act_detail_set", "UPDATE case_acts SET detail = $2::jsonb WHERE id = $1::uuid", 2};

static const struct db_stmt DEADLINES_CLOSE = {
    "deadlines_close",
    "UPDATE deadlines SET status = 'waived', waived_reason = $2, waived_by = 'service', "
    "updated_at = now() WHERE case_id = $1::uuid AND status = 'pending'",
    2};

static const struct db_stmt DEADLINE_MEET = {
    "deadline_meet",
    "UPDATE deadlines SET status = 'met', met_on = $4::date, met_by_act_id = $3::uuid, "
    "updated_at = now() WHERE case_id = $1::uuid AND rule_id = $2 AND status = 'pending'",
    4};

/* Through the act's case: a deadline's trigger act is an act of its case, and the case's
 * deadlines are few (trigger_act_id has no index of its own, migration 0022). */
static const struct db_stmt DEADLINES_TRIGGERED_BY = {
    "deadlines_triggered_by",
    "SELECT to_json(rule_id) FROM deadlines "
    "WHERE case_id = (SELECT c.case_id FROM case_acts c WHERE c.id = $1::uuid) "
    "AND trigger_act_id = $1::uuid ORDER BY seq",
    1};

static const struct db_stmt DEADLINES_REDATE_MET = {
    "deadlines_redate_met",
    "UPDATE deadlines SET met_on = $2::date, updated_at = now() WHERE met_by_act_id = $1::uuid", 2};

static const struct db_stmt DEADLINE_FOR_RULE = {
    "deadline_for_rule",
    "SELECT json_build_object('status', status, 'due', due, 'extensions', extensions, "
    "'provisional', provisional, 'missing_year', missing_year, 'trace', trace) "
    "FROM deadlines WHERE case_id = $1::uuid AND rule_id = $2 FOR UPDATE",
    2};

static const struct db_stmt DEADLINE_EXTEND = {
    "deadline_extend",
    "UPDATE deadlines SET due = $3::date, trace = $4::jsonb, extensions = extensions + 1, "
    "provisional = coalesce(($4::jsonb->>'provisional')::boolean, false), "
    "missing_year = ($4::jsonb->>'missing_year')::integer, "
    "updated_at = now() WHERE case_id = $1::uuid AND rule_id = $2 AND status = 'pending'",
    4};

static const struct db_stmt DEADLINE_WAIVE = {
    "deadline_waive",
    "UPDATE deadlines AS d SET status = 'waived', waived_reason = $2, waived_by = $3, "
    "updated_at = now() WHERE id = $1::uuid AND status = 'pending' "
    "RETURNING deadline_json(d, $4::date)",
    4};

static const struct db_stmt DEADLINE_GET = {
    "deadline_get",
    "SELECT deadline_json(d, $4::date) FROM deadlines d JOIN applications a ON a.id = d.case_id "
    "WHERE d.id = $1::uuid AND application_visible(a, $2, $3)",
    4};

static const struct db_stmt DEADLINES_FOR_CASE = {
    "deadlines_for_case",
    "SELECT deadline_json(d, $4::date) FROM deadlines d JOIN applications a ON a.id = d.case_id "
    "WHERE d.case_id = $1::uuid AND application_visible(a, $2, $3) ORDER BY d.due NULLS LAST, "
    "d.seq",
    4};

/* The dashboard's filters ($3 today, $4..$9 and $11) and its order ($10 the limit). */
#define DEADLINES_LIST_WHERE                                                                       \
    "AND ($4::text IS NULL OR CASE $4 WHEN 'overdue' THEN d.status = 'pending' AND d.due < "       \
    "$3::date "                                                                                    \
    "     WHEN 'pending' THEN d.status = 'pending' AND (d.due IS NULL OR d.due >= $3::date) "      \
    "     ELSE d.status = $4 END) "                                                                \
    "AND ($5::date IS NULL OR d.due <= $5::date) AND ($6::date IS NULL OR d.due >= $6::date) "     \
    "AND ($7::text IS NULL OR d.rule_id = $7) AND ($8::uuid IS NULL OR d.case_id = $8::uuid) "     \
    "AND ($9::bigint IS NULL OR d.seq > $9::bigint) "                                              \
    "AND ($11::boolean IS NULL OR d.provisional = $11::boolean) "
#define DEADLINES_LIST_FILTERS DEADLINES_LIST_WHERE "ORDER BY d.seq LIMIT $10::int"

static const struct db_stmt DEADLINES_LIST = {
    "deadlines_list",
    "SELECT deadline_json(d, $3::date) FROM deadlines d JOIN applications a ON a.id = d.case_id "
    "WHERE application_visible(a, $1, $2) AND " DBI_ACTOR_CASES " " DEADLINES_LIST_FILTERS,
    11};

/* A creditor's dashboard, a statement of its own: the cases it petitioned or co-signed and
 * those it holds a claim in, each source read by its own index, then each case's deadlines
 * by the case's index. ORed with the other roles' conditions, the plan PostgreSQL keeps
 * after five executions walks every deadline; as a semi-join (IN), a creditor holding
 * claims in thousands of cases was now and then given a hash join over every deadline. An
 * array computed first is looked up by the index whatever its size. */
static const struct db_stmt DEADLINES_LIST_CREDITOR = {
    "deadlines_list_creditor",
    "SELECT deadline_json(d, $3::date) FROM deadlines d JOIN applications a ON a.id = d.case_id "
    "WHERE d.case_id = ANY (ARRAY(SELECT p.id FROM applications p "
    "  WHERE p.applicant_role = 'creditor' AND (p.applicant_subject = $2 OR p.co_applicants ? $2) "
    "  UNION ALL SELECT m.case_id FROM claims m WHERE m.creditor_subject = $2)) "
    "AND application_visible(a, $1, $2) " DEADLINES_LIST_FILTERS,
    11};

enum db_status db_deadlines_provisional(struct db_tx *tx, json_t **out)
{
    return dbi_json_rows(tx, &DEADLINES_PROVISIONAL, NULL, out);
}

enum db_status db_acts_provisional(struct db_tx *tx, json_t **out)
{
    return dbi_json_rows(tx, &ACTS_PROVISIONAL, NULL, out);
}

enum db_status db_act_detail_set(struct db_tx *tx, const char *act_id, const json_t *detail)
{
    return dbi_command_id_json(tx, &ACT_DETAIL_SET, act_id, detail);
}

enum db_status db_deadlines_close(struct db_tx *tx, const char *case_id, const char *reason)
{
    const char *params[2] = {case_id, reason};
    enum db_status st = dbi_command(tx, &DEADLINES_CLOSE, params);
    return st == DB_NOT_FOUND ? DB_OK : st;
}

enum db_status db_deadline_recompute(struct db_tx *tx, const char *case_id, const char *rule_id,
                                     const json_t *entry, const json_t *change)
{
    char *e = dbi_json_param(entry), *c = change ? dbi_json_param(change) : NULL;
    const char *params[4] = {case_id, rule_id, e, c};
    enum db_status st = dbi_command(tx, &DEADLINE_RECOMPUTE, params);
    free(e);
    free(c);
    return st;
}

enum db_status db_deadline_meet(struct db_tx *tx, const char *case_id, const char *rule_id,
                                const char *act_id, const char *on)
{
    const char *params[4] = {case_id, rule_id, act_id, on};
    enum db_status st = dbi_command(tx, &DEADLINE_MEET, params);
    return st == DB_NOT_FOUND ? DB_OK : st; /* nothing pending: nothing to meet */
}

enum db_status db_deadlines_triggered_by(struct db_tx *tx, const char *act_id, json_t **rule_ids)
{
    const char *params[1] = {act_id};
    return dbi_json_rows(tx, &DEADLINES_TRIGGERED_BY, params, rule_ids);
}

enum db_status db_deadlines_redate_met(struct db_tx *tx, const char *act_id, const char *on)
{
    const char *params[2] = {act_id, on};
    enum db_status st = dbi_command(tx, &DEADLINES_REDATE_MET, params);
    return st == DB_NOT_FOUND ? DB_OK : st;
}

enum db_status db_deadline_for_rule(struct db_tx *tx, const char *case_id, const char *rule_id,
                                    json_t **out)
{
    const char *params[2] = {case_id, rule_id};
    return dbi_json_one(tx, &DEADLINE_FOR_RULE, params, out);
}

enum db_status db_deadline_extend(struct db_tx *tx, const char *case_id, const char *rule_id,
                                  const char *due, const json_t *trace)
{
    char *t = dbi_json_param(trace);
    const char *params[4] = {case_id, rule_id, due, t};
    enum db_status st = dbi_command(tx, &DEADLINE_EXTEND, params);
    free(t);
    return st;
}

enum db_status db_deadline_waive(struct db_tx *tx, const char *id, const char *reason,
                                 const char *by, const char *today, json_t **out)
{
    const char *params[4] = {id, reason, by, today};
    return dbi_json_one(tx, &DEADLINE_WAIVE, params, out);
}

enum db_status db_deadline_get(struct db_tx *tx, const struct db_actor *who, const char *id,
                               const char *today, json_t **out)
{
    const char *params[4] = {id, who->role, who->subject, today};
    return dbi_json_one(tx, &DEADLINE_GET, params, out);
}

enum db_status db_deadlines_for_case(struct db_tx *tx, const struct db_actor *who,
                                     const char *case_id, const char *today, json_t **out)
{
    const char *params[4] = {case_id, who->role, who->subject, today};
    return dbi_json_rows(tx, &DEADLINES_FOR_CASE, params, out);
}

enum db_status db_deadlines_list(struct db_tx *tx, const struct db_actor *who,
                                 const struct db_deadline_filter *f, const char *today,
                                 json_t **out)
{
    char lim[16];
    snprintf(lim, sizeof lim, "%d", f->limit);
    const char *params[11] = {who->role,     who->subject, today,         f->status,
                              f->due_before, f->due_after, f->rule_id,    f->case_id,
                              f->after_seq,  lim,          f->provisional};
    bool creditor = strcmp(who->role, "creditor") == 0;
    return dbi_json_rows(tx, creditor ? &DEADLINES_LIST_CREDITOR : &DEADLINES_LIST, params, out);
}

/* ---- restrictions and the feed ---- */

static const struct db_stmt FEED_LOCK = {"feed_lock",
                                         "SELECT pg_advisory_xact_lock(" FEED_LOCK_KEY ")", 0};

/* The change as units see it, written once (sql/410_restriction_change.sql). */
static const struct db_stmt CHANGE_INSERT = {
    "restriction_change_insert",
    "SELECT restriction_change($1::uuid, $2, $3, $4, $5::date, $6::date, $7::jsonb)::text", 7};

static const struct db_stmt RESTRICTIONS_FOR_CASE = {
    "restrictions_for_case",
    "SELECT restriction_json(r, $4::date) FROM restrictions r JOIN applications a ON a.id = "
    "r.case_id "
    "WHERE r.case_id = $1::uuid AND application_visible(a, $2, $3) ORDER BY r.created_at, r.kind",
    4};

static const struct db_stmt RESTRICTION_OF_KIND = {
    "restriction_of_kind",
    "SELECT json_build_object('id', r.id, 'status', r.status, 'rule_id', r.rule_id, "
    "'citation', r.citation, 'detail', r.detail) FROM restrictions r "
    "JOIN applications a ON a.id = r.case_id WHERE r.case_id = $1::uuid AND r.kind = $2 "
    "AND r.debtor_id = coalesce($3::uuid, a.debtor_id) FOR UPDATE OF r",
    3};

static const struct db_stmt CONSENT_INSERT = {
    "consent_insert",
    "INSERT INTO restriction_consents (restriction_id, case_id, item, purpose, reason, from_date, "
    "to_date, granted_by) VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::date, $7::date, $8) "
    "RETURNING json_build_object('id', id, 'item', item, 'purpose', purpose, 'reason', reason, "
    "'from', from_date, 'to', to_date)",
    8};

/* Every active restriction of the case lifted, each with its change in the feed, in one
 * call (sql/520_lift_restrictions.sql). */
static const struct db_stmt LIFT_ALL = {
    "restrictions_lift", "SELECT lift_restrictions($1::uuid, $2::date, $3, $4, $5, $6)::text", 6};

static const struct db_stmt FEED_HEAD = {
    "feed_head", "SELECT coalesce(max(seq), 0)::text, feed_epoch() FROM restriction_changes", 0};

/* The changes after a position, oldest first, each as its position and its stored JSON
 * text, with the head and the epoch of the same snapshot (one row with NULL columns when
 * none follows). The service builds the page from them (src/api/feedpages.c), so that a
 * page read here and one served from memory are the same bytes. */
static const struct db_stmt FEED_CHANGES = {
    "feed_changes",
    "SELECT h.head::text, feed_epoch(), c.seq::text, c.payload::text "
    "FROM (SELECT coalesce(max(seq), 0) AS head FROM restriction_changes) h "
    "LEFT JOIN LATERAL (SELECT seq, payload FROM restriction_changes WHERE seq > $1::bigint "
    "                   ORDER BY seq LIMIT $2::int) c ON true ORDER BY c.seq",
    2};

static const struct db_stmt CHECK_FIND = {
    "restriction_check_find",
    "SELECT json_build_object('debtor_id', d.id, 'restrictions', "
    "  (SELECT coalesce(json_agg(json_build_object('kind', r.kind, 'rule_id', r.rule_id, "
    "     'citation', r.citation, 'since', r.effective_from, 'detail', r.detail, "
    "     'case_number', a.case_number, "
    "     'consents', (SELECT coalesce(json_agg(json_build_object('item', c.item, "
    "        'purpose', c.purpose, 'from', c.from_date, 'to', c.to_date)), '[]') "
    "        FROM restriction_consents c WHERE c.restriction_id = r.id "
    "        AND $2::date BETWEEN c.from_date AND c.to_date)) ORDER BY r.kind), '[]') "
    "   FROM restrictions r JOIN applications a ON a.id = r.case_id "
    "   WHERE r.debtor_id = d.id AND r.status = 'active' AND r.effective_from <= $2::date)) "
    "FROM debtors d WHERE d.id_number = $1",
    2};

static const struct db_stmt CHECK_RECORD = {
    "restriction_check_record",
    "INSERT INTO restriction_checks (role, subject, request_id, debtor_id, found) "
    "VALUES ($1, $2, $3, $4::uuid, $5::boolean)",
    5};

static const struct db_stmt CHECKS_FOR_DEBTOR = {
    "restriction_checks_for_debtor",
    "SELECT json_build_object('at', c.at, 'role', c.role, 'subject', c.subject, 'found', c.found, "
    "'cursor', c.seq::text) FROM restriction_checks c JOIN debtors d ON d.id = c.debtor_id "
    "WHERE c.debtor_id = $1::uuid AND debtor_visible(d, $2, $3) "
    "AND ($4::bigint IS NULL OR c.seq < $4::bigint) ORDER BY c.seq DESC LIMIT $5::int",
    5};

/* Runs a statement whose one value is the last feed position it wrote (NULL: it wrote
 * none, DB_NOT_FOUND), and notes the position for after the commit. */
static enum db_status feed_written(struct db_tx *tx, const struct db_stmt *st,
                                   const char *const *params)
{
    PGresult *res = dbi_exec(tx, st, params);
    if (res == NULL)
        return dbi_failure(tx);
    enum db_status status = DB_NOT_FOUND;
    if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0)) {
        long long seq = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        if (seq > tx->feed_seq)
            tx->feed_seq = seq;
        status = DB_OK;
    }
    PQclear(res);
    return status;
}

enum db_status db_feed_lock(struct db_tx *tx)
{
    enum db_status st = dbi_command(tx, &FEED_LOCK, NULL);
    return st == DB_NOT_FOUND ? DB_OK : st;
}

enum db_status db_restriction_change(struct db_tx *tx, const char *restriction_id,
                                     const char *change, const char *rule_id, const char *citation,
                                     const char *from, const char *to, const json_t *consent)
{
    char *c = dbi_json_param(consent);
    const char *params[7] = {restriction_id, change, rule_id, citation, from, to, c};
    enum db_status st = feed_written(tx, &CHANGE_INSERT, params);
    free(c);
    return st;
}

enum db_status db_restrictions_for_case(struct db_tx *tx, const struct db_actor *who,
                                        const char *case_id, const char *today, json_t **out)
{
    const char *params[4] = {case_id, who->role, who->subject, today};
    return dbi_json_rows(tx, &RESTRICTIONS_FOR_CASE, params, out);
}

enum db_status db_restriction_of_kind(struct db_tx *tx, const char *case_id, const char *kind,
                                      const char *debtor_id, json_t **out)
{
    const char *params[3] = {case_id, kind, debtor_id};
    return dbi_json_one(tx, &RESTRICTION_OF_KIND, params, out);
}

enum db_status db_consent_insert(struct db_tx *tx, const char *restriction_id, const char *case_id,
                                 const char *item, const char *purpose, const char *reason,
                                 const char *from, const char *to, const char *by, json_t **out)
{
    const char *params[8] = {restriction_id, case_id, item, purpose, reason, from, to, by};
    return dbi_json_one(tx, &CONSENT_INSERT, params, out);
}

enum db_status db_restrictions_lift(struct db_tx *tx, const char *case_id, const char *on,
                                    const char *rule_id, const char *citation, const char *ground,
                                    const char *reason)
{
    const char *params[6] = {case_id, on, rule_id, citation, ground, reason};
    return feed_written(tx, &LIFT_ALL, params);
}

enum db_status db_feed_head(struct db_tx *tx, long long *head, char epoch[DB_FEED_EPOCH_LEN])
{
    return dbi_feed_head(tx, &FEED_HEAD, head, epoch);
}

enum db_status dbi_feed_head(struct db_tx *tx, const struct db_stmt *st, long long *head,
                             char epoch[DB_FEED_EPOCH_LEN])
{
    PGresult *res = dbi_exec(tx, st, NULL);
    if (res == NULL)
        return dbi_failure(tx);
    *head = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    snprintf(epoch, DB_FEED_EPOCH_LEN, "%s", PQgetvalue(res, 0, 1));
    PQclear(res);
    return DB_OK;
}

void db_feed_changes_free(struct db_feed_changes *c)
{
    free(c->seq);
    free(c->end);
    free(c->text);
    c->seq = NULL;
    c->end = NULL;
    c->text = NULL;
    c->n = 0;
}

bool db_feed_changes_alloc(struct db_feed_changes *c, int n, size_t bytes)
{
    c->n = 0;
    c->seq = malloc(sizeof *c->seq * (size_t)(n + 1));
    c->end = malloc(sizeof *c->end * (size_t)(n + 1));
    c->text = malloc(bytes + 1);
    if (c->seq == NULL || c->end == NULL || c->text == NULL) {
        db_feed_changes_free(c);
        return false;
    }
    return true;
}

/* The result's texts copied into one buffer: what the memory keeps outlives the result. */
static bool changes_copied(PGresult *res, struct db_feed_changes *out)
{
    int rows = PQgetisnull(res, 0, 2) ? 0 : PQntuples(res);
    size_t total = 0;
    for (int i = 0; i < rows; i++)
        total += (size_t)PQgetlength(res, i, 3);
    if (!db_feed_changes_alloc(out, rows, total))
        return false;
    size_t at = 0;
    for (int i = 0; i < rows; i++) {
        size_t len = (size_t)PQgetlength(res, i, 3);
        out->seq[i] = strtoll(PQgetvalue(res, i, 2), NULL, 10);
        memcpy(out->text + at, PQgetvalue(res, i, 3), len);
        at += len;
        out->end[i] = at;
    }
    out->text[at] = '\0';
    out->n = rows;
    return true;
}

enum db_status db_feed_changes(struct db_tx *tx, long long after, int limit,
                               struct db_feed_changes *out)
{
    return dbi_feed_changes(tx, &FEED_CHANGES, after, limit, out);
}

enum db_status dbi_feed_changes(struct db_tx *tx, const struct db_stmt *st, long long after,
                                int limit, struct db_feed_changes *out)
{
    char from[24], lim[16];
    snprintf(from, sizeof from, "%lld", after);
    snprintf(lim, sizeof lim, "%d", limit);
    const char *params[2] = {from, lim};
    memset(out, 0, sizeof *out);
    PGresult *res = dbi_exec(tx, st, params);
    if (res == NULL)
        return dbi_failure(tx);
    out->head = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    snprintf(out->epoch, DB_FEED_EPOCH_LEN, "%s", PQgetvalue(res, 0, 1));
    bool ok = changes_copied(res, out);
    PQclear(res);
    return ok ? DB_OK : DB_ERROR;
}

enum db_status db_restriction_check(struct db_tx *tx, const struct db_actor *who,
                                    const char *id_number, const char *today, json_t **out)
{
    const char *find[2] = {id_number, today};
    /* the replica may find (a unit polls this); the check is recorded on the primary */
    enum db_status st = dbi_json_one(dbi_reader(tx), &CHECK_FIND, find, out);
    if (st != DB_OK && st != DB_NOT_FOUND)
        return st;
    const char *debtor = st == DB_OK ? json_string_value(json_object_get(*out, "debtor_id")) : NULL;
    const char *record[5] = {who->role, who->subject, who->request_id, debtor,
                             st == DB_OK ? "true" : "false"};
    enum db_status rec = dbi_command(tx, &CHECK_RECORD, record);
    return rec != DB_OK ? rec : st;
}

enum db_status db_restriction_checks_for_debtor(struct db_tx *tx, const struct db_actor *who,
                                                const char *debtor_id, const char *before_seq,
                                                int limit, json_t **out)
{
    char lim[16];
    snprintf(lim, sizeof lim, "%d", limit);
    const char *params[5] = {debtor_id, who->role, who->subject, before_seq, lim};
    return dbi_json_rows(tx, &CHECKS_FOR_DEBTOR, params, out);
}

/* This file's statements, for the registry (statements.c). */
const struct db_stmt *const dbi_caselife_statements[] = {&PHASE_SET,
                                                         &ACT_RECORD,
                                                         &ACTS_FOR_CASE,
                                                         &ACT_GET,
                                                         &ACT_LOCK,
                                                         &ACT_CORRECT,
                                                         &DEADLINE_RECOMPUTE,
                                                         &DEADLINES_PROVISIONAL,
                                                         &ACTS_PROVISIONAL,
                                                         &ACT_DETAIL_SET,
                                                         &DEADLINES_CLOSE,
                                                         &DEADLINE_MEET,
                                                         &DEADLINES_TRIGGERED_BY,
                                                         &DEADLINES_REDATE_MET,
                                                         &DEADLINE_FOR_RULE,
                                                         &DEADLINE_EXTEND,
                                                         &DEADLINE_WAIVE,
                                                         &DEADLINE_GET,
                                                         &DEADLINES_FOR_CASE,
                                                         &DEADLINES_LIST,
                                                         &DEADLINES_LIST_CREDITOR,
                                                         &FEED_LOCK,
                                                         &CHANGE_INSERT,
                                                         &RESTRICTIONS_FOR_CASE,
                                                         &RESTRICTION_OF_KIND,
                                                         &CONSENT_INSERT,
                                                         &LIFT_ALL,
                                                         &FEED_HEAD,
                                                         &FEED_CHANGES,
                                                         &CHECK_FIND,
                                                         &CHECK_RECORD,
                                                         &CHECKS_FOR_DEBTOR,
                                                         NULL};
