#!/usr/bin/env python3
"""The layers of src/ run one way (issue 19, DECISIONS D130).

Reads the `#include "..."` lines of every .c and .h under src/ and
include/ and fails (exit 1, one line per problem) when

  - a file includes a file of a higher layer, or of another folder of the
    same layer (LAYERS below, lowest first);
  - a folder of src/ is in no layer (a new folder: add it where it
    belongs);
  - the public headers (include/) include anything of src/;
  - the includes make a circle: a module (a.c with its a.h) that reaches
    itself through other modules' includes;
  - the library has a mutable static object (D133);
  - an error is set other than by wr_errorf (D230): nothing outside
    types/error.c writes an error's message itself;
  - a function of the public headers has no comment: the line above its
    declaration ends a comment, or declares another function of a group;
  - a public struct has a fixed array that may cap the input (D264): only
    counts sized by an enum (WR_N_...) and the arrays of FIXED_ARRAYS.

Usage: check_layers.py [REPO]   (default: the repository this file is in)
Prints "ok layers: F files, I includes, L layers" when all is well.
"""
import os
import re
import sys

# The fixed arrays the public structs may hold besides counts by an enum
# (D264): a digest's 32 hex digits, the counts by severity, and the
# error's message, fixed so that "out of memory" needs no allocation.
FIXED_ARRAYS = {"xxh3": "33", "format_xxh3": "33", "flags_by_severity": "3", "message": "1024"}
ARRAY_MEMBER_RE = re.compile(r"\b(\w+)\[([^\]]*)\]")

# Lowest first. A folder may include its own files and those of any lower
# layer; folders that share a layer are siblings and include neither.
LAYERS = [
    ["types"],            # shared vocabulary: str, date, money, row, reason, vec, table
    ["io"],               # bytes in and out: CSV, JSON, zstd, atomic output sets
    ["formats"],          # described files (descriptors, sheets) decoded into rows
    ["core"],             # the model, progress, the reader's row observer
    ["rules"],            # RULES 4-5 over the model: due dates, evaluation, flags
    ["inputs", "store"],  # the readers filling the model; the case store
    ["outputs"],          # the files of a run
    ["explain", "scaleout"],  # one flag's explanation; partition and merge
    ["pipeline"],         # wr_run: read -> evaluate -> write
    ["cli"],              # the command line, the only place with exit codes
]

INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
STATIC_RE = re.compile(r'^\s*static\s+(?!inline\b)[^;=]*?\b(?P<name>\w+)\s*(\[[^\]]*\]\s*)*[;=]')
# An error message written other than by wr_errorf: printf into it, or a
# wr_fail-like helper of its own.
MESSAGE_WRITE_RE = re.compile(r'printf\s*\(\s*[\w>.-]*message\b|\bwr_fail\s*\(')
# A function declared in a public header (a line that starts with its type).
PROTOTYPE_RE = re.compile(r'^(?!typedef|#|\s)[\w\s*]+\bwr_\w+\s*\(')
# `static const T *p;`: the pointer itself can change.
POINTER_TO_CONST_RE = re.compile(r'\*\s*(volatile\s+)?\w+\s*(\[|;|$)')
# Process-wide by nature: the output set a signal handler removes, and the
# test hook that stops the commit at a step (io/outfile.c).
STATIC_ALLOWED = {
    os.path.join("src", "io", "outfile.c") + ":active_outset",
    os.path.join("src", "io", "outfile.c") + ":step_count",
    # The prefault thread and its queue (D295): the arrays that ask it
    # have no run's context to hand it.
    os.path.join("src", "types", "prefault.c") + ":pf",
    # The reserved addresses big arrays are carved from (D465): one
    # process, one address space; the arrays are any run's and thread's.
    os.path.join("src", "types", "vec.c") + ":region",
    # The date reader's month memo (D377): a per-thread cache of a pure
    # function of the text's bytes, so any caller on any thread reads the
    # same day with or without it.
    os.path.join("src", "types", "date.c") + ":month_memo",
    os.path.join("src", "types", "date.c") + ":older_months",
    # libpq's functions, loaded at a store's first open (D424): as
    # process-wide as the library they are found in.
    os.path.join("src", "store", "db_pg.c") + ":pq",
}


def main():
    repo = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.join(os.path.dirname(__file__), "..", ".."))
    src = os.path.join(repo, "src")
    rank = {}
    for i, folders in enumerate(LAYERS):
        for folder in folders:
            rank[folder] = i
    problems = []
    files = []
    for top in ("src", "include"):
        for dirpath, _, names in os.walk(os.path.join(repo, top)):
            files += [os.path.join(dirpath, n) for n in names if n.endswith((".c", ".h"))]
    files.sort()
    for d in sorted(os.listdir(src)):
        if os.path.isdir(os.path.join(src, d)) and d not in rank:
            problems.append(f"src/{d}: in no layer of tests/layers/check_layers.py "
                            "(add it to LAYERS where it belongs)")

    def rel(path):
        return os.path.relpath(path, repo)

    def folder_of(path):  # "inputs" for src/inputs/x.c, None for include/
        parts = rel(path).split(os.sep)
        return parts[1] if parts[0] == "src" and len(parts) > 2 else None

    def module(path):
        return os.path.splitext(rel(path))[0]

    edges = {}
    n_includes = 0
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for m in INCLUDE_RE.finditer(text):
            name = m.group(1)
            line = text.count("\n", 0, m.start()) + 1
            where = f"{rel(path)}:{line}"
            target = os.path.normpath(os.path.join(os.path.dirname(path), name))
            if not os.path.exists(target):
                public = os.path.join(repo, "include", name)
                if os.path.exists(public):
                    continue  # the public header: any layer may include it
                problems.append(f"{where}: includes {name}, which is not there")
                continue
            n_includes += 1
            here, there = folder_of(path), folder_of(target)
            if rel(path).startswith("include" + os.sep):
                if rel(target).startswith("src" + os.sep):
                    problems.append(f"{where}: a public header includes {rel(target)}")
                continue
            if here != there and here in rank and there in rank:
                if rank[there] > rank[here]:
                    problems.append(f"{where}: {here} (layer {rank[here]}) includes "
                                    f"{rel(target)} of {there}, a higher layer "
                                    f"({rank[there]})")
                elif rank[there] == rank[here]:
                    problems.append(f"{where}: {here} includes {rel(target)} of {there}, "
                                    "a sibling of the same layer")
            a, b = module(path), module(target)
            if a != b:
                edges.setdefault(a, set()).add(b)

    # Circles: strongly connected components of more than one module.
    index, low, stack, on_stack, counter = {}, {}, [], set(), [0]
    circles = []
    nodes = sorted(set(edges) | {b for bs in edges.values() for b in bs})

    def visit(v):  # Tarjan, iterative enough for a few hundred modules
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                circles.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in nodes:
        if v not in index:
            visit(v)
    for comp in circles:
        problems.append("a circle of includes: " + " <-> ".join(comp))

    # No mutable static data in the library (issue 19: reentrant for a
    # threaded run): every static object is const, but for the allowed ones.
    for path in files:
        r = rel(path)
        if not r.startswith("src" + os.sep) or folder_of(path) == "cli":
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            for n, line in enumerate(f, 1):
                m = STATIC_RE.match(line)
                if not m or "(" in line.split("=")[0]:
                    continue  # not a static, or a function
                decl = line.split("=")[0]
                mutable = "const" not in decl or POINTER_TO_CONST_RE.search(decl)
                if mutable and f"{r}:{m.group('name')}" not in STATIC_ALLOWED:
                    problems.append(f"{r}:{n}: mutable static {m.group('name')} "
                                    "(pass a context: qsort_r, a struct)")

    # One way to report an error (issue 19, D230): wr_errorf or
    # wr_error_nomem (types/error.h), which return the status code.
    for path in files:
        r = rel(path)
        if not r.startswith("src" + os.sep) or r == os.path.join("src", "types", "error.c"):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            for n, line in enumerate(f, 1):
                if MESSAGE_WRITE_RE.search(line):
                    problems.append(f"{r}:{n}: an error message written directly "
                                    "(wr_errorf(err, CODE, ...) sets it and returns the code)")

    # The public header documents every function (issue 19).
    for path in files:
        r = rel(path)
        if not r.startswith("include" + os.sep):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
        for n, line in enumerate(lines):
            if not PROTOTYPE_RE.match(line):
                continue
            k = n - 1
            while k > 0 and lines[k].startswith("#define"):
                k -= 1  # a comment may say what a limit and its function are
            if not (lines[k].strip().endswith("*/") or PROTOTYPE_RE.match(lines[k])):
                problems.append(f"{r}:{n + 1}: {line.split('(')[0]}: no comment says what it does")

    # No fixed caps in the public structs (issue 19, D242, D243, D264).
    for path in files:
        r = rel(path)
        if not r.startswith("include" + os.sep):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            for n, line in enumerate(f, 1):
                for m in ARRAY_MEMBER_RE.finditer(line.split("/*")[0]):
                    name, size = m.group(1), m.group(2).strip()
                    if not (size.startswith("WR_N_") or FIXED_ARRAYS.get(name) == size):
                        problems.append(f"{r}:{n}: {name}[{size}]: a fixed array in a public "
                                        "struct (a pointer and a count, the report's: D243)")

    for p in problems:
        print("FAIL layers: " + p)
    if problems:
        return 1
    print(f"ok layers: {len(files)} files, {n_includes} includes, {len(LAYERS)} layers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
