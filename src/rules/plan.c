/* plan.c: owns the statutory tests of a reorganization plan and of its execution: the
 * schedule per creditor, SZ-REO-TERM, SZ-REO-SECURED, SZ-REO-FAIR, PRC-REO-PERIOD,
 * SZ-REO-EXTEND, SZ-REO-HARDSHIP and SZ-REO-DEFAULT's effects. Integer arithmetic only
 * (128-bit products); every bound is read from the rule. */
#include "rules_plan.h"

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

/* ---- SZ-REO-TERM ---- */

json_t *rules_plan_term(const struct rule *term, date_t start, date_t end, const date_t *dates,
                        size_t n)
{
    int64_t years, months;
    if (!term || !rules_param_i64(term, "max_term_years", &years) ||
        !rules_param_i64(term, "max_interval_months", &months))
        return missing_param(term, "SZ-REO-TERM");
    date_t latest = date_add_years(start, (int)years);
    char why[400], s[11], l[11], a[11], b[11];
    day(start, s);
    day(latest, l);
    bool met = n > 0;
    if (n == 0)
        snprintf(why, sizeof why, "the plan has no dated payment");
    else if (end > latest || dates[n - 1] > latest) {
        met = false;
        day(end > dates[n - 1] ? end : dates[n - 1], a);
        snprintf(why, sizeof why,
                 "the plan runs to %s: at most %lld years from its start %s, that is to %s", a,
                 (long long)years, s, l);
    } else
        snprintf(why, sizeof why,
                 "the last payment and the end fall within %lld years of the start %s (by %s), "
                 "and no two payments are more than %lld months apart",
                 (long long)years, s, l, (long long)months);
    date_t prev = start;
    json_t *gaps = json_array();
    for (size_t i = 0; i < n; i++) {
        date_t bound = date_add_months(prev, (int)months);
        day(prev, a);
        day(dates[i], b);
        if (dates[i] < prev)
            met = false;
        if (dates[i] > bound && met) {
            met = false;
            day(bound, l);
            snprintf(why, sizeof why,
                     "the payment of %s comes more than %lld months after %s (at the latest %s)", b,
                     (long long)months, a, l);
        }
        day(bound, l);
        json_array_append_new(gaps, json_pack("{s:s, s:s, s:s, s:b}", "from", a, "to", b, "latest",
                                              l, "met", dates[i] <= bound));
        prev = dates[i];
    }
    json_t *o = result(term, "SZ-REO-TERM", met, why);
    day(latest, l);
    json_object_set_new(o, "latest_end", json_string(l));
    json_object_set_new(o, "intervals", gaps);
    return o;
}

/* ---- SZ-REO-SECURED ---- */

static json_t *money_pair(const char *k1, int64_t v1, const char *k2, int64_t v2)
{
    return json_pack("{s:I, s:I}", k1, (json_int_t)v1, k2, (json_int_t)v2);
}

json_t *rules_plan_secured(const struct rule *secured, const struct rules_plan_creditor *cred,
                           size_t n, const char *compensation)
{
    if (!secured)
        return missing_param(secured, "SZ-REO-SECURED");
    bool met = true, any = false;
    char why[400] = "";
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        if (!same(cred[i].klass, SECURED))
            continue;
        any = true;
        bool full = cred[i].planned >= cred[i].claim;
        json_t *row = money_pair("claim_fen", cred[i].claim, "planned_fen", cred[i].planned);
        json_object_set_new(row, "creditor", json_string(cred[i].id));
        json_object_set_new(row, "paid_in_full", json_boolean(full));
        json_object_set_new(row, "waiver", json_boolean(cred[i].waiver));
        json_array_append_new(rows, row);
        if (!full && !cred[i].waiver && met) {
            met = false;
            snprintf(why, sizeof why,
                     "the secured claim of %s is not paid in full (%lld of %lld fen) and it "
                     "did not waive",
                     cred[i].id, (long long)cred[i].planned, (long long)cred[i].claim);
        }
    }
    if (met && any && compensation == NULL) {
        met = false;
        snprintf(why, sizeof why,
                 "the plan states no compensation for the delay of the secured "
                 "claims' payment");
    }
    if (met)
        snprintf(why, sizeof why,
                 any ? "every secured claim is paid in full (or waived), with the compensation "
                       "for delay stated; whether it is fair is for the court"
                     : "the plan has no secured claim");
    json_t *o = result(secured, "SZ-REO-SECURED", met, why);
    json_object_set_new(o, "creditors", rows);
    json_object_set_new(o, "delay_compensation",
                        compensation ? json_string(compensation) : json_null());
    return o;
}

/* ---- SZ-REO-FAIR ---- */

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

/* The first pair of creditors of one class whose ratios differ beyond the fen, else -1. */
static bool unequal_in_class(const struct rules_plan_creditor *cred, size_t n, char *why,
                             size_t cap)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (i == j || cred[i].waiver || cred[j].waiver || !same(cred[i].klass, cred[j].klass) ||
                cred[i].claim == 0 || cred[j].claim == 0 || !ratio_above(&cred[i], &cred[j]))
                continue;
            snprintf(why, cap,
                     "class %s is not treated alike: %s recovers %lld of %lld fen, %s %lld of "
                     "%lld",
                     cred[i].klass, cred[i].id, (long long)cred[i].planned,
                     (long long)cred[i].claim, cred[j].id, (long long)cred[j].planned,
                     (long long)cred[j].claim);
            return true;
        }
    return false;
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

json_t *rules_plan_fair(const struct rule *fair, const struct rule *order,
                        const struct rules_plan_creditor *cred, size_t n)
{
    const json_t *classes = order ? rules_param(order, "classes") : NULL;
    if (!fair || !json_is_array(classes))
        return missing_param(fair, "SZ-REO-FAIR");
    char why[400] = "";
    bool met = true;
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
        if (met && !cred[i].has_estimate && !cred[i].waiver) {
            met = false;
            snprintf(why, sizeof why, "the plan gives no liquidation estimate for %s", cred[i].id);
        }
        if (met && below && !cred[i].waiver) {
            met = false;
            snprintf(why, sizeof why,
                     "%s recovers %lld fen under the plan, less than its liquidation estimate of "
                     "%lld, and did not waive",
                     cred[i].id, (long long)cred[i].planned, (long long)cred[i].estimate);
        }
    }
    if (met && unequal_in_class(cred, n, why, sizeof why))
        met = false;
    if (met && order_broken(classes, cred, n, why, sizeof why))
        met = false;
    if (met)
        snprintf(why, sizeof why,
                 "each class is treated alike, the statutory order is respected and no creditor "
                 "recovers less than in liquidation (waivers excepted)");
    json_t *o = result(fair, "SZ-REO-FAIR", met, why);
    json_object_set_new(o, "order_rule", json_string(order->id));
    json_object_set_new(o, "creditors", rows);
    return o;
}

/* ---- PRC-REO-PERIOD ---- */

json_t *rules_plan_period(const struct rule *period, date_t start, date_t on)
{
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
             "the reorganization began on %s: the plan is approved within %lld "
             "months, by %s (%s: %s)",
             s, (long long)months, l, o, met ? "within" : "past it");
    json_t *r = result(period, "PRC-REO-PERIOD", met, why);
    json_object_set_new(r, "latest", json_string(l));
    return r;
}

/* ---- SZ-REO-EXTEND, SZ-REO-HARDSHIP ---- */

json_t *rules_plan_extension(const struct rule *extend, date_t original_end, date_t current_end,
                             date_t new_end)
{
    int64_t years;
    if (!extend || !rules_param_i64(extend, "max_extension_years", &years))
        return missing_param(extend, "SZ-REO-EXTEND");
    date_t latest = date_add_years(original_end, (int)years);
    char o[11], l[11], n[11], why[300];
    day(original_end, o);
    day(latest, l);
    day(new_end, n);
    bool met = new_end > current_end && new_end <= latest;
    snprintf(why, sizeof why,
             met ? "the execution period ends on %s instead: within %lld years of its end %s "
                   "(by %s)"
                 : "the new end %s must come after the current end and within %lld years of "
                   "the original end %s (by %s)",
             n, (long long)years, o, l);
    json_t *r = result(extend, "SZ-REO-EXTEND", met, why);
    json_object_set_new(r, "latest_end", json_string(l));
    return r;
}

json_t *rules_plan_hardship(const struct rule *hardship, int64_t paid, int64_t plan_debt)
{
    int64_t num, den;
    if (!hardship || !rules_param_frac(hardship, "more_than", &num, &den, NULL) || den <= 0)
        return missing_param(hardship, "SZ-REO-HARDSHIP");
    bool met = plan_debt > 0 && (i128)paid * den > (i128)plan_debt * num;
    char why[300];
    snprintf(why, sizeof why,
             "%lld of the plan debt's %lld fen are paid: %s than %lld/%lld (strictly more is "
             "required)",
             (long long)paid, (long long)plan_debt, met ? "more" : "not more", (long long)num,
             (long long)den);
    json_t *r = result(hardship, "SZ-REO-HARDSHIP", met, why);
    json_object_set_new(r, "paid_fen", json_integer(paid));
    json_object_set_new(r, "plan_debt_fen", json_integer(plan_debt));
    json_object_set_new(r, "more_than",
                        json_pack("{s:I, s:I}", "num", (json_int_t)num, "den", (json_int_t)den));
    return r;
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

json_t *rules_plan_default_effects(const struct rule *dflt, const struct rules_plan_creditor *cred,
                                   const int64_t *paid, size_t n)
{
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
