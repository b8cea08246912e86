/* rules_period.h: the court calendar (non-working and make-up working days) and period
 * computation: "within N days/months/years from a trigger", "N days in advance of an
 * event", court-fixed periods within bounds, look-back windows. Each result carries a
 * trace of how the due date was reached. */
#ifndef BANKRUPTCY_RULES_PERIOD_H
#define BANKRUPTCY_RULES_PERIOD_H

#include "date.h"
#include "rules.h"

enum rules_day_kind { RULES_DAY_HOLIDAY = 1, RULES_DAY_WORKDAY = 2 };

#define RULES_CAL_NAME_MAX 64
struct rules_cal_day {
    date_t date;
    enum rules_day_kind kind;
    char name[RULES_CAL_NAME_MAX]; /* "Spring Festival" (truncated to fit) */
};

/* Days sorted by date, unique. A year is covered when it is in years: any Saturday or
 * Sunday of a covered year not listed as workday is non-working, any other weekday not
 * listed as holiday is working. A date in an uncovered year is never guessed. */
typedef struct rules_calendar {
    struct rules_cal_day *days;
    size_t ndays, days_cap;
    int *years; /* sorted, unique */
    size_t nyears, years_cap;
} rules_calendar;

void rules_calendar_init(rules_calendar *cal);
void rules_calendar_free(rules_calendar *cal); /* frees the arrays, leaves cal empty */
/* Adds a day (kept sorted) and marks its year covered. -1: duplicate date, bad kind,
 * a workday that is not a Saturday or Sunday, or out of memory. name may be NULL. */
int rules_calendar_add_day(rules_calendar *cal, date_t d, enum rules_day_kind kind,
                           const char *name);
int rules_calendar_add_year(rules_calendar *cal,
                            int year); /* a covered year with no special days */
bool rules_calendar_has_year(const rules_calendar *cal, int year);
/* Parses the CSV of shared/calendar ("date,kind,name" header; kind holiday|workday; name
 * optionally double-quoted) into cal (added to what it holds). Covers every year that
 * appears. 0 ok; -1 with a message naming the line. */
int rules_calendar_parse_csv(rules_calendar *cal, const char *text, size_t len, char *err,
                             size_t errlen);

enum rules_day_status { RULES_DAY_WORKING = 0, RULES_DAY_WEEKEND, RULES_DAY_OFF /* holiday */ };
/* RULES_E_CALENDAR_YEAR when d's year is not covered. name: holiday name, "weekend",
 * the make-up name for a make-up working day, or "" for an ordinary working day. */
rules_err rules_calendar_status(const rules_calendar *cal, date_t d, enum rules_day_status *st,
                                const char **name);

enum rules_unit { RULES_UNIT_DAYS = 0, RULES_UNIT_MONTHS, RULES_UNIT_YEARS };
enum rules_roll { RULES_ROLL_FORWARD = 0, RULES_ROLL_BACKWARD, RULES_ROLL_NONE };

#define RULES_TRACE_MAX 32
#define RULES_MISSING_MAX 4
struct rules_skip {
    date_t date;
    enum rules_day_status why;     /* RULES_DAY_WEEKEND or RULES_DAY_OFF */
    char name[RULES_CAL_NAME_MAX]; /* "weekend" or the holiday's name */
    bool assumed;                  /* a weekend of a year the calendar lacks (a make-up
                                      working day there is not known) */
};

struct rules_deadline {
    rules_err err;
    const char *rule_id; /* borrowed from the catalogue; NULL for rules_period_compute */
    const char *citation;
    date_t trigger; /* trigger date, or the event date for in-advance periods */
    int amount;     /* N */
    enum rules_unit unit;
    bool in_advance; /* raw_end = trigger - N days */
    enum rules_roll roll;
    date_t raw_end; /* trigger + N (or event - N) before rolling */
    date_t due;     /* last day to act */
    size_t nskips;
    struct rules_skip skips[RULES_TRACE_MAX]; /* each non-working day passed over, in order */
    /* A roll that needs a year the calendar lacks is not refused: it goes on with what is
     * known of that year (Saturdays and Sundays are non-working, every other day working,
     * no holidays, no make-up working days) and the due date is provisional until the court
     * enters the year. missing_year is the first such year, missing_years all of them. */
    bool provisional;
    int missing_year;
    size_t nmissing;
    int missing_years[RULES_MISSING_MAX];
};

/* Core: raw_end = trigger + amount unit (day of the trigger not counted; months and years
 * clamp to month end), then roll. A NULL cal knows no year: any roll is then provisional.
 * A period that is not rolled (RULES_ROLL_NONE) needs no calendar and is never provisional. */
rules_err rules_period_compute(const rules_calendar *cal, date_t trigger, int amount,
                               enum rules_unit unit, enum rules_roll roll,
                               struct rules_deadline *out);
/* raw_end = event - days, then roll (backward by default for in-advance rules). */
rules_err rules_period_in_advance(const rules_calendar *cal, date_t event, int days,
                                  enum rules_roll roll, struct rules_deadline *out);
/* From a period rule (or sub-rule): uses days | months | years (from trigger) or
 * in_advance_days (trigger = the event), and the rule's roll (default forward, backward
 * for in_advance_days). RULES_E_PARAM if the rule has none of these or more than one. */
rules_err rules_period_due(const struct rule *r, const rules_calendar *cal, date_t trigger,
                           struct rules_deadline *out);
/* Same with a named integer param and unit, e.g. ("extension_days", DAYS) or
 * ("reapply_bar_years", YEARS); rolls forward unless the rule says otherwise. */
rules_err rules_period_due_param(const struct rule *r, const char *param, enum rules_unit unit,
                                 const rules_calendar *cal, date_t trigger,
                                 struct rules_deadline *out);
/* A period the court fixes within the rule's min_days..max_days (inclusive): RULES_E_INVALID
 * naming the rule when days is out of bounds, else the due date of trigger + days. */
rules_err rules_period_fixed(const struct rule *r, const rules_calendar *cal, date_t trigger,
                             int days, struct rules_deadline *out);
/* Look-back window (lookback_years or lookback_months before anchor): *inside is true when
 * anchor - lookback <= act <= anchor. Not rolled: a window, not a deadline. */
rules_err rules_lookback_contains(const struct rule *r, date_t anchor, date_t act, bool *inside,
                                  date_t *window_start);

/* Marks d provisional for want of year (a period counted from a provisional date is
 * provisional too); rules_deadline_inherit does so for every year from lacked. */
void rules_deadline_provisional(struct rules_deadline *d, int year);
void rules_deadline_inherit(struct rules_deadline *d, const struct rules_deadline *from);

const char *rules_unit_str(enum rules_unit u); /* "days" | "months" | "years" */
const char *rules_roll_str(enum rules_roll r); /* "forward" | "backward" | "none" */
/* The deadline as JSON (new ref): rule_id, citation, trigger, amount, unit, in_advance,
 * roll, raw_end, due, skipped [{date, reason: weekend|holiday, name, assumed?}], error,
 * provisional, and when provisional: missing_year, missing_years and steps [{step:
 * "provisional", year, text}] saying what was assumed of each missing year. */
json_t *rules_deadline_json(const struct rules_deadline *d);

#endif
