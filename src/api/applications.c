/* applications.c: filing, reading, completing, withdrawing and deciding applications.
 * An accepted application is the case: it gets a case number and its id is the case id.
 * Every statutory value comes from the rule catalogue; every refusal names its rule. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "caselife.h"
#include "clock.h"
#include "money.h"
#include "rules.h"

static const char *const procedures[] = {"liquidation", "reorganization", "settlement", NULL};
static const char *const outcomes[] = {"accept", "not_accept", "reject", NULL};
static const char *const statuses[] = {"pending",   "accepted",   "not_accepted", "rejected",
                                       "withdrawn", "superseded", NULL};

static const struct jf_field material_fields[] = {
    {"kind", JF_STRING, true, false, 1, 64},
    {"reference", JF_STRING, true, false, 1, 500},
    {NULL},
};

static const struct jf_field claim_fields[] = {
    {"amount", JF_MONEY, true, false, 1, 0},
    {"due_date", JF_DATE, true, false, 0, 0},
    {"creditor", JF_STRING, false, false, 1, AUTH_SUBJECT_MAX - 1},
    {"description", JF_STRING, false, true, 1, 1000},
    {"evidence", JF_STRING, false, true, 1, 500},
    {NULL},
};

static const struct jf_field income_fields[] = {
    {"monthly_amount", JF_MONEY, true, false, 0, 0},
    {"source", JF_STRING, true, false, 1, 500},
    {NULL},
};

static const struct jf_field file_fields[] = {
    {"debtor_id", JF_UUID, true, false, 0, 0},
    {"procedure", JF_ENUM, true, false, 0, 0, procedures},
    {"joint_debtor_id", JF_UUID, false, true, 0, 0},
    {"statement", JF_STRING, false, true, 1, 5000},
    {"expected_income", JF_OBJECT, false, true, 0, 0, NULL, income_fields},
    {"claims", JF_ARRAY, false, false, 0, 500, NULL, claim_fields, JF_OBJECT},
    {"co_applicants", JF_ARRAY, false, false, 0, 50, NULL, NULL, JF_STRING},
    {"materials", JF_ARRAY, false, false, 0, 50, NULL, material_fields, JF_OBJECT},
    {"justification", JF_STRING, false, true, 1, 5000},
    {NULL},
};

static const struct jf_field materials_body[] = {
    {"materials", JF_ARRAY, true, false, 1, 50, NULL, material_fields, JF_OBJECT},
    {NULL},
};

static const struct jf_field withdraw_fields[] = {
    {"reason", JF_STRING, false, true, 1, 2000},
    {NULL},
};

static const struct jf_field decide_fields[] = {
    {"outcome", JF_ENUM, true, false, 0, 0, outcomes},
    {"ruling_date", JF_DATE, false, false, 0, 0},
    {"grounds", JF_ARRAY, false, false, 0, 10, NULL, NULL, JF_STRING},
    {"reason", JF_STRING, false, true, 1, 5000},
    {NULL},
};

struct decision {
    const char *outcome;
    char ruling_date[11];
    json_t *record; /* what is stored as the decision */
};

struct app_op {
    struct db_actor who;
    enum role role;
    const char *id;
    json_t *in;
    json_t *out;
    struct api_refusal no;
    /* filing */
    struct db_application_new a;
    json_t *flags, *claims, *required;
    date_t received_on;
    /* deciding */
    struct decision *decision;
    rules_calendar cal; /* loaded before the transaction: filing and deciding open deadlines */
};

static const struct rule *rule(const char *id)
{
    return rules_find(rules_builtin(), NULL, id);
}

#define refuse(op, ...) api_refuse(&(op)->no, __VA_ARGS__)

static void flag(struct app_op *op, const char *rule_id, const char *message)
{
    json_array_append_new(op->flags, json_pack("{s:s, s:s}", "rule", rule_id, "message", message));
}

static void op_free(struct app_op *op)
{
    rules_calendar_free(&op->cal);
    json_decref(op->out);
    json_decref(op->in);
    json_decref(op->flags);
    json_decref(op->claims);
    json_decref(op->required);
}

static enum MHD_Result finish(struct http_request *r, struct app_op *op, enum db_status st,
                              unsigned ok_status)
{
    enum MHD_Result ret;
    if (st == DB_OK) {
        ret = http_reply_json(r, ok_status, op->out);
        op->out = NULL;
    } else if (st == DB_REFUSED) {
        ret = api_reply_refusal(r, &op->no);
    } else {
        ret = api_db_failure(r, st, "application");
    }
    op_free(op);
    return ret;
}

/* Parses the body against fields; on errors the 400 is queued. */
static enum http_step read_body(struct http_request *r, struct app_op *op,
                                const struct jf_field *fields)
{
    return api_read_body(r, fields, NULL, &op->in);
}

/* ---- filing ---------------------------------------------------------------------- */

/* Materials must be kinds SZ-APP-MATERIALS names for some applicant. */
static void check_material_kinds(const json_t *materials, json_t *errors)
{
    const struct rule *m = rule("SZ-APP-MATERIALS");
    size_t i;
    json_t *item;
    json_array_foreach(materials, i, item)
    {
        const char *kind = jf_str(item, "kind");
        if (jf_listed(rules_param(m, "debtor"), kind) ||
            jf_listed(rules_param(m, "creditor"), kind) ||
            jf_listed(rules_param(m, "individual_business"), kind))
            continue;
        char field[64];
        snprintf(field, sizeof field, "materials[%zu].kind", i);
        jf_error(errors, field, "is not a kind of material SZ-APP-MATERIALS names");
    }
}

/* In a joint petition each claim belongs to the petitioner or a co-applicant. */
static void check_claim_creditors(struct http_request *r, const json_t *in, json_t *errors)
{
    const json_t *co = json_object_get(in, "co_applicants");
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(in, "claims"), i, c)
    {
        const char *who = jf_str(c, "creditor");
        if (who == NULL || strcmp(who, r->who.subject) == 0 || jf_listed(co, who))
            continue;
        char field[64];
        snprintf(field, sizeof field, "claims[%zu].creditor", i);
        jf_error(errors, field, "must be the petitioner or one of the co_applicants");
    }
}

/* What a field table cannot say about a filing: which fields belong to which applicant. */
static void check_filing_shape(struct http_request *r, const json_t *in, json_t *errors)
{
    bool creditor = r->who.role == ROLE_CREDITOR;
    if (creditor && json_object_get(in, "joint_debtor_id"))
        jf_error(errors, "joint_debtor_id", "only a debtor files jointly with a spouse");
    if (creditor && json_object_get(in, "expected_income"))
        jf_error(errors, "expected_income", "is the debtor's to state");
    if (!creditor && json_object_get(in, "claims"))
        jf_error(errors, "claims", "are stated by a petitioning creditor");
    if (!creditor && json_object_get(in, "co_applicants"))
        jf_error(errors, "co_applicants", "are creditors joining a creditor's petition");
    if (creditor && json_array_size(json_object_get(in, "claims")) == 0)
        jf_error(errors, "claims", "a creditor's petition states the due claims it rests on");
    check_material_kinds(json_object_get(in, "materials"), errors);
    check_claim_creditors(r, in, errors);
}

/* Claims become {amount_fen, due_date, creditor, ...}; returns the total already due. */
static int64_t normalise_claims(struct app_op *op)
{
    int64_t due_total = 0;
    op->claims = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(op->in, "claims"), i, c)
    {
        int64_t fen = 0;
        date_t due;
        jf_money(c, "amount", &fen);
        jf_date(c, "due_date", &due);
        json_t *n = json_deep_copy(c);
        json_object_del(n, "amount");
        json_object_set_new(n, "amount_fen", json_integer(fen));
        if (!json_object_get(n, "creditor"))
            json_object_set_new(n, "creditor", json_string(op->who.subject));
        json_array_append_new(op->claims, n);
        if (due <= op->received_on) /* claims not yet due do not count (SZ-APP-CREDITOR-MIN) */
            due_total += fen;
    }
    return due_total;
}

/* Rules decided on the body alone: creditor petition, reorganization income. */
static enum db_status check_filing_rules(struct app_op *op)
{
    const char *procedure = jf_str(op->in, "procedure");
    if (op->role == ROLE_CREDITOR) {
        if (strcmp(procedure, "liquidation") != 0)
            return refuse(op, PROBLEM_RULE, "SZ-APP-CREDITOR-MIN", "procedure",
                          "a creditor may petition for liquidation only");
        int64_t min = 0;
        rules_param_i64(rule("SZ-APP-CREDITOR-MIN"), "min_exclusive_fen", &min);
        if (op->a.claims_due_total_fen <= min) {
            char have[32], need[32];
            money_format(op->a.claims_due_total_fen, have);
            money_format(min, need);
            return refuse(op, PROBLEM_RULE, "SZ-APP-CREDITOR-MIN", "claims",
                          "due claims total RMB %s; a petition needs more than RMB %s", have,
                          need);
        }
    }
    if (strcmp(procedure, "reorganization") == 0) {
        int64_t income = 0;
        if (!jf_money(json_object_get(op->in, "expected_income"), "monthly_amount", &income) ||
            income <= 0)
            return refuse(op, PROBLEM_RULE, "SZ-ELIG-REORG", "expected_income",
                          "reorganization needs a predictable future income: state "
                          "expected_income with a monthly amount above zero");
    }
    return DB_OK;
}

/* SZ-ELIG-RESIDENCE: refused when the record says the debtor is not eligible, flagged for
 * the court when the record does not say. */
static enum db_status check_residence(struct app_op *op, const struct db_debtor_facts *d)
{
    int64_t years = 0; /* from the catalogue; checked at start-up (api_check_catalogue) */
    rules_param_i64(rule("SZ-ELIG-RESIDENCE"), "min_social_insurance_years", &years);
    if (d->sez_resident == 0)
        return refuse(op, PROBLEM_RULE, "SZ-ELIG-RESIDENCE", "debtor_id",
                      "the debtor does not live in the Shenzhen SEZ");
    if (d->social_insurance_years >= 0 && d->social_insurance_years < years)
        return refuse(op, PROBLEM_RULE, "SZ-ELIG-RESIDENCE", "debtor_id",
                      "the debtor has %d consecutive years of Shenzhen social insurance; %lld "
                      "are required",
                      d->social_insurance_years, (long long)years);
    if (d->sez_resident < 0 || d->social_insurance_years < 0)
        flag(op, "SZ-ELIG-RESIDENCE",
             "the debtor's residence or social insurance years are not recorded");
    return DB_OK;
}

/* SZ-APP-SPOUSE: the joint debtor must be the debtor's spouse on record. */
static enum db_status check_joint(struct app_op *op, struct db_tx *tx,
                                  const struct db_debtor_facts *d)
{
    const char *joint = op->a.joint_debtor_id;
    if (joint == NULL)
        return DB_OK;
    struct db_debtor_facts j;
    enum db_status st = db_filing_facts(tx, joint, op->who.role, op->who.subject, &j);
    if (st == DB_NOT_FOUND)
        return refuse(op, PROBLEM_UNPROCESSABLE, NULL, "joint_debtor_id", "no such debtor");
    if (st != DB_OK)
        return st;
    if (j.open_case[0]) /* one open case per person, as debtor or as joint debtor */
        return refuse(op, PROBLEM_CONFLICT, NULL, "joint_debtor_id",
                      "the joint debtor's case %s is open", j.open_case);
    /* each record must name the other as spouse: one person cannot declare a marriage */
    bool spouses = strcmp(j.id, d->id) != 0 && strcmp(d->spouse_id_number, j.id_number) == 0 &&
                   strcmp(j.spouse_id_number, d->id_number) == 0;
    if (!spouses)
        return refuse(op, PROBLEM_RULE, "SZ-APP-SPOUSE", "joint_debtor_id",
                      "a joint application is made with the debtor's spouse: each record must "
                      "name the other as spouse");
    return DB_OK;
}

/* SZ-APP-WITHDRAW: within the bar after a withdrawal, a justification is required and the
 * court is shown it. */
static enum db_status check_reapplication(struct app_op *op, const struct db_debtor_facts *d)
{
    const char *last = d->last_withdrawal;
    date_t withdrawn;
    if (!date_parse(last, &withdrawn))
        return DB_OK;
    int64_t years = 0; /* from the catalogue; checked at start-up (api_check_catalogue) */
    rules_param_i64(rule("SZ-APP-WITHDRAW"), "reapply_bar_years", &years);
    if (op->received_on >= date_add_years(withdrawn, (int)years))
        return DB_OK;
    if (op->a.justification == NULL)
        return refuse(op, PROBLEM_RULE, "SZ-APP-WITHDRAW", "justification",
                      "you withdrew an application against this debtor on %s; within %lld "
                      "year(s) a new one needs a justification",
                      last, (long long)years);
    char msg[160];
    snprintf(msg, sizeof msg, "filed again within %lld year(s) of the withdrawal on %s; "
             "the court decides on the justification", (long long)years, last);
    flag(op, "SZ-APP-WITHDRAW", msg);
    return DB_OK;
}

/* The kinds SZ-APP-MATERIALS asks of this applicant. */
static json_t *required_materials(enum role role, bool individual_business)
{
    const struct rule *m = rule("SZ-APP-MATERIALS");
    json_t *req = json_deep_copy(rules_param(m, role == ROLE_CREDITOR ? "creditor" : "debtor"));
    if (req == NULL)
        req = json_array();
    if (role == ROLE_DEBTOR && individual_business)
        json_array_extend(req, (json_t *)rules_param(m, "individual_business"));
    return req;
}

static enum db_status file_tx(struct db_tx *tx, void *arg)
{
    struct app_op *op = arg;
    json_decref(op->out);
    op->out = NULL;
    json_array_clear(op->flags);
    struct db_debtor_facts d;
    enum db_status st = db_filing_facts(tx, op->a.debtor_id, op->who.role, op->who.subject, &d);
    if (st == DB_NOT_FOUND || (st == DB_OK && op->role == ROLE_DEBTOR &&
                               strcmp(d.subject, op->who.subject) != 0))
        return refuse(op, PROBLEM_UNPROCESSABLE, NULL, "debtor_id", "no such debtor");
    if (st != DB_OK)
        return st;
    if (d.open_case[0])
        return refuse(op, PROBLEM_CONFLICT, NULL, "debtor_id",
                      "the debtor's case %s is open", d.open_case);
    if ((st = check_residence(op, &d)) != DB_OK || (st = check_joint(op, tx, &d)) != DB_OK)
        return st;
    if ((st = check_reapplication(op, &d)) != DB_OK)
        return st;
    json_decref(op->required);
    op->required = required_materials(op->role, d.individual_business);
    op->a.materials_required = op->required;
    op->a.flags = op->flags;
    op->a.audit_detail = op->in;
    /* the court's decision period runs from receipt (SZ-APP-DECIDE) */
    json_t *opens, *meets;
    st = caselife_act_deadlines(&op->cal, NULL, caselife_act_kind("filed"), op->received_on, NULL,
                                op->role == ROLE_CREDITOR, &opens, &meets);
    op->a.opens = opens;
    op->a.meets = meets;
    if (st == DB_OK) /* the application, its audit row and the act "filed": one call */
        st = db_application_file(tx, &op->who, &op->a, &op->out);
    json_decref(opens);
    json_decref(meets);
    op->a.opens = op->a.meets = NULL;
    if (st == DB_CONFLICT)
        return refuse(op, PROBLEM_CONFLICT, NULL, "debtor_id",
                      "you already have a pending application against this debtor");
    return st;
}

enum MHD_Result api_applications_file(struct http_request *r)
{
    struct app_op op = {.role = r->who.role, .flags = json_array()};
    rules_calendar_init(&op.cal);
    api_actor(r, &op.who);
    enum http_step step = read_body(r, &op, file_fields);
    if (step != HTTP_GO_ON) {
        json_decref(op.flags);
        return http_step_done(step);
    }
    json_t *errors = json_array();
    check_filing_shape(r, op.in, errors);
    if (json_array_size(errors) > 0) {
        op_free(&op);
        return http_problem_fields(r, PROBLEM_VALIDATION, "some fields are invalid", errors);
    }
    json_decref(errors);
    op.received_on = clock_today(); /* received when filed: the applicant cannot date it */
    char received[11];
    date_format(op.received_on, received);
    const json_t *income = json_object_get(op.in, "expected_income");
    op.a = (struct db_application_new){
        .debtor_id = jf_str(op.in, "debtor_id"),
        .joint_debtor_id = jf_str(op.in, "joint_debtor_id"),
        .procedure = jf_str(op.in, "procedure"),
        .received_on = received,
        .statement = jf_str(op.in, "statement"),
        .expected_income_fen = -1,
        .expected_income_source = jf_str(income, "source"),
        .co_applicants = json_object_get(op.in, "co_applicants"),
        .materials = json_object_get(op.in, "materials"),
        .justification = jf_str(op.in, "justification"),
    };
    jf_money(income, "monthly_amount", &op.a.expected_income_fen);
    op.a.claims_due_total_fen = normalise_claims(&op);
    op.a.claims = op.claims;
    enum db_status st = check_filing_rules(&op);
    if (st == DB_OK)
        st = api_calendar_load(&op.cal);
    if (st == DB_OK)
        st = db_transact(file_tx, &op);
    return finish(r, &op, st, 201);
}

/* ---- reading --------------------------------------------------------------------- */

static enum db_status get_tx(struct db_tx *tx, void *arg)
{
    struct app_op *op = arg;
    json_decref(op->out);
    op->out = NULL;
    return db_application_get(tx, &op->who, op->id, &op->out);
}

struct text_op {
    struct db_actor who;
    const char *id;
    char *text;
};

static enum db_status get_text_tx(struct db_tx *tx, void *arg)
{
    struct text_op *op = arg;
    free(op->text);
    op->text = NULL;
    return db_application_get_text(tx, &op->who, op->id, &op->text);
}

/* The hottest read: PostgreSQL's JSON is passed through as it is. */
enum MHD_Result api_applications_get(struct http_request *r)
{
    struct text_op op = {0};
    api_actor(r, &op.who);
    enum http_step step = api_path_uuid(r, 0, &op.id);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    enum db_status st = db_read(get_text_tx, &op);
    enum MHD_Result ret = st == DB_OK
                              ? http_reply_raw(r, 200, "application/json", op.text, strlen(op.text), NULL)
                              : api_db_failure(r, st, "application");
    free(op.text);
    return ret;
}

struct list_op {
    struct db_actor who;
    struct db_application_filter f;
    json_t *items;
};

static enum db_status list_tx(struct db_tx *tx, void *arg)
{
    struct list_op *op = arg;
    json_decref(op->items);
    op->items = NULL;
    return db_application_list(tx, &op->who, &op->f, &op->items);
}

/* Query parameters are checked like body fields, through the same field table. */
static enum http_step read_filter(struct http_request *r, struct db_application_filter *f)
{
    static const struct jf_field filter_fields[] = {
        {"status", JF_ENUM, false, false, 0, 0, statuses},
        {"procedure", JF_ENUM, false, false, 0, 0, procedures},
        {"debtor_id", JF_UUID, false, false, 0, 0},
        {"received_from", JF_DATE, false, false, 0, 0},
        {"received_to", JF_DATE, false, false, 0, 0},
        {NULL},
    };
    static const char *const allowed[] = {"status",      "procedure", "debtor_id", "received_from",
                                          "received_to", "limit",     "cursor",    NULL};
    enum http_step step = http_query_allowed(r, allowed);
    if (step == HTTP_GO_ON)
        step = http_page(r, 50, &f->limit, &f->after_seq);
    if (step != HTTP_GO_ON)
        return step;
    json_t *q = json_object();
    for (const struct jf_field *fl = filter_fields; fl->name; fl++) {
        const char *v = http_query(r, fl->name);
        if (v != NULL)
            json_object_set_new(q, fl->name, json_string(v));
    }
    json_t *errors = json_array();
    jf_validate(q, filter_fields, errors);
    json_decref(q);
    if (json_array_size(errors) > 0)
        return http_replied(http_problem_fields(r, PROBLEM_VALIDATION, "bad query", errors));
    json_decref(errors);
    f->status = http_query(r, "status");
    f->procedure = http_query(r, "procedure");
    f->debtor_id = http_query(r, "debtor_id");
    f->received_from = http_query(r, "received_from");
    f->received_to = http_query(r, "received_to");
    return HTTP_GO_ON;
}

enum MHD_Result api_applications_list(struct http_request *r)
{
    struct list_op op = {0};
    api_actor(r, &op.who);
    enum http_step step = read_filter(r, &op.f);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    enum db_status st = db_read(list_tx, &op);
    if (st != DB_OK)
        return api_db_failure(r, st, "application");
    return http_reply_json(r, 200, api_page(op.items, op.f.limit));
}

/* ---- the applicant's acts before the decision ----------------------------------- */

/* Locks the application; refuses unless the actor is its applicant. */
static enum db_status lock_as_applicant(struct app_op *op, struct db_tx *tx,
                                        struct db_application_state *s)
{
    enum db_status st = db_application_lock(tx, &op->who, op->id, s);
    if (st != DB_OK)
        return st;
    if (strcmp(s->applicant_role, op->who.role) != 0 ||
        strcmp(s->applicant_subject, op->who.subject) != 0)
        return refuse(op, PROBLEM_FORBIDDEN, NULL, NULL, "only the applicant may do this");
    return DB_OK;
}

/* New materials replace earlier ones of the same kind. */
static json_t *merge_materials(const json_t *old, const json_t *add)
{
    json_t *merged = json_array();
    size_t i;
    json_t *m;
    json_array_foreach(old, i, m)
    {
        const char *kind = jf_str(m, "kind");
        bool replaced = false;
        size_t j;
        json_t *n;
        json_array_foreach(add, j, n) if (kind && strcmp(kind, jf_str(n, "kind")) == 0)
            replaced = true;
        if (!replaced)
            json_array_append(merged, m);
    }
    json_array_extend(merged, (json_t *)add);
    return merged;
}

static enum db_status materials_tx(struct db_tx *tx, void *arg)
{
    struct app_op *op = arg;
    struct db_application_state s = {0};
    enum db_status st = lock_as_applicant(op, tx, &s);
    if (st == DB_OK && strcmp(s.status, "pending") != 0)
        st = refuse(op, PROBLEM_CONFLICT, NULL, NULL,
                    "the application is %s; materials are added while it is pending", s.status);
    json_t *merged = st == DB_OK ? merge_materials(s.materials, json_object_get(op->in, "materials"))
                                 : NULL;
    json_decref(s.materials);
    if (st == DB_OK)
        st = db_application_set_materials(tx, op->id, merged);
    json_decref(merged);
    if (st == DB_OK)
        st = db_audit(tx, &op->who, "application.materials", "application", op->id, op->id,
                      op->in);
    return st == DB_OK ? get_tx(tx, op) : st;
}

enum MHD_Result api_applications_materials(struct http_request *r)
{
    struct app_op op = {.role = r->who.role};
    api_actor(r, &op.who);
    enum http_step step = api_path_uuid(r, 0, &op.id);
    if (step == HTTP_GO_ON)
        step = read_body(r, &op, materials_body);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    json_t *errors = json_array();
    check_material_kinds(json_object_get(op.in, "materials"), errors);
    if (json_array_size(errors) > 0) {
        op_free(&op);
        return http_problem_fields(r, PROBLEM_VALIDATION, "some fields are invalid", errors);
    }
    json_decref(errors);
    return finish(r, &op, db_transact(materials_tx, &op), 200);
}

static enum db_status withdraw_tx(struct db_tx *tx, void *arg)
{
    struct app_op *op = arg;
    struct db_application_state s = {0};
    enum db_status st = lock_as_applicant(op, tx, &s);
    json_decref(s.materials);
    if (st != DB_OK)
        return st;
    if (strcmp(s.status, "accepted") == 0)
        return refuse(op, PROBLEM_RULE, "SZ-APP-WITHDRAW", NULL,
                      "an application can be withdrawn only before it is accepted");
    if (strcmp(s.status, "pending") != 0)
        return refuse(op, PROBLEM_CONFLICT, NULL, NULL, "the application is already %s",
                      s.status);
    char today[11];
    date_format(clock_today(), today);
    st = db_application_withdraw(tx, op->id, today, jf_str(op->in, "reason"));
    if (st == DB_OK)
        st = db_deadlines_close(tx, op->id, "the application was withdrawn");
    if (st == DB_OK)
        st = db_audit(tx, &op->who, "application.withdraw", "application", op->id, op->id,
                      op->in);
    return st == DB_OK ? get_tx(tx, op) : st;
}

enum MHD_Result api_applications_withdraw(struct http_request *r)
{
    struct app_op op = {.role = r->who.role};
    api_actor(r, &op.who);
    enum http_step step = api_path_uuid(r, 0, &op.id);
    if (step == HTTP_GO_ON)
        step = read_body(r, &op, withdraw_fields);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    return finish(r, &op, db_transact(withdraw_tx, &op), 200);
}

/* ---- the court's decision -------------------------------------------------------- */


/* Grounds must be listed by SZ-APP-REJECT-GROUNDS, and at least one is needed to refuse. */
static enum db_status check_grounds(struct app_op *op)
{
    const json_t *grounds = json_object_get(op->in, "grounds");
    const json_t *known = rules_param(rule("SZ-APP-REJECT-GROUNDS"), "grounds");
    if (json_array_size(grounds) == 0)
        return refuse(op, PROBLEM_RULE, "SZ-APP-REJECT-GROUNDS", "grounds",
                      "not accepting or rejecting an application needs at least one ground");
    size_t i;
    json_t *g;
    json_array_foreach(grounds, i, g) if (!jf_listed(known, json_string_value(g))) return refuse(
        op, PROBLEM_RULE, "SZ-APP-REJECT-GROUNDS", "grounds",
        "\"%s\" is not a ground the law names", json_string_value(g));
    return DB_OK;
}

/* What the law asks before acceptance: complete materials, the debtor's own reorganization
 * first, and one open case per person (as debtor or as joint debtor; both are locked). */
static enum db_status accept_checks(struct app_op *op, const struct db_accept_facts *f)
{
    size_t n = json_array_size(f->missing);
    if (n > 0) {
        char *list = json_dumps(f->missing, JSON_COMPACT);
        enum db_status st = refuse(op, PROBLEM_RULE, "SZ-APP-MATERIALS", NULL,
                                   "the applicant's materials are incomplete; missing: %s", list);
        free(list);
        return st;
    }
    if (f->reorg_pending)
        return refuse(op, PROBLEM_RULE, "SZ-APP-PRIORITY-REORG", NULL,
                      "the debtor has asked for reorganization; decide that application "
                      "first, which takes priority over a creditor's liquidation petition");
    if (f->open_case[0])
        return refuse(op, PROBLEM_CONFLICT, NULL, NULL,
                      "the debtor or the joint debtor already has an open case");
    return DB_OK;
}

/* Acceptance in two round trips: the facts to check, then one call that writes the case
 * number, the supersessions, the act "accepted" with its deadlines, the restrictions on
 * both spouses with their feed changes, and the audit rows (sql/500_accept_application.sql).
 * What the law computes (periods from the calendar, the restrictions from the catalogue) is
 * computed here and passed in. */
static enum db_status accept_application(struct app_op *op, struct db_tx *tx,
                                         const struct db_application_state *s,
                                         const struct decision *d)
{
    struct db_accept_facts f = {0};
    enum db_status st = db_application_accept_facts(tx, s->id, &f);
    if (st == DB_OK)
        st = accept_checks(op, &f);
    json_decref(f.missing);
    if (st != DB_OK)
        return st;
    date_t ruling;
    date_parse(d->ruling_date, &ruling);
    json_t *opens = NULL, *meets = NULL, *restrictions = NULL, *impose = NULL;
    st = caselife_act_deadlines(&op->cal, NULL, caselife_act_kind("accepted"), ruling, NULL,
                                strcmp(s->applicant_role, "creditor") == 0, &opens, &meets);
    if (st == DB_OK)
        st = caselife_restrictions_imposed(NULL, ruling, &restrictions, &impose);
    struct db_acceptance a = {.id = s->id,
                              .ruling_date = d->ruling_date,
                              .decision = d->record,
                              .opens = opens,
                              .meets = meets,
                              .restrictions = restrictions,
                              .impose_detail = impose};
    json_decref(op->out);
    op->out = NULL;
    if (st == DB_OK)
        st = db_application_accept(tx, &op->who, &a, &op->out);
    if (st == DB_CONFLICT)
        st = refuse(op, PROBLEM_CONFLICT, NULL, NULL, "the debtor already has an open case");
    json_decref(opens);
    json_decref(meets);
    json_decref(restrictions);
    json_decref(impose);
    return st;
}

static enum db_status decide_tx(struct db_tx *tx, void *arg)
{
    struct app_op *op = arg;
    struct decision *d = op->decision;
    struct db_application_state s = {0};
    enum db_status st = db_application_lock(tx, &op->who, op->id, &s);
    json_decref(s.materials);
    if (st != DB_OK)
        return st;
    bool accepting = strcmp(d->outcome, "accept") == 0;
    bool rejecting = strcmp(d->outcome, "reject") == 0;
    const char *needed = rejecting ? "accepted" : "pending";
    if (strcmp(s.status, needed) != 0)
        return refuse(op, PROBLEM_CONFLICT, NULL, "outcome",
                      "the application is %s; %s applies to a %s application", s.status,
                      d->outcome, needed);
    if (strcmp(d->ruling_date, s.received_on) < 0)
        return refuse(op, PROBLEM_UNPROCESSABLE, NULL, "ruling_date",
                      "the ruling cannot precede the receipt of the application (%s)",
                      s.received_on);
    if (rejecting && strcmp(d->ruling_date, s.accepted_on) < 0)
        return refuse(op, PROBLEM_UNPROCESSABLE, NULL, "ruling_date",
                      "a rejection cannot precede the acceptance (%s)", s.accepted_on);
    if (!accepting && (st = check_grounds(op)) != DB_OK)
        return st;
    if (accepting) /* one call writes the acceptance, its audit rows and the reply */
        return accept_application(op, tx, &s, d);
    st = db_application_refuse(tx, s.id, rejecting ? "rejected" : "not_accepted", d->ruling_date,
                               d->record);
    date_t ruling;
    date_parse(d->ruling_date, &ruling);
    if (st == DB_OK && !rejecting)
        st = caselife_record_act(tx, &op->who, &op->cal, s.id, NULL, "not_accepted", ruling,
                                 d->record, strcmp(s.applicant_role, "creditor") == 0);
    if (st == DB_OK)
        st = db_deadlines_close(tx, s.id, rejecting ? "the case was rejected" : "the application was not accepted");
    if (st == DB_OK && rejecting) { /* a rejected case ends: its restrictions lapse with it */
        const char *rule_id = "SZ-APP-REJECT-GROUNDS";
        st = caselife_lift_restrictions(tx, &op->who, s.id, "rejected",
                                        "the application was rejected after acceptance", ruling, &rule_id);
        if (st == DB_NOT_FOUND)
            st = DB_OK;
    }
    if (st == DB_OK)
        st = db_audit(tx, &op->who, "application.decide", "application", s.id, s.id, d->record);
    return st == DB_OK ? get_tx(tx, op) : st;
}

enum MHD_Result api_applications_decide(struct http_request *r)
{
    struct app_op op = {.role = r->who.role};
    rules_calendar_init(&op.cal);
    api_actor(r, &op.who);
    enum http_step step = api_path_uuid(r, 0, &op.id);
    if (step == HTTP_GO_ON)
        step = read_body(r, &op, decide_fields);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    struct decision d = {.outcome = jf_str(op.in, "outcome")};
    date_t ruling;
    if (!jf_date(op.in, "ruling_date", &ruling))
        ruling = clock_today();
    if (ruling > clock_today()) {
        op_free(&op);
        return http_problem_fields(r, PROBLEM_VALIDATION, "some fields are invalid",
                                   json_pack("[{s:s, s:s}]", "field", "ruling_date", "message",
                                             "must not be in the future"));
    }
    date_format(ruling, d.ruling_date);
    d.record = json_pack("{s:s, s:s, s:s, s:O?, s:O?}", "outcome", d.outcome, "ruling_date",
                         d.ruling_date, "by", op.who.subject, "grounds",
                         json_object_get(op.in, "grounds"), "reason",
                         json_object_get(op.in, "reason"));
    op.decision = &d;
    enum db_status st = api_calendar_load(&op.cal);
    if (st == DB_OK)
        st = db_transact(decide_tx, &op);
    json_decref(d.record);
    return finish(r, &op, st, 200);
}
