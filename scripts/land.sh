#!/usr/bin/env bash
# Lands the current worktree's branch on main: takes the landing lock,
# rebases onto main, runs `make test`, and fast-forwards main (and the main
# worktree) only when the suite is green. One landing at a time, so main
# never moves while a landing is being tested.
#   usage: bash scripts/land.sh        (from a helper's worktree, all committed)
set -eu
branch=$(git rev-parse --abbrev-ref HEAD)
[ "$branch" != main ] || { echo "land.sh: run it from a helper's worktree, not main"; exit 2; }
[ -z "$(git status --porcelain --untracked-files=no)" ] || { echo "land.sh: commit your changes first"; exit 2; }
main_wt=$(git worktree list --porcelain | awk '/^worktree /{w=$2} $0=="branch refs/heads/main"{print w}')
[ -n "$main_wt" ] || { echo "land.sh: no worktree has main checked out"; exit 2; }
exec 9>"$(git rev-parse --git-common-dir)/land.lock"
echo "land.sh: waiting for the landing lock"; flock 9
if ! git rebase main; then
  git rebase --abort
  echo "land.sh: conflict with main: run 'git rebase main', resolve, commit, and land again"; exit 1
fi
mkdir -p build
log=build/land-test.log
echo "land.sh: make test (log in $log)"
if ! make test > "$log" 2>&1 || ! tail -1 "$log" | grep -q ', 0 failed$'; then
  grep -E '^FAIL|Error|error:' "$log" | head -30; tail -1 "$log"
  echo "land.sh: suite is red; nothing landed"; exit 1
fi
tail -1 "$log"
[ -z "$(git -C "$main_wt" status --porcelain --untracked-files=no)" ] || { echo "land.sh: main worktree has uncommitted changes"; exit 1; }
git -C "$main_wt" merge --ff-only "$branch"
echo "land.sh: landed $(git rev-parse --short HEAD) on main"
