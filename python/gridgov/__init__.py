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
    FileError,
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
from ._results import Infeasibility, PartitionStats, ValidationSummary, Witness  # noqa: F401
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
    "FileError",
    "InputError",
    "GridType",
    "Hierarchy",
    "Level",
    "Plan",
    "UnitGraph",
    "ValidationReport",
    "ValidationSummary",
    "Infeasibility",
    "Witness",
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

# Every area is imported plainly: a broken or partial build is an ImportError
# here, not a feature that silently goes missing. None of these modules
# imports matplotlib, pandas, geopandas or networkx at import time: the
# functions that need them import them when called (tests/python/test_package.py).
from . import convert as _convert  # noqa: E402
from . import partition as _partition  # noqa: E402
from . import simulate as _simulate  # noqa: E402
from . import workload as _workload  # noqa: E402
from . import ensemble as _ensemble  # noqa: E402
from . import plot  # noqa: E402,F401
from .partition import *  # noqa: E402,F401,F403
from .convert import *  # noqa: E402,F401,F403
from .workload import *  # noqa: E402,F401,F403
from .simulate import *  # noqa: E402,F401,F403
from .ensemble import *  # noqa: E402,F401,F403

# The functions gridgov.workload, gridgov.simulate and gridgov.ensemble take the place of their
# modules' names in this namespace; the modules stay importable by their full
# names (import gridgov.simulate as gs).
__all__ += _partition.__all__ + _convert.__all__ + _workload.__all__ + _simulate.__all__ + _ensemble.__all__

__version__ = "0.1.0"
