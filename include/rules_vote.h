/* rules_vote.h: vote tallies of creditors' meetings: general resolutions, settlement
 * agreements, reorganization groups and plans. Thresholds come from the rule's params
 * heads {num, den, of} and amount {num, den, of}; every fraction is strict ("more than"):
 * yes * den > base * num, in 128-bit integers. */
#ifndef BANKRUPTCY_RULES_VOTE_H
#define BANKRUPTCY_RULES_VOTE_H

#include "rules.h"

enum rules_ballot {
    RULES_BALLOT_NONE = 0, /* present but did not vote for or against (abstained) */
    RULES_BALLOT_FOR,
    RULES_BALLOT_AGAINST
};

/* One creditor with voting rights. Pass only creditors entitled to vote on the matter
 * (SZ-MTG-MEMBERS: undetermined claims without a provisional amount do not vote;
 * SZ-MTG-SECURED-NO-DIST-VOTE: secured creditors keeping priority do not vote on the
 * distribution plan). */
struct rules_voter {
    const char *id;           /* caller's key, borrowed, not interpreted */
    const char *group;        /* voting group ("secured", "ordinary", ...); NULL = "general" */
    int64_t amount;           /* voting amount in fen, >= 0 */
    bool secured;             /* excluded from "unsecured" amount bases and yes amounts */
    bool present;             /* attended in person or by agent */
    enum rules_ballot ballot; /* counted only when present */
};

struct rules_condition {
    const char *of;    /* present | eligible | unsecured */
    int64_t num, den;  /* the fraction; met when yes * den > base * num */
    int64_t yes, base; /* heads or fen */
    bool met;
};

struct rules_tally {
    rules_err err;
    const char *rule_id, *citation;
    const char *group; /* "general" when voters carry no group */
    int64_t eligible_heads, present_heads, for_heads, against_heads;
    int64_t eligible_amount, unsecured_amount, present_amount, for_amount, against_amount;
    struct rules_condition heads, amount;
    bool passed; /* heads.met && amount.met */
};

#define RULES_VOTE_MAX_GROUPS 16
struct rules_group_vote {
    rules_err err;
    const char *rule_id, *citation;             /* the rule deciding the whole (plan/settlement) */
    const char *group_rule_id, *group_citation; /* the rule each group is tallied under */
    size_t ngroups, groups_passed;
    struct rules_tally groups[RULES_VOTE_MAX_GROUPS]; /* in order of first appearance */
    bool passed; /* every group passed and there is at least one */
};

/* One body: the voters whose group equals group (NULL: every voter, group "general"). */
rules_err rules_vote_tally(const struct rule *r, const struct rules_voter *v, size_t n,
                           const char *group, struct rules_tally *out);
/* Every distinct group tallied under group_rule; the whole passes when every group does.
 * whole_rule names the result (NULL: group_rule). allowed: NULL-terminated list of group
 * names, or NULL for any; an unknown group is RULES_E_INVALID. */
rules_err rules_vote_groups(const struct rule *whole_rule, const struct rule *group_rule,
                            const char *const *allowed, const struct rules_voter *v, size_t n,
                            struct rules_group_vote *out);

/* Catalogue-driven entry points (profile NULL = default). */
/* General resolution: SZ-MTG-RESOLUTION (PRC-MTG-RESOLUTION in prc-draft-2000). */
rules_err rules_vote_resolution(const rules_catalogue *c, const char *profile,
                                const struct rules_voter *v, size_t n, struct rules_tally *out);
/* Reorganization plan: SZ-REO-PASS with its group_rule (SZ-REO-GROUP-PASS), groups from
 * SZ-REO-GROUPS (groups plus optional_subgroups); PRC stand-ins in prc-draft-2000. */
rules_err rules_vote_plan(const rules_catalogue *c, const char *profile,
                          const struct rules_voter *v, size_t n, struct rules_group_vote *out);
/* Settlement: SZ-SET-VOTE; the adjusted secured creditors carry group = its secured_group
 * ("secured_adjusted"), everyone else no group (or "general"). */
rules_err rules_vote_settlement(const rules_catalogue *c, const char *profile,
                                const struct rules_voter *v, size_t n,
                                struct rules_group_vote *out);

json_t *rules_tally_json(const struct rules_tally *t);           /* new reference */
json_t *rules_group_vote_json(const struct rules_group_vote *g); /* new reference */

#endif
