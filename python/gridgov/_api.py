"""Reading files and validating plans."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Union

from . import _core, _options

PathLike = Union[str, "os.PathLike[str]"]


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
    options: _core.ValidateOptions | None = None,
    **kwargs: Any,
) -> ValidationReport:
    """Check a plan against every rule.

    Every unit in exactly one grid; every grid contiguous; every grid inside
    one community (``nesting="community"``), street or anywhere
    (``"none"``); totals within bounds (dedicated grids exempt; rural grids
    may fall below the minimum). O(n + m); the GIL is released.

    Parameters
    ----------
    graph, plan : UnitGraph, Plan
    options : gridgov.ValidateOptions, optional
        The options; keyword arguments override them.
{options}

    Examples
    --------
    >>> report = gridgov.validate(graph, plan, min=300, max=500)  # doctest: +SKIP
    >>> report.valid, report.summary["grids"]  # doctest: +SKIP
    (True, 42)
    """
    o = _options.make(_core.ValidateOptions, options, kwargs, "validate")
    data = json.loads(_core.validate_json(graph, plan, o))
    return ValidationReport(summary=data["summary"], grids=data["grids"], levels=data["levels"],
                            violations=data["violations"], bounds=data["bounds"])


def report_text(graph: _core.UnitGraph, plan: _core.Plan, options: _core.ValidateOptions | None = None,
                **kwargs: Any) -> str:
    """The human-readable report tables (as ``gridgov report`` prints them);
    options as for :func:`validate`."""
    return _core.report_text(graph, plan, _options.make(_core.ValidateOptions, options, kwargs, "report_text"))


validate.__doc__ = validate.__doc__.format(options=_options.options_doc(_core.ValidateOptions))
