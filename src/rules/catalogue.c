/* catalogue.c: owns the rule catalogue: parsing and validating catalogue.json, profiles
 * with inheritance and stand-ins (overrides), lookup, parameter access, and the JSON
 * served by the API. The builtin catalogue is parsed once from the embedded bytes. */
#include "rules.h"

#include "embedded.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct profile {
    const char *id, *title, *note;
    int base; /* index or -1 */
};

struct standin {
    int profile;
    const char *base_id;
    struct rule r;
};

struct rules_catalogue {
    json_t *root;
    const char *default_profile;
    struct profile *profiles;
    size_t nprofiles;
    struct rule *rules;
    int *rule_profile; /* profile index of each entry */
    size_t nrules;
    struct standin *standins;
    size_t nstandins;
};

static const char *const KINDS[] = {"period",      "threshold", "vote", "order",
                                    "restriction", "condition", NULL};
static const char *const APPLIES[] = {"refuse", "flag", "compute", NULL};

const char *rules_err_str(rules_err e)
{
    switch (e) {
    case RULES_OK:
        return "ok";
    case RULES_E_INVALID:
        return "invalid_input";
    case RULES_E_PARAM:
        return "missing_param";
    case RULES_E_CALENDAR_YEAR:
        return "calendar_year_missing";
    case RULES_E_OVERFLOW:
        return "overflow";
    case RULES_E_LIMIT:
        return "limit_exceeded";
    }
    return "unknown";
}

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static const char *str_member(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    return json_is_string(v) && json_string_length(v) > 0 ? json_string_value(v) : NULL;
}

static bool valid_id(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return true;
}

static int profile_index(const rules_catalogue *c, const char *id)
{
    if (!id)
        return -1;
    for (size_t i = 0; i < c->nprofiles; i++)
        if (strcmp(c->profiles[i].id, id) == 0)
            return (int)i;
    return -1;
}

/* ---- per-kind parameter validation ---------------------------------------------- */

static const char *const PERIOD_KEYS[] = {
    "days",           "months",          "years", "in_advance_days", "min_days", "max_days",
    "lookback_years", "lookback_months", NULL};

static bool frac_ok(const json_t *f, const char *const *ofs)
{
    const json_t *n = json_object_get(f, "num"), *d = json_object_get(f, "den");
    const json_t *of = json_object_get(f, "of");
    if (!json_is_object(f) || !json_is_integer(n) || !json_is_integer(d))
        return false;
    json_int_t ni = json_integer_value(n), di = json_integer_value(d);
    if (di <= 0 || di > 1000000 || ni < 0 || ni > di)
        return false;
    if (ofs && (!json_is_string(of) || !in_list(json_string_value(of), ofs)))
        return false;
    return true;
}

/* Walks params and sub-objects; counts period keys and vote bodies; fails on bad values. */
static bool check_params(const json_t *p, const char *kind, int depth, int *found)
{
    static const char *const HEAD_OFS[] = {"present", "eligible", NULL};
    static const char *const AMOUNT_OFS[] = {"unsecured", "eligible", "present", NULL};
    static const char *const ROLLS[] = {"forward", "backward", "none", NULL};
    const char *k;
    const json_t *v;
    if (depth > 4)
        return false;
    json_object_foreach((json_t *)p, k, v)
    {
        if (in_list(k, PERIOD_KEYS)) {
            if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100000)
                return false;
            if (strcmp(kind, "period") == 0)
                (*found)++;
        } else if (strcmp(k, "roll") == 0) {
            if (!json_is_string(v) || !in_list(json_string_value(v), ROLLS))
                return false;
        } else if (strcmp(k, "heads") == 0 || strcmp(k, "amount") == 0) {
            if (!frac_ok(v, k[0] == 'h' ? HEAD_OFS : AMOUNT_OFS))
                return false;
            if (strcmp(kind, "vote") == 0)
                (*found)++;
        } else if (strcmp(k, "more_than") == 0) {
            if (!frac_ok(v, NULL))
                return false;
        } else if (strlen(k) > 4 && strcmp(k + strlen(k) - 4, "_fen") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 0)
                return false;
        } else if (json_is_object(v) && !check_params(v, kind, depth + 1, found)) {
            return false;
        }
    }
    if (strcmp(kind, "vote") == 0 && json_is_true(json_object_get(p, "all_groups")))
        (*found) += 2;
    return true;
}

static int validate_params(const json_t *params, const char *kind, const char *id, char *err,
                           size_t errlen)
{
    int found = 0;
    if (!json_is_object(params))
        return fail(err, errlen, "rule %s: params must be an object", id);
    if (!check_params(params, kind, 0, &found))
        return fail(err, errlen, "rule %s: a parameter has an invalid value", id);
    if (strcmp(kind, "period") == 0 && found == 0)
        return fail(err, errlen, "rule %s: a period rule needs days, months, years or bounds", id);
    if (strcmp(kind, "vote") == 0 && found < 2)
        return fail(err, errlen, "rule %s: a vote rule needs heads and amount (or all_groups)", id);
    return 0;
}

/* ---- parsing --------------------------------------------------------------------- */

static int parse_profiles(rules_catalogue *c, char *err, size_t errlen)
{
    const json_t *arr = json_object_get(c->root, "profiles");
    size_t i;
    const json_t *p;
    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return fail(err, errlen, "catalogue: 'profiles' must be a non-empty array");
    c->profiles = calloc(json_array_size(arr), sizeof *c->profiles);
    if (!c->profiles)
        return fail(err, errlen, "out of memory");
    json_array_foreach(arr, i, p)
    {
        struct profile *pr = &c->profiles[i];
        pr->id = str_member(p, "id");
        pr->title = str_member(p, "title");
        pr->note = str_member(p, "note");
        if (!pr->id)
            return fail(err, errlen, "profile %zu: missing id", i);
        c->nprofiles = i;
        if (profile_index(c, pr->id) >= 0)
            return fail(err, errlen, "profile %s: duplicate", pr->id);
        c->nprofiles = i + 1;
    }
    json_array_foreach(arr, i, p)
    {
        const json_t *b = json_object_get(p, "base");
        c->profiles[i].base = -1;
        if (b && !json_is_null(b)) {
            c->profiles[i].base = profile_index(c, json_is_string(b) ? json_string_value(b) : NULL);
            if (c->profiles[i].base < 0)
                return fail(err, errlen, "profile %s: unknown base", c->profiles[i].id);
        }
    }
    for (i = 0; i < c->nprofiles; i++) { /* acyclic: a chain longer than nprofiles loops */
        int q = (int)i;
        for (size_t steps = 0; q >= 0; steps++, q = c->profiles[q].base)
            if (steps > c->nprofiles)
                return fail(err, errlen, "profile %s: base chain loops", c->profiles[i].id);
    }
    c->default_profile = str_member(c->root, "default_profile");
    if (profile_index(c, c->default_profile) < 0)
        return fail(err, errlen, "catalogue: default_profile missing or unknown");
    return 0;
}

static int parse_entry(rules_catalogue *c, size_t i, const json_t *e, char *err, size_t errlen)
{
    struct rule *r = &c->rules[i];
    const json_t *note = json_object_get(e, "note");
    if (!json_is_object(e))
        return fail(err, errlen, "rule %zu: not an object", i);
    r->id = str_member(e, "id");
    if (!valid_id(r->id))
        return fail(err, errlen, "rule %zu: missing or malformed id", i);
    r->profile = str_member(e, "profile");
    r->title = str_member(e, "title");
    r->citation = str_member(e, "citation");
    r->kind = str_member(e, "kind");
    r->apply = str_member(e, "apply");
    r->params = json_object_get(e, "params");
    r->overrides = json_object_get(e, "overrides");
    if (!r->profile || !r->title || !r->citation || !r->kind || !r->apply)
        return fail(err, errlen, "rule %s: profile, title, citation, kind and apply are required",
                    r->id);
    if (note && !json_is_string(note))
        return fail(err, errlen, "rule %s: note must be a string", r->id);
    r->note = note ? json_string_value(note) : NULL;
    if ((c->rule_profile[i] = profile_index(c, r->profile)) < 0)
        return fail(err, errlen, "rule %s: unknown profile %s", r->id, r->profile);
    if (!in_list(r->kind, KINDS))
        return fail(err, errlen, "rule %s: unknown kind %s", r->id, r->kind);
    if (!in_list(r->apply, APPLIES))
        return fail(err, errlen, "rule %s: unknown apply %s", r->id, r->apply);
    for (size_t j = 0; j < i; j++)
        if (strcmp(c->rules[j].id, r->id) == 0)
            return fail(err, errlen, "rule %s: duplicate id", r->id);
    return validate_params(r->params, r->kind, r->id, err, errlen);
}

static int add_standin(rules_catalogue *c, size_t i, const char *base_id, const json_t *sel,
                       char *err, size_t errlen)
{
    const struct rule *r = &c->rules[i];
    struct standin *s = &c->standins[c->nstandins];
    const json_t *params = r->params;
    if (!valid_id(base_id))
        return fail(err, errlen, "rule %s: malformed overridden id", r->id);
    if (json_is_string(sel)) {
        params = json_object_get(r->params, json_string_value(sel));
        if (!json_is_object(params))
            return fail(err, errlen, "rule %s: overrides %s names no params object", r->id,
                        base_id);
    } else if (sel && !json_is_true(sel)) {
        return fail(err, errlen, "rule %s: overrides %s must be true or a params key", r->id,
                    base_id);
    }
    for (size_t j = 0; j < c->nstandins; j++)
        if (c->standins[j].profile == c->rule_profile[i] &&
            strcmp(c->standins[j].base_id, base_id) == 0)
            return fail(err, errlen, "rule %s: %s is overridden twice", r->id, base_id);
    s->profile = c->rule_profile[i];
    s->base_id = base_id;
    s->r = *r;
    s->r.params = params;
    s->r.stands_for = base_id;
    c->nstandins++;
    return 0;
}

static int parse_overrides(rules_catalogue *c, char *err, size_t errlen)
{
    size_t n = 0, i, k;
    const json_t *v;
    const char *key;
    for (i = 0; i < c->nrules; i++)
        n += json_is_array(c->rules[i].overrides)    ? json_array_size(c->rules[i].overrides)
             : json_is_object(c->rules[i].overrides) ? json_object_size(c->rules[i].overrides)
                                                     : 0;
    c->standins = calloc(n ? n : 1, sizeof *c->standins);
    if (!c->standins)
        return fail(err, errlen, "out of memory");
    for (i = 0; i < c->nrules; i++) {
        const json_t *o = c->rules[i].overrides;
        if (!o || json_is_null(o))
            continue;
        if (c->profiles[c->rule_profile[i]].base < 0)
            return fail(err, errlen, "rule %s: overrides in a profile without base",
                        c->rules[i].id);
        if (json_is_array(o)) {
            json_array_foreach(
                o, k, v) if (add_standin(c, i, json_string_value(v), NULL, err, errlen)) return -1;
        } else if (json_is_object(o)) {
            json_object_foreach((json_t *)o, key,
                                v) if (add_standin(c, i, key, v, err, errlen)) return -1;
        } else {
            return fail(err, errlen, "rule %s: overrides must be an array or object",
                        c->rules[i].id);
        }
    }
    return 0;
}

/* Each stand-in must replace a rule the base chain has, and fit that rule's kind. */
static int check_standins(rules_catalogue *c, char *err, size_t errlen)
{
    for (size_t j = 0; j < c->nstandins; j++) {
        struct standin *s = &c->standins[j];
        const struct rule *b =
            rules_find(c, c->profiles[c->profiles[s->profile].base].id, s->base_id);
        if (!b)
            return fail(err, errlen, "rule %s: overrides unknown %s", s->r.id, s->base_id);
        s->r.kind = b->kind;
        s->r.apply = b->apply;
        if (validate_params(s->r.params, b->kind, s->r.id, err, errlen))
            return -1;
    }
    return 0;
}

int rules_catalogue_parse(const char *text, size_t len, rules_catalogue **out, char *err,
                          size_t errlen)
{
    json_error_t jerr;
    rules_catalogue *c = calloc(1, sizeof *c);
    const json_t *arr;
    size_t i;
    const json_t *e;
    *out = NULL;
    if (err && errlen)
        err[0] = '\0';
    if (!c)
        return fail(err, errlen, "out of memory");
    c->root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!c->root) {
        fail(err, errlen, "catalogue JSON: %s (line %d)", jerr.text, jerr.line);
        goto bad;
    }
    if (!json_is_object(c->root) || parse_profiles(c, err, errlen))
        goto bad_msg;
    arr = json_object_get(c->root, "rules");
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        fail(err, errlen, "catalogue: 'rules' must be a non-empty array");
        goto bad;
    }
    c->rules = calloc(json_array_size(arr), sizeof *c->rules);
    c->rule_profile = calloc(json_array_size(arr), sizeof *c->rule_profile);
    if (!c->rules || !c->rule_profile)
        goto bad_msg;
    json_array_foreach(arr, i, e)
    {
        if (parse_entry(c, i, e, err, errlen))
            goto bad;
        c->nrules = i + 1;
    }
    if (parse_overrides(c, err, errlen) || check_standins(c, err, errlen))
        goto bad;
    *out = c;
    return 0;
bad_msg:
    if (err && errlen && !*err)
        fail(err, errlen, "catalogue: not a valid catalogue object");
bad:
    rules_catalogue_free(c);
    return -1;
}

void rules_catalogue_free(rules_catalogue *c)
{
    if (!c)
        return;
    free(c->profiles);
    free(c->rules);
    free(c->rule_profile);
    free(c->standins);
    json_decref(c->root);
    free(c);
}

/* ---- builtin ---------------------------------------------------------------------- */

static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;
static rules_catalogue *builtin;
static char builtin_err[256];

static void builtin_init(void)
{
    if (rules_catalogue_parse((const char *)embedded_catalogue, (size_t)embedded_catalogue_len,
                              &builtin, builtin_err, sizeof builtin_err))
        builtin = NULL;
}

const rules_catalogue *rules_builtin(void)
{
    pthread_once(&builtin_once, builtin_init);
    return builtin;
}

const char *rules_builtin_error(void)
{
    pthread_once(&builtin_once, builtin_init);
    return builtin_err;
}

/* ---- lookup ----------------------------------------------------------------------- */

const char *rules_default_profile(const rules_catalogue *c)
{
    return c ? c->default_profile : NULL;
}
bool rules_profile_exists(const rules_catalogue *c, const char *p)
{
    return c && profile_index(c, p) >= 0;
}
size_t rules_profile_count(const rules_catalogue *c)
{
    return c ? c->nprofiles : 0;
}
const char *rules_profile_id(const rules_catalogue *c, size_t i)
{
    return c && i < c->nprofiles ? c->profiles[i].id : NULL;
}
size_t rules_count(const rules_catalogue *c)
{
    return c ? c->nrules : 0;
}
const struct rule *rules_at(const rules_catalogue *c, size_t i)
{
    return c && i < c->nrules ? &c->rules[i] : NULL;
}

const char *rules_profile_base(const rules_catalogue *c, const char *profile)
{
    int p = c ? profile_index(c, profile) : -1;
    return p >= 0 && c->profiles[p].base >= 0 ? c->profiles[c->profiles[p].base].id : NULL;
}

const struct rule *rules_find(const rules_catalogue *c, const char *profile, const char *id)
{
    if (!c || !id)
        return NULL;
    int p = profile_index(c, profile ? profile : c->default_profile);
    for (; p >= 0; p = c->profiles[p].base) {
        for (size_t i = 0; i < c->nrules; i++)
            if (c->rule_profile[i] == p && strcmp(c->rules[i].id, id) == 0)
                return &c->rules[i];
        for (size_t j = 0; j < c->nstandins; j++)
            if (c->standins[j].profile == p && strcmp(c->standins[j].base_id, id) == 0)
                return &c->standins[j].r;
    }
    return NULL;
}

/* ---- params ------------------------------------------------------------------------ */

const json_t *rules_param(const struct rule *r, const char *name)
{
    return r && r->params && name ? json_object_get(r->params, name) : NULL;
}

bool rules_param_i64(const struct rule *r, const char *name, int64_t *out)
{
    const json_t *v = rules_param(r, name);
    if (!json_is_integer(v))
        return false;
    *out = (int64_t)json_integer_value(v);
    return true;
}

const char *rules_param_str(const struct rule *r, const char *name)
{
    const json_t *v = rules_param(r, name);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

bool rules_param_frac(const struct rule *r, const char *name, int64_t *num, int64_t *den,
                      const char **of)
{
    const json_t *f = rules_param(r, name);
    if (!frac_ok(f, NULL))
        return false;
    *num = (int64_t)json_integer_value(json_object_get(f, "num"));
    *den = (int64_t)json_integer_value(json_object_get(f, "den"));
    if (of)
        *of = json_string_value(json_object_get(f, "of"));
    return true;
}

bool rules_subrule(const struct rule *r, const char *key, struct rule *out)
{
    const json_t *sub = rules_param(r, key);
    if (!json_is_object(sub))
        return false;
    *out = *r;
    out->params = sub;
    return true;
}

/* ---- JSON as served ------------------------------------------------------------------ */

static void set_str(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, v ? json_string(v) : json_null());
}

json_t *rules_rule_json(const struct rule *r)
{
    json_t *o;
    if (!r || !(o = json_object()))
        return NULL;
    set_str(o, "id", r->id);
    set_str(o, "profile", r->profile);
    set_str(o, "title", r->title);
    set_str(o, "citation", r->citation);
    set_str(o, "kind", r->kind);
    set_str(o, "apply", r->apply);
    json_object_set_new(o, "params", r->params ? json_deep_copy(r->params) : json_object());
    set_str(o, "note", r->note);
    if (r->overrides)
        json_object_set_new(o, "overrides", json_deep_copy(r->overrides));
    if (r->stands_for)
        set_str(o, "stands_for", r->stands_for);
    return o;
}

static json_t *profiles_json(const rules_catalogue *c)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < c->nprofiles; i++) {
        json_t *p = json_object();
        set_str(p, "id", c->profiles[i].id);
        set_str(p, "title", c->profiles[i].title);
        set_str(p, "base", c->profiles[i].base >= 0 ? c->profiles[c->profiles[i].base].id : NULL);
        set_str(p, "note", c->profiles[i].note);
        json_array_append_new(a, p);
    }
    return a;
}

static bool in_chain(const rules_catalogue *c, int p, int q)
{
    for (; p >= 0; p = c->profiles[p].base)
        if (p == q)
            return true;
    return false;
}

/* In force in profile: found under its own id there, and, for an overriding entry,
 * still standing in for at least one base rule (not overridden again further down). */
static bool in_force(const rules_catalogue *c, const char *profile, const struct rule *r)
{
    const json_t *o = r->overrides, *v;
    const char *key;
    size_t i;
    if (rules_find(c, profile, r->id) != r)
        return false;
    if (json_is_array(o)) {
        json_array_foreach(o, i, v)
        {
            const struct rule *s = rules_find(c, profile, json_string_value(v));
            if (s && strcmp(s->id, r->id) == 0)
                return true;
        }
        return false;
    }
    if (json_is_object(o)) {
        json_object_foreach((json_t *)o, key, v)
        {
            const struct rule *s = rules_find(c, profile, key);
            if (s && strcmp(s->id, r->id) == 0)
                return true;
        }
        return false;
    }
    return true;
}

json_t *rules_catalogue_json(const rules_catalogue *c, const char *profile, const char *kind)
{
    int p = -1;
    json_t *o, *rules;
    if (!c || (profile && (p = profile_index(c, profile)) < 0))
        return NULL;
    o = json_object();
    rules = json_array();
    set_str(o, "default_profile", c->default_profile);
    json_object_set_new(o, "profiles", profiles_json(c));
    for (size_t i = 0; i < c->nrules; i++) {
        const struct rule *r = &c->rules[i];
        if (kind && strcmp(r->kind, kind) != 0)
            continue;
        if (p >= 0 && (!in_chain(c, p, c->rule_profile[i]) || !in_force(c, profile, r)))
            continue;
        json_array_append_new(rules, rules_rule_json(r));
    }
    json_object_set_new(o, "rules", rules);
    return o;
}
