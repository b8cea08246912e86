/* rules_distribution.h: the liquidation waterfall: secured claims from their collateral
 * (shortfall joins the ordinary class, surplus joins the estate), then expenses, common
 * debts and the statutory classes in catalogue order, pro rata within a tier with
 * largest-remainder rounding to the fen; shares of conditional and disputed claims are
 * computed and reserved, not paid. */
#ifndef BANKRUPTCY_RULES_DISTRIBUTION_H
#define BANKRUPTCY_RULES_DISTRIBUTION_H

#include "rules.h"

enum rules_claim_status {
    RULES_CLAIM_CONFIRMED = 0,
    RULES_CLAIM_CONDITIONAL, /* SZ-LIQ-RESERVE-CONDITIONAL: share reserved */
    RULES_CLAIM_DISPUTED     /* SZ-LIQ-LITIGATION: in litigation or arbitration, share reserved */
};

struct rules_claim {
    const char *id;     /* caller's key, borrowed */
    const char *klass;  /* a tier name ("expenses", "common_debts", "support", "employees",
                           "taxes", "ordinary" ... as the profile's rules list them) or "secured" */
    int64_t amount;     /* fen, >= 0 */
    int64_t collateral; /* "secured" only: realized value of the collateral, fen, >= 0 */
    enum rules_claim_status status;
};

struct rules_share {
    int64_t from_collateral; /* secured: paid from its own collateral */
    int64_t shortfall;       /* secured: amount - from_collateral, joins the shortfall tier */
    int64_t paid;            /* from the estate, paid */
    int64_t reserved;        /* from the estate, reserved (conditional / disputed) */
    int tier;                /* index into rules_distribution.tiers, -1 when no estate share */
    const char *rule_id;     /* rule governing this share */
};

#define RULES_DIST_MAX_TIERS 16
struct rules_tier {
    const char *name;
    const char *rule_id; /* SZ-LIQ-EXPENSES or SZ-LIQ-ORDER (their stand-ins per profile) */
    int64_t claims;      /* total claims in the tier, secured shortfalls included */
    int64_t allocated;   /* paid + reserved */
    bool full;           /* claims == allocated */
};

struct rules_distribution {
    rules_err err;
    const char *rule_id; /* on error: the rule at fault; else the order rule */
    const char *citation;
    int64_t estate;             /* input: the estate without collateral */
    int64_t collateral_surplus; /* collateral beyond its claim, added to the estate */
    int64_t available;          /* estate + collateral_surplus */
    int64_t distributed;        /* sum of paid + reserved == available - leftover */
    int64_t paid, reserved;
    int64_t leftover;        /* not needed by any claim (returned to the debtor) */
    int64_t from_collateral; /* sum paid to secured creditors from collateral */
    size_t ntiers;
    struct rules_tier tiers[RULES_DIST_MAX_TIERS];
};

/* Waterfall over explicit tiers (no catalogue): tiers in order; secured shortfalls join
 * shortfall_tier. shares has n entries. Errors: RULES_E_INVALID (negative amount, unknown
 * class, collateral on an unsecured claim), RULES_E_OVERFLOW, RULES_E_LIMIT (> 16 tiers). */
rules_err rules_distribute_tiers(const char *const *tiers, size_t ntiers,
                                 const char *shortfall_tier, int64_t estate,
                                 const struct rules_claim *claims, size_t n,
                                 struct rules_share *shares, struct rules_distribution *out);
/* Catalogue-driven (profile NULL = default): tiers = SZ-LIQ-EXPENSES.order then
 * SZ-LIQ-ORDER.classes, shortfall tier = SZ-LIQ-SECURED.shortfall_class; rule ids filled. */
rules_err rules_distribute(const rules_catalogue *c, const char *profile, int64_t estate,
                           const struct rules_claim *claims, size_t n, struct rules_share *shares,
                           struct rules_distribution *out);

/* New reference: totals, tiers, and one entry per claim (id, class, amounts, rule_id). */
json_t *rules_distribution_json(const struct rules_distribution *d,
                                const struct rules_claim *claims, const struct rules_share *shares,
                                size_t n);

#endif
