/* problem.h: the one enum of error codes and their RFC 9457 titles. */
#ifndef PROBLEM_H
#define PROBLEM_H

enum problem_code {
    PROBLEM_BAD_REQUEST,           /* 400: malformed request (query, header) */
    PROBLEM_MALFORMED_JSON,        /* 400 */
    PROBLEM_VALIDATION,            /* 400: fields wrong, unknown or missing */
    PROBLEM_UNAUTHORIZED,          /* 401 */
    PROBLEM_FORBIDDEN,             /* 403 */
    PROBLEM_NOT_FOUND,             /* 404 */
    PROBLEM_METHOD,                /* 405 */
    PROBLEM_CONFLICT,              /* 409 */
    PROBLEM_LENGTH_REQUIRED,       /* 411 */
    PROBLEM_PRECONDITION_FAILED,   /* 412: If-Match names another version */
    PROBLEM_PRECONDITION_REQUIRED, /* 428: the route requires If-Match */
    PROBLEM_TOO_LARGE,             /* 413 */
    PROBLEM_MEDIA_TYPE,            /* 415 */
    PROBLEM_UNPROCESSABLE, /* 422: a reference that does not resolve, a state that forbids it */
    PROBLEM_RULE,          /* 422: the law refuses it; carries the rule */
    PROBLEM_KEY_REUSED,    /* 422: an Idempotency-Key sent again with another request */
    PROBLEM_INTERNAL,      /* 500 */
    PROBLEM_UNAVAILABLE,   /* 503 */
    PROBLEM_TOO_MANY,      /* 429: a rate limit (the public disclosure query) */
    PROBLEM_COUNT
};

struct problem_info {
    unsigned status;
    const char *slug; /* type is "/problems/<slug>" */
    const char *title;
};

const struct problem_info *problem_info(enum problem_code code);

#endif
