"""
gridgov compiled core (use the gridgov package, not this module)
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing
__all__: list[str] = ['BalancedOptions', 'Bounds', 'BuildOptions', 'EnsembleOptions', 'Error', 'FileError', 'Geometries', 'GridRules', 'GridType', 'Hierarchy', 'ImproveOptions', 'InputError', 'Level', 'LockedUnit', 'PartitionOptions', 'Plan', 'RedesignOptions', 'RunControl', 'SIM_CHANNELS', 'SIM_EVENT_TYPES', 'SIM_LEVELS', 'SIM_METRICS', 'SIM_SPECIAL_GROUPS', 'TessellationOptions', 'UnitGraph', 'ValidateOptions', 'ancestor_code', 'balanced_partition', 'build_units', 'calibrate', 'check_code', 'check_code_at', 'child_code', 'code_length', 'compute_workload', 'dissolve_grids', 'ensemble', 'expected_daily_arrivals', 'extends', 'fairness', 'geometries_from_arrays', 'has_geo', 'improve', 'level_name', 'minimum_staff', 'numbering_order', 'parse_geojson', 'parse_level', 'partition', 'plan_geojson', 'point_cells', 'read_cells', 'read_geojson', 'read_networkx_json', 'read_people', 'read_scenario', 'redesign', 'replay_plans', 'replicate', 'replication_seed', 'report_text', 'sim_params_json', 'simulate', 'simulate_plans', 'staff', 'student_t_quantile', 'synth_city', 'validate', 'validate_json', 'workload_config', 'write_networkx_json', 'write_plan_geojson', 'write_scenario']
class Error(Exception):
    pass
class InputError(Error, ValueError):
    pass
class FileError(Error, OSError):
    pass
class Level:
    """
    Members:
    
      province
    
      city
    
      county
    
      street
    
      community
    
      grid
    
      micro_grid
    
      building
    """
    __members__: typing.ClassVar[dict[str, Level]]
    building: typing.ClassVar[Level]
    city: typing.ClassVar[Level]
    community: typing.ClassVar[Level]
    county: typing.ClassVar[Level]
    grid: typing.ClassVar[Level]
    micro_grid: typing.ClassVar[Level]
    province: typing.ClassVar[Level]
    street: typing.ClassVar[Level]
    @typing.overload
    def __eq__(self, other: Level) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: Level) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class GridType:
    """
    Members:
    
      urban
    
      rural
    
      dedicated
    """
    __members__: typing.ClassVar[dict[str, GridType]]
    dedicated: typing.ClassVar[GridType]
    rural: typing.ClassVar[GridType]
    urban: typing.ClassVar[GridType]
    @typing.overload
    def __eq__(self, other: GridType) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: GridType) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class UnitGraph:
    @staticmethod
    def from_arrays(ids: typing.Any, x: typing.Any, y: typing.Any, community: typing.Any, attributes: dict, edges: typing.Any, grid_type: typing.Any = None, area: typing.Any = None, perimeter: typing.Any = None, edge_length: typing.Any = None, crs: str = '') -> UnitGraph:
        ...
    @staticmethod
    def from_csv(units: str, edges: str, *, encoding: str = 'auto', columns: typing.Any = None) -> UnitGraph:
        ...
    @staticmethod
    def from_csv_text(units: bytes, edges: bytes, units_source: str, edges_source: str, *, encoding: str = 'auto', columns: typing.Any = None) -> UnitGraph:
        """
        A unit graph from CSV bytes held in memory (e.g. sheets of a workbook); sources name them in errors.
        """
    def __getstate__(self) -> tuple[int, list[str], list[float], list[float], list[str], list[tuple[str, list[float]]], list[int], list[float], list[float], list[int], list[int], list[float]]:
        ...
    def __init__(self) -> None:
        ...
    def __len__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def attribute(self, name: str) -> typing.Any:
        """
        The column `name` as a read-only numpy view (no copy).
        """
    def edges(self) -> numpy.typing.NDArray[numpy.int32]:
        ...
    def find(self, id: str) -> int:
        ...
    def neighbors(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> numpy.typing.NDArray[numpy.int32]:
        ...
    def to_csv(self, units: str, edges: str) -> None:
        ...
    @property
    def area(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
    @property
    def attribute_names(self) -> list[str]:
        ...
    @property
    def community(self) -> numpy.typing.NDArray[numpy.int32]:
        ...
    @property
    def community_codes(self) -> list[str]:
        ...
    @property
    def crs(self) -> str:
        """
        CRS of x, y as the input named it ("EPSG:32650", an OGC URN, WKT or PROJJSON; "" = not known); GeoJSON outputs and to_geopandas state it.
        """
    @crs.setter
    def crs(self, arg1: typing.Any) -> None:
        ...
    @property
    def edge_length(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
    @property
    def grid_type(self) -> list[str]:
        ...
    @property
    def ids(self) -> list[str]:
        ...
    @property
    def n_edges(self) -> int:
        ...
    @property
    def n_units(self) -> int:
        ...
    @property
    def offsets(self) -> numpy.typing.NDArray[numpy.int64]:
        ...
    @property
    def perimeter(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
    @property
    def targets(self) -> numpy.typing.NDArray[numpy.int32]:
        ...
    @property
    def x(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
    @property
    def xy(self) -> typing.Any:
        """
        Coordinates as a read-only (n, 2) array (x, y), sharing the graph's memory.
        """
    @property
    def y(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
class Plan:
    __hash__: typing.ClassVar[None] = None
    @staticmethod
    def from_csv(path: str, graph: UnitGraph, *, encoding: str = 'auto', columns: typing.Any = None) -> Plan:
        ...
    @staticmethod
    def from_csv_text(text: bytes, graph: UnitGraph, source: str, *, encoding: str = 'auto', columns: typing.Any = None) -> Plan:
        """
        A plan from CSV bytes held in memory; source names it in errors.
        """
    @staticmethod
    def from_labels(labels: typing.Any) -> Plan:
        ...
    def __eq__(self, arg0: Plan) -> bool:
        ...
    def __getstate__(self) -> tuple[list[int], list[str]]:
        ...
    def __init__(self, grid: typing.Annotated[numpy.typing.ArrayLike, numpy.int32], grid_codes: collections.abc.Sequence[str]) -> None:
        ...
    def __len__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def labels(self) -> list:
        ...
    def to_csv(self, path: str, graph: UnitGraph) -> None:
        ...
    @property
    def conflicts(self) -> list:
        ...
    @property
    def grid(self) -> numpy.typing.NDArray[numpy.int32]:
        ...
    @property
    def grid_codes(self) -> list[str]:
        ...
    @property
    def num_grids(self) -> int:
        ...
class Bounds:
    """
    Inclusive bounds on one attribute summed per grid.
    """
    __hash__: typing.ClassVar[None] = None
    @staticmethod
    def fields() -> list:
        """
        (name, help) of every field, in order.
        """
    @staticmethod
    def from_json(text: str) -> Bounds:
        """
        Options from JSON text; unknown keys are an error.
        """
    def __copy__(self) -> Bounds:
        ...
    def __deepcopy__(self, memo: dict) -> Bounds:
        ...
    def __eq__(self, arg0: Bounds) -> bool:
        ...
    def __getstate__(self) -> str:
        ...
    @typing.overload
    def __init__(self, **kwargs) -> None:
        """
        Defaults, then the keyword arguments (fields of nested options by their own name).
        """
    @typing.overload
    def __init__(self, attribute: str, min: typing.SupportsFloat | typing.SupportsIndex, max: typing.SupportsFloat | typing.SupportsIndex) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: str) -> None:
        ...
    def copy(self) -> Bounds:
        ...
    def to_json(self, indent: typing.SupportsInt | typing.SupportsIndex = -1) -> str:
        """
        The options as JSON text (the keys of the field list).
        """
    def update(self, **kwargs) -> None:
        """
        Sets the keyword arguments (fields of nested options by their own name).
        """
    @property
    def attribute(self) -> str:
        """
        the unit column summed per grid
        """
    @attribute.setter
    def attribute(self, arg1: typing.Any) -> None:
        ...
    @property
    def max(self) -> float:
        """
        highest total a grid may have (inf for none)
        """
    @max.setter
    def max(self, arg1: typing.Any) -> None:
        ...
    @property
    def min(self) -> float:
        """
        lowest total a grid may have
        """
    @min.setter
    def min(self, arg1: typing.Any) -> None:
        ...
class GridRules:
    """
    What every grid plan keeps: bounds, nesting, rural and dedicated grids, the tolerance.
    """
    __hash__: typing.ClassVar[None] = None
    @staticmethod
    def fields() -> list:
        """
        (name, help) of every field, in order.
        """
    @staticmethod
    def from_json(text: str) -> GridRules:
        """
        Options from JSON text; unknown keys are an error.
        """
    def __copy__(self) -> GridRules:
        ...
    def __deepcopy__(self, memo: dict) -> GridRules:
        ...
    def __eq__(self, arg0: GridRules) -> bool:
        ...
    def __getstate__(self) -> str:
        ...
    def __init__(self, **kwargs) -> None:
        """
        Defaults, then the keyword arguments (fields of nested options by their own name).
        """
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: str) -> None:
        ...
    def copy(self) -> GridRules:
        ...
    def to_json(self, indent: typing.SupportsInt | typing.SupportsIndex = -1) -> str:
        """
        The options as JSON text (the keys of the field list).
        """
    def update(self, **kwargs) -> None:
        """
        Sets the keyword arguments (fields of nested options by their own name).
        """
    @property
    def bound_tolerance(self) -> float:
        """
        relative slack of every bound check
        """
    @bound_tolerance.setter
    def bound_tolerance(self, arg1: typing.Any) -> None:
        ...
    @property
    def bounds(self) -> list[Bounds]:
        """
        bounds per attribute summed over a grid, inclusive (default households 300..500)
        """
    @bounds.setter
    def bounds(self, arg1: typing.Any) -> None:
        ...
    @property
    def dedicated_grids(self) -> bool:
        """
        each connected group of dedicated units is a grid of its own, exempt from the bounds
        """
    @dedicated_grids.setter
    def dedicated_grids(self, arg1: typing.Any) -> None:
        ...
    @property
    def nesting(self) -> str:
        """
        level every grid stays inside: community, street or none
        """
    @nesting.setter
    def nesting(self, arg1: typing.Any) -> None:
        ...
    @property
    def rural_below_min_ok(self) -> bool:
        """
        a rural grid below the lower bound is accepted (one village, one grid)
        """
    @rural_below_min_ok.setter
    def rural_below_min_ok(self, arg1: typing.Any) -> None:
        ...
class RunControl:
    """
    Seed and time limit of a long computation.
    """
    __hash__: typing.ClassVar[None] = None
    @staticmethod
    def fields() -> list:
        """
        (name, help) of every field, in order.
        """
    @staticmethod
    def from_json(text: str) -> RunControl:
        """
        Options from JSON text; unknown keys are an error.
        """
    def __copy__(self) -> RunControl:
        ...
    def __deepcopy__(self, memo: dict) -> RunControl:
        ...
    def __eq__(self, arg0: RunControl) -> bool:
        ...
    def __getstate__(self) -> str:
        ...
    def __init__(self, **kwargs) -> None:
        """
        Defaults, then the keyword arguments (fields of nested options by their own name).
        """
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: str) -> None:
        ...
    def copy(self) -> RunControl:
        ...
    def to_json(self, indent: typing.SupportsInt | typing.SupportsIndex = -1) -> str:
        """
        The options as JSON text (the keys of the field list).
        """
    def update(self, **kwargs) -> None:
        """
        Sets the keyword arguments (fields of nested options by their own name).
        """
    @property
    def seed(self) -> int:
        """
        random seed: the same seed gives the same result
        """
    @seed.setter
    def seed(self, arg1: typing.Any) -> None:
        ...
    @property
    def time_limit(self) -> float:
        """
        seconds (0 = none); the result is complete either way
        """
    @time_limit.setter
    def time_limit(self, arg1: typing.Any) -> None:
        ...
class ValidateOptions:
    """
    Options of gridgov.validate.
    """
    __hash__: typing.ClassVar[None] = None
    @staticmethod
    def fields() -> list:
        """
        (name, help) of every field, in order.
        """
    @staticmethod
    def from_json(text: str) -> ValidateOptions:
        """
        Options from JSON text; unknown keys are an error.
        """
    def __copy__(self) -> ValidateOptions:
        ...
    def __deepcopy__(self, memo: dict) -> ValidateOptions:
        ...
    def __eq__(self, arg0: ValidateOptions) -> bool:
        ...
    def __getstate__(self) -> str:
        ...
    def __init__(self, **kwargs) -> None:
        """
        Defaults, then the keyword arguments (fields of nested options by their own name).
        """
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: str) -> None:
        ...
    def copy(self) -> ValidateOptions:
        ...
    def to_json(self, indent: typing.SupportsInt | typing.SupportsIndex = -1) -> str:
        """
        The options as JSON text (the keys of the field list).
        """
    def update(self, **kwargs) -> None:
        """
        Sets the keyword arguments (fields of nested options by their own name).
        """
    @property
    def details(self) -> bool:
        """
        level reports, household counts and shape measures (false: rules and totals only)
        """
    @details.setter
    def details(self, arg1: typing.Any) -> None:
        ...
    @property
    def rules(self) -> GridRules:
        """
        the rules every grid keeps
        """
    @rules.setter
    def rules(self, arg1: GridRules) -> None:
        ...
class LockedUnit:
    """
    A unit kept in a given grid.
    """
    __hash__: typing.ClassVar[None] = None
    @staticmethod
    def fields() -> list:
        """
        (name, help) of every field, in order.
        """
    @staticmethod
    def from_json(text: str) -> LockedUnit:
        """
        Options from JSON text; unknown keys are an error.
        """
    def __copy__(self) -> LockedUnit:
        ...
    def __deepcopy__(self, memo: dict) -> LockedUnit:
        ...
    def __eq__(self, arg0: LockedUnit) -> bool:
        ...
    def __getstate__(self) -> str:
        ...
    @typing.overload
    def __init__(self, **kwargs) -> None:
        """
        Defaults, then the keyword arguments (fields of nested options by their own name).
        """
    @typing.overload
    def __init__(self, unit: typing.SupportsInt | typing.SupportsIndex, grid: str) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: str) -> None:
        ...
    def copy(self) -> LockedUnit:
        ...
    def to_json(self, indent: typing.SupportsInt | typing.SupportsIndex = -1) -> str:
        """
        The options as JSON text (the keys of the field list).
        """
    def update(self, **kwargs) -> None:
        """
        Sets the keyword arguments (fields of nested options by their own name).
        """
    @property
    def grid(self) -> str:
        """
        grid label
        """
    @grid.setter
    def grid(self, arg1: typing.Any) -> None:
        ...
    @property
    def unit(self) -> int:
        """
        unit index
        """
    @unit.setter
    def unit(self, arg1: typing.Any) -> None:
        ...
class PartitionOptions:
    """
    Options of gridgov.partition.
    """
    __hash__: typing.ClassVar[None] = None
    @staticmethod
    def fields() -> list:
        """
        (name, help) of every field, in order.
        """
    @staticmethod
    def from_json(text: str) -> PartitionOptions:
        """
        Options from JSON text; unknown keys are an error.
        """
    @staticmethod
    def preset(name: str) -> PartitionOptions:
        """
        The defaults with the search settings of a preset: 'standard' (the defaults), 'fast' (no boundary polish) or 'even' (prefer even totals over short boundaries).
        """
    def __copy__(self) -> PartitionOptions:
        ...
    def __deepcopy__(self, memo: dict) -> PartitionOptions:
        ...
    def __eq__(self, arg0: PartitionOptions) -> bool:
        ...
    def __getstate__(self) -> str:
        ...
    def __init__(self, **kwargs) -> None:
        """
        Defaults, then the keyword arguments (fields of nested options by their own name).
        """
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: str) -> None:
        ...
    def copy(self) -> PartitionOptions:
        ...
    def to_json(self, indent: typing.SupportsInt | typing.SupportsIndex = -1) -> str:
        """
        The options as JSON text (the keys of the field list).
        """
    def update(self, **kwargs) -> None:
        """
        Sets the keyword arguments (fields of nested options by their own name).
        """
    @property
    def community_targets(self) -> dict[str, int]:
        """
        grids wanted per community code (overrides target_grids there)
        """
    @community_targets.setter
    def community_targets(self, arg1: typing.Any) -> None:
        ...
    @property
    def compactness(self) -> float:
        """
        0 = prefer balance, 1 = prefer short boundaries
        """
    @compactness.setter
    def compactness(self, arg1: typing.Any) -> None:
        ...
    @property
    def locked(self) -> list[LockedUnit]:
        """
        units kept in given grids
        """
    @locked.setter
    def locked(self, arg1: typing.Any) -> None:
        ...
    @property
    def polish_passes(self) -> int:
        """
        passes of the boundary local search after the split (0 = none)
        """
    @polish_passes.setter
    def polish_passes(self, arg1: typing.Any) -> None:
        ...
    @property
    def proof_seconds(self) -> float:
        """
        complete search per piece the heuristic fails on, as a work budget: about seconds, 2 million nodes each, the same verdict on any machine (0 = none)
        """
    @proof_seconds.setter
    def proof_seconds(self, arg1: typing.Any) -> None:
        ...
    @property
    def rules(self) -> GridRules:
        """
        the rules every grid keeps
        """
    @rules.setter
    def rules(self, arg1: GridRules) -> None:
        ...
    @property
    def run(self) -> RunControl:
        """
        seed, time limit and progress
        """
    @run.setter
    def run(self, arg1: RunControl) -> None:
        ...
    @property
    def target_grids(self) -> int:
        """
        total number of grids wanted (0 = from the bounds)
        """
    @target_grids.setter
    def target_grids(self, arg1: typing.Any) -> None:
        ...
    @property
    def target_size(self) -> float:
        """
        first-bound total aimed at per grid (0 = the middle of the bounds)
        """
    @target_size.setter
    def target_size(self, arg1: typing.Any) -> None:
        ...
class RedesignOptions:
    """
    Options of gridgov.redesign.
    """
    __hash__: typing.ClassVar[None] = None
    @staticmethod
    def fields() -> list:
        """
        (name, help) of every field, in order.
        """
    @staticmethod
    def from_json(text: str) -> RedesignOptions:
        """
        Options from JSON text; unknown keys are an error.
        """
    @staticmethod
    def preset(name: str) -> RedesignOptions:
        """
        The defaults with the search settings of a preset: 'standard' (the defaults), 'fast' (no boundary polish) or 'even' (prefer even totals over short boundaries).
        """
    def __copy__(self) -> RedesignOptions:
        ...
    def __deepcopy__(self, memo: dict) -> RedesignOptions:
        ...
    def __eq__(self, arg0: RedesignOptions) -> bool:
        ...
    def __getstate__(self) -> str:
        ...
    def __init__(self, **kwargs) -> None:
        """
        Defaults, then the keyword arguments (fields of nested options by their own name).
        """
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: str) -> None:
        ...
    def copy(self) -> RedesignOptions:
        ...
    def to_json(self, indent: typing.SupportsInt | typing.SupportsIndex = -1) -> str:
        """
        The options as JSON text (the keys of the field list).
        """
    def update(self, **kwargs) -> None:
        """
        Sets the keyword arguments (fields of nested options by their own name).
        """
    @property
    def moved_attribute(self) -> str:
        """
        the attribute whose moved amount is minimised and reported
        """
    @moved_attribute.setter
    def moved_attribute(self, arg1: typing.Any) -> None:
        ...
    @property
    def polish(self) -> bool:
        """
        also shorten the boundaries of grids that changed anyway
        """
    @polish.setter
    def polish(self, arg1: typing.Any) -> None:
        ...
    @property
    def rules(self) -> GridRules:
        """
        the rules every grid keeps
        """
    @rules.setter
    def rules(self, arg1: GridRules) -> None:
        ...
    @property
    def run(self) -> RunControl:
        """
        seed, time limit and progress
        """
    @run.setter
    def run(self, arg1: RunControl) -> None:
        ...
class ImproveOptions:
    """
    Options of gridgov.improve.
    """
    __hash__: typing.ClassVar[None] = None
    @staticmethod
    def fields() -> list:
        """
        (name, help) of every field, in order.
        """
    @staticmethod
    def from_json(text: str) -> ImproveOptions:
        """
        Options from JSON text; unknown keys are an error.
        """
    @staticmethod
    def preset(name: str) -> ImproveOptions:
        """
        The defaults with the search settings of a preset: 'standard' (the defaults), 'fast' (no boundary polish) or 'even' (prefer even totals over short boundaries).
        """
    def __copy__(self) -> ImproveOptions:
        ...
    def __deepcopy__(self, memo: dict) -> ImproveOptions:
        ...
    def __eq__(self, arg0: ImproveOptions) -> bool:
        ...
    def __getstate__(self) -> str:
        ...
    def __init__(self, **kwargs) -> None:
        """
        Defaults, then the keyword arguments (fields of nested options by their own name).
        """
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: str) -> None:
        ...
    def copy(self) -> ImproveOptions:
        ...
    def to_json(self, indent: typing.SupportsInt | typing.SupportsIndex = -1) -> str:
        """
        The options as JSON text (the keys of the field list).
        """
    def update(self, **kwargs) -> None:
        """
        Sets the keyword arguments (fields of nested options by their own name).
        """
    @property
    def balance(self) -> bool:
        """
        also even out totals where the cut count stays equal
        """
    @balance.setter
    def balance(self, arg1: typing.Any) -> None:
        ...
    @property
    def locked(self) -> list[int]:
        """
        units that must not move
        """
    @locked.setter
    def locked(self, arg1: typing.Any) -> None:
        ...
    @property
    def max_passes(self) -> int:
        """
        passes over the boundary units
        """
    @max_passes.setter
    def max_passes(self, arg1: typing.Any) -> None:
        ...
    @property
    def rules(self) -> GridRules:
        """
        the rules every grid keeps
        """
    @rules.setter
    def rules(self, arg1: GridRules) -> None:
        ...
    @property
    def run(self) -> RunControl:
        """
        seed, time limit and progress
        """
    @run.setter
    def run(self, arg1: RunControl) -> None:
        ...
class BalancedOptions:
    """
    Options of gridgov.balanced_partition.
    """
    __hash__: typing.ClassVar[None] = None
    @staticmethod
    def fields() -> list:
        """
        (name, help) of every field, in order.
        """
    @staticmethod
    def from_json(text: str) -> BalancedOptions:
        """
        Options from JSON text; unknown keys are an error.
        """
    @staticmethod
    def preset(name: str) -> BalancedOptions:
        """
        The defaults with the search settings of a preset: 'standard' (the defaults), 'fast' (no boundary polish) or 'even' (prefer even totals over short boundaries).
        """
    def __copy__(self) -> BalancedOptions:
        ...
    def __deepcopy__(self, memo: dict) -> BalancedOptions:
        ...
    def __eq__(self, arg0: BalancedOptions) -> bool:
        ...
    def __getstate__(self) -> str:
        ...
    def __init__(self, **kwargs) -> None:
        """
        Defaults, then the keyword arguments (fields of nested options by their own name).
        """
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: str) -> None:
        ...
    def copy(self) -> BalancedOptions:
        ...
    def to_json(self, indent: typing.SupportsInt | typing.SupportsIndex = -1) -> str:
        """
        The options as JSON text (the keys of the field list).
        """
    def update(self, **kwargs) -> None:
        """
        Sets the keyword arguments (fields of nested options by their own name).
        """
    @property
    def compare(self) -> bool:
        """
        also draw the households-only partition for comparison
        """
    @compare.setter
    def compare(self, arg1: typing.Any) -> None:
        ...
    @property
    def partition(self) -> PartitionOptions:
        """
        households bounds, nesting, seed, ... (the workload bound is appended)
        """
    @partition.setter
    def partition(self, arg1: PartitionOptions) -> None:
        ...
    @property
    def tolerance(self) -> float:
        """
        automatic workload bounds: the target times 1 -/+ tolerance
        """
    @tolerance.setter
    def tolerance(self, arg1: typing.Any) -> None:
        ...
    @property
    def workload_max(self) -> float:
        """
        highest workload per grid, hours per week (0 = automatic)
        """
    @workload_max.setter
    def workload_max(self, arg1: typing.Any) -> None:
        ...
    @property
    def workload_min(self) -> float:
        """
        lowest workload per grid, hours per week (0 with workload_max 0: automatic)
        """
    @workload_min.setter
    def workload_min(self, arg1: typing.Any) -> None:
        ...
class EnsembleOptions:
    """
    Options of gridgov.ensemble.
    """
    __hash__: typing.ClassVar[None] = None
    @staticmethod
    def fields() -> list:
        """
        (name, help) of every field, in order.
        """
    @staticmethod
    def from_json(text: str) -> EnsembleOptions:
        """
        Options from JSON text; unknown keys are an error.
        """
    def __copy__(self) -> EnsembleOptions:
        ...
    def __deepcopy__(self, memo: dict) -> EnsembleOptions:
        ...
    def __eq__(self, arg0: EnsembleOptions) -> bool:
        ...
    def __getstate__(self) -> str:
        ...
    def __init__(self, **kwargs) -> None:
        """
        Defaults, then the keyword arguments (fields of nested options by their own name).
        """
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: str) -> None:
        ...
    def copy(self) -> EnsembleOptions:
        ...
    def to_json(self, indent: typing.SupportsInt | typing.SupportsIndex = -1) -> str:
        """
        The options as JSON text (the keys of the field list).
        """
    def update(self, **kwargs) -> None:
        """
        Sets the keyword arguments (fields of nested options by their own name).
        """
    @property
    def acceptance(self) -> str:
        """
        always, or metropolis on the score
        """
    @acceptance.setter
    def acceptance(self, arg1: typing.Any) -> None:
        ...
    @property
    def beta(self) -> float:
        """
        inverse temperature of the metropolis acceptance
        """
    @beta.setter
    def beta(self, arg1: typing.Any) -> None:
        ...
    @property
    def burn_in(self) -> int:
        """
        steps run before recording starts (counted in steps)
        """
    @burn_in.setter
    def burn_in(self, arg1: typing.Any) -> None:
        ...
    @property
    def chains(self) -> int:
        """
        independent chains from the given plan
        """
    @chains.setter
    def chains(self, arg1: typing.Any) -> None:
        ...
    @property
    def distinct_cap(self) -> int:
        """
        distinct plans counted exactly up to this many per chain, estimated beyond
        """
    @distinct_cap.setter
    def distinct_cap(self, arg1: typing.Any) -> None:
        ...
    @property
    def keep_plans(self) -> int:
        """
        plans kept per chain, evenly spaced (for simulation across plans)
        """
    @keep_plans.setter
    def keep_plans(self, arg1: typing.Any) -> None:
        ...
    @property
    def locked(self) -> list[int]:
        """
        units whose grids never move
        """
    @locked.setter
    def locked(self, arg1: typing.Any) -> None:
        ...
    @property
    def proposal(self) -> str:
        """
        recom or reversible (reversible ReCom)
        """
    @proposal.setter
    def proposal(self, arg1: typing.Any) -> None:
        ...
    @property
    def rules(self) -> GridRules:
        """
        the rules every grid keeps
        """
    @rules.setter
    def rules(self, arg1: GridRules) -> None:
        ...
    @property
    def run(self) -> RunControl:
        """
        seed, time limit and progress
        """
    @run.setter
    def run(self, arg1: RunControl) -> None:
        ...
    @property
    def score(self) -> str:
        """
        score of the metropolis acceptance
        """
    @score.setter
    def score(self, arg1: typing.Any) -> None:
        ...
    @property
    def steps(self) -> int:
        """
        steps per chain
        """
    @steps.setter
    def steps(self, arg1: typing.Any) -> None:
        ...
    @property
    def thin(self) -> int:
        """
        record every thin-th step
        """
    @thin.setter
    def thin(self, arg1: typing.Any) -> None:
        ...
    @property
    def threads(self) -> int:
        """
        worker threads (0 = one per core); the result does not depend on it
        """
    @threads.setter
    def threads(self, arg1: typing.Any) -> None:
        ...
    @property
    def tree_attempts(self) -> int:
        """
        spanning trees drawn per recom step before it is rejected
        """
    @tree_attempts.setter
    def tree_attempts(self, arg1: typing.Any) -> None:
        ...
class Hierarchy:
    @staticmethod
    def from_csv(path: str, *, encoding: str = 'auto', columns: typing.Any = None) -> tuple:
        """
        Reads a divisions CSV; returns (hierarchy, errors); placeholders are kept, listed in hierarchy.notes.
        """
    @staticmethod
    def from_records(records: collections.abc.Sequence[tuple[str, str, str, str]], source: str = 'records') -> tuple:
        ...
    def __init__(self) -> None:
        ...
    def __len__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def add(self, code: str, name: str, level: typing.Any, parent: typing.SupportsInt | typing.SupportsIndex = -1) -> int:
        ...
    def aggregate(self, values: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], level: typing.Any) -> numpy.typing.NDArray[numpy.float64]:
        ...
    def ancestor_at(self, node: typing.SupportsInt | typing.SupportsIndex, level: typing.Any) -> int:
        ...
    def ancestors(self, node: typing.SupportsInt | typing.SupportsIndex) -> list[int]:
        ...
    def at_level(self, level: typing.Any) -> list[int]:
        ...
    def attach(self, graph: UnitGraph, plan: Plan) -> list[int]:
        ...
    def children(self, node: typing.SupportsInt | typing.SupportsIndex) -> list[int]:
        ...
    def code(self, node: typing.SupportsInt | typing.SupportsIndex) -> str:
        ...
    def count(self, level: typing.Any) -> int:
        ...
    def descendants(self, node: typing.SupportsInt | typing.SupportsIndex, level: typing.Any) -> list[int]:
        ...
    def find(self, code: str) -> int:
        ...
    def grid_type(self, node: typing.SupportsInt | typing.SupportsIndex) -> str:
        ...
    def level(self, node: typing.SupportsInt | typing.SupportsIndex) -> str:
        ...
    def name(self, node: typing.SupportsInt | typing.SupportsIndex) -> str:
        ...
    def neighbors(self, node: typing.SupportsInt | typing.SupportsIndex, graph: UnitGraph) -> list[int]:
        ...
    def parent(self, node: typing.SupportsInt | typing.SupportsIndex) -> int:
        ...
    def roots(self) -> list[int]:
        ...
    @property
    def notes(self) -> list[str]:
        """
        Remarks on rows accepted as published (one per placeholder: an all-zero county, street or community sequence repeating its parent), as 'source:line: code: message'.
        """
class Geometries:
    """
    Polygons of every unit, flattened (see gridgov/io/geojson.hpp): xy (k, 2) points; unit u owns polygons unit_offsets[u]:unit_offsets[u+1], polygon p owns rings polygon_offsets[p]:..., ring r owns points ring_offsets[r]:...
    """
    def __len__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def polygons(self, unit: typing.SupportsInt | typing.SupportsIndex) -> list:
        """
        The unit's polygons as [[outer ring, holes...], ...] of (x, y) tuples.
        """
    @property
    def geographic(self) -> bool:
        ...
    @property
    def polygon_offsets(self) -> numpy.typing.NDArray[numpy.uint64]:
        ...
    @property
    def ring_offsets(self) -> numpy.typing.NDArray[numpy.uint64]:
        ...
    @property
    def unit_offsets(self) -> numpy.typing.NDArray[numpy.uint64]:
        ...
    @property
    def xy(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
class TessellationOptions:
    """
    How gridgov.build_units draws the cells.
    """
    __hash__: typing.ClassVar[None] = None
    @staticmethod
    def fields() -> list:
        """
        (name, help) of every field, in order.
        """
    @staticmethod
    def from_json(text: str) -> TessellationOptions:
        """
        Options from JSON text; unknown keys are an error.
        """
    def __copy__(self) -> TessellationOptions:
        ...
    def __deepcopy__(self, memo: dict) -> TessellationOptions:
        ...
    def __eq__(self, arg0: TessellationOptions) -> bool:
        ...
    def __getstate__(self) -> str:
        ...
    def __init__(self, **kwargs) -> None:
        """
        Defaults, then the keyword arguments (fields of nested options by their own name).
        """
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: str) -> None:
        ...
    def copy(self) -> TessellationOptions:
        ...
    def to_json(self, indent: typing.SupportsInt | typing.SupportsIndex = -1) -> str:
        """
        The options as JSON text (the keys of the field list).
        """
    def update(self, **kwargs) -> None:
        """
        Sets the keyword arguments (fields of nested options by their own name).
        """
    @property
    def max_distance(self) -> float:
        """
        metres a cell reaches from its building
        """
    @max_distance.setter
    def max_distance(self, arg1: typing.Any) -> None:
        ...
    @property
    def sample_spacing(self) -> float:
        """
        metres between points sampled on outlines
        """
    @sample_spacing.setter
    def sample_spacing(self, arg1: typing.Any) -> None:
        ...
    @property
    def simplify(self) -> float:
        """
        metres within which shared cell boundaries are simplified (the same for both cells; 0 = none)
        """
    @simplify.setter
    def simplify(self, arg1: typing.Any) -> None:
        ...
    @property
    def threads(self) -> int:
        """
        threads tessellating enclosures at once (0 = one per core)
        """
    @threads.setter
    def threads(self, arg1: typing.Any) -> None:
        ...
class BuildOptions:
    """
    Options of gridgov.build_units (the gridgov build flags).
    """
    __hash__: typing.ClassVar[None] = None
    @staticmethod
    def fields() -> list:
        """
        (name, help) of every field, in order.
        """
    @staticmethod
    def from_json(text: str) -> BuildOptions:
        """
        Options from JSON text; unknown keys are an error.
        """
    def __copy__(self) -> BuildOptions:
        ...
    def __deepcopy__(self, memo: dict) -> BuildOptions:
        ...
    def __eq__(self, arg0: BuildOptions) -> bool:
        ...
    def __getstate__(self) -> str:
        ...
    def __init__(self, **kwargs) -> None:
        """
        Defaults, then the keyword arguments (fields of nested options by their own name).
        """
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: str) -> None:
        ...
    def copy(self) -> BuildOptions:
        ...
    def to_json(self, indent: typing.SupportsInt | typing.SupportsIndex = -1) -> str:
        """
        The options as JSON text (the keys of the field list).
        """
    def update(self, **kwargs) -> None:
        """
        Sets the keyword arguments (fields of nested options by their own name).
        """
    @property
    def barriers(self) -> str:
        """
        barrier lines (or polygons: their boundaries) that cells do not cross
        """
    @barriers.setter
    def barriers(self, arg1: typing.Any) -> None:
        ...
    @property
    def barriers_layer(self) -> str:
        """
        barriers layer (OSM PBF: lines)
        """
    @barriers_layer.setter
    def barriers_layer(self, arg1: typing.Any) -> None:
        ...
    @property
    def barriers_where(self) -> str:
        """
        attribute filter on the barriers, e.g. "highway IN ('primary')"
        """
    @barriers_where.setter
    def barriers_where(self, arg1: typing.Any) -> None:
        ...
    @property
    def communities(self) -> str:
        """
        community polygons
        """
    @communities.setter
    def communities(self, arg1: typing.Any) -> None:
        ...
    @property
    def communities_layer(self) -> str:
        """
        communities layer
        """
    @communities_layer.setter
    def communities_layer(self, arg1: typing.Any) -> None:
        ...
    @property
    def community_field(self) -> str:
        """
        field holding each community's code or name
        """
    @community_field.setter
    def community_field(self, arg1: typing.Any) -> None:
        ...
    @property
    def crs(self) -> str:
        """
        metric CRS to work in and write (default: the buildings' own, or local UTM for lon/lat)
        """
    @crs.setter
    def crs(self, arg1: typing.Any) -> None:
        ...
    @property
    def floor_area_per_household(self) -> float:
        """
        gross floor area per household, m2
        """
    @floor_area_per_household.setter
    def floor_area_per_household(self, arg1: typing.Any) -> None:
        ...
    @property
    def floor_height(self) -> float:
        """
        metres per floor
        """
    @floor_height.setter
    def floor_height(self, arg1: typing.Any) -> None:
        ...
    @property
    def floors(self) -> str:
        """
        field holding the number of floors
        """
    @floors.setter
    def floors(self, arg1: typing.Any) -> None:
        ...
    @property
    def height(self) -> str:
        """
        field holding the height in metres (floors = height / floor height)
        """
    @height.setter
    def height(self, arg1: typing.Any) -> None:
        ...
    @property
    def households(self) -> str:
        """
        field holding households (empty values are estimated)
        """
    @households.setter
    def households(self, arg1: typing.Any) -> None:
        ...
    @property
    def id_field(self) -> str:
        """
        field holding the unit id (default: the feature number)
        """
    @id_field.setter
    def id_field(self, arg1: typing.Any) -> None:
        ...
    @property
    def layer(self) -> str:
        """
        buildings layer (default: the first; OSM PBF: multipolygons)
        """
    @layer.setter
    def layer(self, arg1: typing.Any) -> None:
        ...
    @property
    def max_footprint_area(self) -> float:
        """
        largest footprint taken, m2 (0 = no limit): larger ones are refused as a likely CRS mistake
        """
    @max_footprint_area.setter
    def max_footprint_area(self, arg1: typing.Any) -> None:
        ...
    @property
    def outside_community(self) -> str:
        """
        community of buildings outside every community
        """
    @outside_community.setter
    def outside_community(self, arg1: typing.Any) -> None:
        ...
    @property
    def persons_per_household(self) -> float:
        """
        population = households x this
        """
    @persons_per_household.setter
    def persons_per_household(self, arg1: typing.Any) -> None:
        ...
    @property
    def residential(self) -> list[str]:
        """
        use values that are residential (default: all)
        """
    @residential.setter
    def residential(self, arg1: typing.Any) -> None:
        ...
    @property
    def skip_invalid(self) -> bool:
        """
        leave out (and list) footprints that cannot be repaired instead of failing
        """
    @skip_invalid.setter
    def skip_invalid(self, arg1: typing.Any) -> None:
        ...
    @property
    def tessellation(self) -> TessellationOptions:
        """
        how the cells are drawn
        """
    @tessellation.setter
    def tessellation(self, arg1: TessellationOptions) -> None:
        ...
    @property
    def use_field(self) -> str:
        """
        field holding the building's use
        """
    @use_field.setter
    def use_field(self, arg1: typing.Any) -> None:
        ...
    @property
    def where(self) -> str:
        """
        attribute filter on the buildings (OGR SQL), e.g. "building IS NOT NULL"
        """
    @where.setter
    def where(self, arg1: typing.Any) -> None:
        ...
def ancestor_code(arg0: str, arg1: Level) -> str | None:
    ...
def balanced_partition(graph: UnitGraph, config: str, options: BalancedOptions, progress: typing.Any = None) -> dict:
    """
    Partition with households and workload bounds (see gridgov.balanced_partition).
    """
def build_units(buildings: str, progress: typing.Any = None, **kwargs) -> tuple[UnitGraph, Geometries, dict]:
    """
    Units, rook edges and cells from a buildings file (what GDAL reads): (UnitGraph, Geometries of the cells, report dict). Keywords: the fields of BuildOptions (and of its tessellation); progress(fraction, stage) is called now and then and cancels by returning False. Releases the GIL; Ctrl-C interrupts it. See gridgov.build_units.
    """
def calibrate(graph: UnitGraph, plan: Plan, full_time: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], part_time: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], part_time_hours: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], *, params: str = '', target: typing.SupportsFloat | typing.SupportsIndex = 0.91, parameter: str = 'escalation_scale', low: typing.SupportsFloat | typing.SupportsIndex = 0.0, high: typing.SupportsFloat | typing.SupportsIndex = 0.0, tolerance: typing.SupportsFloat | typing.SupportsIndex = 0.002, max_iterations: typing.SupportsInt | typing.SupportsIndex = 40, replications: typing.SupportsInt | typing.SupportsIndex = 4, threads: typing.SupportsInt | typing.SupportsIndex = 0, days: typing.SupportsInt | typing.SupportsIndex = 365, drain_days: typing.SupportsInt | typing.SupportsIndex = 30, seed: typing.SupportsInt | typing.SupportsIndex = 0, progress: typing.Any = None) -> dict:
    """
    Fit one parameter to a target resolution rate (see gridgov.calibrate).
    """
def check_code(arg0: str) -> str:
    ...
def check_code_at(arg0: str, arg1: Level) -> str:
    ...
def child_code(arg0: str, arg1: Level, arg2: typing.SupportsInt | typing.SupportsIndex) -> str:
    ...
def code_length(arg0: Level) -> int:
    ...
def compute_workload(graph: UnitGraph, plan: Plan, *, config: str = '') -> dict:
    """
    Workload per unit, grid and level (see gridgov.workload).
    """
def dissolve_grids(cells: Geometries, graph: UnitGraph, plan: Plan) -> Geometries:
    """
    One polygon per grid: the union of its units' cells (snapped to 1 mm); grid g is unit g of the result.
    """
def ensemble(graph: UnitGraph, plan: Plan, options: EnsembleOptions, workload_config: str = '', scores_path: str = '', plans_path: str = '', progress: typing.Any = None) -> dict:
    """
    ReCom ensemble (see gridgov.ensemble).
    """
def expected_daily_arrivals(graph: UnitGraph, plan: Plan, params: str = '') -> numpy.typing.NDArray[numpy.float64]:
    ...
def extends(arg0: str, arg1: str) -> bool:
    ...
def fairness(values: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> dict:
    """
    n, total, mean, min, max, stddev, cv, max_over_mean, gini of non-negative loads.
    """
def geometries_from_arrays(xy: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], ring_offsets: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], polygon_offsets: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], unit_offsets: typing.Annotated[numpy.typing.ArrayLike, numpy.int64]) -> Geometries:
    """
    Geometries from flat arrays (shapely.to_ragged_array's layout for MultiPolygons).
    """
def improve(graph: UnitGraph, plan: Plan, options: ImproveOptions, progress: typing.Any = None) -> dict:
    """
    Local search keeping every rule (see gridgov.improve).
    """
def level_name(arg0: Level) -> str:
    ...
def minimum_staff(graph: UnitGraph, plan: Plan, *, config: str = '', pattern: str = '') -> dict:
    """
    Minimum staff for a pattern (see gridgov.minimum_staff).
    """
def numbering_order(arg0: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], arg1: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> numpy.typing.NDArray[numpy.int64]:
    ...
def parse_geojson(text: str, source: str = '<geojson>', contiguity: str = 'rook', geographic: str = 'auto', id_field: str = 'id', households: str = 'households', population: str = 'population', community: str = 'community', grid_type: str = 'grid_type', default_community: str = '', extra_fields: collections.abc.Sequence[str] = [], tolerance: typing.SupportsFloat | typing.SupportsIndex = 0.0, edges: typing.Any = None, crs: str = '') -> tuple:
    """
    read_geojson from a string.
    """
def parse_level(arg0: str) -> Level:
    ...
def partition(graph: UnitGraph, options: PartitionOptions, progress: typing.Any = None) -> dict:
    """
    Partition units into grids (see gridgov.partition for the documented wrapper).
    """
def plan_geojson(graph: UnitGraph, plan: Plan = None, polygons: Geometries = None, per_grid: bool = False, dissolve: bool = True, precision: typing.SupportsInt | typing.SupportsIndex = -1, crs: str = '', grid_columns: collections.abc.Sequence[tuple[str, collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]]] = []) -> str:
    """
    A plan as GeoJSON text (per unit or per grid), stating the CRS (crs, else the graph's).
    """
def point_cells(graph: UnitGraph, geographic: bool = False, max_distance: typing.SupportsFloat | typing.SupportsIndex = 100.0) -> Geometries:
    """
    Cells for point units: Voronoi cells of the unit points limited to max_distance metres (lon/lat points tessellated in a local projection), so that grids drawn from them tile.
    """
def read_cells(path: str, graph: UnitGraph, id_field: str = 'id') -> tuple[Geometries, str]:
    """
    Cells read back from a vector file, in the order of the graph's units: (Geometries, CRS WKT).
    """
def read_geojson(path: str, contiguity: str = 'rook', geographic: str = 'auto', id_field: str = 'id', households: str = 'households', population: str = 'population', community: str = 'community', grid_type: str = 'grid_type', default_community: str = '', extra_fields: collections.abc.Sequence[str] = [], tolerance: typing.SupportsFloat | typing.SupportsIndex = 0.0, edges: typing.Any = None, crs: str = '') -> tuple:
    """
    Read units from a GeoJSON FeatureCollection: (UnitGraph, Geometries or None for points).
    """
def read_networkx_json(path: str, households: str = 'households', population: str = 'population', community: str = 'community', x: str = 'x', y: str = 'y', default_community: str = '') -> tuple[UnitGraph, typing.Any]:
    """
    Read a networkx adjacency/node-link JSON (GerryChain Graph.to_json): (UnitGraph, Plan or None).
    """
def read_people(path: str, *, encoding: str = 'auto') -> dict:
    """
    Read a people CSV as a dict of columns (UTF-8, or GBK/GB18030 detected or given by encoding).
    """
def read_scenario(path: str) -> tuple[UnitGraph, typing.Any, list]:
    """
    Read a gridgov scenario JSON: (UnitGraph, Plan or None, divisions as dicts).
    """
def redesign(graph: UnitGraph, old_plan: Plan, options: RedesignOptions, progress: typing.Any = None) -> dict:
    """
    Repair a plan after the units changed (see gridgov.redesign).
    """
def replay_plans(path: str, start: Plan, chain: typing.SupportsInt | typing.SupportsIndex = 0) -> list:
    """
    The plan after every accepted move of one chain of a plans file (see gridgov.replay_plans).
    """
def replicate(graph: UnitGraph, plan: Plan, full_time: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], part_time: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], part_time_hours: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], *, params: str = '', replications: typing.SupportsInt | typing.SupportsIndex = 10, threads: typing.SupportsInt | typing.SupportsIndex = 0, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.95, keep_runs: bool = True, days: typing.SupportsInt | typing.SupportsIndex = 365, drain_days: typing.SupportsInt | typing.SupportsIndex = 30, seed: typing.SupportsInt | typing.SupportsIndex = 0, progress: typing.Any = None) -> dict:
    """
    Replications in parallel threads (see gridgov.replicate).
    """
def replication_seed(seed: typing.SupportsInt | typing.SupportsIndex, r: typing.SupportsInt | typing.SupportsIndex) -> int:
    ...
def report_text(graph: UnitGraph, plan: Plan, options: ValidateOptions) -> str:
    """
    The report tables, as `gridgov report` prints them.
    """
def sim_params_json(json_text: str = '') -> str:
    """
    Validates a parameter JSON document over the defaults and returns the complete set as JSON.
    """
def simulate(graph: UnitGraph, plan: Plan, full_time: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], part_time: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], part_time_hours: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], *, params: str = '', days: typing.SupportsInt | typing.SupportsIndex = 365, drain_days: typing.SupportsInt | typing.SupportsIndex = 30, seed: typing.SupportsInt | typing.SupportsIndex = 0, progress: typing.Any = None) -> dict:
    """
    One replication (see gridgov.simulate).
    """
def simulate_plans(graph: UnitGraph, plan: Plan, plans: collections.abc.Sequence[Plan], full_time: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], part_time: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], part_time_hours: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], *, params: str = '', replications: typing.SupportsInt | typing.SupportsIndex = 3, threads: typing.SupportsInt | typing.SupportsIndex = 0, days: typing.SupportsInt | typing.SupportsIndex = 365, drain_days: typing.SupportsInt | typing.SupportsIndex = 30, seed: typing.SupportsInt | typing.SupportsIndex = 0, chains: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex] = [], steps: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex] = [], progress: typing.Any = None) -> str:
    """
    Simulated outcomes of a plan and of ensemble plans (see gridgov.ensemble).
    """
def staff(graph: UnitGraph, plan: Plan, *, ids: collections.abc.Sequence[str], roles: collections.abc.Sequence[str], hours: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex] = [], x: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex] = [], y: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex] = [], community: collections.abc.Sequence[str] = [], skills: collections.abc.Sequence[str] = [], config: str = '', pattern: str = '', evaluate: typing.Any = None, progress: typing.Any = None) -> dict:
    """
    Assign people to grids (see gridgov.staff).
    """
def student_t_quantile(confidence: typing.SupportsFloat | typing.SupportsIndex, df: typing.SupportsInt | typing.SupportsIndex) -> float:
    ...
def synth_city(*, units: typing.SupportsInt | typing.SupportsIndex = 2000, seed: typing.SupportsInt | typing.SupportsIndex = 1, queen: bool = False, tower_share: typing.SupportsFloat | typing.SupportsIndex = 0.05, people_per_household: typing.SupportsFloat | typing.SupportsIndex = 2.4, community_min: typing.SupportsFloat | typing.SupportsIndex = 2000.0, community_max: typing.SupportsFloat | typing.SupportsIndex = 6000.0, rivers: typing.SupportsInt | typing.SupportsIndex = 1, park_share: typing.SupportsFloat | typing.SupportsIndex = 0.04, dedicated_share: typing.SupportsFloat | typing.SupportsIndex = 0.0, rural_share: typing.SupportsFloat | typing.SupportsIndex = 0.0, county: str = '620102', community_codes: collections.abc.Sequence[str] = []) -> UnitGraph:
    """
    A synthetic city as a UnitGraph (see gridgov.synth_city).
    """
def validate(graph: UnitGraph, plan: Plan, options: ValidateOptions) -> dict:
    """
    Check a plan (see gridgov.validate).
    """
def validate_json(graph: UnitGraph, plan: Plan, options: ValidateOptions) -> str:
    """
    The report as JSON text, as `gridgov validate --json` prints it.
    """
def workload_config(config: str = '') -> str:
    """
    Validate a workload/staffing JSON document and return it with every default filled in.
    """
def write_networkx_json(path: str, graph: UnitGraph, plan: Plan = None) -> None:
    ...
def write_plan_geojson(path: str, graph: UnitGraph, plan: Plan = None, polygons: Geometries = None, per_grid: bool = False, dissolve: bool = True, precision: typing.SupportsInt | typing.SupportsIndex = -1, crs: str = '', grid_columns: collections.abc.Sequence[tuple[str, collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]]] = []) -> None:
    ...
def write_scenario(path: str, graph: UnitGraph, plan: Plan = None, divisions: typing.Any = None) -> None:
    """
    Write a gridgov scenario JSON; divisions are dicts or (level, code, name, parent_code) tuples.
    """
SIM_CHANNELS: list = ['hotline_12345', 'public_app', 'qr_code', 'patrol', 'mediation_office', 'petition_office', 'police']
SIM_EVENT_TYPES: list = ['dispute', 'request', 'safety_hazard', 'special_care']
SIM_LEVELS: list = ['grid', 'community', 'street', 'district']
SIM_METRICS: list = ['received', 'resolved', 'resolution_rate', 'on_time_rate', 'grid_share', 'community_share', 'street_share', 'district_share', 'unresolved_share', 'open_share', 'timeout_share', 'mean_resolution_days', 'p50_days', 'p90_days', 'p95_days', 'mean_utilisation', 'max_utilisation', 'mean_wait_hours', 'resolution_rate.hotline_12345', 'resolution_rate.public_app', 'resolution_rate.qr_code', 'resolution_rate.patrol', 'resolution_rate.mediation_office', 'resolution_rate.petition_office', 'resolution_rate.police', 'resolution_rate.dispute', 'on_time_rate.dispute', 'resolution_rate.request', 'on_time_rate.request', 'resolution_rate.safety_hazard', 'on_time_rate.safety_hazard', 'resolution_rate.special_care', 'on_time_rate.special_care']
SIM_SPECIAL_GROUPS: list = ['elderly_alone', 'disabled', 'hardship']
has_geo: bool = True
