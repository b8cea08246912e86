/* openapi_check.h: the response contract of openapi/openapi.yaml, enforced by the harness.
 * The YAML is read with libyaml into jansson once per test process; every response the
 * harness receives is then checked against the operation the document gives for its method
 * and path: the status must be declared (exactly, by range such as 4XX, or by `default`),
 * the content type must be one the response declares (none: no body), each header the
 * response declares must keep its schema when it is sent (and be sent when required), and
 * a JSON body must
 * satisfy the schema (JSON Schema 2020-12, the subset the document uses). An object schema
 * that does not say `additionalProperties` refuses properties it does not declare: the
 * properties of its $ref/allOf subschemas count as declared, and a branch of anyOf/oneOf
 * matches only when it and the schemas around it declare every property. A path no
 * template matches must be answered with components/responses/NotFound, a method the path
 * does not declare with components/responses/MethodNotAllowed and an Allow header listing
 * exactly the methods it does declare. */
#ifndef OPENAPI_CHECK_H
#define OPENAPI_CHECK_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Converts a YAML document (the YAML 1.2 core schema for plain scalars) to JSON, or NULL
 * with a message in err. */
json_t *oac_yaml_to_json(const char *text, size_t len, char *err, size_t errlen);

/* One response, as the harness received it. */
struct oac_response {
    const char *method; /* as sent: GET, HEAD, OPTIONS, ... */
    const char *target; /* the request target: path and optional ?query */
    long status;
    const char *content_type; /* NULL when the response carried none */
    const char *allow;        /* the Allow header, or NULL */
    const char *headers;      /* the raw header lines ("Name: value\r\n"...), or NULL */
    const char *body;
    size_t body_len;
};

/* NULL when the response keeps the contract of doc; otherwise a malloc'd message naming
 * method, path, status and the JSON pointer of the offending value. */
char *oac_check(const json_t *doc, const struct oac_response *resp);

/* The value of header name (case-insensitive) in raw header lines, copied into out;
 * false when absent. */
bool oac_header_value(const char *headers, const char *name, char *out, size_t len);

/* The path template of doc that target's path matches (literal segments win over {x}),
 * or NULL. */
const char *oac_match_path(const json_t *doc, const char *target);

/* The value a local reference "#/a/b~1c" (a JSON pointer after '#') names in doc, or NULL. */
const json_t *oac_resolve(const json_t *doc, const char *ref);

/* Validates instance against schema (resolving $ref in doc); NULL when valid, otherwise a
 * malloc'd message "at <pointer>: <what>". */
char *oac_validate(const json_t *doc, const json_t *schema, const json_t *instance);

#endif
