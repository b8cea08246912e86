/* migrate.c: the schema in two folders.
 * migrations/NNNN_name.sql: tables, indexes and constraints, applied once each in order,
 * recorded in schema_migrations with a SHA-256 checksum; an applied file that changed is an
 * error, and so is an applied version this binary does not have (forward-only).
 * sql/NNN_name.sql: functions, triggers and views, one concept per file, written with
 * CREATE OR REPLACE and applied all of them, in name order, after the pending migrations on
 * every apply. Their checksums are recorded in schema_definitions, so that `serve` without
 * --migrate knows when the database's definitions are not this binary's. Pending migrations
 * and the definitions run in one transaction: an upgrade is applied whole or not at all. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

#define MAX_MIGRATIONS 512

/* A file of either folder. */
struct migration {
    char name[256];
    char *sql;
    bool changed; /* a definition whose recorded checksum differs (or that is not recorded) */
};

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct migration *)a)->name, ((const struct migration *)b)->name);
}

/* digits digits, then '_', then a name and ".sql": NNNN_ for migrations, NNN_ for sql/. */
static bool is_numbered_name(const char *n, int digits)
{
    size_t len = strlen(n);
    if (len < (size_t)digits + 6 || len >= 128 || strcmp(n + len - 4, ".sql") != 0 ||
        n[digits] != '_')
        return false;
    for (int i = 0; i < digits; i++)
        if (n[i] < '0' || n[i] > '9')
            return false;
    return true;
}

static char *slurp(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (buf != NULL && fread(buf, 1, (size_t)len, f) != (size_t)len) {
        free(buf);
        buf = NULL;
    }
    if (buf != NULL)
        buf[len] = '\0';
    fclose(f);
    return buf;
}

/* The files of dir named with digits digits, sorted by name. setting names the variable
 * that sets dir, for the error. */
static int load(const char *dir, int digits, const char *setting, struct migration *m, int *n,
                char *err, size_t errlen)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (d == NULL) {
        snprintf(err, errlen, "cannot open the directory %s (set %s)", dir, setting);
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL && *n < MAX_MIGRATIONS) {
        if (!is_numbered_name(e->d_name, digits))
            continue;
        m[*n].changed = false;
        snprintf(m[*n].name, sizeof m[*n].name, "%s", e->d_name);
        m[*n].sql = slurp(dir, e->d_name);
        if (m[*n].sql == NULL) {
            snprintf(err, errlen, "cannot read %s/%s", dir, e->d_name);
            closedir(d);
            return -1;
        }
        (*n)++;
    }
    closedir(d);
    qsort(m, (size_t)*n, sizeof *m, by_name);
    return 0;
}

static void unload(struct migration *m, int n)
{
    for (int i = 0; i < n; i++)
        free(m[i].sql);
}

static bool exec_ok(PGconn *c, const char *sql, char *err, size_t errlen)
{
    PGresult *res = PQexec(c, sql);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
    if (!ok)
        snprintf(err, errlen, "%s", PQresultErrorMessage(res));
    PQclear(res);
    return ok;
}

/* 1 applied and unchanged, 0 not applied, -1 changed or failed. */
static int applied_state(PGconn *c, const struct migration *m, char *err, size_t errlen)
{
    const char *params[2] = {m->name, m->sql};
    PGresult *res =
        PQexecParams(c,
                     "SELECT checksum = encode(sha256(convert_to($2::text, 'UTF8')), 'hex') "
                     "FROM schema_migrations WHERE version = $1",
                     2, NULL, params, NULL, NULL, 0);
    int state;
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        snprintf(err, errlen, "%s", PQresultErrorMessage(res));
        state = -1;
    } else if (PQntuples(res) == 0) {
        state = 0;
    } else if (strcmp(PQgetvalue(res, 0, 0), "t") == 0) {
        state = 1;
    } else {
        snprintf(err, errlen, "migration %s was changed after it was applied", m->name);
        state = -1;
    }
    PQclear(res);
    return state;
}

static int unknown_applied(PGconn *c, const struct migration *m, int n, char *err, size_t errlen)
{
    PGresult *res = PQexec(c, "SELECT version FROM schema_migrations ORDER BY version");
    int bad = PQresultStatus(res) == PGRES_TUPLES_OK ? 0 : -1;
    for (int i = 0; bad == 0 && i < PQntuples(res); i++) {
        const char *v = PQgetvalue(res, i, 0);
        bool known = false;
        for (int j = 0; j < n && !known; j++)
            known = strcmp(m[j].name, v) == 0;
        if (!known) {
            snprintf(err, errlen, "the database has migration %s, which this binary lacks", v);
            bad = -1;
        }
    }
    PQclear(res);
    return bad;
}

static PGconn *open_conn(const char *conninfo, char *err, size_t errlen)
{
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        snprintf(err, errlen, "cannot connect to the database: %s", PQerrorMessage(c));
        char *nl = strchr(err, '\n');
        if (nl)
            *nl = '\0';
        PQfinish(c);
        return NULL;
    }
    PGresult *res = PQexec(c, "SET client_min_messages = warning");
    PQclear(res);
    return c;
}

/* 1 when the definition's recorded checksum is its text's, 0 when not (or not recorded). */
static int definition_current(PGconn *c, const struct migration *m, char *err, size_t errlen)
{
    const char *params[2] = {m->name, m->sql};
    PGresult *res =
        PQexecParams(c,
                     "SELECT count(*) FROM schema_definitions WHERE name = $1 "
                     "AND checksum = encode(sha256(convert_to($2::text, 'UTF8')), 'hex')",
                     2, NULL, params, NULL, NULL, 0);
    int state = -1;
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        snprintf(err, errlen, "%s", PQresultErrorMessage(res));
    else
        state = strcmp(PQgetvalue(res, 0, 0), "1") == 0;
    PQclear(res);
    return state;
}

/* The changed definitions' names, comma-separated, for bankruptcyd.changed_definitions: a
 * file may act on its own change (sql/310 refreshes the stored documents). */
static char *changed_list(const struct migration *d, int n)
{
    size_t len = 1;
    for (int i = 0; i < n; i++)
        len += strlen(d[i].name) + 1;
    char *list = malloc(len);
    if (list == NULL)
        return NULL;
    list[0] = '\0';
    for (int i = 0; i < n; i++)
        if (d[i].changed) {
            if (list[0])
                strcat(list, ",");
            strcat(list, d[i].name);
        }
    return list;
}

static bool record(PGconn *c, const char *insert, const struct migration *m, char *err,
                   size_t errlen)
{
    const char *params[2] = {m->name, m->sql};
    PGresult *res = PQexecParams(c, insert, 2, NULL, params, NULL, NULL, 0);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        snprintf(err, errlen, "%s", PQresultErrorMessage(res));
    PQclear(res);
    return ok;
}

/* Runs one file; on failure err says which file failed and why. */
static bool run_file(PGconn *c, const char *what, const struct migration *m, char *err,
                     size_t errlen)
{
    if (exec_ok(c, m->sql, err, errlen))
        return true;
    char why[512];
    snprintf(why, sizeof why, "%s", err);
    snprintf(err, errlen, "%s %s failed: %s", what, m->name, why);
    return false;
}

/* The pending migrations, then every definition, in one transaction. */
static bool apply_all(PGconn *c, const struct migration *m, const int *state, int n,
                      const struct migration *d, int nd, char *err, size_t errlen)
{
    if (!exec_ok(c, "BEGIN", err, errlen))
        return false;
    bool ok = true;
    for (int i = 0; ok && i < n; i++)
        ok = state[i] == 1 || (run_file(c, "migration", &m[i], err, errlen) &&
                               record(c,
                                      "INSERT INTO schema_migrations (version, checksum) VALUES "
                                      "($1, encode(sha256(convert_to($2::text, 'UTF8')), 'hex'))",
                                      &m[i], err, errlen));
    char *changed = ok ? changed_list(d, nd) : NULL;
    if (ok) {
        const char *params[1] = {changed};
        PGresult *res = PQexecParams(
            c, "SELECT set_config('bankruptcyd.changed_definitions', coalesce($1, ''), true)", 1,
            NULL, params, NULL, NULL, 0);
        ok = changed != NULL && PQresultStatus(res) == PGRES_TUPLES_OK;
        if (!ok)
            snprintf(err, errlen, "cannot list the changed SQL definitions");
        PQclear(res);
    }
    free(changed);
    for (int i = 0; ok && i < nd; i++)
        ok = run_file(c, "SQL definition", &d[i], err, errlen);
    ok = ok && exec_ok(c, "DELETE FROM schema_definitions", err, errlen);
    for (int i = 0; ok && i < nd; i++)
        ok = record(c,
                    "INSERT INTO schema_definitions (name, checksum) VALUES "
                    "($1, encode(sha256(convert_to($2::text, 'UTF8')), 'hex'))",
                    &d[i], err, errlen);
    if (ok && exec_ok(c, "COMMIT", err, errlen))
        return true;
    char why[8];
    exec_ok(c, "ROLLBACK", why, sizeof why);
    return false;
}

static int walk(const char *conninfo, const struct db_schema_dirs *dirs, bool apply, int *pending,
                char *latest, size_t latestlen, char *err, size_t errlen)
{
    static struct migration m[MAX_MIGRATIONS], d[MAX_MIGRATIONS];
    static int state[MAX_MIGRATIONS];
    int n = 0, nd = 0, rc = -1;
    PGconn *c = NULL;
    if (load(dirs->migrations, 4, "MIGRATIONS_DIR", m, &n, err, errlen) != 0 ||
        load(dirs->definitions, 3, "SQL_DIR", d, &nd, err, errlen) != 0)
        goto out;
    if ((c = open_conn(conninfo, err, errlen)) == NULL)
        goto out;
    if (!exec_ok(c,
                 "CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, "
                 "checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                 err, errlen) ||
        !exec_ok(c,
                 "CREATE TABLE IF NOT EXISTS schema_definitions (name text PRIMARY KEY, "
                 "checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                 err, errlen) ||
        !exec_ok(c, "SELECT pg_advisory_lock(7242001)", err, errlen) ||
        unknown_applied(c, m, n, err, errlen) != 0)
        goto out;
    int waiting = 0, migrations = 0, changed = 0;
    for (int i = 0; i < n; i++) {
        if ((state[i] = applied_state(c, &m[i], err, errlen)) < 0)
            goto out;
        migrations += state[i] == 0;
    }
    for (int i = 0; i < nd; i++) {
        int current = definition_current(c, &d[i], err, errlen);
        if (current < 0)
            goto out;
        d[i].changed = current == 0;
        changed += d[i].changed;
    }
    waiting = migrations + changed;
    if (apply) {
        if (!apply_all(c, m, state, n, d, nd, err, errlen))
            goto out;
        for (int i = 0; i < n; i++)
            if (state[i] == 0)
                fprintf(stderr, "applied %s\n", m[i].name);
        fprintf(stderr, "applied %d SQL definitions (%d changed)\n", nd, changed);
        waiting = 0;
    }
    if (pending)
        *pending = waiting;
    if (latest)
        snprintf(latest, latestlen, "%s", n > 0 ? m[n - 1].name : "");
    rc = 0;
out:
    if (c)
        PQfinish(c);
    unload(m, n);
    unload(d, nd);
    return rc;
}

int db_migrate_status(const char *conninfo, const struct db_schema_dirs *dirs, int *pending,
                      char *latest, size_t latestlen, char *err, size_t errlen)
{
    return walk(conninfo, dirs, false, pending, latest, latestlen, err, errlen);
}

int db_migrate_apply(const char *conninfo, const struct db_schema_dirs *dirs, char *err,
                     size_t errlen)
{
    return walk(conninfo, dirs, true, NULL, NULL, 0, err, errlen);
}

static const struct db_stmt READY = {"ready",
                                     "SELECT coalesce(max(version), '') FROM schema_migrations", 0};

/* This file's statements, for the registry (statements.c). */
const struct db_stmt *const dbi_migrate_statements[] = {&READY, NULL};

struct ready_arg {
    const char *latest;
    char *why;
    size_t whylen;
};

static enum db_status ready_fn(struct db_tx *tx, void *arg)
{
    struct ready_arg *a = arg;
    PGresult *res = dbi_exec(tx, &READY, NULL);
    if (res == NULL) {
        snprintf(a->why, a->whylen, "the database does not answer");
        return dbi_failure(tx);
    }
    enum db_status st = DB_OK;
    if (strcmp(PQgetvalue(res, 0, 0), a->latest) != 0) {
        snprintf(a->why, a->whylen, "the schema is at %s; this binary expects %s",
                 PQgetvalue(res, 0, 0), a->latest);
        st = DB_CONFLICT;
    }
    PQclear(res);
    return st;
}

enum db_status db_ready(const char *latest_migration, char *why, size_t whylen)
{
    struct ready_arg a = {latest_migration, why, whylen};
    snprintf(why, whylen, "the database is unreachable");
    return db_read(ready_fn, &a);
}
