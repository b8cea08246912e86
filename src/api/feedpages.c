/* feedpages.c: a feed's pages as the service sends them, built from the changes' stored
 * JSON, and the restriction feed's pages served from memory, the one that reaches the head
 * included.
 * The feed is append-only and its positions follow commit order (feed.c), so every position
 * at or below a head once read is final: the changes of a block of positions that ends at
 * or below the head never change, and a page made of such blocks is the same bytes
 * whoever builds it, here or from PostgreSQL (only the head and the epoch it names move).
 * Blocks are BLOCK positions aligned on multiples of BLOCK, filled from PostgreSQL the
 * first time a page needs them, kept until FEED_MEMORY_MB is held (the first filled go
 * first), and all forgotten when a fill finds another epoch (a restored or replaced
 * database). The block the head is inside is kept too, apart, as read up to the head of
 * the read that filled it (the open block): up to that head it is as final as the others,
 * so a page that reaches a head it covers is served from memory, and for a head beyond it
 * only the changes after what it holds are read and added to it (a fill that each thread
 * missing it makes on its own; one that finds the open block changed meanwhile keeps
 * nothing, and the page asks again).
 * Pages are served so only with the head the watcher heard (feed.c); while the watcher is
 * not connected, every page is read from PostgreSQL. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "textbuf.h"

#define BLOCK 256
#define BUCKETS 4096

struct block {
    long long index; /* positions index * BLOCK + 1 to (index + 1) * BLOCK */
    /* the block's changes (its head and epoch unused), their texts joined by commas as a
     * page lists them: end[i] is where change i ends, change i + 1 starts one byte on, so
     * the changes of a page within a block are one span of text */
    struct db_feed_changes rows;
    size_t bytes;
    struct block *chain; /* the next of its bucket */
    struct block *newer; /* the next filled after it */
};

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static struct block *buckets[BUCKETS];
static struct block *oldest, *newest;
static size_t held, blocks_held;
/* the block the head was inside when last read, with its changes up to open_upto (that
 * read's head); not in the buckets, not counted against FEED_MEMORY_MB (at most a block) */
static struct block *open_block;
static long long open_upto;
static char kept_epoch[DB_FEED_EPOCH_LEN];
static atomic_ulong pages_from_memory, pages_from_database, blocks_filled;

/* ---- a page's bytes ---- */

struct page {
    char *text;
    size_t len, cap;
    int count;
    long long last;
};

static bool page_put(struct page *pg, const char *s, size_t n)
{
    return textbuf_append(&pg->text, &pg->len, &pg->cap, 4096, s, n);
}

static bool page_item(struct page *pg, long long seq, const char *json, size_t n)
{
    if (pg->count > 0 && !page_put(pg, ",", 1))
        return false;
    pg->count++;
    pg->last = seq;
    return page_put(pg, json, n);
}

static bool page_items_of(struct page *pg, const struct db_feed_changes *rows, long long after,
                          int limit)
{
    for (int i = 0; i < rows->n && pg->count < limit; i++) {
        size_t from = i > 0 ? rows->end[i - 1] : 0;
        if (rows->seq[i] > after &&
            !page_item(pg, rows->seq[i], rows->text + from, rows->end[i] - from))
            return false;
    }
    return true;
}

/* The page's closing fields: next_cursor is the last change's position, or the position
 * asked for when the page is empty (so a poller always sends back next_cursor). */
static char *page_done(struct page *pg, long long after, long long head, const char *epoch,
                       int *count)
{
    char tail[128];
    int n = snprintf(tail, sizeof tail,
                     "],\"next_cursor\":\"%lld\",\"head\":\"%lld\",\"epoch\":\"%s\"}",
                     pg->count ? pg->last : after, head, epoch);
    if (n < 0 || (size_t)n >= sizeof tail || !page_put(pg, tail, (size_t)n)) {
        free(pg->text);
        return NULL;
    }
    *count = pg->count;
    return pg->text;
}

char *api_feed_page_text(const struct db_feed_changes *rows, long long after, int limit, int *count)
{
    struct page pg = {0};
    /* sized once: the texts, their commas, the opening and closing fields */
    pg.cap = (rows->n > 0 ? rows->end[rows->n - 1] : 0) + (size_t)rows->n + 160;
    pg.text = malloc(pg.cap);
    if (pg.text == NULL || !page_put(&pg, "{\"items\":[", 10) ||
        !page_items_of(&pg, rows, after, limit)) {
        free(pg.text);
        return NULL;
    }
    return page_done(&pg, after, rows->head, rows->epoch, count);
}

/* ---- the blocks kept ---- */

static atomic_size_t capacity_bytes; /* FEED_MEMORY_MB, set at start (0: keep nothing) */

void api_feed_pages_configure(size_t bytes)
{
    atomic_store(&capacity_bytes, bytes);
}

static size_t capacity(void)
{
    return atomic_load(&capacity_bytes);
}

static struct block *block_find(long long index)
{
    struct block *b = buckets[(unsigned long long)index % BUCKETS];
    while (b != NULL && b->index != index)
        b = b->chain;
    return b;
}

static void block_free(struct block *b)
{
    db_feed_changes_free(&b->rows);
    free(b);
}

/* The first filled goes: unlinked from its bucket and from the order of filling. */
static void forget_oldest(void)
{
    struct block *b = oldest;
    struct block **at = &buckets[(unsigned long long)b->index % BUCKETS];
    while (*at != b)
        at = &(*at)->chain;
    *at = b->chain;
    oldest = b->newer;
    if (oldest == NULL)
        newest = NULL;
    held -= b->bytes;
    blocks_held--;
    block_free(b);
}

static void forget_open(void)
{
    if (open_block != NULL)
        block_free(open_block);
    open_block = NULL;
    open_upto = 0;
}

static void forget_all(void)
{
    while (oldest != NULL)
        forget_oldest();
    forget_open();
}

/* The changes of rows that fall in block index (rows are ordered; *from walks them). */
static struct block *block_of(const struct db_feed_changes *rows, long long index, int *from)
{
    int first = *from;
    while (first < rows->n && rows->seq[first] <= index * BLOCK)
        first++;
    int last = first;
    while (last < rows->n && rows->seq[last] <= (index + 1) * BLOCK)
        last++;
    *from = last;
    int n = last - first;
    size_t base = first > 0 ? rows->end[first - 1] : 0;
    size_t bytes = (n > 0 ? rows->end[last - 1] : base) - base + (n > 1 ? (size_t)n - 1 : 0);
    struct block *b = calloc(1, sizeof *b);
    if (b == NULL)
        return NULL;
    b->index = index;
    if (!db_feed_changes_alloc(&b->rows, n, bytes)) {
        free(b);
        return NULL;
    }
    b->rows.n = n;
    size_t at = 0;
    for (int i = 0; i < n; i++) {
        size_t start = first + i > 0 ? rows->end[first + i - 1] : 0;
        size_t len = rows->end[first + i] - start;
        if (i > 0)
            b->rows.text[at++] = ',';
        memcpy(b->rows.text + at, rows->text + start, len);
        at += len;
        b->rows.seq[i] = rows->seq[first + i];
        b->rows.end[i] = at;
    }
    b->rows.text[at] = '\0';
    b->bytes = sizeof *b + bytes + (sizeof(long long) + sizeof(size_t)) * (size_t)(n + 1);
    return b;
}

static void block_keep(struct block *b, size_t cap)
{
    unsigned long long bucket = (unsigned long long)b->index % BUCKETS;
    b->chain = buckets[bucket];
    buckets[bucket] = b;
    if (newest != NULL)
        newest->newer = b;
    else
        oldest = b;
    newest = b;
    held += b->bytes;
    blocks_held++;
    while (held > cap && oldest != NULL)
        forget_oldest();
}

/* How many changes a fill of blocks blocks asks for: blocks * BLOCK, so that none of those
 * blocks is cut short by the limit. */
int api_feed_pages_changes_of(int blocks)
{
    return blocks * BLOCK;
}

int api_feed_pages_blocks_for(long long from_block, long long after, int limit)
{
    long long last = (after + limit - 1) / BLOCK; /* where the page ends if no position is a gap */
    long long n = last - from_block + 1;
    return n < 1 ? 1 : n > 4 ? 4 : (int)n;
}

/* Under the write lock: the block the read's head is inside, kept as the open block unless
 * the one kept is of a later block or read up to a later head. The rows hold all of it up
 * to that head: a fill reads blocks * BLOCK changes after its first block's start (or
 * after what the open block held, then joined to it: open_then), more than its positions
 * up to a head inside its last block. */
static void open_keep(const struct db_feed_changes *rows, long long index, int *from)
{
    if (open_block != NULL &&
        (open_block->index > index || (open_block->index == index && open_upto >= rows->head)))
        return;
    struct block *b = block_of(rows, index, from);
    if (b == NULL)
        return;
    forget_open();
    open_block = b;
    open_upto = rows->head;
}

/* Under the write lock: the open block's changes followed by more (read after open_upto),
 * as a read from the block's first position would have returned them, into out. */
static bool open_then(const struct db_feed_changes *more, struct db_feed_changes *out)
{
    const struct db_feed_changes *old = &open_block->rows;
    int n = old->n + more->n;
    size_t bytes =
        (more->n > 0 ? more->end[more->n - 1] : 0) + (old->n > 0 ? old->end[old->n - 1] : 0);
    memset(out, 0, sizeof *out);
    out->head = more->head;
    snprintf(out->epoch, sizeof out->epoch, "%s", more->epoch);
    if (!db_feed_changes_alloc(out, n, bytes))
        return false;
    size_t at = 0;
    for (int i = 0; i < old->n; i++) { /* the kept texts are joined by commas: unjoined */
        size_t start = i > 0 ? old->end[i - 1] + 1 : 0;
        memcpy(out->text + at, old->text + start, old->end[i] - start);
        at += old->end[i] - start;
        out->seq[out->n] = old->seq[i];
        out->end[out->n++] = at;
    }
    for (int i = 0; i < more->n; i++) {
        size_t start = i > 0 ? more->end[i - 1] : 0;
        memcpy(out->text + at, more->text + start, more->end[i] - start);
        at += more->end[i] - start;
        out->seq[out->n] = more->seq[i];
        out->end[out->n++] = at;
    }
    out->text[at] = '\0';
    return true;
}

void api_feed_pages_keep(const struct db_feed_changes *read, long long first, int count,
                         long long after)
{
    size_t cap = capacity();
    if (cap == 0)
        return;
    pthread_rwlock_wrlock(&lock);
    if (strcmp(kept_epoch, read->epoch) != 0) { /* another database: nothing kept is its */
        forget_all();
        snprintf(kept_epoch, sizeof kept_epoch, "%s", read->epoch);
    }
    const struct db_feed_changes *rows = read;
    struct db_feed_changes grown = {0};
    if (after != first * BLOCK) { /* the changes since the open block was read */
        bool same = open_block != NULL && open_block->index == first && open_upto == after &&
                    read->head >= open_upto;
        if (!same || !open_then(read, &grown)) { /* replaced meanwhile: the retry reads */
            pthread_rwlock_unlock(&lock);
            return;
        }
        rows = &grown;
    }
    int from = 0;
    for (long long index = first; index < first + count; index++) {
        if ((index + 1) * BLOCK > rows->head) { /* not final: the head is inside it */
            if (index == rows->head / BLOCK)
                open_keep(rows, index, &from);
            break;
        }
        if (block_find(index) != NULL) { /* another request filled it meanwhile */
            struct block *skip = block_of(rows, index, &from);
            if (skip != NULL)
                block_free(skip);
            continue;
        }
        struct block *b = block_of(rows, index, &from);
        if (b == NULL)
            break;
        if (open_block != NULL && open_block->index == index)
            forget_open(); /* final now: the block kept replaces it */
        block_keep(b, cap);
        atomic_fetch_add_explicit(&blocks_filled, 1, memory_order_relaxed);
    }
    pthread_rwlock_unlock(&lock);
    db_feed_changes_free(&grown);
}

#define PAGE_BLOCKS_MAX 64 /* a page from memory spans at most this many blocks */

/* Under the lock: the changes of block index a page with this head may show, into view,
 * or false when they are not here. A block behind the head's is final and kept, or not;
 * the head's own is a kept block (final for a later read) or the open block read up to
 * this head or beyond, and shows only what is at or below this head. */
static bool rows_for(long long index, long long head, struct db_feed_changes *view)
{
    const struct block *b = block_find(index);
    if (b == NULL && index == head / BLOCK && open_block != NULL && open_block->index == index &&
        open_upto >= head)
        b = open_block;
    if (b == NULL)
        return false;
    *view = b->rows;
    while (view->n > 0 && view->seq[view->n - 1] > head)
        view->n--;
    return true;
}

/* What a page takes of one kept block: the span of its text holding the changes after
 * after (at most left of them), and how many those are. */
struct span {
    const struct db_feed_changes *rows;
    size_t from, to;
    int count;
    long long last; /* the position of its last change */
};

static struct span span_of(const struct db_feed_changes *joined, long long after, int left)
{
    int first = 0;
    while (first < joined->n && joined->seq[first] <= after)
        first++;
    int last = joined->n - first > left ? first + left : joined->n;
    struct span sp = {.rows = joined, .count = last - first};
    if (sp.count > 0) {
        sp.from = first > 0 ? joined->end[first - 1] + 1 : 0;
        sp.to = joined->end[last - 1];
        sp.last = joined->seq[last - 1];
    }
    return sp;
}

/* Under the read lock: the spans of the page after after with this head, or why not. */
static enum api_feed_memory spans_of(long long after, int limit, long long head,
                                     struct db_feed_changes views[PAGE_BLOCKS_MAX],
                                     struct span spans[PAGE_BLOCKS_MAX], int *nspans, size_t *bytes,
                                     long long *missing, long long *read_after)
{
    int left = limit;
    *nspans = 0;
    *bytes = 0;
    /* the page ends with limit changes or with the head's block */
    for (long long index = after / BLOCK; left > 0 && index <= head / BLOCK; index++) {
        if (*nspans == PAGE_BLOCKS_MAX) /* PostgreSQL's */
            return FEED_FROM_DATABASE;
        if (!rows_for(index, head, &views[*nspans])) {
            *missing = index;
            /* the head's block read up to an earlier head: only the changes since */
            bool grows = open_block != NULL && open_block->index == index;
            *read_after = grows ? open_upto : index * BLOCK;
            return FEED_BLOCK_MISSING;
        }
        struct span sp = span_of(&views[*nspans], after, left);
        if (sp.count == 0)
            continue;
        spans[(*nspans)++] = sp;
        *bytes += sp.to - sp.from + 1; /* and the comma before it */
        left -= sp.count;
    }
    return FEED_SERVED;
}

enum api_feed_memory api_feed_pages_serve(long long after, int limit, long long head,
                                          const char *epoch, struct api_feed_served *out)
{
    if (capacity() == 0)
        return FEED_FROM_DATABASE;
    struct db_feed_changes views[PAGE_BLOCKS_MAX];
    struct span spans[PAGE_BLOCKS_MAX];
    int nspans = 0;
    size_t bytes = 0;
    struct page pg = {0};
    pthread_rwlock_rdlock(&lock);
    enum api_feed_memory got = strcmp(kept_epoch, epoch) != 0
                                   ? (out->missing = after / BLOCK,
                                      out->read_after = out->missing * BLOCK, FEED_BLOCK_MISSING)
                                   : spans_of(after, limit, head, views, spans, &nspans, &bytes,
                                              &out->missing, &out->read_after);
    if (got == FEED_SERVED) { /* one buffer, one copy per block */
        pg.cap = bytes + 160; /* the opening, the closing fields, the NUL */
        pg.text = malloc(pg.cap);
        if (pg.text == NULL || !page_put(&pg, "{\"items\":[", 10))
            got = FEED_FROM_DATABASE;
        for (int i = 0; got == FEED_SERVED && i < nspans; i++) {
            if ((pg.count > 0 && !page_put(&pg, ",", 1)) ||
                !page_put(&pg, spans[i].rows->text + spans[i].from, spans[i].to - spans[i].from))
                got = FEED_FROM_DATABASE;
            pg.count += spans[i].count;
            pg.last = spans[i].last;
        }
    }
    pthread_rwlock_unlock(&lock);
    if (got != FEED_SERVED) {
        free(pg.text);
        return got;
    }
    out->next = pg.count > 0 ? pg.last : after;
    out->text = page_done(&pg, after, head, epoch, &out->count); /* frees what it cannot */
    if (out->text == NULL)
        return FEED_FROM_DATABASE;
    out->len = pg.len;
    atomic_fetch_add_explicit(&pages_from_memory, 1, memory_order_relaxed);
    return FEED_SERVED;
}

void api_feed_pages_read_from_database(void)
{
    atomic_fetch_add_explicit(&pages_from_database, 1, memory_order_relaxed);
}

void api_feed_pages_metrics(FILE *out)
{
    pthread_rwlock_rdlock(&lock);
    size_t bytes = held, blocks = blocks_held;
    pthread_rwlock_unlock(&lock);
    fprintf(out,
            "# HELP bankruptcyd_feed_pages_total Pages of the restriction feed sent, by where "
            "they were built: from memory (the blocks kept, the head's own as read up to the head) "
            "or from PostgreSQL.\n"
            "# TYPE bankruptcyd_feed_pages_total counter\n"
            "bankruptcyd_feed_pages_total{source=\"memory\"} %lu\n"
            "bankruptcyd_feed_pages_total{source=\"database\"} %lu\n"
            "# HELP bankruptcyd_feed_memory_bytes What the restriction feed's final blocks "
            "take in memory (at most FEED_MEMORY_MB).\n"
            "# TYPE bankruptcyd_feed_memory_bytes gauge\n"
            "bankruptcyd_feed_memory_bytes %zu\n"
            "# HELP bankruptcyd_feed_memory_blocks Final blocks of 256 positions kept.\n"
            "# TYPE bankruptcyd_feed_memory_blocks gauge\n"
            "bankruptcyd_feed_memory_blocks %zu\n"
            "# HELP bankruptcyd_feed_blocks_filled_total Blocks read from PostgreSQL into "
            "memory.\n"
            "# TYPE bankruptcyd_feed_blocks_filled_total counter\n"
            "bankruptcyd_feed_blocks_filled_total %lu\n",
            atomic_load(&pages_from_memory), atomic_load(&pages_from_database), bytes, blocks,
            atomic_load(&blocks_filled));
}
