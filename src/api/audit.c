/* audit.c: reading a case's trail (court and department). */
#include "api.h"

/* The trail pages forward (oldest first): the cursor is the last entry's seq. */
static enum db_status audit_tx(struct db_tx *tx, struct api_call *c)
{
    const char *id = c->r->params[0];
    json_t *items = NULL;
    enum db_status st = db_case_visible(tx, &c->who, id);
    if (st == DB_OK)
        st = db_audit_for_application(tx, id, c->cursor, c->limit, &items);
    if (st == DB_OK)
        c->out = api_page_keyed(items, c->limit, "seq");
    return st;
}

enum MHD_Result api_applications_audit(struct http_request *r)
{
    const struct api_handler h = {
        .name = "applications_audit", .page = 100, .tx = audit_tx, .what = "application"};
    return api_run(r, &h, NULL);
}
