/* rules_checks.h: yes/no checks of the law on given facts (petition minimum, meeting call,
 * committee size, hardship, exempt-property cap, period bounds, reorganization plan term,
 * secured and best-interests tests, re-application bar, summary procedure) and discharge
 * dates (SZ-DIS-INSPECTION, PRC-DIS-TIERS). Every result names its rule. */
#ifndef BANKRUPTCY_RULES_CHECKS_H
#define BANKRUPTCY_RULES_CHECKS_H

#include "date.h"
#include "rules.h"

struct rules_check {
    rules_err err; /* RULES_OK when the check could be made */
    bool ok;       /* the facts satisfy the rule (meaningful when err == RULES_OK) */
    const char *rule_id, *citation, *apply; /* borrowed from the catalogue */
    const char *reason;   /* when !ok: a short code, e.g. "not_more_than", "term_exceeded" */
    int64_t value, limit; /* what was compared (fen, heads, days; for dates: day numbers) */
    int index;            /* offending item (payment, claim, member), -1 for none */
};

/* Generic building blocks over one rule (or sub-rule). */
/* ok iff value > params[param] (strict, e.g. min_exclusive_fen). */
rules_err rules_check_more_than(const struct rule *r, const char *param, int64_t value,
                                struct rules_check *out);
/* ok iff value <= params[param] (e.g. max_inclusive_fen, max). */
rules_err rules_check_at_most(const struct rule *r, const char *param, int64_t value,
                              struct rules_check *out);
/* ok iff part * den > whole * num for the fraction params[param] (strict). */
rules_err rules_check_fraction(const struct rule *r, const char *param, int64_t part, int64_t whole,
                               struct rules_check *out);
/* ok iff min_days <= days <= max_days of the rule (either bound may be absent). */
rules_err rules_check_period_days(const struct rule *r, int64_t days, struct rules_check *out);

/* Catalogue-driven checks (profile NULL = default). */
/* SZ-APP-CREDITOR-MIN: the petitioners' due claims must be more than RMB 500,000. */
rules_err rules_check_creditor_min(const rules_catalogue *c, const char *profile,
                                   int64_t claims_fen, struct rules_check *out);
/* SZ-MTG-CALL: requesting creditors must hold more than 1/4 of total claims. */
rules_err rules_check_meeting_call(const rules_catalogue *c, const char *profile,
                                   int64_t requesting_fen, int64_t total_fen,
                                   struct rules_check *out);
/* SZ-MTG-COMMITTEE: odd, 1..9 members (PRC-MTG-SUPERVISORS: 1..3 in prc-draft-2000). */
rules_err rules_check_committee(const rules_catalogue *c, const char *profile, int64_t members,
                                struct rules_check *out);
/* SZ-REO-HARDSHIP: more than 3/4 of the plan debt paid. */
rules_err rules_check_hardship(const rules_catalogue *c, const char *profile, int64_t paid_fen,
                               int64_t plan_debt_fen, struct rules_check *out);
/* SZ-CLM-PERIOD (PRC-CLM-PERIOD): a claim period of days the court fixes. For the PRC
 * summary procedure use rules_check_period_days on sub-rule "claim_period" of PRC-SUM-PERIODS. */
rules_err rules_check_claim_period(const rules_catalogue *c, const char *profile, int64_t days,
                                   struct rules_check *out);

struct rules_exempt_item {
    const char *category; /* one of SZ-PROP-EXEMPT-CATEGORIES.categories */
    int64_t value_fen;
};
/* SZ-PROP-EXEMPT-CAP: items outside excluded_categories total at most max_inclusive_fen.
 * value = counted total. An unknown category is RULES_E_INVALID (index set). */
rules_err rules_check_exempt_cap(const rules_catalogue *c, const char *profile,
                                 const struct rules_exempt_item *items, size_t n,
                                 struct rules_check *out);

/* SZ-REO-TERM: payments sorted ascending, none before start; last <= start + max_term_years
 * (reason "term_exceeded"), each <= previous (start for the first) + max_interval_months
 * (reason "interval_exceeded"). value/limit are the offending date and its bound. */
rules_err rules_check_reo_term(const rules_catalogue *c, const char *profile, date_t start,
                               const date_t *payments, size_t n, struct rules_check *out);

struct rules_plan_claim {
    const char *id;
    const char *klass;       /* class for equal treatment ("ordinary", ...) */
    int64_t claim_fen;       /* the claim */
    int64_t plan_fen;        /* what the plan pays in total */
    int64_t liquidation_fen; /* estimated recovery in liquidation */
    bool secured;
    bool waived; /* the creditor waived the protection (SZ-REO-FAIR, SZ-REO-SECURED) */
};
/* SZ-REO-SECURED: every secured, non-waiving claim gets plan >= claim ("not_paid_in_full"). */
rules_err rules_check_reo_secured(const rules_catalogue *c, const char *profile,
                                  const struct rules_plan_claim *pc, size_t n,
                                  struct rules_check *out);
/* SZ-REO-FAIR: best interests (plan >= liquidation, "below_liquidation") and equal
 * treatment within a class (recovery ratios equal up to fen rounding: |p_i*c_j - p_j*c_i|
 * < max(c_i, c_j), "unequal_in_class"), skipping waiving creditors. */
rules_err rules_check_reo_fair(const rules_catalogue *c, const char *profile,
                               const struct rules_plan_claim *pc, size_t n,
                               struct rules_check *out);
/* SZ-REO-EXTEND: new end of execution <= original end + max_extension_years. */
rules_err rules_check_reo_extension(const rules_catalogue *c, const char *profile,
                                    date_t original_end, date_t new_end, struct rules_check *out);
/* SZ-APP-WITHDRAW: a re-application by the same applicant against the same debtor before
 * withdrawal + reapply_bar_years is refused unless justified ("reapply_barred"). */
rules_err rules_check_reapply(const rules_catalogue *c, const char *profile, date_t withdrawn,
                              date_t reapplied, bool justified, struct rules_check *out);
/* PRC-SUM-WHEN: summary procedure possible when property < property_max_exclusive_fen. */
rules_err rules_check_summary(const rules_catalogue *c, const char *profile, int64_t property_fen,
                              struct rules_check *out);

struct rules_discharge {
    rules_err err;
    const char *rule_id, *citation;
    bool possible;        /* false: barred (PRC bankruptcy crime) */
    int years;            /* base period */
    int extension_months; /* SZ-DIS-INSPECTION extension applied */
    int tier;             /* PRC-DIS-TIERS: index of the tier used, -1 for otherwise_years */
    date_t start, end;    /* end = start + years (+ extension); not rolled */
};
/* SZ-DIS-INSPECTION: end = declared + years + extension_months (0..max_extension_years*12,
 * else RULES_E_INVALID). */
rules_err rules_discharge_inspection(const rules_catalogue *c, const char *profile, date_t declared,
                                     int extension_months, struct rules_discharge *out);
/* PRC-DIS-TIERS: years by the share paid at conclusion: the first tier with
 * paid * 100 > above_percent * total applies (strictly above: exactly 40 % gets the
 * 4-year tier), else otherwise_years; crime => not possible. total must be > 0. */
rules_err rules_discharge_tiers(const rules_catalogue *c, const char *profile, int64_t paid_fen,
                                int64_t total_fen, bool bankruptcy_crime, date_t concluded,
                                struct rules_discharge *out);

json_t *rules_check_json(const struct rules_check *c);         /* new reference */
json_t *rules_discharge_json(const struct rules_discharge *d); /* new reference */

#endif
