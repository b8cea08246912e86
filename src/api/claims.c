/* claims.c: creditors' claims on a case. A creditor declares during the claim period the
 * announcement set (SZ-CLM-PERIOD), afterwards as a supplementary declaration
 * (SZ-CLM-SUPPLEMENTARY) or within the period after a cause that kept it from declaring
 * ended (SZ-CLM-LATE-CAUSE); interest runs to the acceptance date only (SZ-CLM-MATURITY);
 * the contents SZ-CLM-CONTENT requires are field errors; the class claimed is one of
 * SZ-LIQ-ORDER's of the case's profile. The administrator lists the wage and
 * social-insurance claims that need no declaration (SZ-CLM-NO-DECLARE). A declaration is
 * amended or withdrawn, each a numbered version, until the administrator reviews it in the
 * claim table (claim_table.c). Then: objections to entries of the served table and the
 * administrator's review opinion, the objector's lawsuit (SZ-CLM-OBJECTION), the court's
 * confirmation (SZ-CLM-CONFIRM) and its provisional amounts (SZ-MTG-MEMBERS). Every
 * statutory value is read from the catalogue. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "caselife.h"
#include "clock.h"
#include "money.h"
#include "rules.h"

static const char *const currencies[] = {"CNY", NULL};

static const struct jf_field evidence_fields[] = {
    {.name = "kind", .type = JF_STRING, .required = true, .min = 1, .max = 100},
    {.name = "reference", .type = JF_STRING, .required = true, .min = 1, .max = 500},
    {NULL},
};

static const struct jf_field collateral_fields[] = {
    {.name = "description", .type = JF_STRING, .required = true, .min = 1, .max = 1000},
    {.name = "value", .type = JF_MONEY, .required = true},
    {.name = "secured_amount", .type = JF_MONEY, .required = true},
    {NULL},
};

static const struct jf_field co_creditor_fields[] = {
    {.name = "name", .type = JF_STRING, .required = true, .min = 1, .max = 200},
    {.name = "share", .type = JF_STRING, .min = 1, .max = 100},
    {NULL},
};

static const struct jf_field agent_fields[] = {
    {.name = "name", .type = JF_STRING, .required = true, .min = 1, .max = 200},
    {.name = "power_of_attorney", .type = JF_STRING, .required = true, .min = 1, .max = 500},
    {NULL},
};

static const struct jf_field late_cause_fields[] = {
    {.name = "cause", .type = JF_STRING, .required = true, .min = 1, .max = 2000},
    {.name = "ended_on", .type = JF_DATE, .required = true},
    {NULL},
};

/* What a declaration (or a new version of one) states. */
struct claim_in {
    const char *creditor_name, *claimed_class, *kind, *listed_item, *reason;
    int64_t principal, interest;
    date_t interest_until;
    bool has_interest_until;
    int secured, joint;
    const json_t *collateral, *co_creditors, *late_cause;
    rules_calendar cal;
};

#define DECLARATION_FIELDS(IN)                                                                     \
    {.name = "creditor_name",                                                                      \
     .type = JF_STRING,                                                                            \
     .required = true,                                                                             \
     .min = 1,                                                                                     \
     .max = 200,                                                                                   \
     .dst = &(IN)->creditor_name},                                                                 \
        {.name = "principal", .type = JF_MONEY, .dst = &(IN)->principal},                          \
        {.name = "interest", .type = JF_MONEY, .dst = &(IN)->interest},                            \
        {.name = "interest_until",                                                                 \
         .type = JF_DATE,                                                                          \
         .dst = &(IN)->interest_until,                                                             \
         .present = &(IN)->has_interest_until},                                                    \
        {.name = "currency", .type = JF_ENUM, .enum_values = currencies},                          \
        {.name = "claimed_class",                                                                  \
         .type = JF_STRING,                                                                        \
         .required = true,                                                                         \
         .min = 1,                                                                                 \
         .max = 32,                                                                                \
         .dst = &(IN)->claimed_class},                                                             \
        {.name = "kind", .type = JF_STRING, .min = 1, .max = 32, .dst = &(IN)->kind},              \
        {.name = "secured", .type = JF_BOOL, .dst = &(IN)->secured},                               \
        {.name = "collateral",                                                                     \
         .type = JF_OBJECT,                                                                        \
         .fields = collateral_fields,                                                              \
         .dst = &(IN)->collateral},                                                                \
        {.name = "evidence",                                                                       \
         .type = JF_ARRAY,                                                                         \
         .max = 100,                                                                               \
         .item_type = JF_OBJECT,                                                                   \
         .fields = evidence_fields},                                                               \
        {.name = "joint", .type = JF_BOOL, .dst = &(IN)->joint},                                   \
        {.name = "co_creditors",                                                                   \
         .type = JF_ARRAY,                                                                         \
         .max = 100,                                                                               \
         .item_type = JF_OBJECT,                                                                   \
         .fields = co_creditor_fields,                                                             \
         .dst = &(IN)->co_creditors},                                                              \
        {.name = "agent", .type = JF_OBJECT, .fields = agent_fields},                              \
    {                                                                                              \
        .name = "note", .type = JF_STRING, .nullable = true, .min = 1, .max = 2000                 \
    }

/* A created claim, version or objection is read at its claim: /v1/claims/{id}. */
static void at_claim(struct api_call *c, const char *claim_id)
{
    free(c->r->location);
    c->r->location = NULL;
    if (claim_id == NULL || asprintf(&c->r->location, "/v1/claims/%s", claim_id) < 0)
        c->r->location = NULL;
}

static const struct rule *rule_of(const char *profile, const char *id)
{
    return api_rule(profile, id);
}

/* The body key a content the catalogue names is stated in. */
static const char *content_key(const char *content)
{
    return strcmp(content, "amount") == 0 ? "principal" : content;
}

/* SZ-CLM-CONTENT's required contents, the joint claim's co-creditors, the collateral of a
 * secured claim, the interest's end date, and the kinds of SZ-CLM-KINDS. */
static void check_contents(struct api_call *c, json_t *errors)
{
    const struct claim_in *in = c->arg;
    const struct rule *content = rule_of(NULL, "SZ-CLM-CONTENT");
    size_t i;
    json_t *f;
    char msg[160];
    json_array_foreach(rules_param(content, "fields"), i, f)
    {
        const char *key = content_key(json_string_value(f));
        const json_t *v = json_object_get(c->in, key);
        if (v == NULL || json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0)) {
            snprintf(msg, sizeof msg, "is required: a declaration states it (%s)", content->id);
            jf_error(errors, key, msg);
        }
    }
    if (in->joint == 1 && json_is_true(rules_param(content, "joint_must_state")) &&
        json_array_size(in->co_creditors) == 0)
        jf_error(errors, "co_creditors", "a joint claim names its co-creditors (SZ-CLM-CONTENT)");
    if (in->joint != 1 && in->co_creditors != NULL)
        jf_error(errors, "co_creditors", "only a joint claim has co-creditors: set joint");
    if (in->secured == 1 && in->collateral == NULL)
        jf_error(errors, "collateral", "a secured claim describes its collateral");
    if (in->secured == 0 && in->collateral != NULL)
        jf_error(errors, "collateral", "only a secured claim has collateral");
    int64_t secured_fen = 0;
    if (in->collateral && jf_money(in->collateral, "secured_amount", &secured_fen) &&
        secured_fen > in->principal + in->interest)
        jf_error(errors, "collateral.secured_amount", "exceeds the amount claimed");
    if (in->interest > 0 && !in->has_interest_until)
        jf_error(errors, "interest_until", "state the date the interest is counted to");
    const json_t *kinds = rules_param(rule_of(NULL, "SZ-CLM-KINDS"), "kinds");
    if (in->kind && strcmp(in->kind, "ordinary") != 0 && !jf_listed(kinds, in->kind)) {
        char *list = json_dumps(kinds, JSON_COMPACT);
        snprintf(msg, sizeof msg, "must be ordinary or one of SZ-CLM-KINDS: %s", list ? list : "");
        free(list);
        jf_error(errors, "kind", msg);
    }
}

static void check_declaration(struct api_call *c, json_t *errors)
{
    const struct claim_in *in = c->arg;
    check_contents(c, errors);
    const json_t *listed = rules_param(rule_of(NULL, "SZ-CLM-NO-DECLARE"), "claims");
    if (c->role == ROLE_CREDITOR && in->listed_item)
        jf_error(errors, "listed_item", "only the administrator lists claims (SZ-CLM-NO-DECLARE)");
    if (c->role == ROLE_ADMINISTRATOR && !in->listed_item)
        jf_error(errors, "listed_item",
                 "is required: the administrator lists the claims that need "
                 "no declaration (SZ-CLM-NO-DECLARE); creditors declare their own");
    if (in->listed_item && !jf_listed(listed, in->listed_item))
        jf_error(errors, "listed_item", "is not a claim of SZ-CLM-NO-DECLARE");
    if (c->role == ROLE_ADMINISTRATOR && in->late_cause)
        jf_error(errors, "late_cause", "a listed claim needs no declaration, late or not");
    date_t ended;
    if (in->late_cause && jf_date(in->late_cause, "ended_on", &ended) && ended > clock_today())
        jf_error(errors, "late_cause.ended_on", "must not be in the future");
}

static void claim_cleanup(struct api_call *c)
{
    struct claim_in *in = c->arg;
    rules_calendar_free(&in->cal);
}

static enum http_step load_calendar(struct api_call *c)
{
    struct claim_in *in = c->arg;
    if (api_calendar_load(&in->cal) == DB_OK)
        return HTTP_GO_ON;
    c->r->outcome = "unavailable";
    return http_replied(api_db_failure(c->r, DB_UNAVAILABLE, "claim"));
}

/* The class claimed is one of SZ-LIQ-ORDER's of the case's profile; interest runs to the
 * acceptance date only. */
static enum db_status check_against_case(struct api_call *c, const json_t *facts)
{
    const struct claim_in *in = c->arg;
    const char *profile = jf_str(facts, "profile");
    const struct rule *order = rule_of(profile, "SZ-LIQ-ORDER");
    if (!jf_listed(rules_param(order, "classes"), in->claimed_class)) {
        char *list = json_dumps(rules_param(order, "classes"), JSON_COMPACT);
        api_refuse(&c->no, PROBLEM_RULE, order->id, "claimed_class",
                   "is not a class of the case's profile: %s", list ? list : "");
        free(list);
        return DB_REFUSED;
    }
    date_t accepted;
    if (!jf_date(facts, "accepted_on", &accepted))
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL, "the case is not accepted");
    if (in->has_interest_until && in->interest_until > accepted) {
        char on[11];
        date_format(accepted, on);
        return api_refuse(&c->no, PROBLEM_RULE, "SZ-CLM-MATURITY", "interest_until",
                          "interest stops at acceptance (%s): declare interest up to that date "
                          "only",
                          on);
    }
    return DB_OK;
}

/* After the final distribution or the plan's completion a claim is no longer declared,
 * except one the administrator found the debtor knew of and left off its inventory
 * (SZ-CLM-SUPPLEMENTARY's after_until_exception): the declaring creditor's unused finding
 * in the case is cited in the supplementary flag, and used up once the claim is written. */
static enum db_status past_closing(struct db_tx *tx, struct api_call *c, const json_t *facts,
                                   const struct rule *supp, json_t *supplementary)
{
    json_t *found = NULL;
    enum db_status st = db_claim_omission_unused(tx, c->r->params[0], c->who.subject, &found);
    if (st == DB_NOT_FOUND)
        return api_refuse(&c->no, PROBLEM_RULE, supp->id, NULL,
                          "the case is past %s: a claim is no longer declared, unless the "
                          "administrator found that the debtor knew of it and left it off its "
                          "inventory",
                          jf_str(facts, "closed_by"));
    if (st == DB_OK)
        json_object_set_new(supplementary, "debtor_omitted",
                            json_pack("{s:O?, s:O, s:O, s:O, s:O}", "exception",
                                      rules_param(supp, "after_until_exception"), "omission_id",
                                      json_object_get(found, "id"), "marked_on",
                                      json_object_get(found, "marked_on"), "marked_by",
                                      json_object_get(found, "marked_by"), "reasons",
                                      json_object_get(found, "reasons")));
    json_decref(found);
    return st;
}

/* A declaration after the period: late with a cause (within the period after it ended),
 * or supplementary until the final distribution or the plan's completion. */
static enum db_status after_period(struct db_tx *tx, struct api_call *c, const json_t *facts,
                                   date_t end, const char **timing, json_t *content)
{
    const struct claim_in *in = c->arg;
    date_t today = clock_today(), ended;
    char due_text[11];
    if (in->late_cause && jf_date(in->late_cause, "ended_on", &ended)) {
        const struct rule *late = rule_of(jf_str(facts, "profile"), "SZ-CLM-LATE-CAUSE");
        struct rules_deadline d;
        memset(&d, 0, sizeof d);
        if (ended <= end)
            return api_refuse(&c->no, PROBLEM_RULE, late->id, "late_cause.ended_on",
                              "the cause ended within the claim period: it did not keep the "
                              "creditor from declaring");
        if (rules_period_due(late, &in->cal, ended, &d) != RULES_OK)
            return DB_ERROR;
        date_format(d.due, due_text);
        if (today > d.due)
            return api_refuse(&c->no, PROBLEM_RULE, late->id, "late_cause.ended_on",
                              "a creditor kept from declaring declares within the period after "
                              "the cause ended: it ended on %s",
                              due_text);
        json_object_set_new(content, "late_cause_due", json_string(due_text));
        *timing = "late_with_cause";
        return DB_OK;
    }
    const struct rule *supp = rule_of(jf_str(facts, "profile"), "SZ-CLM-SUPPLEMENTARY");
    json_t *supplementary = json_pack("{s:s, s:O, s:O}", "rule", supp->id, "review_cost_borne_by",
                                      rules_param(supp, "review_cost_borne_by"),
                                      "rerun_distributed", rules_param(supp, "rerun_distributed"));
    enum db_status st =
        jf_str(facts, "closed_by") ? past_closing(tx, c, facts, supp, supplementary) : DB_OK;
    json_object_set_new(content, "supplementary", supplementary);
    *timing = "supplementary";
    return st;
}

/* When the declaration is made, against the announced claim period. */
static enum db_status declaration_timing(struct db_tx *tx, struct api_call *c, const json_t *facts,
                                         const char **timing, json_t *content)
{
    const struct claim_in *in = c->arg;
    if (c->role == ROLE_ADMINISTRATOR) {
        if (!json_is_true(json_object_get(facts, "visible")))
            return DB_NOT_FOUND;
        if (!json_is_true(json_object_get(facts, "individual_business")))
            return api_refuse(&c->no, PROBLEM_RULE, "SZ-CLM-NO-DECLARE", "listed_item",
                              "only the employees of an individual business are listed without "
                              "declaration");
        *timing = "listed";
        return DB_OK;
    }
    date_t end;
    if (!jf_date(facts, "claim_period_end", &end))
        return api_refuse(&c->no, PROBLEM_CONFLICT, "SZ-CLM-PERIOD", NULL,
                          "the court has not announced the claim period of this case");
    if (clock_today() > end)
        return after_period(tx, c, facts, end, timing, content);
    if (in->late_cause)
        return api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "late_cause",
                          "the claim period is still running: declare without a late cause");
    *timing = "in_period";
    return DB_OK;
}

static void claim_row(const struct claim_in *in, const json_t *content, struct db_claim_row *row)
{
    int64_t secured = 0;
    jf_money(in->collateral, "secured_amount", &secured);
    row->principal_fen = in->principal;
    row->interest_fen = in->interest;
    row->secured_fen = secured;
    row->claimed_class = in->claimed_class;
    row->content = content;
}

static enum db_status declare_tx(struct db_tx *tx, struct api_call *c)
{
    const struct claim_in *in = c->arg;
    const char *case_id = c->r->params[0];
    json_t *facts = NULL;
    enum db_status st = db_claim_case(tx, &c->who, case_id, &facts);
    if (st != DB_OK)
        return st;
    json_t *content = json_deep_copy(c->in);
    const char *timing = NULL;
    if (strcmp(jf_str(facts, "status"), "accepted") != 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL,
                        "claims are declared on an accepted case");
    if (st == DB_OK)
        st = check_against_case(c, facts);
    if (st == DB_OK)
        st = declaration_timing(tx, c, facts, &timing, content);
    snprintf(c->no.profile, sizeof c->no.profile, "%s", jf_str(facts, "profile"));
    char today[11];
    date_format(clock_today(), today);
    bool listed = c->role == ROLE_ADMINISTRATOR;
    struct db_claim_row row = {.case_id = case_id,
                               .source = listed ? "listed" : "declared",
                               .creditor_role = listed ? NULL : "creditor",
                               .creditor_subject = listed ? NULL : c->who.subject,
                               .creditor_name = in->creditor_name,
                               .declared_on = today,
                               .timing = timing};
    claim_row(in, content, &row);
    if (st == DB_OK)
        st = db_claim_insert(tx, &c->who, &row, &c->out);
    const char *omission =
        jf_str(json_object_get(json_object_get(content, "supplementary"), "debtor_omitted"),
               "omission_id");
    if (st == DB_OK && omission)
        st = db_claim_omission_use(tx, omission, jf_str(c->out, "id"));
    if (st == DB_OK) {
        at_claim(c, jf_str(c->out, "id"));
        st = db_audit(tx, &c->who, listed ? "claim.list" : "claim.declare", "claim",
                      jf_str(c->out, "id"), case_id, content);
    }
    json_decref(content);
    json_decref(facts);
    return st;
}

enum MHD_Result api_claims_declare(struct http_request *r)
{
    struct claim_in in = {0};
    rules_calendar_init(&in.cal);
    const struct jf_field body[] = {
        DECLARATION_FIELDS(&in),
        {.name = "late_cause",
         .type = JF_OBJECT,
         .fields = late_cause_fields,
         .dst = &in.late_cause},
        {.name = "listed_item", .type = JF_STRING, .min = 1, .max = 64, .dst = &in.listed_item},
        {NULL},
    };
    const struct api_handler h = {.name = "claims_declare",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .check = check_declaration,
                                  .before = load_calendar,
                                  .tx = declare_tx,
                                  .ok = 201,
                                  .what = "case",
                                  .cleanup = claim_cleanup};
    return api_run(r, &h, &in);
}

/* ---- the administrator's finding of a claim the debtor left off its inventory ---- */

struct omission_in {
    const char *creditor_subject, *creditor_name, *reasons;
    date_t on;
};

static void check_omission(struct api_call *c, json_t *errors)
{
    const struct omission_in *in = c->arg;
    if (in->on > clock_today())
        jf_error(errors, "date", "must not be in the future");
}

static enum db_status omission_tx(struct db_tx *tx, struct api_call *c)
{
    const struct omission_in *in = c->arg;
    const char *case_id = c->r->params[0];
    json_t *facts = NULL;
    enum db_status st = db_claim_case(tx, &c->who, case_id, &facts);
    if (st == DB_OK && !json_is_true(json_object_get(facts, "visible")))
        st = DB_NOT_FOUND; /* only the case's own administrator */
    if (st == DB_OK && strcmp(jf_str(facts, "status"), "accepted") != 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL, "the case is not accepted");
    json_decref(facts);
    char on[11];
    date_format(in->on, on);
    if (st == DB_OK)
        st = db_claim_omission_insert(tx, &c->who, case_id, in->creditor_subject, in->creditor_name,
                                      in->reasons, on, &c->out);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "claim.omission", "claim_omission", jf_str(c->out, "id"),
                      case_id, c->out);
    return st;
}

enum MHD_Result api_claims_omission(struct http_request *r)
{
    struct omission_in in = {.on = clock_today()};
    const struct jf_field body[] = {
        {.name = "creditor_subject",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 200,
         .dst = &in.creditor_subject},
        {.name = "creditor_name",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 200,
         .dst = &in.creditor_name},
        {.name = "reasons",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 4000,
         .dst = &in.reasons},
        {.name = "date", .type = JF_DATE, .dst = &in.on},
        {NULL},
    };
    const struct api_handler h = {.name = "claims_omission",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .check = check_omission,
                                  .tx = omission_tx,
                                  .ok = 201,
                                  .what = "case"};
    return api_run(r, &h, &in);
}

/* ---- amendments and withdrawal ---- */

/* The creditor's own declaration, not yet reviewed. */
static enum db_status own_unreviewed(struct db_tx *tx, struct api_call *c, json_t **claim)
{
    enum db_status st = db_claim_lock(tx, &c->who, c->r->params[0], claim);
    if (st != DB_OK)
        return st;
    const char *owner = jf_str(*claim, "creditor_subject");
    if (!json_is_true(json_object_get(*claim, "claim_visible")) || owner == NULL ||
        strcmp(owner, c->who.subject) != 0)
        return DB_NOT_FOUND;
    if (strcmp(jf_str(*claim, "status"), "declared") != 0)
        return api_refuse(&c->no, PROBLEM_CONFLICT, "SZ-CLM-TABLE", NULL,
                          "the claim is %s: a declaration is amended or withdrawn only until the "
                          "administrator reviews it",
                          jf_str(*claim, "status"));
    return DB_OK;
}

static enum db_status amend_tx(struct db_tx *tx, struct api_call *c)
{
    const struct claim_in *in = c->arg;
    const char *id = c->r->params[0];
    json_t *claim = NULL, *facts = NULL;
    enum db_status st = own_unreviewed(tx, c, &claim);
    if (st == DB_OK)
        st = db_claim_case(tx, &c->who, jf_str(claim, "case_id"), &facts);
    if (st == DB_OK)
        st = check_against_case(c, facts);
    char today[11];
    date_format(clock_today(), today);
    struct db_claim_row row = {0};
    claim_row(in, c->in, &row);
    if (st == DB_OK)
        st = db_claim_amend(tx, &c->who, &row, id, today);
    if (st == DB_OK)
        st = db_claim_full(tx, id, &c->out);
    if (st == DB_OK) {
        at_claim(c, id);
        st = db_audit(tx, &c->who, "claim.amend", "claim", id, jf_str(claim, "case_id"), c->in);
    }
    json_decref(claim);
    json_decref(facts);
    return st;
}

enum MHD_Result api_claims_amend(struct http_request *r)
{
    struct claim_in in = {0};
    const struct jf_field body[] = {DECLARATION_FIELDS(&in), {NULL}};
    const struct api_handler h = {.name = "claims_amend",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .check = check_contents,
                                  .tx = amend_tx,
                                  .ok = 201,
                                  .what = "claim"};
    return api_run(r, &h, &in);
}

static enum db_status withdraw_tx(struct db_tx *tx, struct api_call *c)
{
    const struct claim_in *in = c->arg;
    const char *id = c->r->params[0];
    json_t *claim = NULL;
    enum db_status st = own_unreviewed(tx, c, &claim);
    char today[11];
    date_format(clock_today(), today);
    if (st == DB_OK)
        st = db_claim_withdraw(tx, &c->who, id, in->reason, today);
    if (st == DB_OK)
        st = db_claim_full(tx, id, &c->out);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "claim.withdraw", "claim", id, jf_str(claim, "case_id"), c->in);
    json_decref(claim);
    return st;
}

enum MHD_Result api_claims_withdraw(struct http_request *r)
{
    struct claim_in in = {0};
    const struct jf_field body[] = {
        {.name = "reason", .type = JF_STRING, .min = 1, .max = 2000, .dst = &in.reason},
        {NULL},
    };
    const struct api_handler h = {.name = "claims_withdraw",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .tx = withdraw_tx,
                                  .what = "claim"};
    return api_run(r, &h, &in);
}

/* ---- reads ---- */

static enum db_status get_tx(struct db_tx *tx, struct api_call *c)
{
    return db_claim_get(tx, &c->who, c->r->params[0], &c->out);
}

enum MHD_Result api_claims_get(struct http_request *r)
{
    const struct api_handler h = {
        .name = "claims_get", .replica = true, .tx = get_tx, .what = "claim"};
    return api_run(r, &h, NULL);
}

static enum db_status for_case_tx(struct db_tx *tx, struct api_call *c)
{
    json_t *items = NULL;
    enum db_status st =
        db_claims_for_case(tx, &c->who, c->r->params[0], c->cursor, c->limit, &items);
    if (st == DB_OK)
        c->out = api_page(items, c->limit);
    return st;
}

enum MHD_Result api_claims_for_case(struct http_request *r)
{
    const struct api_handler h = {
        .name = "claims_for_case", .page = 100, .tx = for_case_tx, .what = "case"};
    return api_run(r, &h, NULL);
}

static enum db_status mine_tx(struct db_tx *tx, struct api_call *c)
{
    json_t *items = NULL;
    enum db_status st = db_claims_mine(tx, &c->who, c->cursor, c->limit, &items);
    if (st == DB_OK)
        c->out = api_page(items, c->limit);
    return st;
}

/* A creditor's claims change with its claims' rows, events and reviews: the triggers of
 * sql/340_claim_changes_notify.sql name the creditor's topic. The other roles list every
 * claim (of their cases): no one topic covers that, so they are not answered from memory. */
static void mine_topic(struct api_call *c, char *topic, size_t cap)
{
    if (c->role == ROLE_CREDITOR)
        snprintf(topic, cap, "claims:%s", c->who.subject);
}

enum MHD_Result api_claims_list(struct http_request *r)
{
    const struct api_handler h = {.name = "claims_list",
                                  .page = 50,
                                  .tx = mine_tx,
                                  .what = "claim",
                                  .memo_topic = mine_topic};
    return api_run(r, &h, NULL);
}

/* ---- objections, the review opinion, the lawsuit ---- */

struct objection_in {
    const char *reasons, *opinion, *reference;
    date_t on;
    rules_calendar cal;
};

static void objection_cleanup(struct api_call *c)
{
    struct objection_in *in = c->arg;
    rules_calendar_free(&in->cal);
}

static enum http_step objection_calendar(struct api_call *c)
{
    struct objection_in *in = c->arg;
    if (in->on > clock_today()) {
        c->r->outcome = "invalid";
        return http_replied(http_problem_fields(
            c->r, PROBLEM_VALIDATION, "some fields are invalid",
            json_pack("[{s:s, s:s}]", "field", "date", "message", "must not be in the future")));
    }
    if (api_calendar_load(&in->cal) == DB_OK)
        return HTTP_GO_ON;
    c->r->outcome = "unavailable";
    return http_replied(api_db_failure(c->r, DB_UNAVAILABLE, "objection"));
}

/* SZ-CLM-OBJECTION: within the period the service of the table opened (a deadline of the
 * case); *due is its last day. */
static enum db_status objection_period(struct db_tx *tx, struct api_call *c, const char *case_id,
                                       date_t *due)
{
    json_t *d = NULL;
    enum db_status st = db_deadline_for_rule(tx, case_id, "SZ-CLM-OBJECTION", &d);
    bool known = st == DB_OK && jf_date(d, "due", due);
    json_decref(d);
    if (st == DB_NOT_FOUND || (st == DB_OK && !known))
        return api_refuse(&c->no, PROBLEM_CONFLICT, "SZ-CLM-OBJECTION", NULL,
                          "the claim table has not been served: no objection period runs");
    return st;
}

static enum db_status object_tx(struct db_tx *tx, struct api_call *c)
{
    const struct objection_in *in = c->arg;
    const char *id = c->r->params[0];
    json_t *claim = NULL;
    enum db_status st = db_claim_lock(tx, &c->who, id, &claim);
    if (st != DB_OK)
        return st;
    const char *case_id = jf_str(claim, "case_id"), *status = jf_str(claim, "status");
    date_t due;
    char today[11], due_text[11];
    date_format(clock_today(), today);
    if (!json_is_true(json_object_get(claim, "case_visible")))
        st = DB_NOT_FOUND;
    else if (!json_is_true(json_object_get(claim, "in_served_table")))
        st = api_refuse(&c->no, PROBLEM_CONFLICT, "SZ-CLM-OBJECTION", NULL,
                        "the claim is not an entry of a served claim table");
    else if (strcmp(status, "confirmed") == 0 || strcmp(status, "in_litigation") == 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL, "the claim is %s", status);
    if (st == DB_OK)
        st = objection_period(tx, c, case_id, &due);
    if (st == DB_OK && clock_today() > due) {
        date_format(due, due_text);
        st = api_refuse(&c->no, PROBLEM_RULE, "SZ-CLM-OBJECTION", NULL,
                        "the objection period ended on %s", due_text);
    }
    if (st == DB_OK)
        st = db_objection_insert(tx, &c->who, id, case_id, in->reasons, today, &c->out);
    json_t *detail =
        st == DB_OK ? json_pack("{s:O}", "objection_id", json_object_get(c->out, "id")) : NULL;
    if (st == DB_OK)
        st = db_claim_status(tx, id, "disputed", "objected", today, detail);
    if (st == DB_OK)
        at_claim(c, id);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "claim.object", "claim_objection", jf_str(c->out, "id"), case_id,
                      c->out);
    json_decref(detail);
    json_decref(claim);
    return st;
}

enum MHD_Result api_claims_object(struct http_request *r)
{
    struct objection_in in = {0};
    const struct jf_field body[] = {
        {.name = "reasons",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 4000,
         .dst = &in.reasons},
        {NULL},
    };
    const struct api_handler h = {.name = "claims_object",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .tx = object_tx,
                                  .ok = 201,
                                  .what = "claim"};
    return api_run(r, &h, &in);
}

/* The objection locked, seen by the actor's case membership. */
static enum db_status objection_locked(struct db_tx *tx, struct api_call *c, json_t **obj,
                                       const char *want_status)
{
    json_t *locked = NULL;
    enum db_status st = db_objection_lock(tx, &c->who, c->r->params[0], &locked);
    if (st != DB_OK)
        return st;
    *obj = json_incref(json_object_get(locked, "objection"));
    snprintf(c->no.profile, sizeof c->no.profile, "%s", jf_str(locked, "profile"));
    bool visible = json_is_true(json_object_get(locked, "case_visible"));
    json_decref(locked);
    if (!visible)
        return DB_NOT_FOUND;
    if (strcmp(jf_str(*obj, "status"), want_status) != 0)
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL, "the objection is %s",
                          jf_str(*obj, "status"));
    return DB_OK;
}

static enum db_status opinion_tx(struct db_tx *tx, struct api_call *c)
{
    struct objection_in *in = c->arg;
    json_t *obj = NULL;
    enum db_status st = objection_locked(tx, c, &obj, "filed");
    struct rule lawsuit;
    struct rules_deadline d;
    memset(&d, 0, sizeof d);
    if (st == DB_OK &&
        (!rules_subrule(rule_of(c->no.profile, "SZ-CLM-OBJECTION"), "lawsuit", &lawsuit) ||
         rules_period_due(&lawsuit, &in->cal, in->on, &d) != RULES_OK))
        st = DB_ERROR;
    char on[11], due[11];
    date_format(in->on, on);
    date_format(d.due, due);
    if (st == DB_OK)
        st = db_objection_opinion(tx, c->r->params[0], in->opinion, on, due, &c->out);
    json_t *detail =
        st == DB_OK ? json_pack("{s:s, s:s}", "objection_id", c->r->params[0], "lawsuit_due", due)
                    : NULL;
    if (st == DB_OK)
        st = db_claim_status(tx, jf_str(obj, "claim_id"), "disputed", "review_opinion", on, detail);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "claim.opinion", "claim_objection", c->r->params[0],
                      jf_str(obj, "case_id"), c->out);
    json_decref(detail);
    json_decref(obj);
    return st;
}

enum MHD_Result api_objections_opinion(struct http_request *r)
{
    struct objection_in in = {.on = clock_today()};
    rules_calendar_init(&in.cal);
    const struct jf_field body[] = {
        {.name = "opinion",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 4000,
         .dst = &in.opinion},
        {.name = "date", .type = JF_DATE, .dst = &in.on},
        {NULL},
    };
    const struct api_handler h = {.name = "objections_opinion",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .before = objection_calendar,
                                  .tx = opinion_tx,
                                  .what = "objection",
                                  .cleanup = objection_cleanup};
    return api_run(r, &h, &in);
}

static enum db_status lawsuit_tx(struct db_tx *tx, struct api_call *c)
{
    struct objection_in *in = c->arg;
    json_t *obj = NULL;
    enum db_status st = objection_locked(tx, c, &obj, "opinion_given");
    const json_t *by = json_object_get(obj, "objector");
    if (st == DB_OK && (strcmp(jf_str(by, "role"), c->who.role) != 0 ||
                        strcmp(jf_str(by, "subject"), c->who.subject) != 0))
        st = api_refuse(&c->no, PROBLEM_FORBIDDEN, NULL, NULL,
                        "only the objector brings the lawsuit");
    date_t due;
    char on[11];
    date_format(in->on, on);
    date_t opinion_on;
    if (st == DB_OK && jf_date(obj, "opinion_on", &opinion_on) && in->on < opinion_on)
        st = api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, "date",
                        "the lawsuit follows the review opinion of %s", jf_str(obj, "opinion_on"));
    if (st == DB_OK && jf_date(obj, "lawsuit_due", &due) && in->on > due)
        st = api_refuse(&c->no, PROBLEM_RULE, "SZ-CLM-OBJECTION", "date",
                        "the lawsuit is brought within the period after the review opinion: it "
                        "ended on %s",
                        jf_str(obj, "lawsuit_due"));
    if (st == DB_OK)
        st = db_objection_lawsuit(tx, c->r->params[0], on, in->reference, &c->out);
    json_t *detail = st == DB_OK ? json_pack("{s:s, s:s}", "objection_id", c->r->params[0],
                                             "court_reference", in->reference)
                                 : NULL;
    if (st == DB_OK)
        st = db_claim_status(tx, jf_str(obj, "claim_id"), "in_litigation", "lawsuit_filed", on,
                             detail);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "claim.lawsuit", "claim_objection", c->r->params[0],
                      jf_str(obj, "case_id"), c->out);
    json_decref(detail);
    json_decref(obj);
    return st;
}

static enum http_step not_future(struct api_call *c)
{
    struct objection_in *in = c->arg;
    if (in->on <= clock_today())
        return HTTP_GO_ON;
    c->r->outcome = "invalid";
    return http_replied(http_problem_fields(
        c->r, PROBLEM_VALIDATION, "some fields are invalid",
        json_pack("[{s:s, s:s}]", "field", "date", "message", "must not be in the future")));
}

enum MHD_Result api_objections_lawsuit(struct http_request *r)
{
    struct objection_in in = {.on = clock_today()};
    const struct jf_field body[] = {
        {.name = "court_reference",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 200,
         .dst = &in.reference},
        {.name = "date", .type = JF_DATE, .dst = &in.on},
        {NULL},
    };
    const struct api_handler h = {.name = "objections_lawsuit",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .before = not_future,
                                  .tx = lawsuit_tx,
                                  .what = "objection"};
    return api_run(r, &h, &in);
}

/* ---- the court: confirmation and provisional amounts ---- */

static enum db_status confirm_tx(struct db_tx *tx, struct api_call *c)
{
    struct objection_in *in = c->arg;
    const char *case_id = c->r->params[0];
    date_t due;
    char today[11], on[11], due_text[11];
    date_format(clock_today(), today);
    date_format(in->on, on);
    enum db_status st = db_case_visible(tx, &c->who, case_id);
    if (st == DB_OK)
        st = objection_period(tx, c, case_id, &due);
    if (st == DB_OK && clock_today() <= due) {
        date_format(due, due_text);
        st = api_refuse(&c->no, PROBLEM_RULE, "SZ-CLM-OBJECTION", NULL,
                        "the objection period runs until %s: the claims are confirmed after it",
                        due_text);
    }
    if (st == DB_OK) {
        st = db_claims_confirm(tx, &c->who, case_id, on, in->reference, today, &c->out);
        if (st == DB_NOT_FOUND)
            return api_refuse(&c->no, PROBLEM_CONFLICT, "SZ-CLM-CONFIRM", NULL,
                              "no claim of the served table is ready to be confirmed");
    }
    json_t *detail = st == DB_OK
                         ? json_pack("{s:O, s:s}", "ruling_id", json_object_get(c->out, "id"),
                                     "reference", in->reference)
                         : NULL;
    if (st == DB_OK)
        st = caselife_record_act(tx, &c->who, &in->cal, case_id, NULL, "claims_confirmed", in->on,
                                 detail, false);
    json_decref(detail);
    return st;
}

enum MHD_Result api_claims_confirm(struct http_request *r)
{
    struct objection_in in = {.on = clock_today()};
    rules_calendar_init(&in.cal);
    const struct jf_field body[] = {
        {.name = "reference",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 200,
         .dst = &in.reference},
        {.name = "date", .type = JF_DATE, .dst = &in.on},
        {NULL},
    };
    const struct api_handler h = {.name = "claims_confirm",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .before = objection_calendar,
                                  .tx = confirm_tx,
                                  .what = "case",
                                  .cleanup = objection_cleanup};
    return api_run(r, &h, &in);
}

struct provisional_in {
    int64_t amount;
    const char *reason;
};

static enum db_status provisional_tx(struct db_tx *tx, struct api_call *c)
{
    const struct provisional_in *in = c->arg;
    const char *id = c->r->params[0];
    json_t *claim = NULL;
    enum db_status st = db_claim_lock(tx, &c->who, id, &claim);
    if (st != DB_OK)
        return st;
    const char *status = jf_str(claim, "status");
    char today[11];
    date_format(clock_today(), today);
    if (strcmp(status, "confirmed") == 0 || strcmp(status, "withdrawn") == 0 ||
        strcmp(status, "rejected") == 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, "SZ-MTG-MEMBERS", NULL,
                        "the claim is %s: a provisional amount is for an undetermined claim",
                        status);
    else if (in->amount > jf_int(claim, "principal_fen", 0) + jf_int(claim, "interest_fen", 0))
        st = api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "amount", "exceeds the amount claimed");
    if (st == DB_OK)
        st = db_claim_provisional(tx, id, in->amount, in->reason, today);
    if (st == DB_OK)
        st = db_claim_full(tx, id, &c->out);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "claim.provisional_amount", "claim", id,
                      jf_str(claim, "case_id"), c->in);
    json_decref(claim);
    return st;
}

enum MHD_Result api_claims_provisional(struct http_request *r)
{
    struct provisional_in in = {0};
    const struct jf_field body[] = {
        {.name = "amount", .type = JF_MONEY, .required = true, .dst = &in.amount},
        {.name = "reason",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 2000,
         .dst = &in.reason},
        {NULL},
    };
    const struct api_handler h = {.name = "claims_provisional",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .tx = provisional_tx,
                                  .what = "claim"};
    return api_run(r, &h, &in);
}
