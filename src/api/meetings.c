/* meetings.c: creditors' meetings. The first meeting is the one the announcement set
 * (SZ-MTG-FIRST checked its date); later ones are convened by the court or asked for by the
 * administrator or by creditors holding more than a quarter of the claims (SZ-MTG-CALL).
 * The notice is an act with its date, at least SZ-MTG-NOTICE's days before the meeting (a
 * late one only by the court, with a recorded reason, flagged). Agenda items name the rule
 * that decides them; opening an item's voting freezes its membership from the claims
 * (SZ-MTG-MEMBERS, SZ-MTG-SECURED-NO-DIST-VOTE, SZ-REO-GROUPS); ballots are kept, each
 * with a receipt (ballots.c); closing an item records its tally, closing the meeting opens
 * SZ-MTG-REVOKE's period in the case, and the minutes (SZ-MTG-MINUTES) list every item. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "caselife.h"
#include "clock.h"
#include "meetings.h"
#include "money.h"
#include "rules_meeting.h"

static const char *const meeting_kinds[] = {"first", "later", NULL};
static const char *const item_kinds[] = {"general",           "exempt_property_list",
                                         "management_plan",   "realization_plan",
                                         "distribution_plan", "reorganization_plan",
                                         "settlement",        "administrator_replacement",
                                         "committee",         NULL};
static const char *const attendance_modes[] = {"in_person", "agent", "online", NULL};

/* What the meeting routes read of their bodies, and the calendar some of them need. */
struct meeting_in {
    const char *kind, *place, *room, *late_reason, *text, *reference, *member, *mode, *agent_name,
        *power_of_attorney, *item_id, *reasons;
    const json_t *requesting, *committee;
    date_t date;
    bool has_date;
    int64_t small_claims_max;
    int adjusts;
    rules_calendar cal;
};

static void meeting_cleanup(struct api_call *c)
{
    struct meeting_in *in = c->arg;
    rules_calendar_free(&in->cal);
}

static enum http_step load_calendar(struct api_call *c)
{
    struct meeting_in *in = c->arg;
    if (api_calendar_load(&in->cal) == DB_OK)
        return HTTP_GO_ON;
    c->r->outcome = "unavailable";
    return http_replied(api_db_failure(c->r, DB_UNAVAILABLE, "meeting"));
}

static const struct rule *case_rule(struct api_call *c, const char *id)
{
    return api_rule(c->no.profile, id);
}

static void at_meeting(struct api_call *c, const char *id)
{
    free(c->r->location);
    c->r->location = NULL;
    if (id == NULL || asprintf(&c->r->location, "/v1/meetings/%s", id) < 0)
        c->r->location = NULL;
}

/* The meeting locked, seen through the actor's case membership; the case's profile goes
 * into c->no for the rules a refusal names. */
static enum db_status meeting_locked(struct db_tx *tx, struct api_call *c, json_t **meeting)
{
    json_t *locked = NULL;
    enum db_status st = db_meeting_lock(tx, &c->who, c->r->params[0], &locked);
    if (st != DB_OK)
        return st;
    bool visible = json_is_true(json_object_get(locked, "visible"));
    snprintf(c->no.profile, sizeof c->no.profile, "%s", jf_str(locked, "profile") ?: "");
    *meeting = json_incref(json_object_get(locked, "meeting"));
    json_decref(locked);
    if (!visible) {
        json_decref(*meeting);
        *meeting = NULL;
        return DB_NOT_FOUND;
    }
    return DB_OK;
}

static enum db_status refuse_closed(struct api_call *c, const json_t *meeting)
{
    if (strcmp(jf_str(meeting, "state"), "closed") == 0)
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL, "the meeting is closed");
    return DB_OK;
}

/* ---- convening ---- */

/* SZ-MTG-CALL: the requesting creditors (the caller among them) hold more than the rule's
 * share of the case's claims, at their confirmed or admitted amounts. */
static enum db_status call_check(struct db_tx *tx, struct api_call *c, const char *case_id,
                                 json_t **requesting, json_t **check)
{
    const struct meeting_in *in = c->arg;
    const struct rule *rule = case_rule(c, "SZ-MTG-CALL");
    size_t i;
    json_t *s;
    bool caller_listed = false;
    json_array_foreach(in->requesting, i, s) caller_listed =
        caller_listed || strcmp(json_string_value(s), c->who.subject) == 0;
    if (!caller_listed)
        return api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "requesting_creditors",
                          "must name the requesting creditor itself");
    json_t *amounts = NULL;
    enum db_status st = db_meeting_call_amounts(tx, case_id, in->requesting, &amounts);
    if (st != DB_OK)
        return st;
    if (json_is_true(json_object_get(amounts, "too_large"))) {
        json_decref(amounts);
        return api_refuse(&c->no, PROBLEM_RULE, rule->id, "requesting_creditors",
                          "the claims of the case add up to more than the service can weigh");
    }
    int64_t total = jf_int(amounts, "total_fen", 0), asked = 0;
    *requesting = json_array();
    json_array_foreach(json_object_get(amounts, "requesting"), i, s)
    {
        if (!json_is_true(json_object_get(s, "member")) && st == DB_OK)
            st = api_refuse(&c->no, PROBLEM_RULE, "SZ-MTG-MEMBERS", "requesting_creditors",
                            "%s holds no claim in the case", jf_str(s, "subject"));
        int64_t fen = jf_int(s, "amount_fen", 0);
        char text[32];
        money_format(fen, text);
        asked += fen;
        json_array_append_new(
            *requesting, json_pack("{s:s, s:s}", "subject", jf_str(s, "subject"), "amount", text));
    }
    json_decref(amounts);
    if (st != DB_OK)
        return st;
    struct rules_condition cond;
    if (rules_meeting_call(rule, asked, total, &cond) != RULES_OK)
        return api_refuse(&c->no, PROBLEM_RULE, rule->id, "requesting_creditors",
                          "the claims of the case cannot be weighed");
    char asked_text[32], total_text[32];
    money_format(asked, asked_text);
    money_format(total, total_text);
    *check = json_pack("{s:s, s:s, s:s, s:s?, s:I, s:I, s:b}", "rule_id", rule->id, "requesting",
                       asked_text, "total", total_text, "of", cond.of, "num", (json_int_t)cond.num,
                       "den", (json_int_t)cond.den, "met", cond.met);
    if (!cond.met)
        return api_refuse(&c->no, PROBLEM_RULE, rule->id, "requesting_creditors",
                          "the requesting creditors hold %s of %s: a meeting is called at the "
                          "request of creditors holding more than %lld/%lld of the claims",
                          asked_text, total_text, (long long)cond.num, (long long)cond.den);
    return DB_OK;
}

static const char *called_by(enum role role)
{
    switch (role) {
    case ROLE_COURT:
        return "court";
    case ROLE_ADMINISTRATOR:
        return "administrator";
    default:
        return "creditors";
    }
}

static enum db_status convene_first(struct api_call *c, const json_t *facts,
                                    struct db_meeting_new *m, char date[11])
{
    const struct meeting_in *in = c->arg;
    const char *announced = jf_str(facts, "first_meeting_date");
    if (c->role == ROLE_CREDITOR)
        return api_refuse(&c->no, PROBLEM_FORBIDDEN, NULL, "kind",
                          "the first meeting is the one the announcement set");
    if (announced == NULL)
        return api_refuse(&c->no, PROBLEM_CONFLICT, "SZ-MTG-FIRST", "kind",
                          "the case has no announcement setting the first meeting");
    if (json_is_true(json_object_get(facts, "first_exists")))
        return api_refuse(&c->no, PROBLEM_CONFLICT, "SZ-MTG-FIRST", "kind",
                          "the first meeting is convened already");
    date_format(in->date, date);
    if (in->has_date && strcmp(date, announced) != 0)
        return api_refuse(&c->no, PROBLEM_RULE, "SZ-MTG-FIRST", "date",
                          "the first meeting is on the announced date, %s", announced);
    snprintf(date, 11, "%s", announced);
    m->called_by = "announcement";
    if (m->place == NULL && m->room == NULL)
        m->place = jf_str(facts, "first_meeting_place");
    return DB_OK;
}

static enum db_status convene_tx(struct db_tx *tx, struct api_call *c)
{
    const struct meeting_in *in = c->arg;
    const char *case_id = c->r->params[0];
    json_t *facts = NULL, *requesting = NULL, *check = NULL;
    enum db_status st = db_meeting_case(tx, &c->who, case_id, &facts);
    if (st != DB_OK)
        return st;
    snprintf(c->no.profile, sizeof c->no.profile, "%s", jf_str(facts, "profile") ?: "");
    char date[11] = "";
    struct db_meeting_new m = {.case_id = case_id,
                               .kind = in->kind,
                               .called_by = called_by(c->role),
                               .date = date,
                               .place = in->place,
                               .room = in->room};
    if (!json_is_true(json_object_get(facts, "visible")))
        st = DB_NOT_FOUND;
    else if (strcmp(jf_str(facts, "status"), "accepted") != 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL, "the case is not accepted");
    else if (strcmp(in->kind, "first") == 0)
        st = convene_first(c, facts, &m, date);
    else if (!in->has_date || in->date <= clock_today())
        st = api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "date",
                        "a later meeting is convened for a date after today");
    else
        date_format(in->date, date);
    if (st == DB_OK && strcmp(in->kind, "later") == 0 && c->role == ROLE_CREDITOR)
        st = call_check(tx, c, case_id, &requesting, &check);
    if (st == DB_OK && m.place == NULL && m.room == NULL)
        st = api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "place",
                        "a meeting has a place or an online room");
    m.requesting = requesting;
    m.call_check = check;
    if (st == DB_OK)
        st = db_meeting_insert(tx, &c->who, &m, &c->out);
    if (st == DB_OK)
        at_meeting(c, jf_str(c->out, "id"));
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "meeting.convene", "meeting", jf_str(c->out, "id"), case_id,
                      c->out);
    json_decref(facts);
    json_decref(requesting);
    json_decref(check);
    return st;
}

static void check_convene(struct api_call *c, json_t *errors)
{
    const struct meeting_in *in = c->arg;
    bool later = strcmp(in->kind, "later") == 0;
    if (later && c->role == ROLE_CREDITOR && json_array_size(in->requesting) == 0)
        jf_error(errors, "requesting_creditors",
                 "is required: creditors ask for a meeting together (SZ-MTG-CALL)");
    if (c->role != ROLE_CREDITOR && in->requesting != NULL)
        jf_error(errors, "requesting_creditors", "only creditors' requests name creditors");
    if (!later && in->requesting != NULL)
        jf_error(errors, "requesting_creditors", "creditors ask for a later meeting");
}

enum MHD_Result api_meetings_convene(struct http_request *r)
{
    struct meeting_in in = {0};
    const struct jf_field body[] = {
        {.name = "kind",
         .type = JF_ENUM,
         .required = true,
         .enum_values = meeting_kinds,
         .dst = &in.kind},
        {.name = "date", .type = JF_DATE, .dst = &in.date, .present = &in.has_date},
        {.name = "place", .type = JF_STRING, .min = 1, .max = 500, .dst = &in.place},
        {.name = "online_room", .type = JF_STRING, .min = 1, .max = 500, .dst = &in.room},
        {.name = "requesting_creditors",
         .type = JF_ARRAY,
         .min = 1,
         .max = 1000,
         .item_type = JF_STRING,
         .dst = &in.requesting},
        {NULL},
    };
    const struct api_handler h = {.name = "meetings_convene",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .check = check_convene,
                                  .tx = convene_tx,
                                  .ok = 201,
                                  .what = "case"};
    return api_run(r, &h, &in);
}

static enum db_status for_case_tx(struct db_tx *tx, struct api_call *c)
{
    json_t *items = NULL;
    enum db_status st =
        db_meetings_for_case(tx, &c->who, c->r->params[0], c->cursor, c->limit, &items);
    if (st == DB_OK)
        c->out = api_page(items, c->limit);
    return st;
}

enum MHD_Result api_meetings_for_case(struct http_request *r)
{
    const struct api_handler h = {
        .name = "meetings_for_case", .page = 50, .tx = for_case_tx, .what = "case"};
    return api_run(r, &h, NULL);
}

static enum db_status get_tx(struct db_tx *tx, struct api_call *c)
{
    return db_meeting_get(tx, &c->who, c->r->params[0], &c->out);
}

enum MHD_Result api_meetings_get(struct http_request *r)
{
    const struct api_handler h = {.name = "meetings_get", .tx = get_tx, .what = "meeting"};
    return api_run(r, &h, NULL);
}

/* ---- notice ---- */

/* SZ-MTG-NOTICE: the notice goes out at least the rule's days before the meeting; a late
 * notice is refused, unless the court convenes it anyway with a recorded reason (flagged
 * on the case and the meeting). The notice is the act meeting_notice_sent. */
static enum db_status notice_tx(struct db_tx *tx, struct api_call *c)
{
    struct meeting_in *in = c->arg;
    json_t *meeting = NULL, *act = NULL;
    enum db_status st = meeting_locked(tx, c, &meeting);
    if (st != DB_OK)
        return st;
    const char *case_id = jf_str(meeting, "case_id");
    const struct rule *rule = case_rule(c, "SZ-MTG-NOTICE");
    struct rules_deadline d;
    memset(&d, 0, sizeof d);
    date_t event;
    char on[11], due[11];
    date_format(in->date, on);
    st = refuse_closed(c, meeting);
    if (st == DB_OK && json_object_get(meeting, "notice") != NULL &&
        !json_is_null(json_object_get(meeting, "notice")))
        st = api_refuse(&c->no, PROBLEM_CONFLICT, rule->id, NULL, "the meeting is noticed already");
    if (st == DB_OK && (!jf_date(meeting, "date", &event) ||
                        rules_period_due(rule, &in->cal, event, &d) != RULES_OK))
        st = DB_ERROR;
    date_format(d.due, due);
    bool late = st == DB_OK && in->date > d.due;
    if (late && (c->role != ROLE_COURT || in->late_reason == NULL))
        st = api_refuse(&c->no, PROBLEM_RULE, rule->id, "date",
                        "the notice goes out at least the rule's days before the meeting of %s: "
                        "by %s%s",
                        jf_str(meeting, "date"), due,
                        c->role == ROLE_COURT ? " (the court may convene it with a late_reason)"
                                              : "");
    json_t *detail = json_pack("{s:s, s:s, s:b, s:s?}", "meeting_id", c->r->params[0], "due", due,
                               "late", late, "late_reason", late ? in->late_reason : NULL);
    if (st == DB_OK)
        st = caselife_act(tx, &c->who, &in->cal, case_id, c->no.profile[0] ? c->no.profile : NULL,
                          caselife_act_kind("meeting_notice_sent"), in->date, NULL, detail, false,
                          &act);
    if (st == DB_OK && late) {
        json_t *flag =
            json_pack("{s:s, s:s, s:s, s:O}", "rule", rule->id, "message",
                      "a meeting noticed late, convened by the court with a reason", "meeting_id",
                      c->r->params[0], "act_id", json_object_get(act, "id"));
        st = db_application_flag(tx, case_id, flag);
        json_decref(flag);
    }
    /* a due date in a year the calendar lacks is provisional, and says so */
    struct db_meeting_notice n = {on, due, late ? in->late_reason : NULL, late, d.provisional};
    if (st == DB_OK)
        st = db_meeting_notice(tx, c->r->params[0], jf_str(act, "id"), &n, &c->out);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "meeting.notice", "meeting", c->r->params[0], case_id, detail);
    json_decref(detail);
    json_decref(act);
    json_decref(meeting);
    return st;
}

static void check_not_future(struct api_call *c, json_t *errors)
{
    const struct meeting_in *in = c->arg;
    if (in->date > clock_today())
        jf_error(errors, "date", "must not be in the future");
}

enum MHD_Result api_meetings_notice(struct http_request *r)
{
    struct meeting_in in = {.date = clock_today()};
    rules_calendar_init(&in.cal);
    const struct jf_field body[] = {
        {.name = "date", .type = JF_DATE, .dst = &in.date},
        {.name = "late_reason", .type = JF_STRING, .min = 1, .max = 2000, .dst = &in.late_reason},
        {NULL},
    };
    const struct api_handler h = {.name = "meetings_notice",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .check = check_not_future,
                                  .before = load_calendar,
                                  .tx = notice_tx,
                                  .what = "meeting",
                                  .cleanup = meeting_cleanup};
    return api_run(r, &h, &in);
}

/* ---- the agenda ---- */

static enum db_status add_item_tx(struct db_tx *tx, struct api_call *c)
{
    const struct meeting_in *in = c->arg;
    json_t *meeting = NULL;
    enum db_status st = meeting_locked(tx, c, &meeting);
    if (st != DB_OK)
        return st;
    bool by_groups = false;
    const struct rule *rule = case_rule(c, rules_meeting_item_rule(in->kind, &by_groups));
    const struct rule *committee = case_rule(c, "SZ-MTG-COMMITTEE");
    st = refuse_closed(c, meeting);
    if (st == DB_OK && strcmp(in->kind, "committee") == 0 &&
        !rules_meeting_committee_fits(committee, (long long)json_array_size(in->committee)))
        st = api_refuse(&c->no, PROBLEM_RULE, committee->id, "committee_members",
                        "the committee has an odd number of members, at most the rule's maximum");
    json_t *detail = json_object();
    if (in->committee)
        json_object_set(detail, "committee_members", (json_t *)in->committee);
    if (in->small_claims_max > 0) {
        char text[32];
        money_format(in->small_claims_max, text);
        json_object_set_new(detail, "small_claims_max", json_string(text));
    }
    if (in->adjusts == 1)
        json_object_set_new(detail, "adjusts_secured", json_true());
    if (st == DB_OK)
        st = db_meeting_item_insert(tx, c->r->params[0], in->kind, in->text, in->reference, detail,
                                    rule->id, &c->out);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "meeting.item_add", "meeting_item", jf_str(c->out, "id"),
                      jf_str(meeting, "case_id"), c->out);
    json_decref(detail);
    json_decref(meeting);
    return st;
}

static void check_item(struct api_call *c, json_t *errors)
{
    const struct meeting_in *in = c->arg;
    bool committee = strcmp(in->kind, "committee") == 0;
    if (committee && in->committee == NULL)
        jf_error(errors, "committee_members",
                 "is required: the members proposed (SZ-MTG-COMMITTEE)");
    if (!committee && in->committee != NULL)
        jf_error(errors, "committee_members", "only a committee item names members");
    if (in->small_claims_max > 0 && strcmp(in->kind, "reorganization_plan") != 0)
        jf_error(errors, "small_claims_max", "only a reorganization plan has a small-claims group");
    if (in->adjusts != -1 && strcmp(in->kind, "settlement") != 0)
        jf_error(errors, "adjusts_secured", "only a settlement agreement adjusts secured claims");
}

enum MHD_Result api_meetings_add_item(struct http_request *r)
{
    struct meeting_in in = {.adjusts = -1};
    const struct jf_field body[] = {
        {.name = "kind",
         .type = JF_ENUM,
         .required = true,
         .enum_values = item_kinds,
         .dst = &in.kind},
        {.name = "text",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 10000,
         .dst = &in.text},
        {.name = "reference", .type = JF_STRING, .min = 1, .max = 500, .dst = &in.reference},
        {.name = "committee_members",
         .type = JF_ARRAY,
         .max = 100,
         .item_type = JF_STRING,
         .dst = &in.committee},
        {.name = "small_claims_max", .type = JF_MONEY, .dst = &in.small_claims_max},
        {.name = "adjusts_secured", .type = JF_BOOL, .dst = &in.adjusts},
        {NULL},
    };
    const struct api_handler h = {.name = "meetings_add_item",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .check = check_item,
                                  .tx = add_item_tx,
                                  .ok = 201,
                                  .what = "meeting"};
    return api_run(r, &h, &in);
}

/* ---- attendance ---- */

static enum db_status attend_tx(struct db_tx *tx, struct api_call *c)
{
    const struct meeting_in *in = c->arg;
    json_t *meeting = NULL;
    enum db_status st = meeting_locked(tx, c, &meeting);
    if (st != DB_OK)
        return st;
    const char *case_id = jf_str(meeting, "case_id");
    struct db_attendance a = {in->member, in->mode, in->agent_name, in->power_of_attorney};
    st = refuse_closed(c, meeting);
    if (st == DB_OK) {
        st = db_meeting_attendance(tx, &c->who, c->r->params[0], case_id, &a, &c->out);
        if (st == DB_NOT_FOUND)
            st = api_refuse(&c->no, PROBLEM_RULE, "SZ-MTG-MEMBERS", "member",
                            "holds no claim in the case: the members are the creditors who "
                            "declared");
    }
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "meeting.attendance", "meeting", c->r->params[0], case_id,
                      c->out);
    json_decref(meeting);
    return st;
}

static void check_attendance(struct api_call *c, json_t *errors)
{
    const struct meeting_in *in = c->arg;
    bool agent = strcmp(in->mode, "agent") == 0;
    if (agent && in->power_of_attorney == NULL)
        jf_error(errors, "power_of_attorney",
                 "is required: an agent attends with a power of attorney (SZ-MTG-MEMBERS)");
    if (agent && in->agent_name == NULL)
        jf_error(errors, "agent_name", "is required for an agent");
    if (!agent && (in->power_of_attorney || in->agent_name))
        jf_error(errors, in->agent_name ? "agent_name" : "power_of_attorney",
                 "only an agent's attendance names one");
}

enum MHD_Result api_meetings_attend(struct http_request *r)
{
    struct meeting_in in = {0};
    const struct jf_field body[] = {
        {.name = "member",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 128,
         .dst = &in.member},
        {.name = "mode",
         .type = JF_ENUM,
         .required = true,
         .enum_values = attendance_modes,
         .dst = &in.mode},
        {.name = "agent_name", .type = JF_STRING, .min = 1, .max = 200, .dst = &in.agent_name},
        {.name = "power_of_attorney",
         .type = JF_STRING,
         .min = 1,
         .max = 500,
         .dst = &in.power_of_attorney},
        {NULL},
    };
    const struct api_handler h = {.name = "meetings_attend",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .check = check_attendance,
                                  .tx = attend_tx,
                                  .what = "meeting"};
    return api_run(r, &h, &in);
}

/* ---- closing, minutes, revocation ---- */

static enum db_status close_tx(struct db_tx *tx, struct api_call *c)
{
    struct meeting_in *in = c->arg;
    json_t *meeting = NULL;
    enum db_status st = meeting_locked(tx, c, &meeting);
    if (st != DB_OK)
        return st;
    const char *case_id = jf_str(meeting, "case_id");
    size_t i;
    json_t *item;
    st = refuse_closed(c, meeting);
    json_array_foreach(json_object_get(meeting, "items"), i, item)
    {
        if (st == DB_OK && strcmp(jf_str(item, "state"), "closed") != 0)
            st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL,
                            "item %lld is %s: close every item first", jf_int(item, "number", 0),
                            jf_str(item, "state"));
    }
    char today[11];
    date_format(clock_today(), today);
    if (st == DB_OK)
        st = db_meeting_state(tx, c->r->params[0], "closed", today, &c->out);
    /* the resolutions are made: SZ-MTG-REVOKE's period runs in the case */
    json_t *detail = json_pack("{s:s}", "meeting_id", c->r->params[0]);
    if (st == DB_OK)
        st = caselife_record_act(tx, &c->who, &in->cal, case_id,
                                 c->no.profile[0] ? c->no.profile : NULL, "meeting_closed",
                                 clock_today(), detail, false);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "meeting.close", "meeting", c->r->params[0], case_id, detail);
    json_decref(detail);
    json_decref(meeting);
    return st;
}

enum MHD_Result api_meetings_close(struct http_request *r)
{
    struct meeting_in in = {0};
    rules_calendar_init(&in.cal);
    const struct api_handler h = {.name = "meetings_close",
                                  .write = true,
                                  .touches_memos = true,
                                  .before = load_calendar,
                                  .tx = close_tx,
                                  .what = "meeting",
                                  .cleanup = meeting_cleanup};
    return api_run(r, &h, &in);
}

/* SZ-MTG-MINUTES: the meeting, its attendance and every item with its tally and result. */
static enum db_status minutes_of(struct db_tx *tx, struct api_call *c, json_t **out)
{
    json_t *meeting = NULL, *attendance = NULL;
    enum db_status st = db_meeting_get(tx, &c->who, c->r->params[0], &meeting);
    if (st == DB_OK)
        st = db_meeting_attendance_list(tx, c->r->params[0], &attendance);
    const struct rule *rule = api_rule(NULL, "SZ-MTG-MINUTES");
    if (st == DB_OK)
        *out = json_pack("{s:O, s:O, s:{s:s, s:s}, s:b}", "meeting", meeting, "attendance",
                         attendance, "rule", "id", rule->id, "citation", rule->citation, "final",
                         strcmp(jf_str(meeting, "state"), "closed") == 0);
    json_decref(meeting);
    json_decref(attendance);
    return st;
}

static enum db_status minutes_tx(struct db_tx *tx, struct api_call *c)
{
    return minutes_of(tx, c, &c->out);
}

enum MHD_Result api_meetings_minutes(struct http_request *r)
{
    const struct api_handler h = {.name = "meetings_minutes", .tx = minutes_tx, .what = "meeting"};
    return api_run(r, &h, NULL);
}

static enum db_status minutes_page_tx(struct db_tx *tx, struct api_call *c)
{
    json_t *minutes = NULL;
    enum db_status st = minutes_of(tx, c, &minutes);
    if (st == DB_OK)
        c->out_text = meetings_minutes_html(minutes);
    json_decref(minutes);
    return st == DB_OK && c->out_text == NULL ? DB_ERROR : st;
}

enum MHD_Result api_meetings_minutes_page(struct http_request *r)
{
    const struct api_handler h = {.name = "meetings_minutes_page",
                                  .tx = minutes_page_tx,
                                  .content_type = "text/html; charset=utf-8",
                                  .what = "meeting"};
    return api_run(r, &h, NULL);
}

/* SZ-MTG-REVOKE: a creditor asks the court to revoke a resolution of a closed meeting within
 * the rule's days of it. */
static enum db_status revoke_tx(struct db_tx *tx, struct api_call *c)
{
    struct meeting_in *in = c->arg;
    json_t *meeting = NULL;
    enum db_status st = meeting_locked(tx, c, &meeting);
    if (st != DB_OK)
        return st;
    const struct rule *rule = case_rule(c, "SZ-MTG-REVOKE");
    date_t closed;
    struct rules_deadline d;
    memset(&d, 0, sizeof d);
    char today[11], due[11];
    date_format(clock_today(), today);
    if (strcmp(jf_str(meeting, "state"), "closed") != 0 || !jf_date(meeting, "closed_on", &closed))
        st = api_refuse(&c->no, PROBLEM_CONFLICT, rule->id, NULL,
                        "the meeting has not closed: its resolutions are not made yet");
    if (st == DB_OK && rules_period_due(rule, &in->cal, closed, &d) != RULES_OK)
        st = DB_ERROR;
    date_format(d.due, due);
    if (st == DB_OK && clock_today() > d.due)
        st = api_refuse(&c->no, PROBLEM_RULE, rule->id, NULL,
                        "a revocation is asked for within the period after the meeting: it ended "
                        "on %s",
                        due);
    if (st == DB_OK) {
        st = db_meeting_revocation(tx, c->r->params[0], in->item_id, c->who.subject, in->reasons,
                                   today, due, &c->out);
        if (st == DB_NOT_FOUND)
            st = api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, "item_id",
                            "is not a closed item of this meeting");
    }
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "meeting.revocation_request", "meeting_revocation",
                      jf_str(c->out, "id"), jf_str(meeting, "case_id"), c->out);
    json_decref(meeting);
    return st;
}

enum MHD_Result api_meetings_revoke(struct http_request *r)
{
    struct meeting_in in = {0};
    rules_calendar_init(&in.cal);
    const struct jf_field body[] = {
        {.name = "item_id", .type = JF_UUID, .required = true, .dst = &in.item_id},
        {.name = "reasons",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 4000,
         .dst = &in.reasons},
        {NULL},
    };
    const struct api_handler h = {.name = "meetings_revoke",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .before = load_calendar,
                                  .tx = revoke_tx,
                                  .ok = 201,
                                  .what = "meeting",
                                  .cleanup = meeting_cleanup};
    return api_run(r, &h, &in);
}

/* ---- the printable minutes ---- */

static void html_text(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '&':
            fputs("&amp;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

static void html_cell(FILE *f, const char *s)
{
    fputs("<td>", f);
    html_text(f, s ? s : "");
    fputs("</td>", f);
}

/* One row per body tallied (the whole item, or each group of a vote by groups). */
static void html_tally_rows(FILE *f, const json_t *tally)
{
    const json_t *heads = json_object_get(tally, "heads");
    const json_t *cond = json_object_get(tally, "conditions");
    char buf[96];
    fputs("<tr>", f);
    html_cell(f, jf_str(tally, "group"));
    snprintf(buf, sizeof buf, "%lld of %lld present", jf_int(heads, "for", 0),
             jf_int(heads, "present", 0));
    html_cell(f, buf);
    char yes[32], base[32];
    money_format(jf_int(json_object_get(cond, "amount"), "yes", 0), yes);
    money_format(jf_int(json_object_get(cond, "amount"), "base", 0), base);
    snprintf(buf, sizeof buf, "%s of %s", yes, base);
    html_cell(f, buf);
    html_cell(f, json_is_true(json_object_get(tally, "passed")) ? "passed" : "not passed");
    fputs("</tr>\n", f);
}

char *meetings_minutes_html(const json_t *minutes)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL)
        return NULL;
    const json_t *m = json_object_get(minutes, "meeting");
    const json_t *rule = json_object_get(minutes, "rule");
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<title>Minutes of the creditors' meeting</title>"
          "<style>body{font-family:serif;max-width:50em;margin:2em auto}"
          "table{border-collapse:collapse;width:100%}td,th{border:1px solid #444;padding:.3em}"
          "@media print{a{color:inherit}}</style></head><body>\n",
          f);
    fprintf(f, "<h1>Minutes of creditors' meeting no. %lld</h1>\n<p>", jf_int(m, "number", 0));
    html_text(f, jf_str(m, "date"));
    fputs(", ", f);
    html_text(f, jf_str(m, "place") ? jf_str(m, "place") : jf_str(m, "online_room"));
    fputs(" &middot; case ", f);
    html_text(f, jf_str(m, "case_id"));
    fputs(" &middot; ", f);
    html_text(f, jf_str(m, "state"));
    fputs("</p>\n<p>", f);
    html_text(f, jf_str(rule, "id"));
    fputs(" (", f);
    html_text(f, jf_str(rule, "citation"));
    fprintf(f, ")</p>\n<h2>Attendance (%zu)</h2>\n<ul>\n",
            json_array_size(json_object_get(minutes, "attendance")));
    size_t i, k;
    const json_t *a, *item, *g;
    json_array_foreach(json_object_get(minutes, "attendance"), i, a)
    {
        fputs("<li>", f);
        html_text(f, jf_str(a, "member"));
        fputs(": ", f);
        html_text(f, jf_str(a, "mode"));
        fputs("</li>\n", f);
    }
    fputs("</ul>\n<h2>Items</h2>\n", f);
    json_array_foreach(json_object_get(m, "items"), i, item)
    {
        const json_t *result = json_object_get(item, "result");
        fprintf(f, "<h3>%lld. ", jf_int(item, "number", 0));
        html_text(f, jf_str(item, "kind"));
        fputs("</h3>\n<p>", f);
        html_text(f, jf_str(item, "text"));
        fputs("</p>\n<p>Rule ", f);
        html_text(f, jf_str(item, "rule_id"));
        fputs(": ", f);
        html_text(f,
                  json_is_null(json_object_get(item, "passed")) || !json_object_get(item, "passed")
                      ? jf_str(item, "state")
                  : json_is_true(json_object_get(item, "passed")) ? "passed"
                                                                  : "not passed");
        fputs("</p>\n", f);
        if (result == NULL || json_is_null(result))
            continue;
        fputs("<table><tr><th>Body</th><th>Heads for</th><th>Amount for</th><th>Result</th></tr>\n",
              f);
        if (json_object_get(result, "tally"))
            html_tally_rows(f, json_object_get(result, "tally"));
        json_array_foreach(json_object_get(json_object_get(result, "groups"), "groups"), k, g)
            html_tally_rows(f, g);
        fputs("</table>\n", f);
    }
    fputs("</body></html>\n", f);
    fclose(f);
    return text;
}
