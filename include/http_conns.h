/* http_conns.h: the open connections of the server, each in a phase with an absolute limit
 * (src/http/conns.c says which), a watchdog that cuts what overruns, shedding near
 * MAX_CONNECTIONS, and the drain's closing of connections between requests. */
#ifndef HTTP_CONNS_H
#define HTTP_CONNS_H
#include <microhttpd.h>
#include <stddef.h>

#include "settings.h"

struct conn_entry;

/* Starts the watchdog with the limits of s (0), or -1 when its thread cannot start. */
int conns_start(const struct settings *s);
void conns_stop(void);
/* From libmicrohttpd's connection notifications. */
void conns_opened(struct MHD_Connection *conn, void **socket_context);
void conns_closed(void **socket_context);
/* A request's headers are complete: its body phase begins (NULL when untracked). */
struct conn_entry *conns_request_began(struct MHD_Connection *conn);
void conns_body_received(struct conn_entry *e, size_t bytes);
/* The body is complete: the handler runs and replies. */
void conns_handling(struct conn_entry *e);
/* The request is over: the connection waits for the next one. */
void conns_request_ended(struct conn_entry *e);
/* Shuts down the connections between requests; returns how many are in a request. */
unsigned conns_close_idle(void);

#endif
