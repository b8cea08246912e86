/* fuzz_route.c: the route matcher. The input is a path (up to the first newline) matched
 * against every pattern of the route table, and, after the newline, against a pattern the
 * fuzzer makes (a '{' without '}' included). A match must give back exactly the path: the
 * pattern with each {x} replaced by its capture, every capture non-empty and without '/'. */
#undef NDEBUG /* the asserts are the fuzzer's oracle */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "route_match.h"

/* Rebuilds the path from pattern and captures; asserts it is path. */
static void check_match(const char *pattern, const char *path, const char *params[])
{
    char *again = malloc(strlen(path) + 1);
    size_t o = 0;
    unsigned n = 0;
    for (const char *p = pattern; *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (close == NULL) {
            assert(o < strlen(path));
            again[o++] = *p++;
            continue;
        }
        size_t len = strlen(params[n]);
        assert(len > 0 && strchr(params[n], '/') == NULL && o + len <= strlen(path));
        memcpy(again + o, params[n++], len);
        o += len;
        p = close + 1;
    }
    again[o] = '\0';
    assert(strcmp(again, path) == 0);
    free(again);
}

static void try_pattern(const char *pattern, const char *path)
{
    const char *params[HTTP_MAX_PARAMS];
    char *buf = malloc(strlen(path) + HTTP_MAX_PARAMS + 1);
    if (route_match(pattern, path, params, HTTP_MAX_PARAMS, buf))
        check_match(pattern, path, params);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    char *nl = strchr(text, '\n');
    const char *pattern = NULL;
    if (nl != NULL) {
        *nl = '\0';
        pattern = nl + 1;
    }
    for (unsigned i = 0; i < http_routes_count; i++)
        try_pattern(http_routes[i].pattern, text);
    if (pattern != NULL)
        try_pattern(pattern, text);
    free(text);
    return 0;
}
