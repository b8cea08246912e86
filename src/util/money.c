/* money.c: parsing and formatting of exact RMB amounts; no floating point anywhere. */
#include "money.h"

#include <stdio.h>

bool money_parse(const char *s, int64_t *fen)
{
    if (s == NULL || *s == '\0')
        return false;
    int64_t yuan = 0;
    int digits = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (digits > 0 && yuan == 0 && digits == 1 && s[0] == '0')
            return false; /* leading zero: "012" */
        yuan = yuan * 10 + (*p - '0');
        if (++digits > 13)
            return false;
    }
    if (digits == 0)
        return false;
    int64_t cents = 0;
    if (*p == '.') {
        p++;
        int decimals = 0;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (++decimals > 2)
                return false;
            cents = cents * 10 + (*p - '0');
        }
        if (decimals == 0)
            return false;
        if (decimals == 1)
            cents *= 10;
    }
    if (*p != '\0')
        return false;
    int64_t total = yuan * 100 + cents;
    if (total > MONEY_MAX_FEN)
        return false;
    *fen = total;
    return true;
}

void money_format(int64_t fen, char buf[32])
{
    const char *sign = "";
    uint64_t v = (uint64_t)fen;
    if (fen < 0) {
        sign = "-";
        v = (uint64_t)0 - (uint64_t)fen;
    }
    snprintf(buf, 32, "%s%llu.%02llu", sign, (unsigned long long)(v / 100),
             (unsigned long long)(v % 100));
}
