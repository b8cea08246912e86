/* distribution.c: owns the liquidation waterfall: collateral first, then tiers in order,
 * pro rata within the tier that runs short (largest remainder, ties to input order),
 * reserves for conditional and disputed claims. Integer fen only. */
#include "rules_distribution.h"

#include <stdlib.h>
#include <string.h>

__extension__ typedef __int128 i128;

static const char SECURED[] = "secured";

static bool fits(i128 x)
{
    return x >= 0 && x <= (i128)INT64_MAX;
}

static int tier_index(const char *const *tiers, size_t ntiers, const char *k)
{
    for (size_t t = 0; k && t < ntiers; t++)
        if (strcmp(tiers[t], k) == 0)
            return (int)t;
    return -1;
}

/* Validates claims and pays secured claims from their collateral. */
static rules_err collateral_pass(const char *const *tiers, size_t ntiers,
                                 const struct rules_claim *c, size_t n, struct rules_share *s,
                                 struct rules_distribution *out)
{
    i128 total = 0, surplus = 0, fromc = 0;
    for (size_t i = 0; i < n; i++) {
        bool sec = c[i].klass && strcmp(c[i].klass, SECURED) == 0;
        memset(&s[i], 0, sizeof s[i]);
        s[i].tier = -1;
        if (c[i].amount < 0 || c[i].collateral < 0 || (!sec && c[i].collateral != 0) ||
            (!sec && tier_index(tiers, ntiers, c[i].klass) < 0))
            return RULES_E_INVALID;
        total += c[i].amount;
        if (sec) {
            s[i].from_collateral = c[i].amount < c[i].collateral ? c[i].amount : c[i].collateral;
            s[i].shortfall = c[i].amount - s[i].from_collateral;
            surplus += c[i].collateral - s[i].from_collateral;
            fromc += s[i].from_collateral;
        }
    }
    if (!fits(total) || !fits(surplus) || !fits((i128)out->estate + surplus))
        return RULES_E_OVERFLOW;
    out->collateral_surplus = (int64_t)surplus;
    out->from_collateral = (int64_t)fromc;
    out->available = out->estate + out->collateral_surplus;
    return RULES_OK;
}

/* The claim of i inside tier t (0 if it does not belong there). */
static int64_t in_tier(const struct rules_claim *c, const struct rules_share *s,
                       const char *const *tiers, size_t t, const char *shortfall_tier)
{
    if (strcmp(c->klass, SECURED) == 0)
        return shortfall_tier && strcmp(tiers[t], shortfall_tier) == 0 ? s->shortfall : 0;
    return strcmp(c->klass, tiers[t]) == 0 ? c->amount : 0;
}

struct rem {
    int64_t r; /* (pool * a) mod total */
    size_t i;  /* input index */
};

static int rem_cmp(const void *a, const void *b)
{
    const struct rem *x = a, *y = b;
    if (x->r != y->r)
        return x->r > y->r ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static void give(const struct rules_claim *c, struct rules_share *s, size_t t, int64_t amount)
{
    s->tier = (int)t;
    if (c->status == RULES_CLAIM_CONFIRMED)
        s->paid += amount;
    else
        s->reserved += amount;
}

/* pool < total: floor shares, then one fen each to the largest remainders. */
static rules_err pro_rata(const char *const *tiers, size_t t, const char *sft, int64_t pool,
                          int64_t total, const struct rules_claim *c, size_t n,
                          struct rules_share *s)
{
    struct rem *rs = malloc((n ? n : 1) * sizeof *rs);
    size_t k = 0;
    int64_t given = 0;
    if (!rs)
        return RULES_E_LIMIT;
    for (size_t i = 0; i < n; i++) {
        int64_t a = in_tier(&c[i], &s[i], tiers, t, sft);
        if (a == 0)
            continue;
        i128 prod = (i128)pool * a;
        int64_t q = (int64_t)(prod / total);
        give(&c[i], &s[i], t, q);
        given += q;
        rs[k].r = (int64_t)(prod % total);
        rs[k++].i = i;
    }
    qsort(rs, k, sizeof *rs, rem_cmp);
    for (size_t j = 0; given < pool && j < k; j++, given++)
        give(&c[rs[j].i], &s[rs[j].i], t, 1);
    free(rs);
    return RULES_OK;
}

static rules_err run_tiers(const char *const *tiers, size_t ntiers, const char *sft,
                           const struct rules_claim *c, size_t n, struct rules_share *s,
                           struct rules_distribution *out)
{
    int64_t remaining = out->available;
    for (size_t t = 0; t < ntiers; t++) {
        int64_t total = 0; /* fits: bounded by the checked sum of all claims */
        for (size_t i = 0; i < n; i++)
            total += in_tier(&c[i], &s[i], tiers, t, sft);
        struct rules_tier *tr = &out->tiers[t];
        tr->name = tiers[t];
        tr->claims = total;
        if (total == 0 || remaining == 0) {
            tr->full = total == 0;
            continue;
        }
        if (remaining >= total) {
            for (size_t i = 0; i < n; i++) {
                int64_t a = in_tier(&c[i], &s[i], tiers, t, sft);
                if (a)
                    give(&c[i], &s[i], t, a);
            }
            tr->allocated = total;
        } else {
            rules_err e = pro_rata(tiers, t, sft, remaining, total, c, n, s);
            if (e)
                return e;
            tr->allocated = remaining;
        }
        tr->full = tr->allocated == total;
        remaining -= tr->allocated;
    }
    out->leftover = remaining;
    out->distributed = out->available - remaining;
    for (size_t i = 0; i < n; i++) {
        out->paid += s[i].paid;
        out->reserved += s[i].reserved;
    }
    return RULES_OK;
}

rules_err rules_distribute_tiers(const char *const *tiers, size_t ntiers,
                                 const char *shortfall_tier, int64_t estate,
                                 const struct rules_claim *claims, size_t n,
                                 struct rules_share *shares, struct rules_distribution *out)
{
    rules_err e;
    memset(out, 0, sizeof *out);
    out->estate = estate;
    if (ntiers > RULES_DIST_MAX_TIERS)
        return out->err = RULES_E_LIMIT;
    out->ntiers = ntiers;
    if (estate < 0 || (n && (!claims || !shares)) || (ntiers && !tiers) ||
        (shortfall_tier && tier_index(tiers, ntiers, shortfall_tier) < 0))
        return out->err = RULES_E_INVALID;
    if ((e = collateral_pass(tiers, ntiers, claims, n, shares, out)) != RULES_OK)
        return out->err = e;
    return out->err = run_tiers(tiers, ntiers, shortfall_tier, claims, n, shares, out);
}

/* Tier names from the profile's rules; returns the count, 0 when a rule is missing. */
static size_t catalogue_tiers(const struct rule *exp, const struct rule *ord, const char **names)
{
    size_t k = 0, i;
    const json_t *v;
    json_array_foreach(rules_param(exp, "order"), i,
                       v) if (json_is_string(v) && k < RULES_DIST_MAX_TIERS) names[k++] =
        json_string_value(v);
    size_t nexp = k;
    json_array_foreach(rules_param(ord, "classes"), i,
                       v) if (json_is_string(v) && k < RULES_DIST_MAX_TIERS) names[k++] =
        json_string_value(v);
    return nexp && k > nexp ? k : 0;
}

static void name_shares(const struct rule *exp, const struct rule *ord, const struct rule *sec,
                        const struct rule *cond, const struct rule *lit, size_t nexp,
                        const struct rules_claim *c, size_t n, struct rules_share *s,
                        struct rules_distribution *out)
{
    for (size_t t = 0; t < out->ntiers; t++)
        out->tiers[t].rule_id = t < nexp ? exp->id : ord->id;
    for (size_t i = 0; i < n; i++) {
        if (s[i].reserved)
            s[i].rule_id = c[i].status == RULES_CLAIM_CONDITIONAL ? (cond ? cond->id : NULL)
                                                                  : (lit ? lit->id : NULL);
        else if (s[i].tier >= 0)
            s[i].rule_id = out->tiers[s[i].tier].rule_id;
        else if (strcmp(c[i].klass, SECURED) == 0)
            s[i].rule_id = sec->id;
    }
}

rules_err rules_distribute(const rules_catalogue *c, const char *profile, int64_t estate,
                           const struct rules_claim *claims, size_t n, struct rules_share *shares,
                           struct rules_distribution *out)
{
    const struct rule *exp = rules_find(c, profile, "SZ-LIQ-EXPENSES");
    const struct rule *ord = rules_find(c, profile, "SZ-LIQ-ORDER");
    const struct rule *sec = rules_find(c, profile, "SZ-LIQ-SECURED");
    const char *names[RULES_DIST_MAX_TIERS];
    size_t k = exp && ord && sec ? catalogue_tiers(exp, ord, names) : 0;
    const char *sft = rules_param_str(sec, "shortfall_class");
    if (!k || !sft) {
        memset(out, 0, sizeof *out);
        out->rule_id = ord ? ord->id : "SZ-LIQ-ORDER";
        return out->err = RULES_E_PARAM;
    }
    rules_distribute_tiers(names, k, sft, estate, claims, n, shares, out);
    out->rule_id = ord->id;
    out->citation = ord->citation;
    if (out->err == RULES_OK)
        name_shares(exp, ord, sec, rules_find(c, profile, "SZ-LIQ-RESERVE-CONDITIONAL"),
                    rules_find(c, profile, "SZ-LIQ-LITIGATION"),
                    json_array_size(rules_param(exp, "order")), claims, n, shares, out);
    return out->err;
}

json_t *rules_distribution_json(const struct rules_distribution *d,
                                const struct rules_claim *claims, const struct rules_share *shares,
                                size_t n)
{
    json_t *tiers = json_array(), *sh = json_array();
    for (size_t t = 0; t < d->ntiers; t++)
        json_array_append_new(tiers, json_pack("{s:s?,s:s?,s:I,s:I,s:b}", "class", d->tiers[t].name,
                                               "rule_id", d->tiers[t].rule_id, "claims_fen",
                                               (json_int_t)d->tiers[t].claims, "allocated_fen",
                                               (json_int_t)d->tiers[t].allocated, "full",
                                               d->tiers[t].full));
    for (size_t i = 0; d->err == RULES_OK && i < n; i++)
        json_array_append_new(
            sh, json_pack("{s:s?,s:s?,s:I,s:I,s:I,s:I,s:I,s:s?}", "id", claims[i].id, "class",
                          claims[i].klass, "claim_fen", (json_int_t)claims[i].amount,
                          "from_collateral_fen", (json_int_t)shares[i].from_collateral,
                          "shortfall_fen", (json_int_t)shares[i].shortfall, "paid_fen",
                          (json_int_t)shares[i].paid, "reserved_fen",
                          (json_int_t)shares[i].reserved, "rule_id", shares[i].rule_id));
    json_t *o = json_pack(
        "{s:s?,s:s?,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:o}", "rule_id", d->rule_id, "citation",
        d->citation, "estate_fen", (json_int_t)d->estate, "collateral_surplus_fen",
        (json_int_t)d->collateral_surplus, "available_fen", (json_int_t)d->available,
        "distributed_fen", (json_int_t)d->distributed, "paid_fen", (json_int_t)d->paid,
        "reserved_fen", (json_int_t)d->reserved, "leftover_fen", (json_int_t)d->leftover,
        "from_collateral_fen", (json_int_t)d->from_collateral, "tiers", tiers, "shares", sh);
    json_object_set_new(o, "error", d->err ? json_string(rules_err_str(d->err)) : json_null());
    return o;
}
