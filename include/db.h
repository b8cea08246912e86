/* db.h: the database boundary. Only src/db includes libpq; handlers see these statuses,
 * opaque transactions and JSON built by PostgreSQL. */
#ifndef DB_H
#define DB_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "settings.h"

enum db_status {
    DB_OK,
    DB_NOT_FOUND,   /* no row (or a row the actor may not see) */
    DB_CONFLICT,    /* a uniqueness or state conflict */
    DB_REFUSED,     /* the transaction function refused (its own outcome says why) */
    DB_UNAVAILABLE, /* no connection: answer 503 */
    DB_ERROR        /* anything else: answer 500 */
};

/* Who acts: for audit rows and for the membership predicates in SQL. */
struct db_actor {
    const char *role;
    const char *subject;
    const char *request_id;
    const char *debtor_view; /* from the policy (policy_debtor_view): the debtor shape shown */
};

struct db_tx;
typedef enum db_status (*db_tx_fn)(struct db_tx *tx, void *arg);

/* One statement: prepared on a connection the first time it is used there, and again
 * after a reconnect. */
struct db_stmt {
    const char *name;
    const char *sql;
    int nparams;
};
/* Every statement the service prepares (statements.c), NULL-ended: for the plan test, which
 * explains each against a seeded database. */
const struct db_stmt *const *db_statements(void);

int db_init(const struct settings *s);
/* BEGIN, fn, COMMIT; ROLLBACK when fn does not return DB_OK; retried on serialization
 * failure and deadlock (fn is called again: it must reset what an attempt produced). */
enum db_status db_transact(db_tx_fn fn, void *arg);
/* The same, naming the operation in the log line written when the retries run out. */
enum db_status db_transact_named(const char *name, db_tx_fn fn, void *arg);
/* Serialization failures and deadlocks retried since start-up, and transactions that ran
 * out of retries (for metrics and tests). */
unsigned long db_retries_total(void);
unsigned long db_retries_exhausted(void);
/* Statements and transaction commands sent, and transactions or reads that ended
 * unavailable or in an error, since start-up (for metrics). */
unsigned long db_round_trips(void);
unsigned long db_failures_total(void);
/* After a request: true when this thread's connection has no transaction open; otherwise
 * logs the leak, rolls it back and returns false. */
bool db_assert_idle(const char *what);
/* fn without BEGIN/COMMIT, for reads of one statement. */
enum db_status db_read(db_tx_fn fn, void *arg);

/* Read replicas (READ_DATABASE_URL): whether one is configured. */
bool db_replica_configured(void);
/* A read the streaming replica may serve: fn runs on this thread's replica connection when
 * a replica is configured and reachable and, with read_after (a WAL position a write
 * reported, db_write_position), has replayed up to it; otherwise, or when the replica
 * fails, on the primary as db_read. */
enum db_status db_read_replica(db_tx_fn fn, void *arg, const char *read_after);
/* A transaction on the primary (db_transact_named) whose pure reads through dbi_reader may
 * be served by the replica on the same terms. */
enum db_status db_transact_replica_reads(const char *name, db_tx_fn fn, void *arg,
                                         const char *read_after);
/* The primary's WAL insert position after this thread's last commit ("16/B374D848"), for
 * the writer to send back as read_after; -1 when it cannot be read. */
#define DB_WAL_POSITION_MAX 24
int db_write_position(char out[DB_WAL_POSITION_MAX]);
/* How far the replica is behind the primary, in bytes of WAL (the primary's insert position
 * less the replica's replay position, both read now on this thread's connections): 0 when
 * caught up; -1 when no replica is configured or either side cannot be reached. */
long long db_replica_lag_bytes(void);
/* Whether s is a WAL position in pg_lsn's text form (hex "X/Y", up to 8 digits each). */
bool db_wal_position_valid(const char *s);
/* The constraint that made the last statement of tx fail, or "" (for mapping conflicts). */
const char *db_tx_constraint(const struct db_tx *tx);
/* Closes this thread's connection (called when a server thread ends). */
void db_thread_close(void);
/* Whether the database answers and the schema is at the latest migration. */
enum db_status db_ready(const char *latest_migration, char *why, size_t whylen);

/* The schema (migrate.c): migrations NNNN_name.sql (tables, indexes, constraints), applied
 * once each in order, and definitions NNN_name.sql (functions, triggers, views), applied
 * all of them in order after the pending migrations, in the same transaction. */
struct db_schema_dirs {
    const char *migrations;  /* MIGRATIONS_DIR */
    const char *definitions; /* SQL_DIR */
};
/* *pending: the migrations not applied plus the definitions whose text the database has
 * not applied; latest: the last migration's name. */
int db_migrate_status(const char *conninfo, const struct db_schema_dirs *dirs, int *pending,
                      char *latest, size_t latestlen, char *err, size_t errlen);
/* Applies the pending migrations and re-applies every definition. */
int db_migrate_apply(const char *conninfo, const struct db_schema_dirs *dirs, char *err,
                     size_t errlen);

/* Audit (audit_sql.c): one append-only row, in the caller's transaction. */
enum db_status db_audit(struct db_tx *tx, const struct db_actor *who, const char *action,
                        const char *object_type, const char *object_id, const char *case_id,
                        const json_t *detail);
enum db_status db_audit_for_application(struct db_tx *tx, const char *application_id,
                                        const char *after_seq, int limit, json_t **out);

/* Idempotency keys (idempotency_sql.c). The answer stored with a key. */
struct db_idempotent_answer {
    bool same_request; /* the stored request's hash equals this one's */
    unsigned status;
    char *body;     /* owned */
    char *location; /* owned, or NULL */
};
/* Claims the key for the actor (claimed: go on and store the answer before committing);
 * otherwise prior is the answer stored with it (DB_NOT_FOUND: a request with the key is
 * still being decided). */
enum db_status db_idempotency_claim(struct db_tx *tx, const struct db_actor *who, const char *key,
                                    const char *request, unsigned ttl_seconds, bool *claimed,
                                    struct db_idempotent_answer *prior);
enum db_status db_idempotency_store(struct db_tx *tx, const struct db_actor *who, const char *key,
                                    unsigned status, const char *body, const char *location);
void db_idempotent_answer_free(struct db_idempotent_answer *a);

/* Debtors (debtors_sql.c). in is validated input; out is the debtor as the actor sees it. */
enum db_status db_debtor_insert(struct db_tx *tx, const struct db_actor *who, const json_t *in,
                                json_t **out);
enum db_status db_debtor_get(struct db_tx *tx, const struct db_actor *who, const char *id,
                             json_t **out);
enum db_status db_debtor_update(struct db_tx *tx, const struct db_actor *who, const char *id,
                                const json_t *changes, json_t **out);
enum db_status db_debtor_list(struct db_tx *tx, const struct db_actor *who, const char *id_number,
                              const char *after_seq, int limit, json_t **out);
/* The id of the debtor with this identity number (a JSON string). */
enum db_status db_debtor_id_by_number(struct db_tx *tx, const char *id_number, json_t **out);
/* The facts the rules need about a debtor, unmasked, for the rules only. */
struct db_debtor_facts {
    char id[37];
    char subject[129];
    char spouse_id_number[32];
    char id_number[32];
    int sez_resident;           /* 1, 0, or -1 unknown */
    int social_insurance_years; /* -1 unknown */
    bool individual_business;
    /* filled by db_filing_facts only */
    char open_case[32];       /* the case number of the debtor's open case, or "" */
    char last_withdrawal[11]; /* this applicant's latest withdrawal against the debtor, or "" */
};
enum db_status db_debtor_facts(struct db_tx *tx, const char *id, bool lock,
                               struct db_debtor_facts *out);
/* What a filing needs to know, in one round trip, with the debtor locked: its facts, its
 * open case, and the applicant's latest withdrawal against it. */
enum db_status db_filing_facts(struct db_tx *tx, const char *debtor_id, const char *applicant_role,
                               const char *applicant_subject, struct db_debtor_facts *out);
/* The debtor a creditor's petition names by identity number, the existing record or a new
 * one {name, id_number} (*created), with its filing facts as db_filing_facts gives them
 * (facts->id is the record), locked. */
enum db_status db_debtor_for_petition(struct db_tx *tx, const struct db_actor *who,
                                      const char *name, const char *id_number, bool *created,
                                      struct db_debtor_facts *facts);

/* The case's phase (migration 0017): a move through case_phase_set (sql/420, which writes
 * its history and audit row); from is a text[] literal ("{liquidation,awaiting_declaration}").
 * DB_NOT_FOUND when the case is in none of them (caselife_sql.c). */
struct db_phase_move {
    const char *case_id, *from, *to, *on, *rule_id, *act_id;
};
enum db_status db_case_phase_set(struct db_tx *tx, const struct db_actor *who,
                                 const struct db_phase_move *m);

/* Applications (applications_sql.c). */
struct db_application_new {
    const char *debtor_id;
    const char *joint_debtor_id; /* may be NULL */
    const char *procedure;
    const char *received_on; /* YYYY-MM-DD */
    const char *statement;
    int64_t expected_income_fen; /* -1 when absent */
    const char *expected_income_source;
    const json_t *claims; /* array, normalised: amounts as fen integers */
    int64_t claims_due_total_fen;
    const json_t *co_applicants;      /* array of subjects */
    const json_t *materials;          /* array of {kind, reference} */
    const json_t *materials_required; /* kinds SZ-APP-MATERIALS asks of this applicant */
    const char *justification;
    const json_t *flags;         /* array of {rule, message} */
    const json_t *audit_detail;  /* the request as filed, for the audit row */
    const json_t *opens, *meets; /* the deadlines of the act "filed" (db_act_record) */
    const char *profile;         /* the rule profile of the application and its case */
};
/* The application, its audit row and the act "filed", in one round trip
 * (sql/510_file_application.sql); *out is the application's document. */
enum db_status db_application_file(struct db_tx *tx, const struct db_actor *who,
                                   const struct db_application_new *a, json_t **out);
enum db_status db_application_get(struct db_tx *tx, const struct db_actor *who, const char *id,
                                  json_t **out);
/* DB_OK when the application (the case) exists and the actor may see it, else DB_NOT_FOUND:
 * what reads of a case's parts ask first, without building the application. */
enum db_status db_case_visible(struct db_tx *tx, const struct db_actor *who, const char *id);
/* The same as JSON text (malloc'd), for a reply passed through unparsed. */
enum db_status db_application_get_text(struct db_tx *tx, const struct db_actor *who, const char *id,
                                       char **out);
struct db_application_filter {
    const char *status, *procedure, *debtor_id, *received_from, *received_to, *after_seq;
    int limit;
};
enum db_status db_application_list(struct db_tx *tx, const struct db_actor *who,
                                   const struct db_application_filter *f, json_t **out);
/* The state the transitions need, locked FOR UPDATE. */
struct db_application_state {
    char id[37];
    char debtor_id[37];
    char status[16];
    char procedure[16];
    char applicant_role[16];
    char applicant_subject[129];
    char received_on[11];
    char accepted_on[11];     /* "" until accepted */
    char joint_debtor_id[37]; /* "" when not a joint application */
    char profile[32];         /* the rule profile it is under */
    bool visible;             /* whether the actor may see it */
    json_t *materials;        /* owned by the caller */
};
enum db_status db_application_lock(struct db_tx *tx, const struct db_actor *who, const char *id,
                                   struct db_application_state *out);
enum db_status db_application_set_materials(struct db_tx *tx, const char *id,
                                            const json_t *materials);
/* Appends a flag for the court ({rule, message, ...}) to the case's flags. */
enum db_status db_application_flag(struct db_tx *tx, const char *id, const json_t *flag);
enum db_status db_application_withdraw(struct db_tx *tx, const char *id, const char *on,
                                       const char *reason);
/* What acceptance must check, in one round trip, with the debtor and the joint debtor
 * locked: the kinds of material still missing, whether the debtor's own reorganization
 * application is pending against a creditor's petition (SZ-APP-PRIORITY-REORG), and an
 * open case of either. */
struct db_accept_facts {
    json_t *missing;        /* a JSON array, owned by the caller */
    bool reorg_pending;     /* only for a creditor's petition */
    char open_case[32];     /* the case number of an open case of either, or "" */
    bool creditor_petition; /* the facts below are a creditor petition's */
    int64_t joined_due_fen; /* due claims of the petitioner and the co-applicants who joined */
    json_t *not_joined;     /* the co-applicants who have not joined (array), caller's */
};
enum db_status db_application_accept_facts(struct db_tx *tx, const char *id,
                                           struct db_accept_facts *out);
/* A co-applicant's decision on a pending creditor petition (the caller has locked it and
 * checked it is pending). Written only when d->subject is a co-applicant that has not
 * decided before (d->listed, d->decided_before say which). */
struct db_co_applicant_decision {
    const char *subject;
    const char *decision;  /* joined, declined */
    const char *on;        /* the day, YYYY-MM-DD */
    const char *statement; /* NULL or the co-applicant's words */
    bool listed, decided_before;
};
enum db_status db_application_co_applicant_decide(struct db_tx *tx, const char *id,
                                                  struct db_co_applicant_decision *d);
/* What acceptance writes, computed by the caller (sql/500_accept_application.sql says
 * what each is and what is written). */
struct db_acceptance {
    const char *id;
    const char *ruling_date;
    const json_t *decision;      /* stored as the application's decision */
    const json_t *opens, *meets; /* the deadlines of the act "accepted" (db_act_record) */
    const json_t *restrictions;  /* [{kind, rule_id, citation, detail}] on each debtor */
    const json_t *impose_detail; /* the audit detail of restrictions.impose */
};
/* One round trip; *out is the accepted application's document. DB_NOT_FOUND when it is
 * not pending, DB_CONFLICT when its debtor already has an open case. */
enum db_status db_application_accept(struct db_tx *tx, const struct db_actor *who,
                                     const struct db_acceptance *a, json_t **out);
enum db_status db_application_refuse(struct db_tx *tx, const char *id, const char *new_status,
                                     const char *ruling_date, const json_t *decision);

/* Calendar (calendar_sql.c): {"years": [..], "days": [{date, kind, name}]} of every year. */
enum db_status db_calendar_all(struct db_tx *tx, json_t **out);
/* {year, covered, source, updated_at, days: [...]} of one year. */
enum db_status db_calendar_year(struct db_tx *tx, int year, json_t **out);
/* Replaces the special days of a year and marks it covered. */
enum db_status db_calendar_replace_year(struct db_tx *tx, int year, const char *source,
                                        const json_t *days);

/* Case life (caselife_sql.c): acts, deadlines, restrictions and their change feed. Dates
 * are YYYY-MM-DD strings; today is the service's date, for "overdue". */
/* An act with the deadlines it opens ([{rule_id, citation, trigger_date, due, trace}]) and
 * meets ([rule_id]), in one statement; out is the act. */
enum db_status db_act_record(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                             const char *kind, const char *on, const char *event_date,
                             const json_t *detail, const json_t *opens, const json_t *meets,
                             json_t **out);
enum db_status db_acts_for_case(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                                json_t **out);
/* One act of a case the actor may see (DB_NOT_FOUND otherwise), as db_acts_for_case
 * shows it. */
enum db_status db_act_get(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                          const char *act_id, json_t **out);
enum db_status db_act_lock(struct db_tx *tx, const char *case_id, const char *act_id, json_t **out);
enum db_status db_act_correct(struct db_tx *tx, const char *act_id, const char *on,
                              const char *event_date, json_t **out);
/* Recomputes a deadline from its corrected trigger; its status and extensions stay. */
/* entry: {trigger_date, due, trace} as caselife computes it (provisional and missing_year
 * are the trace's); change: NULL, or an entry appended to the deadline's history. */
enum db_status db_deadline_recompute(struct db_tx *tx, const char *case_id, const char *rule_id,
                                     const json_t *entry, const json_t *change);
/* [{id, case_id, rule_id, trigger_date, due, extensions, missing_year}] of the provisional
 * deadlines (dated while the calendar lacked a year they need), locked. */
enum db_status db_deadlines_provisional(struct db_tx *tx, json_t **out);
/* The announcements made on provisional bounds (case_act_json), locked. */
enum db_status db_acts_provisional(struct db_tx *tx, json_t **out);
enum db_status db_act_detail_set(struct db_tx *tx, const char *act_id, const json_t *detail);
/* Waives, as the service, every pending deadline of an application that will not go on
 * (withdrawn, superseded, not accepted, rejected). */
enum db_status db_deadlines_close(struct db_tx *tx, const char *case_id, const char *reason);
enum db_status db_deadline_meet(struct db_tx *tx, const char *case_id, const char *rule_id,
                                const char *act_id, const char *on);
enum db_status db_deadlines_triggered_by(struct db_tx *tx, const char *act_id, json_t **rule_ids);
enum db_status db_deadlines_redate_met(struct db_tx *tx, const char *act_id, const char *on);
/* {status, due, extensions, trace} of the case's deadline of a rule, locked. */
enum db_status db_deadline_for_rule(struct db_tx *tx, const char *case_id, const char *rule_id,
                                    json_t **out);
enum db_status db_deadline_extend(struct db_tx *tx, const char *case_id, const char *rule_id,
                                  const char *due, const json_t *trace);
enum db_status db_deadline_waive(struct db_tx *tx, const char *id, const char *reason,
                                 const char *by, const char *today, json_t **out);
enum db_status db_deadline_get(struct db_tx *tx, const struct db_actor *who, const char *id,
                               const char *today, json_t **out);
enum db_status db_deadlines_for_case(struct db_tx *tx, const struct db_actor *who,
                                     const char *case_id, const char *today, json_t **out);
struct db_deadline_filter {
    const char *status, *due_before, *due_after, *rule_id, *case_id, *after_seq;
    const char *provisional; /* "true" | "false" | NULL */
    int limit;
};
enum db_status db_deadlines_list(struct db_tx *tx, const struct db_actor *who,
                                 const struct db_deadline_filter *f, const char *today,
                                 json_t **out);
/* Taken before drawing a feed position: positions then follow commit order. */
enum db_status db_feed_lock(struct db_tx *tx);
/* Appends a change of the restriction to the feed (from/to NULL: the restriction's own). */
enum db_status db_restriction_change(struct db_tx *tx, const char *restriction_id,
                                     const char *change, const char *rule_id, const char *citation,
                                     const char *from, const char *to, const json_t *consent);
enum db_status db_restrictions_for_case(struct db_tx *tx, const struct db_actor *who,
                                        const char *case_id, const char *today, json_t **out);
/* {id, status, rule_id, citation, detail} of the case's restriction of a kind on a debtor
 * (NULL: the case's debtor), locked. */
enum db_status db_restriction_of_kind(struct db_tx *tx, const char *case_id, const char *kind,
                                      const char *debtor_id, json_t **out);
enum db_status db_consent_insert(struct db_tx *tx, const char *restriction_id, const char *case_id,
                                 const char *item, const char *purpose, const char *reason,
                                 const char *from, const char *to, const char *by, json_t **out);
/* Lifts every active restriction of the case on on, each with a "lifted" change in the
 * feed carrying {ground, reason}, in one round trip; DB_NOT_FOUND when none is active. */
enum db_status db_restrictions_lift(struct db_tx *tx, const char *case_id, const char *on,
                                    const char *rule_id, const char *citation, const char *ground,
                                    const char *reason);
/* The feed's epoch (sql/030_feed_epoch.sql: which database its positions belong to) is 16
 * hex digits. */
#define DB_FEED_EPOCH_LEN 17
enum db_status db_feed_head(struct db_tx *tx, long long *head, char epoch[DB_FEED_EPOCH_LEN]);
/* The feed's head and epoch as the watcher heard them (feedwatch.c); false while it is not
 * connected. */
bool db_feed_head_cached(long long *head, char epoch[DB_FEED_EPOCH_LEN]);
/* Where a topic's changes stood (feedwatch.c): two stamps are equal only when no change of
 * the topic was heard between them and the watcher stayed connected. */
struct db_topic_stamp {
    unsigned long generation, all, topic;
    /* this instance's writes that declared they touch memos (db_topics_touched_here):
     * compared by memos of topics a write does not name by NOTICE (memo.c); what every
     * write names by NOTICE (an application's doc, appcache.c) need not compare it */
    unsigned long here;
};
/* The topic's stamp now; false while the watcher is not connected (trust nothing). */
bool db_topic_stamp(const char *topic, struct db_topic_stamp *out);
/* This instance committed a change of topics: its own memos are stale at once, before the
 * notification comes back (the writer reads its write). */
void db_topics_touched_here(void);
/* A number that changes whenever the court calendar may have changed; false while the
 * watcher is not connected (then nothing cached may be trusted). */
bool db_calendar_version(unsigned long *version);
int db_feed_watch_start(const char *database_url);
void db_feed_watch_stop(void);
/* Changes of the restriction feed after a position, oldest first, at most limit: change i
 * is seq[i] and the JSON text [end[i-1], end[i]) of text (from 0 for the first), with the
 * head and the epoch read in the same snapshot. db_feed_changes_free releases them. */
struct db_feed_changes {
    long long head;
    char epoch[DB_FEED_EPOCH_LEN];
    int n;
    long long *seq;
    size_t *end;
    char *text;
};
enum db_status db_feed_changes(struct db_tx *tx, long long after, int limit,
                               struct db_feed_changes *out);
void db_feed_changes_free(struct db_feed_changes *c);
/* Room for n changes of bytes of text in all (n and the texts left to fill); false, with
 * nothing held, when out of memory. */
bool db_feed_changes_alloc(struct db_feed_changes *c, int n, size_t bytes);
/* Finds the person's active restrictions and records the check (DB_NOT_FOUND: no such
 * debtor, still recorded). */
enum db_status db_restriction_check(struct db_tx *tx, const struct db_actor *who,
                                    const char *id_number, const char *today, json_t **out);
enum db_status db_restriction_checks_for_debtor(struct db_tx *tx, const struct db_actor *who,
                                                const char *debtor_id, const char *before_seq,
                                                int limit, json_t **out);

/* Claims (claims_sql.c). Amounts are integer fen; dates YYYY-MM-DD. */
/* What declaring on a case reads of it: {status, profile, accepted_on, individual_business,
 * announced_on, claim_period_end, visible, closed_by}, the case shared-locked. */
enum db_status db_claim_case(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                             json_t **out);
/* A claim's columns as written by a declaration, a listing or an amendment. */
struct db_claim_row {
    const char *case_id, *source, *creditor_role, *creditor_subject, *creditor_name;
    const char *declared_on, *timing, *claimed_class;
    int64_t principal_fen, interest_fen, secured_fen;
    const json_t *content; /* the declaration as stated */
};
/* Inserts the claim with its version 1 and timeline entry; *out is the claim in full. */
enum db_status db_claim_insert(struct db_tx *tx, const struct db_actor *who,
                               const struct db_claim_row *c, json_t **out);
/* The claim in full, without a visibility check (after a write the caller checked). */
enum db_status db_claim_full(struct db_tx *tx, const char *id, json_t **out);
enum db_status db_claim_get(struct db_tx *tx, const struct db_actor *who, const char *id,
                            json_t **out);
/* The claim locked: {id, case_id, status, source, creditor_role, creditor_subject, version,
 * table_version, profile, principal_fen, interest_fen, in_served_table, claim_visible,
 * case_visible}. */
enum db_status db_claim_lock(struct db_tx *tx, const struct db_actor *who, const char *id,
                             json_t **out);
/* A new version of the declaration (the amounts, class and content of c). */
enum db_status db_claim_amend(struct db_tx *tx, const struct db_actor *who,
                              const struct db_claim_row *c, const char *id, const char *today);
enum db_status db_claim_withdraw(struct db_tx *tx, const struct db_actor *who, const char *id,
                                 const char *reason, const char *today);
/* A status with its timeline entry (what happened, on, detail may be NULL). */
enum db_status db_claim_status(struct db_tx *tx, const char *id, const char *status,
                               const char *what, const char *on, const json_t *detail);
enum db_status db_claim_provisional(struct db_tx *tx, const char *id, int64_t fen,
                                    const char *reason, const char *on);
enum db_status db_claims_for_case(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                                  const char *after_seq, int limit, json_t **out);
/* The actor's claims across cases (a creditor's own; court and department every one). */
enum db_status db_claims_mine(struct db_tx *tx, const struct db_actor *who, const char *after_seq,
                              int limit, json_t **out);
/* sql/600_submit_claim_table.sql: rows_json is [{row, claim_id, admitted_fen, admitted_class,
 * secured_fen, reasons}]; write false checks only. */
enum db_status db_claim_table_submit(struct db_tx *tx, const struct db_actor *who,
                                     const char *case_id, const char *rows_json,
                                     const json_t *classes, bool write, bool atomic,
                                     const char *today, json_t **out);
/* The latest version (or version, when not NULL); served_only for creditors and the debtor. */
enum db_status db_claim_table_get(struct db_tx *tx, const char *case_id, const char *version,
                                  bool served_only, json_t **out);
/* Marks the latest version served by act_id on `on`; DB_NOT_FOUND when there is none. */
enum db_status db_claim_table_serve(struct db_tx *tx, const char *case_id, const char *act_id,
                                    const char *on);
enum db_status db_objection_insert(struct db_tx *tx, const struct db_actor *who,
                                   const char *claim_id, const char *case_id, const char *reasons,
                                   const char *today, json_t **out);
/* {objection, profile, case_visible}, the objection locked. */
enum db_status db_objection_lock(struct db_tx *tx, const struct db_actor *who, const char *id,
                                 json_t **out);
enum db_status db_objection_opinion(struct db_tx *tx, const char *id, const char *opinion,
                                    const char *on, const char *lawsuit_due, json_t **out);
enum db_status db_objection_lawsuit(struct db_tx *tx, const char *id, const char *on,
                                    const char *reference, json_t **out);
/* The administrator's finding that the debtor knew of the creditor's claim and left it off
 * its inventory (SZ-CLM-SUPPLEMENTARY's exception); *out is the finding. */
enum db_status db_claim_omission_insert(struct db_tx *tx, const struct db_actor *who,
                                        const char *case_id, const char *creditor_subject,
                                        const char *creditor_name, const char *reasons,
                                        const char *on, json_t **out);
/* The creditor's oldest finding in the case no declaration used yet, locked; DB_NOT_FOUND
 * without one. */
enum db_status db_claim_omission_unused(struct db_tx *tx, const char *case_id,
                                        const char *creditor_subject, json_t **out);
/* The finding used up by the declaration claim_id. */
enum db_status db_claim_omission_use(struct db_tx *tx, const char *omission_id,
                                     const char *claim_id);
/* The case's listed claims published by act_id on `on` (a timeline entry each): *out is
 * [{claim_id, creditor_name, listed_item, claimed_amount, claimed_class}]; DB_NOT_FOUND when
 * the case has none. */
enum db_status db_listed_claims_publish(struct db_tx *tx, const char *case_id, const char *act_id,
                                        const char *on, json_t **out);
/* sql/610_confirm_claims.sql: the ruling, or DB_NOT_FOUND when no claim is ready. */
enum db_status db_claims_confirm(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                                 const char *ruling_date, const char *reference, const char *today,
                                 json_t **out);

/* Creditors' meetings (meetings_sql.c). Reads of a meeting or item answer DB_NOT_FOUND for
 * a case the actor may not see (the facts say 'visible' where a change must tell). */
/* {status, profile, visible, first_meeting_date, first_meeting_place, first_exists}, the
 * case locked. */
enum db_status db_meeting_case(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                               json_t **out);
/* SZ-MTG-CALL's figures: {total_fen, requesting: [{subject, amount_fen, member}]} for the
 * subjects (a JSON array of strings). */
enum db_status db_meeting_call_amounts(struct db_tx *tx, const char *case_id,
                                       const json_t *subjects, json_t **out);
struct db_meeting_new {
    const char *case_id, *kind, *called_by, *date, *place, *room;
    const json_t *requesting, *call_check;
};
enum db_status db_meeting_insert(struct db_tx *tx, const struct db_actor *who,
                                 const struct db_meeting_new *m, json_t **out);
enum db_status db_meeting_get(struct db_tx *tx, const struct db_actor *who, const char *id,
                              json_t **out);
enum db_status db_meetings_for_case(struct db_tx *tx, const struct db_actor *who,
                                    const char *case_id, const char *after_seq, int limit,
                                    json_t **out);
/* {meeting, profile, visible}, the meeting locked. */
enum db_status db_meeting_lock(struct db_tx *tx, const struct db_actor *who, const char *id,
                               json_t **out);
struct db_meeting_notice {
    const char *on, *due, *late_reason;
    bool late, due_provisional;
};
enum db_status db_meeting_notice(struct db_tx *tx, const char *id, const char *act_id,
                                 const struct db_meeting_notice *n, json_t **out);
/* closed_on NULL keeps it. */
enum db_status db_meeting_state(struct db_tx *tx, const char *id, const char *state,
                                const char *closed_on, json_t **out);
enum db_status db_meeting_item_insert(struct db_tx *tx, const char *meeting_id, const char *kind,
                                      const char *text, const char *reference, const json_t *detail,
                                      const char *rule_id, json_t **out);
enum db_item_lock { DB_ITEM_READ, DB_ITEM_SHARE, DB_ITEM_UPDATE };
/* {item, meeting_id, meeting_state, meeting_date, noticed, case_id, profile, visible}. */
enum db_status db_meeting_item_facts(struct db_tx *tx, const struct db_actor *who, const char *id,
                                     enum db_item_lock lock, json_t **out);
/* [[creditor, claim_id, voting_fen|null, secured, class]] of the case's declared claims. */
enum db_status db_meeting_item_claims(struct db_tx *tx, const char *case_id, json_t **out);
/* Freezes the membership ([{member, grp, claim_ids, amount_fen, secured, votes,
 * no_vote_reason}]) and opens the item (and its meeting) for voting. */
enum db_status db_meeting_item_open(struct db_tx *tx, const char *item_id, const json_t *members);
enum db_status db_meeting_item_close(struct db_tx *tx, const char *item_id, const json_t *result,
                                     bool passed, json_t **out);
/* The voting members of an item, each with its presence and counted ballot (choice NULL:
 * none); the strings live until db_voters_free. */
struct db_voter {
    const char *member, *group, *choice;
    int64_t amount;
    bool secured, present;
};
struct db_voters {
    size_t n;
    struct db_voter *v;
    void *result; /* the rows the strings point into */
};
enum db_status db_meeting_item_voters(struct db_tx *tx, const char *item_id, const char *meeting_id,
                                      struct db_voters *out);
void db_voters_free(struct db_voters *v);
/* {votes, no_vote_reason, amount_fen} of a member; DB_NOT_FOUND when it is none. */
enum db_status db_meeting_item_member(struct db_tx *tx, const char *item_id, const char *member,
                                      json_t **out);
struct db_attendance {
    const char *member, *mode, *agent_name, *power_of_attorney;
};
/* DB_NOT_FOUND when the member holds no claim in the case. */
enum db_status db_meeting_attendance(struct db_tx *tx, const struct db_actor *who,
                                     const char *meeting_id, const char *case_id,
                                     const struct db_attendance *a, json_t **out);
enum db_status db_meeting_attend_online(struct db_tx *tx, const char *meeting_id,
                                        const char *member);
enum db_status db_meeting_attendance_of(struct db_tx *tx, const char *meeting_id,
                                        const char *member, json_t **out);
enum db_status db_meeting_attendance_list(struct db_tx *tx, const char *meeting_id, json_t **out);
struct db_ballot {
    const char *item_id, *member, *choice, *channel, *paper_ref, *agent_name;
};
/* The ballot stored, as its receipt, and counted as the member's (unless a later one is). */
enum db_status db_ballot_insert(struct db_tx *tx, const struct db_actor *who,
                                const struct db_ballot *b, json_t **out);
enum db_status db_meeting_vote_status(struct db_tx *tx, const struct db_actor *who,
                                      const char *meeting_id, const char *member, json_t **out);
/* DB_NOT_FOUND when the item is not a closed item of the meeting. */
enum db_status db_meeting_revocation(struct db_tx *tx, const char *meeting_id, const char *item_id,
                                     const char *creditor, const char *reasons, const char *on,
                                     const char *due, json_t **out);

/* Disclosure and credit repair (disclosure_sql.c; migration 0020). */
enum db_status db_disclosure_nodes(struct db_tx *tx, json_t **out);
/* The public query: the person of the whole number, its record (public view, restored
 * cases as `restored` says: "marked" or "hidden") only when the name is the registered
 * one; *record NULL for "no disclosed record". The query is recorded (client, who, the name
 * and the masked number, the answer's kind) whatever the answer. */
enum db_status db_disclosure_query(struct db_tx *tx, const struct db_actor *who, const char *client,
                                   const char *name, const char *id_number, const char *restored,
                                   json_t **record);
enum db_status db_disclosure_queries_for_debtor(struct db_tx *tx, const struct db_actor *who,
                                                const char *debtor_id, const char *before_seq,
                                                int limit, json_t **out);
/* The credit feed, as the restriction feed is read (db_feed_head, db_feed_changes). */
enum db_status db_disclosure_feed_head(struct db_tx *tx, long long *head,
                                       char epoch[DB_FEED_EPOCH_LEN]);
enum db_status db_disclosure_feed_changes(struct db_tx *tx, long long after, int limit,
                                          struct db_feed_changes *out);
/* A debtor's whole record (entries with their history, the public view, the requests), for
 * the roles that may see the debtor. */
enum db_status db_disclosure_record(struct db_tx *tx, const struct db_actor *who,
                                    const char *debtor_id, const char *restored, json_t **out);
/* An entry of a case the actor may see, with its debtor_id. */
enum db_status db_disclosure_entry(struct db_tx *tx, const struct db_actor *who,
                                   const char *entry_id, json_t **out);
struct db_disclosure_request {
    const char *kind, *rule_id, *case_id, *debtor_id, *entry_id, *filed_on, *ground, *reasons;
    const json_t *evidence, *proposed, *steps;
};
enum db_status db_disclosure_request_insert(struct db_tx *tx, const struct db_actor *who,
                                            const struct db_disclosure_request *q, json_t **out);
enum db_status db_disclosure_request_lock(struct db_tx *tx, const char *id, json_t **out);
enum db_status db_disclosure_request_get(struct db_tx *tx, const struct db_actor *who,
                                         const char *id, json_t **out);
enum db_status db_disclosure_request_update(struct db_tx *tx, const char *id, const char *status,
                                            const json_t *steps, const char *decided_on,
                                            const char *reasons, json_t **out);
/* A decided procedure carried out (change: corrected, stopped, restored; sql/430); *changed
 * entries, each a position of the credit feed. */
enum db_status db_disclosure_apply(struct db_tx *tx, const char *change, const char *case_id,
                                   const char *entry_id, const json_t *fields, const char *on,
                                   const char *request_id, int *changed);
enum db_status db_disclosure_conduct(struct db_tx *tx, const char *case_id, const json_t *conduct,
                                     const char *on, json_t **out);
enum db_status db_disclosure_case_facts(struct db_tx *tx, const char *case_id, json_t **out);
/* ---- liquidation (issue 13): liquidation_sql.c ---- */
/* {status, phase, profile, procedure, received_on, accepted_on, applicant_role, visible} of
 * a case, its row locked; DB_NOT_FOUND when there is none. */
enum db_status db_liq_case(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                           json_t **out);
struct db_property_declaration {
    const char *case_id, *on, *act_id;
    const json_t *items, *changes, *lookback;
    int64_t total_fen;
};
enum db_status db_property_declaration_insert(struct db_tx *tx, const struct db_actor *who,
                                              const struct db_property_declaration *d,
                                              json_t **out);
enum db_status db_property_declaration_latest(struct db_tx *tx, const struct db_actor *who,
                                              const char *case_id, json_t **out);
struct db_exempt_list {
    const char *case_id, *on, *act_id;
    const json_t *items;
    int64_t counted_fen, excluded_fen, cap_fen;
};
enum db_status db_exempt_list_insert(struct db_tx *tx, const struct db_actor *who,
                                     const struct db_exempt_list *e, json_t **out);
enum db_status db_exempt_list_latest(struct db_tx *tx, const struct db_actor *who,
                                     const char *case_id, json_t **out);
/* DB_NOT_FOUND when the list was already ruled on. */
enum db_status db_exempt_list_rule(struct db_tx *tx, const char *list_id, const json_t *ruling,
                                   json_t **out);
/* {id, state, passed} of the case's last agenda item of kind on reference. */
enum db_status db_liq_meeting_item(struct db_tx *tx, const char *case_id, const char *kind,
                                   const char *reference, json_t **out);
struct db_estate_entry {
    const char *case_id, *kind, *on, *description, *claim_id;
    int64_t amount_fen;
    const json_t *detail;
};
enum db_status db_estate_insert(struct db_tx *tx, const struct db_actor *who,
                                const struct db_estate_entry *e, json_t **out);
/* [{entry, id, kind, amount_fen, claim_id, description}] oldest first. */
enum db_status db_estate_for_case(struct db_tx *tx, const char *case_id, json_t **out);
/* [{id, creditor_subject, creditor_name, status, timing, class, amount_fen, secured,
 * collateral_fen}] of the confirmed claims and those in litigation. */
enum db_status db_liq_claims(struct db_tx *tx, const char *case_id, json_t **out);
/* {id, status, creditor_subject, creditor_name, confirmed_fen, class, secured}, locked. */
enum db_status db_liq_claim(struct db_tx *tx, const char *case_id, const char *claim_id,
                            json_t **out);
/* [{number, kind, line_id, class, paid_fen, reserved_fen, reserve_rule, paid_on,
 * approved_on, tiers, redistributes}] of the case's approved plans. */
enum db_status db_liq_approved_shares(struct db_tx *tx, const char *case_id, json_t **out);
struct db_distribution_new {
    const char *case_id, *kind, *on, *method;
    int64_t pool_fen;
    const json_t *content, *shares;
};
enum db_status db_distribution_insert(struct db_tx *tx, const struct db_actor *who,
                                      const struct db_distribution_new *p, char id[37]);
enum db_status db_distribution_get(struct db_tx *tx, const struct db_actor *who,
                                   const char *plan_id, json_t **out);
enum db_status db_distributions_for_case(struct db_tx *tx, const struct db_actor *who,
                                         const char *case_id, json_t **out);
/* {id, case_id, number, kind, state, proposed_on, visible}, locked. */
enum db_status db_distribution_lock(struct db_tx *tx, const struct db_actor *who,
                                    const char *plan_id, json_t **out);
enum db_status db_distribution_approve(struct db_tx *tx, const char *plan_id, const char *on,
                                       const json_t *approval);
/* DB_NOT_FOUND when the line is not in the plan, was paid already, or has nothing paid and
 * no released reserve: a conditional one (reserve_rule conditional_rule) or a litigation one
 * (litigation_rule) whose claim is confirmed now. */
enum db_status db_share_pay(struct db_tx *tx, const char *plan_id, const char *line_id,
                            const char *on, const char *reference, const char *conditional_rule,
                            const char *litigation_rule);
struct db_breach {
    const char *case_id, *restriction, *on, *description, *evidence;
};
enum db_status db_breach_insert(struct db_tx *tx, const struct db_actor *who,
                                const struct db_breach *b, json_t **out);
enum db_status db_breaches_for_case(struct db_tx *tx, const char *case_id, json_t **out);
enum db_status db_liq_acts_of_kind(struct db_tx *tx, const char *case_id, const char *kind,
                                   json_t **out);
/* DB_OK when the case exists and is under an active restriction, else DB_NOT_FOUND. */
enum db_status db_liq_case_restricted(struct db_tx *tx, const char *case_id);
/* --- plans (issue 12): reorganization plans and settlement agreements (plans_sql.c). Reads
 * of a plan answer DB_NOT_FOUND for a case the actor may not see. */
enum db_status db_plan_case(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                            json_t **out);
struct db_plan_new {
    const char *case_id, *kind, *started_on, *execution_end;
    bool converted, self_managed;
    const json_t *claim_period, *content;
};
/* {id, seq} of the plan inserted with its version 1. */
enum db_status db_plan_insert(struct db_tx *tx, const struct db_actor *who,
                              const struct db_plan_new *p, json_t **out);
/* {plan, profile, phase, procedure, case_status, visible}, the plan locked. */
enum db_status db_plan_lock(struct db_tx *tx, const struct db_actor *who, const char *plan_id,
                            json_t **out);
/* {plan, profile}. */
enum db_status db_plan_get(struct db_tx *tx, const struct db_actor *who, const char *plan_id,
                           json_t **out);
enum db_status db_plans_for_case(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                                 const char *cursor, int limit, json_t **out);
enum db_status db_plan_version_add(struct db_tx *tx, const struct db_actor *who,
                                   const char *plan_id, const json_t *content);
enum db_status db_plan_version_get(struct db_tx *tx, const char *plan_id, long long version,
                                   json_t **out);
/* [[creditor, class, fen], ...]: the case's declared claims per creditor and class. */
enum db_status db_plan_claims(struct db_tx *tx, const char *case_id, json_t **out);
/* Sets the columns named by the keys of changes; *out (may be NULL) the plan after. */
enum db_status db_plan_set(struct db_tx *tx, const char *plan_id, const json_t *changes,
                           json_t **out);
/* A creditor's waiver recorded (waived) or withdrawn; *out the plan after. */
enum db_status db_plan_waive(struct db_tx *tx, const char *plan_id, const char *creditor,
                             bool waived, const char *on, json_t **out);
/* {plan, profile} of the plan in voting on item_id, locked; DB_NOT_FOUND when none. */
enum db_status db_plan_of_item(struct db_tx *tx, const char *item_id, json_t **out);
/* {plan, phase} of the case's plan being executed, locked; DB_NOT_FOUND when none. */
enum db_status db_plan_executing(struct db_tx *tx, const char *case_id, json_t **out);
/* entry: {rule_id, citation, trigger_date, due, trace, provisional, missing_year}. */
enum db_status db_plan_deadline_open(struct db_tx *tx, const char *case_id, const json_t *entry,
                                     const char *trigger_kind);
enum db_status db_plan_deadline_meet(struct db_tx *tx, const char *case_id, const char *rule_id,
                                     const char *on);
enum db_status db_plan_deadline_due(struct db_tx *tx, const char *case_id, const char *rule_id,
                                    json_t **out);
/* rows: [{n, due, creditor, class, amount_fen}]. */
enum db_status db_plan_schedule_insert(struct db_tx *tx, const char *plan_id, const json_t *rows);
/* [[n, due, creditor, class, amount_fen]] (creditor NULL: all). */
enum db_status db_plan_schedule_rows(struct db_tx *tx, const char *plan_id, const char *creditor,
                                     json_t **out);
enum db_status db_plan_payments_rows(struct db_tx *tx, const char *plan_id, const char *creditor,
                                     json_t **out);
struct db_plan_payment {
    const char *plan_id, *creditor, *paid_on;
    int64_t amount_fen;
    const json_t *evidence;
};
enum db_status db_plan_payment_insert(struct db_tx *tx, const struct db_actor *who,
                                      const struct db_plan_payment *p, json_t **out);
/* DB_NOT_FOUND: no such unconfirmed payment of the plan. */
enum db_status db_plan_payment_confirm(struct db_tx *tx, const struct db_actor *who,
                                       const char *plan_id, const char *payment_id, const char *on,
                                       json_t **out);
/* {creditor: fen confirmed}. */
enum db_status db_plan_paid_totals(struct db_tx *tx, const char *plan_id, json_t **out);

#endif
