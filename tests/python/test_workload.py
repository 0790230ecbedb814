"""Workload, balanced partitions, staffing and fairness from Python."""
import math

import numpy as np
import pytest

import gridgov

scipy_optimize = pytest.importorskip("scipy.optimize")


@pytest.fixture(scope="module")
def sample_plan(sample, sample_graph):
    return gridgov.read_plan(sample / "plan.csv", sample_graph)


def test_workload_components_add_up(sample_graph, sample_plan, sample):
    w = gridgov.workload(sample_graph, sample_plan, config=sample / "workload.json")
    g = w.grids
    parts = g["routine"] + g["special"] + g["events"] + g["travel"] + g["admin"]
    np.testing.assert_allclose(parts, g["total"], rtol=1e-12)
    # Per-unit sums equal per-grid sums for the additive components.
    grid_of = np.asarray(sample_plan.grid)
    for comp in ("routine", "special", "events"):
        sums = np.bincount(grid_of, weights=w.units[comp], minlength=len(g["code"]))
        np.testing.assert_allclose(sums, g[comp], rtol=1e-9, atol=1e-9)
    assert len(g["code"]) == sample_plan.num_grids
    assert set(w.levels["level"]) >= {"city", "county", "street", "community"}
    f = w.fairness
    assert 0 <= f["gini"] < 1 and f["cv"] > 0


def test_config_defaults_and_errors():
    cfg = gridgov.workload_config()
    assert cfg["workload"]["special_groups"][0] == {
        "attribute": "elderly_alone", "visits_per_year": 52.0, "minutes_per_visit": 30.0}
    assert cfg["staffing"]["pattern"] == "1+3+X"
    with pytest.raises(gridgov.InputError, match="travel.speed"):
        gridgov.workload_config({"travel": {"speed": 3}})
    with pytest.raises(gridgov.InputError, match="routine.visits_per_year"):
        gridgov.workload_config({"routine": {"visits_per_year": -1}})


def test_more_elderly_means_more_work(sample_graph, sample_plan):
    base = gridgov.workload(sample_graph, sample_plan)
    weekly = gridgov.workload(sample_graph, sample_plan, config={
        "special_groups": [{"attribute": "elderly_alone", "visits_per_year": 104, "minutes_per_visit": 30}]})
    assert weekly.grids["special"].sum() > 0
    assert not np.allclose(base.grids["special"], weekly.grids["special"])


def _random_people(rng, grids_xy, n_ft, n_help):
    lo, hi = grids_xy.min(axis=0) - 300, grids_xy.max(axis=0) + 300
    n = n_ft + n_help
    xy = rng.uniform(lo, hi, size=(n, 2))
    roles = ["full_time"] * n_ft + [rng.choice(["part_time", "auxiliary"]) for _ in range(n_help)]
    hours = [40.0] * n_ft + list(rng.integers(3, 12, size=n_help).astype(float))
    return {"id": [f"p{i}" for i in range(n)], "role": roles, "hours": hours, "x": xy[:, 0], "y": xy[:, 1]}


@pytest.mark.parametrize("seed", range(6))
def test_staffing_is_optimal_against_scipy(seed):
    rng = np.random.default_rng(seed)
    g = gridgov.synth_city(units=100 + 20 * seed, seed=seed + 1)
    plan = gridgov.partition(g, nesting="none").plan
    w = gridgov.workload(g, plan)
    k = len(w.grids["code"])
    assert 2 <= k <= 30
    gxy = np.column_stack([w.grids["cx"], w.grids["cy"]])
    n_ft = k + int(rng.integers(-1, 3))
    people = _random_people(rng, gxy, n_ft, 3 * k + int(rng.integers(0, 10)))
    cfg = {"staffing": {"candidates": 1}}  # sparse start: pricing must add what the optimum needs
    r = gridgov.staff(g, plan, people, pattern="1+N", config=cfg)

    # Stage 1: full-time workers, a rectangular assignment problem.
    homes = np.column_stack([people["x"], people["y"]])
    ft = np.array([i for i, role in enumerate(people["role"]) if role == "full_time"])
    d = np.hypot(homes[ft, None, 0] - gxy[None, :, 0], homes[ft, None, 1] - gxy[None, :, 1]) / 1000.0
    rows, cols = scipy_optimize.linear_sum_assignment(d)
    assert r.summary["full_time_distance_km"] == pytest.approx(d[rows, cols].sum(), rel=1e-9, abs=1e-9)
    assert sum(1 for f in r.grids["full_time"] if f) == min(k, len(ft))

    # Stage 3: helper hours as a linear program with the same data.
    demand = np.asarray(r.grids["helper_demand"])
    helpers = [i for i, role in enumerate(people["role"]) if role != "full_time"]
    P = len(helpers)
    hx = homes[helpers]
    dist = np.hypot(hx[:, None, 0] - gxy[None, :, 0], hx[:, None, 1] - gxy[None, :, 1]) / 1000.0
    breaks, costs, M = [0.5, 0.8, 1.0], [0.0, 1.0, 3.0], 1e7
    caps = np.array([[(b - a) * people["hours"][i] for a, b in zip([0.0] + breaks[:-1], breaks)] for i in helpers])
    nf, ns = P * k, P * 3
    c = np.concatenate([dist.ravel(), np.tile(costs, P), np.full(k, M)])
    A = np.zeros((k + P, nf + ns + k))
    for q in range(k):
        A[q, [p * k + q for p in range(P)]] = 1
        A[q, nf + ns + q] = 1
    for p in range(P):
        A[k + p, p * k:(p + 1) * k] = 1
        A[k + p, nf + 3 * p:nf + 3 * p + 3] = -1
    b = np.concatenate([demand, np.zeros(P)])
    bounds = [(0, None)] * nf + [(0, cap) for cap in caps.ravel()] + [(0, None)] * k
    lp = scipy_optimize.linprog(c, A_eq=A, b_eq=b, bounds=bounds, method="highs")
    assert lp.status == 0
    ours = r.summary["helper_travel_cost"] + r.summary["helper_spread_cost"] + M * r.summary["uncovered_hours"]
    assert ours == pytest.approx(lp.fun, rel=1e-7, abs=1e-5)

    # Properties: nobody over their hours; coverage accounted for.
    assert not np.any(r.people["overloaded"])
    assert np.all(r.people["hours_assigned"] <= r.people["hours_available"] + 1e-9)
    np.testing.assert_allclose(r.grids["full_time_hours"] + r.grids["helper_hours"] + r.grids["uncovered"],
                               r.grids["workload"], atol=1e-6)
    assert r.feasible == (len(ft) >= k and r.summary["uncovered_hours"] < 1e-6)


def test_staff_sample_city(sample_graph, sample_plan, sample):
    r = gridgov.staff(sample_graph, sample_plan, sample / "people.csv", config=sample / "workload.json")
    assert r.feasible, r.shortages
    assert all(r.grids["full_time"])
    assert np.all(r.grids["part_time"] >= 3)
    assert r.minimum_staff["full_time"] == sample_plan.num_grids
    short = gridgov.staff(sample_graph, sample_plan, sample / "people.csv", pattern="1+4+X")
    assert not short.feasible
    assert short.shortages[0]["what"] == "part_time"
    # Evaluate the optimal staffing as an existing one: a before/after comparison.
    first = {}
    for person, grid in zip(r.assignments["person"], r.assignments["grid"]):
        first.setdefault(person, grid)
    people = gridgov.read_people(sample / "people.csv")
    existing = [first.get(pid, "") for pid in people["id"]]
    ev = gridgov.evaluate_staffing(sample_graph, sample_plan, people, existing)
    cmp = gridgov.compare_fairness(ev.people["load"][ev.people["grids"] > 0], r.people["load"][r.people["grids"] > 0])
    assert set(cmp) >= {"before", "after", "delta_cv", "fairer"}


def test_bad_people(sample_graph, sample_plan):
    people = {"id": ["a", "b"], "role": ["full_time", "part_time"], "hours": [40, -2], "x": [0, 0], "y": [0, 0]}
    with pytest.raises(gridgov.InputError, match="negative"):
        gridgov.staff(sample_graph, sample_plan, people)
    with pytest.raises(gridgov.InputError, match="unknown home community"):
        gridgov.staff(sample_graph, sample_plan, {"id": ["a"], "role": ["ft"], "community": ["999"]})
    with pytest.raises(gridgov.InputError, match="no home"):
        gridgov.staff(sample_graph, sample_plan, {"id": ["a"], "role": ["ft"], "x": [math.nan], "y": [math.nan]})
    with pytest.raises(gridgov.InputError, match="unknown role"):
        gridgov.staff(sample_graph, sample_plan, {"id": ["a"], "role": ["boss"], "x": [0.0], "y": [0.0]})
    with pytest.raises(gridgov.InputError, match="pattern"):
        gridgov.staff(sample_graph, sample_plan, {"id": ["a"], "role": ["ft"], "x": [0.0], "y": [0.0]}, pattern="2+2")
    # Fewer full-time workers than grids: an explicit shortage, not an error.
    r = gridgov.staff(sample_graph, sample_plan, {"id": ["a"], "role": ["ft"], "x": [500000.0], "y": [3990000.0]})
    assert not r.feasible
    assert r.shortages[0]["what"] == "full_time"
    assert r.shortages[0]["needed"] == sample_plan.num_grids and r.shortages[0]["available"] == 1


def test_balanced_partition_lowers_spread():
    g = gridgov.synth_city(units=6000, seed=7)
    r = gridgov.balanced_partition(g, seed=3)
    assert r.valid
    assert r.grids_within_both == len(r.grid_codes)
    assert r.balanced["cv"] < r.households_only["cv"]
    lo, hi = r.workload_bounds
    assert 0 < lo < hi


def test_fairness_values():
    f = gridgov.fairness([0, 0, 0, 4])
    assert f["gini"] == pytest.approx(0.75)
    assert f["max_over_mean"] == pytest.approx(4)
    with pytest.raises(gridgov.InputError):
        gridgov.fairness([1, -1])


def test_frames_when_pandas_is_installed(sample_graph, sample_plan):
    pd = pytest.importorskip("pandas")
    w = gridgov.workload(sample_graph, sample_plan)
    df = w.frame("grids")
    assert isinstance(df, pd.DataFrame) and len(df) == sample_plan.num_grids
