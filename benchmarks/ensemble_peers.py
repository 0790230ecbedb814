#!/usr/bin/env python3
"""gridgov's ReCom ensemble against GerryChain's ReCom, same city, same rules, same run (issue 13).

For a synthetic city (`gridgov synth`, fixed seed; 20,000 units by default)
both chains start from gridgov's plan (`gridgov partition`, 300-500
households, grids nested in communities) and keep the same hard rules:

  gridgov      `gridgov ensemble --chains 1 --threads 1 --steps N` (whole process:
               read the CSVs, validate the plan, run the chain, stream the scores to CSV)
  gerrychain   `MarkovChain(recom(pop_col="households", pop_target=400, epsilon=0.25))`
               (so both halves of a split hold 300-500 households), with a constraint that
               every changed district stays inside one community and within 300-500
               households, `always_accept`, seeded (`random.seed`); the cut-edge and
               household tallies as updaters. Timed around the chain's iteration only
               (graph building excluded: the least favourable ratio for gridgov).

Both report steps (accepted states) per second on one core. Further rows:
thread scaling of independent chains (`--chains T --threads T` against
`--threads 1`), peak memory against the number of steps (scores streamed to
CSV), byte equality of the outputs across thread counts, and gridgov on a
2,400-unit city (the size frcw.rs reports about 18,000 steps/s on, 4 threads).

Usage:
    python3 benchmarks/ensemble_peers.py --gridgov build/dev/gridgov \
        [--units 20000] [--steps 200000] [--gc-steps 300] [--work /tmp/gridgov-ens-bench]

Peers: pip gerrychain networkx (scripts/install-deps.sh).
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import subprocess
import sys
import time


def run(cmd, **kw):
    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, p


def peak_rss_mb(cmd):
    """Peak RSS of one child (GNU time's %M), in MB."""
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(p.stderr)
    return int(p.stderr.strip().splitlines()[-1]) / 1024


def gerrychain_rate(units_csv, edges_csv, plan_csv, steps, seed):
    import networkx as nx
    import pandas as pd
    from functools import partial
    from gerrychain import Graph, MarkovChain, Partition
    from gerrychain.accept import always_accept
    from gerrychain.proposals import recom
    from gerrychain.updaters import Tally, cut_edges

    u = pd.read_csv(units_csv, dtype={"id": str, "community": str})
    e = pd.read_csv(edges_csv, dtype={"u": str, "v": str})
    p = pd.read_csv(plan_csv, dtype={"id": str, "grid": str})
    nxg = nx.Graph()
    for rid, hh, comm in zip(u["id"], u["households"], u["community"]):
        nxg.add_node(rid, households=int(hh), community=comm)
    nxg.add_edges_from(zip(e["u"], e["v"]))
    graph = Graph.from_networkx(nxg)
    assignment = dict(zip(p["id"], p["grid"]))

    def nested_and_bounded(part):
        # The districts this step changed: one community each, 300-500 households.
        if part.parent is None:
            return True
        g = part.graph
        for d in set(part.flips.values()):
            comms = set()
            total = 0
            for n in part.parts[d]:
                data = g.node_data(n)
                comms.add(data["community"])
                total += data["households"]
            if len(comms) != 1 or not 300 <= total <= 500:
                return False
        return True

    random.seed(seed)
    init = Partition(graph, assignment, updaters={"households": Tally("households", alias="households"),
                                                  "cut_edges": cut_edges})
    proposal = partial(recom, pop_col="households", pop_target=400, epsilon=0.25, node_repeats=0)
    chain = MarkovChain(proposal_fn=proposal, constraints=[nested_and_bounded], acceptance_fn=always_accept,
                        initial_partition=init, total_steps=steps)
    t0 = time.perf_counter()
    c0 = time.process_time()
    n = 0
    cuts = []
    for part in chain:
        cuts.append(len(part["cut_edges"]))
        n += 1
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return n, wall, cpu, cuts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gridgov", required=True)
    ap.add_argument("--units", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--steps", type=int, default=200000)
    ap.add_argument("--gc-steps", type=int, default=300)
    ap.add_argument("--work", default="/tmp/gridgov-ens-bench")
    ap.add_argument("--skip-gerrychain", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    B = a.gridgov
    w = lambda f: os.path.join(a.work, f)  # noqa: E731

    def city(n, tag):
        U, E, P = w(f"u{tag}.csv"), w(f"e{tag}.csv"), w(f"p{tag}.csv")
        run([B, "synth", "--units", str(n), "--seed", str(a.seed), "--out-units", U, "--out-edges", E])
        run([B, "partition", "--units", U, "--edges", E, "--out", P, "--seed", str(a.seed)])
        return U, E, P

    U, E, P = city(a.units, "")
    base = [B, "ensemble", "--units", U, "--edges", E, "--plan", P, "--seed", str(a.seed), "--quiet"]
    rows = []
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")

    # gridgov, one chain, one core.
    run(base + ["--steps", "10", "--chains", "1"])  # warm the page cache
    wall, cpu, _ = run(["taskset", "-c", "0"] + base + ["--steps", str(a.steps), "--chains", "1", "--threads", "1",
                                                       "--out", w("g.csv")])
    g_rate = a.steps / wall
    rows.append(("gridgov ReCom, 1 chain, 1 core (whole process)", a.units, a.steps, wall, g_rate, cpu))
    print(f"gridgov: {a.steps} steps in {wall:.2f} s wall ({cpu:.2f} s CPU): {g_rate:,.0f} steps/s")

    gc_rate = None
    if not a.skip_gerrychain:
        n, gwall, gcpu, _ = gerrychain_rate(U, E, P, a.gc_steps, a.seed)
        gc_rate = n / gwall
        rows.append(("GerryChain 1.0 ReCom, same rules (chain loop only)", a.units, n, gwall, gc_rate, gcpu))
        print(f"gerrychain: {n} steps in {gwall:.2f} s wall ({gcpu:.2f} s CPU): {gc_rate:,.1f} steps/s; "
              f"gridgov/gerrychain = {g_rate / gc_rate:,.0f}x")

    # 2,400 units (frcw.rs's reported size).
    U2, E2, P2 = city(2400, "2400")
    base2 = [B, "ensemble", "--units", U2, "--edges", E2, "--plan", P2, "--seed", str(a.seed), "--quiet"]
    wall2, cpu2, _ = run(["taskset", "-c", "0"] + base2 + ["--steps", str(a.steps), "--chains", "1", "--out", w("g2.csv")])
    rows.append(("gridgov ReCom, 2,400-unit city, 1 core", 2400, a.steps, wall2, a.steps / wall2, cpu2))
    print(f"gridgov 2,400 units: {a.steps / wall2:,.0f} steps/s on one core (frcw.rs reports ~18,000 on 4 threads)")

    # Thread scaling: T chains on T threads against T chains on 1 thread.
    cores = os.cpu_count() or 1
    scale = []
    per = a.steps // 2
    for T in sorted({2, cores}):
        w1, c1, _ = run(base + ["--steps", str(per), "--chains", str(T), "--threads", "1", "--out", w(f"t1_{T}.csv")])
        wT, cT, _ = run(base + ["--steps", str(per), "--chains", str(T), "--threads", str(T), "--out", w(f"tT_{T}.csv")])
        same = open(w(f"t1_{T}.csv"), "rb").read() == open(w(f"tT_{T}.csv"), "rb").read()
        scale.append((T, w1, wT, w1 / wT, c1, cT, same, os.getloadavg()[0]))
        print(f"{T} chains: 1 thread {w1:.2f} s ({c1:.2f} s CPU), {T} threads {wT:.2f} s ({cT:.2f} s CPU): "
              f"speed-up {w1 / wT:.2f}; same bytes: {same}; load average {os.getloadavg()[0]:.1f}")

    # Memory against steps (scores streamed to CSV, plans file too).
    mem = []
    for s in (a.steps // 20, a.steps // 2, a.steps * 2, a.steps * 10):
        m = peak_rss_mb(base + ["--steps", str(s), "--chains", "1", "--out", w("m.csv"), "--plans-out", w("m.bin")])
        mem.append((s, m))
        print(f"{s} steps: peak RSS {m:.1f} MB")

    print("\n| chain | units | steps | wall | CPU | steps/s (wall) | steps/s (CPU) |\n"
          "| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, n, s, t, r, c in rows:
        print(f"| {name} | {n:,} | {s:,} | {t:.2f} s | {c:.2f} s | {r:,.0f} | {s / c:,.0f} |")
    if gc_rate:
        print(f"\ngridgov / GerryChain steps per second: {g_rate / gc_rate:,.0f}x (wall), "
              f"{(a.steps / cpu) / (rows[1][2] / rows[1][5]):,.0f}x (CPU)")
    print("\n| chains | 1 thread (CPU) | T threads (CPU) | speed-up | same bytes | load average |\n"
          "| ---: | ---: | ---: | ---: | --- | ---: |")
    for T, w1, wT, sp, c1, cT, same, load in scale:
        print(f"| {T} | {w1:.2f} s ({c1:.2f} s) | {wT:.2f} s ({cT:.2f} s) | {sp:.2f} | {same} | {load:.1f} |")
    print("\n| steps | peak RSS |\n| ---: | ---: |")
    for s, m in mem:
        print(f"| {s:,} | {m:.1f} MB |")


if __name__ == "__main__":
    main()
