/* Test hooks: see testhooks.h. */
#include <stdio.h>
#include <stdlib.h>

#include "testhooks.h"

bool wr_test_hook(const char *name)
{
    char var[64];
    int n = snprintf(var, sizeof var, "WAGERECON_TEST_%s", name);
    return n > 0 && (size_t)n < sizeof var && getenv(var) != NULL;
}
