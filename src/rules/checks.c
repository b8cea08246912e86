/* checks.c: owns the yes/no checks of statutory limits on given facts and the discharge
 * date computations. Integer arithmetic only; each result names its rule. */
#include "jsonf.h"
#include "rules_checks.h"

#include <string.h>

__extension__ typedef __int128 i128;

static rules_err begin(const struct rule *r, struct rules_check *out)
{
    memset(out, 0, sizeof *out);
    out->index = -1;
    if (!r)
        return out->err = RULES_E_PARAM;
    out->rule_id = r->id;
    out->citation = r->citation;
    out->apply = r->apply;
    return RULES_OK;
}

static rules_err verdict(struct rules_check *out, bool ok, const char *reason)
{
    out->ok = ok;
    out->reason = ok ? NULL : reason;
    return out->err = RULES_OK;
}

static rules_err bad(struct rules_check *out, rules_err e)
{
    out->ok = false;
    return out->err = e;
}

rules_err rules_check_more_than(const struct rule *r, const char *param, int64_t value,
                                struct rules_check *out)
{
    if (begin(r, out) || !rules_param_i64(r, param, &out->limit))
        return bad(out, RULES_E_PARAM);
    out->value = value;
    return verdict(out, value > out->limit, "not_more_than");
}

rules_err rules_check_at_most(const struct rule *r, const char *param, int64_t value,
                              struct rules_check *out)
{
    if (begin(r, out) || !rules_param_i64(r, param, &out->limit))
        return bad(out, RULES_E_PARAM);
    out->value = value;
    return verdict(out, value <= out->limit, "above_limit");
}

rules_err rules_check_fraction(const struct rule *r, const char *param, int64_t part, int64_t whole,
                               struct rules_check *out)
{
    int64_t num, den;
    if (begin(r, out) || !rules_param_frac(r, param, &num, &den, NULL))
        return bad(out, RULES_E_PARAM);
    if (part < 0 || whole < 0 || part > whole)
        return bad(out, RULES_E_INVALID);
    out->value = part;
    out->limit = whole;
    return verdict(out, (i128)part * den > (i128)whole * num, "not_more_than_fraction");
}

rules_err rules_check_period_days(const struct rule *r, int64_t days, struct rules_check *out)
{
    int64_t lo, hi;
    bool has_lo, has_hi;
    if (begin(r, out))
        return out->err;
    has_lo = rules_param_i64(r, "min_days", &lo);
    has_hi = rules_param_i64(r, "max_days", &hi);
    if (!has_lo && !has_hi)
        return bad(out, RULES_E_PARAM);
    out->value = days;
    if (has_lo && days < lo) {
        out->limit = lo;
        return verdict(out, false, "below_minimum");
    }
    out->limit = has_hi ? hi : lo;
    return verdict(out, !has_hi || days <= hi, "above_maximum");
}

rules_err rules_check_creditor_min(const rules_catalogue *c, const char *profile,
                                   int64_t claims_fen, struct rules_check *out)
{
    return rules_check_more_than(rules_find(c, profile, "SZ-APP-CREDITOR-MIN"), "min_exclusive_fen",
                                 claims_fen, out);
}

rules_err rules_check_meeting_call(const rules_catalogue *c, const char *profile,
                                   int64_t requesting_fen, int64_t total_fen,
                                   struct rules_check *out)
{
    return rules_check_fraction(rules_find(c, profile, "SZ-MTG-CALL"), "more_than", requesting_fen,
                                total_fen, out);
}

rules_err rules_check_hardship(const rules_catalogue *c, const char *profile, int64_t paid_fen,
                               int64_t plan_debt_fen, struct rules_check *out)
{
    return rules_check_fraction(rules_find(c, profile, "SZ-REO-HARDSHIP"), "more_than", paid_fen,
                                plan_debt_fen, out);
}

rules_err rules_check_claim_period(const rules_catalogue *c, const char *profile, int64_t days,
                                   struct rules_check *out)
{
    return rules_check_period_days(rules_find(c, profile, "SZ-CLM-PERIOD"), days, out);
}

rules_err rules_check_committee(const rules_catalogue *c, const char *profile, int64_t members,
                                struct rules_check *out)
{
    const struct rule *r = rules_find(c, profile, "SZ-MTG-COMMITTEE");
    int64_t lo = 1, hi;
    if (begin(r, out) || !rules_param_i64(r, "max", &hi))
        return bad(out, RULES_E_PARAM);
    rules_param_i64(r, "min", &lo);
    out->value = members;
    out->limit = hi;
    if (members < lo) {
        out->limit = lo;
        return verdict(out, false, "below_minimum");
    }
    if (members > hi)
        return verdict(out, false, "above_maximum");
    return verdict(out, !json_is_true(rules_param(r, "odd")) || members % 2 == 1, "not_odd");
}

rules_err rules_check_exempt_cap(const rules_catalogue *c, const char *profile,
                                 const struct rules_exempt_item *items, size_t n,
                                 struct rules_check *out)
{
    const struct rule *r = rules_find(c, profile, "SZ-PROP-EXEMPT-CAP");
    const json_t *cats =
        rules_param(rules_find(c, profile, "SZ-PROP-EXEMPT-CATEGORIES"), "categories");
    i128 sum = 0;
    if (begin(r, out) || !rules_param_i64(r, "max_inclusive_fen", &out->limit) || !cats)
        return bad(out, RULES_E_PARAM);
    for (size_t i = 0; i < n; i++) {
        if (!jf_listed(cats, items[i].category) || items[i].value_fen < 0) {
            out->index = (int)i;
            return bad(out, RULES_E_INVALID);
        }
        if (!jf_listed(rules_param(r, "excluded_categories"), items[i].category))
            sum += items[i].value_fen;
    }
    if (sum > (i128)INT64_MAX)
        return bad(out, RULES_E_OVERFLOW);
    out->value = (int64_t)sum;
    return verdict(out, out->value <= out->limit, "above_limit");
}

rules_err rules_check_reo_term(const rules_catalogue *c, const char *profile, date_t start,
                               const date_t *payments, size_t n, struct rules_check *out)
{
    const struct rule *r = rules_find(c, profile, "SZ-REO-TERM");
    int64_t years, months;
    date_t prev = start;
    if (begin(r, out) || !rules_param_i64(r, "max_term_years", &years) ||
        !rules_param_i64(r, "max_interval_months", &months) || years > 1000 || months > 12000)
        return bad(out, RULES_E_PARAM);
    for (size_t i = 0; i < n; i++) {
        out->index = (int)i;
        if (payments[i] < prev)
            return bad(out, RULES_E_INVALID); /* unsorted or before start */
        out->value = payments[i];
        out->limit = date_add_months(prev, (int)months);
        if (payments[i] > out->limit)
            return verdict(out, false, "interval_exceeded");
        prev = payments[i];
    }
    out->index = n ? (int)n - 1 : -1;
    out->value = prev;
    out->limit = date_add_years(start, (int)years);
    if (prev > out->limit)
        return verdict(out, false, "term_exceeded");
    out->index = -1;
    return verdict(out, n > 0, "no_payments");
}

rules_err rules_check_reo_secured(const rules_catalogue *c, const char *profile,
                                  const struct rules_plan_claim *pc, size_t n,
                                  struct rules_check *out)
{
    if (begin(rules_find(c, profile, "SZ-REO-SECURED"), out))
        return out->err;
    for (size_t i = 0; i < n; i++) {
        if (pc[i].claim_fen < 0 || pc[i].plan_fen < 0)
            return bad(out, RULES_E_INVALID);
        if (pc[i].secured && !pc[i].waived && pc[i].plan_fen < pc[i].claim_fen) {
            out->index = (int)i;
            out->value = pc[i].plan_fen;
            out->limit = pc[i].claim_fen;
            return verdict(out, false, "not_paid_in_full");
        }
    }
    return verdict(out, true, NULL);
}

/* Recovery ratios p_i/c_i and p_j/c_j equal up to fen rounding. */
static bool same_ratio(const struct rules_plan_claim *a, const struct rules_plan_claim *b)
{
    i128 d = (i128)a->plan_fen * b->claim_fen - (i128)b->plan_fen * a->claim_fen;
    i128 m = a->claim_fen > b->claim_fen ? a->claim_fen : b->claim_fen;
    return (d < 0 ? -d : d) < m || m == 0;
}

rules_err rules_check_reo_fair(const rules_catalogue *c, const char *profile,
                               const struct rules_plan_claim *pc, size_t n, struct rules_check *out)
{
    if (begin(rules_find(c, profile, "SZ-REO-FAIR"), out))
        return out->err;
    for (size_t i = 0; i < n; i++) {
        if (pc[i].claim_fen < 0 || pc[i].plan_fen < 0 || pc[i].liquidation_fen < 0 || !pc[i].klass)
            return bad(out, RULES_E_INVALID);
        out->index = (int)i;
        if (!pc[i].waived && pc[i].plan_fen < pc[i].liquidation_fen) {
            out->value = pc[i].plan_fen;
            out->limit = pc[i].liquidation_fen;
            return verdict(out, false, "below_liquidation");
        }
        for (size_t j = 0; j < i; j++)
            if (!pc[i].waived && !pc[j].waived && strcmp(pc[i].klass, pc[j].klass) == 0 &&
                !same_ratio(&pc[i], &pc[j])) {
                out->value = pc[i].plan_fen;
                out->limit = (int64_t)j;
                return verdict(out, false, "unequal_in_class");
            }
    }
    out->index = -1;
    return verdict(out, true, NULL);
}

rules_err rules_check_reo_extension(const rules_catalogue *c, const char *profile,
                                    date_t original_end, date_t new_end, struct rules_check *out)
{
    const struct rule *r = rules_find(c, profile, "SZ-REO-EXTEND");
    int64_t y;
    if (begin(r, out) || !rules_param_i64(r, "max_extension_years", &y) || y > 1000)
        return bad(out, RULES_E_PARAM);
    out->value = new_end;
    out->limit = date_add_years(original_end, (int)y);
    return verdict(out, new_end <= out->limit, "extension_too_long");
}

rules_err rules_check_reapply(const rules_catalogue *c, const char *profile, date_t withdrawn,
                              date_t reapplied, bool justified, struct rules_check *out)
{
    const struct rule *r = rules_find(c, profile, "SZ-APP-WITHDRAW");
    int64_t y;
    if (begin(r, out) || !rules_param_i64(r, "reapply_bar_years", &y) || y > 1000)
        return bad(out, RULES_E_PARAM);
    out->value = reapplied;
    out->limit = date_add_years(withdrawn, (int)y);
    return verdict(out, justified || reapplied >= out->limit, "reapply_barred");
}

rules_err rules_check_summary(const rules_catalogue *c, const char *profile, int64_t property_fen,
                              struct rules_check *out)
{
    const struct rule *r = rules_find(c, profile, "PRC-SUM-WHEN");
    if (begin(r, out) || !rules_param_i64(r, "property_max_exclusive_fen", &out->limit))
        return bad(out, RULES_E_PARAM);
    out->value = property_fen;
    return verdict(out, property_fen < out->limit, "not_under_limit");
}

/* ---- discharge ------------------------------------------------------------------------ */

static rules_err dis_begin(const struct rule *r, date_t start, struct rules_discharge *out)
{
    memset(out, 0, sizeof *out);
    out->tier = -1;
    out->start = start;
    if (!r)
        return out->err = RULES_E_PARAM;
    out->rule_id = r->id;
    out->citation = r->citation;
    return RULES_OK;
}

rules_err rules_discharge_inspection(const rules_catalogue *c, const char *profile, date_t declared,
                                     int extension_months, struct rules_discharge *out)
{
    const struct rule *r = rules_find(c, profile, "SZ-DIS-INSPECTION");
    int64_t years, max_ext;
    if (dis_begin(r, declared, out) || !rules_param_i64(r, "years", &years) ||
        !rules_param_i64(r, "max_extension_years", &max_ext) || years > 1000 || max_ext > 1000)
        return out->err = RULES_E_PARAM;
    if (extension_months < 0 || extension_months > max_ext * 12)
        return out->err = RULES_E_INVALID;
    out->possible = true;
    out->years = (int)years;
    out->extension_months = extension_months;
    out->end = date_add_months(declared, (int)years * 12 + extension_months);
    return out->err = RULES_OK;
}

rules_err rules_discharge_tiers(const rules_catalogue *c, const char *profile, int64_t paid_fen,
                                int64_t total_fen, bool bankruptcy_crime, date_t concluded,
                                struct rules_discharge *out)
{
    const struct rule *r = rules_find(c, profile, "PRC-DIS-TIERS");
    const json_t *tiers = rules_param(r, "tiers"), *t;
    int64_t years;
    size_t i;
    if (dis_begin(r, concluded, out) || !json_is_array(tiers) ||
        !rules_param_i64(r, "otherwise_years", &years))
        return out->err = RULES_E_PARAM;
    if (total_fen <= 0 || paid_fen < 0 || paid_fen > total_fen)
        return out->err = RULES_E_INVALID;
    if (bankruptcy_crime)
        return out->err = RULES_OK; /* possible stays false */
    json_array_foreach(tiers, i, t)
    {
        json_int_t pct = json_integer_value(json_object_get(t, "above_percent"));
        if (!json_is_integer(json_object_get(t, "years")) || pct < 0 || pct > 100)
            return out->err = RULES_E_PARAM;
        if ((i128)paid_fen * 100 > (i128)pct * total_fen) {
            years = json_integer_value(json_object_get(t, "years"));
            out->tier = (int)i;
            break;
        }
    }
    if (years < 0 || years > 1000)
        return out->err = RULES_E_PARAM;
    out->possible = true;
    out->years = (int)years;
    out->end = date_add_years(concluded, (int)years);
    return out->err = RULES_OK;
}

static json_t *date_json(date_t d)
{
    char b[11];
    date_format(d, b);
    return json_string(b);
}

json_t *rules_check_json(const struct rules_check *c)
{
    json_t *o = json_pack("{s:s?,s:s?,s:s?,s:b,s:s?,s:I,s:I}", "rule_id", c->rule_id, "citation",
                          c->citation, "apply", c->apply, "ok", c->ok, "reason", c->reason, "value",
                          (json_int_t)c->value, "limit", (json_int_t)c->limit);
    json_object_set_new(o, "index", c->index >= 0 ? json_integer(c->index) : json_null());
    json_object_set_new(o, "error", c->err ? json_string(rules_err_str(c->err)) : json_null());
    return o;
}

json_t *rules_discharge_json(const struct rules_discharge *d)
{
    json_t *o = json_pack("{s:s?,s:s?,s:b,s:i,s:i,s:o}", "rule_id", d->rule_id, "citation",
                          d->citation, "possible", d->possible, "years", d->years,
                          "extension_months", d->extension_months, "start", date_json(d->start));
    json_object_set_new(o, "end",
                        d->possible && d->err == RULES_OK ? date_json(d->end) : json_null());
    json_object_set_new(o, "tier", d->tier >= 0 ? json_integer(d->tier) : json_null());
    json_object_set_new(o, "error", d->err ? json_string(rules_err_str(d->err)) : json_null());
    return o;
}
