/* test_rules_property.c: property tests over thousands of inputs from a fixed-seed
 * xorshift64* generator: distribution shares sum to the amount distributed, never exceed
 * a claim, respect tier order and stay within one fen of the exact pro-rata share; votes
 * are monotone (a vote against turned for never fails a passing vote; an absent
 * creditor's claim added never passes a failing vote) and match a reference formula. */
#include "rules_distribution.h"
#include "rules_vote.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef __int128 i128;

#define ROUNDS 4000
#define MAXN 14

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static uint64_t below(uint64_t n)
{
    return n ? rnd() % n : 0;
}

/* Amounts of mixed scale: zero, a few fen, ordinary sums, very large sums. */
static int64_t amount(void)
{
    switch (below(6)) {
    case 0:
        return 0;
    case 1:
        return (int64_t)below(10);
    case 2:
        return (int64_t)below(100000);
    case 3:
        return (int64_t)below(1000000000);
    case 4:
        return (int64_t)below(100000000000000LL);
    default:
        return (int64_t)below(50000000000LL);
    }
}

static const rules_catalogue *cat(void)
{
    ck_assert_ptr_nonnull(rules_builtin());
    return rules_builtin();
}

/* ---- distribution -------------------------------------------------------------------- */

static const char *TIERS[] = {"t0", "t1", "t2", "t3", "t4"};

static int64_t tier_claim(const struct rules_claim *c, const struct rules_share *s,
                          const char *tier, const char *sft)
{
    if (strcmp(c->klass, "secured") == 0)
        return strcmp(tier, sft) == 0 ? s->shortfall : 0;
    return strcmp(c->klass, tier) == 0 ? c->amount : 0;
}

static void check_distribution(const char *const *tiers, size_t nt, const char *sft,
                               const struct rules_claim *c, size_t n, const struct rules_share *s,
                               const struct rules_distribution *d)
{
    i128 sum = 0, owed = 0;
    for (size_t i = 0; i < n; i++) {
        ck_assert(s[i].paid >= 0 && s[i].reserved >= 0 && s[i].from_collateral >= 0);
        ck_assert((i128)s[i].from_collateral + s[i].paid + s[i].reserved <= c[i].amount);
        ck_assert(c[i].status == RULES_CLAIM_CONFIRMED ? s[i].reserved == 0 : s[i].paid == 0);
        sum += (i128)s[i].paid + s[i].reserved;
        owed += strcmp(c[i].klass, "secured") == 0 ? s[i].shortfall : c[i].amount;
    }
    ck_assert(sum == d->distributed);
    ck_assert(d->distributed == (owed < d->available ? owed : d->available));
    ck_assert(d->distributed + d->leftover == d->available);
    bool short_seen = false;
    for (size_t t = 0; t < nt; t++) {
        const struct rules_tier *tr = &d->tiers[t];
        if (short_seen)
            ck_assert_msg(tr->allocated == 0,
                          "a later tier was paid before an earlier one in full");
        for (size_t i = 0; i < n; i++) {
            int64_t a = tier_claim(&c[i], &s[i], tiers[t], sft);
            int64_t got = s[i].tier == (int)t ? s[i].paid + s[i].reserved : 0;
            if (a == 0)
                continue;
            ck_assert(got <= a);
            /* |got - pool*a/total| < 1 fen, by cross-multiplication */
            i128 diff = (i128)got * tr->claims - (i128)tr->allocated * a;
            ck_assert_msg((diff < 0 ? -diff : diff) < tr->claims, "share off by a fen or more");
        }
        if (!tr->full)
            short_seen = true;
    }
}

START_TEST(distribution_properties)
{
    struct rules_claim c[MAXN];
    struct rules_share s[MAXN];
    struct rules_distribution d;
    rng_state = 0x9E3779B97F4A7C15ULL;
    for (int round = 0; round < ROUNDS; round++) {
        size_t nt = 1 + below(5), n = below(MAXN + 1);
        const char *sft = TIERS[below(nt)];
        i128 total = 0;
        for (size_t i = 0; i < n; i++) {
            bool sec = below(5) == 0;
            c[i].id = NULL;
            c[i].klass = sec ? "secured" : TIERS[below(nt)];
            c[i].amount = amount();
            c[i].collateral = sec ? amount() : 0;
            c[i].status = (enum rules_claim_status)(below(4) == 0 ? 1 + below(2) : 0);
            total += c[i].amount;
        }
        int64_t estate =
            below(4) == 0 ? amount() : (int64_t)below((uint64_t)(total + total / 5 + 2));
        ck_assert_int_eq(rules_distribute_tiers(TIERS, nt, sft, estate, c, n, s, &d), RULES_OK);
        check_distribution(TIERS, nt, sft, c, n, s, &d);
    }
}
END_TEST

START_TEST(distribution_properties_catalogue)
{
    static const char *const sz[] = {"expenses",  "common_debts", "support",
                                     "employees", "ordinary",     "secured"};
    struct rules_claim c[MAXN];
    struct rules_share s[MAXN];
    struct rules_distribution d;
    rng_state = 0xD1B54A32D192ED03ULL;
    for (int round = 0; round < ROUNDS; round++) {
        size_t n = below(MAXN + 1);
        i128 total = 0;
        for (size_t i = 0; i < n; i++) {
            c[i].id = NULL;
            c[i].klass = sz[below(6)];
            c[i].amount = amount();
            c[i].collateral = strcmp(c[i].klass, "secured") == 0 ? amount() : 0;
            c[i].status = (enum rules_claim_status)below(3);
            total += c[i].amount;
        }
        int64_t estate = (int64_t)below((uint64_t)(total + 2));
        ck_assert_int_eq(rules_distribute(cat(), NULL, estate, c, n, s, &d), RULES_OK);
        const char *names[5] = {"expenses", "common_debts", "support", "employees", "ordinary"};
        check_distribution(names, 5, "ordinary", c, n, s, &d);
        for (size_t i = 0; i < n; i++)
            if (s[i].paid || s[i].reserved)
                ck_assert_ptr_nonnull(s[i].rule_id);
    }
}
END_TEST

/* ---- votes ----------------------------------------------------------------------------- */

static const char *GROUPS[] = {"secured", "ordinary", "employees"};

static void random_voters(struct rules_voter *v, size_t n, bool grouped)
{
    for (size_t i = 0; i < n; i++) {
        v[i].id = NULL;
        v[i].group = grouped ? GROUPS[below(3)] : NULL;
        v[i].amount = amount();
        v[i].secured = below(4) == 0;
        v[i].present = below(4) != 0;
        v[i].ballot = (enum rules_ballot)below(3);
    }
}

/* Reference: yes > floor(base * num / den) is the same as yes * den > base * num. */
static bool ref_more_than(int64_t yes, int64_t base, int64_t num, int64_t den)
{
    return (i128)yes > ((i128)base * num) / den;
}

static void check_reference(const struct rules_tally *t)
{
    ck_assert(t->heads.met ==
              ref_more_than(t->heads.yes, t->heads.base, t->heads.num, t->heads.den));
    ck_assert(t->amount.met ==
              ref_more_than(t->amount.yes, t->amount.base, t->amount.num, t->amount.den));
    ck_assert(t->passed == (t->heads.met && t->amount.met));
    ck_assert(t->for_heads + t->against_heads <= t->present_heads &&
              t->present_heads <= t->eligible_heads);
}

START_TEST(vote_monotone)
{
    static const struct {
        const char *profile, *id;
    } rules[] = {
        {"shenzhen-2021", "SZ-MTG-RESOLUTION"},  {"shenzhen-2021", "SZ-REO-GROUP-PASS"},
        {"shenzhen-2021", "SZ-SET-VOTE"},        {"prc-draft-2000", "SZ-MTG-RESOLUTION"},
        {"prc-draft-2000", "SZ-REO-GROUP-PASS"},
    };
    struct rules_voter v[MAXN + 1];
    struct rules_tally base, after;
    rng_state = 0x243F6A8885A308D3ULL;
    for (int round = 0; round < ROUNDS; round++) {
        const struct rule *r = rules_find(cat(), rules[round % 5].profile, rules[round % 5].id);
        size_t n = 1 + below(MAXN);
        random_voters(v, n, false);
        ck_assert_int_eq(rules_vote_tally(r, v, n, NULL, &base), RULES_OK);
        check_reference(&base);
        for (size_t i = 0; i < n; i++) {
            if (!v[i].present || v[i].ballot != RULES_BALLOT_AGAINST)
                continue;
            v[i].ballot = RULES_BALLOT_FOR;
            rules_vote_tally(r, v, n, NULL, &after);
            check_reference(&after);
            ck_assert_msg(!base.passed || after.passed, "%s: against -> for failed a passing vote",
                          r->id);
            v[i].ballot = RULES_BALLOT_AGAINST;
        }
        /* an absent creditor's claim added */
        v[n] = v[0];
        v[n].amount = amount();
        v[n].present = false;
        v[n].secured = below(2);
        rules_vote_tally(r, v, n + 1, NULL, &after);
        check_reference(&after);
        ck_assert_msg(base.passed || !after.passed, "%s: an absent claim turned a fail into a pass",
                      r->id);
    }
}
END_TEST

START_TEST(plan_monotone)
{
    struct rules_voter v[MAXN + 1];
    struct rules_group_vote base, after;
    rng_state = 0x13198A2E03707344ULL;
    for (int round = 0; round < ROUNDS; round++) {
        const char *profile = round % 2 ? "prc-draft-2000" : "shenzhen-2021";
        size_t n = 1 + below(MAXN);
        random_voters(v, n, true);
        ck_assert_int_eq(rules_vote_plan(cat(), profile, v, n, &base), RULES_OK);
        ck_assert(base.passed == (base.groups_passed == base.ngroups && base.ngroups > 0));
        size_t i = below(n);
        if (v[i].present && v[i].ballot == RULES_BALLOT_AGAINST) {
            v[i].ballot = RULES_BALLOT_FOR;
            rules_vote_plan(cat(), profile, v, n, &after);
            ck_assert(!base.passed || after.passed);
            v[i].ballot = RULES_BALLOT_AGAINST;
        }
        v[n] = v[below(n)];
        v[n].present = false;
        v[n].amount = amount();
        rules_vote_plan(cat(), profile, v, n + 1, &after);
        ck_assert(base.passed || !after.passed);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rules_property");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, distribution_properties);
    tcase_add_test(tc, distribution_properties_catalogue);
    tcase_add_test(tc, vote_monotone);
    tcase_add_test(tc, plan_monotone);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
