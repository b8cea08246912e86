/* administrators.c: the roster the management department keeps (SZ-ADM-QUALIFY: who may
 * serve, and who is barred), read by anyone with only its public fields, and the court's
 * designation of an administrator to a case: checked against the bars, ending the current
 * designation when it replaces one (SZ-ADM-REPLACE), pointing the case at the
 * administrator's login, audited with its basis (SZ-ADM-RECOMMEND, SZ-ADM-PROPOSE) and
 * recorded as an act of the case, which opens its deadlines. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "administrators.h"
#include "api.h"
#include "caselife.h"
#include "clock.h"
#include "rules.h"
#include "rules_period.h"

#define QUALIFY "SZ-ADM-QUALIFY"
/* The one bar of SZ-ADM-QUALIFY that concerns a single case: it names the debtor. */
#define CASE_GROUND "interest_in_case"

static const char *const kinds[] = {"individual", "institution", NULL};
static const char *const statuses[] = {"active", "suspended", NULL};
static const char *const bases[] = {"creditors_recommendation", "department_proposal", "court",
                                    NULL};
static const char *const end_kinds[] = {"replaced", "resigned", NULL};

static const struct jf_field disqualification_fields[] = {
    {"ground", JF_STRING, true, false, 1, 64}, /* one of SZ-ADM-QUALIFY's "barred" */
    {"debtor_id", JF_UUID, false, true, 0, 0},
    {"note", JF_STRING, true, false, 1, 2000},
    {"since", JF_DATE, true, false, 0, 0},
    {NULL},
};

#define CONTACT_FIELDS                                                                       \
    {"organisation", JF_STRING, false, true, 1, 200},                                        \
    {"phone", JF_STRING, false, true, 3, 32},                                                \
    {"email", JF_STRING, false, true, 3, 254},                                               \
    {"address", JF_STRING, false, true, 1, 500}

static const struct jf_field create_fields[] = {
    {"subject", JF_STRING, false, false, 1, AUTH_SUBJECT_MAX - 1},
    {"kind", JF_ENUM, true, false, 0, 0, kinds},
    {"name", JF_STRING, true, false, 1, 200},
    {"profession", JF_STRING, true, false, 1, 64}, /* one of SZ-ADM-QUALIFY's "kinds" */
    {"qualification", JF_STRING, true, false, 1, 500},
    CONTACT_FIELDS,
    {NULL},
};

static const struct jf_field update_fields[] = {
    {"subject", JF_STRING, false, true, 1, AUTH_SUBJECT_MAX - 1},
    {"status", JF_ENUM, false, false, 0, 0, statuses},
    {"qualification", JF_STRING, false, false, 1, 500},
    CONTACT_FIELDS,
    {"disqualifications", JF_ARRAY, false, false, 0, 50, NULL, disqualification_fields,
     JF_OBJECT},
    {NULL},
};

static const struct jf_field replacing_fields[] = {
    {"kind", JF_ENUM, true, false, 0, 0, end_kinds},
    {"reason", JF_STRING, true, false, 1, 2000},
    {NULL},
};

static const struct jf_field designate_fields[] = {
    {"administrator_id", JF_UUID, true, false, 0, 0},
    {"basis", JF_ENUM, true, false, 0, 0, bases},
    {"basis_reference", JF_STRING, false, true, 1, 500},
    {"designated_on", JF_DATE, false, false, 0, 0},
    {"replacing", JF_OBJECT, false, true, 0, 0, NULL, replacing_fields},
    {NULL},
};

struct designation {
    const char *administrator_id, *basis, *basis_reference;
    const json_t *replacing; /* {kind, reason} or NULL */
    char on[11];
    const rules_calendar *cal;
    char replaced_id[37];    /* the designation this one ends, or "" */
    char replaced_admin[37];
    char admin_name[256];
};

struct adm_op {
    struct db_actor who;
    const char *id;
    bool full; /* whether the reader sees every field of the roster */
    json_t *in, *out;
    struct api_refusal no;
    struct designation *designation;
};

#define refuse(op, ...) api_refuse(&(op)->no, __VA_ARGS__)

#define rule(profile, id) api_rule(profile, id)

static json_t *one_error(const char *field, const char *message)
{
    return json_pack("[{s:s, s:s}]", "field", field, "message", message);
}

static enum MHD_Result finish(struct http_request *r, struct adm_op *op, enum db_status st,
                              unsigned ok_status, const char *what)
{
    enum MHD_Result ret;
    if (st == DB_OK) {
        ret = http_reply_json(r, ok_status, op->out);
        op->out = NULL;
    } else if (st == DB_REFUSED) {
        ret = api_reply_refusal(r, &op->no);
    } else {
        ret = api_db_failure(r, st, what);
    }
    json_decref(op->out);
    json_decref(op->in);
    return ret;
}

/* Parses the body against fields, then the checks a field table cannot say; 400 on any. */
static enum http_step read_body(struct http_request *r, struct adm_op *op,
                                const struct jf_field *fields,
                                void (*more)(const json_t *in, json_t *errors))
{
    return api_read_body(r, fields, more, &op->in);
}

/* A public route carries no token check of its own: a token, when sent, must be valid,
 * and its role decides what is shown. */
static enum http_step optional_auth(struct http_request *r)
{
    const char *authz = http_header(r, "Authorization");
    if (authz == NULL)
        return HTTP_GO_ON;
    const char *why = "invalid token";
    enum auth_result res = auth_verify(authz, &r->who, &why);
    if (res != AUTH_OK)
        return http_replied(http_problem_unauthorized(r, why, res != AUTH_MISSING));
    r->authenticated = true;
    return HTTP_GO_ON;
}

/* Contacts, the assessment and the bars are for the court and the department. */
static bool sees_full_roster(const struct http_request *r)
{
    return r->authenticated && (r->who.role == ROLE_COURT || r->who.role == ROLE_DEPARTMENT);
}

/* ---- the roster ------------------------------------------------------------------ */

/* SZ-ADM-QUALIFY: a profession the rule names; institution for an institution only. */
static void check_profession(const json_t *in, json_t *errors)
{
    const char *kind = jf_str(in, "kind"), *profession = jf_str(in, "profession");
    if (!jf_listed(rules_param(rule(NULL, QUALIFY), "kinds"), profession)) {
        jf_error(errors, "profession", "is not a kind of administrator SZ-ADM-QUALIFY names");
        return;
    }
    bool institution = strcmp(kind, "institution") == 0;
    if (institution != (strcmp(profession, "institution") == 0))
        jf_error(errors, "profession",
                 institution ? "an institution has the profession institution"
                             : "the profession institution is for an institution");
}

static void check_disqualification(const json_t *d, size_t i, json_t *errors)
{
    char field[64];
    const char *ground = jf_str(d, "ground");
    bool names_debtor = jf_str(d, "debtor_id") != NULL;
    if (!jf_listed(rules_param(rule(NULL, QUALIFY), "barred"), ground)) {
        snprintf(field, sizeof field, "disqualifications[%zu].ground", i);
        jf_error(errors, field, "is not a ground SZ-ADM-QUALIFY bars");
    } else if ((strcmp(ground, CASE_GROUND) == 0) != names_debtor) {
        snprintf(field, sizeof field, "disqualifications[%zu].debtor_id", i);
        jf_error(errors, field,
                 names_debtor ? "only an interest in a case names a debtor"
                              : "an interest in a case names the debtor it concerns");
    }
    date_t since;
    if (jf_date(d, "since", &since) && since > clock_today()) {
        snprintf(field, sizeof field, "disqualifications[%zu].since", i);
        jf_error(errors, field, "must not be in the future");
    }
}

static void check_update(const json_t *in, json_t *errors)
{
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(in, "disqualifications"), i, d)
        check_disqualification(d, i, errors);
    if (json_object_size(in) == 0)
        jf_error(errors, "", "name at least one field to change");
}

static enum db_status subject_taken(struct adm_op *op, struct db_tx *tx, enum db_status st)
{
    if (st == DB_CONFLICT && strcmp(db_tx_constraint(tx), "administrators_subject_key") == 0)
        return refuse(op, PROBLEM_CONFLICT, NULL, "subject",
                      "this login already has an administrator record");
    return st;
}

static enum db_status create_tx(struct db_tx *tx, void *arg)
{
    struct adm_op *op = arg;
    json_decref(op->out);
    op->out = NULL;
    enum db_status st = subject_taken(op, tx, db_administrator_insert(tx, op->in, &op->out));
    if (st != DB_OK)
        return st;
    const char *id = jf_str(op->out, "id");
    return db_audit(tx, &op->who, "administrator.create", "administrator", id, NULL, op->in);
}

enum MHD_Result api_administrators_create(struct http_request *r)
{
    struct adm_op op = {0};
    api_actor(r, &op.who);
    enum http_step step = read_body(r, &op, create_fields, check_profession);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    return finish(r, &op, db_transact(create_tx, &op), 201, "administrator");
}

static enum db_status update_tx(struct db_tx *tx, void *arg)
{
    struct adm_op *op = arg;
    json_decref(op->out);
    op->out = NULL;
    int unknown = -1;
    const json_t *list = json_object_get(op->in, "disqualifications");
    enum db_status st = list ? db_disqualifications_unknown_debtor(tx, list, &unknown) : DB_OK;
    if (st == DB_OK && unknown >= 0) {
        snprintf(op->no.field_buf, sizeof op->no.field_buf, "disqualifications[%d].debtor_id",
                 unknown);
        return refuse(op, PROBLEM_UNPROCESSABLE, NULL, op->no.field_buf, "no such debtor");
    }
    if (st == DB_OK)
        st = subject_taken(op, tx, db_administrator_update(tx, op->id, op->in, &op->out));
    if (st == DB_OK && json_object_get(op->in, "subject"))
        st = db_administrator_sync_subject(tx, op->id);
    if (st != DB_OK)
        return st;
    return db_audit(tx, &op->who, "administrator.update", "administrator", op->id, NULL, op->in);
}

enum MHD_Result api_administrators_update(struct http_request *r)
{
    struct adm_op op = {0};
    api_actor(r, &op.who);
    enum http_step step = api_path_uuid(r, 0, &op.id);
    if (step == HTTP_GO_ON)
        step = read_body(r, &op, update_fields, check_update);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    return finish(r, &op, db_transact(update_tx, &op), 200, "administrator");
}

static enum db_status get_tx(struct db_tx *tx, void *arg)
{
    struct adm_op *op = arg;
    return db_administrator_get(tx, op->id, op->full, &op->out);
}

enum MHD_Result api_administrators_get(struct http_request *r)
{
    struct adm_op op = {0};
    enum http_step step = optional_auth(r);
    if (step == HTTP_GO_ON)
        step = api_path_uuid(r, 0, &op.id);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    op.full = sees_full_roster(r);
    return finish(r, &op, db_read(get_tx, &op), 200, "administrator");
}

struct list_op {
    const char *status, *cursor;
    int limit;
    bool full;
    json_t *items;
};

static enum db_status list_tx(struct db_tx *tx, void *arg)
{
    struct list_op *op = arg;
    json_decref(op->items);
    op->items = NULL;
    return db_administrator_list(tx, op->status, op->cursor, op->limit, op->full, &op->items);
}

static enum http_step read_list_query(struct http_request *r, struct list_op *op)
{
    static const char *const allowed[] = {"status", "limit", "cursor", NULL};
    static const struct jf_field query_fields[] = {
        {"status", JF_ENUM, false, false, 0, 0, statuses},
        {NULL},
    };
    enum http_step step = http_query_allowed(r, allowed);
    if (step == HTTP_GO_ON)
        step = http_page(r, 50, &op->limit, &op->cursor);
    if (step != HTTP_GO_ON)
        return step;
    op->status = http_query(r, "status");
    json_t *q = op->status ? json_pack("{s:s}", "status", op->status) : json_object();
    json_t *errors = json_array();
    jf_validate(q, query_fields, errors);
    json_decref(q);
    if (json_array_size(errors) > 0)
        return http_replied(http_problem_fields(r, PROBLEM_VALIDATION, "bad query", errors));
    json_decref(errors);
    return HTTP_GO_ON;
}

enum MHD_Result api_administrators_list(struct http_request *r)
{
    struct list_op op = {0};
    enum http_step step = optional_auth(r);
    if (step == HTTP_GO_ON)
        step = read_list_query(r, &op);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    op.full = sees_full_roster(r);
    enum db_status st = db_read(list_tx, &op);
    if (st != DB_OK)
        return api_db_failure(r, st, "administrator");
    return http_reply_json(r, 200, api_page(op.items, op.limit));
}

/* ---- designation ------------------------------------------------------------------ */

static enum db_status check_case(struct adm_op *op, const struct db_case_for_designation *c)
{
    if (strcmp(c->status, "accepted") != 0)
        return refuse(op, PROBLEM_CONFLICT, NULL, NULL,
                      "the application is %s; an administrator is designated in an accepted "
                      "case",
                      c->status);
    if (strcmp(op->designation->on, c->accepted_on) < 0)
        return refuse(op, PROBLEM_UNPROCESSABLE, NULL, "designated_on",
                      "the designation cannot precede the acceptance (%s)", c->accepted_on);
    return DB_OK;
}

/* SZ-ADM-QUALIFY: a suspended administrator, or one with a bar, may not be designated; an
 * interest in a case bars it from the case of that debtor only. */
static enum db_status qualify(struct adm_op *op, const struct db_administrator_facts *a,
                              const struct db_case_for_designation *c)
{
    if (strcmp(a->status, "active") != 0)
        return refuse(op, PROBLEM_RULE, QUALIFY, "administrator_id",
                      "%s is %s on the roster", a->name, a->status);
    size_t i;
    json_t *d;
    json_array_foreach(a->disqualifications, i, d)
    {
        const char *ground = jf_str(d, "ground"), *since = jf_str(d, "since");
        if (ground == NULL || strcmp(ground, CASE_GROUND) != 0)
            return refuse(op, PROBLEM_RULE, QUALIFY, "administrator_id",
                          "%s is barred from serving: %s (since %s)", a->name,
                          ground ? ground : "unspecified", since ? since : "unknown");
        const char *debtor = jf_str(d, "debtor_id");
        if (debtor && (strcasecmp(debtor, c->debtor_id) == 0 ||
                       strcasecmp(debtor, c->joint_debtor_id) == 0))
            return refuse(op, PROBLEM_RULE, QUALIFY, "administrator_id",
                          "%s has an interest in this case: %s with its debtor (since %s)",
                          a->name, CASE_GROUND, since ? since : "unknown");
    }
    return DB_OK;
}

static enum db_status check_administrator(struct adm_op *op, struct db_tx *tx,
                                          const struct db_case_for_designation *c)
{
    struct designation *d = op->designation;
    struct db_administrator_facts a = {0};
    enum db_status st = db_administrator_facts(tx, d->administrator_id, &a);
    if (st == DB_NOT_FOUND)
        st = refuse(op, PROBLEM_UNPROCESSABLE, NULL, "administrator_id",
                    "no such administrator on the roster");
    if (st == DB_OK)
        st = qualify(op, &a, c);
    snprintf(d->admin_name, sizeof d->admin_name, "%s", a.name);
    json_decref(a.disqualifications);
    return st;
}

/* SZ-ADM-REPLACE: another administrator replaces the current one only when the court says
 * so (replacing: replaced on the creditors' meeting's application, or resigned with
 * approval); the current designation then ends on the new one's date. */
static enum db_status end_current(struct adm_op *op, struct db_tx *tx, const char *case_id)
{
    struct designation *d = op->designation;
    struct db_designation_current cur;
    d->replaced_id[0] = d->replaced_admin[0] = '\0';
    enum db_status st = db_designation_current(tx, case_id, &cur);
    if (st == DB_NOT_FOUND)
        return d->replacing ? refuse(op, PROBLEM_CONFLICT, NULL, "replacing",
                                     "the case has no administrator to replace; leave "
                                     "replacing out")
                            : DB_OK;
    if (st != DB_OK)
        return st;
    if (strcasecmp(cur.administrator_id, d->administrator_id) == 0)
        return refuse(op, PROBLEM_CONFLICT, NULL, "administrator_id",
                      "this administrator is already designated in the case (since %s)",
                      cur.designated_on);
    if (d->replacing == NULL)
        return refuse(op, PROBLEM_CONFLICT, "SZ-ADM-REPLACE", "replacing",
                      "the case has an administrator designated on %s; to designate another, "
                      "give replacing: {kind: replaced or resigned, reason}",
                      cur.designated_on);
    if (strcmp(d->on, cur.designated_on) < 0)
        return refuse(op, PROBLEM_UNPROCESSABLE, NULL, "designated_on",
                      "the replacement cannot precede the designation it ends (%s)",
                      cur.designated_on);
    snprintf(d->replaced_id, sizeof d->replaced_id, "%s", cur.id);
    snprintf(d->replaced_admin, sizeof d->replaced_admin, "%s", cur.administrator_id);
    return db_designation_end(tx, cur.id, d->on, jf_str(d->replacing, "kind"),
                              jf_str(d->replacing, "reason"));
}

/* The rule a basis records: creditors recommended (SZ-ADM-RECOMMEND) or the department
 * proposed (SZ-ADM-PROPOSE); the court's own choice records none. */
static const char *basis_rule(const char *basis)
{
    if (strcmp(basis, "creditors_recommendation") == 0)
        return "SZ-ADM-RECOMMEND";
    if (strcmp(basis, "department_proposal") == 0)
        return "SZ-ADM-PROPOSE";
    return NULL;
}

static json_t *replaced_json(const struct designation *d)
{
    if (!d->replaced_id[0])
        return NULL;
    return json_pack("{s:s, s:s, s:s?, s:s?}", "designation_id", d->replaced_id,
                     "administrator_id", d->replaced_admin, "kind", jf_str(d->replacing, "kind"),
                     "reason", jf_str(d->replacing, "reason"));
}

/* The act of the case: the first designation opens the announcement period
 * (SZ-ANN-ACCEPTANCE); a replacement must not move it, so it is recorded as an act of its
 * own, when the act table has one (NULL: the audit row and the history record it). */
static const char *act_kind_of(const struct designation *d)
{
    if (!d->replaced_id[0])
        return "administrator_designated";
    return caselife_act_kind("administrator_replaced") ? "administrator_replaced" : NULL;
}

/* The audit row and the act of the case, in the designation's transaction. */
static enum db_status record(struct adm_op *op, struct db_tx *tx,
                             const struct db_case_for_designation *c, const char *designation_id)
{
    const struct designation *d = op->designation;
    json_t *audit = json_pack("{s:s, s:s, s:s?, s:s?, s:s, s:o?}", "administrator_id",
                              d->administrator_id, "basis", d->basis, "basis_reference",
                              d->basis_reference, "rule", basis_rule(d->basis), "designated_on",
                              d->on, "replacing", replaced_json(d));
    enum db_status st = db_audit(tx, &op->who, "case.designate", "designation", designation_id,
                                 c->id, audit);
    json_decref(audit);
    if (st != DB_OK)
        return st;
    json_t *act = json_pack("{s:s, s:s, s:s, s:s, s:o?}", "designation_id", designation_id,
                            "administrator_id", d->administrator_id, "administrator_name",
                            d->admin_name, "basis", d->basis, "replacing", replaced_json(d));
    date_t on;
    date_parse(d->on, &on);
    const char *kind = act_kind_of(d);
    if (kind != NULL)
        st = caselife_record_act(tx, &op->who, d->cal, c->id, c->profile, kind, on, act,
                                 c->creditor_petition);
    json_decref(act);
    return st;
}

static enum db_status designate_tx(struct db_tx *tx, void *arg)
{
    struct adm_op *op = arg;
    struct designation *d = op->designation;
    json_decref(op->out);
    op->out = NULL;
    struct db_case_for_designation c = {0};
    enum db_status st = db_designation_case_lock(tx, &op->who, op->id, &c);
    if (st != DB_OK)
        return st;
    snprintf(op->no.profile, sizeof op->no.profile, "%s", c.profile);
    if ((st = check_case(op, &c)) != DB_OK || (st = check_administrator(op, tx, &c)) != DB_OK ||
        (st = end_current(op, tx, c.id)) != DB_OK)
        return st;
    struct db_designation_new n = {c.id, d->administrator_id, d->basis, d->basis_reference, d->on};
    json_t *designation = NULL, *application = NULL;
    st = db_designation_insert(tx, &n, &designation);
    if (st == DB_OK)
        st = db_designation_apply(tx, c.id, d->administrator_id, &application);
    op->out = json_pack("{s:o?, s:o?}", "designation", designation, "application", application);
    if (st != DB_OK)
        return st;
    return record(op, tx, &c, jf_str(designation, "id"));
}

/* The fields of the body as a designation; 400 for a date in the future. */
static enum http_step read_designation(struct http_request *r, struct adm_op *op,
                                       struct designation *d)
{
    date_t on = clock_today();
    jf_date(op->in, "designated_on", &on);
    if (on > clock_today()) {
        json_decref(op->in);
        op->in = NULL;
        return http_replied(http_problem_fields(r, PROBLEM_VALIDATION, "some fields are invalid",
                                                one_error("designated_on",
                                                          "must not be in the future")));
    }
    date_format(on, d->on);
    d->administrator_id = jf_str(op->in, "administrator_id");
    d->basis = jf_str(op->in, "basis");
    d->basis_reference = jf_str(op->in, "basis_reference");
    const json_t *replacing = json_object_get(op->in, "replacing");
    d->replacing = json_is_object(replacing) ? replacing : NULL;
    return HTTP_GO_ON;
}

enum MHD_Result api_applications_designate(struct http_request *r)
{
    struct adm_op op = {0};
    struct designation d = {0};
    api_actor(r, &op.who);
    enum http_step step = api_path_uuid(r, 0, &op.id);
    if (step == HTTP_GO_ON)
        step = read_body(r, &op, designate_fields, NULL);
    if (step == HTTP_GO_ON)
        step = read_designation(r, &op, &d);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    /* the calendar is read before the transaction: it uses the same connection */
    rules_calendar cal;
    rules_calendar_init(&cal);
    enum db_status st = api_calendar_load(&cal);
    d.cal = &cal;
    op.designation = &d;
    if (st == DB_OK)
        st = db_transact(designate_tx, &op);
    rules_calendar_free(&cal);
    return finish(r, &op, st, 200, "application");
}

static enum db_status history_tx(struct db_tx *tx, void *arg)
{
    struct adm_op *op = arg;
    json_t *items = NULL;
    enum db_status st = db_designations_for_case(tx, &op->who, op->id, &items);
    if (st == DB_OK)
        op->out = json_pack("{s:o}", "items", items);
    return st;
}

enum MHD_Result api_applications_administrators(struct http_request *r)
{
    struct adm_op op = {0};
    api_actor(r, &op.who);
    enum http_step step = api_path_uuid(r, 0, &op.id);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    return finish(r, &op, db_read(history_tx, &op), 200, "application");
}
