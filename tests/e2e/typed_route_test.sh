#!/usr/bin/env bash
# The two routes of a format descriptor's pictures, end to end
# (formats/README.md "Speed"; DECISIONS D37): a plain `wagerecon run` takes
# the numbers a picture read (typed route: wr_row.typed, range-checked in
# src/inputs/columns.c typed_value), `run --rejects-raw` and `formats
# convert/check` take the canonical text it writes (text route). Both must
# give the same rows. The data set testdata/formats/typed/ (a GB18030
# contract roster and two GB18030 bank files, written there in UTF-8 and
# encoded here) holds edge values: Feb 29 of a common and of a leap year,
# month 13, 24:00, 23:59:60, year 0000, three decimals, a bad digit group,
# amounts beyond int64 fen, values already canonical. Its README derives
# every expected file from RULES.md and DECISIONS by hand; this script
# checks both routes against them and against each other.
# Prints "ok typed NAME" / "FAIL typed NAME". Usage: typed_route_test.sh BIN
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"
t_init typed
t_plan 19
log_lines=14 # diffs
data="$root/testdata/formats/typed"
want="$data/expected"
fmt="$root/formats"
same() { diff -u "$1" "$2"; } # expected, actual

# The sources are UTF-8 with LF; the files a bank sends are GB18030 with CRLF.
encode() { sed 's/$/\r/' "$data/$1" | iconv -f UTF-8 -t GB18030 >"$tmp/$2"; }
encode roster_contracts.utf8.csv roster_contracts.csv
encode bank_dates.utf8.txt bank_dates.txt
encode bank_amounts.utf8.txt bank_amounts.txt

run() { # out dir, extra options; exit code into DIR.rc. $dates: the first bank file
  (cd "$data" && "$bin" run --projects projects.csv \
     --contracts "$tmp/roster_contracts.csv" --contracts-format "$fmt/roster_contracts_gb18030.fmt" \
     --attendance attendance.csv \
     --payments "$dates" --payments-format "$fmt/bank_pipe_gb18030.fmt" \
     --payments "$tmp/bank_amounts.txt" --payments-format "$fmt/bank_pipe_gb18030.fmt" \
     --from 2026-09 --to 2026-10 --as-of 2026-11-20 --quiet --out "$1" "${@:2}" >"$1.stdout" 2>&1)
  echo $? >"$1.rc"
}
dates=$tmp/bank_dates.txt
run "$tmp/typed"
run "$tmp/text" --rejects-raw
cut -d, -f1-4 "$tmp/text/rejects.csv" >"$tmp/text_rejects.csv" # drop raw (no field before it holds a comma)

# (a), (b): the routes agree
t routes_exit_codes same "$want/exit" "$tmp/typed.rc"
t text_route_exit_code same "$want/exit" "$tmp/text.rc"
t routes_rejects_agree same "$tmp/typed/rejects.csv" "$tmp/text_rejects.csv"
for f in flags.csv ledger.csv cases.jsonl summary.json; do
  t "routes_${f%.*}_identical" cmp "$tmp/typed/$f" "$tmp/text/$f"
done

# (c): both routes give what the README computed by hand
t typed_rejects_as_computed same "$want/rejects.csv" "$tmp/typed/rejects.csv"
t text_rejects_as_computed same "$want/rejects.csv" "$tmp/text_rejects.csv"
t typed_flags_as_computed same "$want/flags.csv" "$tmp/typed/flags.csv"
t text_flags_as_computed same "$want/flags.csv" "$tmp/text/flags.csv"
t typed_ledger_as_computed same "$want/ledger.csv" "$tmp/typed/ledger.csv"
t typed_cases_as_computed same "$want/cases.jsonl" "$tmp/typed/cases.jsonl"
summary_has() { local s; for s in "$@"; do grep -qF -- "$s" "$tmp/typed/summary.json" || { echo "summary.json lacks: $s"; return 1; }; done; }
t typed_summary_as_computed summary_has \
  '"file":"roster_contracts.csv","data_rows":9,"used":4,"out_of_scope":0,"rejected":5}' \
  '"file":"attendance.csv","data_rows":25,"used":25,"out_of_scope":0,"rejected":0}' \
  '"file":"bank_dates.txt","data_rows":16,"used":7,"out_of_scope":1,"rejected":8}' \
  '"file":"bank_amounts.txt","data_rows":7,"used":1,"out_of_scope":0,"rejected":6}' \
  '"SUCCESS":{"rows":6,"amount":"5300.00"},"FAILED":{"rows":1,"amount":"1000.00"},"RETURNED":{"rows":1,"amount":"1000.00"}' \
  '"headline":{"employers_in_arrears":1,"workers_in_arrears":3,"amount_in_arrears":"1000.00"}'

# The text route alone: convert writes every row's canonical text (the
# canonical rules judge it later), check lists the rejects a run makes.
for pair in roster_contracts.csv:roster_contracts_gb18030 bank_dates.txt:bank_pipe_gb18030 \
            bank_amounts.txt:bank_pipe_gb18030; do
  f=${pair%%:*} d=${pair##*:}
  t "convert_${f%.*}" sh -c "'$bin' formats convert '$fmt/$d.fmt' '$tmp/$f' >'$tmp/$f.conv' && diff -u '$want/${f%.*}.csv' '$tmp/$f.conv'"
  "$bin" formats check "$fmt/$d.fmt" "$tmp/$f" 2>&1 >/dev/null |
    sed -nE 's/^([^:]+):([0-9]+): ([a-z_]+): ([A-Z_]+)$/\1,\2,\3,\4/p' >>"$tmp/check_rejects.csv"
done
t check_rejects_as_computed same <(tail -n +2 "$want/rejects.csv") "$tmp/check_rejects.csv"

# bank_dates.txt's amounts are all readable, so its trailer total is
# compared (DECISIONS D39): the run above passing it proves 9,680.00 is
# what was read; one fen more in the trailer stops the run.
mkdir -p "$tmp/altered"
sed 's/^合计|16|9,680.00|$/合计|16|9,680.01|/' "$data/bank_dates.utf8.txt" | sed 's/$/\r/' |
  iconv -f UTF-8 -t GB18030 >"$tmp/altered/bank_dates.txt"
dates=$tmp/altered/bank_dates.txt run "$tmp/altered_out"
t trailer_total_compared sh -c "cat '$tmp/altered_out.stdout'; grep -qx 2 '$tmp/altered_out.rc' &&
  grep -qF 'bank_dates.txt: line 20: trailer says 16 rows, total 9680.01; read 16 rows, total 9680.00' '$tmp/altered_out.stdout' &&
  test ! -e '$tmp/altered_out/flags.csv'"
t_done
