/* statements.c: the registry of every prepared statement, gathered from the lists each
 * statements file keeps next to its statements. The plan test (tests/integration/
 * test_plans.c) explains each of them at volume and checks that none is missing here. */
#include <pthread.h>
#include <stddef.h>

#include "db_internal.h"

#define MAX_STATEMENTS 256

static const struct db_stmt *const *const lists[] = {
    dbi_administrators_statements, dbi_applications_statements, dbi_audit_statements,
    dbi_calendar_statements,       dbi_caselife_statements,     dbi_claims_statements,
    dbi_debtors_statements,        dbi_migrate_statements,      dbi_idempotency_statements,
    dbi_meetings_statements,       dbi_disclosure_statements,   dbi_liquidation_statements,
    dbi_plans_statements};

static const struct db_stmt *all[MAX_STATEMENTS + 1];

static void gather(void)
{
    size_t n = 0;
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
        for (const struct db_stmt *const *s = lists[l]; *s != NULL && n < MAX_STATEMENTS; s++)
            all[n++] = *s;
    all[n] = NULL;
}

const struct db_stmt *const *db_statements(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, gather);
    return all;
}
