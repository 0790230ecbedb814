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


ColumnsLike = Union[dict, str, None]

_CSV_KEYWORDS = """
    encoding : str
        ``"auto"`` (default: UTF-8 with or without a byte-order mark, else
        GB18030/GBK, as Excel saves CSV on a Chinese Windows, with a
        ``UserWarning`` saying so), ``"utf-8"``, ``"gbk"`` or ``"gb18030"``.
        Files that are UTF-8 throughout are read as UTF-8 whatever is named.
    columns : dict, optional
        Columns named otherwise, ``{gridgov name: column in the file}``, e.g.
        ``{"id": "编号", "households": "户数", "community": "社区"}``; entries
        a file lacks are left aside for it, so one mapping serves the units,
        edges and plan files.
"""


def _is_workbook(path: PathLike) -> bool:
    return os.fspath(path).lower().endswith((".xlsx", ".xlsm"))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)  # a code stored as a number: 620102001001.0 -> 620102001001
    text = str(value)
    if any(c in text for c in ',"\n\r'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def _workbook_csv(path: PathLike, sheet: str | None = None) -> tuple[bytes, str]:
    """The first (or the named) sheet of an .xlsx workbook as UTF-8 CSV bytes,
    and a source name for errors ("file.xlsx[Sheet1]"); line N of the CSV is
    row N of the sheet."""
    try:
        import openpyxl
    except ImportError as e:  # pragma: no cover - openpyxl is a declared extra
        raise ImportError("reading .xlsx needs openpyxl: pip install 'gridgov[xlsx]' (or openpyxl)") from e
    wb = openpyxl.load_workbook(os.fspath(path), read_only=True, data_only=True)
    try:
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        lines = []
        for row in ws.iter_rows(values_only=True):
            cells = [_cell_text(v) for v in row]
            while cells and cells[-1] == "":
                cells.pop()
            lines.append(",".join(cells))
        title = ws.title
    finally:
        wb.close()
    return ("\n".join(lines) + "\n").encode("utf-8"), f"{os.fspath(path)}[{title}]"


def _csv_bytes(path: PathLike) -> tuple[bytes, str]:
    if _is_workbook(path):
        return _workbook_csv(path)
    with open(os.fspath(path), "rb") as f:
        return f.read(), os.fspath(path)


def read_graph(units: PathLike, edges: PathLike, *, encoding: str = "auto",
               columns: ColumnsLike = None, crs: Any = None) -> _core.UnitGraph:
    """Read a unit graph from ``units.csv`` and ``edges.csv`` (or ``.xlsx``
    workbooks: their first sheet, read with openpyxl).

    Parameters
    ----------
    units : path
        CSV with columns ``id,x,y,households,community``, optionally
        ``population`` and extra numeric columns (``elderly_alone``,
        ``disabled``, ...).
    edges : path
        CSV with columns ``u,v`` naming unit ids.
    crs : str or pyproj CRS, optional
        The CRS of x, y (``"EPSG:32650"``; a CSV names none): ``graph.crs``,
        which ``to_geopandas`` and the GeoJSON writers state.

    Raises
    ------
    gridgov.InputError
        (a ``ValueError``) naming the file, line and problem.
    """
    if _is_workbook(units) or _is_workbook(edges):
        u, us = _csv_bytes(units)
        e, es = _csv_bytes(edges)
        graph = _core.UnitGraph.from_csv_text(u, e, us, es, encoding=encoding, columns=columns)
    else:
        graph = _core.UnitGraph.from_csv(os.fspath(units), os.fspath(edges), encoding=encoding, columns=columns)
    if crs is not None:
        from .convert import _crs_string

        graph.crs = _crs_string(crs)
    return graph


def read_plan(path: PathLike, graph: _core.UnitGraph, *, encoding: str = "auto",
              columns: ColumnsLike = None) -> _core.Plan:
    """Read a plan CSV (``id,grid``; or an ``.xlsx`` workbook) for ``graph``."""
    if _is_workbook(path):
        text, source = _workbook_csv(path)
        return _core.Plan.from_csv_text(text, graph, source, encoding=encoding, columns=columns)
    return _core.Plan.from_csv(os.fspath(path), graph, encoding=encoding, columns=columns)


def read_divisions(path: PathLike, *, encoding: str = "auto",
                   columns: ColumnsLike = None) -> tuple[_core.Hierarchy, list[str]]:
    """Read a divisions CSV (``level,code,name,parent_code``).

    Returns the hierarchy of every valid row and the list of errors (each
    ``"file:line: code: problem"``); an empty list means the file is valid.
    Placeholders (an all-zero county, street or community sequence repeating
    its parent, as the statistics bureau publishes a city without counties
    or a county without streets) are kept; ``hierarchy.notes`` lists them.
    """
    return _core.Hierarchy.from_csv(os.fspath(path), encoding=encoding, columns=columns)


for _f in (read_graph, read_plan, read_divisions):
    _f.__doc__ = (_f.__doc__ or "") + "\n    Keyword arguments\n    -----------------" + _CSV_KEYWORDS


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
