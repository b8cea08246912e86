/* debtors_sql.c: statements on debtors. The JSON shape (debtor_json) and who may see a
 * debtor (debtor_visible) are SQL functions in sql/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

static const struct db_stmt INSERT = {
    "debtor_insert",
    "INSERT INTO debtors AS d (subject, name, id_number, phone, email, address, sez_resident, "
    "social_insurance_years, individual_business, spouse, dependants, created_by_role, "
    "created_by_subject) VALUES ($1, $2, $3, $4, $5, $6, $7::boolean, $8::int, "
    "coalesce($9::boolean, false), $10::jsonb, coalesce($11::jsonb, '[]'), $12, $13) "
    "RETURNING debtor_json(d, $14, $13)",
    14};

static const struct db_stmt GET = {"debtor_get",
                                   "SELECT debtor_json(d, $4, $3) FROM debtors d "
                                   "WHERE d.id = $1::uuid AND debtor_visible(d, $2, $3)",
                                   4};

/* PATCH semantics: a key that is present replaces the value (null clears it). */
static const struct db_stmt UPDATE = {
    "debtor_update",
    "UPDATE debtors d SET "
    " name = CASE WHEN $4::jsonb ? 'name' THEN $4->>'name' ELSE name END,"
    " id_number = CASE WHEN $4 ? 'id_number' THEN $4->>'id_number' ELSE id_number END,"
    " phone = CASE WHEN $4 ? 'phone' THEN $4->>'phone' ELSE phone END,"
    " email = CASE WHEN $4 ? 'email' THEN $4->>'email' ELSE email END,"
    " address = CASE WHEN $4 ? 'address' THEN $4->>'address' ELSE address END,"
    " sez_resident = CASE WHEN $4 ? 'sez_resident' THEN ($4->>'sez_resident')::boolean"
    "   ELSE sez_resident END,"
    " social_insurance_years = CASE WHEN $4 ? 'social_insurance_years'"
    "   THEN ($4->>'social_insurance_years')::int ELSE social_insurance_years END,"
    " individual_business = CASE WHEN $4 ? 'individual_business'"
    "   THEN coalesce(($4->>'individual_business')::boolean, false) ELSE individual_business END,"
    " spouse = CASE WHEN $4 ? 'spouse' THEN nullif($4->'spouse', 'null'::jsonb) ELSE spouse END,"
    " dependants = CASE WHEN $4 ? 'dependants'"
    "   THEN coalesce(nullif($4->'dependants', 'null'::jsonb), '[]') ELSE dependants END,"
    " updated_at = now() "
    "WHERE d.id = $1::uuid AND debtor_visible(d, $2, $3) RETURNING debtor_json(d, $5, $3)",
    5};

/* The second condition is one that every debtor debtor_visible admits meets, written so
 * that indexes find them (a debtor's login, the debtors of a creditor's or an
 * administrator's cases, as debtor or joint debtor): the list reads those, not every
 * debtor through the function. */
static const struct db_stmt LIST = {
    "debtor_list",
    "SELECT debtor_json(d, $3, $2) "
    "FROM debtors d WHERE debtor_visible(d, $1, $2) "
    "AND ($1 IN ('court', 'department') OR $1 = 'debtor' AND d.subject = $2 "
    " OR $1 = 'creditor' AND d.id IN (SELECT a.debtor_id FROM applications a "
    "   WHERE a.applicant_role = 'creditor' AND (a.applicant_subject = $2 OR a.co_applicants ? "
    "$2)) "
    " OR $1 = 'creditor' AND d.id IN (SELECT a.debtor_id FROM claims c "
    "   JOIN applications a ON a.id = c.case_id WHERE c.creditor_subject = $2) "
    " OR $1 = 'administrator' AND (d.id IN (SELECT a.debtor_id FROM applications a "
    "     WHERE a.administrator_subject = $2) "
    "   OR d.id IN (SELECT a.joint_debtor_id FROM applications a "
    "     WHERE a.administrator_subject = $2))) "
    "AND ($4::text IS NULL OR d.id_number = $4) AND ($5::bigint IS NULL OR d.seq < $5::bigint) "
    "ORDER BY d.seq DESC LIMIT $6::int",
    6};

static const struct db_stmt ID_BY_NUMBER = {
    "debtor_id_by_number", "SELECT to_json(id) FROM debtors WHERE id_number = $1", 1};

/* A creditor's petition names the person: the record with the number, or a new one with the
 * name. The insert waits for a concurrent one of the same number; the record that one made is
 * then found by db_debtor_id_by_number (a new statement, so a new snapshot). */
static const struct db_stmt FOR_PETITION = {
    "debtor_for_petition",
    "WITH ins AS (INSERT INTO debtors (name, id_number, created_by_role, created_by_subject) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (id_number) DO NOTHING RETURNING id) "
    "SELECT json_build_object('id', id, 'created', true) FROM ins "
    "UNION ALL SELECT json_build_object('id', id, 'created', false) FROM debtors "
    "WHERE id_number = $2 AND NOT EXISTS (SELECT 1 FROM ins)",
    4};

#define FACTS_SQL                                                                                  \
    "SELECT id, coalesce(subject, ''), coalesce(spouse->>'id_number', ''), id_number, "            \
    "CASE sez_resident WHEN true THEN 1 WHEN false THEN 0 ELSE -1 END, "                           \
    "coalesce(social_insurance_years, -1), individual_business FROM debtors WHERE id = $1::uuid"
static const struct db_stmt FACTS = {"debtor_facts", FACTS_SQL, 1};
/* The facts, the debtor's open case (as debtor or as joint debtor: one index lookup each,
 * migration 0009) and the applicant's last withdrawal on this debtor, with the debtor locked:
 * by id, or by identity number (a creditor's petition, one round trip for a known person). */
#define FILING_FACTS_SQL(where)                                                                    \
    "SELECT d.id, coalesce(d.subject, ''), coalesce(d.spouse->>'id_number', ''), d.id_number, "    \
    "CASE d.sez_resident WHEN true THEN 1 WHEN false THEN 0 ELSE -1 END, "                         \
    "coalesce(d.social_insurance_years, -1), d.individual_business, "                              \
    "(SELECT coalesce(max(case_number), '') FROM ("                                                \
    "  SELECT case_number FROM applications a WHERE a.debtor_id = d.id AND a.status = 'accepted' " \
    "  UNION ALL SELECT case_number FROM applications a "                                          \
    "  WHERE a.joint_debtor_id = d.id AND a.status = 'accepted') open_case), "                     \
    "(SELECT coalesce(max(withdrawn_on)::text, '') FROM applications a WHERE a.debtor_id = d.id "  \
    " AND a.applicant_role = $2 AND a.applicant_subject = $3 AND a.status = 'withdrawn') "         \
    "FROM debtors d WHERE " where " FOR UPDATE OF d"
static const struct db_stmt FILING_FACTS = {"debtor_filing_facts",
                                            FILING_FACTS_SQL("d.id = $1::uuid"), 3};
static const struct db_stmt PETITION_FACTS = {"debtor_petition_facts",
                                              FILING_FACTS_SQL("d.id_number = $1"), 3};
static const struct db_stmt FACTS_LOCK = {"debtor_facts_lock", FACTS_SQL " FOR UPDATE", 1};

/* A validated input value as a parameter: strings as they are, everything else as JSON
 * text (booleans "true"/"false", integers in decimal), absent or null as NULL. */
static char *param_of(const json_t *in, const char *key)
{
    const json_t *v = json_object_get(in, key);
    if (v == NULL || json_is_null(v))
        return NULL;
    if (json_is_string(v))
        return strdup(json_string_value(v));
    return dbi_json_param(v);
}

enum db_status db_debtor_insert(struct db_tx *tx, const struct db_actor *who, const json_t *in,
                                json_t **out)
{
    static const char *const keys[11] = {"subject",
                                         "name",
                                         "id_number",
                                         "phone",
                                         "email",
                                         "address",
                                         "sez_resident",
                                         "social_insurance_years",
                                         "individual_business",
                                         "spouse",
                                         "dependants"};
    char *values[11];
    const char *params[14];
    for (int i = 0; i < 11; i++)
        params[i] = values[i] = param_of(in, keys[i]);
    params[11] = who->role;
    params[12] = who->subject;
    params[13] = who->debtor_view;
    enum db_status st = dbi_json_one(tx, &INSERT, params, out);
    for (int i = 0; i < 11; i++)
        free(values[i]);
    return st;
}

enum db_status db_debtor_get(struct db_tx *tx, const struct db_actor *who, const char *id,
                             json_t **out)
{
    const char *params[4] = {id, who->role, who->subject, who->debtor_view};
    return dbi_json_one(tx, &GET, params, out);
}

enum db_status db_debtor_update(struct db_tx *tx, const struct db_actor *who, const char *id,
                                const json_t *changes, json_t **out)
{
    char *text = dbi_json_param(changes);
    const char *params[5] = {id, who->role, who->subject, text, who->debtor_view};
    enum db_status st = dbi_json_one(tx, &UPDATE, params, out);
    free(text);
    return st;
}

enum db_status db_debtor_list(struct db_tx *tx, const struct db_actor *who, const char *id_number,
                              const char *after_seq, int limit, json_t **out)
{
    char lim[16];
    snprintf(lim, sizeof lim, "%d", limit);
    const char *params[6] = {who->role, who->subject, who->debtor_view, id_number, after_seq, lim};
    return dbi_json_rows(tx, &LIST, params, out);
}

static void read_facts(PGresult *res, struct db_debtor_facts *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->id, sizeof out->id, "%s", PQgetvalue(res, 0, 0));
    snprintf(out->subject, sizeof out->subject, "%s", PQgetvalue(res, 0, 1));
    snprintf(out->spouse_id_number, sizeof out->spouse_id_number, "%s", PQgetvalue(res, 0, 2));
    snprintf(out->id_number, sizeof out->id_number, "%s", PQgetvalue(res, 0, 3));
    out->sez_resident = atoi(PQgetvalue(res, 0, 4));
    out->social_insurance_years = atoi(PQgetvalue(res, 0, 5));
    out->individual_business = strcmp(PQgetvalue(res, 0, 6), "t") == 0;
    if (PQnfields(res) > 8) {
        snprintf(out->open_case, sizeof out->open_case, "%s", PQgetvalue(res, 0, 7));
        snprintf(out->last_withdrawal, sizeof out->last_withdrawal, "%s", PQgetvalue(res, 0, 8));
    }
}

static enum db_status filing_facts(struct db_tx *tx, const struct db_stmt *st, const char *key,
                                   const char *applicant_role, const char *applicant_subject,
                                   struct db_debtor_facts *out)
{
    const char *params[3] = {key, applicant_role, applicant_subject};
    PGresult *res = dbi_exec(tx, st, params);
    if (res == NULL)
        return dbi_failure(tx);
    enum db_status status = PQntuples(res) == 1 ? DB_OK : DB_NOT_FOUND;
    if (status == DB_OK)
        read_facts(res, out);
    PQclear(res);
    return status;
}

enum db_status db_filing_facts(struct db_tx *tx, const char *debtor_id, const char *applicant_role,
                               const char *applicant_subject, struct db_debtor_facts *out)
{
    return filing_facts(tx, &FILING_FACTS, debtor_id, applicant_role, applicant_subject, out);
}

enum db_status db_debtor_facts(struct db_tx *tx, const char *id, bool lock,
                               struct db_debtor_facts *out)
{
    const char *params[1] = {id};
    PGresult *res = dbi_exec(tx, lock ? &FACTS_LOCK : &FACTS, params);
    if (res == NULL)
        return dbi_failure(tx);
    enum db_status st = DB_NOT_FOUND;
    if (PQntuples(res) == 1) {
        read_facts(res, out);
        st = DB_OK;
    }
    PQclear(res);
    return st;
}

enum db_status db_debtor_id_by_number(struct db_tx *tx, const char *id_number, json_t **out)
{
    const char *params[1] = {id_number};
    return dbi_json_one(tx, &ID_BY_NUMBER, params, out);
}

/* A known person (the usual petition) costs one round trip; a new one three: the facts by
 * number, the record made (or, when a concurrent petition made it first, found), its facts. */
enum db_status db_debtor_for_petition(struct db_tx *tx, const struct db_actor *who,
                                      const char *name, const char *id_number, bool *created,
                                      struct db_debtor_facts *facts)
{
    *created = false;
    enum db_status st =
        filing_facts(tx, &PETITION_FACTS, id_number, who->role, who->subject, facts);
    if (st != DB_NOT_FOUND)
        return st;
    const char *params[4] = {name, id_number, who->role, who->subject};
    json_t *found = NULL;
    char id[37] = "";
    st = dbi_json_one(tx, &FOR_PETITION, params, &found);
    *created = json_is_true(json_object_get(found, "created"));
    if (st == DB_OK)
        snprintf(id, sizeof id, "%s", json_string_value(json_object_get(found, "id")));
    json_decref(found);
    if (st == DB_NOT_FOUND) {
        st = db_debtor_id_by_number(tx, id_number, &found);
        if (st == DB_OK)
            snprintf(id, sizeof id, "%s", json_string_value(found));
        json_decref(found);
    }
    return st == DB_OK ? db_filing_facts(tx, id, who->role, who->subject, facts) : st;
}

/* This file's statements, for the registry (statements.c). */
const struct db_stmt *const dbi_debtors_statements[] = {
    &INSERT, &GET,          &UPDATE,         &LIST,       &ID_BY_NUMBER, &FOR_PETITION,
    &FACTS,  &FILING_FACTS, &PETITION_FACTS, &FACTS_LOCK, NULL};
