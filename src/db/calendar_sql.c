/* calendar_sql.c: the court's calendar of holidays and make-up working days. */
#include <stdio.h>
#include <stdlib.h>

#include "db_internal.h"

static const struct db_stmt ALL = {
    "calendar_all",
    "SELECT json_build_object("
    "'years', (SELECT coalesce(json_agg(year ORDER BY year), '[]') FROM calendar_years), "
    "'days', (SELECT coalesce(json_agg(json_build_object('date', day, 'kind', kind, 'name', name) "
    "ORDER BY day), '[]') FROM calendar_days))",
    0};

static const struct db_stmt YEAR = {
    "calendar_year",
    "SELECT json_build_object('year', $1::int, "
    "'covered', EXISTS (SELECT 1 FROM calendar_years WHERE year = $1::int), "
    "'source', (SELECT source FROM calendar_years WHERE year = $1::int), "
    "'updated_at', (SELECT updated_at FROM calendar_years WHERE year = $1::int), "
    "'days', (SELECT coalesce(json_agg(json_build_object('date', day, 'kind', kind, 'name', name) "
    "ORDER BY day), '[]') FROM calendar_days WHERE year = $1::int))",
    1};

static const struct db_stmt UPSERT_YEAR = {
    "calendar_upsert_year",
    "INSERT INTO calendar_years (year, source) VALUES ($1::int, $2) "
    "ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, updated_at = now()",
    2};

static const struct db_stmt CLEAR_YEAR = {"calendar_clear_year",
                                          "DELETE FROM calendar_days WHERE year = $1::int", 1};

static const struct db_stmt INSERT_DAYS = {
    "calendar_insert_days",
    "INSERT INTO calendar_days (day, year, kind, name) "
    "SELECT d.date, $1::int, d.kind, d.name FROM jsonb_to_recordset($2::jsonb) "
    "AS d(date date, kind text, name text)",
    2};

enum db_status db_calendar_all(struct db_tx *tx, json_t **out)
{
    return dbi_json_one(tx, &ALL, NULL, out);
}

enum db_status db_calendar_year(struct db_tx *tx, int year, json_t **out)
{
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    const char *params[1] = {y};
    return dbi_json_one(tx, &YEAR, params, out);
}

enum db_status db_calendar_replace_year(struct db_tx *tx, int year, const char *source,
                                        const json_t *days)
{
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    const char *upsert[2] = {y, source};
    const char *clear[1] = {y};
    enum db_status st = dbi_command(tx, &UPSERT_YEAR, upsert);
    if (st == DB_OK) {
        st = dbi_command(tx, &CLEAR_YEAR, clear);
        if (st == DB_NOT_FOUND) /* a year with no special days before */
            st = DB_OK;
    }
    if (st == DB_OK && json_array_size(days) > 0) {
        char *text = dbi_json_param(days);
        const char *insert[2] = {y, text};
        st = dbi_command(tx, &INSERT_DAYS, insert);
        free(text);
    }
    return st;
}

/* This file's statements, for the registry (statements.c). */
const struct db_stmt *const dbi_calendar_statements[] = {&ALL,        &YEAR,        &UPSERT_YEAR,
                                                         &CLEAR_YEAR, &INSERT_DAYS, NULL};
