/* applications.c: filing, reading, completing, withdrawing and deciding applications.
 * An accepted application is the case: it gets a case number and its id is the case id.
 * Every statutory value comes from the rule catalogue; every refusal names its rule. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "caselife.h"
#include "clock.h"
#include "money.h"
#include "rules.h"

static const char *const procedures[] = {"liquidation", "reorganization", "settlement", NULL};
static const char *const outcomes[] = {"accept", "not_accept", "reject", NULL};
static const char *const statuses[] = {
    "pending", "accepted", "not_accepted", "rejected", "withdrawn", "superseded", NULL};

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

/* The person a creditor petitions against: the service finds or makes the record. */
static const struct jf_field person_fields[] = {
    {"name", JF_STRING, true, false, 1, 100},
    {"id_number", JF_IDNUMBER, true, false, 0, 0},
    {NULL},
};

static const struct jf_field income_fields[] = {
    {"monthly_amount", JF_MONEY, true, false, 0, 0},
    {"source", JF_STRING, true, false, 1, 500},
    {NULL},
};

struct decision {
    const char *outcome;
    char ruling_date[11];
    json_t *record; /* what is stored as the decision */
};

/* The state of a filing or a decision, reached as c->arg: its inputs and what its
 * attempts share. */
struct app_op {
    /* filing */
    struct db_application_new a;
    const json_t *income; /* expected_income, as the body states it */
    const json_t *person; /* a creditor's debtor: {name, id_number} */
    char person_id[37];   /* the record it names (found or made in the transaction) */
    json_t *flags, *claims, *required;
    date_t received_on;
    char received[11];
    /* deciding */
    struct decision decision;
    date_t ruling, today;
    rules_calendar cal; /* loaded before the transaction: filing and deciding open deadlines */
};

/* A rule as the profile sees it (NULL: the default profile, for checks made before the
 * application is read: no profile overrides the kinds of material or the grounds). */
static const struct rule *rule(const char *profile, const char *id)
{
    return rules_find(rules_builtin(), profile, id);
}

static void flag(struct app_op *op, const char *rule_id, const char *message)
{
    json_array_append_new(op->flags, json_pack("{s:s, s:s}", "rule", rule_id, "message", message));
}

static void op_free(struct api_call *c)
{
    struct app_op *op = c->arg;
    rules_calendar_free(&op->cal);
    json_decref(op->flags);
    json_decref(op->claims);
    json_decref(op->required);
    json_decref(op->decision.record);
}

/* Filing and deciding open deadlines on the court calendar: it is read before the
 * transaction, on the same connection. */
static enum http_step load_calendar(struct api_call *c)
{
    struct app_op *op = c->arg;
    return api_step_for(c, api_calendar_load(&op->cal));
}

/* The application as the actor now sees it: the reply of its changes. */
static enum db_status reply_application(struct db_tx *tx, struct api_call *c)
{
    return db_application_get(tx, &c->who, c->r->params[0], &c->out);
}

/* ---- filing ---------------------------------------------------------------------- */

/* Materials must be kinds SZ-APP-MATERIALS names for some applicant. */
static void check_material_kinds(const json_t *materials, json_t *errors)
{
    const struct rule *m = rule(NULL, "SZ-APP-MATERIALS");
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
static void check_claim_creditors(const struct api_call *c, json_t *errors)
{
    const json_t *co = json_object_get(c->in, "co_applicants");
    size_t i;
    json_t *claim;
    json_array_foreach(json_object_get(c->in, "claims"), i, claim)
    {
        const char *who = jf_str(claim, "creditor");
        if (who == NULL || strcmp(who, c->who.subject) == 0 || jf_listed(co, who))
            continue;
        char field[64];
        snprintf(field, sizeof field, "claims[%zu].creditor", i);
        jf_error(errors, field, "must be the petitioner or one of the co_applicants");
    }
}

/* What a field table cannot say about a filing: which fields belong to which applicant. */
static void check_filing_shape(struct api_call *c, json_t *errors)
{
    const json_t *in = c->in;
    bool creditor = c->role == ROLE_CREDITOR;
    /* a creditor names the person, so that filing tells it nothing about who is registered */
    if (creditor && json_object_get(in, "debtor_id"))
        jf_error(errors, "debtor_id", "a creditor names the debtor by debtor: {name, id_number}");
    if (creditor && !json_object_get(in, "debtor"))
        jf_error(errors, "debtor", "is required");
    if (!creditor && json_object_get(in, "debtor"))
        jf_error(errors, "debtor", "a debtor files on its own record: give debtor_id");
    if (!creditor && !json_object_get(in, "debtor_id"))
        jf_error(errors, "debtor_id", "is required");
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
    check_claim_creditors(c, errors);
}

/* Claims become {amount_fen, due_date, creditor, ...}; returns the total already due. */
static int64_t normalise_claims(struct api_call *c, struct app_op *op)
{
    int64_t due_total = 0;
    op->claims = json_array();
    size_t i;
    json_t *claim;
    json_array_foreach(json_object_get(c->in, "claims"), i, claim)
    {
        int64_t fen = 0;
        date_t due;
        jf_money(claim, "amount", &fen);
        jf_date(claim, "due_date", &due);
        json_t *n = json_deep_copy(claim);
        json_object_del(n, "amount");
        json_object_set_new(n, "amount_fen", json_integer(fen));
        if (!json_object_get(n, "creditor"))
            json_object_set_new(n, "creditor", json_string(c->who.subject));
        json_array_append_new(op->claims, n);
        if (due <= op->received_on) /* claims not yet due do not count (SZ-APP-CREDITOR-MIN) */
            due_total += fen;
    }
    return due_total;
}

/* Rules decided on the body alone: creditor petition, reorganization income. */
static enum db_status check_filing_rules(struct api_call *c, const struct app_op *op)
{
    const char *procedure = jf_str(c->in, "procedure");
    if (c->role == ROLE_CREDITOR) {
        if (strcmp(procedure, "liquidation") != 0)
            return api_refuse(&c->no, PROBLEM_RULE, "SZ-APP-CREDITOR-MIN", "procedure",
                              "a creditor may petition for liquidation only");
        int64_t min = 0;
        rules_param_i64(rule(op->a.profile, "SZ-APP-CREDITOR-MIN"), "min_exclusive_fen", &min);
        if (op->a.claims_due_total_fen <= min) {
            char have[32], need[32];
            money_format(op->a.claims_due_total_fen, have);
            money_format(min, need);
            return api_refuse(&c->no, PROBLEM_RULE, "SZ-APP-CREDITOR-MIN", "claims",
                              "due claims total RMB %s; a petition needs more than RMB %s", have,
                              need);
        }
    }
    if (strcmp(procedure, "reorganization") == 0) {
        int64_t income = 0;
        if (!jf_money(json_object_get(c->in, "expected_income"), "monthly_amount", &income) ||
            income <= 0)
            return api_refuse(&c->no, PROBLEM_RULE, "SZ-ELIG-REORG", "expected_income",
                              "reorganization needs a predictable future income: state "
                              "expected_income with a monthly amount above zero");
    }
    return DB_OK;
}

/* SZ-ELIG-RESIDENCE: refused when the record says the debtor is not eligible, flagged for
 * the court when the record does not say. A creditor's petition is flagged alike whatever
 * the record says: a refusal or a missing flag would tell it the person is registered and
 * what the record holds; the court checks the record when it decides. */
static enum db_status check_residence(struct api_call *c, struct app_op *op,
                                      const struct db_debtor_facts *d)
{
    if (c->role == ROLE_CREDITOR) {
        flag(op, "SZ-ELIG-RESIDENCE",
             "a creditor's petition: the court checks the debtor's residence and social "
             "insurance years on the record");
        return DB_OK;
    }
    int64_t years = 0; /* from the catalogue; checked at start-up (api_check_catalogue) */
    rules_param_i64(rule(op->a.profile, "SZ-ELIG-RESIDENCE"), "min_social_insurance_years", &years);
    if (d->sez_resident == 0)
        return api_refuse(&c->no, PROBLEM_RULE, "SZ-ELIG-RESIDENCE", "debtor_id",
                          "the debtor does not live in the Shenzhen SEZ");
    if (d->social_insurance_years >= 0 && d->social_insurance_years < years)
        return api_refuse(&c->no, PROBLEM_RULE, "SZ-ELIG-RESIDENCE", "debtor_id",
                          "the debtor has %d consecutive years of Shenzhen social insurance; %lld "
                          "are required",
                          d->social_insurance_years, (long long)years);
    if (d->sez_resident < 0 || d->social_insurance_years < 0)
        flag(op, "SZ-ELIG-RESIDENCE",
             "the debtor's residence or social insurance years are not recorded");
    return DB_OK;
}

/* SZ-APP-SPOUSE: the joint debtor must be the debtor's spouse on record. */
static enum db_status check_joint(struct api_call *c, const struct app_op *op, struct db_tx *tx,
                                  const struct db_debtor_facts *d)
{
    const char *joint = op->a.joint_debtor_id;
    if (joint == NULL)
        return DB_OK;
    struct db_debtor_facts j;
    enum db_status st = db_filing_facts(tx, joint, c->who.role, c->who.subject, &j);
    if (st == DB_NOT_FOUND)
        return api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, "joint_debtor_id", "no such debtor");
    if (st != DB_OK)
        return st;
    if (j.open_case[0]) /* one open case per person, as debtor or as joint debtor */
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, "joint_debtor_id",
                          "the joint debtor's case %s is open", j.open_case);
    /* each record must name the other as spouse: one person cannot declare a marriage */
    bool spouses = strcmp(j.id, d->id) != 0 && strcmp(d->spouse_id_number, j.id_number) == 0 &&
                   strcmp(j.spouse_id_number, d->id_number) == 0;
    if (!spouses)
        return api_refuse(&c->no, PROBLEM_RULE, "SZ-APP-SPOUSE", "joint_debtor_id",
                          "a joint application is made with the debtor's spouse: each record must "
                          "name the other as spouse");
    return DB_OK;
}

/* SZ-APP-WITHDRAW: within the bar after a withdrawal, a justification is required and the
 * court is shown it. */
static enum db_status check_reapplication(struct api_call *c, struct app_op *op,
                                          const struct db_debtor_facts *d)
{
    const char *last = d->last_withdrawal;
    date_t withdrawn;
    if (!date_parse(last, &withdrawn))
        return DB_OK;
    int64_t years = 0; /* from the catalogue; checked at start-up (api_check_catalogue) */
    rules_param_i64(rule(op->a.profile, "SZ-APP-WITHDRAW"), "reapply_bar_years", &years);
    if (op->received_on >= date_add_years(withdrawn, (int)years))
        return DB_OK;
    if (op->a.justification == NULL)
        return api_refuse(&c->no, PROBLEM_RULE, "SZ-APP-WITHDRAW", "justification",
                          "you withdrew an application against this debtor on %s; within %lld "
                          "year(s) a new one needs a justification",
                          last, (long long)years);
    char msg[160];
    snprintf(msg, sizeof msg,
             "filed again within %lld year(s) of the withdrawal on %s; "
             "the court decides on the justification",
             (long long)years, last);
    flag(op, "SZ-APP-WITHDRAW", msg);
    return DB_OK;
}

/* The kinds SZ-APP-MATERIALS asks of this applicant. */
static json_t *required_materials(const char *profile, enum role role, bool individual_business)
{
    const struct rule *m = rule(profile, "SZ-APP-MATERIALS");
    json_t *req = json_deep_copy(rules_param(m, role == ROLE_CREDITOR ? "creditor" : "debtor"));
    if (req == NULL)
        req = json_array();
    if (role == ROLE_DEBTOR && individual_business)
        json_array_extend(req, (json_t *)rules_param(m, "individual_business"));
    return req;
}

/* The record a creditor's petition names: the one with the number, or a new one (audited as
 * the creditor's debtor.create); the answer is the same either way. Its filing facts come
 * with it, the record locked. */
static enum db_status find_person(struct db_tx *tx, struct api_call *c, struct app_op *op,
                                  struct db_debtor_facts *d)
{
    bool created = false;
    enum db_status st = db_debtor_for_petition(tx, &c->who, jf_str(op->person, "name"),
                                               jf_str(op->person, "id_number"), &created, d);
    snprintf(op->person_id, sizeof op->person_id, "%s", st == DB_OK ? d->id : "");
    op->a.debtor_id = op->person_id;
    if (st == DB_OK && created)
        st = db_audit(tx, &c->who, "debtor.create", "debtor", op->person_id, NULL, op->person);
    return st;
}

static enum db_status file_tx(struct db_tx *tx, struct api_call *c)
{
    struct app_op *op = c->arg;
    json_array_clear(op->flags);
    snprintf(c->no.profile, sizeof c->no.profile, "%s", op->a.profile);
    enum db_status st = check_filing_rules(c, op);
    if (st != DB_OK)
        return st;
    struct db_debtor_facts d;
    st = op->person != NULL ? find_person(tx, c, op, &d)
                            : db_filing_facts(tx, op->a.debtor_id, c->who.role, c->who.subject, &d);
    if (st == DB_NOT_FOUND ||
        (st == DB_OK && c->role == ROLE_DEBTOR && strcmp(d.subject, c->who.subject) != 0))
        return api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, "debtor_id", "no such debtor");
    if (st != DB_OK)
        return st;
    if (d.open_case[0])
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, op->person ? "debtor" : "debtor_id",
                          "the debtor's case %s is open", d.open_case);
    if ((st = check_residence(c, op, &d)) != DB_OK || (st = check_joint(c, op, tx, &d)) != DB_OK)
        return st;
    if ((st = check_reapplication(c, op, &d)) != DB_OK)
        return st;
    json_decref(op->required);
    op->required = required_materials(op->a.profile, c->role, d.individual_business);
    op->a.materials_required = op->required;
    op->a.flags = op->flags;
    op->a.audit_detail = c->in;
    /* the court's decision period runs from receipt (SZ-APP-DECIDE) */
    json_t *opens, *meets;
    st = caselife_act_deadlines(&op->cal, op->a.profile, caselife_act_kind("filed"),
                                op->received_on, NULL, c->role == ROLE_CREDITOR, &opens, &meets);
    op->a.opens = opens;
    op->a.meets = meets;
    if (st == DB_OK) /* the application, its audit row and the act "filed": one call */
        st = db_application_file(tx, &c->who, &op->a, &c->out);
    json_decref(opens);
    json_decref(meets);
    op->a.opens = op->a.meets = NULL;
    if (st == DB_CONFLICT)
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, op->person ? "debtor" : "debtor_id",
                          "you already have a pending application against this debtor");
    return st;
}

/* Received when filed: the applicant cannot date it. What the filing stores is taken from
 * the body once; the rules are checked in the transaction. */
static enum http_step prepare_filing(struct api_call *c)
{
    struct app_op *op = c->arg;
    /* the law of the court this instance serves (RULE_PROFILE, checked at start-up), never
     * the applicant's choice */
    op->a.profile = http_settings()->rule_profile ? http_settings()->rule_profile
                                                  : rules_default_profile(rules_builtin());
    op->received_on = clock_today();
    date_format(op->received_on, op->received);
    op->a.received_on = op->received;
    op->a.expected_income_source = jf_str(op->income, "source");
    jf_money(op->income, "monthly_amount", &op->a.expected_income_fen);
    op->a.claims_due_total_fen = normalise_claims(c, op);
    op->a.claims = op->claims;
    return load_calendar(c);
}

enum MHD_Result api_applications_file(struct http_request *r)
{
    struct app_op op = {.a.expected_income_fen = -1, .flags = json_array()};
    rules_calendar_init(&op.cal);
    const struct jf_field body[] = {
        {.name = "debtor_id", .type = JF_UUID, .dst = &op.a.debtor_id},
        {.name = "debtor", .type = JF_OBJECT, .fields = person_fields, .dst = &op.person},
        {.name = "procedure",
         .type = JF_ENUM,
         .required = true,
         .enum_values = procedures,
         .dst = &op.a.procedure},
        {.name = "joint_debtor_id",
         .type = JF_UUID,
         .nullable = true,
         .dst = &op.a.joint_debtor_id},
        {.name = "statement",
         .type = JF_STRING,
         .nullable = true,
         .min = 1,
         .max = 5000,
         .dst = &op.a.statement},
        {.name = "expected_income",
         .type = JF_OBJECT,
         .nullable = true,
         .fields = income_fields,
         .dst = &op.income},
        {.name = "claims",
         .type = JF_ARRAY,
         .max = 500,
         .fields = claim_fields,
         .item_type = JF_OBJECT},
        {.name = "co_applicants",
         .type = JF_ARRAY,
         .max = 50,
         .item_type = JF_STRING,
         .dst = &op.a.co_applicants},
        {.name = "materials",
         .type = JF_ARRAY,
         .max = 50,
         .fields = material_fields,
         .item_type = JF_OBJECT,
         .dst = &op.a.materials},
        {.name = "justification",
         .type = JF_STRING,
         .nullable = true,
         .min = 1,
         .max = 5000,
         .dst = &op.a.justification},
        {NULL},
    };
    const struct api_handler h = {.name = "applications_file",
                                  .write = true,
                                  .body = body,
                                  .check = check_filing_shape,
                                  .before = prepare_filing,
                                  .tx = file_tx,
                                  .ok = 201,
                                  .what = "application",
                                  .cleanup = op_free};
    return api_run(r, &h, &op);
}

/* ---- reading --------------------------------------------------------------------- */

static enum db_status get_text_tx(struct db_tx *tx, struct api_call *c)
{
    return db_application_get_text(tx, &c->who, c->r->params[0], &c->out_text);
}

/* What a read of one application shares with its memory (appcache.c). */
struct app_recall {
    struct db_topic_stamp stamp; /* of "application:<id>", before the transaction */
    bool stamped;                /* the stamp can be trusted: the reply may be kept */
};

/* The doc from memory when this caller read it and nothing changed since; else the stamp
 * the database's answer will be kept under. */
static enum http_step recall(struct api_call *c)
{
    struct app_recall *m = c->arg;
    if (!api_appcache_usable())
        return HTTP_GO_ON;
    char topic[64];
    snprintf(topic, sizeof topic, "application:%s", c->r->params[0]);
    m->stamped = db_topic_stamp(topic, &m->stamp);
    char etag[HTTP_ETAG_MAX];
    if (m->stamped &&
        (c->reply_text = api_appcache_lookup(c->r->params[0], &c->who, &m->stamp, etag)) != NULL) {
        c->r->etag = strdup(etag);
        c->from_memory = c->r->etag != NULL;
    }
    return HTTP_GO_ON;
}

static void remember(struct api_call *c)
{
    const struct app_recall *m = c->arg;
    if (!m->stamped || c->status != 200 || c->r->etag != NULL)
        return;
    char etag[HTTP_ETAG_MAX];
    http_etag_of(c->reply_text, strlen(c->reply_text), etag);
    c->r->etag = strdup(etag); /* the runner sends this one */
    api_appcache_store(c->r->params[0], &c->who, &m->stamp, c->reply_text, etag);
}

/* The hottest read: PostgreSQL's JSON is passed through as it is, and kept in memory. */
enum MHD_Result api_applications_get(struct http_request *r)
{
    struct app_recall m = {0};
    const struct api_handler h = {.name = "applications_get",
                                  .replica = true,
                                  .before = recall,
                                  .tx = get_text_tx,
                                  .remember = remember,
                                  .what = "application"};
    return api_run(r, &h, &m);
}

static enum db_status list_tx(struct db_tx *tx, struct api_call *c)
{
    struct db_application_filter f = *(const struct db_application_filter *)c->arg;
    /* the dates as the query table validated them, in the text the statement reads */
    f.received_from = jf_str(c->r->query, "received_from");
    f.received_to = jf_str(c->r->query, "received_to");
    f.after_seq = c->cursor;
    f.limit = c->limit;
    json_t *items = NULL;
    enum db_status st = db_application_list(tx, &c->who, &f, &items);
    if (st == DB_OK)
        c->out = api_page(items, c->limit);
    return st;
}

enum MHD_Result api_applications_list(struct http_request *r)
{
    struct db_application_filter f = {0};
    const struct jf_field query[] = {
        {.name = "status", .type = JF_ENUM, .enum_values = statuses, .dst = &f.status},
        {.name = "procedure", .type = JF_ENUM, .enum_values = procedures, .dst = &f.procedure},
        {.name = "debtor_id", .type = JF_UUID, .dst = &f.debtor_id},
        {.name = "received_from", .type = JF_DATE},
        {.name = "received_to", .type = JF_DATE},
        {NULL},
    };
    const struct api_handler h = {.name = "applications_list",
                                  .query = query,
                                  .page = 50,
                                  .tx = list_tx,
                                  .what = "application"};
    return api_run(r, &h, &f);
}

/* ---- the applicant's acts before the decision ----------------------------------- */

/* Locks the application; refuses unless the actor is its applicant (src/auth/policy.c). */
static enum db_status lock_as_applicant(struct api_call *c, struct db_tx *tx,
                                        struct db_application_state *s)
{
    enum db_status st = db_application_lock(tx, &c->who, c->r->params[0], s);
    if (st != DB_OK)
        return st;
    snprintf(c->no.profile, sizeof c->no.profile, "%s", s->profile); /* refusals cite its law */
    if (!policy_is_applicant(&c->r->who, s->applicant_role, s->applicant_subject))
        return api_refuse(&c->no, PROBLEM_FORBIDDEN, NULL, NULL, "only the applicant may do this");
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
        json_array_foreach(add, j, n) if (kind && strcmp(kind, jf_str(n, "kind")) == 0) replaced =
            true;
        if (!replaced)
            json_array_append(merged, m);
    }
    json_array_extend(merged, (json_t *)add);
    return merged;
}

struct materials_in {
    const json_t *materials;
};

static void check_materials(struct api_call *c, json_t *errors)
{
    const struct materials_in *in = c->arg;
    check_material_kinds(in->materials, errors);
}

static enum db_status materials_tx(struct db_tx *tx, struct api_call *c)
{
    const struct materials_in *in = c->arg;
    const char *id = c->r->params[0];
    struct db_application_state s = {0};
    enum db_status st = lock_as_applicant(c, tx, &s);
    if (st == DB_OK && strcmp(s.status, "pending") != 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL,
                        "the application is %s; materials are added while it is pending", s.status);
    json_t *merged = st == DB_OK ? merge_materials(s.materials, in->materials) : NULL;
    json_decref(s.materials);
    if (st == DB_OK)
        st = db_application_set_materials(tx, id, merged);
    json_decref(merged);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "application.materials", "application", id, id, c->in);
    return st == DB_OK ? reply_application(tx, c) : st;
}

enum MHD_Result api_applications_materials(struct http_request *r)
{
    struct materials_in in = {0};
    const struct jf_field body[] = {
        {.name = "materials",
         .type = JF_ARRAY,
         .required = true,
         .min = 1,
         .max = 50,
         .fields = material_fields,
         .item_type = JF_OBJECT,
         .dst = &in.materials},
        {NULL},
    };
    const struct api_handler h = {.name = "applications_materials",
                                  .write = true,
                                  .body = body,
                                  .check = check_materials,
                                  .tx = materials_tx,
                                  .what = "application"};
    return api_run(r, &h, &in);
}

struct withdraw_in {
    const char *reason;
};

static enum db_status withdraw_tx(struct db_tx *tx, struct api_call *c)
{
    const struct withdraw_in *in = c->arg;
    const char *id = c->r->params[0];
    struct db_application_state s = {0};
    enum db_status st = lock_as_applicant(c, tx, &s);
    json_decref(s.materials);
    if (st != DB_OK)
        return st;
    if (strcmp(s.status, "accepted") == 0)
        return api_refuse(&c->no, PROBLEM_RULE, "SZ-APP-WITHDRAW", NULL,
                          "an application can be withdrawn only before it is accepted");
    if (strcmp(s.status, "pending") != 0)
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL, "the application is already %s",
                          s.status);
    char today[11];
    date_format(clock_today(), today);
    st = db_application_withdraw(tx, id, today, in->reason);
    if (st == DB_OK)
        st = db_deadlines_close(tx, id, "the application was withdrawn");
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "application.withdraw", "application", id, id, c->in);
    return st == DB_OK ? reply_application(tx, c) : st;
}

enum MHD_Result api_applications_withdraw(struct http_request *r)
{
    struct withdraw_in in = {0};
    const struct jf_field body[] = {
        {.name = "reason",
         .type = JF_STRING,
         .nullable = true,
         .min = 1,
         .max = 2000,
         .dst = &in.reason},
        {NULL},
    };
    const struct api_handler h = {.name = "applications_withdraw",
                                  .write = true,
                                  .body = body,
                                  .tx = withdraw_tx,
                                  .what = "application"};
    return api_run(r, &h, &in);
}

/* ---- a co-applicant joins or declines ------------------------------------------ */

static const char *const co_decisions[] = {"joined", "declined", NULL};

struct co_decision_in {
    const char *decision;
    const char *statement;
};

static enum db_status co_decide_tx(struct db_tx *tx, struct api_call *c)
{
    const struct co_decision_in *in = c->arg;
    const char *id = c->r->params[0];
    struct db_application_state s = {0};
    enum db_status st = db_application_lock(tx, &c->who, id, &s);
    json_decref(s.materials);
    if (st == DB_OK && !s.visible)
        st = DB_NOT_FOUND;
    if (st != DB_OK)
        return st;
    if (strcmp(s.status, "pending") != 0)
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL,
                          "the application is %s: co-applicants decide while it is pending",
                          s.status);
    char today[11];
    date_format(clock_today(), today);
    struct db_co_applicant_decision d = {.subject = c->who.subject,
                                         .decision = in->decision,
                                         .on = today,
                                         .statement = in->statement};
    st = db_application_co_applicant_decide(tx, id, &d);
    if (st == DB_OK && !d.listed)
        return api_refuse(&c->no, PROBLEM_FORBIDDEN, NULL, NULL,
                          "only a creditor the petition names as a co-applicant decides here");
    if (st == DB_OK && d.decided_before)
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, "decision",
                          "this co-applicant has already decided");
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "application.co_applicant_decide", "application", id, id, c->in);
    return st == DB_OK ? reply_application(tx, c) : st;
}

enum MHD_Result api_applications_co_applicant_decide(struct http_request *r)
{
    struct co_decision_in in = {0};
    const struct jf_field body[] = {
        {.name = "decision",
         .type = JF_ENUM,
         .required = true,
         .enum_values = co_decisions,
         .dst = &in.decision},
        {.name = "statement",
         .type = JF_STRING,
         .nullable = true,
         .min = 1,
         .max = 2000,
         .dst = &in.statement},
        {NULL},
    };
    const struct api_handler h = {.name = "applications_co_applicant_decide",
                                  .write = true,
                                  .body = body,
                                  .tx = co_decide_tx,
                                  .what = "application"};
    return api_run(r, &h, &in);
}

/* ---- the court's decision -------------------------------------------------------- */

/* Grounds must be listed by SZ-APP-REJECT-GROUNDS, and at least one is needed to refuse. */
static enum db_status check_grounds(struct api_call *c)
{
    const json_t *grounds = json_object_get(c->in, "grounds");
    const json_t *known = rules_param(rule(NULL, "SZ-APP-REJECT-GROUNDS"), "grounds");
    if (json_array_size(grounds) == 0)
        return api_refuse(&c->no, PROBLEM_RULE, "SZ-APP-REJECT-GROUNDS", "grounds",
                          "not accepting or rejecting an application needs at least one ground");
    size_t i;
    json_t *g;
    json_array_foreach(grounds, i, g)
    {
        if (!jf_listed(known, json_string_value(g)))
            return api_refuse(&c->no, PROBLEM_RULE, "SZ-APP-REJECT-GROUNDS", "grounds",
                              "\"%s\" is not a ground the law names", json_string_value(g));
    }
    return DB_OK;
}

/* SZ-APP-CREDITOR-MIN at acceptance: the claims a co-applicant has not joined the petition
 * for are not counted (filing counted every claim the petition stated). */
static enum db_status check_joined_claims(struct api_call *c, const char *profile,
                                          const struct db_accept_facts *f)
{
    int64_t min = 0;
    rules_param_i64(rule(profile, "SZ-APP-CREDITOR-MIN"), "min_exclusive_fen", &min);
    if (f->joined_due_fen > min)
        return DB_OK;
    char have[32], need[32];
    money_format(f->joined_due_fen, have);
    money_format(min, need);
    char *waiting = json_dumps(f->not_joined, JSON_COMPACT);
    enum db_status st = api_refuse(
        &c->no, PROBLEM_RULE, "SZ-APP-CREDITOR-MIN", NULL,
        "the due claims of the petitioner and of the co-applicants who joined total RMB %s; "
        "acceptance needs more than RMB %s (co-applicants who have not joined: %s)",
        have, need, waiting ? waiting : "[]");
    free(waiting);
    return st;
}

/* What the law asks before acceptance: complete materials, the debtor's own reorganization
 * first, one open case per person (as debtor or as joint debtor; both are locked), and for
 * a creditor's petition enough due claims of creditors who are in it by their own word. */
static enum db_status accept_checks(struct api_call *c, const char *profile,
                                    const struct db_accept_facts *f)
{
    size_t n = json_array_size(f->missing);
    if (n > 0) {
        char *list = json_dumps(f->missing, JSON_COMPACT);
        enum db_status st =
            api_refuse(&c->no, PROBLEM_RULE, "SZ-APP-MATERIALS", NULL,
                       "the applicant's materials are incomplete; missing: %s", list);
        free(list);
        return st;
    }
    if (f->reorg_pending)
        return api_refuse(&c->no, PROBLEM_RULE, "SZ-APP-PRIORITY-REORG", NULL,
                          "the debtor has asked for reorganization; decide that application "
                          "first, which takes priority over a creditor's liquidation petition");
    if (f->open_case[0])
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL,
                          "the debtor or the joint debtor already has an open case");
    return f->creditor_petition ? check_joined_claims(c, profile, f) : DB_OK;
}

/* Acceptance in two round trips: the facts to check, then one call that writes the case
 * number, the supersessions, the act "accepted" with its deadlines, the restrictions on
 * both spouses with their feed changes, and the audit rows (sql/500_accept_application.sql).
 * What the law computes (periods from the calendar, the restrictions from the catalogue) is
 * computed here and passed in. */
static enum db_status accept_application(struct api_call *c, struct db_tx *tx,
                                         const struct db_application_state *s,
                                         const struct decision *d)
{
    struct app_op *op = c->arg;
    struct db_accept_facts f = {0};
    enum db_status st = db_application_accept_facts(tx, s->id, &f);
    if (st == DB_OK)
        st = accept_checks(c, s->profile, &f);
    json_decref(f.missing);
    json_decref(f.not_joined);
    if (st != DB_OK)
        return st;
    date_t ruling;
    date_parse(d->ruling_date, &ruling);
    json_t *opens = NULL, *meets = NULL, *restrictions = NULL, *impose = NULL;
    st = caselife_act_deadlines(&op->cal, s->profile, caselife_act_kind("accepted"), ruling, NULL,
                                strcmp(s->applicant_role, "creditor") == 0, &opens, &meets);
    if (st == DB_OK)
        st = caselife_restrictions_imposed(s->profile, ruling, &restrictions, &impose);
    struct db_acceptance a = {.id = s->id,
                              .ruling_date = d->ruling_date,
                              .decision = d->record,
                              .opens = opens,
                              .meets = meets,
                              .restrictions = restrictions,
                              .impose_detail = impose};
    if (st == DB_OK)
        st = db_application_accept(tx, &c->who, &a, &c->out);
    if (st == DB_CONFLICT)
        st =
            api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL, "the debtor already has an open case");
    json_decref(opens);
    json_decref(meets);
    json_decref(restrictions);
    json_decref(impose);
    return st;
}

static enum db_status decide_tx(struct db_tx *tx, struct api_call *c)
{
    struct app_op *op = c->arg;
    struct decision *d = &op->decision;
    struct db_application_state s = {0};
    enum db_status st = db_application_lock(tx, &c->who, c->r->params[0], &s);
    json_decref(s.materials);
    if (st != DB_OK)
        return st;
    snprintf(c->no.profile, sizeof c->no.profile, "%s", s.profile); /* refusals cite its law */
    bool accepting = strcmp(d->outcome, "accept") == 0;
    bool rejecting = strcmp(d->outcome, "reject") == 0;
    const char *needed = rejecting ? "accepted" : "pending";
    if (strcmp(s.status, needed) != 0)
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, "outcome",
                          "the application is %s; %s applies to a %s application", s.status,
                          d->outcome, needed);
    if (strcmp(d->ruling_date, s.received_on) < 0)
        return api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, "ruling_date",
                          "the ruling cannot precede the receipt of the application (%s)",
                          s.received_on);
    if (rejecting && strcmp(d->ruling_date, s.accepted_on) < 0)
        return api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, "ruling_date",
                          "a rejection cannot precede the acceptance (%s)", s.accepted_on);
    if (!accepting && (st = check_grounds(c)) != DB_OK)
        return st;
    if (accepting) /* one call writes the acceptance, its audit rows and the reply */
        return accept_application(c, tx, &s, d);
    st = db_application_refuse(tx, s.id, rejecting ? "rejected" : "not_accepted", d->ruling_date,
                               d->record);
    date_t ruling;
    date_parse(d->ruling_date, &ruling);
    if (st == DB_OK && !rejecting)
        st = caselife_record_act(tx, &c->who, &op->cal, s.id, s.profile, "not_accepted", ruling,
                                 d->record, strcmp(s.applicant_role, "creditor") == 0);
    if (st == DB_OK)
        st = db_deadlines_close(
            tx, s.id, rejecting ? "the case was rejected" : "the application was not accepted");
    if (st == DB_OK && rejecting) { /* a rejected case ends: its restrictions lapse with it */
        const char *rule_id = "SZ-APP-REJECT-GROUNDS";
        st = caselife_lift_restrictions(tx, &c->who, s.id, "rejected",
                                        "the application was rejected after acceptance", ruling,
                                        &rule_id);
        if (st == DB_NOT_FOUND)
            st = DB_OK;
    }
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "application.decide", "application", s.id, s.id, d->record);
    return st == DB_OK ? reply_application(tx, c) : st;
}

/* A ruling is dated today unless the court dates it earlier; never later. */
static void check_ruling_date(struct api_call *c, json_t *errors)
{
    const struct app_op *op = c->arg;
    if (op->ruling > op->today)
        jf_error(errors, "ruling_date", "must not be in the future");
}

/* The decision as it is recorded (by the court's subject), then the calendar. */
static enum http_step prepare_decision(struct api_call *c)
{
    struct app_op *op = c->arg;
    struct decision *d = &op->decision;
    date_format(op->ruling, d->ruling_date);
    d->record =
        json_pack("{s:s, s:s, s:s, s:O?, s:O?}", "outcome", d->outcome, "ruling_date",
                  d->ruling_date, "by", c->who.subject, "grounds",
                  json_object_get(c->in, "grounds"), "reason", json_object_get(c->in, "reason"));
    return load_calendar(c);
}

enum MHD_Result api_applications_decide(struct http_request *r)
{
    struct app_op op = {.today = clock_today()};
    op.ruling = op.today;
    rules_calendar_init(&op.cal);
    const struct jf_field body[] = {
        {.name = "outcome",
         .type = JF_ENUM,
         .required = true,
         .enum_values = outcomes,
         .dst = &op.decision.outcome},
        {.name = "ruling_date", .type = JF_DATE, .dst = &op.ruling},
        {.name = "grounds", .type = JF_ARRAY, .max = 10, .item_type = JF_STRING},
        {.name = "reason", .type = JF_STRING, .nullable = true, .min = 1, .max = 5000},
        {NULL},
    };
    const struct api_handler h = {.name = "applications_decide",
                                  .write = true,
                                  .body = body,
                                  .check = check_ruling_date,
                                  .before = prepare_decision,
                                  .tx = decide_tx,
                                  .what = "application",
                                  .cleanup = op_free};
    return api_run(r, &h, &op);
}
