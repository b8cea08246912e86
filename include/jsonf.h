/* jsonf.h: declarative field tables over jansson. A handler describes its input once;
 * jf_validate refuses unknown fields, wrong types and values out of bounds, and names
 * each offending field by its path ("claims[1].amount"). */
#ifndef JSONF_H
#define JSONF_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "date.h"

enum jf_type {
    JF_STRING, /* min..max = length in characters (UTF-8 code points) */
    JF_INT,    /* min..max = value */
    JF_BOOL,
    JF_DATE,  /* "YYYY-MM-DD" */
    JF_MONEY, /* "1234.50": a decimal string, never a JSON number */
    JF_UUID,
    JF_ENUM,     /* one of enum_values */
    JF_IDNUMBER, /* resident identity number with a valid check character */
    JF_OBJECT,   /* nested: fields */
    JF_ARRAY,    /* min..max = item count; items are item_type (JF_OBJECT: fields) */
};

struct jf_field {
    const char *name; /* NULL ends a table */
    enum jf_type type;
    bool required;
    bool nullable;
    long long min, max;
    const char *const *enum_values; /* NULL-terminated */
    const struct jf_field *fields;  /* for JF_OBJECT and arrays of objects */
    enum jf_type item_type;
    /* Where jf_fill puts a valid value (NULL: nowhere). Its type follows the field's:
     * const char ** for strings, enums, UUIDs, identity numbers; date_t * for JF_DATE;
     * long long * for JF_INT; int * for JF_BOOL (0 or 1); int64_t * (fen) for JF_MONEY;
     * const json_t ** (borrowed from the input) for JF_OBJECT and JF_ARRAY. An absent or
     * null value leaves it as the caller initialised it. */
    void *dst;
    bool *present; /* set when the key is in the input, even as null (PATCH semantics) */
};

/* Returns the number of errors appended to errors (an array of {field, message}). */
int jf_validate(const json_t *obj, const struct jf_field *fields, json_t *errors);
/* Copies the values of a validated object to the fields' destinations (top level only:
 * nested objects and arrays are handed over as JSON). */
void jf_fill(const json_t *obj, const struct jf_field *fields);
/* The field of a table named name, or NULL. */
const struct jf_field *jf_find(const struct jf_field *fields, const char *name);
/* Appends one {field, message} error. */
void jf_error(json_t *errors, const char *field, const char *message);

/* Getters for validated input: absent or null gives the default. */
const char *jf_str(const json_t *obj, const char *key);
long long jf_int(const json_t *obj, const char *key, long long dflt);
int jf_bool(const json_t *obj, const char *key, int dflt); /* -1 for unknown when dflt -1 */
bool jf_money(const json_t *obj, const char *key, int64_t *fen);
bool jf_date(const json_t *obj, const char *key, date_t *out);

/* Whether s is one of the strings of list (a JSON array; NULL s or list: false). */
bool jf_listed(const json_t *list, const char *s);

/* Shape checks shared by validators and path parameters. */
bool jf_is_uuid(const char *s);

#endif
