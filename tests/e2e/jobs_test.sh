#!/usr/bin/env bash
# jobs_test.sh WAGERECON_BIN GEN_BIN
#
# DECISIONS D25: --jobs N never changes an output byte. Runs the same
# inputs with --jobs 1, 2 and 4 and requires identical output files:
#  1. the generator's data at 2,000 workers (plain and zstd inputs);
#  2. the same plus an extra attendance file whose rows hold quoted
#     newlines near 1/4, 1/2 and 3/4 of its bytes (where a reader that
#     splits a file between threads would cut), each quoted field holding
#     text shaped like a whole attendance row, so a split that ignores
#     quotes would read a row that is not there.
# Prints one "ok ..." or "FAIL ..." line per data set.
set -u
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
WR=$(abs "$1")
GEN=$(abs "$2")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wr-jobs.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

"$GEN" --workers 2000 --out "$tmp/data" --seed 7 || { echo "FAIL jobs: generator failed"; exit 0; }
cd "$tmp/data" || exit 1
ARGS=$(cat args)

# The extra file: the day rows of attendance_days.csv, with a quoted
# worker_name spanning lines (text shaped like a row inside) at three points.
python3 - attendance_days.csv quoted_days.csv <<'PY'
import sys
src, dst = sys.argv[1], sys.argv[2]
lines = open(src, encoding="utf-8").read().splitlines(True)
header, rows = lines[0], lines[1:]
size = sum(len(r.encode()) for r in rows)
out, done, at = [header], 0, [size // 4, size // 2, 3 * size // 4]
for r in rows:
    if at and done >= at[0]:
        at.pop(0)
        f = r.rstrip("\n").split(",")
        # worker_name "NAME\n<a whole row>\n" : one row over three lines.
        f[2] = '"%s\n%s\n"' % (f[2], r.rstrip("\n").replace('"', ''))
        r = ",".join(f) + "\n"
    out.append(r)
    done += len(r.encode())
open(dst, "w", encoding="utf-8").write("".join(out))
PY
zstd -q -f attendance_punches.csv -o punches.csv.zst

check() { # name, args...
  local name=$1 j; shift
  local fail=""
  for j in 1 2 4; do
    "$WR" run "$@" --jobs $j --quiet --out "$tmp/out.$name.$j" >/dev/null 2>"$tmp/err"
    rc=$?
    [ $rc = 0 ] || [ $rc = 3 ] || fail="$fail --jobs $j exit $rc ($(head -1 "$tmp/err"));"
  done
  for j in 2 4; do
    diff -r "$tmp/out.$name.1" "$tmp/out.$name.$j" >/dev/null 2>&1 || fail="$fail --jobs $j output differs from --jobs 1;"
  done
  if [ -z "$fail" ]; then echo "ok jobs 1/2/4 byte-identical: $name"; else echo "FAIL jobs $name:$fail"; fi
}
# shellcheck disable=SC2086
check generator-2000 $ARGS
# shellcheck disable=SC2086
check quoted-newlines-zstd ${ARGS/--attendance attendance_punches.csv/--attendance punches.csv.zst} --attendance quoted_days.csv

# The quoted rows must have been read as three rows with a name over
# three lines (not as extra rows): the file's data rows in summary.json.
want=$(($(grep -c '' quoted_days.csv) - 1 - 6))
if grep -q "\"file\":\"quoted_days.csv\",\"data_rows\":$want," "$tmp/out.quoted-newlines-zstd.1/summary.json"; then
  echo "ok jobs: quoted newlines read as $want rows"
else
  echo "FAIL jobs: quoted_days.csv should have $want data rows:"; grep -o '"file":"quoted_days.csv"[^}]*' "$tmp/out.quoted-newlines-zstd.1/summary.json"
fi
