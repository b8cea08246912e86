/* test_plans.c: every prepared statement of the service is served by indexes at volume.
 *
 * The suite makes its own database, applies the migrations, seeds 50,000 cases with what
 * hangs from them (tests/data/plans_seed.sql) and ANALYZEs. Then each statement of the
 * registry (db_statements) runs with parameters taken from the seeded rows, inside a
 * transaction that is rolled back, with auto_explain reporting the plan of every statement
 * executed: the statement itself and the ones inside the PL/pgSQL functions and triggers it
 * calls (EXPLAIN EXECUTE would show a function call as one opaque filter). A Seq Scan of a
 * case-sized table in any of those plans fails the case, naming the statement, the table
 * and the query; so does a query inside a function or a trigger that reads more than
 * NESTED_READ_MAX rows of such a table (an index walk through a large creditor's petitions
 * on every visibility check is no better than a scan). Each case runs six times on one
 * connection, as a server thread would run it: the custom plans of the first five
 * executions and the plan PostgreSQL keeps after them. Plans and row counts, no timing:
 * deterministic on any machine. */
#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "harness.h"

/* A statement and where its parameters come from: a query over the seeded rows (the one-row
 * table plan_fixture names them) whose columns are $1..$n, NULL for an absent optional one. */
struct plan_case {
    const char *statement;
    const char *as; /* the request it stands for */
    const char *params;
};

#define FX " FROM plan_fixture"
static const struct plan_case cases[] = {
    /* administrators_sql.c */
    {"administrator_insert", "roster entry",
     "SELECT 'adm-new', 'individual', 'New', 'lawyer', 'qualified', NULL, NULL, NULL, NULL"},
    {"administrator_get", "one roster entry", "SELECT admin_id, true" FX},
    {"administrator_list", "the roster", "SELECT NULL, NULL, 50, false"},
    {"administrator_list", "active ones, next page", "SELECT 'active', 150, 50, true"},
    {"administrator_update", "a change", "SELECT admin_id, '{\"phone\":\"1\"}'" FX},
    {"administrator_sync_subject", "a new login", "SELECT admin_id" FX},
    {"administrator_unknown_debtor", "disqualifications",
     "SELECT jsonb_build_array(jsonb_build_object('debtor_id', debtor_id))" FX},
    {"administrator_facts", "designation", "SELECT admin_id" FX},
    {"designation_case_lock", "by the court", "SELECT case_id, 'court', 'court-1'" FX},
    {"designation_case_lock", "by the administrator",
     "SELECT case_id, 'administrator', 'adm-5'" FX},
    {"designation_current", "designation", "SELECT case_id" FX},
    {"designation_end", "replacement",
     "SELECT designation_id, '2026-12-01', 'replaced', 'conflict'" FX},
    {"designation_insert", "designation",
     "SELECT pending_id, admin_id, 'court', NULL, '2026-12-01'" FX},
    {"designation_apply", "designation", "SELECT case_id, admin_id" FX},
    {"designations_for_case", "by a creditor", "SELECT joint_case, 'creditor', 'bank-0'" FX},
    {"designations_for_case", "by the debtor", "SELECT case_id, 'debtor', 'debtor-4'" FX},
    /* applications_sql.c */
    {"application_file", "a debtor's filing",
     "SELECT file_debtor, NULL, 'debtor', 'debtor-55004', 'req-1', NULL, 'liquidation', "
     "'2026-12-01', 'I cannot pay my debts', 450000, 'wages', '[]', 0, "
     "'[{\"kind\":\"application\",\"reference\":\"scan-1\"}]', NULL, '[]', "
     "debtor_materials, jsonb_build_object('debtor_id', file_debtor, 'procedure', "
     "'liquidation'), filed_opens, '[]', 'shenzhen-2021'" FX},
    {"application_file", "a creditor's joint petition",
     "SELECT file_joint, file_spouse, 'creditor', 'bank-0', 'req-1', '[\"creditor-7\"]', "
     "'liquidation', '2026-12-01', NULL, NULL, NULL, '[{\"amount_fen\":50000000,"
     "\"due_date\":\"2026-06-30\",\"creditor\":\"bank-0\"}]', 50000000, "
     "'[{\"kind\":\"claim_proof\",\"reference\":\"loan-1\"}]', NULL, '[]', "
     "creditor_materials, jsonb_build_object('debtor_id', file_joint, 'joint_debtor_id', "
     "file_spouse), petition_opens, '[]', 'prc-draft-2000'" FX},
    {"application_visible", "a debtor's read of its case",
     "SELECT case_id, 'debtor', 'debtor-4'" FX},
    {"application_visible", "the joint debtor's read",
     "SELECT joint_case, 'debtor', 'debtor-50002'" FX},
    {"application_visible", "a bank's read", "SELECT joint_case, 'creditor', 'bank-0'" FX},
    {"application_visible", "a read by a creditor holding a claim in the case",
     "SELECT claims_case, 'creditor', objector" FX},
    {"application_visible", "the administrator's read",
     "SELECT case_id, 'administrator', 'adm-5'" FX},
    {"application_get", "by the court", "SELECT case_id, 'court', 'court-1'" FX},
    {"application_get", "by its debtor", "SELECT case_id, 'debtor', 'debtor-4'" FX},
    {"application_get", "by the joint debtor", "SELECT joint_case, 'debtor', 'debtor-50002'" FX},
    {"application_get", "by a creditor", "SELECT joint_case, 'creditor', 'bank-0'" FX},
    {"application_get", "by the administrator", "SELECT case_id, 'administrator', 'adm-5'" FX},
    {"application_list", "by the court",
     "SELECT 'court', 'court-1', NULL, NULL, NULL, NULL, NULL, NULL, 50"},
    {"application_list", "pending ones of a debtor, by the department",
     "SELECT 'department', 'dept-1', 'pending', NULL, debtor_id, NULL, NULL, NULL, 50" FX},
    {"application_list", "by a debtor",
     "SELECT 'debtor', 'debtor-4', NULL, NULL, NULL, NULL, NULL, NULL, 50"},
    {"application_list", "by a bank",
     "SELECT 'creditor', 'bank-0', NULL, NULL, NULL, NULL, NULL, NULL, 50"},
    {"application_list", "by a creditor with a few petitions",
     "SELECT 'creditor', 'creditor-22', NULL, NULL, NULL, NULL, NULL, NULL, 50"},
    {"application_list", "by a creditor holding claims in cases",
     "SELECT 'creditor', objector, NULL, NULL, NULL, NULL, NULL, NULL, 50" FX},
    {"application_list", "by a bank holding 7,500 claims",
     "SELECT 'creditor', 'bank-1', NULL, NULL, NULL, NULL, NULL, NULL, 50"},
    {"application_list", "by the administrator",
     "SELECT 'administrator', 'adm-5', NULL, NULL, NULL, NULL, NULL, NULL, 50"},
    {"application_lock", "a decision", "SELECT pending_id, 'court', 'court-1'" FX},
    {"application_lock", "a withdrawal", "SELECT case_id, 'debtor', 'debtor-4'" FX},
    {"application_set_materials", "materials", "SELECT pending_id, '[]'" FX},
    {"application_flag", "an announcement on provisional bounds",
     "SELECT announced_case, jsonb_build_object('rule', 'SZ-MTG-FIRST', 'message', 'provisional', "
     "'missing_year', 2027, 'act_id', announced_id)" FX},
    {"application_withdraw", "withdrawal", "SELECT pending_id, '2026-12-01', 'paid'" FX},
    {"application_accept_facts", "acceptance", "SELECT pending_id" FX},
    {"application_accept_facts", "acceptance of a joint petition", "SELECT pending_joint" FX},
    {"application_accept", "acceptance, the other petition superseded",
     "SELECT pending_id, '2026-12-01', accept_decision, 'court', 'court-1', 'req-1', "
     "accepted_opens, '[\"SZ-APP-DECIDE\"]', accepted_restrictions, impose_detail" FX},
    {"application_accept", "acceptance of a joint petition",
     "SELECT pending_joint, '2026-12-01', accept_decision, 'court', 'court-1', 'req-1', "
     "accepted_opens, '[\"SZ-APP-DECIDE\"]', accepted_restrictions, impose_detail" FX},
    {"application_refuse", "not accepted",
     "SELECT pending_id, 'not_accepted', '2026-12-01', '{}'" FX},
    {"application_refuse", "rejected", "SELECT case_id, 'rejected', '2026-12-01', '{}'" FX},
    {"application_co_applicant_decide", "a co-applicant joins",
     "SELECT pending_id, 'creditor-2', 'joined', '2026-12-01', NULL" FX},
    /* audit_sql.c */
    {"audit_insert", "any change",
     "SELECT 'court', 'court-1', 'req-1', 'x', 'application', case_id::text, case_id, NULL" FX},
    {"audit_for_application", "a case's trail", "SELECT case_id, NULL, 50" FX},
    /* calendar_sql.c (the calendar is a small lookup table) */
    {"calendar_all", "the calendar", "SELECT"},
    {"calendar_year", "one year", "SELECT 2026"},
    {"calendar_upsert_year", "a new year", "SELECT 2027, 'notice'"},
    {"calendar_clear_year", "a year replaced", "SELECT 2026"},
    {"calendar_insert_days", "a year replaced",
     "SELECT 2026, '[{\"date\":\"2026-12-25\",\"kind\":\"holiday\",\"name\":\"x\"}]'"},
    /* caselife_sql.c */
    {"act_record", "an announcement opening and meeting deadlines",
     "SELECT case_id, 'announced', '2026-12-01', '2027-01-20', announced_detail, 'court', "
     "'court-1', announced_opens, '[\"SZ-ANN-ACCEPTANCE\", \"SZ-RULE-A\"]'" FX},
    {"act_record", "an act meeting a deadline",
     "SELECT joint_case, 'property_declared', '2026-12-01', NULL, NULL, 'debtor', 'debtor-20', "
     "'[]', '[\"SZ-RULE-B\"]'" FX},
    {"acts_for_case", "by the debtor", "SELECT case_id, 'debtor', 'debtor-4'" FX},
    {"acts_for_case", "by the administrator", "SELECT case_id, 'administrator', 'adm-5'" FX},
    {"act_get", "by the debtor", "SELECT act_id, case_id, 'debtor', 'debtor-4'" FX},
    {"act_get", "by the administrator", "SELECT act_id, case_id, 'administrator', 'adm-5'" FX},
    {"act_lock", "a correction", "SELECT act_id, case_id" FX},
    {"act_correct", "a correction", "SELECT act_id, '2026-11-30', NULL" FX},
    {"deadline_recompute", "a correction",
     "SELECT case_id, 'SZ-RULE-A', jsonb_build_object('rule_id', 'SZ-RULE-A', 'trigger_date', "
     "'2026-11-30', 'due', '2026-12-30', 'provisional', false, 'missing_year', NULL, 'trace', "
     "'{}'::jsonb), NULL" FX},
    {"deadline_recompute", "a calendar year entered",
     "SELECT provisional_case, provisional_rule, jsonb_build_object('rule_id', provisional_rule, "
     "'trigger_date', '2026-12-01', 'due', '2027-01-05', 'provisional', false, 'missing_year', "
     "NULL, 'trace', '{}'::jsonb), jsonb_build_object('change', 'calendar_year_entered', 'year', "
     "2027, 'rule_id', provisional_rule, 'due_before', '2027-01-04', 'due_after', '2027-01-05', "
     "'missing_year_before', 2027, 'missing_year_after', NULL, 'provisional_after', false)" FX},
    {"deadlines_provisional", "a calendar year entered", "SELECT"},
    {"acts_provisional", "a calendar year entered", "SELECT"},
    {"act_detail_set", "an announcement checked again",
     "SELECT announced_id, announced_detail || '{\"provisional\":false,\"missing_year\":null,"
     "\"provisional_dates\":[],\"recheck\":{\"calendar_year\":2027,\"outcome\":"
     "\"within_bounds\"}}'" FX},
    {"deadlines_close", "a case closed", "SELECT case_id, 'closed'" FX},
    {"deadline_meet", "an act", "SELECT case_id, 'SZ-RULE-A', act_id, '2026-12-01'" FX},
    {"deadlines_triggered_by", "a correction", "SELECT act_id" FX},
    {"deadlines_redate_met", "a correction", "SELECT act_id, '2026-12-01'" FX},
    {"deadline_for_rule", "an extension", "SELECT case_id, 'SZ-RULE-A'" FX},
    {"deadline_extend", "an extension", "SELECT case_id, 'SZ-RULE-A', '2027-01-10', '[]'" FX},
    {"deadline_waive", "a waiver", "SELECT deadline_id, 'r', 'court', '2026-12-01'" FX},
    {"deadline_get", "by the debtor", "SELECT deadline_id, 'debtor', 'debtor-4', '2026-12-01'" FX},
    {"deadlines_for_case", "by a creditor",
     "SELECT joint_case, 'creditor', 'bank-0', '2026-12-01'" FX},
    {"deadlines_list", "overdue ones, by the court",
     "SELECT 'court', 'court-1', '2026-12-01', 'overdue', NULL, NULL, NULL, NULL, NULL, 50, NULL"},
    {"deadlines_list", "provisional ones, by the court",
     "SELECT 'court', 'court-1', '2026-12-01', NULL, NULL, NULL, NULL, NULL, NULL, 50, true"},
    {"deadlines_list", "provisional pending ones, by the department",
     "SELECT 'department', 'dept-1', '2026-12-01', 'pending', NULL, NULL, NULL, NULL, NULL, 50, "
     "true"},
    {"deadlines_list", "of a case, by the administrator",
     "SELECT 'administrator', 'adm-5', '2026-12-01', NULL, NULL, NULL, NULL, case_id, NULL, 50, "
     "NULL" FX},
    {"deadlines_list", "by the debtor",
     "SELECT 'debtor', 'debtor-4', '2026-12-01', NULL, NULL, NULL, NULL, NULL, NULL, 50, NULL"},
    {"deadlines_list_creditor", "pending ones, by a bank",
     "SELECT 'creditor', 'bank-0', '2026-12-01', 'pending', NULL, NULL, NULL, NULL, NULL, 50, "
     "NULL"},
    {"deadlines_list_creditor", "by a creditor with a few petitions",
     "SELECT 'creditor', 'creditor-22', '2026-12-01', NULL, NULL, NULL, NULL, NULL, NULL, 50, "
     "NULL"},
    {"deadlines_list_creditor", "pending ones, by a creditor holding claims in cases",
     "SELECT 'creditor', objector, '2026-12-01', 'pending', NULL, NULL, NULL, NULL, NULL, 50, "
     "NULL" FX},
    {"deadlines_list_creditor", "of one case, a page on, by a creditor holding a claim in it",
     "SELECT 'creditor', objector, '2026-12-01', NULL, NULL, NULL, NULL, claims_case, 10, 50, "
     "NULL" FX},
    {"deadlines_list_creditor", "by a bank holding 7,500 claims",
     "SELECT 'creditor', 'bank-1', '2026-12-01', NULL, NULL, NULL, NULL, NULL, NULL, 50, NULL"},
    {"feed_lock", "a restriction change", "SELECT"},
    {"restriction_change_insert", "a consent",
     "SELECT restriction_id, 'consent_granted', 'SZ-RST-CONSUMPTION', 'c', '2026-12-01', "
     "'2026-12-31', '{\"item\":\"air\",\"purpose\":\"work\"}'" FX},
    {"restrictions_for_case", "by the debtor",
     "SELECT case_id, 'debtor', 'debtor-4', '2026-12-01'" FX},
    {"restriction_of_kind", "a consent", "SELECT case_id, 'consumption', NULL" FX},
    {"restriction_of_kind", "a consent, the joint debtor",
     "SELECT joint_case, 'consumption', spouse_id" FX},
    {"consent_insert", "a consent",
     "SELECT restriction_id, case_id, 'air', 'work', 'r', '2026-12-01', '2026-12-31', 'court'" FX},
    {"restrictions_lift", "a discharge",
     "SELECT case_id, '2026-12-01', 'SZ-RST-PERIOD', '002 [Removal of Restrictions]', "
     "'discharge_ruling', 'discharged'" FX},
    {"restrictions_lift", "a joint case rejected",
     "SELECT joint_case, '2026-12-01', 'SZ-APP-REJECT-GROUNDS', "
     "'002 [Inadmissible and rejected applications]', 'rejected', "
     "'the application was rejected after acceptance'" FX},
    {"feed_head", "a poll", "SELECT"},
    {"feed_changes", "a page behind the head", "SELECT feed_behind, 200" FX},
    {"feed_changes", "a fill of four blocks", "SELECT feed_behind / 256 * 256, 1024" FX},
    {"feed_changes", "from the start", "SELECT 0, 200"},
    {"restriction_check_find", "a unit's check", "SELECT id_number, '2026-12-01'" FX},
    {"restriction_check_record", "a unit's check",
     "SELECT 'unit', 'unit-1', 'req-1', debtor_id, true" FX},
    {"restriction_checks_for_debtor", "by the debtor",
     "SELECT debtor_id, 'debtor', 'debtor-4', check_before, 50" FX},
    {"restriction_checks_for_debtor", "by the department",
     "SELECT debtor_id, 'department', 'dept-1', NULL, 50" FX},
    /* claims_sql.c (src/api/claims.c, claim_table.c, acts.c) */
    {"claim_case", "a declaration by a creditor of the case",
     "SELECT claims_case, 'creditor', objector" FX},
    {"claim_case", "a claim table by the administrator",
     "SELECT claims_case, 'administrator', claims_admin" FX},
    {"claim_case", "a bank's declaration in a case it petitioned",
     "SELECT joint_case, 'creditor', 'bank-0'" FX},
    {"claim_insert", "a supplementary declaration",
     "SELECT claims_case, 'declared', 'creditor', 'creditor-1999', 'Creditor 1999', "
     "'2026-12-01', 'supplementary', 5000000, 25000, 0, 'ordinary', "
     "'{\"creditor_name\":\"Creditor 1999\",\"principal\":\"50000.00\",\"interest\":\"250.00\","
     "\"claimed_class\":\"ordinary\",\"kind\":\"loan\",\"evidence\":[{\"kind\":\"contract\","
     "\"reference\":\"c-1\"}],\"supplementary\":{\"rule\":\"SZ-CLM-SUPPLEMENT\"}}', "
     "'creditor', 'creditor-1999'" FX},
    {"claim_insert", "a claim listed by the administrator",
     "SELECT claims_case, 'listed', NULL, NULL, 'Employee 401', '2026-12-01', 'listed', "
     "1200000, 0, 0, 'employees', '{\"creditor_name\":\"Employee 401\",\"principal\":"
     "\"12000.00\",\"claimed_class\":\"employees\",\"listed_item\":\"wages\"}', "
     "'administrator', claims_admin" FX},
    {"claim_full", "the reply to a change", "SELECT served_claim" FX},
    {"claim_get", "by its creditor", "SELECT declared_claim, 'creditor', declared_creditor" FX},
    {"claim_get", "by the court", "SELECT served_claim, 'court', 'court-1'" FX},
    {"claim_get", "by the administrator", "SELECT served_claim, 'administrator', claims_admin" FX},
    {"claim_get", "by another creditor", "SELECT served_claim, 'creditor', objector" FX},
    {"claim_lock", "an amendment", "SELECT declared_claim, 'creditor', declared_creditor" FX},
    {"claim_lock", "an objection", "SELECT served_claim, 'creditor', objector" FX},
    {"claim_lock", "a provisional amount", "SELECT served_claim, 'court', 'court-1'" FX},
    {"claim_amend", "an amendment",
     "SELECT declared_claim, 6000000, 0, 0, 'ordinary', '{\"creditor_name\":\"x\","
     "\"principal\":\"60000.00\",\"claimed_class\":\"ordinary\",\"kind\":\"loan\"}', "
     "'creditor', declared_creditor, '2026-12-01'" FX},
    {"claim_withdraw", "a withdrawal",
     "SELECT declared_claim, 'creditor', declared_creditor, 'paid in full', '2026-12-01'" FX},
    {"claim_status", "an objection",
     "SELECT served_claim, 'disputed', 'objected', '2026-12-01', "
     "jsonb_build_object('objection_id', filed_objection)" FX},
    {"claim_status", "a lawsuit",
     "SELECT served_claim, 'in_litigation', 'lawsuit_filed', '2026-12-01', "
     "jsonb_build_object('objection_id', opinion_objection, 'court_reference', 'r-1')" FX},
    {"claim_provisional", "a provisional amount for the meeting",
     "SELECT served_claim, 1000000, 'disputed in part', '2026-12-01'" FX},
    {"claims_for_case", "by the court", "SELECT claims_case, 'court', 'court-1', NULL, 100" FX},
    {"claims_for_case", "next page, by the administrator",
     "SELECT claims_case, 'administrator', claims_admin, case_cursor, 100" FX},
    {"claims_for_case", "by the department",
     "SELECT joint_case, 'department', 'dept-1', NULL, 100" FX},
    {"claims_for_case", "by the debtor (it sees none in full)",
     "SELECT joint_case, 'debtor', 'debtor-20', NULL, 100" FX},
    {"claims_own_in_case", "by a bank", "SELECT joint_case, 'bank-0', NULL, 100" FX},
    {"claims_own_in_case", "by a creditor",
     "SELECT declared_case, declared_creditor, NULL, 100" FX},
    {"claims_of_creditor", "by a bank", "SELECT NULL, 'bank-1', 50"},
    {"claims_of_creditor", "by a bank, a page deep", "SELECT bank_cursor, 'bank-1', 50" FX},
    {"claims_of_creditor", "by a creditor", "SELECT NULL, declared_creditor, 50" FX},
    {"claims_visible", "by the court", "SELECT NULL, 'court', 'court-1', 50"},
    {"claims_visible", "a page deep, by the department",
     "SELECT claims_cursor, 'department', 'dept-1', 50" FX},
    {"claims_visible", "by the administrator", "SELECT NULL, 'administrator', claims_admin, 50" FX},
    {"claim_table_submit", "the whole table again, written",
     "SELECT claims_case, table_rows, liq_classes, true, true, '2026-12-01', 'administrator', "
     "claims_admin, 'req-1'" FX},
    {"claim_table_submit", "the whole table, validate_only",
     "SELECT claims_case, table_rows, liq_classes, false, true, '2026-12-01', 'administrator', "
     "claims_admin, 'req-1'" FX},
    {"claim_table_get", "the served version, by a creditor", "SELECT claims_case, NULL, true" FX},
    {"claim_table_get", "version 1, by the administrator", "SELECT claims_case, 1, false" FX},
    {"claim_table_serve", "the table served", "SELECT joint_case, serve_act, '2026-12-01'" FX},
    {"objection_insert", "an objection",
     "SELECT served_claim, claims_case, 'creditor', objector, 'the debt was repaid', "
     "'2026-12-01'" FX},
    {"objection_lock", "the review opinion",
     "SELECT filed_objection, 'administrator', claims_admin" FX},
    {"objection_lock", "the lawsuit", "SELECT opinion_objection, 'creditor', opinion_objector" FX},
    {"objection_opinion", "the review opinion",
     "SELECT filed_objection, 'the entry stands', '2026-12-01', '2026-12-16'" FX},
    {"objection_lawsuit", "the lawsuit",
     "SELECT opinion_objection, '2026-12-01', '(2026) Yue 03 Min Chu 1'" FX},
    {"claims_confirm", "the court's ruling",
     "SELECT claims_case, '2026-12-01', '(2026) Yue 03 Po Que 15', '2026-12-01', 'court', "
     "'court-1', 'req-1'" FX},
    {"claim_omission_insert", "the administrator's finding",
     "SELECT claims_case, objector, 'Creditor x', 'left off the inventory', '2026-12-01', "
     "'administrator', claims_admin" FX},
    {"claim_omission_unused", "a declaration after the final distribution",
     "SELECT case_id, creditor_subject FROM claim_omissions WHERE claim_id IS NULL "
     "ORDER BY created_at LIMIT 1"},
    {"claim_omission_unused", "a declaration after it, no finding",
     "SELECT claims_case, objector" FX},
    {"claim_omission_use", "the declaration written",
     "SELECT o.id, f.declared_claim FROM claim_omissions o, plan_fixture f "
     "WHERE o.claim_id IS NULL AND NOT EXISTS (SELECT 1 FROM claim_omissions u "
     "WHERE u.claim_id = f.declared_claim) ORDER BY o.created_at LIMIT 1"},
    {"listed_claims_publish", "the list of the many claims' case published",
     "SELECT claims_case, serve_act, '2026-12-01'" FX},
    /* debtors_sql.c */ /* debtors_sql.c */
    {"debtor_insert", "a new debtor",
     "SELECT NULL, 'New', '440305000000999999', NULL, NULL, NULL, true, 5, NULL, NULL, NULL, "
     "'court', 'court-1', 'whole'"},
    {"debtor_get", "by the debtor", "SELECT debtor_id, 'debtor', 'debtor-4', 'whole'" FX},
    {"debtor_get", "a joint debtor by a creditor",
     "SELECT spouse_id, 'creditor', 'bank-0', 'creditor'" FX},
    {"debtor_get", "by a creditor with a few petitions",
     "SELECT id, 'creditor', 'creditor-22', 'creditor' FROM debtors WHERE seq = 22"},
    {"debtor_get", "by a creditor holding a claim in its case",
     "SELECT a.debtor_id, 'creditor', f.objector, 'creditor' FROM plan_fixture f "
     "JOIN applications a ON a.id = f.claims_case"},
    {"debtor_get", "by a bank holding a claim in its case (7,500 claims)",
     "SELECT a.debtor_id, 'creditor', 'bank-1', 'creditor' FROM plan_fixture f "
     "JOIN applications a ON a.id = f.claims_case"},
    {"debtor_get", "a joint debtor by a creditor holding a claim",
     "SELECT spouse_id, 'creditor', (SELECT creditor_subject FROM claims WHERE case_id = "
     "joint_case AND creditor_subject LIKE 'creditor-%' ORDER BY seq LIMIT 1), 'creditor'" FX},
    {"debtor_get", "a joint debtor by the administrator",
     "SELECT spouse_id, 'administrator', 'adm-21', 'masked'" FX},
    {"debtor_update", "by a creditor",
     "SELECT spouse_id, 'creditor', 'bank-0', '{\"phone\":\"1\"}', 'creditor'" FX},
    {"debtor_list", "by a creditor", "SELECT 'creditor', 'bank-0', 'creditor', NULL, NULL, 50"},
    {"debtor_list", "by a creditor with a few petitions",
     "SELECT 'creditor', 'creditor-22', 'creditor', NULL, NULL, 50"},
    {"debtor_list", "by the administrator",
     "SELECT 'administrator', 'adm-5', 'masked', NULL, NULL, 50"},
    {"debtor_list", "by a debtor", "SELECT 'debtor', 'debtor-4', 'whole', NULL, NULL, 50"},
    {"debtor_list", "by the court", "SELECT 'court', 'court-1', 'whole', NULL, NULL, 50"},
    {"debtor_list", "by identity number",
     "SELECT 'court', 'court-1', 'whole', id_number, NULL, 50" FX},
    {"debtor_id_by_number", "filing", "SELECT id_number" FX},
    {"debtor_for_petition", "a creditor's petition naming a known person",
     "SELECT 'Known', id_number, 'creditor', 'bank-0'" FX},
    {"debtor_facts", "filing", "SELECT debtor_id" FX},
    {"debtor_filing_facts", "a debtor's filing", "SELECT debtor_id, 'debtor', 'debtor-4'" FX},
    {"debtor_filing_facts", "a joint debtor's filing", "SELECT spouse_id, 'creditor', 'bank-0'" FX},
    {"debtor_petition_facts", "a creditor's petition naming a known person",
     "SELECT id_number, 'creditor', 'bank-0'" FX},
    {"debtor_facts_lock", "a change", "SELECT debtor_id" FX},
    /* idempotency_sql.c */
    {"idempotency_claim", "a new key",
     "SELECT idem_role, idem_subject, 'key-new', idem_request, 86400" FX},
    {"idempotency_claim", "a retry",
     "SELECT idem_role, idem_subject, idem_key, idem_request, 86400" FX},
    {"idempotency_claim", "an expired key used again",
     "SELECT idem_role, idem_subject, idem_expired_key, idem_request, 86400" FX},
    {"idempotency_prior", "a retry", "SELECT idem_role, idem_subject, idem_key, idem_request" FX},
    {"idempotency_store", "the answer",
     "SELECT idem_role, idem_subject, idem_key, 201, '{\"id\":\"x\"}', '/v1/applications/x'" FX},
    /* migrate.c */
    {"ready", "readiness", "SELECT"},
/* meetings_sql.c (src/api/meetings.c, ballots.c) */
#define MF " FROM meeting_fixture"
    {"meeting_case", "convening", "SELECT mtg_case, 'court', 'court-1'" MF},
    {"meeting_call_amounts", "a creditors' request (SZ-MTG-CALL)",
     "SELECT mtg_case, jsonb_build_array(mtg_member, 'bank-1')" MF},
    {"meeting_insert", "a later meeting",
     "SELECT mtg_case, 'later', 'court', '[]', NULL, '2027-01-20', 'Room 2', NULL, 'court', "
     "'court-1'" MF},
    {"meeting_get", "by a member", "SELECT mtg_id, 'creditor', mtg_member" MF},
    {"meetings_for_case", "the case's meetings", "SELECT mtg_case, NULL, 50" MF},
    {"meeting_lock", "a change by the administrator",
     "SELECT mtg_id, 'administrator', mtg_admin" MF},
    {"meeting_notice", "the notice",
     "SELECT mtg_id, mtg_act, '2026-12-01', '2026-12-05', false, NULL, false" MF},
    {"meeting_state", "closing", "SELECT mtg_id, 'closed', '2026-12-01'" MF},
    {"meeting_item_insert", "an agenda item",
     "SELECT mtg_id, 'general', 'x', NULL, '{}', 'SZ-MTG-RESOLUTION'" MF},
    {"meeting_item_lock", "opening or closing", "SELECT mtg_item, 'administrator', mtg_admin" MF},
    {"meeting_item_share", "a ballot", "SELECT mtg_item, 'creditor', mtg_member" MF},
    {"meeting_item_read", "the tally", "SELECT mtg_item, 'creditor', mtg_member" MF},
    {"meeting_item_claims", "the membership frozen", "SELECT mtg_case" MF},
    {"meeting_item_members_insert", "the membership frozen",
     "SELECT mtg_closed_item, jsonb_build_array(jsonb_build_object('member', 'creditor-new', "
     "'grp', 'general', 'claim_ids', '[]'::jsonb, 'amount_fen', 1, 'secured', false, "
     "'votes', true))" MF},
    {"meeting_item_open", "voting opened", "SELECT mtg_closed_item" MF},
    {"meeting_item_close", "voting closed", "SELECT mtg_item, '{}', true" MF},
    {"meeting_item_voters", "the live tally", "SELECT mtg_item, mtg_id" MF},
    {"ballot_count", "the member's counted ballot",
     "SELECT mtg_item, mtg_member, 'against', 1000000000" MF},
    {"meeting_item_member", "a ballot's member", "SELECT mtg_item, mtg_member" MF},
    {"meeting_attendance_upsert", "attendance",
     "SELECT mtg_id, mtg_member, 'in_person', NULL, NULL, 'administrator', mtg_admin, "
     "mtg_case" MF},
    {"meeting_attendance_online", "a ballot online", "SELECT mtg_id, 'creditor-new'" MF},
    {"meeting_attendance_get", "a room ballot", "SELECT mtg_id, mtg_member" MF},
    {"meeting_attendance_list", "the minutes", "SELECT mtg_id" MF},
    {"ballot_insert", "a ballot and its receipt",
     "SELECT mtg_item, mtg_member, 'for', 'online', NULL, NULL, 'creditor', mtg_member, "
     "'req-1'" MF},
    {"meeting_vote_status", "a creditor's vote status",
     "SELECT mtg_id, 'creditor', mtg_member, mtg_member" MF},
    {"meeting_revocation_insert", "a revocation request",
     "SELECT mtg_id, mtg_closed_item, mtg_member, 'miscounted', '2026-12-01', '2026-12-16'" MF},
/* disclosure_sql.c (src/api/disclosure.c; issue 14) */
#define DF " FROM disclosure_fixture"
    {"disclosure_nodes", "the table", "SELECT"},
    {"disclosure_query_find", "the public query", "SELECT dis_number, dis_name, 'marked'" DF},
    {"disclosure_query_find", "a wrong name", "SELECT dis_number, 'Somebody', 'hidden'" DF},
    {"disclosure_query_record", "the public query",
     "SELECT '127.0.0.1', NULL, NULL, 'req-1', dis_name, dis_number, dis_debtor, 'disclosed'" DF},
    {"disclosure_queries_for_debtor", "by the debtor",
     "SELECT dis_debtor, 'debtor', dis_subject, dis_query_before, 50" DF},
    {"disclosure_queries_for_debtor", "by the department",
     "SELECT dis_debtor, 'department', 'dept-1', NULL, 50" DF},
    {"disclosure_feed_head", "a credit unit's poll", "SELECT"},
    {"disclosure_feed_changes", "a page behind the head", "SELECT dis_feed_behind, 200" DF},
    {"disclosure_feed_changes", "from the start", "SELECT 0, 200"},
    {"disclosure_record_for_debtor", "by the debtor",
     "SELECT dis_debtor, 'debtor', dis_subject, 'marked'" DF},
    {"disclosure_entry_get", "an objection", "SELECT dis_entry, 'debtor', dis_subject" DF},
    {"disclosure_request_insert", "an objection",
     "SELECT 'correction', 'SZ-INF-CORRECT', dis_case, dis_debtor, dis_entry, 'debtor', "
     "dis_subject, '2026-12-01', 'wrong', 'r', '[]', '{}', '[]'" DF},
    {"disclosure_request_lock", "a step", "SELECT dis_request" DF},
    {"disclosure_request_get", "the debtor follows it",
     "SELECT dis_request, 'debtor', dis_subject" DF},
    {"disclosure_request_update", "a step", "SELECT dis_request, 'announced', '[]', NULL, NULL" DF},
    {"disclosure_apply", "a restoration ruled",
     "SELECT 'restored', dis_case, NULL, NULL, '2026-12-01', dis_request" DF},
    {"disclosure_apply", "a correction",
     "SELECT 'corrected', dis_case, dis_entry, '{\"procedure\":\"settlement\"}', '2026-12-01', "
     "dis_request" DF},
    {"disclosure_apply", "a stop",
     "SELECT 'stopped', dis_case, NULL, NULL, '2026-12-01', dis_request" DF},
    {"disclosure_conduct", "a finding of dishonest conduct",
     "SELECT dis_case, '{\"conduct\":\"x\",\"found_on\":\"2026-12-01\"}', '2026-12-01'" DF},
    {"disclosure_case_facts", "a restoration applied for", "SELECT dis_case" DF},
/* liquidation_sql.c (issue 13: src/api/property.c, estate.c, distributions.c,
 * discharge.c) */
#define LF " FROM liq_fixture"
    {"liq_case", "a liquidation route", "SELECT liq_case, 'administrator', 'adm-5'" LF},
    {"case_phase_set", "the declaration",
     "SELECT liq_case, '{liquidation,awaiting_declaration}', 'declared', '2026-12-01', "
     "'SZ-LIQ-DECLARE-SERVE', liq_act, 'court', 'court-1', 'req-1'" LF},
    {"property_declaration_insert", "the debtor's declaration",
     "SELECT liq_case, '2026-12-01', '[]', '[]', '[]', 100, liq_act, 'debtor', 'debtor-4'" LF},
    {"property_declaration_latest", "by the debtor", "SELECT liq_case, 'debtor', 'debtor-4'" LF},
    {"exempt_list_insert", "the exempt list",
     "SELECT liq_case, '2026-12-01', '[]', 100, 0, 20000000, liq_act, 'debtor', 'debtor-4'" LF},
    {"exempt_list_latest", "by a creditor", "SELECT liq_case, 'creditor', liq_member" LF},
    {"exempt_list_rule", "the court's ruling", "SELECT liq_list, '{\"outcome\": \"approved\"}'" LF},
    {"liq_meeting_item", "the vote on a plan",
     "SELECT liq_case, 'distribution_plan', liq_plan::text" LF},
    {"estate_insert", "a realization",
     "SELECT liq_case, 'realization', '2026-12-01', 'a flat', 100, NULL, NULL, 'adm-5'" LF},
    {"estate_for_case", "the estate", "SELECT liq_case" LF},
    {"liq_claims", "a plan's claims", "SELECT liq_case" LF},
    {"liq_claim", "a collateral realization", "SELECT liq_case, liq_line" LF},
    {"liq_approved_shares", "what the rounds allocated", "SELECT liq_case" LF},
    {"distribution_insert", "a plan with its lines",
     "SELECT liq_case, 'final', '2026-12-01', 100, 'bank transfer', '{}', 'adm-5', "
     "jsonb_build_array(jsonb_build_object('line_id', liq_line, 'line_kind', 'claim', "
     "'creditor_name', 'x', 'class', 'ordinary', 'basis_fen', 1, 'paid_fen', 1, "
     "'reserved_fen', 0, 'missed_fen', 0, 'left_out_of', '[]'::jsonb))" LF},
    {"distribution_get", "by a creditor, its own lines",
     "SELECT liq_plan, 'creditor', liq_member" LF},
    {"distributions_for_case", "by the court", "SELECT liq_case, 'court', 'court-1'" LF},
    {"distribution_lock", "an approval", "SELECT liq_plan, 'court', 'court-1'" LF},
    {"distribution_approve", "an approval", "SELECT liq_plan, '2026-12-01', '{}'" LF},
    {"share_pay", "a payment",
     "SELECT liq_plan, liq_line, '2026-12-01', 'transfer', 'SZ-LIQ-RESERVE-CONDITIONAL', "
     "'SZ-LIQ-LITIGATION'" LF},
    {"breach_insert", "an agency's report",
     "SELECT liq_case, 'consumption', '2026-12-01', 'x', NULL, 'agency', 'airline-1', 'req-1'" LF},
    {"breaches_for_case", "the inspection period", "SELECT liq_case" LF},
    {"liq_acts_of_kind", "the extensions", "SELECT liq_case, 'inspection_extended'" LF},
    {"liq_case_restricted", "an agency's report", "SELECT liq_case" LF},
/* --- plans (issue 12): plans_sql.c (src/api/plans.c, plan_execution.c) */
#define PF " FROM plans_fixture"
    {"plan_case", "a plan drafted", "SELECT pl_case, 'debtor', 'debtor-4'" PF},
    {"plan_insert", "a plan drafted",
     "SELECT pl_free_case, 'reorganization', false, true, '2026-12-01', NULL, '2029-12-01', "
     "'debtor', 'debtor-4', '{}'" PF},
    {"plan_lock", "a change by a creditor's eyes", "SELECT pl_id, 'creditor', pl_member" PF},
    {"plan_get", "a plan read by a creditor", "SELECT pl_id, 'creditor', pl_member" PF},
    {"plans_for_case", "the case's plans", "SELECT pl_case, NULL, 50, 'creditor', pl_member" PF},
    {"plan_version_add", "a new version", "SELECT pl_id, '{}', 'debtor', 'debtor-4'" PF},
    {"plan_version_get", "the check", "SELECT pl_id, 1" PF},
    {"plan_claims", "the check weighs the claims", "SELECT pl_case" PF},
    {"plan_set", "the vote recorded",
     "SELECT pl_id, '{\"state\":\"passed\",\"voted_on\":\"2026-12-01\"}'" PF},
    {"plan_waive", "a creditor's waiver", "SELECT pl_id, pl_member, true, '2026-12-01'" PF},
    {"plan_of_item", "an item closed", "SELECT pl_item" PF},
    {"plan_executing", "a plan fully executed", "SELECT pl_case" PF},
    {"plan_deadline_open", "the approval application's period",
     "SELECT pl_case, jsonb_build_object('rule_id', 'SZ-REO-PASS', 'citation', 'x', "
     "'trigger_date', '2026-12-01', 'due', '2026-12-11', 'trace', '{}'::jsonb), "
     "'plan_vote_closed'" PF},
    {"plan_deadline_meet", "the application", "SELECT pl_case, 'SZ-REO-PASS', '2026-12-05'" PF},
    {"plan_deadline_due", "the application", "SELECT pl_case, 'SZ-REO-PASS'" PF},
    {"case_phase_set", "a plan's approval",
     "SELECT pl_case, '{liquidation,reorganization}', 'reorganization_execution', "
     "'2026-12-01', 'SZ-REO-PASS', NULL, 'court', 'court-1', 'req-1'" PF},
    {"plan_schedule_insert", "the approval's schedule",
     "SELECT pl_id, jsonb_build_array(jsonb_build_object('n', 100000, 'due', '2027-01-01', "
     "'creditor', pl_member, 'class', 'ordinary', 'amount_fen', 1))" PF},
    {"plan_schedule_rows", "the whole schedule", "SELECT pl_id, NULL" PF},
    {"plan_schedule_rows", "a creditor's schedule", "SELECT pl_id, pl_member" PF},
    {"plan_payments_rows", "a creditor's payments", "SELECT pl_id, pl_member" PF},
    {"plan_payment_insert", "a payment reported",
     "SELECT pl_id, pl_member, '2026-12-01', 100, '[]', 'debtor', 'debtor-4'" PF},
    {"plan_payment_confirm", "a payment confirmed",
     "SELECT pl_id, pl_payment, '2026-12-01', 'adm-1'" PF},
    {"plan_paid_totals", "hardship, default", "SELECT pl_id" PF},
};
#define NCASES ((int)(sizeof cases / sizeof cases[0]))

/* Tables that grow with the number of cases: a sequential scan of one is a request whose
 * cost grows with the department's history. Not listed, so allowed: calendar_years and
 * calendar_days (a few dozen rows a year), case_numbers (one row a year),
 * schema_migrations, and the administrator roster: the qualified administrators of one
 * court are a few hundred (the seed has 200), a handful of pages that PostgreSQL rightly
 * reads whole rather than through an index; designations, which grow with the cases, are
 * checked, and so are the answers kept for an Idempotency-Key, which grow with the writes
 * of the last IDEMPOTENCY_TTL (a day), and the claims with everything that hangs from them
 * (versions, timeline, the claim table's versions and rows, objections, rulings). */
static const char *const case_sized[] = {"applications",
                                         "debtors",
                                         "deadlines",
                                         "case_acts",
                                         "restrictions",
                                         "restriction_changes",
                                         "restriction_checks",
                                         "restriction_consents",
                                         "audit_log",
                                         "designations",
                                         "idempotency_keys",
                                         "claims",
                                         "claim_versions",
                                         "claim_events",
                                         "claim_tables",
                                         "claim_table_rows",
                                         "claim_objections",
                                         "claim_rulings",
                                         "meetings",
                                         "meeting_items",
                                         "meeting_item_members",
                                         "meeting_attendance",
                                         "ballots",
                                         "meeting_revocations",
                                         "property_declarations",
                                         "exempt_lists",
                                         "estate_entries",
                                         "distribution_plans",
                                         "distribution_shares",
                                         "inspection_breaches",
                                         "plans",
                                         "plan_versions",
                                         "plan_schedule",
                                         "plan_payments",
                                         "disclosure_entries",
                                         "disclosure_entry_versions",
                                         "disclosure_changes",
                                         "disclosure_queries",
                                         "disclosure_requests",
                                         NULL};

static bool is_case_sized(const char *table)
{
    for (const char *const *t = case_sized; *t; t++)
        if (strcmp(*t, table) == 0)
            return true;
    return false;
}

/* ---- the plans auto_explain reports, as notices ---- */

struct notices {
    json_t *plans; /* [{Query Text, Plan}] */
};

static void on_notice(void *arg, const PGresult *res)
{
    struct notices *n = arg;
    const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    const char *json = msg ? strchr(msg, '{') : NULL;
    json_t *plan = json ? json_loads(json, 0, NULL) : NULL;
    if (plan != NULL)
        json_array_append_new(n->plans, plan);
}

/* The first Seq Scan of a case-sized table in the plan tree, or NULL. */
static const char *seq_scan_in(const json_t *node)
{
    const char *type = json_string_value(json_object_get(node, "Node Type"));
    const char *rel = json_string_value(json_object_get(node, "Relation Name"));
    if (type && rel && strcmp(type, "Seq Scan") == 0 && is_case_sized(rel))
        return rel;
    size_t i;
    const json_t *child;
    json_array_foreach(json_object_get(node, "Plans"), i, child)
    {
        const char *found = seq_scan_in(child);
        if (found)
            return found;
    }
    return NULL;
}

static long long count(const json_t *node, const char *key)
{
    return (long long)json_number_value(json_object_get(node, key));
}

/* A query inside a function or a trigger runs once for every row or call of the statement
 * that calls it, so it reads one case's or one person's rows. Reading more than this many
 * rows of one case-sized table is reading a share of the department's history on every
 * call (the largest one person has in the seed is a bank's 2,500 petitions). */
#define NESTED_READ_MAX 1000

/* The first scan of a case-sized table that reads (returns, or removes by a filter or a
 * recheck) more than NESTED_READ_MAX rows, or NULL; *rows says how many. A Bitmap Index
 * Scan counts for the table of the Bitmap Heap Scan above it (heap_rel): an EXISTS stops
 * at its first row, but the bitmap was built from every entry the index matched. Row
 * counts from EXPLAIN ANALYZE are counts, not timings: the same on any machine. */
static const char *wide_read_in(const json_t *node, const char *heap_rel, long long *rows)
{
    const char *rel = json_string_value(json_object_get(node, "Relation Name"));
    const char *type = json_string_value(json_object_get(node, "Node Type"));
    if (rel == NULL && type && strcmp(type, "Bitmap Index Scan") == 0)
        rel = heap_rel;
    if (rel && is_case_sized(rel)) {
        *rows = (count(node, "Actual Rows") + count(node, "Rows Removed by Filter") +
                 count(node, "Rows Removed by Index Recheck")) *
                count(node, "Actual Loops");
        if (*rows > NESTED_READ_MAX)
            return rel;
    }
    const char *below = type && strcmp(type, "Bitmap Heap Scan") == 0 ? rel : heap_rel;
    size_t i;
    const json_t *child;
    json_array_foreach(json_object_get(node, "Plans"), i, child)
    {
        const char *found = wide_read_in(child, below, rows);
        if (found)
            return found;
    }
    return NULL;
}

static void exec_ok(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    ck_assert_msg(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK, "%s: %s", sql,
                  PQerrorMessage(c));
    PQclear(r);
}

static const struct db_stmt *find_statement(const char *name)
{
    for (const struct db_stmt *const *s = db_statements(); *s; s++)
        if (strcmp((*s)->name, name) == 0)
            return *s;
    return NULL;
}

/* Runs the case's statement once, in a transaction rolled back, and checks every plan. */
static void check_plans(PGconn *c, struct notices *n, const struct plan_case *pc,
                        const struct db_stmt *st, int run)
{
    PGresult *pr = PQexec(c, pc->params);
    ck_assert_msg(PQresultStatus(pr) == PGRES_TUPLES_OK && PQntuples(pr) == 1,
                  "%s (%s): the parameters query found no row: %s", pc->statement, pc->as,
                  PQerrorMessage(c));
    ck_assert_msg(PQnfields(pr) == st->nparams, "%s (%s): %d parameters given, %d expected",
                  pc->statement, pc->as, PQnfields(pr), st->nparams);
    const char *values[32] = {0};
    for (int i = 0; i < st->nparams && i < 32; i++)
        values[i] = PQgetisnull(pr, 0, i) ? NULL : PQgetvalue(pr, 0, i);
    exec_ok(c, "BEGIN");
    json_array_clear(n->plans);
    PGresult *r = PQexecPrepared(c, st->name, st->nparams, values, NULL, NULL, 0);
    ExecStatusType rs = PQresultStatus(r);
    ck_assert_msg(rs == PGRES_COMMAND_OK || rs == PGRES_TUPLES_OK, "%s (%s): %s", pc->statement,
                  pc->as, PQerrorMessage(c));
    PQclear(r);
    PQclear(pr);
    /* a SELECT's executor ends when its portal is dropped: at the end of the transaction */
    exec_ok(c, "ROLLBACK");
    ck_assert_msg(json_array_size(n->plans) > 0, "%s (%s): auto_explain reported no plan",
                  pc->statement, pc->as);
    size_t i;
    const json_t *p;
    json_array_foreach(n->plans, i, p)
    {
        const char *table = seq_scan_in(json_object_get(p, "Plan"));
        const char *query = json_string_value(json_object_get(p, "Query Text"));
        ck_assert_msg(table == NULL, "%s (%s, execution %d): Seq Scan on %s in: %.300s",
                      pc->statement, pc->as, run, table, query ? query : "?");
        long long rows = 0;
        bool nested = query == NULL || strcmp(query, st->sql) != 0;
        table = nested ? wide_read_in(json_object_get(p, "Plan"), NULL, &rows) : NULL;
        ck_assert_msg(table == NULL,
                      "%s (%s, execution %d): a query it calls reads %lld rows of %s: %.300s",
                      pc->statement, pc->as, run, rows, table, query ? query : "?");
    }
}

START_TEST(statement_is_served_by_indexes)
{
    const struct plan_case *pc = &cases[_i];
    const struct db_stmt *st = find_statement(pc->statement);
    ck_assert_msg(st != NULL, "%s: no such statement in db_statements()", pc->statement);
    PGconn *c = PQconnectdb(it_db_conninfo());
    ck_assert_msg(PQstatus(c) == CONNECTION_OK, "%s", PQerrorMessage(c));
    struct notices n = {json_array()};
    PQsetNoticeReceiver(c, on_notice, &n);
    exec_ok(c, "LOAD 'auto_explain'");
    exec_ok(c, "SET auto_explain.log_min_duration = 0");
    exec_ok(c, "SET auto_explain.log_nested_statements = on");
    exec_ok(c, "SET auto_explain.log_format = json");
    exec_ok(c, "SET auto_explain.log_level = notice");
    exec_ok(c, "SET auto_explain.log_analyze = on"); /* the rows each node read */
    exec_ok(c, "SET auto_explain.log_timing = off");
    exec_ok(c, "SET client_min_messages = notice");
    /* a safety net, not a measure: a statement that reads the whole history (a scan inside
     * a function called for every row) fails its case, named, instead of hanging the suite */
    exec_ok(c, "SET statement_timeout = '10s'");
    PGresult *r = PQprepare(c, st->name, st->sql, st->nparams, NULL);
    ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "prepare %s: %s", st->name,
                  PQerrorMessage(c));
    PQclear(r);
    /* PostgreSQL plans the first five executions of a prepared statement (and of each query
     * of a PL/pgSQL function) for their parameters; from the sixth it may keep a generic
     * plan, when that is estimated no dearer. Six executions check both. */
    for (int run = 1; run <= 6; run++)
        check_plans(c, &n, pc, st, run);
    json_decref(n.plans);
    PQfinish(c);
}
END_TEST

/* A whole file as a string (malloc'd), or NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = len >= 0 ? malloc((size_t)len + 1) : NULL;
    size_t got = buf ? fread(buf, 1, (size_t)len, f) : 0;
    if (buf)
        buf[got] = '\0';
    fclose(f);
    return buf;
}

/* No statement escapes the check: each one the registry lists has a case here. */
START_TEST(every_statement_has_a_case)
{
    for (const struct db_stmt *const *s = db_statements(); *s; s++) {
        bool found = false;
        for (int i = 0; i < NCASES && !found; i++)
            found = strcmp(cases[i].statement, (*s)->name) == 0;
        ck_assert_msg(found, "statement %s has no case in test_plans.c", (*s)->name);
    }
}
END_TEST

/* ... and the registry lists every statement src/db defines. */
START_TEST(every_statement_is_registered)
{
    const char *mig = getenv("TEST_MIGRATIONS");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/../src/db", mig ? mig : "migrations");
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    int defined = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 3 || strcmp(e->d_name + len - 2, ".c") != 0)
            continue;
        char *path = it_fmt("%s/%s", dir, e->d_name);
        char *text = slurp(path);
        ck_assert_msg(text != NULL, "cannot read %s", path);
        /* static const struct db_stmt NAME = {\n    "name", ... */
        static const char key[] = "struct db_stmt ";
        for (const char *p = strstr(text, key); p; p = strstr(p + 1, key)) {
            const char *q = p + strlen(key);
            while (*q == '_' || (*q >= 'A' && *q <= 'Z'))
                q++;
            if (q == p + strlen(key) || strncmp(q, " = {", 4) != 0)
                continue; /* a pointer or a parameter, not a definition */
            q += 4;
            while (*q == ' ' || *q == '\n')
                q++;
            const char *end = *q == '"' ? strchr(q + 1, '"') : NULL;
            ck_assert_msg(end != NULL, "%s: a statement without a name", path);
            char name[128];
            snprintf(name, sizeof name, "%.*s", (int)(end - q - 1), q + 1);
            ck_assert_msg(find_statement(name) != NULL,
                          "%s: statement %s is not in its file's list for db_statements()", path,
                          name);
            defined++;
        }
        free(text);
        free(path);
    }
    closedir(d);
    int registered = 0;
    for (const struct db_stmt *const *s = db_statements(); *s; s++)
        registered++;
    ck_assert_int_eq(defined, registered);
}
END_TEST

static Suite *plans_suite(void)
{
    Suite *s = suite_create("plans");
    TCase *t = tcase_create("plans");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, every_statement_has_a_case);
    tcase_add_test(t, every_statement_is_registered);
    tcase_add_loop_test(t, statement_is_served_by_indexes, 0, NCASES);
    suite_add_tcase(s, t);
    return s;
}

/* The database at volume: migrations, the seed, statistics. */
static void seed(void)
{
    it_database("plans");
    const char *mig = getenv("TEST_MIGRATIONS");
    mig = mig ? mig : "migrations";
    const char *defs = getenv("TEST_SQL");
    struct db_schema_dirs dirs = {mig, defs ? defs : "sql"};
    char err[512];
    if (db_migrate_apply(it_db_conninfo(), &dirs, err, sizeof err) != 0) {
        fprintf(stderr, "migrations: %s\n", err);
        exit(2);
    }
    char *path = it_fmt("%s/../tests/data/plans_seed.sql", mig);
    char *sql = slurp(path);
    if (sql == NULL) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    PGconn *c = PQconnectdb(it_db_conninfo());
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    PQclear(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        fprintf(stderr, "%s: %s", path, PQerrorMessage(c));
        exit(2);
    }
    r = PQexec(c, "ANALYZE");
    st = PQresultStatus(r);
    PQclear(r);
    if (st != PGRES_COMMAND_OK) {
        fprintf(stderr, "ANALYZE: %s", PQerrorMessage(c));
        exit(2);
    }
    PQfinish(c);
    free(sql);
    free(path);
}

int main(void)
{
    seed();
    SRunner *sr = srunner_create(plans_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
