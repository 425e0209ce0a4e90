#!/usr/bin/env python3
"""Writes bench/RESULTS.md from the measurements run_bench.sh collected
(hyperfine JSON files in WORK, peak RSS figures and row counts as
arguments) and judges each target of issues 5 and 17."""
import json
import os
import platform
import statistics
import subprocess
import sys
import time

(work, rows100, rows10, ir, flags_n, ledger_n, rss_j1, rss_j2, rss_floor, rss_peer, rss_p1,
 scale) = sys.argv[1:13]
main_dir = os.environ.get("BENCH_MAIN_DIR", "bench/data/w100k")
set_name = os.path.basename(os.path.normpath(main_dir)).lstrip("w")
rows100, rows10, ir = int(rows100), int(rows10), int(ir or 0)
rss = {k: int(v) for k, v in dict(j1=rss_j1, j2=rss_j2, floor=rss_floor, peer=rss_peer,
                                    p1=rss_p1).items()}


def load(name):
    with open(os.path.join(work, name)) as f:
        return {r["command"]: r for r in json.load(f)["results"]}


t = load("t100.json")
t.update(load("tpeer.json"))
j1, j2 = t["wagerecon --jobs 1"], t["wagerecon --jobs 2"]
nostmt = t.get("wagerecon --jobs 2, no statement")
floor, peer, p1 = t["parse floor"], t["DuckDB peer"], t["wagerecon 1 period"]


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def git(*a):
    try:
        return subprocess.run(["git", *a], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def fig(r):
    cpu = r["user"] + r["system"]
    return f"{r['median']:.2f} | {r['min']:.2f} | {r['max']:.2f} | {cpu:.2f} | {len(r['times'])}"


def mb(kb):
    return f"{kb / 1024:.0f}"


out = []
w = out.append
w("# wagerecon bench results\n")
w("Written by `make bench` (bench/run_bench.sh); numbers from one run, so the")
w("ratios share the machine's load. The machine is shared: other sessions")
w("build and test on its 2 cores while the bench runs (the load averages")
w("below say how much). Read absolute times as noisy, ratios and")
w("instruction counts as the figures.\n")
mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
def read_work(name):
    try:
        with open(os.path.join(work, name)) as f:
            return f.read().strip()
    except OSError:
        return None


# Kept by run_bench.sh, so that running results.py again on the saved
# figures tells the bench run's load, time and commit, not its own.
load_timing = read_work("load_timing")
started = read_work("started")
finished = int(read_work("finished") or time.time())
load_end = read_work("load_end") or "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
commit = read_work("commit") or git("rev-parse", "--short", "HEAD")
w(f"- machine: {os.cpu_count()} cores, {cpu_model()}, {mem_gb:.0f} GiB; load average (1, 5, 15 min) "
  + (f"when the timings started {load_timing}, " if load_timing else "")
  + f"at the end {load_end}")
if started:
    took = finished - int(started)
    w(f"- the bench took {took // 60:.0f} min {took % 60:.0f} s (data generation included when it ran)")
w(f"- when: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(finished))}, commit {commit}")
w(f"- data: bench/gen --seed 1, {set_name} workers, periods 2026-08..2026-10: "
  f"{rows100:,} data rows in its input files (statement included)")
w(f"- differential test: wagerecon and the DuckDB peer gave equal flags.csv "
  f"({int(flags_n):,} flags) and ledger.csv ({int(ledger_n):,} rows), compared as sorted CSV\n")

w(f"## {set_name} workers, 3 months\n")
w("| program | median s | min s | max s | CPU s (user+sys, mean) | runs | peak RSS MB |")
w("|---|---|---|---|---|---|---|")
w(f"| wagerecon --jobs 1 | {fig(j1)} | {mb(rss['j1'])} |")
w(f"| wagerecon --jobs 2 | {fig(j2)} | {mb(rss['j2'])} |")
w(f"| parse floor (libcsv only, 1 thread) | {fig(floor)} | {mb(rss['floor'])} |")
w(f"| DuckDB peer (Node, @duckdb/node-api) | {fig(peer)} | {mb(rss['peer'])} |")
w(f"| wagerecon --jobs 1, 1 period (2026-10) | {fig(p1)} | {mb(rss['p1'])} |")
if nostmt:
    w(f"| wagerecon --jobs 2, without --account-txns | {fig(nostmt)} | |")
w("")

# The peer before it was rewritten as an analyst writes SQL (9c281ed,
# issue 17 item 1): RESULTS.md of the bench run at fdf2578, 2026-11-30
# (the generator of then, RULES v1, no statement; load average 3.92).
PEER_BEFORE = dict(commit="fdf2578", median=99.50, min=96.12, max=101.88, cpu=61.96, rss_mb=3376,
                   rows=9_958_137)
peer_cpu = peer["user"] + peer["system"]
pb = PEER_BEFORE
w("## The DuckDB peer before and after its rewrite (issue 17 item 1)\n")
w(f"Before: the peer of {pb['commit']} (RESULTS.md of 2026-11-30: that day's generator, RULES v1, "
  "no statement). After: the peer rewritten as an analyst writes DuckDB SQL (9c281ed: typed "
  "read_csv, range joins, a minimum-wage calendar; RULES v2 since db88f38), timed above. "
  "The data sets differ (the generator plants RULES v2's kinds since fa5ae7c), so the "
  "figures per million rows are the comparison; the loads of the two runs differ too.\n")
w("| peer | data rows | median s | min s | max s | CPU s | peak RSS MB | wall s per million rows | CPU s per million rows |")
w("|---|---|---|---|---|---|---|---|---|")
w(f"| before ({pb['commit']}) | {pb['rows']:,} | {pb['median']:.2f} | {pb['min']:.2f} | {pb['max']:.2f} | "
  f"{pb['cpu']:.2f} | {pb['rss_mb']} | {pb['median'] / (pb['rows'] / 1e6):.2f} | {pb['cpu'] / (pb['rows'] / 1e6):.2f} |")
w(f"| after (this run) | {rows100:,} | {peer['median']:.2f} | {peer['min']:.2f} | {peer['max']:.2f} | "
  f"{peer_cpu:.2f} | {mb(rss['peer'])} | {peer['median'] / (rows100 / 1e6):.2f} | {peer_cpu / (rows100 / 1e6):.2f} |")
peer_speedup = (pb['median'] / pb['rows']) / (peer['median'] / rows100)
peer_speedup_cpu = (pb['cpu'] / pb['rows']) / (peer_cpu / rows100)
w(f"\nPer row, the rewritten peer is {peer_speedup:.2f}x as fast as before (wall), "
  f"{peer_speedup_cpu:.2f}x (CPU).\n")

r_peer1 = peer["median"] / j1["median"]
r_peer2 = peer["median"] / j2["median"]
r_floor1 = j1["median"] / floor["median"]
r_floor2 = j2["median"] / floor["median"]
r_rss1 = rss["peer"] / rss["j1"]
r_rss2 = rss["peer"] / rss["j2"]

scale_rows = []
warm = {}  # size -> the second run of each round (D454), where the bench measured it
two = {}  # size -> the third run of each round, at --jobs 2 (D462), where the bench measured it
for item in scale.split():
    k, rows, kb = item.split(":")
    s = load(f"s{k}.json")[f"wagerecon {k}k"]
    scale_rows.append((int(k), int(rows), int(kb), s))
    if os.path.exists(os.path.join(work, f"w{k}.json")):
        warm[int(k)] = load(f"w{k}.json")[f"wagerecon {k}k"]
    if os.path.exists(os.path.join(work, f"p{k}.json")):
        two[int(k)] = load(f"p{k}.json")[f"wagerecon {k}k"]
latency = {}  # size -> ns a hop of bench/mem_latency at that size's peak RSS, each round
try:
    with open(os.path.join(work, "latency")) as f:
        for line in f:
            k, mib, _, ns = line.split()[:4]
            latency.setdefault(int(k), (int(mib), []))[1].append(float(ns))
except OSError:
    pass
per_m = {k: s["median"] / (rows / 1e6) for k, rows, kb, s in scale_rows}
cpu_per_m = {k: (s["user"] + s["system"]) / (rows / 1e6) for k, rows, kb, s in scale_rows}


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def round_ratios(a, b, rows_a, rows_b):
    """Each round's own CPU a row of one size against another's, sorted
    (D336: the sizes of one round share its load), or None."""
    if not a or not b or len(a) != len(b):
        return None
    return sorted((x / rows_a) / (y / rows_b) for x, y in zip(a, b))

w("## Ratios\n")
w("| ratio | value |")
w("|---|---|")
w(f"| peer / wagerecon --jobs 1 | {r_peer1:.1f}x |")
w(f"| peer / wagerecon --jobs 2 | {r_peer2:.1f}x |")
w(f"| wagerecon --jobs 1 / parse floor (fair pair: both one thread) | {r_floor1:.2f} |")
w(f"| wagerecon --jobs 2 / parse floor (two threads against one) | {r_floor2:.2f} |")
cpu = lambda r: r["user"] + r["system"]
w(f"| same, CPU time: peer / wagerecon --jobs 1 | {cpu(peer) / cpu(j1):.1f}x |")
w(f"| same, CPU time: wagerecon --jobs 1 / parse floor | {cpu(j1) / cpu(floor):.2f} |")
w(f"| RSS peer / RSS wagerecon --jobs 1 | {r_rss1:.1f} |")
w(f"| RSS peer / RSS wagerecon --jobs 2 | {r_rss2:.1f} |")
w(f"| 1 period / 3 periods, time | {p1['median'] / j1['median']:.2f} |")
w(f"| 1 period / 3 periods, peak RSS | {rss['p1'] / rss['j1']:.2f} |")
w("")

w(f"## Scaling (wagerecon --jobs 1, {len(scale_rows[0][3]['times']) if scale_rows else 0} rounds, "
  f"each round every size {'twice in a row' if warm else 'once'})\n")
if warm:
    w("The first run of a size follows the size before (as it comes); the second follows the "
      "first, on the pages it gave back (warm, D454). Times and CPU are the first run's, the "
      "warm column the second's.\n")
if two:
    w("A third run of each size, at --jobs 2, follows the second (D462): its columns are the "
      "last two.\n")


def cpu_split(h, rows):
    """CPU s per million rows of a merged export, with its user and system parts."""
    if not h:
        return "| "
    return (f"{(h['user'] + h['system']) / (rows / 1e6):.3f} ({h['user'] / (rows / 1e6):.3f}, "
            f"{h['system'] / (rows / 1e6):.3f}) | ")


w("| workers | data rows | median s | min s | max s | wall s per million rows | CPU s per million rows | "
  + ("warm: CPU s per million rows (user, sys) | " if warm else "")
  + ("--jobs 2: median s | --jobs 2: CPU s per million rows (user, sys) | " if two else "")
  + "peak RSS MB |")
w("|---|---|---|---|---|---|---|" + ("---|" if warm else "") + ("---|---|" if two else "") + "---|")
for k, rows, kb, s in scale_rows:
    hot = cpu_split(warm.get(k), rows) if warm else ""
    par = ""
    if two:
        r2 = two.get(k)
        par = (f"{r2['median']:.2f} | " if r2 else "| ") + cpu_split(r2, rows)
    w(f"| {k},000 | {rows:,} | {s['median']:.2f} | {s['min']:.2f} | {s['max']:.2f} | "
      f"{per_m[k]:.3f} | {cpu_per_m[k]:.3f} | {hot}{par}{mb(kb)} |")
w("")
lin = lin_cpu = lin_cpu_mean = lin_cold = lin_two = None
if 100 in per_m and max(per_m) > 100:
    top = max(per_m)
    lin = per_m[top] / per_m[100]
    lin_cpu = lin_cpu_mean = cpu_per_m[top] / cpu_per_m[100]
    rows_of = {k: rows for k, rows, kb, s in scale_rows}
    s_of = {k: s for k, rows, kb, s in scale_rows}
    w(f"Per million rows at {top}k / at 100k: wall {lin:.2f}, CPU (user+sys) {lin_cpu_mean:.2f} "
      "from the rounds' mean CPU. Each round runs every size, so a change in the machine's "
      "load falls on all sizes alike; CPU time is the steadier figure.")
    # D336: the target is judged on the median of each round's own
    # ratio (the sizes of one round share its load); one slow round of
    # one size moves the ratio of means. D454: on the warm runs, where
    # the bench has them.
    ratios = round_ratios(s_of[top].get("cpus"), s_of[100].get("cpus"), rows_of[top], rows_of[100])
    if ratios:
        lin_cpu = lin_cold = median(ratios)
        w(f"Each round's own CPU ratio, as it comes: {', '.join(f'{r:.2f}' for r in ratios)} "
          f"(sorted); their median {lin_cpu:.2f}.")

    def judged(runs, what, why):
        """The median of the rounds' own top/100k ratios of one run of each
        size (runs: size -> merged export), printed with what and why."""
        if top not in runs or 100 not in runs:
            return None
        r = round_ratios(runs[top].get("cpus"), runs[100].get("cpus"), rows_of[top], rows_of[100])
        if not r:
            return None
        w(f"{what}: {', '.join(f'{x:.2f}' for x in r)} (sorted); their median, {median(r):.2f}, "
          f"{why}")
        return median(r)

    warm_lin = judged(warm, "Warm (each size's second run)",
                      "is the figure the target is judged on (DECISIONS D336, D454).")
    if warm_lin is not None:
        lin_cpu = warm_lin
    elif ratios:
        w("That median is the figure the target is judged on (DECISIONS D336).")
    lin_two = judged(two, "At --jobs 2", "is issue 17's figure (two threads, as its targets say; "
                     "D462). The figures above, at --jobs 1, are issue 5's.")
    if latency:
        sizes = sorted(latency)
        lat = {k: (mib, median(ns)) for k, (mib, ns) in latency.items()}
        w("")
        w("What one cache miss costs this machine in as much memory as a size's run holds at its "
          "peak (bench/mem_latency: a pointer chase on huge pages, no wagerecon; median of "
          f"{len(latency[sizes[0]][1])} interleaved rounds): "
          + ", ".join(f"{lat[k][1]:.0f} ns at {lat[k][0]} MiB ({k}k)" for k in sizes)
          + (f"; {lat[sizes[-1]][1] / lat[sizes[0]][1]:.2f}x. A run whose lookups wait for their "
             "misses (--jobs 1 fetches none ahead, D326) pays that ratio on each of them; "
             "--jobs 2 fetches them ahead (D307)." if len(sizes) > 1 else ""))
    w("")

w("## Instructions per row (callgrind)\n")
w(f"`valgrind --tool=callgrind` of `wagerecon run --jobs 1` on bench/data/w10k "
  f"({rows10:,} data rows): {ir:,} instructions in all, "
  f"**{ir / rows10:.0f} instructions per input row** (whole run: reading, rules, outputs).\n")
try:
    with open(os.path.join(work, "callgrind.top")) as f:
        top = [l.rstrip() for l in f if l.strip()]
    if top:
        w("Top functions (self instructions):\n")
        w("```")
        out.extend(top)
        w("```\n")
except OSError:
    pass

# D468: the two CPUs' own speeds, from --jobs 1 pinned to each in every
# round. On this VM a CPU's speed for wagerecon's work moves with the
# host, each CPU on its own, so --jobs 1's time depends on the CPU it
# lands on. In a round, the two CPUs together could do --jobs 1's work in
# cap = a * b / (a + b) (each at its own speed, nothing serial); --jobs
# 2's share is cap / its time (1 for a perfect split: 2x on equal CPUs),
# and --jobs 1 / --jobs 2 can reach at most 1 + fast / slow when --jobs 1
# ran on the faster CPU.
two_cpus = None
pinned = sorted(k for k in t if k.startswith("wagerecon --jobs 1 on CPU "))
if len(pinned) == 2 and all(len(t[k]["times"]) == len(j2["times"]) for k in pinned):
    ta, tb = (t[k]["times"] for k in pinned)
    caps = [a * b / (a + b) for a, b in zip(ta, tb)]
    shares = [c / x for c, x in zip(caps, j2["times"])]
    slow = [max(a, b) / min(a, b) for a, b in zip(ta, tb)]
    ceil = [1 + min(a, b) / max(a, b) for a, b in zip(ta, tb)]
    # the rounds whose unpinned --jobs 1 took nearer the slower CPU's time
    on_slower = sum(abs(x - max(a, b)) < abs(x - min(a, b)) for x, a, b in zip(j1["times"], ta, tb))
    two_cpus = dict(share=statistics.median(shares), on_slower=on_slower, rounds=len(ta))
    na, nb = (k.rsplit(" ", 1)[1] for k in pinned)
    w("## The two CPUs (D468)\n")
    w("`--jobs 1` pinned to each CPU (`taskset -c`) in every round: what each CPU does alone. On this "
      "VM a CPU's speed for this work moves with the host, each CPU on its own, within minutes; "
      "`--jobs 1` unpinned runs on either.\n")
    w(f"| round | --jobs 1 on CPU {na}, s | on CPU {nb}, s | slower / faster | --jobs 1, s | --jobs 2, s | "
      "both CPUs at their speeds, s | --jobs 2's share | --jobs 1 / --jobs 2 at most (on the faster) |")
    w("|---|---|---|---|---|---|---|---|---|")
    for i, (a, b) in enumerate(zip(ta, tb)):
        w(f"| {i + 1} | {a:.2f} | {b:.2f} | {slow[i]:.2f} | {j1['times'][i]:.2f} | {j2['times'][i]:.2f} | "
          f"{caps[i]:.2f} | {shares[i] * 100:.0f}% | {ceil[i]:.2f} |")
    w(f"| median | {statistics.median(ta):.2f} | {statistics.median(tb):.2f} | {statistics.median(slow):.2f} | "
      f"{j1['median']:.2f} | {j2['median']:.2f} | {statistics.median(caps):.2f} | "
      f"{two_cpus['share'] * 100:.0f}% | {statistics.median(ceil):.2f} |")
    w("")
    w("\"Both CPUs at their speeds\" is a * b / (a + b): `--jobs 1`'s work split between the two CPUs with "
      "nothing serial. `--jobs 2`'s share is that over its time; on two equal CPUs a share s is a "
      "`--jobs 1` / `--jobs 2` of 2s, so issue 17's 1.7x is a share of 85%. When one CPU is slower, "
      "1.7x over a `--jobs 1` that ran on the faster one needs more than both CPUs can give once "
      "the slower takes more than 1.43x the faster's time.\n")

w("## Targets (issue 5)\n")
w("| target | figure | met |")
w("|---|---|---|")
yes = lambda b: "yes" if b else "**no**"
w(f"| wagerecon >= 15x faster than the peer | {r_peer1:.1f}x (--jobs 1), {r_peer2:.1f}x (--jobs 2) | {yes(max(r_peer1, r_peer2) >= 15)} |")
w(f"| within 2x of the parse floor | {r_floor1:.2f} (--jobs 1), {r_floor2:.2f} (--jobs 2) | {yes(r_floor1 <= 2)} (--jobs 1) |")
w(f"| peak RSS <= 1/6 of the peer's | 1/{r_rss1:.1f} | {yes(r_rss1 >= 6)} |")
w(f"| peak RSS < 400 MB | {mb(max(rss['j1'], rss['j2']))} MB | {yes(max(rss['j1'], rss['j2']) < 400 * 1024)} |")
if lin is not None:
    w(f"| time per million rows at 400k within 15% of 100k | CPU {lin_cpu:.2f} (wall {lin:.2f}) | {yes(abs(lin_cpu - 1) <= 0.15)} |")

w("")
w("## Targets (issue 17)\n")
w("Two threads each (DuckDB's default on this 2-core machine; wagerecon --jobs 2).\n")
w("| target | figure | met |")
w("|---|---|---|")
j12 = j1["median"] / j2["median"]
floor2 = floor["median"] / 2
w(f"| wagerecon >= 20x faster than the rewritten DuckDB peer (wall) | {r_peer2:.1f}x | {yes(r_peer2 >= 20)} |")
slower_note = (f"; --jobs 1 took about the slower CPU's time in {two_cpus['on_slower']} of "
               f"{two_cpus['rounds']} rounds (D468)" if two_cpus else "")
w(f"| --jobs 2 >= 1.7x faster than --jobs 1 (wall) | {j12:.2f}x (CPU {cpu(j2) / cpu(j1):.2f}x of --jobs 1's"
  f"{slower_note}) | {yes(j12 >= 1.7)} |")
if two_cpus:
    w(f"| --jobs 2's share of what the two CPUs can do (D468; reported: 1.7x on two equal CPUs is a share "
      f"of 85%) | {two_cpus['share'] * 100:.0f}% (median of the rounds'); on two equal CPUs that is "
      f"{2 * two_cpus['share']:.2f}x | (reported) |")
w(f"| within 1.3x of two threads of the parse floor (floor's wall / 2) | {j2['median'] / floor2:.2f} | {yes(j2['median'] / floor2 <= 1.3)} |")
w(f"| peak RSS <= 250 MB at 100k | {mb(rss['j1'])} MB (--jobs 1), {mb(rss['j2'])} MB (--jobs 2) | {yes(max(rss['j1'], rss['j2']) <= 250 * 1024)} |")
w(f"| --jobs 2 does not double peak RSS | {rss['j2'] / rss['j1']:.2f}x of --jobs 1 | {yes(rss['j2'] < 2 * rss['j1'])} |")
if scale_rows and len(scale_rows) > 1:
    k0, r0, kb0, _ = scale_rows[0]
    kt, rt, kbt, _ = scale_rows[-1]
    w(f"| peak RSS grows no faster than workers | {kt // k0}x workers: {kbt / kb0:.2f}x RSS | {yes(kbt / kb0 <= kt / k0)} |")
if lin_two is not None:
    w(f"| CPU per row at {max(per_m)}k within 10% of 100k | {lin_two:.2f} at --jobs 2 (median of the "
      f"rounds' own ratios, D462); at --jobs 1 {lin_cpu:.2f} warm | {yes(abs(lin_two - 1) <= 0.10)} |")
elif lin_cpu is not None:
    how = "warm runs, " if warm else ""
    cold = f"; as it comes {lin_cold:.2f}" if warm and lin_cold is not None else ""
    w(f"| CPU per row at {max(per_m)}k within 10% of 100k | {lin_cpu:.2f} ({how}median of the rounds' own "
      f"ratios{cold}; {lin_cpu_mean:.2f} from the means) | {yes(abs(lin_cpu - 1) <= 0.10)} |")
if nostmt:
    extra = j2["median"] / nostmt["median"] - 1
    extra_cpu = cpu(j2) / cpu(nostmt) - 1
    w(f"| the statement (--account-txns) costs <= 10% more (wall, --jobs 2) | {extra * 100:+.1f}% "
      f"(CPU {extra_cpu * 100:+.1f}%) | {yes(extra <= 0.10)} |")
w(f"| the peer's time before the rewrite beside after | {pb['median']:.2f} s on {pb['rows']:,} rows "
  f"before, {peer['median']:.2f} s on {rows100:,} rows after: {peer_speedup:.2f}x per row | (reported, no target) |")
w("| outputs byte-identical for --jobs 1, 2, 4 | tests/e2e/jobs_test.sh in make test; make check-tsan (ThreadSanitizer) in .ci/run | see the test logs |")
# D463: how far the 1.7x figure moves within one bench. The target stays
# judged on the medians' ratio above; each round's own ratio (its --jobs 1
# run, then its --jobs 2 run) is printed beside it.
pairs = sorted(a / b for a, b in zip(j1["times"], j2["times"]))
if pairs:
    w("")
    w(f"--jobs 1 / --jobs 2 in each round (one run of each, one after the other; D463): "
      f"{', '.join(f'{r:.2f}' for r in pairs)} (sorted); their median {statistics.median(pairs):.2f}. "
      f"The target above is judged on the ratio of the two medians.")
print("\n".join(out))
