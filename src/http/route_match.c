/* route_match.c: the route pattern matcher (see route_match.h). */
#include "route_match.h"

#include <stddef.h>
#include <string.h>

bool route_match(const char *pattern, const char *path, const char *params[], unsigned max_params,
                 char *buf)
{
    const char *p = pattern, *s = path;
    unsigned n = 0;
    while (*p && *s) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (close != NULL) {
            const char *seg_end = strchr(s, '/');
            size_t len = seg_end ? (size_t)(seg_end - s) : strlen(s);
            if (len == 0 || n >= max_params)
                return false;
            memcpy(buf, s, len);
            buf[len] = '\0';
            params[n++] = buf;
            buf += len + 1;
            p = close + 1;
            s += len;
            continue;
        }
        if (*p != *s)
            return false;
        p++;
        s++;
    }
    return *p == '\0' && *s == '\0';
}
