/* vote.c: owns vote tallies: heads and amounts for, the thresholds of the rule, each
 * condition met or not, per group and for the whole plan or settlement. Integer only. */
#include "rules_vote.h"

#include <string.h>

__extension__ typedef __int128 i128;

#define GENERAL "general"

static const char *group_of(const struct rules_voter *v)
{
    return v->group ? v->group : GENERAL;
}

static bool in_group(const struct rules_voter *v, const char *group)
{
    return !group || strcmp(group_of(v), group) == 0;
}

static bool fits(i128 x)
{
    return x >= 0 && x <= (i128)INT64_MAX;
}

/* Sums the body; RULES_E_INVALID on a negative amount, RULES_E_OVERFLOW past int64. */
static rules_err count(const struct rules_voter *v, size_t n, const char *group,
                       struct rules_tally *t)
{
    i128 elig = 0, unsec = 0, pres = 0, yes = 0, no = 0;
    for (size_t i = 0; i < n; i++) {
        if (!in_group(&v[i], group))
            continue;
        if (v[i].amount < 0)
            return RULES_E_INVALID;
        t->eligible_heads++;
        elig += v[i].amount;
        unsec += v[i].secured ? 0 : v[i].amount;
        if (!v[i].present)
            continue;
        t->present_heads++;
        pres += v[i].amount;
        if (v[i].ballot == RULES_BALLOT_FOR) {
            t->for_heads++;
            yes += v[i].amount;
        } else if (v[i].ballot == RULES_BALLOT_AGAINST) {
            t->against_heads++;
            no += v[i].amount;
        }
    }
    if (!fits(elig))
        return RULES_E_OVERFLOW;
    t->eligible_amount = (int64_t)elig;
    t->unsecured_amount = (int64_t)unsec;
    t->present_amount = (int64_t)pres;
    t->for_amount = (int64_t)yes;
    t->against_amount = (int64_t)no;
    return RULES_OK;
}

static int64_t for_unsecured(const struct rules_voter *v, size_t n, const char *group)
{
    int64_t s = 0; /* <= unsecured_amount, which fits */
    for (size_t i = 0; i < n; i++)
        if (in_group(&v[i], group) && v[i].present && v[i].ballot == RULES_BALLOT_FOR &&
            !v[i].secured)
            s += v[i].amount;
    return s;
}

static void decide(struct rules_condition *c)
{
    c->met = (i128)c->yes * c->den > (i128)c->base * c->num;
}

static rules_err fail(struct rules_tally *t, rules_err e)
{
    t->passed = false;
    return t->err = e;
}

rules_err rules_vote_tally(const struct rule *r, const struct rules_voter *v, size_t n,
                           const char *group, struct rules_tally *out)
{
    const char *hof = NULL, *aof = NULL;
    rules_err e;
    memset(out, 0, sizeof *out);
    out->group = group ? group : GENERAL;
    if (!r)
        return fail(out, RULES_E_PARAM);
    out->rule_id = r->id;
    out->citation = r->citation;
    if (!rules_param_frac(r, "heads", &out->heads.num, &out->heads.den, &hof) || !hof ||
        !rules_param_frac(r, "amount", &out->amount.num, &out->amount.den, &aof) || !aof)
        return fail(out, RULES_E_PARAM);
    if (n && !v)
        return fail(out, RULES_E_INVALID);
    if ((e = count(v, n, group, out)) != RULES_OK)
        return fail(out, e);
    out->heads.of = hof;
    out->heads.yes = out->for_heads;
    out->heads.base = strcmp(hof, "eligible") == 0 ? out->eligible_heads : out->present_heads;
    out->amount.of = aof;
    if (strcmp(aof, "unsecured") == 0) {
        out->amount.yes = for_unsecured(v, n, group);
        out->amount.base = out->unsecured_amount;
    } else {
        out->amount.yes = out->for_amount;
        out->amount.base = strcmp(aof, "present") == 0 ? out->present_amount : out->eligible_amount;
    }
    decide(&out->heads);
    decide(&out->amount);
    out->passed = out->heads.met && out->amount.met;
    return out->err = RULES_OK;
}

static bool allowed_group(const char *g, const char *const *allowed)
{
    if (!allowed)
        return true;
    for (; *allowed; allowed++)
        if (strcmp(*allowed, g) == 0)
            return true;
    return false;
}

static rules_err whole_fail(struct rules_group_vote *out, rules_err e)
{
    out->passed = false;
    return out->err = e;
}

rules_err rules_vote_groups(const struct rule *whole_rule, const struct rule *group_rule,
                            const char *const *allowed, const struct rules_voter *v, size_t n,
                            struct rules_group_vote *out)
{
    memset(out, 0, sizeof *out);
    if (!whole_rule)
        whole_rule = group_rule;
    if (!group_rule)
        return whole_fail(out, RULES_E_PARAM);
    out->rule_id = whole_rule->id;
    out->citation = whole_rule->citation;
    out->group_rule_id = group_rule->id;
    out->group_citation = group_rule->citation;
    if (n && !v)
        return whole_fail(out, RULES_E_INVALID);
    for (size_t i = 0; i < n; i++) {
        const char *g = group_of(&v[i]);
        size_t k = 0;
        while (k < out->ngroups && strcmp(out->groups[k].group, g) != 0)
            k++;
        if (k < out->ngroups)
            continue;
        if (!allowed_group(g, allowed))
            return whole_fail(out, RULES_E_INVALID);
        if (out->ngroups == RULES_VOTE_MAX_GROUPS)
            return whole_fail(out, RULES_E_LIMIT);
        rules_err e = rules_vote_tally(group_rule, v, n, g, &out->groups[out->ngroups++]);
        if (e != RULES_OK)
            return whole_fail(out, e);
        out->groups_passed += out->groups[k].passed;
    }
    out->passed = out->ngroups > 0 && out->groups_passed == out->ngroups;
    return out->err = RULES_OK;
}

rules_err rules_vote_resolution(const rules_catalogue *c, const char *profile,
                                const struct rules_voter *v, size_t n, struct rules_tally *out)
{
    return rules_vote_tally(rules_find(c, profile, "SZ-MTG-RESOLUTION"), v, n, NULL, out);
}

/* Names of the voting groups: grouping.groups plus every optional subgroup. */
static size_t plan_groups(const struct rule *g, const char **names, size_t cap)
{
    size_t k = 0, i;
    const json_t *e, *sub;
    const char *key;
    json_array_foreach(rules_param(g, "groups"), i, e) if (json_is_string(e) && k + 1 < cap)
        names[k++] = json_string_value(e);
    json_object_foreach((json_t *)rules_param(g, "optional_subgroups"), key, sub)
        json_array_foreach(sub, i, e) if (json_is_string(e) && k + 1 < cap) names[k++] =
            json_string_value(e);
    names[k] = NULL;
    return k;
}

rules_err rules_vote_plan(const rules_catalogue *c, const char *profile,
                          const struct rules_voter *v, size_t n, struct rules_group_vote *out)
{
    const struct rule *plan = rules_find(c, profile, "SZ-REO-PASS");
    const char *gid = rules_param_str(plan, "group_rule");
    const struct rule *grp = gid ? rules_find(c, profile, gid) : NULL;
    const struct rule *groups = rules_find(c, profile, "SZ-REO-GROUPS");
    const char *names[64];
    memset(out, 0, sizeof *out);
    if (!plan || !grp || !groups || plan_groups(groups, names, 64) == 0) {
        out->rule_id = plan ? plan->id : "SZ-REO-PASS";
        return whole_fail(out, RULES_E_PARAM);
    }
    return rules_vote_groups(plan, grp, names, v, n, out);
}

rules_err rules_vote_settlement(const rules_catalogue *c, const char *profile,
                                const struct rules_voter *v, size_t n, struct rules_group_vote *out)
{
    const struct rule *r = rules_find(c, profile, "SZ-SET-VOTE");
    const char *names[3] = {GENERAL, rules_param_str(r, "secured_group"), NULL};
    if (!r || !names[1]) {
        memset(out, 0, sizeof *out);
        out->rule_id = "SZ-SET-VOTE";
        return whole_fail(out, RULES_E_PARAM);
    }
    return rules_vote_groups(r, r, names, v, n, out);
}

static json_t *cond_json(const struct rules_condition *c)
{
    return json_pack("{s:s?,s:I,s:I,s:I,s:I,s:b}", "of", c->of, "num", (json_int_t)c->num, "den",
                     (json_int_t)c->den, "yes", (json_int_t)c->yes, "base", (json_int_t)c->base,
                     "met", c->met);
}

json_t *rules_tally_json(const struct rules_tally *t)
{
    json_t *o = json_pack("{s:s?,s:s?,s:s?,s:b}", "rule_id", t->rule_id, "citation", t->citation,
                          "group", t->group, "passed", t->passed);
    json_object_set_new(o, "error", t->err ? json_string(rules_err_str(t->err)) : json_null());
    json_object_set_new(o, "heads",
                        json_pack("{s:I,s:I,s:I,s:I}", "eligible", (json_int_t)t->eligible_heads,
                                  "present", (json_int_t)t->present_heads, "for",
                                  (json_int_t)t->for_heads, "against",
                                  (json_int_t)t->against_heads));
    json_object_set_new(
        o, "amounts_fen",
        json_pack("{s:I,s:I,s:I,s:I,s:I}", "eligible", (json_int_t)t->eligible_amount, "unsecured",
                  (json_int_t)t->unsecured_amount, "present", (json_int_t)t->present_amount, "for",
                  (json_int_t)t->for_amount, "against", (json_int_t)t->against_amount));
    json_object_set_new(
        o, "conditions",
        json_pack("{s:o,s:o}", "heads", cond_json(&t->heads), "amount", cond_json(&t->amount)));
    return o;
}

json_t *rules_group_vote_json(const struct rules_group_vote *g)
{
    json_t *groups = json_array();
    for (size_t i = 0; i < g->ngroups; i++)
        json_array_append_new(groups, rules_tally_json(&g->groups[i]));
    json_t *o =
        json_pack("{s:s?,s:s?,s:s?,s:s?,s:b,s:I,s:I,s:o}", "rule_id", g->rule_id, "citation",
                  g->citation, "group_rule_id", g->group_rule_id, "group_citation",
                  g->group_citation, "passed", g->passed, "groups_total", (json_int_t)g->ngroups,
                  "groups_passed", (json_int_t)g->groups_passed, "groups", groups);
    json_object_set_new(o, "error", g->err ? json_string(rules_err_str(g->err)) : json_null());
    return o;
}
