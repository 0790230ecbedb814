"""The event-handling simulation from Python: conservation, escalation,
determinism, intervals, what-if, calibration, errors and Dask."""
import json
import pathlib
import pickle
import sys
import threading
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gridgov
import importlib

sim = importlib.import_module("gridgov.simulate")

ROOT = pathlib.Path(__file__).resolve().parents[2]


def col(table, name):
    return np.asarray(table[name])


@pytest.fixture(scope="module")
def city():
    g = gridgov.synth_city(units=1200, seed=4)
    plan = gridgov.partition(g).plan
    return g, plan


def test_defaults_are_in_the_reported_range(city):
    g, plan = city
    r = gridgov.simulate(g, plan, seed=1)
    assert r.conserved()
    assert 0.91 <= r.summary["resolution_rate"] <= 0.995
    assert r.summary["received"] > 5000
    assert r.summary["grid_share"] > 0.7
    assert len(col(r.daily, "backlog")) == 365 + 30
    assert col(r.daily, "arrivals").sum() == r.summary["received"]
    assert col(r.grids, "received").sum() == r.summary["received"]
    assert col(r.channels, "received").sum() == r.summary["received"]
    assert r.unit_received.sum() == r.summary["received"]
    assert len(col(r.grids, "utilisation")) == plan.num_grids
    assert col(r.levels, "reached")[0] == r.summary["received"]
    w = r.weekly
    assert col(w, "arrivals").sum() == r.summary["received"]
    assert col(w, "backlog")[-1] == r.summary["open"]


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**63),
    rates=st.lists(st.floats(0, 3), min_size=4, max_size=4),
    shares=st.lists(st.floats(0, 1), min_size=16, max_size=16),
    patrol=st.floats(0, 1),
    patience=st.one_of(st.none(), st.floats(0.1, 80)),
    full_time=st.integers(0, 3),
    part_time=st.integers(0, 4),
    days=st.integers(1, 60),
    drain=st.integers(0, 20),
    escalation=st.floats(0, 4),
)
def test_conservation_on_random_parameters(city, seed, rates, shares, patrol, patience, full_time, part_time, days,
                                           drain, escalation):
    g, plan = city
    p = sim.default_params()
    for i, t in enumerate(sim.EVENT_TYPES):
        p["types"][t]["per_1000_residents"] = rates[i]
        p["types"][t]["channels"] = {"patrol": patrol, "hotline_12345": 1 - patrol}
        p["types"][t]["resolve_share"] = dict(zip(sim.LEVELS, shares[4 * i:4 * i + 4]))
    p["grid"]["patience_hours"] = patience
    p["scales"]["escalation"] = escalation
    r = gridgov.simulate(g, plan, params=p, staffing=gridgov.staffing(plan, full_time, part_time, 6), days=days,
                         drain_days=drain, seed=seed)
    assert r.conserved()
    lv = r.levels
    reached, resolved, passed, open_ = (col(lv, k) for k in ("reached", "resolved", "passed_on", "open"))
    assert np.all(reached == resolved + passed + open_)
    assert np.all(reached[1:] == passed[:-1])
    assert passed[-1] == r.summary["unresolved"]
    assert open_.sum() == r.summary["open"]
    assert col(r.daily, "backlog")[-1] == r.summary["open"]


def test_zero_staff_escalates_everything(city):
    g, plan = city
    r = gridgov.simulate(g, plan, staffing=gridgov.staffing(plan, 0, 0, 0), days=90, seed=2)
    assert r.summary["received"] > 1000
    assert col(r.grids, "resolved_grid").sum() == 0
    assert r.summary["timeouts"] == col(r.levels, "passed_on")[0]
    assert np.all(col(r.grids, "utilisation") == 0)


def test_no_escalation_resolves_everything_in_the_grid(city):
    g, plan = city
    p = gridgov.set_params(changes={"types.*.resolve_share.grid": 1.0}, patience_hours=None)
    r = gridgov.simulate(g, plan, params=p, days=90, drain_days=60, seed=2)
    assert r.summary["grid_share"] == 1.0
    assert col(r.levels, "reached")[1] == 0


def test_arrival_rate_matches_expectation(city):
    g, plan = city
    exp = gridgov.expected_arrivals(g, plan)
    per_day = float(col(exp, "total").sum())
    days = 800
    r = gridgov.simulate(g, plan, days=days, drain_days=0, seed=5)
    mean = per_day * days
    # 5 standard deviations of a Poisson count.
    assert abs(r.summary["received"] - mean) < 5 * np.sqrt(mean)
    for t in sim.EVENT_TYPES:
        m = float(col(exp, t).sum()) * days
        got = col(r.types, "received")[sim.EVENT_TYPES.index(t)]
        assert abs(got - m) < 5 * np.sqrt(m) + 1e-9, t


def test_same_seed_same_result(city):
    g, plan = city
    a = gridgov.simulate(g, plan, days=60, seed=7)
    b = gridgov.simulate(g, plan, days=60, seed=7)
    c = gridgov.simulate(g, plan, days=60, seed=8)
    assert np.array_equal(col(a.daily, "backlog"), col(b.daily, "backlog"))
    assert np.array_equal(col(a.grids, "busy_hours"), col(b.grids, "busy_hours"))
    assert a.metrics == b.metrics
    assert not np.array_equal(col(a.daily, "arrivals"), col(c.daily, "arrivals"))


def test_intervals_shrink_and_threads_do_not_matter(city):
    g, plan = city
    few = gridgov.replicate(g, plan, replications=4, days=60, seed=3, threads=1)
    few2 = gridgov.replicate(g, plan, replications=4, days=60, seed=3, threads=2)
    assert np.array_equal(few.samples, few2.samples)
    many = gridgov.replicate(g, plan, replications=20, days=60, seed=3, keep_runs=False)
    e4, e20 = few.estimate("resolution_rate"), many.estimate("resolution_rate")
    assert e4.n == 4 and e20.n == 20
    assert (e20.high - e20.low) < 0.7 * (e4.high - e4.low)
    assert e20.low <= e20.mean <= e20.high
    assert many.runs == []
    # Replication r is simulate() with replication_seed(seed, r).
    r2 = gridgov.simulate(g, plan, days=60, seed=gridgov.replication_seed(3, 2))
    assert r2.metrics == few.runs[2].metrics
    # summarize() reproduces replicate()'s intervals.
    s = gridgov.summarize(few.runs)
    assert np.allclose(col(s, "low"), col(few.estimates, "low"))
    d = few.daily
    assert np.all(col(d, "backlog_low") <= col(d, "backlog") + 1e-9)


@pytest.mark.parametrize("df", [1, 2, 3, 4, 9, 29, 30, 100, 1000, 100000, 2**31 - 1])
def test_student_t_quantile_matches_scipy(df):
    stats = pytest.importorskip("scipy.stats")
    # 1e-12: rounding 0.5 + confidence / 2 alone moves scipy's ppf by ~1e-13
    # at confidence 0.999 and df 1.
    for confidence in (0.5, 0.8, 0.9, 0.95, 0.99, 0.999):
        got = gridgov._core.student_t_quantile(confidence, df)
        assert got == pytest.approx(stats.t.ppf(0.5 + confidence / 2, df), rel=1e-12), confidence
        assert got == pytest.approx(stats.t.isf((1 - confidence) / 2, df), rel=1e-13), confidence
    # In the far tail 0.5 + confidence / 2 rounds alpha away; isf keeps it.
    far = 0.999999
    assert gridgov._core.student_t_quantile(far, df) == pytest.approx(stats.t.isf((1 - far) / 2, df), rel=1e-13)


@pytest.mark.parametrize("confidence, df, match", [(0.0, 5, "confidence"), (1.0, 5, "confidence"),
                                                   (float("nan"), 5, "confidence"), (1.5, 5, "confidence"),
                                                   (0.95, 0, "df"), (0.95, -3, "df")])
def test_student_t_quantile_rejects_bad_input(confidence, df, match):
    with pytest.raises(gridgov.InputError, match=match):
        gridgov._core.student_t_quantile(confidence, df)


def test_intervals_use_the_student_t_quantile(city):
    stats = pytest.importorskip("scipy.stats")
    g, plan = city
    study = gridgov.replicate(g, plan, replications=5, days=30, seed=11, confidence=0.9, keep_runs=False)
    x = study.sample("resolution_rate")
    e = study.estimate("resolution_rate")
    half = stats.t.ppf(0.95, len(x) - 1) * np.std(x, ddof=1) / np.sqrt(len(x))
    assert e.mean == pytest.approx(np.mean(x), rel=1e-14)
    assert e.high - e.mean == pytest.approx(half, rel=1e-9)
    assert e.mean - e.low == pytest.approx(half, rel=1e-9)


def test_what_if_more_helpers_and_smaller_grids(city):
    g, plan = city
    busy = {"scales": {"rate": 3.0}}
    w = gridgov.what_if(
        g,
        {
            "1+3": {"plan": plan, "params": busy},
            "1+0": {"plan": plan, "params": busy, "staffing": gridgov.staffing(plan, part_time=0)},
            "1+6": {"plan": plan, "params": busy, "staffing": gridgov.staffing(plan, part_time=6)},
        },
        replications=5,
        days=90,
        seed=1,
    )
    t = w.table
    rows = {(s, m): i for i, (s, m) in enumerate(zip(col(t, "scenario"), col(t, "metric")))}
    diff = col(t, "diff")
    high = col(t, "diff_high")
    low = col(t, "diff_low")
    # Fewer helpers: fewer events settled in the grid, a real (paired) difference.
    i = rows[("1+0", "grid_share")]
    assert diff[i] < 0 and high[i] < 0
    i = rows[("1+6", "timeout_share")]
    assert diff[i] <= 0
    i = rows[("1+3", "grid_share")]
    assert diff[i] == 0 and low[i] == 0
    assert isinstance(w["1+0"], gridgov.Replications)


def test_calibration_reaches_the_reported_rates(city):
    g, plan = city
    for target in (0.91, 0.995):
        c = gridgov.calibrate(g, plan, target=target, replications=2, days=90)
        assert c.converged, c.trace
        assert abs(c.achieved - target) <= 0.002
        r = gridgov.replicate(g, plan, params=c.params, replications=2, days=90)
        assert abs(r.estimate("resolution_rate").mean - c.achieved) < 1e-12


@pytest.mark.parametrize(
    "changes, key",
    [
        ({"types": {"dispute": {"per_1000_residents": -1}}}, "types.dispute.per_1000_residents"),
        ({"types": {"request": {"resolve_share": {"grid": 1.5}}}}, "types.request.resolve_share.grid"),
        ({"levels": {"street": {"handle_hours": -3}}}, "levels.street.handle_hours"),
        ({"types": {"dispute": {"speed": 1}}}, "types.dispute.speed"),
        ({"grid": {"patience": 3}}, "grid.patience"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_parameters_name_the_key(city, changes, key):
    g, plan = city
    with pytest.raises(gridgov.InputError, match=key.replace(".", r"\.")):
        gridgov.simulate(g, plan, params=changes, days=5)
    with pytest.raises(ValueError, match=key.replace(".", r"\.")):
        gridgov.check_params(changes)


def test_bad_staffing_and_plan(city):
    g, plan = city
    with pytest.raises(gridgov.InputError):
        gridgov.staffing(plan, part_time=[1, 2])
    with pytest.raises(gridgov.InputError, match="full_time"):
        gridgov.simulate(g, plan, staffing={"full_time": [1.0] * (plan.num_grids + 1)}, days=5)
    with pytest.raises(gridgov.InputError, match="full_time"):
        gridgov.simulate(g, plan, staffing={"full_time": -1}, days=5)
    with pytest.raises(gridgov.InputError, match="calibrate"):
        gridgov.calibrate(g, plan, target=0.9, parameter="colour", days=5)


def test_docstring_examples():
    import doctest

    r = doctest.testmod(sim, optionflags=doctest.ELLIPSIS)
    assert r.attempted > 5 and r.failed == 0


def test_params_files_and_helpers():
    p = gridgov.load_params(ROOT / "data" / "sample" / "sim.json")
    assert p == gridgov.default_params()
    q = gridgov.set_params(changes={"types.*.service_hours": 2.5}, escalation_scale=2.0)
    assert all(q["types"][t]["service_hours"] == 2.5 for t in sim.EVENT_TYPES)
    assert q["scales"]["escalation"] == 2.0
    with pytest.raises(TypeError):
        gridgov.set_params(speed=2)
    assert gridgov.check_params('{"scales": {"rate": 2}}')["scales"]["rate"] == 2


def test_plan_as_index_array_and_progress(city):
    g, plan = city
    seen = []
    r = gridgov.simulate(g, np.asarray(plan.grid), days=20, progress=lambda f, s: seen.append((f, s)) or True)
    assert r.conserved()
    assert seen and seen[-1][0] == 1.0
    with pytest.raises(KeyboardInterrupt):
        gridgov.simulate(g, plan, days=20, progress=lambda f, s: False)


def test_long_run_releases_the_gil(city):
    g, plan = city
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.005)

    t = threading.Thread(target=tick)
    t.start()
    t0 = time.perf_counter()
    gridgov.replicate(g, plan, replications=6, days=365, threads=1, keep_runs=False)
    elapsed = time.perf_counter() - t0
    stop.set()
    t.join()
    if elapsed > 0.2:
        assert len(ticks) > 5


def test_graph_and_plan_pickle(city):
    g, plan = city
    g2, plan2 = pickle.loads(pickle.dumps((g, plan)))
    assert g2.ids == g.ids and g2.community_codes == g.community_codes and g2.n_edges == g.n_edges
    assert np.array_equal(g2.attribute("households"), g.attribute("households"))
    assert np.array_equal(g2.edges(), g.edges()) and np.array_equal(g2.x, g.x)
    assert plan2 == plan


def test_dask_example_matches_threads(city):
    pytest.importorskip("dask.distributed")
    from dask.distributed import Client, LocalCluster

    sys.path.insert(0, str(ROOT / "examples"))
    try:
        import dask_replications as ex
    finally:
        sys.path.pop(0)
    g, plan = city
    # In-process workers (the example module is not importable elsewhere);
    # test_graph_and_plan_pickle covers what travels to remote workers.
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        table = ex.replicate_on_dask(client, g, plan, replications=4, days=30, seed=11)
    local = gridgov.replicate(g, plan, replications=4, days=30, seed=11)
    assert np.allclose(col(table, "mean"), col(local.estimates, "mean"))
    assert np.allclose(col(table, "high"), col(local.estimates, "high"))
