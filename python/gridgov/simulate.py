"""Event-handling simulation: what-if studies with confidence intervals.

Residents' disputes, requests, safety hazards and special-group care
events arrive through seven channels (hotline 12345, public app, QR code,
grid patrol, mediation office, petition office, police) and are handled by
the grid's workers, or escalated to the community, the street and the
district. The model and every parameter are described in
``docs/simulation.md``; the defaults give a resolution rate of about 98.9%,
inside the reported range of 91% (Chengguan) to 99.5% (Honggu).

Every function releases the GIL while the C++ core runs (replications run
in parallel threads) and can be interrupted with Ctrl-C, also in Jupyter.

Tables are :class:`gridgov.Table` objects (numpy columns by name, the row
labels in the first column; ``to_pandas()`` gives a DataFrame), whether or
not pandas is installed.

>>> import gridgov
>>> city = gridgov.synth_city(units=1500, seed=1)
>>> plan = gridgov.partition(city).plan
>>> r = gridgov.simulate(city, plan, days=120, seed=1)
>>> 0.9 < r.summary["resolution_rate"] < 1.0
True
>>> study = gridgov.replicate(city, plan, replications=4, days=60)
>>> est = study.estimate("resolution_rate")
>>> est.low <= est.mean <= est.high
True
"""
from __future__ import annotations

import copy as _copy
import json
import math
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Mapping, NamedTuple, Optional, Sequence, Union

import numpy as np

from . import _core
from ._table import Table

__all__ = [
    "EVENT_TYPES",
    "CHANNELS",
    "LEVELS",
    "SIM_METRICS",
    "Estimate",
    "SimResult",
    "Replications",
    "WhatIf",
    "Calibration",
    "default_params",
    "load_params",
    "check_params",
    "set_params",
    "staffing",
    "expected_arrivals",
    "simulate",
    "replicate",
    "what_if",
    "calibrate",
    "replication_seed",
    "summarize",
]

#: Event types, in the order used by every per-type array.
EVENT_TYPES: tuple[str, ...] = tuple(_core.SIM_EVENT_TYPES)
#: Channels, in the order used by every per-channel array.
CHANNELS: tuple[str, ...] = tuple(_core.SIM_CHANNELS)
#: Levels in escalation order.
LEVELS: tuple[str, ...] = tuple(_core.SIM_LEVELS)
#: Scalar metrics estimated across replications (:attr:`Replications.estimates`).
SIM_METRICS: tuple[str, ...] = tuple(_core.SIM_METRICS)

Progress = Optional[Callable[[float, str], Optional[bool]]]
Params = Union[None, str, "os.PathLike[str]", Mapping[str, Any]]


# ---------------------------------------------------------------------------
# helpers


def _table(columns: Mapping[str, Any], index: Optional[Sequence[Any]] = None, index_name: Optional[str] = None) -> Table:
    """A Table of the columns, with the row labels first when given."""
    cols = {k: np.asarray(v) for k, v in columns.items()}
    if index is not None and index_name is not None:
        labels = index if isinstance(index, np.ndarray) else list(index)
        return Table({index_name: labels, **cols})
    return Table(cols)


def _params_json(params: Params) -> str:
    if params is None:
        return ""
    if isinstance(params, (str, os.PathLike)):
        text = str(params)
        if not text.lstrip().startswith("{"):
            with open(os.fspath(params), encoding="utf-8") as f:
                text = f.read()
        return text
    return json.dumps(params)


def _plan_of(plan: Any) -> Any:
    """Accepts a gridgov.Plan, anything with a ``.plan`` (PartitionResult,
    RedesignResult) or an integer array of grid indices per unit."""
    if isinstance(plan, _core.Plan):
        return plan
    inner = getattr(plan, "plan", None)
    if isinstance(inner, _core.Plan):
        return inner
    grid = np.asarray(plan)
    if grid.ndim == 1 and np.issubdtype(grid.dtype, np.integer):
        k = int(grid.max()) + 1 if grid.size else 0
        return _core.Plan(grid.astype(np.int32), [str(i) for i in range(k)])
    raise TypeError("plan must be a gridgov.Plan, a partition result or an integer array of grid indices")


def _staffing_arrays(staff: Any, k: int) -> tuple[list[float], list[float], list[float]]:
    if staff is None:
        staff = staffing(k)
    if isinstance(staff, Mapping):
        get = staff.get
    else:  # a DataFrame or an object with attributes
        def get(name, default=None):  # type: ignore[no-redef]
            try:
                return staff[name]
            except (KeyError, TypeError, IndexError):
                return getattr(staff, name, default)

    def col(name: str, default: float) -> list[float]:
        v = get(name, default)
        a = np.asarray(v, dtype=float)
        if a.ndim == 0:
            a = np.full(k, float(a))
        return [float(x) for x in a]

    return col("full_time", 1.0), col("part_time", 3.0), col("part_time_hours", 8.0)


# ---------------------------------------------------------------------------
# parameters


def default_params() -> dict[str, Any]:
    """The documented default parameter set as a nested dict.

    Returns
    -------
    dict
        Keys ``types`` (per event type: ``per_1000_residents``,
        ``per_special_person``, ``service_hours``, ``deadline_workdays``,
        ``priority``, ``channels``, ``resolve_share`` per level), ``levels``
        (``escalate_hours``, ``handle_hours`` for community, street,
        district), ``special_weights``, ``grid`` (``patience_hours``,
        ``event_time_share``), ``calendar`` and ``scales`` (``rate``,
        ``service``, ``escalation``). See ``docs/simulation.md``.

    Examples
    --------
    >>> p = default_params()
    >>> p["types"]["dispute"]["resolve_share"]["grid"]
    0.7
    """
    return json.loads(_core.sim_params_json(""))


def check_params(params: Params) -> dict[str, Any]:
    """Validate a (partial) parameter set and return it complete.

    Missing keys take their defaults. Raises :class:`gridgov.InputError`
    (a ``ValueError``) naming the key on an unknown key, a negative rate or
    time, a share outside [0, 1] or a channel mix not summing to 1.

    Examples
    --------
    >>> check_params({"scales": {"rate": 2.0}})["scales"]["rate"]
    2.0
    >>> check_params({"types": {"dispute": {"service_hour": 1}}})
    Traceback (most recent call last):
    ...
    gridgov._core.InputError: params: types.dispute.service_hour: unknown key; the keys are per_1000_residents, ...
    """
    return json.loads(_core.sim_params_json(_params_json(params)))


def load_params(path: Union[str, "os.PathLike[str]"]) -> dict[str, Any]:
    """Read a parameter JSON file (e.g. ``data/sample/sim.json``) over the defaults."""
    with open(os.fspath(path), encoding="utf-8") as f:
        text = f.read()
    try:
        return json.loads(_core.sim_params_json(text))
    except _core.InputError as e:
        raise _core.InputError(str(e).replace("params:", f"{os.fspath(path)}:", 1)) from None


def set_params(params: Optional[Mapping[str, Any]] = None, changes: Optional[Mapping[str, Any]] = None, **kw: Any) -> dict[str, Any]:
    """A copy of ``params`` (default: the defaults) with dotted keys changed.

    Parameters
    ----------
    params : dict, optional
    changes : dict, optional
        ``{"types.dispute.resolve_share.grid": 0.8, "scales.rate": 1.5}``.
        A key naming a group sets all its members: ``"types.*.service_hours"``
        sets the service time of every type.
    **kw
        Shortcuts: ``rate_scale``, ``service_scale``, ``escalation_scale``,
        ``patience_hours``, ``event_time_share``.

    Returns
    -------
    dict
        Validated and complete.

    Examples
    --------
    >>> p = set_params(changes={"types.*.service_hours": 2.0}, rate_scale=1.5)
    >>> p["types"]["request"]["service_hours"], p["scales"]["rate"]
    (2.0, 1.5)
    """
    p = _copy.deepcopy(dict(params)) if params is not None else default_params()
    alias = {
        "rate_scale": "scales.rate",
        "service_scale": "scales.service",
        "escalation_scale": "scales.escalation",
        "patience_hours": "grid.patience_hours",
        "event_time_share": "grid.event_time_share",
    }
    items = list((changes or {}).items())
    for k, v in kw.items():
        if k not in alias:
            raise TypeError(f"set_params: unknown shortcut {k!r} (one of {sorted(alias)})")
        items.append((alias[k], v))
    full = check_params(p)
    for key, value in items:
        _set_dotted(full, key.split("."), value, key)
    return check_params(full)


def _set_dotted(node: Any, parts: list[str], value: Any, key: str) -> None:
    head, rest = parts[0], parts[1:]
    if not isinstance(node, dict):
        raise _core.InputError(f"params: {key}: not a group")
    targets = list(node) if head == "*" else [head]
    for t in targets:
        if not rest:
            node[t] = value
        else:
            if t not in node:
                node[t] = {}
            _set_dotted(node[t], rest, value, key)


def staffing(plan_or_grids: Any, full_time: Any = 1, part_time: Any = 3, part_time_hours: Any = 8) -> dict[str, np.ndarray]:
    """Staffing arrays per grid ("1+3+X" by default).

    Parameters
    ----------
    plan_or_grids : gridgov.Plan, partition result or int
        The plan (or its number of grids).
    full_time, part_time, part_time_hours : float or array
        Full-time workers, part-time helpers and each helper's weekly hours,
        per grid (scalars are broadcast). A staffing table from the workload
        module with these three columns can be passed to :func:`simulate`
        directly.

    Examples
    --------
    >>> s = staffing(4, part_time=[1, 2, 3, 4])
    >>> s["part_time"].tolist(), s["full_time"].tolist()
    ([1.0, 2.0, 3.0, 4.0], [1.0, 1.0, 1.0, 1.0])
    """
    k = plan_or_grids if isinstance(plan_or_grids, (int, np.integer)) else _plan_of(plan_or_grids).num_grids
    k = int(k)
    out = {}
    for name, v in (("full_time", full_time), ("part_time", part_time), ("part_time_hours", part_time_hours)):
        a = np.asarray(v, dtype=float)
        a = np.full(k, float(a)) if a.ndim == 0 else a.copy()
        if a.shape != (k,):
            raise _core.InputError(f"staffing: {name}: {a.shape[0]} entries for {k} grids")
        out[name] = a
    return out


def expected_arrivals(graph: _core.UnitGraph, plan: Any, params: Params = None) -> Table:
    """Expected events per day in each grid, by type (no randomness).

    Returns a table with one row per grid and one column per event type
    plus ``total``.
    """
    p = _plan_of(plan)
    a = _core.expected_daily_arrivals(graph, p, _params_json(params))
    cols = {t: a[:, i] for i, t in enumerate(EVENT_TYPES)}
    cols["total"] = a.sum(axis=1)
    return _table(cols, p.grid_codes, "grid")


def replication_seed(seed: int, r: int) -> int:
    """The seed of replication ``r`` of a study with seed ``seed``, as used by
    :func:`replicate` (use it to spread replications over a cluster)."""
    return int(_core.replication_seed(int(seed), int(r)))


# ---------------------------------------------------------------------------
# results


class Estimate(NamedTuple):
    """A mean with its confidence interval (Student t over replications)."""

    mean: float
    low: float
    high: float
    sd: float
    n: int


def _weekly(daily: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    n = len(next(iter(daily.values())))
    weeks = (n + 6) // 7
    for k, v in daily.items():
        v = np.asarray(v)
        if k in ("backlog", "grid_queue"):  # stocks: the value at the end of the week
            out[k] = v[np.minimum(np.arange(weeks) * 7 + 6, n - 1)]
        else:  # flows: the week's sum
            out[k] = np.add.reduceat(v, np.arange(0, n, 7))
    return out


@dataclass
class SimResult:
    """One simulated run (see :func:`simulate`).

    Attributes
    ----------
    summary : dict
        Headline numbers: ``received``, ``resolved``, ``resolution_rate``,
        ``on_time_rate``, ``grid_share`` (resolved inside the grid /
        received), ``unresolved``, ``open``, ``timeouts``,
        ``mean_resolution_days``, ``p50_days``, ``p90_days``, ``p95_days``,
        ``p99_days``, ``mean_utilisation``, ``events_per_second``.
    levels : table
        One row per level (grid, community, street, district): ``reached``,
        ``resolved``, ``passed_on`` (escalated; for the district: closed
        unresolved) and ``open``.
    grids : table
        One row per grid (index: grid code): ``received``, ``resolved``,
        ``resolved_<level>``, ``unresolved``, ``open``, ``on_time``,
        ``timeouts``, ``resolution_rate``, ``on_time_rate``, ``grid_share``,
        ``mean_resolution_days``, ``busy_hours``, ``capacity_hours``,
        ``utilisation``, ``mean_wait_hours``.
    channels, types : table
        The same counts per channel and per event type.
    daily : table
        Per day (``days + drain_days`` rows): ``arrivals``, ``resolved``,
        ``escalated``, ``unresolved``, ``backlog`` (in hand at the end of the
        day) and ``grid_queue`` (waiting or in service at a grid).
    histogram : numpy.ndarray
        Time to resolution in bins of ``hist_bin_days`` (the last bin is
        open-ended).
    unit_received : numpy.ndarray
        Events per unit (for maps).
    metrics : dict
        The :data:`SIM_METRICS` of this run.
    raw : dict
        Everything as returned by the core.
    """

    summary: dict[str, Any]
    levels: Table = field(repr=False)
    grids: Table = field(repr=False)
    channels: Table = field(repr=False)
    types: Table = field(repr=False)
    daily: Table = field(repr=False)
    histogram: np.ndarray = field(repr=False)
    hist_bin_days: float = field(repr=False)
    unit_received: np.ndarray = field(repr=False)
    metrics: dict[str, float] = field(repr=False)
    days: int = 365
    drain_days: int = 30
    seed: int = 0
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def weekly(self) -> Table:
        """The daily series by week: flows summed, stocks (backlog, grid
        queue) at the week's end."""
        return _table(_weekly(self.raw["daily"]))

    def conserved(self) -> bool:
        """received == resolved at every level + unresolved + open, for the
        total, every grid, channel and type."""
        ok = True
        for part in ("total", "grids", "channels", "types"):
            t = self.raw[part]
            lhs = np.asarray(t["received"])
            rhs = sum(np.asarray(t[f"resolved_{lv}"]) for lv in LEVELS) + t["unresolved"] + t["open"]
            ok = ok and bool(np.all(lhs == rhs))
        return ok


def _make_result(d: dict[str, Any], grid_codes: Sequence[str]) -> SimResult:
    total = {k: (v[0].item() if isinstance(v, np.ndarray) else v) for k, v in d["total"].items()}
    m = dict(zip(SIM_METRICS, (float(x) for x in d["metrics"])))
    q = d["quantiles"]
    grids = d["grids"]
    staffed = np.asarray(grids["capacity_hours"]) > 0
    summary = {
        "received": int(total["received"]),
        "resolved": int(total["resolved"]),
        "resolution_rate": float(total["resolution_rate"]),
        "on_time_rate": float(total["on_time_rate"]),
        "grid_share": float(total["grid_share"]),
        "unresolved": int(total["unresolved"]),
        "open": int(total["open"]),
        "timeouts": int(total["timeouts"]),
        "mean_resolution_days": float(total["mean_resolution_days"]),
        "p50_days": q["p50"],
        "p90_days": q["p90"],
        "p95_days": q["p95"],
        "p99_days": q["p99"],
        "mean_utilisation": float(np.mean(np.asarray(grids["utilisation"])[staffed])) if staffed.any() else 0.0,
        "seconds": d["seconds"],
        "events_per_second": total["received"] / d["seconds"] if d["seconds"] > 0 else float("nan"),
    }
    lv = d["levels"]
    return SimResult(
        summary=summary,
        levels=_table({k: lv[k] for k in ("reached", "resolved", "passed_on", "open")}, LEVELS, "level"),
        grids=_table(grids, grid_codes, "grid"),
        channels=_table(d["channels"], CHANNELS, "channel"),
        types=_table(d["types"], EVENT_TYPES, "type"),
        daily=_table(d["daily"], np.arange(len(d["daily"]["arrivals"])), "day"),
        histogram=d["histogram"],
        hist_bin_days=d["hist_bin_days"],
        unit_received=d["unit_received"],
        metrics=m,
        days=d["days"],
        drain_days=d["drain_days"],
        seed=d["seed"],
        raw=d,
    )


@dataclass
class Replications:
    """Replications of one design (see :func:`replicate`).

    Attributes
    ----------
    estimates : table
        One row per metric of :data:`SIM_METRICS` (index ``metric``):
        ``mean``, ``low``, ``high`` (the confidence interval), ``sd``, ``n``.
    samples : numpy.ndarray, shape (replications, metrics)
        Every replication's metrics (for paired comparisons).
    daily : table
        Per day: ``backlog``, ``arrivals``, ``resolved`` means with
        ``<name>_low`` / ``<name>_high`` interval columns.
    grids : table
        Per grid: ``utilisation`` and ``grid_share`` means with intervals.
    runs : list of SimResult
        Every run (empty with ``keep_runs=False``).
    confidence : float
    seconds : float
    events_per_second : float
        Received events per second of wall time, all threads together.
    """

    estimates: Table
    samples: np.ndarray = field(repr=False)
    daily: Table = field(repr=False)
    grids: Table = field(repr=False)
    runs: list[SimResult] = field(repr=False)
    confidence: float = 0.95
    seconds: float = 0.0
    events_per_second: float = 0.0
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    def estimate(self, metric: str) -> Estimate:
        """The estimate of one metric, e.g. ``"resolution_rate"``."""
        try:
            i = SIM_METRICS.index(metric)
        except ValueError:
            raise KeyError(f"unknown metric {metric!r}; one of {SIM_METRICS}") from None
        e = self.raw["estimates"]
        return Estimate(float(e["mean"][i]), float(e["low"][i]), float(e["high"][i]), float(e["sd"][i]), int(e["n"][i]))

    def sample(self, metric: str) -> np.ndarray:
        """The per-replication values of one metric."""
        return self.samples[:, SIM_METRICS.index(metric)]

    def __repr__(self) -> str:
        r = self.estimate("resolution_rate")
        g = self.estimate("grid_share")
        return (f"<Replications n={r.n}: resolution rate {r.mean:.4f} [{r.low:.4f}, {r.high:.4f}], "
                f"in grid {g.mean:.4f} [{g.low:.4f}, {g.high:.4f}]>")


def _estimate_columns(e: Mapping[str, np.ndarray], name: str) -> dict[str, np.ndarray]:
    return {name: e["mean"], f"{name}_low": e["low"], f"{name}_high": e["high"]}


def _make_replications(d: dict[str, Any], grid_codes: Sequence[str], confidence: float) -> Replications:
    e = d["estimates"]
    daily: dict[str, np.ndarray] = {}
    for k in ("backlog", "arrivals", "resolved"):
        daily.update(_estimate_columns(d["daily"][k], k))
    grids: dict[str, np.ndarray] = {}
    for k in ("utilisation", "grid_share"):
        grids.update(_estimate_columns(d["grids"][k], k))
    received = float(np.sum(d["samples"][:, 0])) if len(d["samples"]) else 0.0
    return Replications(
        estimates=_table({k: e[k] for k in ("mean", "low", "high", "sd", "n")}, SIM_METRICS, "metric"),
        samples=d["samples"],
        daily=_table(daily, np.arange(len(daily["backlog"])), "day"),
        grids=_table(grids, grid_codes, "grid"),
        runs=[_make_result(r, grid_codes) for r in d["runs"]],
        confidence=confidence,
        seconds=d["seconds"],
        events_per_second=received / d["seconds"] if d["seconds"] > 0 else float("nan"),
        raw=d,
    )


# ---------------------------------------------------------------------------
# running


def simulate(
    graph: _core.UnitGraph,
    plan: Any,
    *,
    staffing: Any = None,
    params: Params = None,
    days: int = 365,
    drain_days: int = 30,
    seed: int = 0,
    progress: Progress = None,
) -> SimResult:
    """Simulate one replication of events flowing grid > community > street > district.

    Parameters
    ----------
    graph : gridgov.UnitGraph
        Units with ``population`` (and optional ``elderly_alone``,
        ``disabled``, ``hardship`` columns, which drive special-care events).
    plan : gridgov.Plan, partition result or int array
        The grid of every unit.
    staffing : dict or table, optional
        ``full_time``, ``part_time`` and ``part_time_hours`` per grid
        (scalars broadcast); default :func:`staffing` ("1+3+X", helpers of
        8 hours a week).
    params : dict, JSON text or path, optional
        Any subset of the parameters (see :func:`default_params`).
    days : int
        Days with arrivals (day 0 is a Monday).
    drain_days : int
        Further days without arrivals to finish the events in hand.
    seed : int
        Same seed, same result, on every platform.
    progress : callable(fraction, stage) -> bool, optional
        Return False to cancel (raises ``KeyboardInterrupt``).

    Returns
    -------
    SimResult

    Raises
    ------
    gridgov.InputError
        Bad parameters (naming the key), staffing of the wrong length, a unit
        without a grid.

    Examples
    --------
    >>> import gridgov
    >>> city = gridgov.synth_city(units=1000, seed=2)
    >>> plan = gridgov.partition(city).plan
    >>> r = gridgov.simulate(city, plan, days=60, seed=3)
    >>> r.conserved()
    True
    >>> r.summary["grid_share"] > 0.5
    True
    """
    p = _plan_of(plan)
    ft, pt, hours = _staffing_arrays(staffing, p.num_grids)
    d = _core.simulate(graph, p, ft, pt, hours, params=_params_json(params), days=days, drain_days=drain_days,
                       seed=seed, progress=progress)
    return _make_result(d, p.grid_codes)


def replicate(
    graph: _core.UnitGraph,
    plan: Any,
    *,
    staffing: Any = None,
    params: Params = None,
    replications: int = 10,
    days: int = 365,
    drain_days: int = 30,
    seed: int = 0,
    threads: int = 0,
    confidence: float = 0.95,
    keep_runs: bool = True,
    progress: Progress = None,
) -> Replications:
    """Run replications in parallel threads; means with confidence intervals.

    Replication ``r`` uses seed :func:`replication_seed` ``(seed, r)``, so the
    numbers do not depend on ``threads``, and two designs run with the same
    ``seed`` share their random numbers (paired comparisons, see
    :func:`what_if`).

    Parameters
    ----------
    graph, plan, staffing, params, days, drain_days, progress
        As for :func:`simulate`.
    replications : int
        Number of runs; intervals narrow as 1/sqrt(replications).
    seed : int
        The study's seed.
    threads : int
        0 = all cores.
    confidence : float
        Of the Student-t intervals.
    keep_runs : bool
        Keep every run's detail (per grid, per day) in ``runs``.

    Returns
    -------
    Replications

    Examples
    --------
    >>> import gridgov
    >>> city = gridgov.synth_city(units=1000, seed=2)
    >>> plan = gridgov.partition(city).plan
    >>> study = gridgov.replicate(city, plan, replications=5, days=60)
    >>> e = study.estimate("on_time_rate")
    >>> e.low < e.mean < e.high
    True
    """
    p = _plan_of(plan)
    ft, pt, hours = _staffing_arrays(staffing, p.num_grids)
    d = _core.replicate(graph, p, ft, pt, hours, params=_params_json(params), replications=replications,
                        threads=threads, confidence=confidence, keep_runs=keep_runs, days=days,
                        drain_days=drain_days, seed=seed, progress=progress)
    return _make_replications(d, p.grid_codes, confidence)


@dataclass
class WhatIf:
    """Designs compared on the same random numbers (see :func:`what_if`).

    Attributes
    ----------
    table : table
        One row per (scenario, metric): ``mean``, ``low``, ``high`` and the
        paired difference from the baseline, ``diff``, ``diff_low``,
        ``diff_high`` (an interval excluding 0 is a real difference).
    studies : dict of str to Replications
    baseline : str
    """

    table: Table
    studies: dict[str, Replications] = field(repr=False)
    baseline: str = ""
    metrics: tuple[str, ...] = ()

    def __getitem__(self, name: str) -> Replications:
        return self.studies[name]


def what_if(
    graph: _core.UnitGraph,
    scenarios: Mapping[str, Mapping[str, Any]],
    *,
    baseline: Optional[str] = None,
    metrics: Sequence[str] = ("resolution_rate", "on_time_rate", "grid_share", "timeout_share",
                              "mean_resolution_days", "mean_utilisation"),
    replications: int = 10,
    days: int = 365,
    drain_days: int = 30,
    seed: int = 0,
    threads: int = 0,
    confidence: float = 0.95,
    keep_runs: bool = False,
    progress: Progress = None,
) -> WhatIf:
    """Compare designs: staffing changes, merged or split grids, other rates.

    Every scenario runs the same replications with the same seeds (common
    random numbers), so differences from the baseline are paired and their
    intervals are much narrower than those of the means.

    Parameters
    ----------
    graph : gridgov.UnitGraph
    scenarios : dict of name to dict
        Each with ``plan`` (required), and optional ``staffing`` and
        ``params`` (a parameter dict or JSON) or ``changes`` (dotted keys
        applied to the defaults with :func:`set_params`).
    baseline : str, optional
        The scenario differences are taken from (default: the first).
    metrics : sequence of str
        Rows of the table (any of :data:`SIM_METRICS`).
    replications, days, drain_days, seed, threads, confidence, keep_runs, progress
        As for :func:`replicate`.

    Returns
    -------
    WhatIf

    Examples
    --------
    >>> import gridgov
    >>> city = gridgov.synth_city(units=1000, seed=2)
    >>> plan = gridgov.partition(city).plan
    >>> w = gridgov.what_if(city, {
    ...     "1+3": {"plan": plan},
    ...     "1+0": {"plan": plan, "staffing": gridgov.staffing(plan, part_time=0)},
    ... }, replications=4, days=60)
    >>> sorted(w.studies)
    ['1+0', '1+3']
    """
    if not scenarios:
        raise ValueError("what_if: no scenarios")
    names = list(scenarios)
    base = baseline if baseline is not None else names[0]
    if base not in scenarios:
        raise KeyError(f"baseline {base!r} is not a scenario")
    for m in metrics:
        if m not in SIM_METRICS:
            raise KeyError(f"unknown metric {m!r}")
    studies: dict[str, Replications] = {}
    for i, name in enumerate(names):
        sc = dict(scenarios[name])
        unknown = set(sc) - {"plan", "staffing", "params", "changes"}
        if unknown:
            raise _core.InputError(f"what_if: scenario {name!r}: unknown keys {sorted(unknown)}")
        if "plan" not in sc:
            raise _core.InputError(f"what_if: scenario {name!r}: no plan")
        params = sc.get("params")
        if "changes" in sc:
            params = set_params(check_params(params) if params is not None else None, sc["changes"])
        sub = None
        if progress is not None:
            def sub(f: float, stage: str, _i: int = i) -> Optional[bool]:
                return progress((_i + f) / len(names), f"{name}: {stage}")
        studies[name] = replicate(graph, sc["plan"], staffing=sc.get("staffing"), params=params,
                                  replications=replications, days=days, drain_days=drain_days, seed=seed,
                                  threads=threads, confidence=confidence, keep_runs=keep_runs, progress=sub)
    tq = _core.student_t_quantile(confidence, replications - 1) if replications > 1 else float("nan")
    rows: dict[str, list[Any]] = {k: [] for k in ("scenario", "metric", "mean", "low", "high", "diff", "diff_low", "diff_high")}
    for name in names:
        st = studies[name]
        for m in metrics:
            e = st.estimate(m)
            d = st.sample(m) - studies[base].sample(m)
            dm = float(np.mean(d))
            half = tq * float(np.std(d, ddof=1)) / math.sqrt(len(d)) if len(d) > 1 else 0.0
            for k, v in (("scenario", name), ("metric", m), ("mean", e.mean), ("low", e.low), ("high", e.high),
                         ("diff", dm), ("diff_low", dm - half), ("diff_high", dm + half)):
                rows[k].append(v)
    return WhatIf(table=_table(rows), studies=studies, baseline=base, metrics=tuple(metrics))


@dataclass
class Calibration:
    """The result of :func:`calibrate`.

    Attributes
    ----------
    params : dict
        The input parameters with the fitted value set (pass to
        :func:`simulate`).
    parameter : str
    value : float
    achieved : float
        Mean resolution rate at ``value``.
    converged : bool
        Within tolerance of the target.
    iterations : int
    trace : list of (value, rate)
    """

    params: dict[str, Any] = field(repr=False)
    parameter: str
    value: float
    achieved: float
    converged: bool
    iterations: int
    trace: list[tuple[float, float]] = field(repr=False)


def calibrate(
    graph: _core.UnitGraph,
    plan: Any,
    *,
    target: float,
    parameter: str = "escalation_scale",
    staffing: Any = None,
    params: Params = None,
    low: float = 0.0,
    high: float = 0.0,
    tolerance: float = 0.002,
    max_iterations: int = 40,
    replications: int = 4,
    days: int = 365,
    drain_days: int = 30,
    seed: int = 0,
    threads: int = 0,
    progress: Progress = None,
) -> Calibration:
    """Fit one parameter so that the mean resolution rate hits a target.

    Bisection on common random numbers (every evaluation uses the same
    replication seeds), widening the bracket when needed.

    Parameters
    ----------
    target : float
        E.g. 0.91 (Chengguan) or 0.995 (Honggu).
    parameter : {"escalation_scale", "rate_scale", "service_scale", "grid_patience_hours", "district_resolve"}
        ``escalation_scale`` multiplies every level's escalation share;
        ``district_resolve`` sets the district's resolve share of every type.
    low, high : float
        The bracket (0, 0: a default per parameter).
    tolerance : float
        Stop when ``|achieved - target| <= tolerance``.
    replications : int
        Per evaluation.

    Returns
    -------
    Calibration

    Examples
    --------
    >>> import gridgov
    >>> city = gridgov.synth_city(units=1000, seed=2)
    >>> plan = gridgov.partition(city).plan
    >>> c = gridgov.calibrate(city, plan, target=0.91, replications=2, days=60)
    >>> c.converged and abs(c.achieved - 0.91) <= 0.002
    True
    """
    p = _plan_of(plan)
    ft, pt, hours = _staffing_arrays(staffing, p.num_grids)
    d = _core.calibrate(graph, p, ft, pt, hours, params=_params_json(params), target=target, parameter=parameter,
                        low=low, high=high, tolerance=tolerance, max_iterations=max_iterations,
                        replications=replications, threads=threads, days=days, drain_days=drain_days, seed=seed,
                        progress=progress)
    return Calibration(params=json.loads(d["params"]), parameter=d["parameter"], value=d["value"],
                       achieved=d["achieved"], converged=d["converged"], iterations=d["iterations"],
                       trace=[tuple(t) for t in d["trace"]])


def summarize(samples: Union[np.ndarray, Sequence[Mapping[str, float]], Sequence[SimResult]],
              confidence: float = 0.95) -> Table:
    """Means and Student-t intervals of per-replication metrics gathered
    elsewhere (e.g. from a Dask cluster), exactly as :func:`replicate` does.

    Parameters
    ----------
    samples : array (replications, metrics), list of metric dicts or list of SimResult

    Returns
    -------
    table
        Index ``metric``; columns ``mean``, ``low``, ``high``, ``sd``, ``n``.
    """
    if len(samples) and isinstance(samples[0], SimResult):  # type: ignore[index]
        rows = [[s.metrics[m] for m in SIM_METRICS] for s in samples]  # type: ignore[union-attr]
        names = list(SIM_METRICS)
    elif len(samples) and isinstance(samples[0], Mapping):  # type: ignore[index]
        names = list(samples[0].keys())  # type: ignore[union-attr]
        rows = [[float(s[m]) for m in names] for s in samples]  # type: ignore[index]
    else:
        rows = np.asarray(samples, dtype=float)
        names = list(SIM_METRICS)
    a = np.asarray(rows, dtype=float)
    n = a.shape[0]
    mean = a.mean(axis=0)
    if n > 1:
        sd = a.std(axis=0, ddof=1)
        half = _core.student_t_quantile(confidence, n - 1) * sd / math.sqrt(n)
    else:
        sd = np.zeros_like(mean)
        half = np.zeros_like(mean)
    return _table({"mean": mean, "low": mean - half, "high": mean + half, "sd": sd, "n": np.full(len(names), n)},
                  names, "metric")
