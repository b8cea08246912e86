/* meeting.c: the meeting rules that are not a tally: SZ-MTG-CALL's quarter, the committee's
 * size, which rule decides an item, who votes on it and in which group. Integer only. */
#include "rules_meeting.h"

#include <string.h>

#include "jsonf.h"

__extension__ typedef __int128 i128;

rules_err rules_meeting_call(const struct rule *r, int64_t requesting, int64_t total,
                             struct rules_condition *out)
{
    memset(out, 0, sizeof *out);
    if (r == NULL || !rules_param_frac(r, "more_than", &out->num, &out->den, NULL))
        return RULES_E_PARAM;
    out->of = rules_param_str(r, "of");
    if (requesting < 0 || total < 0 || requesting > total)
        return RULES_E_INVALID;
    out->yes = requesting;
    out->base = total;
    out->met = (i128)requesting * out->den > (i128)total * out->num;
    return RULES_OK;
}

bool rules_meeting_committee_fits(const struct rule *r, long long n)
{
    int64_t min = 0, max = 0;
    if (r == NULL || !rules_param_i64(r, "min", &min) || !rules_param_i64(r, "max", &max))
        return false;
    if (n < min || n > max)
        return false;
    return !json_is_true(rules_param(r, "odd")) || n % 2 == 1;
}

static const struct {
    const char *kind, *rule_id;
    bool by_groups;
} item_rules[] = {
    {"general", "SZ-MTG-RESOLUTION", false},
    {"exempt_property_list", "SZ-MTG-RESOLUTION", false},
    {"management_plan", "SZ-MTG-RESOLUTION", false},
    {"realization_plan", "SZ-MTG-RESOLUTION", false},
    {"distribution_plan", "SZ-MTG-RESOLUTION", false},
    {"administrator_replacement", "SZ-MTG-RESOLUTION", false},
    {"committee", "SZ-MTG-RESOLUTION", false},
    {"reorganization_plan", "SZ-REO-PASS", true},
    {"settlement", "SZ-SET-VOTE", true},
};

const char *rules_meeting_item_rule(const char *kind, bool *by_groups)
{
    for (size_t i = 0; kind && i < sizeof item_rules / sizeof item_rules[0]; i++)
        if (strcmp(item_rules[i].kind, kind) == 0) {
            if (by_groups)
                *by_groups = item_rules[i].by_groups;
            return item_rules[i].rule_id;
        }
    return NULL;
}

bool rules_meeting_secured_excluded(const struct rule *no_dist_vote, const char *kind)
{
    return kind && jf_listed(rules_param(no_dist_vote, "excluded_from"), kind);
}

/* Whether name is a group or an optional subgroup of SZ-REO-GROUPS. */
static bool is_group(const struct rule *groups, const char *name)
{
    const char *key;
    const json_t *sub;
    if (jf_listed(rules_param(groups, "groups"), name))
        return true;
    json_object_foreach((json_t *)rules_param(groups, "optional_subgroups"), key, sub)
    {
        if (jf_listed(sub, name))
            return true;
    }
    return false;
}

/* Whether sub is an optional subgroup of group. */
static bool is_subgroup_of(const struct rule *groups, const char *group, const char *sub)
{
    return jf_listed(json_object_get(rules_param(groups, "optional_subgroups"), group), sub);
}

const char *rules_meeting_plan_group(const struct rule *groups, const char *klass, bool secured,
                                     int64_t amount, int64_t small_claims_max_fen)
{
    if (groups == NULL)
        return NULL;
    if (secured && is_group(groups, "secured"))
        return "secured";
    const char *mapped =
        klass ? json_string_value(json_object_get(rules_param(groups, "class_groups"), klass))
              : NULL;
    const char *g = mapped ? mapped : klass;
    if (g == NULL || !is_group(groups, g))
        return NULL;
    if (small_claims_max_fen > 0 && amount <= small_claims_max_fen &&
        is_subgroup_of(groups, g, "small_claims"))
        return "small_claims";
    return g;
}
