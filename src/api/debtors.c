/* debtors.c: the natural person in a case. Identity numbers are shown whole only to the
 * court, the department and the debtor; other roles see them masked (by the SQL). */
#include <stdio.h>
#include <string.h>

#include "api.h"

static const char *const relations[] = {"child", "parent", "spouse", "other", NULL};

static const struct jf_field spouse_fields[] = {
    {"name", JF_STRING, true, false, 1, 100},
    {"id_number", JF_IDNUMBER, true, false, 0, 0},
    {NULL},
};

static const struct jf_field dependant_fields[] = {
    {"name", JF_STRING, true, false, 1, 100},
    {"relation", JF_ENUM, true, false, 0, 0, relations},
    {"birth_date", JF_DATE, false, true, 0, 0},
    {"id_number", JF_IDNUMBER, false, true, 0, 0},
    {NULL},
};

#define DEBTOR_FIELDS(REQ)                                                                   \
    {"name", JF_STRING, REQ, false, 1, 100},                                                 \
    {"id_number", JF_IDNUMBER, REQ, false, 0, 0},                                            \
    {"phone", JF_STRING, false, true, 3, 32},                                                \
    {"email", JF_STRING, false, true, 3, 254},                                               \
    {"address", JF_STRING, false, true, 1, 500},                                             \
    {"sez_resident", JF_BOOL, false, true, 0, 0},                                            \
    {"social_insurance_years", JF_INT, false, true, 0, 80},                                  \
    {"individual_business", JF_BOOL, false, false, 0, 0},                                    \
    {"spouse", JF_OBJECT, false, true, 0, 0, NULL, spouse_fields},                           \
    {"dependants", JF_ARRAY, false, true, 0, 30, NULL, dependant_fields, JF_OBJECT}

static const struct jf_field create_fields[] = {
    DEBTOR_FIELDS(true),
    {"subject", JF_STRING, false, false, 1, AUTH_SUBJECT_MAX - 1},
    {NULL},
};

static const struct jf_field update_fields[] = {
    DEBTOR_FIELDS(false),
    {NULL},
};

struct debtor_op {
    struct db_actor who;
    const char *id;
    json_t *in;
    json_t *out;
    char constraint[64]; /* the constraint a refused write broke */
};

/* Keeps the name of the constraint behind a conflict, for the reply. */
static enum db_status note_conflict(struct debtor_op *op, struct db_tx *tx, enum db_status st)
{
    if (st == DB_CONFLICT)
        snprintf(op->constraint, sizeof op->constraint, "%s", db_tx_constraint(tx));
    return st;
}

static enum db_status create_tx(struct db_tx *tx, void *arg)
{
    struct debtor_op *op = arg;
    json_decref(op->out);
    op->out = NULL;
    enum db_status st = note_conflict(op, tx, db_debtor_insert(tx, &op->who, op->in, &op->out));
    if (st != DB_OK)
        return st;
    const char *id = json_string_value(json_object_get(op->out, "id"));
    return db_audit(tx, &op->who, "debtor.create", "debtor", id, NULL, op->in);
}

static enum db_status update_tx(struct db_tx *tx, void *arg)
{
    struct debtor_op *op = arg;
    json_decref(op->out);
    op->out = NULL;
    enum db_status st =
        note_conflict(op, tx, db_debtor_update(tx, &op->who, op->id, op->in, &op->out));
    if (st != DB_OK)
        return st;
    return db_audit(tx, &op->who, "debtor.update", "debtor", op->id, NULL, op->in);
}

static enum db_status get_tx(struct db_tx *tx, void *arg)
{
    struct debtor_op *op = arg;
    return db_debtor_get(tx, &op->who, op->id, &op->out);
}

/* Checks shared by create and update that a field table cannot say. */
static void check_relations(struct http_request *r, const json_t *in, json_t *errors)
{
    const char *own = jf_str(in, "id_number");
    const char *spouse = jf_str(json_object_get(in, "spouse"), "id_number");
    if (own && spouse && strcmp(own, spouse) == 0)
        jf_error(errors, "spouse.id_number", "must differ from the debtor's own");
    if (r->who.role == ROLE_DEBTOR && json_object_get(in, "subject"))
        jf_error(errors, "subject", "is set from your token; leave it out");
    if (r->who.role == ROLE_CREDITOR && json_object_get(in, "subject"))
        jf_error(errors, "subject", "only the court or the department links a debtor's login");
}

static enum db_status existing_tx(struct db_tx *tx, void *arg)
{
    struct debtor_op *op = arg;
    json_decref(op->out);
    op->out = NULL;
    return db_debtor_id_by_number(tx, jf_str(op->in, "id_number"), &op->out);
}

/* A duplicate identity number names the existing record's id, so that a creditor can file
 * against it (the conflict itself already says the person is registered). */
static enum MHD_Result reply_conflict(struct http_request *r, struct debtor_op *op)
{
    if (strcmp(op->constraint, "debtors_spouse_differs") == 0)
        return http_problem_fields(r, PROBLEM_VALIDATION, "some fields are invalid",
                                   json_pack("[{s:s, s:s}]", "field", "spouse.id_number",
                                             "message", "must differ from the debtor's own"));
    if (strcmp(op->constraint, "debtors_subject_key") == 0)
        return http_problem(r, PROBLEM_CONFLICT, "this login already has a debtor record");
    json_t *members = json_object();
    if (jf_str(op->in, "id_number") != NULL && db_read(existing_tx, op) == DB_OK)
        json_object_set(members, "existing_id", op->out);
    return http_problem_with(r, PROBLEM_CONFLICT, "a debtor with this identity number exists",
                             members);
}

static enum MHD_Result reply_op(struct http_request *r, struct debtor_op *op, enum db_status st,
                                unsigned ok_status)
{
    enum MHD_Result ret;
    if (st == DB_OK) {
        ret = http_reply_json(r, ok_status, op->out);
        op->out = NULL;
    } else if (st == DB_CONFLICT) {
        ret = reply_conflict(r, op);
    } else {
        ret = api_db_failure(r, st, "debtor");
    }
    json_decref(op->out);
    json_decref(op->in);
    return ret;
}

enum MHD_Result api_debtors_create(struct http_request *r)
{
    struct debtor_op op = {0};
    api_actor(r, &op.who);
    enum http_step step = http_body_json(r, &op.in);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    json_t *errors = json_array();
    jf_validate(op.in, create_fields, errors);
    check_relations(r, op.in, errors);
    if (json_array_size(errors) > 0) {
        json_decref(op.in);
        return http_problem_fields(r, PROBLEM_VALIDATION, "some fields are invalid", errors);
    }
    json_decref(errors);
    if (r->who.role == ROLE_DEBTOR) /* a debtor registers itself */
        json_object_set_new(op.in, "subject", json_string(r->who.subject));
    return reply_op(r, &op, db_transact(create_tx, &op), 201);
}

enum MHD_Result api_debtors_get(struct http_request *r)
{
    struct debtor_op op = {0};
    api_actor(r, &op.who);
    enum http_step step = api_path_uuid(r, 0, &op.id);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    return reply_op(r, &op, db_read(get_tx, &op), 200);
}

enum MHD_Result api_debtors_update(struct http_request *r)
{
    struct debtor_op op = {0};
    api_actor(r, &op.who);
    enum http_step step = api_path_uuid(r, 0, &op.id);
    if (step == HTTP_GO_ON)
        step = http_body_json(r, &op.in);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    json_t *errors = json_array();
    jf_validate(op.in, update_fields, errors);
    check_relations(r, op.in, errors);
    /* what the eligibility rules read (SZ-ELIG-RESIDENCE, the materials an individual
     * business owes) and who the person is are corrected by the court or the department,
     * not by the debtor whose application they decide */
    static const char *const official[] = {"id_number", "name", "sez_resident",
                                           "social_insurance_years", "individual_business", NULL};
    for (const char *const *f = official; r->who.role == ROLE_DEBTOR && *f; f++)
        if (json_object_get(op.in, *f))
            jf_error(errors, *f, "only the court or the department corrects this");
    if (json_object_size(op.in) == 0)
        jf_error(errors, "", "name at least one field to change");
    if (json_array_size(errors) > 0) {
        json_decref(op.in);
        return http_problem_fields(r, PROBLEM_VALIDATION, "some fields are invalid", errors);
    }
    json_decref(errors);
    return reply_op(r, &op, db_transact(update_tx, &op), 200);
}

struct list_op {
    struct db_actor who;
    const char *id_number, *cursor;
    int limit;
    json_t *items;
};

static enum db_status list_tx(struct db_tx *tx, void *arg)
{
    struct list_op *op = arg;
    json_decref(op->items);
    op->items = NULL;
    return db_debtor_list(tx, &op->who, op->id_number, op->cursor, op->limit, &op->items);
}

enum MHD_Result api_debtors_list(struct http_request *r)
{
    static const char *const allowed[] = {"id_number", "limit", "cursor", NULL};
    struct list_op op = {0};
    api_actor(r, &op.who);
    enum http_step step = http_query_allowed(r, allowed);
    if (step == HTTP_GO_ON)
        step = http_page(r, 50, &op.limit, &op.cursor);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    op.id_number = http_query(r, "id_number");
    enum db_status st = db_read(list_tx, &op);
    if (st != DB_OK)
        return api_db_failure(r, st, "debtor");
    return http_reply_json(r, 200, api_page(op.items, op.limit));
}
