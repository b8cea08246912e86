/* test_csv.c: the strict RFC 4180 reader: quotes, doubled quotes, CRLF and LF, line breaks
 * inside quotes, empty fields read as absent, and every refusal with its line. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

static const char *const cols[] = {"claim_id", "admitted_amount", "reasons", NULL};

static json_t *parse(const char *text, struct csv_error *err)
{
    memset(err, 0, sizeof *err);
    return csv_to_objects(text, strlen(text), cols, err);
}

static void refused(const char *text, size_t line, const char *needle)
{
    struct csv_error err;
    json_t *rows = parse(text, &err);
    ck_assert_msg(rows == NULL, "accepted: %s", text);
    ck_assert_uint_eq(err.line, line);
    ck_assert_msg(strstr(err.message, needle) != NULL, "message \"%s\" lacks \"%s\"", err.message,
                  needle);
}

START_TEST(plain_lf_and_crlf)
{
    struct csv_error err;
    json_t *rows = parse("claim_id,admitted_amount\na,1.00\r\nb,2.50\n", &err);
    ck_assert_ptr_nonnull(rows);
    ck_assert_uint_eq(json_array_size(rows), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 1), "admitted_amount")),
                     "2.50");
    json_decref(rows);
    rows = parse("claim_id\r\nx", &err); /* no final line end */
    ck_assert_uint_eq(json_array_size(rows), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "claim_id")), "x");
    json_decref(rows);
}
END_TEST

START_TEST(quotes_commas_and_line_breaks)
{
    struct csv_error err;
    json_t *rows = parse("claim_id,reasons\na,\"interest, after \"\"acceptance\"\"\nrefused\"\n"
                         "b,\"\"\n",
                         &err);
    ck_assert_ptr_nonnull(rows);
    ck_assert_uint_eq(json_array_size(rows), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "reasons")),
                     "interest, after \"acceptance\"\nrefused");
    /* an empty field, quoted or not, is absent */
    ck_assert_ptr_null(json_object_get(json_array_get(rows, 1), "reasons"));
    json_decref(rows);
}
END_TEST

START_TEST(header_only_is_no_rows)
{
    struct csv_error err;
    json_t *rows = parse("claim_id,admitted_amount\n", &err);
    ck_assert_ptr_nonnull(rows);
    ck_assert_uint_eq(json_array_size(rows), 0);
    json_decref(rows);
}
END_TEST

START_TEST(refusals_name_the_line)
{
    refused("", 1, "empty");
    refused("claim_id,colour\n", 1, "unknown column \"colour\"");
    refused("claim_id,claim_id\n", 1, "named twice");
    refused("claim_id,\n", 1, "empty");
    refused("claim_id,reasons\na,b\nc\n", 3, "has 1 fields; the header names 2");
    refused("claim_id,reasons\na,b\"c\n", 2, "quote inside an unquoted field");
    refused("claim_id,reasons\na,\"b\"c\n", 2, "after a closing quote");
    refused("claim_id,reasons\na,\"open\n", 3, "not closed");
    refused("claim_id,reasons\na,b\rc\n", 2, "carriage return");
    refused("claim_id\n\xff\n", 2, "UTF-8");
    /* lines count the line breaks inside quoted fields */
    refused("claim_id,reasons\na,\"x\ny\"\nb\n", 4, "has 1 fields");
}
END_TEST

START_TEST(nul_byte_refused)
{
    struct csv_error err;
    const char text[] = "claim_id\na\0b\n";
    ck_assert_ptr_null(csv_to_objects(text, sizeof text - 1, cols, &err));
    ck_assert_uint_eq(err.line, 2);
    ck_assert_ptr_nonnull(strstr(err.message, "NUL"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("csv");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, plain_lf_and_crlf);
    tcase_add_test(tc, quotes_commas_and_line_breaks);
    tcase_add_test(tc, header_only_is_no_rows);
    tcase_add_test(tc, refusals_name_the_line);
    tcase_add_test(tc, nul_byte_refused);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
