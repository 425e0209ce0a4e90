#!/usr/bin/env bash
# `make install PREFIX=...` gives a binary, the library, headers and a
# pkg-config file that a program can build against. Prints "ok install
# NAME" / "FAIL install NAME".
set -u
. "$(dirname "$0")/lib.sh"
t_init install
t_plan 1
log_lines=40
B=${B:-build}
if ! make -s -C "$root" B="$B" install PREFIX="$tmp/prefix" >"$tmp/log" 2>&1; then
  t_fail "make install failed" "$(cat "$tmp/log")"; exit 1
fi
cat >"$tmp/use.c" <<'C'
#include <wagerecon/wagerecon.h>
#include <stdio.h>
int main(void)
{
    int32_t day;
    /* 2026-11-20 is day 20777 since 1970-01-01 */
    return !(wr_parse_date_text("2026-11-20", &day) && day == 20777);
}
C
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
# shellcheck disable=SC2086 # EXTRA_CFLAGS: the sanitizer build links the same way
if cc ${EXTRA_CFLAGS:-} "$tmp/use.c" $(pkg-config --cflags --libs --static wagerecon) -o "$tmp/use" 2>"$tmp/log" &&
   "$tmp/use" && "$tmp/prefix/bin/wagerecon" --version | grep -q '^wagerecon '; then
  t_pass "prefix, pkg-config, library and binary"
else
  t_fail "could not build or run against the installed library" "$(cat "$tmp/log")"
fi
t_done
