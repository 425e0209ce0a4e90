#!/usr/bin/env bash
# release_refuses.sh BIN DESCRIPTOR FILE...: runs each saved fuzz input (a
# workbook, say) through the release binary with `formats convert` and
# counts the outcomes, the file name and numbers blanked. Each input must
# exit 2 with a message naming it ("wagerecon: NAME: ..."), never crash
# wagerecon; the exit status is the number that do not.
bin=$1 fmt=$2; shift 2
out=$(mktemp); trap 'rm -f "$out"' EXIT
bad=0
for f in "$@"; do
  n=$(basename "$f")
  msg=$("$bin" formats convert "$fmt" "$f" 2>&1 >/dev/null); rc=$?
  if [ "$rc" != 2 ] || [[ "$msg" != "wagerecon: $n: "* ]]; then
    echo "NOT REFUSED: $f (exit $rc: $msg)" >&2; bad=$((bad+1))
  fi
  echo "exit $rc | $(printf '%s\n' "$msg" | head -1 | sed "s|$n|NAME|; s/-*[0-9][0-9]*/N/g")" >>"$out"
done
sort "$out" | uniq -c
exit $((bad > 0))
