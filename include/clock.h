/* clock.h: the service's one clock. Legal dates are calendar dates in Asia/Shanghai. */
#ifndef CLOCK_H
#define CLOCK_H
#include "date.h"
#include <stdint.h>

/* Seconds since the epoch, UTC. */
int64_t clock_now(void);
/* Today's date in Asia/Shanghai (UTC+8, no daylight saving), or the fixed date. */
date_t clock_today(void);
/* Fixes "today" for demos and tests (serve --today); set once at start-up. */
void clock_fix_today(date_t day);
/* True when today has been fixed. */
int clock_is_fixed(void);

#endif
