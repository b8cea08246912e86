/* policy.h: who may do what. One table of role x action; case membership is decided
 * in the SQL that reads the row (src/db), with the role and subject as parameters. */
#ifndef POLICY_H
#define POLICY_H
#include <stdbool.h>

#include "auth.h"

enum action {
    ACT_PUBLIC,          /* no token needed */
    ACT_DEBTOR_CREATE,
    ACT_DEBTOR_READ,
    ACT_DEBTOR_UPDATE,
    ACT_APP_FILE,
    ACT_APP_READ,
    ACT_APP_MATERIALS,
    ACT_APP_WITHDRAW,
    ACT_APP_DECIDE,
    ACT_AUDIT_READ,
    ACT_RULES_COMPUTE,   /* deadline, tally and distribution on figures the caller gives */
    ACT_CALENDAR_WRITE,
    ACT_CASE_READ,       /* acts, deadlines, restrictions of a case the role may see */
    ACT_ACT_RECORD,      /* which act each role records: the act table of caselife.c */
    ACT_ACT_CORRECT,
    ACT_DEADLINE_WAIVE,
    ACT_RESTRICTION_DECIDE,
    ACT_FEED_READ,       /* the restriction change feed */
    ACT_PERSON_CHECK,    /* is this person under restriction now */
    ACT_CHECKS_READ,     /* who checked on a debtor */
    ACT_ADMIN_MANAGE,    /* the administrator roster: create, update */
    ACT_CASE_DESIGNATE,  /* designate (or replace) a case's administrator */
    ACT_COUNT
};

/* Whether a role may use an action at all (403 otherwise). */
bool policy_allows(enum role role, enum action action);
/* Whether a role sees identity numbers whole; other roles see them masked. */
bool policy_sees_full_id_number(enum role role);
/* Whether a reader of the administrator roster sees every field of a record (authenticated
 * says whether a valid token came with the request: the roster is public). */
bool policy_sees_full_roster(enum role role, bool authenticated);
/* Roles allowed for an action, as a comma-separated list (for errors and docs). */
const char *policy_roles_text(enum action action, char *buf, unsigned len);

#endif
