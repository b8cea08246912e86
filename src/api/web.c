/* web.c: the browser pages the binary serves itself: the API reference (/docs, Redoc
 * vendored under web/vendor/redoc, rendering /openapi.yaml) and the clerk's console
 * (/console), which calls the public API only. Static and public; they change with the
 * binary, so each carries a strong ETag of its bytes and may be cached. */
#include <string.h>

#include "api.h"
#include "embedded.h"

static enum MHD_Result reply_asset(struct http_request *r, const char *type,
                                   const unsigned char *data, unsigned long len)
{
    char etag[HTTP_ETAG_MAX];
    http_etag_of((const char *)data, (size_t)len, etag);
    r->etag = strdup(etag);
    r->cacheable = true;
    if (http_etag_listed(http_header(r, "If-None-Match"), r->etag))
        return http_reply_not_modified_of(r, (size_t)len);
    return http_reply_raw(r, 200, type, data, (size_t)len, NULL);
}

enum MHD_Result api_web_docs(struct http_request *r)
{
    return reply_asset(r, "text/html; charset=utf-8", embedded_docs_html, embedded_docs_html_len);
}

enum MHD_Result api_web_redoc(struct http_request *r)
{
    return reply_asset(r, "application/javascript; charset=utf-8", embedded_redoc_js,
                       embedded_redoc_js_len);
}

enum MHD_Result api_web_console(struct http_request *r)
{
    return reply_asset(r, "text/html; charset=utf-8", embedded_console_html,
                       embedded_console_html_len);
}

enum MHD_Result api_web_console_js(struct http_request *r)
{
    return reply_asset(r, "application/javascript; charset=utf-8", embedded_console_js,
                       embedded_console_js_len);
}
