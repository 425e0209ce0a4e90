/* A typed value's checks (types/row.h). */
#include "row.h"

bool wr_typed_datetime(const wr_typed *t, wr_day *day, int32_t *seconds)
{
    *seconds = 0;
    return wr_day_from_parts(t->year, t->month, t->day, day) &&
           (!t->has_time || wr_seconds_from_parts(t->hour, t->minute, t->second, seconds));
}
