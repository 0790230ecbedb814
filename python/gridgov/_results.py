"""Typed records shared by the results of partition, redesign, validate and
balanced_partition."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np


class Record:
    """A dataclass whose fields can also be read by name (``r["grids"]``),
    as the dict it replaces, and turned into one (``to_dict()``)."""

    def __getitem__(self, key: str) -> Any:
        if key in self.keys():
            return getattr(self, key)
        raise KeyError(f"{key!r}; the fields are {', '.join(self.keys())}")

    def keys(self) -> list[str]:
        return [f.name for f in dataclasses.fields(self)]  # type: ignore[arg-type]

    def items(self):
        return [(k, getattr(self, k)) for k in self.keys()]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.items())


@dataclass(frozen=True)
class Witness(Record):
    """The numbers that prove a ``unit_fits_no_grid`` or
    ``cut_vertex_obstruction``: the unit (index), the bound ``attribute``
    they are on, the unit's value (``weight``), the least and greatest values
    of its neighbours in the piece, and ``reach``: for ``unit_fits_no_grid``
    the lightest connected set holding the unit that reaches the minimum, for
    ``cut_vertex_obstruction`` the least its grid must hold (both above the
    maximum)."""

    unit: int
    attribute: str
    weight: float
    neighbours_min: float
    neighbours_max: float
    reach: float


@dataclass(frozen=True)
class Infeasibility(Record):
    """Why a piece admits no plan within the rules, or none was found.

    ``kind`` is one of ``unit_above_max``, ``community_below_min``,
    ``street_below_min``, ``disconnected_piece_below_min``,
    ``no_feasible_count``, ``unit_fits_no_grid`` (a unit lies in no connected
    set within the bounds), ``cut_vertex_obstruction`` (the grid of a cut
    vertex must hold more than a maximum), ``no_plan_exists`` (the complete
    search proved it), ``search_failed`` (no plan found and none ruled out:
    not a proof), ``locked_grid_invalid``, ``repair_failed`` (not a proof);
    ``status`` is ``"proven_infeasible"`` or ``"undecided"`` (search_failed,
    repair_failed); ``units`` are unit indices (at most 1,000), the witness
    unit first when there is one; ``witness`` holds its numbers (or None)."""

    kind: str
    community: str
    units: np.ndarray
    reason: str
    status: str = "undecided"
    witness: Witness | None = None

    @property
    def proven(self) -> bool:
        """True when the record proves there is no plan."""
        return self.status == "proven_infeasible"

    def __repr__(self) -> str:
        return (f"Infeasibility({self.kind!r}, status={self.status!r}, community={self.community!r}, "
                f"units={len(self.units)}, reason={self.reason!r})")


@dataclass(frozen=True)
class PartitionStats(Record):
    """How the partition went: connected pieces split, bisections taken,
    pieces that needed a second strategy, boundary moves, pieces proven to
    have no plan, pieces left undecided (neither planned within the bounds nor
    proven infeasible), pieces the complete search decided, seconds."""

    pieces: int
    splits: int
    retries: int
    polish_moves: int
    pieces_proven_infeasible: int
    pieces_undecided: int
    pieces_by_search: int
    seconds: float
    timed_out: bool

    @property
    def pieces_planned(self) -> int:
        """Pieces planned within the bounds: neither proven infeasible nor
        undecided (the CLI report's ``stats.pieces_planned``)."""
        return self.pieces - self.pieces_proven_infeasible - self.pieces_undecided


@dataclass(frozen=True)
class ValidationSummary(Record):
    """Totals of a validation: the rule flags over all grids and counts."""

    units: int
    grids: int
    valid: bool
    within_bounds: bool
    contiguous: bool
    nested: bool
    grids_within_bounds: int
    grids_contiguous: int
    grids_nested: int
    unassigned_units: int
    violations: int
    mean_cut_edge_ratio: float
    mean_polsby_popper: float


def infeasibilities(items: list[dict[str, Any]]) -> list[Infeasibility]:
    out = []
    for d in items:
        d = dict(d)
        if d.get("witness") is not None:
            d["witness"] = Witness(**d["witness"])
        out.append(Infeasibility(**d))
    return out


def html_summary(title: str, rows: list[tuple[str, Any]]) -> str:
    """A two-column HTML table for a result's ``_repr_html_``."""
    import html

    body = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
                   for k, v in rows)
    return f"<b>{html.escape(title)}</b><table>{body}</table>"
