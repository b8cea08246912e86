/* rules.h: the statutory rule catalogue: profiles, rule entries and their parameters.
 * Pure data access over jansson; no I/O. The computations live in rules_period.h,
 * rules_vote.h, rules_distribution.h and rules_checks.h. */
#ifndef BANKRUPTCY_RULES_H
#define BANKRUPTCY_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rules_catalogue rules_catalogue;

/* One rule as seen from a profile. All pointers are borrowed from the catalogue and live
 * as long as it does. A stand-in (an entry of a derived profile overriding a base rule)
 * has stands_for set to the base id, the base entry's kind and apply, and the params
 * of the overriding entry (or the named sub-object of them). */
struct rule {
    const char *id;      /* "SZ-APP-CREDITOR-MIN" */
    const char *profile; /* profile defining the entry, "shenzhen-2021" */
    const char *title;
    const char *citation;    /* "002 [Bankruptcy Application]; 003" */
    const char *kind;        /* period | threshold | vote | order | restriction | condition */
    const char *apply;       /* refuse | flag | compute */
    const json_t *params;    /* JSON object, borrowed */
    const char *note;        /* NULL when none */
    const char *stands_for;  /* base id when this is a stand-in, else NULL */
    const json_t *overrides; /* the entry's "overrides" (borrowed) or NULL */
};

/* Error codes shared by every rules_* computation. */
typedef enum rules_err {
    RULES_OK = 0,
    RULES_E_INVALID,       /* bad input (negative amount, unsorted dates, unknown class...) */
    RULES_E_PARAM,         /* the rule lacks a parameter the computation needs */
    RULES_E_CALENDAR_YEAR, /* a period needs a calendar year the calendar lacks */
    RULES_E_OVERFLOW,      /* a sum does not fit in int64 fen */
    RULES_E_LIMIT          /* a fixed capacity (trace, groups) was exceeded */
} rules_err;
const char *rules_err_str(rules_err e); /* "ok", "invalid_input", "missing_param", ... */

/* 0 ok, -1 error with a message in err. Validates every entry: required keys, known kind
 * and apply, unique ids, known profiles, acyclic bases, overrides that resolve. */
int rules_catalogue_parse(const char *text, size_t len, rules_catalogue **out, char *err,
                          size_t errlen);
void rules_catalogue_free(rules_catalogue *c);
/* Parses the embedded catalogue once (pthread_once); NULL if it is invalid. Never freed. */
const rules_catalogue *rules_builtin(void);
const char *rules_builtin_error(void); /* parse error of the builtin, "" when fine */

const char *rules_default_profile(const rules_catalogue *c);
bool rules_profile_exists(const rules_catalogue *c, const char *profile);
size_t rules_profile_count(const rules_catalogue *c);
const char *rules_profile_id(const rules_catalogue *c, size_t i);
const char *rules_profile_base(const rules_catalogue *c, const char *profile); /* NULL if none */

/* Lookup with inheritance (profile NULL = default): own entry, then a stand-in overriding
 * the id, then the same in the base profile. NULL if absent or the profile is unknown. */
const struct rule *rules_find(const rules_catalogue *c, const char *profile, const char *id);
/* Every entry of the catalogue, all profiles, in file order. */
size_t rules_count(const rules_catalogue *c);
const struct rule *rules_at(const rules_catalogue *c, size_t i);

bool rules_param_i64(const struct rule *r, const char *name, int64_t *out); /* integer param */
const json_t *rules_param(const struct rule *r, const char *name);          /* borrowed */
const char *rules_param_str(const struct rule *r, const char *name); /* NULL if not a string */
/* A fraction param {num, den, of?}: false unless 0 <= num <= den, den > 0. of may be NULL. */
bool rules_param_frac(const struct rule *r, const char *name, int64_t *num, int64_t *den,
                      const char **of);
/* Sub-rule: same id/citation, params = params[key] (an object). false if absent. */
bool rules_subrule(const struct rule *r, const char *key, struct rule *out);

/* New references. rules_rule_json: the entry as served (id, profile, title, citation,
 * kind, apply, params, note, and overrides / stands_for when set). */
json_t *rules_rule_json(const struct rule *r);
/* {"default_profile":..,"profiles":[{id,title,base,note}..],"rules":[..]}. With a profile,
 * the rules in force there (own entries plus inherited ones not overridden); NULL = every
 * entry of every profile. kind NULL = all kinds. NULL if the profile is unknown. */
json_t *rules_catalogue_json(const rules_catalogue *c, const char *profile, const char *kind);

#endif
