"""Reading files and validating plans."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Sequence, Tuple, Union

from . import _core

PathLike = Union[str, "os.PathLike[str]"]
BoundsSpec = Union[Tuple[str, float, float], Sequence[Tuple[str, float, float]]]


def read_graph(units: PathLike, edges: PathLike) -> _core.UnitGraph:
    """Read a unit graph from ``units.csv`` and ``edges.csv``.

    Parameters
    ----------
    units : path
        CSV with columns ``id,x,y,households,population,community`` and any
        extra numeric columns (``elderly_alone``, ``disabled``, ...).
    edges : path
        CSV with columns ``u,v`` naming unit ids.

    Raises
    ------
    gridgov.InputError
        (a ``ValueError``) naming the file, line and problem.
    """
    return _core.UnitGraph.from_csv(os.fspath(units), os.fspath(edges))


def read_plan(path: PathLike, graph: _core.UnitGraph) -> _core.Plan:
    """Read a plan CSV (``id,grid``) for ``graph``."""
    return _core.Plan.from_csv(os.fspath(path), graph)


def read_divisions(path: PathLike) -> tuple[_core.Hierarchy, list[str]]:
    """Read a divisions CSV (``level,code,name,parent_code``).

    Returns the hierarchy of every valid row and the list of errors (each
    ``"file:line: code: problem"``); an empty list means the file is valid.
    """
    return _core.Hierarchy.from_csv(os.fspath(path))


def _normalise_bounds(bounds: BoundsSpec | None, attribute: str, min: float, max: float) -> list[tuple[str, float, float]]:
    if bounds is None:
        return [(attribute, float(min), float(max))]
    if isinstance(bounds, tuple) and len(bounds) == 3 and isinstance(bounds[0], str):
        return [(bounds[0], float(bounds[1]), float(bounds[2]))]
    return [(str(a), float(lo), float(hi)) for a, lo, hi in bounds]


@dataclass
class ValidationReport:
    """The result of :func:`validate`.

    Attributes
    ----------
    summary : dict
        ``units``, ``grids``, ``valid``, ``within_bounds``, ``contiguous``,
        ``nested`` (booleans over all grids), counts per rule and the mean
        compactness figures.
    grids : list of dict
        One entry per grid: ``grid``, ``type``, ``community``, ``units``,
        ``households``, ``population``, special groups, ``within_bounds``,
        ``contiguous``, ``components``, ``nested``, ``cut_edge_ratio``,
        ``moment_of_inertia``, ``polsby_popper``.
    levels : list of dict
        Totals per community, street and county.
    violations : list of dict
        ``rule``, ``grid``, ``unit`` and a ``message`` each.
    """

    summary: dict[str, Any]
    grids: list[dict[str, Any]] = field(repr=False)
    levels: list[dict[str, Any]] = field(repr=False)
    violations: list[dict[str, Any]] = field(repr=False)
    bounds: list[dict[str, Any]] = field(repr=False)

    @property
    def valid(self) -> bool:
        """True when every rule holds."""
        return bool(self.summary["valid"])

    def to_dict(self) -> dict[str, Any]:
        return {"summary": self.summary, "bounds": self.bounds, "grids": self.grids,
                "levels": self.levels, "violations": self.violations}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def grids_frame(self):
        """The per-grid table as a pandas DataFrame (pandas required)."""
        import pandas as pd

        return pd.DataFrame(self.grids)


def validate(
    graph: _core.UnitGraph,
    plan: _core.Plan,
    *,
    min: float = 300,
    max: float = 500,
    attribute: str = "households",
    bounds: BoundsSpec | None = None,
    nesting: str = "community",
    rural_below_min_ok: bool = True,
) -> ValidationReport:
    """Check a plan against every rule.

    Every unit in exactly one grid; every grid contiguous; every grid inside
    one community (``nesting="community"``), street or anywhere
    (``"none"``); totals within bounds (dedicated grids exempt; rural grids
    may fall below the minimum). O(n + m); the GIL is released.

    Parameters
    ----------
    graph, plan : UnitGraph, Plan
    min, max, attribute : bounds on one attribute (default households 300..500)
    bounds : (attribute, min, max) or a list of them; overrides min/max/attribute
    nesting : "community", "street" or "none"

    Examples
    --------
    >>> report = gridgov.validate(graph, plan, min=300, max=500)  # doctest: +SKIP
    >>> report.valid, report.summary["grids"]  # doctest: +SKIP
    (True, 42)
    """
    b = _normalise_bounds(bounds, attribute, min, max)
    data = json.loads(_core.validate_json(graph, plan, b, nesting, rural_below_min_ok))
    return ValidationReport(summary=data["summary"], grids=data["grids"], levels=data["levels"],
                            violations=data["violations"], bounds=data["bounds"])


def report_text(graph: _core.UnitGraph, plan: _core.Plan, *, min: float = 300, max: float = 500,
                attribute: str = "households", bounds: BoundsSpec | None = None,
                nesting: str = "community") -> str:
    """The human-readable report tables (as ``gridgov report`` prints them)."""
    return _core.report_text(graph, plan, _normalise_bounds(bounds, attribute, min, max), nesting)

