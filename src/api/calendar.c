/* calendar.c: the court's calendar of holidays and make-up working days, by year. Anyone
 * may read it; only the court changes it, audited. api_calendar_load gives the rules module
 * the calendar as data. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "caselife.h"
#include "clock.h"
#include "logx.h"
#include "rules_period.h"
#include "settings.h"

static const char *const day_kinds[] = {"holiday", "workday", NULL};

static const struct jf_field day_fields[] = {
    {"date", JF_DATE, true, false, 0, 0},
    {"kind", JF_ENUM, true, false, 0, 0, day_kinds},
    {"name", JF_STRING, true, false, 1, 60},
    {NULL},
};

/* The year of the path, and what a PUT says of it. */
struct calendar_in {
    int year;
    const char *source;
    const json_t *days;
    bool missing; /* a GET found the year not entered */
};

static enum db_status load_tx(struct db_tx *tx, void *arg)
{
    json_t **out = arg;
    json_decref(*out);
    *out = NULL;
    return db_calendar_all(tx, out);
}

/* {"years": [...], "days": [{date, kind, name}]} as the rules module's calendar. */
static void calendar_from_json(const json_t *all, rules_calendar *cal)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(all, "years"), i, v)
        rules_calendar_add_year(cal, (int)json_integer_value(v));
    json_array_foreach(json_object_get(all, "days"), i, v)
    {
        date_t d;
        if (date_parse(jf_str(v, "date"), &d))
            rules_calendar_add_day(cal, d,
                                   strcmp(jf_str(v, "kind"), "workday") == 0 ? RULES_DAY_WORKDAY
                                                                             : RULES_DAY_HOLIDAY,
                                   jf_str(v, "name"));
    }
}

/* The calendar is read on every write that opens a deadline; it changes a few times a
 * year. One copy is kept for the process, valid for the version the watcher reports. */
static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;
static rules_calendar cache;
static unsigned long cache_version;
static bool cache_valid;

static int copy_calendar(rules_calendar *to, const rules_calendar *from)
{
    rules_calendar_init(to);
    for (size_t i = 0; i < from->nyears; i++)
        if (rules_calendar_add_year(to, from->years[i]) != 0)
            return -1;
    for (size_t i = 0; i < from->ndays; i++)
        if (rules_calendar_add_day(to, from->days[i].date, from->days[i].kind,
                                   from->days[i].name) != 0)
            return -1;
    return 0;
}

static bool from_cache(rules_calendar *cal, unsigned long version)
{
    bool hit = false;
    pthread_rwlock_rdlock(&cache_lock);
    if (cache_valid && cache_version == version)
        hit = copy_calendar(cal, &cache) == 0;
    pthread_rwlock_unlock(&cache_lock);
    if (!hit)
        rules_calendar_free(cal);
    return hit;
}

static void to_cache(const rules_calendar *cal, unsigned long version)
{
    pthread_rwlock_wrlock(&cache_lock);
    rules_calendar_free(&cache);
    cache_valid = copy_calendar(&cache, cal) == 0;
    cache_version = version;
    pthread_rwlock_unlock(&cache_lock);
}

void api_calendar_forget(void)
{
    pthread_rwlock_wrlock(&cache_lock);
    rules_calendar_free(&cache);
    cache_valid = false;
    pthread_rwlock_unlock(&cache_lock);
}

enum db_status api_calendar_load(rules_calendar *cal)
{
    unsigned long version = 0;
    bool versioned = db_calendar_version(&version); /* taken before the read: a change
                                                        during it makes the next load reload */
    if (versioned && from_cache(cal, version))
        return DB_OK;
    json_t *all = NULL;
    enum db_status st = db_read(load_tx, &all);
    if (st != DB_OK)
        return st;
    calendar_from_json(all, cal);
    json_decref(all);
    if (versioned)
        to_cache(cal, version);
    return DB_OK;
}

/* The year is decoded before the runner reads anything, as the route table decodes UUIDs:
 * a path that names no year is a 404 whatever the request says. */
static enum http_step path_year(struct http_request *r, int *year)
{
    char *end;
    long y = strtol(r->params[0], &end, 10);
    if (*end != '\0' || strlen(r->params[0]) != 4 || y < 1900 || y > 2200)
        return http_replied(http_problem(r, PROBLEM_NOT_FOUND, "a calendar year is 1900 to 2200"));
    *year = (int)y;
    return HTTP_GO_ON;
}

static enum db_status year_tx(struct db_tx *tx, struct api_call *c)
{
    const struct calendar_in *in = c->arg;
    return db_calendar_year(tx, in->year, &c->out);
}

/* A year the court has not entered is not there yet: 404, saying how it gets there. */
static enum db_status get_tx(struct db_tx *tx, struct api_call *c)
{
    struct calendar_in *in = c->arg;
    enum db_status st = year_tx(tx, c);
    if (st == DB_OK && !json_is_true(json_object_get(c->out, "covered"))) {
        in->missing = true;
        return DB_NOT_FOUND;
    }
    return st;
}

static enum MHD_Result year_missing(struct api_call *c, enum db_status st)
{
    const struct calendar_in *in = c->arg;
    if (st != DB_NOT_FOUND || !in->missing)
        return api_db_failure(c->r, st, "calendar year");
    char detail[200];
    snprintf(detail, sizeof detail,
             "the court calendar has no year %d yet; the court adds it "
             "with PUT /v1/calendar/%d (source and days)",
             in->year, in->year);
    return http_problem_with(
        c->r, PROBLEM_NOT_FOUND, detail,
        json_pack("{s:i, s:s}", "year", in->year, "add_with", "PUT /v1/calendar/{year}"));
}

enum MHD_Result api_calendar_get(struct http_request *r)
{
    struct calendar_in in = {0};
    enum http_step step = path_year(r, &in.year);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    const struct api_handler h = {
        .name = "calendar_get", .tx = get_tx, .what = "calendar year", .failed = year_missing};
    return api_run(r, &h, &in);
}

/* ---- coverage ---- */

/* The year's warn-from date (settings: CALENDAR_WARN_FROM, MM-DD). */
static date_t warn_from(int year)
{
    const struct settings *s = http_settings();
    unsigned md = s && s->calendar_warn_md ? s->calendar_warn_md : 1101;
    return date_from_ymd(year, (int)(md / 100), (int)(md % 100)); /* checked at start-up */
}

/* {"last_covered_year": N|null, "warnings": [{code, year, message}]}: the current year
 * missing, or from the warn-from date on, next year missing. */
static json_t *coverage_of(const rules_calendar *cal, date_t today)
{
    int year = date_year(today);
    json_t *warnings = json_array();
    for (int y = year; y <= year + 1; y++) {
        if (rules_calendar_has_year(cal, y) || (y > year && today < warn_from(year)))
            continue;
        char msg[300];
        snprintf(msg, sizeof msg,
                 "the court calendar has no year %d: deadlines that need it are "
                 "provisional (dated on weekends alone) until the court enters it with PUT "
                 "/v1/calendar/%d",
                 y, y);
        json_array_append_new(warnings,
                              json_pack("{s:s, s:i, s:s}", "code", "calendar_year_missing", "year",
                                        y, "message", msg));
    }
    json_t *last = cal->nyears ? json_integer(cal->years[cal->nyears - 1]) : json_null();
    return json_pack("{s:o, s:o}", "last_covered_year", last, "warnings", warnings);
}

static pthread_mutex_t warned_lock = PTHREAD_MUTEX_INITIALIZER;
static date_t warned_on = -1;

enum db_status api_calendar_coverage(json_t **out)
{
    rules_calendar cal;
    rules_calendar_init(&cal);
    enum db_status st = api_calendar_load(&cal);
    if (st == DB_OK) {
        date_t today = clock_today();
        *out = coverage_of(&cal, today);
        pthread_mutex_lock(&warned_lock);
        bool log_now = warned_on != today && json_array_size(json_object_get(*out, "warnings")) > 0;
        if (log_now)
            warned_on = today;
        pthread_mutex_unlock(&warned_lock);
        size_t i;
        json_t *w;
        json_array_foreach(log_now ? json_object_get(*out, "warnings") : NULL, i, w)
            log_msg(LOG_WARN, NULL, "court calendar: %s", jf_str(w, "message"));
    }
    rules_calendar_free(&cal);
    return st;
}

/* Each day within the year, once; a make-up working day falls on a weekend. */
static void check_days(struct api_call *c, json_t *errors)
{
    const struct calendar_in *in = c->arg;
    const json_t *days = in->days;
    int year = in->year;
    size_t i;
    json_t *day;
    json_array_foreach(days, i, day)
    {
        char field[48];
        snprintf(field, sizeof field, "days[%zu].date", i);
        date_t d;
        date_parse(jf_str(day, "date"), &d);
        if (date_year(d) != year)
            jf_error(errors, field, "must fall in the year of the path");
        if (strcmp(jf_str(day, "kind"), "workday") == 0 && date_weekday(d) < 6)
            jf_error(errors, field, "a make-up working day is a Saturday or Sunday");
        for (size_t j = 0; j < i; j++)
            if (strcmp(jf_str(json_array_get(days, j), "date"), jf_str(day, "date")) == 0)
                jf_error(errors, field, "is listed twice");
    }
}

/* Every date that waited for a calendar year is re-dated, and every check made on a
 * provisional bound made again, in the transaction that enters the year. */
static enum db_status date_waiting_deadlines(struct db_tx *tx, const struct db_actor *who, int year)
{
    json_t *all = NULL;
    enum db_status st = db_calendar_all(tx, &all);
    rules_calendar cal;
    rules_calendar_init(&cal);
    calendar_from_json(all, &cal);
    if (st == DB_OK)
        st = caselife_calendar_entered(tx, who, &cal, year);
    rules_calendar_free(&cal);
    json_decref(all);
    return st;
}

static enum db_status put_tx(struct db_tx *tx, struct api_call *c)
{
    const struct calendar_in *in = c->arg;
    json_t *before = NULL;
    enum db_status st = db_calendar_year(tx, in->year, &before);
    if (st == DB_OK)
        st = db_calendar_replace_year(tx, in->year, in->source, in->days);
    if (st == DB_OK) {
        char object[8];
        snprintf(object, sizeof object, "%d", in->year);
        json_t *detail = json_pack("{s:O, s:O}", "before", before, "after", c->in);
        st = db_audit(tx, &c->who, "calendar.replace", "calendar_year", object, NULL, detail);
        json_decref(detail);
    }
    if (st == DB_OK)
        st = date_waiting_deadlines(tx, &c->who, in->year);
    json_decref(before);
    return st == DB_OK ? year_tx(tx, c) : st;
}

/* This instance reads the new calendar at once, not when it hears of the change. Only an
 * attempt that replaced the year leaves a reply (a replay or a refusal leaves none); should
 * its commit have failed after all, forgetting costs one reload. */
static void forget_replaced(struct api_call *c)
{
    if (c->out != NULL)
        api_calendar_forget();
}

enum MHD_Result api_calendar_put(struct http_request *r)
{
    struct calendar_in in = {0};
    enum http_step step = path_year(r, &in.year);
    if (step != HTTP_GO_ON)
        return http_step_done(step);
    const struct jf_field body[] = {
        {.name = "source",
         .type = JF_STRING,
         .required = true,
         .min = 1,
         .max = 300,
         .dst = &in.source},
        {.name = "days",
         .type = JF_ARRAY,
         .required = true,
         .max = 120,
         .fields = day_fields,
         .item_type = JF_OBJECT,
         .dst = &in.days},
        {NULL},
    };
    const struct api_handler h = {.name = "calendar_put",
                                  .write = true,
                                  .body = body,
                                  .check = check_days,
                                  .tx = put_tx,
                                  .what = "calendar year",
                                  .cleanup = forget_replaced};
    return api_run(r, &h, &in);
}
