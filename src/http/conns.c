/* conns.c: the open connections, watched. libmicrohttpd's CONNECTION_TIMEOUT counts silence
 * only, so a client trickling one byte of its headers every few seconds would keep its slot
 * for ever, and enough of them fill every slot. Here each connection is in one phase at a
 * time, with an absolute limit:
 *   waiting   for a request's headers: HEADER_TIMEOUT from the connection's start, or
 *             CONNECTION_TIMEOUT from the last reply on a kept-alive connection;
 *   body      from the headers to the body's end: BODY_TIMEOUT plus one second for every
 *             BODY_MIN_RATE bytes received (the body must average that rate after a grace);
 *   handling  the handler and the reply: not limited here (STATEMENT_TIMEOUT bounds it).
 * A watchdog thread cuts what overruns its phase, and when the connections open come near
 * MAX_CONNECTIONS each new one sheds a connection waiting for headers: one of the client
 * address that holds the most connections, the one waiting longest. So slots stay free for
 * clients that send a request at once, even while an attacker reconnects as fast as it is
 * cut (oldest-first alone would then shed a newcomer within a fraction of a second); behind
 * a proxy, where every client has one address, it is oldest-first. A cut is a shutdown() of the
 * socket, on which libmicrohttpd closes the connection in its own thread. The drain of a
 * stop uses the same list to close the connections between requests. */
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "http_conns.h"
#include "metrics.h"

enum conn_phase { PHASE_WAITING = 0, PHASE_BODY, PHASE_HANDLING };

/* The live connections of one client address (chained in addr_buckets, under conns_lock). */
struct addr_slot {
    unsigned char key[16]; /* IPv6, or IPv4 mapped */
    unsigned count;
    struct addr_slot *next;
};
#define ADDR_BUCKETS 1024
static struct addr_slot *addr_buckets[ADDR_BUCKETS];

struct conn_entry {
    MHD_socket fd;
    struct addr_slot *addr; /* NULL when the address is unknown or no memory was left */
    atomic_int phase;
    atomic_llong since_ms;   /* when the phase began (CLOCK_MONOTONIC) */
    atomic_llong body_bytes; /* received in the body phase */
    atomic_bool kept_alive;  /* waiting after a reply rather than after the connect */
    bool cut;                /* shut down already (under conns_lock) */
    struct conn_entry *prev, *next;
};

static pthread_mutex_t conns_lock = PTHREAD_MUTEX_INITIALIZER;
static struct conn_entry *conns;
static unsigned live; /* entries not cut yet */
static unsigned shed_above;
static long long header_ms, idle_ms, body_grace_ms, body_min_rate;

static pthread_t watchdog;
static atomic_bool watchdog_stop;
static bool watchdog_running;

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void enter(struct conn_entry *e, enum conn_phase phase)
{
    atomic_store(&e->since_ms, now_ms());
    atomic_store(&e->phase, (int)phase);
}

static void address_key(const struct sockaddr *sa, unsigned char key[16])
{
    memset(key, 0, 16);
    if (sa != NULL && sa->sa_family == AF_INET6) {
        memcpy(key, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
    } else if (sa != NULL && sa->sa_family == AF_INET) {
        key[10] = key[11] = 0xff;
        memcpy(key + 12, &((const struct sockaddr_in *)sa)->sin_addr, 4);
    }
}

static struct addr_slot **address_bucket(const unsigned char key[16])
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (int i = 0; i < 16; i++)
        h = (h ^ key[i]) * 16777619u;
    return &addr_buckets[h % ADDR_BUCKETS];
}

/* Under conns_lock: the address's slot with one more connection (NULL: out of memory). */
static struct addr_slot *address_join(const struct sockaddr *sa)
{
    unsigned char key[16];
    address_key(sa, key);
    struct addr_slot **b = address_bucket(key), *a = *b;
    while (a != NULL && memcmp(a->key, key, 16) != 0)
        a = a->next;
    if (a == NULL) {
        a = calloc(1, sizeof *a);
        if (a == NULL)
            return NULL;
        memcpy(a->key, key, 16);
        a->next = *b;
        *b = a;
    }
    a->count++;
    return a;
}

/* Under conns_lock: one connection of e's address less; the slot goes with the last. */
static void address_leave(struct conn_entry *e)
{
    struct addr_slot *a = e->addr;
    e->addr = NULL;
    if (a == NULL || --a->count > 0)
        return;
    for (struct addr_slot **p = address_bucket(a->key); *p != NULL; p = &(*p)->next)
        if (*p == a) {
            *p = a->next;
            free(a);
            return;
        }
}

/* Under conns_lock: the socket is shut down once; libmicrohttpd then closes it. */
static void cut(struct conn_entry *e, enum metrics_cut why)
{
    if (e->cut)
        return;
    e->cut = true;
    live--;
    address_leave(e);
    shutdown(e->fd, SHUT_RDWR);
    metrics_connection_cut(why);
}

/* The limit of e's phase passed at now, and why; false while it is within it. */
static bool overran(struct conn_entry *e, long long now, enum metrics_cut *why)
{
    long long elapsed = now - atomic_load(&e->since_ms);
    switch ((enum conn_phase)atomic_load(&e->phase)) {
    case PHASE_WAITING:
        *why = METRICS_CUT_HEADERS;
        return elapsed > (atomic_load(&e->kept_alive) ? idle_ms : header_ms);
    case PHASE_BODY:
        *why = METRICS_CUT_BODY;
        return elapsed > body_grace_ms + atomic_load(&e->body_bytes) * 1000 / body_min_rate;
    case PHASE_HANDLING:
        break;
    }
    return false;
}

static void shed_longest_waiting(const struct conn_entry *fresh);

static void *watch(void *arg)
{
    (void)arg;
    const struct timespec tick = {0, 100 * 1000 * 1000};
    while (!atomic_load(&watchdog_stop)) {
        nanosleep(&tick, NULL);
        long long now = now_ms();
        pthread_mutex_lock(&conns_lock);
        for (struct conn_entry *e = conns; e != NULL; e = e->next) {
            enum metrics_cut why;
            if (!e->cut && overran(e, now, &why))
                cut(e, why);
        }
        /* at libmicrohttpd's limit nothing new is accepted, so nothing sheds on arrival */
        for (unsigned over = live > shed_above ? live - shed_above : 0; over > 0; over--)
            shed_longest_waiting(NULL);
        pthread_mutex_unlock(&conns_lock);
    }
    return NULL;
}

int conns_start(const struct settings *s)
{
    header_ms = (long long)s->header_timeout * 1000;
    idle_ms = (long long)s->connection_timeout * 1000;
    body_grace_ms = (long long)s->body_timeout * 1000;
    body_min_rate = s->body_min_rate > 0 ? s->body_min_rate : 1;
    /* an eighth of the slots is kept for newcomers (at least one) */
    unsigned reserve = s->max_connections / 8 > 0 ? s->max_connections / 8 : 1;
    shed_above = s->max_connections > reserve ? s->max_connections - reserve : 0;
    atomic_store(&watchdog_stop, false);
    watchdog_running = pthread_create(&watchdog, NULL, watch, NULL) == 0;
    return watchdog_running ? 0 : -1;
}

void conns_stop(void)
{
    if (!watchdog_running)
        return;
    atomic_store(&watchdog_stop, true);
    pthread_join(watchdog, NULL);
    watchdog_running = false;
}

static unsigned address_count(const struct conn_entry *e)
{
    return e->addr != NULL ? e->addr->count : 1;
}

/* Under conns_lock: sheds a connection waiting for headers, not fresh: of the address with
 * the most connections, the one whose wait began first. */
static void shed_longest_waiting(const struct conn_entry *fresh)
{
    struct conn_entry *victim = NULL;
    for (struct conn_entry *e = conns; e != NULL; e = e->next) {
        if (e == fresh || e->cut || atomic_load(&e->phase) != PHASE_WAITING)
            continue;
        if (victim == NULL || address_count(e) > address_count(victim) ||
            (address_count(e) == address_count(victim) &&
             atomic_load(&e->since_ms) < atomic_load(&victim->since_ms)))
            victim = e;
    }
    if (victim != NULL)
        cut(victim, METRICS_CUT_SHED);
}

void conns_opened(struct MHD_Connection *conn, void **socket_context)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    const union MHD_ConnectionInfo *peer =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    struct conn_entry *e = calloc(1, sizeof *e);
    if (e == NULL || info == NULL) {
        free(e);
        return;
    }
    e->fd = info->connect_fd;
    enter(e, PHASE_WAITING);
    pthread_mutex_lock(&conns_lock);
    e->addr = address_join(peer != NULL ? peer->client_addr : NULL);
    e->next = conns;
    if (conns != NULL)
        conns->prev = e;
    conns = e;
    if (++live > shed_above)
        shed_longest_waiting(e);
    pthread_mutex_unlock(&conns_lock);
    *socket_context = e;
}

/* libmicrohttpd reports the close before it closes the socket, so no entry outlives its
 * descriptor and a cut never reaches a descriptor reused by a newer connection. */
void conns_closed(void **socket_context)
{
    struct conn_entry *e = *socket_context;
    if (e == NULL)
        return;
    pthread_mutex_lock(&conns_lock);
    if (e->prev != NULL)
        e->prev->next = e->next;
    else
        conns = e->next;
    if (e->next != NULL)
        e->next->prev = e->prev;
    if (!e->cut) {
        live--;
        address_leave(e);
    }
    pthread_mutex_unlock(&conns_lock);
    free(e);
    *socket_context = NULL;
}

struct conn_entry *conns_request_began(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct conn_entry *e = info != NULL ? info->socket_context : NULL;
    if (e != NULL) {
        atomic_store(&e->body_bytes, 0);
        enter(e, PHASE_BODY);
    }
    return e;
}

void conns_body_received(struct conn_entry *e, size_t bytes)
{
    if (e != NULL)
        atomic_fetch_add(&e->body_bytes, (long long)bytes);
}

void conns_handling(struct conn_entry *e)
{
    if (e != NULL)
        enter(e, PHASE_HANDLING);
}

void conns_request_ended(struct conn_entry *e)
{
    if (e == NULL)
        return;
    atomic_store(&e->kept_alive, true);
    enter(e, PHASE_WAITING);
}

unsigned conns_close_idle(void)
{
    unsigned busy = 0;
    pthread_mutex_lock(&conns_lock);
    for (struct conn_entry *e = conns; e != NULL; e = e->next) {
        if (atomic_load(&e->phase) != PHASE_WAITING)
            busy++;
        else
            cut(e, METRICS_CUT_DRAIN);
    }
    pthread_mutex_unlock(&conns_lock);
    return busy;
}
