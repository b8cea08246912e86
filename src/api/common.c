/* common.c: what every handler shares: the actor passed to SQL, and the replies for
 * database statuses and path parameters. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "rules.h"

static char latest_migration[128];

void api_set_latest_migration(const char *name)
{
    snprintf(latest_migration, sizeof latest_migration, "%s", name);
}

const char *api_latest_migration(void)
{
    return latest_migration;
}

void api_actor(const struct http_request *r, struct db_actor *who)
{
    who->role = role_name(r->who.role);
    who->subject = r->who.subject;
    who->request_id = r->request_id;
    who->debtor_view = policy_debtor_view(r->who.role);
}

enum MHD_Result api_db_failure(struct http_request *r, enum db_status st, const char *what)
{
    char detail[160];
    switch (st) {
    case DB_NOT_FOUND:
        snprintf(detail, sizeof detail, "no such %s", what);
        return http_problem(r, PROBLEM_NOT_FOUND, detail);
    case DB_CONFLICT:
        snprintf(detail, sizeof detail, "the %s conflicts with an existing one", what);
        return http_problem(r, PROBLEM_CONFLICT, detail);
    case DB_UNAVAILABLE:
        return http_problem_unavailable(r, "the database is unavailable; try again shortly");
    default:
        return http_problem(r, PROBLEM_INTERNAL, "the request could not be completed");
    }
}

json_t *api_page(json_t *items, int limit)
{
    return api_page_keyed(items, limit, "cursor");
}

json_t *api_page_keyed(json_t *items, int limit, const char *key)
{
    json_t *next = json_null();
    size_t n = json_array_size(items);
    if (n > 0 && n == (size_t)limit) {
        const json_t *cursor = json_object_get(json_array_get(items, n - 1), key);
        if (json_is_string(cursor))
            next = json_string(json_string_value(cursor));
    }
    return json_pack("{s:o, s:o}", "items", items, "next_cursor", next);
}

enum db_status api_refuse(struct api_refusal *no, enum problem_code code, const char *rule_id,
                          const char *field, const char *fmt, ...)
{
    no->code = code;
    no->rule_id = rule_id;
    no->field = field;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(no->detail, sizeof no->detail, fmt, ap);
    va_end(ap);
    return DB_REFUSED;
}

const struct rule *api_rule(const char *profile, const char *id)
{
    const struct rule *found = NULL;
    if (profile != NULL && profile[0])
        found = rules_find(rules_builtin(), profile, id);
    return found ? found : rules_find(rules_builtin(), NULL, id);
}

enum MHD_Result api_reply_refusal(struct http_request *r, const struct api_refusal *no)
{
    const struct rule *law = no->rule_id ? api_rule(no->profile, no->rule_id) : NULL;
    if (no->code == PROBLEM_RULE)
        return http_problem_rule(r, law, no->detail, no->field);
    json_t *members = json_object();
    if (law != NULL)
        json_object_set_new(members, "rule",
                            json_pack("{s:s, s:s, s:s}", "id", law->id, "title", law->title,
                                      "citation", law->citation));
    if (no->field != NULL)
        json_object_set_new(members, "errors",
                            json_pack("[{s:s, s:s}]", "field", no->field, "message", no->detail));
    return http_problem_with(r, no->code, no->detail, members);
}

/* The integer parameters the handlers read from the default profile. */
static const struct {
    const char *rule_id, *param;
} needed[] = {
    {"SZ-APP-CREDITOR-MIN", "min_exclusive_fen"},
    {"SZ-ELIG-RESIDENCE", "min_social_insurance_years"},
    {"SZ-APP-WITHDRAW", "reapply_bar_years"},
    {"SZ-APP-DECIDE", "extension_days"},
    {"SZ-APP-DECIDE", "extensions"},
    {"SZ-CLM-PERIOD", "min_days"},
    {"SZ-CLM-PERIOD", "max_days"},
    {"SZ-MTG-FIRST", "days"},
    {"SZ-CLM-LATE-CAUSE", "days"},
    {"SZ-CLM-OBJECTION", "days"},
    {"SZ-CLM-OBJECTION", "lawsuit.days"}, /* a sub-rule's parameter: sub-rule.param */
    {"SZ-MTG-NOTICE", "in_advance_days"},
    {"SZ-MTG-REVOKE", "days"},
    {"SZ-MTG-UNPASSED-PLANS", "days"},
    {"SZ-MTG-COMMITTEE", "max"},
    /* liquidation (issue 13) */
    {"SZ-DEBT-PROPERTY-DECL", "days"},
    {"SZ-DEBT-PROPERTY-CHANGES", "single_spending_min_exclusive_fen"},
    {"SZ-PROP-EXEMPT-CAP", "max_inclusive_fen"},
    {"SZ-ADM-PROPERTY-REPORT", "days"},
    {"SZ-LIQ-DECLARE-SERVE", "days"},
    {"SZ-LIQ-UNCLAIMED", "months"},
    {"SZ-LIQ-LITIGATION", "years"},
    {"SZ-DIS-INSPECTION", "years"},
    {"SZ-DIS-INSPECTION", "max_extension_years"},
    /* --- plans (issue 12) */
    {"SZ-REO-TERM", "max_term_years"},
    {"SZ-REO-TERM", "max_interval_months"},
    {"SZ-REO-VOTE-MEETING", "days"},
    {"SZ-REO-PASS", "approval_application.days"},
    {"SZ-REO-PASS", "ruling.days"},
    {"SZ-REO-CRAMDOWN", "ruling.days"},
    {"SZ-REO-EXTEND", "max_extension_years"},
    {"SZ-SET-CLAIM-PERIOD", "min_days"},
};

/* An integer parameter of a rule, or of one of its sub-rules ("lawsuit.days"). */
static bool catalogue_has(const struct rule *r, const char *param)
{
    const char *dot = strchr(param, '.');
    int64_t v;
    if (dot == NULL)
        return rules_param_i64(r, param, &v);
    char key[64];
    snprintf(key, sizeof key, "%.*s", (int)(dot - param), param);
    struct rule sub;
    return rules_subrule(r, key, &sub) && rules_param_i64(&sub, dot + 1, &v);
}

int api_check_catalogue(char *err, size_t errlen)
{
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
        const struct rule *r = api_rule(NULL, needed[i].rule_id);
        if (r == NULL || !catalogue_has(r, needed[i].param)) {
            snprintf(err, errlen, "the rule catalogue lacks %s.%s", needed[i].rule_id,
                     needed[i].param);
            return -1;
        }
    }
    return 0;
}
