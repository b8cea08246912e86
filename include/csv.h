/* csv.h: a small, strict reader of RFC 4180 text (for tables administrators keep in
 * spreadsheets). Fields are separated by commas and records by CRLF or LF; a field in
 * double quotes may hold commas, line breaks and "" for one quote. The first record is the
 * header and names the columns. Anything else is refused with the line it is on: a quote
 * inside an unquoted field, text after a closing quote, an unterminated quote, a record
 * with another number of fields than the header, a header name that is empty, repeated or
 * not one of those allowed, a NUL byte, invalid UTF-8. */
#ifndef CSV_H
#define CSV_H
#include <jansson.h>
#include <stddef.h>

struct csv_error {
    size_t line; /* the physical line (1 = the header) */
    char message[160];
};

/* The records after the header as a JSON array of objects keyed by the header's names
 * (string values; an empty field is left out, so it reads as absent). allowed is a
 * NULL-ended list of the accepted column names. NULL with *err filled on any error. */
json_t *csv_to_objects(const char *text, size_t len, const char *const *allowed,
                       struct csv_error *err);

#endif
