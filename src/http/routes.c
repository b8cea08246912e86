/* routes.c: the one route table. Every route here is in openapi/openapi.yaml, and a test
 * fails when they disagree. */
#include "api.h"

const struct http_route http_routes[] = {
    {"GET", "/healthz", api_healthz, ACT_PUBLIC},
    {"GET", "/readyz", api_readyz, ACT_PUBLIC},
    {"GET", "/openapi.yaml", api_openapi, ACT_PUBLIC},
    {"POST", "/v1/debtors", api_debtors_create, ACT_DEBTOR_CREATE},
    {"GET", "/v1/debtors", api_debtors_list, ACT_DEBTOR_READ},
    {"GET", "/v1/debtors/{id}", api_debtors_get, ACT_DEBTOR_READ},
    {"PATCH", "/v1/debtors/{id}", api_debtors_update, ACT_DEBTOR_UPDATE},
    {"POST", "/v1/applications", api_applications_file, ACT_APP_FILE},
    {"GET", "/v1/applications", api_applications_list, ACT_APP_READ},
    {"GET", "/v1/applications/{id}", api_applications_get, ACT_APP_READ},
    {"POST", "/v1/applications/{id}/materials", api_applications_materials, ACT_APP_MATERIALS},
    {"POST", "/v1/applications/{id}/withdrawal", api_applications_withdraw, ACT_APP_WITHDRAW},
    {"POST", "/v1/applications/{id}/decision", api_applications_decide, ACT_APP_DECIDE},
    {"GET", "/v1/applications/{id}/audit", api_applications_audit, ACT_AUDIT_READ},
    {"POST", "/v1/applications/{id}/acts", api_acts_record, ACT_ACT_RECORD},
    {"GET", "/v1/applications/{id}/acts", api_acts_list, ACT_CASE_READ},
    {"PATCH", "/v1/applications/{id}/acts/{act_id}", api_acts_correct, ACT_ACT_CORRECT},
    {"GET", "/v1/applications/{id}/deadlines", api_deadlines_for_case, ACT_CASE_READ},
    {"GET", "/v1/deadlines", api_deadlines_list, ACT_CASE_READ},
    {"POST", "/v1/deadlines/{id}/waiver", api_deadlines_waive, ACT_DEADLINE_WAIVE},
    {"GET", "/v1/applications/{id}/restrictions", api_restrictions_for_case, ACT_CASE_READ},
    {"POST", "/v1/applications/{id}/restrictions/consents", api_restrictions_consent,
     ACT_RESTRICTION_DECIDE},
    {"POST", "/v1/applications/{id}/restrictions/lift", api_restrictions_lift, ACT_RESTRICTION_DECIDE},
    {"GET", "/v1/restrictions/changes", api_restrictions_changes, ACT_FEED_READ},
    {"GET", "/v1/restrictions/check", api_restrictions_check, ACT_PERSON_CHECK},
    {"GET", "/v1/debtors/{id}/restriction-checks", api_debtor_restriction_checks, ACT_CHECKS_READ},
    {"GET", "/v1/rules", api_rules_list, ACT_PUBLIC},
    {"POST", "/v1/rules/tally", api_rules_tally, ACT_RULES_COMPUTE},
    {"POST", "/v1/rules/distribution", api_rules_distribution, ACT_RULES_COMPUTE},
    {"GET", "/v1/rules/{id}", api_rules_get, ACT_PUBLIC},
    {"POST", "/v1/rules/{id}/deadline", api_rules_deadline, ACT_RULES_COMPUTE},
    {"GET", "/v1/calendar/{year}", api_calendar_get, ACT_PUBLIC},
    {"PUT", "/v1/calendar/{year}", api_calendar_put, ACT_CALENDAR_WRITE},
};

const unsigned http_routes_count = sizeof http_routes / sizeof http_routes[0];
