/* plans.h: shared by the plan handlers (src/api/plans.c, plan_execution.c) and the meetings
 * code that closes a plan's vote (ballots.c). */
#ifndef PLANS_H
#define PLANS_H
#include "api.h"
#include "rules_period.h"
#include "rules_plan.h"

/* A plan's content weighed against the case's claims: the creditors with what the plan pays
 * each, and each payment split per creditor (rules_plan_derive). */
struct plan_weighed {
    json_t *claims; /* the rows the creditors borrow from */
    struct rules_plan_creditor *cred;
    size_t ncred;
    struct rules_plan_payment *pay;
    size_t npay;
    struct rules_plan_share *shares;
    size_t nshares;
    rules_err err;
};
/* plan: its case and the waivers its creditors recorded. */
enum db_status plans_weigh(struct db_tx *tx, const json_t *plan, const json_t *content,
                           struct plan_weighed *w);
void plans_weighed_free(struct plan_weighed *w);
/* The plan check: {plan_id, version, profile, passes, checks: [{rule, citation, met, why,
 * ...}], creditors: [...]}; on is the date PRC-REO-PERIOD is judged on. */
json_t *plans_check_json(const json_t *plan, long long version, const char *profile,
                         const struct plan_weighed *w, const json_t *content, date_t on);
/* The plan locked through the actor's case membership ({plan, profile, phase, ...}); the
 * case's profile goes into c->no. */
enum db_status plans_locked(struct db_tx *tx, struct api_call *c, json_t **facts);
/* Opens a deadline of the case from a period rule (sub: a sub-rule key or NULL) counted from
 * trigger; *due (may be NULL) its due date. */
enum db_status plans_deadline(struct db_tx *tx, const rules_calendar *cal, const char *case_id,
                              const struct rule *rule, const char *sub, date_t trigger,
                              const char *trigger_kind, date_t *due);
/* The meeting's item on a plan closed (ballots.c): the plan records the vote and, for a
 * reorganization, the approval application's period opens. No plan: nothing happens. */
enum db_status plans_vote_closed(struct db_tx *tx, const struct db_actor *who,
                                 const rules_calendar *cal, const char *item_id, bool passed);
/* An act of the case recorded (acts.c): reorganization_plan_completed and settlement_executed
 * end the plan being executed (completed) and move the case's phase to ended; a settlement
 * executed when none is being executed is refused (409, SZ-SET-END). */
enum db_status plans_act_recorded(struct db_tx *tx, struct api_call *c, const char *case_id,
                                  const char *kind, const char *act_id);
/* Moves the case's phase or refuses naming rule_id (409). */
enum db_status plans_phase(struct db_tx *tx, struct api_call *c, const char *case_id,
                           const char *from, const char *to, const char *rule_id,
                           const char *act_id);
const char *plans_profile(const struct api_call *c);
/* A before hook and a cleanup for handlers whose c->arg begins with a rules_calendar. */
enum http_step plans_calendar_load(struct api_call *c);
void plans_calendar_free(struct api_call *c);

/* plan_execution.c */
enum MHD_Result api_plans_schedule(struct http_request *r);
enum MHD_Result api_plans_report_payment(struct http_request *r);
enum MHD_Result api_plans_confirm_payment(struct http_request *r);
enum MHD_Result api_plans_execution_report(struct http_request *r);
enum MHD_Result api_plans_extend(struct http_request *r);
enum MHD_Result api_plans_forgive(struct http_request *r);
enum MHD_Result api_plans_terminate(struct http_request *r);
/* plans.c */
enum MHD_Result api_plans_create(struct http_request *r);
enum MHD_Result api_plans_for_case(struct http_request *r);
enum MHD_Result api_plans_get(struct http_request *r);
enum MHD_Result api_plans_revise(struct http_request *r);
enum MHD_Result api_plans_check(struct http_request *r);
enum MHD_Result api_plans_put_to_vote(struct http_request *r);
enum MHD_Result api_plans_apply(struct http_request *r);
enum MHD_Result api_plans_rule(struct http_request *r);
enum MHD_Result api_plans_waive(struct http_request *r);

#endif
