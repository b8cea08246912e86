/* feedwatch.c: one thread per service instance LISTENs for new positions of the
 * restriction feed, for changes of the court calendar and for changes of creditors'
 * meetings. It keeps the feed's head in memory, so that a poll whose ETag is current is
 * answered 304 without the database, and a generation per bucket of meetings, so that a
 * vote status unchanged since it was last computed is too. It LISTENs before it reads the head, so
 * no position can fall between the two; while it is not connected, the head is not trusted and
 * polls ask the database as before. Several instances each keep their own head: every one of them
 * hears every commit. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db_internal.h"
#include "logx.h"

static pthread_t watcher;
static atomic_bool running;
static atomic_bool trusted;
static atomic_llong head;
static atomic_ulong calendar_version;
static char *conninfo;
/* Meetings hash into buckets; a change of a meeting raises its bucket's generation (a
 * collision only costs a recomputation). */
#define MEETING_BUCKETS 1024
static atomic_ulong meeting_generation[MEETING_BUCKETS];

static unsigned meeting_bucket(const char *meeting_id)
{
    unsigned h = 2166136261u; /* FNV-1a */
    for (const char *p = meeting_id; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return h % MEETING_BUCKETS;
}

bool db_meeting_generation(const char *meeting_id, unsigned long *out)
{
    if (!atomic_load(&trusted))
        return false;
    *out = atomic_load(&meeting_generation[meeting_bucket(meeting_id)]);
    return true;
}

void dbi_meeting_committed(const char *meeting_id)
{
    atomic_fetch_add(&meeting_generation[meeting_bucket(meeting_id)], 1);
}

/* Whatever changed while the watcher was deaf: every meeting is read again. */
static void every_meeting_changed(void)
{
    for (unsigned i = 0; i < MEETING_BUCKETS; i++)
        atomic_fetch_add(&meeting_generation[i], 1);
}

bool db_calendar_version(unsigned long *out)
{
    if (!atomic_load(&trusted))
        return false;
    *out = atomic_load(&calendar_version);
    return true;
}

bool db_feed_head_cached(long long *out)
{
    if (!atomic_load(&trusted))
        return false;
    *out = atomic_load(&head);
    return true;
}

static void raise_head(long long seq)
{
    long long cur = atomic_load(&head);
    while (seq > cur && !atomic_compare_exchange_weak(&head, &cur, seq))
        ;
}

void dbi_feed_committed(long long seq)
{
    raise_head(seq);
}

/* LISTEN, then read the head: a commit in between is heard, not lost. */
static PGconn *subscribe(void)
{
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        PQfinish(c);
        return NULL;
    }
    PGresult *res =
        PQexec(c, "LISTEN restriction_changes; LISTEN calendar_changes; LISTEN meeting_changes");
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    res = ok ? PQexec(c, "SELECT coalesce(max(seq), 0) FROM restriction_changes") : NULL;
    ok = ok && PQresultStatus(res) == PGRES_TUPLES_OK;
    if (ok) {
        atomic_fetch_add(&calendar_version, 1); /* whatever changed while deaf is reloaded */
        every_meeting_changed();
        atomic_store(&head, 0);
        raise_head(strtoll(PQgetvalue(res, 0, 0), NULL, 10));
    }
    PQclear(res);
    if (!ok) {
        PQfinish(c);
        return NULL;
    }
    return c;
}

/* Waits up to a second for notifications; false when the connection is lost. */
static bool listen_once(PGconn *c)
{
    struct pollfd p = {.fd = PQsocket(c), .events = POLLIN};
    int n = poll(&p, 1, 1000);
    if (n < 0 && errno != EINTR)
        return false;
    if (n > 0 && !PQconsumeInput(c))
        return false;
    PGnotify *note;
    while ((note = PQnotifies(c)) != NULL) {
        if (strcmp(note->relname, "calendar_changes") == 0)
            atomic_fetch_add(&calendar_version, 1);
        else if (strcmp(note->relname, "meeting_changes") == 0)
            dbi_meeting_committed(note->extra);
        else
            raise_head(strtoll(note->extra, NULL, 10));
        PQfreemem(note);
    }
    return PQstatus(c) == CONNECTION_OK;
}

static void *watch(void *arg)
{
    (void)arg;
    unsigned backoff_ms = 100;
    while (atomic_load(&running)) {
        PGconn *c = subscribe();
        if (c == NULL) {
            usleep(backoff_ms * 1000);
            backoff_ms = backoff_ms < 5000 ? backoff_ms * 2 : 5000;
            continue;
        }
        backoff_ms = 100;
        atomic_store(&trusted, true);
        while (atomic_load(&running) && listen_once(c))
            ;
        atomic_store(&trusted, false);
        if (atomic_load(&running))
            log_msg(LOG_WARN, NULL, "feed watcher lost its connection; polls ask the database");
        PQfinish(c);
    }
    return NULL;
}

int db_feed_watch_start(const char *database_url)
{
    conninfo = strdup(database_url);
    atomic_store(&running, true);
    return pthread_create(&watcher, NULL, watch, NULL);
}

void db_feed_watch_stop(void)
{
    if (!atomic_load(&running))
        return;
    atomic_store(&running, false);
    pthread_join(watcher, NULL);
    free(conninfo);
    conninfo = NULL;
}
