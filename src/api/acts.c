/* acts.c: recording the legal acts of a case (who may record which is the act table of
 * caselife.c, read through policy.c), listing them, reading one, and correcting a date,
 * which moves every deadline the act started or met. Two acts carry the law's own checks:
 * the announcement (the claim period the court sets, SZ-CLM-PERIOD, and the first meeting,
 * SZ-MTG-FIRST) and the extension of the decision period (SZ-APP-DECIDE, once). */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "caselife.h"
#include "clock.h"
#include "plans.h"
#include "rules.h"

/* What recording or correcting an act reads of its body, and what its checks derive. */
struct act_in {
    const char *kind;
    date_t on, event; /* the act's date (default today) and its event's */
    bool has_event, has_period;
    long long claim_period_days;
    const struct act_kind *k;
    json_t *detail; /* what the announcement's checks computed, kept in the act */
    rules_calendar cal;
};

static void act_cleanup(struct api_call *c)
{
    struct act_in *in = c->arg;
    json_decref(in->detail);
    rules_calendar_free(&in->cal);
}

/* SZ-CLM-PERIOD bounds the claim period the court sets; SZ-MTG-FIRST puts the first
 * meeting within 15 days after it ends. Bounds the calendar cannot yet give for certain
 * (a year it lacks) do not refuse: the act is recorded and flagged for the court with the
 * rule and the reason, and checked again when the court enters the year. */
static enum db_status check_announcement(struct api_call *c, struct act_in *in)
{
    const struct rule *first = rules_find(rules_builtin(), NULL, "SZ-MTG-FIRST");
    if (!in->has_period)
        return api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "claim_period_days",
                          "the announcement states the claim period the court sets, in days");
    struct rules_deadline end, latest;
    int days = (int)in->claim_period_days;
    rules_err err = caselife_meeting_bounds(&in->cal, in->on, days, &end, &latest);
    if (err == RULES_E_INVALID)
        return api_refuse(&c->no, PROBLEM_RULE, "SZ-CLM-PERIOD", "claim_period_days",
                          "the claim period is outside the bounds the law sets");
    if (err != RULES_OK)
        return api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, "date",
                          "the claim period and first meeting cannot be computed from this date");
    char msg[400];
    bool fits = caselife_meeting_fits(&end, &latest, in->event, msg, sizeof msg);
    if (!fits && !latest.provisional)
        return api_refuse(&c->no, PROBLEM_RULE, first->id, "event_date", "%s", msg);
    in->detail = json_pack("{s:i, s:O?}", "claim_period_days", days, "place",
                           json_object_get(c->in, "place"));
    caselife_bounds_detail(in->detail, &end, &latest);
    if (latest.provisional)
        json_object_set_new(in->detail, "flags",
                            json_pack("[{s:s, s:s, s:i}]", "rule", first->id, "message", msg,
                                      "missing_year", latest.missing_year));
    return DB_OK;
}

/* The flags an act's checks raised go onto the case too, naming the act. */
static enum db_status flag_case(struct db_tx *tx, struct api_call *c)
{
    const struct act_in *in = c->arg;
    enum db_status st = DB_OK;
    const char *act_id = jf_str(c->out, "id");
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(in->detail, "flags"), i, f)
    {
        json_t *flag = json_deep_copy(f);
        json_object_set_new(flag, "act_id", json_string(act_id));
        if (st == DB_OK)
            st = db_application_flag(tx, c->r->params[0], flag);
        json_decref(flag);
    }
    return st;
}

/* SZ-APP-DECIDE: the decision period may be extended extension_days, extensions times. */
static enum db_status extend_decision(struct api_call *c, struct db_tx *tx, const char *profile)
{
    struct act_in *in = c->arg;
    const char *case_id = c->r->params[0];
    const struct rule *rule = rules_find(rules_builtin(), profile, "SZ-APP-DECIDE");
    int64_t days = 0, allowed = 0;
    rules_param_i64(rule, "extension_days", &days);
    rules_param_i64(rule, "extensions", &allowed);
    json_t *current = NULL;
    enum db_status st = db_deadline_for_rule(tx, case_id, rule->id, &current);
    date_t due;
    bool usable = st == DB_OK && date_parse(jf_str(current, "due"), &due);
    long long used = jf_int(current, "extensions", 0);
    int provisional_year = (int)jf_int(current, "missing_year", 0);
    json_decref(current);
    if (st != DB_OK && st != DB_NOT_FOUND)
        return st;
    if (!usable)
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL,
                          "the decision period has no due date to extend");
    if (used >= allowed)
        return api_refuse(&c->no, PROBLEM_RULE, rule->id, NULL,
                          allowed == 1 ? "the decision period may be extended once only"
                                       : "the decision period may be extended %lld times only",
                          (long long)allowed);
    struct rules_deadline d;
    memset(&d, 0, sizeof d);
    if (rules_period_compute(&in->cal, due, (int)days, RULES_UNIT_DAYS, RULES_ROLL_FORWARD, &d) !=
        RULES_OK)
        return api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, NULL,
                          "the extension cannot be computed");
    if (provisional_year > 0) /* counted from a provisional due date */
        rules_deadline_provisional(&d, provisional_year);
    d.rule_id = rule->id;
    d.citation = rule->citation;
    char newdue[11];
    date_format(d.due, newdue);
    json_t *trace = rules_deadline_json(&d);
    st = db_deadline_extend(tx, case_id, rule->id, newdue, trace);
    json_decref(trace);
    return st;
}

/* SZ-CLM-NO-DECLARE: the administrator publishes the list of the claims it listed (the
 * employees' wages and social insurance); the act carries the list as published, which
 * every member of the case reads with the case's acts, and each claim's timeline says so. */
static enum db_status publish_listed(struct db_tx *tx, struct api_call *c, const char *on)
{
    const char *act_id = jf_str(c->out, "id");
    json_t *list = NULL;
    enum db_status st = db_listed_claims_publish(tx, c->r->params[0], act_id, on, &list);
    if (st == DB_NOT_FOUND)
        return api_refuse(&c->no, PROBLEM_CONFLICT, "SZ-CLM-NO-DECLARE", "kind",
                          "the administrator has listed no claim to publish");
    json_t *detail = json_object_get(c->out, "detail");
    if (st == DB_OK && json_is_object(detail)) {
        json_object_set_new(detail, "rule", json_string("SZ-CLM-NO-DECLARE"));
        json_object_set(detail, "listed_claims", list);
        st = db_act_detail_set(tx, act_id, detail);
    }
    json_decref(list);
    return st;
}

static enum db_status record_tx(struct db_tx *tx, struct api_call *c)
{
    struct act_in *in = c->arg;
    const char *case_id = c->r->params[0];
    struct db_application_state s = {0};
    enum db_status st = db_application_lock(tx, &c->who, case_id, &s);
    json_decref(s.materials);
    if (st != DB_OK)
        return st;
    snprintf(c->no.profile, sizeof c->no.profile, "%s", s.profile); /* refusals cite its law */
    if (strcmp(s.status, in->k->status) != 0)
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, "kind",
                          "the case is not in the state this act belongs to");
    bool creditor_petition = strcmp(s.applicant_role, "creditor") == 0;
    if (in->k->creditor_petition_only && !creditor_petition)
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, "kind",
                          "this act belongs to a creditor's petition");
    char on[11];
    date_format(in->on, on);
    if (strcmp(on, s.received_on) < 0)
        return api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, "date",
                          "an act cannot precede the application");
    if (strcmp(in->k->kind, "decision_extended") == 0 &&
        (st = extend_decision(c, tx, s.profile)) != DB_OK)
        return st;
    json_t *detail = in->detail ? json_incref(in->detail) : json_object();
    if (jf_str(c->in, "note"))
        json_object_set(detail, "note", json_object_get(c->in, "note"));
    if (jf_str(c->in, "place") && !json_object_get(detail, "place"))
        json_object_set(detail, "place", json_object_get(c->in, "place"));
    st = caselife_act(tx, &c->who, &in->cal, case_id, s.profile, in->k, in->on,
                      in->k->needs_event ? &in->event : NULL, detail, creditor_petition, &c->out);
    json_decref(detail);
    if (st == DB_OK && strcmp(in->k->kind, "claim_table_served") == 0) {
        st = db_claim_table_serve(tx, case_id, jf_str(c->out, "id"), on);
        if (st == DB_NOT_FOUND)
            return api_refuse(&c->no, PROBLEM_CONFLICT, "SZ-CLM-TABLE", "kind",
                              "the administrator has submitted no claim table to serve");
    }
    if (st == DB_OK && strcmp(in->k->kind, "listed_claims_published") == 0)
        st = publish_listed(tx, c, on);
    if (st == DB_OK) /* a plan fully executed ends (plans, issue 12) */
        st = plans_act_recorded(tx, c, case_id, in->k->kind, jf_str(c->out, "id"));
    if (st == DB_OK)
        st = flag_case(tx, c);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "act.record", "case_act", jf_str(c->out, "id"), case_id, c->out);
    return st;
}

/* The checks that need no database: the act exists, the role records it, the dates. */
static enum db_status check_act(struct api_call *c, struct act_in *in)
{
    in->k = caselife_act_kind(in->kind);
    if (in->k == NULL || !policy_act_recordable(in->k->roles))
        return api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "kind",
                          "is not an act that can be recorded");
    if (!policy_may_record_act(c->role, in->k->roles))
        return api_refuse(&c->no, PROBLEM_FORBIDDEN, NULL, NULL,
                          "this role does not record this act");
    if (in->on > clock_today())
        return api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "date", "must not be in the future");
    if (in->k->needs_event && !in->has_event)
        return api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "event_date",
                          "this act schedules a hearing or meeting: give its date");
    if (in->k->needs_event && in->event <= in->on)
        return api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "event_date",
                          "must be after the act's date");
    if (strcmp(in->k->kind, "announced") == 0)
        return check_announcement(c, in);
    return DB_OK;
}

static enum http_step before_record(struct api_call *c)
{
    struct act_in *in = c->arg;
    enum db_status st = api_calendar_load(&in->cal);
    if (st == DB_OK)
        st = check_act(c, in);
    return api_step_for(c, st);
}

enum MHD_Result api_acts_record(struct http_request *r)
{
    struct act_in in = {.on = clock_today()};
    rules_calendar_init(&in.cal);
    const struct jf_field body[] = {
        {.name = "kind", .type = JF_STRING, .required = true, .min = 1, .max = 64, .dst = &in.kind},
        {.name = "date", .type = JF_DATE, .dst = &in.on},
        {.name = "event_date", .type = JF_DATE, .dst = &in.event, .present = &in.has_event},
        {.name = "claim_period_days",
         .type = JF_INT,
         .min = 1,
         .max = 365,
         .dst = &in.claim_period_days,
         .present = &in.has_period},
        {.name = "place", .type = JF_STRING, .nullable = true, .min = 1, .max = 300},
        {.name = "note", .type = JF_STRING, .nullable = true, .min = 1, .max = 2000},
        {NULL},
    };
    const struct api_handler h = {.name = "acts_record",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .before = before_record,
                                  .tx = record_tx,
                                  .ok = 201,
                                  .what = "case or act",
                                  .cleanup = act_cleanup};
    return api_run(r, &h, &in);
}

static enum db_status list_tx(struct db_tx *tx, struct api_call *c)
{
    const char *case_id = c->r->params[0];
    json_t *items = NULL;
    enum db_status st = db_case_visible(tx, &c->who, case_id);
    if (st == DB_OK)
        st = db_acts_for_case(tx, &c->who, case_id, &items);
    if (st == DB_OK)
        c->out = json_pack("{s:o}", "items", items);
    return st;
}

enum MHD_Result api_acts_list(struct http_request *r)
{
    const struct api_handler h = {.name = "acts_list", .tx = list_tx, .what = "case or act"};
    return api_run(r, &h, NULL);
}

/* One act of a case, as the list shows it: the 201 of recording it names it here. */
static enum db_status get_tx(struct db_tx *tx, struct api_call *c)
{
    return db_act_get(tx, &c->who, c->r->params[0], c->r->params[1], &c->out);
}

enum MHD_Result api_acts_get(struct http_request *r)
{
    const struct api_handler h = {
        .name = "acts_get", .replica = true, .tx = get_tx, .what = "case or act"};
    return api_run(r, &h, NULL);
}

/* A correction is held to what recording the act was: not before the application, an
 * event date only for an act that schedules one. The service's own acts (filed, accepted)
 * and an announcement (whose claim period and first meeting were checked against the law
 * when it was made) are corrected by the decision or a new announcement, not by a date. */
static enum db_status check_correction(struct api_call *c, struct db_tx *tx, const json_t *act,
                                       const char *on, char profile[32])
{
    const struct act_in *in = c->arg;
    const struct act_kind *k = caselife_act_kind(jf_str(act, "kind"));
    if (k == NULL || !policy_act_recordable(k->roles) || strcmp(k->kind, "announced") == 0)
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL,
                          "this act is not corrected by a date: record it again");
    if (!k->needs_event && in->has_event)
        return api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "event_date",
                          "this act schedules no hearing or meeting");
    struct db_application_state s = {0};
    enum db_status st = db_application_lock(tx, &c->who, c->r->params[0], &s);
    json_decref(s.materials);
    if (st != DB_OK)
        return st;
    if (strcmp(on, s.received_on) < 0)
        return api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, "date",
                          "an act cannot precede the application");
    snprintf(profile, 32, "%s", s.profile);
    return DB_OK;
}

/* A corrected date moves the deadlines the act started (recomputed) and met (re-dated). */
static enum db_status correct_tx(struct db_tx *tx, struct api_call *c)
{
    struct act_in *in = c->arg;
    const char *case_id = c->r->params[0], *act_id = c->r->params[1];
    json_t *before = NULL, *rules_list = NULL;
    enum db_status st = db_act_lock(tx, case_id, act_id, &before);
    if (st != DB_OK)
        return st;
    char on[11], event[11], profile[32];
    date_format(in->on, on);
    if ((st = check_correction(c, tx, before, on, profile)) != DB_OK) {
        json_decref(before);
        return st;
    }
    const char *event_text = NULL;
    date_t event_day;
    if (in->has_event) {
        event_day = in->event;
        date_format(event_day, event);
        event_text = event;
    } else if (!jf_date(before, "event_date", &event_day)) {
        event_day = in->on;
    }
    /* held to what recording was: the hearing or meeting comes after the act */
    if (caselife_act_kind(jf_str(before, "kind"))->needs_event && event_day <= in->on) {
        json_decref(before);
        return api_refuse(&c->no, PROBLEM_VALIDATION, NULL, in->has_event ? "event_date" : "date",
                          "the act's event must come after its date");
    }
    st = db_act_correct(tx, act_id, on, event_text, &c->out);
    if (st == DB_OK)
        st = db_deadlines_triggered_by(tx, act_id, &rules_list);
    size_t i;
    json_t *rule_id;
    json_array_foreach(rules_list, i, rule_id)
    {
        if (st != DB_OK)
            break;
        st = caselife_recompute_deadline(tx, &in->cal, case_id, profile, json_string_value(rule_id),
                                         in->on, event_day);
    }
    if (st == DB_OK)
        st = db_deadlines_redate_met(tx, act_id, on);
    if (st == DB_OK) {
        json_t *detail = json_pack("{s:O, s:O, s:O}", "before", before, "after", c->out, "reason",
                                   json_object_get(c->in, "reason"));
        st = db_audit(tx, &c->who, "act.correct", "case_act", act_id, case_id, detail);
        json_decref(detail);
    }
    json_decref(before);
    json_decref(rules_list);
    return st;
}

static enum http_step before_correct(struct api_call *c)
{
    struct act_in *in = c->arg;
    enum db_status st = in->on > clock_today() ? api_refuse(&c->no, PROBLEM_VALIDATION, NULL,
                                                            "date", "must not be in the future")
                                               : api_calendar_load(&in->cal);
    return api_step_for(c, st);
}

enum MHD_Result api_acts_correct(struct http_request *r)
{
    struct act_in in = {0};
    rules_calendar_init(&in.cal);
    const struct jf_field body[] = {
        {.name = "date", .type = JF_DATE, .required = true, .dst = &in.on},
        {.name = "event_date", .type = JF_DATE, .dst = &in.event, .present = &in.has_event},
        {.name = "reason", .type = JF_STRING, .required = true, .min = 1, .max = 2000},
        {NULL},
    };
    /* If-Match is honoured when sent (412 when the act changed since it was read) */
    const struct api_handler h = {.name = "acts_correct",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .before = before_correct,
                                  .tx = correct_tx,
                                  .current = get_tx,
                                  .what = "case or act",
                                  .cleanup = act_cleanup};
    return api_run(r, &h, &in);
}
