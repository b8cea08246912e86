/* claim_table.c: the administrator's claim table (SZ-CLM-TABLE), submitted whole in one
 * request (JSON, or CSV as administrators keep it in spreadsheets), up to
 * CLAIM_TABLE_MAX_ROWS rows. Each row names the claim it reviews and the review: the
 * amount and class admitted, the secured part, the reasons of a partial admission or a
 * rejection. The shape of every row is checked here (its field errors kept with its row
 * number); what needs the claims (the claim is the case's, not withdrawn, the amount within
 * what was claimed, the class one of SZ-LIQ-ORDER's) is checked set-based by
 * submit_claim_table (sql/600), which writes the new numbered version in a few statements.
 * Atomic by default: one refused row and nothing is written (422 with every row's result);
 * atomic=false writes the rows that pass; validate_only writes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "clock.h"
#include "csv.h"
#include "money.h"
#include "rules.h"

#define CLAIM_TABLE_MAX_ROWS 10000

static const struct jf_field row_fields[] = {
    {.name = "claim_id", .type = JF_UUID, .required = true},
    {.name = "admitted_amount", .type = JF_MONEY, .required = true},
    {.name = "admitted_class", .type = JF_STRING, .required = true, .min = 1, .max = 32},
    {.name = "secured_amount", .type = JF_MONEY, .nullable = true},
    {.name = "reasons", .type = JF_STRING, .nullable = true, .min = 1, .max = 2000},
    {NULL},
};

/* The columns of a CSV table: the row fields' names. */
static const char *const csv_columns[] = {"claim_id",       "admitted_amount", "admitted_class",
                                          "secured_amount", "reasons",         NULL};

struct table_in {
    int validate_only, atomic;
    const json_t *rows;
    char *rows_json; /* the rows that passed the shape checks, for SQL */
    json_t *refused; /* {row, claim_id, errors} of the rows that did not, by row */
};

static void table_cleanup(struct api_call *c)
{
    struct table_in *in = c->arg;
    free(in->rows_json);
    json_decref(in->refused);
}

/* A CSV body as the JSON body {"rows": [...]}: row numbers are the data rows' (the header
 * not counted), as in JSON. */
static enum http_step csv_rows(struct api_call *c, json_t **out)
{
    struct csv_error err;
    json_t *rows = csv_to_objects(c->r->body ? c->r->body : "", c->r->body_len, csv_columns, &err);
    if (rows == NULL) {
        char field[32];
        snprintf(field, sizeof field, "line %zu", err.line);
        return http_replied(
            http_problem_fields(c->r, PROBLEM_VALIDATION, "the CSV is not valid",
                                json_pack("[{s:s, s:s}]", "field", field, "message", err.message)));
    }
    *out = json_pack("{s:o}", "rows", rows);
    return HTTP_GO_ON;
}

/* One row's shape; a valid row goes to SQL as {row, claim_id, admitted_fen, ...}. */
static json_t *checked_row(json_t *row, size_t n, json_t *refused)
{
    json_t *errors = json_array();
    jf_validate(row, row_fields, errors);
    if (json_array_size(errors) > 0) {
        const char *id =
            json_is_string(json_object_get(row, "claim_id")) ? jf_str(row, "claim_id") : NULL;
        json_array_append_new(refused,
                              json_pack("{s:I, s:s?, s:o}", "row", (json_int_t)n, "claim_id",
                                        id && jf_is_uuid(id) ? id : NULL, "errors", errors));
        return NULL;
    }
    json_decref(errors);
    int64_t admitted = 0, secured = 0;
    jf_money(row, "admitted_amount", &admitted);
    jf_money(row, "secured_amount", &secured);
    return json_pack("{s:I, s:s, s:I, s:s, s:I, s:s?}", "row", (json_int_t)n, "claim_id",
                     jf_str(row, "claim_id"), "admitted_fen", (json_int_t)admitted,
                     "admitted_class", jf_str(row, "admitted_class"), "secured_fen",
                     (json_int_t)secured, "reasons", jf_str(row, "reasons"));
}

static enum http_step check_rows(struct api_call *c)
{
    struct table_in *in = c->arg;
    json_t *good = json_array();
    in->refused = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(in->rows, i, row)
    {
        json_t *ok = checked_row(row, i + 1, in->refused);
        if (ok)
            json_array_append_new(good, ok);
    }
    in->rows_json = json_dumps(good, JSON_COMPACT);
    json_decref(good);
    return in->rows_json ? HTTP_GO_ON : HTTP_FAILED;
}

/* The rows refused here and those SQL answered, in row order. */
static json_t *merged(json_t *sql_rows, const json_t *refused)
{
    json_t *all = json_array();
    size_t a = 0, b = 0, na = json_array_size(sql_rows), nb = json_array_size(refused);
    while (a < na || b < nb) {
        json_t *x = json_array_get(sql_rows, a), *y = json_array_get(refused, b);
        bool take_x = y == NULL || (x != NULL && jf_int(x, "row", 0) < jf_int(y, "row", 0));
        json_array_append(all, take_x ? x : y);
        take_x ? a++ : b++;
    }
    return all;
}

static enum db_status submit_tx(struct db_tx *tx, struct api_call *c)
{
    struct table_in *in = c->arg;
    const char *case_id = c->r->params[0];
    json_t *facts = NULL, *result = NULL;
    enum db_status st = db_claim_case(tx, &c->who, case_id, &facts);
    if (st == DB_OK && !json_is_true(json_object_get(facts, "visible")))
        st = DB_NOT_FOUND;
    if (st == DB_OK && strcmp(jf_str(facts, "status"), "accepted") != 0)
        st = api_refuse(&c->no, PROBLEM_CONFLICT, NULL, NULL, "the case is not accepted");
    const struct rule *order =
        st == DB_OK ? api_rule(jf_str(facts, "profile"), "SZ-LIQ-ORDER") : NULL;
    size_t refused_here = json_array_size(in->refused);
    bool write = !in->validate_only && (refused_here == 0 || !in->atomic);
    char today[11];
    date_format(clock_today(), today);
    if (st == DB_OK)
        st = db_claim_table_submit(tx, &c->who, case_id, in->rows_json,
                                   rules_param(order, "classes"), write, in->atomic != 0, today,
                                   &result);
    json_decref(facts);
    if (st == DB_NOT_FOUND && order != NULL)
        return api_refuse(
            &c->no, PROBLEM_CONFLICT, NULL, NULL,
            "another claim table of this case is being written; retry when it is done");
    if (st != DB_OK)
        return st;
    json_t *rows = merged(json_object_get(result, "rows"), in->refused);
    json_object_set_new(result, "rows", rows);
    long long refused = jf_int(result, "refused_rows", 0) + (long long)refused_here;
    json_object_set_new(result, "refused_rows", json_integer(refused));
    json_object_set_new(result, "validate_only", json_boolean(in->validate_only));
    json_object_set_new(result, "atomic", json_boolean(in->atomic));
    bool written = json_is_true(json_object_get(result, "written"));
    if (!written && !in->validate_only) { /* refused rows (atomic), or none passed */
        json_object_set_new(result, "type", json_string("/problems/claim-table-rows"));
        json_object_set_new(result, "title", json_string("Rows of the claim table are refused"));
        json_object_set_new(result, "status", json_integer(422));
        char detail[160];
        snprintf(detail, sizeof detail,
                 "%lld row(s) refused; nothing was written: correct them "
                 "and submit the whole table again",
                 refused);
        json_object_set_new(result, "detail", json_string(detail));
        c->status = 422;
    } else {
        c->status = written ? 201 : 200;
    }
    if (written && asprintf(&c->r->location, "/v1/applications/%s/claim-table?version=%lld",
                            case_id, jf_int(result, "version", 0)) < 0)
        c->r->location = NULL;
    c->out = result;
    return DB_OK;
}

enum MHD_Result api_claim_table_submit(struct http_request *r)
{
    struct table_in in = {.atomic = 1};
    const struct jf_field query[] = {
        {.name = "validate_only", .type = JF_BOOL, .dst = &in.validate_only},
        {.name = "atomic", .type = JF_BOOL, .dst = &in.atomic},
        {NULL},
    };
    const struct jf_field body[] = {
        {.name = "rows",
         .type = JF_ARRAY,
         .required = true,
         .min = 1,
         .max = CLAIM_TABLE_MAX_ROWS,
         .item_type = JF_OBJECT,
         .dst = &in.rows},
        {NULL},
    };
    const struct api_handler h = {.name = "claim_table_submit",
                                  .write = true,
                                  .touches_memos = true,
                                  .query = query,
                                  .body = body,
                                  .decode_type = "text/csv",
                                  .decode = csv_rows,
                                  .before = check_rows,
                                  .tx = submit_tx,
                                  .what = "case",
                                  .cleanup = table_cleanup};
    return api_run(r, &h, &in);
}

struct table_get_in {
    long long version;
    bool has_version;
};

static enum db_status get_tx(struct db_tx *tx, struct api_call *c)
{
    const struct table_get_in *in = c->arg;
    const char *case_id = c->r->params[0];
    enum db_status st = db_case_visible(tx, &c->who, case_id);
    char v[24];
    snprintf(v, sizeof v, "%lld", in->version);
    /* creditors and the debtor receive the table once it is served */
    bool served_only = c->role == ROLE_CREDITOR || c->role == ROLE_DEBTOR;
    if (st == DB_OK)
        st = db_claim_table_get(tx, case_id, in->has_version ? v : NULL, served_only, &c->out);
    return st;
}

enum MHD_Result api_claim_table_get(struct http_request *r)
{
    struct table_get_in in = {0};
    const struct jf_field query[] = {
        {.name = "version",
         .type = JF_INT,
         .min = 1,
         .max = 1000000,
         .dst = &in.version,
         .present = &in.has_version},
        {NULL},
    };
    const struct api_handler h = {
        .name = "claim_table_get", .query = query, .tx = get_tx, .what = "claim table"};
    return api_run(r, &h, &in);
}
