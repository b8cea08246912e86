/* idnumber.h: PRC resident identity card numbers (GB 11643-1999). */
#ifndef IDNUMBER_H
#define IDNUMBER_H
#include <stdbool.h>

/* True for an 18-character number: 17 digits, a valid birth date in positions 7-14,
 * and the ISO 7064 MOD 11-2 check character (0-9 or X). */
bool idnumber_valid(const char *s);
/* The check character for the first 17 digits (used by tests to make valid numbers). */
char idnumber_check_char(const char *first17);

#endif
