/* runner.c: the one handler runner. A handler declares its inputs (query and body field
 * tables that fill its own struct), its transaction body and its reply status; the runner
 * does what every route shares: reading and validating the inputs, the transaction with
 * retries (each attempt starts from a clean output), conditional requests (a strong ETag
 * and 304 on reads, If-Match on writes), Idempotency-Key replays, replying a refusal after
 * the rollback, mapping database statuses, the Link header of lists, one cleanup, the
 * check that no transaction is left open, and the log line's outcome. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api.h"

#define IDEMPOTENCY_KEY_MAX 255

static bool is_write(const struct http_request *r)
{
    return strcmp(r->method, "POST") == 0 || strcmp(r->method, "PATCH") == 0 ||
           strcmp(r->method, "PUT") == 0;
}

static enum http_step read_body(struct api_call *c)
{
    const struct api_handler *h = c->h;
    if (h->body == NULL)
        return HTTP_GO_ON;
    const char *ct = http_header(c->r, "Content-Type");
    size_t n = h->decode_type ? strlen(h->decode_type) : 0;
    enum http_step step = n > 0 && ct != NULL && strncasecmp(ct, h->decode_type, n) == 0 &&
                                  (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ')
                              ? h->decode(c, &c->in)
                              : http_body_json(c->r, &c->in);
    if (step != HTTP_GO_ON)
        return step;
    json_t *errors = json_array();
    if (jf_validate(c->in, h->body, errors) == 0) {
        jf_fill(c->in, h->body);
        if (h->check != NULL)
            h->check(c, errors);
    }
    if (json_array_size(errors) == 0) {
        json_decref(errors);
        return HTTP_GO_ON;
    }
    c->r->outcome = "invalid";
    return http_replied(
        http_problem_fields(c->r, PROBLEM_VALIDATION, "some fields are invalid", errors));
}

/* Query, page and body, each against its table; the check hook sees them all filled. */
static enum http_step read_inputs(struct api_call *c)
{
    const struct api_handler *h = c->h;
    enum http_step step = http_query_read(c->r, h->query, h->page > 0);
    if (step == HTTP_GO_ON && h->page > 0)
        step = http_page(c->r, h->page, &c->limit, &c->cursor);
    if (step == HTTP_GO_ON)
        step = read_body(c);
    if (step == HTTP_GO_ON && h->body == NULL && h->check != NULL) {
        json_t *errors = json_array();
        h->check(c, errors);
        if (json_array_size(errors) > 0)
            return http_replied(http_problem_fields(c->r, PROBLEM_VALIDATION, "bad query", errors));
        json_decref(errors);
    }
    if (step != HTTP_GO_ON && c->r->outcome == NULL)
        c->r->outcome = "invalid";
    return step;
}

static bool plain_key(const char *k)
{
    size_t n = strlen(k);
    if (n == 0 || n > IDEMPOTENCY_KEY_MAX)
        return false;
    for (; *k; k++)
        if (*k < 0x21 || *k > 0x7e)
            return false;
    return true;
}

/* X-Read-After on the routes a replica may serve: the position a write of this client
 * reported (the replica serves only once it has replayed it). */
static enum http_step read_position(struct api_call *c)
{
    const char *position = http_header(c->r, "X-Read-After");
    if (position == NULL || !c->h->replica)
        return HTTP_GO_ON;
    if (!db_wal_position_valid(position))
        return http_replied(http_problem_fields(
            c->r, PROBLEM_VALIDATION, "X-Read-After must be the X-Read-After a write answered",
            json_pack("[{s:s, s:s}]", "field", "X-Read-After", "message",
                      "must be a WAL position as a write's reply gave it (e.g. 0/16B3748)")));
    c->read_after = position;
    return HTTP_GO_ON;
}

/* Idempotency-Key on writes; If-Match where the route reads the current version. */
static enum http_step read_preconditions(struct api_call *c)
{
    struct http_request *r = c->r;
    const char *key = http_header(r, "Idempotency-Key");
    if (key != NULL && c->h->write && is_write(r)) {
        if (!plain_key(key))
            return http_replied(http_problem_fields(
                r, PROBLEM_BAD_REQUEST, "Idempotency-Key must be 1 to 255 visible characters",
                json_pack("[{s:s, s:s}]", "field", "Idempotency-Key", "message",
                          "must be 1 to 255 visible ASCII characters")));
        c->idempotency_key = key;
        size_t n = strlen(r->method) + strlen(r->path) + r->body_len + 3;
        c->request_text = malloc(n);
        if (c->request_text == NULL)
            return HTTP_FAILED;
        snprintf(c->request_text, n, "%s %s\n%s", r->method, r->path, r->body ? r->body : "");
    }
    if (c->h->current != NULL)
        c->if_match = http_header(r, "If-Match");
    return read_position(c);
}

static void free_outputs(struct api_call *c)
{
    json_decref(c->out);
    c->out = NULL;
    free(c->out_text);
    c->out_text = NULL;
    free(c->reply_text);
    c->reply_text = NULL;
    c->reply_len = 0;
    db_idempotent_answer_free(&c->prior);
}

static void reset_attempt(struct api_call *c)
{
    free_outputs(c);
    c->status = 0;
    c->constraint[0] = '\0';
    c->replay = false;
    memset(&c->no, 0, sizeof c->no);
    free(c->r->location);
    c->r->location = NULL;
    free(c->r->link);
    c->r->link = NULL;
}

/* The reply of a successful attempt, as the bytes that will be sent (and stored with an
 * Idempotency-Key), its status, Location and Link. */
static enum db_status prepare_reply(struct api_call *c)
{
    if (c->status == 0)
        c->status = c->h->ok ? c->h->ok : 200;
    c->reply_len = 0; /* the reply below is measured when sent */
    if (c->out_text != NULL) {
        c->reply_text = c->out_text;
        c->out_text = NULL;
    } else {
        c->reply_text = c->out ? json_dumps(c->out, JSON_COMPACT) : NULL;
    }
    if (c->reply_text == NULL)
        return DB_ERROR;
    if (c->status == 201 && c->out != NULL)
        http_set_created_location(c->r, c->out);
    const json_t *next = json_object_get(c->out, "next_cursor");
    if (c->h->page > 0 && json_is_string(next))
        http_link_next(c->r, json_string_value(next));
    return DB_OK;
}

static enum db_status claim_key(struct db_tx *tx, struct api_call *c)
{
    bool claimed = false;
    unsigned ttl = http_settings() ? http_settings()->idempotency_ttl : 86400;
    enum db_status st = db_idempotency_claim(tx, &c->who, c->idempotency_key, c->request_text, ttl,
                                             &claimed, &c->prior);
    if (st == DB_NOT_FOUND)
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL,
                          "a request with this Idempotency-Key is still being decided; retry");
    if (st != DB_OK || claimed)
        return st;
    if (!c->prior.same_request)
        return api_refuse(&c->no, PROBLEM_KEY_REUSED, NULL, NULL,
                          "this Idempotency-Key was sent with another request; use a new key");
    c->replay = true;
    return DB_REFUSED; /* nothing is written: the first answer is sent again */
}

/* If-Match: the current version, read in the transaction that changes it, must be the one
 * the client names. */
static enum db_status check_if_match(struct db_tx *tx, struct api_call *c)
{
    enum db_status st = c->h->current(tx, c);
    if (st == DB_OK && c->if_match == NULL) { /* required: a missing object is still a 404 */
        reset_attempt(c);
        return api_refuse(&c->no, PROBLEM_PRECONDITION_REQUIRED, NULL, NULL,
                          "send If-Match with the ETag of the version you read (GET it first)");
    }
    if (st == DB_OK)
        st = prepare_reply(c);
    if (st != DB_OK)
        return st;
    char etag[HTTP_ETAG_MAX];
    http_etag_of(c->reply_text, strlen(c->reply_text), etag);
    bool matches = http_etag_listed_strongly(c->if_match, etag);
    reset_attempt(c);
    if (!matches)
        return api_refuse(&c->no, PROBLEM_PRECONDITION_FAILED, NULL, NULL,
                          "the resource has changed since the version named in If-Match; read "
                          "it again");
    return DB_OK;
}

static enum db_status attempt(struct db_tx *tx, void *arg)
{
    struct api_call *c = arg;
    reset_attempt(c);
    enum db_status st = DB_OK;
    if (c->idempotency_key != NULL)
        st = claim_key(tx, c);
    if (st == DB_OK && (c->if_match != NULL || c->h->if_match_required) && c->h->current)
        st = check_if_match(tx, c);
    if (st == DB_OK)
        st = c->h->tx(tx, c);
    if (st == DB_CONFLICT && tx != NULL)
        snprintf(c->constraint, sizeof c->constraint, "%s", db_tx_constraint(tx));
    if (st == DB_OK)
        st = prepare_reply(c);
    if (st == DB_OK && c->idempotency_key != NULL)
        st = db_idempotency_store(tx, &c->who, c->idempotency_key, c->status, c->reply_text,
                                  c->r->location);
    return st;
}

/* A handler's own 4xx (a whole answer that refuses, e.g. a claim table with refused rows,
 * stored with an Idempotency-Key like a success) is a problem. */
static const char *reply_type(unsigned status)
{
    return status >= 400 ? "application/problem+json" : "application/json";
}

static enum MHD_Result reply_replay(struct api_call *c)
{
    struct http_request *r = c->r;
    r->replayed = true;
    r->outcome = "replayed";
    free(r->location);
    r->location = c->prior.location;
    c->prior.location = NULL;
    return http_reply_raw(r, c->prior.status, reply_type(c->prior.status), c->prior.body,
                          strlen(c->prior.body), NULL);
}

static enum MHD_Result reply_ok(struct api_call *c)
{
    struct http_request *r = c->r;
    size_t len = c->reply_len > 0 ? c->reply_len : strlen(c->reply_text);
    r->outcome = c->status >= 400 ? "refused" : "ok";
    if (!is_write(r) && c->status == 200) { /* reads carry a strong ETag */
        if (r->etag == NULL) {
            char etag[HTTP_ETAG_MAX];
            http_etag_of(c->reply_text, len, etag);
            r->etag = strdup(etag);
        }
        if (c->memo_ok)
            api_memo_store(c->memo_key, &c->memo_stamp, r->etag, len);
        if (!c->h->own_not_modified && http_etag_listed(http_header(r, "If-None-Match"), r->etag)) {
            r->outcome = "not_modified";
            return http_reply_not_modified_of(r, len);
        }
    }
    const char *type =
        c->status < 400 && c->h->content_type ? c->h->content_type : reply_type(c->status);
    char *text = c->reply_text; /* the response's from here: sent without a copy */
    c->reply_text = NULL;
    return http_reply_owned(r, c->status, type, text, len);
}

static const char *failure_outcome(enum db_status st)
{
    switch (st) {
    case DB_NOT_FOUND:
        return "not_found";
    case DB_CONFLICT:
        return "conflict";
    case DB_UNAVAILABLE:
        return "unavailable";
    default:
        return "error";
    }
}

static enum MHD_Result reply(struct api_call *c, enum db_status st)
{
    if (st == DB_OK)
        return reply_ok(c);
    if (c->replay)
        return reply_replay(c);
    if (st == DB_REFUSED) {
        c->r->outcome = c->no.rule_id ? c->no.rule_id : "refused";
        return api_reply_refusal(c->r, &c->no);
    }
    c->r->outcome = failure_outcome(st);
    if (c->h->failed != NULL)
        return c->h->failed(c, st);
    return api_db_failure(c->r, st, c->h->what ? c->h->what : "resource");
}

enum http_step api_step_for(struct api_call *c, enum db_status st)
{
    return st == DB_OK ? HTTP_GO_ON : http_replied(reply(c, st));
}

/* A reply remembered (memo.c): its key is the operation, the caller and the query as read;
 * the topic's stamp is taken before the transaction, so a change committed after the read's
 * snapshot shows as a newer stamp. 304 at once when the poller holds the remembered ETag. */
static enum http_step memo_check(struct api_call *c)
{
    const struct api_handler *h = c->h;
    char topic[256] = "";
    h->memo_topic(c, topic, sizeof topic);
    if (topic[0] == '\0') /* this caller's reply depends on more than one topic */
        return HTTP_GO_ON;
    char *query = c->r->query ? json_dumps(c->r->query, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
    int n =
        snprintf(c->memo_key, sizeof c->memo_key, "%s\n%s\n%s\n%s\n%d\n%s", h->name, c->who.role,
                 c->who.subject, query ? query : "", c->limit, c->cursor ? c->cursor : "");
    free(query);
    c->memo_ok = n > 0 && (size_t)n < sizeof c->memo_key && db_topic_stamp(topic, &c->memo_stamp);
    const char *inm = http_header(c->r, "If-None-Match");
    char etag[HTTP_ETAG_MAX];
    size_t len;
    if (!c->memo_ok || inm == NULL || !api_memo_lookup(c->memo_key, &c->memo_stamp, etag, &len) ||
        !http_etag_listed(inm, etag))
        return HTTP_GO_ON;
    c->r->etag = strdup(etag);
    c->r->outcome = "not_modified";
    return http_replied(http_reply_not_modified_of(c->r, len));
}

/* The handler's transaction on the database its kind goes to: writes on the primary,
 * polled reads on the replica when there is one. After a write, the primary's position,
 * so that the writer can read it back from a replica (X-Read-After). */
static enum db_status run_transaction(struct api_call *c)
{
    const struct api_handler *h = c->h;
    enum db_status st;
    if (h->no_database)
        return attempt(NULL, c);
    if (h->write && h->replica) /* the person check: it records, it changes no memo */
        return db_transact_replica_reads(h->name, attempt, c, c->read_after);
    if (!h->write)
        return h->replica ? db_read_replica(attempt, c, c->read_after) : db_read(attempt, c);
    st = db_transact_named(h->name, attempt, c);
    if (st == DB_OK && h->touches_memos)
        db_topics_touched_here();
    if ((st == DB_OK || c->replay) && db_replica_configured() &&
        db_write_position(c->r->read_after) != 0)
        c->r->read_after[0] = '\0';
    return st;
}

enum MHD_Result api_run(struct http_request *r, const struct api_handler *h, void *arg)
{
    struct api_call c = {.r = r, .h = h, .arg = arg, .role = r->who.role};
    api_actor(r, &c.who);
    enum MHD_Result ret;
    enum http_step step = read_inputs(&c);
    if (step == HTTP_GO_ON)
        step = read_preconditions(&c);
    if (step == HTTP_GO_ON && h->before != NULL)
        step = h->before(&c);
    if (step == HTTP_GO_ON && h->memo_topic != NULL && !h->write && !h->replica)
        step = memo_check(&c);
    if (step != HTTP_GO_ON) {
        ret = http_step_done(step);
        goto out;
    }
    if (c.from_memory) { /* the same reply, headers and all, as a read's success */
        c.status = 200;
        ret = reply(&c, DB_OK);
        goto out;
    }
    enum db_status st = run_transaction(&c);
    if (st == DB_OK && h->remember != NULL)
        h->remember(&c);
    ret = reply(&c, st);
out:
    if (h->cleanup != NULL)
        h->cleanup(&c);
    free_outputs(&c);
    json_decref(c.in);
    free(c.request_text);
    if (!h->no_database)
        db_assert_idle(h->name);
    return ret;
}
