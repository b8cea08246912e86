/* migrate.c: plain SQL files NNNN_name.sql, applied in order, each in its own transaction,
 * recorded in schema_migrations with a SHA-256 checksum; an applied file that changed is an
 * error, and so is an applied version this binary does not have. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

#define MAX_MIGRATIONS 512

struct migration {
    char name[256];
    char *sql;
};

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct migration *)a)->name, ((const struct migration *)b)->name);
}

static bool is_migration_name(const char *n)
{
    size_t len = strlen(n);
    if (len < 10 || len >= 128 || strcmp(n + len - 4, ".sql") != 0 || n[4] != '_')
        return false;
    for (int i = 0; i < 4; i++)
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

static int load(const char *dir, struct migration *m, int *n, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        snprintf(err, errlen, "cannot open the migrations directory %s (set MIGRATIONS_DIR)", dir);
        return -1;
    }
    *n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && *n < MAX_MIGRATIONS) {
        if (!is_migration_name(e->d_name))
            continue;
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
    PGresult *res = PQexecParams(
        c, "SELECT checksum = encode(sha256(convert_to($2::text, 'UTF8')), 'hex') "
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

static int walk(const char *conninfo, const char *dir, bool apply, int *pending, char *latest,
                size_t latestlen, char *err, size_t errlen)
{
    static struct migration m[MAX_MIGRATIONS];
    int n = 0, rc = -1;
    if (load(dir, m, &n, err, errlen) != 0)
        return -1;
    PGconn *c = open_conn(conninfo, err, errlen);
    if (c == NULL)
        goto out;
    if (!exec_ok(c, "CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, "
                    "checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                 err, errlen) ||
        !exec_ok(c, "SELECT pg_advisory_lock(7242001)", err, errlen) ||
        unknown_applied(c, m, n, err, errlen) != 0)
        goto out;
    int waiting = 0;
    for (int i = 0; i < n; i++) {
        int state = applied_state(c, &m[i], err, errlen);
        if (state < 0)
            goto out;
        if (state == 1)
            continue;
        if (!apply) {
            waiting++;
            continue;
        }
        const char *params[2] = {m[i].name, m[i].sql};
        PGresult *res;
        if (!exec_ok(c, "BEGIN", err, errlen))
            goto out;
        if (!exec_ok(c, m[i].sql, err, errlen)) {
            char why[512];
            snprintf(why, sizeof why, "%s", err);
            snprintf(err, errlen, "migration %s failed: %s", m[i].name, why);
            exec_ok(c, "ROLLBACK", why, sizeof why);
            goto out;
        }
        res = PQexecParams(c, "INSERT INTO schema_migrations (version, checksum) VALUES "
                              "($1, encode(sha256(convert_to($2::text, 'UTF8')), 'hex'))",
                           2, NULL, params, NULL, NULL, 0);
        bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        PQclear(res);
        if (!ok || !exec_ok(c, "COMMIT", err, errlen))
            goto out;
        fprintf(stderr, "applied %s\n", m[i].name);
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
    return rc;
}

int db_migrate_status(const char *conninfo, const char *dir, int *pending, char *latest,
                      size_t latestlen, char *err, size_t errlen)
{
    return walk(conninfo, dir, false, pending, latest, latestlen, err, errlen);
}

int db_migrate_apply(const char *conninfo, const char *dir, char *err, size_t errlen)
{
    return walk(conninfo, dir, true, NULL, NULL, 0, err, errlen);
}

static const struct db_stmt READY = {
    "ready", "SELECT coalesce(max(version), '') FROM schema_migrations", 0};

/* This file's statements, for the registry (statements.c). */
const struct db_stmt *const dbi_migrate_statements[] = {
    &READY, NULL};

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
