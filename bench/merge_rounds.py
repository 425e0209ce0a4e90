"""Merges hyperfine exports of one run per command (a bench round each)
into one export per command set, in hyperfine's format: each command's
times, their median, min, max and mean, and its mean user and system CPU;
besides hyperfine's fields, `cpus`: each round's user + system CPU, in
round order (results.py pairs the sizes' rounds by it).

usage: merge_rounds.py OUT [--only CMD | --except CMD] ROUND.json...
"""
import json
import statistics
import sys


def merged(cmd, rs):
    times = [r["times"][0] for r in rs]
    return dict(command=cmd, times=times, median=statistics.median(times), min=min(times),
                max=max(times), mean=statistics.mean(times),
                user=statistics.mean(r["user"] for r in rs),
                system=statistics.mean(r["system"] for r in rs),
                cpus=[r["user"] + r["system"] for r in rs],
                exit_codes=[r["exit_codes"][0] for r in rs])


def main(argv):
    out, rest = argv[0], argv[1:]
    keep = lambda c: True
    if rest and rest[0] in ("--only", "--except"):
        flag, name, rest = rest[0], rest[1], rest[2:]
        keep = (lambda c: c == name) if flag == "--only" else (lambda c: c != name)
    runs = {}
    for path in rest:
        for r in json.load(open(path))["results"]:
            runs.setdefault(r["command"], []).append(r)
    with open(out, "w") as f:
        json.dump({"results": [merged(c, rs) for c, rs in runs.items() if keep(c)]}, f)


if __name__ == "__main__":
    main(sys.argv[1:])
