#!/usr/bin/env bash
# `make install PREFIX=...` gives a binary, the library, headers and a
# pkg-config file that a program can build against. Prints "ok"/"FAIL".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
B=${B:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! make -s -C "$root" B="$B" install PREFIX="$tmp/prefix" >"$tmp/log" 2>&1; then
  echo "FAIL install: make install failed"; sed 's/^/    /' "$tmp/log"; exit 1
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
  echo "ok install prefix, pkg-config, library and binary"
else
  echo "FAIL install: could not build or run against the installed library"; sed 's/^/    /' "$tmp/log"; exit 1
fi
