#!/usr/bin/env bash
# Hostile and malformed inputs (issue 6, item 3): each variant changes one
# file of a clean base and states the exit code and what must (not) appear.
# Base, by hand: one DAY worker, 1 day x 300.00 = owed 300.00; pay_day 10
# -> due 2026-11-10 (Tuesday); paid 300.00 on 11-05: on time, no flags. A
# variant without that payment is MISSING, and its project (U = 1 of A = 1
# attended) UNPAID_HEADCOUNT (RULES 5.3, v2).
# Prints "ok adversarial NAME" / "FAIL adversarial NAME". Usage: BIN
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"
t_init adversarial
t_plan 36
ID=11010519491231002X

base() {
  rm -rf "$tmp/in" "$tmp/out"; mkdir -p "$tmp/in"
  printf 'project_id,employer_id,wage_account,pay_day\nP1,E1,ACC1,10\n' >"$tmp/in/projects.csv"
  printf 'project_id,worker_id,worker_name,rate_type,rate,valid_from\nP1,%s,张三,DAY,300.00,2026-01-01\n' $ID >"$tmp/in/contracts.csv"
  printf 'project_id,worker_id,worker_name,date,hours\nP1,%s,张三,2026-10-12,8\n' $ID >"$tmp/in/attendance.csv"
  printf 'account,txn_id,payee_id,payee_name,amount,paid_at,period,status\nACC1,T1,%s,张三,300.00,2026-11-05,2026-10,SUCCESS\n' $ID >"$tmp/in/payments.csv"
}
run() { # extra args; sets rc, leaves outputs in $tmp/out
  (cd "$tmp/in" && /usr/bin/time -f %M -o "$tmp/rss" "$bin" run --projects projects.csv --contracts contracts.csv \
    --attendance attendance.csv --payments payments.csv --period 2026-10 --as-of 2026-11-20 --quiet \
    --out "$tmp/out" "$@") >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
}
rss_below() { # name, KB: peak RSS of the last run (not measured under ASan: its shadow memory)
  case "${EXTRA_CFLAGS:-}" in *sanitize=address*) t_skip "$1" "RSS not meaningful under ASan"; return;; esac
  local kb; kb=$(tail -1 "$tmp/rss"); [ -n "${SHOW_RSS:-}" ] && echo "  $1: $kb KB" >&2
  judge "$1" "$([ "$kb" -lt "$2" ] || echo "peak RSS $kb KB, limit $2 KB")"
}
judge() { # name, problems: the verdict on the last run, its stderr as the log
  verdict "$1" "$2" "$(head -c 200 "$tmp/stderr")"
}
expect() { # name, exit code, [kinds expected in flags.csv, space-separated, "-" for none], [rejects lines]
  local p=""
  [ "$rc" = "$2" ] || p="exit $rc, want $2"
  if [ -n "${3:-}" ]; then
    local got; got=$(cut -d, -f2 "$tmp/out/flags.csv" 2>/dev/null | tail -n +2 | sort | tr '\n' ' ' | sed 's/ $//')
    [ "$3" = "-" ] && [ -n "$got" ] && p="$p; flags [$got], want none"
    [ "$3" != "-" ] && [ "$got" != "$3" ] && p="$p; flags [$got], want [$3]"
  fi
  if [ -n "${4:-}" ]; then
    local rj; rj=$(tail -n +2 "$tmp/out/rejects.csv" 2>/dev/null | tr '\n' ';')
    [ "$rj" = "$4" ] || p="$p; rejects [$rj], want [$4]"
  fi
  judge "$1" "$p"
}

base; run; expect clean_base 0 -
base; : >"$tmp/in/payments.csv"; run; expect empty_file 2
grep -q "payments.csv: missing required column account" "$tmp/stderr"; judge empty_file_message "$([ $? = 0 ] || echo 'message does not name file and column')"
base; head -1 "$tmp/in/payments.csv" >"$tmp/p" && mv "$tmp/p" "$tmp/in/payments.csv"; run; expect header_only 3 "MISSING UNPAID_HEADCOUNT"
base; { printf '\xEF\xBB\xBF'; sed 's/$/\r/' "$tmp/in/payments.csv"; } >"$tmp/p" && mv "$tmp/p" "$tmp/in/payments.csv"; run; expect bom_and_crlf 0 -
base; printf 'ACC1,T2,%s,张三,"1\n0.00",2026-11-05,2026-10,FAILED\nACC1,"T""3",%s,张三,0.00,2026-11-05,2026-10,FAILED\n' $ID $ID >>"$tmp/in/payments.csv"; run
expect quoted_newline_and_doubled_quote 0 - "payments.csv,3,amount,BAD_MONEY;"
base; printf 'ACC1,T2,%s,张三,3\x0000.00,2026-11-05,2026-10,SUCCESS\n' $ID >>"$tmp/in/payments.csv"; run; expect nul_byte 0 - "payments.csv,3,amount,BAD_MONEY;"
base; { echo 'account,txn_id,payee_id,payee_name,amount,paid_at,period,status,remark'; printf 'ACC1,T1,%s,张三,300.00,2026-11-05,2026-10,SUCCESS,' $ID; head -c 10000000 /dev/zero | tr '\0' 'a'; echo; } >"$tmp/in/payments.csv"; run
expect field_10mb 0 -
rss_below field_10mb_rss_under_200mb 204800
base; python3 - "$tmp/in/payments.csv" $ID <<'PY'
import sys
path, wid = sys.argv[1], sys.argv[2]
extra = ["x%d" % i for i in range(9992)]
with open(path, "w") as f:
    f.write(",".join("account,txn_id,payee_id,payee_name,amount,paid_at,period,status".split(",") + extra) + "\n")
    f.write(",".join(["ACC1", "T1", wid, "张三", "300.00", "2026-11-05", "2026-10", "SUCCESS"] + ["v"] * 9992) + "\n")
PY
run; expect columns_10000 0 -
rss_below columns_10000_rss_under_32mb 32768
base; printf 'account,txn_id,payee_id,payee_name,amount,paid_at,period,status,amount\nACC1,T1,%s,张三,300.00,2026-11-05,2026-10,SUCCESS,1.00\n' $ID >"$tmp/in/payments.csv"; run
expect duplicate_header_first_wins 0 -
# Not UTF-8 in a canonical file's first bytes: refused, line named (D80;
# a row past them is a BAD_ENCODING reject, trust_test.sh).
base; printf 'ACC1,T2,%s,\xff\xfe,0.00,2026-11-05,2026-10,SUCCESS\n' $ID >>"$tmp/in/payments.csv"; run; expect invalid_utf8_name 2
judge invalid_utf8_named "$(grep -q 'payments.csv: line 3: not UTF-8: give a descriptor' "$tmp/stderr" || echo 'stderr does not name line 3')"
base; sed -i 's/300.00,2026-11-05/99999999999999999999.99,2026-11-05/' "$tmp/in/payments.csv"; run; expect money_overflow 3 "MISSING UNPAID_HEADCOUNT" "payments.csv,2,amount,BAD_MONEY;"
base; printf 'P1,%s,张三,2026-02-30,8\nP1,%s,张三,0000-00-00,8\nP1,%s,张三,2026-10-13,24.01\nP1,%s,张三,2026-10-14,0\n' $ID $ID $ID $ID >>"$tmp/in/attendance.csv"; run
expect bad_dates_and_hours 0 - "attendance.csv,3,date,BAD_DATE;attendance.csv,4,date,BAD_DATE;attendance.csv,5,hours,BAD_HOURS;attendance.csv,6,hours,BAD_HOURS;"
base; (cd "$tmp/in" && zstd -q --rm contracts.csv && mv contracts.csv.zst contracts.csv); run; expect zstd_named_csv 0 -
base; zstd -q -c "$tmp/in/contracts.csv" | head -c 20 >"$tmp/in/c" && mv "$tmp/in/c" "$tmp/in/contracts.csv"; run; expect truncated_zstd 2
base; head -c 2000000000 /dev/zero | zstd -q -c >"$tmp/in/contracts.csv"; run; expect zstd_bomb 2
rss_below zstd_bomb_rss_under_300mb 307200
# zstd per RFC 8878 (issue 16 item 6): skippable frames (magic
# 0x184D2A50-0x184D2A5F, little-endian) anywhere, several frames, pzstd
# (whose first frame is always skippable). Each must read as the plain file.
skippable() { printf "\\x5$(printf %x "$1")\\x2a\\x4d\\x18\\x03\\x00\\x00\\x00abc"; } # nibble; 3 bytes of data
base; { skippable 0; zstd -q -c "$tmp/in/contracts.csv"; } >"$tmp/in/c" && mv "$tmp/in/c" "$tmp/in/contracts.csv"; run
expect zstd_skippable_first 0 -
base; { head -1 "$tmp/in/payments.csv" | zstd -q -c; skippable 15; tail -n +2 "$tmp/in/payments.csv" | zstd -q -c; skippable 7; } >"$tmp/in/p" && mv "$tmp/in/p" "$tmp/in/payments.csv"; run
expect zstd_frames_and_skippable_between 0 -
base; pzstd -q -p 2 -c "$tmp/in/contracts.csv" >"$tmp/in/c" 2>/dev/null && mv "$tmp/in/c" "$tmp/in/contracts.csv"; run
expect zstd_pzstd 0 -
# Money too large for its row (issue 16 item 7, D90: over 100,000,000.00
# yuan is BAD_MONEY at its line and column): a valid-looking SUCCESS row
# beside the 300.00 of the same bucket, and two FAILED rows to an unknown
# account, each the largest int64 fen. The bucket keeps its 300.00: no flag.
base; printf 'ACC1,T2,%s,张三,92233720368547758.07,2026-11-05,2026-10,SUCCESS\nACC9,T3,%s,张三,92233720368547758.07,2026-11-05,2026-10,FAILED\nACC9,T4,%s,张三,92233720368547758.07,2026-11-05,2026-10,FAILED\n' $ID $ID $ID >>"$tmp/in/payments.csv"; run
expect money_too_large_rejected_at_row 0 - "payments.csv,3,amount,BAD_MONEY;payments.csv,4,amount,BAD_MONEY;payments.csv,5,amount,BAD_MONEY;"
base; printf 'ACC1,T2,%s,张三,100000000.00,2026-11-05,2026-10,FAILED\nACC1,T3,%s,张三,100000000.01,2026-11-05,2026-10,FAILED\n' $ID $ID >>"$tmp/in/payments.csv"; run
expect money_row_limit_edge 0 - "payments.csv,4,amount,BAD_MONEY;"
base; sed -i 's/DAY,300.00/MONTH,92233720368547758.07/' "$tmp/in/contracts.csv"; run
expect month_rate_too_large_rejected 0 NO_CONTRACT "contracts.csv,2,rate,BAD_MONEY;"
# The largest rate a row keeps (D90) over every hour of the month, by hand:
# HOUR 100,000,000.00 x 24 h x 31 days of 2026-10 = 744 h x 10^10 fen =
# 74,400,000,000.00 owed (7.44 x 10^12 fen: no sum near int64); paid 300.00
# -> UNDERPAID, shortfall 74,399,999,700.00, due 11-10, 10 days overdue at
# 11-20. One fen more on the rate is BAD_MONEY at its row: no contract.
base; sed -i 's/DAY,300.00/HOUR,100000000.00/' "$tmp/in/contracts.csv"
{ head -1 "$tmp/in/attendance.csv"; for d in $(seq -w 1 31); do echo "P1,$ID,张三,2026-10-$d,24"; done; } >"$tmp/a" && mv "$tmp/a" "$tmp/in/attendance.csv"; run
expect largest_hour_rate_full_month 3 UNDERPAID
judge largest_hour_rate_full_month_amounts "$(grep -q '^P1,E1,2026-10,1,1,1,1,74400000000.00,300.00,74399999700.00,0,0$' "$tmp/out/ledger.csv" || echo "ledger: $(tail -1 "$tmp/out/ledger.csv")"
  grep -q ',UNDERPAID,.*,2026-11-10,74400000000.00,300.00,300.00,74399999700.00,,10,' "$tmp/out/flags.csv" || echo "flag: $(tail -1 "$tmp/out/flags.csv")")"
sed -i 's/HOUR,100000000.00/HOUR,100000000.01/' "$tmp/in/contracts.csv"; run
expect hour_rate_over_limit_rejected 0 NO_CONTRACT "contracts.csv,2,rate,BAD_MONEY;"
base; run --payments payments.csv; expect same_file_twice 0 DUPLICATE_TXN
rss_below same_file_twice_rss_under_32mb 32768
grep -q '"payments_ok":true' "$tmp/out/summary.json"; judge same_file_twice_paid_once "$([ $? = 0 ] || echo 'control totals do not hold')"
grep -q '^P1,E1,2026-10,1,1,1,0,300.00,300.00,0.00,0,0$' "$tmp/out/ledger.csv"; judge same_file_twice_ledger "$([ $? = 0 ] || echo "ledger: $(tail -1 "$tmp/out/ledger.csv")")"

# Roster name from a later attendance row of the same worker (rows grouped
# by worker take a cached path): contract and first row have no name, the
# second row says 李四, the payee 张三 -> NAME_MISMATCH (D11, D12). Owed: 2
# days x 300.00 = 600.00, paid 300.00 -> UNDERPAID too.
base; printf 'project_id,worker_id,worker_name,rate_type,rate,valid_from\nP1,%s,,DAY,300.00,2026-01-01\n' $ID >"$tmp/in/contracts.csv"
printf 'project_id,worker_id,worker_name,date,hours\nP1,%s,,2026-10-12,8\nP1,%s,李四,2026-10-13,8\n' $ID $ID >"$tmp/in/attendance.csv"
run; expect roster_name_from_later_row 3 "NAME_MISMATCH UNDERPAID"

# The largest --tolerance (D164): sums with it are formed only where they
# fit. A FAILED payment leaves 张三's one day (1 x 300.00 = 300.00 owed)
# MISSING whatever the tolerance (RULES 5.1 step 1); explain prints it
# (under UBSan, check-sanitize, `owed + tolerance` was a signed overflow
# at render_bucket.c for every bucket flag).
base; sed -i 's/,SUCCESS$/,FAILED/' "$tmp/in/payments.csv"; run --tolerance 92233720368547758.07
expect largest_tolerance_missing 3 "MISSING UNPAID_HEADCOUNT" # RULES 5.3 v2: U = 1, A = 1
id=$(awk -F, '$2=="MISSING"{print $1}' "$tmp/out/flags.csv")
(cd "$tmp/in" && "$bin" explain "$id" --projects projects.csv --contracts contracts.csv --attendance attendance.csv \
  --payments payments.csv --period 2026-10 --as-of 2026-11-20 --tolerance 92233720368547758.07 --lang en) >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
judge explain_largest_tolerance "$([ "$rc" = 0 ] || echo "exit $rc"; grep -q '^  tolerance: 92233720368547758.07$' "$tmp/stdout" || echo 'no tolerance line';
  grep -q '^  shortfall: owed = 300.00$' "$tmp/stdout" || echo 'no shortfall 300.00')"

t_done adversarial
