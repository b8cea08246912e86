/* plan_execution.c: an approved plan (or settlement) executed. Its schedule is the case's
 * payment plan: each creditor reads what it will receive and when and what it has received,
 * a payment past its date and not covered by confirmed payments is overdue (this view is
 * where overdue payments show: the deadline dashboard holds the case's statutory periods).
 * The debtor reports payments with their evidence, the administrator confirms them and files
 * the execution report when the period has ended (SZ-REO-REPORT). The court extends the
 * period (SZ-REO-EXTEND), forgives the rest on hardship (SZ-REO-HARDSHIP, strictly more than
 * the rule's fraction paid) and ends the reorganization (SZ-REO-TERMINATE) or its execution
 * (SZ-REO-DEFAULT) with the effects computed: payments stand, unpaid plan claims revert to
 * the full claims, and paid creditors wait until the others reach their ratio. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caselife.h"
#include "clock.h"
#include "money.h"
#include "plans.h"

static const char *const end_rules[] = {"SZ-REO-TERMINATE", "SZ-REO-DEFAULT", NULL};

struct exec_in {
    rules_calendar cal; /* first: plans_calendar_load */
    const char *creditor, *summary, *reasons, *rule, *ground, *payment_id;
    const json_t *evidence;
    date_t paid_on, new_end;
    bool has_paid_on;
    int64_t amount;
    int not_debtors_fault;
};

static const struct rule *rule_of(const struct api_call *c, const char *id)
{
    return api_rule(c->no.profile, id);
}

static enum db_status refuse_unless_executing(struct api_call *c, const json_t *plan,
                                              const char *rule)
{
    if (strcmp(jf_str(plan, "state"), "executing") == 0)
        return DB_OK;
    return api_refuse(&c->no, PROBLEM_CONFLICT, rule ? rule_of(c, rule)->id : NULL, NULL,
                      "the plan is %s: this belongs to its execution", jf_str(plan, "state"));
}

/* ---- the schedule ---- */

/* One creditor's rows: what is due (each covered or not by the confirmed payments, in date
 * order; overdue when past and not covered), what was paid. */
static json_t *creditor_view(const char *creditor, const json_t *rows, const json_t *payments,
                             date_t today)
{
    int64_t confirmed = 0, reported = 0, expected = 0, overdue = 0, due_by_now = 0;
    size_t i;
    const json_t *p, *row;
    json_t *paid = json_array(), *due = json_array();
    json_array_foreach(payments, i, p)
    {
        int64_t fen = 0;
        if (strcmp(jf_str(p, "creditor"), creditor) != 0 || !jf_money(p, "amount", &fen))
            continue;
        if (json_is_true(json_object_get(p, "confirmed")))
            confirmed += fen;
        else
            reported += fen;
        json_array_append(paid, (json_t *)p);
    }
    json_array_foreach(rows, i, row)
    {
        if (strcmp(json_string_value(json_array_get(row, 2)), creditor) != 0)
            continue;
        int64_t fen = (int64_t)json_integer_value(json_array_get(row, 4));
        date_t on = 0;
        date_parse(json_string_value(json_array_get(row, 1)), &on);
        expected += fen;
        bool covered = confirmed >= expected, late = !covered && on < today;
        if (on <= today)
            due_by_now += fen;
        if (late)
            overdue += fen;
        char amount[32];
        money_format(fen, amount);
        json_array_append_new(due, json_pack("{s:O, s:O, s:O, s:s, s:b, s:b}", "n",
                                             json_array_get(row, 0), "due", json_array_get(row, 1),
                                             "class", json_array_get(row, 3), "amount", amount,
                                             "covered", covered, "overdue", late));
    }
    json_t *o =
        json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:b, s:o, s:o}", "creditor", creditor,
                  "expected_fen", (json_int_t)expected, "due_by_today_fen", (json_int_t)due_by_now,
                  "received_fen", (json_int_t)confirmed, "reported_unconfirmed_fen",
                  (json_int_t)reported, "overdue_amount_fen", (json_int_t)overdue, "overdue",
                  overdue > 0, "expected_payments", due, "payments", paid);
    return api_amounts_as_money(o, false);
}

static json_t *schedule_view(const json_t *plan, const json_t *rows, const json_t *payments)
{
    json_t *creditors = json_array(), *seen = json_object();
    size_t i;
    const json_t *row;
    bool overdue = false;
    int64_t total = 0, received = 0, fen;
    char today[11];
    date_format(clock_today(), today);
    json_array_foreach(rows, i, row)
    {
        const char *creditor = json_string_value(json_array_get(row, 2));
        total += (int64_t)json_integer_value(json_array_get(row, 4));
        if (json_object_get(seen, creditor))
            continue;
        json_object_set_new(seen, creditor, json_true());
        json_t *v = creditor_view(creditor, rows, payments, clock_today());
        overdue = overdue || json_is_true(json_object_get(v, "overdue"));
        if (jf_money(v, "received", &fen))
            received += fen;
        json_array_append_new(creditors, v);
    }
    json_decref(seen);
    char t[32], r[32];
    money_format(total, t);
    money_format(received, r);
    return json_pack("{s:O, s:O, s:O, s:s, s:s, s:s, s:b, s:o}", "plan_id",
                     json_object_get(plan, "id"), "state", json_object_get(plan, "state"),
                     "execution_end", json_object_get(plan, "execution_end"), "today", today,
                     "plan_total", t, "received", r, "overdue", overdue, "creditors", creditors);
}

static enum db_status schedule_tx(struct db_tx *tx, struct api_call *c)
{
    json_t *got = NULL, *rows = NULL, *payments = NULL;
    enum db_status st = db_plan_get(tx, &c->who, c->r->params[0], &got);
    if (st != DB_OK)
        return st;
    const json_t *plan = json_object_get(got, "plan");
    const char *only = c->role == ROLE_CREDITOR ? c->who.subject : NULL;
    st = db_plan_schedule_rows(tx, c->r->params[0], only, &rows);
    if (st == DB_OK)
        st = db_plan_payments_rows(tx, c->r->params[0], only, &payments);
    if (st == DB_OK)
        c->out = schedule_view(plan, rows, payments);
    json_decref(rows);
    json_decref(payments);
    json_decref(got);
    return st;
}

enum MHD_Result api_plans_schedule(struct http_request *r)
{
    const struct api_handler h = {.name = "plans_schedule", .tx = schedule_tx, .what = "plan"};
    return api_run(r, &h, NULL);
}

/* ---- payments ---- */

static enum db_status report_payment_tx(struct db_tx *tx, struct api_call *c)
{
    struct exec_in *in = c->arg;
    json_t *facts = NULL, *rows = NULL;
    enum db_status st = plans_locked(tx, c, &facts);
    if (st != DB_OK)
        return st;
    const json_t *plan = json_object_get(facts, "plan");
    st = refuse_unless_executing(c, plan, "SZ-REO-REPORT");
    if (st == DB_OK)
        st = db_plan_schedule_rows(tx, c->r->params[0], in->creditor, &rows);
    if (st == DB_OK && json_array_size(rows) == 0)
        st = api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, "creditor",
                        "the plan pays no such creditor");
    char on[11];
    date_format(in->has_paid_on ? in->paid_on : clock_today(), on);
    struct db_plan_payment p = {c->r->params[0], in->creditor, on, in->amount, in->evidence};
    if (st == DB_OK)
        st = db_plan_payment_insert(tx, &c->who, &p, &c->out);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "plan.payment_report", "plan_payment", jf_str(c->out, "id"),
                      jf_str(plan, "case_id"), c->out);
    json_decref(rows);
    json_decref(facts);
    return st;
}

static void check_payment(struct api_call *c, json_t *errors)
{
    const struct exec_in *in = c->arg;
    if (in->amount <= 0)
        jf_error(errors, "amount", "must be more than 0.00");
    if (in->has_paid_on && in->paid_on > clock_today())
        jf_error(errors, "paid_on", "must not be in the future");
}

enum MHD_Result api_plans_report_payment(struct http_request *r)
{
    struct exec_in in = {0};
    static const struct jf_field evidence[] = {
        {.name = "kind", .type = JF_STRING, .required = true, .min = 1, .max = 100},
        {.name = "reference", .type = JF_STRING, .required = true, .min = 1, .max = 500},
        {NULL},
    };
    const struct jf_field body[] = {
        {.name = "creditor",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 128,
         .dst = &in.creditor},
        {.name = "paid_on", .type = JF_DATE, .dst = &in.paid_on, .present = &in.has_paid_on},
        {.name = "amount", .type = JF_MONEY, .required = true, .dst = &in.amount},
        {.name = "evidence",
         .type = JF_ARRAY,
         .required = true,
         .min = 1,
         .max = 20,
         .item_type = JF_OBJECT,
         .fields = evidence,
         .dst = &in.evidence},
        {NULL},
    };
    const struct api_handler h = {.name = "plans_report_payment",
                                  .write = true,
                                  .body = body,
                                  .check = check_payment,
                                  .tx = report_payment_tx,
                                  .ok = 201,
                                  .what = "plan"};
    return api_run(r, &h, &in);
}

static enum db_status confirm_tx(struct db_tx *tx, struct api_call *c)
{
    json_t *facts = NULL;
    enum db_status st = plans_locked(tx, c, &facts);
    if (st != DB_OK)
        return st;
    const json_t *plan = json_object_get(facts, "plan");
    char on[11];
    date_format(clock_today(), on);
    st = refuse_unless_executing(c, plan, "SZ-REO-REPORT");
    if (st == DB_OK) {
        st = db_plan_payment_confirm(tx, &c->who, c->r->params[0], c->r->params[1], on, &c->out);
        if (st == DB_NOT_FOUND)
            st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL,
                            "no such payment of the plan waits for confirmation");
    }
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "plan.payment_confirm", "plan_payment", c->r->params[1],
                      jf_str(plan, "case_id"), c->out);
    json_decref(facts);
    return st;
}

enum MHD_Result api_plans_confirm_payment(struct http_request *r)
{
    const struct api_handler h = {
        .name = "plans_confirm_payment", .write = true, .tx = confirm_tx, .what = "plan"};
    return api_run(r, &h, NULL);
}

/* What the schedule asks in all and what was confirmed paid in all. */
static enum db_status totals(struct db_tx *tx, const char *plan_id, int64_t *planned, int64_t *paid,
                             json_t **rows, json_t **by_creditor)
{
    enum db_status st = db_plan_schedule_rows(tx, plan_id, NULL, rows);
    if (st == DB_OK)
        st = db_plan_paid_totals(tx, plan_id, by_creditor);
    *planned = *paid = 0;
    size_t i;
    const json_t *row, *v;
    const char *k;
    json_array_foreach(*rows, i, row) *planned +=
        (int64_t)json_integer_value(json_array_get(row, 4));
    json_object_foreach(*by_creditor, k, v) *paid += (int64_t)json_integer_value(v);
    return st;
}

static enum db_status execution_report_tx(struct db_tx *tx, struct api_call *c)
{
    struct exec_in *in = c->arg;
    json_t *facts = NULL, *rows = NULL, *by = NULL;
    enum db_status st = plans_locked(tx, c, &facts);
    if (st != DB_OK)
        return st;
    const json_t *plan = json_object_get(facts, "plan");
    const struct rule *report = rule_of(c, "SZ-REO-REPORT");
    date_t end = 0;
    st = refuse_unless_executing(c, plan, "SZ-REO-REPORT");
    if (st == DB_OK && jf_date(plan, "execution_end", &end) && clock_today() < end)
        st = api_refuse(&c->no, PROBLEM_RULE, report->id, NULL,
                        "the execution report is filed when the execution period has ended "
                        "(%s)",
                        jf_str(plan, "execution_end"));
    int64_t planned = 0, paid = 0;
    if (st == DB_OK)
        st = totals(tx, c->r->params[0], &planned, &paid, &rows, &by);
    char on[11], p[32], q[32];
    date_format(clock_today(), on);
    money_format(planned, p);
    money_format(paid, q);
    json_t *body = json_pack("{s:s, s:s, s:s, s:s, s:b, s:O, s:s}", "on", on, "summary",
                             in->summary, "plan_total", p, "paid", q, "fully_paid", paid >= planned,
                             "report_to", rules_param(report, "report_to"), "rule", report->id);
    json_t *changes = json_pack("{s:O}", "report", body);
    json_t *act = NULL;
    if (st == DB_OK)
        st = caselife_act(tx, &c->who, &in->cal, jf_str(plan, "case_id"), plans_profile(c),
                          caselife_act_kind("execution_report_filed"), clock_today(), NULL, body,
                          false, &act);
    json_decref(act);
    if (st == DB_OK)
        st = db_plan_set(tx, c->r->params[0], changes, &c->out);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "plan.execution_report", "plan", c->r->params[0],
                      jf_str(plan, "case_id"), body);
    json_decref(body);
    json_decref(changes);
    json_decref(rows);
    json_decref(by);
    json_decref(facts);
    return st;
}

/* A court or administrator's write on the plan with one text field, the calendar loaded. */
static enum MHD_Result run_with_text(struct http_request *r, const char *name, const char *field,
                                     enum db_status (*tx)(struct db_tx *, struct api_call *))
{
    struct exec_in in = {0};
    rules_calendar_init(&in.cal);
    const struct jf_field body[] = {
        {.name = field,
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 10000,
         .dst = &in.summary},
        {NULL},
    };
    const struct api_handler h = {.name = name,
                                  .write = true,
                                  .body = body,
                                  .before = plans_calendar_load,
                                  .tx = tx,
                                  .what = "plan",
                                  .cleanup = plans_calendar_free};
    return api_run(r, &h, &in);
}

enum MHD_Result api_plans_execution_report(struct http_request *r)
{
    return run_with_text(r, "plans_execution_report", "summary", execution_report_tx);
}

/* ---- the court: extension, hardship, termination ---- */

static enum db_status extend_tx(struct db_tx *tx, struct api_call *c)
{
    struct exec_in *in = c->arg;
    json_t *facts = NULL, *check = NULL;
    enum db_status st = plans_locked(tx, c, &facts);
    if (st != DB_OK)
        return st;
    const json_t *plan = json_object_get(facts, "plan");
    date_t original = 0, current = 0;
    jf_date(json_object_get(json_object_get(plan, "content"), "execution_period"), "end",
            &original);
    jf_date(plan, "execution_end", &current);
    st = refuse_unless_executing(c, plan, "SZ-REO-EXTEND");
    if (st == DB_OK && in->not_debtors_fault != 1)
        st = api_refuse(&c->no, PROBLEM_RULE, rule_of(c, "SZ-REO-EXTEND")->id, "not_debtors_fault",
                        "the period is extended only for reasons not the debtor's");
    if (st == DB_OK) {
        check =
            rules_plan_extension(rules_builtin(), plans_profile(c), original, current, in->new_end);
        if (!json_is_true(json_object_get(check, "met")))
            st = api_refuse(&c->no, PROBLEM_RULE, rule_of(c, "SZ-REO-EXTEND")->id, "new_end", "%s",
                            jf_str(check, "why"));
    }
    char end[11], on[11];
    date_format(in->new_end, end);
    date_format(clock_today(), on);
    json_t *extensions = json_deep_copy(json_object_get(plan, "extensions"));
    json_array_append_new(extensions, json_pack("{s:s, s:O, s:s, s:s}", "on", on, "from",
                                                json_object_get(plan, "execution_end"), "to", end,
                                                "reason", in->reasons));
    json_t *changes = json_pack("{s:s, s:o}", "execution_end", end, "extensions", extensions);
    if (st == DB_OK)
        st = db_plan_set(tx, c->r->params[0], changes, &c->out);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "plan.extend", "plan", c->r->params[0], jf_str(plan, "case_id"),
                      changes);
    json_decref(changes);
    json_decref(check);
    json_decref(facts);
    return st;
}

enum MHD_Result api_plans_extend(struct http_request *r)
{
    struct exec_in in = {.not_debtors_fault = -1};
    const struct jf_field body[] = {
        {.name = "new_end", .type = JF_DATE, .required = true, .dst = &in.new_end},
        {.name = "reason",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 4000,
         .dst = &in.reasons},
        {.name = "not_debtors_fault",
         .type = JF_BOOL,
         .required = true,
         .dst = &in.not_debtors_fault},
        {NULL},
    };
    const struct api_handler h = {
        .name = "plans_extend", .write = true, .body = body, .tx = extend_tx, .what = "plan"};
    return api_run(r, &h, &in);
}

/* An ended plan: its state, what ended it and its effects, the case's phase and act. */
static enum db_status plan_ended(struct db_tx *tx, struct api_call *c, const json_t *plan,
                                 const char *state, const char *rule, json_t *effects,
                                 const char *from, const char *to, const char *act_kind)
{
    struct exec_in *in = c->arg;
    char on[11];
    date_format(clock_today(), on);
    json_t *act = NULL;
    json_t *ended = json_pack("{s:s, s:s, s:s?, s:s?, s:O?}", "rule", rule, "on", on, "ground",
                              in->ground, "reasons", in->reasons, "effects", effects);
    json_t *detail = json_pack("{s:s, s:s?}", "rule", rule, "ground", in->ground);
    enum db_status st = DB_OK;
    if (act_kind)
        st = caselife_act(tx, &c->who, &in->cal, jf_str(plan, "case_id"), plans_profile(c),
                          caselife_act_kind(act_kind), clock_today(), NULL, detail, false, &act);
    json_decref(detail);
    if (st == DB_OK)
        st = plans_phase(tx, c, jf_str(plan, "case_id"), from, to, rule,
                         act ? jf_str(act, "id") : NULL);
    json_t *changes = json_pack("{s:s, s:O}", "state", state, "ended", ended);
    if (st == DB_OK)
        st = db_plan_set(tx, c->r->params[0], changes, &c->out);
    if (st == DB_OK)
        st = db_audit(tx, &c->who, "plan.end", "plan", c->r->params[0], jf_str(plan, "case_id"),
                      ended);
    json_decref(changes);
    json_decref(ended);
    json_decref(act);
    return st;
}

static enum db_status forgive_tx(struct db_tx *tx, struct api_call *c)
{
    struct exec_in *in = c->arg;
    in->reasons = in->summary; /* the court's reason */
    json_t *facts = NULL, *rows = NULL, *by = NULL, *check = NULL;
    enum db_status st = plans_locked(tx, c, &facts);
    if (st != DB_OK)
        return st;
    const json_t *plan = json_object_get(facts, "plan");
    int64_t planned = 0, paid = 0;
    st = refuse_unless_executing(c, plan, "SZ-REO-HARDSHIP");
    if (st == DB_OK)
        st = totals(tx, c->r->params[0], &planned, &paid, &rows, &by);
    if (st == DB_OK) {
        check = rules_plan_hardship(rules_builtin(), plans_profile(c), paid, planned);
        if (!json_is_true(json_object_get(check, "met")))
            st = api_refuse(&c->no, PROBLEM_RULE, rule_of(c, "SZ-REO-HARDSHIP")->id, NULL, "%s",
                            jf_str(check, "why"));
    }
    if (st == DB_OK) {
        json_t *effects = api_amounts_as_money(json_incref(check), false);
        st = plan_ended(tx, c, plan, "forgiven", rule_of(c, "SZ-REO-HARDSHIP")->id, effects,
                        "{reorganization_execution}", "ended", NULL);
        json_decref(effects);
    }
    json_decref(check);
    json_decref(rows);
    json_decref(by);
    json_decref(facts);
    return st;
}

enum MHD_Result api_plans_forgive(struct http_request *r)
{
    return run_with_text(r, "plans_forgive", "reason", forgive_tx);
}

/* SZ-REO-DEFAULT's effects over the case's claims, the schedule and what was paid. */
static enum db_status default_effects(struct db_tx *tx, struct api_call *c, const json_t *plan,
                                      json_t **effects)
{
    json_t *rows = NULL, *by = NULL;
    int64_t planned, paid;
    struct plan_weighed w;
    json_t *content = NULL;
    enum db_status st = totals(tx, c->r->params[0], &planned, &paid, &rows, &by);
    if (st == DB_OK)
        st = db_plan_version_get(tx, c->r->params[0], jf_int(plan, "frozen_version", 1), &content);
    if (st == DB_OK)
        st = plans_weigh(tx, plan, content, &w);
    if (st == DB_OK) {
        int64_t *got = calloc(w.ncred ? w.ncred : 1, sizeof *got);
        /* a creditor's payments count once, against its first class */
        for (size_t i = 0; got && i < w.ncred; i++) {
            bool first = true;
            for (size_t k = 0; k < i; k++)
                first = first && strcmp(w.cred[k].id, w.cred[i].id) != 0;
            got[i] = first ? (int64_t)json_integer_value(json_object_get(by, w.cred[i].id)) : 0;
        }
        json_t *e = got ? rules_plan_default_effects(rules_builtin(), plans_profile(c), w.cred, got,
                                                     w.ncred)
                        : NULL;
        *effects = e ? api_amounts_as_money(e, false) : NULL;
        st = e ? DB_OK : DB_ERROR;
        free(got);
        plans_weighed_free(&w);
    }
    json_decref(content);
    json_decref(rows);
    json_decref(by);
    return st;
}

static enum db_status terminate_tx(struct db_tx *tx, struct api_call *c)
{
    struct exec_in *in = c->arg;
    json_t *facts = NULL, *effects = NULL;
    enum db_status st = plans_locked(tx, c, &facts);
    if (st != DB_OK)
        return st;
    const json_t *plan = json_object_get(facts, "plan");
    bool during_execution = strcmp(in->rule, "SZ-REO-DEFAULT") == 0;
    const struct rule *rule = rule_of(c, in->rule);
    const char *state = jf_str(plan, "state");
    bool executing = strcmp(state, "executing") == 0;
    bool open = strcmp(state, "draft") == 0 || strcmp(state, "voting") == 0 ||
                strcmp(state, "passed") == 0 || strcmp(state, "not_passed") == 0 ||
                strcmp(state, "approval_applied") == 0;
    if (strcmp(jf_str(plan, "kind"), "reorganization") != 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, rule->id, NULL,
                        "a settlement is not terminated under %s", rule->id);
    else if (during_execution ? !executing : !open)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, rule->id, NULL, "the plan is %s: %s ends %s",
                        state, rule->id,
                        during_execution ? "the execution of an approved plan"
                                         : "a reorganization before its plan is approved");
    if (st == DB_OK && !during_execution && in->ground &&
        !jf_listed(rules_param(rule, "grounds"), in->ground))
        st = api_refuse(&c->no, PROBLEM_RULE, rule->id, "ground", "is not a ground of the rule");
    if (st == DB_OK && during_execution)
        st = default_effects(tx, c, plan, &effects);
    if (st == DB_OK)
        st = plan_ended(tx, c, plan, during_execution ? "defaulted" : "terminated", rule->id,
                        effects,
                        during_execution ? "{reorganization_execution}" : "{reorganization}",
                        "awaiting_declaration", "reorganization_terminated");
    json_decref(effects);
    json_decref(facts);
    return st;
}

enum MHD_Result api_plans_terminate(struct http_request *r)
{
    struct exec_in in = {0};
    rules_calendar_init(&in.cal);
    const struct jf_field body[] = {
        {.name = "rule",
         .type = JF_ENUM,
         .required = true,
         .enum_values = end_rules,
         .dst = &in.rule},
        {.name = "ground",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 100,
         .dst = &in.ground},
        {.name = "reasons", .type = JF_STRING, .min = 1, .max = 4000, .dst = &in.reasons},
        {NULL},
    };
    const struct api_handler h = {.name = "plans_terminate",
                                  .write = true,
                                  .touches_memos = true,
                                  .body = body,
                                  .before = plans_calendar_load,
                                  .tx = terminate_tx,
                                  .what = "plan",
                                  .cleanup = plans_calendar_free};
    return api_run(r, &h, &in);
}

/* ---- the end of a fully executed plan ---- */

enum db_status plans_act_recorded(struct db_tx *tx, struct api_call *c, const char *case_id,
                                  const char *kind, const char *act_id)
{
    bool settlement = strcmp(kind, "settlement_executed") == 0;
    if (!settlement && strcmp(kind, "reorganization_plan_completed") != 0)
        return DB_OK;
    json_t *got = NULL;
    enum db_status st = db_plan_executing(tx, case_id, &got);
    const char *rule = rule_of(c, settlement ? "SZ-SET-END" : "SZ-REO-REPORT")->id;
    const json_t *plan = json_object_get(got, "plan");
    const char *want = settlement ? "settlement" : "reorganization";
    bool ours = st == DB_OK && strcmp(jf_str(plan, "kind"), want) == 0;
    if (settlement && (st == DB_NOT_FOUND || (st == DB_OK && !ours)))
        st = api_refuse(&c->no, PROBLEM_CONFLICT, rule, "kind",
                        "the case has no settlement being executed");
    else if (st == DB_NOT_FOUND || (st == DB_OK && !ours))
        st = DB_OK; /* a case without a plan of the service (recorded before plans existed) */
    else if (st == DB_OK) {
        st = plans_phase(tx, c, case_id,
                         settlement ? "{settlement_execution}" : "{reorganization_execution}",
                         "ended", rule, act_id);
        char on[11];
        date_format(clock_today(), on);
        json_t *changes = json_pack("{s:s, s:{s:s, s:s, s:s}}", "state", "completed", "ended",
                                    "rule", rule, "on", on, "act", kind);
        if (st == DB_OK)
            st = db_plan_set(tx, jf_str(plan, "id"), changes, NULL);
        if (st == DB_OK)
            st = db_audit(tx, &c->who, "plan.completed", "plan", jf_str(plan, "id"), case_id,
                          changes);
        json_decref(changes);
    }
    json_decref(got);
    return st;
}
