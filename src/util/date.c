/* date.c: civil date arithmetic (days since 1970-01-01, proleptic Gregorian).
 * Algorithms from H. Hinnant, "chrono-Compatible Low-Level Date Algorithms". */
#include "date.h"

#include <stdio.h>

bool date_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && date_is_leap(y) ? 29 : dim[m - 1];
}

bool date_valid_ymd(int y, int m, int d)
{
    return y >= DATE_MIN_YEAR && y <= DATE_MAX_YEAR && m >= 1 && m <= 12 && d >= 1 &&
           d <= date_days_in_month(y, m);
}

date_t date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (date_t)(era * 146097 + doe - 719468);
}

void date_to_ymd(date_t d, int *y, int *m, int *day)
{
    const int z = d + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int dd = doy - (153 * mp + 2) / 5 + 1;
    const int mm = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (mm <= 2);
    *m = mm;
    *day = dd;
}

int date_year(date_t d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return y;
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool date_parse(const char *s, date_t *out)
{
    int y, m, d;
    if (!s || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) || s[7] != '-' ||
        !digits(s + 8, 2, &d) || s[10] != '\0')
        return false;
    if (!date_valid_ymd(y, m, d))
        return false;
    *out = date_from_ymd(y, m, d);
    return true;
}

void date_format(date_t d, char buf[11])
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    if (y < 0 || y > 9999) {
        snprintf(buf, 11, "0000-00-00");
        return;
    }
    /* digits written directly: the compiler cannot prove m and dd are two digits */
    const int parts[3] = {y, m, dd};
    const int widths[3] = {4, 2, 2};
    int pos = 0;
    for (int p = 0; p < 3; p++) {
        for (int w = widths[p] - 1, v = parts[p]; w >= 0; w--, v /= 10)
            buf[pos + w] = (char)('0' + v % 10);
        pos += widths[p];
        buf[pos++] = p < 2 ? '-' : '\0';
    }
}

date_t date_add_days(date_t d, int days)
{
    return (date_t)(d + days);
}

date_t date_add_months(date_t d, int months)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    int idx = y * 12 + (m - 1) + months;
    int ny = idx >= 0 ? idx / 12 : (idx - 11) / 12;
    int nm = idx - ny * 12 + 1;
    int dim = date_days_in_month(ny, nm);
    return date_from_ymd(ny, nm, dd > dim ? dim : dd);
}

date_t date_add_years(date_t d, int years)
{
    return date_add_months(d, years * 12);
}

int date_weekday(date_t d)
{
    /* 1970-01-01 was a Thursday (4). */
    int r = (int)(((int64_t)d + 3) % 7);
    if (r < 0)
        r += 7;
    return r + 1;
}
