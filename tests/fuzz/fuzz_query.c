/* fuzz_query.c: the query reader. The input is a query string as it arrives after the '?'
 * (up to the first newline); it is split into pairs, '+' and %HH decoded as libmicrohttpd
 * does with the server's own http_unescape, and read with the reader every route uses
 * (http_query_begin/pair/end) against a table shaped like the lists' filters, with and
 * without paging. The oracle: decoding never grows a value or puts a NUL in it; a query
 * either yields errors, each naming a field with a message, or values that are exactly
 * what the table allows, filled into the destinations. */
#undef NDEBUG /* the asserts are the fuzzer's oracle */
#include <assert.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "jsonf.h"

static const char *const statuses[] = {"filed", "accepted", "rejected", NULL};

struct filters {
    const char *status, *q, *case_id;
    date_t since;
    long long year;
    int provisional;
};

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* '+' is a space, then %HH, as libmicrohttpd decodes a query's keys and values. */
static size_t decode(char *s)
{
    for (char *p = s; *p; p++)
        if (*p == '+')
            *p = ' ';
    size_t before = strlen(s), after = http_unescape(s);
    assert(after <= before && strlen(s) == after);
    return after;
}

static void check_filled(const json_t *obj, const struct jf_field *fields, const struct filters *in)
{
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        const struct jf_field *f = jf_find(fields, key);
        assert(f != NULL);
        if (f->type == JF_STRING) {
            assert(json_is_string(v));
            size_t n = utf8_chars(json_string_value(v));
            assert(n >= (size_t)f->min && n <= (size_t)f->max);
        } else if (f->type == JF_INT) {
            assert(json_is_integer(v) && json_integer_value(v) >= f->min &&
                   json_integer_value(v) <= f->max);
        } else if (f->type == JF_BOOL) {
            assert(json_is_boolean(v));
        }
    }
    const json_t *q = json_object_get(obj, "q");
    assert(q == NULL ? in->q == NULL : strcmp(in->q, json_string_value(q)) == 0);
    const json_t *year = json_object_get(obj, "year");
    assert(year == NULL ? in->year == -1 : in->year == json_integer_value(year));
    const json_t *status = json_object_get(obj, "status");
    bool known = false;
    for (const char *const *s = statuses; status != NULL && *s != NULL; s++)
        known = known || (in->status != NULL && strcmp(*s, in->status) == 0);
    assert(status == NULL || known);
}

static void read_query(const char *query, bool page)
{
    struct filters in = {.year = -1, .provisional = -1};
    const struct jf_field fields[] = {
        {.name = "status", .type = JF_ENUM, .enum_values = statuses, .dst = &in.status},
        {.name = "q", .type = JF_STRING, .min = 1, .max = 20, .dst = &in.q},
        {.name = "case_id", .type = JF_UUID, .dst = &in.case_id},
        {.name = "since", .type = JF_DATE, .dst = &in.since},
        {.name = "year", .type = JF_INT, .min = 2000, .max = 2100, .dst = &in.year},
        {.name = "provisional", .type = JF_BOOL, .dst = &in.provisional},
        {NULL},
    };
    struct http_query_reader r;
    http_query_begin(&r, fields, page);
    char *copy = strdup(query);
    for (char *save = NULL, *pair = strtok_r(copy, "&", &save); pair != NULL;
         pair = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(pair, '=');
        if (eq != NULL)
            *eq = '\0';
        decode(pair);
        if (eq != NULL)
            decode(eq + 1);
        http_query_pair(&r, pair, eq != NULL ? eq + 1 : NULL);
    }
    const char *title = NULL;
    json_t *errors = http_query_end(&r, &title);
    if (errors != NULL) {
        assert(title != NULL && r.obj == NULL && json_array_size(errors) > 0);
        size_t i;
        const json_t *e;
        json_array_foreach(errors, i, e)
        {
            assert(json_is_string(json_object_get(e, "field")));
            assert(json_is_string(json_object_get(e, "message")));
        }
        json_decref(errors);
    } else {
        assert(r.obj != NULL);
        if (page)
            assert(json_object_get(r.obj, "limit") == NULL &&
                   json_object_get(r.obj, "cursor") == NULL);
        check_filled(r.obj, fields, &in);
        json_decref(r.obj);
    }
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *query = malloc(size + 1);
    memcpy(query, data, size);
    query[size] = '\0';
    char *nl = memchr(query, '\n', size);
    if (nl != NULL)
        *nl = '\0';
    read_query(query, false);
    read_query(query, true);
    free(query);
    return 0;
}
