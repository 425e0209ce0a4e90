#!/usr/bin/env bash
# test_generator.sh WAGERECON_BIN GEN_BIN
#
# End-to-end check against the generator's oracle: generate 2,000 workers
# with bench/gen, run `wagerecon run` on them from inside the data folder,
# and compare the (kind, project_id, worker_id, period) of every flag in
# OUT/flags.csv, in file order, with labels.csv. The labels come from the
# generator's own reading of RULES.md, never from wagerecon's output.
#
# Exit 0 and "ok generator 2000 workers: N labels" on success; non-zero
# and "FAIL generator ..." with a diff (expected = labels.csv, got =
# flags.csv), indented, otherwise.

set -u
LC_ALL=C
export LC_ALL

if [ $# -ne 2 ]; then
    echo "usage: $0 WAGERECON_BIN GEN_BIN" >&2
    exit 2
fi
WR=$(realpath "$1")
GEN=$(realpath "$2")
. "$(dirname "$0")/lib.sh"
t_init generator
t_plan 1
log_lines=202
WORKERS=2000
KINDS="MISSING UNDERPAID LATE OVERPAID NO_CONTRACT NO_ATTENDANCE UNKNOWN_PAYEE NAME_MISMATCH
RATE_BELOW_MINIMUM INVALID_ID CONTRACT_OVERLAP DUPLICATE_TXN UNKNOWN_ACCOUNT
ALLOCATION_SHORT UNPAID_HEADCOUNT SHARED_CARD LARGE_PAYMENT LIST_THRESHOLD DUE_SOON"

fail() { t_fail "$1" "${2:-}"; exit 1; }

"$GEN" --workers "$WORKERS" --out "$tmp/data" >"$tmp/gen.log" 2>&1 || fail "generator exited $?" "$(cat "$tmp/gen.log")"
if [ ! -s "$tmp/data/labels.csv" ] || [ ! -s "$tmp/data/args" ]; then fail "generator wrote no labels or args"; fi

# Every kind must be planted at least once, or the comparison proves little.
tail -n +2 "$tmp/data/labels.csv" > "$tmp/want"
for k in $KINDS; do
    grep -q "^$k," "$tmp/want" || fail "labels.csv has no $k"
done

cd "$tmp/data" || exit 1
# shellcheck disable=SC2046 # args is one line of options, split on purpose
"$WR" run $(cat args) --quiet --out "$tmp/out" 2>"$tmp/run.err"
rc=$?
[ "$rc" -eq 3 ] || fail "wagerecon run exited $rc, expected 3 (high-severity flags exist)" "$(cat "$tmp/run.err")"
[ -f "$tmp/out/flags.csv" ] || fail "no flags.csv"

# flags.csv -> kind,project_id,worker_id,period, columns found by header
# name; RFC 4180 fields (quoted only when they hold , " CR or LF).
awk '
function parse(s,    n, i, c, f, q, L) {
    n = 0; f = ""; q = 0; L = length(s)
    for (i = 1; i <= L; i++) {
        c = substr(s, i, 1)
        if (q) {
            if (c == "\"") {
                if (substr(s, i + 1, 1) == "\"") { f = f "\""; i++ } else q = 0
            } else f = f c
        } else if (c == "\"") q = 1
        else if (c == ",") { F[++n] = f; f = "" }
        else f = f c
    }
    F[++n] = f
    return q ? -1 : n
}
{
    sub(/\r$/, "")
    rec = pending == "" ? $0 : pending "\n" $0
    n = parse(rec)
    if (n < 0) { pending = rec; next }
    pending = ""
    if (!hdr) {
        for (i = 1; i <= n; i++) col[F[i]] = i
        if (!("kind" in col) || !("project_id" in col) || !("worker_id" in col) || !("period" in col)) {
            print "flags.csv header lacks kind/project_id/worker_id/period" > "/dev/stderr"; bad = 1; exit 1
        }
        hdr = 1; next
    }
    print F[col["kind"]] "," F[col["project_id"]] "," F[col["worker_id"]] "," F[col["period"]]
}
END { if (pending != "") { print "flags.csv: unterminated quoted field" > "/dev/stderr"; exit 1 } if (bad) exit 1 }
' "$tmp/out/flags.csv" > "$tmp/got" 2>"$tmp/awk.err" || fail "cannot read flags.csv" "$(cat "$tmp/awk.err")"

if ! diff -u "$tmp/want" "$tmp/got" > "$tmp/diff"; then
    fail "flags.csv differs from labels.csv ($(wc -l < "$tmp/want") expected, $(wc -l < "$tmp/got") got)" \
      "--- lines only expected: $(grep -c '^-[^-]' "$tmp/diff"); only got: $(grep -c '^+[^+]' "$tmp/diff")
$(head -n 200 "$tmp/diff")"
fi
t_pass "$WORKERS workers: $(wc -l < "$tmp/want" | tr -d ' ') labels"
t_done
