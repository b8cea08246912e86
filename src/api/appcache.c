/* appcache.c: application documents kept in memory, so that GET /v1/applications/{id}
 * (the hottest read) answers without PostgreSQL when nothing changed. An entry is one
 * application's doc as the database answered it, its ETag, the stamp of its topic
 * "application:<id>" taken before the read's transaction began (feedwatch.c), and the
 * callers (role and subject) the database found may see it: who may see a case is decided
 * by application_visible (sql/110) alone, never here, so a caller not yet listed asks the
 * database, and a 404 is never kept. An answer from memory is the one the database gives
 * while the stamp is unchanged: every change of the doc or of what application_visible
 * reads names the topic on commit (sql/360_application_changes_notify.sql); this instance's
 * own writes move the stamp before their reply (conn.c), another instance's when its
 * notification arrives (a few milliseconds: for that moment the answer just before its
 * commit is given, as memo.c's 304s), and a watcher that lost its connection trusts
 * nothing it kept (a new generation). Replies of a replica are never kept (a replica can
 * be behind the notifications), nor is memory used while one is configured.
 * Bounded by APPLICATION_CACHE_MB: a table of buckets of WAYS slots by the id's hash (an
 * id whose bucket is full replaces one of its entries, in turn, costing one read), and a
 * hand that frees entries in slot order when a new one would exceed the budget. Buckets,
 * not single slots: with one slot per hash, 10,000 ids in the bench's 524,288 slots
 * collided in about 95 pairs that kept pushing each other out, about one read in a hundred
 * went to PostgreSQL, and those reads were the scenario's whole tail (make bench). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

#define LOCKS 256
#define CALLERS 4     /* callers listed per entry; a fifth replaces the oldest */
#define HAND_STEPS 64 /* slots the hand visits at most for one store */
#define WAYS 4        /* slots of a bucket: the ids of one hash value it holds at once */
#define CALLER_MAX (16 + AUTH_SUBJECT_MAX)

struct entry {
    char id[37];
    struct db_topic_stamp stamp;
    char etag[HTTP_ETAG_MAX];
    char *callers[CALLERS]; /* "role\nsubject" */
    unsigned next_caller;
    size_t bytes; /* what it counts against the budget */
    size_t len;
    char doc[];
};

static struct entry **slots; /* nslots, bucket b at slots[b * WAYS] */
static size_t nslots;
static unsigned char *turns; /* per bucket: the way a full bucket replaces next */
static size_t budget;
static atomic_size_t used;
static atomic_size_t hand;
static atomic_ulong hits, misses;
static pthread_mutex_t locks[LOCKS];

void api_appcache_init(unsigned megabytes)
{
    for (int i = 0; i < LOCKS; i++)
        pthread_mutex_init(&locks[i], NULL);
    if (megabytes == 0)
        return;
    budget = (size_t)megabytes << 20;
    size_t n = LOCKS;
    while (n < budget / 256) /* a slot for every 256 bytes: few collisions */
        n <<= 1;
    slots = calloc(n, sizeof *slots);
    turns = calloc(n / WAYS, 1);
    if (slots == NULL || turns == NULL) {
        free(slots);
        free(turns);
        slots = NULL;
        turns = NULL;
        return;
    }
    nslots = n;
    atomic_store(&used, n * sizeof *slots + n / WAYS);
}

unsigned long api_appcache_hits(void)
{
    return atomic_load_explicit(&hits, memory_order_relaxed);
}

unsigned long api_appcache_misses(void)
{
    return atomic_load_explicit(&misses, memory_order_relaxed);
}

unsigned long api_appcache_bytes(void)
{
    return nslots ? (unsigned long)atomic_load(&used) : 0;
}

bool api_appcache_usable(void)
{
    return nslots > 0 && !db_replica_configured();
}

static size_t bucket_of(const char *id)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return (size_t)(h & (nslots / WAYS - 1));
}

static pthread_mutex_t *lock_of(size_t bucket)
{
    return &locks[bucket % LOCKS];
}

/* Under the bucket's lock: the slot of the bucket that holds id, or NULL. */
static struct entry **way_of(size_t bucket, const char *id)
{
    for (size_t w = 0; w < WAYS; w++) {
        struct entry **at = &slots[bucket * WAYS + w];
        if (*at != NULL && strcmp((*at)->id, id) == 0)
            return at;
    }
    return NULL;
}

/* Under the bucket's lock: where a new entry for an id the bucket lacks goes: an empty
 * slot, else the next in turn. */
static struct entry **way_free(size_t bucket)
{
    for (size_t w = 0; w < WAYS; w++)
        if (slots[bucket * WAYS + w] == NULL)
            return &slots[bucket * WAYS + w];
    return &slots[bucket * WAYS + turns[bucket]++ % WAYS];
}

static void caller_text(const struct db_actor *who, char out[CALLER_MAX])
{
    snprintf(out, CALLER_MAX, "%s\n%s", who->role ? who->role : "",
             who->subject ? who->subject : "");
}

static bool listed(const struct entry *e, const char *caller)
{
    for (int i = 0; i < CALLERS; i++)
        if (e->callers[i] != NULL && strcmp(e->callers[i], caller) == 0)
            return true;
    return false;
}

/* Not `here`: every write of this instance that changes a doc names it by NOTICE (conn.c),
 * so the writes that only declare they touch memos (claims, ballots) leave docs kept. */
static bool same_stamp(const struct db_topic_stamp *a, const struct db_topic_stamp *b)
{
    return a->generation == b->generation && a->all == b->all && a->topic == b->topic;
}

/* a was taken no earlier than b (each count only grows) */
static bool not_older(const struct db_topic_stamp *a, const struct db_topic_stamp *b)
{
    return a->generation >= b->generation && a->all >= b->all && a->topic >= b->topic;
}

static void entry_free(struct entry *e)
{
    if (e == NULL)
        return;
    atomic_fetch_sub(&used, e->bytes);
    for (int i = 0; i < CALLERS; i++)
        free(e->callers[i]);
    free(e);
}

char *api_appcache_lookup(const char *id, const struct db_actor *who,
                          const struct db_topic_stamp *now, char etag[HTTP_ETAG_MAX])
{
    if (nslots == 0)
        return NULL;
    char caller[CALLER_MAX];
    caller_text(who, caller);
    size_t b = bucket_of(id);
    char *doc = NULL;
    pthread_mutex_lock(lock_of(b));
    struct entry **at = way_of(b, id);
    const struct entry *e = at != NULL ? *at : NULL;
    if (e != NULL && same_stamp(&e->stamp, now) && listed(e, caller) &&
        (doc = malloc(e->len + 1)) != NULL) {
        memcpy(doc, e->doc, e->len + 1);
        memcpy(etag, e->etag, HTTP_ETAG_MAX);
    }
    pthread_mutex_unlock(lock_of(b));
    atomic_fetch_add_explicit(doc ? &hits : &misses, 1, memory_order_relaxed);
    return doc;
}

/* Frees entries from the hand on until `more` bytes fit the budget (HAND_STEPS at most). */
static bool make_room(size_t more)
{
    for (int step = 0; step < HAND_STEPS && atomic_load(&used) + more > budget; step++) {
        size_t i = atomic_fetch_add(&hand, 1) & (nslots - 1);
        pthread_mutex_lock(lock_of(i / WAYS));
        struct entry *e = slots[i];
        slots[i] = NULL;
        pthread_mutex_unlock(lock_of(i / WAYS));
        entry_free(e);
    }
    return atomic_load(&used) + more <= budget;
}

static struct entry *entry_new(const char *id, const struct db_topic_stamp *stamp, const char *doc,
                               size_t len, const char *etag, const char *caller)
{
    size_t bytes = sizeof(struct entry) + len + 1 + strlen(caller) + 1;
    if (bytes > budget / 64 || !make_room(bytes))
        return NULL;
    struct entry *e = calloc(1, sizeof(struct entry) + len + 1);
    if (e == NULL || (e->callers[0] = strdup(caller)) == NULL) {
        free(e);
        return NULL;
    }
    snprintf(e->id, sizeof e->id, "%s", id);
    e->stamp = *stamp;
    snprintf(e->etag, sizeof e->etag, "%s", etag);
    e->next_caller = 1;
    e->len = len;
    memcpy(e->doc, doc, len + 1);
    e->bytes = bytes;
    atomic_fetch_add(&used, bytes);
    return e;
}

/* The caller is listed on the entry that holds this very doc under this stamp. */
static bool add_caller(struct entry *e, const struct db_topic_stamp *stamp, const char *doc,
                       size_t len, const char *caller)
{
    if (!same_stamp(&e->stamp, stamp) || e->len != len || memcmp(e->doc, doc, len) != 0)
        return false;
    if (listed(e, caller))
        return true;
    char *copy = strdup(caller);
    if (copy == NULL)
        return true; /* not listed: it asks the database next time */
    unsigned k = e->next_caller++ % CALLERS;
    size_t gone = e->callers[k] ? strlen(e->callers[k]) + 1 : 0;
    free(e->callers[k]);
    e->callers[k] = copy;
    e->bytes += strlen(copy) + 1 - gone;
    atomic_fetch_add(&used, strlen(copy) + 1);
    atomic_fetch_sub(&used, gone);
    return true;
}

void api_appcache_store(const char *id, const struct db_actor *who,
                        const struct db_topic_stamp *stamp, const char *doc, const char *etag)
{
    if (nslots == 0)
        return;
    char caller[CALLER_MAX];
    caller_text(who, caller);
    size_t len = strlen(doc);
    size_t b = bucket_of(id);
    pthread_mutex_lock(lock_of(b));
    struct entry **at = way_of(b, id);
    struct entry *e = at != NULL ? *at : NULL;
    /* the same doc under the same stamp: one more caller; an entry read later: kept */
    bool done = e != NULL && (add_caller(e, stamp, doc, len, caller) ||
                              (not_older(&e->stamp, stamp) && !same_stamp(&e->stamp, stamp)));
    pthread_mutex_unlock(lock_of(b));
    if (done)
        return;
    struct entry *fresh = entry_new(id, stamp, doc, len, etag, caller);
    if (fresh == NULL)
        return;
    pthread_mutex_lock(lock_of(b));
    at = way_of(b, id); /* looked up again: the bucket may have changed meanwhile */
    if (at == NULL)
        at = way_free(b);
    struct entry *old = *at;
    *at = fresh;
    pthread_mutex_unlock(lock_of(b));
    entry_free(old);
}
