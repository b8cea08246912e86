/* restrictions.c: the restrictions of a case, the court's consents and lifting, the change
 * feed that enforcing units poll, the single-person check, and the debtor's view of who
 * checked on it. The feed's ETag is its head position: an unchanged feed answers 304 from
 * one index lookup, without reading any change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "caselife.h"
#include "clock.h"
#include "idnumber.h"
#include "rules.h"

static const char *const consent_kinds[] = {"consumption", "exit", NULL};
static const char *const purposes[] = {"life", "work", NULL};
static const char *const grounds[] = {"discharge_ruling", "plan_approved", "settlement_approved",
                                      "termination", NULL};

/* What a route on a case's restrictions reads: the body's fields the statements take, and
 * the service's date (the restrictions and consents current today). */
struct restriction_in {
    char today[11];
    const char *restriction, *debtor_id, *item, *purpose, *reason; /* a consent */
    const char *ground;                                            /* a lift */
    date_t effective_on;                                           /* a lift: today if absent */
    const char *rule_id;                                           /* the lift's rule */
};

static void restriction_in_init(struct restriction_in *in)
{
    date_format(clock_today(), in->today);
    in->effective_on = clock_today();
}

/* A 400 decided before any database work, shaped as the refusals are (detail = message). */
static enum http_step refuse_input(struct api_call *c, const char *field, const char *message)
{
    return api_step_for(c, api_refuse(&c->no, PROBLEM_VALIDATION, NULL, field, "%s", message));
}

static enum db_status case_tx(struct db_tx *tx, struct api_call *c)
{
    const struct restriction_in *in = c->arg;
    const char *case_id = c->r->params[0];
    json_t *items = NULL;
    enum db_status st = db_case_visible(tx, &c->who, case_id);
    if (st == DB_OK)
        st = db_restrictions_for_case(tx, &c->who, case_id, in->today, &items);
    if (st == DB_OK)
        c->out = json_pack("{s:o}", "items", items);
    return st;
}

enum MHD_Result api_restrictions_for_case(struct http_request *r)
{
    struct restriction_in in = {0};
    restriction_in_init(&in);
    const struct api_handler h = {.name = "restrictions_for_case", .tx = case_tx, .what = "case"};
    return api_run(r, &h, &in);
}

/* ---- consents ---- */

static enum db_status consent_tx(struct db_tx *tx, struct api_call *c)
{
    const struct restriction_in *in = c->arg;
    const char *case_id = c->r->params[0];
    const char *kind = in->restriction, *item = in->item;
    const char *from = jf_str(c->in, "from"), *to = jf_str(c->in, "to");
    json_t *rest = NULL, *consent = NULL;
    struct db_application_state s = {0};
    enum db_status st = db_application_lock(tx, &c->who, case_id, &s);
    json_decref(s.materials);
    if (st != DB_OK)
        return st;
    st = db_restriction_of_kind(tx, case_id, kind, in->debtor_id, &rest);
    if (st == DB_NOT_FOUND)
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, "restriction",
                          "the case has no such restriction");
    if (st == DB_OK && strcmp(jf_str(rest, "status"), "active") != 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, "restriction", "the restriction is lifted");
    if (st == DB_OK && strcmp(kind, "consumption") == 0 &&
        (item == NULL ||
         !jf_listed(json_object_get(json_object_get(rest, "detail"), "items"), item)))
        st = api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "item",
                        "name a consumption item of the restriction");
    if (st == DB_OK && strcmp(kind, "exit") == 0 && item != NULL)
        st = api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "item",
                        "permission to leave the country names no item");
    const char *id = json_string_value(json_object_get(rest, "id"));
    if (st == DB_OK)
        st = db_feed_lock(tx);
    if (st == DB_OK)
        st = db_consent_insert(tx, id, case_id, item, in->purpose, in->reason, from, to,
                               c->who.subject, &consent);
    if (st == DB_OK)
        st = db_restriction_change(tx, id, "consent_granted", jf_str(rest, "rule_id"),
                                   jf_str(rest, "citation"), from, to, consent);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "restrictions.consent", "restriction", id, case_id, consent);
    json_decref(rest);
    json_decref(consent);
    return st == DB_OK ? case_tx(tx, c) : st;
}

static enum http_step check_period(struct api_call *c)
{
    if (strcmp(jf_str(c->in, "to"), jf_str(c->in, "from")) < 0)
        return refuse_input(c, "to", "must not precede from");
    return HTTP_GO_ON;
}

enum MHD_Result api_restrictions_consent(struct http_request *r)
{
    struct restriction_in in = {0};
    restriction_in_init(&in);
    const struct jf_field body[] = {
        {.name = "restriction",
         .type = JF_ENUM,
         .required = true,
         .enum_values = consent_kinds,
         .dst = &in.restriction},
        /* the joint debtor's, in a joint case */
        {.name = "debtor_id", .type = JF_UUID, .dst = &in.debtor_id},
        {.name = "item", .type = JF_STRING, .nullable = true, .min = 1, .max = 64, .dst = &in.item},
        {.name = "purpose",
         .type = JF_ENUM,
         .required = true,
         .enum_values = purposes,
         .dst = &in.purpose},
        {.name = "reason",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 2000,
         .dst = &in.reason},
        {.name = "from", .type = JF_DATE, .required = true},
        {.name = "to", .type = JF_DATE, .required = true},
        {NULL},
    };
    const struct api_handler h = {.name = "restrictions_consent",
                                  .write = true,
                                  .body = body,
                                  .before = check_period,
                                  .tx = consent_tx,
                                  .what = "case"};
    return api_run(r, &h, &in);
}

/* ---- lifting ---- */

static enum db_status lift_tx(struct db_tx *tx, struct api_call *c)
{
    struct restriction_in *in = c->arg;
    const char *case_id = c->r->params[0];
    struct db_application_state s = {0};
    enum db_status st = db_application_lock(tx, &c->who, case_id, &s);
    json_decref(s.materials);
    if (st != DB_OK)
        return st;
    bool fits = false;
    in->rule_id = caselife_lift_rule(in->ground, s.procedure, &fits);
    if (!fits)
        return api_refuse(&c->no, PROBLEM_RULE, "SZ-RST-PERIOD", "ground",
                          "restrictions of this procedure are not lifted on this ground");
    char on_text[11];
    date_format(in->effective_on, on_text);
    if (strcmp(on_text, s.accepted_on) < 0)
        return api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, "effective_on",
                          "cannot precede the acceptance");
    st = caselife_lift_restrictions(tx, &c->who, case_id, in->ground, in->reason, in->effective_on,
                                    &in->rule_id);
    if (st == DB_NOT_FOUND)
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL,
                          "the case has no active restriction");
    if (st == DB_OK) {
        json_t *detail = json_pack("{s:O, s:s}", "request", c->in, "rule", in->rule_id);
        st = db_audit(tx, &c->who, "restrictions.lift", "application", case_id, case_id, detail);
        json_decref(detail);
    }
    return st == DB_OK ? case_tx(tx, c) : st;
}

static enum http_step check_not_future(struct api_call *c)
{
    const struct restriction_in *in = c->arg;
    if (in->effective_on > clock_today())
        return refuse_input(c, "effective_on", "must not be in the future");
    return HTTP_GO_ON;
}

enum MHD_Result api_restrictions_lift(struct http_request *r)
{
    struct restriction_in in = {0};
    restriction_in_init(&in);
    const struct jf_field body[] = {
        {.name = "ground",
         .type = JF_ENUM,
         .required = true,
         .enum_values = grounds,
         .dst = &in.ground},
        {.name = "reason",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 2000,
         .dst = &in.reason},
        {.name = "effective_on", .type = JF_DATE, .dst = &in.effective_on},
        {NULL},
    };
    const struct api_handler h = {.name = "restrictions_lift",
                                  .write = true,
                                  .body = body,
                                  .before = check_not_future,
                                  .tx = lift_tx,
                                  .what = "case"};
    return api_run(r, &h, &in);
}

/* ---- the feed ---- */

/* The feed machinery (cursor, epoch, ETag, 304 from the head the watcher heard) is
 * src/api/feed.c's; this feed's positions are restriction_changes'. */
static const struct api_feed restriction_feed = {
    .etag_prefix = "feed",
    .head_cached = db_feed_head_cached,
    .head = db_feed_head,
    .changes = db_feed_changes,
    .pages_in_memory = true,
};

enum MHD_Result api_restrictions_changes(struct http_request *r)
{
    return api_feed_run(r, "restrictions_changes", &restriction_feed);
}

/* ---- one person, and who looked ---- */

struct check_in {
    const char *id_number;
    char today[11];
};

static enum http_step check_id_number(struct api_call *c)
{
    const struct check_in *in = c->arg;
    if (in->id_number != NULL && idnumber_valid(in->id_number))
        return HTTP_GO_ON;
    c->r->outcome = "invalid";
    return http_replied(
        http_problem_fields(c->r, PROBLEM_VALIDATION, "bad identity number",
                            json_pack("[{s:s, s:s}]", "field", "id_number", "message",
                                      "must be an 18-character resident identity number")));
}

/* Finds the person's restrictions and records the check (a write: every check is kept). */
static enum db_status check_tx(struct db_tx *tx, struct api_call *c)
{
    const struct check_in *in = c->arg;
    json_t *found = NULL;
    enum db_status st = db_restriction_check(tx, &c->who, in->id_number, in->today, &found);
    if (st != DB_OK && st != DB_NOT_FOUND) { /* an unknown person is an answer too */
        json_decref(found);
        return st;
    }
    json_t *listed = json_object_get(found, "restrictions");
    json_t *list = listed ? json_incref(listed) : json_array();
    c->out = json_pack("{s:s, s:b, s:o, s:s}", "id_number", in->id_number, "under_restriction",
                       json_array_size(list) > 0, "restrictions", list, "checked_on", in->today);
    json_decref(found);
    return DB_OK;
}

enum MHD_Result api_restrictions_check(struct http_request *r)
{
    struct check_in in = {0};
    date_format(clock_today(), in.today);
    const struct jf_field query[] = {
        {.name = "id_number", .type = JF_STRING, .dst = &in.id_number}, /* check_id_number */
        {NULL},
    };
    const struct api_handler h = {.name = "restrictions_check",
                                  .write = true,
                                  .replica = true,
                                  .query = query,
                                  .before = check_id_number,
                                  .tx = check_tx,
                                  .what = "person"};
    return api_run(r, &h, &in);
}

static enum db_status checks_tx(struct db_tx *tx, struct api_call *c)
{
    const char *debtor_id = c->r->params[0];
    json_t *exists = NULL, *items = NULL;
    enum db_status st = db_debtor_get(tx, &c->who, debtor_id, &exists);
    json_decref(exists);
    if (st == DB_OK)
        st = db_restriction_checks_for_debtor(tx, &c->who, debtor_id, c->cursor, c->limit, &items);
    if (st == DB_OK)
        c->out = api_page(items, c->limit);
    return st;
}

enum MHD_Result api_debtor_restriction_checks(struct http_request *r)
{
    const struct api_handler h = {
        .name = "debtor_restriction_checks", .page = 100, .tx = checks_tx, .what = "debtor"};
    return api_run(r, &h, NULL);
}
