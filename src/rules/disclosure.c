/* disclosure.c: the debtor's procedures on its disclosed record: steps, takers, the
 * conditions of a restoration and of a stop, and the progress a party reads (001 sections
 * 2.3.1, 2.3.2 and 4.3: "application, review, public announcement, and ruling"). */
#include <string.h>

#include "rules_disclosure.h"

json_t *rules_disclosure_steps(const char *kind, const struct rule *restored)
{
    if (strcmp(kind, "correction") == 0 || strcmp(kind, "stop") == 0)
        return json_pack("[s, s]", "application", "review");
    if (strcmp(kind, "restoration") != 0 || restored == NULL)
        return NULL;
    const json_t *steps = rules_param(restored, "steps");
    if (!json_is_array(steps) || json_array_size(steps) == 0)
        return NULL;
    return json_deep_copy(steps);
}

const char *rules_disclosure_step_taker(const char *step)
{
    if (strcmp(step, "review") == 0 || strcmp(step, "announcement") == 0)
        return "department";
    if (strcmp(step, "ruling") == 0)
        return "court";
    return NULL;
}

bool rules_disclosure_step_may_refuse(const char *step)
{
    return strcmp(step, "review") == 0 || strcmp(step, "ruling") == 0;
}

static bool listed(const json_t *list, const char *s)
{
    size_t i;
    const json_t *v;
    json_array_foreach(list, i, v) if (json_is_string(v) &&
                                       strcmp(json_string_value(v), s) == 0) return true;
    return false;
}

bool rules_disclosure_restorable(const struct rule *restored, const char *inspection_due,
                                 const char *today, const char *phase, const char *executed_act,
                                 const char **ground)
{
    const json_t *after = restored ? rules_param(restored, "after") : NULL;
    *ground = "the inspection period has not ended and no plan or settlement was fully executed";
    if (!json_is_array(after))
        return false;
    /* dates as YYYY-MM-DD compare as text */
    if (inspection_due != NULL && strcmp(inspection_due, today) < 0 &&
        listed(after, "inspection_period_end")) {
        *ground = "inspection_period_end";
        return true;
    }
    if (phase == NULL || strcmp(phase, "ended") != 0 || executed_act == NULL)
        return false;
    if (strcmp(executed_act, "reorganization_plan_completed") == 0 &&
        listed(after, "plan_fully_executed")) {
        *ground = "plan_fully_executed";
        return true;
    }
    if (strcmp(executed_act, "settlement_executed") == 0 &&
        listed(after, "settlement_fully_executed")) {
        *ground = "settlement_fully_executed";
        return true;
    }
    return false;
}

bool rules_disclosure_stop_met(const struct rule *stop, const json_t *facts, const char **missing)
{
    const json_t *requires = stop ? rules_param(stop, "requires") : NULL;
    *missing = "the rule's requirements";
    if (!json_is_array(requires))
        return false;
    size_t i;
    const json_t *v;
    json_array_foreach(requires, i, v)
    {
        const char *fact = json_string_value(v);
        if (fact == NULL || !json_is_true(json_object_get(facts, fact))) {
            *missing = fact ? fact : "the rule's requirements";
            return false;
        }
    }
    return true;
}

static const char *waiting_for(const char *step)
{
    if (strcmp(step, "review") == 0)
        return "the department's review";
    if (strcmp(step, "announcement") == 0)
        return "the department's public announcement";
    if (strcmp(step, "ruling") == 0)
        return "the court's ruling";
    return "the application";
}

void rules_disclosure_progress(const json_t *steps, struct rules_disclosure_progress *out)
{
    memset(out, 0, sizeof *out);
    size_t n = json_array_size(steps);
    for (size_t i = 0; i < n; i++) {
        const json_t *s = json_array_get(steps, i);
        const char *state = json_string_value(json_object_get(s, "state"));
        if (state == NULL || strcmp(state, "current") != 0)
            continue;
        out->current = json_string_value(json_object_get(s, "step"));
        if (out->current == NULL)
            return;
        out->waiting_for = waiting_for(out->current);
        if (i + 1 < n)
            out->next = json_string_value(json_object_get(json_array_get(steps, i + 1), "step"));
        return;
    }
}
