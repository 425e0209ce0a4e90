/* Test hooks: see testhooks.h. */
#include <stdio.h>
#include <stdlib.h>

#include "testhooks.h"

const char *wr_test_hook_value(const char *name)
{
    char var[64];
    int n = snprintf(var, sizeof var, "WAGERECON_TEST_%s", name);
    return n > 0 && (size_t)n < sizeof var ? getenv(var) : NULL;
}

bool wr_test_hook(const char *name)
{
    return wr_test_hook_value(name) != NULL;
}
