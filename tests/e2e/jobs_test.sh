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
#  3. what a reader on several threads makes new (a pipeline that reads
#     and parses rows in batches on one thread and applies them on
#     another, branch `pipeline`, bench/RESULTS.md): rejects deep in a
#     large file (each at the line where it was put, with its raw text
#     under --rejects-raw), a read error mid-file (a truncated zstd frame)
#     and a header error, each the same message with --jobs 1 and 2 and
#     nothing written; `partition` and `explain` give the same bytes with
#     --jobs 1 and 2; rows out of the run between rows of the same worker
#     texts, where a handler that trusts "same as the row before" without
#     its cache being that row's would fold days into another pair (D314).
#  4. the threaded reader's cuts (src/io/csvpar.c, docs/PARALLEL.md): with
#     WAGERECON_TEST_CHUNK_BYTES the files are cut into chunks of a few
#     bytes, so cuts fall inside quoted fields holding LF and CRLF, in
#     CRLF pairs, before lone CRs, in blank and blanks-only lines, inside a
#     quoted field longer than a chunk and before a last row without a
#     line end: --jobs 2 and 4 must give --jobs 1's bytes at every size;
#     every e2e case too, at a 61-byte chunk.
#  6. files read one after the other on the same threads (D438: the next
#     file's first chunks parsed while the last of the file before are
#     applied): four day files and three payments files, rejects at each
#     one's first and last rows, quoted line ends before their ends, a
#     transaction of one file again at the next's start; their rejects,
#     rows and duplicate as built, --jobs 2 and 4 byte-identical to 1 with
#     chunks that put the files' ends anywhere in the ring; a second file
#     that cannot be opened and a third with a bad header fail as with
#     --jobs 1.
# Prints one "ok jobs ..." or "FAIL jobs ..." line per check.
set -u
WR=$(realpath "$1")
GEN=$(realpath "$2")
. "$(dirname "$0")/lib.sh"
t_init jobs
t_plan 32

# Without the generator's data no check below can run: a FAIL, and the
# runner counts the ones that did not run (tests/runner.sh).
if ! "$GEN" --workers 2000 --out "$tmp/data" --seed 7 >"$tmp/gen.log" 2>&1; then
  t_fail "the generator failed" "$(cat "$tmp/gen.log")"; exit 1
fi
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
  local problems=""
  for j in 1 2 4; do
    "$WR" run "$@" --jobs $j --quiet --out "$tmp/out.$name.$j" >/dev/null 2>"$tmp/err"
    rc=$?
    [ $rc = 0 ] || [ $rc = 3 ] || problems="$problems --jobs $j exit $rc ($(head -1 "$tmp/err"));"
  done
  for j in 2 4; do
    diff -r -x .wagerecon "$tmp/out.$name.1" "$tmp/out.$name.$j" >/dev/null 2>&1 || problems="$problems --jobs $j output differs from --jobs 1;"
  done
  verdict "1/2/4 byte-identical: $name" "$problems"
}
# shellcheck disable=SC2086
check generator-2000 $ARGS
# shellcheck disable=SC2086
check quoted-newlines-zstd ${ARGS/--attendance attendance_punches.csv/--attendance punches.csv.zst} --attendance quoted_days.csv

# The row before's line (D382): at --jobs 2 a field whose bytes between
# its commas are the row before's is taken as that row's text. The day
# rows again, with a column no spec reads (note) and, on about one row in
# four, a change to a copy of the row before: blanks around a field, a
# NUL, a byte that is not UTF-8 or one that is (in a read field or the
# note), hours of another length, a CRLF line end; the same with
# --jobs 1, 2 and 4, and its bad rows rejected.
python3 - attendance_days.csv line_days.csv <<'PY'
import random, sys
random.seed(382)
src, dst = sys.argv[1], sys.argv[2]
rows = open(src, "rb").read().splitlines()[1:]
out = [b"project_id,worker_id,note,date,hours,worker_name\n"]
N, H = 5, 4  # the name's field (last) and the hours'
edits = [lambda f: f.__setitem__(N, f[N] + b" "), lambda f: f.__setitem__(N, b" " + f[N]),
         lambda f: f.__setitem__(H, f[H] + b" "), lambda f: f.__setitem__(H, b"\t" + f[H]),
         lambda f: f.__setitem__(N, f[N] + b"\x00x"), lambda f: f.__setitem__(N, b"\x00" + f[N]),
         lambda f: f.__setitem__(2, b"\xff"), lambda f: f.__setitem__(2, "\u00e9".encode()),
         lambda f: f.__setitem__(N, f[N][:-1] + b"\xc3"), lambda f: f.__setitem__(N, f[N] + "\u4e2d".encode()),
         lambda f: f.__setitem__(H, f[H] + b"0"), lambda f: f.__setitem__(H, b"8.5"),
         lambda f: f.__setitem__(3, f[3][:-1] + b"7"), lambda f: f.__setitem__(2, b"")]
first = [e for i, e in enumerate(edits) if i not in (4, 5, 6, 8)]
prev, size = None, 0
for r in rows:
    f = r.split(b",")
    f = f[:2] + [b"n"] + f[3:] + f[2:3]
    if prev is not None and random.random() < 0.25:
        g = list(prev)
        # NULs and bytes not UTF-8 past the first 1 MB (in a file's
        # first bytes they refuse it whole, D80)
        random.choice(edits if size > 1 << 20 else first)(g)
        out.append(b",".join(g) + random.choice([b"\n", b"\r\n"]))
    out.append(b",".join(f) + b"\n")
    size += len(out[-2]) + len(out[-1])
    prev = f
open(dst, "wb").write(b"".join(out))
PY
# shellcheck disable=SC2086
check line-compare $ARGS --attendance line_days.csv
n_bad=$(grep -c '^line_days.csv,[0-9]*,[a-z_]*,BAD_ENCODING' "$tmp/out.line-compare.1/rejects.csv")
[ "$n_bad" -gt 0 ] && t_pass "line_days.csv's bytes not UTF-8 rejected ($n_bad rows)" \
  || t_fail "line_days.csv: no BAD_ENCODING reject"

# The line compare's edges (D382, D436), rows built one by one after
# 300,000 bytes of day rows, in two files: the project the last field
# (line_edges.csv) or the first with a column no spec reads last
# (line_edges_b.csv). Lines of the row before's commas whose lengths
# differ while the last field's bytes to the shorter line's end are equal:
# a NUL (the input's; UTF-8, so the reader keeps it) where the shorter
# line ends, or, the longer being this line, the bytes of its start after
# that NUL (a NUL over a comma is the NUL over the row before's line end);
# blanks that trimming drops, a NUL for a blank; bytes >= 0x80, UTF-8 or
# not, in changed fields beside unchanged ones, in a read field and in one
# no spec reads; lines of 61, 62, 63 and 64 bytes; the row after a reject
# of each kind; a chunk's first row after a chunk that ends in empty
# lines. Each such row a reject or not by RULES 2, the project one
# of the data's (UNKNOWN_PROJECT when not, a NUL in it included), and the
# worker's (no contract) attended days are NO_CONTRACT's no_contract_days:
# both expected from the construction. The same at --jobs 2 and 4 on
# chunks of 500 to 65,536 bytes (so the rows meet their row before in a
# chunk): without the last field changed when the lengths differ, 7 to 9
# rejects differ (D436).
python3 - attendance_days.csv line_edges.csv line_edges_b.csv want_edges.csv want_days.txt <<'PY'
import sys
src, out_a, out_b, want_rejects, want_days = sys.argv[1:6]
rows = open(src, "rb").read().splitlines()[1:]
# W: no contract and no other rows, so its attended days show whole in
# NO_CONTRACT's no_contract_days; P and Q: projects of the data
W, P, Q = b"110101199001011237", b"PJ00006", b"PJ00007"
NAME, NUL, E = "张三".encode(), b"\x00", "é".encode()
UNK, ENC = "project_id,UNKNOWN_PROJECT", "BAD_ENCODING"
DAYS = [b"2026-%02d-%02d" % (m, d) for m, n in ((8, 31), (9, 30), (10, 31)) for d in range(1, n + 1)]
rejects, days, day = [], set(), [0]

def make(path, cols, cases):
    """The header cols; 300,000 bytes of the generator's day rows (bytes
    not UTF-8 in a file's first bytes refuse it whole, D80), the crafted
    rows cases(row) adds, 2,000 bytes of day rows (none near the end)."""
    name = path.rsplit("/", 1)[-1]
    out = [",".join(cols).encode() + b"\n"]
    def filler(k, size):
        for r in rows[k:]:
            f = dict(zip(["project_id", "worker_id", "worker_name", "date", "hours"], r.split(b",")))
            f["note"] = b"n"
            out.append(b",".join(f[c] for c in cols) + b"\n")
            if sum(map(len, out)) >= size:
                return
    def row(name_=NAME, date=None, hours=b"8", note=b"n", proj=P, end=b"\n", bad=None, n=None,
            extra=b""):
        if date is None:  # each its own day while they last (92)
            date = DAYS[day[0] % len(DAYS)]
            day[0] += 1
        f = dict(project_id=proj, worker_id=W, worker_name=name_, date=date, hours=hours, note=note)
        line = b",".join(f[c] for c in cols) + extra
        assert n is None or len(line) == n, (len(line), n, line)
        at = sum(r.count(b"\n") for r in out) + 1  # its line (end may add empty lines)
        out.append(line + end)
        if bad:
            rejects.append("%s,%d,%s" % (name, at, bad))
        else:
            days.add((proj.strip(b" \t").decode(), date.decode()))
    filler(0, 300000)
    cases(row)
    filler(1000, sum(map(len, out)) + 2000)
    open(path, "wb").write(b"".join(out))

def cases_a(row):
    # The lengths differ and the last field's bytes to the shorter line's
    # end are equal: the last field changed (D382). L1: the row before's
    # last field longer, a NUL (the input's) where this line ends.
    row(proj=P + NUL, bad=UNK); row()
    row(proj=P + NUL + b"x", bad=UNK); row(end=b"\r\n")
    row(proj=P + NUL + b" ", bad=UNK); row()
    row(proj=P + NUL + E, bad=UNK); row()
    row(proj=b"PJ99999", bad=UNK); row()
    # L2: this line's last field longer: a NUL where the row before's line
    # ended, then the bytes of the line's start to its first comma
    row(name_=b""); row(name_=b"", proj=P + NUL, bad=UNK)
    row(name_=b"x"); row(name_=b"x", proj=P + NUL + b"x", bad=UNK)
    row(name_=b""); row(name_=b"", proj=P + NUL, end=b"\r\n", bad=UNK)
    # lines of 61 to 64 bytes (one 64-byte step's line is compared when
    # shorter than 63, D383), the row before's commas
    row(note=b"n" * 14, proj=P + NUL, n=62, bad=UNK); row(note=b"n" * 14, n=61)
    row(name_=b"", note=b"n" * 20, n=61); row(name_=b"", note=b"n" * 20, proj=P + NUL, n=62, bad=UNK)
    row(name_=b"", note=b"n" * 21, n=62); row(name_=b"", note=b"n" * 21, proj=P + NUL, n=63, bad=UNK)
    row(name_=b"x", note=b"n" * 20, n=62); row(name_=b"x", note=b"n" * 20, proj=P + NUL + b"x", n=64, bad=UNK)
    row(name_=b"x", note=b"n" * 20, n=62)
    row(name_=b"x", note=b"n" * 20, hours=b"0", proj=P + b"  ", n=64, bad="hours,BAD_HOURS")
    row(note=b"n" * 15, n=62); row(note=b"n" * 15, proj=Q, n=62); row(note=b"n" * 15, n=62)
    row(note=b"n" * 14, proj=P + b" ", n=62); row(note=b"n" * 14, proj=P + NUL, n=62, bad=UNK)
    row(note=b"n" * 14, proj=P + b" ", n=62)
    row(note=b"n" * 15, proj=P + b" ", n=63); row(note=b"n" * 15, proj=P + NUL, n=63, bad=UNK)
    row(note=b"n" * 16, n=63); row(note=b"n" * 16, proj=Q, n=63)
    row(note=b"n" * 17, n=64); row(note=b"n" * 17, proj=Q, n=64)
    # blanks that trimming drops, the commas the same; a NUL for a blank
    row(hours=b" 8"); row(hours=b"8 "); row(hours=b"8\t"); row(hours=b"8" + NUL, bad="hours,BAD_HOURS")
    row(hours=b"8 "); row(hours=b" 8")
    row(proj=P + b" "); row(proj=b" " + P); row(proj=P + b"\t"); row(proj=P + b" ")
    row(proj=P + NUL, bad=UNK); row(proj=P + b" "); row(proj=P + b"\t", end=b"\r\n")
    # bytes >= 0x80, UTF-8 or not, in a changed field beside unchanged ones
    row(); row(name_="李四".encode()); row(name_=b"\xe5\xbc\xa0\xff\xfe\xfd", bad="worker_name," + ENC)
    row(name_=b"\xe5\xbc\xa0\xff\xfe\xfd", bad="worker_name," + ENC); row()
    row(name_=b"\xe5\xbc\xa0\xe4\xb8x", bad="worker_name," + ENC); row()
    row(note=E); row(note=E); row(note=b"\xff\xfe", bad="," + ENC)
    row(note=E); row(note=b"\xc3x", bad="," + ENC); row(note=E)
    row(proj=b"PJ000" + E, bad=UNK); row(proj=b"PJ0000\xff", bad="project_id," + ENC)
    row(proj=b"PJ0000\xff", bad="project_id," + ENC); row()
    # the row after a reject of each kind, of the reject's commas
    row(date=b"2026-13-01", bad="date,BAD_DATE"); row(date=b"2026-10-05")
    row(hours=b"25", bad="hours,BAD_HOURS"); row(hours=b"24")
    row(extra=b",x", bad=",FIELD_COUNT"); row()
    row(date=b"", bad="date,MISSING_VALUE"); row()
    row(); row(proj=b"PJ99999", date=b"2026-13-01", bad="date,BAD_DATE"); row()
    # a chunk's first row after 700 bytes of empty lines (no rows): of the
    # commas of the last row before them, another project
    row(end=b"\n" * 701); row(proj=Q); row(end=b"\n" * 701); row(proj=Q, bad=None)
    # the reject's project, another's than the row before it (D433)
    row(); row(proj=Q, date=b"2026-13-01", bad="date,BAD_DATE"); row(proj=Q, note=b"nn")
    row(); row(proj=Q, date=b"2026-13-01", bad="date,BAD_DATE"); row(proj=Q)

def cases_b(row):
    # the last field one no spec reads (note); the project first
    row(note=E); row(note=E); row(note=b"\xff\xfe", bad="," + ENC)
    row(note=E); row(note=b"\xe4\xb8x", bad="," + ENC); row(note=E)
    row(note=b"n" + NUL); row(note=b"n"); row(note=b"n" + NUL + E); row(note=b"n")
    row(proj=P + b" "); row(proj=P + NUL, bad=UNK); row(proj=P + b"\t"); row(proj=P + NUL, bad=UNK)
    row(proj=P + NUL, bad=UNK); row(proj=P + b" ")

make(out_a, ["worker_name", "worker_id", "date", "hours", "note", "project_id"], cases_a)
make(out_b, ["project_id", "worker_id", "worker_name", "date", "hours", "note"], cases_b)
open(want_rejects, "w").write("".join(e + "\n" for e in rejects))
count = {}
for p, d in days:
    count[(p, d[:7])] = count.get((p, d[:7]), 0) + 1
open(want_days, "w").write("".join("%s %s no_contract_days=%d\n" % (p, m, c) for (p, m), c in sorted(count.items())))
PY
EDGES="--projects projects.csv --contracts contracts.csv --attendance line_edges.csv --attendance line_edges_b.csv --payments payments.csv --from 2026-08 --to 2026-10 --as-of 2026-11-20"
# shellcheck disable=SC2086
"$WR" run $EDGES --jobs 1 --quiet --out "$tmp/edges.1" >/dev/null 2>&1
got=$(grep '^line_edges' "$tmp/edges.1/rejects.csv" 2>/dev/null | LC_ALL=C cut -d, -f1-4)
if [ "$got" = "$(cat want_edges.csv)" ]; then
  t_pass "line-compare edges: rejects as built"
else
  t_fail "line-compare edges: rejects of line_edges*.csv (want < got >):" \
    "$(diff want_edges.csv - <<<"$got" | head -20)"
fi
got=$(awk -F, '$2=="NO_CONTRACT" && $6=="110101199001011237" {print $4, $8, $16}' "$tmp/edges.1/flags.csv" 2>/dev/null)
if [ "$got" = "$(cat want_days.txt)" ]; then
  t_pass "line-compare edges: attended days as built"
else
  t_fail "line-compare edges: no_contract_days (want < got >):" "$(diff want_days.txt - <<<"$got")"
fi
bad=""
for cb in 500 997 4096 65536; do
  for j in 2 4; do
    # shellcheck disable=SC2086
    WAGERECON_TEST_CHUNK_BYTES=$cb "$WR" run $EDGES --jobs $j --quiet --out "$tmp/edges.x" >/dev/null 2>&1
    diff -r -x .wagerecon "$tmp/edges.1" "$tmp/edges.x" >/dev/null 2>&1 || bad="$bad $cb/$j"
    rm -rf "$tmp/edges.x"
  done
done
verdict "2/4 byte-identical to 1 with chunks of 500 to 65,536 bytes: line-compare edges" \
  "${bad:+line_edges*.csv differ with chunk bytes/jobs:$bad}"

# The quoted rows must have been read as three rows with a name over
# three lines (not as extra rows): the file's data rows in summary.json.
want=$(($(grep -c '' quoted_days.csv) - 1 - 6))
if grep -q "\"file\":\"quoted_days.csv\",\"data_rows\":$want," "$tmp/out.quoted-newlines-zstd.1/summary.json"; then
  t_pass "quoted newlines read as $want rows"
else
  t_fail "quoted_days.csv should have $want data rows:" "$(grep -o '"file":"quoted_days.csv"[^}]*' "$tmp/out.quoted-newlines-zstd.1/summary.json")"
fi

# ---- 3. what a reader on several threads makes new ----
# Three bad rows put into attendance_days.csv far past the first batches
# (where batches of a few thousand rows end): a bad date at line 20001, an
# extra field at 30001, and at 40001 bad hours in a row whose name holds
# a comma (quoted in the raw text, DECISIONS D17). Expected rejects from
# the construction: file, line, column, reason, raw.
python3 - attendance_days.csv bad_days.csv <<'PY'
import sys
src, dst = sys.argv[1], sys.argv[2]
lines = open(src, encoding="utf-8").read().splitlines(True)
assert len(lines) > 40001, "generator data too small for the test"
bad = {20001: "PJ00001,110101199001011237,张三,2026-13-01,8\n",
       30001: "PJ00001,110101199001011237,张三,2026-10-01,8,extra\n",
       40001: 'PJ00001,110101199001011237,"张,三",2026-10-01,abc\n'}
for line, text in bad.items():
    lines[line - 1] = text  # line 1 is the header
open(dst, "w", encoding="utf-8").write("".join(lines))
PY
cat >want_rejects.csv <<'CSV'
bad_days.csv,20001,date,BAD_DATE,"PJ00001,110101199001011237,张三,2026-13-01,8"
bad_days.csv,30001,,FIELD_COUNT,"PJ00001,110101199001011237,张三,2026-10-01,8,extra"
bad_days.csv,40001,hours,BAD_HOURS,"PJ00001,110101199001011237,""张,三"",2026-10-01,abc"
CSV
for j in 1 2; do
  # shellcheck disable=SC2086
  "$WR" run ${ARGS/--attendance attendance_days.csv/--attendance bad_days.csv} --rejects-raw \
    --jobs $j --quiet --out "$tmp/bad.$j" >/dev/null 2>&1
  if grep '^bad_days.csv,' "$tmp/bad.$j/rejects.csv" | cmp -s - want_rejects.csv; then
    t_pass "$j: rejects deep in a large file at their lines, with raw text"
  else
    t_fail "$j: rejects of bad_days.csv:" "$(grep '^bad_days.csv,' "$tmp/bad.$j/rejects.csv" | head -5)"
  fi
done
verdict "1/2 byte-identical: rejects with --rejects-raw" \
  "$(diff -r -x .wagerecon "$tmp/bad.1" "$tmp/bad.2" >/dev/null || echo "outputs with rejects differ between --jobs 1 and 2")"

# Bytes that are not UTF-8 in a row whose project, worker and name are the
# row before's (D305: a field of the row before's text again is neither
# checked nor typed again, so the check must still find the others): in
# the date at line 25001, the hours at 35001, and in a name that differs
# from the row before's at 45001; each a BAD_ENCODING reject of its column.
python3 - attendance_days.csv enc_days.csv <<'PY'
import sys
src, dst = sys.argv[1], sys.argv[2]
lines = open(src, "rb").read().splitlines(True)
f = lambda n: lines[n - 1].rstrip(b"\n").split(b",")
p = f(25000); lines[25000] = b",".join(p[:3] + [b"2026-10-0\xff", p[4]]) + b"\n"
p = f(35000); lines[35000] = b",".join(p[:4] + [b"8\xc3"]) + b"\n"
p = f(45000); lines[45000] = b",".join(p[:2] + [b"\xe5\xbc\xa0\xff"] + p[3:]) + b"\n"
open(dst, "wb").write(b"".join(lines))
PY
printf '%s\n' enc_days.csv,25001,date,BAD_ENCODING enc_days.csv,35001,hours,BAD_ENCODING \
  enc_days.csv,45001,worker_name,BAD_ENCODING >want_enc.csv
# Runs with FILE for attendance_days.csv at --jobs 1 and 2; its rejects
# (file, line, column, reason) must be WANT's lines.
rejects_are() { # name, file, want file
  local j got
  for j in 1 2; do
    # shellcheck disable=SC2086
    "$WR" run ${ARGS/--attendance attendance_days.csv/--attendance $2} \
      --jobs $j --quiet --out "$tmp/$2.$j" >/dev/null 2>&1
    got=$(grep "^$2," "$tmp/$2.$j/rejects.csv" | LC_ALL=C cut -d, -f1-4)
    if [ "$got" = "$(cat "$3")" ]; then
      t_pass "$j: $1"
    else
      t_fail "$j: rejects of $2:" "$got"
    fi
  done
}
rejects_are "bytes not UTF-8 beside fields of the row before's text rejected" enc_days.csv want_enc.csv

# Bytes that are not UTF-8 in a column no spec reads, in a row whose every
# read field is the row before's text (D316: such fields are checked each
# row, apart from the specs' compares): line 25001, a copy of 25000 with
# its note bad. A BAD_ENCODING reject, no column, at --jobs 1 and 2.
python3 - attendance_days.csv note_days.csv <<'PY'
import sys
src, dst = sys.argv[1], sys.argv[2]
lines = open(src, "rb").read().splitlines(True)
lines = [l.rstrip(b"\n") + (b",note\n" if i == 0 else b",x\n") for i, l in enumerate(lines)]
lines[25000] = lines[24999].rstrip(b"\n")[:-1] + b"\xff\n"
open(dst, "wb").write(b"".join(lines))
PY
echo note_days.csv,25001,,BAD_ENCODING >want_note.csv
rejects_are "bytes not UTF-8 in a column no spec reads rejected" note_days.csv want_note.csv

# D313: at --jobs 2 the attendance handler takes the row's project and
# worker from its cache, with no compare, when their texts are the row
# before's and that row set the cache. Before the first row of every
# 20th worker, a copy of it dated out of the run (2020-01-01): the next
# row's texts are that row's, but the cache still holds the worker
# before's pair; taken as this worker's, its days would go to the other.
python3 - attendance_days.csv scope_days.csv <<'PY2'
import sys
src, dst = sys.argv[1], sys.argv[2]
lines = open(src, encoding="utf-8").read().splitlines(True)
out, seen = lines[:2], 0
for prev, r in zip(lines[1:], lines[2:]):
    f, g = prev.split(","), r.split(",")
    if f[1] != g[1]:
        seen += 1
        if seen % 20 == 0:
            out.append(",".join(g[:3] + ["2020-01-01"] + g[4:]))
    out.append(r)
assert seen >= 1000, "generator data too small for the test"
open(dst, "w", encoding="utf-8").write("".join(out))
PY2
# shellcheck disable=SC2086
check out-of-scope-between-same-texts ${ARGS/--attendance attendance_days.csv/--attendance scope_days.csv}

# Errors: exit 2, the same message with --jobs 1 and 2, no --out made.
fails_same() { # name, message pattern, run arguments...
  local name=$1 want=$2 j p=""; shift 2
  for j in 1 2; do
    "$WR" run "$@" --jobs $j --quiet --out "$tmp/err.$name.$j" >/dev/null 2>"$tmp/err.$j"
    rc=$?
    [ $rc = 2 ] || p="$p --jobs $j exit $rc, want 2;"
    grep -Eq "$want" "$tmp/err.$j" || p="$p --jobs $j message: $(head -c 200 "$tmp/err.$j");"
    [ -e "$tmp/err.$name.$j" ] && p="$p --jobs $j wrote $tmp/err.$name.$j;"
  done
  cmp -s "$tmp/err.1" "$tmp/err.2" || p="$p messages differ;"
  verdict "1/2: $name" "$p"
}
# A zstd frame cut in half: the rows before the cut are read, then the
# read fails.
size=$(stat -c %s punches.csv.zst)
head -c $((size / 2)) punches.csv.zst >cut.csv.zst
# shellcheck disable=SC2086
fails_same "read error mid-file (truncated zstd)" 'cut\.csv\.zst' \
  ${ARGS/--attendance attendance_punches.csv/--attendance cut.csv.zst}
sed '1s/worker_id/worker/' attendance_days.csv >no_worker.csv
# shellcheck disable=SC2086
fails_same "header error (missing column)" 'no_worker\.csv: missing required column worker_id' \
  ${ARGS/--attendance attendance_days.csv/--attendance no_worker.csv}
# A byte that is not UTF-8 in the first bytes (on_start, D80) names its
# line: the header the threaded reader splits is a copy of those bytes.
printf '3s/,/,\xff/\n' >bad_utf8.sed
sed -f bad_utf8.sed attendance_days.csv >bad_utf8.csv
# shellcheck disable=SC2086
fails_same "not UTF-8 at line 3" 'bad_utf8\.csv: line 3: not UTF-8' \
  ${ARGS/--attendance attendance_days.csv/--attendance bad_utf8.csv}

# partition reads through the same wr_read_input (src/scaleout).
for j in 1 2; do
  # shellcheck disable=SC2086
  "$WR" partition --parts 3 $ARGS --jobs $j --quiet --out "$tmp/parts.$j" >/dev/null 2>&1
done
if [ -d "$tmp/parts.1/part-0001" ] && diff -r -x .wagerecon "$tmp/parts.1" "$tmp/parts.2" >/dev/null; then
  t_pass "1/2 byte-identical: partition"
else
  t_fail "partition parts differ between --jobs 1 and 2 (or none written)"
fi
# explain's focus (input.c out_of_focus): rows skipped before parsing.
flag=$(sed -n 2p "$tmp/out.generator-2000.1/flags.csv" | cut -d, -f1)
for j in 1 2; do
  # shellcheck disable=SC2086
  "$WR" explain "$flag" --flags "$tmp/out.generator-2000.1/flags.csv" $ARGS --jobs $j --quiet \
    >"$tmp/explain.$j" 2>&1
done
if [ -n "$flag" ] && [ -s "$tmp/explain.1" ] && cmp -s "$tmp/explain.1" "$tmp/explain.2"; then
  t_pass "1/2 byte-identical: explain $flag"
else
  t_fail "explain $flag differs between --jobs 1 and 2 (or is empty)"
fi

# ---- 4. cuts anywhere: tiny chunks (WAGERECON_TEST_CHUNK_BYTES) ----
# edge_days.csv: a BOM, then 400 day rows of the generator's (valid in
# its projects) with, every 7th row, one of: a quoted name holding LF,
# CRLF or a whole row; a CRLF line end; a lone CR line end (a line end of
# its own, D33); a blank line; a blanks-only line (D28); a quoted name of
# 5,000 bytes; a bad date (a reject, with raw text); and no line end after
# the last row.
python3 - attendance_days.csv edge_days.csv <<'PY'
import sys
src, dst = sys.argv[1], sys.argv[2]
lines = open(src, encoding="utf-8").read().splitlines()
header, rows = lines[0], lines[1:401]
out = ["\ufeff" + header + "\n"]
for i, r in enumerate(rows):
    f = r.split(",")
    k = i % 7 if i % 3 == 0 else -1
    if k == 0:
        f[2] = '"%s\n%s"' % (f[2], r)
    elif k == 1:
        f[2] = '"%s\r\n,\r\n"' % f[2]
    elif k == 2:
        out.append(",".join(f) + "\r\n"); continue
    elif k == 3:
        out.append(",".join(f) + "\r"); continue
    elif k == 4:
        out.append("\n")
    elif k == 5:
        out.append("  \t \n")
    elif k == 6:
        f[2] = '"%s"' % (("名" * 1666) + "\n\"\"")
    if i == 200:
        f[3] = "2026-02-30"
    out.append(",".join(f) + ("\n" if i + 1 < len(rows) else ""))
open(dst, "w", encoding="utf-8", newline="").write("".join(out))
PY
EDGE="--projects projects.csv --contracts contracts.csv --attendance edge_days.csv --payments payments.csv --from 2026-08 --to 2026-10 --as-of 2026-11-20 --rejects-raw"
# shellcheck disable=SC2086
"$WR" run $EDGE --jobs 1 --quiet --out "$tmp/edge.1" >"$tmp/edge.1.err" 2>&1
rc1=$?
if [ $rc1 != 0 ] && [ $rc1 != 3 ]; then
  t_fail "edge_days.csv run failed (exit $rc1)" "$(head -c 200 "$tmp/edge.1.err")"
else
  bad=""
  for cb in 1 2 3 5 7 11 13 64 100 257 1000 4096 5001; do
    for j in 2 4; do
      # shellcheck disable=SC2086
      WAGERECON_TEST_CHUNK_BYTES=$cb "$WR" run $EDGE --jobs $j --quiet --out "$tmp/edge.x" >/dev/null 2>&1
      rc=$?
      { [ $rc = $rc1 ] && diff -r -x .wagerecon "$tmp/edge.1" "$tmp/edge.x" >/dev/null; } || bad="$bad $cb/$j"
      rm -rf "$tmp/edge.x"
    done
  done
  verdict "2/4 byte-identical to 1 with chunks of 1 to 5001 bytes: edge_days.csv" \
    "${bad:+edge_days.csv differs with chunk bytes/jobs:$bad}"
fi
# The file is read as built: its bad date is a reject (its line and raw
# text are compared above, between thread counts).
grep -q '^edge_days.csv,[0-9]*,date,BAD_DATE,' "$tmp/edge.1/rejects.csv" \
  && t_pass "edge_days.csv's bad date rejected" \
  || t_fail "edge_days.csv's bad date not in rejects.csv"

# A chunk whose parse failed (no memory, a row too long) is read again on
# the applying thread, from the file: the failed parse split its lines in
# place (csvpar.c reread_chunk). WAGERECON_TEST_CHUNK_FAIL=K takes every
# K-th chunk's parse as failed: the generator's data at the default chunk
# size and edge_days.csv at small ones must still give --jobs 1's bytes.
bad=""
# shellcheck disable=SC2086
WAGERECON_TEST_CHUNK_FAIL=2 "$WR" run $ARGS --jobs 2 --quiet --out "$tmp/fail.x" >/dev/null 2>&1
diff -r -x .wagerecon "$tmp/out.generator-2000.1" "$tmp/fail.x" >/dev/null 2>&1 || bad="$bad generator-2000"
rm -rf "$tmp/fail.x"
for cb in 64 1000; do
  # shellcheck disable=SC2086
  WAGERECON_TEST_CHUNK_FAIL=3 WAGERECON_TEST_CHUNK_BYTES=$cb "$WR" run $EDGE --jobs 2 --quiet \
    --out "$tmp/fail.x" >/dev/null 2>&1
  diff -r -x .wagerecon "$tmp/edge.1" "$tmp/fail.x" >/dev/null 2>&1 || bad="$bad edge_days/$cb"
  rm -rf "$tmp/fail.x"
done
verdict "2 byte-identical to 1 with every 2nd/3rd chunk's parse failed and read again" \
  "${bad:+differs:$bad}"

# ---- 5. the inputs' digests, taken as the files are read (D331) ----
# Each input's size and xxh3 in run.json against stat and xxh128sum: files
# read whole (--jobs 1), cut into chunks and cut again at quoted line ends
# (--jobs 2 and 4; chunks of 7 and 5,001 bytes; every 3rd chunk's parse
# failed and read again), a zstd file (its compressed bytes).
digest_problems() { # run.json
  python3 -c '
import json, sys
for i in json.load(open(sys.argv[1], encoding="utf-8"))["inputs"]:
    print(i["size"], i["xxh3"], i["path"])' "$1" | while read -r size xxh3 path; do
    { [ "$size" = "$(stat -c %s "$path")" ] && [ "$xxh3" = "$(xxh128sum "$path" 2>/dev/null | cut -c1-32)" ]; } ||
      printf ' %s in %s' "$(basename "$path")" "$1"
  done
}
bad=""
for j in 1 2 4; do bad="$bad$(digest_problems "$tmp/out.quoted-newlines-zstd.$j/run.json")"; done
bad="$bad$(digest_problems "$tmp/edge.1/run.json")"
for v in WAGERECON_TEST_CHUNK_BYTES=7 WAGERECON_TEST_CHUNK_BYTES=5001 "WAGERECON_TEST_CHUNK_FAIL=3 WAGERECON_TEST_CHUNK_BYTES=64"; do
  # shellcheck disable=SC2086
  env $v "$WR" run $EDGE --jobs 2 --quiet --out "$tmp/digest.x" >/dev/null 2>&1
  bad="$bad$(digest_problems "$tmp/digest.x/run.json")"
  rm -rf "$tmp/digest.x"
done
verdict "run.json's sizes and digests are stat's and xxh128sum's at --jobs 1/2/4, chunks of 7 to 5,001 bytes" \
  "${bad:+wrong:$bad}"

# Every e2e case at a 61-byte chunk, --jobs 1 against 3: outputs, exit
# code and terminal output.
cases_dir=$root/testdata/cases
bad=""
n=0
for c in "$cases_dir"/*/; do
  [ -f "$c/args" ] || continue
  n=$((n + 1))
  # args as run_cases.sh reads them (quoted words)
  (cd "$c" && eval "\"\$WR\" run $(cat args) --jobs 1 --quiet --out \"\$tmp/case.1\"" \
     >"$tmp/case.1.txt" 2>&1; echo "exit $?" >>"$tmp/case.1.txt")
  (cd "$c" && export WAGERECON_TEST_CHUNK_BYTES=61 &&
     eval "\"\$WR\" run $(cat args) --jobs 3 --quiet --out \"\$tmp/case.3\"" \
     >"$tmp/case.3.txt" 2>&1; echo "exit $?" >>"$tmp/case.3.txt")
  { cmp -s "$tmp/case.1.txt" "$tmp/case.3.txt" &&
    { [ ! -e "$tmp/case.1" ] && [ ! -e "$tmp/case.3" ] ||
      diff -r -x .wagerecon "$tmp/case.1" "$tmp/case.3" >/dev/null 2>&1; }; } \
    || bad="$bad $(basename "$c")"
  rm -rf "$tmp/case.1" "$tmp/case.3"
done
if [ -z "$bad" ] && [ $n -gt 0 ]; then t_pass "1/3 byte-identical on $n e2e cases with 61-byte chunks"
else t_fail "e2e cases differ with 61-byte chunks ($n cases):$bad"; fi
# ---- 6. files one after the other on the same threads (D438) ----
# The first 2,400 day rows in four files and the first 1,500 payments in
# three, of unequal sizes (at chunks of 700 to 9,001 bytes a file is 1 to
# ~80 chunks: its end falls anywhere in a ring of 6 or 12, and some are
# read on one thread between files read on threads). In each: its first
# row a reject (days: a bad date; payments: a bad amount), its last row a
# reject (bad hours; a paid_at not on the calendar), and in days_2,
# days_4, pay_1 and pay_2 a quoted name or remark holding a line end in
# each of the 12 rows before it (a cut inside one takes the reader back
# to that row while the next file's chunks are cut already: they are cut
# again). pay_2's second row is the
# last counted payment of pay_1 again, with another amount: the first read
# is counted (RULES 4.5), a DUPLICATE_TXN of two rows. Expected rejects
# (file, line, column, reason) and data rows by file from the construction.
python3 - attendance_days.csv payments.csv want_split.csv want_split_rows.txt want_split_dup.txt <<'PY'
import sys
days_src, pay_src, want_rejects, want_rows, want_dup = sys.argv[1:6]
def read(path):
    lines = open(path, encoding="utf-8").read().splitlines()
    return lines[0], [l.split(",") for l in lines[1:]]
rejects, rows = [], []
def write(name, header, recs, first, last, quoted=None):
    """recs: rows as field lists; first, last: (field, text, column, reason)"""
    recs = [list(r) for r in recs]
    (fi, ft, fc, fr), (li, lt, lc, lr) = first, last
    recs[0][fi] = ft
    recs[-1][li] = lt
    for r in recs[-13:-1] if quoted is not None else []:
        r[quoted] = '"%s\n%s"' % (r[quoted], "second line")
    out, line = [header + "\n"], 2
    for i, r in enumerate(recs):
        text = ",".join(r) + "\n"
        if i == 0:
            rejects.append("%s,%d,%s,%s" % (name, line, fc, fr))
        if i == len(recs) - 1:
            rejects.append("%s,%d,%s,%s" % (name, line, lc, lr))
        out.append(text)
        line += text.count("\n")
    open(name, "w", encoding="utf-8").write("".join(out))
    rows.append("%s %d" % (name, len(recs)))
dh, days = read(days_src)
at = 0
for k, n in enumerate([150, 700, 350, 1200]):
    write("days_%d.csv" % (k + 1), dh, days[at:at + n], (3, "2026-13-01", "date", "BAD_DATE"),
          (4, "25", "hours", "BAD_HOURS"), 2 if k in (1, 3) else None)
    at += n
ph, pays = read(pay_src)
col = {c: i for i, c in enumerate(ph.split(","))}
key = lambda p: (p[col["account"]], p[col["txn_id"]])
seen = {}
for p in pays:
    seen[key(p)] = seen.get(key(p), 0) + 1
parts, at = [], 0
for n in [200, 900, 400]:
    parts.append([list(p) for p in pays[at:at + n]])
    at += n
# pay_1's last counted payment (its last row is a reject): in the run's
# periods, SUCCESS, its (account, txn_id) once in the data
dup = next(p for p in reversed(parts[0][1:-1]) if p[col["status"]] == "SUCCESS"
           and "2026-08" <= p[col["period"]] <= "2026-10" and seen[key(p)] == 1)
again = list(dup)
again[col["amount"]] = "1.00"
parts[1].insert(1, again)
for k, part in enumerate(parts):
    write("pay_%d.csv" % (k + 1), ph, part, (col["amount"], "abc", "amount", "BAD_MONEY"),
          (col["paid_at"], "2026-02-30 10:00:00", "paid_at", "BAD_DATE"),
          col["remark"] if k < 2 else None)
open(want_rejects, "w").write("".join(sorted(r + "\n" for r in rejects)))
open(want_rows, "w").write("".join(r + "\n" for r in rows))
open(want_dup, "w").write("account=%s txn_id=%s rows=2\n" % key(dup))
PY
SPLIT="--projects projects.csv --contracts contracts.csv --attendance days_1.csv --attendance days_2.csv --attendance days_3.csv --attendance days_4.csv --payments pay_1.csv --payments pay_2.csv --payments pay_3.csv --from 2026-08 --to 2026-10 --as-of 2026-11-20"
# shellcheck disable=SC2086
"$WR" run $SPLIT --jobs 1 --quiet --out "$tmp/split.1" >/dev/null 2>&1
got=$(grep -E '^(days|pay)_[0-9]\.csv,' "$tmp/split.1/rejects.csv" 2>/dev/null | LC_ALL=C cut -d, -f1-4 | LC_ALL=C sort)
if [ "$got" = "$(cat want_split.csv)" ]; then
  t_pass "split files: rejects at their first and last rows as built"
else
  t_fail "split files: rejects (want < got >):" "$(diff want_split.csv - <<<"$got" | head -20)"
fi
bad=""
while read -r f n; do
  grep -q "\"file\":\"$f\",\"data_rows\":$n," "$tmp/split.1/summary.json" 2>/dev/null || bad="$bad $f (want $n)"
done <want_split_rows.txt
verdict "split files: data rows by file as built" "${bad:+data_rows wrong:$bad}"
if grep -q ",DUPLICATE_TXN,.*,$(cat want_split_dup.txt)," "$tmp/split.1/flags.csv" 2>/dev/null; then
  t_pass "split files: pay_1's payment again in pay_2 a DUPLICATE_TXN of two rows"
else
  t_fail "split files: no DUPLICATE_TXN $(cat want_split_dup.txt)"
fi
# At 300 and 500 bytes every chunk's parse is failed and read again on the
# applying thread (WAGERECON_TEST_CHUNK_FAIL=1), so the other threads cut
# and parse a ring ahead of it: a cut inside a quoted field near a file's
# end is met once the next file's first chunks are cut.
bad=""
for cf in 700/0 1500/0 3000/0 9001/0 300/1 500/1; do
  for j in 2 4; do
    # shellcheck disable=SC2086
    WAGERECON_TEST_CHUNK_BYTES=${cf%/*} WAGERECON_TEST_CHUNK_FAIL=${cf#*/} \
      "$WR" run $SPLIT --jobs $j --quiet --out "$tmp/split.x" >/dev/null 2>&1
    diff -r -x .wagerecon "$tmp/split.1" "$tmp/split.x" >/dev/null 2>&1 || bad="$bad $cf/$j"
    rm -rf "$tmp/split.x"
  done
done
verdict "2/4 byte-identical to 1 with chunks of 300 to 9,001 bytes: 4 day and 3 payments files" \
  "${bad:+split files differ with chunk bytes/failed/jobs:$bad}"
# The file after one read on threads is opened while that one is applied:
# one that cannot be opened, or whose header is bad, fails in its turn as
# with --jobs 1 (the same message and exit, nothing written).
sed '1s/worker_id/worker/' days_3.csv >days_3_bad.csv
export WAGERECON_TEST_CHUNK_BYTES=1500
# shellcheck disable=SC2086
fails_same "a second file that cannot be opened" 'no_such_days\.csv' \
  ${SPLIT/--attendance days_2.csv/--attendance no_such_days.csv}
# shellcheck disable=SC2086
fails_same "a third file with a bad header" 'days_3_bad\.csv: missing required column worker_id' \
  ${SPLIT/--attendance days_3.csv/--attendance days_3_bad.csv}
unset WAGERECON_TEST_CHUNK_BYTES
t_done jobs
