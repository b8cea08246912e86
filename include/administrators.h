/* administrators.h: the administrator roster the management department keeps, and the
 * court's designation of an administrator to a case (SZ-ADM-*). The handlers live in
 * src/api/administrators.c, the statements in src/db/administrators_sql.c. The database
 * part comes first and needs only db.h; src/db defines ADMINISTRATORS_DB_ONLY so that it
 * does not see HTTP. */
#ifndef ADMINISTRATORS_H
#define ADMINISTRATORS_H
#include <jansson.h>
#include <stdbool.h>

#include "db.h"

/* ---- database (administrators_sql.c) ---------------------------------------------- */

/* A roster record as JSON: full (every field) for the court and the department, else only
 * the public fields (id, kind, name, profession, organisation, status, cursor). */
enum db_status db_administrator_insert(struct db_tx *tx, const json_t *in, json_t **out);
enum db_status db_administrator_get(struct db_tx *tx, const char *id, bool full, json_t **out);
/* status may be NULL; after_seq is a cursor or NULL. Newest first. */
enum db_status db_administrator_list(struct db_tx *tx, const char *status, const char *after_seq,
                                     int limit, bool full, json_t **out);
/* PATCH: a key present in changes replaces the value (null clears it); full JSON out. */
enum db_status db_administrator_update(struct db_tx *tx, const char *id, const json_t *changes,
                                       json_t **out);
/* Copies the administrator's login to the cases it currently administers. */
enum db_status db_administrator_sync_subject(struct db_tx *tx, const char *id);
/* The index of the first disqualification naming a debtor that does not exist, or -1. */
enum db_status db_disqualifications_unknown_debtor(struct db_tx *tx, const json_t *list,
                                                   int *index);

/* What a designation needs to know of an administrator, locked FOR SHARE. */
struct db_administrator_facts {
    char id[37];
    char subject[129]; /* "" when it has no login */
    char status[16];
    char name[256];
    json_t *disqualifications; /* owned by the caller */
};
enum db_status db_administrator_facts(struct db_tx *tx, const char *id,
                                      struct db_administrator_facts *out);

/* The case a designation is made in, locked FOR UPDATE (DB_NOT_FOUND when the actor may
 * not see it). */
struct db_case_for_designation {
    char id[37];
    char status[16];
    char debtor_id[37];
    char joint_debtor_id[37]; /* "" when none */
    char accepted_on[11];     /* "" until accepted */
    char profile[64];
    bool creditor_petition;
};
enum db_status db_designation_case_lock(struct db_tx *tx, const struct db_actor *who,
                                        const char *case_id, struct db_case_for_designation *out);

/* The case's current designation, locked (DB_NOT_FOUND when there is none). */
struct db_designation_current {
    char id[37];
    char administrator_id[37];
    char designated_on[11];
};
enum db_status db_designation_current(struct db_tx *tx, const char *case_id,
                                      struct db_designation_current *out);
enum db_status db_designation_end(struct db_tx *tx, const char *id, const char *ended_on,
                                  const char *end_kind, const char *end_reason);
struct db_designation_new {
    const char *case_id;
    const char *administrator_id;
    const char *basis;
    const char *basis_reference; /* may be NULL */
    const char *designated_on;   /* YYYY-MM-DD */
};
enum db_status db_designation_insert(struct db_tx *tx, const struct db_designation_new *d,
                                     json_t **out);
/* Points the case at the administrator (administrator_id and its login), so that its token
 * reaches the case and the previous one's no longer does; the case as application_json. */
enum db_status db_designation_apply(struct db_tx *tx, const char *case_id,
                                    const char *administrator_id, json_t **out);
/* The designations of a case, newest first (DB_NOT_FOUND when the actor may not see it). */
enum db_status db_designations_for_case(struct db_tx *tx, const struct db_actor *who,
                                        const char *case_id, json_t **out);

/* ---- handlers (administrators.c) -------------------------------------------------- */
#ifndef ADMINISTRATORS_DB_ONLY
#include "http.h"

enum MHD_Result api_administrators_create(struct http_request *r);
enum MHD_Result api_administrators_list(struct http_request *r);
enum MHD_Result api_administrators_get(struct http_request *r);
enum MHD_Result api_administrators_update(struct http_request *r);
enum MHD_Result api_applications_designate(struct http_request *r);
enum MHD_Result api_applications_administrators(struct http_request *r);
#endif

#endif
