/* audit.c: reading a case's trail (court and department). */
#include "api.h"

struct audit_op {
    struct db_actor who;
    const char *id, *cursor;
    int limit;
    json_t *exists, *items;
};

static enum db_status audit_tx(struct db_tx *tx, void *arg)
{
    struct audit_op *op = arg;
    json_decref(op->exists);
    json_decref(op->items);
    op->exists = op->items = NULL;
    enum db_status st = db_application_get(tx, &op->who, op->id, &op->exists);
    if (st != DB_OK)
        return st;
    return db_audit_for_application(tx, op->id, op->cursor, op->limit, &op->items);
}

enum MHD_Result api_applications_audit(struct http_request *r)
{
    static const char *const allowed[] = {"limit", "cursor", NULL};
    struct audit_op op = {0};
    api_actor(r, &op.who);
    enum http_step step = api_path_uuid(r, 0, &op.id);
    if (step == HTTP_GO_ON)
        step = http_query_allowed(r, allowed);
    if (step == HTTP_GO_ON)
        step = http_page(r, 100, &op.limit, &op.cursor);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    enum db_status st = db_read(audit_tx, &op);
    json_decref(op.exists);
    if (st != DB_OK) {
        json_decref(op.items);
        return api_db_failure(r, st, "application");
    }
    /* the trail pages forward (oldest first): the cursor is the last entry's seq */
    size_t n = json_array_size(op.items);
    json_t *next = json_null();
    if (n == (size_t)op.limit)
        next = json_copy(json_object_get(json_array_get(op.items, n - 1), "seq"));
    return http_reply_json(r, 200, json_pack("{s:o, s:o}", "items", op.items, "next_cursor", next));
}
