/* caselife.h: what the law sets in motion once an application is filed: the legal acts of
 * a case, the deadlines they open and meet (computed by the rules module from the court
 * calendar), and the restrictions on the debtor with their change feed. Called by the
 * handlers of applications, administrators, acts, deadlines and restrictions, inside their
 * transactions. The calendar is loaded before the transaction (api_calendar_load). */
#ifndef CASELIFE_H
#define CASELIFE_H
#include <jansson.h>

#include "date.h"
#include "db.h"
#include "rules_period.h"

/* Recomputes the case's deadline of rule_id (as the case's profile names it) after its
 * trigger's date was corrected (from on, or from event for an "in advance" rule): its
 * status and extensions stay. */
enum db_status caselife_recompute_deadline(struct db_tx *tx, const rules_calendar *cal,
                                           const char *case_id, const char *profile,
                                           const char *rule_id, date_t on, date_t event);
/* Records an act the service itself performs (filed, accepted, designated...) and applies
 * its deadlines from the act table (acts.c). detail may be NULL. */
enum db_status caselife_record_act(struct db_tx *tx, const struct db_actor *who,
                                   const rules_calendar *cal, const char *case_id,
                                   const char *profile, const char *kind, date_t on,
                                   const json_t *detail, bool creditor_petition);
/* The court entered calendar year `year` (cal is the calendar with it): every provisional
 * deadline is re-dated (history and audit when its date or provisional state changed), and
 * every announcement made on provisional bounds is checked again (a first meeting now
 * outside them is flagged on the case; the act stands). */
enum db_status caselife_calendar_entered(struct db_tx *tx, const struct db_actor *who,
                                         const rules_calendar *cal, int year);
/* SZ-CLM-PERIOD and SZ-MTG-FIRST for an announcement on `on` with the claim period of
 * `days` the court set: the claim period's end and the latest first meeting, provisional
 * when the calendar lacks a year they need. RULES_E_INVALID: days outside the bounds. */
rules_err caselife_meeting_bounds(const rules_calendar *cal, date_t on, int days,
                                  struct rules_deadline *end, struct rules_deadline *latest);
/* Sets claim_period_end, first_meeting_latest, provisional, missing_year and
 * provisional_dates (which of the two are provisional) in an announcement's detail. */
void caselife_bounds_detail(json_t *detail, const struct rules_deadline *end,
                            const struct rules_deadline *latest);
/* Whether the meeting on event falls after end and no later than latest; msg says so,
 * and that the bounds are provisional when they are. */
bool caselife_meeting_fits(const struct rules_deadline *end, const struct rules_deadline *latest,
                           date_t event, char *msg, size_t len);
/* The restrictions of SZ-RST-DECISION that acceptance imposes on the debtor and, in a
 * joint case, on the spouse ([{kind, rule_id, citation, detail}], the detail carrying the
 * catalogue's parameters), and the audit detail of their imposition on accepted_on. The
 * acceptance writes them (db_application_accept), each with an "imposed" change in the feed. */
enum db_status caselife_restrictions_imposed(const char *profile, date_t accepted_on,
                                             json_t **restrictions, json_t **audit_detail);
/* The rule a ground of SZ-RST-PERIOD lifts under (NULL: no such ground); *fits says
 * whether the ground belongs to the case's procedure. */
const char *caselife_lift_rule(const char *ground, const char *procedure, bool *fits);
/* Lifts every active restriction of the case under *rule_id (from caselife_lift_rule), each
 * with a "lifted" change in the feed. DB_NOT_FOUND when none is active. */
enum db_status caselife_lift_restrictions(struct db_tx *tx, const struct db_actor *who,
                                          const char *case_id, const char *ground,
                                          const char *reason, date_t on, const char **rule_id);

/* The table of acts (caselife.c). */
struct act_kind {
    const char *kind;
    unsigned roles;     /* POLICY_ROLE(role) for each role that records it; 0: the service
                         * (read through policy_may_record_act) */
    const char *status; /* the application status the act belongs to */
    bool needs_event;   /* it schedules a hearing or meeting (event_date) */
    bool creditor_petition_only;
    const char *opens[4]; /* rule ids of the deadlines it opens */
    const char *meets[2]; /* rule ids of the deadlines it meets */
};
extern const struct act_kind caselife_acts[];
const struct act_kind *caselife_act_kind(const char *kind);
/* The deadlines an act opens ([{rule_id, citation, trigger_date, due, trace}], in-advance
 * rules counted back from *event, NULL: from on) and meets ([rule_id]), computed from the
 * catalogue and the calendar; the caller owns *opens and *meets, also on failure. */
enum db_status caselife_act_deadlines(const rules_calendar *cal, const char *profile,
                                      const struct act_kind *k, date_t on, const date_t *event,
                                      bool creditor_petition, json_t **opens, json_t **meets);
/* Records an act with the deadlines it opens (in-advance rules counted back from *event)
 * and meets, in one statement; *act is the act as stored. */
enum db_status caselife_act(struct db_tx *tx, const struct db_actor *who, const rules_calendar *cal,
                            const char *case_id, const char *profile, const struct act_kind *k,
                            date_t on, const date_t *event, const json_t *detail,
                            bool creditor_petition, json_t **act);

#endif
