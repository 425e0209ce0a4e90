#!/usr/bin/env bash
# Scale-out identity: for N = 1, 2, 4 and 7 parts, `wagerecon partition`,
# `wagerecon run` on every part (the ordinary command, `$(cat args)`) and
# `wagerecon merge` must give outputs byte-identical to one `wagerecon run`
# on the same inputs, with the same exit code: on the generator's 2,000
# workers and on every hand-computed case in testdata/cases. Also: the
# partition and merge refuse what is not one whole partition.
# Prints "ok scaleout ..." / "FAIL scaleout ..." lines.
# report.html included (DECISIONS D48): also with --project (calendars,
# over the cap of 300 too) and --lang en.
# Usage: scaleout_test.sh WAGERECON_BIN GEN_BIN
set -u
bin=$(realpath "$1")
gen=$(realpath "$2")
. "$(dirname "$0")/lib.sh"
t_init scaleout
t_plan $((37 + $(n_cases) - $(n_cases 2))) # one per case that writes outputs (not exit 2), 37 more
py=/usr/bin/python3
[ -x "$py" ] || py=python3
OUTPUTS="flags.csv flags.jsonl ledger.csv cases.jsonl summary.json rejects.csv report.html"

# identity NAME DIR N [OPTION...]: partition DIR's args (and the options)
# into N parts, run, merge, compare.
identity() {
  local name=$1 dir=$2 n=$3 w=$tmp/$1-$3 problems="" rc
  shift 3
  mkdir -p "$w"
  (cd "$dir" && eval "\"$bin\" run $(cat args) $* --quiet --out \"$w/single\"")
  local want=$?
  (cd "$dir" && eval "\"$bin\" partition --parts $n --quiet --out \"$w/parts\" $(cat args) $*") \
    >"$w.log" 2>&1 || problems="partition exit $? ($(head -c 200 "$w.log"))"
  if [ -z "$problems" ]; then
    local count
    count=$(ls -d "$w"/parts/part-* | wc -l)
    [ "$count" = "$n" ] || problems="$count parts, want $n"
    for p in "$w"/parts/part-*; do
      # shellcheck disable=SC2046 # args is one line of options
      (cd "$p" && "$bin" run $(cat args) --quiet --out out) >>"$w.log" 2>&1
      rc=$?
      [ "$rc" = 0 ] || [ "$rc" = 3 ] || problems="$problems; run $(basename "$p") exit $rc"
    done
    "$bin" merge --quiet --out "$w/final" "$w"/parts/*/out >>"$w.log" 2>&1
    rc=$?
    [ "$rc" = "$want" ] || problems="$problems; merge exit $rc, single run $want ($(tail -c 300 "$w.log"))"
    for f in $OUTPUTS; do
      cmp -s "$w/single/$f" "$w/final/$f" || problems="$problems; $f differs"
    done
  fi
  verdict "$name N=$n" "$problems"
  [ -n "$problems" ] || rm -rf "$w" "$w.log"
}

mkdir -p "$tmp/gen"
"$gen" --workers 2000 --out "$tmp/gen/data" --seed 1 >/dev/null || t_fail generator
for n in 1 2 4 7; do identity gen2000 "$tmp/gen/data" "$n"; done
# --project: calendars per worker-month. The first project has more than
# 300 (the cap: the worst first, D35); with a second, a page in English.
p1=$(sed -n 2p "$tmp/gen/data/projects.csv" | cut -d, -f1)
p2=$(sed -n 3p "$tmp/gen/data/projects.csv" | cut -d, -f1)
for n in 1 2 4 7; do identity gen2000-project "$tmp/gen/data" "$n" --project "$p1"; done
for n in 1 2 4 7; do identity gen2000-en "$tmp/gen/data" "$n" --project "$p2" --project "$p1" --lang en; done
# 4,000 workers: more flags than the table's cap of 500.
"$gen" --workers 4000 --out "$tmp/gen/data4k" --seed 1 >/dev/null || t_fail "generator 4k"
for n in 2 7; do identity gen4000 "$tmp/gen/data4k" "$n"; done
# The caps above are really reached (else the union of the parts' first
# rows would never be cut): counted from flags.csv and from the page.
(cd "$tmp/gen/data4k" && "$bin" run $(cat args) --quiet --out "$tmp/gen/cap") >/dev/null 2>&1
(cd "$tmp/gen/data" && "$bin" run $(cat args) --project "$p1" --quiet --out "$tmp/gen/cap-p") >/dev/null 2>&1
flags4k=$(($(wc -l <"$tmp/gen/cap/flags.csv") - 1))
months=$(grep -c 'class="worker"' "$tmp/gen/cap-p/report.html")
# D173: a kind other than MISSING/UNDERPAID over its 50 rows.
most=$(cut -d, -f2 "$tmp/gen/cap/flags.csv" | grep -v -e MISSING -e UNDERPAID -e kind | sort | uniq -c | sort -n | tail -1 | awk '{print $1}')
if [ "${most:-0}" -gt 50 ] && [ "$months" = 300 ] && grep -q 'id="left-out"' "$tmp/gen/cap/report.html" &&
   grep -q '个工人月份未列出' "$tmp/gen/cap-p/report.html"; then
  t_pass "identity tests reach the page's caps ($flags4k flags, $most of one kind > 50, calendars > 300)"
else t_fail "caps not reached: $flags4k flags, $months calendars"; fi

# Every hand-computed case, at each N (one line per case).
for dir in "$root"/testdata/cases/*/; do
  [ -f "$dir/args" ] || continue
  [ "$(cat "$dir/expected/exit")" = 2 ] && continue # a usage error: nothing to partition
  name=$(basename "$dir")
  bad=""
  for n in 1 2 4 7; do
    out=$(identity "$name" "$dir" "$n")
    case "$out" in ok*) ;; *) bad="$bad ${out#FAIL scaleout }";; esac
  done
  if [ -z "$bad" ]; then t_pass "case $name N=1,2,4,7"; else t_fail "case$bad"; fi
done

# --rejects-raw: the raw rows come from the partition's record, whole.
mkdir -p "$tmp/raw"
cp -r "$root/testdata/cases/rejects_all_reasons" "$tmp/raw/case"
echo "$(cat "$tmp/raw/case/args") --rejects-raw" >"$tmp/raw/case/args"
identity rejects_raw "$tmp/raw/case" 3

# What is not one whole partition is refused (exit 2), nothing written.
c=$root/testdata/cases/b_underpaid
w=$tmp/refuse
mkdir -p "$w"
(cd "$c" && eval "\"$bin\" partition --parts 3 --quiet --out \"$w/parts\" $(cat args)") >/dev/null 2>&1
for p in "$w"/parts/part-*; do
  # shellcheck disable=SC2046
  (cd "$p" && "$bin" run $(cat args) --quiet --out out) >/dev/null 2>&1
done
# The merge's terminal names each input file's role after wr_merge has
# freed the parts' parsed JSON: no read of freed memory (valgrind here; in
# check-sanitize's ASan build ASan itself, since valgrind cannot run that
# binary), and the payments line is there (b_underpaid: payments.csv, 4 used).
case "${EXTRA_CFLAGS:-}" in
  *sanitize=address*) memcheck="" ;;
  *) memcheck="valgrind -q --error-exitcode=99 --soname-synonyms=somalloc=*jemalloc*" ;;
esac
if [ -z "$memcheck" ] || command -v valgrind >/dev/null; then
  $memcheck "$bin" merge --out "$w/terminal" "$w"/parts/*/out >"$w/terminal.log" 2>&1
  rc=$?
  if [ "$rc" = 3 ] && grep -Eq '^  payments +payments.csv +4 = +4 \+' "$w/terminal.log"; then
    t_pass "merge terminal roles (no read of freed memory)"
  else t_fail "merge terminal roles: exit $rc $(grep -m3 -E 'Invalid|ERROR|payments' "$w/terminal.log")"; fi
else t_fail "merge terminal roles: valgrind missing"; fi
refuse() { # name, then merge operands (SHOW_REFUSALS=1: print why)
  local name=$1; shift
  [ -n "${SHOW_REFUSALS:-}" ] && "$bin" merge --quiet --out "$w/show" "$@" 2>&1 | sed "s/^/    $name: /" >&2
  "$bin" merge --quiet --out "$w/final-$name" "$@" >"$w/log" 2>&1
  local rc=$?
  if [ "$rc" = 2 ] && [ ! -e "$w/final-$name/flags.csv" ]; then t_pass "merge refuses $name"
  else t_fail "merge refuses $name: exit $rc $(head -c 200 "$w/log")"; fi
}
# A consistent forger (D93): changes a part's file and writes its digest
# again (xxhsum, as outputs.xxh3 was), so the check after the digests is
# the one a test reaches.
redigest() { # a part's out folder
  (cd "$1" && awk '{print $2}' outputs.xxh3 | xargs xxhsum -H2 2>/dev/null >outputs.xxh3.new && mv outputs.xxh3.new outputs.xxh3)
}
refuse missing_part "$w/parts/part-0001/out" "$w/parts/part-0002/out"
refuse part_twice "$w/parts/part-0001/out" "$w/parts/part-0002/out" "$w/parts/part-0002/out"
refuse not_a_part "$w/parts/part-0001/out" "$w/parts/part-0002/out" "$c"
mkdir -p "$w/other"
(cd "$c" && eval "\"$bin\" partition --parts 3 --quiet --out \"$w/other/parts\" $(cat args) --tolerance 1.00") >/dev/null 2>&1
refuse other_partition "$w/parts/part-0001/out" "$w/parts/part-0002/out" "$w/other/parts/part-0003/out"
# report.html (D48): a part run without the args' --report-rows, or with
# another --lang, or whose report_rows.json lost a row, cannot give the
# single run's page.
p2dir=$w/parts/part-0002
# shellcheck disable=SC2046
(cd "$p2dir" && "$bin" run $(sed 's/ --report-rows//' args) --quiet --out out-norows) >/dev/null 2>&1
refuse part_without_report_rows "$w/parts/part-0001/out" "$p2dir/out-norows" "$w/parts/part-0003/out"
# shellcheck disable=SC2046
(cd "$p2dir" && "$bin" run $(cat args) --lang en --quiet --out out-en) >/dev/null 2>&1
refuse part_of_other_lang "$w/parts/part-0001/out" "$p2dir/out-en" "$w/parts/part-0003/out"
# The supervision sections' words (D121) need one --warn-days and one
# pair of list amounts in every part.
# shellcheck disable=SC2046
(cd "$p2dir" && "$bin" run $(cat args) --warn-days 3 --quiet --out out-warn) >/dev/null 2>&1
refuse part_of_other_warn_days "$w/parts/part-0001/out" "$p2dir/out-warn" "$w/parts/part-0003/out"
verdict "merge refuses part_of_other_warn_days for its --warn-days" \
  "$(grep -q "another --warn-days or list amounts than part 1" "$w/log" || head -c 200 "$w/log")"
rowsful=$(grep -l '"flag_rows":\[{' "$w"/parts/part-*/out/report_rows.json | head -1)
mkdir -p "$w/lost" && cp -r "$(dirname "$(dirname "$rowsful")")" "$w/lost/part"
"$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); d["flag_rows"].pop(); json.dump(d,open(sys.argv[1],"w"))' \
  "$w/lost/part/out/report_rows.json"
lost=""
for p in "$w"/parts/part-*/out; do
  if [ "$p/report_rows.json" = "$rowsful" ]; then lost="$lost $w/lost/part/out"; else lost="$lost $p"; fi
done
redigest "$w/lost/part/out"
# shellcheck disable=SC2086 # folder names without spaces (mktemp)
refuse part_that_lost_a_report_row $lost
# Issue 16 item 5 (D93): a part's file changed after its run (a flag's
# severity in flags.csv) is refused by its digest; a report row carrying
# a script, or a full ID, is refused even with its digest written again.
tampered() { # name, python changing the file argv[1], the file's name: a changed copy of the part with rows
  rm -rf "$w/t-$1"; mkdir -p "$w/t-$1" && cp -r "$(dirname "$(dirname "$rowsful")")" "$w/t-$1/part"
  local f="$w/t-$1/part/out/$3"; cp --remove-destination "$(readlink -f "$f")" "$f"
  "$py" -c "$2" "$f"
  t_list=""
  for p in "$w"/parts/part-*/out; do
    if [ "$p/report_rows.json" = "$rowsful" ]; then t_list="$t_list $w/t-$1/part/out"; else t_list="$t_list $p"; fi
  done
}
tampered severity 'import sys; p=sys.argv[1]; t=open(p).read(); l=t.split("\n"); f=l[1].split(","); f[2]="low" if f[2]!="low" else "high"; l[1]=",".join(f); open(p,"w").write("\n".join(l))' flags.csv
# shellcheck disable=SC2086
refuse part_with_a_changed_flag $t_list
grep -q 'flags.csv: does not match its XXH3 digest' "$w/log" && t_pass "merge names the changed file" || t_fail "merge names the changed file: $(head -c 200 "$w/log")"
tampered script 'import json,sys; p=sys.argv[1]; d=json.load(open(p)); r=d["flag_rows"][0]; r["html"]=r["html"].replace("</td>","<script>alert(1)</script></td>",1); json.dump(d,open(p,"w"),ensure_ascii=False)' report_rows.json
redigest "$w/t-script/part/out"
# shellcheck disable=SC2086
refuse report_row_with_a_script $t_list
id=$(cut -d, -f6 "$(dirname "$rowsful")/flags.csv" | grep -E '^[0-9]{17}[0-9X]$' | head -1)
tampered full_id "import json,sys; p=sys.argv[1]; d=json.load(open(p)); r=d['flag_rows'][0]; r['html']=r['html'].replace('</td>','$id</td>',1); json.dump(d,open(p,'w'),ensure_ascii=False)" report_rows.json
redigest "$w/t-full_id/part/out"
# shellcheck disable=SC2086
refuse report_row_with_a_full_id $t_list
# --out inside an input (item 4): part 1's own out folder, or its part folder.
cksum "$w"/parts/part-0001/out/* >"$w/p1.before"
"$bin" merge --quiet --out "$w/parts/part-0001/out" "$w"/parts/*/out >"$w/log" 2>&1; rc=$?
if [ "$rc" = 2 ] && grep -q 'is inside the input' "$w/log" && cksum "$w"/parts/part-0001/out/* | cmp -s - "$w/p1.before"; then t_pass "merge refuses out_inside_an_input"
else t_fail "merge refuses out_inside_an_input: exit $rc $(head -c 200 "$w/log")"; fi
"$bin" merge --quiet --out "$w/parts/part-0002/final" "$w"/parts/*/out >"$w/log" 2>&1; rc=$?
if [ "$rc" = 2 ] && [ ! -e "$w/parts/part-0002/final" ]; then t_pass "merge refuses out_inside_a_part_folder"
else t_fail "merge refuses out_inside_a_part_folder: exit $rc $(head -c 200 "$w/log")"; fi
# Part 1's flags also in part 2 (a worker in two parts): exit 4.
cp -r "$w/parts/part-0002/out" "$w/saved"
cp --remove-destination "$w/parts/part-0001/out/flags.csv" "$w/parts/part-0001/out/flags.jsonl" "$w/parts/part-0002/out/"
redigest "$w/parts/part-0002/out"
"$bin" merge --quiet --out "$w/final-dup" "$w"/parts/*/out >/dev/null 2>&1
rc=$?
if [ "$rc" = 4 ] && [ ! -e "$w/final-dup/flags.csv" ]; then t_pass "merge self-check fails on a flag in two parts"
else t_fail "merge self-check: exit $rc, want 4"; fi
rm -rf "$w/parts/part-0002/out" && mv "$w/saved" "$w/parts/part-0002/out"
# Partition: --out not empty, and an unreadable input, are exit 2 with nothing written.
(cd "$c" && eval "\"$bin\" partition --parts 2 --quiet --out \"$w/parts\" $(cat args)") >/dev/null 2>&1
rc=$?
if [ "$rc" = 2 ] && [ -f "$w/parts/part-0003/args" ]; then t_pass "partition keeps an existing --out"
else t_fail "partition over existing --out: exit $rc"; fi
(cd "$c" && eval "\"$bin\" partition --parts 2 --quiet --out \"$w/p2\" $(cat args) --payments /nonexistent.csv") >/dev/null 2>&1
rc=$?
if [ "$rc" = 2 ] && [ ! -e "$w/p2" ] && [ -z "$(ls -d "$w"/p2.* 2>/dev/null)" ]; then t_pass "partition of an unreadable input writes nothing"
else t_fail "partition unreadable input: exit $rc"; fi

# Hand-computed cross-worker case (testdata/cases/s_cross_worker_parts/README.md):
# each worker in its own part, outputs merged to the hand-computed ones.
c=$root/testdata/cases/s_cross_worker_parts
w=$tmp/cross
mkdir -p "$w"
(cd "$c" && eval "\"$bin\" partition --parts 4 --quiet --out \"$w/parts\" $(cat args)") >"$w/log" 2>&1
placed() { # part, file, text: the part's file holds the text
  zstd -dcq "$w/parts/part-000$1/$2" | grep -qF "$3"
}
problems=""
for pw in 1:110101198503151024 2:110101198503151083 3:110101198503151016 4:110101198503151040; do
  placed "${pw%%:*}" contracts.csv.zst "${pw#*:}" || problems="$problems; worker ${pw#*:} not in part ${pw%%:*}"
  placed "${pw%%:*}" attendance-01.csv.zst "${pw#*:}" || problems="$problems; attendance of ${pw#*:} not in part ${pw%%:*}"
done
placed 1 payments-02.csv.zst "A1,T1,110101198503151083" || problems="$problems; repeat of A1/T1 not routed to the first row's part"
x9=$(for k in 1 2 3 4; do zstd -dcq "$w/parts/part-000$k/payments-02.csv.zst" | grep -c '^X9,'; done | tr '\n' ' ')
case "$x9" in *4*) ;; *) problems="$problems; account X9 split over parts ($x9)";; esac
for p in "$w"/parts/part-*; do
  # shellcheck disable=SC2046
  (cd "$p" && "$bin" run $(cat args) --quiet --out out) >>"$w/log" 2>&1
done
"$bin" merge --quiet --out "$w/final" "$w"/parts/*/out >>"$w/log" 2>&1
rc=$?
[ "$rc" = 3 ] || problems="$problems; merge exit $rc, want 3"
for f in flags.csv ledger.csv cases.jsonl; do
  diff -u "$c/expected/$f" "$w/final/$f" >"$w/diff" 2>&1 || problems="$problems; $f differs: $(head -c 400 "$w/diff")"
done
for want in '"payments_by_status":{"SUCCESS":{"rows":7,"amount":"2350.00"},"FAILED":{"rows":1,"amount":"20.00"}}' \
            '"counted_payments":{"rows":3,"amount":"1800.00"' \
            '"headline":{"employers_in_arrears":1,"workers_in_arrears":1,"amount_in_arrears":"300.00"}' \
            '"files":[' '{"role":"payments","file":"bank-b.csv","data_rows":6,"used":6,"out_of_scope":0,"rejected":0}'; do
  grep -qF "$want" "$w/final/summary.json" || problems="$problems; summary.json lacks $want"
done
if [ -z "$problems" ]; then t_pass "cross-worker case in 4 parts (hand-computed)"
else t_fail "cross-worker case:$problems"; fi

# D43: a --project value that `$(cat args)` would split is refused.
c=$root/testdata/cases/b_project_scope
(cd "$c" && eval "\"$bin\" partition --parts 2 --quiet --out \"$tmp/pq\" $(cat args)" --project "'P 1'") >"$tmp/pq.log" 2>&1
rc=$?
if [ "$rc" = 2 ] && [ ! -e "$tmp/pq" ] && grep -q "args" "$tmp/pq.log"; then t_pass "partition refuses a --project args cannot carry"
else t_fail "partition with --project 'P 1': exit $rc $(head -c 200 "$tmp/pq.log")"; fi
t_done scaleout
