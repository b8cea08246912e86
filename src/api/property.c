/* property.c: the debtor's property (issue 13): the declaration of itself, its spouse and
 * minor children by the statute's categories (SZ-DEBT-PROPERTY-DECL) with the property
 * changes of the years before acceptance (SZ-DEBT-PROPERTY-CHANGES), from which the service
 * lists what falls inside the look-back windows (SZ-PROP-REVOKE-3Y, SZ-PROP-PREFERENCE-6M;
 * PRC-LOOKBACK under prc-draft-2000); the exempt-property list checked against
 * SZ-PROP-EXEMPT-CATEGORIES and the cap of SZ-PROP-EXEMPT-CAP, voted by the creditors'
 * meeting (an agenda item of kind exempt_property_list naming the list) and ruled on by the
 * court when the meeting did not pass it; the administrator's property report with its
 * opinion (SZ-ADM-PROPERTY-REPORT); the administrator's request to revoke a listed
 * transaction and the court's ruling, both acts. */
#include <stdio.h>
#include <string.h>

#include "liquidation.h"
#include "money.h"
#include "rules_liquidation.h"

static const char *const opinions[] = {"agrees", "objects", NULL};
static const char *const exempt_outcomes[] = {"approved", "refused", NULL};
static const char *const revocation_outcomes[] = {"revoked", "refused", NULL};

static char *field_at(struct api_call *c, const char *list, size_t i, const char *name)
{
    snprintf(c->no.field_buf, sizeof c->no.field_buf, "%s[%zu].%s", list, i, name);
    return c->no.field_buf;
}

static int64_t money_of(const json_t *o, const char *key)
{
    int64_t fen = 0;
    jf_money(o, key, &fen);
    return fen;
}

/* ---- the declaration ---- */

/* The items by person and category of SZ-DEBT-PROPERTY-DECL, and their total. */
static enum db_status check_items(struct api_call *c, const struct liq_in *in, int64_t *total)
{
    const struct rule *decl = liq_rule(c, "SZ-DEBT-PROPERTY-DECL");
    size_t i;
    json_t *item;
    *total = 0;
    json_array_foreach(in->items, i, item)
    {
        if (!jf_listed(rules_param(decl, "persons_as_declared"), jf_str(item, "person")))
            return api_refuse(&c->no, PROBLEM_RULE, decl->id, field_at(c, "items", i, "person"),
                              "the declaration covers the debtor, its spouse and minor children");
        if (!jf_listed(rules_param(decl, "category_names"), jf_str(item, "category")))
            return api_refuse(&c->no, PROBLEM_RULE, decl->id, field_at(c, "items", i, "category"),
                              "is not one of the statute's property categories");
        *total += money_of(item, "value");
    }
    return DB_OK;
}

static json_t *date_json(date_t d)
{
    char text[11];
    date_format(d, text);
    return json_string(text);
}

/* Each change numbered, with what the look-back windows say of it; the listed ones go into
 * *lookback. A change after acceptance is not one of the years before it. */
static enum db_status check_changes(struct api_call *c, const struct liq_in *in,
                                    const json_t *facts, json_t *changes, json_t *lookback)
{
    const struct rule *rule = liq_rule(c, "SZ-DEBT-PROPERTY-CHANGES");
    date_t received, accepted;
    if (!jf_date(facts, "received_on", &received) || !jf_date(facts, "accepted_on", &accepted))
        return DB_ERROR;
    size_t i;
    json_t *ch;
    json_array_foreach(in->changes, i, ch)
    {
        struct rules_change rc = {.kind = jf_str(ch, "kind"),
                                  .amount = money_of(ch, "amount"),
                                  .paid_to_creditor = jf_bool(ch, "paid_to_creditor", 0) == 1};
        jf_date(ch, "date", &rc.on);
        struct rules_lookback_hit hit;
        rules_err e =
            rules_liq_lookback(rules_builtin(), liq_profile(c), received, accepted, &rc, &hit);
        if (e == RULES_E_INVALID && !jf_listed(rules_param(rule, "items"), rc.kind))
            return api_refuse(&c->no, PROBLEM_RULE, rule->id, field_at(c, "changes", i, "kind"),
                              "is not one of the kinds of change the debtor declares");
        if (e == RULES_E_INVALID)
            return api_refuse(&c->no, PROBLEM_RULE, rule->id, field_at(c, "changes", i, "date"),
                              "a change declared is one of the years before acceptance (%s)",
                              jf_str(facts, "accepted_on"));
        if (e != RULES_OK)
            return DB_ERROR;
        bool in_period = false;
        date_t from;
        rules_lookback_contains(rule, accepted, rc.on, &in_period, &from);
        json_t *stored = json_deep_copy(ch);
        json_object_set_new(stored, "no", json_integer((json_int_t)i + 1));
        json_object_set_new(stored, "in_declared_period", json_boolean(in_period));
        json_object_set_new(stored, "listed", json_boolean(hit.listed));
        json_array_append_new(changes, stored);
        if (!hit.listed)
            continue;
        json_t *windows = json_array();
        if (hit.in_revoke)
            json_array_append_new(windows, json_pack("{s:s, s:o}", "rule_id", hit.revoke_rule,
                                                     "from", date_json(hit.revoke_from)));
        if (hit.in_preference)
            json_array_append_new(windows, json_pack("{s:s, s:o}", "rule_id", hit.preference_rule,
                                                     "from", date_json(hit.preference_from)));
        json_array_append_new(
            lookback, json_pack("{s:I, s:s, s:O, s:O, s:b, s:o}", "change_no", (json_int_t)i + 1,
                                "kind", rc.kind, "date", json_object_get(ch, "date"), "amount",
                                json_object_get(ch, "amount") ?: json_null(), "over_threshold",
                                hit.over_threshold, "windows", windows));
    }
    return DB_OK;
}

static enum db_status declare_tx(struct db_tx *tx, struct api_call *c)
{
    struct liq_in *in = c->arg;
    json_t *facts = NULL, *act = NULL, *changes = json_array(), *lookback = json_array();
    int64_t total = 0;
    enum db_status st = liq_case(tx, c, &facts);
    if (st == DB_OK)
        st = check_items(c, in, &total);
    if (st == DB_OK)
        st = check_changes(c, in, facts, changes, lookback);
    if (st == DB_OK)
        st = liq_act(tx, c, "property_declared", in->on, NULL, &act);
    char on[11];
    date_format(in->on, on);
    struct db_property_declaration d = {.case_id = c->r->params[0],
                                        .on = on,
                                        .act_id = jf_str(act, "id"),
                                        .items = in->items,
                                        .changes = changes,
                                        .lookback = lookback,
                                        .total_fen = total};
    if (st == DB_OK)
        st = db_property_declaration_insert(tx, &c->who, &d, &c->out);
    if (st == DB_OK)
        st = liq_audit(tx, c, "property.declare", "property_declaration", jf_str(c->out, "id"),
                       c->out);
    json_decref(facts);
    json_decref(act);
    json_decref(changes);
    json_decref(lookback);
    return st;
}

enum MHD_Result api_property_declare(struct http_request *r)
{
    struct liq_in in;
    liq_in_init(&in);
    static const struct jf_field item_fields[] = {
        {.name = "person", .type = JF_STRING, .required = true, .min = 1, .max = 32},
        {.name = "category", .type = JF_STRING, .required = true, .min = 1, .max = 64},
        {.name = "description", .type = JF_STRING, .required = true, .min = 1, .max = 2000},
        {.name = "value", .type = JF_MONEY, .required = true},
        {NULL},
    };
    static const struct jf_field change_fields[] = {
        {.name = "kind", .type = JF_STRING, .required = true, .min = 1, .max = 64},
        {.name = "date", .type = JF_DATE, .required = true},
        {.name = "description", .type = JF_STRING, .required = true, .min = 1, .max = 2000},
        {.name = "amount", .type = JF_MONEY, .required = true},
        {.name = "counterparty", .type = JF_STRING, .min = 1, .max = 300},
        {.name = "paid_to_creditor", .type = JF_BOOL},
        {NULL},
    };
    const struct jf_field body[] = {
        LIQ_DATE_FIELD(in),
        {.name = "items",
         .type = JF_ARRAY,
         .required = true,
         .max = 1000,
         .item_type = JF_OBJECT,
         .fields = item_fields,
         .dst = &in.items},
        {.name = "changes",
         .type = JF_ARRAY,
         .max = 1000,
         .item_type = JF_OBJECT,
         .fields = change_fields,
         .dst = &in.changes},
        {NULL},
    };
    const struct liq_write w = {
        .name = "property_declare", .body = body, .tx = declare_tx, .ok = 201};
    return liq_run_write(r, &w, &in);
}

static enum db_status declaration_get_tx(struct db_tx *tx, struct api_call *c)
{
    enum db_status st = db_case_visible(tx, &c->who, c->r->params[0]);
    return st == DB_OK ? db_property_declaration_latest(tx, &c->who, c->r->params[0], &c->out) : st;
}

enum MHD_Result api_property_get(struct http_request *r)
{
    const struct api_handler h = {
        .name = "property_get", .tx = declaration_get_tx, .what = "property declaration"};
    return api_run(r, &h, NULL);
}

/* ---- the exempt-property list ---- */

static enum db_status exempt_tx(struct db_tx *tx, struct api_call *c)
{
    struct liq_in *in = c->arg;
    json_t *facts = NULL, *act = NULL;
    enum db_status st = liq_case(tx, c, &facts);
    json_decref(facts);
    if (st != DB_OK)
        return st;
    size_t n = json_array_size(in->items), i;
    struct rules_exempt_item items[1000];
    json_t *item;
    json_array_foreach(in->items, i, item)
    {
        items[i].category = jf_str(item, "category");
        items[i].value = money_of(item, "value");
    }
    const struct rule *categories = liq_rule(c, "SZ-PROP-EXEMPT-CATEGORIES");
    const struct rule *cap = liq_rule(c, "SZ-PROP-EXEMPT-CAP");
    struct rules_exempt_check chk;
    rules_err e = rules_liq_exempt_check(categories, cap, items, n, &chk);
    if (e == RULES_E_INVALID)
        return api_refuse(&c->no, PROBLEM_RULE, categories->id,
                          field_at(c, "items", (size_t)chk.bad_index, "category"),
                          "is not a category of exempt property");
    if (e != RULES_OK)
        return DB_ERROR;
    if (!chk.within) {
        char counted[32], max[32];
        money_format(chk.counted, counted);
        money_format(chk.cap, max);
        return api_refuse(&c->no, PROBLEM_RULE, cap->id, "items",
                          "the exempt property counted against the cap is %s, over the %s the "
                          "rule allows (its excluded categories not counted)",
                          counted, max);
    }
    st = liq_act(tx, c, "exempt_list_filed", in->on, NULL, &act);
    char on[11];
    date_format(in->on, on);
    struct db_exempt_list l = {.case_id = c->r->params[0],
                               .on = on,
                               .act_id = jf_str(act, "id"),
                               .items = in->items,
                               .counted_fen = chk.counted,
                               .excluded_fen = chk.excluded,
                               .cap_fen = chk.cap};
    if (st == DB_OK)
        st = db_exempt_list_insert(tx, &c->who, &l, &c->out);
    if (st == DB_OK)
        st = liq_audit(tx, c, "property.exempt_list", "exempt_list", jf_str(c->out, "id"), c->out);
    json_decref(act);
    return st;
}

enum MHD_Result api_exempt_list_file(struct http_request *r)
{
    struct liq_in in;
    liq_in_init(&in);
    static const struct jf_field item_fields[] = {
        {.name = "category", .type = JF_STRING, .required = true, .min = 1, .max = 64},
        {.name = "description", .type = JF_STRING, .required = true, .min = 1, .max = 2000},
        {.name = "value", .type = JF_MONEY, .required = true},
        {NULL},
    };
    const struct jf_field body[] = {
        LIQ_DATE_FIELD(in),
        {.name = "items",
         .type = JF_ARRAY,
         .required = true,
         .max = 1000,
         .item_type = JF_OBJECT,
         .fields = item_fields,
         .dst = &in.items},
        {NULL},
    };
    const struct liq_write w = {
        .name = "exempt_list_file", .body = body, .tx = exempt_tx, .ok = 201};
    return liq_run_write(r, &w, &in);
}

static enum db_status exempt_get_tx(struct db_tx *tx, struct api_call *c)
{
    enum db_status st = db_case_visible(tx, &c->who, c->r->params[0]);
    return st == DB_OK ? db_exempt_list_latest(tx, &c->who, c->r->params[0], &c->out) : st;
}

enum MHD_Result api_exempt_list_get(struct http_request *r)
{
    const struct api_handler h = {
        .name = "exempt_list_get", .tx = exempt_get_tx, .what = "exempt-property list"};
    return api_run(r, &h, NULL);
}

/* SZ-PROP-EXEMPT-LIST: the court rules on a list the creditors' meeting did not pass. */
static enum db_status exempt_rule_tx(struct db_tx *tx, struct api_call *c)
{
    struct liq_in *in = c->arg;
    json_t *facts = NULL, *list = NULL, *act = NULL;
    enum db_status st = liq_case(tx, c, &facts);
    json_decref(facts);
    if (st == DB_OK)
        st = db_exempt_list_latest(tx, &c->who, c->r->params[0], &list);
    if (st == DB_NOT_FOUND)
        return api_refuse(&c->no, PROBLEM_CONFLICT, "SZ-PROP-EXEMPT-LIST", NULL,
                          "the debtor has filed no exempt-property list");
    const char *status = jf_str(list, "status");
    if (st == DB_OK && strcmp(status, "not_passed") != 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, "SZ-PROP-EXEMPT-LIST", NULL,
                        strcmp(status, "passed") == 0
                            ? "the creditors' meeting passed the list: the court does not rule"
                        : strcmp(status, "filed") == 0
                            ? "the creditors' meeting has not voted on the list"
                            : "the court has ruled on the list");
    json_t *detail = json_pack("{s:s, s:s, s:s, s:O?}", "list_id", jf_str(list, "id") ?: "",
                               "outcome", in->outcome, "reasons", in->reason, "meeting_item_id",
                               json_object_get(json_object_get(list, "meeting"), "item_id"));
    if (st == DB_OK)
        st = liq_act(tx, c, "exempt_list_ruled", in->on, detail, &act);
    if (st == DB_OK) {
        json_object_set_new(detail, "date", date_json(in->on));
        json_object_set(detail, "act_id", json_object_get(act, "id"));
        st = db_exempt_list_rule(tx, jf_str(list, "id"), detail, &c->out);
    }
    if (st == DB_OK)
        st = liq_audit(tx, c, "property.exempt_ruling", "exempt_list", jf_str(list, "id"), detail);
    json_decref(detail);
    json_decref(list);
    json_decref(act);
    return st;
}

enum MHD_Result api_exempt_list_rule(struct http_request *r)
{
    struct liq_in in;
    liq_in_init(&in);
    const struct jf_field body[] = {
        LIQ_DATE_FIELD(in),
        {.name = "outcome",
         .type = JF_ENUM,
         .required = true,
         .enum_values = exempt_outcomes,
         .dst = &in.outcome},
        LIQ_TEXT_FIELD("reasons", 4000, &in.reason),
        {NULL},
    };
    const struct liq_write w = {.name = "exempt_list_rule", .body = body, .tx = exempt_rule_tx};
    return liq_run_write(r, &w, &in);
}

/* ---- the administrator's report ---- */

static enum db_status report_tx(struct db_tx *tx, struct api_call *c)
{
    struct liq_in *in = c->arg;
    json_t *facts = NULL, *decl = NULL, *list = NULL;
    enum db_status st = liq_case(tx, c, &facts);
    json_decref(facts);
    if (st == DB_OK)
        st = db_property_declaration_latest(tx, &c->who, c->r->params[0], &decl);
    if (st == DB_NOT_FOUND)
        return api_refuse(&c->no, PROBLEM_CONFLICT, "SZ-ADM-PROPERTY-REPORT", NULL,
                          "the debtor has declared no property to report on");
    if (st == DB_OK)
        st = db_exempt_list_latest(tx, &c->who, c->r->params[0], &list);
    if (st == DB_NOT_FOUND)
        st = DB_OK;
    json_t *detail =
        json_pack("{s:s, s:s, s:s, s:O?, s:s}", "rule", "SZ-ADM-PROPERTY-REPORT", "declaration_id",
                  jf_str(decl, "id") ?: "", "opinion", in->opinion, "exempt_list_id",
                  json_object_get(list, "id"), "reasons", in->reason);
    if (st == DB_OK)
        st = liq_act(tx, c, "property_reported", in->on, detail, &c->out);
    if (st == DB_OK)
        st = liq_audit(tx, c, "property.report", "case_act", jf_str(c->out, "id"), detail);
    json_decref(detail);
    json_decref(decl);
    json_decref(list);
    return st;
}

enum MHD_Result api_property_report(struct http_request *r)
{
    struct liq_in in;
    liq_in_init(&in);
    const struct jf_field body[] = {
        LIQ_DATE_FIELD(in),
        {.name = "exempt_list_opinion",
         .type = JF_ENUM,
         .required = true,
         .enum_values = opinions,
         .dst = &in.opinion},
        LIQ_TEXT_FIELD("reasons", 10000, &in.reason),
        {NULL},
    };
    const struct liq_write w = {
        .name = "property_report", .body = body, .tx = report_tx, .ok = 201};
    return liq_run_write(r, &w, &in);
}

/* ---- revocation of a listed transaction ---- */

static const json_t *listed_change(const json_t *decl, long long no)
{
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(decl, "lookback"), i, l)
    {
        if (jf_int(l, "change_no", 0) == no)
            return l;
    }
    return NULL;
}

static enum db_status revocation_request_tx(struct db_tx *tx, struct api_call *c)
{
    struct liq_in *in = c->arg;
    json_t *facts = NULL, *decl = NULL;
    enum db_status st = liq_case(tx, c, &facts);
    json_decref(facts);
    if (st == DB_OK)
        st = db_property_declaration_latest(tx, &c->who, c->r->params[0], &decl);
    if (st == DB_NOT_FOUND)
        return api_refuse(&c->no, PROBLEM_CONFLICT, NULL, "change_no",
                          "the debtor has declared no property changes");
    const json_t *listed = st == DB_OK ? listed_change(decl, in->change_no) : NULL;
    const json_t *window = json_array_get(json_object_get(listed, "windows"), 0);
    if (st == DB_OK && listed == NULL)
        st = api_refuse(&c->no, PROBLEM_RULE, liq_rule(c, "SZ-PROP-REVOKE-3Y")->id, "change_no",
                        "the change is not inside a look-back window: it is not revocable");
    json_t *detail = NULL;
    if (st == DB_OK) {
        detail =
            json_pack("{s:s, s:I, s:O, s:O, s:s}", "declaration_id", jf_str(decl, "id"),
                      "change_no", (json_int_t)in->change_no, "rule",
                      json_object_get(window, "rule_id"), "change", listed, "reasons", in->reason);
        st = liq_act(tx, c, "revocation_requested", in->on, detail, &c->out);
    }
    if (st == DB_OK)
        st = liq_audit(tx, c, "property.revocation_request", "case_act", jf_str(c->out, "id"),
                       detail);
    json_decref(detail);
    json_decref(decl);
    return st;
}

enum MHD_Result api_revocation_request(struct http_request *r)
{
    struct liq_in in;
    liq_in_init(&in);
    const struct jf_field body[] = {
        LIQ_DATE_FIELD(in),
        {.name = "change_no",
         .type = JF_INT,
         .required = true,
         .min = 1,
         .max = 1000,
         .dst = &in.change_no},
        LIQ_TEXT_FIELD("reasons", 4000, &in.reason),
        {NULL},
    };
    const struct liq_write w = {
        .name = "revocation_request", .body = body, .tx = revocation_request_tx, .ok = 201};
    return liq_run_write(r, &w, &in);
}

/* The act of kind with id in the case (NULL when none), from the case's acts of that kind;
 * *ruled says whether a revocation_ruled act names it. */
static const json_t *act_named(const json_t *acts, const char *id)
{
    size_t i;
    json_t *a;
    json_array_foreach(acts, i, a)
    {
        if (strcmp(jf_str(a, "id") ?: "", id) == 0)
            return a;
    }
    return NULL;
}

static bool ruled_on(const json_t *rulings, const char *request_id)
{
    size_t i;
    json_t *a;
    json_array_foreach(rulings, i, a)
    {
        if (strcmp(jf_str(json_object_get(a, "detail"), "request_act_id") ?: "", request_id) == 0)
            return true;
    }
    return false;
}

static enum db_status revocation_rule_tx(struct db_tx *tx, struct api_call *c)
{
    struct liq_in *in = c->arg;
    json_t *facts = NULL, *requests = NULL, *rulings = NULL, *detail = NULL;
    enum db_status st = liq_case(tx, c, &facts);
    json_decref(facts);
    if (st == DB_OK)
        st = db_liq_acts_of_kind(tx, c->r->params[0], "revocation_requested", &requests);
    if (st == DB_OK)
        st = db_liq_acts_of_kind(tx, c->r->params[0], "revocation_ruled", &rulings);
    const json_t *request = st == DB_OK ? act_named(requests, in->request_act_id) : NULL;
    if (st == DB_OK && request == NULL)
        st = api_refuse(&c->no, PROBLEM_UNPROCESSABLE, NULL, "request_act_id",
                        "is not a revocation request of this case");
    if (st == DB_OK && ruled_on(rulings, in->request_act_id))
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, "request_act_id",
                        "the court has ruled on this request");
    if (st == DB_OK) {
        const json_t *asked = json_object_get(request, "detail");
        detail = json_pack("{s:s, s:s, s:O?, s:O?, s:s}", "request_act_id", in->request_act_id,
                           "outcome", in->outcome, "rule", json_object_get(asked, "rule"),
                           "change_no", json_object_get(asked, "change_no"), "reasons", in->reason);
        st = liq_act(tx, c, "revocation_ruled", in->on, detail, &c->out);
    }
    if (st == DB_OK)
        st = liq_audit(tx, c, "property.revocation_ruling", "case_act", jf_str(c->out, "id"),
                       detail);
    json_decref(detail);
    json_decref(requests);
    json_decref(rulings);
    return st;
}

enum MHD_Result api_revocation_rule(struct http_request *r)
{
    struct liq_in in;
    liq_in_init(&in);
    const struct jf_field body[] = {
        LIQ_DATE_FIELD(in),
        {.name = "request_act_id", .type = JF_UUID, .required = true, .dst = &in.request_act_id},
        {.name = "outcome",
         .type = JF_ENUM,
         .required = true,
         .enum_values = revocation_outcomes,
         .dst = &in.outcome},
        LIQ_TEXT_FIELD("reasons", 4000, &in.reason),
        {NULL},
    };
    const struct liq_write w = {
        .name = "revocation_rule", .body = body, .tx = revocation_rule_tx, .ok = 201};
    return liq_run_write(r, &w, &in);
}
