/* problem.c: the one table of error codes, statuses and titles (RFC 9457 "type"/"title"). */
#include "problem.h"

static const struct problem_info table[PROBLEM_COUNT] = {
    [PROBLEM_BAD_REQUEST] = {400, "bad-request", "The request is malformed"},
    [PROBLEM_MALFORMED_JSON] = {400, "malformed-json", "The body is not valid JSON"},
    [PROBLEM_VALIDATION] = {400, "validation", "Some fields are invalid"},
    [PROBLEM_UNAUTHORIZED] = {401, "unauthorized", "A valid bearer token is required"},
    [PROBLEM_FORBIDDEN] = {403, "forbidden", "This role may not do this"},
    [PROBLEM_NOT_FOUND] = {404, "not-found", "Not found"},
    [PROBLEM_METHOD] = {405, "method-not-allowed", "Method not allowed"},
    [PROBLEM_CONFLICT] = {409, "conflict", "The request conflicts with the current state"},
    [PROBLEM_LENGTH_REQUIRED] = {411, "length-required", "Content-Length is required"},
    [PROBLEM_PRECONDITION_FAILED] = {412, "precondition-failed",
                                     "The resource has changed since the version named"},
    [PROBLEM_PRECONDITION_REQUIRED] = {428, "precondition-required",
                                       "Send If-Match with the version you read"},
    [PROBLEM_TOO_LARGE] = {413, "too-large", "The body is too large"},
    [PROBLEM_MEDIA_TYPE] = {415, "unsupported-media-type", "The body must be application/json"},
    [PROBLEM_UNPROCESSABLE] = {422, "unprocessable", "The request cannot be carried out"},
    [PROBLEM_RULE] = {422, "rule", "The law does not allow this"},
    [PROBLEM_KEY_REUSED] = {422, "idempotency-key-reused",
                            "This Idempotency-Key was used for another request"},
    [PROBLEM_INTERNAL] = {500, "internal", "Internal error"},
    [PROBLEM_UNAVAILABLE] = {503, "unavailable", "The service is unavailable; try again"},
    [PROBLEM_TOO_MANY] = {429, "too-many-requests", "Too many requests from this address; wait"},
};

const struct problem_info *problem_info(enum problem_code code)
{
    if ((unsigned)code >= PROBLEM_COUNT)
        code = PROBLEM_INTERNAL;
    return &table[code];
}
