/* jsonf.c: validation of JSON request bodies against field tables. */
#include "jsonf.h"

#include <stdio.h>
#include <string.h>

#include "idnumber.h"
#include "money.h"

void jf_error(json_t *errors, const char *field, const char *message)
{
    json_array_append_new(errors, json_pack("{s:s, s:s}", "field", field, "message", message));
}

bool jf_listed(const json_t *list, const char *s)
{
    size_t i;
    json_t *v;
    if (s == NULL)
        return false;
    json_array_foreach(list, i, v) if (json_is_string(v) &&
                                       strcmp(json_string_value(v), s) == 0) return true;
    return false;
}

bool jf_is_uuid(const char *s)
{
    if (s == NULL || strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

static bool utf8_length(const char *s, long long *len)
{
    long long n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            n++;
    *len = n;
    return true;
}

static int check_value(const json_t *v, const struct jf_field *f, enum jf_type type,
                       const char *path, json_t *errors);

static int check_string_like(const json_t *v, const struct jf_field *f, enum jf_type type,
                             const char *path, json_t *errors)
{
    if (!json_is_string(v)) {
        jf_error(errors, path, "must be a string");
        return 1;
    }
    const char *s = json_string_value(v);
    if (strlen(s) != json_string_length(v)) {
        jf_error(errors, path, "must not contain NUL characters");
        return 1;
    }
    int64_t fen;
    date_t d;
    switch (type) {
    case JF_DATE:
        if (!date_parse(s, &d)) {
            jf_error(errors, path, "must be a date YYYY-MM-DD");
            return 1;
        }
        return 0;
    case JF_MONEY:
        if (!money_parse(s, &fen)) {
            jf_error(errors, path, "must be an amount in yuan as a string, e.g. \"1234.50\"");
            return 1;
        }
        if (f->min > 0 && fen < f->min) {
            jf_error(errors, path, "must be greater than zero");
            return 1;
        }
        return 0;
    case JF_UUID:
        if (!jf_is_uuid(s)) {
            jf_error(errors, path, "must be a UUID");
            return 1;
        }
        return 0;
    case JF_IDNUMBER:
        if (!idnumber_valid(s)) {
            jf_error(
                errors, path,
                "must be an 18-character resident identity number with a valid check character");
            return 1;
        }
        return 0;
    case JF_ENUM:
        for (const char *const *e = f->enum_values; e && *e; e++)
            if (strcmp(*e, s) == 0)
                return 0;
        {
            char msg[512] = "must be one of:";
            for (const char *const *e = f->enum_values; e && *e; e++) {
                strncat(msg, " ", sizeof msg - strlen(msg) - 1);
                strncat(msg, *e, sizeof msg - strlen(msg) - 1);
            }
            jf_error(errors, path, msg);
        }
        return 1;
    default: {
        long long len;
        utf8_length(s, &len);
        if (len < f->min || (f->max > 0 && len > f->max)) {
            char msg[96];
            snprintf(msg, sizeof msg, "must be %lld to %lld characters long", f->min, f->max);
            jf_error(errors, path, msg);
            return 1;
        }
        return 0;
    }
    }
}

static int check_array(const json_t *v, const struct jf_field *f, const char *path, json_t *errors)
{
    if (!json_is_array(v)) {
        jf_error(errors, path, "must be an array");
        return 1;
    }
    long long n = (long long)json_array_size(v);
    if (n < f->min || (f->max > 0 && n > f->max)) {
        char msg[96];
        snprintf(msg, sizeof msg, "must have %lld to %lld items", f->min, f->max);
        jf_error(errors, path, msg);
        return 1;
    }
    int bad = 0;
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item)
    {
        char sub[256];
        snprintf(sub, sizeof sub, "%s[%zu]", path, i);
        struct jf_field item_field = *f;
        item_field.min = 0;
        item_field.max = 0;
        if (f->item_type == JF_MONEY)
            item_field.min = 1;
        if (f->item_type == JF_STRING) { /* items of a string array: 1 to 256 characters */
            item_field.min = 1;
            item_field.max = 256;
        }
        bad += check_value(item, &item_field, f->item_type, sub, errors);
    }
    return bad;
}

static int check_object(const json_t *v, const struct jf_field *fields, const char *prefix,
                        json_t *errors);

static int check_value(const json_t *v, const struct jf_field *f, enum jf_type type,
                       const char *path, json_t *errors)
{
    char msg[96];
    switch (type) {
    case JF_INT:
        if (!json_is_integer(v)) {
            jf_error(errors, path, "must be an integer");
            return 1;
        }
        if (json_integer_value(v) < f->min || json_integer_value(v) > f->max) {
            snprintf(msg, sizeof msg, "must be from %lld to %lld", f->min, f->max);
            jf_error(errors, path, msg);
            return 1;
        }
        return 0;
    case JF_BOOL:
        if (!json_is_boolean(v)) {
            jf_error(errors, path, "must be true or false");
            return 1;
        }
        return 0;
    case JF_OBJECT:
        if (!json_is_object(v)) {
            jf_error(errors, path, "must be an object");
            return 1;
        }
        if (f->fields == NULL) /* its members are checked by the handler (one result each) */
            return 0;
        return check_object(v, f->fields, path, errors);
    case JF_ARRAY:
        return check_array(v, f, path, errors);
    default:
        return check_string_like(v, f, type, path, errors);
    }
}

static void join_path(char *out, size_t cap, const char *prefix, const char *name)
{
    if (prefix == NULL || *prefix == '\0')
        snprintf(out, cap, "%s", name);
    else
        snprintf(out, cap, "%s.%s", prefix, name);
}

static int check_object(const json_t *obj, const struct jf_field *fields, const char *prefix,
                        json_t *errors)
{
    int bad = 0;
    const char *key;
    const json_t *v;
    char path[256];
    json_object_foreach((json_t *)obj, key, v)
    {
        const struct jf_field *f = fields;
        while (f->name && strcmp(f->name, key) != 0)
            f++;
        if (f->name == NULL) {
            join_path(path, sizeof path, prefix, key);
            jf_error(errors, path, "unknown field");
            bad++;
        }
    }
    for (const struct jf_field *f = fields; f->name; f++) {
        join_path(path, sizeof path, prefix, f->name);
        v = json_object_get(obj, f->name);
        if (v == NULL || json_is_null(v)) {
            if (f->required) {
                jf_error(errors, path, "is required");
                bad++;
            } else if (v != NULL && !f->nullable) {
                jf_error(errors, path, "must not be null");
                bad++;
            }
            continue;
        }
        bad += check_value(v, f, f->type, path, errors);
    }
    return bad;
}

int jf_validate(const json_t *obj, const struct jf_field *fields, json_t *errors)
{
    if (!json_is_object(obj)) {
        jf_error(errors, "", "the body must be a JSON object");
        return 1;
    }
    return check_object(obj, fields, "", errors);
}

const struct jf_field *jf_find(const struct jf_field *fields, const char *name)
{
    for (const struct jf_field *f = fields; f != NULL && f->name != NULL; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

static void fill_one(const json_t *v, const struct jf_field *f)
{
    switch (f->type) {
    case JF_INT:
        *(long long *)f->dst = json_integer_value(v);
        break;
    case JF_BOOL:
        *(int *)f->dst = json_is_true(v);
        break;
    case JF_DATE:
        date_parse(json_string_value(v), (date_t *)f->dst);
        break;
    case JF_MONEY:
        money_parse(json_string_value(v), (int64_t *)f->dst);
        break;
    case JF_OBJECT:
    case JF_ARRAY:
        *(const json_t **)f->dst = v;
        break;
    default:
        *(const char **)f->dst = json_string_value(v);
        break;
    }
}

void jf_fill(const json_t *obj, const struct jf_field *fields)
{
    for (const struct jf_field *f = fields; f != NULL && f->name != NULL; f++) {
        const json_t *v = json_object_get(obj, f->name);
        if (v != NULL && f->present != NULL)
            *f->present = true;
        if (v != NULL && !json_is_null(v) && f->dst != NULL)
            fill_one(v, f);
    }
}

const char *jf_str(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

long long jf_int(const json_t *obj, const char *key, long long dflt)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_integer(v) ? json_integer_value(v) : dflt;
}

int jf_bool(const json_t *obj, const char *key, int dflt)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_boolean(v) ? json_is_true(v) : dflt;
}

bool jf_money(const json_t *obj, const char *key, int64_t *fen)
{
    const char *s = jf_str(obj, key);
    return s != NULL && money_parse(s, fen);
}

bool jf_date(const json_t *obj, const char *key, date_t *out)
{
    const char *s = jf_str(obj, key);
    return s != NULL && date_parse(s, out);
}
