"""gridgov.plot draws the expected artists (Agg backend; skipped without matplotlib)."""
import subprocess
import sys

import numpy as np
import pytest

import gridgov

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import LineCollection, PathCollection, PolyCollection  # noqa: E402

import gridgov.plot as gp  # noqa: E402


@pytest.fixture(scope="module")
def city():
    g = gridgov.synth_city(units=400, seed=2)
    plan = gridgov.partition(g).plan
    return g, plan


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_import_does_not_load_matplotlib():
    code = "import sys, gridgov, gridgov.plot; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_boundary_segments_follow_grid_changes(city):
    g, plan = city
    grid = np.asarray(plan.grid)
    e = g.edges()
    cut = int(np.sum(grid[e[:, 0]] != grid[e[:, 1]]))
    seg = gp.boundary_segments(g, grid)
    assert seg.shape == (cut, 2, 2)
    assert gp.boundary_segments(g, np.zeros(len(grid), int)).shape == (0, 2, 2)
    # Each segment is perpendicular to its edge and centred on its midpoint.
    i = np.flatnonzero(grid[e[:, 0]] != grid[e[:, 1]])[0]
    u, v = e[i]
    p, q = np.array([g.x[u], g.y[u]]), np.array([g.x[v], g.y[v]])
    s = seg[0]
    assert np.allclose(s.mean(axis=0), (p + q) / 2)
    assert abs(np.dot(s[1] - s[0], q - p)) < 1e-9


def test_plot_grids(city):
    g, plan = city
    ax = gp.plot_grids(g, plan)
    pcs = [c for c in ax.collections if isinstance(c, PathCollection)]
    lcs = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(pcs) == 1 and len(pcs[0].get_offsets()) == len(g)
    assert len(lcs) == 2
    assert lcs[0].get_label() == "grid boundary"
    assert len(lcs[0].get_segments()) > 0
    assert str(plan.num_grids) in ax.get_title()
    # Values per grid, as a colour bar.
    fig, ax2 = plt.subplots()
    gp.plot_grids(g, plan, ax=ax2, values=np.arange(plan.num_grids, dtype=float), community_boundaries=False)
    assert len(fig.axes) == 2  # the map and its colour bar
    with pytest.raises(ValueError):
        gp.plot_grids(g, plan, values=[1.0, 2.0])


def test_plot_workload(city):
    g, plan = city
    hh = np.bincount(np.asarray(plan.grid), weights=np.asarray(g.attribute("households")))
    ax = gp.plot_workload(hh, bounds=(300, 500))
    assert len(ax.containers) == 1
    assert len(ax.lines) == 2  # the two bounds
    ax = gp.plot_workload({"a": hh, "b": hh * 1.1})
    assert len(ax.containers) == 2
    assert len(ax.get_legend().get_texts()) == 2
    ax = gp.plot_workload({"a": hh, "b": hh * 1.1}, kind="box")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b"]
    with pytest.raises(ValueError):
        gp.plot_workload(hh, kind="pie")


def test_plot_simulation_and_levels(city):
    g, plan = city
    r = gridgov.simulate(g, plan, days=70, drain_days=14, seed=1)
    ax = gp.plot_simulation(r, series=("backlog", "arrivals"))
    assert len(ax.lines) == 2
    assert len(ax.lines[0].get_xdata()) == 12  # 84 days in weeks
    assert any(isinstance(p, matplotlib.patches.Polygon) or isinstance(p, matplotlib.patches.Rectangle)
               for p in ax.patches)  # the drain span
    s = gridgov.replicate(g, plan, replications=3, days=30, drain_days=5, seed=1)
    ax = gp.plot_simulation(s, series=("backlog", "resolved"))
    assert len(ax.lines) == 2
    assert len(ax.lines[0].get_xdata()) == 35
    assert sum(isinstance(c, PolyCollection) for c in ax.collections) == 2  # the CI bands
    ax = gp.plot_levels(s)
    bars = [c for c in ax.containers if isinstance(c, matplotlib.container.BarContainer)]
    assert len(bars) == 1 and len(bars[0]) == 6
    assert any(isinstance(c, matplotlib.container.ErrorbarContainer) for c in ax.containers)
    ax = gp.plot_levels(r)
    assert [t.get_text() for t in ax.get_xticklabels()][0] == "grid"
    with pytest.raises(TypeError):
        gp.plot_simulation({"not": "a result"})


def test_plot_what_if(city):
    g, plan = city
    w = gridgov.what_if(g, {"a": {"plan": plan}, "b": {"plan": plan, "changes": {"scales.rate": 2.0}}},
                        replications=3, days=20)
    ax = gp.plot_what_if(w, "grid_share")
    assert len(ax.containers) == 1
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b"]
    ax = gp.plot_what_if(w, "grid_share", diff=True)
    assert "a" in ax.get_ylabel()
    with pytest.raises(KeyError):
        gp.plot_what_if(w, "nothing")


def test_plot_ensemble(city):
    g, plan = city
    e = gridgov.ensemble(g, plan, steps=40, chains=2, seed=1)
    ax = gp.plot_ensemble(e, "cut_edges")
    assert len(ax.patches) == 40 and len(ax.lines) == 1
    assert ax.lines[0].get_xdata()[0] == e.plan_scores["cut_edges"]
    ax = gp.plot_ensemble(e, "households_spread", trace=True)
    assert len(ax.lines) == 3  # two chains and the plan
    with pytest.raises(KeyError):
        gp.plot_ensemble(e, "nothing")
    with pytest.raises(TypeError):
        gp.plot_ensemble({"not": "a result"})
