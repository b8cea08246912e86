/* clock.c: the one place that reads the system clock. A fixed "today" is set only at
 * start-up (before threads exist), so reading it needs no lock. */
#include "clock.h"

#include <time.h>

static int fixed;
static date_t fixed_today;

int64_t clock_now(void)
{
    return (int64_t)time(NULL);
}

date_t clock_today(void)
{
    if (fixed)
        return fixed_today;
    /* China Standard Time is UTC+8 all year: no time-zone database needed. */
    int64_t shanghai = clock_now() + 8 * 3600;
    int64_t days = shanghai / 86400;
    if (shanghai < 0 && shanghai % 86400 != 0)
        days--;
    return (date_t)days;
}

void clock_fix_today(date_t day)
{
    fixed_today = day;
    fixed = 1;
}

int clock_is_fixed(void)
{
    return fixed;
}
