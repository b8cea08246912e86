/* applications_sql.c: statements on applications (an accepted application is the case).
 * The JSON shape (application_json, kept in the doc column by the trigger applications_doc),
 * who may see one (application_visible) and what acceptance writes (accept_application)
 * are SQL functions in sql/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

/* Everything filing writes, in one call (sql/510_file_application.sql). */
static const struct db_stmt FILE_APPLICATION = {
    "application_file",
    "SELECT file_application($1::uuid, $2::uuid, $3, $4, $5, $6::jsonb, $7, $8::date, $9, "
    "$10::bigint, $11, $12::jsonb, $13::bigint, $14::jsonb, $15, $16::jsonb, $17::jsonb, "
    "$18::jsonb, $19::jsonb, $20::jsonb, $21)",
    21};

/* Whether the actor may see the application (the case): for reads of what belongs to it. */
static const struct db_stmt VISIBLE = {
    "application_visible",
    "SELECT 1 FROM applications a WHERE a.id = $1::uuid AND application_visible(a, $2, $3)", 3};

static const struct db_stmt GET = {"application_get",
                                   "SELECT a.doc FROM applications a "
                                   "WHERE a.id = $1::uuid AND application_visible(a, $2, $3)",
                                   3};

static const struct db_stmt LIST = {
    "application_list",
    "SELECT a.doc FROM applications a WHERE application_visible(a, $1, $2) "
    "AND " DBI_ACTOR_CASES " "
    "AND ($3::text IS NULL OR a.status = $3) AND ($4::text IS NULL OR a.procedure = $4) "
    "AND ($5::uuid IS NULL OR a.debtor_id = $5::uuid) "
    "AND ($6::date IS NULL OR a.received_on >= $6::date) "
    "AND ($7::date IS NULL OR a.received_on <= $7::date) "
    "AND ($8::bigint IS NULL OR a.seq < $8::bigint) ORDER BY a.seq DESC LIMIT $9::int",
    9};

static const struct db_stmt LOCK = {
    "application_lock",
    "SELECT a.id, a.debtor_id, a.status, a.procedure, a.applicant_role, a.applicant_subject, "
    "a.received_on, application_visible(a, $2, $3), a.materials, "
    "coalesce(a.accepted_on::text, ''), coalesce(a.joint_debtor_id::text, ''), a.profile "
    "FROM applications a "
    "WHERE a.id = $1::uuid FOR UPDATE",
    3};

static const struct db_stmt SET_MATERIALS = {
    "application_set_materials",
    "UPDATE applications SET materials = $2::jsonb, updated_at = now() WHERE id = $1::uuid", 2};

static const struct db_stmt FLAG = {
    "application_flag",
    "UPDATE applications SET flags = flags || jsonb_build_array($2::jsonb), updated_at = now() "
    "WHERE id = $1::uuid",
    2};

static const struct db_stmt WITHDRAW = {
    "application_withdraw",
    "UPDATE applications SET status = 'withdrawn', withdrawn_on = $2::date, "
    "withdrawal_reason = $3, updated_at = now() WHERE id = $1::uuid AND status = 'pending'",
    3};

/* A co-applicant's decision on a creditor's petition, once: whether $2 is a co-applicant,
 * whether it had decided before (this decision is written only when neither stops it). */
static const struct db_stmt CO_APPLICANT_DECIDE = {
    "application_co_applicant_decide",
    "WITH a AS (SELECT co_applicants ? $2 AS listed, co_applicant_decisions ? $2 AS decided "
    "  FROM applications WHERE id = $1::uuid), "
    "u AS (UPDATE applications SET co_applicant_decisions = co_applicant_decisions || "
    "  jsonb_build_object($2::text, jsonb_build_object('decision', $3::text, 'on', $4::date, "
    "  'statement', $5::text)), updated_at = now() "
    "  WHERE id = $1::uuid AND (SELECT listed AND NOT decided FROM a) RETURNING id) "
    "SELECT a.listed, a.decided FROM a",
    5};

/* What acceptance must check, with the debtor and the joint debtor locked (in that order,
 * as filing locks them): the materials missing, a debtor's reorganization pending, an open
 * case of either, and for a creditor's petition the due claims (by the day it was received)
 * of the petitioner and the co-applicants who joined, with the co-applicants who did not. */
static const struct db_stmt ACCEPT_FACTS = {
    "application_accept_facts",
    "WITH locked AS (SELECT d.id FROM applications a "
    "  JOIN debtors d ON d.id IN (a.debtor_id, a.joint_debtor_id) WHERE a.id = $1::uuid "
    "  ORDER BY d.id = a.debtor_id DESC FOR UPDATE OF d) "
    "SELECT a.doc->'materials_missing', "
    "a.applicant_role = 'creditor' AND EXISTS (SELECT 1 FROM applications o "
    "  WHERE o.debtor_id = a.debtor_id AND o.status = 'pending' AND o.applicant_role = 'debtor' "
    "  AND o.procedure = 'reorganization'), "
    "coalesce((SELECT max(o.case_number) FROM applications o JOIN locked l "
    "  ON l.id IN (o.debtor_id, o.joint_debtor_id) WHERE o.status = 'accepted'), ''), "
    "a.applicant_role = 'creditor', "
    "(SELECT coalesce(sum((c ->> 'amount_fen')::bigint), 0) FROM jsonb_array_elements(a.claims) c "
    "  WHERE (c ->> 'due_date')::date <= a.received_on AND (c ->> 'creditor' = a.applicant_subject "
    "  OR a.co_applicant_decisions -> (c ->> 'creditor') ->> 'decision' = 'joined')), "
    "(SELECT coalesce(jsonb_agg(s ORDER BY s), '[]') FROM "
    "jsonb_array_elements_text(a.co_applicants) s "
    "  WHERE coalesce(a.co_applicant_decisions -> s ->> 'decision', '') <> 'joined') "
    "FROM applications a WHERE a.id = $1::uuid",
    1};

/* Everything acceptance writes, in one call (sql/500_accept_application.sql). */
static const struct db_stmt ACCEPT = {
    "application_accept",
    "SELECT accept_application($1::uuid, $2::date, $3::jsonb, $4, $5, $6, $7::jsonb, $8::jsonb, "
    "$9::jsonb, $10::jsonb)",
    10};

static const struct db_stmt REFUSE = {
    "application_refuse",
    "UPDATE applications SET status = $2, decided_on = $3::date, decision = $4::jsonb, "
    "updated_at = now() WHERE id = $1::uuid AND status = "
    "CASE $2 WHEN 'not_accepted' THEN 'pending' WHEN 'rejected' THEN 'accepted' END",
    4};

enum db_status db_application_file(struct db_tx *tx, const struct db_actor *who,
                                   const struct db_application_new *a, json_t **out)
{
    char income[24], total[24];
    snprintf(income, sizeof income, "%lld", (long long)a->expected_income_fen);
    snprintf(total, sizeof total, "%lld", (long long)a->claims_due_total_fen);
    const json_t *values[9] = {
        a->co_applicants, a->claims, a->materials, a->flags, a->materials_required,
        a->audit_detail,  a->opens,  a->meets,     NULL};
    char *text[9];
    for (int i = 0; i < 9; i++)
        text[i] = dbi_json_param(values[i]);
    const char *params[21] = {a->debtor_id,
                              a->joint_debtor_id,
                              who->role,
                              who->subject,
                              who->request_id,
                              text[0],
                              a->procedure,
                              a->received_on,
                              a->statement,
                              a->expected_income_fen >= 0 ? income : NULL,
                              a->expected_income_source,
                              text[1],
                              total,
                              text[2],
                              a->justification,
                              text[3],
                              text[4],
                              text[5],
                              text[6],
                              text[7],
                              a->profile};
    enum db_status st = dbi_json_one(tx, &FILE_APPLICATION, params, out);
    for (int i = 0; i < 9; i++)
        free(text[i]);
    return st;
}

enum db_status db_case_visible(struct db_tx *tx, const struct db_actor *who, const char *id)
{
    const char *params[3] = {id, who->role, who->subject};
    PGresult *res = dbi_exec(tx, &VISIBLE, params);
    if (res == NULL)
        return dbi_failure(tx);
    enum db_status st = PQntuples(res) == 1 ? DB_OK : DB_NOT_FOUND;
    PQclear(res);
    return st;
}

enum db_status db_application_get(struct db_tx *tx, const struct db_actor *who, const char *id,
                                  json_t **out)
{
    const char *params[3] = {id, who->role, who->subject};
    return dbi_json_one(tx, &GET, params, out);
}

enum db_status db_application_get_text(struct db_tx *tx, const struct db_actor *who, const char *id,
                                       char **out)
{
    const char *params[3] = {id, who->role, who->subject};
    return dbi_text_one(tx, &GET, params, out);
}

enum db_status db_application_list(struct db_tx *tx, const struct db_actor *who,
                                   const struct db_application_filter *f, json_t **out)
{
    char lim[16];
    snprintf(lim, sizeof lim, "%d", f->limit);
    const char *params[9] = {who->role,      who->subject, f->status,
                             f->procedure,   f->debtor_id, f->received_from,
                             f->received_to, f->after_seq, lim};
    return dbi_json_rows(tx, &LIST, params, out);
}

enum db_status db_application_lock(struct db_tx *tx, const struct db_actor *who, const char *id,
                                   struct db_application_state *out)
{
    const char *params[3] = {id, who->role, who->subject};
    PGresult *res = dbi_exec(tx, &LOCK, params);
    if (res == NULL)
        return dbi_failure(tx);
    enum db_status st = DB_NOT_FOUND;
    if (PQntuples(res) == 1) {
        snprintf(out->id, sizeof out->id, "%s", PQgetvalue(res, 0, 0));
        snprintf(out->debtor_id, sizeof out->debtor_id, "%s", PQgetvalue(res, 0, 1));
        snprintf(out->status, sizeof out->status, "%s", PQgetvalue(res, 0, 2));
        snprintf(out->procedure, sizeof out->procedure, "%s", PQgetvalue(res, 0, 3));
        snprintf(out->applicant_role, sizeof out->applicant_role, "%s", PQgetvalue(res, 0, 4));
        snprintf(out->applicant_subject, sizeof out->applicant_subject, "%s",
                 PQgetvalue(res, 0, 5));
        snprintf(out->received_on, sizeof out->received_on, "%s", PQgetvalue(res, 0, 6));
        out->visible = strcmp(PQgetvalue(res, 0, 7), "t") == 0;
        json_decref(out->materials);
        out->materials = json_loads(PQgetvalue(res, 0, 8), 0, NULL);
        snprintf(out->accepted_on, sizeof out->accepted_on, "%s", PQgetvalue(res, 0, 9));
        snprintf(out->joint_debtor_id, sizeof out->joint_debtor_id, "%s", PQgetvalue(res, 0, 10));
        snprintf(out->profile, sizeof out->profile, "%s", PQgetvalue(res, 0, 11));
        st = out->visible ? DB_OK : DB_NOT_FOUND;
    }
    PQclear(res);
    return st;
}

enum db_status db_application_set_materials(struct db_tx *tx, const char *id,
                                            const json_t *materials)
{
    return dbi_command_id_json(tx, &SET_MATERIALS, id, materials);
}

enum db_status db_application_flag(struct db_tx *tx, const char *id, const json_t *flag)
{
    return dbi_command_id_json(tx, &FLAG, id, flag);
}

enum db_status db_application_withdraw(struct db_tx *tx, const char *id, const char *on,
                                       const char *reason)
{
    const char *params[3] = {id, on, reason};
    return dbi_command(tx, &WITHDRAW, params);
}

enum db_status db_application_co_applicant_decide(struct db_tx *tx, const char *id,
                                                  struct db_co_applicant_decision *d)
{
    const char *params[5] = {id, d->subject, d->decision, d->on, d->statement};
    PGresult *res = dbi_exec(tx, &CO_APPLICANT_DECIDE, params);
    if (res == NULL)
        return dbi_failure(tx);
    enum db_status st = DB_NOT_FOUND;
    if (PQntuples(res) == 1) {
        d->listed = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
        d->decided_before = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
        st = DB_OK;
    }
    PQclear(res);
    return st;
}

enum db_status db_application_accept_facts(struct db_tx *tx, const char *id,
                                           struct db_accept_facts *out)
{
    const char *params[1] = {id};
    PGresult *res = dbi_exec(tx, &ACCEPT_FACTS, params);
    if (res == NULL)
        return dbi_failure(tx);
    enum db_status st = DB_NOT_FOUND;
    if (PQntuples(res) == 1) {
        json_decref(out->missing);
        out->missing = json_loads(PQgetvalue(res, 0, 0), JSON_DECODE_ANY, NULL);
        out->reorg_pending = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
        snprintf(out->open_case, sizeof out->open_case, "%s", PQgetvalue(res, 0, 2));
        out->creditor_petition = strcmp(PQgetvalue(res, 0, 3), "t") == 0;
        out->joined_due_fen = strtoll(PQgetvalue(res, 0, 4), NULL, 10);
        json_decref(out->not_joined);
        out->not_joined = json_loads(PQgetvalue(res, 0, 5), JSON_DECODE_ANY, NULL);
        st = out->missing && out->not_joined ? DB_OK : DB_ERROR;
    }
    PQclear(res);
    return st;
}

enum db_status db_application_accept(struct db_tx *tx, const struct db_actor *who,
                                     const struct db_acceptance *a, json_t **out)
{
    char *decision = dbi_json_param(a->decision), *opens = dbi_json_param(a->opens),
         *meets = dbi_json_param(a->meets), *restrictions = dbi_json_param(a->restrictions),
         *impose = dbi_json_param(a->impose_detail);
    const char *params[10] = {a->id,           a->ruling_date, decision, who->role,    who->subject,
                              who->request_id, opens,          meets,    restrictions, impose};
    json_t *result = NULL;
    enum db_status st = dbi_json_one(tx, &ACCEPT, params, &result);
    free(decision);
    free(opens);
    free(meets);
    free(restrictions);
    free(impose);
    if (st != DB_OK)
        return st;
    long long seq = (long long)json_integer_value(json_object_get(result, "feed_seq"));
    if (seq > tx->feed_seq)
        tx->feed_seq = seq;
    *out = json_incref(json_object_get(result, "doc"));
    json_decref(result);
    return *out ? DB_OK : DB_ERROR;
}

enum db_status db_application_refuse(struct db_tx *tx, const char *id, const char *new_status,
                                     const char *ruling_date, const json_t *decision)
{
    char *text = dbi_json_param(decision);
    const char *params[4] = {id, new_status, ruling_date, text};
    enum db_status st = dbi_command(tx, &REFUSE, params);
    free(text);
    return st;
}

/* This file's statements, for the registry (statements.c). */
const struct db_stmt *const dbi_applications_statements[] = {&FILE_APPLICATION,
                                                             &VISIBLE,
                                                             &GET,
                                                             &LIST,
                                                             &LOCK,
                                                             &SET_MATERIALS,
                                                             &FLAG,
                                                             &WITHDRAW,
                                                             &ACCEPT_FACTS,
                                                             &ACCEPT,
                                                             &REFUSE,
                                                             &CO_APPLICANT_DECIDE,
                                                             NULL};
