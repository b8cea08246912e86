/* money.h: RMB amounts as exact integer fen, and their decimal-string form "1234.50". */
#ifndef MONEY_H
#define MONEY_H
#include <stdbool.h>
#include <stdint.h>

/* Largest amount the service accepts: RMB 10^13 (10^15 fen), far below INT64_MAX,
 * so that sums of thousands of amounts cannot overflow. */
#define MONEY_MAX_FEN 1000000000000000LL

/* Parses "1234", "1234.5" or "1234.50" (no sign, no exponent, at most 2 decimals). */
bool money_parse(const char *s, int64_t *fen);
/* Writes "1234.50" (with '-' for a negative amount). */
void money_format(int64_t fen, char buf[32]);

#endif
