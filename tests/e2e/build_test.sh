#!/usr/bin/env bash
# The build (issue 19 item 6): each object depends on the headers it
# includes, not on every header (-MMD .d files read by the Makefile), and
# `make test` needs no network once the packages are installed (`make deps`
# calls apt-get only for a missing package). Which sources include a header
# is computed here from the #include lines alone (transitively), not from
# the compiler's .d files. Runs after a `make test` build of $B. Prints
# "ok build NAME" / "FAIL build NAME". Usage: build_test.sh (B in the
# environment, default build)
set -u
. "$(dirname "$0")/lib.sh"
t_init build
t_plan 5
B=${B:-build}
cd "$root" || exit 1

# includers HEADER: the sources under src/ that include HEADER, directly or
# through other headers, one a line, sorted.
includers() {
  python3 - "$1" <<'PY'
import os, re, sys, glob
want = os.path.realpath(sys.argv[1])
inc = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
def direct(path):
    out = []
    for name in inc.findall(open(path, encoding="utf-8", errors="replace").read()):
        for base in (os.path.dirname(path), "include", "src"):
            p = os.path.realpath(os.path.join(base, name))
            if os.path.exists(p):
                out.append(p); break
    return out
memo = {}
def reaches(path, seen=()):
    if path in memo: return memo[path]
    r = False
    for h in direct(path):
        if h == want or (h not in seen and reaches(h, seen + (path,))):
            r = True; break
    memo[path] = r
    return r
for c in sorted(glob.glob("src/*/*.c")):
    if reaches(os.path.realpath(c)): print(c)
PY
}
# rebuilt HEADER: the sources whose object `make -n` would compile again
# were HEADER changed (-W under each spelling the .d files use for it).
rebuilt() {
  local w=() s
  for s in $(cat "$B"/obj/*/*.d 2>/dev/null | tr ' \\' '\n\n' | grep -F "$(basename "$1")" | sort -u); do
    [ "$(realpath -m "$s")" = "$(realpath "$1")" ] && w+=(-W "$s")
  done
  [ ${#w[@]} -gt 0 ] || return 0
  make -n "${w[@]}" B="$B" "$B/wagerecon" 2>/dev/null | grep -oE ' -c src/[a-z_]+/[a-z_]+\.c' | cut -c5- | sort -u
}
# stale: the sources make would compile anyway (none right after a build)
stale() {
  make -n B="$B" "$B/wagerecon" 2>/dev/null | grep -oE ' -c src/[a-z_]+/[a-z_]+\.c' | cut -c5- | sort -u
}
same_sets() { # header: the sources make would rebuild are those that include it
  local want got
  want=$(includers "$1"); got=$(rebuilt "$1")
  [ -n "$want" ] || { echo "nothing includes $1 (pick another header)"; return 1; }
  want=$( { echo "$want"; stale; } | grep . | sort -u)
  [ "$want" = "$got" ] || { diff <(echo "$want") <(echo "$got") | sed 's/^</only includes:/; s/^>/only rebuilt:/'; return 1; }
}
t "a private header rebuilds exactly its includers (src/types/money.h)" same_sets src/types/money.h
t "a narrow header rebuilds only its few includers (src/formats/sheet.h)" same_sets src/formats/sheet.h
t "the public header rebuilds its includers, the CLI's too (include/wagerecon/wagerecon.h)" \
  same_sets include/wagerecon/wagerecon.h
# Not every header: money.h's includers are far fewer than all sources.
all=$(ls src/*/*.c | wc -l)
n=$(includers src/types/money.h | wc -l)
verdict "objects do not depend on every header ($n of $all sources include money.h)" \
  "$([ "$n" -lt "$all" ] || echo "every source includes money.h")"

# make deps with every package installed: no apt-get (one on PATH that
# fails loudly proves it is not called).
mkdir -p "$tmp/bin"
printf '#!/bin/sh\necho "apt-get called: $*" >&2\nexit 1\n' >"$tmp/bin/apt-get"
chmod +x "$tmp/bin/apt-get"
t "make deps needs no network once the packages are installed" \
  env PATH="$tmp/bin:$PATH" make -s deps
t_done build
