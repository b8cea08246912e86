/* idnumber.c: validation of resident identity numbers, so that a typo in the one field
 * that identifies a person across agencies is caught at the door. */
#include "idnumber.h"

#include <string.h>

#include "date.h"

char idnumber_check_char(const char *first17)
{
    static const int weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (first17[i] - '0') * weight[i];
    return check[sum % 11];
}

bool idnumber_valid(const char *s)
{
    if (s == NULL || strlen(s) != 18)
        return false;
    for (int i = 0; i < 17; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    char birth[11] = {s[6], s[7], s[8], s[9], '-', s[10], s[11], '-', s[12], s[13], '\0'};
    date_t d;
    if (!date_parse(birth, &d))
        return false;
    return s[17] == idnumber_check_char(s);
}
