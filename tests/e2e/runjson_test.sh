#!/usr/bin/env bash
# Issue 15.3, the run manifest (DECISIONS D160): run.json in --out,
# published with the other outputs (D92); its values against the options
# typed and the files themselves (sizes by stat, digests by xxh128sum,
# paths by realpath: never the program's own numbers); `explain FLAG_ID
# --run DIR` gives the same text as explain with the options typed again,
# from any folder; it refuses an input changed since the run, a missing
# one, one read from a pipe, and options given beside --run.
# Usage: runjson_test.sh BIN
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"
t_init runjson
t_plan 18
log_lines=30
cases=$root/testdata/cases
sample=$root/testdata/sample
fd=$root/testdata/formats
fmt=$root/formats
command -v xxh128sum >/dev/null || { t_fail "xxh128sum missing (apt-get install xxhash)"; exit 1; }

# ---- run.json by hand: descriptors, a format value, every v2 option ----
mkdir "$tmp/in"
cp "$sample"/{projects,min_wage,holidays}.csv "$fd"/{roster_contracts.csv,attendance_device.csv,bank_pipe.txt} "$tmp/in/"
cp "$fd/bank_pipe.expected.csv" "$tmp/in/bank.csv"
(cd "$tmp/in" && "$bin" run --projects projects.csv --min-wage min_wage.csv --holidays holidays.csv \
  --contracts roster_contracts.csv --contracts-format "$fmt/roster_contracts_gb18030.fmt" \
  --attendance attendance_device.csv --attendance-format "$fmt/attendance_device_gbk.fmt" --format-value project=PJ00001 \
  --payments bank_pipe.txt --payments-format "$fmt/bank_pipe_gb18030.fmt" --payments ./bank.csv \
  --as-of 2026-11-20 --from 2026-07 --to 2026-10 --tolerance 0.50 --project PJ00001 \
  --large-payment 40000.00 --list-worker-amount 6000.00 --warn-days 10 --lang en --quiet --out ../o) \
  >"$tmp/o.log" 2>&1
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] || t_fail "fixture run exit $rc" "$(cat "$tmp/o.log")"
d() { xxh128sum "$1" 2>/dev/null | cut -c1-32; } # (it draws progress on stderr)
want=$(cat <<EOF
{"run_json": 1, "program": "wagerecon", "version": "$(sed -n 's/^#define WAGERECON_VERSION "\(.*\)"$/\1/p' "$root/include/wagerecon/wagerecon.h")", "rules": "RULES v2",
 "options": {"as_of": "2026-11-20", "periods": ["2026-07", "2026-10"], "tolerance": "0.50", "projects": ["PJ00001"], "allow_early_as_of": false, "large_payment": "40000.00", "list_worker_amount": "6000.00", "list_total_amount": "30000.00", "warn_days": 10, "lang": "en", "strict": false, "rejects_raw": false, "report_rows": false, "part_facts": false, "csv_bom": false, "excel": false},
 "inputs": [
  {"role": "projects", "file": "projects.csv", "path": "$tmp/in/projects.csv", "size": $(stat -c %s "$tmp/in/projects.csv"), "xxh3": "$(d "$tmp/in/projects.csv")", "format": null},
  {"role": "holidays", "file": "holidays.csv", "path": "$tmp/in/holidays.csv", "size": $(stat -c %s "$tmp/in/holidays.csv"), "xxh3": "$(d "$tmp/in/holidays.csv")", "format": null},
  {"role": "min_wage", "file": "min_wage.csv", "path": "$tmp/in/min_wage.csv", "size": $(stat -c %s "$tmp/in/min_wage.csv"), "xxh3": "$(d "$tmp/in/min_wage.csv")", "format": null},
  {"role": "contracts", "file": "roster_contracts.csv", "path": "$tmp/in/roster_contracts.csv", "size": $(stat -c %s "$tmp/in/roster_contracts.csv"), "xxh3": "$(d "$tmp/in/roster_contracts.csv")",
   "format": {"file": "roster_contracts_gb18030.fmt", "path": "$fmt/roster_contracts_gb18030.fmt", "size": $(stat -c %s "$fmt/roster_contracts_gb18030.fmt"), "xxh3": "$(d "$fmt/roster_contracts_gb18030.fmt")", "values": []}},
  {"role": "attendance", "file": "attendance_device.csv", "path": "$tmp/in/attendance_device.csv", "size": $(stat -c %s "$tmp/in/attendance_device.csv"), "xxh3": "$(d "$tmp/in/attendance_device.csv")",
   "format": {"file": "attendance_device_gbk.fmt", "path": "$fmt/attendance_device_gbk.fmt", "size": $(stat -c %s "$fmt/attendance_device_gbk.fmt"), "xxh3": "$(d "$fmt/attendance_device_gbk.fmt")", "values": ["project=PJ00001"]}},
  {"role": "payments", "file": "bank_pipe.txt", "path": "$tmp/in/bank_pipe.txt", "size": $(stat -c %s "$tmp/in/bank_pipe.txt"), "xxh3": "$(d "$tmp/in/bank_pipe.txt")",
   "format": {"file": "bank_pipe_gb18030.fmt", "path": "$fmt/bank_pipe_gb18030.fmt", "size": $(stat -c %s "$fmt/bank_pipe_gb18030.fmt"), "xxh3": "$(d "$fmt/bank_pipe_gb18030.fmt")", "values": []}},
  {"role": "payments", "file": "bank.csv", "path": "$tmp/in/bank.csv", "size": $(stat -c %s "$tmp/in/bank.csv"), "xxh3": "$(d "$tmp/in/bank.csv")", "format": null}
 ]}
EOF
)
t run_json_values_by_hand python3 -c '
import json, sys
want, got = json.loads(sys.argv[1]), json.load(open(sys.argv[2], encoding="utf-8"))
if want != got:
    for k in want:
        if want[k] != got.get(k):
            print(k, "\n got ", json.dumps(got.get(k), ensure_ascii=False), "\n want", json.dumps(want[k], ensure_ascii=False))
    sys.exit(1)' "$want" "$tmp/o/run.json"

# ---- run.json is one of the published set (D92) ----
t run_json_is_a_published_link test "$(readlink "$tmp/o/run.json")" = .wagerecon/current/run.json
# A failed run (an input missing) leaves the previous run.json with the
# previous flags.csv; a later run into the same folder replaces both.
cp "$tmp/o/run.json" "$tmp/run.before"
(cd "$tmp/in" && "$bin" run --projects projects.csv --contracts /nonexistent.csv --attendance x --payments y \
  --period 2026-10 --as-of 2026-11-20 --quiet --out ../o) >/dev/null 2>&1
t failed_run_keeps_run_json cmp "$tmp/run.before" "$tmp/o/run.json"
(cd "$cases/b_missing" && eval "\"$bin\" run $(cat args) --quiet --out \"$tmp/o\"") >/dev/null 2>&1
t next_run_replaces_run_json_with_the_set python3 -c '
import json, sys
r = json.load(open(sys.argv[1] + "/run.json"))
assert [i["file"] for i in r["inputs"]] == ["projects.csv", "contracts.csv", "attendance.csv", "payments.csv"], r["inputs"]
assert r["options"]["periods"] == ["2026-10", "2026-10"] and r["options"]["projects"] == []
assert "721915840b815d6e" in open(sys.argv[1] + "/flags.csv").read()' "$tmp/o"

# ---- explain --run: the same text as the options typed, from any folder ----
n=0 problems=""
for name in b_missing b_underpaid b_invalid_id c_unknown_account_many_payees v2_allocation_client_cases v2_due_soon v2_list_threshold_both; do
  c=$cases/$name
  (cd "$c" && eval "\"$bin\" run $(cat args) --quiet --out \"$tmp/r_$name\"") >/dev/null 2>&1
  while IFS=, read -r id kind _; do
    n=$((n+1))
    (cd "$c" && eval "\"$bin\" explain $id $(cat args) --flags \"$tmp/r_$name/flags.csv\" --lang en") >"$tmp/typed" 2>&1
    (cd / && "$bin" explain "$id" --run "$tmp/r_$name" --lang en) >"$tmp/byrun" 2>&1 ||
      problems="$problems\n$name $kind $id: exit $?: $(head -c 300 "$tmp/byrun")"
    cmp -s "$tmp/typed" "$tmp/byrun" || problems="$problems\n$name $kind $id: differs from the typed options"
    (cd / && "$bin" explain "$id" --run "$tmp/r_$name" --json) >"$tmp/byrun.json" 2>&1
    (cd "$c" && eval "\"$bin\" explain $id $(cat args) --json") >"$tmp/typed.json" 2>&1
    cmp -s "$tmp/typed.json" "$tmp/byrun.json" || problems="$problems\n$name $kind $id: --json differs"
  done < <(tail -n +2 "$tmp/r_$name/flags.csv")
done
[ "$n" -gt 30 ] || problems="$problems\nonly $n flags"
verdict "explain_run_same_as_typed ($n flags, text and json)" "${problems:+$(echo -e "$problems" | head -c 300 | tr '\n' ' ')}"
# Through descriptors and a format value (the run of the first check).
n=0 problems=""
cp -r "$tmp/in" "$tmp/in2"
(cd "$tmp/in2" && "$bin" run --projects projects.csv --contracts roster_contracts.csv --contracts-format "$fmt/roster_contracts_gb18030.fmt" \
  --attendance attendance_device.csv --attendance-format "$fmt/attendance_device_gbk.fmt" --format-value project=PJ00001 \
  --payments bank_pipe.txt --payments-format "$fmt/bank_pipe_gb18030.fmt" --as-of 2026-11-20 --from 2026-07 --to 2026-10 \
  --quiet --out ../o2) >/dev/null 2>&1
while IFS=, read -r id kind _; do
  n=$((n+1))
  (cd "$tmp/in2" && "$bin" explain "$id" --contracts roster_contracts.csv --contracts-format "$fmt/roster_contracts_gb18030.fmt" \
    --projects projects.csv --attendance attendance_device.csv --attendance-format "$fmt/attendance_device_gbk.fmt" --format-value project=PJ00001 \
    --payments bank_pipe.txt --payments-format "$fmt/bank_pipe_gb18030.fmt" --as-of 2026-11-20 --from 2026-07 --to 2026-10 --json) >"$tmp/typed" 2>&1
  "$bin" explain "$id" --run "$tmp/o2" --json >"$tmp/byrun" 2>&1
  cmp -s "$tmp/typed" "$tmp/byrun" || problems="$problems $kind $id"
done < <(tail -n +2 "$tmp/o2/flags.csv")
[ "$n" -gt 3 ] || problems="$problems only $n flags"
verdict "explain_run_through_descriptors ($n flags)" "$problems"

# An as-of before the last period's end, allowed at the run (D83): explain
# --run needs no --allow-early-as-of (run.json says it was allowed).
(cd "$sample" && "$bin" run $(sed 's/--as-of 2026-11-20/--as-of 2026-10-20/' args) --allow-early-as-of --quiet --out "$tmp/early") >/dev/null 2>&1
id=$(sed -n 2p "$tmp/early/flags.csv" | cut -d, -f1)
t explain_run_early_as_of_as_allowed sh -c "'$bin' explain $id --run '$tmp/early' --lang en | grep -qx '  as_of: 2026-10-20'"

# The language (D162): the run's report language unless --lang is given.
(cd "$cases/b_missing" && eval "\"$bin\" run $(cat args) --lang en --quiet --out \"$tmp/en_run\"") >/dev/null 2>&1
t explain_run_speaks_the_runs_language sh -c "'$bin' explain 721915840b815d6e --run '$tmp/en_run' | grep -qx 'kind: MISSING' &&
  '$bin' explain 721915840b815d6e --run '$tmp/r_b_missing' | grep -qx '类型: MISSING（未发工资）' &&
  '$bin' explain 721915840b815d6e --run '$tmp/en_run' --lang zh | grep -qx '类型: MISSING（未发工资）'"

# ---- refusals ----
c=$cases/b_missing
cp -r "$c" "$tmp/chg"
(cd "$tmp/chg" && eval "\"$bin\" run $(cat args) --quiet --out \"$tmp/chg_out\"") >/dev/null 2>&1
id=721915840b815d6e
# One digit changed, size the same: only the digest can tell.
sed -i 's/,640.00,/,641.00,/' "$tmp/chg/payments.csv"
t explain_run_refuses_a_changed_input fails_with 2 "payments input $tmp/chg/payments.csv changed since the run (recorded: size $(stat -c %s "$c/payments.csv"), XXH3 $(d "$c/payments.csv")" \
  "$bin" explain $id --run "$tmp/chg_out"
t explain_run_changed_prints_nothing test ! -s "$t_out"
cp "$c/payments.csv" "$tmp/chg/payments.csv"
t explain_run_after_restoring_the_input sh -c "'$bin' explain $id --run '$tmp/chg_out' --lang en | grep -q 'flag_id: $id'"
rm "$tmp/chg/contracts.csv"
t explain_run_names_a_missing_input fails_with 2 "contracts input of the run: $tmp/chg/contracts.csv: cannot open" \
  "$bin" explain $id --run "$tmp/chg_out"
(cd "$c" && "$bin" run --projects projects.csv --contracts contracts.csv --attendance attendance.csv \
  --payments <(cat payments.csv) --period 2026-10 --as-of 2026-11-20 --quiet --out "$tmp/pipe") >/dev/null 2>&1
t pipe_input_recorded_without_digest python3 -c '
import json, sys
p = [i for i in json.load(open(sys.argv[1]))["inputs"] if i["role"] == "payments"][0]
assert p["size"] is None and p["xxh3"] is None, p' "$tmp/pipe/run.json"
t explain_run_refuses_a_pipe_input fails_with 2 "was not a regular file when the run read it" \
  "$bin" explain $id --run "$tmp/pipe"
t explain_run_with_input_options_is_usage fails_with 2 "give no --as-of with it" \
  "$bin" explain $id --run "$tmp/r_b_missing" --as-of 2026-11-20
t explain_run_with_flags_is_usage fails_with 2 "give no --flags with it" \
  "$bin" explain $id --run "$tmp/r_b_missing" --flags "$tmp/r_b_missing/flags.csv"
mkdir "$tmp/empty"
t explain_run_without_run_json fails_with 2 "$tmp/empty/run.json: cannot open" "$bin" explain $id --run "$tmp/empty"
t explain_run_unknown_flag fails_with 2 "no flag 0123456789abcdef in flags.csv" \
  "$bin" explain 0123456789abcdef --run "$tmp/r_b_missing"

t_done runjson
