/* rules_liquidation.h: the liquidation rules that are not the waterfall (rules_distribution.h
 * has that): the exempt-property cap with its excluded categories, the look-back windows over
 * the debtor's declared property changes, collateral realized by a secured creditor, the
 * share a claim missed in rounds made before it arrived, the inspection period's extension
 * and the tiered discharge of PRC-DIS-TIERS. Pure: catalogue rules in, integers out. */
#ifndef BANKRUPTCY_RULES_LIQUIDATION_H
#define BANKRUPTCY_RULES_LIQUIDATION_H

#include "date.h"
#include "rules.h"

/* SZ-PROP-EXEMPT-CAP over a list checked against SZ-PROP-EXEMPT-CATEGORIES. */
struct rules_exempt_item {
    const char *category;
    int64_t value; /* fen, >= 0 */
};
struct rules_exempt_check {
    int64_t counted;  /* the items counted against the cap */
    int64_t excluded; /* the items of the cap's excluded categories */
    int64_t cap;      /* max_inclusive_fen */
    bool within;      /* counted <= cap */
    long bad_index;   /* RULES_E_INVALID: the item of an unknown category, else -1 */
};
rules_err rules_liq_exempt_check(const struct rule *categories, const struct rule *cap,
                                 const struct rules_exempt_item *items, size_t n,
                                 struct rules_exempt_check *out);

/* A declared property change (SZ-DEBT-PROPERTY-CHANGES) against the look-back windows:
 * SZ-PROP-REVOKE-3Y and SZ-PROP-PREFERENCE-6M (their stand-ins in a profile: PRC-LOOKBACK),
 * each anchored where its rule's "before" says (application or acceptance). */
struct rules_change {
    const char *kind; /* one of SZ-DEBT-PROPERTY-CHANGES.items */
    date_t on;
    int64_t amount;        /* fen */
    bool paid_to_creditor; /* a payment to an individual creditor (the preference window) */
};
struct rules_lookback_hit {
    bool listed;         /* inside a window and, for a single spending, over the threshold */
    bool over_threshold; /* single_spending: amount > single_spending_min_exclusive_fen */
    bool in_revoke, in_preference;
    const char *revoke_rule, *preference_rule; /* the ids as the profile names them */
    date_t revoke_from, preference_from;       /* the windows' first days */
};
/* RULES_E_INVALID: an unknown kind, or a change after acceptance; RULES_E_PARAM: a rule
 * missing. */
rules_err rules_liq_lookback(const rules_catalogue *cat, const char *profile, date_t application,
                             date_t acceptance, const struct rules_change *c,
                             struct rules_lookback_hit *out);

/* SZ-LIQ-SECURED: collateral realized for `realized` pays its claim first; the surplus joins
 * the estate and the shortfall joins the rule's shortfall_class. */
struct rules_collateral {
    int64_t from_collateral, shortfall, surplus;
};
rules_err rules_liq_collateral(int64_t claim, int64_t realized, struct rules_collateral *out);

/* The share a claim of `amount` would have had in an earlier round whose tier had `claims`
 * and allocated `allocated`: floor(amount * allocated / claims) (0 for an empty tier). A
 * claim left out of that round (it arrived after it) is not paid it later. */
int64_t rules_liq_missed_share(int64_t amount, int64_t claims, int64_t allocated);

/* SZ-DIS-INSPECTION: whether `add` more months keep the extensions within the rule's
 * max_extension_years (max_months is filled). */
bool rules_liq_extension_fits(const struct rule *inspection, int64_t used_months, int64_t add,
                              int64_t *max_months);

/* PRC-DIS-TIERS: the years from conclusion to discharge for `paid` of `total` fen: the first
 * tier whose percentage paid is strictly above (paid * 100 > percent * total), else
 * otherwise_years. total 0 counts as all paid. *tier_percent is the tier's percentage, or -1
 * for otherwise_years. */
rules_err rules_liq_discharge_years(const struct rule *tiers, int64_t paid, int64_t total,
                                    int64_t *years, int64_t *tier_percent);

#endif
