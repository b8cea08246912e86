/* debtors.c: the natural person in a case. Identity numbers are shown whole only to the
 * court, the department and the debtor; other roles see them masked, and a petitioning
 * creditor sees only what the law gives it (the view, policy_debtor_view; the SQL shapes it).
 * The court and the department register anyone; a debtor only the identity its token vouches
 * for; a creditor nobody (it names the person in its petition). */
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

/* What the checks and the conflict reply read of a body. */
struct debtor_in {
    const char *id_number, *subject;
    const json_t *spouse;
};

#define DEBTOR_FIELDS(REQ, IN)                                                                     \
    {.name = "name", .type = JF_STRING, .required = REQ, .min = 1, .max = 100},                    \
        {.name = "id_number", .type = JF_IDNUMBER, .required = REQ, .dst = &(IN)->id_number},      \
        {.name = "phone", .type = JF_STRING, .nullable = true, .min = 3, .max = 32},               \
        {.name = "email", .type = JF_STRING, .nullable = true, .min = 3, .max = 254},              \
        {.name = "address", .type = JF_STRING, .nullable = true, .min = 1, .max = 500},            \
        {.name = "sez_resident", .type = JF_BOOL, .nullable = true},                               \
        {.name = "social_insurance_years", .type = JF_INT, .nullable = true, .max = 80},           \
        {.name = "individual_business", .type = JF_BOOL},                                          \
        {.name = "spouse",                                                                         \
         .type = JF_OBJECT,                                                                        \
         .nullable = true,                                                                         \
         .fields = spouse_fields,                                                                  \
         .dst = &(IN)->spouse},                                                                    \
    {                                                                                              \
        .name = "dependants", .type = JF_ARRAY, .nullable = true, .max = 30,                       \
        .fields = dependant_fields, .item_type = JF_OBJECT                                         \
    }

/* Checks shared by create and update that a field table cannot say. */
static void check_relations(struct api_call *c, json_t *errors)
{
    const struct debtor_in *in = c->arg;
    const char *spouse = jf_str(in->spouse, "id_number");
    if (in->id_number && spouse && strcmp(in->id_number, spouse) == 0)
        jf_error(errors, "spouse.id_number", "must differ from the debtor's own");
    if (c->role == ROLE_DEBTOR && in->subject)
        jf_error(errors, "subject", "is set from your token; leave it out");
}

static enum db_status create_tx(struct db_tx *tx, struct api_call *c)
{
    enum db_status st = db_debtor_insert(tx, &c->who, c->in, &c->out);
    if (st != DB_OK)
        return st;
    return db_audit(tx, &c->who, "debtor.create", "debtor", jf_str(c->out, "id"), NULL, c->in);
}

static enum db_status update_tx(struct db_tx *tx, struct api_call *c)
{
    const char *id = c->r->params[0];
    enum db_status st = db_debtor_update(tx, &c->who, id, c->in, &c->out);
    if (st != DB_OK)
        return st;
    return db_audit(tx, &c->who, "debtor.update", "debtor", id, NULL, c->in);
}

static enum db_status get_tx(struct db_tx *tx, struct api_call *c)
{
    return db_debtor_get(tx, &c->who, c->r->params[0], &c->out);
}

struct existing {
    const char *id_number;
    json_t *id;
};

static enum db_status existing_tx(struct db_tx *tx, void *arg)
{
    struct existing *e = arg;
    json_decref(e->id);
    e->id = NULL;
    return db_debtor_id_by_number(tx, e->id_number, &e->id);
}

/* A duplicate identity number names the existing record's id to those who see every record
 * (court, department). A debtor registers only its own number, so the conflict tells it only
 * that it is registered already. */
static enum MHD_Result reply_conflict(struct api_call *c, enum db_status st)
{
    const struct debtor_in *in = c->arg;
    struct http_request *r = c->r;
    if (st != DB_CONFLICT)
        return api_db_failure(r, st, "debtor");
    if (strcmp(c->constraint, "debtors_spouse_differs") == 0)
        return http_problem_fields(r, PROBLEM_VALIDATION, "some fields are invalid",
                                   json_pack("[{s:s, s:s}]", "field", "spouse.id_number", "message",
                                             "must differ from the debtor's own"));
    if (strcmp(c->constraint, "debtors_subject_key") == 0)
        return http_problem(r, PROBLEM_CONFLICT, "this login already has a debtor record");
    if (!policy_sees_every_debtor(c->role))
        return http_problem(r, PROBLEM_CONFLICT,
                            "your identity number is registered already; "
                            "the court or the department links it to your "
                            "login");
    json_t *members = json_object();
    struct existing e = {in->id_number, NULL};
    if (e.id_number != NULL && db_read(existing_tx, &e) == DB_OK)
        json_object_set_new(members, "existing_id", e.id);
    else
        json_decref(e.id);
    return http_problem_with(r, PROBLEM_CONFLICT, "a debtor with this identity number exists",
                             members);
}

/* A debtor registers itself: its login is the token's subject, and the identity number the
 * one its token vouches for (the identity claim, JWT_IDENTITY_CLAIM), so that nobody can
 * register someone else's number as theirs and lock the real person out. */
static enum http_step own_login(struct api_call *c)
{
    const struct debtor_in *in = c->arg;
    const char *vouched = c->r->who.id_number;
    if (c->role != ROLE_DEBTOR)
        return HTTP_GO_ON;
    if (vouched[0] == '\0')
        return api_step_for(c, api_refuse(&c->no, PROBLEM_FORBIDDEN, NULL, "id_number",
                                          "your token vouches for no identity number; without "
                                          "it the court or the department registers you"));
    if (strcmp(vouched, in->id_number) != 0)
        return api_step_for(c, api_refuse(&c->no, PROBLEM_FORBIDDEN, NULL, "id_number",
                                          "must be the identity number your token vouches for"));
    json_object_set_new(c->in, "subject", json_string(c->r->who.subject));
    return HTTP_GO_ON;
}

enum MHD_Result api_debtors_create(struct http_request *r)
{
    struct debtor_in in = {0};
    const struct jf_field body[] = {
        DEBTOR_FIELDS(true, &in),
        {.name = "subject",
         .type = JF_STRING,
         .min = 1,
         .max = AUTH_SUBJECT_MAX - 1,
         .dst = &in.subject},
        {NULL},
    };
    const struct api_handler h = {.name = "debtors_create",
                                  .write = true,
                                  .body = body,
                                  .check = check_relations,
                                  .before = own_login,
                                  .tx = create_tx,
                                  .ok = 201,
                                  .what = "debtor",
                                  .failed = reply_conflict};
    return api_run(r, &h, &in);
}

enum MHD_Result api_debtors_get(struct http_request *r)
{
    const struct api_handler h = {
        .name = "debtors_get", .replica = true, .tx = get_tx, .what = "debtor"};
    return api_run(r, &h, NULL);
}

/* Which fields the role may change is the policy's (the debtor keeps its contacts, spouse
 * and dependants up to date, not the facts its eligibility is decided on). */
static void check_update(struct api_call *c, json_t *errors)
{
    check_relations(c, errors);
    const char *key;
    json_t *value;
    json_object_foreach(c->in, key, value)
    {
        if (!policy_may_change_debtor_field(c->role, key))
            jf_error(errors, key, "only the court or the department corrects this");
    }
    if (json_object_size(c->in) == 0)
        jf_error(errors, "", "name at least one field to change");
}

enum MHD_Result api_debtors_update(struct http_request *r)
{
    struct debtor_in in = {0};
    const struct jf_field body[] = {DEBTOR_FIELDS(false, &in), {NULL}};
    const struct api_handler h = {.name = "debtors_update",
                                  .write = true,
                                  .body = body,
                                  .check = check_update,
                                  .tx = update_tx,
                                  .current = get_tx,
                                  .if_match_required = true,
                                  .what = "debtor",
                                  .failed = reply_conflict};
    return api_run(r, &h, &in);
}

struct list_in {
    const char *id_number;
};

static enum db_status list_tx(struct db_tx *tx, struct api_call *c)
{
    const struct list_in *in = c->arg;
    json_t *items = NULL;
    enum db_status st = db_debtor_list(tx, &c->who, in->id_number, c->cursor, c->limit, &items);
    if (st == DB_OK)
        c->out = api_page(items, c->limit);
    return st;
}

enum MHD_Result api_debtors_list(struct http_request *r)
{
    struct list_in in = {0};
    /* a lookup by number, so any string: an invalid number finds nobody */
    const struct jf_field query[] = {
        {.name = "id_number", .type = JF_STRING, .max = 64, .dst = &in.id_number},
        {NULL},
    };
    const struct api_handler h = {
        .name = "debtors_list", .query = query, .page = 50, .tx = list_tx, .what = "debtor"};
    return api_run(r, &h, &in);
}
