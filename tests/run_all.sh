#!/usr/bin/env bash
# The whole suite: unit tests, end-to-end cases, CLI checks, the generator
# test. Each "ok"/"FAIL" line is one test; ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
# Debian's python3 (installed by `make deps`, with python3-jsonschema) for
# every check script: through pyenv's shims, where a machine has them, each
# call costs seconds under load (3.6 s against 0.3 s measured on 2 loaded cores).
if [ -x /usr/bin/python3 ]; then
  pybin=$(mktemp -d); ln -s /usr/bin/python3 "$pybin/python3"
  export PATH="$pybin:$PATH"; trap 'rm -rf "$pybin"' EXIT
fi
pass=0 fail=0
count() { # reads ok/FAIL lines from stdin, echoing them
  while IFS= read -r line; do
    echo "$line"
    case "$line" in ok\ *) pass=$((pass+1));; FAIL\ *) fail=$((fail+1));; esac
  done
}
for t in $B/tests/*_test; do
  if out=$("$t" 2>&1); then echo "ok unit $(basename "$t") ($out)"; pass=$((pass+1));
  else echo "FAIL unit $(basename "$t")"; echo "$out" | sed 's/^/    /'; fail=$((fail+1)); fi
done
for t in ${FUZZ_NAMES:-}; do # the Makefile's fuzz targets
  if out=$("$B/fuzz/replay_$t" "testdata/fuzz/$t" 2>&1); then echo "ok fuzz-replay $t ($out)"; pass=$((pass+1));
  else echo "FAIL fuzz-replay $t"; echo "$out" | tail -5 | sed 's/^/    /'; fail=$((fail+1)); fi
done
count < <(bash tests/e2e/run_cases.sh $B/wagerecon)
count < <(bash tests/e2e/cli_test.sh $B/wagerecon)
count < <(bash tests/e2e/every_case_test.sh $B/wagerecon)
count < <(bash tests/e2e/explain_test.sh $B/wagerecon)
count < <(bash tests/e2e/progress_test.sh $B/wagerecon)
count < <(bash tests/e2e/schema_test.sh $B/wagerecon)
count < <(bash tests/e2e/trust_test.sh $B/wagerecon)
count < <(bash tests/e2e/report_test.sh $B/wagerecon $B/gen)
count < <(bash tests/e2e/formats_test.sh $B/wagerecon)
count < <(EXTRA_CFLAGS="${EXTRA_CFLAGS:-}" bash tests/e2e/bank_layouts_test.sh $B/wagerecon)
count < <(bash tests/e2e/typed_route_test.sh $B/wagerecon)
count < <(EXTRA_CFLAGS="${EXTRA_CFLAGS:-}" bash tests/e2e/adversarial_test.sh $B/wagerecon)
count < <(EXTRA_CFLAGS="${EXTRA_CFLAGS:-}" bash tests/e2e/fault_test.sh $B/wagerecon $B/fault_shim.so)
count < <(EXTRA_CFLAGS="${EXTRA_CFLAGS:-}" bash tests/e2e/commit_test.sh $B/wagerecon $B/fault_shim.so)
count < <(B=$B EXTRA_CFLAGS="${EXTRA_CFLAGS:-}" bash tests/e2e/install_test.sh)
count < <(bash tests/e2e/scaleout_test.sh $B/wagerecon $B/gen)
count < <(bash tests/e2e/jobs_test.sh $B/wagerecon $B/gen)
count < <(bash tests/e2e/store_test.sh $B/wagerecon)
count < <(bash tests/e2e/test_generator.sh $B/wagerecon $B/gen 2>&1 | sed -e '/^ok generator/!{/^FAIL/!s/^/    /}')
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
