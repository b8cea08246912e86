/* applications_sql.c: statements on applications (an accepted application is the case).
 * The JSON shape (application_json, kept in the doc column by a trigger of migration 0007)
 * and who may see one (application_visible) are SQL functions of the migrations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

static const struct db_stmt INSERT = {
    "application_insert",
    "INSERT INTO applications AS a (debtor_id, joint_debtor_id, applicant_role, applicant_subject, "
    "co_applicants, procedure, received_on, statement, expected_income_fen, expected_income_source, "
    "claims, claims_due_total_fen, materials, justification, flags, materials_required) VALUES "
    "($1::uuid, $2::uuid, $3, $4, coalesce($5::jsonb, '[]'), $6, $7::date, $8, $9::bigint, $10, "
    "coalesce($11::jsonb, '[]'), $12::bigint, coalesce($13::jsonb, '[]'), $14, "
    "coalesce($15::jsonb, '[]'), coalesce($16::jsonb, '[]')) RETURNING a.doc",
    16};

static const struct db_stmt MISSING = {
    "application_materials_missing",
    "SELECT a.doc->'materials_missing' FROM applications a WHERE a.id = $1::uuid",
    1};

static const struct db_stmt GET = {
    "application_get",
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
    "coalesce(a.accepted_on::text, ''), coalesce(a.joint_debtor_id::text, '') FROM applications a "
    "WHERE a.id = $1::uuid FOR UPDATE",
    3};

static const struct db_stmt PENDING_REORG = {
    "application_pending_reorg",
    "SELECT EXISTS (SELECT 1 FROM applications WHERE debtor_id = $1::uuid AND status = 'pending' "
    "AND applicant_role = 'debtor' AND procedure = 'reorganization')",
    1};

static const struct db_stmt SET_MATERIALS = {
    "application_set_materials",
    "UPDATE applications SET materials = $2::jsonb, updated_at = now() WHERE id = $1::uuid", 2};

static const struct db_stmt WITHDRAW = {
    "application_withdraw",
    "UPDATE applications SET status = 'withdrawn', withdrawn_on = $2::date, "
    "withdrawal_reason = $3, updated_at = now() WHERE id = $1::uuid AND status = 'pending'",
    3};

/* The case number counts per year of the ruling, in the court's style: (2026) Yue 03 Po Ge
 * No. 12 (the Shenzhen Intermediate People's Court's code for personal bankruptcy). */
static const struct db_stmt ACCEPT = {
    "application_accept",
    "WITH n AS (INSERT INTO case_numbers (year, last) "
    "  VALUES (extract(year FROM $2::date)::int, 1) "
    "  ON CONFLICT (year) DO UPDATE SET last = case_numbers.last + 1 RETURNING year, last) "
    "UPDATE applications a SET status = 'accepted', accepted_on = $2::date, decided_on = $2::date, "
    "decision = $3::jsonb, case_number = (SELECT format('(%s) Yue 03 Po Ge No. %s', year, last) "
    "FROM n), updated_at = now() WHERE a.id = $1::uuid AND a.status = 'pending' "
    "RETURNING a.case_number",
    3};

static const struct db_stmt REFUSE = {
    "application_refuse",
    "UPDATE applications SET status = $2, decided_on = $3::date, decision = $4::jsonb, "
    "updated_at = now() WHERE id = $1::uuid AND status = "
    "CASE $2 WHEN 'not_accepted' THEN 'pending' WHEN 'rejected' THEN 'accepted' END",
    4};

static const struct db_stmt SUPERSEDE = {
    "application_supersede",
    "UPDATE applications SET status = 'superseded', superseded_by = $1::uuid, updated_at = now() "
    "WHERE debtor_id = $2::uuid AND status = 'pending' AND id <> $1::uuid RETURNING to_jsonb(id)",
    2};

enum db_status db_application_insert(struct db_tx *tx, const struct db_actor *who,
                                     const struct db_application_new *a, json_t **out)
{
    char income[24], total[24];
    snprintf(income, sizeof income, "%lld", (long long)a->expected_income_fen);
    snprintf(total, sizeof total, "%lld", (long long)a->claims_due_total_fen);
    char *co = dbi_json_param(a->co_applicants), *claims = dbi_json_param(a->claims),
         *materials = dbi_json_param(a->materials), *flags = dbi_json_param(a->flags),
         *required = dbi_json_param(a->materials_required);
    const char *params[16] = {
        a->debtor_id,  a->joint_debtor_id, who->role,
        who->subject,  co,                 a->procedure,
        a->received_on, a->statement,      a->expected_income_fen >= 0 ? income : NULL,
        a->expected_income_source, claims, total,
        materials,     a->justification,   flags,
        required};
    enum db_status st = dbi_json_one(tx, &INSERT, params, out);
    free(required);
    free(co);
    free(claims);
    free(materials);
    free(flags);
    return st;
}

enum db_status db_application_get(struct db_tx *tx, const struct db_actor *who, const char *id,
                                  json_t **out)
{
    const char *params[3] = {id, who->role, who->subject};
    return dbi_json_one(tx, &GET, params, out);
}

enum db_status db_application_get_text(struct db_tx *tx, const struct db_actor *who,
                                       const char *id, char **out)
{
    const char *params[3] = {id, who->role, who->subject};
    return dbi_text_one(tx, &GET, params, out);
}

enum db_status db_application_list(struct db_tx *tx, const struct db_actor *who,
                                   const struct db_application_filter *f, json_t **out)
{
    char lim[16];
    snprintf(lim, sizeof lim, "%d", f->limit);
    const char *params[9] = {who->role,        who->subject,   f->status,
                             f->procedure,     f->debtor_id,   f->received_from,
                             f->received_to,   f->after_seq,   lim};
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
        st = out->visible ? DB_OK : DB_NOT_FOUND;
    }
    PQclear(res);
    return st;
}

enum db_status db_application_pending_reorg(struct db_tx *tx, const char *debtor_id,
                                            bool *exists)
{
    const char *params[1] = {debtor_id};
    PGresult *res = dbi_exec(tx, &PENDING_REORG, params);
    if (res == NULL)
        return dbi_failure(tx);
    *exists = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    return DB_OK;
}

enum db_status db_application_set_materials(struct db_tx *tx, const char *id,
                                            const json_t *materials)
{
    char *text = dbi_json_param(materials);
    const char *params[2] = {id, text};
    enum db_status st = dbi_command(tx, &SET_MATERIALS, params);
    free(text);
    return st;
}

enum db_status db_application_withdraw(struct db_tx *tx, const char *id, const char *on,
                                       const char *reason)
{
    const char *params[3] = {id, on, reason};
    return dbi_command(tx, &WITHDRAW, params);
}

enum db_status db_application_accept(struct db_tx *tx, const char *id, const char *ruling_date,
                                     const json_t *decision, char case_number[32])
{
    char *text = dbi_json_param(decision);
    const char *params[3] = {id, ruling_date, text};
    PGresult *res = dbi_exec(tx, &ACCEPT, params);
    free(text);
    if (res == NULL)
        return dbi_failure(tx);
    enum db_status st = DB_NOT_FOUND;
    if (PQntuples(res) == 1) {
        snprintf(case_number, 32, "%s", PQgetvalue(res, 0, 0));
        st = DB_OK;
    }
    PQclear(res);
    return st;
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

enum db_status db_application_supersede_others(struct db_tx *tx, const char *case_id,
                                               const char *debtor_id, json_t **ids)
{
    const char *params[2] = {case_id, debtor_id};
    return dbi_json_rows(tx, &SUPERSEDE, params, ids);
}


enum db_status db_application_materials_missing(struct db_tx *tx, const char *id, json_t **out)
{
    const char *params[1] = {id};
    return dbi_json_one(tx, &MISSING, params, out);
}

/* This file's statements, for the registry (statements.c). */
const struct db_stmt *const dbi_applications_statements[] = {
    &INSERT, &MISSING, &GET, &LIST, &LOCK, &PENDING_REORG, &SET_MATERIALS, &WITHDRAW, &ACCEPT,
    &REFUSE, &SUPERSEDE, NULL};
