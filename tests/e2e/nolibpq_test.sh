#!/usr/bin/env bash
# nolibpq_test.sh WAGERECON: a machine without libpq (no libpq5 package),
# DECISIONS D424 and D437. libpq is dlopen'ed when a PostgreSQL store is
# first opened; here it is really taken away from the process's view, not
# mocked: the run goes in a mount namespace of its own (unshare -m, root)
# where each folder that holds libpq.so.5 (ldconfig -p) is covered by a
# read-only overlay whose top layer has a whiteout for every libpq.so*, so
# the files are gone as on a machine without the package (dlopen: "No such
# file or directory"). Where overlayfs is refused, an empty file is
# bind-mounted over the library instead ("file too short"); where no mount
# namespace can be made, every check prints a skip line.
# In that view: a run with --store postgresql://... exits 5 (D71), one line
# names the store (password masked), libpq.so.5 and the package to install
# (D437), the outputs are written whole and the same as without a store;
# `cases list` on that store exits 5 with the same line; a SQLite store and
# a run without a store work as anywhere (they never load libpq). Expected
# values: the hand-computed case testdata/cases/b_underpaid (exit 3, four
# UNDERPAID flags), D71's exit 5 and the words D437 chose.
# An old libpq (D453): in a second view a library built here that has
# every function wagerecon calls but the pipeline mode's three (as libpq
# 13, Debian 11's, lacks them) is bound over libpq.so.5; the run exits 5
# with one line naming the first missing function and libpq 14.
set -u
. "$(dirname "$0")/lib.sh"
t_init nolibpq
t_plan 10
WR=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
case_dir=$root/testdata/cases/b_underpaid
read -r -a case_args <"$case_dir/args"
want_exit=$(cat "$case_dir/expected/exit")
# A URL no server answers: with libpq there, the open fails on the socket.
pg_url="postgresql://wr:s3cret@/wr?host=$tmp/nosuchdir"
pg_shown="store postgresql://wr:***@/wr?host=$tmp/nosuchdir: "

# ---------------------------------------------------------------- the view
# The folders ldconfig knows libpq.so.5 in, through symlinks (/lib ->
# usr/lib): the dynamic loader looks in them (its cache, then its default
# folders).
dirs=$(ldconfig -p | awk '$1 ~ /^libpq\.so/ {print $NF}' | while read -r f; do
  dirname "$(readlink -f "$f")"; done | sort -u)
setup="" why=""
overlay_setup() { # the script that hides libpq.so* in $dirs by overlays
  local d f w i=0 s="mount --make-rprivate / || exit 97;"
  for d in $dirs; do
    w=$tmp/whiteout$i; i=$((i + 1)); mkdir "$w" || return 1
    for f in "$d"/libpq.so*; do mknod "$w/$(basename "$f")" c 0 0 || return 1; done
    s="$s mount -t overlay wr-nolibpq -o lowerdir=$w:$d $d || exit 97;"
  done
  echo "$s"
}
bind_setup() { # FILE: the script that binds FILE over each library file
  local d f s="mount --make-rprivate / || exit 97;"
  for d in $dirs; do
    for f in "$d"/libpq.so*; do
      [ -L "$f" ] || s="$s mount --bind $1 $f || exit 97;"
    done
  done
  echo "$s"
}
view_of() { # SETUP CMD...: runs CMD in a mount namespace made by SETUP
  local s=$1; shift
  unshare -m -- bash -c "$s"' exec "$@"' view "$@"
}
in_view() { # CMD...: runs it where libpq cannot be loaded
  view_of "$setup" "$@"
}
probe() { # exit 0 when libpq.so.5 cannot be loaded in the view
  in_view python3 -c 'import ctypes, sys
try: ctypes.CDLL("libpq.so.5")
except OSError as e: print(e); sys.exit(0)
sys.exit(1)'
}
mech=""
if ! command -v unshare >/dev/null || ! unshare -m -- true 2>/dev/null; then
  why="no mount namespace here: unshare -m refused"
elif [ -z "$dirs" ]; then
  setup=":;" mech="none needed, this machine has no libpq"
else
  setup=$(overlay_setup) && in_view true 2>/dev/null && mech="overlay with whiteouts"
  : >"$tmp/empty"
  [ -n "$mech" ] || { setup=$(bind_setup "$tmp/empty") && in_view true 2>/dev/null && mech="empty file bound"; }
  [ -n "$mech" ] || why="overlay and bind mounts refused in a mount namespace"
fi
if [ -n "$why" ]; then
  for n in "the view" "postgresql run" "postgresql outputs" "cases list" "sqlite run" \
    "sqlite cases list" "no store" "with libpq" "old libpq view" "old libpq run"; do
    t_skip "$n" "$why"
  done
  t_done nolibpq
  exit
fi
# Mounts made: libpq must be gone from the view, else every check below
# would test a machine with libpq.
if probe >"$tmp/probe" 2>&1; then
  t_pass "the view: libpq.so.5 cannot be loaded in it ($mech: $(head -1 "$tmp/probe"))"
else
  t_fail "the view: libpq.so.5 cannot be loaded in it ($mech)" "$(cat "$tmp/probe")"
fi

run_case() { # out, then more options: b_underpaid's run in the view
  local out=$1; shift
  (cd "$case_dir" && in_view "$WR" run "${case_args[@]}" --quiet --out "$out" "$@")
}
same_as_case() { # out: flags.csv and ledger.csv as computed by hand
  local f p=""
  for f in flags.csv ledger.csv; do
    cmp -s "$case_dir/expected/$f" "$1/$f" || p="$p $f not as expected;"
  done
  echo "$p"
}

# ---------------------------------------------------------------- PostgreSQL
# D71: a store that cannot be opened is exit 5 whatever the flags, the
# outputs written all the same (without summary.json's "store"); D437: one
# line, naming the store, the library and the package to install.
line_problems() { # rc stderr-file: the one line on libpq
  local p="" l
  [ "$1" = 5 ] || p="exit $1, want 5;"
  l=$(grep -c libpq "$2")
  [ "$l" = 1 ] || p="$p $l lines name libpq, want 1;"
  l=$(grep libpq "$2")
  case $l in "wagerecon: $pg_shown"*) ;; *) p="$p the line does not start with wagerecon: $pg_shown;" ;; esac
  case $l in *"cannot load libpq.so.5"*) ;; *) p="$p no \"cannot load libpq.so.5\";" ;; esac
  case $l in *"install the libpq5 package"*) ;; *) p="$p no \"install the libpq5 package\";" ;; esac
  grep -q s3cret "$2" && p="$p password shown;"
  echo "$p"
}
mkdir "$tmp/pg"
run_case "$tmp/pg/out" --store "$pg_url" >"$tmp/pg.stdout" 2>"$tmp/pg.err"
rc=$?
problems=$(line_problems $rc "$tmp/pg.err")
[ "$(wc -l <"$tmp/pg.err")" = 2 ] || problems="$problems stderr has $(wc -l <"$tmp/pg.err") lines, want 2;"
grep -qx "wagerecon: the store is unchanged; the run's outputs are in $tmp/pg/out" "$tmp/pg.err" ||
  problems="$problems no line on the outputs;"
verdict "postgresql run without libpq: exit 5, one line naming the store, libpq.so.5, libpq5" \
  "$problems" "$(cat "$tmp/pg.err")"

mkdir "$tmp/plain"
run_case "$tmp/plain/out" >/dev/null 2>"$tmp/plain.err"
plain_rc=$?
problems=$(same_as_case "$tmp/pg/out")
[ "$(ls "$tmp/pg" 2>/dev/null)" = out ] || problems="$problems left beside the outputs: $(ls "$tmp/pg" 2>/dev/null | tr '\n' ' ');"
[ "$(ls "$tmp/pg/out" 2>/dev/null)" = "$(ls "$tmp/plain/out" 2>/dev/null)" ] ||
  problems="$problems files $(ls "$tmp/pg/out" 2>/dev/null | tr '\n' ' ')not a storeless run's;"
python3 -c 'import json,sys; sys.exit("store" in json.load(open(sys.argv[1])))' \
  "$tmp/pg/out/summary.json" 2>/dev/null || problems="$problems summary.json has store counts or is unreadable;"
verdict "postgresql run without libpq: outputs whole, as computed by hand, no store counts (D71)" \
  "$problems" "$(ls -la "$tmp/pg" "$tmp/pg/out" 2>&1)"

in_view "$WR" cases list --store "$pg_url" >"$tmp/cl.stdout" 2>"$tmp/cl.err"
rc=$?
problems=$(line_problems $rc "$tmp/cl.err")
[ "$(wc -l <"$tmp/cl.err")" = 1 ] || problems="$problems stderr has $(wc -l <"$tmp/cl.err") lines, want 1;"
[ -s "$tmp/cl.stdout" ] && problems="$problems something on stdout;"
verdict "cases list on a postgresql store without libpq: exit 5, the same one line" \
  "$problems" "$(cat "$tmp/cl.err" "$tmp/cl.stdout")"

# ---------------------------------------------------------------- no libpq needed
run_case "$tmp/lite_out" --store "$tmp/store.db" >/dev/null 2>"$tmp/lite.err"
rc=$?
problems=$(same_as_case "$tmp/lite_out")
[ "$rc" = "$want_exit" ] || problems="exit $rc, want $want_exit; $problems"
[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["store"]["new"])' \
  "$tmp/lite_out/summary.json" 2>&1)" = 4 ] || problems="$problems store counts not 4 new;"
verdict "sqlite store without libpq: exit $want_exit, flags as by hand, 4 new in the store" \
  "$problems" "$(cat "$tmp/lite.err")"
in_view "$WR" cases list --store "$tmp/store.db" >"$tmp/list.csv" 2>"$tmp/list.err"
rc=$?
problems=""
[ "$rc" = 0 ] || problems="exit $rc, want 0;"
[ "$(tail -n +2 "$tmp/list.csv" | cut -d, -f1 | sort)" = \
  "$(tail -n +2 "$case_dir/expected/flags.csv" | cut -d, -f1 | sort)" ] ||
  problems="$problems flag ids not the case's four;"
verdict "sqlite cases list without libpq: the case's four flags" "$problems" \
  "$(cat "$tmp/list.err" "$tmp/list.csv")"

problems=$(same_as_case "$tmp/plain/out")
[ "$plain_rc" = "$want_exit" ] || problems="exit $plain_rc, want $want_exit; $problems"
verdict "no store without libpq: exit $want_exit, flags and ledger as by hand" "$problems" \
  "$(cat "$tmp/plain.err")"

# ---------------------------------------------------------------- the control
# Outside the view the same run reaches libpq and fails on the socket: the
# line above came from the missing library, not from the missing server.
if [ -z "$dirs" ]; then
  t_skip "with libpq the postgresql run fails on the connection, not the load" "no libpq on this machine"
else
  (cd "$case_dir" && "$WR" run "${case_args[@]}" --quiet --out "$tmp/ctl" --store "$pg_url") \
    >/dev/null 2>"$tmp/ctl.err"
  rc=$?
  problems=""
  [ "$rc" = 5 ] || problems="exit $rc, want 5;"
  grep -q "cannot load" "$tmp/ctl.err" && problems="$problems libpq not loaded outside the view;"
  grep -qF "$pg_shown" "$tmp/ctl.err" || problems="$problems message does not name the store;"
  verdict "with libpq the postgresql run fails on the connection, not the load" "$problems" \
    "$(cat "$tmp/ctl.err")"
fi

# ---------------------------------------------------------------- an old libpq
# D453: libpq 13 (Debian 11) has no pipeline mode. A library with every
# other function wagerecon calls, bound over libpq.so.5, loads; the store
# must then fail to open with one line naming the first function missing
# in the order db_pg.c looks them up (PQenterPipelineMode) and libpq 14.
old_names="PQclear PQconnectdb PQerrorMessage PQexec PQexecPrepared PQfinish PQgetResult
  PQgetisnull PQgetvalue PQntuples PQprepare PQresultErrorMessage PQresultStatus PQsendPrepare
  PQsendQueryPrepared PQsetClientEncoding PQstatus"
if [ -z "$dirs" ]; then
  t_skip "old libpq view" "no libpq on this machine to bind over"
  t_skip "old libpq run" "no libpq on this machine to bind over"
elif ! for f in $old_names; do echo "void $f(void) {}"; done >"$tmp/libpq13.c" ||
  ! cc -shared -fPIC -Wl,-soname,libpq.so.5 -o "$tmp/libpq13.so" "$tmp/libpq13.c" 2>"$tmp/cc.err"; then
  t_skip "old libpq view" "cannot build the stand-in library: $(head -1 "$tmp/cc.err")"
  t_skip "old libpq run" "cannot build the stand-in library"
else
  mkdir "$tmp/old"
  old_setup=$(bind_setup "$tmp/libpq13.so")
  view_of "$old_setup" python3 -c 'import ctypes, sys
l = ctypes.CDLL("libpq.so.5")
sys.exit(0 if hasattr(l, "PQconnectdb") and not hasattr(l, "PQenterPipelineMode") else 1)' \
    >"$tmp/old_probe" 2>&1
  rc=$?
  verdict "old libpq view: libpq.so.5 loads, has PQconnectdb, lacks PQenterPipelineMode" \
    "$([ "$rc" = 0 ] || echo "probe exit $rc")" "$(cat "$tmp/old_probe")"
  (cd "$case_dir" && view_of "$old_setup" "$WR" run "${case_args[@]}" --quiet \
    --out "$tmp/old/out" --store "$pg_url") >/dev/null 2>"$tmp/old.err"
  rc=$?
  problems=$(same_as_case "$tmp/old/out")
  [ "$rc" = 5 ] || problems="exit $rc, want 5; $problems"
  grep -qxF "wagerecon: ${pg_shown}cannot open: libpq.so.5 has no PQenterPipelineMode: wagerecon needs libpq 14 or later" \
    "$tmp/old.err" || problems="$problems no line naming PQenterPipelineMode and libpq 14;"
  [ "$(wc -l <"$tmp/old.err")" = 2 ] || problems="$problems stderr has $(wc -l <"$tmp/old.err") lines, want 2;"
  grep -q s3cret "$tmp/old.err" && problems="$problems password shown;"
  verdict "old libpq run: exit 5, one line on the missing function, outputs as by hand" \
    "$problems" "$(cat "$tmp/old.err")"
fi

t_done nolibpq
