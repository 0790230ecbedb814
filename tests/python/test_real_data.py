"""Files as people save them (issue 11): GBK from Excel on a Chinese Windows,
Chinese headers (columns=), .xlsx workbooks, codes in scientific notation,
bytes no encoding reads, and GerryChain graphs whose only coordinates are
census internal points."""
from __future__ import annotations

import json
import os
import warnings

import numpy as np
import pytest

import gridgov

HEADER = "编号,x,y,户数,人口,社区"
COLUMNS = {"id": "编号", "households": "户数", "population": "人口", "community": "社区"}
ROWS = [("u1", 0, 0, 120, 300, "城关社区"), ("u2", 1, 0, 80, 200, "城关社区"), ("u3", 2, 0, 95, 250, "东岗社区")]


def write_units(path, encoding="utf-8", rows=ROWS, header=HEADER):
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(header + "\r\n")
        for r in rows:
            f.write(",".join(str(v) for v in r) + "\r\n")
    return path


@pytest.fixture
def edges(tmp_path):
    p = tmp_path / "edges.csv"
    p.write_text("u,v\nu1,u2\nu2,u3\n")
    return p


def test_gbk_units_are_detected_and_names_decoded(tmp_path, edges):
    units = write_units(tmp_path / "gbk.csv", "gbk")
    with pytest.warns(UserWarning, match=r"gbk\.csv.*GB18030"):
        g = gridgov.read_graph(units, edges, columns=COLUMNS)
    assert [g.community_codes[c] for c in g.community] == ["城关社区", "城关社区", "东岗社区"]
    assert list(g.attribute("households")) == [120, 80, 95]
    # Named: the same graph, no warning; as a command-line mapping string too.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g2 = gridgov.read_graph(units, edges, encoding="gbk", columns="id=编号,households=户数,population=人口,community=社区")
    assert g2.community_codes == g.community_codes
    # Written back: UTF-8, and read again without any option once the header is gridgov's.
    g.to_csv(str(tmp_path / "back.csv"), str(tmp_path / "back_e.csv"))
    (tmp_path / "back.csv").read_bytes().decode("utf-8")
    assert set(gridgov.read_graph(tmp_path / "back.csv", tmp_path / "back_e.csv").community_codes) == {"城关社区", "东岗社区"}


def test_wrong_or_impossible_encodings_name_line_and_column(tmp_path, edges):
    units = write_units(tmp_path / "gbk.csv", "gbk")
    with pytest.raises(gridgov.InputError, match=r"gbk\.csv:1: not valid UTF-8 at line 1, column 1"):
        gridgov.read_graph(units, edges, encoding="utf-8", columns=COLUMNS)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(("id,x,y,households,community\nu1,0,0,1,C\nu2,0,0,1,C").encode() + b"\xff\x80\nu3,0,0,1,C\n")
    with pytest.raises(gridgov.InputError, match=r"bad\.csv:3: not valid UTF-8 at line 3, column 11 \(byte 0xFF\), nor GB18030"):
        gridgov.read_graph(bad, edges)
    with pytest.raises(gridgov.InputError, match="unknown encoding"):
        gridgov.read_graph(bad, edges, encoding="latin-1")
    with pytest.raises(gridgov.InputError, match="columns"):
        gridgov.read_graph(bad, edges, columns=["id"])


def test_chinese_headers_need_and_take_a_mapping(tmp_path, edges):
    units = write_units(tmp_path / "zh.csv", "utf-8-sig")
    with pytest.raises(gridgov.InputError, match="missing column.*columns"):
        gridgov.read_graph(units, edges)
    g = gridgov.read_graph(units, edges, columns=COLUMNS)
    plan_path = tmp_path / "plan.csv"
    plan_path.write_text("编号,网格\nu1,G1\nu2,G1\nu3,G2\n", encoding="utf-8")
    plan = gridgov.read_plan(plan_path, g, columns={**COLUMNS, "grid": "网格"})
    assert plan.num_grids == 2 and plan.grid_codes == ["G1", "G2"]


def test_codes_in_scientific_notation_are_rejected(tmp_path, edges):
    rows = [ROWS[0], ROWS[1][:5] + ("6.20102E+11",), ROWS[2]]
    units = write_units(tmp_path / "sci.csv", rows=rows)
    with pytest.raises(gridgov.InputError, match=r"sci\.csv:3: community '6\.20102E\+11' is in scientific notation"):
        gridgov.read_graph(units, edges, columns=COLUMNS)


def test_xlsx_workbooks_are_read_with_openpyxl(tmp_path, edges):
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is installed by scripts/install-deps.sh")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "户"
    ws.append(HEADER.split(","))
    # Codes stored as numbers, as Excel keeps them: 620102001001 (an int) or 620102001002.0 (a float).
    for uid, x, y, hh, pop, _ in ROWS:
        ws.append([uid, x, y, hh, pop, 620102001001 if uid != "u3" else 620102001002.0])
    wb.save(tmp_path / "units.xlsx")
    g = gridgov.read_graph(tmp_path / "units.xlsx", edges, columns=COLUMNS)
    assert set(g.community_codes) == {"620102001001", "620102001002"}
    assert list(g.attribute("population")) == [300, 200, 250]

    pb = openpyxl.Workbook()
    pb.active.append(["id", "grid"])
    for uid in ("u1", "u2", "u3"):
        pb.active.append([uid, "G1"])
    pb.save(tmp_path / "plan.xlsx")
    plan = gridgov.read_plan(tmp_path / "plan.xlsx", g)
    assert list(plan.grid) == [0, 0, 0]

    # Errors name the workbook, its sheet and the row.
    ws.append(["u4", 3, 0, -5, 1, 620102001002])
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(gridgov.InputError, match=r"bad\.xlsx\[户\]:5: households must not be negative"):
        gridgov.read_graph(tmp_path / "bad.xlsx", edges, columns=COLUMNS)


def gerrymandria_path():
    gerrychain = pytest.importorskip("gerrychain", reason="gerrychain is in the test extras")
    path = os.path.join(os.path.dirname(gerrychain.__file__), "examples", "gerrymandria.json")
    assert os.path.exists(path), "gerrychain ships examples/gerrymandria.json"
    return path


def test_gerrychain_graph_reads_with_its_coordinates_and_mapped_households(tmp_path):
    path = gerrymandria_path()
    g, _ = gridgov.read_networkx_json(path, households="TOTPOP", community="county")
    assert "households" in g.attribute_names and "TOTPOP" not in g.attribute_names
    doc = json.load(open(path))
    assert list(g.x) == [float(n["x"]) for n in doc["nodes"]]
    # The units written read back by every CSV reader (households under its own name).
    g.to_csv(str(tmp_path / "u.csv"), str(tmp_path / "e.csv"))
    back = gridgov.read_graph(tmp_path / "u.csv", tmp_path / "e.csv")
    assert list(back.attribute("households")) == list(g.attribute("households"))


def test_census_internal_points_give_the_coordinates(tmp_path):
    from gerrychain import Graph

    path = gerrymandria_path()
    graph = Graph.from_json(path)  # GerryChain's own Graph, passed as is
    want_x = [float(graph.node_data(n)["x"]) for n in graph.nodes]
    want_y = [float(graph.node_data(n)["y"]) for n in graph.nodes]
    # As census tables hold them: strings with a sign, under INTPTLON20/INTPTLAT20 only.
    for n in graph.nodes:
        d = graph.node_data(n)
        d["INTPTLON20"] = "%+.7f" % (-100 + d.pop("x"))
        d["INTPTLAT20"] = "%+.7f" % (40 + d.pop("y"))
    ug = gridgov.from_networkx(graph, households="TOTPOP", community="county")
    np.testing.assert_allclose(ug.x, np.asarray(want_x) - 100)
    np.testing.assert_allclose(ug.y, np.asarray(want_y) + 40)
    assert "households" in ug.attribute_names
    graph.to_json(str(tmp_path / "census.json"))
    g2, _ = gridgov.read_networkx_json(tmp_path / "census.json", households="TOTPOP", community="county")
    np.testing.assert_allclose(g2.x, ug.x)
    np.testing.assert_allclose(g2.y, ug.y)
    # No coordinates at all: an error, not units at (0, 0).
    for n in graph.nodes:
        del graph.node_data(n)["INTPTLON20"]
    with pytest.raises(gridgov.InputError, match="no coordinates"):
        gridgov.from_networkx(graph, households="TOTPOP", community="county")
    graph.to_json(str(tmp_path / "none.json"))
    with pytest.raises(gridgov.InputError, match="no coordinates"):
        gridgov.read_networkx_json(tmp_path / "none.json", households="TOTPOP", community="county")
    # Named explicitly, any attribute serves.
    ug3 = gridgov.from_networkx(graph, households="TOTPOP", community="county", x="INTPTLAT20", y="INTPTLAT20")
    np.testing.assert_allclose(ug3.x, ug.y)


def test_gbk_people_file_reads_as_the_utf8_one(tmp_path):
    """The people file saved by Excel on a Chinese Windows (GB18030, a skill in Chinese)."""
    src = os.path.join(os.path.dirname(__file__), "..", "..", "data", "sample", "people.csv")
    text = open(src, encoding="utf-8").read().replace(",mediation", ",调解")
    utf8, gbk = tmp_path / "people.csv", tmp_path / "people_gbk.csv"
    utf8.write_text(text, encoding="utf-8")
    gbk.write_bytes(text.encode("gb18030"))
    with pytest.warns(UserWarning, match="GB18030"):
        detected = gridgov.read_people(gbk)
    plain = gridgov.read_people(utf8)
    assert detected.keys() == plain.keys()
    for k in detected:
        if isinstance(detected[k], np.ndarray):
            assert np.array_equal(detected[k], plain[k], equal_nan=True), k
        else:
            assert detected[k] == plain[k], k
    assert "调解" in detected["skills"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gridgov.read_people(gbk, encoding="gb18030")["skills"] == detected["skills"]
    with pytest.raises(gridgov.InputError, match="line"):
        gridgov.read_people(gbk, encoding="utf-8")
