/* test_rules_catalogue.c: catalogue parsing, validation, lookup with profiles and
 * stand-ins, params, served JSON, and every id of shared/RULES.md being present. */
#include "embedded.h"
#include "rules.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SZ "shenzhen-2021"
#define PRC "prc-draft-2000"

static const rules_catalogue *cat(void)
{
    const rules_catalogue *c = rules_builtin();
    ck_assert_msg(c != NULL, "builtin catalogue invalid: %s", rules_builtin_error());
    return c;
}

static int64_t i64(const char *profile, const char *id, const char *name)
{
    const struct rule *r = rules_find(cat(), profile, id);
    int64_t v = -1;
    ck_assert_msg(r, "missing %s", id);
    ck_assert_msg(rules_param_i64(r, name, &v), "%s lacks %s", id, name);
    return v;
}

START_TEST(builtin_parses)
{
    const rules_catalogue *c = cat();
    ck_assert_ptr_eq(c, rules_builtin());
    ck_assert_str_eq(rules_default_profile(c), SZ);
    ck_assert_str_eq(rules_builtin_error(), "");
    ck_assert_int_eq(rules_profile_count(c), 2);
    ck_assert_str_eq(rules_profile_base(c, PRC), SZ);
    ck_assert_ptr_null(rules_profile_base(c, SZ));
    ck_assert(rules_count(c) >= 116);
}
END_TEST

/* Reads every id of the digest at test time; a missing file fails the test. */
START_TEST(every_rules_md_id_present)
{
    const char *path = getenv("RULES_MD") ? getenv("RULES_MD") : "tests/data/RULES.md";
    FILE *f = fopen(path, "r");
    char line[4096];
    int n = 0, nsz = 0, nprc = 0;
    ck_assert_msg(f != NULL, "RULES.md not found at %s (set RULES_MD)", path);
    while (fgets(line, sizeof line, f)) {
        char id[64];
        bool prc = strncmp(line, "| PRC-", 6) == 0;
        if (strncmp(line, "| SZ-", 5) != 0 && !prc)
            continue;
        ck_assert(sscanf(line + 2, "%63[A-Z0-9-]", id) == 1);
        const struct rule *r = rules_find(cat(), prc ? PRC : SZ, id);
        ck_assert_msg(r != NULL, "%s missing from the catalogue", id);
        ck_assert_str_eq(r->id, id);
        ck_assert_str_eq(r->profile, prc ? PRC : SZ);
        ck_assert_ptr_null(r->stands_for);
        ck_assert(strlen(r->citation) > 0 && strlen(r->title) > 0);
        n++;
        prc ? nprc++ : nsz++;
    }
    fclose(f);
    ck_assert_msg(n >= 100, "only %d ids read from %s", n, path);
    ck_assert(nsz > 0 && nprc > 0);
}
END_TEST

START_TEST(lead_param_names)
{
    const struct rule *m = rules_find(cat(), SZ, "SZ-APP-MATERIALS");
    ck_assert_int_eq(i64(SZ, "SZ-APP-CREDITOR-MIN", "min_exclusive_fen"), 50000000);
    ck_assert_int_eq(i64(SZ, "SZ-ELIG-RESIDENCE", "min_social_insurance_years"), 3);
    ck_assert_int_eq(i64(SZ, "SZ-APP-WITHDRAW", "reapply_bar_years"), 1);
    ck_assert_int_eq(i64(SZ, "SZ-APP-DECIDE", "days"), 30);
    ck_assert_int_eq(i64(SZ, "SZ-APP-DECIDE", "extension_days"), 15);
    ck_assert_int_eq(i64(SZ, "SZ-APP-DECIDE", "extensions"), 1);
    ck_assert_int_eq(i64(SZ, "SZ-CLM-PERIOD", "min_days"), 30);
    ck_assert_int_eq(i64(SZ, "SZ-CLM-PERIOD", "max_days"), 60);
    ck_assert_int_eq(i64(SZ, "SZ-MTG-NOTICE", "in_advance_days"), 15);
    ck_assert_int_eq(i64(SZ, "SZ-PROP-EXEMPT-CAP", "max_inclusive_fen"), 20000000);
    ck_assert_int_eq(json_array_size(rules_param(m, "debtor")), 9);
    ck_assert_str_eq(json_string_value(json_array_get(rules_param(m, "debtor"), 0)), "application");
    ck_assert_str_eq(json_string_value(json_array_get(rules_param(m, "debtor"), 8)),
                     "dependants_info");
    ck_assert_str_eq(json_string_value(json_array_get(rules_param(m, "creditor"), 1)),
                     "claim_proof");
    ck_assert_str_eq(json_string_value(json_array_get(rules_param(m, "individual_business"), 0)),
                     "employee_wages_social_insurance");
    const json_t *g = rules_param(rules_find(cat(), SZ, "SZ-APP-REJECT-GROUNDS"), "grounds");
    ck_assert_int_eq(json_array_size(g), 3);
    ck_assert_str_eq(json_string_value(json_array_get(g, 2)), "false_statements");
}
END_TEST

START_TEST(inheritance_and_standins)
{
    const rules_catalogue *c = cat();
    const struct rule *r = rules_find(c, PRC, "SZ-CLM-PERIOD");
    ck_assert_str_eq(r->id, "PRC-CLM-PERIOD");
    ck_assert_str_eq(r->stands_for, "SZ-CLM-PERIOD");
    ck_assert_str_eq(r->kind, "period");
    ck_assert_int_eq(i64(PRC, "SZ-CLM-PERIOD", "max_days"), 90);
    ck_assert_int_eq(i64(NULL, "SZ-CLM-PERIOD", "max_days"), 60);
    /* inherited unchanged */
    r = rules_find(c, PRC, "SZ-APP-MATERIALS");
    ck_assert_str_eq(r->id, "SZ-APP-MATERIALS");
    ck_assert_str_eq(r->profile, SZ);
    /* sub-object stand-ins */
    r = rules_find(c, PRC, "SZ-APP-DEBTOR-MATERIALS");
    ck_assert_str_eq(r->id, "PRC-APP-NOTIFY");
    ck_assert_int_eq(i64(PRC, "SZ-APP-DEBTOR-MATERIALS", "days"), 15);
    ck_assert_int_eq(i64(PRC, "SZ-APP-SERVE-RULING", "days"), 5);
    ck_assert_str_eq(rules_param_str(rules_find(c, PRC, "SZ-APP-SERVE-RULING"), "trigger"),
                     "acceptance");
    r = rules_find(c, PRC, "SZ-REO-GROUP-PASS");
    ck_assert_str_eq(r->id, "PRC-REO-GROUPS");
    ck_assert_str_eq(r->kind, "vote");
    r = rules_find(c, PRC, "SZ-REO-PASS");
    ck_assert_str_eq(r->id, "PRC-REO-APPROVAL");
    ck_assert_str_eq(r->kind, "vote"); /* the stand-in keeps the base kind */
    ck_assert_int_eq(i64(PRC, "SZ-APP-DECIDE", "days"), 15);
    ck_assert_int_eq(i64(PRC, "SZ-APP-DECIDE", "extensions"), 0);
    ck_assert_int_eq(i64(PRC, "SZ-MTG-NOTICE", "in_advance_days"), 20);
    ck_assert_int_eq(i64(PRC, "SZ-MTG-COMMITTEE", "max"), 3);
    /* direct PRC ids, and none of them in the Shenzhen profile */
    ck_assert_ptr_nonnull(rules_find(c, PRC, "PRC-DIS-TIERS"));
    ck_assert_ptr_null(rules_find(c, SZ, "PRC-DIS-TIERS"));
    ck_assert_ptr_null(rules_find(c, SZ, "NO-SUCH-RULE"));
    ck_assert_ptr_null(rules_find(c, "atlantis", "SZ-CLM-PERIOD"));
    ck_assert_ptr_null(rules_find(c, SZ, NULL));
}
END_TEST

/* A third profile that only changes values: data only. */
START_TEST(third_profile_from_data)
{
    json_t *root = json_loadb((const char *)embedded_catalogue, embedded_catalogue_len, 0, NULL);
    ck_assert_ptr_nonnull(root);
    json_array_append_new(json_object_get(root, "profiles"),
                          json_pack("{s:s,s:s,s:s}", "id", "x-2030", "title", "X", "base", PRC));
    json_array_append_new(json_object_get(root, "rules"),
                          json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:{s:i,s:i},s:[s]}", "id",
                                    "X-CLM-PERIOD", "profile", "x-2030", "title", "t", "citation",
                                    "X Art. 1", "kind", "period", "apply", "compute", "params",
                                    "min_days", 20, "max_days", 45, "overrides", "SZ-CLM-PERIOD"));
    char *text = json_dumps(root, 0), err[256];
    rules_catalogue *c = NULL;
    ck_assert_msg(rules_catalogue_parse(text, strlen(text), &c, err, sizeof err) == 0, "%s", err);
    ck_assert_str_eq(rules_find(c, "x-2030", "SZ-CLM-PERIOD")->id, "X-CLM-PERIOD");
    ck_assert_str_eq(rules_find(c, "x-2030", "SZ-MTG-RESOLUTION")->id, "PRC-MTG-RESOLUTION");
    ck_assert_str_eq(rules_find(c, "x-2030", "SZ-APP-MATERIALS")->id, "SZ-APP-MATERIALS");
    ck_assert_str_eq(rules_find(c, "x-2030", "PRC-CLM-PERIOD")->id, "PRC-CLM-PERIOD");
    json_t *cj = rules_catalogue_json(c, "x-2030", NULL);
    json_t *rs = json_object_get(cj, "rules");
    size_t i;
    json_t *e;
    bool saw_x = false;
    json_array_foreach(rs, i, e)
    {
        const char *id = json_string_value(json_object_get(e, "id"));
        ck_assert_str_ne(id, "SZ-CLM-PERIOD");
        ck_assert_str_ne(id, "PRC-CLM-PERIOD"); /* overridden again in x-2030 */
        saw_x |= strcmp(id, "X-CLM-PERIOD") == 0;
    }
    ck_assert(saw_x);
    json_decref(cj);
    rules_catalogue_free(c);
    free(text);
    json_decref(root);
}
END_TEST

static const char *BASE_HEAD = "{\"default_profile\":\"a\",\"profiles\":[{\"id\":\"a\"},{\"id\":"
                               "\"b\",\"base\":\"a\"}],\"rules\":[";
static const char *GOOD_ENTRY =
    "{\"id\":\"A-ONE\",\"profile\":\"a\",\"title\":\"t\",\"citation\":\"c\","
    "\"kind\":\"period\",\"apply\":\"compute\",\"params\":{\"days\":5}}";

static int parse_with(const char *entries, char *err, size_t errlen)
{
    char text[4096];
    rules_catalogue *c = NULL;
    snprintf(text, sizeof text, "%s%s]}", BASE_HEAD, entries);
    int rc = rules_catalogue_parse(text, strlen(text), &c, err, errlen);
    if (rc == 0)
        ck_assert_ptr_nonnull(c);
    else
        ck_assert_ptr_null(c);
    rules_catalogue_free(c);
    return rc;
}

/* Every period (and period sub-rule) states whether it rolls; the ones that do not are the
 * ones README's "The law in the service" lists. Walks params and their sub-objects. */
static void rolls_of(const json_t *p, const char *path, char *none, size_t cap)
{
    static const char *const lengths[] = {
        "days",           "months",          "years", "in_advance_days", "min_days", "max_days",
        "lookback_years", "lookback_months", NULL};
    bool period = false;
    for (const char *const *k = lengths; *k; k++)
        period = period || json_object_get(p, *k) != NULL;
    const char *roll = json_string_value(json_object_get(p, "roll"));
    ck_assert_msg(!period || roll != NULL, "%s is a period that does not say whether it rolls",
                  path);
    if (roll && strcmp(roll, "none") == 0) {
        strncat(none, path, cap - strlen(none) - 1);
        strncat(none, " ", cap - strlen(none) - 1);
    }
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)p, k, v)
    {
        char sub[160];
        snprintf(sub, sizeof sub, "%s.%s", path, k);
        if (json_is_object(v))
            rolls_of(v, sub, none, cap);
    }
}

START_TEST(every_period_says_whether_it_rolls)
{
    const rules_catalogue *c = cat();
    char none[1024] = "";
    for (size_t i = 0; i < rules_count(c); i++) {
        const struct rule *r = rules_at(c, i);
        rolls_of(r->params, r->id, none, sizeof none);
    }
    ck_assert_str_eq(none, "SZ-APP-WITHDRAW SZ-DEBT-PROPERTY-CHANGES SZ-PROP-REVOKE-3Y "
                           "SZ-PROP-PREFERENCE-6M SZ-DIS-INSPECTION PRC-LOOKBACK ");
}
END_TEST

START_TEST(parser_accepts_minimal)
{
    char err[256];
    ck_assert_msg(parse_with(GOOD_ENTRY, err, sizeof err) == 0, "%s", err);
}
END_TEST

START_TEST(parser_rejects)
{
    static const struct {
        const char *entries;
        const char *why;
    } bad[] = {
        {"{\"id\":\"A-ONE\",\"profile\":\"a\",\"citation\":\"c\",\"kind\":\"period\",\"apply\":"
         "\"compute\","
         "\"params\":{\"days\":5}}",
         "title"},
        {"{\"id\":\"a "
         "one\",\"profile\":\"a\",\"title\":\"t\",\"citation\":\"c\",\"kind\":\"period\",\"apply\":"
         "\"compute\",\"params\":{\"days\":5}}",
         "id"},
        {"{\"id\":\"A-ONE\",\"profile\":\"a\",\"title\":\"t\",\"citation\":\"c\",\"kind\":"
         "\"period\","
         "\"apply\":\"compute\",\"params\":{\"days\":5}},"
         "{\"id\":\"A-ONE\",\"profile\":\"b\",\"title\":\"t\",\"citation\":\"c\",\"kind\":"
         "\"period\","
         "\"apply\":\"compute\",\"params\":{\"days\":6}}",
         "duplicate"},
        {"{\"id\":\"A-ONE\",\"profile\":\"a\",\"title\":\"t\",\"citation\":\"c\",\"kind\":"
         "\"deadline\","
         "\"apply\":\"compute\",\"params\":{\"days\":5}}",
         "kind"},
        {"{\"id\":\"A-ONE\",\"profile\":\"a\",\"title\":\"t\",\"citation\":\"c\",\"kind\":"
         "\"period\","
         "\"apply\":\"warn\",\"params\":{\"days\":5}}",
         "apply"},
        {"{\"id\":\"A-ONE\",\"profile\":\"z\",\"title\":\"t\",\"citation\":\"c\",\"kind\":"
         "\"period\","
         "\"apply\":\"compute\",\"params\":{\"days\":5}}",
         "profile"},
        {"{\"id\":\"A-ONE\",\"profile\":\"a\",\"title\":\"t\",\"citation\":\"c\",\"kind\":"
         "\"period\","
         "\"apply\":\"compute\",\"params\":[]}",
         "params"},
        {"{\"id\":\"A-ONE\",\"profile\":\"a\",\"title\":\"t\",\"citation\":\"c\",\"kind\":"
         "\"period\","
         "\"apply\":\"compute\",\"params\":{\"days\":-1}}",
         "negative"},
        {"{\"id\":\"A-ONE\",\"profile\":\"a\",\"title\":\"t\",\"citation\":\"c\",\"kind\":"
         "\"period\","
         "\"apply\":\"compute\",\"params\":{\"days\":\"5\"}}",
         "string days"},
        {"{\"id\":\"A-ONE\",\"profile\":\"a\",\"title\":\"t\",\"citation\":\"c\",\"kind\":"
         "\"period\","
         "\"apply\":\"compute\",\"params\":{}}",
         "no period"},
        {"{\"id\":\"A-ONE\",\"profile\":\"a\",\"title\":\"t\",\"citation\":\"c\",\"kind\":\"vote\","
         "\"apply\":"
         "\"compute\",\"params\":{\"heads\":{\"num\":1,\"den\":2,\"of\":\"present\"}}}",
         "vote no amount"},
        {"{\"id\":\"A-ONE\",\"profile\":\"a\",\"title\":\"t\",\"citation\":\"c\",\"kind\":\"vote\","
         "\"apply\":"
         "\"compute\",\"params\":{\"heads\":{\"num\":1,\"den\":0,\"of\":\"present\"},\"amount\":{"
         "\"num\":1,"
         "\"den\":2,\"of\":\"eligible\"}}}",
         "den 0"},
        {"{\"id\":\"A-ONE\",\"profile\":\"a\",\"title\":\"t\",\"citation\":\"c\",\"kind\":\"vote\","
         "\"apply\":"
         "\"compute\",\"params\":{\"heads\":{\"num\":1,\"den\":2,\"of\":\"everyone\"},\"amount\":{"
         "\"num\":1,"
         "\"den\":2,\"of\":\"eligible\"}}}",
         "bad of"},
        {"{\"id\":\"A-ONE\",\"profile\":\"a\",\"title\":\"t\",\"citation\":\"c\",\"kind\":"
         "\"period\","
         "\"apply\":\"compute\",\"params\":{\"days\":5},\"note\":7}",
         "note"},
        {"{\"id\":\"A-ONE\",\"profile\":\"a\",\"title\":\"t\",\"citation\":\"c\",\"kind\":"
         "\"period\","
         "\"apply\":\"compute\",\"params\":{\"days\":5},\"overrides\":[\"A-TWO\"]}",
         "override without base"},
        {"{\"id\":\"B-ONE\",\"profile\":\"b\",\"title\":\"t\",\"citation\":\"c\",\"kind\":"
         "\"period\","
         "\"apply\":\"compute\",\"params\":{\"days\":5},\"overrides\":[\"A-NONE\"]}",
         "override unknown"},
        {"{\"id\":\"A-ONE\",\"profile\":\"a\",\"title\":\"t\",\"citation\":\"c\",\"kind\":"
         "\"period\","
         "\"apply\":\"compute\",\"params\":{\"days\":5,\"roll\":\"sideways\"}}",
         "roll"},
        {"\"just a string\"", "not object"},
        {"", "empty rules"},
    };
    char err[256];
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err[0] = '\0';
        ck_assert_msg(parse_with(bad[i].entries, err, sizeof err) == -1, "accepted: %s",
                      bad[i].why);
        ck_assert_msg(err[0] != '\0', "no message: %s", bad[i].why);
    }
}
END_TEST

START_TEST(parser_rejects_documents)
{
    static const char *docs[] = {
        "not json",
        "[]",
        "{\"default_profile\":\"a\",\"profiles\":[{\"id\":\"a\"}],\"rules\":[],\"rules\":[]}",
        "{\"default_profile\":\"q\",\"profiles\":[{\"id\":\"a\"}],\"rules\":[{}]}",
        "{\"default_profile\":\"a\",\"profiles\":[{\"id\":\"a\",\"base\":\"b\"},{\"id\":\"b\","
        "\"base\":\"a\"}"
        "],\"rules\":[{}]}",
        "{\"default_profile\":\"a\",\"profiles\":[{\"id\":\"a\"},{\"id\":\"a\"}],\"rules\":[{}]}",
        "{\"default_profile\":\"a\",\"profiles\":[{\"id\":\"a\",\"base\":\"nope\"}],\"rules\":[{}]"
        "}",
    };
    char err[256];
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        rules_catalogue *c = (rules_catalogue *)1;
        err[0] = '\0';
        ck_assert_msg(rules_catalogue_parse(docs[i], strlen(docs[i]), &c, err, sizeof err) == -1,
                      "accepted %zu", i);
        ck_assert_ptr_null(c);
        ck_assert(err[0] != '\0');
    }
}
END_TEST

START_TEST(served_json)
{
    const rules_catalogue *c = cat();
    json_t *r = rules_rule_json(rules_find(c, PRC, "SZ-CLM-PERIOD"));
    ck_assert_str_eq(json_string_value(json_object_get(r, "id")), "PRC-CLM-PERIOD");
    ck_assert_str_eq(json_string_value(json_object_get(r, "stands_for")), "SZ-CLM-PERIOD");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(r, "params"), "max_days")),
                     90);
    ck_assert_ptr_nonnull(json_object_get(r, "note"));
    json_decref(r);

    json_t *all = rules_catalogue_json(c, NULL, NULL);
    ck_assert_int_eq(json_array_size(json_object_get(all, "rules")), rules_count(c));
    ck_assert_str_eq(json_string_value(json_object_get(all, "default_profile")), SZ);
    ck_assert_int_eq(json_array_size(json_object_get(all, "profiles")), 2);
    json_decref(all);

    json_t *prc = rules_catalogue_json(c, PRC, NULL);
    size_t i, nsz = 0, nprc = 0;
    json_t *e;
    json_array_foreach(json_object_get(prc, "rules"), i, e)
    {
        const char *id = json_string_value(json_object_get(e, "id"));
        ck_assert_str_ne(id, "SZ-CLM-PERIOD");
        ck_assert_str_ne(id, "SZ-MTG-RESOLUTION");
        strncmp(id, "PRC-", 4) == 0 ? nprc++ : nsz++;
    }
    ck_assert_int_eq(nprc, 20);
    ck_assert_int_eq(nsz, 96 - 18); /* 18 Shenzhen rules have a PRC stand-in */
    json_decref(prc);

    json_t *votes = rules_catalogue_json(c, SZ, "vote");
    json_array_foreach(json_object_get(votes, "rules"), i, e)
        ck_assert_str_eq(json_string_value(json_object_get(e, "kind")), "vote");
    ck_assert_int_eq(json_array_size(json_object_get(votes, "rules")), 4);
    json_decref(votes);
    ck_assert_ptr_null(rules_catalogue_json(c, "atlantis", NULL));
}
END_TEST

START_TEST(params_helpers)
{
    const rules_catalogue *c = cat();
    const struct rule *r = rules_find(c, SZ, "SZ-MTG-RESOLUTION");
    int64_t n, d;
    const char *of;
    ck_assert(rules_param_frac(r, "amount", &n, &d, &of));
    ck_assert(n == 1 && d == 2);
    ck_assert_str_eq(of, "unsecured");
    ck_assert(!rules_param_frac(r, "nope", &n, &d, &of));
    ck_assert(!rules_param_i64(r, "heads", &n));
    ck_assert_ptr_null(rules_param_str(r, "heads"));
    struct rule sub;
    ck_assert(rules_subrule(rules_find(c, PRC, "PRC-SUM-PERIODS"), "claim_period", &sub));
    ck_assert_str_eq(sub.id, "PRC-SUM-PERIODS");
    ck_assert(rules_param_i64(&sub, "min_days", &n) && n == 7);
    ck_assert(rules_param_i64(&sub, "max_days", &n) && n == 30);
    ck_assert(!rules_subrule(r, "heads_missing", &sub));
    ck_assert_str_eq(rules_err_str(RULES_E_CALENDAR_YEAR), "calendar_year_missing");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rules_catalogue");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, builtin_parses);
    tcase_add_test(tc, every_rules_md_id_present);
    tcase_add_test(tc, lead_param_names);
    tcase_add_test(tc, inheritance_and_standins);
    tcase_add_test(tc, third_profile_from_data);
    tcase_add_test(tc, every_period_says_whether_it_rolls);
    tcase_add_test(tc, parser_accepts_minimal);
    tcase_add_test(tc, parser_rejects);
    tcase_add_test(tc, parser_rejects_documents);
    tcase_add_test(tc, served_json);
    tcase_add_test(tc, params_helpers);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
