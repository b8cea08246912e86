/* rules_disclosure.h: the debtor's procedures on its disclosed record (001 sections 2.3.1,
 * 2.3.2, 4.3): a correction (SZ-INF-CORRECT), a stop of the dishonest-conduct information
 * (SZ-INF-STOP) and a restoration (SZ-INF-RESTORED): their steps, who takes each, when a
 * restoration may be applied for, and the progress a party reads. Pure: no I/O. */
#ifndef BANKRUPTCY_RULES_DISCLOSURE_H
#define BANKRUPTCY_RULES_DISCLOSURE_H

#include <jansson.h>
#include <stdbool.h>

#include "rules.h"

/* The steps of a procedure kind ("correction", "stop", "restoration"), a new array of
 * strings: a restoration's are SZ-INF-RESTORED's `steps`; a correction and a stop are an
 * application and the department's review. NULL for an unknown kind or a rule without
 * steps. */
json_t *rules_disclosure_steps(const char *kind, const struct rule *restored);

/* The role that takes a step ("department" for a review and an announcement, "court" for
 * the ruling), NULL for the application (the party's own) or an unknown step. */
const char *rules_disclosure_step_taker(const char *step);

/* Whether a step may end in a refusal (a review, a ruling; an announcement is only made). */
bool rules_disclosure_step_may_refuse(const char *step);

/* Whether SZ-INF-RESTORED allows the application today: the inspection period has ended
 * (inspection_due, "YYYY-MM-DD" or NULL, before today), or the case ended after its plan or
 * settlement was fully executed (phase "ended" and the act executed_act, NULL when none, is
 * reorganization_plan_completed or settlement_executed). *ground names the condition met
 * (one of the rule's `after`), or what is missing when false. */
bool rules_disclosure_restorable(const struct rule *restored, const char *inspection_due,
                                 const char *today, const char *phase, const char *executed_act,
                                 const char **ground);

/* Whether every fact SZ-INF-STOP requires (its `requires`) is among the facts given (a
 * JSON object of booleans); *missing names the first missing one. */
bool rules_disclosure_stop_met(const struct rule *stop, const json_t *facts, const char **missing);

/* The progress of a procedure: for steps [{step, state, on, ...}] with states done,
 * current, pending, refused: the current step, what it is waiting for and the step after
 * it (NULLs once decided). Strings are static or borrowed from steps. */
struct rules_disclosure_progress {
    const char *current; /* the step waiting, NULL once decided */
    const char *waiting_for;
    const char *next; /* the step after the current one, NULL when it is the last */
};
void rules_disclosure_progress(const json_t *steps, struct rules_disclosure_progress *out);

#endif
