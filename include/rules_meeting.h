/* rules_meeting.h: what the law says about a creditors' meeting beyond the tally
 * (rules_vote.h): who may have a later meeting called (SZ-MTG-CALL), the size of the
 * committee (SZ-MTG-COMMITTEE), the rule that decides each kind of agenda item, who votes on
 * it (SZ-MTG-SECURED-NO-DIST-VOTE) and in which group of SZ-REO-GROUPS. Pure: no I/O. */
#ifndef BANKRUPTCY_RULES_MEETING_H
#define BANKRUPTCY_RULES_MEETING_H

#include "rules_vote.h"

/* SZ-MTG-CALL: the requesting creditors' claims against the total, met when
 * requesting * den > total * num (strict, "more than"; 128-bit products). RULES_E_PARAM
 * when the rule lacks its fraction, RULES_E_INVALID on a negative amount or requesting >
 * total. out->of is the rule's "of". */
rules_err rules_meeting_call(const struct rule *r, int64_t requesting, int64_t total,
                             struct rules_condition *out);

/* SZ-MTG-COMMITTEE: whether n members fit min..max (and odd, when the rule says so). */
bool rules_meeting_committee_fits(const struct rule *r, long long n);

/* How an item kind is decided: the rule id to look up (in the case's profile), and whether
 * it is tallied by groups (a reorganization plan, a settlement). NULL for an unknown kind. */
const char *rules_meeting_item_rule(const char *kind, bool *by_groups);

/* Whether a secured creditor keeping its priority is kept from voting on an item of this
 * kind (SZ-MTG-SECURED-NO-DIST-VOTE's excluded_from). */
bool rules_meeting_secured_excluded(const struct rule *no_dist_vote, const char *kind);

/* The voting group of SZ-REO-GROUPS (groups and optional subgroups) for a claim's class: a
 * secured claim sits in "secured" when that is a group; else class_groups maps the class, or
 * the class itself when it is a group. small_claims_max_fen > 0 puts an ordinary member of
 * at most that amount into the subgroup "small_claims" when the profile has it. NULL when
 * the class belongs to no group. */
const char *rules_meeting_plan_group(const struct rule *groups, const char *klass, bool secured,
                                     int64_t amount, int64_t small_claims_max_fen);

#endif
