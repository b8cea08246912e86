/* fuzz_jsonf.c: the JSON field reader. A body is parsed as the server parses one
 * (request.c: duplicates refused), then checked with jf_validate against field tables
 * shaped like the handlers' (strings, bounded integers, booleans, enums, money, dates, UUIDs,
 * identity numbers, nullable fields, a nested object, arrays of objects and of scalars); what
 * validates is filled (jf_fill) and its values must hold what the table promised. */
#undef NDEBUG /* the asserts are the fuzzer's oracle */
#include <assert.h>
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "idnumber.h"
#include "jsonf.h"
#include "money.h"

static const char *const kinds[] = {"natural", "legal", NULL};
static const char *const ballots[] = {"for", "against", "abstain", NULL};

static const struct jf_field address_fields[] = {
    {"city", JF_STRING, true, false, 1, 64},
    {"line", JF_STRING, false, true, 0, 200},
    {"since", JF_DATE, false, true, 0, 0},
    {NULL},
};

static const struct jf_field person_fields[] = {
    {"name", JF_STRING, true, false, 1, 100},        {"id_number", JF_IDNUMBER, true, false, 0, 0},
    {"born", JF_DATE, false, false, 0, 0},           {"income", JF_MONEY, false, true, 0, 0},
    {"ballot", JF_ENUM, false, true, 0, 0, ballots}, {NULL},
};

struct filled {
    const char *name, *kind, *case_id, *id_number;
    long long count;
    int active;
    date_t filed;
    int64_t amount;
    const json_t *address, *people, *tags;
    bool amount_given;
};

static bool fuzz_money_ok(const json_t *v)
{
    int64_t fen;
    return json_is_string(v) && money_parse(json_string_value(v), &fen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(body)) {
        json_decref(body);
        return 0;
    }
    struct filled in = {.count = -7, .active = -1, .amount = -1};
    const struct jf_field fields[] = {
        {.name = "name", .type = JF_STRING, .required = true, .min = 1, .max = 20, .dst = &in.name},
        {.name = "kind", .type = JF_ENUM, .enum_values = kinds, .dst = &in.kind},
        {.name = "case_id", .type = JF_UUID, .nullable = true, .dst = &in.case_id},
        {.name = "id_number", .type = JF_IDNUMBER, .dst = &in.id_number},
        {.name = "count", .type = JF_INT, .min = -5, .max = 1000, .dst = &in.count},
        {.name = "active", .type = JF_BOOL, .dst = &in.active},
        {.name = "filed", .type = JF_DATE, .dst = &in.filed},
        {.name = "amount", .type = JF_MONEY, .dst = &in.amount, .present = &in.amount_given},
        {.name = "address",
         .type = JF_OBJECT,
         .nullable = true,
         .fields = address_fields,
         .dst = &in.address},
        {.name = "people",
         .type = JF_ARRAY,
         .min = 1,
         .max = 8,
         .fields = person_fields,
         .item_type = JF_OBJECT,
         .dst = &in.people},
        {.name = "tags", .type = JF_ARRAY, .max = 4, .item_type = JF_MONEY, .dst = &in.tags},
        {NULL},
    };
    json_t *errors = json_array();
    int nerr = jf_validate(body, fields, errors);
    assert((size_t)nerr == json_array_size(errors));
    if (nerr == 0) {
        jf_fill(body, fields);
        assert(in.name != NULL && strlen(in.name) >= 1);
        assert(in.count == -7 || (in.count >= -5 && in.count <= 1000));
        assert(in.active >= -1 && in.active <= 1);
        assert(in.id_number == NULL || idnumber_valid(in.id_number));
        assert(in.case_id == NULL || jf_is_uuid(in.case_id));
        assert(in.amount == -1 || (in.amount >= 0 && in.amount <= MONEY_MAX_FEN));
        assert(in.amount_given == (json_object_get(body, "amount") != NULL));
        size_t i;
        const json_t *tag, *person;
        json_array_foreach(in.tags, i, tag) assert(fuzz_money_ok(tag));
        json_array_foreach(in.people, i, person)
            assert(idnumber_valid(json_string_value(json_object_get(person, "id_number"))));
    } else {
        size_t i;
        const json_t *e;
        json_array_foreach(errors, i, e) /* every error names its field and says why */
            assert(json_is_string(json_object_get(e, "field")) &&
                   json_string_length(json_object_get(e, "message")) > 0);
    }
    json_decref(errors);
    json_decref(body);
    return 0;
}
