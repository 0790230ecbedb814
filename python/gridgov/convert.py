"""Formats and conversions: GeoJSON, networkx (GerryChain), geopandas and
the gridgov scenario JSON.

networkx and geopandas are imported inside the functions that need them,
so ``import gridgov`` works without them.

>>> graph, polygons = gridgov.read_geojson("blocks.geojson", contiguity="queen")  # doctest: +SKIP
>>> G = gridgov.to_networkx(graph, plan)          # doctest: +SKIP
>>> gdf = gridgov.to_geopandas(graph, plan, polygons=polygons)  # doctest: +SKIP
"""
from __future__ import annotations

import math
import os
import warnings
from typing import Any, Iterable, Mapping, Sequence, Union

import numpy as np

from . import _core

PathLike = Union[str, "os.PathLike[str]"]

__all__ = [
    "Geometries",
    "build_units",
    "cells_to_geopandas",
    "from_geopandas",
    "from_networkx",
    "point_cells",
    "read_geojson",
    "read_networkx_json",
    "read_scenario",
    "to_geopandas",
    "to_networkx",
    "write_geojson",
    "write_networkx_json",
    "write_scenario",
]

Geometries = _core.Geometries

# Node attributes that are not numeric unit columns.
_RESERVED = {"id", "x", "y", "C_X", "C_Y", "community", "grid", "grid_type", "area", "perimeter", "geometry"}


def _plan(plan: Any, graph: _core.UnitGraph) -> _core.Plan | None:
    """A Plan from a Plan, or from one grid label per unit (None = no grid)."""
    if plan is None or isinstance(plan, _core.Plan):
        return plan
    labels = list(plan)
    if len(labels) != len(graph):
        raise _core.InputError(f"plan has {len(labels)} labels for {len(graph)} units")
    codes: dict[str, int] = {}
    grid = np.full(len(labels), -1, dtype=np.int32)
    for i, label in enumerate(labels):
        if label is None or (isinstance(label, float) and math.isnan(label)):
            continue
        grid[i] = codes.setdefault(str(label), len(codes))
    return _core.Plan(grid, list(codes))


def _labels(plan: _core.Plan | None) -> list[str | None] | None:
    return None if plan is None else plan.labels()


def _node_keys(graph: _core.UnitGraph) -> list[Any]:
    """Unit ids, as ints when every id is a canonical integer (GerryChain style)."""
    ids = graph.ids
    try:
        ints = [int(s) for s in ids]
    except ValueError:
        return list(ids)
    return ints if all(str(v) == s for v, s in zip(ints, ids)) else list(ids)


def _edge_arrays(graph: _core.UnitGraph) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(u, v, length or None) with u < v, one entry per edge."""
    offsets = np.asarray(graph.offsets)
    targets = np.asarray(graph.targets)
    src = np.repeat(np.arange(len(graph), dtype=np.int64), np.diff(offsets))
    keep = src < targets
    lengths = np.asarray(graph.edge_length)
    return src[keep], targets[keep].astype(np.int64), (lengths[keep] if lengths.size else None)


# ---- files ----

def read_geojson(path: PathLike, *, contiguity: str = "rook", geographic: str | bool = "auto",
                 id_field: str = "id", households: str = "households", population: str = "population",
                 community: str = "community", grid_type: str = "grid_type",
                 default_community: str | None = None, extra_fields: Sequence[str] = (),
                 tolerance: float = 0.0, edges: PathLike | None = None, crs: Any = None):
    """Read units from a GeoJSON FeatureCollection.

    Polygon/MultiPolygon features get contiguity from shared boundaries
    (``contiguity="rook"``: a shared segment; ``"queen"``: a shared point),
    with areas, perimeters and shared lengths (metres for lon/lat data).
    Point features need ``edges`` (a ``u,v`` CSV).

    The graph's ``crs`` is ``crs`` (a string or a pyproj CRS, for a file
    naming none), else the file's ``"crs"`` member, else ``"OGC:CRS84"``
    (longitude/latitude, RFC 7946) when every position is one, else ``""``
    (planar, not known).

    Returns
    -------
    (UnitGraph, Geometries or None)
        The polygons are kept for :func:`write_geojson` and :func:`to_geopandas`.

    Raises
    ------
    gridgov.InputError
        naming the file, the feature number (and id) and the problem.
    """
    graph, polygons = _core.read_geojson(
        os.fspath(path), contiguity=contiguity, geographic=_geo_flag(geographic), id_field=id_field,
        households=households, population=population, community=community, grid_type=grid_type,
        default_community=default_community or "", extra_fields=list(extra_fields), tolerance=float(tolerance),
        edges=None if edges is None else os.fspath(edges), crs=_crs_string(crs))
    if graph.n_units > 1 and graph.n_edges == 0:
        warnings.warn(f"{os.fspath(path)}: no two units are adjacent, so every unit will be a piece of its own "
                      "(polygons that share no boundary, or a far-off feature that stretches the automatic "
                      "tolerance): check the coordinates, or give tolerance=", stacklevel=2)
    return graph, polygons


def write_geojson(path: PathLike, graph: _core.UnitGraph, plan: Any = None, *,
                  polygons: Geometries | None = None, per_grid: bool = False, dissolve: bool = True,
                  precision: int = -1, crs: Any = None, workload_config: Any = None) -> None:
    """Write a plan as a GeoJSON FeatureCollection for QGIS.

    One feature per unit (properties id, grid, community, grid_type and
    every numeric column) or, with ``per_grid=True``, one per grid
    (properties grid, community, households, population, units, workload
    in hours per week under ``workload_config`` (None: the defaults, when
    the units have households and population); the union of its polygons,
    or the convex hull of its points without polygons).

    The file states its CRS in a ``"crs"`` member that GDAL, QGIS and
    geopandas read: ``crs`` (a string or pyproj CRS), else ``graph.crs``,
    else an unknown planar CRS (never the longitude/latitude default).
    """
    plan = _plan(plan, graph)
    columns = []
    if per_grid and plan is not None and (workload_config is not None or
                                          {"households", "population"} <= set(graph.attribute_names)):
        from .workload import workload

        columns = [("workload", [float(v) for v in workload(graph, plan, config=workload_config).grids["total"]])]
    _core.write_plan_geojson(os.fspath(path), graph, plan, polygons, per_grid=per_grid,
                             dissolve=dissolve, precision=precision, crs=_crs_string(crs), grid_columns=columns)


def read_networkx_json(path: PathLike, *, households: str = "households", population: str = "population",
                       community: str = "community", x: str = "x", y: str = "y",
                       default_community: str | None = None):
    """Read GerryChain's ``Graph.to_json`` output (networkx adjacency or
    node-link JSON). Returns ``(UnitGraph, Plan or None)``; the plan comes
    from a ``grid`` attribute on every node."""
    return _core.read_networkx_json(os.fspath(path), households=households, population=population,
                                    community=community, x=x, y=y, default_community=default_community or "")


def write_networkx_json(path: PathLike, graph: _core.UnitGraph, plan: Any = None) -> None:
    """Write the networkx adjacency JSON that GerryChain's ``Graph.from_json`` reads."""
    _core.write_networkx_json(os.fspath(path), graph, _plan(plan, graph))


def read_scenario(path: PathLike):
    """Read a gridgov scenario JSON: ``(UnitGraph, Plan or None, divisions)``
    where divisions is a list of dicts (level, code, name, parent_code)."""
    return _core.read_scenario(os.fspath(path))


def write_scenario(path: PathLike, graph: _core.UnitGraph, plan: Any = None,
                   divisions: Iterable[Mapping[str, str] | Sequence[str]] | None = None) -> None:
    """Write a gridgov scenario JSON (docs/scenario-format.md)."""
    _core.write_scenario(os.fspath(path), graph, _plan(plan, graph),
                         None if divisions is None else list(divisions))


def _crs_string(crs: Any) -> str:
    """A CRS as gridgov keeps it: "EPSG:n" when it has an authority code, else WKT ("" for None)."""
    if crs is None or (isinstance(crs, str) and not crs.strip()):
        return ""
    try:
        from pyproj import CRS
        from pyproj.exceptions import CRSError
    except ImportError:  # pragma: no cover - geopandas needs pyproj
        return str(crs)
    try:
        parsed = CRS.from_user_input(crs)
    except CRSError as e:
        raise _core.InputError(f"crs: {crs!r} names no CRS pyproj knows ({e})") from None
    if isinstance(crs, str):
        return crs  # as given: "EPSG:32650" stays so
    crs = parsed
    auth = crs.to_authority(min_confidence=100)
    return ":".join(auth) if auth else crs.to_wkt()


def _crs_or_none(graph: _core.UnitGraph, crs: Any = None) -> Any:
    """The CRS to hand to geopandas: ``crs`` when given, else the graph's (None when not known)."""
    if crs is not None:
        return crs
    return graph.crs or None


def _geo_flag(geographic: str | bool) -> str:
    if geographic is True:
        return "yes"
    if geographic is False:
        return "no"
    return str(geographic)


# ---- networkx ----

def to_networkx(graph: _core.UnitGraph, plan: Any = None):
    """A ``networkx.Graph`` of the units.

    Nodes are the unit ids (ints when every id is an integer, as in
    GerryChain) with attributes x, y, C_X, C_Y, community, grid_type, every
    numeric column, area/perimeter when known and ``grid`` when a plan
    (a Plan or one label per unit) is given; edges carry ``shared_perim``
    when boundary lengths are known.
    """
    import networkx as nx

    plan = _plan(plan, graph)
    keys = _node_keys(graph)
    x, y = np.asarray(graph.x).tolist(), np.asarray(graph.y).tolist()
    codes = graph.community_codes
    community = [codes[c] for c in np.asarray(graph.community).tolist()]
    grid_type = graph.grid_type
    columns = {name: np.asarray(graph.attribute(name)).tolist() for name in graph.attribute_names}
    area = np.asarray(graph.area).tolist()
    perimeter = np.asarray(graph.perimeter).tolist()
    labels = _labels(plan)
    G = nx.Graph()
    if graph.crs:
        G.graph["crs"] = graph.crs
    for i, key in enumerate(keys):
        attrs = {name: col[i] for name, col in columns.items()}
        attrs.update(x=x[i], y=y[i], C_X=x[i], C_Y=y[i], community=community[i], grid_type=grid_type[i])
        if area:
            attrs["area"] = area[i]
        if perimeter:
            attrs["perimeter"] = perimeter[i]
        if labels is not None:
            attrs["grid"] = labels[i]
        G.add_node(key, **attrs)
    u, v, lengths = _edge_arrays(graph)
    if lengths is None:
        G.add_edges_from((keys[a], keys[b]) for a, b in zip(u.tolist(), v.tolist()))
    else:
        G.add_edges_from((keys[a], keys[b], {"shared_perim": w})
                         for a, b, w in zip(u.tolist(), v.tolist(), lengths.tolist()))
    return G


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


_COORDINATE_PAIRS = (("X", "Y"), ("lon", "lat"), ("lng", "lat"), ("longitude", "latitude"), ("LON", "LAT"),
                     ("C_X", "C_Y"), ("centroid_x", "centroid_y"), ("INTPTLON", "INTPTLAT"))


def _coordinate_fields(first: dict, x: str, y: str) -> tuple[str, str]:
    """The attributes holding x and y: as named, else the usual pairs (as the C++ reader)."""
    if first.get(x) is not None or first.get(y) is not None or (x, y) != ("x", "y"):
        return x, y
    for a, b in _COORDINATE_PAIRS:
        if first.get(a) is not None and first.get(b) is not None:
            return a, b
    for key in first:
        if key.startswith("INTPTLON") and first.get("INTPTLAT" + key[8:]) is not None:
            return key, "INTPTLAT" + key[8:]
    raise _core.InputError("node 1: no coordinates (none of the attributes x/y, lon/lat, longitude/latitude, "
                           "INTPTLON*/INTPTLAT*, C_X/C_Y): name them with x=, y=")


def from_networkx(G, households: str = "households", population: str = "population",
                  community: str = "community", x: str = "x", y: str = "y",
                  default_community: str | None = None, grid_type: str = "grid_type") -> _core.UnitGraph:
    """A UnitGraph from a networkx graph (e.g. a GerryChain ``Graph``).

    Node keys become unit ids (``str(node)``). ``households`` is required on
    every node; ``community`` too unless ``default_community`` is given;
    ``population`` and any other attribute that is a finite non-negative
    number on every node become numeric columns; the households and
    population attributes become the columns ``households`` and
    ``population`` whatever they are called in the graph. Coordinates come
    from ``x``/``y``, else the first pair the nodes have of lon/lat,
    longitude/latitude, C_X/C_Y (GerryChain centroids), INTPTLON*/INTPTLAT*
    (census internal points, numbers or strings such as "+40.1234567"); a
    graph with none of them is an error (name them with ``x=``, ``y=``).
    Edge attribute ``shared_perim`` (or ``shared_boundary``) becomes the
    boundary length.

    Raises gridgov.InputError naming the node and the problem.
    """
    if hasattr(G, "to_networkx_graph") and hasattr(G, "is_nx_graph"):
        G = G.to_networkx_graph()  # GerryChain 1.x wraps its graph instead of being one
    nodes = list(G.nodes)
    if not nodes:
        raise _core.InputError("the graph has no nodes")
    data = [G.nodes[n] for n in nodes]
    index = {n: i for i, n in enumerate(nodes)}

    def column(name: str, required: bool) -> np.ndarray:
        out = np.empty(len(nodes), dtype=np.float64)
        for i, d in enumerate(data):
            value = _number(d.get(name))
            if value is None:
                what = "missing" if d.get(name) is None else f"not a finite number ({d.get(name)!r})"
                kind = "required attribute" if required else "attribute"
                raise _core.InputError(f"node {i + 1} (id {nodes[i]!r}): {kind} '{name}' {what}")
            if value < 0:
                raise _core.InputError(f"node {i + 1} (id {nodes[i]!r}): attribute '{name}' is negative ({value})")
            out[i] = value
        return out

    attributes: dict[str, np.ndarray] = {"households": column(households, True)}
    if population != households and any(d.get(population) is not None for d in data):
        attributes["population"] = column(population, False)
    x, y = _coordinate_fields(data[0], x, y)
    taken = _RESERVED | {households, population, community, x, y, grid_type, "households", "population"}
    for name in ("elderly_alone", "disabled", "hardship"):
        if name not in taken and any(d.get(name) is not None for d in data):
            attributes[name] = column(name, False)
            taken.add(name)
    for name in data[0]:
        if name in taken or name in attributes:
            continue
        values = [_number(d.get(name)) for d in data]
        if all(v is not None and v >= 0 for v in values):
            attributes[name] = np.asarray(values, dtype=np.float64)

    def coordinate(name: str) -> np.ndarray:
        out = np.zeros(len(nodes))
        for i, d in enumerate(data):
            value = d.get(name)
            if value is None:
                raise _core.InputError(f"node {i + 1} (id {nodes[i]!r}): missing coordinate attribute '{name}'")
            f = _number(value)
            if f is None:
                raise _core.InputError(f"node {i + 1} (id {nodes[i]!r}): attribute '{name}' is not a number")
            out[i] = f
        return out

    communities = []
    for i, d in enumerate(data):
        c = d.get(community)
        if c is None:
            if not default_community:
                raise _core.InputError(f"node {i + 1} (id {nodes[i]!r}): missing required attribute '{community}'"
                                       " (or give default_community)")
            c = default_community
        communities.append(str(c))
    types = [str(d.get(grid_type) or "urban") for d in data]
    areas = [_number(d.get("area")) for d in data]
    area = np.asarray(areas, dtype=np.float64) if all(a is not None for a in areas) else None

    pairs, lengths, any_length = [], [], False
    for a, b, attrs in G.edges(data=True):
        if a == b:
            raise _core.InputError(f"self-loop at node {a!r}")
        pairs.append((index[a], index[b]))
        w = attrs.get("shared_perim", attrs.get("shared_boundary"))
        w = _number(w)
        any_length = any_length or w is not None
        lengths.append(0.0 if w is None else w)
    edges = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return _core.UnitGraph.from_arrays(
        [str(n) for n in nodes], coordinate(x), coordinate(y), communities, attributes, edges,
        grid_type=types, area=area, edge_length=np.asarray(lengths) if any_length else None,
        crs=_crs_string(G.graph.get("crs")) if isinstance(getattr(G, "graph", None), dict) else "")


# ---- geopandas ----

def to_geopandas(graph: _core.UnitGraph, plan: Any = None, polygons: Any = None, crs: Any = None, *,
                 workload_config: Any = None):
    """A ``geopandas.GeoDataFrame`` with one row per unit: id, community,
    grid_type, the numeric columns, grid (with a plan) and the geometry
    (the unit's polygons when given, else its point). ``crs`` defaults to
    the graph's own (``graph.crs``; none when not known).

    With a plan and the units' cells as a GeoDataFrame (``build_units``'s
    second result: an ``id`` column and polygons) or a path to a cells file
    (``gridgov build --out-cells``), the result is the grids instead: one
    polygon per grid (the cells of its units dissolved, snapped to 1 mm) with
    ``grid``, ``units``, ``households``, ``population``, ``community`` and
    ``parts`` (1 when the grid is one polygon), in the cells' CRS, and
    ``workload``: hours per week per grid (:func:`gridgov.workload`) under
    ``workload_config`` (a dict, JSON text or path; None: the defaults, and
    then no column when the units lack households or population)."""
    if plan is not None and polygons is not None and not isinstance(polygons, _core.Geometries):
        return _grid_polygons(graph, plan, polygons, crs, workload_config)
    import geopandas as gpd
    from shapely.geometry import MultiPolygon, Point, Polygon

    plan = _plan(plan, graph)
    codes = graph.community_codes
    columns: dict[str, Any] = {
        "id": list(graph.ids),
        "community": [codes[c] for c in np.asarray(graph.community).tolist()],
        "grid_type": graph.grid_type,
    }
    for name in graph.attribute_names:
        columns[name] = np.asarray(graph.attribute(name)).copy()
    if plan is not None:
        columns["grid"] = plan.labels()
    if polygons is not None:
        if len(polygons) != len(graph):
            raise _core.InputError(f"polygons are for {len(polygons)} units, the graph has {len(graph)}")
        geometry = []
        for u in range(len(graph)):
            parts = [Polygon(rings[0], rings[1:]) for rings in polygons.polygons(u)]
            geometry.append(parts[0] if len(parts) == 1 else MultiPolygon(parts))
        if crs is None and not graph.crs and polygons.geographic:
            crs = "OGC:CRS84"
    else:
        geometry = [Point(px, py) for px, py in zip(np.asarray(graph.x).tolist(), np.asarray(graph.y).tolist())]
    return gpd.GeoDataFrame(columns, geometry=geometry, crs=_crs_or_none(graph, crs))


def from_geopandas(gdf, contiguity: str = "queen", *, id_field: str = "id", households: str = "households",
                   population: str = "population", community: str = "community",
                   default_community: str | None = None, tolerance: float = 0.0, crs: Any = None):
    """Units from a GeoDataFrame of polygons, with contiguity computed by
    gridgov (``"queen"`` or ``"rook"``). Without an ``id_field`` column the
    index is the id. Returns ``(UnitGraph, Geometries)``.

    The graph keeps the frame's CRS (``graph.crs``; ``to_geopandas`` gives
    it back). Lengths and areas are metres for a longitude/latitude CRS,
    else in the CRS's units. A frame with no CRS (and no ``crs=``) is taken
    as planar, never as degrees, with a warning."""
    frame_crs = getattr(gdf, "crs", None)
    if crs is None and frame_crs is None:
        warnings.warn("the GeoDataFrame has no CRS: its coordinates are taken as planar (lengths and areas in its "
                      "units, not metres from degrees); set one with .set_crs(...) or give crs=", stacklevel=2)
    crs_text = _crs_string(crs if crs is not None else frame_crs)
    if crs_text:
        from pyproj import CRS

        geographic = "yes" if CRS.from_user_input(crs_text).is_geographic else "no"
    else:
        geographic = "no"
    with warnings.catch_warnings():  # the CRS goes to gridgov below, whether or not geopandas can name it
        warnings.filterwarnings("ignore", message=".*CRS is not representable.*")
        text = gdf.to_json()
    return _core.parse_geojson(text, "<GeoDataFrame>", contiguity=contiguity, geographic=geographic,
                               id_field=id_field, households=households, population=population,
                               community=community, default_community=default_community or "",
                               tolerance=float(tolerance), crs=crs_text)


# ---- buildings to units (gridgov_geo) ----

def _need_geo() -> None:
    if not getattr(_core, "has_geo", False):
        raise _core.Error("this gridgov was built without gridgov_geo (GDAL and GEOS): build_units and grid polygons "
                          "need it (Debian: apt-get install libgdal-dev libgeos-dev, then reinstall gridgov)")


def _geometries_to_shapely(geoms: _core.Geometries):
    """MultiPolygons of flattened Geometries, one per unit (empty where none)."""
    import shapely

    return shapely.from_ragged_array(
        shapely.GeometryType.MULTIPOLYGON, np.asarray(geoms.xy),
        (np.asarray(geoms.ring_offsets), np.asarray(geoms.polygon_offsets), np.asarray(geoms.unit_offsets)))


def _shapely_to_geometries(geometry) -> _core.Geometries:
    import shapely

    geometry = np.asarray(geometry, dtype=object)
    polys = shapely.get_type_id(geometry) == shapely.GeometryType.POLYGON
    geometry = np.where(polys, shapely.multipolygons(np.expand_dims(geometry, 1).tolist()) if polys.any() else geometry,
                        geometry)
    kind, coords, offsets = shapely.to_ragged_array(geometry)
    if kind != shapely.GeometryType.MULTIPOLYGON:
        raise _core.InputError(f"cells must be polygons, got {kind.name.lower()}s")
    return _core.geometries_from_arrays(coords, *offsets)


def cells_to_geopandas(graph: _core.UnitGraph, cells: _core.Geometries, crs: Any = None):
    """The cells (one MultiPolygon per unit) as a GeoDataFrame with id,
    community and the numeric columns."""
    import geopandas as gpd

    columns: dict[str, Any] = {"id": list(graph.ids),
                               "community": [graph.community_codes[c] for c in np.asarray(graph.community).tolist()]}
    for name in graph.attribute_names:
        columns[name] = np.asarray(graph.attribute(name)).copy()
    return gpd.GeoDataFrame(columns, geometry=_geometries_to_shapely(cells), crs=crs or None)


def point_cells(graph: _core.UnitGraph, *, max_distance: float = 100.0, geographic: bool | str = "auto",
                crs: Any = None):
    """Cells for units that are points (a graph read from a units CSV, a
    networkx graph or ``synth_city``): the Voronoi cells of the unit points,
    each limited to ``max_distance`` metres around its point, as a
    GeoDataFrame like ``build_units``'s cells (``id``, ``community``, the
    numeric columns). With them ``to_geopandas(graph, plan, cells)`` gives
    grid polygons that tile instead of overlapping. Units at one point are
    spread on a 0.5 m circle so that each gets a cell.

    ``geographic``: the coordinates are longitude/latitude (tessellated in a
    local projection, cells returned in degrees, CRS EPSG:4326 unless
    ``crs`` says otherwise); ``"auto"``: when ``crs`` is geographic, or
    without a ``crs`` when every point lies within -180..180, -90..90 and
    the points span less than 10 degrees."""
    _need_geo()
    if crs is not None and not isinstance(crs, str):
        crs = crs.to_string()  # a pyproj CRS
    if geographic == "auto":
        if crs is not None:
            import pyproj
            geographic = pyproj.CRS.from_user_input(crs).is_geographic
        else:
            x, y = np.asarray(graph.x), np.asarray(graph.y)
            geographic = bool(len(x)) and bool(np.all(np.abs(x) <= 180) and np.all(np.abs(y) <= 90)
                                               and np.ptp(x) < 10 and np.ptp(y) < 10)
    flag = _geo_flag(geographic)
    if flag not in ("yes", "no"):
        raise ValueError(f"geographic must be True, False, 'yes', 'no' or 'auto', not {geographic!r}")
    geographic = flag == "yes"
    cells = _core.point_cells(graph, geographic=geographic, max_distance=float(max_distance))
    return cells_to_geopandas(graph, cells, crs=crs or ("EPSG:4326" if geographic else None))


def _as_file(data: Any, folder: str, name: str) -> tuple[str, str]:
    """(path, layer) of a path or of a GeoDataFrame/GeoSeries written to a GeoPackage."""
    if data is None:
        return "", ""
    if isinstance(data, (str, os.PathLike)):
        return os.fspath(data), ""
    import geopandas as gpd

    if isinstance(data, gpd.GeoSeries):
        data = gpd.GeoDataFrame(geometry=data)
    if not isinstance(data, gpd.GeoDataFrame):
        raise TypeError(f"{name}: a path or a GeoDataFrame, got {type(data).__name__}")
    if data.crs is None:
        raise _core.InputError(f"{name}: the GeoDataFrame has no CRS (set one with .set_crs)")
    path = os.path.join(folder, f"{name}.gpkg")
    frame = data.copy()
    # Every column must be writable: object columns become strings.
    for c in frame.columns:
        if c != frame.geometry.name and frame[c].dtype == object:
            frame[c] = frame[c].map(lambda v: None if v is None else str(v))
    frame.to_file(path, layer=name, driver="GPKG", engine="pyogrio")
    return path, name


def build_units(buildings: Any, barriers: Any = None, communities: Any = None, *, layer: str | None = None,
                where: str | None = None, id_field: str | None = None, barriers_layer: str | None = None,
                barriers_where: str | None = None, communities_layer: str | None = None,
                community_field: str | None = None, outside_community: str = "outside",
                households: str | None = None, floors: str | None = None, height: str | None = None,
                use_field: str | None = None, residential: Sequence[str] | None = None, floor_height: float = 3.0,
                floor_area_per_household: float = 90.0, persons_per_household: float = 2.5,
                max_distance: float = 100.0, sample_spacing: float = 2.0, simplify: float = 0.1, threads: int = 0,
                crs: Any = None, max_footprint_area: float = 1e6,
                skip_invalid: bool = False, progress: Any = None):
    """Units, rook edges and cells from building footprints, as
    ``gridgov build`` does (README, "From buildings to grids on a map").

    ``buildings``, ``barriers`` and ``communities`` are paths (anything GDAL
    reads: GeoPackage, Shapefile, GeoJSON, FlatGeobuf, OSM PBF) or
    GeoDataFrames (with a CRS). Returns ``(graph, cells)``: the UnitGraph
    and a GeoDataFrame of the cells (one polygon per unit, id, community,
    households, population, footprint_area, enclosure) in the working
    metric CRS; ``cells.attrs["gridgov_build"]`` holds the report (CRS,
    household estimate and its inputs, buildings outside every community,
    footprints left out). A footprint over ``max_footprint_area`` m2
    (default 1 km2, 0 = no limit) is refused as a likely CRS mistake.

    The work runs with the GIL released and stops with KeyboardInterrupt
    on Ctrl-C (or when ``progress(fraction, stage)`` returns False)."""
    import tempfile

    _need_geo()
    if crs is not None and not isinstance(crs, str):
        crs = crs.to_string()  # a pyproj CRS
    with tempfile.TemporaryDirectory(prefix="gridgov-build-") as folder:
        b_path, b_layer = _as_file(buildings, folder, "buildings")
        r_path, r_layer = _as_file(barriers, folder, "barriers")
        c_path, c_layer = _as_file(communities, folder, "communities")
        graph, cells, report = _core.build_units(
            b_path, layer=layer or b_layer, where=where or "", id_field=id_field or "", barriers=r_path,
            barriers_layer=barriers_layer or r_layer, barriers_where=barriers_where or "", communities=c_path,
            communities_layer=communities_layer or c_layer, community_field=community_field or "",
            outside_community=outside_community, households=households or "", floors=floors or "",
            height=height or "", use_field=use_field or "", residential=list(residential or []),
            floor_height=floor_height, floor_area_per_household=floor_area_per_household,
            persons_per_household=persons_per_household, max_distance=max_distance, sample_spacing=sample_spacing,
            simplify=simplify, threads=threads,
            crs=crs or "", max_footprint_area=max_footprint_area, skip_invalid=skip_invalid, progress=progress)
    frame = cells_to_geopandas(graph, cells, crs=report["crs_wkt"] or None)
    frame.attrs["gridgov_build"] = report
    return graph, frame


def _grid_polygons(graph: _core.UnitGraph, plan: Any, cells: Any, crs: Any = None, workload_config: Any = None):
    import geopandas as gpd

    _need_geo()
    plan = _plan(plan, graph)
    if isinstance(cells, (str, os.PathLike)):
        geoms, wkt = _core.read_cells(os.fspath(cells), graph)
        cells_crs = wkt or None
    else:
        if "id" not in cells.columns:
            raise _core.InputError("cells: no 'id' column")
        ids = [str(v) for v in cells["id"]]
        index = {v: i for i, v in enumerate(ids)}
        if len(index) != len(ids):
            raise _core.InputError("cells: an id appears twice")
        missing = [u for u in graph.ids if u not in index]
        if missing:
            raise _core.InputError(f"cells: no cell for unit '{missing[0]}' ({len(missing)} missing)")
        order = [index[u] for u in graph.ids]
        geoms = _shapely_to_geometries(cells.geometry.values[order])
        cells_crs = cells.crs
    grids = _core.dissolve_grids(geoms, graph, plan)
    k = plan.num_grids
    grid_of = np.asarray(plan.grid)
    member = grid_of >= 0
    columns: dict[str, Any] = {"grid": list(plan.grid_codes),
                               "units": np.bincount(grid_of[member], minlength=k).astype(float)}
    for name in ("households", "population"):
        if name in graph.attribute_names:
            columns[name] = np.bincount(grid_of[member], weights=np.asarray(graph.attribute(name))[member], minlength=k)
    codes = graph.community_codes
    community: list[set[str]] = [set() for _ in range(k)]
    for g, c in zip(grid_of.tolist(), np.asarray(graph.community).tolist()):
        if g >= 0:
            community[g].add(codes[c])
    columns["community"] = [";".join(sorted(c)) for c in community]
    columns["parts"] = np.diff(np.asarray(grids.unit_offsets)).astype(float)
    names = set(graph.attribute_names)
    if workload_config is not None or {"households", "population"} <= names:
        from .workload import workload

        columns["workload"] = np.asarray(workload(graph, plan, config=workload_config).grids["total"], dtype=float)
    return gpd.GeoDataFrame(columns, geometry=_geometries_to_shapely(grids), crs=crs or cells_crs or graph.crs or None)
