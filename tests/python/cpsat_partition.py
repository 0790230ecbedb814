"""An exact solver independent of gridgov, on OR-Tools CP-SAT: can a connected
graph with unit weights be split into connected parts whose weights all lie
in [lo, hi]?

Model: every part is named by its root, its unit of lowest index. x[u, r]
says unit u is in the part rooted at r (allowed only when r <= u and some
path from r to u weighs at most hi); each unit is in exactly one part;
x[r, r] opens part r; a part's weight lies in [lo, hi] when open. Each part
is connected by a flow from its root: every other unit of the part takes
one unit of flow, which moves only along edges inside the part."""
from __future__ import annotations

import heapq

from ortools.sat.python import cp_model


def reach_sets(n: int, w: list[float], adj: list[list[int]], hi: float) -> list[dict[int, float]]:
    """For each root r: units u >= r reachable by a path (of units >= r)
    whose weight is at most hi, with the least such weight."""
    out = []
    for r in range(n):
        best = {r: w[r]}
        heap = [(w[r], r)]
        while heap:
            d, u = heapq.heappop(heap)
            if d > best.get(u, float("inf")):
                continue
            for v in adj[u]:
                if v < r:
                    continue
                nd = d + w[v]
                if nd <= hi + 1e-9 and nd < best.get(v, float("inf")):
                    best[v] = nd
                    heapq.heappush(heap, (nd, v))
        out.append(best)
    return out


def solve(n: int, w: list[float], edges: list[tuple[int, int]], lo: float, hi: float,
          seconds: float = 60.0, workers: int = 1) -> tuple[str, list[int] | None]:
    """Returns ("feasible", part of each unit) or ("infeasible", None) or
    ("unknown", None) when out of time."""
    adj: list[list[int]] = [[] for _ in range(n)]
    for a, b in edges:
        if a != b:
            adj[a].append(b)
            adj[b].append(a)
    reach = reach_sets(n, w, adj, hi)
    m = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for r in range(n):
        for u in reach[r]:
            x[u, r] = m.NewBoolVar(f"x{u}_{r}")
    by_unit: dict[int, list] = {u: [] for u in range(n)}
    for (u, r), v in x.items():
        by_unit[u].append(v)
        if u != r:
            m.AddImplication(v, x[r, r])
    for u in range(n):
        m.AddExactlyOne(by_unit[u])
    scale = 1
    if any(abs(v - round(v)) > 1e-9 for v in w + [lo, hi]):
        scale = 1000
    wi = [round(v * scale) for v in w]
    for r in range(n):
        members = [(u, x[u, r]) for u in reach[r]]
        total = sum(wi[u] * v for u, v in members)
        m.Add(total >= round(lo * scale)).OnlyEnforceIf(x[r, r])
        m.Add(total <= round(hi * scale)).OnlyEnforceIf(x[r, r])
        # connectivity: flow from r inside the part
        units = list(reach[r])
        size = len(units)
        if size <= 1:
            continue
        inflow: dict[int, list] = {u: [] for u in units}
        outflow: dict[int, list] = {u: [] for u in units}
        for u in units:
            for v in adj[u]:
                if v in reach[r] and v != r:
                    f = m.NewIntVar(0, size - 1, f"f{r}_{u}_{v}")
                    m.Add(f == 0).OnlyEnforceIf(x[u, r].Not())
                    m.Add(f == 0).OnlyEnforceIf(x[v, r].Not())
                    outflow[u].append(f)
                    inflow[v].append(f)
        for u in units:
            if u == r:
                continue
            m.Add(sum(inflow[u]) - sum(outflow[u]) == x[u, r])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 1
    st = solver.Solve(m)
    if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        part = [-1] * n
        for (u, r), v in x.items():
            if solver.Value(v):
                part[u] = r
        return "feasible", part
    if st == cp_model.INFEASIBLE:
        return "infeasible", None
    return "unknown", None


if __name__ == "__main__":
    import sys
    import time

    with open(sys.argv[1]) as f:
        n, lo, hi = f.readline().split()
        w = [float(v) for v in f.readline().split()]
        es = [tuple(int(v) for v in line.split()) for line in f if line.strip()]
    t = time.time()
    print(solve(int(n), w, es, float(lo), float(hi), seconds=float(sys.argv[2]) if len(sys.argv) > 2 else 60)[0],
          f"{time.time() - t:.2f}s")
