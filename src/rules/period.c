/* period.c: owns period arithmetic: due dates from triggers, rolling past non-working
 * days with a trace, in-advance periods, court-fixed periods, look-back windows. */
#include "rules_period.h"

#include <stdio.h>
#include <string.h>

const char *rules_unit_str(enum rules_unit u)
{
    return u == RULES_UNIT_MONTHS ? "months" : u == RULES_UNIT_YEARS ? "years" : "days";
}

const char *rules_roll_str(enum rules_roll r)
{
    return r == RULES_ROLL_BACKWARD ? "backward" : r == RULES_ROLL_NONE ? "none" : "forward";
}

static void start(struct rules_deadline *out, date_t trigger, int amount, enum rules_unit unit,
                  enum rules_roll roll)
{
    memset(out, 0, sizeof *out);
    out->trigger = trigger;
    out->amount = amount;
    out->unit = unit;
    out->roll = roll;
}

void rules_deadline_provisional(struct rules_deadline *out, int year)
{
    if (!out->provisional) {
        out->provisional = true;
        out->missing_year = year;
    }
    for (size_t i = 0; i < out->nmissing; i++)
        if (out->missing_years[i] == year)
            return;
    if (out->nmissing < RULES_MISSING_MAX)
        out->missing_years[out->nmissing++] = year;
}

void rules_deadline_inherit(struct rules_deadline *d, const struct rules_deadline *from)
{
    for (size_t i = 0; i < from->nmissing; i++)
        rules_deadline_provisional(d, from->missing_years[i]);
}

/* What the service knows of a day: the calendar's word for a covered year; for a year it
 * lacks only the weekend (the court's holidays and make-up days are not published yet),
 * and the result becomes provisional. A court cannot be stopped by a missing table, and a
 * guessed holiday would be presented as the law's date. */
static bool day_status(const rules_calendar *cal, date_t d, struct rules_deadline *out,
                       enum rules_day_status *st, const char **name)
{
    if (rules_calendar_status(cal, d, st, name) == RULES_OK)
        return false;
    rules_deadline_provisional(out, date_year(d));
    *st = date_weekday(d) >= 6 ? RULES_DAY_WEEKEND : RULES_DAY_WORKING;
    *name = *st == RULES_DAY_WEEKEND ? "weekend" : "";
    return true;
}

/* Moves out->due off non-working days in the roll direction, recording each one. */
static rules_err roll_due(const rules_calendar *cal, struct rules_deadline *out)
{
    out->due = out->raw_end;
    if (out->roll == RULES_ROLL_NONE)
        return out->err = RULES_OK;
    for (;;) {
        enum rules_day_status st;
        const char *name;
        bool assumed = day_status(cal, out->due, out, &st, &name);
        if (st == RULES_DAY_WORKING)
            return out->err = RULES_OK;
        if (out->nskips == RULES_TRACE_MAX)
            return out->err = RULES_E_LIMIT;
        struct rules_skip *s = &out->skips[out->nskips++];
        s->date = out->due;
        s->why = st;
        s->assumed = assumed;
        snprintf(s->name, sizeof s->name, "%s", name);
        out->due = date_add_days(out->due, out->roll == RULES_ROLL_BACKWARD ? -1 : 1);
    }
}

rules_err rules_period_compute(const rules_calendar *cal, date_t trigger, int amount,
                               enum rules_unit unit, enum rules_roll roll,
                               struct rules_deadline *out)
{
    start(out, trigger, amount, unit, roll);
    if (amount < 0 || amount > 100000)
        return out->err = RULES_E_INVALID;
    out->raw_end = unit == RULES_UNIT_YEARS    ? date_add_years(trigger, amount)
                   : unit == RULES_UNIT_MONTHS ? date_add_months(trigger, amount)
                                               : date_add_days(trigger, amount);
    return roll_due(cal, out);
}

rules_err rules_period_in_advance(const rules_calendar *cal, date_t event, int days,
                                  enum rules_roll roll, struct rules_deadline *out)
{
    start(out, event, days, RULES_UNIT_DAYS, roll);
    out->in_advance = true;
    if (days < 0 || days > 100000)
        return out->err = RULES_E_INVALID;
    out->raw_end = date_add_days(event, -days);
    return roll_due(cal, out);
}

static void name_rule(const struct rule *r, struct rules_deadline *out)
{
    out->rule_id = r->id;
    out->citation = r->citation;
}

static enum rules_roll rule_roll(const struct rule *r, enum rules_roll dflt)
{
    const char *s = rules_param_str(r, "roll");
    if (!s)
        return dflt;
    return strcmp(s, "backward") == 0 ? RULES_ROLL_BACKWARD
           : strcmp(s, "none") == 0   ? RULES_ROLL_NONE
                                      : RULES_ROLL_FORWARD;
}

static rules_err param_fail(const struct rule *r, struct rules_deadline *out, rules_err e)
{
    memset(out, 0, sizeof *out);
    if (r)
        name_rule(r, out);
    return out->err = e;
}

rules_err rules_period_due(const struct rule *r, const rules_calendar *cal, date_t trigger,
                           struct rules_deadline *out)
{
    static const char *const keys[] = {"days", "months", "years", "in_advance_days"};
    int64_t v = 0;
    int which = -1;
    if (!r)
        return param_fail(r, out, RULES_E_PARAM);
    for (int k = 0; k < 4; k++) {
        int64_t t;
        if (rules_param_i64(r, keys[k], &t)) {
            if (which >= 0)
                return param_fail(r, out, RULES_E_PARAM);
            which = k;
            v = t;
        }
    }
    if (which < 0 || v < 0 || v > 100000)
        return param_fail(r, out, RULES_E_PARAM);
    if (which == 3)
        rules_period_in_advance(cal, trigger, (int)v, rule_roll(r, RULES_ROLL_BACKWARD), out);
    else
        rules_period_compute(cal, trigger, (int)v, (enum rules_unit)which,
                             rule_roll(r, RULES_ROLL_FORWARD), out);
    name_rule(r, out);
    return out->err;
}

rules_err rules_period_due_param(const struct rule *r, const char *param, enum rules_unit unit,
                                 const rules_calendar *cal, date_t trigger,
                                 struct rules_deadline *out)
{
    int64_t v;
    if (!r || !rules_param_i64(r, param, &v) || v < 0 || v > 100000)
        return param_fail(r, out, RULES_E_PARAM);
    rules_period_compute(cal, trigger, (int)v, unit, rule_roll(r, RULES_ROLL_FORWARD), out);
    name_rule(r, out);
    return out->err;
}

rules_err rules_period_fixed(const struct rule *r, const rules_calendar *cal, date_t trigger,
                             int days, struct rules_deadline *out)
{
    int64_t lo = 0, hi = 100000;
    bool has_lo = r && rules_param_i64(r, "min_days", &lo);
    bool has_hi = r && rules_param_i64(r, "max_days", &hi);
    if (!has_lo && !has_hi)
        return param_fail(r, out, RULES_E_PARAM);
    if (days < lo || days > hi) {
        param_fail(r, out, RULES_E_INVALID);
        out->trigger = trigger;
        out->amount = days;
        return out->err;
    }
    rules_period_compute(cal, trigger, days, RULES_UNIT_DAYS, rule_roll(r, RULES_ROLL_FORWARD),
                         out);
    name_rule(r, out);
    return out->err;
}

rules_err rules_lookback_contains(const struct rule *r, date_t anchor, date_t act, bool *inside,
                                  date_t *window_start)
{
    int64_t v;
    date_t s;
    if (rules_param_i64(r, "lookback_years", &v) && v >= 0 && v <= 1000)
        s = date_add_years(anchor, -(int)v);
    else if (rules_param_i64(r, "lookback_months", &v) && v >= 0 && v <= 12000)
        s = date_add_months(anchor, -(int)v);
    else
        return RULES_E_PARAM;
    *inside = act >= s && act <= anchor;
    if (window_start)
        *window_start = s;
    return RULES_OK;
}

static json_t *date_json(date_t d)
{
    char b[11];
    date_format(d, b);
    return json_string(b);
}

/* missing_year, missing_years and one trace step per missing year saying what was assumed. */
static void provisional_json(const struct rules_deadline *d, json_t *o)
{
    json_t *years = json_array(), *steps = json_array();
    for (size_t i = 0; i < d->nmissing; i++) {
        int y = d->missing_years[i];
        char text[320];
        snprintf(text, sizeof text,
                 "the court calendar has no year %d: its Saturdays and Sundays were taken as "
                 "non-working and every other day as working, with no holidays or make-up "
                 "working days; the date is provisional and is re-dated when the court enters "
                 "%d (PUT /v1/calendar/%d)",
                 y, y, y);
        json_array_append_new(years, json_integer(y));
        json_array_append_new(
            steps, json_pack("{s:s, s:i, s:s}", "step", "provisional", "year", y, "text", text));
    }
    json_object_set_new(o, "missing_year", json_integer(d->missing_year));
    json_object_set_new(o, "missing_years", years);
    json_object_set_new(o, "steps", steps);
}

json_t *rules_deadline_json(const struct rules_deadline *d)
{
    json_t *o = json_object(), *sk = json_array();
    json_object_set_new(o, "rule_id", d->rule_id ? json_string(d->rule_id) : json_null());
    json_object_set_new(o, "citation", d->citation ? json_string(d->citation) : json_null());
    json_object_set_new(o, "trigger", date_json(d->trigger));
    json_object_set_new(o, "amount", json_integer(d->amount));
    json_object_set_new(o, "unit", json_string(rules_unit_str(d->unit)));
    json_object_set_new(o, "in_advance", json_boolean(d->in_advance));
    json_object_set_new(o, "roll", json_string(rules_roll_str(d->roll)));
    json_object_set_new(o, "error", d->err ? json_string(rules_err_str(d->err)) : json_null());
    if (d->err == RULES_OK || d->err == RULES_E_LIMIT)
        json_object_set_new(o, "raw_end", date_json(d->raw_end));
    if (d->err == RULES_OK)
        json_object_set_new(o, "due", date_json(d->due));
    json_object_set_new(o, "provisional", json_boolean(d->provisional));
    if (d->provisional)
        provisional_json(d, o);
    for (size_t i = 0; i < d->nskips; i++) {
        json_t *s = json_pack("{s:o,s:s,s:s}", "date", date_json(d->skips[i].date), "reason",
                              d->skips[i].why == RULES_DAY_WEEKEND ? "weekend" : "holiday", "name",
                              d->skips[i].name);
        if (d->skips[i].assumed)
            json_object_set_new(s, "assumed", json_true());
        json_array_append_new(sk, s);
    }
    json_object_set_new(o, "skipped", sk);
    return o;
}
