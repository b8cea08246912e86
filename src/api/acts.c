/* acts.c: recording the legal acts of a case (who may record which is the act table of
 * caselife.c), listing them, and correcting a date, which moves every deadline the act
 * started or met. Two acts carry the law's own checks: the announcement (the claim period
 * the court sets, SZ-CLM-PERIOD, and the first meeting, SZ-MTG-FIRST) and the extension of
 * the decision period (SZ-APP-DECIDE, once). */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "caselife.h"
#include "clock.h"
#include "rules.h"

static const struct jf_field act_fields[] = {
    {"kind", JF_STRING, true, false, 1, 64},
    {"date", JF_DATE, false, false, 0, 0},
    {"event_date", JF_DATE, false, false, 0, 0},
    {"claim_period_days", JF_INT, false, false, 1, 365},
    {"place", JF_STRING, false, true, 1, 300},
    {"note", JF_STRING, false, true, 1, 2000},
    {NULL},
};

static const struct jf_field correct_fields[] = {
    {"date", JF_DATE, true, false, 0, 0},
    {"event_date", JF_DATE, false, false, 0, 0},
    {"reason", JF_STRING, true, false, 1, 2000},
    {NULL},
};

struct act_op {
    struct db_actor who;
    enum role role;
    const char *case_id, *act_id;
    json_t *in, *out, *detail;
    const struct act_kind *kind;
    date_t on, event;
    rules_calendar cal;
    struct api_refusal no;
};

#define refuse(op, ...) api_refuse(&(op)->no, __VA_ARGS__)

static enum MHD_Result finish(struct http_request *r, struct act_op *op, enum db_status st,
                              unsigned ok)
{
    enum MHD_Result ret;
    if (st == DB_OK) {
        ret = http_reply_json(r, ok, op->out);
        op->out = NULL;
    } else if (st == DB_REFUSED) {
        ret = api_reply_refusal(r, &op->no);
    } else {
        ret = api_db_failure(r, st, "case or act");
    }
    json_decref(op->out);
    json_decref(op->in);
    json_decref(op->detail);
    rules_calendar_free(&op->cal);
    return ret;
}

/* SZ-CLM-PERIOD bounds the claim period the court sets; SZ-MTG-FIRST puts the first
 * meeting within 15 days after it ends. Bounds the calendar cannot yet give for certain
 * (a year it lacks) do not refuse: the act is recorded and flagged for the court with the
 * rule and the reason, and checked again when the court enters the year. */
static enum db_status check_announcement(struct act_op *op)
{
    const struct rule *first = rules_find(rules_builtin(), NULL, "SZ-MTG-FIRST");
    if (!json_object_get(op->in, "claim_period_days"))
        return refuse(op, PROBLEM_VALIDATION, NULL, "claim_period_days",
                      "the announcement states the claim period the court sets, in days");
    struct rules_deadline end, latest;
    int days = (int)jf_int(op->in, "claim_period_days", 0);
    rules_err err = caselife_meeting_bounds(&op->cal, op->on, days, &end, &latest);
    if (err == RULES_E_INVALID)
        return refuse(op, PROBLEM_RULE, "SZ-CLM-PERIOD", "claim_period_days",
                      "the claim period is outside the bounds the law sets");
    if (err != RULES_OK)
        return refuse(op, PROBLEM_UNPROCESSABLE, NULL, "date",
                      "the claim period and first meeting cannot be computed from this date");
    char msg[400];
    bool fits = caselife_meeting_fits(&end, &latest, op->event, msg, sizeof msg);
    if (!fits && !latest.provisional)
        return refuse(op, PROBLEM_RULE, first->id, "event_date", "%s", msg);
    op->detail = json_pack("{s:i, s:O?}", "claim_period_days", days, "place",
                           json_object_get(op->in, "place"));
    caselife_bounds_detail(op->detail, &end, &latest);
    if (latest.provisional)
        json_object_set_new(op->detail, "flags",
                            json_pack("[{s:s, s:s, s:i}]", "rule", first->id, "message", msg,
                                      "missing_year", latest.missing_year));
    return DB_OK;
}

/* The flags an act's checks raised go onto the case too, naming the act. */
static enum db_status flag_case(struct db_tx *tx, struct act_op *op)
{
    enum db_status st = DB_OK;
    const char *act_id = jf_str(op->out, "id");
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(op->detail, "flags"), i, f)
    {
        json_t *flag = json_deep_copy(f);
        json_object_set_new(flag, "act_id", json_string(act_id));
        if (st == DB_OK)
            st = db_application_flag(tx, op->case_id, flag);
        json_decref(flag);
    }
    return st;
}

/* SZ-APP-DECIDE: the decision period may be extended extension_days, extensions times. */
static enum db_status extend_decision(struct act_op *op, struct db_tx *tx)
{
    const struct rule *rule = rules_find(rules_builtin(), NULL, "SZ-APP-DECIDE");
    int64_t days = 0, allowed = 0;
    rules_param_i64(rule, "extension_days", &days);
    rules_param_i64(rule, "extensions", &allowed);
    json_t *current = NULL;
    enum db_status st = db_deadline_for_rule(tx, op->case_id, rule->id, &current);
    date_t due;
    bool usable = st == DB_OK && date_parse(jf_str(current, "due"), &due);
    long long used = jf_int(current, "extensions", 0);
    int provisional_year = (int)jf_int(current, "missing_year", 0);
    json_decref(current);
    if (st != DB_OK && st != DB_NOT_FOUND)
        return st;
    if (!usable)
        return refuse(op, PROBLEM_CONFLICT, NULL, NULL, "the decision period has no due date to extend");
    if (used >= allowed)
        return refuse(op, PROBLEM_RULE, rule->id, NULL, "the decision period may be extended once only");
    struct rules_deadline d;
    memset(&d, 0, sizeof d);
    if (rules_period_compute(&op->cal, due, (int)days, RULES_UNIT_DAYS, RULES_ROLL_FORWARD, &d) != RULES_OK)
        return refuse(op, PROBLEM_UNPROCESSABLE, NULL, NULL, "the extension cannot be computed");
    if (provisional_year > 0) /* counted from a provisional due date */
        rules_deadline_provisional(&d, provisional_year);
    d.rule_id = rule->id;
    d.citation = rule->citation;
    char newdue[11];
    date_format(d.due, newdue);
    json_t *trace = rules_deadline_json(&d);
    st = db_deadline_extend(tx, op->case_id, rule->id, newdue, trace);
    json_decref(trace);
    return st;
}

static enum db_status record_tx(struct db_tx *tx, void *arg)
{
    struct act_op *op = arg;
    json_decref(op->out);
    op->out = NULL;
    struct db_application_state s = {0};
    enum db_status st = db_application_lock(tx, &op->who, op->case_id, &s);
    json_decref(s.materials);
    if (st != DB_OK)
        return st;
    if (strcmp(s.status, op->kind->status) != 0)
        return refuse(op, PROBLEM_CONFLICT, NULL, "kind", "the case is not in the state this act belongs to");
    bool creditor_petition = strcmp(s.applicant_role, "creditor") == 0;
    if (op->kind->creditor_petition_only && !creditor_petition)
        return refuse(op, PROBLEM_CONFLICT, NULL, "kind", "this act belongs to a creditor's petition");
    char on[11];
    date_format(op->on, on);
    if (strcmp(on, s.received_on) < 0)
        return refuse(op, PROBLEM_UNPROCESSABLE, NULL, "date", "an act cannot precede the application");
    if (strcmp(op->kind->kind, "decision_extended") == 0 && (st = extend_decision(op, tx)) != DB_OK)
        return st;
    json_t *detail = op->detail ? json_incref(op->detail) : json_object();
    if (jf_str(op->in, "note"))
        json_object_set(detail, "note", json_object_get(op->in, "note"));
    if (jf_str(op->in, "place") && !json_object_get(detail, "place"))
        json_object_set(detail, "place", json_object_get(op->in, "place"));
    st = caselife_act(tx, &op->who, &op->cal, op->case_id, NULL, op->kind, op->on,
                      op->kind->needs_event ? &op->event : NULL, detail, creditor_petition, &op->out);
    json_decref(detail);
    if (st == DB_OK)
        st = flag_case(tx, op);
    if (st == DB_OK)
        st = db_audit(tx, &op->who, "act.record", "case_act",
                      json_string_value(json_object_get(op->out, "id")), op->case_id, op->out);
    return st;
}

/* The checks that need no database: the act exists, the role records it, the dates. */
static enum db_status check_act(struct act_op *op)
{
    op->kind = caselife_act_kind(jf_str(op->in, "kind"));
    if (op->kind == NULL || op->kind->roles == 0)
        return refuse(op, PROBLEM_VALIDATION, NULL, "kind", "is not an act that can be recorded");
    if ((op->kind->roles & (1u << op->role)) == 0)
        return refuse(op, PROBLEM_FORBIDDEN, NULL, NULL, "this role does not record this act");
    if (!jf_date(op->in, "date", &op->on))
        op->on = clock_today();
    if (op->on > clock_today())
        return refuse(op, PROBLEM_VALIDATION, NULL, "date", "must not be in the future");
    if (op->kind->needs_event && !jf_date(op->in, "event_date", &op->event))
        return refuse(op, PROBLEM_VALIDATION, NULL, "event_date", "this act schedules a hearing or meeting: give its date");
    if (op->kind->needs_event && op->event <= op->on)
        return refuse(op, PROBLEM_VALIDATION, NULL, "event_date", "must be after the act's date");
    if (strcmp(op->kind->kind, "announced") == 0)
        return check_announcement(op);
    return DB_OK;
}

enum MHD_Result api_acts_record(struct http_request *r)
{
    struct act_op op = {.role = r->who.role};
    rules_calendar_init(&op.cal);
    api_actor(r, &op.who);
    enum http_step step = api_path_uuid(r, 0, &op.case_id);
    if (step == HTTP_GO_ON)
        step = api_read_body(r, act_fields, NULL, &op.in);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    enum db_status st = api_calendar_load(&op.cal);
    if (st == DB_OK)
        st = check_act(&op);
    if (st == DB_OK)
        st = db_transact(record_tx, &op);
    return finish(r, &op, st, 201);
}

static enum db_status list_tx(struct db_tx *tx, void *arg)
{
    struct act_op *op = arg;
    json_decref(op->out);
    op->out = NULL;
    json_t *exists = NULL;
    enum db_status st = db_application_get(tx, &op->who, op->case_id, &exists);
    json_decref(exists);
    if (st == DB_OK)
        st = db_acts_for_case(tx, &op->who, op->case_id, &op->out);
    return st;
}

enum MHD_Result api_acts_list(struct http_request *r)
{
    struct act_op op = {.role = r->who.role};
    rules_calendar_init(&op.cal);
    api_actor(r, &op.who);
    enum http_step step = api_path_uuid(r, 0, &op.case_id);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    enum db_status st = db_read(list_tx, &op);
    if (st == DB_OK)
        op.out = json_pack("{s:o}", "items", op.out);
    return finish(r, &op, st, 200);
}

/* A correction is held to what recording the act was: not before the application, an
 * event date only for an act that schedules one. The service's own acts (filed, accepted)
 * and an announcement (whose claim period and first meeting were checked against the law
 * when it was made) are corrected by the decision or a new announcement, not by a date. */
static enum db_status check_correction(struct act_op *op, struct db_tx *tx, const json_t *act,
                                       const char *on)
{
    const struct act_kind *k = caselife_act_kind(jf_str(act, "kind"));
    if (k == NULL || k->roles == 0 || strcmp(k->kind, "announced") == 0)
        return refuse(op, PROBLEM_CONFLICT, NULL, NULL,
                      "this act is not corrected by a date: record it again");
    if (!k->needs_event && json_object_get(op->in, "event_date"))
        return refuse(op, PROBLEM_VALIDATION, NULL, "event_date", "this act schedules no hearing or meeting");
    struct db_application_state s = {0};
    enum db_status st = db_application_lock(tx, &op->who, op->case_id, &s);
    json_decref(s.materials);
    if (st != DB_OK)
        return st;
    if (strcmp(on, s.received_on) < 0)
        return refuse(op, PROBLEM_UNPROCESSABLE, NULL, "date", "an act cannot precede the application");
    return DB_OK;
}

/* A corrected date moves the deadlines the act started (recomputed) and met (re-dated). */
static enum db_status correct_tx(struct db_tx *tx, void *arg)
{
    struct act_op *op = arg;
    json_t *before = NULL, *rules_list = NULL;
    json_decref(op->out);
    op->out = NULL;
    enum db_status st = db_act_lock(tx, op->case_id, op->act_id, &before);
    if (st != DB_OK)
        return st;
    char on[11], event[11];
    date_format(op->on, on);
    if ((st = check_correction(op, tx, before, on)) != DB_OK) {
        json_decref(before);
        return st;
    }
    const char *event_text = NULL;
    if (jf_date(op->in, "event_date", &op->event)) {
        date_format(op->event, event);
        event_text = event;
    } else if (!jf_date(before, "event_date", &op->event)) {
        op->event = op->on;
    }
    st = db_act_correct(tx, op->act_id, on, event_text, &op->out);
    if (st == DB_OK)
        st = db_deadlines_triggered_by(tx, op->act_id, &rules_list);
    size_t i;
    json_t *rule_id;
    json_array_foreach(rules_list, i, rule_id)
    {
        if (st != DB_OK)
            break;
        st = caselife_recompute_deadline(tx, &op->cal, op->case_id, json_string_value(rule_id),
                                         op->on, op->event);
    }
    if (st == DB_OK)
        st = db_deadlines_redate_met(tx, op->act_id, on);
    if (st == DB_OK) {
        json_t *detail = json_pack("{s:O, s:O, s:O}", "before", before, "after", op->out, "reason",
                                   json_object_get(op->in, "reason"));
        st = db_audit(tx, &op->who, "act.correct", "case_act", op->act_id, op->case_id, detail);
        json_decref(detail);
    }
    json_decref(before);
    json_decref(rules_list);
    return st;
}

enum MHD_Result api_acts_correct(struct http_request *r)
{
    struct act_op op = {.role = r->who.role};
    rules_calendar_init(&op.cal);
    api_actor(r, &op.who);
    enum http_step step = api_path_uuid(r, 0, &op.case_id);
    if (step == HTTP_GO_ON)
        step = api_path_uuid(r, 1, &op.act_id);
    if (step == HTTP_GO_ON)
        step = api_read_body(r, correct_fields, NULL, &op.in);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    jf_date(op.in, "date", &op.on);
    enum db_status st = op.on > clock_today()
                            ? refuse(&op, PROBLEM_VALIDATION, NULL, "date", "must not be in the future")
                            : api_calendar_load(&op.cal);
    if (st == DB_OK)
        st = db_transact(correct_tx, &op);
    return finish(r, &op, st, 200);
}
