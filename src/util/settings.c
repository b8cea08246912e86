/* settings.c: configuration from the environment, mirrored by command-line flags
 * (--port 8080 or --port=8080). One table says every setting once. */
#include "settings.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "logx.h"

enum kind { K_STR, K_UINT, K_SIZE, K_BOOL, K_FILE, K_LEVEL };

struct option_spec {
    const char *env;
    const char *flag;
    enum kind kind;
    size_t offset;
    const char *dflt;
    unsigned long min, max;
    const char *help;
};

#define OFF(f) offsetof(struct settings, f)

static const struct option_spec specs[] = {
    {"BIND_ADDRESS", "bind-address", K_STR, OFF(bind_address), "127.0.0.1", 0, 0,
     "IPv4 address to listen on"},
    {"PORT", "port", K_UINT, OFF(port), "8080", 1, 65535, "TCP port"},
    {"DATABASE_URL", "database-url", K_STR, OFF(database_url), NULL, 0, 0,
     "libpq conninfo or postgresql:// URI"},
    {"READ_DATABASE_URL", "read-database-url", K_STR, OFF(read_database_url), NULL, 0, 0,
     "optional replica for polling reads"},
    {"JWT_ALG", "jwt-alg", K_STR, OFF(jwt_alg), "HS256", 0, 0, "HS256, RS256 or ES256"},
    {"JWT_SECRET", NULL, K_STR, OFF(jwt_key), NULL, 0, 0, "HS256 secret, at least 32 bytes"},
    {"JWT_SECRET_FILE", "jwt-secret-file", K_FILE, OFF(jwt_key), NULL, 0, 0,
     "file holding the HS256 secret"},
    {"JWT_PUBLIC_KEY_FILE", "jwt-public-key-file", K_FILE, OFF(jwt_key), NULL, 0, 0,
     "PEM public key for RS256/ES256"},
    {"JWT_PREVIOUS_SECRETS_FILE", "jwt-previous-secrets-file", K_FILE, OFF(jwt_previous_secrets),
     NULL, 0, 0, "HS256 secrets still accepted while tokens move to JWT_SECRET: one per line"},
    {"JWT_JWKS_FILE", "jwt-jwks-file", K_FILE, OFF(jwt_jwks), NULL, 0, 0,
     "RS256/ES256 public keys as a JWKS document; a token's kid picks its key"},
    {"JWT_ISSUER", "jwt-issuer", K_STR, OFF(jwt_issuer), NULL, 0, 0, "required iss, when set"},
    {"JWT_AUDIENCE", "jwt-audience", K_STR, OFF(jwt_audience), NULL, 0, 0,
     "required aud, when set"},
    {"JWT_CLOCK_SKEW", "jwt-clock-skew", K_UINT, OFF(jwt_skew), "60", 0, 600,
     "seconds of clock skew allowed"},
    {"JWT_IDENTITY_CLAIM", "jwt-identity-claim", K_STR, OFF(jwt_identity_claim), "id_number", 0, 0,
     "the claim holding the identity number the token vouches for (a debtor registers only that "
     "one)"},
    {"MAX_TOKEN_LIFETIME", "max-token-lifetime", K_UINT, OFF(max_token_lifetime), "86400", 60,
     31536000, "longest token accepted: exp - iat, or exp - now without iat"},
    {"THREADS", "threads", K_UINT, OFF(threads), "0", 0, 256,
     "HTTP worker threads (one database connection each); 0: twice the cores"},
    {"CONNECTION_TIMEOUT", "connection-timeout", K_UINT, OFF(connection_timeout), "30", 1, 3600,
     "seconds a connection may stay silent, and a kept-alive one may wait for its next "
     "request's headers"},
    {"HEADER_TIMEOUT", "header-timeout", K_UINT, OFF(header_timeout), "10", 1, 3600,
     "seconds a new connection has to send its first request's headers, however it trickles"},
    {"BODY_TIMEOUT", "body-timeout", K_UINT, OFF(body_timeout), "10", 1, 3600,
     "seconds of grace a request body has before BODY_MIN_RATE applies"},
    {"BODY_MIN_RATE", "body-min-rate", K_UINT, OFF(body_min_rate), "16384", 1, 1073741824,
     "bytes a second a body must average after its grace (BODY_TIMEOUT + bytes / rate)"},
    {"MAX_CONNECTIONS", "max-connections", K_UINT, OFF(max_connections), "1024", 1, 100000,
     "concurrent connections"},
    {"PER_IP_CONNECTIONS", "per-ip-connections", K_UINT, OFF(per_ip_connections), "256", 0, 100000,
     "concurrent connections per client address (0: no limit)"},
    {"MAX_BODY", "max-body", K_SIZE, OFF(max_body), "1048576", 1024, 67108864,
     "largest request body in bytes"},
    {"BULK_MAX_BODY", "bulk-max-body", K_SIZE, OFF(bulk_max_body), "33554432", 1024, 1073741824,
     "largest body of a route that takes a whole table (a claim table)"},
    {"STATEMENT_TIMEOUT_MS", "statement-timeout-ms", K_UINT, OFF(statement_timeout), "5000", 100,
     600000, "PostgreSQL statement_timeout"},
    {"PAGE_MAX", "page-max", K_UINT, OFF(page_max), "200", 1, 10000, "largest page size of a list"},
    {"FEED_MEMORY_MB", "feed-memory-mb", K_UINT, OFF(feed_memory_mb), "256", 0, 65536,
     "MiB of the restriction feed's changes behind its head kept to serve pages (0: none)"},
    {"CORS_ORIGINS", "cors-origins", K_STR, OFF(cors_origins), NULL, 0, 0,
     "allowed browser origins, comma-separated, or *"},
    {"MIGRATIONS_DIR", "migrations-dir", K_STR, OFF(migrations_dir), "migrations", 0, 0,
     "directory of NNNN_name.sql files"},
    {"SQL_DIR", "sql-dir", K_STR, OFF(sql_dir), "sql", 0, 0,
     "directory of NNN_name.sql functions, triggers and views"},
    {"TODAY", "today", K_STR, OFF(today), NULL, 0, 0,
     "fix today's date (YYYY-MM-DD; development only)"},
    {"CALENDAR_WARN_FROM", "calendar-warn-from", K_STR, OFF(calendar_warn_from), "11-01", 0, 0,
     "MM-DD from which a missing next calendar year is warned of"},
    {"RULE_PROFILE", "rule-profile", K_STR, OFF(rule_profile), NULL, 0, 0,
     "the rule profile new applications are filed under (unset: the catalogue's default)"},
    {"BANKRUPTCYD_DEV", "dev", K_BOOL, OFF(development), "0", 0, 0,
     "development setup (allows --today)"},
    {NULL, "migrate", K_BOOL, OFF(migrate), "0", 0, 0,
     "serve: apply pending migrations and the SQL definitions first"},
    {"LOG_LEVEL", "log-level", K_LEVEL, OFF(log_level), "info", 0, 0, "debug, info, warn or error"},
    {"SLOW_REQUEST_MS", "slow-request-ms", K_UINT, OFF(slow_request_ms), "1000", 0, 3600000,
     "a request that takes at least this many ms is logged at warn with its duration (0: never)"},
    {"APPLICATION_CACHE_MB", "application-cache-mb", K_UINT, OFF(application_cache_mb), "128", 0,
     1048576, "megabytes of application documents kept in memory (0: none)"},
    {"IDEMPOTENCY_TTL", "idempotency-ttl", K_UINT, OFF(idempotency_ttl), "86400", 60, 2592000,
     "seconds an Idempotency-Key's answer is kept"},
    {"SHUTDOWN_GRACE", "shutdown-grace", K_UINT, OFF(shutdown_grace), "10", 0, 3600,
     "seconds a stop waits for requests in flight"},
    {"METRICS_TOKEN", NULL, K_STR, OFF(metrics_token), NULL, 0, 0,
     "bearer token of GET /metrics (unset: /metrics is off)"},
    {"PUBLIC_QUERY_LIMIT", "public-query-limit", K_UINT, OFF(public_query_limit), "30", 1, 100000,
     "public disclosure queries a client address may make per PUBLIC_QUERY_WINDOW"},
    {"PUBLIC_QUERY_WINDOW", "public-query-window", K_UINT, OFF(public_query_window), "60", 1, 86400,
     "seconds of the public query's rate limit window"},
    {"DISCLOSURE_RESTORED", "disclosure-restored", K_STR, OFF(disclosure_restored), "marked", 0, 0,
     "what the public sees of a restored case: marked (shown as restored) or hidden"},
    {"RESTORATION_ANNOUNCEMENT_DAYS", "restoration-announcement-days", K_UINT,
     OFF(restoration_announcement_days), "0", 0, 3650,
     "days a restoration's public announcement runs before the court may rule (a department "
     "setting, not a statutory period)"},
};

#define NSPECS (sizeof specs / sizeof specs[0])

const char settings_help[] =
    "  --bind-address A    BIND_ADDRESS (127.0.0.1)      --port N            PORT (8080)\n"
    "  --database-url U    DATABASE_URL                  --threads N         THREADS (2 x cores)\n"
    "  --read-database-url U  READ_DATABASE_URL (a streaming replica for polled reads)\n"
    "  --jwt-secret-file F JWT_SECRET_FILE (or JWT_SECRET, >= 32 bytes)\n"
    "  --jwt-alg A         JWT_ALG (HS256|RS256|ES256)   --jwt-public-key-file F  "
    "JWT_PUBLIC_KEY_FILE\n"
    "  --jwt-previous-secrets-file F  JWT_PREVIOUS_SECRETS_FILE: HS256 secrets still accepted\n"
    "                      during a rotation, one per line (JWT_SECRET alone signs)\n"
    "  --jwt-jwks-file F   JWT_JWKS_FILE: RS256/ES256 keys as a JWKS; the token's kid picks one\n"
    "  --jwt-issuer S      JWT_ISSUER                    --jwt-audience S    JWT_AUDIENCE\n"
    "  --jwt-clock-skew N  JWT_CLOCK_SKEW (60 s)         --cors-origins L    CORS_ORIGINS\n"
    "  --jwt-identity-claim C  JWT_IDENTITY_CLAIM (id_number): the claim with the identity number\n"
    "                      the token vouches for; a debtor registers only that number\n"
    "  --max-token-lifetime N  MAX_TOKEN_LIFETIME (86400 s: longest exp - iat, or exp - now)\n"
    "  --rule-profile P    RULE_PROFILE (the catalogue's default, shenzhen-2021): the law new\n"
    "                      applications, and the cases they become, are under\n"
    "  --calendar-warn-from MM-DD  CALENDAR_WARN_FROM (11-01): from this day of the year, /readyz\n"
    "                      warns (and the log, once a day) while next year's court calendar is "
    "missing\n"
    "  --connection-timeout N  CONNECTION_TIMEOUT (30 s) --max-connections N MAX_CONNECTIONS "
    "(1024)\n"
    "  --header-timeout N  HEADER_TIMEOUT (10 s): a new connection's request headers, in all\n"
    "  --body-timeout N    BODY_TIMEOUT (10 s)           --body-min-rate N   BODY_MIN_RATE (16384 "
    "bytes/s)\n"
    "  --per-ip-connections N  PER_IP_CONNECTIONS (256)  --max-body N        MAX_BODY (1048576)\n"
    "  --bulk-max-body N   BULK_MAX_BODY (33554432: routes that take a whole table)\n"
    "  --statement-timeout-ms N STATEMENT_TIMEOUT_MS (5000) --page-max N     PAGE_MAX (200)\n"
    "  --feed-memory-mb N  FEED_MEMORY_MB (256): the restriction feed's changes behind its head\n"
    "                      kept in memory to serve pages (0: every page from PostgreSQL)\n"
    "  --migrations-dir D  MIGRATIONS_DIR (migrations)   --sql-dir D         SQL_DIR (sql)\n"
    "  --log-level L       LOG_LEVEL (info)              --idempotency-ttl N IDEMPOTENCY_TTL "
    "(86400 s)\n"
    "  --slow-request-ms N SLOW_REQUEST_MS (1000): a request at least this slow is logged at\n"
    "                      warn with its duration, whatever LOG_LEVEL (0: never)\n"
    "  --today YYYY-MM-DD  TODAY (development only)      --dev               BANKRUPTCYD_DEV=1\n"
    "  --shutdown-grace N  SHUTDOWN_GRACE (10 s): how long a stop waits for requests in flight\n"
    "  --application-cache-mb N  APPLICATION_CACHE_MB (128): application documents kept in\n"
    "                      memory for GET /v1/applications/{id} (0: none)\n"
    "  --public-query-limit N  PUBLIC_QUERY_LIMIT (30)   --public-query-window N "
    "PUBLIC_QUERY_WINDOW\n"
    "                      (60 s): public disclosure queries per client address per window\n"
    "  --disclosure-restored V  DISCLOSURE_RESTORED (marked): a restored case marked or hidden\n"
    "  --restoration-announcement-days N  RESTORATION_ANNOUNCEMENT_DAYS (0): the announcement\n"
    "                      period before a restoration's ruling (a department setting)\n"
    "  METRICS_TOKEN       bearer token GET /metrics asks for (>= 16 bytes); unset: /metrics\n"
    "                      answers 404 (environment only, like JWT_SECRET)\n";

static int read_file(const char *path, char **out, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    char *buf = malloc(65537);
    size_t n = buf ? fread(buf, 1, 65536, f) : 0;
    fclose(f);
    if (buf == NULL)
        return -1;
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        n--; /* a secret file's trailing newline is not part of the secret */
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

static int apply(struct settings *s, const struct option_spec *o, const char *value, char *err,
                 size_t errlen)
{
    char *field = (char *)s + o->offset;
    if (o->kind == K_LEVEL) {
        int level = log_level_parse(value);
        if (level < 0) {
            snprintf(err, errlen, "LOG_LEVEL must be debug, info, warn or error");
            return -1;
        }
        *(int *)field = level;
        return 0;
    }
    if (o->kind == K_STR || o->kind == K_FILE) {
        char **slot = (char **)field;
        free(*slot);
        if (o->offset == OFF(jwt_key)) /* which setting gave the key decides its use */
            s->jwt_key_public = o->flag != NULL && strcmp(o->flag, "jwt-public-key-file") == 0;
        if (o->kind == K_FILE) {
            size_t len = 0;
            int rc = read_file(value, slot, &len, err, errlen);
            if (o->offset == OFF(jwt_key))
                s->jwt_key_len = len;
            return rc;
        }
        *slot = strdup(value);
        if (o->offset == OFF(jwt_key))
            s->jwt_key_len = strlen(value);
        return 0;
    }
    if (o->kind == K_BOOL) {
        *(bool *)field =
            strcmp(value, "1") == 0 || strcmp(value, "true") == 0 || strcmp(value, "yes") == 0;
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long v = strtoul(value, &end, 10);
    if (*value == '\0' || *end != '\0' || errno != 0 || v < o->min || (o->max && v > o->max)) {
        snprintf(err, errlen, "%s must be a whole number from %lu to %lu, not \"%s\"",
                 o->env ? o->env : o->flag, o->min, o->max, value);
        return -1;
    }
    if (o->kind == K_SIZE)
        *(size_t *)field = v;
    else
        *(unsigned *)field = (unsigned)v;
    return 0;
}

static const struct option_spec *find_flag(const char *name, size_t len)
{
    for (size_t i = 0; i < NSPECS; i++)
        if (specs[i].flag && strlen(specs[i].flag) == len && strncmp(specs[i].flag, name, len) == 0)
            return &specs[i];
    return NULL;
}

static int apply_flags(struct settings *s, int argc, char **argv, char *err, size_t errlen)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0) {
            snprintf(err, errlen, "unexpected argument \"%s\"", a);
            return -1;
        }
        const char *eq = strchr(a + 2, '=');
        size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        const struct option_spec *o = find_flag(a + 2, len);
        if (o == NULL) {
            snprintf(err, errlen, "unknown option %s (see --help)", a);
            return -1;
        }
        const char *value = eq ? eq + 1 : NULL;
        const char *secret = getenv("JWT_SECRET");
        if (o->offset == OFF(jwt_key) && o->kind == K_FILE && secret != NULL && *secret) {
            snprintf(err, errlen, "JWT_SECRET and --%s are both set: set one of them", o->flag);
            return -1;
        }
        if (value == NULL && o->kind == K_BOOL)
            value = "1";
        if (value == NULL) {
            if (i + 1 >= argc) {
                snprintf(err, errlen, "%s needs a value", a);
                return -1;
            }
            value = argv[++i];
        }
        if (apply(s, o, value, err, errlen) != 0)
            return -1;
    }
    return 0;
}

/* "MM-DD" as month * 100 + day, for a day every year has (so not 02-29). */
static int parse_month_day(const char *text, unsigned *md)
{
    char iso[16];
    date_t d;
    if (text == NULL || strlen(text) != 5 || text[2] != '-')
        return -1;
    snprintf(iso, sizeof iso, "2001-%s", text); /* not a leap year */
    if (!date_parse(iso, &d))
        return -1;
    *md = (unsigned)(text[0] - '0') * 1000 + (unsigned)(text[1] - '0') * 100 +
          (unsigned)(text[3] - '0') * 10 + (unsigned)(text[4] - '0');
    return 0;
}

/* One secret, from one place: with both set, which one the service uses would be a guess. */
static int check_one_secret(char *err, size_t errlen)
{
    const char *secret = getenv("JWT_SECRET"), *file = getenv("JWT_SECRET_FILE");
    if (secret != NULL && *secret != '\0' && file != NULL && *file != '\0') {
        snprintf(err, errlen, "JWT_SECRET and JWT_SECRET_FILE are both set: set one of them");
        return -1;
    }
    return 0;
}

int settings_load(struct settings *s, int argc, char **argv, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->log_level = LOG_INFO;
    for (size_t i = 0; i < NSPECS; i++)
        if (specs[i].dflt && apply(s, &specs[i], specs[i].dflt, err, errlen) != 0)
            return -1;
    if (check_one_secret(err, errlen) != 0)
        return -1;
    for (size_t i = 0; i < NSPECS; i++) {
        const char *v = specs[i].env ? getenv(specs[i].env) : NULL;
        if (v != NULL && *v != '\0' && apply(s, &specs[i], v, err, errlen) != 0)
            return -1;
    }
    if (apply_flags(s, argc, argv, err, errlen) != 0)
        return -1;
    if (s->threads == 0) { /* measured: more runnable threads than this only lengthen the tail */
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        s->threads = cores > 0 ? (unsigned)(2 * cores) : 4;
        if (s->threads > 64)
            s->threads = 64;
    }
    if (parse_month_day(s->calendar_warn_from, &s->calendar_warn_md) != 0) {
        snprintf(err, errlen, "CALENDAR_WARN_FROM must be a day of the year MM-DD, not \"%s\"",
                 s->calendar_warn_from);
        return -1;
    }
    if (strcmp(s->disclosure_restored, "marked") != 0 &&
        strcmp(s->disclosure_restored, "hidden") != 0) {
        snprintf(err, errlen, "DISCLOSURE_RESTORED must be marked or hidden, not \"%s\"",
                 s->disclosure_restored);
        return -1;
    }
    if (s->today != NULL) {
        date_t d;
        if (!date_parse(s->today, &d)) {
            snprintf(err, errlen, "TODAY must be a date YYYY-MM-DD, not \"%s\"", s->today);
            return -1;
        }
    }
    return 0;
}

int settings_check_serve(const struct settings *s, char *err, size_t errlen)
{
    if (s->database_url == NULL) {
        snprintf(err, errlen, "DATABASE_URL is not set");
        return -1;
    }
    if (s->metrics_token != NULL && strlen(s->metrics_token) < 16) {
        snprintf(err, errlen, "METRICS_TOKEN must be at least 16 bytes");
        return -1;
    }
    if (s->today != NULL && !s->development) {
        snprintf(err, errlen,
                 "TODAY/--today fixes the legal date and is refused outside the "
                 "development setup (BANKRUPTCYD_DEV=1)");
        return -1;
    }
    return 0;
}

void settings_free(struct settings *s)
{
    for (size_t i = 0; i < NSPECS; i++) {
        if (specs[i].kind == K_STR || specs[i].kind == K_FILE) {
            char **slot = (char **)((char *)s + specs[i].offset);
            free(*slot);
            *slot = NULL;
        }
    }
}
