/* administrators_sql.c: statements on the administrator roster and on designations
 * (tables of migration 0003). JSON is built here: the public shape of a roster record for
 * anyone, the full one for the court and the department. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#define ADMINISTRATORS_DB_ONLY
#include "administrators.h"

#define PUBLIC_FIELDS                                                                              \
    "'id', m.id, 'kind', m.kind, 'name', m.name, 'profession', m.profession, "                     \
    "'organisation', m.organisation, 'status', m.status"
#define PRIVATE_FIELDS                                                                             \
    "'subject', m.subject, 'qualification', m.qualification, 'phone', m.phone, "                   \
    "'email', m.email, 'address', m.address, 'disqualifications', m.disqualifications, "           \
    "'created_at', m.created_at, 'updated_at', m.updated_at"
/* full is an SQL boolean expression */
#define ADMIN_JSON(full)                                                                           \
    "CASE WHEN " full " THEN json_build_object(" PUBLIC_FIELDS ", " PRIVATE_FIELDS                 \
    ", 'cursor', m.seq::text) ELSE json_build_object(" PUBLIC_FIELDS                               \
    ", 'cursor', m.seq::text) END"

#define DESIGNATION_JSON                                                                           \
    "json_build_object('id', d.id, 'case_id', d.case_id, 'administrator_id', "                     \
    "d.administrator_id, 'administrator_name', m.name, 'basis', d.basis, "                         \
    "'basis_reference', d.basis_reference, 'designated_on', d.designated_on, "                     \
    "'ended_on', d.ended_on, 'end_kind', d.end_kind, 'end_reason', d.end_reason, "                 \
    "'current', d.ended_on IS NULL, 'created_at', d.created_at)"

static const struct db_stmt INSERT = {
    "administrator_insert",
    "INSERT INTO administrators AS m (subject, kind, name, profession, qualification, "
    "organisation, phone, email, address) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
    "RETURNING " ADMIN_JSON("true"),
    9};

static const struct db_stmt GET = {
    "administrator_get",
    "SELECT " ADMIN_JSON("$2::boolean") " FROM administrators m WHERE m.id = $1::uuid", 2};

static const struct db_stmt LIST = {
    "administrator_list",
    "SELECT " ADMIN_JSON("$4::boolean") " FROM administrators m "
                                        "WHERE ($1::text IS NULL OR m.status = $1) AND ($2::bigint "
                                        "IS NULL OR m.seq < $2::bigint) "
                                        "ORDER BY m.seq DESC LIMIT $3::int",
    4};

/* PATCH semantics: a key that is present replaces the value (null clears it). */
static const struct db_stmt UPDATE = {
    "administrator_update",
    "UPDATE administrators m SET "
    " subject = CASE WHEN $2::jsonb ? 'subject' THEN $2->>'subject' ELSE subject END,"
    " status = CASE WHEN $2 ? 'status' THEN $2->>'status' ELSE status END,"
    " qualification = CASE WHEN $2 ? 'qualification' THEN $2->>'qualification'"
    "   ELSE qualification END,"
    " organisation = CASE WHEN $2 ? 'organisation' THEN $2->>'organisation' ELSE organisation END,"
    " phone = CASE WHEN $2 ? 'phone' THEN $2->>'phone' ELSE phone END,"
    " email = CASE WHEN $2 ? 'email' THEN $2->>'email' ELSE email END,"
    " address = CASE WHEN $2 ? 'address' THEN $2->>'address' ELSE address END,"
    " disqualifications = CASE WHEN $2 ? 'disqualifications' THEN $2->'disqualifications'"
    "   ELSE disqualifications END,"
    " updated_at = now() "
    "WHERE m.id = $1::uuid RETURNING " ADMIN_JSON("true"),
    2};

static const struct db_stmt SYNC_SUBJECT = {
    "administrator_sync_subject",
    "UPDATE applications a SET administrator_subject = m.subject, updated_at = now() "
    "FROM administrators m WHERE m.id = $1::uuid AND a.administrator_id = m.id",
    1};

static const struct db_stmt UNKNOWN_DEBTOR = {
    "administrator_unknown_debtor",
    "SELECT coalesce(min(n) - 1, -1) FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY t(x, n) "
    "WHERE x ->> 'debtor_id' IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM debtors WHERE id = (x ->> 'debtor_id')::uuid)",
    1};

static const struct db_stmt FACTS = {
    "administrator_facts",
    "SELECT m.id, coalesce(m.subject, ''), m.status, m.name, m.disqualifications "
    "FROM administrators m WHERE m.id = $1::uuid FOR SHARE",
    1};

static const struct db_stmt CASE_LOCK = {
    "designation_case_lock",
    "SELECT a.id, a.status, a.debtor_id, coalesce(a.joint_debtor_id::text, ''), "
    "coalesce(a.accepted_on::text, ''), a.profile, a.applicant_role = 'creditor', "
    "application_visible(a, $2, $3) FROM applications a WHERE a.id = $1::uuid FOR UPDATE",
    3};

static const struct db_stmt CURRENT = {
    "designation_current",
    "SELECT id, administrator_id, designated_on::text FROM designations "
    "WHERE case_id = $1::uuid AND ended_on IS NULL FOR UPDATE",
    1};

static const struct db_stmt END = {
    "designation_end",
    "UPDATE designations SET ended_on = $2::date, end_kind = $3, end_reason = $4 "
    "WHERE id = $1::uuid AND ended_on IS NULL",
    4};

static const struct db_stmt DESIGNATE = {
    "designation_insert",
    "WITH d AS (INSERT INTO designations (case_id, administrator_id, basis, basis_reference, "
    "designated_on) VALUES ($1::uuid, $2::uuid, $3, $4, $5::date) RETURNING *) "
    "SELECT " DESIGNATION_JSON " FROM d JOIN administrators m ON m.id = d.administrator_id",
    5};

static const struct db_stmt APPLY = {
    "designation_apply",
    "UPDATE applications a SET administrator_id = m.id, administrator_subject = m.subject, "
    "updated_at = now() FROM administrators m WHERE a.id = $1::uuid AND m.id = $2::uuid "
    "RETURNING a.doc",
    2};

static const struct db_stmt FOR_CASE = {
    "designations_for_case",
    "SELECT (SELECT coalesce(json_agg(" DESIGNATION_JSON " ORDER BY d.designated_on DESC, "
    "d.created_at DESC), '[]') FROM designations d JOIN administrators m "
    "ON m.id = d.administrator_id WHERE d.case_id = a.id) "
    "FROM applications a WHERE a.id = $1::uuid AND application_visible(a, $2, $3)",
    3};

static const char *tf(bool v)
{
    return v ? "true" : "false";
}

/* A validated string member as a parameter (absent or null: NULL). */
static const char *str_of(const json_t *in, const char *key)
{
    return json_string_value(json_object_get(in, key));
}

static void copy(char *dst, size_t cap, const PGresult *res, int col)
{
    snprintf(dst, cap, "%s", PQgetvalue(res, 0, col));
}

enum db_status db_administrator_insert(struct db_tx *tx, const json_t *in, json_t **out)
{
    static const char *const keys[9] = {"subject",    "kind",          "name",
                                        "profession", "qualification", "organisation",
                                        "phone",      "email",         "address"};
    const char *params[9];
    for (int i = 0; i < 9; i++)
        params[i] = str_of(in, keys[i]);
    return dbi_json_one(tx, &INSERT, params, out);
}

enum db_status db_administrator_get(struct db_tx *tx, const char *id, bool full, json_t **out)
{
    const char *params[2] = {id, tf(full)};
    return dbi_json_one(tx, &GET, params, out);
}

enum db_status db_administrator_list(struct db_tx *tx, const char *status, const char *after_seq,
                                     int limit, bool full, json_t **out)
{
    char lim[16];
    snprintf(lim, sizeof lim, "%d", limit);
    const char *params[4] = {status, after_seq, lim, tf(full)};
    return dbi_json_rows(tx, &LIST, params, out);
}

enum db_status db_administrator_update(struct db_tx *tx, const char *id, const json_t *changes,
                                       json_t **out)
{
    char *text = dbi_json_param(changes);
    const char *params[2] = {id, text};
    enum db_status st = dbi_json_one(tx, &UPDATE, params, out);
    free(text);
    return st;
}

enum db_status db_administrator_sync_subject(struct db_tx *tx, const char *id)
{
    const char *params[1] = {id};
    enum db_status st = dbi_command(tx, &SYNC_SUBJECT, params);
    return st == DB_NOT_FOUND ? DB_OK : st; /* no current case: nothing to copy */
}

enum db_status db_disqualifications_unknown_debtor(struct db_tx *tx, const json_t *list, int *index)
{
    char *text = dbi_json_param(list);
    const char *params[1] = {text};
    PGresult *res = dbi_exec(tx, &UNKNOWN_DEBTOR, params);
    free(text);
    if (res == NULL)
        return dbi_failure(tx);
    *index = atoi(PQgetvalue(res, 0, 0));
    PQclear(res);
    return DB_OK;
}

enum db_status db_administrator_facts(struct db_tx *tx, const char *id,
                                      struct db_administrator_facts *out)
{
    const char *params[1] = {id};
    PGresult *res = dbi_exec(tx, &FACTS, params);
    if (res == NULL)
        return dbi_failure(tx);
    enum db_status st = DB_NOT_FOUND;
    if (PQntuples(res) == 1) {
        copy(out->id, sizeof out->id, res, 0);
        copy(out->subject, sizeof out->subject, res, 1);
        copy(out->status, sizeof out->status, res, 2);
        copy(out->name, sizeof out->name, res, 3);
        json_decref(out->disqualifications);
        out->disqualifications = json_loads(PQgetvalue(res, 0, 4), 0, NULL);
        st = out->disqualifications ? DB_OK : DB_ERROR;
    }
    PQclear(res);
    return st;
}

enum db_status db_designation_case_lock(struct db_tx *tx, const struct db_actor *who,
                                        const char *case_id, struct db_case_for_designation *out)
{
    const char *params[3] = {case_id, who->role, who->subject};
    PGresult *res = dbi_exec(tx, &CASE_LOCK, params);
    if (res == NULL)
        return dbi_failure(tx);
    enum db_status st = DB_NOT_FOUND;
    if (PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 7), "t") == 0) {
        copy(out->id, sizeof out->id, res, 0);
        copy(out->status, sizeof out->status, res, 1);
        copy(out->debtor_id, sizeof out->debtor_id, res, 2);
        copy(out->joint_debtor_id, sizeof out->joint_debtor_id, res, 3);
        copy(out->accepted_on, sizeof out->accepted_on, res, 4);
        copy(out->profile, sizeof out->profile, res, 5);
        out->creditor_petition = strcmp(PQgetvalue(res, 0, 6), "t") == 0;
        st = DB_OK;
    }
    PQclear(res);
    return st;
}

enum db_status db_designation_current(struct db_tx *tx, const char *case_id,
                                      struct db_designation_current *out)
{
    const char *params[1] = {case_id};
    PGresult *res = dbi_exec(tx, &CURRENT, params);
    if (res == NULL)
        return dbi_failure(tx);
    enum db_status st = DB_NOT_FOUND;
    if (PQntuples(res) == 1) {
        copy(out->id, sizeof out->id, res, 0);
        copy(out->administrator_id, sizeof out->administrator_id, res, 1);
        copy(out->designated_on, sizeof out->designated_on, res, 2);
        st = DB_OK;
    }
    PQclear(res);
    return st;
}

enum db_status db_designation_end(struct db_tx *tx, const char *id, const char *ended_on,
                                  const char *end_kind, const char *end_reason)
{
    const char *params[4] = {id, ended_on, end_kind, end_reason};
    return dbi_command(tx, &END, params);
}

enum db_status db_designation_insert(struct db_tx *tx, const struct db_designation_new *d,
                                     json_t **out)
{
    const char *params[5] = {d->case_id, d->administrator_id, d->basis, d->basis_reference,
                             d->designated_on};
    return dbi_json_one(tx, &DESIGNATE, params, out);
}

enum db_status db_designation_apply(struct db_tx *tx, const char *case_id,
                                    const char *administrator_id, json_t **out)
{
    const char *params[2] = {case_id, administrator_id};
    return dbi_json_one(tx, &APPLY, params, out);
}

enum db_status db_designations_for_case(struct db_tx *tx, const struct db_actor *who,
                                        const char *case_id, json_t **out)
{
    const char *params[3] = {case_id, who->role, who->subject};
    return dbi_json_one(tx, &FOR_CASE, params, out);
}

/* This file's statements, for the registry (statements.c). */
const struct db_stmt *const dbi_administrators_statements[] = {
    &INSERT,    &GET,     &LIST, &UPDATE,    &SYNC_SUBJECT, &UNKNOWN_DEBTOR, &FACTS,
    &CASE_LOCK, &CURRENT, &END,  &DESIGNATE, &APPLY,        &FOR_CASE,       NULL};
