"""GeoJSON / networkx / geopandas / scenario conversions from Python."""
import json

import numpy as np
import pytest

gridgov = pytest.importorskip("gridgov")


def _square(x0, y0, w=10.0):
    return [[[x0, y0], [x0 + w, y0], [x0 + w, y0 + w], [x0, y0 + w], [x0, y0]]]


def _lattice(tmp_path, rows=3, cols=3, name="lattice.geojson"):
    features = []
    for r in range(rows):
        for c in range(cols):
            features.append({
                "type": "Feature",
                "properties": {"id": f"{r}_{c}", "households": 10 + r * cols + c, "population": 25,
                               "community": "c1" if r < 2 else "c2"},
                "geometry": {"type": "Polygon", "coordinates": _square(1000 + 10 * c, 2000 + 10 * r)},
            })
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_read_geojson_rook_and_queen(tmp_path):
    path = _lattice(tmp_path)
    graph, polygons = gridgov.read_geojson(path, contiguity="rook", geographic=False)
    assert len(graph) == 9 and graph.n_edges == 12
    np.testing.assert_allclose(graph.area, 100.0)
    np.testing.assert_allclose(graph.edge_length, 10.0)
    assert len(polygons) == 9 and not polygons.geographic
    assert polygons.xy.shape == (45, 2)
    queen, _ = gridgov.read_geojson(path, contiguity="queen", geographic=False)
    assert queen.n_edges == 20


def test_geojson_bad_input_names_file_and_feature(tmp_path):
    path = tmp_path / "bad_feature.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "a", "households": 1, "community": "c"},
         "geometry": {"type": "Polygon", "coordinates": _square(0, 0)}},
        {"type": "Feature", "properties": {"id": "b", "households": -2, "community": "c"},
         "geometry": {"type": "Polygon", "coordinates": _square(10, 0)}}]}))
    with pytest.raises(gridgov.InputError, match=r"bad_feature\.geojson.*feature 2 \(id 'b'\).*negative"):
        gridgov.read_geojson(path)
    with pytest.raises(ValueError):  # InputError is a ValueError
        gridgov.read_geojson(path)
    trunc = tmp_path / "trunc.geojson"
    trunc.write_text(path.read_text()[:100])
    with pytest.raises(gridgov.InputError, match=r"trunc\.geojson.*truncated JSON"):
        gridgov.read_geojson(trunc)


def test_write_geojson_per_unit_and_grid(tmp_path):
    graph, polygons = gridgov.read_geojson(_lattice(tmp_path), geographic=False)
    labels = ["r0"] * 3 + ["r1"] * 3 + ["r2"] * 3
    out = tmp_path / "units_out.geojson"
    gridgov.write_geojson(out, graph, labels, polygons=polygons)
    doc = json.loads(out.read_text())
    assert [f["properties"]["grid"] for f in doc["features"]] == labels
    grids = tmp_path / "grids.geojson"
    gridgov.write_geojson(grids, graph, gridgov.Plan.from_labels(labels), polygons=polygons, per_grid=True)
    doc = json.loads(grids.read_text())
    assert [f["properties"]["units"] for f in doc["features"]] == [3, 3, 3]
    assert doc["features"][2]["properties"]["households"] == 16 + 17 + 18


def test_scenario_round_trip(tmp_path):
    graph, _ = gridgov.read_geojson(_lattice(tmp_path), geographic=False)
    plan = gridgov.Plan.from_labels(["g1"] * 4 + ["g2"] * 5)
    divisions = [{"level": "community", "code": "620102001001", "name": "A", "parent_code": "620102001"}]
    path = tmp_path / "s.json"
    gridgov.write_scenario(path, graph, plan, divisions)
    g2, p2, d2 = gridgov.read_scenario(path)
    assert g2.ids == graph.ids
    np.testing.assert_array_equal(g2.x, graph.x)
    np.testing.assert_array_equal(g2.attribute("households"), graph.attribute("households"))
    np.testing.assert_array_equal(g2.edges(), graph.edges())
    assert p2.labels() == plan.labels()
    assert d2 == divisions
    bad = tmp_path / "bad_scenario.json"
    bad.write_text(path.read_text().replace('"format": "gridgov-scenario"', '"format": "x"'))
    with pytest.raises(gridgov.InputError, match=r"bad_scenario\.json.*not a gridgov scenario"):
        gridgov.read_scenario(bad)


def test_networkx_round_trip(tmp_path):
    nx = pytest.importorskip("networkx")
    graph, _ = gridgov.read_geojson(_lattice(tmp_path), contiguity="queen", geographic=False)
    labels = ["a"] * 5 + ["b"] * 4
    G = gridgov.to_networkx(graph, labels)
    assert G.number_of_nodes() == 9 and G.number_of_edges() == 20
    assert G.nodes["1_1"]["grid"] == "a" and G.nodes["1_1"]["households"] == 14
    assert G.edges["0_0", "0_1"]["shared_perim"] == pytest.approx(10.0)
    back = gridgov.from_networkx(G)
    assert back.ids == graph.ids
    np.testing.assert_array_equal(back.edges(), graph.edges())
    np.testing.assert_allclose(back.attribute("population"), graph.attribute("population"))
    assert back.community_codes == graph.community_codes

    # GerryChain's file format, written by networkx itself.
    from networkx.readwrite import json_graph

    H = nx.path_graph(4)
    for n in H:
        H.nodes[n].update(TOTPOP=100 + n, households=40, C_X=float(n), C_Y=0.0, boundary_node=n in (0, 3))
    for a, b in H.edges:
        H.edges[a, b]["shared_perim"] = 1.5
    path = tmp_path / "gerrychain.json"
    path.write_text(json.dumps(json_graph.adjacency_data(H)))
    g, plan = gridgov.read_networkx_json(path, population="TOTPOP", default_community="c")
    assert plan is None and len(g) == 4 and g.n_edges == 3
    np.testing.assert_array_equal(g.x, [0, 1, 2, 3])
    np.testing.assert_array_equal(g.attribute("population"), [100, 101, 102, 103])  # TOTPOP lands as population
    out = tmp_path / "out.json"
    gridgov.write_networkx_json(out, g, ["x", "x", "y", "y"])
    H2 = json_graph.adjacency_graph(json.loads(out.read_text()))
    assert sorted(H2.nodes) == [0, 1, 2, 3] and H2.number_of_edges() == 3
    assert H2.nodes[3]["grid"] == "y" and H2.edges[0, 1]["shared_perim"] == 1.5

    # Bad input names the node.
    H.nodes[2]["households"] = -1
    with pytest.raises(gridgov.InputError, match=r"node 3 \(id 2\).*negative"):
        gridgov.from_networkx(H, default_community="c")
    path.write_text(json.dumps(json_graph.adjacency_data(H)))
    with pytest.raises(gridgov.InputError, match=r"gerrychain\.json.*node 3 \(id '2'\).*negative"):
        gridgov.read_networkx_json(path, default_community="c")


def test_geopandas_round_trip(tmp_path):
    gpd = pytest.importorskip("geopandas")
    graph, polygons = gridgov.read_geojson(_lattice(tmp_path), geographic=False)
    gdf = gridgov.to_geopandas(graph, ["g"] * 9, polygons=polygons)
    assert len(gdf) == 9 and gdf.geometry.area.sum() == pytest.approx(900.0)
    assert list(gdf["grid"]) == ["g"] * 9
    with pytest.warns(UserWarning, match="no CRS"):
        back, back_polygons = gridgov.from_geopandas(gdf, contiguity="rook")
    assert back.ids == graph.ids and back.n_edges == 12
    assert isinstance(gdf, gpd.GeoDataFrame)
    points = gridgov.to_geopandas(graph)
    assert points.geometry.geom_type.unique().tolist() == ["Point"]


def test_crs_kept_end_to_end(tmp_path):
    """geopandas -> gridgov -> geopandas and GeoJSON files keep the CRS (pyproj
    reads back the same one); planar coordinates are never taken for degrees."""
    gpd = pytest.importorskip("geopandas")
    pyproj = pytest.importorskip("pyproj")
    nx = pytest.importorskip("networkx")
    graph, polygons = gridgov.read_geojson(_lattice(tmp_path), crs="EPSG:32648")
    assert graph.crs == "EPSG:32648" and not polygons.geographic
    gdf = gridgov.to_geopandas(graph, polygons=polygons)
    assert gdf.crs == pyproj.CRS("EPSG:32648")
    back, back_polygons = gridgov.from_geopandas(gdf, contiguity="rook")
    assert pyproj.CRS(back.crs) == pyproj.CRS("EPSG:32648")
    assert gridgov.to_geopandas(back, polygons=back_polygons).crs == gdf.crs
    assert gridgov.to_geopandas(back).crs == gdf.crs  # points too
    # Lengths in the CRS's metres: 10 m squares share 10 m edges.
    assert np.allclose(np.asarray(back.edge_length), 10.0)
    # Written GeoJSON (per unit and per grid) reads back in geopandas with the same CRS.
    for per_grid in (False, True):
        path = tmp_path / f"out{per_grid}.geojson"
        gridgov.write_geojson(path, back, ["g"] * 9, polygons=back_polygons, per_grid=per_grid)
        assert gpd.read_file(path).crs == pyproj.CRS("EPSG:32648")
    # crs= states another CRS; the per-grid file carries each grid's workload (hours per week).
    gridgov.write_geojson(tmp_path / "other.geojson", back, ["a"] * 4 + ["b"] * 5, per_grid=True, crs="EPSG:2263")
    other = gpd.read_file(tmp_path / "other.geojson")
    assert other.crs == pyproj.CRS("EPSG:2263")
    plan = gridgov.Plan(np.array([0] * 4 + [1] * 5, dtype=np.int32), ["a", "b"])
    hours = gridgov.workload(back, plan).grids["total"]
    assert np.allclose(other.set_index("grid").loc[["a", "b"], "workload"], hours)
    # A CRS with no EPSG code (a local transverse Mercator) travels as WKT.
    local = pyproj.CRS("+proj=tmerc +lon_0=103.8 +ellps=GRS80 +units=m +no_defs")
    g2, p2 = gridgov.from_geopandas(gdf.set_crs(local, allow_override=True), contiguity="rook")
    gridgov.write_geojson(tmp_path / "local.geojson", g2, polygons=p2)
    assert gpd.read_file(tmp_path / "local.geojson").crs == local
    assert gridgov.to_geopandas(g2, polygons=p2).crs == local
    # networkx (GerryChain keeps the CRS in graph.graph["crs"]).
    G = gridgov.to_networkx(back)
    assert pyproj.CRS(G.graph["crs"]) == pyproj.CRS("EPSG:32648")
    G.graph["crs"] = local.to_json()  # as GerryChain's from_geodataframe stores it
    assert pyproj.CRS(gridgov.from_networkx(G).crs) == local
    # Unknown CRS: written as an unknown planar CRS, which no reader takes for lon/lat.
    back.crs = None
    gridgov.write_geojson(tmp_path / "unknown.geojson", back, polygons=back_polygons)
    unknown = gpd.read_file(tmp_path / "unknown.geojson").crs
    assert unknown is not None and not unknown.is_geographic
    assert gridgov.to_geopandas(back).crs is None


def test_gerrychain_json_keeps_the_crs(tmp_path):
    """GerryChain's Graph.from_geodataframe keeps the frame's CRS (PROJJSON)
    in graph.graph["crs"]; its to_json file read by gridgov gives it back."""
    pyproj = pytest.importorskip("pyproj")
    gerrychain = pytest.importorskip("gerrychain")
    graph, polygons = gridgov.read_geojson(_lattice(tmp_path), crs="EPSG:32648")
    gdf = gridgov.to_geopandas(graph, polygons=polygons)
    gdf["C_X"], gdf["C_Y"] = gdf.centroid.x, gdf.centroid.y
    gc = gerrychain.Graph.from_geodataframe(gdf)
    gc.to_json(str(tmp_path / "gc.json"))
    back, _ = gridgov.read_networkx_json(tmp_path / "gc.json")
    assert pyproj.CRS(back.crs) == pyproj.CRS("EPSG:32648")
    gridgov.write_networkx_json(tmp_path / "again.json", back)
    assert pyproj.CRS(gerrychain.Graph.from_json(str(tmp_path / "again.json")).graph["crs"]) == pyproj.CRS("EPSG:32648")


def test_units_csv_with_a_stated_crs(sample, tmp_path):
    """A units CSV names no CRS: read_graph(crs=) states it, to_geopandas and
    the GeoJSON writers keep it; without it the points have no CRS."""
    gpd = pytest.importorskip("geopandas")
    pyproj = pytest.importorskip("pyproj")
    graph = gridgov.read_graph(sample / "units.csv", sample / "edges.csv", crs=pyproj.CRS("EPSG:32648"))
    assert graph.crs == "EPSG:32648"
    assert gridgov.to_geopandas(graph).crs.to_epsg() == 32648
    gridgov.write_geojson(tmp_path / "u.geojson", graph)
    assert gpd.read_file(tmp_path / "u.geojson").crs.to_epsg() == 32648
    with pytest.raises(gridgov.InputError, match="names no CRS"):
        gridgov.read_graph(sample / "units.csv", sample / "edges.csv", crs="EPSG:999999")
    bare = gridgov.read_graph(sample / "units.csv", sample / "edges.csv")
    assert bare.crs == "" and gridgov.to_geopandas(bare).crs is None


def test_geodataframe_without_crs_is_planar_not_degrees():
    """libpysal's Columbus has no CRS and coordinates that pass for lon/lat
    (x 5.9-11.3, y 10.8-14.7): shared lengths stay in its units, with a warning,
    instead of tens of kilometres 'measured' as if they were degrees."""
    gpd = pytest.importorskip("geopandas")
    libpysal = pytest.importorskip("libpysal")
    import os

    path = os.path.join(os.path.dirname(libpysal.__file__), "examples", "columbus", "columbus.shp")
    df = gpd.read_file(path)
    assert df.crs is None
    df["households"], df["community"] = df["HOVAL"], "c"
    with pytest.warns(UserWarning, match="no CRS"):
        graph, _ = gridgov.from_geopandas(df)
    assert graph.crs == ""
    assert 0 < np.max(np.asarray(graph.edge_length)) < 5  # the map is about 5 x 4 units
    graph2, _ = gridgov.from_geopandas(df, crs="EPSG:4326")  # said to be degrees: metres
    assert np.max(np.asarray(graph2.edge_length)) > 10_000


def test_polygon_validity_agrees_with_shapely_on_real_data(tmp_path):
    """libpysal's Tokyo wards (262 polygons no one here drew, 10 of them invalid
    by GEOS): gridgov rejects a feature exactly when shapely calls it invalid,
    naming the feature; the valid ones read as a graph."""
    gpd = pytest.importorskip("geopandas")
    libpysal = pytest.importorskip("libpysal")
    import os

    path = os.path.join(os.path.dirname(libpysal.__file__), "examples", "tokyo", "tokyomet262.shp")
    df = gpd.read_file(path)[["geometry"]]
    df["households"], df["population"], df["community"] = 1, 1, "c"
    df["id"] = [str(i) for i in range(len(df))]
    invalid = set(df.index[~df.is_valid])
    assert len(invalid) == 10
    rejected = set()
    for i in range(len(df)):
        f = tmp_path / f"f{i}.geojson"
        df.iloc[[i]].to_file(f, driver="GeoJSON")
        try:
            gridgov.read_geojson(f, geographic=False)
        except gridgov.InputError as e:
            assert f"(id '{i}')" in str(e) and "repair it first" in str(e)
            rejected.add(i)
    assert rejected == invalid
    g, _ = gridgov.read_geojson(_write(tmp_path / "valid.geojson", df.drop(index=list(invalid))), geographic=False)
    assert g.n_units == len(df) - len(invalid) and g.n_edges > 0


def _write(path, df):
    df.to_file(path, driver="GeoJSON")
    return path
