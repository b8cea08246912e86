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

/* Opens the case's deadline of rule_id (re-computed when it exists), counted from trigger
 * (the event date for "in advance" rules), from an act of trigger_kind (act id may be
 * NULL). A period needing a calendar year the court lacks is stored with no due date and
 * says so in its trace. */
enum db_status caselife_open_deadline(struct db_tx *tx, const rules_calendar *cal,
                                      const char *case_id, const char *profile,
                                      const char *rule_id, const char *trigger_kind,
                                      const char *trigger_act_id, date_t trigger);
/* Recomputes it after its trigger's date was corrected: its status and extensions stay. */
enum db_status caselife_recompute_deadline(struct db_tx *tx, const rules_calendar *cal,
                                           const char *case_id, const char *rule_id,
                                           const char *trigger_kind, const char *trigger_act_id,
                                           date_t trigger);
/* Marks the case's pending deadline of rule_id met by act_id on date on (no deadline: no-op). */
enum db_status caselife_meet_deadline(struct db_tx *tx, const char *case_id, const char *rule_id,
                                      const char *act_id, date_t on);
/* Records an act the service itself performs (filed, accepted, designated...) and applies
 * its deadlines from the act table (acts.c). detail may be NULL. */
enum db_status caselife_record_act(struct db_tx *tx, const struct db_actor *who,
                                   const rules_calendar *cal, const char *case_id,
                                   const char *profile, const char *kind, date_t on,
                                   const json_t *detail, bool creditor_petition);
/* Imposes the restrictions of SZ-RST-DECISION on acceptance, effective on accepted_on,
 * each with an "imposed" change in the feed. */
enum db_status caselife_impose_restrictions(struct db_tx *tx, const struct db_actor *who,
                                            const char *case_id, const char *profile,
                                            date_t accepted_on);
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
    unsigned roles;        /* bit (1 << role) for each role that records it; 0: the service */
    const char *status;    /* the application status the act belongs to */
    bool needs_event;      /* it schedules a hearing or meeting (event_date) */
    bool creditor_petition_only;
    const char *opens[4];  /* rule ids of the deadlines it opens */
    const char *meets[2];  /* rule ids of the deadlines it meets */
};
extern const struct act_kind caselife_acts[];
const struct act_kind *caselife_act(const char *kind);
/* Opens and meets the deadlines of an act already stored (id act_id). */
enum db_status caselife_apply_act(struct db_tx *tx, const rules_calendar *cal,
                                  const char *case_id, const char *profile,
                                  const struct act_kind *k, const char *act_id, date_t on,
                                  date_t event, bool creditor_petition);

#endif
