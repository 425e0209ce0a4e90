/* wr_layout_parse and wr_layout_parse_changed (columns.h): the inline row
 * parse of columns_parse.h, as functions for the callers that take no
 * inline copy (convert, the format readers, the tests). */
#include "columns_parse.h"

wr_reason wr_layout_parse(wr_layout *L, const wr_row *row, wr_value *values, int *bad_spec)
{
    return wr_layout_parse_inline(L, row, values, bad_spec);
}

wr_reason wr_layout_parse_changed(wr_layout *L, const wr_row *row, uint32_t same, wr_value *values,
                                  int *bad_spec)
{
    return wr_layout_parse_changed_inline(L, row, same, values, bad_spec);
}
