"""gridgov.ensemble: ReCom chains of valid plans from Python."""
import os
import shutil
import subprocess

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gridgov


@pytest.fixture(scope="module")
def city():
    g = gridgov.synth_city(units=1500, seed=4)
    plan = gridgov.partition(g, seed=1).plan
    return g, plan


def test_every_kept_plan_is_valid_and_scores_match(city):
    g, plan = city
    e = gridgov.ensemble(g, plan, steps=120, chains=2, keep_plans=120, seed=3)
    assert len(e.plans) == 240
    assert e.scores is not None and len(e.scores) == 240
    for i in range(0, 240, 17):
        p = e.plans[i]
        rep = gridgov.validate(g, p)
        assert rep.valid
        grid = np.asarray(p.grid)
        edges = g.edges()
        assert e.scores["cut_edges"][i] == int(np.sum(grid[edges[:, 0]] != grid[edges[:, 1]]))
    assert 0 < e.acceptance_rate <= 1
    assert e.distinct_plans > 50


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10**6), threads=st.integers(1, 3))
def test_same_seed_same_ensemble_any_thread_count(city, seed, threads):
    g, plan = city
    a = gridgov.ensemble(g, plan, steps=60, chains=3, threads=1, seed=seed)
    b = gridgov.ensemble(g, plan, steps=60, chains=3, threads=threads, seed=seed)
    for col in a.scores.columns:
        assert np.array_equal(np.asarray(a.scores[col]), np.asarray(b.scores[col])), col
    assert list(a.overall["percentile"]) == list(b.overall["percentile"])


def test_typicality_matches_the_recorded_scores(city):
    g, plan = city
    e = gridgov.ensemble(g, plan, steps=300, chains=2, seed=5, workload={})
    assert list(e.overall["score"]) == ["cut_edges", "mean_cut_edge_ratio", "households_spread", "workload_spread",
                                        "workload_gini"]
    for s in e.overall["score"]:
        x = np.asarray(e.scores[s])
        v = e.plan_scores[s]
        expect = (np.sum(x < v) + 0.5 * np.sum(x == v)) / len(x)
        assert e.percentile(s) == pytest.approx(expect)
    # Per community: each reported community has two movable grids or more.
    assert len(e.communities) > 0
    assert min(e.communities["movable_grids"]) >= 2
    c = e.communities["community"][0]
    assert 0 <= e.percentile("cut_edges", community=c) <= 1
    d = e.diagnostics
    assert np.all(np.isfinite(d["gelman_rubin"]))
    assert set(e.autocorrelation) == set(e.overall["score"])
    assert "percentile" in repr(e) or "percentiles" in repr(e)


def test_streamed_csv_and_parquet_and_replay(city, tmp_path):
    g, plan = city
    csv = tmp_path / "e.csv"
    pq = tmp_path / "e.parquet"
    bin_ = tmp_path / "moves.bin"
    a = gridgov.ensemble(g, plan, steps=100, chains=2, seed=8, out=csv, plans_out=bin_)
    b = gridgov.ensemble(g, plan, steps=100, chains=2, seed=8, out=pq)
    assert a.scores is None
    fa, fb = a.frame(), b.frame()
    assert len(fa) == 200 and list(fa.columns) == list(fb.columns)
    assert (fa["cut_edges"].to_numpy() == fb["cut_edges"].to_numpy()).all()
    assert (fa["plan_hash"].to_numpy() == fb["plan_hash"].to_numpy()).all()
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
    moves = gridgov.replay_plans(bin_, plan, chain=1)
    assert len(moves) == int(a.chains["accepted"][1])
    for step, grid in moves[::20]:
        assert gridgov.validate(g, gridgov.Plan(grid, list(plan.grid_codes))).valid


def test_simulated_outcomes_across_plans(city):
    g, plan = city
    e = gridgov.ensemble(g, plan, steps=60, chains=2, seed=2, simulate=True, sim_plans=3, replications=2, days=30)
    o = e.outcomes
    assert o is not None and len(o["plans"]) == 3
    assert 0 <= o["resolution_percentile"] <= 1
    assert 0 < o["given"]["resolution_rate"]["mean"] <= 1
    assert o["resolution_sd_across_plans"] >= 0


def test_bad_input_is_a_clear_error(city):
    g, plan = city
    bad = gridgov.Plan(np.zeros(g.n_units, dtype=np.int32), ["all"])
    with pytest.raises(ValueError, match="starting plan breaks the rules"):
        gridgov.ensemble(g, bad, steps=10)
    with pytest.raises(ValueError, match="thin"):
        gridgov.ensemble(g, plan, steps=10, thin=0)
    with pytest.raises(ValueError, match="workload"):
        gridgov.ensemble(g, plan, steps=10, acceptance="metropolis", score="workload_spread")
    with pytest.raises(TypeError, match="gridgov.Plan"):
        gridgov.ensemble(g, [0, 1], steps=10)


def test_cli_and_python_agree(city, tmp_path):
    binary = os.environ.get("GRIDGOV_BIN") or shutil.which("gridgov")
    if not binary:
        pytest.skip("no gridgov command (set GRIDGOV_BIN)")
    g, plan = city
    u, ed, p = tmp_path / "u.csv", tmp_path / "e.csv", tmp_path / "p.csv"
    subprocess.run([binary, "synth", "--units", "1500", "--seed", "4", "--out-units", u, "--out-edges", ed], check=True)
    subprocess.run([binary, "partition", "--units", u, "--edges", ed, "--seed", "1", "--out", p, "--quiet"], check=True)
    subprocess.run([binary, "ensemble", "--units", u, "--edges", ed, "--plan", p, "--steps", "50", "--seed", "9",
                    "--out", tmp_path / "cli.csv", "--quiet"], check=True)
    g2 = gridgov.read_graph(u, ed)
    p2 = gridgov.read_plan(p, g2)
    gridgov.ensemble(g2, p2, steps=50, seed=9, out=tmp_path / "py.csv")
    assert (tmp_path / "cli.csv").read_bytes() == (tmp_path / "py.csv").read_bytes()


def test_module_docstring_example_runs():
    import doctest
    import sys

    mod = sys.modules["gridgov.ensemble"]
    r = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert r.attempted > 0 and r.failed == 0


def test_gerrymandria_from_gerrychain_every_plan_valid():
    """GerryChain's own example graph (8x8, 8 districts of 8 people): the
    chain keeps exact bounds and every kept plan passes the validator."""
    import json
    import pathlib

    import gerrychain
    import networkx as nx

    path = pathlib.Path(gerrychain.__file__).parent / "examples" / "gerrymandria.json"
    G = nx.readwrite.json_graph.adjacency_graph(json.loads(path.read_text()))
    g = gridgov.from_networkx(G, households="TOTPOP", population="TOTPOP", default_community="gerrymandria")
    plan = gridgov.Plan.from_labels([G.nodes[int(i)]["district"] for i in g.ids])
    assert gridgov.validate(g, plan, min=8, max=8, nesting="none").valid
    assert "households" in g.attribute_names  # from_networkx names TOTPOP households
    # Reversible ReCom rejects most proposals (pairs that do not touch, tree
    # edges that do not balance): about 1% are taken here, so it runs longer.
    for proposal, steps in (("recom", 400), ("reversible", 6000)):
        e = gridgov.ensemble(g, plan, steps=steps, chains=2, seed=1, min=8, max=8, nesting="none",
                             proposal=proposal, keep_plans=200)
        assert e.chains["accepted"].sum() > 40, proposal
        for p in e.plans[::7]:
            assert gridgov.validate(g, p, min=8, max=8, nesting="none").valid
        assert e.distinct_plans > 20, proposal
