/* liquidation.c: what the handlers of a liquidation share (include/liquidation.h): the case
 * locked and checked once per request, acts recorded under the case's profile (a PRC case's
 * declaration is served within PRC-LIQ-DECLARE-SERVE's days), phase moves through
 * case_phase_set only. */
#include <stdio.h>
#include <string.h>

#include "caselife.h"
#include "clock.h"
#include "liquidation.h"
#include "money.h"
#include "rules.h"

void liq_in_init(struct liq_in *in)
{
    memset(in, 0, sizeof *in);
    rules_calendar_init(&in->cal);
    in->on = clock_today();
}

static enum http_step liq_before(struct api_call *c)
{
    struct liq_in *in = c->arg;
    if (in->on > clock_today())
        return api_step_for(c, api_refuse(&c->no, PROBLEM_VALIDATION, NULL,
                                          in->date_field ? in->date_field : "date",
                                          "must not be in the future"));
    return api_step_for(c, api_calendar_load(&in->cal));
}

static void liq_cleanup(struct api_call *c)
{
    struct liq_in *in = c->arg;
    rules_calendar_free(&in->cal);
    json_decref(in->scratch);
    in->scratch = NULL;
}

enum db_status liq_case(struct db_tx *tx, struct api_call *c, json_t **facts)
{
    struct liq_in *in = c->arg;
    *facts = NULL;
    if (in->case_id[0] == '\0')
        snprintf(in->case_id, sizeof in->case_id, "%s", c->r->params[0]);
    enum db_status st = db_liq_case(tx, &c->who, in->case_id, facts);
    if (st != DB_OK)
        return st;
    if (!json_is_true(json_object_get(*facts, "visible")))
        return DB_NOT_FOUND;
    snprintf(c->no.profile, sizeof c->no.profile, "%s", jf_str(*facts, "profile") ?: "");
    if (strcmp(jf_str(*facts, "status") ?: "", "accepted") != 0)
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL, "the case is not accepted");
    return DB_OK;
}

const char *liq_profile(const struct api_call *c)
{
    return c->no.profile[0] ? c->no.profile : NULL;
}

const struct rule *liq_rule(const struct api_call *c, const char *id)
{
    return api_rule(c->no.profile, id);
}

bool liq_phase_in(const json_t *facts, const char *const *phases)
{
    const char *phase = jf_str(facts, "phase");
    for (const char *const *p = phases; phase && *p; p++)
        if (strcmp(*p, phase) == 0)
            return true;
    return false;
}

enum db_status liq_refuse_phase(struct api_call *c, const json_t *facts, const char *rule_id)
{
    return api_refuse(&c->no, PROBLEM_CONFLICT, rule_id, NULL,
                      "the case is in the phase %s, where this does not belong",
                      jf_str(facts, "phase") ?: "(none)");
}

enum db_status liq_act(struct db_tx *tx, struct api_call *c, const char *kind, date_t on,
                       const json_t *detail, json_t **act)
{
    struct liq_in *in = c->arg;
    const struct act_kind *k = caselife_act_kind(kind);
    json_t *mine = NULL;
    if (k == NULL)
        return DB_ERROR;
    enum db_status st = caselife_act(tx, &c->who, &in->cal, in->case_id, liq_profile(c), k, on,
                                     NULL, detail, false, act ? act : &mine);
    json_decref(mine);
    return st;
}

enum db_status liq_phase(struct db_tx *tx, struct api_call *c, const char *from, const char *to,
                         date_t on, const char *rule_id, const char *act_id)
{
    const struct liq_in *in = c->arg;
    char when[11];
    date_format(on, when);
    struct db_phase_move m = {.case_id = in->case_id,
                              .from = from,
                              .to = to,
                              .on = when,
                              .rule_id = rule_id,
                              .act_id = act_id};
    enum db_status st = db_case_phase_set(tx, &c->who, &m);
    if (st == DB_NOT_FOUND)
        return api_refuse(&c->no, PROBLEM_CONFLICT, rule_id, NULL,
                          "the case is not in a phase this belongs to (%s)", from);
    return st;
}

enum db_status liq_audit(struct db_tx *tx, struct api_call *c, const char *action,
                         const char *object_type, const char *object_id, const json_t *detail)
{
    const struct liq_in *in = c->arg;
    return db_audit(tx, &c->who, action, object_type, object_id, in->case_id, detail);
}

enum MHD_Result liq_run_write(struct http_request *r, const struct liq_write *w, struct liq_in *in)
{
    const struct api_handler h = {.name = w->name,
                                  .write = true,
                                  .touches_memos = w->touches_memos,
                                  .body = w->body,
                                  .check = w->check,
                                  .before = liq_before,
                                  .tx = w->tx,
                                  .ok = w->ok,
                                  .what = w->what ? w->what : "case",
                                  .cleanup = liq_cleanup};
    return api_run(r, &h, in);
}

json_t *liq_money_json(int64_t fen)
{
    char text[32];
    money_format(fen, text);
    return json_string(text);
}
