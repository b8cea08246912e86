/* settings.h: configuration, read once at start-up from the environment and flags. */
#ifndef SETTINGS_H
#define SETTINGS_H
#include <stdbool.h>
#include <stddef.h>

struct settings {
    char *bind_address;      /* BIND_ADDRESS, default 127.0.0.1 */
    unsigned port;           /* PORT, default 8080 */
    char *database_url;      /* DATABASE_URL (libpq conninfo or URI) */
    char *read_database_url; /* READ_DATABASE_URL: a streaming replica for polled reads */
    char *jwt_alg;           /* JWT_ALG: HS256 (default), RS256, ES256 */
    unsigned char *jwt_key;  /* the secret (HS256) or public key PEM (RS/ES) */
    size_t jwt_key_len;
    bool jwt_key_public;         /* the key came from JWT_PUBLIC_KEY_FILE */
    char *jwt_previous_secrets;  /* JWT_PREVIOUS_SECRETS_FILE's text: HS256 secrets still
                                    accepted during a rotation, one per line */
    char *jwt_jwks;              /* JWT_JWKS_FILE's text: RS256/ES256 keys chosen by kid */
    char *jwt_issuer;            /* JWT_ISSUER: checked when set */
    char *jwt_audience;          /* JWT_AUDIENCE: checked when set */
    unsigned jwt_skew;           /* JWT_CLOCK_SKEW seconds, default 60 */
    char *jwt_identity_claim;    /* JWT_IDENTITY_CLAIM: the claim vouching for a debtor's
                                    identity number, default id_number */
    unsigned max_token_lifetime; /* MAX_TOKEN_LIFETIME seconds (exp - iat), default 86400 */
    unsigned threads;            /* THREADS: MHD pool threads, default twice the cores */
    unsigned connection_timeout; /* CONNECTION_TIMEOUT seconds, default 30 */
    unsigned header_timeout;     /* HEADER_TIMEOUT: seconds a new connection has for its
                                    request's headers, default 10 */
    unsigned body_timeout;       /* BODY_TIMEOUT: seconds of grace for a body, default 10 */
    unsigned body_min_rate;      /* BODY_MIN_RATE: bytes a second a body must average after
                                    the grace, default 16384 */
    unsigned max_connections;    /* MAX_CONNECTIONS, default 1024 */
    unsigned per_ip_connections; /* PER_IP_CONNECTIONS, default 256 (0: no limit) */
    size_t max_body;             /* MAX_BODY bytes, default 1 MiB */
    size_t bulk_max_body;        /* BULK_MAX_BODY: routes with ROUTE_BULK_BODY, default 32 MiB */
    unsigned statement_timeout;  /* STATEMENT_TIMEOUT_MS, default 5000 */
    unsigned page_max;           /* PAGE_MAX: largest page of a list, default 200 */
    unsigned feed_memory_mb;     /* FEED_MEMORY_MB: the restriction feed's final blocks kept */
    char *cors_origins;          /* CORS_ORIGINS: comma-separated origins, or "*" */
    char *migrations_dir;        /* MIGRATIONS_DIR, default ./migrations */
    char *sql_dir;               /* SQL_DIR, default ./sql: functions, triggers and views */
    char *openapi_path;          /* unused: the document is compiled in */
    char *today;                 /* TODAY / --today: fixes the date (development only) */
    char *calendar_warn_from;    /* CALENDAR_WARN_FROM (MM-DD, default 11-01): from this day
                                    of the year on, a missing next calendar year is warned of */
    unsigned calendar_warn_md;   /* the same as month * 100 + day */
    bool development;            /* BANKRUPTCYD_DEV=1: the `make run` setup */
    bool migrate;                /* serve --migrate: apply pending migrations first */
    int log_level;
    unsigned slow_request_ms; /* SLOW_REQUEST_MS: a request at least this slow is logged at
                                 warn, whatever LOG_LEVEL says; default 1000 (0: never) */
    unsigned idempotency_ttl; /* IDEMPOTENCY_TTL seconds an Idempotency-Key is kept, 86400 */
    unsigned shutdown_grace;  /* SHUTDOWN_GRACE seconds a stop waits for requests, 10 */
    char *metrics_token;      /* METRICS_TOKEN: the bearer token of /metrics (NULL: off) */
    char *rule_profile;       /* RULE_PROFILE: the profile new applications are filed under
                               * (NULL: the catalogue's default) */
    /* APPLICATION_CACHE_MB: megabytes of application documents kept in memory
     * (src/api/appcache.c), default 128 (0: none) */
    unsigned application_cache_mb;
    /* Disclosure (issue 14): the department's settings, none of them statutory. */
    unsigned public_query_limit;  /* PUBLIC_QUERY_LIMIT: public queries per client address
                                     per window, default 30 */
    unsigned public_query_window; /* PUBLIC_QUERY_WINDOW seconds, default 60 */
    char *disclosure_restored;    /* DISCLOSURE_RESTORED: a restored case is "marked" (shown
                                     as restored, the default) or "hidden" from the public */
    unsigned restoration_announcement_days; /* RESTORATION_ANNOUNCEMENT_DAYS: days the public
                                               announcement runs before the ruling, default 0 */
};

/* Fills s from the environment, then argv flags (--port 8080 or --port=8080). Returns 0,
 * or -1 with a one-line reason in err. */
int settings_load(struct settings *s, int argc, char **argv, char *err, size_t errlen);
void settings_free(struct settings *s);
/* Checks what `serve` needs (database, key strength, alg). */
int settings_check_serve(const struct settings *s, char *err, size_t errlen);
/* The flags understood, for --help. */
extern const char settings_help[];

#endif
