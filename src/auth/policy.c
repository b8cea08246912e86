/* policy.c: the table of which role may use which action. Membership of a case (the
 * debtor of it, the creditors who filed, the administrator appointed) is checked by the
 * SQL that reads the row, so a refused object looks exactly like a missing one. */
#include "policy.h"

#include <string.h>

#define R(x) POLICY_ROLE(x)

static const unsigned allowed[ACT_COUNT] = {
    [ACT_PUBLIC] = ~0u,
    /* a creditor names the person in its petition instead (issue 16: a registration would
     * tell it whether the person is known) */
    [ACT_DEBTOR_CREATE] = R(ROLE_COURT) | R(ROLE_DEPARTMENT) | R(ROLE_DEBTOR),
    [ACT_DEBTOR_READ] = R(ROLE_COURT) | R(ROLE_DEPARTMENT) | R(ROLE_DEBTOR) | R(ROLE_CREDITOR) |
                        R(ROLE_ADMINISTRATOR),
    [ACT_DEBTOR_UPDATE] = R(ROLE_COURT) | R(ROLE_DEPARTMENT) | R(ROLE_DEBTOR),
    [ACT_APP_FILE] = R(ROLE_DEBTOR) | R(ROLE_CREDITOR),
    [ACT_APP_READ] = R(ROLE_COURT) | R(ROLE_DEPARTMENT) | R(ROLE_DEBTOR) | R(ROLE_CREDITOR) |
                     R(ROLE_ADMINISTRATOR),
    [ACT_APP_MATERIALS] = R(ROLE_DEBTOR) | R(ROLE_CREDITOR),
    [ACT_APP_WITHDRAW] = R(ROLE_DEBTOR) | R(ROLE_CREDITOR),
    [ACT_APP_CO_DECIDE] = R(ROLE_CREDITOR), /* a co-applicant joins or declines */
    [ACT_APP_DECIDE] = R(ROLE_COURT),
    [ACT_AUDIT_READ] = R(ROLE_COURT) | R(ROLE_DEPARTMENT),
    [ACT_RULES_COMPUTE] = R(ROLE_COURT) | R(ROLE_DEPARTMENT) | R(ROLE_ADMINISTRATOR) |
                          R(ROLE_CREDITOR) | R(ROLE_DEBTOR),
    [ACT_CALENDAR_WRITE] = R(ROLE_COURT),
    [ACT_CASE_READ] = R(ROLE_COURT) | R(ROLE_DEPARTMENT) | R(ROLE_DEBTOR) | R(ROLE_CREDITOR) |
                      R(ROLE_ADMINISTRATOR),
    [ACT_ACT_RECORD] = R(ROLE_COURT) | R(ROLE_DEBTOR) | R(ROLE_ADMINISTRATOR),
    [ACT_ACT_CORRECT] = R(ROLE_COURT),
    [ACT_DEADLINE_WAIVE] = R(ROLE_COURT),
    [ACT_RESTRICTION_DECIDE] = R(ROLE_COURT),
    [ACT_FEED_READ] = R(ROLE_DEPARTMENT) | R(ROLE_AGENCY),
    [ACT_PERSON_CHECK] = R(ROLE_DEPARTMENT) | R(ROLE_AGENCY),
    [ACT_CHECKS_READ] = R(ROLE_COURT) | R(ROLE_DEPARTMENT) | R(ROLE_DEBTOR),
    [ACT_ADMIN_MANAGE] = R(ROLE_DEPARTMENT),
    [ACT_CASE_DESIGNATE] = R(ROLE_COURT),
    [ACT_CLAIM_DECLARE] = R(ROLE_CREDITOR) | R(ROLE_ADMINISTRATOR),
    [ACT_CLAIM_AMEND] = R(ROLE_CREDITOR),
    [ACT_CLAIM_READ] =
        R(ROLE_COURT) | R(ROLE_DEPARTMENT) | R(ROLE_CREDITOR) | R(ROLE_ADMINISTRATOR),
    [ACT_CLAIM_TABLE_SUBMIT] = R(ROLE_ADMINISTRATOR),
    [ACT_CLAIM_OMISSION] = R(ROLE_ADMINISTRATOR),
    [ACT_CLAIM_OBJECT] = R(ROLE_CREDITOR) | R(ROLE_DEBTOR),
    [ACT_CLAIM_OPINION] = R(ROLE_ADMINISTRATOR),
    [ACT_CLAIM_LAWSUIT] = R(ROLE_CREDITOR) | R(ROLE_DEBTOR),
    [ACT_CLAIM_CONFIRM] = R(ROLE_COURT),
    /* SZ-MTG-CALL: the court convenes; the administrator and creditors ask (the committee
     * has no login of its own) */
    [ACT_MEETING_CONVENE] = R(ROLE_COURT) | R(ROLE_ADMINISTRATOR) | R(ROLE_CREDITOR),
    [ACT_MEETING_MANAGE] = R(ROLE_COURT) | R(ROLE_ADMINISTRATOR),
    [ACT_MEETING_READ] = R(ROLE_COURT) | R(ROLE_DEPARTMENT) | R(ROLE_DEBTOR) | R(ROLE_CREDITOR) |
                         R(ROLE_ADMINISTRATOR),
    [ACT_BALLOT_CAST] = R(ROLE_CREDITOR) | R(ROLE_ADMINISTRATOR),
    [ACT_MEETING_REVOKE] = R(ROLE_CREDITOR),
    /* disclosure (issue 14): the units keeping credit records poll as the agency role, as the
     * enforcing units do the restriction feed */
    [ACT_CREDIT_FEED_READ] = R(ROLE_DEPARTMENT) | R(ROLE_AGENCY),
    [ACT_DISCLOSURE_READ] = R(ROLE_COURT) | R(ROLE_DEPARTMENT) | R(ROLE_DEBTOR),
    [ACT_DISCLOSURE_CONDUCT] = R(ROLE_COURT) | R(ROLE_DEPARTMENT),
    [ACT_DISCLOSURE_OBJECT] = R(ROLE_DEBTOR) | R(ROLE_CREDITOR) | R(ROLE_ADMINISTRATOR),
    [ACT_DISCLOSURE_APPLY] = R(ROLE_DEBTOR),
    [ACT_DISCLOSURE_DECIDE] = R(ROLE_COURT) | R(ROLE_DEPARTMENT),
    [ACT_DISCLOSURE_REQUEST_READ] = R(ROLE_COURT) | R(ROLE_DEPARTMENT) | R(ROLE_DEBTOR) |
                                    R(ROLE_CREDITOR) | R(ROLE_ADMINISTRATOR),
    /* liquidation (issue 13); an enforcing unit's one write is the breach it saw */
    [ACT_PROPERTY_DECLARE] = R(ROLE_DEBTOR) | R(ROLE_COURT),
    [ACT_LIQ_ADMINISTER] = R(ROLE_ADMINISTRATOR),
    [ACT_LIQ_RULE] = R(ROLE_COURT),
    [ACT_BREACH_REPORT] = R(ROLE_DEPARTMENT) | R(ROLE_AGENCY),
    /* --- plans (issue 12) */
    [ACT_PLAN_DRAFT] = R(ROLE_DEBTOR),
    [ACT_PLAN_READ] = R(ROLE_COURT) | R(ROLE_DEPARTMENT) | R(ROLE_DEBTOR) | R(ROLE_CREDITOR) |
                      R(ROLE_ADMINISTRATOR),
    [ACT_PLAN_VOTE] = R(ROLE_COURT) | R(ROLE_ADMINISTRATOR),
    [ACT_PLAN_APPLY] = R(ROLE_DEBTOR),
    [ACT_PLAN_RULE] = R(ROLE_COURT),
    [ACT_PLAN_PAYMENT] = R(ROLE_DEBTOR),
    [ACT_PLAN_SUPERVISE] = R(ROLE_ADMINISTRATOR),
    [ACT_PLAN_WAIVE] = R(ROLE_CREDITOR),
};

bool policy_allows(enum role role, enum action action)
{
    if (role <= ROLE_NONE || role >= ROLE_COUNT || action >= ACT_COUNT)
        return false;
    return (allowed[action] & R(role)) != 0;
}

const char *policy_debtor_view(enum role role)
{
    if (role == ROLE_COURT || role == ROLE_DEPARTMENT || role == ROLE_DEBTOR)
        return "whole";
    return role == ROLE_CREDITOR ? "creditor" : "masked";
}

bool policy_sees_every_debtor(enum role role)
{
    return role == ROLE_COURT || role == ROLE_DEPARTMENT;
}

bool policy_is_applicant(const struct auth_principal *who, const char *applicant_role,
                         const char *applicant_subject)
{
    return who != NULL && applicant_role != NULL && applicant_subject != NULL &&
           strcmp(role_name(who->role), applicant_role) == 0 &&
           strcmp(who->subject, applicant_subject) == 0;
}

/* Contacts, the assessment and the bars are for the court and the department; the public
 * (no token) and the other roles read the public fields only. */
bool policy_sees_full_roster(enum role role, bool authenticated)
{
    return authenticated && (role == ROLE_COURT || role == ROLE_DEPARTMENT);
}

bool policy_may_change_debtor_field(enum role role, const char *field)
{
    /* what the eligibility rules read (SZ-ELIG-RESIDENCE, the materials an individual
     * business owes) and who the person is are corrected by the court or the department,
     * not by the debtor whose application they decide */
    static const char *const official[] = {
        "id_number", "name", "sez_resident", "social_insurance_years", "individual_business", NULL};
    if (role != ROLE_DEBTOR)
        return true;
    for (const char *const *f = official; *f; f++)
        if (strcmp(*f, field) == 0)
            return false;
    return true;
}

const char *policy_roles_text(enum action action, char *buf, unsigned len)
{
    buf[0] = '\0';
    for (int role = ROLE_NONE + 1; role < ROLE_COUNT; role++) {
        if (!policy_allows((enum role)role, action))
            continue;
        if (buf[0])
            strncat(buf, ", ", len - strlen(buf) - 1);
        strncat(buf, role_name((enum role)role), len - strlen(buf) - 1);
    }
    return buf;
}

bool policy_act_recordable(unsigned act_roles)
{
    return act_roles != 0;
}

bool policy_may_record_act(enum role role, unsigned act_roles)
{
    return policy_allows(role, ACT_ACT_RECORD) && (act_roles & R(role)) != 0;
}
