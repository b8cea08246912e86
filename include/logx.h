/* logx.h: one JSON object per line on stderr. */
#ifndef LOGX_H
#define LOGX_H
#include <jansson.h>
#include <stdbool.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
/* Whether a line of this level would be written (so callers can skip building it). */
bool log_enabled(enum log_level level);
/* Parses "debug", "info", "warn", "error"; returns -1 when unknown. */
int log_level_parse(const char *name);
/* A message, with the request id when there is one. */
void log_msg(enum log_level level, const char *request_id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Writes the fields of obj (stolen) plus ts and level as one line. */
void log_json(enum log_level level, json_t *obj);

#endif
