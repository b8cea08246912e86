/* embedded.h: files compiled into the binary by the Makefile (build/gen/embedded_*.S).
 * Each array is NUL-terminated; the _len excludes that NUL. */
#ifndef BANKRUPTCY_EMBEDDED_H
#define BANKRUPTCY_EMBEDDED_H

extern const unsigned char embedded_catalogue[];
extern const unsigned long embedded_catalogue_len;
extern const unsigned char embedded_openapi[];
extern const unsigned long embedded_openapi_len;
/* The browser pages (web/): the API reference and the vendored Redoc, the clerk's console. */
extern const unsigned char embedded_docs_html[];
extern const unsigned long embedded_docs_html_len;
extern const unsigned char embedded_redoc_js[];
extern const unsigned long embedded_redoc_js_len;
extern const unsigned char embedded_console_html[];
extern const unsigned long embedded_console_html_len;
extern const unsigned char embedded_console_js[];
extern const unsigned long embedded_console_js_len;

#endif
