/* liquidation.h: what the liquidation handlers share (src/api/liquidation.c): their one
 * input struct, the case locked with its profile, acts recorded under the case's profile,
 * and phase moves refused naming the rule. property.c, estate.c, distributions.c and
 * discharge.c (issue 13). */
#ifndef LIQUIDATION_H
#define LIQUIDATION_H
#include "api.h"
#include "rules_period.h"

/* The inputs of every liquidation route (each fills what its field table names). */
struct liq_in {
    rules_calendar cal;
    date_t on;
    const char *kind, *reason, *reference, *description, *outcome, *claim_id, *restriction,
        *evidence, *method, *opinion, *line_id, *request_act_id, *basis;
    int64_t amount;
    bool has_amount;
    long long months, change_no;
    const json_t *items, *changes, *conditional, *nondischargeable, *breach_ids;
    json_t *scratch;        /* what a handler keeps across its hooks (freed by the cleanup) */
    char case_id[37];       /* the case (liq_case): the path's, or a plan's case */
    const char *date_field; /* the body's name for `on` (NULL: "date") */
};
void liq_in_init(struct liq_in *in);
/* A liquidation write: api_run with the hooks they all share (the court calendar loaded and
 * a date in the future refused before the transaction, the calendar freed after). */
struct liq_write {
    const char *name;
    const struct jf_field *body;
    enum db_status (*tx)(struct db_tx *tx, struct api_call *c);
    void (*check)(struct api_call *c, json_t *errors);
    unsigned ok;
    bool touches_memos;
    const char *what; /* NULL: "case" */
};
enum MHD_Result liq_run_write(struct http_request *r, const struct liq_write *w, struct liq_in *in);
/* The fields most of them take: the legal date, a required text. */
#define LIQ_DATE_FIELD(in)                                                                         \
    {                                                                                              \
        .name = "date", .type = JF_DATE, .dst = &(in).on                                           \
    }
#define LIQ_TEXT_FIELD(key, len, where)                                                            \
    {                                                                                              \
        .name = key, .type = JF_STRING, .required = true, .min = 1, .max = len, .dst = where       \
    }
/* An amount in fen as the API shows it (a new reference). */
json_t *liq_money_json(int64_t fen);

/* The case locked (db_liq_case), seen by the actor (404 otherwise), accepted (409); its
 * profile goes into c->no.profile and its id into in->case_id (the path's first parameter
 * unless the handler set it first). *facts is the caller's. */
enum db_status liq_case(struct db_tx *tx, struct api_call *c, json_t **facts);
/* The case's profile, NULL for the default (after liq_case). */
const char *liq_profile(const struct api_call *c);
/* A rule as the case's profile has it. */
const struct rule *liq_rule(const struct api_call *c, const char *id);
/* Whether the case is in one of phases (a NULL-ended list). */
bool liq_phase_in(const json_t *facts, const char *const *phases);
/* 409 naming rule_id: the case is not in a phase the request belongs to. */
enum db_status liq_refuse_phase(struct api_call *c, const json_t *facts, const char *rule_id);
/* Records an act of the act table on the case under its profile; *act may be NULL. */
enum db_status liq_act(struct db_tx *tx, struct api_call *c, const char *kind, date_t on,
                       const json_t *detail, json_t **act);
/* Moves the phase (case_phase_set) from one of from ("{a,b}") to to, 409 naming the rule
 * when the case is in none of them. */
enum db_status liq_phase(struct db_tx *tx, struct api_call *c, const char *from, const char *to,
                         date_t on, const char *rule_id, const char *act_id);
/* The audit row of a liquidation mutation. */
enum db_status liq_audit(struct db_tx *tx, struct api_call *c, const char *action,
                         const char *object_type, const char *object_id, const json_t *detail);

/* estate.c: the estate's totals ({realized, collateral_surplus, expenses, common_debts,
 * distributed, balance} as money, new reference) from its entries and the lines of the
 * approved plans; *balance is what is left to distribute in fen, *entries the entries
 * (db_estate_for_case, the caller's). */
enum db_status liq_estate_totals(struct db_tx *tx, const char *case_id, const json_t *approved,
                                 json_t **entries, json_t **totals, int64_t *balance);

#endif
