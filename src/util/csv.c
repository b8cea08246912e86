/* csv.c: the strict RFC 4180 reader of csv.h. One pass over the bytes: a field is
 * collected into a buffer, a record into an array of strings, and each record after the
 * header becomes an object keyed by the header's names. */
#include "csv.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct reader {
    const char *p, *end;
    size_t line;
    char *buf;
    size_t len, cap;
    struct csv_error *err;
};

static bool fail(struct reader *rd, const char *message)
{
    rd->err->line = rd->line;
    snprintf(rd->err->message, sizeof rd->err->message, "%s", message);
    return false;
}

static bool put(struct reader *rd, char ch)
{
    if (ch == '\0')
        return fail(rd, "a NUL byte is not text");
    if (rd->len + 1 >= rd->cap) {
        size_t cap = rd->cap ? rd->cap * 2 : 64;
        char *b = realloc(rd->buf, cap);
        if (b == NULL)
            return fail(rd, "out of memory");
        rd->buf = b;
        rd->cap = cap;
    }
    rd->buf[rd->len++] = ch;
    return true;
}

/* At a line end (CRLF or LF): consumes it. */
static bool at_eol(struct reader *rd)
{
    if (rd->p < rd->end && *rd->p == '\n') {
        rd->p++;
        return true;
    }
    if (rd->p + 1 < rd->end && rd->p[0] == '\r' && rd->p[1] == '\n') {
        rd->p += 2;
        return true;
    }
    return false;
}

static bool quoted_field(struct reader *rd)
{
    rd->p++; /* the opening quote */
    for (;;) {
        if (rd->p >= rd->end)
            return fail(rd, "a quoted field is not closed");
        char ch = *rd->p++;
        if (ch == '"') {
            if (rd->p < rd->end && *rd->p == '"') {
                rd->p++;
                if (!put(rd, '"'))
                    return false;
                continue;
            }
            if (rd->p < rd->end && *rd->p != ',' && *rd->p != '\n' && *rd->p != '\r')
                return fail(rd, "text after a closing quote: quote the whole field");
            if (rd->p < rd->end && *rd->p == '\r' && !(rd->p + 1 < rd->end && rd->p[1] == '\n'))
                return fail(rd, "a carriage return not followed by a line feed");
            return true;
        }
        if (ch == '\n')
            rd->line++;
        if (!put(rd, ch))
            return false;
    }
}

static bool plain_field(struct reader *rd)
{
    while (rd->p < rd->end && *rd->p != ',' && *rd->p != '\n') {
        if (*rd->p == '\r') {
            if (rd->p + 1 < rd->end && rd->p[1] == '\n')
                return true;
            return fail(rd, "a carriage return not followed by a line feed");
        }
        if (*rd->p == '"')
            return fail(rd,
                        "a quote inside an unquoted field: quote the field and double the quote");
        if (!put(rd, *rd->p++))
            return false;
    }
    return true;
}

/* One record into fields (an array of strings), with its line end. */
static bool record(struct reader *rd, json_t *fields)
{
    for (;;) {
        rd->len = 0;
        bool ok = rd->p < rd->end && *rd->p == '"' ? quoted_field(rd) : plain_field(rd);
        if (!ok)
            return false;
        json_t *s = json_stringn(rd->buf ? rd->buf : "", rd->len);
        if (s == NULL)
            return fail(rd, "a field is not valid UTF-8 text");
        json_array_append_new(fields, s);
        if (rd->p < rd->end && *rd->p == ',') {
            rd->p++;
            continue;
        }
        if (rd->p >= rd->end || at_eol(rd)) {
            rd->line++;
            return true;
        }
        return fail(rd, "unexpected text");
    }
}

static bool allowed_name(const char *name, const char *const *allowed)
{
    for (; *allowed; allowed++)
        if (strcmp(*allowed, name) == 0)
            return true;
    return false;
}

static bool check_header(struct reader *rd, const json_t *header, const char *const *allowed)
{
    size_t i, j;
    json_t *h;
    json_array_foreach(header, i, h)
    {
        const char *name = json_string_value(h);
        char msg[160];
        if (name[0] == '\0')
            return fail(rd, "the header names every column: a name is empty");
        if (!allowed_name(name, allowed)) {
            snprintf(msg, sizeof msg, "unknown column \"%.60s\"", name);
            return fail(rd, msg);
        }
        for (j = 0; j < i; j++)
            if (strcmp(json_string_value(json_array_get(header, j)), name) == 0) {
                snprintf(msg, sizeof msg, "column \"%.60s\" is named twice", name);
                return fail(rd, msg);
            }
    }
    return true;
}

static json_t *keyed(const json_t *header, const json_t *fields)
{
    json_t *obj = json_object();
    size_t i;
    json_t *f;
    json_array_foreach(fields, i, f) if (json_string_length(f) > 0)
        json_object_set(obj, json_string_value(json_array_get(header, i)), f);
    return obj;
}

json_t *csv_to_objects(const char *text, size_t len, const char *const *allowed,
                       struct csv_error *err)
{
    struct reader rd = {text, text + len, 1, NULL, 0, 0, err};
    json_t *header = json_array(), *rows = json_array(), *fields = NULL;
    bool ok = len > 0 ? record(&rd, header)
                      : fail(&rd, "the body is empty: send the header and the rows");
    if (ok) {
        size_t after = rd.line;
        rd.line = 1; /* a bad name is on the header's line */
        ok = check_header(&rd, header, allowed);
        rd.line = after;
    }
    while (ok && rd.p < rd.end) {
        size_t starts = rd.line;
        fields = json_array();
        ok = record(&rd, fields);
        if (ok && json_array_size(fields) != json_array_size(header)) {
            char msg[160];
            snprintf(msg, sizeof msg, "has %zu fields; the header names %zu",
                     json_array_size(fields), json_array_size(header));
            rd.line = starts;
            ok = fail(&rd, msg);
        }
        if (ok)
            json_array_append_new(rows, keyed(header, fields));
        json_decref(fields);
    }
    free(rd.buf);
    json_decref(header);
    if (!ok) {
        json_decref(rows);
        return NULL;
    }
    return rows;
}
