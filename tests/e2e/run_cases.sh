#!/usr/bin/env bash
# Runs every end-to-end case in testdata/cases (layout: testdata/cases/README.md)
# and prints one "ok"/"FAIL" line per case. Usage: run_cases.sh WAGERECON_BIN
# WRAP, if set, prefixes the command (make check-valgrind sets valgrind).
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"
t_init e2e
t_plan "$(n_cases)" # one check per case
log_lines=100 # up to 20 lines of diff for each of five files
for dir in "$root"/testdata/cases/*/; do
  name=$(basename "$dir")
  [ -f "$dir/args" ] || continue
  out="$tmp/$name"; mkdir "$out"
  (cd "$dir" && eval "${WRAP:-} \"$bin\" run $(cat args) --out \"$out\"") >"$out.stdout" 2>"$out.stderr"
  rc=$?
  want=$(cat "$dir/expected/exit")
  problems="" log=""
  [ "$rc" = "$want" ] || problems="exit $rc, want $want ($(head -c 300 "$out.stderr"))"
  # Personal data: the terminal never shows a full ID or card number.
  if grep -Eq '[0-9]{16,}|[0-9]{17}X' "$out.stdout" "$out.stderr"; then
    problems="$problems; a full ID or card number on the terminal"
  fi
  for f in flags.csv ledger.csv rejects.csv cases.jsonl; do
    [ -f "$dir/expected/$f" ] || continue
    if ! diff -u "$dir/expected/$f" "$out/$f" >"$out.diff" 2>&1; then
      problems="$problems; $f differs"; log="$log$(head -20 "$out.diff")"$'\n'
    fi
  done
  # summary.json: only the top-level keys the case computed by hand (whole).
  if [ -f "$dir/expected/summary.json" ]; then
    if ! python3 "$root/tests/e2e/summary_subset.py" "$dir/expected/summary.json" \
        "$out/summary.json" >"$out.diff" 2>&1; then
      problems="$problems; summary.json differs"; log="$log$(head -20 "$out.diff")"$'\n'
    fi
  fi
  verdict "$name" "$problems" "$log"
  rm -rf "$out" "$out.stdout" "$out.stderr" "$out.diff"
done
t_done e2e
