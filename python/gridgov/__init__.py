"""gridgov: community grid governance (网格化管理).

Model a city's division hierarchy, check and draw contiguous grids of
300-500 households nested in their communities, and study workload and
event handling. The compiled core lives in ``gridgov._core``; this package
is the Pythonic layer over it.

>>> import gridgov
>>> h, errors = gridgov.read_divisions("data/lanzhou/divisions.csv")  # doctest: +SKIP
>>> h.count("community")  # doctest: +SKIP
1177
"""
from __future__ import annotations

from ._core import (  # noqa: F401
    Bounds,
    Error,
    GridRules,
    LockedUnit,
    RunControl,
    ValidateOptions,
    GridType,
    Hierarchy,
    InputError,
    Level,
    Plan,
    UnitGraph,
    ancestor_code,
    check_code,
    child_code,
    code_length,
    extends,
    numbering_order,
)
from ._results import Infeasibility, PartitionStats, ValidationSummary  # noqa: F401
from ._table import Table  # noqa: F401
from ._api import (  # noqa: F401
    ValidationReport,
    read_divisions,
    read_graph,
    read_plan,
    report_text,
    validate,
)

__all__ = [
    "Bounds",
    "GridRules",
    "LockedUnit",
    "RunControl",
    "ValidateOptions",
    "Error",
    "InputError",
    "GridType",
    "Hierarchy",
    "Level",
    "Plan",
    "UnitGraph",
    "ValidationReport",
    "ValidationSummary",
    "Infeasibility",
    "PartitionStats",
    "Table",
    "ancestor_code",
    "check_code",
    "child_code",
    "code_length",
    "extends",
    "numbering_order",
    "read_divisions",
    "read_graph",
    "read_plan",
    "report_text",
    "validate",
]

try:  # areas added as they are built
    from .partition import *  # noqa: F401,F403
    from .partition import __all__ as _partition_all

    __all__ += list(_partition_all)
except ImportError:  # pragma: no cover
    pass
try:
    from .convert import *  # noqa: F401,F403
    from .convert import __all__ as _convert_all

    __all__ += list(_convert_all)
except ImportError:  # pragma: no cover
    pass

for _area in ("workload", "simulate"):
    try:
        _mod = __import__(f"{__name__}.{_area}", fromlist=["__all__"])
    except ImportError:  # pragma: no cover - area not built yet
        continue
    for _name in getattr(_mod, "__all__", []):
        globals()[_name] = getattr(_mod, _name)
        __all__.append(_name)

try:
    from . import plot  # noqa: F401  (matplotlib is imported only when a plot is drawn)
except ImportError:  # pragma: no cover - area not built yet
    pass

__version__ = "0.1.0"
