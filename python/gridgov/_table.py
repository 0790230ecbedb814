"""A small column table: what gridgov's results give where a table is meant."""
from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np


class Table(Mapping):
    """Named columns of equal length: numpy arrays (numbers, booleans) or
    lists (text).

    ``t["households"]`` is a column, ``len(t)`` the number of rows,
    ``t.columns`` the names, ``t.row(i)`` one row as a dict. ``to_pandas()``
    gives a DataFrame (pandas is imported only then). Tables pickle, and show
    as HTML in Jupyter without pandas.

    >>> t = Table({"code": ["a", "b"], "households": np.array([310.0, 420.0])})
    >>> len(t), t.columns, t["households"].sum()
    (2, ['code', 'households'], 730.0)
    """

    def __init__(self, columns: Mapping[str, Any]):
        cols: dict[str, Any] = {}
        n = None
        for name, col in columns.items():
            if not isinstance(col, (list, np.ndarray)):
                col = np.asarray(col)
            if n is None:
                n = len(col)
            elif len(col) != n:
                raise ValueError(f"column {name!r} has {len(col)} rows, not {n}")
            cols[str(name)] = col
        self._cols = cols
        self._n = 0 if n is None else n

    # Mapping: column name -> column
    def __getitem__(self, name: str) -> Any:
        try:
            return self._cols[name]
        except KeyError:
            raise KeyError(f"no column {name!r}; the columns are {', '.join(self._cols)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._cols)

    def __len__(self) -> int:
        """The number of rows (a Mapping's length would be the columns':
        use ``len(t.columns)`` for those)."""
        return self._n

    @property
    def columns(self) -> list[str]:
        return list(self._cols)

    @property
    def shape(self) -> tuple[int, int]:
        return (self._n, len(self._cols))

    def row(self, i: int) -> dict[str, Any]:
        """Row ``i`` as a dict of Python values."""
        if not -self._n <= i < self._n:
            raise IndexError(f"row {i} of {self._n}")
        return {k: (v[i].item() if isinstance(v, np.ndarray) else v[i]) for k, v in self._cols.items()}

    def rows(self) -> Iterator[dict[str, Any]]:
        """Every row as a dict."""
        return (self.row(i) for i in range(self._n))

    def to_dict(self) -> dict[str, Any]:
        return dict(self._cols)

    def to_pandas(self, index: str | None = None):
        """The table as a pandas DataFrame, indexed by the column ``index`` if given."""
        import pandas as pd

        df = pd.DataFrame(self._cols)
        return df.set_index(index) if index is not None else df

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Table) or other.columns != self.columns or len(other) != len(self):
            return False
        return all(np.array_equal(np.asarray(self._cols[k]), np.asarray(other._cols[k])) for k in self._cols)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        names = ", ".join(self._cols)
        if len(names) > 80:
            names = names[:77] + "..."
        return f"<gridgov.Table: {self._n} rows x {len(self._cols)} columns: {names}>"

    def _repr_html_(self, max_rows: int = 10) -> str:
        head = "".join(f"<th>{html.escape(k)}</th>" for k in self._cols)
        body = []
        for i in range(min(self._n, max_rows)):
            r = self.row(i)
            body.append("<tr>" + "".join(f"<td>{html.escape(_fmt(v))}</td>" for v in r.values()) + "</tr>")
        more = f"<p>{self._n} rows, {self._n - max_rows} not shown</p>" if self._n > max_rows else ""
        return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)
