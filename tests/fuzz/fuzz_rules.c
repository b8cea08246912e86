/* fuzz_rules.c: the rules module's computations on what POST /v1/rules/tally and
 * /v1/rules/distribution hand it (src/api/rules.c turns a validated body into these
 * structs): creditors with groups, amounts, ballots and attendance; claims with classes,
 * statuses, amounts and collateral; an estate. Amounts are what the body can carry (0 to
 * MONEY_MAX_FEN) and a record can repeat (up to the API's 10,000 items), so that sums reach
 * int64's end. A result must add up; a refusal must be one of the module's errors. */
#undef NDEBUG /* the asserts are the fuzzer's oracle */
#include <assert.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "rules.h"
#include "rules_distribution.h"
#include "rules_vote.h"

#define MAX_ITEMS 10000 /* the API's cap on creditors and claims (src/api/rules.c) */
/* Results are written as JSON up to this many items: a big one costs most of an input's time
 * and covers nothing a small one does not. */
#define JSON_MAX 64

static const char *const profiles[] = {NULL, "shenzhen-2021", "prc-draft-2000"};
static const char *const names[] = {NULL,        "general",      "secured",      "support_injury",
                                    "employees", "ordinary",     "small_claims", "secured_adjusted",
                                    "expenses",  "common_debts", "support",      "taxes",
                                    "",          "no-such-class"};
#define NNAMES (sizeof names / sizeof names[0])

struct reader {
    const uint8_t *p;
    size_t left;
    bool big; /* every record stands 2048 times (the input's second byte is 0xff) */
};

static uint8_t byte(struct reader *r)
{
    if (r->left == 0)
        return 0;
    r->left--;
    return *r->p++;
}

/* An amount the body can carry: 0 .. MONEY_MAX_FEN. */
static int64_t amount(struct reader *r)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | byte(r);
    return (int64_t)(v % (uint64_t)(MONEY_MAX_FEN + 1));
}

/* How many times a record stands: 1 to 4, or 2048 to 8192 in a big input (cut at
 * MAX_ITEMS), so that most inputs are quick and some reach the sums of the largest bodies. */
static size_t repeat(struct reader *r)
{
    size_t n = 1u + byte(r) % 4u;
    return r->big ? n << 11 : n;
}

static void check_tally(const struct rules_tally *t)
{
    assert(t->for_heads >= 0 && t->against_heads >= 0);
    assert(t->for_heads + t->against_heads <= t->present_heads);
    assert(t->present_heads <= t->eligible_heads);
    assert(t->passed == (t->heads.met && t->amount.met));
}

/* The creditors the rest of the input describes, into v (NULL: only counted). Each is the
 * exact size, so that ASan sees any read past the last one. */
static size_t read_voters(struct reader r, struct rules_voter *v)
{
    size_t n = 0;
    while (r.left > 0 && n < MAX_ITEMS) {
        uint8_t flags = byte(&r);
        const char *group = names[byte(&r) % NNAMES];
        int64_t a = amount(&r);
        for (size_t k = repeat(&r); k > 0 && n < MAX_ITEMS; k--, n++)
            if (v != NULL)
                v[n] = (struct rules_voter){.id = "c",
                                            .group = group,
                                            .amount = a,
                                            .secured = flags & 1,
                                            .present = flags & 2,
                                            .ballot = (enum rules_ballot)((flags >> 2) % 3)};
    }
    return n;
}

static void fuzz_vote(int op, const char *profile, struct reader *r)
{
    size_t n = read_voters(*r, NULL);
    struct rules_voter *v = malloc((n ? n : 1) * sizeof *v);
    read_voters(*r, v);
    const rules_catalogue *cat = rules_builtin();
    if (op == 0) {
        struct rules_tally t;
        if (rules_vote_resolution(cat, profile, v, n, &t) == RULES_OK) {
            check_tally(&t);
            json_decref(rules_tally_json(&t));
        }
    } else {
        struct rules_group_vote *g = calloc(1, sizeof *g);
        rules_err err = op == 1 ? rules_vote_plan(cat, profile, v, n, g)
                                : rules_vote_settlement(cat, profile, v, n, g);
        if (err == RULES_OK) {
            assert(g->ngroups <= RULES_VOTE_MAX_GROUPS && g->groups_passed <= g->ngroups);
            assert(!g->passed || (g->ngroups > 0 && g->groups_passed == g->ngroups));
            for (size_t i = 0; i < g->ngroups; i++)
                check_tally(&g->groups[i]);
            json_t *out = rules_group_vote_json(g);
            assert(out != NULL);
            json_decref(out);
        }
        free(g);
    }
    free(v);
}

static void check_distribution(const struct rules_distribution *d, const struct rules_claim *c,
                               const struct rules_share *s, size_t n)
{
    int64_t paid = 0, reserved = 0;
    for (size_t i = 0; i < n; i++) {
        assert(s[i].paid >= 0 && s[i].reserved >= 0 && s[i].from_collateral >= 0);
        assert(s[i].from_collateral + s[i].paid + s[i].reserved <= c[i].amount);
        paid += s[i].paid;
        reserved += s[i].reserved;
    }
    assert(paid == d->paid && reserved == d->reserved);
    assert(d->distributed == d->paid + d->reserved);
    assert(d->available == d->estate + d->collateral_surplus);
    assert(d->leftover >= 0 && d->leftover == d->available - d->distributed);
}

/* The claims the rest of the input describes, into c (NULL: only counted). */
static size_t read_claims(struct reader r, struct rules_claim *c)
{
    size_t n = 0;
    while (r.left > 0 && n < MAX_ITEMS) {
        uint8_t flags = byte(&r);
        const char *klass = names[byte(&r) % NNAMES];
        int64_t a = amount(&r), collateral = (flags & 4) ? amount(&r) : 0;
        for (size_t k = repeat(&r); k > 0 && n < MAX_ITEMS; k--, n++)
            if (c != NULL)
                c[n] = (struct rules_claim){.id = "k",
                                            .klass = klass ? klass : "ordinary",
                                            .amount = a,
                                            .collateral = collateral,
                                            .status = (enum rules_claim_status)(flags % 3)};
    }
    return n;
}

static void fuzz_distribution(const char *profile, struct reader *r)
{
    int64_t estate = amount(r);
    size_t n = read_claims(*r, NULL);
    struct rules_claim *c = malloc((n ? n : 1) * sizeof *c);
    struct rules_share *s = calloc(n ? n : 1, sizeof *s);
    read_claims(*r, c);
    struct rules_distribution d;
    memset(&d, 0, sizeof d);
    rules_err err = rules_distribute(rules_builtin(), profile, estate, c, n, s, &d);
    assert(err == RULES_OK || err == RULES_E_INVALID || err == RULES_E_OVERFLOW ||
           err == RULES_E_LIMIT || err == RULES_E_PARAM);
    if (err == RULES_OK)
        check_distribution(&d, c, s, n);
    if (err == RULES_OK && n <= JSON_MAX) {
        json_t *out = rules_distribution_json(&d, c, s, n);
        assert(out != NULL);
        json_decref(out);
    }
    free(c);
    free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct reader r = {data, size, false};
    uint8_t head = byte(&r);
    r.big = byte(&r) == 0xff;
    int op = head % 4;
    const char *profile = profiles[(head >> 2) % 3];
    if (op < 3)
        fuzz_vote(op, profile, &r);
    else
        fuzz_distribution(profile, &r);
    return 0;
}
