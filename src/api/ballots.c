/* ballots.c: voting on the agenda items of a creditors' meeting. Opening an item freezes
 * its membership from the claims: each declared creditor with its voting amount (the
 * confirmed amount, else the court's provisional one, else present without a vote:
 * SZ-MTG-MEMBERS), secured creditors kept out of a distribution plan's vote
 * (SZ-MTG-SECURED-NO-DIST-VOTE), the groups of SZ-REO-GROUPS for a reorganization plan and
 * SZ-SET-VOTE's for a settlement. A creditor casts its ballot online and may change it until
 * the item closes (every ballot is kept, the last counts); the administrator records the
 * ballots cast in the room with the paper's reference, and an agent's with the power of
 * attorney recorded in the attendance. Each stored ballot answers with its receipt. The
 * tally is always the rules module's, over the stored ballots and the frozen membership. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "clock.h"
#include "meetings.h"
#include "money.h"
#include "plans.h"
#include "rules_meeting.h"

static const char *const choices[] = {"for", "against", "abstain", NULL};

static enum rules_ballot ballot_of(const char *choice)
{
    if (choice && strcmp(choice, "for") == 0)
        return RULES_BALLOT_FOR;
    if (choice && strcmp(choice, "against") == 0)
        return RULES_BALLOT_AGAINST;
    return RULES_BALLOT_NONE;
}

/* The tally of the voting members under the item's rule, as ItemTally. */
static json_t *tally_rows(const json_t *item, const char *profile, const struct db_voters *rows)
{
    size_t n = rows->n, counted = 0;
    struct rules_voter *v = calloc(n ? n : 1, sizeof *v);
    if (v == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const struct db_voter *row = &rows->v[i];
        v[i].id = row->member;
        v[i].group = row->group;
        v[i].amount = row->amount;
        v[i].secured = row->secured;
        v[i].present = row->present;
        v[i].ballot = ballot_of(row->choice);
        counted += row->choice != NULL;
    }
    const char *kind = jf_str(item, "kind");
    bool by_groups = false;
    rules_meeting_item_rule(kind, &by_groups);
    json_t *result;
    bool passed;
    const char *citation;
    if (by_groups) {
        struct rules_group_vote g;
        if (strcmp(kind, "settlement") == 0)
            rules_vote_settlement(rules_builtin(), profile, v, n, &g);
        else
            rules_vote_plan(rules_builtin(), profile, v, n, &g);
        result = api_amounts_as_money(rules_group_vote_json(&g), false);
        passed = g.passed;
        citation = g.citation;
    } else {
        struct rules_tally t;
        const struct rule *r = rules_find(rules_builtin(), profile, jf_str(item, "rule_id"));
        rules_vote_tally(r, v, n, NULL, &t);
        result = api_amounts_as_money(rules_tally_json(&t), false);
        passed = t.passed;
        citation = t.citation;
    }
    free(v);
    return json_pack("{s:O, s:O, s:O, s:O, s:s?, s:b, s:I, s:I, s:b, s:o, s:s}", "item_id",
                     json_object_get(item, "id"), "kind", json_object_get(item, "kind"), "state",
                     json_object_get(item, "state"), "rule_id", json_object_get(item, "rule_id"),
                     "citation", citation, "by_groups", by_groups, "voting_members", (json_int_t)n,
                     "ballots_counted", (json_int_t)counted, "passed", passed,
                     by_groups ? "groups" : "tally", result, "computed_from",
                     "stored ballots and the membership frozen when voting opened");
}

enum db_status meetings_item_tally(struct db_tx *tx, const json_t *item, const char *profile,
                                   json_t **out)
{
    const char *state = jf_str(item, "state");
    if (strcmp(state, "closed") == 0) {
        *out = json_deep_copy(json_object_get(item, "result"));
        json_object_set_new(*out, "state", json_string("closed"));
        return *out ? DB_OK : DB_ERROR;
    }
    struct db_voters rows;
    enum db_status st =
        db_meeting_item_voters(tx, jf_str(item, "id"), jf_str(item, "meeting_id"), &rows);
    if (st != DB_OK)
        return st;
    *out = tally_rows(item, profile, &rows);
    db_voters_free(&rows);
    return *out == NULL ? DB_ERROR : DB_OK;
}

/* The item seen through the actor's case membership, with its meeting's facts. */
static enum db_status item_facts(struct db_tx *tx, struct api_call *c, enum db_item_lock lock,
                                 json_t **facts)
{
    enum db_status st = db_meeting_item_facts(tx, &c->who, c->r->params[0], lock, facts);
    if (st != DB_OK)
        return st;
    snprintf(c->no.profile, sizeof c->no.profile, "%s", jf_str(*facts, "profile") ?: "");
    if (!json_is_true(json_object_get(*facts, "visible"))) {
        json_decref(*facts);
        *facts = NULL;
        return DB_NOT_FOUND;
    }
    return DB_OK;
}

static const char *profile_of(const struct api_call *c)
{
    return c->no.profile[0] ? c->no.profile : NULL;
}

static const char *item_state(const json_t *facts)
{
    return jf_str(json_object_get(facts, "item"), "state");
}

/* ---- opening: the frozen membership ---- */

/* The voting group of one claim for the item. */
static const char *claim_group(const json_t *item, const char *profile, const char *klass,
                               bool secured, int64_t fen)
{
    const char *kind = jf_str(item, "kind");
    const json_t *detail = json_object_get(item, "detail");
    if (strcmp(kind, "reorganization_plan") == 0) {
        int64_t small = 0;
        if (jf_str(detail, "small_claims_max"))
            money_parse(jf_str(detail, "small_claims_max"), &small);
        const char *g = rules_meeting_plan_group(
            rules_find(rules_builtin(), profile, "SZ-REO-GROUPS"), klass, secured, fen, small);
        return g ? g : "ungrouped";
    }
    if (strcmp(kind, "settlement") == 0 && secured &&
        json_is_true(json_object_get(detail, "adjusts_secured"))) {
        const char *g =
            rules_param_str(rules_find(rules_builtin(), profile, "SZ-SET-VOTE"), "secured_group");
        return g ? g : "general";
    }
    return "general";
}

/* Adds one claim [creditor, claim_id, fen|null, secured, class] to its member's row. */
static void add_claim(json_t *by_key, const json_t *item, const char *profile, const json_t *claim)
{
    const char *creditor = json_string_value(json_array_get(claim, 0));
    const json_t *fen = json_array_get(claim, 2);
    bool secured = json_is_true(json_array_get(claim, 3));
    int64_t amount = json_is_integer(fen) ? (int64_t)json_integer_value(fen) : 0;
    const char *grp =
        claim_group(item, profile, json_string_value(json_array_get(claim, 4)), secured, amount);
    char key[300];
    snprintf(key, sizeof key, "%s\x1f%s", creditor, grp);
    json_t *m = json_object_get(by_key, key);
    if (m == NULL) {
        m = json_pack("{s:s, s:s, s:[], s:I, s:b, s:b}", "member", creditor, "grp", grp,
                      "claim_ids", "amount_fen", (json_int_t)0, "secured", false, "has_amount",
                      false);
        json_object_set_new(by_key, key, m);
    }
    json_array_append(json_object_get(m, "claim_ids"), json_array_get(claim, 1));
    if (json_is_integer(fen)) {
        /* a sum past int64 is kept at its bound: the tally then reports the overflow */
        json_int_t sum;
        if (__builtin_add_overflow(json_integer_value(json_object_get(m, "amount_fen")),
                                   (json_int_t)amount, &sum))
            sum = INT64_MAX;
        json_object_set_new(m, "amount_fen", json_integer(sum));
        json_object_set_new(m, "has_amount", json_true());
        if (secured)
            json_object_set_new(m, "secured", json_true());
    }
}

/* Whether the member votes, and the rule that keeps it from voting when it does not. */
static void decide_vote(json_t *m, const json_t *item, const char *profile)
{
    const struct rule *no_dist =
        rules_find(rules_builtin(), profile, "SZ-MTG-SECURED-NO-DIST-VOTE");
    const struct rule *members = rules_find(rules_builtin(), profile, "SZ-MTG-MEMBERS");
    const struct rule *groups = rules_find(rules_builtin(), profile, "SZ-REO-GROUPS");
    const char *reason = NULL;
    if (!json_is_true(json_object_get(m, "has_amount")))
        reason = members->id; /* undetermined, no provisional amount: present, no vote */
    else if (json_is_true(json_object_get(m, "secured")) &&
             rules_meeting_secured_excluded(no_dist, jf_str(item, "kind")))
        reason = no_dist->id;
    else if (strcmp(jf_str(m, "grp"), "ungrouped") == 0)
        reason = groups->id;
    json_object_set_new(m, "votes", json_boolean(reason == NULL));
    json_object_set_new(m, "no_vote_reason", reason ? json_string(reason) : json_null());
}

static json_t *membership(const json_t *claims, const json_t *item, const char *profile)
{
    json_t *by_key = json_object(), *out = json_array(), *m;
    size_t i;
    const json_t *claim;
    const char *key;
    json_array_foreach(claims, i, claim) add_claim(by_key, item, profile, claim);
    json_object_foreach(by_key, key, m)
    {
        decide_vote(m, item, profile);
        json_array_append(out, m);
    }
    json_decref(by_key);
    return out;
}

static enum db_status open_tx(struct db_tx *tx, struct api_call *c)
{
    json_t *facts = NULL, *claims = NULL, *members = NULL;
    enum db_status st = item_facts(tx, c, DB_ITEM_UPDATE, &facts);
    if (st != DB_OK)
        return st;
    const json_t *item = json_object_get(facts, "item");
    if (strcmp(jf_str(facts, "meeting_state"), "closed") == 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL, "the meeting is closed");
    else if (!json_is_true(json_object_get(facts, "noticed")))
        st = api_refuse(&c->no, PROBLEM_CONFLICT, "SZ-MTG-NOTICE", NULL,
                        "the meeting has not been noticed to the creditors");
    else if (strcmp(item_state(facts), "pending") != 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL, "the item is %s", item_state(facts));
    if (st == DB_OK)
        st = db_meeting_item_claims(tx, jf_str(facts, "case_id"), &claims);
    if (st == DB_OK) {
        members = membership(claims, item, profile_of(c));
        st = db_meeting_item_open(tx, jf_str(item, "id"), members);
    }
    json_t *after = NULL;
    if (st == DB_OK)
        st = item_facts(tx, c, DB_ITEM_READ, &after);
    if (st == DB_OK)
        st = meetings_item_tally(tx, json_object_get(after, "item"), profile_of(c), &c->out);
    json_t *detail = json_pack("{s:I}", "members", (json_int_t)json_array_size(members));
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "meeting.item_open", "meeting_item", c->r->params[0],
                      jf_str(facts, "case_id"), detail);
    json_decref(detail);
    json_decref(after);
    json_decref(members);
    json_decref(claims);
    json_decref(facts);
    return st;
}

enum MHD_Result api_meeting_items_open(struct http_request *r)
{
    const struct api_handler h = {.name = "meeting_items_open",
                                  .write = true,
                                  .touches_memos = true,
                                  .tx = open_tx,
                                  .what = "item"};
    return api_run(r, &h, NULL);
}

/* ---- ballots ---- */

struct ballot_in {
    const char *choice, *member, *paper_ref;
};

/* Who the ballot is for and how it came: a creditor's own, online; the administrator's from
 * the room (in person, or an agent with the power of attorney of the attendance). */
static enum db_status ballot_channel(struct db_tx *tx, struct api_call *c, const char *meeting_id,
                                     struct db_ballot *b, json_t **attendance)
{
    const struct ballot_in *in = c->arg;
    if (c->role == ROLE_CREDITOR) {
        b->member = c->who.subject;
        b->channel = "online";
        return DB_OK;
    }
    b->member = in->member;
    b->paper_ref = in->paper_ref;
    enum db_status st = db_meeting_attendance_of(tx, meeting_id, in->member, attendance);
    if (st == DB_NOT_FOUND || (st == DB_OK && strcmp(jf_str(*attendance, "mode"), "online") == 0))
        return api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, "member",
                          "is not attending in the room: record its attendance first");
    if (st != DB_OK)
        return st;
    bool agent = strcmp(jf_str(*attendance, "mode"), "agent") == 0;
    b->channel = agent ? "agent" : "room";
    b->agent_name = agent ? jf_str(*attendance, "agent_name") : NULL;
    return DB_OK;
}

static enum db_status cast_tx(struct db_tx *tx, struct api_call *c)
{
    const struct ballot_in *in = c->arg;
    json_t *facts = NULL, *member = NULL, *attendance = NULL;
    enum db_status st = item_facts(tx, c, DB_ITEM_SHARE, &facts);
    if (st != DB_OK)
        return st;
    const char *meeting_id = jf_str(facts, "meeting_id");
    struct db_ballot b = {.item_id = c->r->params[0], .choice = in->choice};
    if (strcmp(item_state(facts), "open") != 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL,
                        "the item is %s: ballots are cast "
                        "while it is open",
                        item_state(facts));
    if (st == DB_OK)
        st = ballot_channel(tx, c, meeting_id, &b, &attendance);
    if (st == DB_OK) {
        st = db_meeting_item_member(tx, b.item_id, b.member, &member);
        if (st == DB_NOT_FOUND)
            st = api_refuse(&c->no, PROBLEM_RULE, "SZ-MTG-MEMBERS",
                            c->role == ROLE_CREDITOR ? NULL : "member",
                            "is not a member of this item: the members are the creditors who "
                            "declared when voting opened");
    }
    if (st == DB_OK && !json_is_true(json_object_get(member, "votes"))) {
        /* the rule's id from the catalogue: the refusal outlives the member's row */
        const struct rule *why = api_rule(c->no.profile, jf_str(member, "no_vote_reason"));
        st = api_refuse(&c->no, PROBLEM_RULE, why ? why->id : "SZ-MTG-MEMBERS", NULL,
                        "the member is present without a vote on this item");
    }
    if (st == DB_OK && strcmp(b.channel, "online") == 0)
        st = db_meeting_attend_online(tx, meeting_id, b.member);
    if (st == DB_OK)
        st = db_ballot_insert(tx, &c->who, &b, &c->out);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "ballot.cast", "ballot", jf_str(c->out, "ballot_id"),
                      jf_str(facts, "case_id"), c->out);
    json_decref(attendance);
    json_decref(member);
    json_decref(facts);
    return st;
}

static void check_ballot(struct api_call *c, json_t *errors)
{
    const struct ballot_in *in = c->arg;
    if (c->role == ROLE_CREDITOR && (in->member || in->paper_ref))
        jf_error(errors, in->member ? "member" : "paper_ref",
                 "a creditor casts its own ballot online");
    if (c->role != ROLE_CREDITOR && in->member == NULL)
        jf_error(errors, "member", "is required: whose ballot from the room");
    if (c->role != ROLE_CREDITOR && in->paper_ref == NULL)
        jf_error(errors, "paper_ref", "is required: the paper ballot's reference");
}

enum MHD_Result api_meeting_items_cast(struct http_request *r)
{
    struct ballot_in in = {0};
    const struct jf_field body[] = {
        {.name = "choice",
         .type = JF_ENUM,
         .required = true,
         .enum_values = choices,
         .dst = &in.choice},
        {.name = "member", .type = JF_STRING, .min = 1, .max = 128, .dst = &in.member},
        {.name = "paper_ref", .type = JF_STRING, .min = 1, .max = 200, .dst = &in.paper_ref},
        {NULL},
    };
    const struct api_handler h = {.name = "meeting_items_cast",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .check = check_ballot,
                                  .tx = cast_tx,
                                  .ok = 201,
                                  .what = "item"};
    return api_run(r, &h, &in);
}

/* ---- the tally, closing ---- */

static enum db_status tally_tx(struct db_tx *tx, struct api_call *c)
{
    json_t *facts = NULL;
    enum db_status st = item_facts(tx, c, DB_ITEM_READ, &facts);
    if (st != DB_OK)
        return st;
    if (strcmp(item_state(facts), "pending") == 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL, "voting on the item has not opened");
    if (st == DB_OK)
        st = meetings_item_tally(tx, json_object_get(facts, "item"), profile_of(c), &c->out);
    json_decref(facts);
    return st;
}

enum MHD_Result api_meeting_items_tally(struct http_request *r)
{
    const struct api_handler h = {.name = "meeting_items_tally", .tx = tally_tx, .what = "item"};
    return api_run(r, &h, NULL);
}

static enum db_status close_item_tx(struct db_tx *tx, struct api_call *c)
{
    json_t *facts = NULL, *tally = NULL;
    enum db_status st = item_facts(tx, c, DB_ITEM_UPDATE, &facts);
    if (st != DB_OK)
        return st;
    if (strcmp(item_state(facts), "open") != 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL, "the item is %s", item_state(facts));
    if (st == DB_OK)
        st = meetings_item_tally(tx, json_object_get(facts, "item"), profile_of(c), &tally);
    if (st == DB_OK) {
        json_object_del(tally, "state");
        st = db_meeting_item_close(tx, c->r->params[0], tally,
                                   json_is_true(json_object_get(tally, "passed")), &c->out);
    }
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "meeting.item_close", "meeting_item", c->r->params[0],
                      jf_str(facts, "case_id"), tally);
    /* a plan put to this vote records its result (plans.c) */
    if (st == DB_OK)
        st = plans_vote_closed(tx, &c->who, c->arg, c->r->params[0],
                               json_is_true(json_object_get(tally, "passed")));
    json_decref(tally);
    json_decref(facts);
    return st;
}

enum MHD_Result api_meeting_items_close(struct http_request *r)
{
    rules_calendar cal;
    rules_calendar_init(&cal);
    const struct api_handler h = {.name = "meeting_items_close",
                                  .write = true,
                                  .touches_memos = true,
                                  .before = plans_calendar_load,
                                  .tx = close_item_tx,
                                  .what = "item",
                                  .cleanup = plans_calendar_free};
    return api_run(r, &h, &cal);
}

/* ---- a member's vote status ---- */

struct status_in {
    const char *member;
};

/* Per item: counted (a ballot of a voting member), its weight, and the item's tally. */
static enum db_status add_tallies(struct db_tx *tx, struct api_call *c, json_t *status)
{
    size_t i, k;
    json_t *entry, *row;
    enum db_status st = DB_OK;
    json_array_foreach(json_object_get(status, "items"), i, entry)
    {
        const json_t *item = json_object_get(entry, "item");
        int64_t weight = 0, fen;
        bool votes = false;
        json_array_foreach(json_object_get(entry, "membership"), k, row)
        {
            if (json_is_true(json_object_get(row, "votes")) && jf_money(row, "amount", &fen)) {
                votes = true;
                weight += fen;
            }
        }
        bool counted = votes && !json_is_null(json_object_get(entry, "ballot"));
        char text[32];
        money_format(weight, text);
        json_object_set_new(entry, "counted", json_boolean(counted));
        json_object_set_new(entry, "weight", counted ? json_string(text) : json_null());
        json_t *tally = NULL;
        if (st == DB_OK && strcmp(jf_str(item, "state"), "pending") != 0)
            st = meetings_item_tally(tx, item, profile_of(c), &tally);
        json_object_set_new(entry, "tally", tally ? tally : json_null());
        json_object_set_new(entry, "item_id", json_string(jf_str(item, "id")));
        json_object_set_new(entry, "number", json_integer(jf_int(item, "number", 0)));
        json_object_set_new(entry, "kind", json_string(jf_str(item, "kind")));
        json_object_set_new(entry, "state", json_string(jf_str(item, "state")));
        json_object_del(entry, "item"); /* last: item points into it */
    }
    return st;
}

static enum db_status status_tx(struct db_tx *tx, struct api_call *c)
{
    const struct status_in *in = c->arg;
    const char *member = c->role == ROLE_CREDITOR ? c->who.subject : in->member;
    if (c->role == ROLE_CREDITOR && in->member && strcmp(in->member, c->who.subject) != 0)
        return api_refuse(&c->no, PROBLEM_FORBIDDEN, NULL, "member",
                          "a creditor reads its own vote status");
    if (member == NULL)
        return api_refuse(&c->no, PROBLEM_VALIDATION, NULL, "member",
                          "is required: whose vote status");
    enum db_status st = db_meeting_vote_status(tx, &c->who, c->r->params[0], member, &c->out);
    if (st != DB_OK)
        return st;
    snprintf(c->no.profile, sizeof c->no.profile, "%s", jf_str(c->out, "profile") ?: "");
    json_object_del(c->out, "profile");
    return add_tallies(tx, c, c->out);
}

/* A vote status changes with its meeting: its items, attendance and ballots (the triggers of
 * sql/350_meeting_changes_notify.sql name the meeting's topic), so an unchanged poll is
 * answered 304 from memory (memo.c). Not an administrator's: its sight of the case ends with
 * its designation, which no meeting topic names; the other readers' sight does not end. */
static void status_topic(struct api_call *c, char *topic, size_t cap)
{
    if (c->role != ROLE_ADMINISTRATOR)
        snprintf(topic, cap, "meeting:%s", c->r->params[0]);
}

enum MHD_Result api_meetings_vote_status(struct http_request *r)
{
    struct status_in in = {0};
    const struct jf_field query[] = {
        {.name = "member", .type = JF_STRING, .min = 1, .max = 128, .dst = &in.member},
        {NULL},
    };
    const struct api_handler h = {.name = "meetings_vote_status",
                                  .query = query,
                                  .tx = status_tx,
                                  .what = "meeting",
                                  .memo_topic = status_topic};
    return api_run(r, &h, &in);
}
