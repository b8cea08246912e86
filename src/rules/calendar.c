/* calendar.c: owns the court calendar data: holidays and make-up working days kept
 * sorted, the set of covered years, the CSV seed format, and the working-day test. */
#include "rules_period.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rules_calendar_init(rules_calendar *cal)
{
    memset(cal, 0, sizeof *cal);
}

void rules_calendar_free(rules_calendar *cal)
{
    free(cal->days);
    free(cal->years);
    rules_calendar_init(cal);
}

static size_t year_pos(const rules_calendar *cal, int year)
{
    size_t lo = 0, hi = cal->nyears;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->years[mid] < year)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool rules_calendar_has_year(const rules_calendar *cal, int year)
{
    size_t i = cal ? year_pos(cal, year) : 0;
    return cal && i < cal->nyears && cal->years[i] == year;
}

int rules_calendar_add_year(rules_calendar *cal, int year)
{
    size_t i = year_pos(cal, year);
    if (year < DATE_MIN_YEAR || year > DATE_MAX_YEAR)
        return -1;
    if (i < cal->nyears && cal->years[i] == year)
        return 0;
    if (cal->nyears == cal->years_cap) {
        size_t cap = cal->years_cap ? cal->years_cap * 2 : 8;
        int *y = realloc(cal->years, cap * sizeof *y);
        if (!y)
            return -1;
        cal->years = y;
        cal->years_cap = cap;
    }
    memmove(cal->years + i + 1, cal->years + i, (cal->nyears - i) * sizeof *cal->years);
    cal->years[i] = year;
    cal->nyears++;
    return 0;
}

static size_t day_pos(const rules_calendar *cal, date_t d)
{
    size_t lo = 0, hi = cal->ndays;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->days[mid].date < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int rules_calendar_add_day(rules_calendar *cal, date_t d, enum rules_day_kind kind,
                           const char *name)
{
    size_t i = day_pos(cal, d);
    if (kind != RULES_DAY_HOLIDAY && kind != RULES_DAY_WORKDAY)
        return -1;
    if (kind == RULES_DAY_WORKDAY && date_weekday(d) < 6)
        return -1;
    if (i < cal->ndays && cal->days[i].date == d)
        return -1;
    if (rules_calendar_add_year(cal, date_year(d)))
        return -1;
    if (cal->ndays == cal->days_cap) {
        size_t cap = cal->days_cap ? cal->days_cap * 2 : 64;
        struct rules_cal_day *n = realloc(cal->days, cap * sizeof *n);
        if (!n)
            return -1;
        cal->days = n;
        cal->days_cap = cap;
    }
    memmove(cal->days + i + 1, cal->days + i, (cal->ndays - i) * sizeof *cal->days);
    cal->days[i].date = d;
    cal->days[i].kind = kind;
    snprintf(cal->days[i].name, sizeof cal->days[i].name, "%s", name ? name : "");
    cal->ndays++;
    return 0;
}

rules_err rules_calendar_status(const rules_calendar *cal, date_t d, enum rules_day_status *st,
                                const char **name)
{
    size_t i;
    if (!cal || !rules_calendar_has_year(cal, date_year(d)))
        return RULES_E_CALENDAR_YEAR;
    i = day_pos(cal, d);
    if (i < cal->ndays && cal->days[i].date == d) {
        *st = cal->days[i].kind == RULES_DAY_HOLIDAY ? RULES_DAY_OFF : RULES_DAY_WORKING;
        *name = cal->days[i].name;
    } else if (date_weekday(d) >= 6) {
        *st = RULES_DAY_WEEKEND;
        *name = "weekend";
    } else {
        *st = RULES_DAY_WORKING;
        *name = "";
    }
    return RULES_OK;
}

/* ---- CSV ---------------------------------------------------------------------------- */

static int csv_fail(char *err, size_t errlen, int line, const char *what)
{
    if (err && errlen)
        snprintf(err, errlen, "calendar CSV line %d: %s", line, what);
    return -1;
}

/* Splits one line (no newline) into up to 3 fields; the last may be double-quoted. */
static int split3(const char *s, size_t n, char f[3][RULES_CAL_NAME_MAX * 2])
{
    size_t i = 0;
    for (int k = 0; k < 3; k++) {
        size_t o = 0;
        bool quoted = i < n && s[i] == '"';
        if (quoted)
            i++;
        for (; i < n; i++) {
            if (quoted && s[i] == '"') {
                if (i + 1 < n && s[i + 1] == '"') {
                    i++;
                } else {
                    quoted = false;
                    continue;
                }
            } else if (!quoted && s[i] == ',') {
                break;
            }
            if (o + 1 < RULES_CAL_NAME_MAX * 2)
                f[k][o++] = s[i];
        }
        f[k][o] = '\0';
        if (quoted)
            return -1;
        if (k < 2) {
            if (i >= n || s[i] != ',')
                return -1;
            i++;
        } else if (i < n) {
            return -1; /* a fourth field */
        }
    }
    return 0;
}

static int csv_row(rules_calendar *cal, const char *s, size_t n, int line, char *err, size_t errlen)
{
    char f[3][RULES_CAL_NAME_MAX * 2];
    date_t d;
    enum rules_day_kind kind;
    if (split3(s, n, f))
        return csv_fail(err, errlen, line, "expected date,kind,name");
    if (!date_parse(f[0], &d))
        return csv_fail(err, errlen, line, "bad date");
    if (strcmp(f[1], "holiday") == 0)
        kind = RULES_DAY_HOLIDAY;
    else if (strcmp(f[1], "workday") == 0)
        kind = RULES_DAY_WORKDAY;
    else
        return csv_fail(err, errlen, line, "kind must be holiday or workday");
    if (kind == RULES_DAY_WORKDAY && date_weekday(d) < 6)
        return csv_fail(err, errlen, line, "a make-up workday must be a Saturday or Sunday");
    if (rules_calendar_add_day(cal, d, kind, f[2]))
        return csv_fail(err, errlen, line, "duplicate date");
    return 0;
}

int rules_calendar_parse_csv(rules_calendar *cal, const char *text, size_t len, char *err,
                             size_t errlen)
{
    size_t pos = 0;
    int line = 0;
    bool header = false;
    while (pos < len) {
        size_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        size_t n = end - pos;
        if (n && text[pos + n - 1] == '\r')
            n--;
        line++;
        if (n == 0) {
            /* blank line */
        } else if (!header) {
            if (n != 14 || memcmp(text + pos, "date,kind,name", 14) != 0)
                return csv_fail(err, errlen, line, "header must be date,kind,name");
            header = true;
        } else if (csv_row(cal, text + pos, n, line, err, errlen)) {
            return -1;
        }
        pos = end + 1;
    }
    if (!header)
        return csv_fail(err, errlen, line, "empty calendar");
    return 0;
}
