/* date.h: civil dates as day numbers (days since 1970-01-01, proleptic Gregorian).
 * Pure arithmetic: no time zones, no clock. Dates are Asia/Shanghai calendar dates. */
#ifndef BANKRUPTCY_DATE_H
#define BANKRUPTCY_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t date_t; /* days since 1970-01-01 */

/* Valid years for parse/format: 0001..9999. */
#define DATE_MIN_YEAR 1
#define DATE_MAX_YEAR 9999

bool date_parse(const char *s, date_t *out); /* strict "YYYY-MM-DD", rejects 2026-02-30 */
void date_format(date_t d, char buf[11]);    /* "YYYY-MM-DD" + NUL */
date_t date_from_ymd(int y, int m, int d);   /* m 1..12, d 1..31; no validation */
void date_to_ymd(date_t d, int *y, int *m, int *day);
bool date_valid_ymd(int y, int m, int d);
bool date_is_leap(int y);
int date_days_in_month(int y, int m);
date_t date_add_days(date_t d, int days);
date_t date_add_months(date_t d, int months); /* clamps: Jan 31 + 1 month = Feb 28/29 */
date_t date_add_years(date_t d, int years);   /* Feb 29 + 1 year = Feb 28 */
int date_weekday(date_t d);                   /* 1 = Monday .. 7 = Sunday */
int date_year(date_t d);

#endif
