/* textbuf.h: appending bytes to a growing, always NUL-terminated text (a request body, a
 * feed page): the capacity doubles from first_cap, so n appends cost O(total). */
#ifndef TEXTBUF_H
#define TEXTBUF_H

#include <stdbool.h>
#include <stddef.h>

/* Appends n bytes of data to *text (length *len, capacity *cap); false when out of memory
 * (then *text is unchanged). */
bool textbuf_append(char **text, size_t *len, size_t *cap, size_t first_cap, const void *data,
                    size_t n);

#endif
