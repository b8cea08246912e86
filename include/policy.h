/* policy.h: who may do what. One table of role x action; case membership is decided
 * in the SQL that reads the row (src/db), with the role and subject as parameters. */
#ifndef POLICY_H
#define POLICY_H
#include <stdbool.h>

#include "auth.h"

enum action {
    ACT_PUBLIC, /* no token needed */
    ACT_DEBTOR_CREATE,
    ACT_DEBTOR_READ,
    ACT_DEBTOR_UPDATE,
    ACT_APP_FILE,
    ACT_APP_READ,
    ACT_APP_MATERIALS,
    ACT_APP_WITHDRAW,
    ACT_APP_CO_DECIDE,
    ACT_APP_DECIDE,
    ACT_AUDIT_READ,
    ACT_RULES_COMPUTE, /* deadline, tally and distribution on figures the caller gives */
    ACT_CALENDAR_WRITE,
    ACT_CASE_READ,  /* acts, deadlines, restrictions of a case the role may see */
    ACT_ACT_RECORD, /* which act each role records: the act table of caselife.c */
    ACT_ACT_CORRECT,
    ACT_DEADLINE_WAIVE,
    ACT_RESTRICTION_DECIDE,
    ACT_FEED_READ,          /* the restriction change feed */
    ACT_PERSON_CHECK,       /* is this person under restriction now */
    ACT_CHECKS_READ,        /* who checked on a debtor */
    ACT_ADMIN_MANAGE,       /* the administrator roster: create, update */
    ACT_CASE_DESIGNATE,     /* designate (or replace) a case's administrator */
    ACT_CLAIM_DECLARE,      /* a creditor's declaration; the administrator's listed claim */
    ACT_CLAIM_AMEND,        /* a new version of one's declaration, or its withdrawal */
    ACT_CLAIM_READ,         /* claims in full (one's own; the case's for its administrator) */
    ACT_CLAIM_TABLE_SUBMIT, /* the administrator's claim table */
    ACT_CLAIM_OMISSION,     /* the administrator's finding of a claim left off the inventory */
    ACT_CLAIM_OBJECT,       /* an objection to an entry of the served table */
    ACT_CLAIM_OPINION,      /* the administrator's review opinion on an objection */
    ACT_CLAIM_LAWSUIT,      /* the objector's lawsuit after the opinion */
    ACT_CLAIM_CONFIRM,      /* the court's confirmation ruling and provisional amounts */
    ACT_MEETING_CONVENE,    /* a creditors' meeting convened (court) or requested (SZ-MTG-CALL) */
    ACT_MEETING_MANAGE,     /* notice, agenda, attendance, voting opened and closed */
    ACT_MEETING_READ,       /* meetings, tallies, minutes, a member's vote status */
    ACT_BALLOT_CAST,        /* a creditor's ballot online; the administrator's room ballots */
    ACT_MEETING_REVOKE,     /* a creditor asks the court to revoke a resolution */
    /* disclosure (issue 14) */
    ACT_CREDIT_FEED_READ,        /* the disclosure change feed of the credit-record units */
    ACT_DISCLOSURE_READ,         /* a debtor's whole disclosed record, history included */
    ACT_DISCLOSURE_CONDUCT,      /* the finding of dishonest conduct, disclosed */
    ACT_DISCLOSURE_OBJECT,       /* a party's objection to a disclosed entry (SZ-INF-CORRECT) */
    ACT_DISCLOSURE_APPLY,        /* the debtor's stop (SZ-INF-STOP) and restoration applications */
    ACT_DISCLOSURE_DECIDE,       /* a step of a procedure: review, announcement, ruling */
    ACT_DISCLOSURE_REQUEST_READ, /* a procedure's progress (its party, the debtor, officials) */
    /* liquidation (issue 13) */
    ACT_PROPERTY_DECLARE, /* the debtor's property declaration and exempt-property list */
    ACT_LIQ_ADMINISTER,   /* the administrator's report, revocation requests, estate, plans */
    ACT_LIQ_RULE,         /* the court's declaration, rulings, approval, conclusion, discharge */
    ACT_BREACH_REPORT,    /* a breach of a restriction seen during the inspection period */
    /* --- plans (issue 12) */
    ACT_PLAN_DRAFT,     /* the debtor's plan or settlement draft and its versions */
    ACT_PLAN_READ,      /* plans, their check and schedule (a creditor sees its own part) */
    ACT_PLAN_VOTE,      /* a plan put to a meeting's vote */
    ACT_PLAN_APPLY,     /* the debtor applies for (compulsory) approval */
    ACT_PLAN_RULE,      /* the court's ruling, extension, forgiveness, termination */
    ACT_PLAN_PAYMENT,   /* the debtor reports a payment */
    ACT_PLAN_SUPERVISE, /* the administrator confirms payments, files the execution report */
    ACT_PLAN_WAIVE,     /* a creditor waives the plan's protections for itself */
    ACT_COUNT
};

/* Whether a role may use an action at all (403 otherwise). */
bool policy_allows(enum role role, enum action action);
/* The shape of a debtor's record a role reads (the view argument of sql/200 debtor_json):
 * "whole" (court, department, the debtor: identity numbers whole), "creditor" (what the law
 * gives a petitioning creditor: name, masked number, contacts once a case is accepted) or
 * "masked" (every field, identity numbers masked: an administrator). */
const char *policy_debtor_view(enum role role);
/* Whether a role sees every debtor's record (and so may be told which one a number is). */
bool policy_sees_every_debtor(enum role role);
/* Whether who is the applicant of an application: the role and subject that filed it (as
 * stored with it). Only the applicant completes or withdraws it; the co-applicants of a
 * joint creditors' petition see it but do not act for the petitioner. */
bool policy_is_applicant(const struct auth_principal *who, const char *applicant_role,
                         const char *applicant_subject);
/* Whether a reader of the administrator roster sees every field of a record (authenticated
 * says whether a valid token came with the request: the roster is public). */
bool policy_sees_full_roster(enum role role, bool authenticated);
/* Whether a role that may update debtor records may change this field of one (the debtor
 * may not change the facts its eligibility is decided on, nor its name and number). */
bool policy_may_change_debtor_field(enum role role, const char *field);
/* Roles allowed for an action, as a comma-separated list (for errors and docs). */
const char *policy_roles_text(enum action action, char *buf, unsigned len);

/* A set of roles as bits, for the tables that say finer than an action who does what:
 * the act table of caselife.c names, per act, POLICY_ROLE(ROLE_COURT) | ... */
#define POLICY_ROLE(role) (1u << (role))
/* Whether an act whose table row names act_roles is recorded by a party at all (0: only
 * the service records it, when it files, decides or designates). */
bool policy_act_recordable(unsigned act_roles);
/* Whether role records an act whose row names act_roles: the role may record acts
 * (ACT_ACT_RECORD) and is one the row names. */
bool policy_may_record_act(enum role role, unsigned act_roles);

#endif
