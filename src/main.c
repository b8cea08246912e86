/* main.c: the command line. bankruptcyd serve | migrate | token | rules, each with --help. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "auth.h"
#include "build_info.h"
#include "clock.h"
#include "db.h"
#include "http.h"
#include "idnumber.h"
#include "logx.h"
#include "rules.h"
#include "settings.h"

static const char usage[] =
    "usage: bankruptcyd <command> [options]\n"
    "  serve    run the HTTP service (--migrate applies pending migrations and the SQL\n"
    "           definitions first)\n"
    "  migrate  apply pending database migrations, then every SQL definition, and exit\n"
    "  token    mint a development token: token --role ROLE --sub ID [--id-number N] [--ttl S]\n"
    "  rules    print the rule catalogue as JSON: rules [--profile P] [--kind K]\n"
    "  --version  the version, the git commit and the schema this binary was built for\n"
    "Run `bankruptcyd <command> --help` for the options of each.\n";

static bool wants_help(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

static int fail(const char *what, const char *err)
{
    fprintf(stderr, "bankruptcyd %s: %s\n", what, err);
    return 1;
}

static struct db_schema_dirs schema_dirs(const struct settings *s)
{
    return (struct db_schema_dirs){.migrations = s->migrations_dir, .definitions = s->sql_dir};
}

/* Waits up to 30 s for the database at start-up, then reports the schema's state: with
 * --migrate the pending migrations are applied and the SQL definitions re-applied; without,
 * serve refuses to start while any migration or definition is not the database's. */
static int check_schema(struct settings *s, char *err, size_t errlen)
{
    int pending = 0;
    char latest[128];
    struct db_schema_dirs dirs = schema_dirs(s);
    for (int attempt = 0;; attempt++) {
        if (db_migrate_status(s->database_url, &dirs, &pending, latest, sizeof latest, err,
                              errlen) == 0)
            break;
        if (strncmp(err, "cannot connect", 14) != 0 || attempt >= 30)
            return -1;
        if (attempt == 0)
            fprintf(stderr, "waiting for the database...\n");
        sleep(1);
    }
    if (pending > 0 && !s->migrate) {
        snprintf(err, errlen,
                 "%d migration(s) or SQL definition(s) pending: run `bankruptcyd "
                 "migrate` or `serve --migrate`",
                 pending);
        return -1;
    }
    if (s->migrate && db_migrate_apply(s->database_url, &dirs, err, errlen) != 0)
        return -1;
    api_set_latest_migration(latest);
    return 0;
}

/* Waits for a stopping signal; meanwhile looks at the court calendar's coverage every
 * minute, which logs a warning once a day while a year it needs is missing. */
static int watch_calendar(const sigset_t *set)
{
    const struct timespec minute = {.tv_sec = 60};
    for (;;) {
        json_t *coverage = NULL;
        if (api_calendar_coverage(&coverage) == DB_OK)
            json_decref(coverage);
        int sig = sigtimedwait(set, NULL, &minute);
        if (sig > 0)
            return sig;
    }
}

static int serve(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        printf("usage: bankruptcyd serve [--migrate] [options]\n%s", settings_help);
        return 0;
    }
    struct settings s;
    char err[512];
    if (settings_load(&s, argc, argv, err, sizeof err) != 0 ||
        settings_check_serve(&s, err, sizeof err) != 0 || auth_init(&s, err, sizeof err) != 0)
        return fail("serve", err);
    log_set_level((enum log_level)s.log_level);
    if (rules_builtin() == NULL)
        return fail("serve", rules_builtin_error());
    if (api_check_catalogue(err, sizeof err) != 0)
        return fail("serve", err);
    if (s.rule_profile != NULL && !rules_profile_exists(rules_builtin(), s.rule_profile)) {
        snprintf(err, sizeof err, "RULE_PROFILE \"%s\" is not a profile of the rule catalogue",
                 s.rule_profile);
        return fail("serve", err);
    }
    if (s.today != NULL) {
        date_t today;
        date_parse(s.today, &today);
        clock_fix_today(today);
        log_msg(LOG_WARN, NULL, "today is fixed at %s (development only)", s.today);
    }
    if (check_schema(&s, err, sizeof err) != 0)
        return fail("serve", err);
    /* Signals are taken by this thread alone: block them before MHD starts its threads. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    db_init(&s);
    api_feed_pages_configure((size_t)s.feed_memory_mb << 20);
    db_feed_watch_start(s.database_url);
    api_appcache_init(s.application_cache_mb);
    if (http_start(&s, err, sizeof err) != 0)
        return fail("serve", err);
    log_msg(LOG_INFO, NULL,
            "listening on http://%s:%u (bankruptcyd %s, commit %s, schema %s, %u threads)",
            s.bind_address, s.port, build_version, build_commit, api_latest_migration(), s.threads);
    int sig = watch_calendar(&set);
    log_msg(LOG_INFO, NULL, "signal %d: draining (up to %u s for requests in flight)", sig,
            s.shutdown_grace);
    http_stop(s.shutdown_grace);
    db_feed_watch_stop();
    db_thread_close();
    auth_thread_forget();
    auth_free();
    api_calendar_forget();
    settings_free(&s);
    log_msg(LOG_INFO, NULL, "stopped");
    return 0;
}

static int migrate(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        printf("usage: bankruptcyd migrate [--database-url U] [--migrations-dir D] [--sql-dir D]\n"
               "Applies the pending migrations (MIGRATIONS_DIR, default migrations), then every\n"
               "SQL definition (SQL_DIR, default sql) in name order, in one transaction.\n");
        return 0;
    }
    struct settings s;
    char err[512];
    int rc = 0;
    if (settings_load(&s, argc, argv, err, sizeof err) != 0)
        return fail("migrate", err);
    if (s.database_url == NULL)
        rc = fail("migrate", "DATABASE_URL is not set");
    else {
        struct db_schema_dirs dirs = schema_dirs(&s);
        if (db_migrate_apply(s.database_url, &dirs, err, sizeof err) != 0)
            rc = fail("migrate", err);
    }
    settings_free(&s);
    return rc;
}

/* Takes --role, --sub and --ttl out of argv; the rest are settings flags. */
static int token(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        printf("usage: bankruptcyd token --role court|administrator|creditor|debtor|department|"
               "agency --sub ID [--id-number N] [--ttl SECONDS] [--jwt-secret-file F]\n"
               "Mints an HS256 token with the configured secret (JWT_SECRET or "
               "JWT_SECRET_FILE).\n--id-number puts the identity claim (JWT_IDENTITY_CLAIM, "
               "default id_number) in it:\na debtor's token vouching for the identity number "
               "it may register.\n");
        return 0;
    }
    const char *role = NULL, *sub = NULL, *id_number = NULL;
    long ttl = 3600;
    char *rest[64];
    int nrest = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
            role = argv[++i];
        else if (strcmp(argv[i], "--sub") == 0 && i + 1 < argc)
            sub = argv[++i];
        else if (strcmp(argv[i], "--id-number") == 0 && i + 1 < argc)
            id_number = argv[++i];
        else if (strcmp(argv[i], "--ttl") == 0 && i + 1 < argc)
            ttl = strtol(argv[++i], NULL, 10);
        else if (nrest < 64)
            rest[nrest++] = argv[i];
    }
    if (role_parse(role) == ROLE_NONE || sub == NULL || sub[0] == '\0' ||
        strlen(sub) >= AUTH_SUBJECT_MAX || ttl <= 0 || ttl > 31 * 86400 ||
        (id_number != NULL && !idnumber_valid(id_number)))
        return fail("token",
                    "needs --role (court, administrator, creditor, debtor, department, "
                    "agency), --sub ID, a --ttl from 1 to 2678400 seconds and, when given, "
                    "a valid --id-number");
    struct settings s;
    char err[512];
    if (settings_load(&s, nrest, rest, err, sizeof err) != 0)
        return fail("token", err);
    if ((unsigned long)ttl > s.max_token_lifetime) { /* the server would refuse it */
        snprintf(err, sizeof err, "--ttl %ld is longer than MAX_TOKEN_LIFETIME (%u s)", ttl,
                 s.max_token_lifetime);
        settings_free(&s);
        return fail("token", err);
    }
    char *t = auth_mint(&s, role_parse(role), sub, id_number, ttl, err, sizeof err);
    settings_free(&s);
    if (t == NULL)
        return fail("token", err);
    printf("%s\n", t);
    free(t);
    return 0;
}

static int rules(int argc, char **argv)
{
    const char *profile = NULL, *kind = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc)
            profile = argv[++i];
        else if (strcmp(argv[i], "--kind") == 0 && i + 1 < argc)
            kind = argv[++i];
        else {
            printf("usage: bankruptcyd rules [--profile P] [--kind K]\n");
            return strcmp(argv[i], "--help") == 0 ? 0 : 1;
        }
    }
    const rules_catalogue *c = rules_builtin();
    if (c == NULL)
        return fail("rules", rules_builtin_error());
    json_t *all = rules_catalogue_json(c, profile, kind);
    if (all == NULL)
        return fail("rules", "no such profile");
    json_dumpf(all, stdout, JSON_INDENT(2));
    putchar('\n');
    json_decref(all);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0) {
        printf("bankruptcyd %s (commit %s, schema %s)\n", build_version, build_commit,
               build_schema);
        return 0;
    }
    if (strcmp(cmd, "serve") == 0)
        return serve(argc - 2, argv + 2);
    if (strcmp(cmd, "migrate") == 0)
        return migrate(argc - 2, argv + 2);
    if (strcmp(cmd, "token") == 0)
        return token(argc - 2, argv + 2);
    if (strcmp(cmd, "rules") == 0)
        return rules(argc - 2, argv + 2);
    fprintf(stderr, "bankruptcyd: unknown command \"%s\"\n%s", cmd, usage);
    return 2;
}
