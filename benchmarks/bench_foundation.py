#!/usr/bin/env python3
"""Foundation benchmarks (issue: hierarchy, unit graph, validation).

1. The whole country's divisions (~665,000 rows, `make_country.py`):
   `gridgov hierarchy FILE --json` as a whole process (read, check every
   rule, build the hierarchy, print) against Python's `csv` module merely
   reading the same file.
2. A 1,000,000-unit, ~4,000,000-edge graph (a 1000 x 1000 lattice with
   queen contiguity, 400 communities) and a plan of 10,000 grids:
   `gridgov validate --json` as a whole process, wall time and peak memory.

Every figure is the best of --repeat runs, all in the same run, so ratios
compare like with like. Usage:
    python3 benchmarks/bench_foundation.py --gridgov build/ci/gridgov [--repeat 3] [--small]
"""
import argparse
import csv
import os
import platform
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_process(cmd):
    """Wall time (s) and peak resident memory (MB) of one child process."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    err = p.stderr.read().decode()
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed: {err[:500]}")
    return wall, usage.ru_maxrss / 1024.0


def python_csv_read(path):
    t = time.perf_counter()
    with open(path, newline="", encoding="utf-8") as f:
        n = sum(1 for _ in csv.reader(f))
    return time.perf_counter() - t, n


def write_lattice(d, side, comm_side):
    """side x side lattice, queen edges, communities of comm_side x comm_side, grids of 10 x 10."""
    import numpy as np

    n = side * side
    i = np.arange(n) % side
    j = np.arange(n) // side
    rng = np.random.default_rng(1)
    hh = rng.integers(1, 9, n)
    comm = (j // comm_side) * (side // comm_side) + (i // comm_side)
    units = os.path.join(d, "units.csv")
    with open(units, "w") as f:
        f.write("id,x,y,households,population,community\n")
        codes = np.array([f"620102{1 + c // 999:03d}{1 + c % 999:03d}" for c in range(comm.max() + 1)])
        lines = np.char.add(np.char.add(np.arange(n).astype(str), ","), i.astype(str))
        for col in (j.astype(str), hh.astype(str), (hh * 2).astype(str), codes[comm]):
            lines = np.char.add(np.char.add(lines, ","), col)
        f.write("\n".join(lines.tolist()) + "\n")
    idx = np.arange(n).reshape(side, side)
    pairs = [
        (idx[:, :-1], idx[:, 1:]), (idx[:-1, :], idx[1:, :]),
        (idx[:-1, :-1], idx[1:, 1:]), (idx[:-1, 1:], idx[1:, :-1]),
    ]
    u = np.concatenate([a.ravel() for a, _ in pairs])
    v = np.concatenate([b.ravel() for _, b in pairs])
    edges = os.path.join(d, "edges.csv")
    with open(edges, "w") as f:
        f.write("u,v\n")
        f.write("\n".join(np.char.add(np.char.add(u.astype(str), ","), v.astype(str)).tolist()) + "\n")
    grid = (j // 10) * (side // 10) + (i // 10)
    plan = os.path.join(d, "plan.csv")
    with open(plan, "w") as f:
        f.write("id,grid\n")
        f.write("\n".join(np.char.add(np.char.add(np.arange(n).astype(str), ",g"), grid.astype(str)).tolist()) + "\n")
    return units, edges, plan, n, len(u)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gridgov", default="gridgov")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--small", action="store_true", help="a tenth of the sizes (for a quick check)")
    a = ap.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as d:
        country = os.path.join(d, "country.csv")
        subprocess.run([sys.executable, os.path.join(HERE, "make_country.py"), country], check=True,
                       stdout=subprocess.DEVNULL)
        if a.small:
            with open(country, encoding="utf-8") as f:
                lines = f.readlines()[:66000]
            with open(country, "w", encoding="utf-8") as f:
                f.writelines(lines)
        g = min(run_process([a.gridgov, "hierarchy", country, "--json"])[0] for _ in range(a.repeat))
        py, rows = min(python_csv_read(country) for _ in range(a.repeat))
        print("\n| divisions | rows | gridgov hierarchy (whole process) | Python csv.reader (read only) | ratio |")
        print("| --- | ---: | ---: | ---: | ---: |")
        print(f"| synthetic country | {rows - 1:,} | {g:.3f} s | {py:.3f} s | {py / g:.1f}x |")

        side = 316 if a.small else 1000
        # Written by a child process so that this one stays small: a child's
        # peak memory is counted from the fork, which copies the parent's.
        out = subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {HERE!r}); import bench_foundation as b; "
                              f"print(*b.write_lattice({d!r}, {side}, {50 if not a.small else 15})[3:])"],
                             check=True, capture_output=True, text=True).stdout.split()
        units, edges, plan = (os.path.join(d, f) for f in ("units.csv", "edges.csv", "plan.csv"))
        n, m = int(out[0]), int(out[1])
        best = min(run_process([a.gridgov, "validate", "--units", units, "--edges", edges, "--plan", plan,
                                "--min", "0", "--max", "1000000", "--json"]) for _ in range(a.repeat))
        print("\n| graph | units | edges | gridgov validate (whole process) | peak memory |")
        print("| --- | ---: | ---: | ---: | ---: |")
        print(f"| queen lattice | {n:,} | {m:,} | {best[0]:.2f} s | {best[1]:.0f} MB |")


if __name__ == "__main__":
    main()
