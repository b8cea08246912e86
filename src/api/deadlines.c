/* deadlines.c: a case's deadlines, the dashboard of all deadlines a role may see (the court
 * all, an administrator its cases, the debtor its own), and the court's waiver. Overdue is
 * derived against the service's clock when read. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "clock.h"

static const char *const deadline_statuses[] = {"pending", "overdue", "met", "waived", NULL};
static const char *const booleans[] = {"true", "false", NULL};

struct deadline_op {
    struct db_actor who;
    const char *id;
    char today[11];
    struct db_deadline_filter f;
    json_t *in, *out;
};

static enum db_status for_case_tx(struct db_tx *tx, void *arg)
{
    struct deadline_op *op = arg;
    json_t *exists = NULL;
    json_decref(op->out);
    op->out = NULL;
    enum db_status st = db_application_get(tx, &op->who, op->id, &exists);
    json_decref(exists);
    return st == DB_OK ? db_deadlines_for_case(tx, &op->who, op->id, op->today, &op->out) : st;
}

enum MHD_Result api_deadlines_for_case(struct http_request *r)
{
    struct deadline_op op = {0};
    api_actor(r, &op.who);
    date_format(clock_today(), op.today);
    enum http_step step = api_path_uuid(r, 0, &op.id);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    enum db_status st = db_read(for_case_tx, &op);
    if (st != DB_OK)
        return api_db_failure(r, st, "application");
    return http_reply_json(r, 200, json_pack("{s:o, s:s}", "items", op.out, "today", op.today));
}

static enum db_status list_tx(struct db_tx *tx, void *arg)
{
    struct deadline_op *op = arg;
    json_decref(op->out);
    op->out = NULL;
    return db_deadlines_list(tx, &op->who, &op->f, op->today, &op->out);
}

enum MHD_Result api_deadlines_list(struct http_request *r)
{
    static const struct jf_field filter_fields[] = {
        {"status", JF_ENUM, false, false, 0, 0, deadline_statuses},
        {"due_before", JF_DATE, false, false, 0, 0},
        {"due_after", JF_DATE, false, false, 0, 0},
        {"rule_id", JF_STRING, false, false, 1, 64},
        {"case_id", JF_UUID, false, false, 0, 0},
        {"provisional", JF_ENUM, false, false, 0, 0, booleans}, /* waiting for a calendar year */
        {NULL},
    };
    static const char *const allowed[] = {"status", "due_before", "due_after", "rule_id",
                                          "case_id", "provisional", "limit", "cursor", NULL};
    struct deadline_op op = {0};
    api_actor(r, &op.who);
    date_format(clock_today(), op.today);
    enum http_step step = http_query_allowed(r, allowed);
    if (step == HTTP_GO_ON)
        step = http_page(r, 100, &op.f.limit, &op.f.after_seq);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    json_t *q = json_object(), *errors = json_array();
    for (const struct jf_field *fl = filter_fields; fl->name; fl++)
        if (http_query(r, fl->name))
            json_object_set_new(q, fl->name, json_string(http_query(r, fl->name)));
    jf_validate(q, filter_fields, errors);
    json_decref(q);
    if (json_array_size(errors) > 0)
        return http_problem_fields(r, PROBLEM_VALIDATION, "bad query", errors);
    json_decref(errors);
    op.f.status = http_query(r, "status");
    op.f.due_before = http_query(r, "due_before");
    op.f.due_after = http_query(r, "due_after");
    op.f.rule_id = http_query(r, "rule_id");
    op.f.case_id = http_query(r, "case_id");
    op.f.provisional = http_query(r, "provisional");
    enum db_status st = db_read(list_tx, &op);
    if (st != DB_OK)
        return api_db_failure(r, st, "deadline");
    /* this list pages forward in creation order: the cursor is the last item's */
    size_t n = json_array_size(op.out);
    json_t *next = json_null();
    if (n == (size_t)op.f.limit)
        next = json_copy(json_object_get(json_array_get(op.out, n - 1), "cursor"));
    return http_reply_json(r, 200, json_pack("{s:o, s:o, s:s}", "items", op.out, "next_cursor", next,
                                             "today", op.today));
}

static enum db_status waive_tx(struct db_tx *tx, void *arg)
{
    struct deadline_op *op = arg;
    json_decref(op->out);
    op->out = NULL;
    enum db_status st = db_deadline_waive(tx, op->id, jf_str(op->in, "reason"), op->who.subject,
                                          op->today, &op->out);
    if (st == DB_OK)
        st = db_audit(tx, &op->who, "deadline.waive", "deadline", op->id,
                      json_string_value(json_object_get(op->out, "case_id")), op->in);
    return st;
}

static enum db_status exists_tx(struct db_tx *tx, void *arg)
{
    struct deadline_op *op = arg;
    json_decref(op->out);
    op->out = NULL;
    return db_deadline_get(tx, &op->who, op->id, op->today, &op->out);
}

enum MHD_Result api_deadlines_waive(struct http_request *r)
{
    static const struct jf_field fields[] = {{"reason", JF_STRING, true, false, 1, 2000}, {NULL}};
    struct deadline_op op = {0};
    api_actor(r, &op.who);
    date_format(clock_today(), op.today);
    enum http_step step = api_path_uuid(r, 0, &op.id);
    if (step == HTTP_GO_ON)
        step = api_read_body(r, fields, NULL, &op.in);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    enum db_status st = db_transact(waive_tx, &op);
    enum MHD_Result ret;
    if (st == DB_NOT_FOUND && db_read(exists_tx, &op) == DB_OK) /* there, but not pending */
        ret = http_problem(r, PROBLEM_CONFLICT, "only a pending deadline can be waived");
    else if (st != DB_OK)
        ret = api_db_failure(r, st, "deadline");
    else {
        ret = http_reply_json(r, 200, op.out);
        op.out = NULL;
    }
    json_decref(op.out);
    json_decref(op.in);
    return ret;
}
