/* fuzz_money_date.c: money_parse and date_parse on any bytes. What parses must be in range
 * and survive formatting: money_format's string parses to the same fen, and a date's
 * format is exactly the input (the form is strict: YYYY-MM-DD). */
#undef NDEBUG /* the asserts are the fuzzer's oracle */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    int64_t fen = -1, again = -1;
    if (money_parse(s, &fen)) {
        assert(fen >= 0 && fen <= MONEY_MAX_FEN);
        char buf[32];
        money_format(fen, buf);
        assert(money_parse(buf, &again) && again == fen);
    }
    date_t d;
    if (date_parse(s, &d)) {
        char buf[11];
        date_format(d, buf);
        assert(strcmp(buf, s) == 0);
        int y, m, day;
        date_to_ymd(d, &y, &m, &day);
        assert(date_valid_ymd(y, m, day) && date_from_ymd(y, m, day) == d);
        assert(date_weekday(d) >= 1 && date_weekday(d) <= 7);
    }
    free(s);
    return 0;
}
