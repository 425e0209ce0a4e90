#!/usr/bin/env bash
# Fault injection (issue 6, item 4): the Nth fsync fails (disk full) or the
# Nth rename fails, for every N over the six outputs. Each must exit 2 with
# a message naming the file, leave no temporary file, and leave the previous
# outputs byte-identical. Usage: fault_test.sh BIN SHIM_SO
set -u
bin=$(realpath "$1"); shim=$(realpath "$2")
root=$(cd "$(dirname "$0")/../.." && pwd)
case_dir="$root/testdata/cases/b_underpaid"
case "${EXTRA_CFLAGS:-}" in *sanitize=address*)
  echo "skip fault (LD_PRELOAD cannot come before the ASan runtime)"; exit 0;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
run() { (cd "$case_dir" && env "$@" "$bin" run $(cat args) --quiet --out "$tmp/out") >"$tmp/stdout" 2>"$tmp/stderr"; }
# The previous outputs come from another case, so a half-renamed set shows.
(cd "$root/testdata/cases/b_missing" && "$bin" run $(cat args) --quiet --out "$tmp/out") >/dev/null 2>&1
cp -r "$tmp/out" "$tmp/before"
for fault in FAULT_FSYNC_NTH FAULT_RENAME_NTH; do
  for n in 1 2 3 4 5 6; do
    run LD_PRELOAD="$shim" "$fault=$n"; rc=$?
    p=""
    [ "$rc" = 2 ] || p="exit $rc, want 2"
    grep -Eq "(write|rename) failed" "$tmp/stderr" || p="$p; message: $(head -c 200 "$tmp/stderr")"
    ls -a "$tmp/out" | grep -q 'tmp' && p="$p; temporary files left"
    diff -r "$tmp/before" "$tmp/out" >/dev/null || p="$p; previous outputs changed"
    if [ -z "$p" ]; then echo "ok fault $fault=$n"; pass=$((pass+1)); else echo "FAIL fault $fault=$n: $p"; fail=$((fail+1)); fi
  done
done
echo "fault: $pass passed, $fail failed"
[ "$fail" = 0 ]
