#!/usr/bin/env bash
# The whole suite: unit tests, end-to-end cases, CLI checks, the generator
# test. Each "ok"/"FAIL"/"skip" line is one check; every script declares how
# many it runs and its exit status counts (tests/runner.sh). Ends with
# "N passed, N failed", then ", N skipped" when some checks could not run.
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
. tests/runner.sh # run_script: a script counts by its plan and exit status
run_units "$B" tests/unit # the unit tests of the sources
for t in ${FUZZ_NAMES:-}; do # the Makefile's fuzz targets
  if out=$("$B/fuzz/replay_$t" "testdata/fuzz/$t" 2>&1); then echo "ok fuzz-replay $t ($out)"; pass=$((pass+1));
  else echo "FAIL fuzz-replay $t"; echo "$out" | tail -5 | sed 's/^/    /'; fail=$((fail+1)); fi
done
run_script runner_test bash tests/e2e/runner_test.sh
run_script run_cases bash tests/e2e/run_cases.sh $B/wagerecon
run_script cli_test bash tests/e2e/cli_test.sh $B/wagerecon
run_script every_case_test bash tests/e2e/every_case_test.sh $B/wagerecon
run_script explain_test bash tests/e2e/explain_test.sh $B/wagerecon
run_script progress_test bash tests/e2e/progress_test.sh $B/wagerecon
run_script schema_test bash tests/e2e/schema_test.sh $B/wagerecon
run_script trust_test bash tests/e2e/trust_test.sh $B/wagerecon
run_script runjson_test bash tests/e2e/runjson_test.sh $B/wagerecon
run_script report_test bash tests/e2e/report_test.sh $B/wagerecon $B/gen
run_script quality_test bash tests/e2e/quality_test.sh $B/wagerecon
run_script formats_test bash tests/e2e/formats_test.sh $B/wagerecon
run_script bank_layouts_test env EXTRA_CFLAGS="${EXTRA_CFLAGS:-}" bash tests/e2e/bank_layouts_test.sh $B/wagerecon
run_script typed_route_test bash tests/e2e/typed_route_test.sh $B/wagerecon
run_script adversarial_test env EXTRA_CFLAGS="${EXTRA_CFLAGS:-}" bash tests/e2e/adversarial_test.sh $B/wagerecon
run_script fault_test env EXTRA_CFLAGS="${EXTRA_CFLAGS:-}" bash tests/e2e/fault_test.sh $B/wagerecon $B/fault_shim.so
run_script oom_test env EXTRA_CFLAGS="${EXTRA_CFLAGS:-}" bash tests/e2e/oom_test.sh $B/wagerecon $B/fault_shim.so
run_script commit_test env EXTRA_CFLAGS="${EXTRA_CFLAGS:-}" bash tests/e2e/commit_test.sh $B/wagerecon $B/fault_shim.so
run_script install_test env B=$B EXTRA_CFLAGS="${EXTRA_CFLAGS:-}" bash tests/e2e/install_test.sh
run_script build_test env B=$B bash tests/e2e/build_test.sh
run_script scaleout_test bash tests/e2e/scaleout_test.sh $B/wagerecon $B/gen
run_script jobs_test bash tests/e2e/jobs_test.sh $B/wagerecon $B/gen
run_script store_test bash tests/e2e/store_test.sh $B/wagerecon
run_script nolibpq_test bash tests/e2e/nolibpq_test.sh $B/wagerecon
run_script test_generator bash tests/e2e/test_generator.sh $B/wagerecon $B/gen
runner_last_line
[ "$fail" = 0 ]
