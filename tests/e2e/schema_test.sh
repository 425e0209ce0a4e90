#!/usr/bin/env bash
# Validates flags.jsonl, cases.jsonl, summary.json and run.json of every end-to-end
# case (testdata/cases) against docs/schema/*.schema.json, then proves the
# schemas can fail: hand-corrupted copies of a valid output set must be
# rejected. One "ok"/"FAIL" line per check. Usage: schema_test.sh WAGERECON_BIN
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"
t_init schema
schemas="$root/docs/schema"
check="$root/tests/e2e/validate_outputs.py"
t_plan $(($(n_cases 0 3) + 12)) # one per case that writes outputs, the fixture, eleven corruptions
py=""
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import jsonschema' 2>/dev/null; then py=$p; break; fi
done
if [ -z "$py" ]; then # a missing tool is a failure, never a pass
  t_fail "python3-jsonschema absent (make deps installs it)"; exit 1
fi
valid_set=""
for dir in "$root"/testdata/cases/*/; do
  name=$(basename "$dir")
  want=$(cat "$dir/expected/exit")
  [ "$want" = 0 ] || [ "$want" = 3 ] || continue   # exit 2/4 write nothing
  out="$tmp/$name"
  (cd "$dir" && eval "\"$bin\" run $(cat args) --quiet --out \"$out\"") >/dev/null 2>&1
  if msg=$("$py" "$check" "$schemas" "$out" 2>&1); then
    t_pass "$name ($msg)"
    # the corruptions below edit the first flag's paid: it must have one
    [ -s "$out/cases.jsonl" ] && head -1 "$out/flags.jsonl" | grep -q '"paid":"' &&
      valid_set=${valid_set:-$out}
  else
    t_fail "$name:" "$msg"
  fi
done

# The schemas must reject a broken file: each edit below breaks one rule.
corrupt() { # name, file, python expression over `line` (the file's first line)
  local d="$tmp/corrupt-$1"
  rm -rf "$d"; cp -r "$valid_set" "$d"
  "$py" - "$d/$2" "$3" <<'PY'
import json, re, sys
path, expr = sys.argv[1], sys.argv[2]
lines = open(path, encoding="utf-8").read().split("\n")
line = lines[0]
lines[0] = eval(expr)
assert lines[0] != line, "the corruption changed nothing"
open(path, "w", encoding="utf-8").write("\n".join(lines))
PY
  if "$py" "$check" "$schemas" "$d" >"$d.msg" 2>&1; then
    t_fail "rejects $1: a corrupted file passed"
  else
    t_pass "rejects $1 ($(head -1 "$d.msg"))"
  fi
}
if [ -z "$valid_set" ]; then
  t_fail "fixture: no case with flags and cases to corrupt"
  exit 1
fi
t_pass "fixture: $(basename "$valid_set") has flags and cases to corrupt"
corrupt money-as-float flags.jsonl 're.sub("\"paid\":\"([0-9]+[.][0-9]{2})\"", lambda m: "\"paid\":" + m.group(1), line, count=1)'
corrupt money-as-integer flags.jsonl 're.sub("\"paid\":\"([0-9]+)[.][0-9]{2}\"", lambda m: "\"paid\":" + m.group(1), line, count=1)'
corrupt money-one-decimal flags.jsonl 're.sub("\"paid\":\"([0-9]+[.][0-9])[0-9]\"", lambda m: "\"paid\":\"" + m.group(1) + "\"", line, count=1)'
corrupt missing-key cases.jsonl 'line.replace("\"workers\":", "\"staff\":", 1)'
corrupt extra-key summary.json 'line.replace("{", "{\"extra\":1,", 1)'
corrupt wrong-severity flags.jsonl 're.sub(r"\"severity\":\"[a-z]+\"", "\"severity\":\"none\"", line, count=1)'
corrupt severity-of-kind flags.jsonl 're.sub("\"severity\":\"([a-z]+)\"", lambda m: "\"severity\":\"" + {"high": "low", "medium": "high", "low": "high"}[m.group(1)] + "\"", line, count=1)'
corrupt flag-id-upper-case flags.jsonl 're.sub(r"\"flag_id\":\"([0-9a-f]{16})\"", lambda m: "\"flag_id\":\"" + m.group(1).upper().replace("0", "A") + "\"", line, count=1)'
corrupt key-order flags.jsonl 'json.dumps(dict(reversed(list(json.loads(line).items()))), ensure_ascii=False, separators=(",", ":"))'
corrupt run-json-layout run.json 'line.replace("\"run_json\":1", "\"run_json\":2", 1)'
corrupt basis-of-kind flags.jsonl 're.sub(r"\"basis\":\"[^\"]*\"", "\"basis\":\"Reg. art. 24\"", line, count=1)'
t_done schema
