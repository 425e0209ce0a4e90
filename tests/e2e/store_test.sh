#!/usr/bin/env bash
# store_test.sh WAGERECON: the case store (DECISIONS D70-D79) on both
# backends. The monthly sequence of store_oracle.py (counts, states and
# events against an oracle that reads only each run's flags.csv) runs on a
# SQLite file and on a throwaway PostgreSQL cluster that this script starts
# (initdb in a temporary folder as an unprivileged user, Unix socket only,
# stopped at the end); the two stores' `cases list`, `cases changes` and
# `cases employers` outputs must be the same bytes. Then the store's edges:
# an earlier as-of refused (exit 2) and let in by --store-backfill, two
# writers at once, a store that fails mid-run (PostgreSQL stopped; SQLite
# file read-only): exit 5, the store unchanged, the outputs kept.
set -u
. "$(dirname "$0")/lib.sh"
t_init store
t_plan 38
log_lines=20
WR=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PGBIN=/usr/lib/postgresql/15/bin

# ---------------------------------------------------------------- PostgreSQL
pgdir="" pg_as=()
pg_start() {
  pgdir=$(mktemp -d /tmp/wr-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then # the server refuses root: run it as nobody
    chown nobody "$pgdir"
    pg_as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  fi
  "${pg_as[@]}" "$PGBIN/initdb" -D "$pgdir/data" -U wr --auth=trust --locale=C.UTF-8 \
    --encoding=UTF8 >"$pgdir/initdb.log" 2>&1 || return 1
  pg_ctl start
}
pg_ctl() { # start | stop [mode]
  if [ "$1" = start ]; then
    "${pg_as[@]}" "$PGBIN/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
      -o "-c listen_addresses='' -k $pgdir" start >/dev/null
  else
    "${pg_as[@]}" "$PGBIN/pg_ctl" -D "$pgdir/data" -m "${2:-fast}" -w stop >/dev/null
  fi
}
rodir=""
cleanup() {
  [ -n "$rodir" ] && { chmod -R u+w "$rodir"; rm -rf "$rodir"; }
  [ -n "$pgdir" ] && { pg_ctl stop immediate 2>/dev/null; rm -rf "$pgdir"; }
  rm -rf "$tmp"
}
trap cleanup EXIT
pg_url() { echo "postgresql://wr@/$1?host=$pgdir"; }
pg_createdb() { "$PGBIN/createdb" -h "$pgdir" -U wr "$1"; }

# ---------------------------------------------------------------- the sequence
in_args() { # dir payments-name: the oracle's inputs
  echo --projects "$1/projects.csv" --contracts "$1/contracts.csv" --attendance "$1/attendance.csv" \
    --payments "$1/payments_$2.csv"
}
oracle() { # dir url label
  mkdir -p "$1"
  python3 "$root/tests/e2e/store_oracle.py" "$WR" "$1" "$2" "$3"
}
oracle "$tmp/lite" "$tmp/lite/store.db" sqlite
# D77 by hand, after the sequence: open are W2's MISSING of 2026-09
# (reopened by r5) and W3's of 2026-10 at E001, W6's of 2026-11 at E002,
# each 3 days x 300.00 = 900.00 short, and the UNPAID_HEADCOUNT of each of
# those (project, period)s (RULES 5.3: U = 1 of A = 4 workers, high as
# 10 x 1 > 4). E001 had an open high flag after each of the 5 stored runs
# (r1..r5; the repeat adds no run); E002 after r2 (W5's October) to r5,
# not after r1.
"$WR" cases employers --store "$tmp/lite/store.db" >"$tmp/employers.csv"
verdict "cases employers: open arrears, months, runs in a row by hand" \
  "$(diff <(printf '%s\n' employer_id,open_flags,open_high_flags,open_arrears,months_in_arrears,runs_in_a_row,list_threshold \
    E001,4,4,1800.00,2,5, E002,2,2,900.00,1,4,) "$tmp/employers.csv" >/dev/null || echo differs)" \
  "$(cat "$tmp/employers.csv")"

# report.html with --store (D78): each run's marks and line as its
# summary.json counts (checked against the oracle above): r1 (out_sqlite_0)
# all new; r5 (out_sqlite_5) persisting and reopened flags; a run without
# --store no marks.
marks() { grep -o "class=\"mark m$2\"" "$tmp/lite/out_sqlite_$1/report.html" | wc -l; }
counts() { python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["store"]
print(s["new"], s["persisting"] - s["changed"], s["changed"], s["reopened"], s["resolved"])' \
  "$tmp/lite/out_sqlite_$1/summary.json"; }
problems=""
for r in 0 5; do
  read -r n p c o v <<<"$(counts $r)"
  [ "$(marks $r 1) $(marks $r 2) $(marks $r 3) $(marks $r 4)" = "$n $p $c $o" ] ||
    problems="$problems r$r marks $(marks $r 1) $(marks $r 2) $(marks $r 3) $(marks $r 4), want $n $p $c $o"
  grep -q "案件库：本次新增 $n 条，持续 $((p + c)) 条（其中数值有变化 $c 条），重现 $o 条；上次以来已解决 $v 条。" \
    "$tmp/lite/out_sqlite_$r/report.html" || problems="$problems r$r: no store line with its counts"
done
[ "$(counts 0 | cut -d' ' -f1)" -gt 0 ] && [ "$(counts 5 | cut -d' ' -f4)" -gt 0 ] ||
  problems="$problems the sequence has no new in r1 or no reopened in r5"
"$WR" run $(in_args "$tmp/lite" r1) --as-of 2026-10-20 --from 2026-08 --to 2026-09 --quiet --out "$tmp/plain"
grep -q 'class="mark\|案件库' "$tmp/plain/report.html" && problems="$problems marks without --store"
verdict "report.html marks flags new/persisting/reopened and shows the resolved count" "$problems"

# ---------------------------------------------------------------- earlier runs (D74)
cp "$tmp/lite/store.db" "$tmp/before.db"
t "earlier as-of refused (exit 2, store and --out untouched)" fails_with 2 \
  "is before the store's latest run (2027-01-25); a run for an earlier date goes in only with --store-backfill" \
  "$WR" run $(in_args "$tmp/lite" r1) --as-of 2026-09-20 --period 2026-08 --out "$tmp/refused" \
  --store "$tmp/lite/store.db" --quiet
problems=""
cmp -s "$tmp/lite/store.db" "$tmp/before.db" || problems="store changed"
[ -e "$tmp/refused" ] && problems="$problems outputs written"
verdict "earlier as-of refused: nothing written" "$problems"
# The backfill of 2026-08 alone (as-of 2026-09-20): its flags (W1's
# MISSING of 2026-08, its UNPAID_HEADCOUNT and the unknown account, first
# seen 2026-10-20 by r1) are first seen 2026-09-20; nothing new (r1 raised
# all of August's), nothing resolved or reopened.
cp "$tmp/lite/store.db" "$tmp/backfill.db"
"$WR" cases list --store "$tmp/backfill.db" --status all >"$tmp/bf_before.csv"
"$WR" run $(in_args "$tmp/lite" r1) --as-of 2026-09-20 --period 2026-08 --out "$tmp/bf" \
  --store "$tmp/backfill.db" --store-backfill --quiet
rc=$?
"$WR" cases list --store "$tmp/backfill.db" --status all >"$tmp/bf_after.csv"
w1=$(awk -F, '$2=="MISSING" && $9=="2026-08"{print $1}' "$tmp/bf_before.csv")
want=$(awk -F, 'BEGIN{OFS=","} NR==FNR{if(FNR>1)id[$1]=1; next} ($1 in id){$17="2026-09-20"} {print}' \
  "$tmp/bf/flags.csv" "$tmp/bf_before.csv")
problems=""
[ "$rc" = 3 ] || problems="exit $rc, want 3"
[ -n "$w1" ] || problems="$problems no MISSING of 2026-08 in the store"
[ "$want" = "$(cat "$tmp/bf_after.csv")" ] || problems="$problems cases list: want only the backfill's flags' first_seen moved"
grep -q "\"store\":{\"new\":0,\"persisting\":$(($(wc -l <"$tmp/bf/flags.csv") - 1)),\"changed\":0,\"resolved\":0,\"reopened\":0" "$tmp/bf/summary.json" ||
  problems="$problems summary: $(grep -o '"store":{[^}]*}' "$tmp/bf/summary.json")"
verdict "backfill: first_seen moved back, no other change" "$problems" \
  "$(diff <(echo "$want") "$tmp/bf_after.csv")"
[ -x "$PGBIN/initdb" ] || { t_fail "postgresql: no $PGBIN/initdb (make deps installs postgresql)"; t_done store; exit; }
if pg_start; then t_pass "postgresql: throwaway cluster on a Unix socket, as an unprivileged user"
else t_fail "postgresql: throwaway cluster" "$(cat "$pgdir"/initdb.log "$pgdir"/log 2>/dev/null)"; t_done store; exit; fi
pg_createdb seq
oracle "$tmp/pg" "$(pg_url seq)" postgresql
for q in "list --status all" "list --status open --format jsonl" "changes --since 2026-01-01" \
         "employers" "history 0"; do
  read -r -a qa <<<"$q"
  if [ "${qa[0]}" = history ]; then # a flag that has every kind of event
    fid=$(awk -F, '$3=="REOPENED"{print $4; exit}' <("$WR" cases changes --store "$tmp/lite/store.db" --since 2026-01-01))
    qa=(history "$fid")
  fi
  "$WR" cases "${qa[@]}" --store "$tmp/lite/store.db" >"$tmp/lite.out" 2>&1
  "$WR" cases "${qa[@]}" --store "$(pg_url seq)" >"$tmp/pg.out" 2>&1
  problems=""
  [ -s "$tmp/lite.out" ] && [ "$(wc -l <"$tmp/lite.out")" -gt 1 ] || problems="empty output"
  cmp -s "$tmp/lite.out" "$tmp/pg.out" || problems="outputs differ"
  verdict "cases ${qa[*]}: sqlite and postgresql the same bytes" "$problems" \
    "$(diff "$tmp/lite.out" "$tmp/pg.out" | head -20)"
done

# ---------------------------------------------------------------- two writers at once
# Run A (--project P001) takes the store's write lock and holds it (the
# test hook waits before the write); run B (--project P002, same as-of)
# must wait for it, not fail; both then succeed, and the store equals one
# of the two serial orders (the same runs one after the other on stores of
# their own).
two_writers() { # label url url_ab url_ba
  local label=$1 url=$2 ab=$3 ba=$4 d=$tmp/lite
  local r2=(run $(in_args "$d" r2) --as-of 2026-11-20 --from 2026-09 --to 2026-10 --quiet)
  for u in "$url" "$ab" "$ba"; do
    "$WR" run $(in_args "$d" r1) --as-of 2026-10-20 --from 2026-08 --to 2026-09 --quiet \
      --out "$tmp/w_r1" --store "$u"
  done
  "$WR" "${r2[@]}" --project P001 --out "$tmp/w_a" --store "$ab"
  "$WR" "${r2[@]}" --project P002 --out "$tmp/w_b" --store "$ab"
  "$WR" "${r2[@]}" --project P002 --out "$tmp/w_b" --store "$ba"
  "$WR" "${r2[@]}" --project P001 --out "$tmp/w_a" --store "$ba"
  rm -f "$tmp/go" "$tmp/go.ready"
  WAGERECON_TEST_STORE_WAIT=$tmp/go "$WR" "${r2[@]}" --project P001 --out "$tmp/w_a" \
    --store "$url" & local a=$!
  for _ in $(seq 300); do [ -e "$tmp/go.ready" ] && break; sleep 0.1; done
  "$WR" "${r2[@]}" --project P002 --out "$tmp/w_b" --store "$url" & local b=$!
  sleep 1
  local problems=""
  [ -e "$tmp/go.ready" ] || problems="run A never reached its write"
  kill -0 $b 2>/dev/null || problems="$problems run B did not wait for A's lock"
  touch "$tmp/go"
  wait $a; local ra=$?
  wait $b; local rb=$?
  [ "$ra" = 3 ] && [ "$rb" = 3 ] || problems="$problems exits $ra $rb, want 3 3"
  "$WR" cases list --store "$url" --status all >"$tmp/w.csv"
  "$WR" cases list --store "$ab" --status all >"$tmp/w_ab.csv"
  "$WR" cases list --store "$ba" --status all >"$tmp/w_ba.csv"
  cmp -s "$tmp/w.csv" "$tmp/w_ab.csv" || cmp -s "$tmp/w.csv" "$tmp/w_ba.csv" ||
    problems="$problems store is neither serial order's"
  [ "$(grep -c ',resolved,' "$tmp/w_ab.csv")" -ge 1 ] || problems="$problems serial orders resolve nothing"
  verdict "$label: two writers at once: B waits for A's lock, both land, store = a serial order" \
    "$problems" "$(diff "$tmp/w.csv" "$tmp/w_ab.csv" | head)"
}
two_writers sqlite "$tmp/w.db" "$tmp/w_ab.db" "$tmp/w_ba.db"
pg_createdb w && pg_createdb w_ab && pg_createdb w_ba
two_writers postgresql "$(pg_url w)" "$(pg_url w_ab)" "$(pg_url w_ba)"

# ---------------------------------------------------------------- a store that fails
# The next run (r2 on a store holding r1) with the store failing: exit 5,
# the message names the store, the outputs are written, the store is as
# before (the same bytes for SQLite; the same cases list for PostgreSQL).
fail_run() { # out store, then the command's prefix (setpriv) if any
  local out=$1 url=$2; shift 2
  "$@" "$WR" run $(in_args "$rodir" r2) --as-of 2026-11-20 --from 2026-09 --to 2026-10 \
    --quiet --out "$out" --store "$url" 2>"$tmp/fail.err"
}
check_failed() { # label rc shown-store out
  local problems=""
  [ "$2" = 5 ] || problems="exit $2, want 5"
  grep -qF "store $3" "$tmp/fail.err" || problems="$problems message does not name store $3"
  grep -q "the store is unchanged; the run's outputs are in" "$tmp/fail.err" || problems="$problems no word on the outputs"
  [ -s "$4/flags.csv" ] && [ -s "$4/summary.json" ] || problems="$problems outputs not written"
  echo "$problems"
}
rodir=$(mktemp -d /tmp/wr-ro.XXXXXX)
chmod 755 "$rodir"
cp "$tmp/lite"/{projects,contracts,attendance,payments_r1,payments_r2}.csv "$rodir/"
"$WR" run $(in_args "$rodir" r1) --as-of 2026-10-20 --from 2026-08 --to 2026-09 --quiet \
  --out "$tmp/ro_r1" --store "$rodir/store.db"
cp "$rodir/store.db" "$tmp/ro_before.db"
chmod 444 "$rodir/store.db"
mkdir -m 777 "$rodir/out"
as=() # root writes a read-only file all the same: the run goes as nobody
[ "$(id -u)" = 0 ] && as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
chmod 555 "$rodir"
fail_run "$rodir/out/r2" "$rodir/store.db" "${as[@]}"
problems=$(check_failed sqlite $? "$rodir/store.db" "$rodir/out/r2")
cmp -s "$rodir/store.db" "$tmp/ro_before.db" || problems="$problems store changed"
verdict "sqlite file read-only: exit 5, store unchanged, outputs written" "$problems" "$(cat "$tmp/fail.err")"
chmod 755 "$rodir"

pg_createdb down
"$WR" run $(in_args "$rodir" r1) --as-of 2026-10-20 --from 2026-08 --to 2026-09 --quiet \
  --out "$tmp/down_r1" --store "$(pg_url down)"
"$WR" cases list --store "$(pg_url down)" --status all >"$tmp/down_before.csv"
rm -f "$tmp/go" "$tmp/go.ready"
WAGERECON_TEST_STORE_WAIT=$tmp/go fail_run "$tmp/down_r2" "$(pg_url down)" & pid=$!
for _ in $(seq 300); do [ -e "$tmp/go.ready" ] && break; sleep 0.1; done
pg_ctl stop fast # the run holds its transaction open: the server ends it
touch "$tmp/go"
wait $pid
problems=$(check_failed postgresql $? "$(pg_url down)" "$tmp/down_r2")
pg_ctl start
"$WR" cases list --store "$(pg_url down)" --status all >"$tmp/down_after.csv"
cmp -s "$tmp/down_before.csv" "$tmp/down_after.csv" || problems="$problems store changed"
[ "$(wc -l <"$tmp/down_before.csv")" -gt 1 ] || problems="$problems empty store"
verdict "postgresql stopped mid-run: exit 5, store unchanged, outputs written" "$problems" \
  "$(cat "$tmp/fail.err")"
t "password masked in the message" fails_with 5 "store postgresql://wr:***@/nodb?host=" \
  "$WR" run $(in_args "$rodir" r2) --as-of 2026-11-20 --period 2026-10 --quiet \
  --out "$tmp/nodb" --store "postgresql://wr:s3cret@/nodb?host=$pgdir"
verdict "password not shown" "$(grep -q s3cret "$t_err" && echo "s3cret shown")" "$(cat "$t_err")"
[ -s "$tmp/nodb/flags.csv" ] && t_pass "store unreachable from the start: outputs written all the same" ||
  t_fail "store unreachable from the start: outputs written all the same"

t_done store
