/* feed.c: a change feed that units poll by position: the restriction feed (enforcing
 * units) and the credit feed (the units that keep credit records). One machinery for both:
 * ?after= or ?cursor= (a position from the feed, digits), the epoch that says which
 * database the positions belong to (409 when the unit's is another), a position beyond the
 * head refused with the head to resume at, the strong ETag "<prefix>-<epoch>-<head>" and
 * 304 for a caught-up poller from one lookup of the head (or none, when the feed's head is
 * kept in memory by the watcher: feedwatch.c), the page built from the changes' stored
 * JSON (feedpages.c) with its Link to the next: behind the head from memory when the feed
 * keeps its pages there, else as read. Exactly-once is the writers': they draw positions
 * under one lock held to commit, so positions follow commit order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

/* What a poll of a feed reads and what its steps share. */
struct feed_in {
    const struct api_feed *feed;
    const char *after;
    const char *epoch;    /* the epoch the unit's position belongs to, when it says */
    const char *position; /* after or the cursor, NULL for the start */
    long long head;
    char current_epoch[DB_FEED_EPOCH_LEN];
    bool epoch_changed; /* found by the page's transaction */
};

static enum db_status head_read(struct db_tx *tx, void *arg)
{
    struct feed_in *in = arg;
    return in->feed->head(tx, &in->head, in->current_epoch);
}

static bool plain_position(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 18)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static enum http_step bad_position(struct api_call *c, const char *field, const char *message)
{
    c->r->outcome = "invalid";
    return http_replied(
        http_problem_fields(c->r, PROBLEM_VALIDATION, "bad position",
                            json_pack("[{s:s, s:s}]", "field", field, "message", message)));
}

/* A position beyond the head was never handed out: the reply names the head to resume at. */
static enum http_step beyond_head(struct api_call *c, const char *field, long long head)
{
    char detail[128], head_text[24];
    snprintf(detail, sizeof detail, "the position is beyond the feed's head (%lld)", head);
    snprintf(head_text, sizeof head_text, "%lld", head);
    c->r->outcome = "invalid";
    return http_replied(http_problem_with(
        c->r, PROBLEM_VALIDATION, detail,
        json_pack("{s:s, s:[{s:s, s:s}]}", "head", head_text, "errors", "field", field, "message",
                  "must not be beyond the feed's head; resume from a next_cursor "
                  "the feed returned")));
}

/* The unit's position belongs to another database (a restore, a promoted replica): it must
 * start again from the head's epoch; the reply names both. */
static enum MHD_Result epoch_changed(struct http_request *r, const struct feed_in *in)
{
    char detail[200], head_text[24];
    snprintf(detail, sizeof detail,
             "the feed's epoch is %s, not %s: the database was restored or replaced, so "
             "positions of the old epoch mean nothing here; resynchronise",
             in->current_epoch, in->epoch);
    snprintf(head_text, sizeof head_text, "%lld", in->head);
    r->outcome = "epoch_changed";
    return http_problem_with(
        r, PROBLEM_CONFLICT, detail,
        json_pack("{s:s, s:s}", "epoch", in->current_epoch, "head", head_text));
}

static void feed_etag(const struct feed_in *in, char etag[64])
{
    snprintf(etag, 64, "\"%s-%s-%lld\"", in->feed->etag_prefix, in->current_epoch, in->head);
}

/* What a fill of the feed's memory reads: the changes of some blocks. */
struct fill {
    const struct api_feed *feed;
    long long block, after; /* the first block, and the position it is read after */
    int blocks;
    struct db_feed_changes rows;
};

static enum db_status fill_read(struct db_tx *tx, void *arg)
{
    struct fill *f = arg;
    db_feed_changes_free(&f->rows); /* a read asked again starts afresh */
    return f->feed->changes(tx, f->after, api_feed_pages_changes_of(f->blocks), &f->rows);
}

/* A page with the head the watcher heard, from the blocks kept in memory (the head's own
 * block as read up to that head or beyond), reading the blocks it lacks first (a few
 * tries: another thread's fills may push them out, a replica may not have the head yet).
 * The page is left for the runner as a reply from memory (no transaction runs); anything
 * else (a fill failed or found another epoch, the page spans too many blocks) goes to the
 * page's own read. */
static enum http_step page_from_memory(struct api_call *c, struct feed_in *in, long long position)
{
    if (!in->feed->pages_in_memory)
        return HTTP_GO_ON;
    for (int fills = 0;; fills++) {
        char etag[64], next_text[24];
        struct api_feed_served page = {0};
        enum api_feed_memory got =
            api_feed_pages_serve(position, c->limit, in->head, in->current_epoch, &page);
        if (got == FEED_SERVED) {
            feed_etag(in, etag);
            c->r->etag = strdup(etag);
            snprintf(next_text, sizeof next_text, "%lld", page.next);
            if (page.count == c->limit) /* as page_tx: a full page links to the next */
                http_link_next(c->r, next_text);
            c->reply_text = page.text;
            c->reply_len = page.len;
            c->from_memory = true;
            return HTTP_GO_ON;
        }
        if (got != FEED_BLOCK_MISSING || fills == 3)
            return HTTP_GO_ON;
        struct fill f = {.feed = in->feed,
                         .block = page.missing,
                         .after = page.read_after,
                         .blocks = api_feed_pages_blocks_for(page.missing, position, c->limit)};
        enum db_status st = db_read_replica(fill_read, &f, NULL);
        bool same_epoch = st == DB_OK && strcmp(f.rows.epoch, in->current_epoch) == 0;
        if (st == DB_OK)
            api_feed_pages_keep(&f.rows, f.block, f.blocks, f.after);
        db_feed_changes_free(&f.rows);
        if (!same_epoch)
            return HTTP_GO_ON;
    }
}

/* The position, checked against the head; and the cheap path of a caught-up poller: the
 * head the watcher heard answers 304 without touching the database (else one lookup). */
static enum http_step feed_before(struct api_call *c)
{
    struct feed_in *in = c->arg;
    if (in->after != NULL && !plain_position(in->after))
        return bad_position(c, "after", "must be a cursor from the feed (digits)");
    if (in->after != NULL && c->cursor != NULL)
        return bad_position(c, "cursor", "give after or cursor, not both");
    const char *field = in->after ? "after" : "cursor";
    in->position = in->after ? in->after : c->cursor;
    long long position = in->position ? strtoll(in->position, NULL, 10) : 0;
    const char *inm = http_header(c->r, "If-None-Match");
    /* a writer reading its write (X-Read-After) is answered by the database: this
     * instance's watcher may not have heard another instance's commit yet, and the memory
     * serves pages with the head it heard */
    bool known = c->read_after == NULL && in->feed->head_cached &&
                 in->feed->head_cached(&in->head, in->current_epoch);
    /* the watcher may not have heard a commit a page already showed: ask the database */
    if ((inm != NULL || position > 0 || in->epoch != NULL) && (!known || position > in->head)) {
        enum http_step step = api_step_for(c, db_read(head_read, in));
        if (step != HTTP_GO_ON)
            return step;
    }
    if (in->epoch != NULL && strcmp(in->epoch, in->current_epoch) != 0)
        return http_replied(epoch_changed(c->r, in));
    if (position > in->head)
        return beyond_head(c, field, in->head);
    if (inm == NULL)
        return known ? page_from_memory(c, in, position) : HTTP_GO_ON;
    char etag[64];
    feed_etag(in, etag);
    if (!http_etag_listed(inm, etag) || position < in->head) /* something new, or not read yet */
        return known ? page_from_memory(c, in, position) : HTTP_GO_ON;
    c->r->etag = strdup(etag);
    c->r->outcome = "not_modified";
    return http_replied(http_reply_not_modified(c->r));
}

/* The page from the changes read; its ETag is the epoch and the head; a full page links to
 * the next. The epoch is read with the page, so a page never mixes two databases. */
static enum db_status page_tx(struct db_tx *tx, struct api_call *c)
{
    struct feed_in *in = c->arg;
    struct db_feed_changes rows;
    long long after = in->position ? strtoll(in->position, NULL, 10) : 0;
    enum db_status st = in->feed->changes(tx, after, c->limit, &rows);
    if (st != DB_OK)
        return st;
    in->head = rows.head;
    snprintf(in->current_epoch, sizeof in->current_epoch, "%s", rows.epoch);
    if (in->epoch != NULL && strcmp(in->epoch, in->current_epoch) != 0) {
        in->epoch_changed = true; /* restored between the check and the page */
        db_feed_changes_free(&rows);
        return DB_CONFLICT;
    }
    int count = 0;
    free(c->out_text);
    c->out_text = api_feed_page_text(&rows, after, c->limit, &count);
    long long next = count > 0 ? rows.seq[count - 1] : after; /* the items are the first rows */
    db_feed_changes_free(&rows);
    if (c->out_text == NULL)
        return DB_ERROR;
    if (in->feed->pages_in_memory)
        api_feed_pages_read_from_database();
    char etag[64], next_text[24];
    feed_etag(in, etag);
    free(c->r->etag);
    c->r->etag = strdup(etag);
    snprintf(next_text, sizeof next_text, "%lld", next);
    if (count == c->limit)
        http_link_next(c->r, next_text);
    return DB_OK;
}

static enum MHD_Result page_failed(struct api_call *c, enum db_status st)
{
    struct feed_in *in = c->arg;
    if (in->epoch_changed)
        return epoch_changed(c->r, in);
    return api_db_failure(c->r, st, "feed");
}

enum MHD_Result api_feed_run(struct http_request *r, const char *name, const struct api_feed *feed)
{
    struct feed_in in = {.feed = feed};
    const struct jf_field query[] = {
        {.name = "after", .type = JF_STRING, .dst = &in.after}, /* checked by feed_before */
        {.name = "epoch", .type = JF_STRING, .min = 1, .max = 64, .dst = &in.epoch},
        {NULL},
    };
    const struct api_handler h = {.name = name,
                                  .replica = true,
                                  .query = query,
                                  .page = 100,
                                  .before = feed_before,
                                  .tx = page_tx,
                                  .failed = page_failed,
                                  .own_not_modified = true,
                                  .what = "feed"};
    return api_run(r, &h, &in);
}
