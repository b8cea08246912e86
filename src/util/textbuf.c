/* textbuf.c: see textbuf.h. */
#include "textbuf.h"

#include <stdlib.h>
#include <string.h>

bool textbuf_append(char **text, size_t *len, size_t *cap, size_t first_cap, const void *data,
                    size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t grown_cap = *cap ? *cap : first_cap;
        while (grown_cap < *len + n + 1)
            grown_cap *= 2;
        char *grown = realloc(*text, grown_cap);
        if (grown == NULL)
            return false;
        *text = grown;
        *cap = grown_cap;
    }
    memcpy(*text + *len, data, n);
    *len += n;
    (*text)[*len] = '\0';
    return true;
}
