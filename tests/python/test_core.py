"""The Python layer: reading, numpy views, validation, errors."""
import errno
import gc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gridgov


def lattice(w, h, households, split=None):
    n = w * h
    ids = [f"u{i}" for i in range(n)]
    x = np.arange(n) % w
    y = np.arange(n) // w
    comm = ["620102001001" if (split is None or i % w < split) else "620102001002" for i in range(n)]
    edges = [(i, i + 1) for i in range(n) if i % w + 1 < w] + [(i, i + w) for i in range(n - w)]
    return gridgov.UnitGraph.from_arrays(
        ids, x, y, comm, {"households": np.asarray(households, float), "population": 2.4 * np.asarray(households, float)},
        np.array(edges, dtype=np.int64).reshape(-1, 2))


def test_lanzhou_hierarchy(root):
    h, errors = gridgov.read_divisions(root / "data" / "lanzhou" / "divisions.csv")
    assert errors == []
    assert [h.count(level) for level in ("city", "county", "street", "community")] == [1, 9, 116, 1177]
    c = h.find("620102001001")
    assert h.level(c) == "community"
    assert [h.code(a) for a in h.ancestors(c)] == ["620102001", "620102", "6201"]
    assert len(h.descendants(h.find("620102"), "community")) == sum(
        1 for n in h.at_level("community") if h.code(n).startswith("620102"))


BUREAU = """level,code,name,parent_code
province,44,广东省,
city,4419,东莞市,44
county,441900,东莞市,4419
street,441900003,东城街道,441900
community,441900003001,岗贝社区居民委员会,441900003
city,4420,中山市,44
county,442000,中山市,4420
street,442000001,石岐街道,442000
province,46,海南省,
city,4604,儋州市,46
county,460400,儋州市,4604
street,460400100,那大镇,460400
province,62,甘肃省,
city,6202,嘉峪关市,62
county,620201,市辖区,6202
street,620201001,雄关街道,620201
province,35,福建省,
city,3505,泉州市,35
county,350527,金门县,3505
street,350527000,金门县,350527
community,350527000000,金门县,350527000
"""


def test_bureau_placeholders_are_kept_with_notes(tmp_path):
    path = tmp_path / "bureau.csv"
    path.write_text(BUREAU, encoding="utf-8")
    h, errors = gridgov.read_divisions(path)
    assert errors == []
    levels = [line.split(",")[0] for line in BUREAU.splitlines()[1:]]
    assert {lv: h.count(lv) for lv in set(levels)} == {lv: levels.count(lv) for lv in set(levels)}
    assert len(h) == len(levels)
    assert [n.split(": ")[1] for n in h.notes] == ["441900", "442000", "460400", "350527000", "350527000000"]
    assert h.notes[0] == (f"{path}:4: 441900: placeholder: all-zero county sequence, repeats city '4419' "
                          "(a city without counties), as the statistics bureau publishes it")
    c = h.find("441900003001")
    assert [h.code(a) for a in h.ancestors(c)] == ["441900003", "441900", "4419", "44"]
    assert h.name(h.ancestor_at(c, "county")) == "东莞市"
    assert h.level(h.find("350527000000")) == "community"
    # What is really wrong is still an error; a placeholder beside real counties is one.
    bad = tmp_path / "bad.csv"
    bad.write_text("level,code,name,parent_code\ncity,6201,兰州市,62\ncounty,620102,城关区,6201\n"
                   "county,620100,兰州市,6201\nstreet,620103001,S,620102\n", encoding="utf-8")
    h, errors = gridgov.read_divisions(bad)
    assert len(errors) == 2 and h.notes == []
    assert "bad.csv:4: 620100: all-zero county sequence under city '6201', which has counties of its own" in errors[0]
    assert "bad.csv:5" in errors[1] and "does not extend" in errors[1]
    # Records go through the same rules; a hierarchy built by hand has no notes.
    h, errors = gridgov.Hierarchy.from_records([("city", "4419", "东莞市", "44"), ("county", "441900", "东莞市", "4419")])
    assert errors == [] and len(h.notes) == 1 and "records:3: 441900" in h.notes[0]
    assert gridgov.Hierarchy().notes == []
    assert gridgov.extends("441900003", "441900")
    assert "placeholder" in gridgov.check_code("441900")


def test_numpy_views_are_zero_copy_and_keep_graph_alive(sample_graph, sample):
    g = gridgov.read_graph(sample / "units.csv", sample / "edges.csv")
    hh = g.attribute("households")
    assert hh.dtype == np.float64 and not hh.flags.writeable and not hh.flags.owndata
    assert g.community.dtype == np.int32
    total = hh.sum()
    del g
    gc.collect()
    assert hh.sum() == total  # the view holds the graph
    with pytest.raises(ValueError):
        hh[0] = 1


def test_sample_plan_report(sample_graph, sample):
    plan = gridgov.read_plan(sample / "plan.csv", sample_graph)
    rep = gridgov.validate(sample_graph, plan)
    assert not rep.valid
    s = rep.summary
    assert s["grids"] == plan.num_grids == len(rep.grids)
    assert s["nested"] is True
    # The report agrees with a direct count.
    hh = sample_graph.attribute("households")
    totals = np.bincount(plan.grid, weights=hh, minlength=plan.num_grids)
    within = ((totals >= 300) & (totals <= 500)).sum()
    assert s["grids_within_bounds"] == within
    assert rep.grids["households"].sum() == pytest.approx(hh.sum())
    assert "contiguity" in rep.violations["rule"]
    text = gridgov.report_text(sample_graph, plan)
    assert "620102001001" in text and "INVALID" in text


@settings(max_examples=60, deadline=None)
@given(w=st.integers(2, 6), h=st.integers(1, 4), k=st.integers(1, 4), data=st.data())
def test_validate_agrees_with_networkx(w, h, k, data):
    nx = pytest.importorskip("networkx")
    n = w * h
    hh = data.draw(st.lists(st.integers(0, 250), min_size=n, max_size=n))
    split = data.draw(st.integers(0, w))
    grid = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)), dtype=np.int32)
    g = lattice(w, h, hh, split)
    plan = gridgov.Plan(grid, [str(i) for i in range(k)])
    rep = gridgov.validate(g, plan, min=300, max=500)
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(map(tuple, g.edges()))
    for gi, r in enumerate(rep.grids.rows()):
        members = np.flatnonzero(grid == gi)
        if len(members) == 0:
            continue
        assert r["contiguous"] == nx.is_connected(G.subgraph(members.tolist()))
        assert r["nested"] == (len(set(g.community[members].tolist())) == 1)
        total = float(np.asarray(hh)[members].sum())
        assert r["households"] == total
        assert r["within_bounds"] == (300 <= total <= 500)
        inside = set(members.tolist())
        cut = sum((a in inside) != (b in inside) for a, b in G.edges())
        internal = sum(a in inside and b in inside for a, b in G.edges())
        assert r["cut_edges"] == cut and r["edges"] == cut + internal
        assert r["cut_edge_ratio"] == pytest.approx(cut / (cut + internal) if cut + internal else 0.0)


def test_bad_input_errors_name_file_and_line(tmp_path, sample):
    units = tmp_path / "units.csv"
    units.write_text("id,x,y,households,population,community\na,0,0,10,20,C\nb,0,0,oops,20,C\n")
    edges = tmp_path / "edges.csv"
    edges.write_text("u,v\na,b\n")
    with pytest.raises(gridgov.InputError, match=r"units.csv:3: households is not a number"):
        gridgov.read_graph(units, edges)
    units.write_text("id,x,y,households,population,community\na,0,0,10,20,C\nb,0,0,5,20,C\n")
    edges.write_text("u,v\na,b\nb,b\n")
    with pytest.raises(ValueError, match=r"edges.csv:3: self-loop"):
        gridgov.read_graph(units, edges)
    edges.write_text("u,v\na,zz\n")
    with pytest.raises(gridgov.Error, match=r"unknown unit 'zz'"):
        gridgov.read_graph(units, edges)
    with pytest.raises(gridgov.FileError, match="missing.csv: cannot open") as e:
        gridgov.read_graph(tmp_path / "missing.csv", edges)
    assert isinstance(e.value, OSError) and isinstance(e.value, gridgov.Error) and e.value.errno == errno.ENOENT
    with pytest.raises(gridgov.FileError, match="is a directory"):
        gridgov.read_graph(tmp_path, edges)
    bad_div = tmp_path / "div.csv"
    bad_div.write_text("level,code,name,parent_code\ncity,6201,L,62\ncounty,62010,X,6201\n")
    h, errors = gridgov.read_divisions(bad_div)
    assert len(errors) == 1 and "div.csv:3" in errors[0]
    with pytest.raises(ValueError, match="shape"):
        gridgov.UnitGraph.from_arrays(["a"], [0.0, 1.0], [0.0], ["C"], {"households": [1.0]}, np.zeros((0, 2)))
    with pytest.raises(ValueError, match="negative"):
        gridgov.UnitGraph.from_arrays(["a"], [0.0], [0.0], ["C"], {"households": [-1.0]}, np.zeros((0, 2)))
    with pytest.raises(ValueError, match="outside"):
        gridgov.UnitGraph.from_arrays(["a"], [0.0], [0.0], ["C"], {"households": [1.0]}, np.array([[0, 5]]))
    g = lattice(2, 1, [300, 300])
    with pytest.raises(ValueError, match="workload"):
        gridgov.validate(g, gridgov.Plan(np.array([0, 1], np.int32), ["a", "b"]), attribute="workload")
    with pytest.raises(ValueError):
        gridgov.Plan(np.array([0, 3], np.int32), ["a", "b"])


def test_codes():
    assert gridgov.child_code("620102001001", gridgov.Level.grid, 7) == "620102001001007"
    assert gridgov.extends("620102001001007", "620102001001")
    assert gridgov.check_code("62010200100A") != ""
    order = gridgov.numbering_order(np.array([1.0, 0.0]), np.array([0.0, 0.0]))
    assert list(order) == [1, 0]


def test_inputs_are_not_modified(tmp_path, sample):
    import hashlib
    import shutil

    for name in ("units.csv", "edges.csv", "plan.csv"):
        shutil.copy(sample / name, tmp_path / name)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
    g = gridgov.read_graph(tmp_path / "units.csv", tmp_path / "edges.csv")
    gridgov.validate(g, gridgov.read_plan(tmp_path / "plan.csv", g))
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
    assert before == after
