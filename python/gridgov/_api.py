"""Reading files and validating plans."""
from __future__ import annotations

import json
import os
import math
from dataclasses import dataclass
from typing import Any, Union

from . import _core, _options
from ._results import ValidationSummary, html_summary
from ._table import Table

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
    Placeholders (an all-zero county, street or community sequence repeating
    its parent, as the statistics bureau publishes a city without counties
    or a county without streets) are kept; ``hierarchy.notes`` lists them.
    """
    return _core.Hierarchy.from_csv(os.fspath(path))


@dataclass(repr=False)
class ValidationReport:
    """The result of :func:`validate`.

    Attributes
    ----------
    summary : gridgov.ValidationSummary
        ``units``, ``grids``, ``valid``, ``within_bounds``, ``contiguous``,
        ``nested`` (over all grids), counts per rule and the mean
        compactness figures (also readable by name: ``summary["grids"]``).
    grids : gridgov.Table, one row per grid
        ``grid`` (code), ``type``, ``community`` ("" if several), ``units``,
        ``households``, ``population``, special groups, totals of any other
        bounded attribute, ``within_bounds``, ``contiguous``,
        ``components``, ``nested``, ``cut_edges``, ``edges``,
        ``cut_edge_ratio``, ``moment_of_inertia``, ``polsby_popper``.
    levels : gridgov.Table
        Totals per community, street and county.
    violations : gridgov.Table
        ``rule``, ``grid``, ``unit`` and a ``message`` each.
    bounds : list of gridgov.Bounds
    """

    summary: ValidationSummary
    grids: Table
    levels: Table
    violations: Table
    bounds: list[_core.Bounds]

    @property
    def valid(self) -> bool:
        """True when every rule holds."""
        return bool(self.summary.valid)

    def to_dict(self) -> dict[str, Any]:
        return {"summary": self.summary.to_dict(), "bounds": [json.loads(b.to_json()) for b in self.bounds],
                "grids": list(self.grids.rows()), "levels": list(self.levels.rows()),
                "violations": list(self.violations.rows())}

    def to_json(self, indent: int | None = 2) -> str:
        def finite(x: Any) -> Any:
            return None if isinstance(x, float) and not math.isfinite(x) else x

        d = self.to_dict()
        d["grids"] = [{k: finite(v) for k, v in g.items()} for g in d["grids"]]
        d["summary"] = {k: finite(v) for k, v in d["summary"].items()}
        return json.dumps(d, indent=indent, ensure_ascii=False)

    def grids_frame(self):
        """The per-grid table as a pandas DataFrame (pandas required)."""
        return self.grids.to_pandas()

    def __repr__(self) -> str:
        s = self.summary
        return (f"<ValidationReport: {'valid' if s.valid else 'invalid'}, {s.grids} grids, {s.grids_within_bounds} "
                f"within bounds, {s.grids_contiguous} contiguous, {s.grids_nested} nested, {s.violations} violation(s)>")

    def _repr_html_(self) -> str:
        return html_summary("ValidationReport", list(self.summary.items()))


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
    _options.check_inputs("validate", graph, plan)
    o = _options.make(_core.ValidateOptions, options, kwargs, "validate")
    d = _core.validate(graph, plan, o)
    return ValidationReport(summary=ValidationSummary(**d["summary"]), grids=Table(d["grids"]),
                            levels=Table(d["levels"]), violations=Table(d["violations"]), bounds=d["bounds"])


def report_text(graph: _core.UnitGraph, plan: _core.Plan, options: _core.ValidateOptions | None = None,
                **kwargs: Any) -> str:
    """The human-readable report tables (as ``gridgov report`` prints them);
    options as for :func:`validate`."""
    _options.check_inputs("report_text", graph, plan)
    return _core.report_text(graph, plan, _options.make(_core.ValidateOptions, options, kwargs, "report_text"))


validate.__doc__ = validate.__doc__.format(options=_options.options_doc(_core.ValidateOptions))
