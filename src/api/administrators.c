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
    {.name = "ground", .type = JF_STRING, .required = true, .min = 1, .max = 64},
    /* one of SZ-ADM-QUALIFY's "barred" */
    {.name = "debtor_id", .type = JF_UUID, .nullable = true},
    {.name = "note", .type = JF_STRING, .required = true, .min = 1, .max = 2000},
    {.name = "since", .type = JF_DATE, .required = true},
    {NULL},
};

#define CONTACT_FIELDS                                                                             \
    {.name = "organisation", .type = JF_STRING, .nullable = true, .min = 1, .max = 200},           \
        {.name = "phone", .type = JF_STRING, .nullable = true, .min = 3, .max = 32},               \
        {.name = "email", .type = JF_STRING, .nullable = true, .min = 3, .max = 254},              \
    {                                                                                              \
        .name = "address", .type = JF_STRING, .nullable = true, .min = 1, .max = 500               \
    }

static const struct jf_field replacing_fields[] = {
    {.name = "kind", .type = JF_ENUM, .required = true, .enum_values = end_kinds},
    {.name = "reason", .type = JF_STRING, .required = true, .min = 1, .max = 2000},
    {NULL},
};

/* What the checks of a roster write read of its body. */
struct roster_in {
    const char *kind, *profession;
    const json_t *disqualifications;
    bool subject_named; /* a PATCH that sets (or clears) the login */
};

struct designation {
    const char *administrator_id, *basis, *basis_reference;
    const json_t *replacing; /* {kind, reason} or NULL */
    date_t on_date;          /* designated_on, today when the body leaves it out */
    char on[11];
    rules_calendar cal;   /* read before the transaction: it uses the same connection */
    char replaced_id[37]; /* the designation this one ends, or "" */
    char replaced_admin[37];
    char admin_name[256];
};

#define rule(profile, id) api_rule(profile, id)

/* ---- the roster ------------------------------------------------------------------ */

/* SZ-ADM-QUALIFY: a profession the rule names; institution for an institution only. */
static void check_profession(struct api_call *c, json_t *errors)
{
    const struct roster_in *in = c->arg;
    if (!jf_listed(rules_param(rule(NULL, QUALIFY), "kinds"), in->profession)) {
        jf_error(errors, "profession", "is not a kind of administrator SZ-ADM-QUALIFY names");
        return;
    }
    bool institution = strcmp(in->kind, "institution") == 0;
    if (institution != (strcmp(in->profession, "institution") == 0))
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

static void check_update(struct api_call *c, json_t *errors)
{
    const struct roster_in *in = c->arg;
    size_t i;
    json_t *d;
    json_array_foreach(in->disqualifications, i, d) check_disqualification(d, i, errors);
    if (json_object_size(c->in) == 0)
        jf_error(errors, "", "name at least one field to change");
}

static enum db_status subject_taken(struct api_call *c, struct db_tx *tx, enum db_status st)
{
    if (st == DB_CONFLICT && strcmp(db_tx_constraint(tx), "administrators_subject_key") == 0)
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, "subject",
                          "this login already has an administrator record");
    return st;
}

static enum db_status create_tx(struct db_tx *tx, struct api_call *c)
{
    enum db_status st = subject_taken(c, tx, db_administrator_insert(tx, c->in, &c->out));
    if (st != DB_OK)
        return st;
    const char *id = jf_str(c->out, "id");
    return db_audit(tx, &c->who, "administrator.create", "administrator", id, NULL, c->in);
}

enum MHD_Result api_administrators_create(struct http_request *r)
{
    struct roster_in in = {0};
    const struct jf_field body[] = {
        {.name = "subject", .type = JF_STRING, .min = 1, .max = AUTH_SUBJECT_MAX - 1},
        {.name = "kind", .type = JF_ENUM, .required = true, .enum_values = kinds, .dst = &in.kind},
        {.name = "name", .type = JF_STRING, .required = true, .min = 1, .max = 200},
        /* one of SZ-ADM-QUALIFY's "kinds" */
        {.name = "profession",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 64,
         .dst = &in.profession},
        {.name = "qualification", .type = JF_STRING, .required = true, .min = 1, .max = 500},
        CONTACT_FIELDS,
        {NULL},
    };
    const struct api_handler h = {.name = "administrators_create",
                                  .write = true,
                                  .body = body,
                                  .check = check_profession,
                                  .tx = create_tx,
                                  .ok = 201,
                                  .what = "administrator"};
    return api_run(r, &h, &in);
}

static enum db_status update_tx(struct db_tx *tx, struct api_call *c)
{
    const struct roster_in *in = c->arg;
    const char *id = c->r->params[0];
    int unknown = -1;
    enum db_status st =
        in->disqualifications
            ? db_disqualifications_unknown_debtor(tx, in->disqualifications, &unknown)
            : DB_OK;
    if (st == DB_OK && unknown >= 0) {
        snprintf(c->no.field_buf, sizeof c->no.field_buf, "disqualifications[%d].debtor_id",
                 unknown);
        return api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, c->no.field_buf, "no such debtor");
    }
    if (st == DB_OK)
        st = subject_taken(c, tx, db_administrator_update(tx, id, c->in, &c->out));
    if (st == DB_OK && in->subject_named)
        st = db_administrator_sync_subject(tx, id);
    if (st != DB_OK)
        return st;
    return db_audit(tx, &c->who, "administrator.update", "administrator", id, NULL, c->in);
}

/* The entry as its GET shows the department (the only role that changes the roster). */
static enum db_status current_tx(struct db_tx *tx, struct api_call *c)
{
    return db_administrator_get(tx, c->r->params[0], true, &c->out);
}

enum MHD_Result api_administrators_update(struct http_request *r)
{
    struct roster_in in = {0};
    const struct jf_field body[] = {
        {.name = "subject",
         .type = JF_STRING,
         .nullable = true,
         .min = 1,
         .max = AUTH_SUBJECT_MAX - 1,
         .present = &in.subject_named},
        {.name = "status", .type = JF_ENUM, .enum_values = statuses},
        {.name = "qualification", .type = JF_STRING, .min = 1, .max = 500},
        CONTACT_FIELDS,
        {.name = "disqualifications",
         .type = JF_ARRAY,
         .max = 50,
         .fields = disqualification_fields,
         .item_type = JF_OBJECT,
         .dst = &in.disqualifications},
        {NULL},
    };
    const struct api_handler h = {.name = "administrators_update",
                                  .write = true,
                                  .body = body,
                                  .check = check_update,
                                  .tx = update_tx,
                                  .current = current_tx,
                                  .if_match_required = true,
                                  .what = "administrator"};
    return api_run(r, &h, &in);
}

static bool sees_full_roster(const struct api_call *c)
{
    return policy_sees_full_roster(c->role, c->r->authenticated);
}

static enum db_status get_tx(struct db_tx *tx, struct api_call *c)
{
    return db_administrator_get(tx, c->r->params[0], sees_full_roster(c), &c->out);
}

enum MHD_Result api_administrators_get(struct http_request *r)
{
    const struct api_handler h = {
        .name = "administrators_get", .replica = true, .tx = get_tx, .what = "administrator"};
    return api_run(r, &h, NULL);
}

struct list_in {
    const char *status;
};

static enum db_status list_tx(struct db_tx *tx, struct api_call *c)
{
    const struct list_in *in = c->arg;
    json_t *items = NULL;
    enum db_status st =
        db_administrator_list(tx, in->status, c->cursor, c->limit, sees_full_roster(c), &items);
    if (st == DB_OK)
        c->out = api_page(items, c->limit);
    return st;
}

enum MHD_Result api_administrators_list(struct http_request *r)
{
    struct list_in in = {0};
    const struct jf_field query[] = {
        {.name = "status", .type = JF_ENUM, .enum_values = statuses, .dst = &in.status},
        {NULL},
    };
    const struct api_handler h = {.name = "administrators_list",
                                  .query = query,
                                  .page = 50,
                                  .tx = list_tx,
                                  .what = "administrator"};
    return api_run(r, &h, &in);
}

/* ---- designation ------------------------------------------------------------------ */

static enum db_status check_case(struct api_call *call, const struct db_case_for_designation *c)
{
    const struct designation *d = call->arg;
    if (strcmp(c->status, "accepted") != 0)
        return api_refuse(&call->no, PROBLEM_CONFLICT, NULL, NULL,
                          "the application is %s; an administrator is designated in an accepted "
                          "case",
                          c->status);
    if (strcmp(d->on, c->accepted_on) < 0)
        return api_refuse(&call->no, PROBLEM_UNPROCESSABLE, NULL, "designated_on",
                          "the designation cannot precede the acceptance (%s)", c->accepted_on);
    return DB_OK;
}

/* SZ-ADM-QUALIFY: a suspended administrator, or one with a bar, may not be designated; an
 * interest in a case bars it from the case of that debtor only. */
static enum db_status qualify(struct api_call *call, const struct db_administrator_facts *a,
                              const struct db_case_for_designation *c)
{
    if (strcmp(a->status, "active") != 0)
        return api_refuse(&call->no, PROBLEM_RULE, QUALIFY, "administrator_id",
                          "%s is %s on the roster", a->name, a->status);
    size_t i;
    json_t *d;
    json_array_foreach(a->disqualifications, i, d)
    {
        const char *ground = jf_str(d, "ground"), *since = jf_str(d, "since");
        if (ground == NULL || strcmp(ground, CASE_GROUND) != 0)
            return api_refuse(&call->no, PROBLEM_RULE, QUALIFY, "administrator_id",
                              "%s is barred from serving: %s (since %s)", a->name,
                              ground ? ground : "unspecified", since ? since : "unknown");
        const char *debtor = jf_str(d, "debtor_id");
        if (debtor &&
            (strcasecmp(debtor, c->debtor_id) == 0 || strcasecmp(debtor, c->joint_debtor_id) == 0))
            return api_refuse(&call->no, PROBLEM_RULE, QUALIFY, "administrator_id",
                              "%s has an interest in this case: %s with its debtor (since %s)",
                              a->name, CASE_GROUND, since ? since : "unknown");
    }
    return DB_OK;
}

static enum db_status check_administrator(struct api_call *call, struct db_tx *tx,
                                          const struct db_case_for_designation *c)
{
    struct designation *d = call->arg;
    struct db_administrator_facts a = {0};
    enum db_status st = db_administrator_facts(tx, d->administrator_id, &a);
    if (st == DB_NOT_FOUND)
        st = api_refuse(&call->no, PROBLEM_UNPROCESSABLE, NULL, "administrator_id",
                        "no such administrator on the roster");
    if (st == DB_OK)
        st = qualify(call, &a, c);
    snprintf(d->admin_name, sizeof d->admin_name, "%s", a.name);
    json_decref(a.disqualifications);
    return st;
}

/* SZ-ADM-REPLACE: another administrator replaces the current one only when the court says
 * so (replacing: replaced on the creditors' meeting's application, or resigned with
 * approval); the current designation then ends on the new one's date. */
static enum db_status end_current(struct api_call *call, struct db_tx *tx, const char *case_id)
{
    struct designation *d = call->arg;
    struct db_designation_current cur;
    d->replaced_id[0] = d->replaced_admin[0] = '\0';
    enum db_status st = db_designation_current(tx, case_id, &cur);
    if (st == DB_NOT_FOUND)
        return d->replacing ? api_refuse(&call->no, PROBLEM_CONFLICT, NULL, "replacing",
                                         "the case has no administrator to replace; leave "
                                         "replacing out")
                            : DB_OK;
    if (st != DB_OK)
        return st;
    if (strcasecmp(cur.administrator_id, d->administrator_id) == 0)
        return api_refuse(&call->no, PROBLEM_CONFLICT, NULL, "administrator_id",
                          "this administrator is already designated in the case (since %s)",
                          cur.designated_on);
    if (d->replacing == NULL)
        return api_refuse(&call->no, PROBLEM_CONFLICT, "SZ-ADM-REPLACE", "replacing",
                          "the case has an administrator designated on %s; to designate another, "
                          "give replacing: {kind: replaced or resigned, reason}",
                          cur.designated_on);
    if (strcmp(d->on, cur.designated_on) < 0)
        return api_refuse(&call->no, PROBLEM_UNPROCESSABLE, NULL, "designated_on",
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
    return json_pack("{s:s, s:s, s:s?, s:s?}", "designation_id", d->replaced_id, "administrator_id",
                     d->replaced_admin, "kind", jf_str(d->replacing, "kind"), "reason",
                     jf_str(d->replacing, "reason"));
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
static enum db_status record(struct api_call *call, struct db_tx *tx,
                             const struct db_case_for_designation *c, const char *designation_id)
{
    const struct designation *d = call->arg;
    json_t *audit =
        json_pack("{s:s, s:s, s:s?, s:s?, s:s, s:o?}", "administrator_id", d->administrator_id,
                  "basis", d->basis, "basis_reference", d->basis_reference, "rule",
                  basis_rule(d->basis), "designated_on", d->on, "replacing", replaced_json(d));
    enum db_status st =
        db_audit(tx, &call->who, "case.designate", "designation", designation_id, c->id, audit);
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
        st = caselife_record_act(tx, &call->who, &d->cal, c->id, c->profile, kind, on, act,
                                 c->creditor_petition);
    json_decref(act);
    return st;
}

static enum db_status designate_tx(struct db_tx *tx, struct api_call *call)
{
    struct designation *d = call->arg;
    struct db_case_for_designation c = {0};
    enum db_status st = db_designation_case_lock(tx, &call->who, call->r->params[0], &c);
    if (st != DB_OK)
        return st;
    snprintf(call->no.profile, sizeof call->no.profile, "%s", c.profile);
    if ((st = check_case(call, &c)) != DB_OK || (st = check_administrator(call, tx, &c)) != DB_OK ||
        (st = end_current(call, tx, c.id)) != DB_OK)
        return st;
    struct db_designation_new n = {c.id, d->administrator_id, d->basis, d->basis_reference, d->on};
    json_t *designation = NULL, *application = NULL;
    st = db_designation_insert(tx, &n, &designation);
    if (st == DB_OK)
        st = db_designation_apply(tx, c.id, d->administrator_id, &application);
    call->out = json_pack("{s:o?, s:o?}", "designation", designation, "application", application);
    if (st != DB_OK)
        return st;
    return record(call, tx, &c, jf_str(designation, "id"));
}

static void check_designation(struct api_call *call, json_t *errors)
{
    const struct designation *d = call->arg;
    if (d->on_date > clock_today())
        jf_error(errors, "designated_on", "must not be in the future");
}

/* The date as the statements take it, and the court calendar the act's deadlines are
 * computed on (read before the transaction: it uses the same connection). */
static enum http_step load_calendar(struct api_call *call)
{
    struct designation *d = call->arg;
    date_format(d->on_date, d->on);
    return api_step_for(call, api_calendar_load(&d->cal));
}

static void free_calendar(struct api_call *call)
{
    struct designation *d = call->arg;
    rules_calendar_free(&d->cal);
}

enum MHD_Result api_applications_designate(struct http_request *r)
{
    struct designation d = {.on_date = clock_today()};
    rules_calendar_init(&d.cal);
    const struct jf_field body[] = {
        {.name = "administrator_id", .type = JF_UUID, .required = true, .dst = &d.administrator_id},
        {.name = "basis", .type = JF_ENUM, .required = true, .enum_values = bases, .dst = &d.basis},
        {.name = "basis_reference",
         .type = JF_STRING,
         .nullable = true,
         .min = 1,
         .max = 500,
         .dst = &d.basis_reference},
        {.name = "designated_on", .type = JF_DATE, .dst = &d.on_date},
        {.name = "replacing",
         .type = JF_OBJECT,
         .nullable = true,
         .fields = replacing_fields,
         .dst = &d.replacing},
        {NULL},
    };
    const struct api_handler h = {.name = "applications_designate",
                                  .write = true,
                                  .body = body,
                                  .check = check_designation,
                                  .before = load_calendar,
                                  .tx = designate_tx,
                                  .what = "application",
                                  .cleanup = free_calendar};
    return api_run(r, &h, &d);
}

static enum db_status history_tx(struct db_tx *tx, struct api_call *c)
{
    json_t *items = NULL;
    enum db_status st = db_designations_for_case(tx, &c->who, c->r->params[0], &items);
    if (st == DB_OK)
        c->out = json_pack("{s:o}", "items", items);
    return st;
}

enum MHD_Result api_applications_administrators(struct http_request *r)
{
    const struct api_handler h = {
        .name = "applications_administrators", .tx = history_tx, .what = "application"};
    return api_run(r, &h, NULL);
}
