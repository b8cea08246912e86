/* deadlines.c: a case's deadlines, the dashboard of all deadlines a role may see (the court
 * all, an administrator its cases, the debtor its own), and the court's waiver. Overdue is
 * derived against the service's clock when read. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "clock.h"

static const char *const deadline_statuses[] = {"pending", "overdue", "met", "waived", NULL};
static const char *const booleans[] = {"true", "false", NULL};

/* The service's date the request reads against, and the dashboard's filter. */
struct deadline_in {
    char today[11];
    struct db_deadline_filter f;
    date_t due_before, due_after;
    bool has_before, has_after;
    char before_text[11], after_text[11];
};

static enum db_status for_case_tx(struct db_tx *tx, struct api_call *c)
{
    struct deadline_in *in = c->arg;
    const char *id = c->r->params[0];
    json_t *items = NULL;
    enum db_status st = db_case_visible(tx, &c->who, id);
    st = st == DB_OK ? db_deadlines_for_case(tx, &c->who, id, in->today, &items) : st;
    if (st == DB_OK)
        c->out = json_pack("{s:o, s:s}", "items", items, "today", in->today);
    return st;
}

enum MHD_Result api_deadlines_for_case(struct http_request *r)
{
    struct deadline_in in = {0};
    date_format(clock_today(), in.today);
    const struct api_handler h = {
        .name = "deadlines_for_case", .tx = for_case_tx, .what = "application"};
    return api_run(r, &h, &in);
}

static enum db_status list_tx(struct db_tx *tx, struct api_call *c)
{
    struct deadline_in *in = c->arg;
    json_t *items = NULL;
    in->f.limit = c->limit;
    in->f.after_seq = c->cursor;
    if (in->has_before) {
        date_format(in->due_before, in->before_text);
        in->f.due_before = in->before_text;
    }
    if (in->has_after) {
        date_format(in->due_after, in->after_text);
        in->f.due_after = in->after_text;
    }
    enum db_status st = db_deadlines_list(tx, &c->who, &in->f, in->today, &items);
    if (st != DB_OK)
        return st;
    /* this list pages forward in creation order: the cursor is the last item's */
    c->out = api_page(items, c->limit);
    json_object_set_new(c->out, "today", json_string(in->today));
    return DB_OK;
}

enum MHD_Result api_deadlines_list(struct http_request *r)
{
    struct deadline_in in = {0};
    date_format(clock_today(), in.today);
    const struct jf_field query[] = {
        {.name = "status", .type = JF_ENUM, .enum_values = deadline_statuses, .dst = &in.f.status},
        {.name = "due_before", .type = JF_DATE, .dst = &in.due_before, .present = &in.has_before},
        {.name = "due_after", .type = JF_DATE, .dst = &in.due_after, .present = &in.has_after},
        {.name = "rule_id", .type = JF_STRING, .min = 1, .max = 64, .dst = &in.f.rule_id},
        {.name = "case_id", .type = JF_UUID, .dst = &in.f.case_id},
        /* waiting for a calendar year */
        {.name = "provisional", .type = JF_ENUM, .enum_values = booleans, .dst = &in.f.provisional},
        {NULL},
    };
    const struct api_handler h = {
        .name = "deadlines_list", .query = query, .page = 100, .tx = list_tx, .what = "deadline"};
    return api_run(r, &h, &in);
}

static enum db_status waive_tx(struct db_tx *tx, struct api_call *c)
{
    struct deadline_in *in = c->arg;
    const char *id = c->r->params[0];
    enum db_status st =
        db_deadline_waive(tx, id, jf_str(c->in, "reason"), c->who.subject, in->today, &c->out);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "deadline.waive", "deadline", id, jf_str(c->out, "case_id"),
                      c->in);
    return st;
}

struct existing {
    const struct db_actor *who;
    const char *id, *today;
    json_t *out;
};

static enum db_status exists_tx(struct db_tx *tx, void *arg)
{
    struct existing *e = arg;
    json_decref(e->out);
    e->out = NULL;
    return db_deadline_get(tx, e->who, e->id, e->today, &e->out);
}

/* A deadline the waiver found but could not waive is there, only not pending. */
static enum MHD_Result waive_failed(struct api_call *c, enum db_status st)
{
    struct deadline_in *in = c->arg;
    struct existing e = {&c->who, c->r->params[0], in->today, NULL};
    bool there = st == DB_NOT_FOUND && db_read(exists_tx, &e) == DB_OK;
    json_decref(e.out);
    if (there) {
        c->r->outcome = "conflict";
        return http_problem(c->r, PROBLEM_CONFLICT, "only a pending deadline can be waived");
    }
    return api_db_failure(c->r, st, "deadline");
}

enum MHD_Result api_deadlines_waive(struct http_request *r)
{
    struct deadline_in in = {0};
    date_format(clock_today(), in.today);
    static const struct jf_field body[] = {
        {.name = "reason", .type = JF_STRING, .required = true, .min = 1, .max = 2000},
        {NULL},
    };
    const struct api_handler h = {.name = "deadlines_waive",
                                  .write = true,
                                  .body = body,
                                  .tx = waive_tx,
                                  .what = "deadline",
                                  .failed = waive_failed};
    return api_run(r, &h, &in);
}
