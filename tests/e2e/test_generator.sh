#!/usr/bin/env bash
# test_generator.sh WAGERECON_BIN GEN_BIN
#
# End-to-end check against the generator's oracle: for each of three seeds,
# generate 2,000 workers with bench/gen, run `wagerecon run` on them from
# inside the data folder, and compare the (kind, project_id, worker_id,
# period) of every flag in OUT/flags.csv, in file order, with labels.csv;
# then each flag's flag_id with XXH3 of those fields (RULES 5.4, computed
# by xxhsum), and each bucket flag's due_date, owed, paid, paid_on_time,
# shortfall, days_late and days_overdue with the generator's (labels.csv
# columns 5-11). The labels come from the generator's own reading of
# RULES.md, never from wagerecon's output.
#
# One "ok generator seed S ..." per seed when all agree; "FAIL generator
# seed S ...: what differs" with a diff (expected = labels.csv, got =
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
log_lines=202
WORKERS=2000
KINDS="MISSING UNDERPAID LATE OVERPAID NO_CONTRACT NO_ATTENDANCE UNKNOWN_PAYEE NAME_MISMATCH
RATE_BELOW_MINIMUM INVALID_ID CONTRACT_OVERLAP DUPLICATE_TXN UNKNOWN_ACCOUNT
ALLOCATION_SHORT UNPAID_HEADCOUNT SHARED_CARD LARGE_PAYMENT LIST_THRESHOLD DUE_SOON"

# SEEDS: each a generator run of its own (seed 1 alone missed bugs that
# only other draws plant); every one must agree with its labels.
SEEDS="1 2 3"
t_plan 3

# flags.csv -> kind,project_id,worker_id,period,flag_id, columns found by
# header name; RFC 4180 fields (quoted only when they hold , " CR or LF).
flag_keys() { # flags.csv
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
        if (!("kind" in col) || !("project_id" in col) || !("worker_id" in col) || !("period" in col) || !("flag_id" in col)) {
            print "flags.csv header lacks kind/project_id/worker_id/period/flag_id" > "/dev/stderr"; bad = 1; exit 1
        }
        hdr = 1; next
    }
    print F[col["kind"]] "," F[col["project_id"]] "," F[col["worker_id"]] "," F[col["period"]] "," F[col["flag_id"]] \
        "," F[col["due_date"]] "," F[col["owed"]] "," F[col["paid"]] "," F[col["paid_on_time"]] \
        "," F[col["shortfall"]] "," F[col["days_late"]] "," F[col["days_overdue"]]
}
END { if (pending != "") { print "flags.csv: unterminated quoted field" > "/dev/stderr"; exit 1 } if (bad) exit 1 }
' "$1"
}

# ids_of FILE: for each line "kind,project,worker,period" the flag_id RULES
# 5.4 gives it, XXH3-64 of "kind|project|worker|period" (an empty period
# stays empty: a (project, worker) flag ends in "|"), by xxhsum, one a line.
ids_of() {
    local d=$tmp/ids n=0 line
    rm -rf "$d"; mkdir "$d"
    while IFS= read -r line; do
        n=$((n + 1)); printf '%s' "${line//,/|}" >"$d/$(printf '%06d' $n)"
    done <"$1"
    [ "$n" = 0 ] || xxhsum -q -H3 "$d"/* | sed 's/.* = //'
}

# one_seed SEED: generate, run, compare; prints what differs (empty: all equal)
one_seed() {
    local s=$1 dir=$tmp/s$1 rc k
    mkdir -p "$dir"
    "$GEN" --workers "$WORKERS" --out "$dir/data" --seed "$s" >"$dir.gen.log" 2>&1 ||
        { echo "generator exited $?: $(head -c 300 "$dir.gen.log")"; return; }
    [ -s "$dir/data/labels.csv" ] && [ -s "$dir/data/args" ] || { echo "generator wrote no labels or args"; return; }
    # Every kind must be planted at least once, or the comparison proves little.
    tail -n +2 "$dir/data/labels.csv" | cut -d, -f1-4 >"$dir.want"
    for k in $KINDS; do
        grep -q "^$k," "$dir.want" || echo "labels.csv has no $k"
    done
    # shellcheck disable=SC2046 # args is one line of options, split on purpose
    (cd "$dir/data" && "$WR" run $(cat args) --quiet --out "$dir/out") 2>"$dir.run.err"
    rc=$?
    [ "$rc" -eq 3 ] || { echo "wagerecon run exited $rc, expected 3: $(head -c 300 "$dir.run.err")"; return; }
    flag_keys "$dir/out/flags.csv" >"$dir.got" 2>"$dir.awk.err" || { echo "cannot read flags.csv: $(cat "$dir.awk.err")"; return; }
    cut -d, -f1-4 "$dir.got" >"$dir.keys"
    if ! diff -u "$dir.want" "$dir.keys" >"$dir.diff"; then
        echo "flags.csv differs from labels.csv ($(wc -l <"$dir.want") expected, $(wc -l <"$dir.keys") got;" \
             "only expected: $(grep -c '^-[^-]' "$dir.diff"), only got: $(grep -c '^+[^+]' "$dir.diff"))"
        head -n 60 "$dir.diff"
        return
    fi
    # flag ids: every flag keyed by (kind, project, worker, period); the
    # account, card and employer kinds carry keys labels.csv does not hold.
    grep -vE '^(DUPLICATE_TXN|UNKNOWN_ACCOUNT|SHARED_CARD|LIST_THRESHOLD),' "$dir.got" >"$dir.keyed"
    cut -d, -f1-4 "$dir.keyed" >"$dir.keyed4"
    if ! ids_of "$dir.keyed4" | diff - <(cut -d, -f5 "$dir.keyed") >"$dir.iddiff"; then
        echo "flag_id is not XXH3 of kind|project|worker|period for $(grep -c '^>' "$dir.iddiff") flags"
        head -n 20 "$dir.iddiff"
    fi
    # The bucket flags' columns (RULES 6): due_date, owed, paid,
    # paid_on_time, shortfall, days_late, days_overdue, as labels.csv has
    # them from the generator's own evaluation. Integer fen and whole days
    # on both sides, so equal (a tolerance of 0.00 and 0 days).
    local bk='^(MISSING|UNDERPAID|LATE|OVERPAID|NO_CONTRACT|NO_ATTENDANCE|UNKNOWN_PAYEE|NAME_MISMATCH|RATE_BELOW_MINIMUM|LARGE_PAYMENT|DUE_SOON),'
    tail -n +2 "$dir/data/labels.csv" | grep -E "$bk" >"$dir.wantcols"
    grep -E "$bk" "$dir.got" | cut -d, -f1-4,6-12 >"$dir.gotcols"
    if ! diff -u "$dir.wantcols" "$dir.gotcols" >"$dir.coldiff"; then
        echo "bucket columns differ from labels.csv (due_date,owed,paid,paid_on_time,shortfall,days_late,days_overdue): $(grep -c '^-[^-]' "$dir.coldiff") flags"
        head -n 40 "$dir.coldiff"
    fi
    echo "$(wc -l <"$dir.want") $(wc -l <"$dir.keyed") $(wc -l <"$dir.wantcols")" >"$dir.counts"
}

for seed in $SEEDS; do
    problems=$(one_seed "$seed")
    read -r n_labels n_ids n_cols 2>/dev/null <"$tmp/s$seed.counts" || n_labels=? n_ids=? n_cols=?
    verdict "seed $seed, $WORKERS workers: $n_labels labels, kinds and keys equal, $n_ids flag ids by RULES 5.4, money and days of $n_cols bucket flags" \
        "$(head -1 <<<"$problems")" "$(tail -n +2 <<<"$problems")"
done
t_done
