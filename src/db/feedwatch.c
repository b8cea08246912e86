/* feedwatch.c: one thread per service instance LISTENs for new positions of the
 * restriction feed and for changes of the court calendar. It keeps the feed's head in
 * memory, so that a poll whose ETag is current is
 * answered 304 without the database. It LISTENs before it reads the head, so no position
 * can fall between the two; while it is not connected, the head is not trusted and polls
 * ask the database as before. Several instances each keep their own head: every one of
 * them hears every commit. The epoch (which database the positions belong to) is read with
 * the head on every connection, so a database restored under a running service is seen
 * as soon as the watcher reconnects to it.
 * It also hears the channel topic_changes, whose payloads name what a commit changed for
 * replies answered from memory (a creditor's claims: "claims:<subject>"; an application's
 * document: "application:<id>"; "*": anything):
 * each topic hashes to a counter that moves when the topic is heard (a collision only moves
 * another topic's counter too, never leaves one still), and every reconnection starts a new
 * generation, so nothing remembered from before a deaf moment is trusted. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db_internal.h"
#include "logx.h"

static pthread_t watcher;
static atomic_bool running;
static atomic_bool trusted;
static atomic_llong head;
static atomic_ullong epoch; /* the 16 hex digits of feed_epoch() as a number */
static atomic_ulong calendar_version;
#define TOPIC_SLOTS 65536
static atomic_ulong topic_counters[TOPIC_SLOTS];
static atomic_ulong topics_all;       /* "*": a change of many topics at once */
static atomic_ulong topics_here;      /* this instance's writes said to touch memos */
static atomic_ulong topic_generation; /* one more per connection */
static char *conninfo;

bool db_calendar_version(unsigned long *out)
{
    if (!atomic_load(&trusted))
        return false;
    *out = atomic_load(&calendar_version);
    return true;
}

bool db_feed_head_cached(long long *out, char epoch_out[DB_FEED_EPOCH_LEN])
{
    if (!atomic_load(&trusted))
        return false;
    *out = atomic_load(&head);
    snprintf(epoch_out, DB_FEED_EPOCH_LEN, "%016llx", (unsigned long long)atomic_load(&epoch));
    return true;
}

static unsigned topic_slot(const char *topic)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)topic; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h % TOPIC_SLOTS;
}

bool db_topic_stamp(const char *topic, struct db_topic_stamp *out)
{
    out->generation = atomic_load(&topic_generation);
    out->all = atomic_load(&topics_all);
    out->here = atomic_load(&topics_here);
    out->topic = atomic_load(&topic_counters[topic_slot(topic)]);
    /* trusted after the reads: a disconnection in between shows as a later generation */
    return atomic_load(&trusted);
}

void db_topics_touched_here(void)
{
    atomic_fetch_add(&topics_here, 1);
}

static void topic_heard(const char *topic)
{
    if (strcmp(topic, "*") == 0)
        atomic_fetch_add(&topics_all, 1);
    else
        atomic_fetch_add(&topic_counters[topic_slot(topic)], 1);
}

void dbi_topic_touched_here(const char *topic)
{
    topic_heard(topic);
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
        PQexec(c, "LISTEN restriction_changes; LISTEN calendar_changes; LISTEN topic_changes");
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    res = ok ? PQexec(c, "SELECT coalesce(max(seq), 0), feed_epoch() FROM restriction_changes")
             : NULL;
    ok = ok && PQresultStatus(res) == PGRES_TUPLES_OK;
    if (ok) {
        atomic_store(&epoch, strtoull(PQgetvalue(res, 0, 1), NULL, 16));
        atomic_fetch_add(&calendar_version, 1); /* whatever changed while deaf is reloaded */
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
        else if (strcmp(note->relname, "topic_changes") == 0)
            topic_heard(note->extra);
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
        atomic_fetch_add(&topic_generation, 1);
        atomic_store(&trusted, true);
        while (atomic_load(&running) && listen_once(c))
            ;
        atomic_store(&trusted, false);
        atomic_fetch_add(&topic_generation, 1);
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
