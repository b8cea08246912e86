/* embedded.h: data compiled into the binary by the Makefile (build/gen/embedded_*.c).
 * Each array is NUL-terminated; the _len excludes that NUL. */
#ifndef BANKRUPTCY_EMBEDDED_H
#define BANKRUPTCY_EMBEDDED_H

extern const unsigned char embedded_catalogue[];
extern const unsigned long embedded_catalogue_len;
extern const unsigned char embedded_openapi[];
extern const unsigned long embedded_openapi_len;

#endif
