/* api.h: one handler per route, one file per resource (src/api). */
#ifndef API_H
#define API_H
#include "administrators.h"
#include "db.h"
#include "http.h"
#include "jsonf.h"

/* health.c */
enum MHD_Result api_healthz(struct http_request *r);
enum MHD_Result api_readyz(struct http_request *r);
enum MHD_Result api_metrics(struct http_request *r);
enum MHD_Result api_openapi(struct http_request *r);
/* web.c: the API reference and the clerk's console, served by the binary. */
enum MHD_Result api_web_docs(struct http_request *r);
enum MHD_Result api_web_redoc(struct http_request *r);
enum MHD_Result api_web_console(struct http_request *r);
enum MHD_Result api_web_console_js(struct http_request *r);
/* debtors.c */
enum MHD_Result api_debtors_create(struct http_request *r);
enum MHD_Result api_debtors_list(struct http_request *r);
enum MHD_Result api_debtors_get(struct http_request *r);
enum MHD_Result api_debtors_update(struct http_request *r);
/* applications.c */
enum MHD_Result api_applications_file(struct http_request *r);
enum MHD_Result api_applications_list(struct http_request *r);
enum MHD_Result api_applications_get(struct http_request *r);
enum MHD_Result api_applications_materials(struct http_request *r);
enum MHD_Result api_applications_co_applicant_decide(struct http_request *r);
enum MHD_Result api_applications_withdraw(struct http_request *r);
enum MHD_Result api_applications_decide(struct http_request *r);
/* rules.c */
enum MHD_Result api_rules_list(struct http_request *r);
enum MHD_Result api_rules_get(struct http_request *r);
enum MHD_Result api_rules_deadline(struct http_request *r);
enum MHD_Result api_rules_tally(struct http_request *r);
enum MHD_Result api_rules_distribution(struct http_request *r);
/* The rules module's integer fen (members *_fen, an amount condition's yes/base; all_ints:
 * every integer) as decimal strings under names without the suffix (v is consumed). */
json_t *api_amounts_as_money(json_t *v, bool all_ints);
/* calendar.c */
enum MHD_Result api_calendar_get(struct http_request *r);
enum MHD_Result api_calendar_put(struct http_request *r);
struct rules_calendar;
/* Loads the court calendar from the database into cal (initialised by the caller). */
enum db_status api_calendar_load(struct rules_calendar *cal);
/* Frees the process's copy of the calendar (at shutdown). */
void api_calendar_forget(void);
/* The calendar's coverage against today: {last_covered_year, warnings: [{code, year,
 * message}]} (the current year missing; from CALENDAR_WARN_FROM on, next year missing).
 * The first call of each day with warnings logs them. */
enum db_status api_calendar_coverage(json_t **out);
/* acts.c */
enum MHD_Result api_acts_record(struct http_request *r);
enum MHD_Result api_acts_list(struct http_request *r);
enum MHD_Result api_acts_get(struct http_request *r);
enum MHD_Result api_acts_correct(struct http_request *r);
/* deadlines.c */
enum MHD_Result api_deadlines_for_case(struct http_request *r);
enum MHD_Result api_deadlines_list(struct http_request *r);
enum MHD_Result api_deadlines_waive(struct http_request *r);
/* restrictions.c */
enum MHD_Result api_restrictions_for_case(struct http_request *r);
enum MHD_Result api_restrictions_consent(struct http_request *r);
enum MHD_Result api_restrictions_lift(struct http_request *r);
enum MHD_Result api_restrictions_changes(struct http_request *r);
enum MHD_Result api_restrictions_check(struct http_request *r);
enum MHD_Result api_debtor_restriction_checks(struct http_request *r);
/* feed.c: a change feed polled by position (the restriction feed, the credit feed): its
 * head and epoch (head_cached: as the watcher heard them, NULL when the feed has no watcher
 * and every conditional poll asks the database), its page, and its ETag's prefix. */
struct api_feed {
    const char *etag_prefix;
    bool (*head_cached)(long long *head, char epoch[DB_FEED_EPOCH_LEN]);
    enum db_status (*head)(struct db_tx *tx, long long *head, char epoch[DB_FEED_EPOCH_LEN]);
    enum db_status (*changes)(struct db_tx *tx, long long after, int limit,
                              struct db_feed_changes *out);
    /* pages behind the head served from memory (feedpages.c: one feed only, with
     * head_cached: the restriction feed) */
    bool pages_in_memory;
};
enum MHD_Result api_feed_run(struct http_request *r, const char *name, const struct api_feed *feed);
/* feedpages.c: a page's bytes from the changes read ({items, next_cursor, head, epoch},
 * malloc'd; NULL when out of memory), and the blocks of the restriction feed kept in
 * memory (the final ones, and the head's own as read up to a head): a page with the head
 * given is served from them (FEED_SERVED), or names the block to read first
 * (FEED_BLOCK_MISSING: read api_feed_pages_blocks_for blocks of changes from that block's
 * first position, keep them, ask again), or is PostgreSQL's to build. */
char *api_feed_page_text(const struct db_feed_changes *rows, long long after, int limit,
                         int *count);
enum api_feed_memory { FEED_SERVED, FEED_BLOCK_MISSING, FEED_FROM_DATABASE };
struct api_feed_served {
    char *text; /* FEED_SERVED: the page (malloc'd), len bytes */
    size_t len;
    int count;            /* the changes it holds */
    long long next;       /* the last one's position, or after when none */
    long long missing;    /* FEED_BLOCK_MISSING: the block to read first, */
    long long read_after; /* from after this position: its first, or what is kept of it */
};
enum api_feed_memory api_feed_pages_serve(long long after, int limit, long long head,
                                          const char *epoch, struct api_feed_served *out);
int api_feed_pages_blocks_for(long long block, long long after, int limit);
int api_feed_pages_changes_of(int blocks);
/* Keeps what a fill of blocks blocks from block read after position after (out->read_after
 * of the page that missed it). */
void api_feed_pages_keep(const struct db_feed_changes *rows, long long block, int blocks,
                         long long after);
void api_feed_pages_read_from_database(void);
/* How many bytes of final blocks may be kept (FEED_MEMORY_MB, main.c; 0, the start: none). */
void api_feed_pages_configure(size_t bytes);
void api_feed_pages_metrics(FILE *out);
/* claims.c */
enum MHD_Result api_claims_declare(struct http_request *r);
enum MHD_Result api_claims_omission(struct http_request *r);
enum MHD_Result api_claims_amend(struct http_request *r);
enum MHD_Result api_claims_withdraw(struct http_request *r);
enum MHD_Result api_claims_get(struct http_request *r);
enum MHD_Result api_claims_for_case(struct http_request *r);
enum MHD_Result api_claims_list(struct http_request *r);
enum MHD_Result api_claims_object(struct http_request *r);
enum MHD_Result api_objections_opinion(struct http_request *r);
enum MHD_Result api_objections_lawsuit(struct http_request *r);
enum MHD_Result api_claims_confirm(struct http_request *r);
enum MHD_Result api_claims_provisional(struct http_request *r);
/* claim_table.c */
enum MHD_Result api_claim_table_submit(struct http_request *r);
enum MHD_Result api_claim_table_get(struct http_request *r);
/* audit.c */
enum MHD_Result api_applications_audit(struct http_request *r);
/* meetings.c */
enum MHD_Result api_meetings_convene(struct http_request *r);
enum MHD_Result api_meetings_for_case(struct http_request *r);
enum MHD_Result api_meetings_get(struct http_request *r);
enum MHD_Result api_meetings_notice(struct http_request *r);
enum MHD_Result api_meetings_add_item(struct http_request *r);
enum MHD_Result api_meetings_attend(struct http_request *r);
enum MHD_Result api_meetings_close(struct http_request *r);
enum MHD_Result api_meetings_minutes(struct http_request *r);
enum MHD_Result api_meetings_minutes_page(struct http_request *r);
enum MHD_Result api_meetings_revoke(struct http_request *r);
/* ballots.c */
enum MHD_Result api_meeting_items_open(struct http_request *r);
enum MHD_Result api_meeting_items_cast(struct http_request *r);
enum MHD_Result api_meeting_items_tally(struct http_request *r);
enum MHD_Result api_meeting_items_close(struct http_request *r);
enum MHD_Result api_meetings_vote_status(struct http_request *r);
/* liquidation (issue 13): property.c */
enum MHD_Result api_property_declare(struct http_request *r);
enum MHD_Result api_property_get(struct http_request *r);
enum MHD_Result api_exempt_list_file(struct http_request *r);
enum MHD_Result api_exempt_list_get(struct http_request *r);
enum MHD_Result api_exempt_list_rule(struct http_request *r);
enum MHD_Result api_property_report(struct http_request *r);
enum MHD_Result api_revocation_request(struct http_request *r);
enum MHD_Result api_revocation_rule(struct http_request *r);
/* estate.c */
enum MHD_Result api_bankruptcy_declare(struct http_request *r);
enum MHD_Result api_liquidation_end(struct http_request *r);
enum MHD_Result api_estate_record(struct http_request *r);
enum MHD_Result api_estate_get(struct http_request *r);
/* distributions.c */
enum MHD_Result api_distributions_propose(struct http_request *r);
enum MHD_Result api_distributions_for_case(struct http_request *r);
enum MHD_Result api_distributions_get(struct http_request *r);
enum MHD_Result api_distributions_approve(struct http_request *r);
enum MHD_Result api_distributions_pay(struct http_request *r);
/* discharge.c */
enum MHD_Result api_liquidation_conclude(struct http_request *r);
enum MHD_Result api_inspection_get(struct http_request *r);
enum MHD_Result api_breaches_report(struct http_request *r);
enum MHD_Result api_inspection_extend(struct http_request *r);
enum MHD_Result api_discharge_rule(struct http_request *r);

/* disclosure.c (issue 14) */
enum MHD_Result api_disclosure_nodes(struct http_request *r);
enum MHD_Result api_disclosure_query(struct http_request *r);
enum MHD_Result api_debtor_disclosure_queries(struct http_request *r);
enum MHD_Result api_disclosure_changes(struct http_request *r);
enum MHD_Result api_debtor_disclosure(struct http_request *r);
enum MHD_Result api_disclosure_conduct(struct http_request *r);
enum MHD_Result api_disclosure_object(struct http_request *r);
enum MHD_Result api_disclosure_stop(struct http_request *r);
enum MHD_Result api_disclosure_restoration(struct http_request *r);
enum MHD_Result api_disclosure_requests_get(struct http_request *r);
enum MHD_Result api_disclosure_requests_step(struct http_request *r);

/* common.c: shared by the handlers. */

/* A refusal decided inside a transaction (the law's, or a state or reference that does not
 * allow the request), replied after the rollback. */
struct api_refusal {
    enum problem_code code;
    const char *rule_id; /* when a rule of the law is behind it */
    const char *field;
    char profile[64]; /* the case's rule profile ("" = the default) */
    char detail[320];
    char field_buf[64]; /* room for a field path built at run time */
};
/* Records the refusal and returns DB_REFUSED (which rolls the transaction back). */
enum db_status api_refuse(struct api_refusal *no, enum problem_code code, const char *rule_id,
                          const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* 422 naming the rule for the law; another status with the rule as a member; or a problem
 * naming the field. */
enum MHD_Result api_reply_refusal(struct http_request *r, const struct api_refusal *no);
/* The rule in a profile (NULL or "": the default), falling back to the default profile. */
const struct rule *api_rule(const char *profile, const char *id);
void api_actor(const struct http_request *r, struct db_actor *who);

/* runner.c: the one handler runner. A handler is its declared inputs, its transaction body
 * and its reply status; api_run does the rest (see runner.c). */
#define API_MEMO_KEY_MAX 512
struct api_call {
    struct http_request *r;
    const struct api_handler *h;
    struct db_actor who;
    enum role role;
    json_t *in;         /* the body as validated (owned by the runner) */
    int limit;          /* a list's page size */
    const char *cursor; /* a list's cursor, or NULL */
    void *arg;          /* the handler's own state: its inputs and what its attempts share */
    /* What an attempt produced; the runner clears them before each attempt. */
    json_t *out;           /* the reply body */
    char *out_text;        /* or the reply as PostgreSQL built it, passed through (malloc'd) */
    unsigned status;       /* the reply status: 0 is the handler's ok; 4xx: c->out is a problem */
    struct api_refusal no; /* what a DB_REFUSED says */
    char constraint[64];   /* the constraint behind a DB_CONFLICT */
    /* The runner's own. */
    const char *idempotency_key, *if_match;
    const char *read_after; /* X-Read-After, checked: the writer's last WAL position */
    char *request_text, *reply_text;
    struct db_idempotent_answer prior;
    bool replay;
    /* A handler with memo_topic: the reply's key and the topic's stamp before the
     * transaction (memo_ok: the stamp can be trusted and the key fits). */
    char memo_key[API_MEMO_KEY_MAX];
    struct db_topic_stamp memo_stamp;
    bool memo_ok;
    /* before found the whole reply in memory (appcache.c, a feed page: feedpages.c):
     * reply_text holds it and r->etag its ETag; no transaction runs and the reply is sent
     * as the database's would be */
    bool from_memory;
    size_t reply_len; /* reply_text's length when the one who set it knew it (0: strlen) */
};

struct api_handler {
    const char *name; /* the operation, for log lines */
    bool write;       /* a transaction (else one read); Idempotency-Key applies */
    bool no_database; /* the body needs no database (tx is NULL) */
    /* Polled reads a streaming replica may serve (READ_DATABASE_URL): a read runs there, a
     * write reads there through dbi_reader (the person check: its own record is written on
     * the primary); X-Read-After sends it to the primary until the replica has replayed
     * the position. */
    bool replica;
    const struct jf_field *query; /* the query parameters (NULL: none) */
    int page;                     /* a list: its default page size (limit and cursor apply) */
    const struct jf_field *body;  /* the JSON body (NULL: none read) */
    /* A body of decode_type (e.g. "text/csv") is turned by decode into the JSON object the
     * body table validates, as if it had been sent as JSON; any other type is read as JSON. */
    const char *decode_type;
    enum http_step (*decode)(struct api_call *c, json_t **in);
    /* Checks the tables cannot say, with the inputs filled; appends {field, message}. */
    void (*check)(struct api_call *c, json_t *errors);
    /* Before the transaction: what it needs read first (may reply, e.g. 304 from memory). */
    enum http_step (*before)(struct api_call *c);
    /* The transaction body: fills c->out (or c->out_text), or refuses (api_refuse). */
    enum db_status (*tx)(struct db_tx *tx, struct api_call *c);
    /* Writes of one object: reads its current representation as its GET shows it, for
     * If-Match (412 when stale). */
    enum db_status (*current)(struct db_tx *tx, struct api_call *c);
    bool if_match_required; /* 428 without If-Match */
    /* The handler's ETag (set in tx) names a version, not the reply's bytes, so a matching
     * If-None-Match alone does not say the client holds this reply: the handler answers
     * 304 itself (in before) and the runner never does. */
    bool own_not_modified;
    unsigned ok;              /* the status of success (0: 200) */
    const char *content_type; /* of a success reply (NULL: application/json) */
    const char *what;         /* the object, for "no such ..." */
    /* A failure other than a refusal, when the handler says more than the default. */
    enum MHD_Result (*failed)(struct api_call *c, enum db_status st);
    void (*cleanup)(struct api_call *c);
    /* A read whose 304 may come from memory (memo.c): writes the topic its reply depends
     * on, which a NOTIFY on topic_changes names when a commit changes it, or leaves it ""
     * when this caller's reply depends on more. Not with replica. */
    void (*memo_topic)(struct api_call *c, char *topic, size_t cap);
    /* A write that may change a memo's topic (claims, acts): this instance forgets its memos
     * when it commits, without waiting for its own notification. */
    bool touches_memos;
    /* A read whose reply may be kept in memory: called after a successful transaction,
     * before the reply is sent, with c->reply_text as it will be sent. */
    void (*remember)(struct api_call *c);
};

/* appcache.c: application documents in memory (APPLICATION_CACHE_MB, 0: none). init once
 * at start-up; usable: memory is on and no replica is configured (a replica's reads are
 * never kept). lookup: the doc (malloc'd) and its ETag when the entry of id lists who under
 * the stamp now, else NULL; store: the doc the database gave who under stamp, taken
 * before the read's transaction began. */
void api_appcache_init(unsigned megabytes);
bool api_appcache_usable(void);
char *api_appcache_lookup(const char *id, const struct db_actor *who,
                          const struct db_topic_stamp *now, char etag[HTTP_ETAG_MAX]);
void api_appcache_store(const char *id, const struct db_actor *who,
                        const struct db_topic_stamp *stamp, const char *doc, const char *etag);
unsigned long api_appcache_hits(void);
unsigned long api_appcache_misses(void);
unsigned long api_appcache_bytes(void);

/* memo.c: the ETag and length of the reply remembered under key, when its stamp is now's. */
bool api_memo_lookup(const char *key, const struct db_topic_stamp *now, char etag[HTTP_ETAG_MAX],
                     size_t *len);
void api_memo_store(const char *key, const struct db_topic_stamp *stamp, const char *etag,
                    size_t len);

enum MHD_Result api_run(struct http_request *r, const struct api_handler *h, void *arg);
/* For a before hook: go on after DB_OK, else the reply the runner gives a transaction that
 * ended so (a refusal recorded in c->no, or the database failure). */
enum http_step api_step_for(struct api_call *c, enum db_status st);
/* Replies for a database status other than DB_OK (404, 409, 503, 500). */
enum MHD_Result api_db_failure(struct http_request *r, enum db_status st, const char *what);
/* A list reply {items, next_cursor} (items stolen): next_cursor is the last item's cursor
 * when the page is full, else null. */
json_t *api_page(json_t *items, int limit);
/* The same with the cursor read from another member of the last item (e.g. "seq"). */
json_t *api_page_keyed(json_t *items, int limit, const char *key);
/* Whether the catalogue holds every rule parameter the handlers read; -1 with the first
 * missing one in err (serve refuses to start: no statutory value has a default in code). */
int api_check_catalogue(char *err, size_t errlen);
/* The latest migration the binary expects (set at start-up by main). */
void api_set_latest_migration(const char *name);
const char *api_latest_migration(void);

#endif
