/* plan.c: owns the statutory tests of a reorganization plan and of its execution: the
 * schedule per creditor, SZ-REO-TERM, SZ-REO-SECURED, SZ-REO-FAIR, PRC-REO-PERIOD,
 * SZ-REO-EXTEND, SZ-REO-HARDSHIP and SZ-REO-DEFAULT's effects. Integer arithmetic only
 * (128-bit products); every bound is read from the rule. */
#include "rules_plan.h"

#include "rules_checks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef __int128 i128;

#define SECURED "secured"

/* {rule, citation, met, why} for r; why is formatted by the caller. */
static json_t *result(const struct rule *r, const char *fallback_id, bool met, const char *why)
{
    return json_pack("{s:s, s:s?, s:b, s:s}", "rule", r ? r->id : fallback_id, "citation",
                     r ? r->citation : NULL, "met", met, "why", why);
}

static json_t *missing_param(const struct rule *r, const char *id)
{
    return result(r, id, false, "the rule catalogue lacks this rule's parameters");
}

static void day(date_t d, char out[11])
{
    date_format(d, out);
}

/* ---- the schedule per creditor ---- */

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* One class payment split by largest remainder; ties to the creditor given first. */
static rules_err split(const struct rules_plan_payment *p, size_t pi,
                       struct rules_plan_creditor *cred, size_t ncred,
                       struct rules_plan_share *shares, size_t *nshares)
{
    i128 total = 0;
    for (size_t i = 0; i < ncred; i++)
        if (same(cred[i].klass, p->klass))
            total += cred[i].claim;
    if (total <= 0 || p->amount <= 0)
        return RULES_E_INVALID;
    int64_t given = 0;
    size_t first = *nshares;
    for (size_t i = 0; i < ncred; i++) {
        if (!same(cred[i].klass, p->klass))
            continue;
        int64_t part = (int64_t)((i128)p->amount * cred[i].claim / total);
        shares[(*nshares)++] = (struct rules_plan_share){pi, i, part};
        given += part;
    }
    /* the fen left over go one each to the largest remainders */
    for (int64_t left = p->amount - given; left > 0; left--) {
        size_t best = first;
        i128 best_rem = -1;
        for (size_t s = first; s < *nshares; s++) {
            const struct rules_plan_creditor *c = &cred[shares[s].creditor];
            i128 rem = (i128)p->amount * c->claim - (i128)shares[s].amount * total;
            if (rem > best_rem) {
                best_rem = rem;
                best = s;
            }
        }
        shares[best].amount++;
    }
    return RULES_OK;
}

rules_err rules_plan_derive(const struct rules_plan_payment *pay, size_t npay,
                            struct rules_plan_creditor *cred, size_t ncred,
                            struct rules_plan_share *shares, size_t *nshares)
{
    *nshares = 0;
    for (size_t i = 0; i < ncred; i++) {
        if (cred[i].claim < 0)
            return RULES_E_INVALID;
        cred[i].planned = 0;
    }
    for (size_t p = 0; p < npay; p++) {
        rules_err e = split(&pay[p], p, cred, ncred, shares, nshares);
        if (e != RULES_OK)
            return e;
    }
    size_t kept = 0;
    for (size_t s = 0; s < *nshares; s++) {
        struct rules_plan_creditor *c = &cred[shares[s].creditor];
        if (__builtin_add_overflow(c->planned, shares[s].amount, &c->planned))
            return RULES_E_OVERFLOW;
        if (shares[s].amount > 0)
            shares[kept++] = shares[s];
    }
    *nshares = kept;
    return RULES_OK;
}

/* The verdict of a check of rules_checks.h as {rule, citation, met, why, reason}. */
static json_t *verdict_of(const struct rules_check *chk, const char *fallback_id, const char *why)
{
    bool met = chk->err == RULES_OK && chk->ok;
    json_t *o =
        json_pack("{s:s, s:s?, s:b, s:s}", "rule", chk->rule_id ? chk->rule_id : fallback_id,
                  "citation", chk->citation, "met", met, "why",
                  chk->err != RULES_OK ? "the facts cannot be weighed under this rule" : why);
    json_object_set_new(o, "reason", chk->reason ? json_string(chk->reason) : json_null());
    return o;
}

/* ---- SZ-REO-TERM ---- */

json_t *rules_plan_term(const rules_catalogue *c, const char *profile, date_t start, date_t end,
                        const date_t *dates, size_t n)
{
    struct rules_check chk;
    rules_check_reo_term(c, profile, start, dates, n, &chk);
    const struct rule *r = rules_find(c, profile, "SZ-REO-TERM");
    int64_t years = 0;
    rules_param_i64(r, "max_term_years", &years);
    date_t latest = date_add_years(start, (int)years);
    char why[400], s[11], v[11], l[11];
    day(start, s);
    day((date_t)chk.value, v);
    day((date_t)chk.limit, l);
    if (chk.err == RULES_OK && chk.ok && end > latest) {
        chk.ok = false;
        chk.reason = "term_exceeded";
        day(end, v);
        day(latest, l);
    }
    if (chk.reason && strcmp(chk.reason, "interval_exceeded") == 0)
        snprintf(why, sizeof why,
                 "the payment of %s comes later than the longest interval after the one before "
                 "it allows (%s)",
                 v, l);
    else if (chk.reason && strcmp(chk.reason, "term_exceeded") == 0)
        snprintf(why, sizeof why,
                 "the plan runs to %s: at most %lld years from its start %s, to %s", v,
                 (long long)years, s, l);
    else if (chk.reason)
        snprintf(why, sizeof why, "the plan has no dated payment");
    else
        snprintf(why, sizeof why,
                 "every payment within the longest interval of the one before and the last, "
                 "with the end, within %lld years of the start %s",
                 (long long)years, s);
    json_t *o = verdict_of(&chk, "SZ-REO-TERM", why);
    day(latest, l);
    json_object_set_new(o, "latest_end", json_string(l));
    return o;
}

/* ---- SZ-REO-SECURED, SZ-REO-FAIR ---- */

/* The creditors as rules_checks.h weighs them (the caller frees). */
static struct rules_plan_claim *as_claims(const struct rules_plan_creditor *cred, size_t n)
{
    struct rules_plan_claim *pc = calloc(n ? n : 1, sizeof *pc);
    for (size_t i = 0; pc && i < n; i++)
        pc[i] = (struct rules_plan_claim){cred[i].id,       cred[i].klass,
                                          cred[i].claim,    cred[i].planned,
                                          cred[i].estimate, same(cred[i].klass, SECURED),
                                          cred[i].waiver};
    return pc;
}

json_t *rules_plan_secured(const rules_catalogue *c, const char *profile,
                           const struct rules_plan_creditor *cred, size_t n,
                           const char *compensation)
{
    struct rules_plan_claim *pc = as_claims(cred, n);
    struct rules_check chk;
    memset(&chk, 0, sizeof chk);
    chk.err = RULES_E_INVALID;
    if (pc)
        rules_check_reo_secured(c, profile, pc, n, &chk);
    bool any = false;
    for (size_t i = 0; i < n; i++)
        any = any || same(cred[i].klass, SECURED);
    char why[400];
    if (chk.err == RULES_OK && !chk.ok)
        snprintf(why, sizeof why,
                 "the secured claim of %s is not paid in full (%lld of %lld fen) and it did not "
                 "waive",
                 cred[chk.index].id, (long long)chk.value, (long long)chk.limit);
    else if (any && compensation == NULL) {
        chk.ok = false;
        chk.reason = "no_delay_compensation";
        snprintf(why, sizeof why,
                 "the plan states no compensation for the delay of the secured claims' payment");
    } else
        snprintf(why, sizeof why,
                 any ? "every secured claim is paid in full (or waived), with the compensation "
                       "for delay stated; whether it is fair is for the court"
                     : "the plan has no secured claim");
    free(pc);
    json_t *o = verdict_of(&chk, "SZ-REO-SECURED", why);
    json_object_set_new(o, "delay_compensation",
                        compensation ? json_string(compensation) : json_null());
    return o;
}

/* Whether a's ratio planned/claim exceeds b's by more than a fen's rounding. */
static bool ratio_above(const struct rules_plan_creditor *a, const struct rules_plan_creditor *b)
{
    i128 lhs = (i128)a->planned * b->claim, rhs = (i128)b->planned * a->claim;
    int64_t slack = a->claim > b->claim ? a->claim : b->claim;
    return lhs - rhs >= slack;
}

static int class_rank(const json_t *order, const char *klass)
{
    size_t i;
    const json_t *e;
    json_array_foreach(order, i, e) if (same(json_string_value(e), klass)) return (int)i;
    return -1;
}

/* A creditor of a lower class recovering a higher ratio than one of a class above it. */
static bool order_broken(const json_t *classes, const struct rules_plan_creditor *cred, size_t n,
                         char *why, size_t cap)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int ri = class_rank(classes, cred[i].klass), rj = class_rank(classes, cred[j].klass);
            if (ri < 0 || rj < 0 || ri <= rj || cred[i].waiver || cred[j].waiver ||
                cred[i].claim == 0 || cred[j].claim == 0 || !ratio_above(&cred[i], &cred[j]))
                continue;
            snprintf(why, cap,
                     "the statutory order is not respected: %s (class %s) recovers a higher "
                     "share than %s (class %s, ranked before it)",
                     cred[i].id, cred[i].klass, cred[j].id, cred[j].klass);
            return true;
        }
    return false;
}

static json_t *comparison(const struct rules_plan_creditor *cred, size_t n)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        bool below = cred[i].has_estimate && cred[i].planned < cred[i].estimate;
        json_t *row = json_pack("{s:s, s:s, s:I, s:I, s:b, s:b}", "creditor", cred[i].id, "class",
                                cred[i].klass, "claim_fen", (json_int_t)cred[i].claim,
                                "planned_fen", (json_int_t)cred[i].planned, "waiver",
                                cred[i].waiver, "below_estimate", below);
        json_object_set_new(row, "estimate_fen",
                            cred[i].has_estimate ? json_integer(cred[i].estimate) : json_null());
        json_array_append_new(rows, row);
    }
    return rows;
}

json_t *rules_plan_fair(const rules_catalogue *c, const char *profile,
                        const struct rules_plan_creditor *cred, size_t n)
{
    const struct rule *order = rules_find(c, profile, "SZ-LIQ-ORDER");
    struct rules_plan_claim *pc = as_claims(cred, n);
    struct rules_check chk;
    memset(&chk, 0, sizeof chk);
    chk.err = RULES_E_INVALID;
    if (pc)
        rules_check_reo_fair(c, profile, pc, n, &chk);
    free(pc);
    char why[400] = "";
    for (size_t i = 0; chk.err == RULES_OK && chk.ok && i < n; i++)
        if (!cred[i].has_estimate && !cred[i].waiver) {
            chk.ok = false;
            chk.reason = "no_estimate";
            snprintf(why, sizeof why, "the plan gives no liquidation estimate for %s", cred[i].id);
        }
    if (chk.err == RULES_OK && !chk.ok && strcmp(chk.reason, "below_liquidation") == 0)
        snprintf(why, sizeof why,
                 "%s recovers %lld fen under the plan, less than its liquidation estimate of "
                 "%lld, and did not waive",
                 cred[chk.index].id, (long long)chk.value, (long long)chk.limit);
    else if (chk.err == RULES_OK && !chk.ok && strcmp(chk.reason, "unequal_in_class") == 0)
        snprintf(why, sizeof why,
                 "class %s is not treated alike: %s and %s recover different shares",
                 cred[chk.index].klass, cred[chk.index].id, cred[chk.limit].id);
    if (chk.err == RULES_OK && chk.ok && order &&
        order_broken(rules_param(order, "classes"), cred, n, why, sizeof why)) {
        chk.ok = false;
        chk.reason = "order_not_respected";
    }
    if (chk.err == RULES_OK && chk.ok)
        snprintf(why, sizeof why,
                 "each class is treated alike, the statutory order is respected and no creditor "
                 "recovers less than in liquidation (waivers excepted)");
    json_t *o = verdict_of(&chk, "SZ-REO-FAIR", why);
    json_object_set_new(o, "order_rule", order ? json_string(order->id) : json_null());
    json_object_set_new(o, "creditors", comparison(cred, n));
    return o;
}

/* ---- PRC-REO-PERIOD ---- */

json_t *rules_plan_period(const rules_catalogue *c, const char *profile, date_t start, date_t on)
{
    const struct rule *period = rules_find(c, profile, "PRC-REO-PERIOD");
    int64_t months;
    if (!period)
        return NULL;
    if (!rules_param_i64(period, "months", &months))
        return missing_param(period, "PRC-REO-PERIOD");
    date_t latest = date_add_months(start, (int)months);
    char s[11], l[11], o[11], why[300];
    day(start, s);
    day(latest, l);
    day(on, o);
    bool met = on <= latest;
    snprintf(why, sizeof why,
             "the reorganization began on %s: the plan is approved within %lld months, by %s "
             "(%s: %s)",
             s, (long long)months, l, o, met ? "within" : "past it");
    json_t *r = result(period, "PRC-REO-PERIOD", met, why);
    json_object_set_new(r, "latest", json_string(l));
    return r;
}

/* ---- SZ-REO-EXTEND, SZ-REO-HARDSHIP ---- */

json_t *rules_plan_extension(const rules_catalogue *c, const char *profile, date_t original_end,
                             date_t current_end, date_t new_end)
{
    struct rules_check chk;
    rules_check_reo_extension(c, profile, original_end, new_end, &chk);
    char o[11], l[11], n[11], why[300];
    day(original_end, o);
    day((date_t)chk.limit, l);
    day(new_end, n);
    if (chk.err == RULES_OK && chk.ok && new_end <= current_end) {
        chk.ok = false;
        chk.reason = "not_later";
    }
    snprintf(why, sizeof why,
             chk.ok ? "the execution period ends on %s instead: within the longest extension of "
                      "its end %s (by %s)"
                    : "the new end %s must come after the current end and no later than the "
                      "longest extension of the original end %s allows (%s)",
             n, o, l);
    json_t *r = verdict_of(&chk, "SZ-REO-EXTEND", why);
    json_object_set_new(r, "latest_end", json_string(l));
    return r;
}

json_t *rules_plan_hardship(const rules_catalogue *c, const char *profile, int64_t paid,
                            int64_t plan_debt)
{
    const struct rule *r = rules_find(c, profile, "SZ-REO-HARDSHIP");
    struct rules_check chk;
    rules_check_hardship(c, profile, paid, plan_debt, &chk);
    int64_t num = 0, den = 0;
    rules_param_frac(r, "more_than", &num, &den, NULL);
    char why[300];
    snprintf(why, sizeof why,
             "%lld of the plan debt's %lld fen are paid: %s than %lld/%lld (strictly more is "
             "required)",
             (long long)paid, (long long)plan_debt, chk.ok ? "more" : "not more", (long long)num,
             (long long)den);
    json_t *o = verdict_of(&chk, "SZ-REO-HARDSHIP", why);
    json_object_set_new(o, "paid_fen", json_integer(paid));
    json_object_set_new(o, "plan_debt_fen", json_integer(plan_debt));
    json_object_set_new(o, "more_than",
                        json_pack("{s:I, s:I}", "num", (json_int_t)num, "den", (json_int_t)den));
    return o;
}

/* ---- SZ-REO-DEFAULT ---- */

struct ranked {
    size_t i;
    const struct rules_plan_creditor *c;
    int64_t paid;
};

/* Lower ratio paid/claim first; equal ratios keep the order given. */
static int by_ratio(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    i128 l = (i128)x->paid * (y->c->claim ? y->c->claim : 1);
    i128 r = (i128)y->paid * (x->c->claim ? x->c->claim : 1);
    if (l != r)
        return l < r ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

json_t *rules_plan_default_effects(const rules_catalogue *cat, const char *profile,
                                   const struct rules_plan_creditor *cred, const int64_t *paid,
                                   size_t n)
{
    const struct rule *dflt = rules_find(cat, profile, "SZ-REO-DEFAULT");
    if (!dflt)
        return missing_param(dflt, "SZ-REO-DEFAULT");
    struct ranked *r = calloc(n ? n : 1, sizeof *r);
    if (r == NULL)
        return NULL;
    size_t top = 0;
    for (size_t i = 0; i < n; i++) {
        r[i] = (struct ranked){i, &cred[i], paid[i]};
        if ((i128)paid[i] * cred[top].claim > (i128)paid[top] * cred[i].claim && cred[i].claim)
            top = i;
    }
    qsort(r, n, sizeof *r, by_ratio);
    json_t *rows = json_array(), *order = json_array();
    for (size_t k = 0; k < n; k++) {
        const struct rules_plan_creditor *c = r[k].c;
        /* what brings it to the highest ratio paid: floor(claim * top_paid / top_claim) */
        int64_t target =
            cred[top].claim ? (int64_t)((i128)c->claim * paid[top] / cred[top].claim) : 0;
        int64_t catch_up = target > r[k].paid ? target - r[k].paid : 0;
        int64_t reverted = c->claim > r[k].paid ? c->claim - r[k].paid : 0;
        json_array_append_new(
            rows,
            json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:{s:I, s:I}, s:I}", "creditor", c->id,
                      "class", c->klass, "claim_fen", (json_int_t)c->claim, "planned_fen",
                      (json_int_t)c->planned, "paid_fen", (json_int_t)r[k].paid, "unpaid_plan_fen",
                      (json_int_t)(c->planned > r[k].paid ? c->planned - r[k].paid : 0),
                      "reverted_claim_fen", (json_int_t)reverted, "ratio", "num",
                      (json_int_t)r[k].paid, "den", (json_int_t)c->claim, "catch_up_fen",
                      (json_int_t)catch_up, "position", (json_int_t)(k + 1)));
        json_array_append_new(order, json_string(c->id));
    }
    free(r);
    char why[300];
    snprintf(why, sizeof why,
             "payments made stand; the unpaid part of each plan claim reverts to the full "
             "claim less what was paid; creditors already paid at the highest ratio wait until "
             "the others reach it, lowest ratio first");
    json_t *o = result(dflt, "SZ-REO-DEFAULT", true, why);
    json_object_set_new(o, "creditors", rows);
    json_object_set_new(o, "catch_up_order", order);
    return o;
}
