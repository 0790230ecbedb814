"""Drawing, repairing and improving grid plans; synthetic cities.

Every function releases the GIL while the C++ core runs and can be
interrupted with Ctrl-C (``KeyboardInterrupt``), also in Jupyter.

>>> import gridgov
>>> g = gridgov.synth_city(units=2000, seed=1)
>>> r = gridgov.partition(g, bounds=("households", 300, 500))
>>> r.valid
True
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from . import _core, _options
from ._options import Progress
from ._results import Infeasibility, PartitionStats, html_summary, infeasibilities
from ._table import Table

PartitionOptions = _core.PartitionOptions
RedesignOptions = _core.RedesignOptions
ImproveOptions = _core.ImproveOptions

__all__ = [
    "PartitionResult",
    "RedesignResult",
    "ImproveResult",
    "PartitionOptions",
    "RedesignOptions",
    "ImproveOptions",
    "partition",
    "redesign",
    "improve",
    "synth_city",
]


@dataclass(repr=False)
class PartitionResult:
    """The result of :func:`partition`.

    Attributes
    ----------
    plan : gridgov.Plan
        The grid of every unit.
    grid : numpy.ndarray of int32, shape (n,)
        Grid index per unit (into ``grid_codes``).
    grid_codes : list of str
        15-digit codes (community code + 3-digit sequence) or
        ``"<community>-<seq>"`` for communities without a 12-digit code.
    grids : gridgov.Table, one row per grid
        ``code``, ``kind`` (drawn, locked, dedicated, oversized_unit),
        ``community`` (code, "" if several), ``units``, one column of totals
        per bounded attribute, one ``<attribute>_off_bounds`` column per
        bounded attribute (0 within the bounds, total - max above, total -
        min below: how far a flagged grid is from its bounds),
        ``within_bounds``, ``flagged``.
    infeasible : list of gridgov.Infeasibility
        Why some piece admits no plan within the rules (``status``
        ``"proven_infeasible"``, with a witness where one unit proves it) or
        none was found (``"undecided"``, kind ``search_failed``). Every other
        piece is planned within the bounds; the best plan found is returned
        for the infeasible ones too.
    warnings : list of str
    stats : gridgov.PartitionStats
    """

    plan: _core.Plan
    grid: np.ndarray
    grid_codes: list[str]
    grids: Table
    infeasible: list[Infeasibility]
    warnings: list[str]
    stats: PartitionStats

    @property
    def valid(self) -> bool:
        """True when no infeasibility was reported."""
        return not self.infeasible

    def __repr__(self) -> str:
        return (f"<PartitionResult: {len(self.grid_codes)} grids, {len(self.infeasible)} infeasible, "
                f"valid={self.valid}, {self.stats.seconds * 1000:.1f} ms>")

    def _repr_html_(self) -> str:
        return html_summary("PartitionResult", [
            ("grids", len(self.grid_codes)), ("within bounds", int(np.sum(self.grids["within_bounds"]))),
            ("infeasible", "; ".join(f"{i.kind}: {i.reason}" for i in self.infeasible[:5]) or "none"),
            ("warnings", len(self.warnings)), ("seconds", f"{self.stats.seconds:.4f}")])


@dataclass(repr=False)
class RedesignResult:
    """The result of :func:`redesign`.

    Attributes
    ----------
    plan : gridgov.Plan
    grid : numpy.ndarray of int32, shape (n,)
    grid_codes : list of str
    grids : gridgov.Table, one row per grid (as :class:`PartitionResult`)
    moves : gridgov.Table, one row per moved or placed unit
        ``unit`` (int32), ``old_grid`` ("" for new units), ``new_grid``,
        ``households`` (of the moved attribute).
    moved_units, moved_households : int, float
        Units that had a grid and changed it, and their households.
    placed_units : int
        Units without an old grid.
    kept_grids, changed_grids, new_grids, removed_grids : list of str
    infeasible : list of gridgov.Infeasibility
    """

    plan: _core.Plan
    grid: np.ndarray
    grid_codes: list[str]
    grids: Table
    moves: Table
    moved_units: int
    moved_households: float
    placed_units: int
    kept_grids: list[str]
    changed_grids: list[str]
    new_grids: list[str]
    removed_grids: list[str]
    infeasible: list[Infeasibility]
    warnings: list[str]
    seconds: float

    @property
    def valid(self) -> bool:
        return not self.infeasible

    def __repr__(self) -> str:
        return (f"<RedesignResult: {len(self.grid_codes)} grids ({len(self.kept_grids)} kept, "
                f"{len(self.changed_grids)} changed, {len(self.new_grids)} new, {len(self.removed_grids)} removed), "
                f"moved {self.moved_units} units ({self.moved_households:g} households), valid={self.valid}>")


@dataclass(repr=False)
class ImproveResult:
    """The result of :func:`improve`: the plan with the same grids and codes,
    and cut-edge counts and spreads of the first bound's totals before and
    after."""

    plan: _core.Plan
    grid: np.ndarray
    grid_codes: list[str]
    cut_edges_before: int
    cut_edges_after: int
    spread_before: float
    spread_after: float
    moves: int
    moved_units: int
    passes: int
    timed_out: bool

    def __repr__(self) -> str:
        return (f"<ImproveResult: cut edges {self.cut_edges_before} -> {self.cut_edges_after}, "
                f"{self.moved_units} units moved in {self.passes} passes>")


def _partition_result(d: dict[str, Any]) -> PartitionResult:
    d["grids"] = Table(d["grids"])
    d["infeasible"] = infeasibilities(d["infeasible"])
    d["stats"] = PartitionStats(**d["stats"])
    return PartitionResult(**d)


def _redesign_result(d: dict[str, Any]) -> RedesignResult:
    d["grids"] = Table(d["grids"])
    d["moves"] = Table(d["moves"])
    d["infeasible"] = infeasibilities(d["infeasible"])
    return RedesignResult(**d)


def partition(
    graph: _core.UnitGraph,
    options: _core.PartitionOptions | None = None,
    *,
    progress: Progress = None,
    **kwargs: Any,
) -> PartitionResult:
    """Draw grids: contiguous, nested, within bounds wherever possible.

    Parameters
    ----------
    graph : gridgov.UnitGraph
        Units with contiguity, attributes and communities.
    options : gridgov.PartitionOptions, optional
        The options; keyword arguments override them.
    progress : callable(fraction, stage) -> bool, optional
        Return False to cancel (raises ``KeyboardInterrupt``).
{options}

    Returns
    -------
    PartitionResult

    Raises
    ------
    gridgov.InputError
        A bound names a missing column, or bounds or locked units are malformed.
    TypeError, ValueError
        An unknown option, or a value of the wrong type or out of range.

    Notes
    -----
    O(n log n log k) time, linear memory: 200,000 units take about 0.2 s.

    Examples
    --------
    >>> r = gridgov.partition(g, min=300, max=500, nesting="street", seed=1)  # doctest: +SKIP
    >>> r = gridgov.partition(g, bounds={{"households": (300, 500), "population": (0, 1500)}})  # doctest: +SKIP
    """
    _options.check_inputs("partition", graph)
    o = _options.make(_core.PartitionOptions, options, kwargs, "partition")
    d = _core.partition(graph, o, _options.check_progress(progress, "partition"))
    return _partition_result(d)


def redesign(
    graph: _core.UnitGraph,
    old_plan: _core.Plan,
    options: _core.RedesignOptions | None = None,
    *,
    progress: Progress = None,
    **kwargs: Any,
) -> RedesignResult:
    """Repair ``old_plan`` for the updated ``graph``, moving few households.

    Parameters
    ----------
    graph : gridgov.UnitGraph
        The updated units.
    old_plan : gridgov.Plan
        The old grid of every unit of ``graph`` (-1 for new units), e.g.
        ``gridgov.read_plan(path, graph)``.
    options : gridgov.RedesignOptions, optional
        The options; keyword arguments override them.
    progress : callable(fraction, stage) -> bool, optional
{options}

    Returns
    -------
    RedesignResult
        Grids that were valid keep their units and codes where possible;
        new grids get the next free code in their community.
    """
    _options.check_inputs("redesign", graph, old_plan)
    o = _options.make(_core.RedesignOptions, options, kwargs, "redesign")
    d = _core.redesign(graph, old_plan, o, _options.check_progress(progress, "redesign"))
    return _redesign_result(d)


def improve(
    graph: _core.UnitGraph,
    plan: _core.Plan,
    options: _core.ImproveOptions | None = None,
    *,
    progress: Progress = None,
    **kwargs: Any,
) -> ImproveResult:
    """Shorten boundaries and even out totals without breaking a rule.

    A unit moves to an adjacent grid of the same community only if its old
    grid stays connected, no grid's bound violation grows, and the cut-edge
    count falls (or stays equal while the spread of totals falls).

    Parameters
    ----------
    graph, plan : gridgov.UnitGraph, gridgov.Plan
    options : gridgov.ImproveOptions, optional
        The options; keyword arguments override them.
    progress : callable(fraction, stage) -> bool, optional
{options}
    """
    _options.check_inputs("improve", graph, plan)
    o = _options.make(_core.ImproveOptions, options, kwargs, "improve")
    d = _core.improve(graph, plan, o, _options.check_progress(progress, "improve"))
    return ImproveResult(**d)


partition.__doc__ = partition.__doc__.format(options=_options.options_doc(_core.PartitionOptions))
redesign.__doc__ = redesign.__doc__.format(options=_options.options_doc(_core.RedesignOptions))
improve.__doc__ = improve.__doc__.format(options=_options.options_doc(_core.ImproveOptions))


def synth_city(
    units: int = 2000,
    seed: int = 1,
    *,
    queen: bool = False,
    tower_share: float = 0.05,
    people_per_household: float = 2.4,
    community_min: float = 2000,
    community_max: float = 6000,
    rivers: int = 1,
    park_share: float = 0.04,
    dedicated_share: float = 0.0,
    rural_share: float = 0.0,
    county: str = "620102",
    community_codes: Sequence[str] = (),
) -> _core.UnitGraph:
    """A synthetic city: buildings on a jittered lattice with a river and parks.

    Households are skewed (many buildings of 5-60, ``tower_share`` towers of
    100-250), population about ``people_per_household`` per household, and
    elderly living alone (3%), severe disability (1%) and hardship (0.5%)
    per household. Communities are contiguous blocks of ``community_min`` to
    ``community_max`` households coded under ``county``, grouped in streets.
    Deterministic by ``seed`` on every platform.
    """
    return _core.synth_city(
        units=int(units),
        seed=int(seed),
        queen=queen,
        tower_share=float(tower_share),
        people_per_household=float(people_per_household),
        community_min=float(community_min),
        community_max=float(community_max),
        rivers=int(rivers),
        park_share=float(park_share),
        dedicated_share=float(dedicated_share),
        rural_share=float(rural_share),
        county=county,
        community_codes=list(community_codes),
    )
