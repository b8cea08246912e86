/* audit_sql.c: the append-only trail, written in the transaction of the change it records
 * (by sql/050_audit_append.sql, which the write functions of sql/ call too). */
#include <stdio.h>
#include <stdlib.h>

#include "db_internal.h"

static const struct db_stmt INSERT = {
    "audit_insert", "SELECT audit_append($1, $2, $3, $4, $5, $6, $7::uuid, $8::jsonb)", 8};

/* A case's trail: its rows (case_id), and the rows of other cases or of none whose object
 * it is. The object's index holds only the latter (migration 0022): a row whose object is
 * its own case is found by case_id, and the condition repeats the index's so that the
 * planner may use it. */
static const struct db_stmt FOR_APPLICATION = {
    "audit_for_application",
    "SELECT jsonb_build_object('seq', seq::text, 'at', at, 'role', role, 'subject', subject, "
    "'request_id', request_id, 'action', action, 'object_type', object_type, "
    "'object_id', object_id, 'detail', detail) FROM audit_log "
    "WHERE (case_id = $1::text::uuid "
    "  OR object_id = $1::text AND (case_id IS NULL OR object_id <> case_id::text)) "
    "AND ($2::bigint IS NULL OR seq > $2::bigint) "
    "ORDER BY seq LIMIT $3::int",
    3};

enum db_status db_audit(struct db_tx *tx, const struct db_actor *who, const char *action,
                        const char *object_type, const char *object_id, const char *case_id,
                        const json_t *detail)
{
    char *detail_text = dbi_json_param(detail);
    const char *params[8] = {who->role,   who->subject, who->request_id, action,
                             object_type, object_id,    case_id,         detail_text};
    enum db_status st = dbi_command(tx, &INSERT, params);
    free(detail_text);
    return st;
}

enum db_status db_audit_for_application(struct db_tx *tx, const char *application_id,
                                        const char *after_seq, int limit, json_t **out)
{
    char lim[16];
    snprintf(lim, sizeof lim, "%d", limit);
    const char *params[3] = {application_id, after_seq, lim};
    return dbi_json_rows(tx, &FOR_APPLICATION, params, out);
}

/* This file's statements, for the registry (statements.c). */
const struct db_stmt *const dbi_audit_statements[] = {&INSERT, &FOR_APPLICATION, NULL};
