/* disclosure_sql.c: the disclosed record (migration 0020; entries written by the trigger on
 * case_acts, sql/298), the public query and its record, the credit feed, and the debtor's
 * procedures (correction, stop, restoration). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

static const struct db_stmt NODES = {
    "disclosure_nodes",
    "SELECT coalesce(json_agg(json_build_object('node', n.node, 'position', n.position, "
    "'title', n.title, 'dishonest', n.dishonest, 'acts', (SELECT coalesce(json_agg(m.act_kind "
    "ORDER BY m.act_kind), '[]') FROM disclosure_node_acts m WHERE m.node = n.node), "
    "'fields', n.fields) ORDER BY n.position), '[]') FROM disclosure_nodes n",
    0};

/* One person by the whole number (the unique index); the record only when the name is the
 * registered one: a wrong name learns nothing, not even that the number is known. */
static const struct db_stmt QUERY_FIND = {
    "disclosure_query_find",
    "SELECT json_build_object('debtor_id', d.id, 'record', CASE WHEN d.name = $2 "
    "THEN disclosure_public_json(d.id, $3) END) FROM debtors d WHERE d.id_number = $1",
    3};

static const struct db_stmt QUERY_RECORD = {
    "disclosure_query_record",
    "INSERT INTO disclosure_queries (client, role, subject, request_id, name, id_number_masked, "
    "debtor_id, answer) VALUES ($1, $2, $3, $4, $5, mask_id_number($6), $7::uuid, $8)",
    8};

static const struct db_stmt QUERIES_FOR_DEBTOR = {
    "disclosure_queries_for_debtor",
    "SELECT json_build_object('at', q.at, 'client', q.client, 'role', q.role, 'subject', "
    "q.subject, 'name', q.name, 'id_number', q.id_number_masked, 'answer', q.answer, 'cursor', "
    "q.seq::text) FROM disclosure_queries q JOIN debtors d ON d.id = q.debtor_id "
    "WHERE q.debtor_id = $1::uuid AND debtor_visible(d, $2, $3) "
    "AND ($4::bigint IS NULL OR q.seq < $4::bigint) ORDER BY q.seq DESC LIMIT $5::int",
    5};

static const struct db_stmt FEED_HEAD = {
    "disclosure_feed_head",
    "SELECT coalesce(max(seq), 0)::text, feed_epoch() FROM disclosure_changes", 0};

/* The columns of the restriction feed's changes (caselife_sql.c), over the credit feed. */
static const struct db_stmt FEED_CHANGES = {
    "disclosure_feed_changes",
    "SELECT h.head::text, feed_epoch(), c.seq::text, c.payload::text "
    "FROM (SELECT coalesce(max(seq), 0) AS head FROM disclosure_changes) h "
    "LEFT JOIN LATERAL (SELECT seq, payload FROM disclosure_changes WHERE seq > $1::bigint "
    "                   ORDER BY seq LIMIT $2::int) c ON true ORDER BY c.seq",
    2};

static const struct db_stmt RECORD_FOR_DEBTOR = {
    "disclosure_record_for_debtor",
    "SELECT json_build_object('debtor_id', d.id, 'public', disclosure_public_json(d.id, $4), "
    "'entries', (SELECT coalesce(json_agg(disclosure_entry_json(e) ORDER BY e.disclosed_on, "
    "e.created_at), '[]') FROM disclosure_entries e WHERE e.debtor_id = d.id), "
    "'requests', (SELECT coalesce(json_agg(disclosure_request_json(q) ORDER BY q.seq), '[]') "
    "FROM disclosure_requests q WHERE q.debtor_id = d.id)) "
    "FROM debtors d WHERE d.id = $1::uuid AND debtor_visible(d, $2, $3)",
    4};

static const struct db_stmt ENTRY_GET = {
    "disclosure_entry_get",
    "SELECT disclosure_entry_json(e)::jsonb || jsonb_build_object('debtor_id', e.debtor_id) "
    "FROM disclosure_entries e JOIN applications a ON a.id = e.case_id "
    "WHERE e.id = $1::uuid AND application_visible(a, $2, $3)",
    3};

static const struct db_stmt REQUEST_INSERT = {
    "disclosure_request_insert",
    "INSERT INTO disclosure_requests AS q (kind, rule_id, case_id, debtor_id, entry_id, "
    "filed_by_role, filed_by_subject, filed_on, ground, reasons, evidence, proposed, status, "
    "steps) VALUES ($1, $2, $3::uuid, $4::uuid, $5::uuid, $6, $7, $8::date, $9, $10, "
    "coalesce($11::jsonb, '[]'), $12::jsonb, 'under_review', $13::jsonb) "
    "RETURNING disclosure_request_json(q)",
    13};

static const struct db_stmt REQUEST_LOCK = {
    "disclosure_request_lock",
    "SELECT disclosure_request_json(q) FROM disclosure_requests q WHERE q.id = $1::uuid "
    "FOR UPDATE",
    1};

/* The court and the department read every request; a party the ones it filed; a debtor
 * the ones about itself. */
static const struct db_stmt REQUEST_GET = {
    "disclosure_request_get",
    "SELECT disclosure_request_json(q) FROM disclosure_requests q "
    "JOIN debtors d ON d.id = q.debtor_id WHERE q.id = $1::uuid "
    "AND ($2 IN ('court', 'department') OR q.filed_by_role = $2 AND q.filed_by_subject = $3 "
    "OR $2 = 'debtor' AND d.subject = $3)",
    3};

static const struct db_stmt REQUEST_UPDATE = {
    "disclosure_request_update",
    "UPDATE disclosure_requests AS q SET status = $2, steps = $3::jsonb, decided_on = $4::date, "
    "decision_reasons = coalesce($5, q.decision_reasons), updated_at = now() "
    "WHERE q.id = $1::uuid RETURNING disclosure_request_json(q)",
    5};

static const struct db_stmt APPLY = {
    "disclosure_apply",
    "SELECT disclosure_apply($1, $2::uuid, $3::uuid, $4::jsonb, $5::date, $6::uuid)::text", 6};

static const struct db_stmt CONDUCT = {
    "disclosure_conduct", "SELECT disclosure_conduct($1::uuid, $2::jsonb, $3::date)", 3};

/* What a stop and a restoration are decided on: the phase, the end of the inspection period
 * (SZ-DIS-INSPECTION), the act that executed a plan or settlement, how many
 * dishonest-conduct entries the public still sees and how many entries are not restored. */
static const struct db_stmt CASE_FACTS = {
    "disclosure_case_facts",
    "SELECT json_build_object('phase', a.phase, 'inspection_due', (SELECT d.due FROM deadlines d "
    "WHERE d.case_id = a.id AND d.rule_id = 'SZ-DIS-INSPECTION'), 'executed_act', (SELECT k.kind "
    "FROM case_acts k WHERE k.case_id = a.id AND k.kind IN ('reorganization_plan_completed', "
    "'settlement_executed') ORDER BY k.on_date DESC LIMIT 1), 'dishonest_public', (SELECT "
    "count(*) FROM disclosure_entries e JOIN disclosure_nodes n ON n.node = e.node "
    "WHERE e.case_id = a.id AND n.dishonest AND e.stopped_on IS NULL), 'unrestored', (SELECT "
    "count(*) FROM disclosure_entries e WHERE e.case_id = a.id AND e.restored_on IS NULL)) "
    "FROM applications a WHERE a.id = $1::uuid",
    1};

enum db_status db_disclosure_nodes(struct db_tx *tx, json_t **out)
{
    return dbi_json_one(tx, &NODES, NULL, out);
}

enum db_status db_disclosure_query(struct db_tx *tx, const struct db_actor *who, const char *client,
                                   const char *name, const char *id_number, const char *restored,
                                   json_t **record)
{
    const char *find[3] = {id_number, name, restored};
    json_t *found = NULL;
    enum db_status st = dbi_json_one(dbi_reader(tx), &QUERY_FIND, find, &found);
    if (st != DB_OK && st != DB_NOT_FOUND)
        return st;
    json_t *rec = json_object_get(found, "record");
    *record = json_is_object(rec) ? json_incref(rec) : NULL;
    const char *debtor = json_string_value(json_object_get(found, "debtor_id"));
    const char *params[8] = {
        client, who->role, who->subject, who->request_id,
        name,   id_number, debtor,       *record ? "disclosed" : "no_disclosed_record"};
    st = dbi_command(tx, &QUERY_RECORD, params);
    json_decref(found);
    return st;
}

enum db_status db_disclosure_queries_for_debtor(struct db_tx *tx, const struct db_actor *who,
                                                const char *debtor_id, const char *before_seq,
                                                int limit, json_t **out)
{
    char lim[16];
    snprintf(lim, sizeof lim, "%d", limit);
    const char *params[5] = {debtor_id, who->role, who->subject, before_seq, lim};
    return dbi_json_rows(tx, &QUERIES_FOR_DEBTOR, params, out);
}

enum db_status db_disclosure_feed_head(struct db_tx *tx, long long *head,
                                       char epoch[DB_FEED_EPOCH_LEN])
{
    return dbi_feed_head(tx, &FEED_HEAD, head, epoch);
}

enum db_status db_disclosure_feed_changes(struct db_tx *tx, long long after, int limit,
                                          struct db_feed_changes *out)
{
    return dbi_feed_changes(tx, &FEED_CHANGES, after, limit, out);
}

enum db_status db_disclosure_record(struct db_tx *tx, const struct db_actor *who,
                                    const char *debtor_id, const char *restored, json_t **out)
{
    const char *params[4] = {debtor_id, who->role, who->subject, restored};
    return dbi_json_one(tx, &RECORD_FOR_DEBTOR, params, out);
}

enum db_status db_disclosure_entry(struct db_tx *tx, const struct db_actor *who,
                                   const char *entry_id, json_t **out)
{
    const char *params[3] = {entry_id, who->role, who->subject};
    return dbi_json_one(tx, &ENTRY_GET, params, out);
}

enum db_status db_disclosure_request_insert(struct db_tx *tx, const struct db_actor *who,
                                            const struct db_disclosure_request *q, json_t **out)
{
    char *evidence = dbi_json_param(q->evidence), *proposed = dbi_json_param(q->proposed);
    char *steps = dbi_json_param(q->steps);
    const char *params[13] = {q->kind,   q->rule_id,   q->case_id,  q->debtor_id, q->entry_id,
                              who->role, who->subject, q->filed_on, q->ground,    q->reasons,
                              evidence,  proposed,     steps};
    enum db_status st = dbi_json_one(tx, &REQUEST_INSERT, params, out);
    free(evidence);
    free(proposed);
    free(steps);
    return st;
}

enum db_status db_disclosure_request_lock(struct db_tx *tx, const char *id, json_t **out)
{
    const char *params[1] = {id};
    return dbi_json_one(tx, &REQUEST_LOCK, params, out);
}

enum db_status db_disclosure_request_get(struct db_tx *tx, const struct db_actor *who,
                                         const char *id, json_t **out)
{
    const char *params[3] = {id, who->role, who->subject};
    return dbi_json_one(tx, &REQUEST_GET, params, out);
}

enum db_status db_disclosure_request_update(struct db_tx *tx, const char *id, const char *status,
                                            const json_t *steps, const char *decided_on,
                                            const char *reasons, json_t **out)
{
    char *s = dbi_json_param(steps);
    const char *params[5] = {id, status, s, decided_on, reasons};
    enum db_status st = dbi_json_one(tx, &REQUEST_UPDATE, params, out);
    free(s);
    return st;
}

enum db_status db_disclosure_apply(struct db_tx *tx, const char *change, const char *case_id,
                                   const char *entry_id, const json_t *fields, const char *on,
                                   const char *request_id, int *changed)
{
    char *f = dbi_json_param(fields);
    const char *params[6] = {change, case_id, entry_id, f, on, request_id};
    char *n = NULL;
    enum db_status st = dbi_text_one(tx, &APPLY, params, &n);
    free(f);
    *changed = n ? atoi(n) : 0;
    free(n);
    return st;
}

enum db_status db_disclosure_conduct(struct db_tx *tx, const char *case_id, const json_t *conduct,
                                     const char *on, json_t **out)
{
    char *c = dbi_json_param(conduct);
    const char *params[3] = {case_id, c, on};
    enum db_status st = dbi_json_one(tx, &CONDUCT, params, out);
    free(c);
    return st;
}

enum db_status db_disclosure_case_facts(struct db_tx *tx, const char *case_id, json_t **out)
{
    const char *params[1] = {case_id};
    return dbi_json_one(tx, &CASE_FACTS, params, out);
}

/* This file's statements, for the registry (statements.c). */
const struct db_stmt *const dbi_disclosure_statements[] = {
    &NODES,          &QUERY_FIND,   &QUERY_RECORD,      &QUERIES_FOR_DEBTOR,
    &FEED_HEAD,      &FEED_CHANGES, &RECORD_FOR_DEBTOR, &ENTRY_GET,
    &REQUEST_INSERT, &REQUEST_LOCK, &REQUEST_GET,       &REQUEST_UPDATE,
    &APPLY,          &CONDUCT,      &CASE_FACTS,        NULL};
