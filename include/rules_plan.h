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
 * one per payment and creditor of its class; *nshares entries, zero amounts left out) and
 * each creditor's planned.
 * RULES_E_INVALID: a payment of a class without creditors (or whose claims are all 0), a
 * negative amount; RULES_E_OVERFLOW past int64. */
rules_err rules_plan_derive(const struct rules_plan_payment *pay, size_t npay,
                            struct rules_plan_creditor *cred, size_t ncred,
                            struct rules_plan_share *shares, size_t *nshares);

/* The plan tests as {rule, citation, met, why} plus their figures, each verdict the one of
 * rules_checks.h (rules_check_reo_term, _reo_secured, _reo_fair, _reo_extension, _hardship)
 * with what the plan adds around it. Profile NULL = the default. */
/* SZ-REO-TERM over the payment dates (sorted ascending), and the execution period's end no
 * later than start + max_term_years. */
json_t *rules_plan_term(const rules_catalogue *c, const char *profile, date_t start, date_t end,
                        const date_t *dates, size_t n);
/* SZ-REO-SECURED over the creditors of class "secured", and the delay compensation stated
 * (compensation: the plan's words, NULL if none). */
json_t *rules_plan_secured(const rules_catalogue *c, const char *profile,
                           const struct rules_plan_creditor *cred, size_t n,
                           const char *compensation);
/* SZ-REO-FAIR (best interests, equal treatment in a class), an estimate for each creditor
 * that did not waive, and the statutory order of SZ-LIQ-ORDER's classes (highest first): no
 * creditor of a class recovers a higher ratio than one of a class ranked before it (up to
 * the fen). The per-creditor comparison is in the result. */
json_t *rules_plan_fair(const rules_catalogue *c, const char *profile,
                        const struct rules_plan_creditor *cred, size_t n);
/* PRC-REO-PERIOD, when the profile has it (else NULL): approval (on) no later than start +
 * the rule's months. */
json_t *rules_plan_period(const rules_catalogue *c, const char *profile, date_t start, date_t on);
/* SZ-REO-EXTEND, and the new end after the current one. */
json_t *rules_plan_extension(const rules_catalogue *c, const char *profile, date_t original_end,
                             date_t current_end, date_t new_end);
/* SZ-REO-HARDSHIP: paid * den > plan_debt * num (strict). */
json_t *rules_plan_hardship(const rules_catalogue *c, const char *profile, int64_t paid,
                            int64_t plan_debt);

/* SZ-REO-DEFAULT's effects: per creditor {creditor, claim, planned, paid, unpaid_plan,
 * reverted_claim: claim - paid, ratio {num: paid, den: claim}, catch_up: what brings it to
 * the highest ratio paid, position}, and catch_up_order (lowest ratio first; ties in the
 * order given). paid[i] is what creditor i received. */
json_t *rules_plan_default_effects(const rules_catalogue *c, const char *profile,
                                   const struct rules_plan_creditor *cred, const int64_t *paid,
                                   size_t n);

#endif
