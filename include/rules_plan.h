/* rules_plan.h: what the law says of a reorganization plan and a settlement agreement
 * beyond the vote (rules_vote.h): the plan's schedule derived per creditor, the plan check
 * (SZ-REO-TERM, SZ-REO-SECURED, SZ-REO-FAIR, PRC-REO-PERIOD), the extension (SZ-REO-EXTEND),
 * the forgiveness on hardship (SZ-REO-HARDSHIP) and the effects of an ended execution
 * (SZ-REO-DEFAULT). Pure: no I/O; integers only; every value from the rule's params. Each
 * check answers {rule, citation, met, why} plus its own figures, as JSON. */
#ifndef BANKRUPTCY_RULES_PLAN_H
#define BANKRUPTCY_RULES_PLAN_H

#include "date.h"
#include "rules.h"

/* One creditor of the plan: its claim in the case (fen) in its class ("secured" for a
 * secured claim), its liquidation estimate and whether it waived the fairness tests. */
struct rules_plan_creditor {
    const char *id;    /* the creditor's subject, borrowed */
    const char *klass; /* borrowed */
    int64_t claim;     /* fen, >= 0 */
    bool has_estimate;
    int64_t estimate; /* the liquidation estimate, fen */
    bool waiver;      /* waived SZ-REO-SECURED / SZ-REO-FAIR for itself */
    int64_t planned;  /* out (rules_plan_derive): what the plan pays it in all */
};

/* One dated payment of a class. */
struct rules_plan_payment {
    date_t date;
    const char *klass; /* borrowed */
    int64_t amount;    /* fen, > 0 */
};

/* One payment to one creditor, derived (rules_plan_derive). */
struct rules_plan_share {
    size_t payment;  /* index into the payments */
    size_t creditor; /* index into the creditors */
    int64_t amount;
};

/* Splits each class payment among the creditors of its class pro rata to their claims,
 * largest remainder to the fen (ties to the creditor given first): fills shares (room for
 * npay * ncred; *nshares entries, zero amounts left out) and each creditor's planned.
 * RULES_E_INVALID: a payment of a class without creditors (or whose claims are all 0), a
 * negative amount; RULES_E_OVERFLOW past int64. */
rules_err rules_plan_derive(const struct rules_plan_payment *pay, size_t npay,
                            struct rules_plan_creditor *cred, size_t ncred,
                            struct rules_plan_share *shares, size_t *nshares);

/* SZ-REO-TERM: the last payment no later than start + max_term_years, each payment no later
 * than max_interval_months after the one before (the first after start); bounds inclusive,
 * calendar months and years clamped to the month's end. dates sorted ascending. */
json_t *rules_plan_term(const struct rule *term, date_t start, date_t end, const date_t *dates,
                        size_t n);
/* SZ-REO-SECURED: each secured creditor (class "secured") planned at least its claim, unless
 * it waived; the delay compensation stated (compensation: the plan's words, NULL if none). */
json_t *rules_plan_secured(const struct rule *secured, const struct rules_plan_creditor *cred,
                           size_t n, const char *compensation);
/* SZ-REO-FAIR: equal treatment in each class (ratios planned/claim equal up to the fen:
 * |p_i*c_j - p_j*c_i| < max(c_i, c_j)), the statutory order (order: the classes of
 * SZ-LIQ-ORDER, highest first: no class recovers a higher ratio than a class above it), and
 * each creditor planned no less than its liquidation estimate; a waiver excuses the
 * creditor. The per-creditor comparison is in the result. */
json_t *rules_plan_fair(const struct rule *fair, const struct rule *order,
                        const struct rules_plan_creditor *cred, size_t n);
/* PRC-REO-PERIOD (a profile that has it): the plan approved (on, or today before approval)
 * no later than start + the rule's months. NULL when the rule is NULL. */
json_t *rules_plan_period(const struct rule *period, date_t start, date_t on);

/* SZ-REO-EXTEND: a new end at most max_extension_years after the original end (and after
 * the current one). */
json_t *rules_plan_extension(const struct rule *extend, date_t original_end, date_t current_end,
                             date_t new_end);
/* SZ-REO-HARDSHIP: paid * den > plan_debt * num (strict). */
json_t *rules_plan_hardship(const struct rule *hardship, int64_t paid, int64_t plan_debt);

/* SZ-REO-DEFAULT's effects: per creditor {creditor, claim, planned, paid, reverted_claim:
 * claim - paid, ratio paid/claim as num/den, catch_up: what it receives before any creditor
 * paid at a higher ratio receives more}, and the catch-up order (lowest ratio first; ties by
 * the order given). paid[i] is what creditor i received. */
json_t *rules_plan_default_effects(const struct rule *dflt, const struct rules_plan_creditor *cred,
                                   const int64_t *paid, size_t n);

#endif
