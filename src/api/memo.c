/* memo.c: replies a poller already holds, answered 304 from memory. A handler that names a
 * topic (api_handler.memo_topic: what its reply depends on, e.g. "claims:<subject>") has
 * each 200's ETag remembered with the topic's stamp taken before its transaction began; a
 * later request with that ETag in If-None-Match, while the stamp is unchanged (no change of
 * the topic heard, the watcher connected throughout: feedwatch.c), is answered 304 without
 * the database. A change commits before its notification arrives, so for that moment a
 * poll may still get the 304 it would have got just before the commit (as the feed's).
 * The table is a fixed set of slots overwritten by whoever hashes there: a lost memo costs
 * one query, never a wrong answer (the key is compared whole). Replies of a replica are
 * not remembered: a replica can be behind what the primary's notifications said. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "api.h"

#define MEMO_SLOTS 4096
#define MEMO_LOCKS 64

struct memo_slot {
    char key[API_MEMO_KEY_MAX];
    char etag[HTTP_ETAG_MAX];
    size_t len;
    struct db_topic_stamp stamp;
};

static struct memo_slot slots[MEMO_SLOTS];
static pthread_mutex_t locks[MEMO_LOCKS];
static pthread_once_t locks_once = PTHREAD_ONCE_INIT;

static void init_locks(void)
{
    for (int i = 0; i < MEMO_LOCKS; i++)
        pthread_mutex_init(&locks[i], NULL);
}

static unsigned slot_of(const char *key)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h % MEMO_SLOTS;
}

static bool same_stamp(const struct db_topic_stamp *a, const struct db_topic_stamp *b)
{
    return a->generation == b->generation && a->all == b->all && a->topic == b->topic &&
           a->here == b->here;
}

bool api_memo_lookup(const char *key, const struct db_topic_stamp *now, char etag[HTTP_ETAG_MAX],
                     size_t *len)
{
    pthread_once(&locks_once, init_locks);
    unsigned i = slot_of(key);
    pthread_mutex_lock(&locks[i % MEMO_LOCKS]);
    bool hit = strcmp(slots[i].key, key) == 0 && same_stamp(&slots[i].stamp, now);
    if (hit) {
        memcpy(etag, slots[i].etag, HTTP_ETAG_MAX);
        *len = slots[i].len;
    }
    pthread_mutex_unlock(&locks[i % MEMO_LOCKS]);
    return hit;
}

void api_memo_store(const char *key, const struct db_topic_stamp *stamp, const char *etag,
                    size_t len)
{
    pthread_once(&locks_once, init_locks);
    unsigned i = slot_of(key);
    pthread_mutex_lock(&locks[i % MEMO_LOCKS]);
    snprintf(slots[i].key, sizeof slots[i].key, "%s", key);
    snprintf(slots[i].etag, sizeof slots[i].etag, "%s", etag);
    slots[i].len = len;
    slots[i].stamp = *stamp;
    pthread_mutex_unlock(&locks[i % MEMO_LOCKS]);
}
