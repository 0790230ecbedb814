"""partition, redesign, improve and synth_city from Python."""
import threading
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gridgov


def lattice(w, h, households, communities=1):
    n = w * h
    ids = [str(i) for i in range(n)]
    x = (np.arange(n) % w).astype(float)
    y = (np.arange(n) // w).astype(float)
    comm = [f"620102001{1 + min(communities - 1, (i % w) * communities // w):03d}" for i in range(n)]
    edges = np.array([(i, i + 1) for i in range(n) if i % w + 1 < w] + [(i, i + w) for i in range(n - w)], dtype=np.int64)
    hh = np.asarray(households, float)
    return gridgov.UnitGraph.from_arrays(ids, x, y, comm, {"households": hh, "population": 2.4 * hh}, edges)


def connected(graph_edges, members):
    members = set(members)
    start = next(iter(members))
    seen, stack = {start}, [start]
    adj = {}
    for u, v in graph_edges:
        adj.setdefault(u, []).append(v)
        adj.setdefault(v, []).append(u)
    while stack:
        u = stack.pop()
        for v in adj.get(u, []):
            if v in members and v not in seen:
                seen.add(v)
                stack.append(v)
    return seen == members


def check(graph, edges, comm, r, lo, hi):
    grid = np.asarray(r.grid)
    assert grid.dtype == np.int32
    assert grid.shape == (len(comm),)
    assert grid.min() >= 0 and grid.max() < len(r.grid_codes)
    hh = np.zeros(len(r.grid_codes))
    for q in range(len(r.grid_codes)):
        members = np.flatnonzero(grid == q)
        assert len(members) > 0
        assert len({comm[i] for i in members}) == 1
        assert connected(edges, members.tolist())
    return hh


@settings(max_examples=40, deadline=None)
@given(
    w=st.integers(2, 14),
    h=st.integers(2, 14),
    seed=st.integers(0, 2**32),
    lo=st.integers(20, 200),
    width=st.integers(10, 200),
    communities=st.integers(1, 3),
)
def test_partition_properties(w, h, seed, lo, width, communities):
    rng = np.random.default_rng(seed)
    hh = rng.integers(1, 40, size=w * h)
    g = lattice(w, h, hh, communities)
    n = w * h
    edges = [(i, i + 1) for i in range(n) if i % w + 1 < w] + [(i, i + w) for i in range(n - w)]
    comm = [f"c{min(communities - 1, (i % w) * communities // w)}" for i in range(n)]
    r = gridgov.partition(g, bounds=("households", lo, lo + width), seed=seed)
    check(g, edges, comm, r, lo, lo + width)
    totals = np.bincount(np.asarray(r.grid), weights=hh, minlength=len(r.grid_codes))
    for q, t in enumerate(totals):
        if not (lo <= t <= lo + width):
            assert r.grids["flagged"][q], "out-of-bounds grid without a reason"
    for inf in r.infeasible:
        assert inf.kind in {"unit_above_max", "community_below_min", "disconnected_piece_below_min",
                               "no_feasible_count", "unit_fits_no_grid", "cut_vertex_obstruction",
                               "no_plan_exists", "search_failed"}
        assert inf.reason
        assert inf.status == ("undecided" if inf.kind == "search_failed" else "proven_infeasible")
    again = gridgov.partition(g, bounds=("households", lo, lo + width), seed=seed)
    assert np.array_equal(np.asarray(again.grid), np.asarray(r.grid))


def test_complete_search_verdict_depends_on_its_budget_not_on_the_clock():
    """A piece (found by the property test above) that the heuristic fails on
    and the complete search plans after about 1.65 million nodes: with half a
    second's budget (1 million nodes) it stays undecided, with a second's (2
    million) it is planned, run after run, however busy the machine (the
    budget was wall-clock time once, and the plan changed from run to run)."""
    w, h, seed, lo = 9, 11, 50699373, 180
    rng = np.random.default_rng(seed)
    g = lattice(w, h, rng.integers(1, 40, size=w * h), 1)
    for proof_seconds, planned in ((0.5, False), (1.0, True)):
        runs = [gridgov.partition(g, bounds=("households", lo, lo + 11), seed=seed, proof_seconds=proof_seconds)
                for _ in range(3)]
        for r in runs:
            assert np.array_equal(np.asarray(r.grid), np.asarray(runs[0].grid))
            assert r.valid == planned and r.stats.pieces_by_search == (1 if planned else 0)
            assert [i.kind for i in r.infeasible] == ([] if planned else ["search_failed"])


def test_synth_city_and_full_cycle():
    g = gridgov.synth_city(5000, seed=2)
    assert g.size() == 5000 if callable(getattr(g, "size", None)) else True
    r = gridgov.partition(g)
    assert r.valid
    assert all(len(c) == 15 for c in r.grid_codes)
    im = gridgov.improve(g, r.plan)
    assert im.cut_edges_after <= im.cut_edges_before
    assert im.grid_codes == r.grid_codes
    rd = gridgov.redesign(g, r.plan)
    assert rd.moved_units == 0 and rd.valid
    assert set(rd.kept_grids) == set(r.grid_codes)
    assert rd.moves["unit"].dtype == np.int32


def test_errors_and_cancel():
    g = gridgov.synth_city(2000, seed=1)
    with pytest.raises(gridgov.InputError, match="no_such_column.*the columns are households, population"):
        gridgov.partition(g, bounds=("no_such_column", 1, 2))
    with pytest.raises(ValueError):
        gridgov.partition(g, bounds=("households", 500, 300))
    big = gridgov.synth_city(80000, seed=1)
    with pytest.raises(KeyboardInterrupt):
        gridgov.partition(big, progress=lambda fraction, stage: False)


def test_gil_released():
    g = gridgov.synth_city(100000, seed=1)
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        for _ in range(3):
            gridgov.partition(g)
    finally:
        stop.set()
        t.join()
    assert len(ticks) > 10
