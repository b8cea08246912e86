/* liquidation.c: the exempt cap, the look-back windows, collateral, missed shares, the
 * inspection's extension and the tiered discharge (rules_liquidation.h). Integer fen only. */
#include "rules_liquidation.h"

#include <string.h>

#include "jsonf.h"
#include "rules_period.h"

__extension__ typedef __int128 i128;

rules_err rules_liq_exempt_check(const struct rule *categories, const struct rule *cap,
                                 const struct rules_exempt_item *items, size_t n,
                                 struct rules_exempt_check *out)
{
    memset(out, 0, sizeof *out);
    out->bad_index = -1;
    const json_t *known = rules_param(categories, "categories");
    const json_t *excluded = rules_param(cap, "excluded_categories");
    if (categories == NULL || cap == NULL || !json_is_array(known) ||
        !rules_param_i64(cap, "max_inclusive_fen", &out->cap))
        return RULES_E_PARAM;
    i128 counted = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        if (items[i].value < 0 || !jf_listed(known, items[i].category)) {
            out->bad_index = (long)i;
            return RULES_E_INVALID;
        }
        if (jf_listed(excluded, items[i].category))
            other += items[i].value;
        else
            counted += items[i].value;
    }
    if (counted > (i128)INT64_MAX || other > (i128)INT64_MAX)
        return RULES_E_OVERFLOW;
    out->counted = (int64_t)counted;
    out->excluded = (int64_t)other;
    out->within = out->counted <= out->cap;
    return RULES_OK;
}

/* The anchor of a look-back rule: the application's date or the acceptance's. */
static date_t anchor_of(const struct rule *r, date_t application, date_t acceptance)
{
    const char *before = rules_param_str(r, "before");
    return before && strcmp(before, "acceptance") == 0 ? acceptance : application;
}

rules_err rules_liq_lookback(const rules_catalogue *cat, const char *profile, date_t application,
                             date_t acceptance, const struct rules_change *c,
                             struct rules_lookback_hit *out)
{
    memset(out, 0, sizeof *out);
    const struct rule *changes = rules_find(cat, profile, "SZ-DEBT-PROPERTY-CHANGES");
    const struct rule *revoke = rules_find(cat, profile, "SZ-PROP-REVOKE-3Y");
    const struct rule *pref = rules_find(cat, profile, "SZ-PROP-PREFERENCE-6M");
    int64_t threshold = 0;
    if (!changes || !revoke || !pref ||
        !rules_param_i64(changes, "single_spending_min_exclusive_fen", &threshold))
        return RULES_E_PARAM;
    if (!jf_listed(rules_param(changes, "items"), c->kind) || c->on > acceptance || c->amount < 0)
        return RULES_E_INVALID;
    out->revoke_rule = revoke->id;
    out->preference_rule = pref->id;
    rules_err e = rules_lookback_contains(revoke, anchor_of(revoke, application, acceptance), c->on,
                                          &out->in_revoke, &out->revoke_from);
    if (e == RULES_OK)
        e = rules_lookback_contains(pref, anchor_of(pref, application, acceptance), c->on,
                                    &out->in_preference, &out->preference_from);
    if (e != RULES_OK)
        return e;
    if (!c->paid_to_creditor)
        out->in_preference = false;
    bool spending = strcmp(c->kind, "single_spending") == 0;
    out->over_threshold = spending && c->amount > threshold;
    out->listed = (out->in_revoke || out->in_preference) && (!spending || out->over_threshold);
    return RULES_OK;
}

rules_err rules_liq_collateral(int64_t claim, int64_t realized, struct rules_collateral *out)
{
    memset(out, 0, sizeof *out);
    if (claim < 0 || realized < 0)
        return RULES_E_INVALID;
    out->from_collateral = claim < realized ? claim : realized;
    out->shortfall = claim - out->from_collateral;
    out->surplus = realized - out->from_collateral;
    return RULES_OK;
}

int64_t rules_liq_missed_share(int64_t amount, int64_t claims, int64_t allocated)
{
    if (amount <= 0 || claims <= 0 || allocated <= 0)
        return 0;
    return (int64_t)((i128)amount * allocated / claims);
}

bool rules_liq_extension_fits(const struct rule *inspection, int64_t used_months, int64_t add,
                              int64_t *max_months)
{
    int64_t years = 0;
    *max_months = 0;
    if (inspection == NULL || !rules_param_i64(inspection, "max_extension_years", &years))
        return false;
    *max_months = years * 12;
    return add > 0 && used_months >= 0 && used_months + add <= *max_months;
}

rules_err rules_liq_discharge_years(const struct rule *tiers, int64_t paid, int64_t total,
                                    int64_t *years, int64_t *tier_percent)
{
    *years = 0;
    *tier_percent = -1;
    const json_t *list = rules_param(tiers, "tiers");
    if (tiers == NULL || !json_is_array(list) || !rules_param_i64(tiers, "otherwise_years", years))
        return RULES_E_PARAM;
    if (paid < 0 || total < 0 || paid > total)
        return RULES_E_INVALID;
    size_t i;
    const json_t *t;
    json_array_foreach(list, i, t)
    {
        json_int_t pct = json_integer_value(json_object_get(t, "above_percent"));
        json_int_t y = json_integer_value(json_object_get(t, "years"));
        if (total == 0 || (i128)paid * 100 > (i128)pct * total) {
            *years = y;
            *tier_percent = pct;
            return RULES_OK;
        }
    }
    return RULES_OK;
}
