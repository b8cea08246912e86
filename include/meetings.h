/* meetings.h: what the handlers of creditors' meetings (src/api/meetings.c, ballots.c)
 * share. */
#ifndef MEETINGS_H
#define MEETINGS_H
#include <jansson.h>

#include "db.h"

/* The tally of an item (meeting_item_json): live from the stored ballots and the frozen
 * membership while it is open, the one recorded when it closed after; as ItemTally. */
enum db_status meetings_item_tally(struct db_tx *tx, const json_t *item, const char *profile,
                                   json_t **out);
/* The minutes (as GET .../minutes answers them) as a printable HTML page (malloc'd). */
char *meetings_minutes_html(const json_t *minutes);

#endif
