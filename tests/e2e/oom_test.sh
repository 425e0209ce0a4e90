#!/usr/bin/env bash
# Out of memory (issue 19, D241): run, partition and merge over a small case
# with the kth malloc, calloc or realloc failing (FAULT_MALLOC_NTH=k of the
# fault shim, tests/fault/fault_shim.c), for k over the whole run's calls.
# Each k must end one of two ways:
#  - refused: exit 2 (WR_ENOMEM's exit, src/cli/main.c exit_code; an
#    output's when the memory was stdio's), a message saying out of
#    memory ("Cannot allocate memory": strerror), no signal, and no
#    partial output set: run and merge leave --out's previous outputs
#    byte-identical and no temporary file; partition leaves no --out and
#    no DIR.partial-PID;
#  - unharmed: the allocation was one a library can do without (stdio's
#    buffer, say): the exit and the outputs of the run without a fault.
# The ks: every 1 in STRIDE of them (OOM_STRIDE, default so that about 40 a
# command run) and each of the last 40, where the outputs are written and
# committed (all of them with OOM_STRIDE=1: 3 x 1400 runs, minutes).
# WRAP, if set, prefixes each faulted command: WRAP="valgrind -q
# --error-exitcode=99 --soname-synonyms=somalloc=*jemalloc*" checks the
# failure paths for invalid reads and writes (exit 99 is a failure here).
# Then zstd's own allocation (D265): a contracts file compressed from a
# pipe (no content size in the frame, so ZSTD_decompressStream allocates
# its window) read with each k from the first allocation of its opening
# on: refused with "out of memory" naming the file, never "corrupt zstd
# input" (what zstd's ZSTD_error_memory_allocation was reported as).
# Usage: oom_test.sh BIN SHIM_SO
set -u
bin=$(realpath "$1"); shim=$(realpath "$2")
. "$(dirname "$0")/lib.sh"
t_init oom
log_lines=12
t_plan 12 # per command: its calls counted, each k refused or unharmed, some k refused; --jobs 2: 1; zstd: 2
case_dir="$root/testdata/cases/b_underpaid"
args=$(cat "$case_dir/args")
case "${EXTRA_CFLAGS:-}" in
*sanitize=address*)
  for c in run partition merge; do
    for what in "calls counted" "each k refused or unharmed" "some k refused"; do
      t_skip "$c: $what" "LD_PRELOAD cannot come before the ASan runtime"
    done
  done
  t_skip "run --jobs 2 in 61-byte chunks: each k refused or unharmed, none hangs" \
    "LD_PRELOAD cannot come before the ASan runtime"
  for what in "each k refused or unharmed" "its window refused as out of memory"; do
    t_skip "zstd: $what" "LD_PRELOAD cannot come before the ASan runtime"
  done
  t_done oom; exit;;
esac

# The previous outputs in --out come from another case, so a half-written
# set shows; the parts' outputs to merge; what each command writes unharmed.
(cd "$root/testdata/cases/b_missing" && "$bin" run $(cat args) --quiet --out "$tmp/before") >/dev/null 2>&1
(cd "$case_dir" && "$bin" partition --parts 2 --quiet --out "$tmp/parts" $args) >/dev/null 2>&1
for p in "$tmp"/parts/part-*; do (cd "$p" && "$bin" run $(cat args) --quiet --out out) >/dev/null 2>&1; done

command_of() { # run|partition|merge: its words in the array c
  case $1 in
    run) c=(run $args --quiet --out "$tmp/out");;
    partition) c=(partition --parts 2 --quiet --out "$tmp/out" $args);;
    merge) c=(merge --quiet --out "$tmp/out" "$tmp"/parts/part-*/out);;
  esac
}
fresh_out() { # run and merge write over the previous set; partition wants no --out
  rm -rf "$tmp/out" "$tmp"/out.partial-*
  [ "$1" = partition ] || cp -r "$tmp/before" "$tmp/out"
}
leftovers() { # DIR holds more than its published set (D92), or a partial partition
  local cur; cur=$(readlink "$1/.wagerecon/current" 2>/dev/null)
  ls -d "$tmp"/out.partial-* >/dev/null 2>&1 ||
    ls -A "$1" 2>/dev/null | grep -qE '^\.wagerecon-link-|\.tmp\.' ||
    { [ -d "$1/.wagerecon" ] && ls -A "$1/.wagerecon" | grep -qvxE "lock|current|${cur:-none}"; }
}
same_tree() { diff -r -x .wagerecon "$1" "$2" >/dev/null 2>&1; }

for cmd in run partition merge; do
  command_of $cmd
  fresh_out $cmd
  (cd "$case_dir" && FAULT_MALLOC_COUNT=1 LD_PRELOAD="$shim" ${WRAP:-} "$bin" "${c[@]}") >/dev/null 2>"$tmp/err"
  want_rc=$?
  rm -rf "$tmp/whole"; mv "$tmp/out" "$tmp/whole"
  n=$(sed -n 's/^mallocs //p' "$tmp/err" | tail -1)
  verdict "$cmd: calls counted" "$([ "${n:-0}" -gt 0 ] || echo "no count from the shim: $(head -c 200 "$tmp/err")")"
  [ "${n:-0}" -gt 0 ] || n=1
  stride=${OOM_STRIDE:-$(( (n + 39) / 40 ))}
  problems="" refused=0 tried=0
  for k in $( (seq 1 "$stride" "$n"; seq $((n > 40 ? n - 39 : 1)) "$n") | sort -nu); do
    fresh_out $cmd
    (cd "$case_dir" && FAULT_MALLOC_NTH=$k LD_PRELOAD="$shim" ${WRAP:-} "$bin" "${c[@]}") >/dev/null 2>"$tmp/err"
    rc=$? q="" tried=$((tried + 1))
    if [ "$rc" = 2 ]; then
      refused=$((refused + 1))
      grep -Eq "out of memory|Cannot allocate memory" "$tmp/err" || q="; no message saying out of memory"
      if [ $cmd = partition ]; then [ ! -e "$tmp/out" ] || q="$q; --out written"
      else same_tree "$tmp/before" "$tmp/out" || q="$q; previous outputs changed"; fi
      leftovers "$tmp/out" && q="$q; temporary files left"
    elif [ "$rc" = "$want_rc" ]; then # unharmed: the outputs of the run without a fault
      same_tree "$tmp/whole" "$tmp/out" || q="; exit $rc with other outputs"
    else
      q="; exit $rc$([ "$rc" -gt 128 ] && echo " (signal $((rc - 128)))")"
    fi
    [ -z "$q" ] || problems="$problems; k=$k: ${q#; } ($(head -c 120 "$tmp/err" | tr '\n' ' '))"
  done
  verdict "$cmd: each k refused or unharmed ($tried of $n calls)" "${problems#; }"
  verdict "$cmd: some k refused" "$([ "$refused" -gt 0 ] || echo "no k made $cmd exit 2")"
done

# The threaded reader (io/csvpar.c) at --jobs 2, every file cut into
# 61-byte chunks so that each is read on two threads and opened while the
# one before is applied (D438): every other k from the first call, each
# refused or unharmed, and none may hang (a cut of the applying thread's
# that could not grow its buffer was waited on forever: k 64 and 65
# before D438, 73 and 74 after it, hung). 20 s a run is a hang.
export WAGERECON_TEST_CHUNK_BYTES=61
jargs="$args --jobs 2"
# shellcheck disable=SC2086
(cd "$case_dir" && FAULT_MALLOC_COUNT=1 LD_PRELOAD="$shim" "$bin" run $jargs --quiet --out "$tmp/jwhole") \
  >/dev/null 2>"$tmp/err"
want_rc=$?
n=$(sed -n 's/^mallocs //p' "$tmp/err" | tail -1)
problems="" tried=0
for k in $(seq 1 2 $(( ${n:-0} + 20 ))); do
  rm -rf "$tmp/jout"
  # shellcheck disable=SC2086
  (cd "$case_dir" && FAULT_MALLOC_NTH=$k LD_PRELOAD="$shim" timeout 20 "$bin" run $jargs --quiet \
    --out "$tmp/jout") >/dev/null 2>"$tmp/err"
  rc=$? q="" tried=$((tried + 1))
  if [ "$rc" = 2 ]; then
    grep -Eq "out of memory|Cannot allocate memory" "$tmp/err" || q="; no message saying out of memory"
  elif [ "$rc" = "$want_rc" ]; then
    same_tree "$tmp/jwhole" "$tmp/jout" || q="; exit $rc with other outputs"
  elif [ "$rc" = 124 ]; then
    q="; hung (killed after 20 s)"
  else
    q="; exit $rc"
  fi
  [ -z "$q" ] || problems="$problems; k=$k: ${q#; } ($(head -c 120 "$tmp/err" | tr '\n' ' '))"
done
unset WAGERECON_TEST_CHUNK_BYTES
verdict "run --jobs 2 in 61-byte chunks: each k refused or unharmed, none hangs ($tried k of ${n:-?} calls)" \
  "$([ "${n:-0}" -gt 0 ] || echo "no count from the shim;")${problems#; }"

# zstd's own allocation (D265). n0: the calls made up to opening the
# contracts file (counted with that file missing); the file's own
# allocations (the stream, its buffer, zstd's window, the rows) follow.
zcase="$tmp/zcase"; cp -r "$root/testdata/cases/a_zstd_input" "$zcase"
zstd -dqc "$zcase/contracts.csv.zst" | zstd -qc >"$zcase/piped.csv.zst"
zargs=$(sed 's/contracts\.csv\.zst/piped.csv.zst/' "$zcase/args")
(cd "$zcase" && FAULT_MALLOC_COUNT=1 LD_PRELOAD="$shim" "$bin" run ${zargs/piped.csv.zst/missing.csv.zst} \
  --quiet --out "$tmp/zout") >/dev/null 2>"$tmp/err"
n0=$(sed -n 's/^mallocs //p' "$tmp/err" | tail -1)
(cd "$zcase" && "$bin" run $zargs --quiet --out "$tmp/zwhole") >/dev/null 2>&1
want_rc=$?
problems="" window=0
for k in $(seq "${n0:-1}" $(( ${n0:-1} + 40 ))); do
  rm -rf "$tmp/zout"
  (cd "$zcase" && FAULT_MALLOC_NTH=$k LD_PRELOAD="$shim" "$bin" run $zargs --quiet --out "$tmp/zout") \
    >/dev/null 2>"$tmp/err"
  rc=$? q=""
  if [ "$rc" = 2 ]; then
    grep -q "corrupt zstd" "$tmp/err" && q="; corrupt zstd input said for out of memory"
    grep -Eq "out of memory|Cannot allocate memory" "$tmp/err" || q="$q; no message saying out of memory"
    grep -qx "wagerecon: piped.csv.zst: out of memory" "$tmp/err" && window=$((window + 1))
  elif [ "$rc" = "$want_rc" ]; then
    same_tree "$tmp/zwhole" "$tmp/zout" || q="; exit $rc with other outputs"
  else
    q="; exit $rc"
  fi
  [ -z "$q" ] || problems="$problems; k=$k: ${q#; } ($(head -c 120 "$tmp/err" | tr '\n' ' '))"
done
verdict "zstd: each k refused or unharmed (from call ${n0:-?} on)" "${problems#; }"
verdict "zstd: its window refused as out of memory" \
  "$([ "$window" -ge 3 ] || echo "$window k said 'piped.csv.zst: out of memory' (the stream, its buffer and zstd's window: 3 or more)")"
t_done oom
