/* openapi_check.c: YAML to jansson with libyaml, and a JSON Schema 2020-12 validator for
 * the subset openapi.yaml uses ($ref, type, enum, const, properties, required,
 * additionalProperties, items, allOf/anyOf/oneOf/not, string and number bounds, pattern,
 * format date/date-time/uuid), applied to every response the harness receives. Undeclared
 * object properties are refused unless a schema says additionalProperties: the document is
 * the whole contract, so a field the server adds without documenting it fails a test. */
#include "openapi_check.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "http.h"

/* ---- YAML to JSON ---- */

static bool all_digits(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

static bool is_float_text(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    bool digits = false, dot = false;
    for (; *s && *s != 'e' && *s != 'E'; s++) {
        if (isdigit((unsigned char)*s))
            digits = true;
        else if (*s == '.' && !dot)
            dot = true;
        else
            return false;
    }
    if (!digits)
        return false;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '-' || *s == '+')
            s++;
        return all_digits(s);
    }
    return dot;
}

/* A plain scalar by the YAML 1.2 core schema; quoted and block scalars are strings. */
static json_t *scalar_to_json(const yaml_node_t *n)
{
    const char *s = (const char *)n->data.scalar.value;
    if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return json_stringn(s, n->data.scalar.length);
    if (*s == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
        strcmp(s, "NULL") == 0)
        return json_null();
    if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 || strcmp(s, "TRUE") == 0)
        return json_true();
    if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 || strcmp(s, "FALSE") == 0)
        return json_false();
    const char *digits = (*s == '-' || *s == '+') ? s + 1 : s;
    if (all_digits(digits) && strlen(digits) < 19)
        return json_integer(strtoll(s, NULL, 10));
    if (is_float_text(s))
        return json_real(strtod(s, NULL));
    return json_stringn(s, n->data.scalar.length);
}

static json_t *node_to_json(yaml_document_t *d, yaml_node_t *n, int depth, char *err, size_t len)
{
    if (n == NULL || depth > 64) {
        snprintf(err, len, "YAML nesting too deep (or an alias cycle)");
        return NULL;
    }
    if (n->type == YAML_SCALAR_NODE)
        return scalar_to_json(n);
    if (n->type == YAML_SEQUENCE_NODE) {
        json_t *arr = json_array();
        for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top;
             i++) {
            json_t *v = node_to_json(d, yaml_document_get_node(d, *i), depth + 1, err, len);
            if (v == NULL) {
                json_decref(arr);
                return NULL;
            }
            json_array_append_new(arr, v);
        }
        return arr;
    }
    json_t *obj = json_object();
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(d, p->key);
        if (k == NULL || k->type != YAML_SCALAR_NODE) {
            snprintf(err, len, "line %zu: a mapping key that is not a scalar",
                     k ? k->start_mark.line + 1 : 0);
            json_decref(obj);
            return NULL;
        }
        const char *key = (const char *)k->data.scalar.value;
        if (json_object_get(obj, key) != NULL) {
            snprintf(err, len, "line %zu: duplicate key %s", k->start_mark.line + 1, key);
            json_decref(obj);
            return NULL;
        }
        json_t *v = node_to_json(d, yaml_document_get_node(d, p->value), depth + 1, err, len);
        if (v == NULL) {
            json_decref(obj);
            return NULL;
        }
        json_object_set_new(obj, key, v);
    }
    return obj;
}

json_t *oac_yaml_to_json(const char *text, size_t len, char *err, size_t errlen)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        snprintf(err, errlen, "libyaml: cannot initialise the parser");
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    json_t *out = NULL;
    if (!yaml_parser_load(&parser, &doc)) {
        snprintf(err, errlen, "YAML line %zu: %s", parser.problem_mark.line + 1,
                 parser.problem ? parser.problem : "parse error");
    } else {
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        if (root == NULL)
            snprintf(err, errlen, "the YAML document is empty");
        else
            out = node_to_json(&doc, root, 0, err, errlen);
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    return out;
}

/* ---- JSON pointers ---- */

struct ptr {
    char buf[1024];
    size_t len;
};

static size_t ptr_push_key(struct ptr *p, const char *key)
{
    size_t old = p->len;
    if (p->len + 1 < sizeof p->buf)
        p->buf[p->len++] = '/';
    for (const char *k = key; *k && p->len + 2 < sizeof p->buf; k++) {
        if (*k == '~' || *k == '/') {
            p->buf[p->len++] = '~';
            p->buf[p->len++] = *k == '~' ? '0' : '1';
        } else {
            p->buf[p->len++] = *k;
        }
    }
    p->buf[p->len] = '\0';
    return old;
}

static size_t ptr_push_index(struct ptr *p, size_t i)
{
    char n[24];
    snprintf(n, sizeof n, "%zu", i);
    return ptr_push_key(p, n);
}

static void ptr_pop(struct ptr *p, size_t old)
{
    p->len = old;
    p->buf[old] = '\0';
}

const json_t *oac_resolve(const json_t *doc, const char *ref)
{
    if (ref[0] != '#')
        return NULL;
    const json_t *at = doc;
    const char *s = ref + 1;
    while (*s == '/' && at != NULL) {
        s++;
        char token[256];
        size_t n = 0;
        while (*s && *s != '/' && n + 1 < sizeof token) {
            if (s[0] == '~' && (s[1] == '0' || s[1] == '1')) {
                token[n++] = s[1] == '0' ? '~' : '/';
                s += 2;
            } else {
                token[n++] = *s++;
            }
        }
        token[n] = '\0';
        if (json_is_array(at))
            at = json_array_get(at, strtoul(token, NULL, 10));
        else
            at = json_object_get(at, token);
    }
    return *s == '\0' ? at : NULL;
}

/* ---- the validator ---- */

struct vctx {
    const json_t *doc;
    struct ptr at;      /* the instance location being checked */
    const char *schema; /* the $ref being applied, for the message */
    bool failed;
    size_t fail_depth; /* the length of the pointer that failed (deepest branch wins) */
    char err[2048];
};

static bool fail(struct vctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(struct vctx *c, const char *fmt, ...)
{
    if (c->failed)
        return false;
    char what[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(c->err, sizeof c->err, "at %s: %s%s%s%s", c->at.len ? c->at.buf : "\"\" (the body)",
             what, c->schema ? " (schema " : "", c->schema ? c->schema : "", c->schema ? ")" : "");
    c->failed = true;
    c->fail_depth = c->at.len;
    return false;
}

static const char *json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "object";
    case JSON_ARRAY:
        return "array";
    case JSON_STRING:
        return "string";
    case JSON_INTEGER:
        return "integer";
    case JSON_REAL:
        return "number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "boolean";
    default:
        return "null";
    }
}

static bool has_type(const json_t *v, const char *type)
{
    if (strcmp(type, "integer") == 0) /* 2020-12: 2.0 is an integer too */
        return json_is_integer(v) ||
               (json_is_real(v) && json_real_value(v) == trunc(json_real_value(v)));
    if (strcmp(type, "number") == 0)
        return json_is_number(v);
    return strcmp(type, json_type_name(v)) == 0;
}

/* Whether the type keyword (a name or a list of names) admits v. */
static bool type_ok(const json_t *type, const json_t *v)
{
    if (json_is_string(type))
        return has_type(v, json_string_value(type));
    size_t i;
    json_t *t;
    json_array_foreach(type, i, t)
    {
        if (json_is_string(t) && has_type(v, json_string_value(t)))
            return true;
    }
    return false;
}

static bool type_allows_object(const json_t *type)
{
    json_t *object = json_object();
    bool allows = type != NULL && type_ok(type, object);
    json_decref(object);
    return allows;
}

static size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

/* Patterns are compiled once (POSIX extended syntax, which the document's patterns keep
 * to) and kept for the process; some suites call the server from several threads. */
static bool pattern_matches(const char *pattern, const char *s)
{
    static struct {
        char *pattern;
        regex_t re;
        bool ok;
    } cache[64];
    static unsigned used;
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&lock);
    unsigned i;
    for (i = 0; i < used; i++)
        if (strcmp(cache[i].pattern, pattern) == 0)
            break;
    if (i == used && used < sizeof cache / sizeof cache[0]) {
        cache[i].pattern = strdup(pattern);
        cache[i].ok = regcomp(&cache[i].re, pattern, REG_EXTENDED | REG_NOSUB) == 0;
        used++;
    }
    pthread_mutex_unlock(&lock);
    if (i == sizeof cache / sizeof cache[0])
        return true; /* more patterns than this checker keeps: not checked */
    return cache[i].ok && regexec(&cache[i].re, s, 0, NULL, 0) == 0;
}

static bool date_ok(const char *s)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
        sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return false;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] + (m == 2 && leap);
}

static bool date_time_ok(const char *s)
{
    char date[11];
    if (strlen(s) < 20)
        return false;
    memcpy(date, s, 10);
    date[10] = '\0';
    if (!date_ok(date) || (s[10] != 'T' && s[10] != 't'))
        return false;
    static const char *time_re = "^[0-2][0-9]:[0-5][0-9]:[0-6][0-9](\\.[0-9]+)?"
                                 "([Zz]|[+-][0-2][0-9]:[0-5][0-9])$";
    return pattern_matches(time_re, s + 11);
}

static bool uuid_ok(const char *s)
{
    if (strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return false;
    }
    return true;
}

static bool format_ok(const char *format, const char *s)
{
    if (strcmp(format, "date") == 0)
        return date_ok(s);
    if (strcmp(format, "date-time") == 0)
        return date_time_ok(s);
    if (strcmp(format, "uuid") == 0)
        return uuid_ok(s);
    return true; /* other formats are annotations only */
}

static bool v_schema(struct vctx *c, const json_t *schema, const json_t *inst, json_t *evaluated,
                     bool *closed);

/* Refuses a property of inst that neither the schemas applied here (evaluated) nor those
 * around a branch (outer, or NULL) evaluated. */
static bool all_declared(struct vctx *c, const json_t *inst, const json_t *evaluated,
                         const json_t *outer)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)inst, key, v)
    {
        if (json_object_get(evaluated, key) != NULL || json_object_get(outer, key) != NULL)
            continue;
        size_t old = ptr_push_key(&c->at, key);
        fail(c, "property not declared by the schema");
        ptr_pop(&c->at, old);
        return false;
    }
    return true;
}

/* Applies schema at a new instance location (a property or an item, or the body): the
 * properties the in-place subschemas evaluate are collected, and an object schema that
 * does not say additionalProperties refuses the others. */
static bool v_at(struct vctx *c, const json_t *schema, const json_t *inst)
{
    json_t *evaluated = json_is_object(inst) ? json_object() : NULL;
    bool closed = false;
    bool ok = v_schema(c, schema, inst, evaluated, &closed);
    if (ok && closed && evaluated != NULL)
        ok = all_declared(c, inst, evaluated, NULL);
    json_decref(evaluated);
    return ok;
}

static bool v_string(struct vctx *c, const json_t *schema, const char *s)
{
    const json_t *k;
    if ((k = json_object_get(schema, "minLength")) &&
        utf8_length(s) < (size_t)json_integer_value(k))
        return fail(c, "string shorter than minLength %lld", (long long)json_integer_value(k));
    if ((k = json_object_get(schema, "maxLength")) &&
        utf8_length(s) > (size_t)json_integer_value(k))
        return fail(c, "string longer than maxLength %lld", (long long)json_integer_value(k));
    if ((k = json_object_get(schema, "pattern")) && !pattern_matches(json_string_value(k), s))
        return fail(c, "\"%.80s\" does not match pattern %s", s, json_string_value(k));
    if ((k = json_object_get(schema, "format")) && !format_ok(json_string_value(k), s))
        return fail(c, "\"%.80s\" is not a %s", s, json_string_value(k));
    return true;
}

static bool v_number(struct vctx *c, const json_t *schema, double x)
{
    const json_t *k;
    if ((k = json_object_get(schema, "minimum")) && x < json_number_value(k))
        return fail(c, "%g is below minimum %g", x, json_number_value(k));
    if ((k = json_object_get(schema, "maximum")) && x > json_number_value(k))
        return fail(c, "%g is above maximum %g", x, json_number_value(k));
    if ((k = json_object_get(schema, "exclusiveMinimum")) && x <= json_number_value(k))
        return fail(c, "%g is not above exclusiveMinimum %g", x, json_number_value(k));
    if ((k = json_object_get(schema, "exclusiveMaximum")) && x >= json_number_value(k))
        return fail(c, "%g is not below exclusiveMaximum %g", x, json_number_value(k));
    return true;
}

static bool v_array(struct vctx *c, const json_t *schema, const json_t *inst)
{
    const json_t *k;
    size_t n = json_array_size(inst);
    if ((k = json_object_get(schema, "minItems")) && n < (size_t)json_integer_value(k))
        return fail(c, "%zu items, fewer than minItems %lld", n, (long long)json_integer_value(k));
    if ((k = json_object_get(schema, "maxItems")) && n > (size_t)json_integer_value(k))
        return fail(c, "%zu items, more than maxItems %lld", n, (long long)json_integer_value(k));
    if (json_is_true(json_object_get(schema, "uniqueItems")))
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                if (json_equal(json_array_get(inst, i), json_array_get(inst, j)))
                    return fail(c, "items %zu and %zu are equal (uniqueItems)", i, j);
    const json_t *prefix = json_object_get(schema, "prefixItems");
    size_t first = json_array_size(prefix);
    const json_t *items = json_object_get(schema, "items");
    for (size_t i = 0; i < n; i++) {
        const json_t *sub = i < first ? json_array_get(prefix, i) : items;
        if (sub == NULL)
            continue;
        size_t old = ptr_push_index(&c->at, i);
        bool ok = v_at(c, sub, json_array_get(inst, i));
        ptr_pop(&c->at, old);
        if (!ok)
            return false;
    }
    return true;
}

static bool v_object(struct vctx *c, const json_t *schema, const json_t *inst, json_t *evaluated,
                     bool *closed)
{
    const json_t *k;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(schema, "required"), i, v)
    {
        const char *name = json_string_value(v);
        if (name != NULL && json_object_get(inst, name) == NULL) {
            size_t old = ptr_push_key(&c->at, name);
            fail(c, "required property is missing");
            ptr_pop(&c->at, old);
            return false;
        }
    }
    size_t n = json_object_size(inst);
    if ((k = json_object_get(schema, "minProperties")) && n < (size_t)json_integer_value(k))
        return fail(c, "fewer than minProperties %lld", (long long)json_integer_value(k));
    if ((k = json_object_get(schema, "maxProperties")) && n > (size_t)json_integer_value(k))
        return fail(c, "more than maxProperties %lld", (long long)json_integer_value(k));
    const json_t *props = json_object_get(schema, "properties");
    const json_t *additional = json_object_get(schema, "additionalProperties");
    const char *key;
    json_object_foreach((json_t *)inst, key, v)
    {
        const json_t *sub = json_object_get(props, key);
        if (sub == NULL && additional == NULL)
            continue;
        size_t old = ptr_push_key(&c->at, key);
        bool ok = sub != NULL                 ? v_at(c, sub, v)
                  : json_is_false(additional) ? fail(c, "property not declared by the schema")
                                              : v_at(c, additional, v);
        ptr_pop(&c->at, old);
        if (!ok)
            return false;
        if (evaluated != NULL)
            json_object_set_new(evaluated, key, json_true());
    }
    if (json_is_false(json_object_get(schema, "unevaluatedProperties")) ||
        (additional == NULL &&
         (props != NULL || type_allows_object(json_object_get(schema, "type")))))
        *closed = true;
    return true;
}

/* One branch of anyOf/oneOf in place, with its own record of evaluated properties; on
 * failure the deepest message of the branches is kept in best. */
static bool v_branch(struct vctx *c, const json_t *sub, const json_t *inst, const json_t *outer,
                     json_t **evaluated, bool *closed, struct vctx *best)
{
    struct vctx b = *c;
    b.failed = false;
    *evaluated = json_is_object(inst) ? json_object() : NULL;
    *closed = false;
    bool ok = v_schema(&b, sub, inst, *evaluated, closed);
    if (ok && *closed && *evaluated != NULL)
        ok = all_declared(&b, inst, *evaluated, outer); /* a closed branch is closed */
    if (!ok && (!best->failed || b.fail_depth > best->fail_depth)) {
        best->failed = true;
        best->fail_depth = b.fail_depth;
        snprintf(best->err, sizeof best->err, "%s", b.err);
    }
    if (!ok) {
        json_decref(*evaluated);
        *evaluated = NULL;
    }
    return ok;
}

static void merge_evaluated(json_t *into, json_t *from)
{
    if (into != NULL && from != NULL)
        json_object_update(into, from);
    json_decref(from);
}

static bool v_combinators(struct vctx *c, const json_t *schema, const json_t *inst,
                          json_t *evaluated, bool *closed)
{
    size_t i;
    json_t *sub;
    json_array_foreach(json_object_get(schema, "allOf"), i, sub)
    {
        if (!v_schema(c, sub, inst, evaluated, closed))
            return false;
    }
    static const char *const choices[] = {"anyOf", "oneOf"};
    for (int k = 0; k < 2; k++) {
        const json_t *list = json_object_get(schema, choices[k]);
        if (list == NULL)
            continue;
        struct vctx best = {.failed = false};
        unsigned passed = 0;
        json_array_foreach(list, i, sub)
        {
            json_t *ev;
            bool sub_closed;
            if (!v_branch(c, sub, inst, evaluated, &ev, &sub_closed, &best))
                continue;
            passed++;
            *closed = *closed || sub_closed;
            merge_evaluated(evaluated, ev);
        }
        if (passed == 0) {
            fail(c, "matches no branch of %s; the closest fails %s", choices[k], best.err);
            return false;
        }
        if (k == 1 && passed > 1)
            return fail(c, "matches %u branches of oneOf, not one", passed);
    }
    const json_t *not = json_object_get(schema, "not");
    if (not != NULL) {
        struct vctx best = {.failed = false};
        json_t *ev;
        bool sub_closed;
        if (v_branch(c, not, inst, evaluated, &ev, &sub_closed, &best)) {
            json_decref(ev);
            return fail(c, "matches the schema of not");
        }
    }
    return true;
}

static bool v_schema(struct vctx *c, const json_t *schema, const json_t *inst, json_t *evaluated,
                     bool *closed)
{
    if (json_is_true(schema))
        return true;
    if (json_is_false(schema))
        return fail(c, "no value is allowed here");
    if (!json_is_object(schema))
        return fail(c, "the document has a schema that is not an object");
    const json_t *ref = json_object_get(schema, "$ref");
    if (ref != NULL) {
        const json_t *target = oac_resolve(c->doc, json_string_value(ref));
        if (target == NULL)
            return fail(c, "the document's $ref %s resolves to nothing", json_string_value(ref));
        const char *outer = c->schema;
        c->schema = json_string_value(ref);
        bool ok = v_schema(c, target, inst, evaluated, closed);
        c->schema = outer;
        if (!ok)
            return false;
    }
    const json_t *k;
    if ((k = json_object_get(schema, "type")) && !type_ok(k, inst)) {
        char *want = json_dumps(k, JSON_COMPACT | JSON_ENCODE_ANY);
        fail(c, "%s where the schema wants type %s", json_type_name(inst), want);
        free(want);
        return false;
    }
    if ((k = json_object_get(schema, "const")) && !json_equal(k, inst))
        return fail(c, "not the const value of the schema");
    if ((k = json_object_get(schema, "enum")) != NULL) {
        size_t i;
        json_t *e;
        bool found = false;
        json_array_foreach(k, i, e)
        {
            found = found || json_equal(e, inst);
        }
        if (!found) {
            char *got = json_dumps(inst, JSON_COMPACT | JSON_ENCODE_ANY);
            fail(c, "%.80s is not one of the enum", got);
            free(got);
            return false;
        }
    }
    bool ok = true;
    if (json_is_string(inst))
        ok = v_string(c, schema, json_string_value(inst));
    else if (json_is_number(inst))
        ok = v_number(c, schema, json_number_value(inst));
    else if (json_is_array(inst))
        ok = v_array(c, schema, inst);
    else if (json_is_object(inst))
        ok = v_object(c, schema, inst, evaluated, closed);
    return ok && v_combinators(c, schema, inst, evaluated, closed);
}

char *oac_validate(const json_t *doc, const json_t *schema, const json_t *instance)
{
    struct vctx c = {.doc = doc};
    if (v_at(&c, schema, instance))
        return NULL;
    return strdup(c.err);
}

/* ---- responses ---- */

static bool template_matches(const char *t, const char *p, const char *end)
{
    while (*t && p < end) {
        if (*t == '{') {
            const char *close = strchr(t, '}');
            const char *seg = p;
            while (p < end && *p != '/')
                p++;
            if (close == NULL || p == seg)
                return false;
            t = close + 1;
        } else if (*t++ != *p++) {
            return false;
        }
    }
    return *t == '\0' && p == end;
}

const char *oac_match_path(const json_t *doc, const char *target)
{
    const char *end = target + strcspn(target, "?#");
    const char *best = NULL;
    unsigned best_rank = 0;
    const char *tmpl;
    json_t *item;
    json_object_foreach(json_object_get(doc, "paths"), tmpl, item)
    {
        if (!template_matches(tmpl, target, end))
            continue;
        unsigned rank = http_pattern_rank(tmpl); /* as the server routes */
        if (best == NULL || rank > best_rank) {
            best = tmpl;
            best_rank = rank;
        }
    }
    return best;
}

static const json_t *deref(const json_t *doc, const json_t *v)
{
    for (int i = 0; i < 8 && json_is_string(json_object_get(v, "$ref")); i++)
        v = oac_resolve(doc, json_string_value(json_object_get(v, "$ref")));
    return v;
}

static const json_t *declared_response(const json_t *responses, long status)
{
    char key[24];
    snprintf(key, sizeof key, "%ld", status);
    const json_t *r = json_object_get(responses, key);
    if (r == NULL) {
        snprintf(key, sizeof key, "%ldXX", status / 100);
        r = json_object_get(responses, key);
    }
    if (r == NULL) {
        snprintf(key, sizeof key, "%ldxx", status / 100);
        r = json_object_get(responses, key);
    }
    return r ? r : json_object_get(responses, "default");
}

/* The declared media type that content_type matches (exactly, type/ *, or * / *). */
static const json_t *media_type(const json_t *content, const char *content_type)
{
    char mt[128];
    size_t n = strcspn(content_type, "; ");
    snprintf(mt, sizeof mt, "%.*s", (int)n, content_type);
    for (char *s = mt; *s; s++)
        *s = (char)tolower((unsigned char)*s);
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)content, key, v)
    {
        if (strcasecmp(key, mt) == 0 || strcmp(key, "*/*") == 0)
            return v;
        const char *slash = strchr(mt, '/');
        if (slash && strncasecmp(key, mt, (size_t)(slash - mt + 1)) == 0 &&
            strcmp(key + (slash - mt + 1), "*") == 0)
            return v;
    }
    return NULL;
}

static bool is_json_media(const char *content_type)
{
    size_t n = strcspn(content_type, "; ");
    return (n == 16 && strncasecmp(content_type, "application/json", 16) == 0) ||
           (n > 5 && strncasecmp(content_type + n - 5, "+json", 5) == 0);
}

/* Allow must list exactly the methods the path item declares, OPTIONS aside. */
static bool allow_matches(const json_t *item, const char *allow, char *why, size_t len)
{
    static const char *const methods[] = {"get", "head", "post", "put", "patch", "delete", NULL};
    for (const char *const *m = methods; *m; m++) {
        bool declared = json_object_get(item, *m) != NULL, listed = false;
        for (const char *a = allow ? allow : ""; *a;) {
            while (*a == ' ' || *a == ',')
                a++;
            size_t n = strcspn(a, ", ");
            if (n == strlen(*m) && strncasecmp(a, *m, n) == 0)
                listed = true;
            a += n;
        }
        if (declared != listed) {
            snprintf(why, len, "Allow \"%s\" %s %s", allow ? allow : "(none)",
                     listed ? "lists" : "leaves out", *m);
            return false;
        }
    }
    return true;
}

static char *failure(const struct oac_response *r, const char *tmpl, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static char *failure(const struct oac_response *r, const char *tmpl, const char *fmt, ...)
{
    char what[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    size_t plen = strcspn(r->target, "?#");
    char *out = malloc(1600);
    snprintf(out, 1600, "openapi.yaml: %s %.*s (%s) answered %ld: %s", r->method, (int)plen,
             r->target, tmpl ? tmpl : "no path template", r->status, what);
    return out;
}

static char *check_body(const json_t *doc, const struct oac_response *r, const char *tmpl,
                        const json_t *response)
{
    const json_t *content = json_object_get(response, "content");
    if (strcmp(r->method, "HEAD") == 0)
        return r->body_len == 0 ? NULL : failure(r, tmpl, "a HEAD reply with a body");
    if (content == NULL || json_object_size(content) == 0)
        return r->body_len == 0 ? NULL
                                : failure(r, tmpl, "a body where the response declares none");
    /* RFC 9110 8.3: without Content-Type a recipient may assume application/octet-stream */
    const char *type = r->content_type ? r->content_type : "application/octet-stream";
    const json_t *media = media_type(content, type);
    if (media == NULL)
        return failure(r, tmpl, "Content-Type %s is not declared for this response", type);
    if (!is_json_media(type))
        return NULL;
    json_error_t jerr;
    json_t *body =
        json_loadb(r->body, r->body_len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
    if (body == NULL)
        return failure(r, tmpl, "the %s body is not JSON: %s", type, jerr.text);
    const json_t *schema = json_object_get(media, "schema");
    char *bad = schema ? oac_validate(doc, schema, body) : NULL;
    json_decref(body);
    if (bad == NULL)
        return NULL;
    char *out = failure(r, tmpl, "%s", bad);
    free(bad);
    return out;
}

bool oac_header_value(const char *headers, const char *name, char *out, size_t len)
{
    size_t n = strlen(name);
    for (const char *line = headers; line && *line;) {
        const char *end = strstr(line, "\r\n");
        if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
            const char *v = line + n + 1;
            while (*v == ' ')
                v++;
            size_t vlen = end ? (size_t)(end - v) : strlen(v);
            snprintf(out, len, "%.*s", (int)vlen, v);
            return true;
        }
        line = end ? end + 2 : NULL;
    }
    return false;
}

/* Each header the response declares keeps its schema when sent (an integer schema reads
 * the value as a number), and a required one is sent. */
static char *check_headers(const json_t *doc, const struct oac_response *r, const char *tmpl,
                           const json_t *response)
{
    const char *name;
    json_t *declared;
    json_object_foreach(json_object_get(response, "headers"), name, declared)
    {
        const json_t *header = deref(doc, declared);
        char value[1024];
        if (!oac_header_value(r->headers, name, value, sizeof value)) {
            if (json_is_true(json_object_get(header, "required")))
                return failure(r, tmpl, "the required header %s is missing", name);
            continue;
        }
        const json_t *schema = json_object_get(header, "schema");
        if (schema == NULL)
            continue;
        schema = deref(doc, schema);
        const json_t *type = json_object_get(schema, "type");
        bool integer = json_is_string(type) && strcmp(json_string_value(type), "integer") == 0;
        char *end;
        long long number = strtoll(value, &end, 10);
        json_t *v = integer && *value && *end == '\0' ? json_integer(number) : json_string(value);
        char *bad = oac_validate(doc, schema, v);
        json_decref(v);
        if (bad != NULL) {
            char *out = failure(r, tmpl, "header %s \"%s\": %s", name, value, bad);
            free(bad);
            return out;
        }
    }
    return NULL;
}

char *oac_check(const json_t *doc, const struct oac_response *r)
{
    const json_t *components = json_object_get(json_object_get(doc, "components"), "responses");
    const char *tmpl = oac_match_path(doc, r->target);
    const json_t *response;
    if (tmpl == NULL) {
        if (r->status != 404)
            return failure(r, tmpl, "no path of the document matches (expected 404)");
        response = json_object_get(components, "NotFound");
    } else {
        const json_t *item = json_object_get(json_object_get(doc, "paths"), tmpl);
        char method[16];
        snprintf(method, sizeof method, "%s", r->method);
        for (char *s = method; *s; s++)
            *s = (char)tolower((unsigned char)*s);
        const json_t *op = json_object_get(item, method);
        char why[256];
        if (op == NULL && r->status != 405)
            return failure(r, tmpl, "%s is not declared for the path (expected 405)", r->method);
        /* a 405 and a preflight name the path's methods */
        if ((op == NULL || strcmp(method, "options") == 0) &&
            !allow_matches(item, r->allow, why, sizeof why))
            return failure(r, tmpl, "%s", why);
        if (op == NULL) {
            response = json_object_get(components, "MethodNotAllowed");
        } else {
            response = declared_response(json_object_get(op, "responses"), r->status);
            if (response == NULL)
                return failure(r, tmpl, "status %ld is not declared for this operation", r->status);
        }
    }
    response = deref(doc, response);
    if (response == NULL)
        return failure(r, tmpl, "the document's response object does not resolve");
    char *broken = r->headers ? check_headers(doc, r, tmpl, response) : NULL;
    return broken ? broken : check_body(doc, r, tmpl, response);
}
