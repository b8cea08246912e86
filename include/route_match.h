/* route_match.h: the route pattern matcher, pure (no MHD, no allocation), so that the
 * server routes by it and the fuzzer can call it alone. */
#ifndef ROUTE_MATCH_H
#define ROUTE_MATCH_H
#include <stdbool.h>

/* Matches path against pattern ("/v1/applications/{id}/decision"): literal characters must
 * be equal, each {x} takes one non-empty segment (up to the next '/'). The captures are
 * copied NUL-ended into buf, which must hold strlen(path) + max_params + 1 bytes, and
 * params[i] points at the i-th; more than max_params captures is no match. A '{' with no
 * '}' after it in the pattern is a literal character. */
bool route_match(const char *pattern, const char *path, const char *params[], unsigned max_params,
                 char *buf);

#endif
