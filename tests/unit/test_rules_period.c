/* test_rules_period.c: the court calendar (CSV seed, working-day test) and period rules:
 * roll forward past holidays and weekends, make-up working days, Spring Festival 2026,
 * month-end clamps, missing calendar years, in-advance periods, fixed periods, look-back. */
#include "rules_period.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SZ "shenzhen-2021"
#define PRC "prc-draft-2000"

static rules_calendar cal;

static date_t D(const char *s)
{
    date_t d = 0;
    ck_assert_msg(date_parse(s, &d), "parse %s", s);
    return d;
}

static const char *F(date_t d)
{
    static char b[4][11];
    static int k;
    k = (k + 1) % 4;
    date_format(d, b[k]);
    return b[k];
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    *len = fread(buf, 1, (size_t)n, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* The seed calendar of shared/; a missing file fails every test (no skipping). */
static void setup(void)
{
    const char *path =
        getenv("CALENDAR_CSV") ? getenv("CALENDAR_CSV") : "tests/data/cn-2025-2026.csv";
    size_t len = 0;
    char *text = slurp(path, &len), err[256];
    ck_assert_msg(text != NULL, "calendar CSV not found at %s (set CALENDAR_CSV)", path);
    rules_calendar_init(&cal);
    ck_assert_msg(rules_calendar_parse_csv(&cal, text, len, err, sizeof err) == 0, "%s", err);
    free(text);
}

static void teardown(void)
{
    rules_calendar_free(&cal);
}

static const struct rule *R(const char *profile, const char *id)
{
    const struct rule *r = rules_find(rules_builtin(), profile, id);
    ck_assert_msg(r, "missing %s", id);
    return r;
}

START_TEST(csv_loaded)
{
    enum rules_day_status st;
    const char *name;
    ck_assert(rules_calendar_has_year(&cal, 2025));
    ck_assert(rules_calendar_has_year(&cal, 2026));
    ck_assert(!rules_calendar_has_year(&cal, 2027));
    ck_assert(!rules_calendar_has_year(&cal, 2024));
    ck_assert_int_eq(cal.ndays, 72);
    for (size_t i = 1; i < cal.ndays; i++)
        ck_assert(cal.days[i - 1].date < cal.days[i].date);
    ck_assert_int_eq(rules_calendar_status(&cal, D("2026-02-14"), &st, &name), RULES_OK);
    ck_assert_int_eq(st, RULES_DAY_WORKING);
    ck_assert_str_eq(name, "Spring Festival make-up");
    rules_calendar_status(&cal, D("2026-02-15"), &st, &name);
    ck_assert_int_eq(st, RULES_DAY_OFF);
    ck_assert_str_eq(name, "Spring Festival");
    rules_calendar_status(&cal, D("2026-03-07"), &st, &name);
    ck_assert_int_eq(st, RULES_DAY_WEEKEND);
    rules_calendar_status(&cal, D("2026-03-09"), &st, &name);
    ck_assert_int_eq(st, RULES_DAY_WORKING);
    ck_assert_int_eq(rules_calendar_status(&cal, D("2027-01-04"), &st, &name),
                     RULES_E_CALENDAR_YEAR);
}
END_TEST

START_TEST(csv_rejects)
{
    static const char *bad[] = {
        "",
        "day,kind,name\n2026-01-01,holiday,x\n",
        "date,kind,name\n2026-02-30,holiday,x\n",
        "date,kind,name\n2026-02-16,vacation,x\n",
        "date,kind,name\n2026-02-16,workday,Monday is not a make-up day\n",
        "date,kind,name\n2026-01-01,holiday,a\n2026-01-01,holiday,b\n",
        "date,kind,name\n2026-01-01,holiday\n",
        "date,kind,name\n2026-01-01,holiday,a,b\n",
        "date,kind,name\n2026-01-01,holiday,\"unterminated\n",
    };
    char err[256];
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        rules_calendar c;
        rules_calendar_init(&c);
        err[0] = '\0';
        ck_assert_msg(rules_calendar_parse_csv(&c, bad[i], strlen(bad[i]), err, sizeof err) == -1,
                      "accepted %zu", i);
        ck_assert(err[0] != '\0');
        rules_calendar_free(&c);
    }
}
END_TEST

START_TEST(csv_quoting_and_crlf)
{
    const char *t = "date,kind,name\r\n2027-01-01,holiday,\"New Year, "
                    "\"\"day\"\"\"\r\n\r\n2027-02-06,workday,make-up\r\n";
    rules_calendar c;
    char err[256];
    rules_calendar_init(&c);
    ck_assert_msg(rules_calendar_parse_csv(&c, t, strlen(t), err, sizeof err) == 0, "%s", err);
    ck_assert_int_eq(c.ndays, 2);
    ck_assert_str_eq(c.days[0].name, "New Year, \"day\"");
    ck_assert(rules_calendar_has_year(&c, 2027));
    ck_assert_int_eq(rules_calendar_add_year(&c, 2028), 0);
    ck_assert(rules_calendar_has_year(&c, 2028));
    ck_assert_int_eq(rules_calendar_add_day(&c, D("2027-01-01"), RULES_DAY_HOLIDAY, "dup"), -1);
    rules_calendar_free(&c);
}
END_TEST

/* Table of rule-driven periods against the 2025-2026 calendar. */
START_TEST(rule_periods_table)
{
    static const struct {
        const char *profile, *id, *trigger, *raw, *due;
        size_t nskips;
        const char *first_skip_name;
    } t[] = {
        /* ends on a holiday: National Day 2025, weekend days inside it are holidays */
        {SZ, "SZ-APP-NOTIFY-DEBTOR", "2025-09-28", "2025-10-03", "2025-10-09", 6,
         "National Day and Mid-Autumn"},
        /* ends on a make-up working Saturday: that is a working day */
        {SZ, "SZ-APP-DEBTOR-OBJECTION", "2026-02-07", "2026-02-14", "2026-02-14", 0, NULL},
        /* across the Spring Festival 2026 (holidays 02-15..02-23) */
        {SZ, "SZ-APP-DEBTOR-MATERIALS", "2026-02-01", "2026-02-16", "2026-02-24", 8,
         "Spring Festival"},
        {SZ, "SZ-APP-DECIDE", "2026-01-20", "2026-02-19", "2026-02-24", 5, "Spring Festival"},
        /* ordinary weekend */
        {SZ, "SZ-APP-NOTIFY-DEBTOR", "2026-03-02", "2026-03-07", "2026-03-09", 2, "weekend"},
        /* day of the trigger not counted; a plain working day */
        {SZ, "SZ-APP-APPEAL", "2026-03-02", "2026-03-12", "2026-03-12", 0, NULL},
        /* months: 31 Dec + 2 months clamps to 28 Feb 2026, a make-up working Saturday */
        {SZ, "SZ-LIQ-UNCLAIMED", "2025-12-31", "2026-02-28", "2026-02-28", 0, NULL},
        {SZ, "SZ-ADM-CONTRACTS", "2025-12-31", "2026-02-28", "2026-02-28", 0, NULL},
        /* New Year 2026: 01-01..01-03 holidays, 01-04 a make-up Sunday */
        {SZ, "SZ-MTG-REVOKE", "2025-12-17", "2026-01-01", "2026-01-04", 3, "New Year's Day"},
        /* PRC stand-ins through the Shenzhen ids */
        {PRC, "SZ-APP-DECIDE", "2026-01-20", "2026-02-04", "2026-02-04", 0, NULL},
        {PRC, "SZ-LIQ-UNCLAIMED", "2026-03-01", "2026-04-30", "2026-04-30", 0, NULL},
        {PRC, "SZ-ANN-ACCEPTANCE", "2026-09-01", "2026-10-01", "2026-10-08", 7, "National Day"},
        /* in advance: meeting 2026-10-20, 15 days before = 10-05 (holiday): back to 09-30 */
        {SZ, "SZ-MTG-NOTICE", "2026-10-20", "2026-10-05", "2026-09-30", 5, "National Day"},
        /* in advance landing on a make-up Saturday */
        {SZ, "SZ-APP-HEARING-NOTICE", "2026-02-17", "2026-02-14", "2026-02-14", 0, NULL},
        /* in advance landing on a weekend */
        {SZ, "SZ-APP-HEARING-NOTICE", "2026-03-10", "2026-03-07", "2026-03-06", 1, "weekend"},
        {PRC, "SZ-MTG-NOTICE", "2026-03-02", "2026-02-10", "2026-02-10", 0, NULL},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        struct rules_deadline d;
        const struct rule *r = R(t[i].profile, t[i].id);
        ck_assert_msg(rules_period_due(r, &cal, D(t[i].trigger), &d) == RULES_OK, "row %zu: %s", i,
                      rules_err_str(d.err));
        ck_assert_str_eq(d.rule_id, r->id);
        ck_assert_msg(strcmp(F(d.raw_end), t[i].raw) == 0, "row %zu raw %s", i, F(d.raw_end));
        ck_assert_msg(strcmp(F(d.due), t[i].due) == 0, "row %zu due %s", i, F(d.due));
        ck_assert_msg(d.nskips == t[i].nskips, "row %zu skips %zu", i, d.nskips);
        if (t[i].nskips) {
            ck_assert_str_eq(d.skips[0].name, t[i].first_skip_name);
            ck_assert_int_eq(d.skips[0].date, d.raw_end);
        }
    }
}
END_TEST

START_TEST(trace_contents)
{
    struct rules_deadline d;
    rules_period_due(R(SZ, "SZ-APP-DEBTOR-MATERIALS"), &cal, D("2026-02-01"), &d);
    ck_assert_int_eq(d.nskips, 8);
    for (size_t i = 0; i < d.nskips; i++) {
        ck_assert_int_eq(d.skips[i].date, D("2026-02-16") + (date_t)i);
        ck_assert_int_eq(d.skips[i].why, RULES_DAY_OFF);
    }
    ck_assert_str_eq(d.citation, "002 [Acceptance Ruling]");
    json_t *j = rules_deadline_json(&d);
    ck_assert_str_eq(json_string_value(json_object_get(j, "due")), "2026-02-24");
    ck_assert_str_eq(json_string_value(json_object_get(j, "rule_id")), "SZ-APP-DEBTOR-MATERIALS");
    ck_assert_str_eq(json_string_value(json_object_get(j, "trigger")), "2026-02-01");
    json_t *s0 = json_array_get(json_object_get(j, "skipped"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(s0, "reason")), "holiday");
    ck_assert_str_eq(json_string_value(json_object_get(s0, "name")), "Spring Festival");
    ck_assert(json_is_null(json_object_get(j, "error")));
    json_decref(j);

    rules_period_due(R(SZ, "SZ-APP-NOTIFY-DEBTOR"), &cal, D("2026-03-02"), &d);
    ck_assert_int_eq(d.skips[0].why, RULES_DAY_WEEKEND);
    ck_assert_int_eq(d.skips[1].why, RULES_DAY_WEEKEND);
}
END_TEST

/* A calendar covering 2026 only, with Thursday 2026-12-31 made a holiday for the test. */
static void only_2026(rules_calendar *c)
{
    rules_calendar_init(c);
    ck_assert_int_eq(rules_calendar_add_year(c, 2026), 0);
    ck_assert_int_eq(rules_calendar_add_day(c, D("2026-12-31"), RULES_DAY_HOLIDAY, "test holiday"),
                     0);
}

static json_t *step_of(json_t *trace, size_t i)
{
    return json_array_get(json_object_get(trace, "steps"), i);
}

START_TEST(missing_year)
{
    struct rules_deadline d;
    /* SZ-APP-DECIDE, 30 days from 2026-12-02: raw end Friday 2027-01-01, a year the seed
     * calendar lacks. Computed on weekends only, and provisional. */
    ck_assert_int_eq(rules_period_due(R(SZ, "SZ-APP-DECIDE"), &cal, D("2026-12-02"), &d), RULES_OK);
    ck_assert(d.provisional);
    ck_assert_int_eq(d.missing_year, 2027);
    ck_assert_int_eq(d.nmissing, 1);
    ck_assert_str_eq(d.rule_id, "SZ-APP-DECIDE");
    ck_assert_str_eq(F(d.raw_end), "2027-01-01");
    ck_assert_str_eq(F(d.due), "2027-01-01");
    ck_assert_int_eq(d.nskips, 0);
    json_t *j = rules_deadline_json(&d);
    ck_assert(json_is_null(json_object_get(j, "error")));
    ck_assert(json_is_true(json_object_get(j, "provisional")));
    ck_assert_int_eq(json_integer_value(json_object_get(j, "missing_year")), 2027);
    ck_assert_str_eq(json_string_value(json_object_get(j, "due")), "2027-01-01");
    ck_assert_str_eq(json_string_value(json_object_get(step_of(j, 0), "step")), "provisional");
    ck_assert_int_eq(json_integer_value(json_object_get(step_of(j, 0), "year")), 2027);
    ck_assert_ptr_nonnull(
        strstr(json_string_value(json_object_get(step_of(j, 0), "text")), "PUT /v1/calendar/2027"));
    ck_assert_ptr_null(step_of(j, 1));
    json_decref(j);
    /* once the court enters 2027 with New Year's Day, the same period is the law's date:
     * 2027-01-01 (holiday), 02-03 (weekend) -> Monday 2027-01-04 */
    rules_calendar c;
    rules_calendar_init(&c);
    ck_assert_int_eq(
        rules_calendar_add_day(&c, D("2027-01-01"), RULES_DAY_HOLIDAY, "New Year's Day"), 0);
    ck_assert_int_eq(rules_calendar_add_year(&c, 2026), 0);
    ck_assert_int_eq(rules_period_due(R(SZ, "SZ-APP-DECIDE"), &c, D("2026-12-02"), &d), RULES_OK);
    ck_assert(!d.provisional);
    ck_assert_int_eq(d.missing_year, 0);
    ck_assert_str_eq(F(d.due), "2027-01-04");
    ck_assert_int_eq(d.nskips, 3);
    j = rules_deadline_json(&d);
    ck_assert(json_is_false(json_object_get(j, "provisional")));
    ck_assert_ptr_null(json_object_get(j, "missing_year"));
    ck_assert_ptr_null(json_object_get(j, "steps"));
    json_decref(j);
    rules_calendar_free(&c);
    /* the day before the covered years */
    ck_assert_int_eq(
        rules_period_compute(&cal, D("2024-12-01"), 5, RULES_UNIT_DAYS, RULES_ROLL_FORWARD, &d),
        RULES_OK);
    ck_assert(d.provisional);
    ck_assert_int_eq(d.missing_year, 2024);
    ck_assert_str_eq(F(d.due), "2024-12-06");
    /* no calendar at all: no year is known */
    ck_assert_int_eq(
        rules_period_compute(NULL, D("2026-03-02"), 5, RULES_UNIT_DAYS, RULES_ROLL_FORWARD, &d),
        RULES_OK);
    ck_assert(d.provisional);
    ck_assert_int_eq(d.missing_year, 2026);
    /* a period wholly inside covered years is not provisional, up to the year's last day */
    ck_assert_int_eq(
        rules_period_compute(&cal, D("2026-12-21"), 10, RULES_UNIT_DAYS, RULES_ROLL_FORWARD, &d),
        RULES_OK);
    ck_assert(!d.provisional);
    ck_assert_str_eq(F(d.due), "2026-12-31");
}
END_TEST

START_TEST(roll_across_the_year_end)
{
    struct rules_deadline d;
    rules_calendar c;
    only_2026(&c);
    /* raw end on the covered holiday 2026-12-31 rolls into 2027: Friday 2027-01-01 is
     * taken as working, provisionally; the skip of the known holiday is not assumed */
    ck_assert_int_eq(
        rules_period_compute(&c, D("2026-12-26"), 5, RULES_UNIT_DAYS, RULES_ROLL_FORWARD, &d),
        RULES_OK);
    ck_assert(d.provisional);
    ck_assert_int_eq(d.missing_year, 2027);
    ck_assert_str_eq(F(d.due), "2027-01-01");
    ck_assert_int_eq(d.nskips, 1);
    ck_assert(!d.skips[0].assumed);
    ck_assert_str_eq(d.skips[0].name, "test holiday");
    /* raw end on Saturday 2027-01-02: the weekend of the missing year is passed over as
     * assumed, to Monday 2027-01-04 */
    ck_assert_int_eq(
        rules_period_compute(&c, D("2026-12-26"), 7, RULES_UNIT_DAYS, RULES_ROLL_FORWARD, &d),
        RULES_OK);
    ck_assert(d.provisional);
    ck_assert_str_eq(F(d.due), "2027-01-04");
    ck_assert_int_eq(d.nskips, 2);
    ck_assert(d.skips[0].assumed && d.skips[1].assumed);
    ck_assert_int_eq(d.skips[0].why, RULES_DAY_WEEKEND);
    json_t *j = rules_deadline_json(&d);
    json_t *s0 = json_array_get(json_object_get(j, "skipped"), 0);
    ck_assert(json_is_true(json_object_get(s0, "assumed")));
    ck_assert_str_eq(json_string_value(json_object_get(s0, "reason")), "weekend");
    json_decref(j);
    /* backward: an in-advance period counted from an event in 2027 that lands in 2026 is
     * not provisional (only the days it looked at count) */
    ck_assert_int_eq(rules_period_in_advance(&c, D("2027-01-15"), 15, RULES_ROLL_BACKWARD, &d),
                     RULES_OK);
    ck_assert(!d.provisional);
    ck_assert_str_eq(F(d.due), "2026-12-30");
    /* ... and one that rolls back from a 2027 weekend is: 2027-01-03 Sunday and 01-02
     * Saturday (assumed) back to Friday 2027-01-01, taken as working until 2027 is known */
    ck_assert_int_eq(rules_period_in_advance(&c, D("2027-01-05"), 2, RULES_ROLL_BACKWARD, &d),
                     RULES_OK);
    ck_assert(d.provisional);
    ck_assert_int_eq(d.nskips, 2);
    ck_assert_str_eq(F(d.due), "2027-01-01");
    rules_calendar_free(&c);
}
END_TEST

START_TEST(periods_in_missing_years)
{
    struct rules_deadline d;
    /* a period starting in a missing year: 2027-03-01 + 10 days = Thursday 2027-03-11 */
    ck_assert_int_eq(
        rules_period_compute(&cal, D("2027-03-01"), 10, RULES_UNIT_DAYS, RULES_ROLL_FORWARD, &d),
        RULES_OK);
    ck_assert(d.provisional);
    ck_assert_int_eq(d.missing_year, 2027);
    ck_assert_str_eq(F(d.due), "2027-03-11");
    /* two missing years: SZ-LIQ-LITIGATION, 2 years from 2026-12-31 = Sunday 2028-12-31,
     * rolled to Monday 2029-01-01: both 2028 and 2029 are needed */
    ck_assert_int_eq(rules_period_due(R(SZ, "SZ-LIQ-LITIGATION"), &cal, D("2026-12-31"), &d),
                     RULES_OK);
    ck_assert(d.provisional);
    ck_assert_str_eq(F(d.raw_end), "2028-12-31");
    ck_assert_str_eq(F(d.due), "2029-01-01");
    ck_assert_int_eq(d.missing_year, 2028);
    ck_assert_int_eq(d.nmissing, 2);
    ck_assert_int_eq(d.missing_years[0], 2028);
    ck_assert_int_eq(d.missing_years[1], 2029);
    json_t *j = rules_deadline_json(&d);
    ck_assert_int_eq(json_array_size(json_object_get(j, "missing_years")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(step_of(j, 1), "year")), 2029);
    json_decref(j);
    /* a period counted from that provisional date is provisional for the same years, even
     * where it ends in a covered year (a calendar with 2029 alone) */
    rules_calendar c;
    rules_calendar_init(&c);
    ck_assert_int_eq(rules_calendar_add_year(&c, 2029), 0);
    struct rules_deadline ext;
    ck_assert_int_eq(rules_period_compute(&c, d.due, 15, RULES_UNIT_DAYS, RULES_ROLL_FORWARD, &ext),
                     RULES_OK);
    ck_assert(!ext.provisional);
    rules_deadline_inherit(&ext, &d);
    ck_assert(ext.provisional);
    ck_assert_int_eq(ext.missing_year, 2028);
    ck_assert_int_eq(ext.nmissing, 2);
    rules_deadline_provisional(&ext, 2028); /* once per year */
    ck_assert_int_eq(ext.nmissing, 2);
    rules_calendar_free(&c);
}
END_TEST

START_TEST(events_on_the_last_day_of_the_year)
{
    struct rules_deadline d;
    /* SZ-APP-DEBTOR-OBJECTION from Thursday 2026-12-31: into 2027, provisional */
    ck_assert_int_eq(rules_period_due(R(SZ, "SZ-APP-DEBTOR-OBJECTION"), &cal, D("2026-12-31"), &d),
                     RULES_OK);
    ck_assert(d.provisional);
    ck_assert_str_eq(F(d.due), "2027-01-07");
    ck_assert_int_eq(d.missing_year, 2027);
    /* the first meeting's notice, 15 days before a meeting on 2026-12-31: 2026-12-16, known */
    ck_assert_int_eq(rules_period_due(R(SZ, "SZ-MTG-NOTICE"), &cal, D("2026-12-31"), &d), RULES_OK);
    ck_assert(!d.provisional);
    ck_assert_str_eq(F(d.due), "2026-12-16");
    /* the notice of a meeting on 2027-01-16 (Saturday) is due 2027-01-01, which the law may
     * well make a holiday: provisional */
    ck_assert_int_eq(rules_period_due(R(SZ, "SZ-MTG-NOTICE"), &cal, D("2027-01-16"), &d), RULES_OK);
    ck_assert(d.provisional);
    ck_assert_str_eq(F(d.due), "2027-01-01");
    /* a period documented not to roll keeps that reading across missing years: the
     * inspection ends 2029-12-31 exactly, needing no calendar */
    ck_assert_int_eq(rules_period_due(R(SZ, "SZ-DIS-INSPECTION"), &cal, D("2026-12-31"), &d),
                     RULES_OK);
    ck_assert(!d.provisional);
    ck_assert_str_eq(F(d.due), "2029-12-31");
    ck_assert_int_eq(d.nskips, 0);
}
END_TEST

START_TEST(unrolled_and_clamped)
{
    struct rules_deadline d;
    /* 31 January + 1 month */
    ck_assert_int_eq(
        rules_period_compute(&cal, D("2026-01-31"), 1, RULES_UNIT_MONTHS, RULES_ROLL_FORWARD, &d),
        RULES_OK);
    ck_assert_str_eq(F(d.due), "2026-02-28");
    /* 29 February + 3 years: the inspection period is not rolled, so no calendar is needed */
    ck_assert_int_eq(rules_period_due(R(SZ, "SZ-DIS-INSPECTION"), NULL, D("2028-02-29"), &d),
                     RULES_OK);
    ck_assert_str_eq(F(d.due), "2031-02-28");
    ck_assert_int_eq(
        rules_period_compute(NULL, D("2028-02-29"), 1, RULES_UNIT_YEARS, RULES_ROLL_NONE, &d),
        RULES_OK);
    ck_assert_str_eq(F(d.due), "2029-02-28");
    /* the re-application bar of SZ-APP-WITHDRAW */
    ck_assert_int_eq(rules_period_due_param(R(SZ, "SZ-APP-WITHDRAW"), "reapply_bar_years",
                                            RULES_UNIT_YEARS, NULL, D("2026-06-15"), &d),
                     RULES_OK);
    ck_assert_str_eq(F(d.due), "2027-06-15");
    ck_assert_int_eq(
        rules_period_compute(&cal, D("2026-01-01"), -1, RULES_UNIT_DAYS, RULES_ROLL_FORWARD, &d),
        RULES_E_INVALID);
}
END_TEST

START_TEST(extension)
{
    struct rules_deadline first, ext;
    const struct rule *r = R(SZ, "SZ-APP-DECIDE");
    rules_period_due(r, &cal, D("2026-01-20"), &first);
    ck_assert_int_eq(
        rules_period_due_param(r, "extension_days", RULES_UNIT_DAYS, &cal, first.due, &ext),
        RULES_OK);
    ck_assert_str_eq(F(ext.due), "2026-03-11");
    ck_assert_str_eq(ext.rule_id, "SZ-APP-DECIDE");
    ck_assert_int_eq(rules_period_due_param(r, "no_such", RULES_UNIT_DAYS, &cal, first.due, &ext),
                     RULES_E_PARAM);
    ck_assert_str_eq(ext.rule_id, "SZ-APP-DECIDE");
}
END_TEST

START_TEST(fixed_claim_periods)
{
    static const struct {
        const char *profile, *id, *sub;
        int days;
        rules_err want;
        const char *rule_id;
    } t[] = {
        {SZ, "SZ-CLM-PERIOD", NULL, 29, RULES_E_INVALID, "SZ-CLM-PERIOD"},
        {SZ, "SZ-CLM-PERIOD", NULL, 30, RULES_OK, "SZ-CLM-PERIOD"},
        {SZ, "SZ-CLM-PERIOD", NULL, 60, RULES_OK, "SZ-CLM-PERIOD"},
        {SZ, "SZ-CLM-PERIOD", NULL, 61, RULES_E_INVALID, "SZ-CLM-PERIOD"},
        {PRC, "SZ-CLM-PERIOD", NULL, 61, RULES_OK, "PRC-CLM-PERIOD"},
        {PRC, "SZ-CLM-PERIOD", NULL, 90, RULES_OK, "PRC-CLM-PERIOD"},
        {PRC, "SZ-CLM-PERIOD", NULL, 91, RULES_E_INVALID, "PRC-CLM-PERIOD"},
        {PRC, "SZ-CLM-PERIOD", NULL, 29, RULES_E_INVALID, "PRC-CLM-PERIOD"},
        {PRC, "PRC-SUM-PERIODS", "claim_period", 6, RULES_E_INVALID, "PRC-SUM-PERIODS"},
        {PRC, "PRC-SUM-PERIODS", "claim_period", 7, RULES_OK, "PRC-SUM-PERIODS"},
        {PRC, "PRC-SUM-PERIODS", "claim_period", 30, RULES_OK, "PRC-SUM-PERIODS"},
        {PRC, "PRC-SUM-PERIODS", "claim_period", 31, RULES_E_INVALID, "PRC-SUM-PERIODS"},
        {SZ, "SZ-SET-CLAIM-PERIOD", NULL, 29, RULES_E_INVALID, "SZ-SET-CLAIM-PERIOD"},
        {SZ, "SZ-SET-CLAIM-PERIOD", NULL, 200, RULES_OK, "SZ-SET-CLAIM-PERIOD"},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        struct rules_deadline d;
        struct rule sub;
        const struct rule *r = R(t[i].profile, t[i].id);
        if (t[i].sub) {
            ck_assert(rules_subrule(r, t[i].sub, &sub));
            r = &sub;
        }
        ck_assert_msg(rules_period_fixed(r, &cal, D("2026-03-02"), t[i].days, &d) == t[i].want,
                      "row %zu", i);
        ck_assert_str_eq(d.rule_id, t[i].rule_id);
    }
    struct rules_deadline d;
    rules_period_fixed(R(SZ, "SZ-CLM-PERIOD"), &cal, D("2026-01-16"), 30, &d);
    ck_assert_str_eq(F(d.due), "2026-02-24"); /* 02-15 holiday .. 02-23 */
    ck_assert_int_eq(rules_period_fixed(R(SZ, "SZ-APP-APPEAL"), &cal, D("2026-01-16"), 30, &d),
                     RULES_E_PARAM);
}
END_TEST

START_TEST(sub_rule_and_missing_params)
{
    struct rules_deadline d;
    struct rule sub;
    ck_assert(rules_subrule(R(PRC, "PRC-SUM-PERIODS"), "first_meeting", &sub));
    ck_assert_int_eq(rules_period_due(&sub, &cal, D("2026-03-02"), &d), RULES_OK);
    ck_assert_str_eq(F(d.due), "2026-03-09");
    ck_assert(rules_subrule(R(SZ, "SZ-CLM-OBJECTION"), "lawsuit", &sub));
    ck_assert_int_eq(rules_period_due(&sub, &cal, D("2026-03-02"), &d), RULES_OK);
    ck_assert_str_eq(F(d.due), "2026-03-17");
    ck_assert_int_eq(rules_period_due(R(SZ, "SZ-APP-MATERIALS"), &cal, D("2026-03-02"), &d),
                     RULES_E_PARAM);
    ck_assert_str_eq(d.rule_id, "SZ-APP-MATERIALS");
    ck_assert_int_eq(rules_period_due(R(SZ, "SZ-CLM-PERIOD"), &cal, D("2026-03-02"), &d),
                     RULES_E_PARAM);
    ck_assert_int_eq(rules_period_due(NULL, &cal, D("2026-03-02"), &d), RULES_E_PARAM);
}
END_TEST

START_TEST(lookback)
{
    bool in;
    date_t start;
    const struct rule *r = R(SZ, "SZ-PROP-REVOKE-3Y");
    ck_assert_int_eq(rules_lookback_contains(r, D("2026-03-15"), D("2023-03-15"), &in, &start),
                     RULES_OK);
    ck_assert(in);
    ck_assert_str_eq(F(start), "2023-03-15");
    rules_lookback_contains(r, D("2026-03-15"), D("2023-03-14"), &in, NULL);
    ck_assert(!in);
    rules_lookback_contains(r, D("2026-03-15"), D("2026-03-15"), &in, NULL);
    ck_assert(in);
    rules_lookback_contains(r, D("2026-03-15"), D("2026-03-16"), &in, NULL);
    ck_assert(!in);
    r = R(PRC, "SZ-PROP-REVOKE-3Y"); /* PRC-LOOKBACK: 6 months */
    ck_assert_str_eq(r->id, "PRC-LOOKBACK");
    rules_lookback_contains(r, D("2026-08-31"), D("2026-02-28"), &in, &start);
    ck_assert(in);
    ck_assert_str_eq(F(start), "2026-02-28");
    rules_lookback_contains(r, D("2026-08-31"), D("2026-02-27"), &in, NULL);
    ck_assert(!in);
    ck_assert_int_eq(rules_lookback_contains(R(SZ, "SZ-APP-APPEAL"), 0, 0, &in, NULL),
                     RULES_E_PARAM);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rules_period");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, csv_loaded);
    tcase_add_test(tc, csv_rejects);
    tcase_add_test(tc, csv_quoting_and_crlf);
    tcase_add_test(tc, rule_periods_table);
    tcase_add_test(tc, trace_contents);
    tcase_add_test(tc, missing_year);
    tcase_add_test(tc, roll_across_the_year_end);
    tcase_add_test(tc, periods_in_missing_years);
    tcase_add_test(tc, events_on_the_last_day_of_the_year);
    tcase_add_test(tc, unrolled_and_clamped);
    tcase_add_test(tc, extension);
    tcase_add_test(tc, fixed_claim_periods);
    tcase_add_test(tc, sub_rule_and_missing_params);
    tcase_add_test(tc, lookback);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
