/* api.h: one handler per route, one file per resource (src/api). */
#ifndef API_H
#define API_H
#include "http.h"
#include "db.h"
#include "jsonf.h"
#include "administrators.h"

/* health.c */
enum MHD_Result api_healthz(struct http_request *r);
enum MHD_Result api_readyz(struct http_request *r);
enum MHD_Result api_openapi(struct http_request *r);
/* debtors.c */
enum MHD_Result api_debtors_create(struct http_request *r);
enum MHD_Result api_debtors_list(struct http_request *r);
enum MHD_Result api_debtors_get(struct http_request *r);
enum MHD_Result api_debtors_update(struct http_request *r);
/* applications.c */
enum MHD_Result api_applications_file(struct http_request *r);
enum MHD_Result api_applications_list(struct http_request *r);
enum MHD_Result api_applications_get(struct http_request *r);
enum MHD_Result api_applications_materials(struct http_request *r);
enum MHD_Result api_applications_withdraw(struct http_request *r);
enum MHD_Result api_applications_decide(struct http_request *r);
/* rules.c */
enum MHD_Result api_rules_list(struct http_request *r);
enum MHD_Result api_rules_get(struct http_request *r);
enum MHD_Result api_rules_deadline(struct http_request *r);
enum MHD_Result api_rules_tally(struct http_request *r);
enum MHD_Result api_rules_distribution(struct http_request *r);
/* calendar.c */
enum MHD_Result api_calendar_get(struct http_request *r);
enum MHD_Result api_calendar_put(struct http_request *r);
struct rules_calendar;
/* Loads the court calendar from the database into cal (initialised by the caller). */
enum db_status api_calendar_load(struct rules_calendar *cal);
/* Frees the process's copy of the calendar (at shutdown). */
void api_calendar_forget(void);
/* acts.c */
enum MHD_Result api_acts_record(struct http_request *r);
enum MHD_Result api_acts_list(struct http_request *r);
enum MHD_Result api_acts_correct(struct http_request *r);
/* deadlines.c */
enum MHD_Result api_deadlines_for_case(struct http_request *r);
enum MHD_Result api_deadlines_list(struct http_request *r);
enum MHD_Result api_deadlines_waive(struct http_request *r);
/* restrictions.c */
enum MHD_Result api_restrictions_for_case(struct http_request *r);
enum MHD_Result api_restrictions_consent(struct http_request *r);
enum MHD_Result api_restrictions_lift(struct http_request *r);
enum MHD_Result api_restrictions_changes(struct http_request *r);
enum MHD_Result api_restrictions_check(struct http_request *r);
enum MHD_Result api_debtor_restriction_checks(struct http_request *r);
/* audit.c */
enum MHD_Result api_applications_audit(struct http_request *r);

/* common.c: shared by the handlers. */
void api_actor(const struct http_request *r, struct db_actor *who);
/* Replies for a database status other than DB_OK (404, 409, 503, 500). */
enum MHD_Result api_db_failure(struct http_request *r, enum db_status st, const char *what);
/* Validates the path parameter as a UUID; 404 when it is not one. */
enum http_step api_path_uuid(struct http_request *r, int index, const char **out);
/* A list reply {items, next_cursor} (items stolen): next_cursor is the last item's cursor
 * when the page is full, else null. */
json_t *api_page(json_t *items, int limit);
/* The latest migration the binary expects (set at start-up by main). */
void api_set_latest_migration(const char *name);
const char *api_latest_migration(void);

#endif
