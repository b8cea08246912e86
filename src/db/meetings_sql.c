/* meetings_sql.c: statements on creditors' meetings, their agenda items, the membership an
 * item freezes when its voting opens, attendance, ballots with their receipts and the
 * revocation requests. Every read of a meeting passes through application_visible, so a
 * meeting of a case the actor may not see answers like a missing one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

/* What convening a meeting must know of its case, the case row locked (meetings are
 * numbered in it): the first meeting's date and place from the latest announcement. */
static const struct db_stmt MEETING_CASE = {
    "meeting_case",
    "SELECT json_build_object('status', a.status, 'profile', a.profile, "
    "'visible', application_visible(a, $2, $3), "
    "'first_meeting_date', n.event_date, 'first_meeting_place', n.detail->>'place', "
    "'first_exists', EXISTS (SELECT 1 FROM meetings m WHERE m.case_id = a.id "
    "                        AND m.kind = 'first')) "
    "FROM applications a "
    "LEFT JOIN LATERAL (SELECT event_date, detail FROM case_acts k WHERE k.case_id = a.id "
    "                   AND k.kind = 'announced' ORDER BY k.seq DESC LIMIT 1) n ON true "
    "WHERE a.id = $1::uuid FOR UPDATE OF a",
    3};

/* SZ-MTG-CALL's amounts: every claim of the case at its confirmed amount (confirmed) or
 * admitted amount (reviewed), and the share of each requesting creditor ($2, a JSON array of
 * subjects; one named twice counts once). A total past what 64 bits hold (thousands of claims
 * at the largest amount) is said (too_large) rather than sent as a number the service could
 * not read. */
static const struct db_stmt MEETING_CALL_AMOUNTS = {
    "meeting_call_amounts",
    "WITH w AS (SELECT c.creditor_subject AS s, coalesce(CASE WHEN c.status = 'confirmed' "
    "  THEN c.confirmed_fen ELSE c.admitted_fen END, 0) AS fen FROM claims c "
    "  WHERE c.case_id = $1::uuid AND c.status NOT IN ('withdrawn', 'rejected')) "
    "   , t AS (SELECT coalesce(sum(fen), 0) AS total FROM w) "
    "SELECT json_build_object('total_fen', CASE WHEN t.total > 9000000000000000000 THEN 0 "
    "  ELSE t.total END, 'too_large', t.total > 9000000000000000000, "
    "'requesting', (SELECT coalesce(json_agg(json_build_object('subject', r.s, "
    "  'amount_fen', (SELECT coalesce(sum(fen), 0) FROM w WHERE w.s = r.s), "
    "  'member', EXISTS (SELECT 1 FROM w WHERE w.s = r.s)) ORDER BY r.s), '[]') "
    "  FROM (SELECT DISTINCT e FROM jsonb_array_elements_text($2::jsonb) AS e) AS r(s))) "
    "FROM t",
    2};

static const struct db_stmt MEETING_INSERT = {
    "meeting_insert",
    "INSERT INTO meetings AS m (case_id, number, kind, called_by, requesting, call_check, "
    "meeting_date, place, online_room, created_by_role, created_by_subject) "
    "SELECT $1::uuid, coalesce(max(x.number), 0) + 1, $2, $3, coalesce($4::jsonb, '[]'), "
    "$5::jsonb, "
    "$6::date, "
    "$7, $8, $9, $10 FROM meetings x WHERE x.case_id = $1::uuid "
    "RETURNING meeting_json(m)",
    10};

static const struct db_stmt MEETING_GET = {
    "meeting_get",
    "SELECT meeting_json(m) FROM meetings m JOIN applications a ON a.id = m.case_id "
    "WHERE m.id = $1::uuid AND application_visible(a, $2, $3)",
    3};

static const struct db_stmt MEETINGS_FOR_CASE = {
    "meetings_for_case",
    "SELECT meeting_json(m) FROM meetings m WHERE m.case_id = $1::uuid "
    "AND ($2::int IS NULL OR m.number > $2::int) ORDER BY m.number LIMIT $3::int",
    3};

/* A meeting as a change of it must know it, locked. */
static const struct db_stmt MEETING_LOCK = {
    "meeting_lock",
    "SELECT json_build_object('meeting', meeting_json(m), 'profile', a.profile, "
    "'visible', application_visible(a, $2, $3)) "
    "FROM meetings m JOIN applications a ON a.id = m.case_id WHERE m.id = $1::uuid "
    "FOR UPDATE OF m",
    3};

static const struct db_stmt MEETING_NOTICE = {
    "meeting_notice",
    "UPDATE meetings AS m SET notice_act_id = $2::uuid, notice_on = $3::date, "
    "notice_due = $4::date, late_notice = $5::boolean, late_reason = $6, "
    "notice_due_provisional = $7::boolean, updated_at = now() "
    "WHERE id = $1::uuid RETURNING meeting_json(m)",
    7};

static const struct db_stmt MEETING_STATE = {
    "meeting_state",
    "UPDATE meetings AS m SET state = $2, closed_on = coalesce($3::date, closed_on), "
    "updated_at = now() WHERE id = $1::uuid RETURNING meeting_json(m)",
    3};

static const struct db_stmt ITEM_INSERT = {
    "meeting_item_insert",
    "INSERT INTO meeting_items AS i (meeting_id, number, kind, text, reference, detail, rule_id) "
    "SELECT $1::uuid, coalesce(max(x.number), 0) + 1, $2, $3, $4, $5::jsonb, $6 "
    "FROM meeting_items x WHERE x.meeting_id = $1::uuid RETURNING meeting_item_json(i)",
    6};

/* An item with its meeting, as a change of it must know them: locked for update (opening,
 * closing) or shared (a ballot: many at once, none after the close). */
#define ITEM_FACTS                                                                                 \
    "SELECT json_build_object('item', meeting_item_json(i), 'meeting_id', m.id, "                  \
    "'meeting_state', m.state, 'meeting_date', m.meeting_date, 'noticed', "                        \
    "m.notice_act_id IS NOT NULL, 'case_id', m.case_id, 'profile', a.profile, "                    \
    "'visible', application_visible(a, $2, $3)) "                                                  \
    "FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id "                                 \
    "JOIN applications a ON a.id = m.case_id WHERE i.id = $1::uuid "
static const struct db_stmt ITEM_LOCK = {"meeting_item_lock", ITEM_FACTS "FOR UPDATE OF i", 3};
static const struct db_stmt ITEM_SHARE = {"meeting_item_share", ITEM_FACTS "FOR SHARE OF i", 3};
static const struct db_stmt ITEM_READ = {"meeting_item_read", ITEM_FACTS, 3};

/* The claims a membership is computed from (SZ-MTG-MEMBERS: the declared creditors), with
 * each claim's voting amount: confirmed, else the court's provisional amount, else none. */
static const struct db_stmt ITEM_CLAIMS = {
    "meeting_item_claims",
    "SELECT coalesce(json_agg(json_build_array(c.creditor_subject, c.id, "
    "CASE WHEN c.status = 'confirmed' THEN c.confirmed_fen ELSE c.provisional_fen END, "
    "coalesce(c.admitted_secured_fen, c.secured_fen) > 0, "
    "coalesce(c.admitted_class, c.claimed_class)) ORDER BY c.creditor_subject, c.seq), '[]') "
    "FROM claims c WHERE c.case_id = $1::uuid AND c.creditor_role = 'creditor' "
    "AND c.status NOT IN ('withdrawn', 'rejected')",
    1};

static const struct db_stmt ITEM_MEMBERS_INSERT = {
    "meeting_item_members_insert",
    "INSERT INTO meeting_item_members (item_id, member, grp, claim_ids, amount_fen, secured, "
    "votes, no_vote_reason) "
    "SELECT $1::uuid, r.member, r.grp, r.claim_ids, r.amount_fen, r.secured, r.votes, "
    "r.no_vote_reason FROM jsonb_to_recordset($2::jsonb) AS r(member text, grp text, "
    "claim_ids uuid[], amount_fen bigint, secured boolean, votes boolean, no_vote_reason text)",
    2};

static const struct db_stmt ITEM_OPEN = {
    "meeting_item_open",
    "WITH i AS (UPDATE meeting_items SET state = 'open', opened_at = now() "
    "  WHERE id = $1::uuid RETURNING meeting_id) "
    "UPDATE meetings SET state = 'open', updated_at = now() "
    "WHERE id = (SELECT meeting_id FROM i) AND state = 'convened'",
    1};

static const struct db_stmt ITEM_CLOSE = {
    "meeting_item_close",
    "UPDATE meeting_items AS i SET state = 'closed', closed_at = now(), result = $2::jsonb, "
    "passed = $3::boolean WHERE id = $1::uuid RETURNING meeting_item_json(i)",
    3};

/* The voting members of an item with their presence and counted ballot, for the tally:
 * rows (member, group, amount_fen, secured, present, choice|null); present is attending or
 * having voted. */
static const struct db_stmt ITEM_VOTERS = {
    "meeting_item_voters",
    "SELECT m.member, m.grp, m.amount_fen, m.secured, "
    "m.choice IS NOT NULL OR t.member IS NOT NULL, m.choice "
    "FROM meeting_item_members m "
    "LEFT JOIN meeting_attendance t ON t.meeting_id = $2::uuid AND t.member = m.member "
    "WHERE m.item_id = $1::uuid AND m.votes ORDER BY m.grp",
    2};

/* A member's rows in an item's frozen membership. */
static const struct db_stmt ITEM_MEMBER = {
    "meeting_item_member",
    "SELECT json_build_object('votes', bool_or(votes), 'no_vote_reason', min(no_vote_reason), "
    "'amount_fen', sum(amount_fen)) FROM meeting_item_members "
    "WHERE item_id = $1::uuid AND member = $2 HAVING count(*) > 0",
    2};

static const struct db_stmt ATTENDANCE_UPSERT = {
    "meeting_attendance_upsert",
    "INSERT INTO meeting_attendance AS t (meeting_id, member, mode, agent_name, "
    "power_of_attorney, recorded_by_role, recorded_by_subject) "
    "SELECT $1::uuid, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM claims c "
    "  WHERE c.creditor_subject = $2 AND c.case_id = $8::uuid) "
    "ON CONFLICT (meeting_id, member) DO UPDATE SET mode = EXCLUDED.mode, "
    "agent_name = EXCLUDED.agent_name, power_of_attorney = EXCLUDED.power_of_attorney, "
    "recorded_by_role = EXCLUDED.recorded_by_role, "
    "recorded_by_subject = EXCLUDED.recorded_by_subject, at = now() "
    "RETURNING json_build_object('meeting_id', t.meeting_id, 'member', t.member, 'mode', t.mode, "
    "'agent_name', t.agent_name, 'power_of_attorney', t.power_of_attorney, 'at', t.at)",
    8};

/* A creditor voting online attends online, unless its attendance says otherwise. */
static const struct db_stmt ATTENDANCE_ONLINE = {
    "meeting_attendance_online",
    "INSERT INTO meeting_attendance (meeting_id, member, mode, recorded_by_role, "
    "recorded_by_subject) VALUES ($1::uuid, $2, 'online', 'creditor', $2) "
    "ON CONFLICT (meeting_id, member) DO NOTHING",
    2};

static const struct db_stmt ATTENDANCE_GET = {
    "meeting_attendance_get",
    "SELECT json_build_object('mode', mode, 'agent_name', agent_name, "
    "'power_of_attorney', power_of_attorney) FROM meeting_attendance "
    "WHERE meeting_id = $1::uuid AND member = $2",
    2};

static const struct db_stmt ATTENDANCE_LIST = {
    "meeting_attendance_list",
    "SELECT coalesce(json_agg(json_build_object('member', member, 'mode', mode, "
    "'agent_name', agent_name, 'power_of_attorney', power_of_attorney, 'at', at) "
    "ORDER BY member), '[]') FROM meeting_attendance WHERE meeting_id = $1::uuid",
    1};

/* The receipt of a ballot: its id, its time and the SHA-256 (hex) of
 * item_id|member|choice|seq|time, all taken in the statement that stores it. */
#define RECEIPT_JSON(b)                                                                            \
    "json_build_object('ballot_id', " b ".id, 'item_id', " b ".item_id, 'member', " b ".member, "  \
    "'choice', " b ".choice, 'seq', " b ".seq, 'time', " b ".cast_time, 'channel', " b             \
    ".channel, 'paper_ref', " b ".paper_ref, 'digest', " b ".digest)"
static const struct db_stmt BALLOT_INSERT = {
    "ballot_insert",
    "WITH s AS (SELECT nextval('ballots_seq') AS seq, "
    "  to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS t) "
    "INSERT INTO ballots AS b (seq, item_id, member, choice, channel, paper_ref, agent_name, "
    "cast_by_role, cast_by_subject, cast_time, digest, request_id) "
    "SELECT s.seq, $1::uuid, $2, $3, $4, $5, $6, $7, $8, s.t, "
    "encode(sha256(convert_to($1 || '|' || $2 || '|' || $3 || '|' || s.seq || '|' || s.t, "
    "'UTF8')), 'hex'), $9 FROM s RETURNING " RECEIPT_JSON("b"),
    9};
/* The member's counted ballot follows its ballots by seq: a ballot stored concurrently with
 * a later one (a higher seq) that updated the row first does not overwrite it (the row lock
 * makes the second update read the first's seq). */
static const struct db_stmt BALLOT_COUNT = {
    "ballot_count",
    "UPDATE meeting_item_members SET choice = $3, ballot_seq = $4::bigint "
    "WHERE item_id = $1::uuid AND member = $2 AND (ballot_seq IS NULL OR ballot_seq < $4::bigint)",
    4};

/* A member's vote status in a meeting: per item, its membership, its last ballot with the
 * receipt, and how many it cast. */
static const struct db_stmt VOTE_STATUS = {
    "meeting_vote_status",
    "SELECT json_build_object('meeting_id', m.id, 'member', $4::text, 'meeting_state', m.state, "
    "'profile', a.profile, "
    "'items', (SELECT coalesce(json_agg(json_build_object('item', meeting_item_json(i), "
    "  'membership', (SELECT json_agg(json_build_object('group', mm.grp, "
    "     'amount', money_text(mm.amount_fen), 'votes', mm.votes, "
    "     'no_vote_reason', mm.no_vote_reason) ORDER BY mm.grp) FROM meeting_item_members mm "
    "     WHERE mm.item_id = i.id AND mm.member = $4), "
    "  'ballot', (SELECT " RECEIPT_JSON(
        "b") " FROM ballots b WHERE b.item_id = i.id "
             "     AND b.member = $4 ORDER BY b.seq DESC LIMIT 1), "
             "  'ballots_cast', (SELECT count(*) FROM ballots b WHERE b.item_id = i.id "
             "     AND b.member = $4)) ORDER BY i.number), '[]') "
             "  FROM meeting_items i WHERE i.meeting_id = m.id)) "
             "FROM meetings m JOIN applications a ON a.id = m.case_id "
             "WHERE m.id = $1::uuid AND application_visible(a, $2, $3)",
    4};

static const struct db_stmt REVOCATION_INSERT = {
    "meeting_revocation_insert",
    "INSERT INTO meeting_revocations AS r (meeting_id, item_id, creditor_subject, reasons, "
    "requested_on, due) SELECT $1::uuid, i.id, $3, $4, $5::date, $6::date FROM meeting_items i "
    "WHERE i.id = $2::uuid AND i.meeting_id = $1::uuid AND i.state = 'closed' "
    "RETURNING json_build_object('id', r.id, 'meeting_id', r.meeting_id, 'item_id', r.item_id, "
    "'creditor', r.creditor_subject, 'reasons', r.reasons, 'requested_on', r.requested_on, "
    "'due', r.due)",
    6};

enum db_status db_meeting_case(struct db_tx *tx, const struct db_actor *who, const char *case_id,
                               json_t **out)
{
    const char *params[3] = {case_id, who->role, who->subject};
    return dbi_json_one(tx, &MEETING_CASE, params, out);
}

enum db_status db_meeting_call_amounts(struct db_tx *tx, const char *case_id,
                                       const json_t *subjects, json_t **out)
{
    char *s = dbi_json_param(subjects);
    const char *params[2] = {case_id, s};
    enum db_status st = dbi_json_one(tx, &MEETING_CALL_AMOUNTS, params, out);
    free(s);
    return st;
}

enum db_status db_meeting_insert(struct db_tx *tx, const struct db_actor *who,
                                 const struct db_meeting_new *m, json_t **out)
{
    char *req = dbi_json_param(m->requesting), *check = dbi_json_param(m->call_check);
    const char *params[10] = {m->case_id, m->kind,  m->called_by, req,       check,
                              m->date,    m->place, m->room,      who->role, who->subject};
    enum db_status st = dbi_json_one(tx, &MEETING_INSERT, params, out);
    free(req);
    free(check);
    return st;
}

enum db_status db_meeting_get(struct db_tx *tx, const struct db_actor *who, const char *id,
                              json_t **out)
{
    const char *params[3] = {id, who->role, who->subject};
    return dbi_json_one(tx, &MEETING_GET, params, out);
}

enum db_status db_meetings_for_case(struct db_tx *tx, const struct db_actor *who,
                                    const char *case_id, const char *after_seq, int limit,
                                    json_t **out)
{
    char lim[16];
    snprintf(lim, sizeof lim, "%d", limit);
    enum db_status st = db_case_visible(tx, who, case_id);
    const char *params[3] = {case_id, after_seq, lim};
    return st == DB_OK ? dbi_json_rows(tx, &MEETINGS_FOR_CASE, params, out) : st;
}

enum db_status db_meeting_lock(struct db_tx *tx, const struct db_actor *who, const char *id,
                               json_t **out)
{
    const char *params[3] = {id, who->role, who->subject};
    return dbi_json_one(tx, &MEETING_LOCK, params, out);
}

enum db_status db_meeting_notice(struct db_tx *tx, const char *id, const char *act_id,
                                 const struct db_meeting_notice *n, json_t **out)
{
    const char *params[7] = {id,
                             act_id,
                             n->on,
                             n->due,
                             n->late ? "true" : "false",
                             n->late_reason,
                             n->due_provisional ? "true" : "false"};
    return dbi_json_one(tx, &MEETING_NOTICE, params, out);
}

enum db_status db_meeting_state(struct db_tx *tx, const char *id, const char *state,
                                const char *closed_on, json_t **out)
{
    const char *params[3] = {id, state, closed_on};
    return dbi_json_one(tx, &MEETING_STATE, params, out);
}

enum db_status db_meeting_item_insert(struct db_tx *tx, const char *meeting_id, const char *kind,
                                      const char *text, const char *reference, const json_t *detail,
                                      const char *rule_id, json_t **out)
{
    char *d = dbi_json_param(detail);
    const char *params[6] = {meeting_id, kind, text, reference, d ? d : "{}", rule_id};
    enum db_status st = dbi_json_one(tx, &ITEM_INSERT, params, out);
    free(d);
    return st;
}

enum db_status db_meeting_item_facts(struct db_tx *tx, const struct db_actor *who, const char *id,
                                     enum db_item_lock lock, json_t **out)
{
    const char *params[3] = {id, who->role, who->subject};
    const struct db_stmt *st = lock == DB_ITEM_UPDATE  ? &ITEM_LOCK
                               : lock == DB_ITEM_SHARE ? &ITEM_SHARE
                                                       : &ITEM_READ;
    return dbi_json_one(tx, st, params, out);
}

enum db_status db_meeting_item_claims(struct db_tx *tx, const char *case_id, json_t **out)
{
    const char *params[1] = {case_id};
    return dbi_json_one(tx, &ITEM_CLAIMS, params, out);
}

enum db_status db_meeting_item_open(struct db_tx *tx, const char *item_id, const json_t *members)
{
    char *m = dbi_json_param(members);
    const char *params[2] = {item_id, m};
    enum db_status st = dbi_command(tx, &ITEM_MEMBERS_INSERT, params);
    free(m);
    if (st == DB_NOT_FOUND) /* an item without members still opens */
        st = DB_OK;
    if (st == DB_OK) {
        st = dbi_command(tx, &ITEM_OPEN, params);
        st = st == DB_NOT_FOUND ? DB_OK : st; /* the meeting was open already */
    }
    return st;
}

enum db_status db_meeting_item_close(struct db_tx *tx, const char *item_id, const json_t *result,
                                     bool passed, json_t **out)
{
    char *r = dbi_json_param(result);
    const char *params[3] = {item_id, r, passed ? "true" : "false"};
    enum db_status st = dbi_json_one(tx, &ITEM_CLOSE, params, out);
    free(r);
    return st;
}

enum db_status db_meeting_item_voters(struct db_tx *tx, const char *item_id, const char *meeting_id,
                                      struct db_voters *out)
{
    const char *params[2] = {item_id, meeting_id};
    memset(out, 0, sizeof *out);
    PGresult *res = dbi_exec(tx, &ITEM_VOTERS, params);
    if (res == NULL)
        return dbi_failure(tx);
    int n = PQntuples(res);
    out->v = calloc(n > 0 ? (size_t)n : 1, sizeof *out->v);
    if (out->v == NULL) {
        PQclear(res);
        return DB_ERROR;
    }
    for (int i = 0; i < n; i++) {
        struct db_voter *v = &out->v[i];
        v->member = PQgetvalue(res, i, 0);
        v->group = PQgetvalue(res, i, 1);
        v->amount = strtoll(PQgetvalue(res, i, 2), NULL, 10);
        v->secured = PQgetvalue(res, i, 3)[0] == 't';
        v->present = PQgetvalue(res, i, 4)[0] == 't';
        v->choice = PQgetisnull(res, i, 5) ? NULL : PQgetvalue(res, i, 5);
    }
    out->n = (size_t)n;
    out->result = res;
    return DB_OK;
}

void db_voters_free(struct db_voters *v)
{
    free(v->v);
    PQclear(v->result);
    memset(v, 0, sizeof *v);
}

enum db_status db_meeting_item_member(struct db_tx *tx, const char *item_id, const char *member,
                                      json_t **out)
{
    const char *params[2] = {item_id, member};
    return dbi_json_one(tx, &ITEM_MEMBER, params, out);
}

enum db_status db_meeting_attendance(struct db_tx *tx, const struct db_actor *who,
                                     const char *meeting_id, const char *case_id,
                                     const struct db_attendance *a, json_t **out)
{
    const char *params[8] = {meeting_id,           a->member, a->mode,      a->agent_name,
                             a->power_of_attorney, who->role, who->subject, case_id};
    return dbi_json_one(tx, &ATTENDANCE_UPSERT, params, out);
}

enum db_status db_meeting_attend_online(struct db_tx *tx, const char *meeting_id,
                                        const char *member)
{
    const char *params[2] = {meeting_id, member};
    enum db_status st = dbi_command(tx, &ATTENDANCE_ONLINE, params);
    return st == DB_NOT_FOUND ? DB_OK : st; /* attending already */
}

enum db_status db_meeting_attendance_of(struct db_tx *tx, const char *meeting_id,
                                        const char *member, json_t **out)
{
    const char *params[2] = {meeting_id, member};
    return dbi_json_one(tx, &ATTENDANCE_GET, params, out);
}

enum db_status db_meeting_attendance_list(struct db_tx *tx, const char *meeting_id, json_t **out)
{
    const char *params[1] = {meeting_id};
    return dbi_json_one(tx, &ATTENDANCE_LIST, params, out);
}

enum db_status db_ballot_insert(struct db_tx *tx, const struct db_actor *who,
                                const struct db_ballot *b, json_t **out)
{
    const char *params[9] = {b->item_id,    b->member, b->choice,    b->channel,     b->paper_ref,
                             b->agent_name, who->role, who->subject, who->request_id};
    enum db_status st = dbi_json_one(tx, &BALLOT_INSERT, params, out);
    char seq[24];
    snprintf(seq, sizeof seq, "%lld", (long long)json_integer_value(json_object_get(*out, "seq")));
    const char *counted[4] = {b->item_id, b->member, b->choice, seq};
    if (st == DB_OK)
        st = dbi_command(tx, &BALLOT_COUNT, counted);
    return st == DB_NOT_FOUND ? DB_OK : st; /* a later ballot counted already */
}

enum db_status db_meeting_vote_status(struct db_tx *tx, const struct db_actor *who,
                                      const char *meeting_id, const char *member, json_t **out)
{
    const char *params[4] = {meeting_id, who->role, who->subject, member};
    return dbi_json_one(tx, &VOTE_STATUS, params, out);
}

enum db_status db_meeting_revocation(struct db_tx *tx, const char *meeting_id, const char *item_id,
                                     const char *creditor, const char *reasons, const char *on,
                                     const char *due, json_t **out)
{
    const char *params[6] = {meeting_id, item_id, creditor, reasons, on, due};
    return dbi_json_one(tx, &REVOCATION_INSERT, params, out);
}

const struct db_stmt *const dbi_meetings_statements[] = {
    &MEETING_CASE,      &MEETING_CALL_AMOUNTS, &MEETING_INSERT,
    &MEETING_GET,       &MEETINGS_FOR_CASE,    &MEETING_LOCK,
    &MEETING_NOTICE,    &MEETING_STATE,        &ITEM_INSERT,
    &ITEM_LOCK,         &ITEM_SHARE,           &ITEM_READ,
    &ITEM_CLAIMS,       &ITEM_MEMBERS_INSERT,  &ITEM_OPEN,
    &ITEM_CLOSE,        &ITEM_VOTERS,          &ITEM_MEMBER,
    &ATTENDANCE_UPSERT, &ATTENDANCE_ONLINE,    &ATTENDANCE_GET,
    &ATTENDANCE_LIST,   &BALLOT_INSERT,        &BALLOT_COUNT,
    &VOTE_STATUS,       &REVOCATION_INSERT,    NULL};
