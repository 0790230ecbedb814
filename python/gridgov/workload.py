"""Workload per grid, workload-balanced grids, staffing and fairness.

Results are dicts of numpy arrays (one entry per grid, unit or person); call
``.frame("grids")`` on a result for a pandas DataFrame when pandas is
installed. Every function releases the GIL while the C++ core runs.

>>> import gridgov
>>> g = gridgov.synth_city(units=2000, seed=1)
>>> plan = gridgov.partition(g).plan
>>> w = gridgov.workload(g, plan)
>>> float(w.grids["total"].mean()) > 0
True
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional, Sequence, Union

import numpy as np

from . import _core, _options
from ._results import Infeasibility, infeasibilities
from ._table import Table

Progress = Optional[Callable[[float, str], Optional[bool]]]
ConfigSpec = Union[None, str, os.PathLike, Mapping[str, Any]]

BalancedOptions = _core.BalancedOptions

__all__ = [
    "BalancedOptions",
    "WorkloadResult",
    "BalancedResult",
    "StaffingResult",
    "workload_config",
    "workload",
    "balanced_partition",
    "staff",
    "evaluate_staffing",
    "minimum_staff",
    "read_people",
    "fairness",
    "compare_fairness",
]


def _config_text(config: ConfigSpec) -> str:
    """A JSON text from None (defaults), a dict, a JSON string or a path."""
    if config is None:
        return ""
    if isinstance(config, Mapping):
        return json.dumps(config)
    text = os.fspath(config)
    if text.lstrip().startswith("{"):
        return text
    with open(text, encoding="utf-8") as f:
        return f.read()


def workload_config(config: ConfigSpec = None) -> dict[str, Any]:
    """The full configuration (every default filled in) as a dict.

    Raises ``gridgov.InputError`` naming the key for unknown keys, wrong
    types or negative values. See docs/workload.md for every key.
    """
    return json.loads(_core.workload_config(_config_text(config)))


@dataclass(repr=False)
class WorkloadResult:
    """Hours per week by component (routine, special, events, travel, admin).

    Attributes
    ----------
    units : dict of numpy arrays, each shape (n,)
        ``routine``, ``special``, ``events``, ``travel`` (additive proxy),
        ``total``, ``visits_per_week``, ``area`` (m^2).
    grids : dict of arrays, each shape (k,)
        ``code``, ``community`` (lists of str), ``units``, ``households``,
        ``population``, ``routine``, ``special``, ``events``, ``travel``
        (BHH tour of the grid), ``admin``, ``total``, ``visits_per_week``,
        ``stops_per_round``, ``area_m2``, ``tour_km_per_round``, ``cx``, ``cy``.
    levels : gridgov.Table
        Totals per community, street, county and the city.
    warnings : list of str

    ``units``, ``grids`` and ``levels`` are :class:`gridgov.Table` objects.
    """

    units: Table
    grids: Table
    levels: Table
    warnings: list[str]

    def frame(self, what: str = "grids"):
        """A pandas DataFrame of ``"grids"``, ``"units"`` or ``"levels"``."""
        return getattr(self, what).to_pandas()

    def __repr__(self) -> str:
        t = np.asarray(self.grids["total"], dtype=float) if len(self.grids) else np.zeros(0)
        spread = f", {t.min():.1f}-{t.max():.1f} h/week per grid (mean {t.mean():.1f})" if t.size else ""
        return f"<WorkloadResult: {len(self.grids)} grids, {len(self.units)} units{spread}, {len(self.warnings)} warning(s)>"

    @property
    def fairness(self) -> dict[str, float]:
        """Spread of workload per grid (cv, max_over_mean, gini, ...)."""
        return fairness(self.grids["total"])


def workload(graph: _core.UnitGraph, plan: _core.Plan, *, config: ConfigSpec = None) -> WorkloadResult:
    """Workload in hours per week per unit, grid and level.

    Parameters
    ----------
    graph : gridgov.UnitGraph
        Units with ``households`` and ``population`` (and optionally
        ``elderly_alone``, ``disabled``, ``hardship``).
    plan : gridgov.Plan
    config : dict, JSON text, path or None
        See docs/workload.md; None uses the defaults.
    """
    d = _core.compute_workload(graph, plan, config=_config_text(config))
    levels = d["levels"]
    level_cols = {k: [lv[k] for lv in levels] for k in (levels[0] if levels else {})}
    return WorkloadResult(units=Table(d["units"]), grids=Table(d["grids"]), levels=Table(level_cols),
                          warnings=d["warnings"])


@dataclass(repr=False)
class BalancedResult:
    """A partition bounded by households and workload (see :func:`balanced_partition`).

    ``balanced`` and ``households_only`` are fairness dicts of the workload
    per grid of the balanced plan and of the households-only plan.
    """

    plan: Any
    grid: np.ndarray
    grid_codes: list[str]
    workload_bounds: tuple[float, float]
    grids_within_both: int
    balanced: dict[str, float]
    households_only: dict[str, float]
    households_only_within_both: int
    households_only_plan: Any = field(repr=False)
    grid_workload: np.ndarray = field(repr=False)
    households_only_workload: np.ndarray = field(repr=False)
    unit_workload: np.ndarray = field(repr=False)
    infeasible: list[Infeasibility] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.infeasible

    def __repr__(self) -> str:
        return (f"<BalancedResult: {len(self.grid_codes)} grids, {self.grids_within_both} within both bounds, "
                f"workload CV {self.balanced.get('cv', float('nan')):.4f} (households only "
                f"{self.households_only.get('cv', float('nan')):.4f}), valid={self.valid}>")


def balanced_partition(
    graph: _core.UnitGraph,
    options: _core.BalancedOptions | None = None,
    *,
    config: ConfigSpec = None,
    progress: Progress = None,
    **kwargs: Any,
) -> BalancedResult:
    """Partition with bounds on households *and* workload hours per grid.

    ``workload_max = 0`` sets automatic bounds: the city's workload per
    household times the target households, times ``1 -/+ tolerance``. All
    guarantees of :func:`gridgov.partition` hold. With ``compare`` the
    households-only partition is drawn too, for the before/after spread.

    Parameters
    ----------
    graph : gridgov.UnitGraph
    options : gridgov.BalancedOptions, optional
        The options; keyword arguments override them.
    config : workload configuration (dict, JSON text or path), optional
    progress : callable(fraction, stage) -> bool, optional
{options}
    """
    _options.check_inputs("balanced_partition", graph)
    o = _options.make(_core.BalancedOptions, options, kwargs, "balanced_partition")
    d = _core.balanced_partition(graph, _config_text(config), o,
                                 _options.check_progress(progress, "balanced_partition"))
    return BalancedResult(
        plan=d["plan"], grid=d["grid"], grid_codes=d["grid_codes"], workload_bounds=tuple(d["workload_bounds"]),
        grids_within_both=d["grids_within_both"], balanced=d["balanced"], households_only=d["households_only"],
        households_only_within_both=d["households_only_within_both"], households_only_plan=d["households_only_plan"],
        grid_workload=d["grid_workload"], households_only_workload=d["households_only_workload"],
        unit_workload=d["unit_workload"], infeasible=infeasibilities(d["infeasible"]), warnings=d["warnings"])


balanced_partition.__doc__ = balanced_partition.__doc__.format(options=_options.options_doc(_core.BalancedOptions))


@dataclass(repr=False)
class StaffingResult:
    """Who serves where (see :func:`staff`).

    Attributes
    ----------
    assignments : dict of arrays
        ``person``, ``grid`` (lists of str), ``person_index``, ``grid_index``,
        ``hours``, ``slot`` ("full_time", "required", "extra").
    people : dict of arrays, one entry per person
        ``id``, ``role``, ``hours_available``, ``hours_assigned``, ``load``,
        ``grids``, ``distance_km``, ``overloaded``.
    grids : dict of arrays, one entry per grid
        ``code``, ``workload``, ``full_time``, ``full_time_hours``,
        ``helper_demand``, ``helper_hours``, ``part_time``, ``auxiliary``,
        ``uncovered``, ``missing_*``.
    shortages : list of dict
        What the pattern is short of: ``what``, ``needed``, ``available``, ``message``.
    minimum_staff : dict
    load_fairness : dict
    summary : dict
        Objectives of the three stages, ``uncovered_hours``, ``feasible``, ``seconds``.
    geometry : dict
        Grid centroids ``cx``, ``cy`` in metres and the ``x_scale``/``y_scale``
        applied to homes (1 for projected coordinates).
    """

    assignments: Table = field(repr=False)
    people: Table = field(repr=False)
    grids: Table = field(repr=False)
    shortages: list[dict[str, Any]]
    minimum_staff: dict[str, Any]
    load_fairness: dict[str, float]
    summary: dict[str, Any]
    geometry: dict[str, Any] = field(repr=False)

    @property
    def feasible(self) -> bool:
        return bool(self.summary["feasible"])

    def frame(self, what: str = "assignments"):
        """A pandas DataFrame of ``"assignments"``, ``"people"`` or ``"grids"``."""
        return getattr(self, what).to_pandas()

    def __repr__(self) -> str:
        return (f"<StaffingResult: {len(self.people)} people, {len(self.grids)} grids, "
                f"{len(self.assignments)} assignments, feasible={self.feasible}, {len(self.shortages)} shortage(s)>")


_PEOPLE_COLUMNS = ("id", "role", "hours", "x", "y", "community", "skills")


def read_people(path: Union[str, os.PathLike], *, encoding: str = "auto") -> dict[str, Any]:
    """Read a people CSV (``id,role[,hours][,x,y][,community][,skills]``) as columns.

    ``encoding``: ``"auto"`` (UTF-8 with or without a byte-order mark, else
    GB18030 with a warning), ``"utf-8"``, ``"gbk"`` or ``"gb18030"``."""
    return _core.read_people(os.fspath(path), encoding=encoding)


def _people_columns(people: Any) -> dict[str, Any]:
    if isinstance(people, (str, os.PathLike)):
        people = read_people(people)
    if hasattr(people, "to_dict") and hasattr(people, "columns"):  # a DataFrame
        people = {c: people[c].tolist() for c in people.columns}
    if not isinstance(people, Mapping):
        raise TypeError("people must be a path, a dict of columns or a pandas DataFrame")
    unknown = set(people) - set(_PEOPLE_COLUMNS)
    if unknown:
        raise ValueError(f"unknown people columns {sorted(unknown)}; expected some of {_PEOPLE_COLUMNS}")
    if "id" not in people or "role" not in people:
        raise ValueError("people need 'id' and 'role' columns")
    n = len(people["id"])

    def floats(name):
        if name not in people:
            return []
        a = np.asarray(people[name], dtype=float)
        if a.shape != (n,):
            raise ValueError(f"people column {name!r} has shape {a.shape}, expected ({n},)")
        return a.tolist()

    def strings(name):
        if name not in people:
            return []
        return ["" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in people[name]]

    return {"ids": [str(v) for v in people["id"]], "roles": strings("role"), "hours": floats("hours"),
            "x": floats("x"), "y": floats("y"), "community": strings("community"), "skills": strings("skills")}


def _staffing(graph, plan, people, config, pattern, evaluate, progress) -> StaffingResult:
    cols = _people_columns(people)
    d = _core.staff(graph, plan, **cols, config=_config_text(config), pattern=pattern or "", evaluate=evaluate,
                    progress=progress)
    for k in ("assignments", "people", "grids"):
        d[k] = Table(d[k])
    return StaffingResult(**d)


def staff(
    graph: _core.UnitGraph,
    plan: _core.Plan,
    people: Any,
    *,
    pattern: Optional[str] = None,
    config: ConfigSpec = None,
    progress: Progress = None,
) -> StaffingResult:
    """Assign people to grids by a staffing pattern, covering the workload.

    Parameters
    ----------
    people : path, dict of columns or pandas DataFrame
        Columns ``id``, ``role`` (full_time, part_time, auxiliary), optional
        ``hours`` (NaN = the role's default), ``x``, ``y`` (home, NaN = none),
        ``community`` (home community when there is no x, y), ``skills``
        (";"-separated).
    pattern : str
        "1+3+X" (default from the config), "1+N", "1+4+X", "1+1", ...

    The objective (exact, stage by stage; see include/gridgov/workload/staffing.hpp):
    full-time workers to grids at minimum total distance, required helpers
    likewise, then helper hours by a min-cost flow minimising
    ``travel_weight * km * hours`` plus a convex penalty on each person's
    load fraction.
    """
    return _staffing(graph, plan, people, config, pattern, None, progress)


def evaluate_staffing(
    graph: _core.UnitGraph,
    plan: _core.Plan,
    people: Any,
    grid_of_person: Sequence[str],
    *,
    pattern: Optional[str] = None,
    config: ConfigSpec = None,
) -> StaffingResult:
    """Evaluate an existing staffing (one grid code per person, "" for none):
    each grid's workload is shared in proportion to hours, so overloaded
    people and missing roles are reported."""
    return _staffing(graph, plan, people, config, pattern, [str(g) for g in grid_of_person], None)


def minimum_staff(graph: _core.UnitGraph, plan: _core.Plan, *, pattern: Optional[str] = None,
                  config: ConfigSpec = None) -> dict[str, Any]:
    """The fewest people a district needs for ``pattern`` with the default
    hours per role: ``full_time``, ``part_time``, ``auxiliary``, ``total``,
    ``extra_per_grid``."""
    return _core.minimum_staff(graph, plan, config=_config_text(config), pattern=pattern or "")


def fairness(values: Any) -> dict[str, float]:
    """``n, total, mean, min, max, stddev, cv, max_over_mean, gini`` of non-negative loads."""
    return _core.fairness(np.asarray(values, dtype=float).ravel().tolist())


def compare_fairness(before: Any, after: Any) -> dict[str, Any]:
    """Before/after spread of two plans or staffings: both summaries and the
    changes (``delta_cv``, ``delta_max_over_mean``, ``delta_gini``, ``fairer``)."""
    b, a = fairness(before), fairness(after)
    return {"before": b, "after": a, "delta_cv": a["cv"] - b["cv"],
            "delta_max_over_mean": a["max_over_mean"] - b["max_over_mean"],
            "delta_gini": a["gini"] - b["gini"], "fairer": a["cv"] < b["cv"]}
