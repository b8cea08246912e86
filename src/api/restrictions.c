/* restrictions.c: the restrictions of a case, the court's consents and lifting, the change
 * feed that enforcing units poll, the single-person check, and the debtor's view of who
 * checked on it. The feed's ETag is its head position: an unchanged feed answers 304 from
 * one index lookup, without reading any change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "caselife.h"
#include "clock.h"
#include "idnumber.h"
#include "rules.h"

static const char *const consent_kinds[] = {"consumption", "exit", NULL};
static const char *const purposes[] = {"life", "work", NULL};
static const char *const grounds[] = {"discharge_ruling", "plan_approved", "settlement_approved",
                                      "termination", NULL};

struct restriction_op {
    struct db_actor who;
    const char *case_id;
    char today[11];
    json_t *in, *out;
    const char *rule_id;
    struct api_refusal no;
};

#define refuse(op, ...) api_refuse(&(op)->no, __VA_ARGS__)

static enum MHD_Result finish(struct http_request *r, struct restriction_op *op, enum db_status st)
{
    enum MHD_Result ret;
    if (st == DB_OK) {
        ret = http_reply_json(r, 200, op->out);
        op->out = NULL;
    } else if (st == DB_REFUSED) {
        ret = api_reply_refusal(r, &op->no);
    } else {
        ret = api_db_failure(r, st, "case");
    }
    json_decref(op->out);
    json_decref(op->in);
    return ret;
}

/* The case id of the path, then the body; on failure the reply is queued. */
static enum http_step read_body(struct http_request *r, struct restriction_op *op,
                                const struct jf_field *fields)
{
    enum http_step step = api_path_uuid(r, 0, &op->case_id);
    return step == HTTP_GO_ON ? api_read_body(r, fields, NULL, &op->in) : step;
}

static enum db_status case_tx(struct db_tx *tx, void *arg)
{
    struct restriction_op *op = arg;
    json_t *exists = NULL;
    json_decref(op->out);
    op->out = NULL;
    enum db_status st = db_application_get(tx, &op->who, op->case_id, &exists);
    json_decref(exists);
    if (st == DB_OK)
        st = db_restrictions_for_case(tx, &op->who, op->case_id, op->today, &op->out);
    if (st == DB_OK)
        op->out = json_pack("{s:o}", "items", op->out);
    return st;
}

enum MHD_Result api_restrictions_for_case(struct http_request *r)
{
    struct restriction_op op = {0};
    api_actor(r, &op.who);
    date_format(clock_today(), op.today);
    enum http_step step = api_path_uuid(r, 0, &op.case_id);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    return finish(r, &op, db_read(case_tx, &op));
}

/* ---- consents ---- */

static enum db_status consent_tx(struct db_tx *tx, void *arg)
{
    struct restriction_op *op = arg;
    json_decref(op->out);
    op->out = NULL;
    const char *kind = jf_str(op->in, "restriction"), *item = jf_str(op->in, "item");
    json_t *rest = NULL, *consent = NULL;
    struct db_application_state s = {0};
    enum db_status st = db_application_lock(tx, &op->who, op->case_id, &s);
    json_decref(s.materials);
    if (st != DB_OK)
        return st;
    st = db_restriction_of_kind(tx, op->case_id, kind, jf_str(op->in, "debtor_id"), &rest);
    if (st == DB_NOT_FOUND)
        return refuse(op, PROBLEM_CONFLICT, NULL, "restriction", "the case has no such restriction");
    if (st == DB_OK && strcmp(jf_str(rest, "status"), "active") != 0)
        st = refuse(op, PROBLEM_CONFLICT, NULL, "restriction", "the restriction is lifted");
    if (st == DB_OK && strcmp(kind, "consumption") == 0 &&
        (item == NULL || !jf_listed(json_object_get(json_object_get(rest, "detail"), "items"), item)))
        st = refuse(op, PROBLEM_VALIDATION, NULL, "item", "name a consumption item of the restriction");
    if (st == DB_OK && strcmp(kind, "exit") == 0 && item != NULL)
        st = refuse(op, PROBLEM_VALIDATION, NULL, "item", "permission to leave the country names no item");
    const char *id = json_string_value(json_object_get(rest, "id"));
    if (st == DB_OK)
        st = db_feed_lock(tx);
    if (st == DB_OK)
        st = db_consent_insert(tx, id, op->case_id, item, jf_str(op->in, "purpose"),
                               jf_str(op->in, "reason"), jf_str(op->in, "from"), jf_str(op->in, "to"),
                               op->who.subject, &consent);
    if (st == DB_OK)
        st = db_restriction_change(tx, id, "consent_granted", jf_str(rest, "rule_id"),
                                   jf_str(rest, "citation"), jf_str(op->in, "from"),
                                   jf_str(op->in, "to"), consent);
    if (st == DB_OK)
        st = db_audit(tx, &op->who, "restrictions.consent", "restriction", id, op->case_id, consent);
    json_decref(rest);
    json_decref(consent);
    return st == DB_OK ? case_tx(tx, op) : st;
}

enum MHD_Result api_restrictions_consent(struct http_request *r)
{
    static const struct jf_field fields[] = {
        {"restriction", JF_ENUM, true, false, 0, 0, consent_kinds},
        {"debtor_id", JF_UUID, false, false, 0, 0}, /* the joint debtor's, in a joint case */
        {"item", JF_STRING, false, true, 1, 64},
        {"purpose", JF_ENUM, true, false, 0, 0, purposes},
        {"reason", JF_STRING, true, false, 1, 2000},
        {"from", JF_DATE, true, false, 0, 0},
        {"to", JF_DATE, true, false, 0, 0},
        {NULL},
    };
    struct restriction_op op = {0};
    api_actor(r, &op.who);
    date_format(clock_today(), op.today);
    enum http_step step = read_body(r, &op, fields);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    if (strcmp(jf_str(op.in, "to"), jf_str(op.in, "from")) < 0)
        return finish(r, &op, refuse(&op, PROBLEM_VALIDATION, NULL, "to", "must not precede from"));
    return finish(r, &op, db_transact(consent_tx, &op));
}

/* ---- lifting ---- */

static enum db_status lift_tx(struct db_tx *tx, void *arg)
{
    struct restriction_op *op = arg;
    struct db_application_state s = {0};
    enum db_status st = db_application_lock(tx, &op->who, op->case_id, &s);
    json_decref(s.materials);
    if (st != DB_OK)
        return st;
    bool fits = false;
    const char *ground = jf_str(op->in, "ground");
    op->rule_id = caselife_lift_rule(ground, s.procedure, &fits);
    if (!fits)
        return refuse(op, PROBLEM_RULE, "SZ-RST-PERIOD", "ground",
                      "restrictions of this procedure are not lifted on this ground");
    date_t on;
    if (!jf_date(op->in, "effective_on", &on))
        on = clock_today();
    char on_text[11];
    date_format(on, on_text);
    if (strcmp(on_text, s.accepted_on) < 0)
        return refuse(op, PROBLEM_UNPROCESSABLE, NULL, "effective_on", "cannot precede the acceptance");
    st = caselife_lift_restrictions(tx, &op->who, op->case_id, ground, jf_str(op->in, "reason"), on,
                                    &op->rule_id);
    if (st == DB_NOT_FOUND)
        return refuse(op, PROBLEM_CONFLICT, NULL, NULL, "the case has no active restriction");
    if (st == DB_OK) {
        json_t *detail = json_pack("{s:O, s:s}", "request", op->in, "rule", op->rule_id);
        st = db_audit(tx, &op->who, "restrictions.lift", "application", op->case_id, op->case_id, detail);
        json_decref(detail);
    }
    return st == DB_OK ? case_tx(tx, op) : st;
}

enum MHD_Result api_restrictions_lift(struct http_request *r)
{
    static const struct jf_field fields[] = {
        {"ground", JF_ENUM, true, false, 0, 0, grounds},
        {"reason", JF_STRING, true, false, 1, 2000},
        {"effective_on", JF_DATE, false, false, 0, 0},
        {NULL},
    };
    struct restriction_op op = {0};
    api_actor(r, &op.who);
    date_format(clock_today(), op.today);
    enum http_step step = read_body(r, &op, fields);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    date_t on;
    if (jf_date(op.in, "effective_on", &on) && on > clock_today())
        return finish(r, &op, refuse(&op, PROBLEM_VALIDATION, NULL, "effective_on", "must not be in the future"));
    return finish(r, &op, db_transact(lift_tx, &op));
}

/* ---- the feed ---- */

struct feed_op {
    const char *after;
    int limit;
    long long head;
    char *page;
};

static enum db_status head_tx(struct db_tx *tx, void *arg)
{
    return db_feed_head(tx, &((struct feed_op *)arg)->head);
}

static enum db_status page_tx(struct db_tx *tx, void *arg)
{
    struct feed_op *op = arg;
    free(op->page);
    op->page = NULL;
    return db_feed_page(tx, op->after, op->limit, &op->head, &op->page);
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

enum MHD_Result api_restrictions_changes(struct http_request *r)
{
    static const char *const allowed[] = {"after", "limit", NULL};
    struct feed_op op = {.after = http_query(r, "after")};
    const char *unused;
    enum http_step step = http_query_allowed(r, allowed);
    if (step == HTTP_GO_ON)
        step = http_page(r, 100, &op.limit, &unused);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    if (op.after != NULL && !plain_position(op.after))
        return http_problem_fields(r, PROBLEM_VALIDATION, "bad position",
                                   json_pack("[{s:s, s:s}]", "field", "after", "message",
                                             "must be a cursor from the feed (digits)"));
    char etag[40];
    const char *inm = http_header(r, "If-None-Match");
    if (inm != NULL) { /* the cheap path: the head the watcher heard, else one lookup */
        enum db_status st = db_feed_head_cached(&op.head) ? DB_OK : db_read(head_tx, &op);
        if (st != DB_OK)
            return api_db_failure(r, st, "feed");
        snprintf(etag, sizeof etag, "\"feed-%lld\"", op.head);
        long long after = op.after ? strtoll(op.after, NULL, 10) : 0;
        if (strstr(inm, etag) != NULL && after >= op.head) /* caught up and nothing new */
            return http_reply_raw(r, 304, NULL, "", 0, etag);
    }
    enum db_status st = db_read(page_tx, &op);
    if (st != DB_OK)
        return api_db_failure(r, st, "feed");
    snprintf(etag, sizeof etag, "\"feed-%lld\"", op.head);
    enum MHD_Result ret = http_reply_raw(r, 200, "application/json", op.page, strlen(op.page), etag);
    free(op.page);
    return ret;
}

/* ---- one person, and who looked ---- */

struct check_op {
    struct db_actor who;
    const char *id_number, *debtor_id, *cursor;
    char today[11];
    int limit;
    json_t *out;
};

static enum db_status check_tx(struct db_tx *tx, void *arg)
{
    struct check_op *op = arg;
    json_decref(op->out);
    op->out = NULL;
    enum db_status st = db_restriction_check(tx, &op->who, op->id_number, op->today, &op->out);
    return st == DB_NOT_FOUND ? DB_OK : st; /* an unknown person is an answer too */
}

enum MHD_Result api_restrictions_check(struct http_request *r)
{
    static const char *const allowed[] = {"id_number", NULL};
    struct check_op op = {.id_number = http_query(r, "id_number")};
    api_actor(r, &op.who);
    date_format(clock_today(), op.today);
    enum http_step step = http_query_allowed(r, allowed);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    if (op.id_number == NULL || !idnumber_valid(op.id_number))
        return http_problem_fields(r, PROBLEM_VALIDATION, "bad identity number",
                                   json_pack("[{s:s, s:s}]", "field", "id_number", "message",
                                             "must be an 18-character resident identity number"));
    enum db_status st = db_transact(check_tx, &op);
    if (st != DB_OK)
        return api_db_failure(r, st, "person");
    json_t *found = json_object_get(op.out, "restrictions");
    json_t *list = found ? json_incref(found) : json_array();
    json_t *body = json_pack("{s:s, s:b, s:o, s:s}", "id_number", op.id_number, "under_restriction",
                             json_array_size(list) > 0, "restrictions", list, "checked_on", op.today);
    json_decref(op.out);
    return http_reply_json(r, 200, body);
}

static enum db_status checks_tx(struct db_tx *tx, void *arg)
{
    struct check_op *op = arg;
    json_t *exists = NULL;
    json_decref(op->out);
    op->out = NULL;
    enum db_status st = db_debtor_get(tx, &op->who, op->debtor_id, &exists);
    json_decref(exists);
    return st == DB_OK ? db_restriction_checks_for_debtor(tx, &op->who, op->debtor_id, op->cursor,
                                                          op->limit, &op->out)
                       : st;
}

enum MHD_Result api_debtor_restriction_checks(struct http_request *r)
{
    static const char *const allowed[] = {"limit", "cursor", NULL};
    struct check_op op = {0};
    api_actor(r, &op.who);
    enum http_step step = api_path_uuid(r, 0, &op.debtor_id);
    if (step == HTTP_GO_ON)
        step = http_query_allowed(r, allowed);
    if (step == HTTP_GO_ON)
        step = http_page(r, 100, &op.limit, &op.cursor);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    enum db_status st = db_read(checks_tx, &op);
    if (st != DB_OK)
        return api_db_failure(r, st, "debtor");
    return http_reply_json(r, 200, api_page(op.out, op.limit));
}
