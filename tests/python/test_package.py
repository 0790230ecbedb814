"""The installed package: what `import gridgov` loads, and that a broken area is an error."""
import ast
import json
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

import gridgov

HEAVY = ("matplotlib", "geopandas", "pandas", "networkx", "shapely", "scipy")


def _run(code, **kwargs):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, **kwargs)


def test_import_loads_no_optional_dependency():
    # A fresh interpreter: the test session itself may have imported any of them.
    out = _run(f"import sys, gridgov; print([m for m in {HEAVY!r} if m in sys.modules])", check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_every_area_is_there():
    for area in ("partition", "convert", "workload", "simulate", "ensemble", "plot"):
        assert f"gridgov.{area}" in sys.modules, area
    assert hasattr(gridgov.plot, "plot_grids")
    missing = [name for name in gridgov.__all__ if not hasattr(gridgov, name)]
    assert missing == []
    for name in ("partition", "redesign", "synth_city", "to_networkx", "workload", "staff", "simulate",
                 "replicate", "what_if", "calibrate", "ensemble", "replay_plans"):
        assert callable(getattr(gridgov, name)), name


def test_a_broken_area_fails_the_import(tmp_path):
    # A copy of the installed package whose partition module cannot be imported:
    # `import gridgov` must raise, not come up without partition().
    installed = pathlib.Path(gridgov.__file__).parent
    if not any(p.suffix in (".so", ".pyd") for p in installed.glob("_core.*")):
        pytest.skip("the compiled module is not beside gridgov/__init__.py (an editable install?)")
    copy = tmp_path / "gridgov"
    shutil.copytree(installed, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "partition.py").write_text("raise ImportError('partition is broken')\n", encoding="utf-8")
    out = _run("import gridgov", cwd=tmp_path)
    assert out.returncode != 0
    assert "ImportError: partition is broken" in out.stderr


# ---- the extras in pyproject.toml cover what the notebooks and tests import ----

ROOT = pathlib.Path(__file__).resolve().parents[2]
# Import names that differ from the package to install, or come with another.
PROVIDED_BY = {"libpysal": "spopt", "mpl_toolkits": "matplotlib", "pybind11_stubgen": "pybind11-stubgen"}


def _extras():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    with open(ROOT / "pyproject.toml", "rb") as f:
        project = tomllib.load(f)["project"]
    names = lambda reqs: {re.split(r"[\[<>=!~; ]", r, maxsplit=1)[0].lower() for r in reqs}  # noqa: E731
    return names(project["dependencies"]), {k: names(v) for k, v in project["optional-dependencies"].items()}


def _imports(source):
    """Top-level modules imported by `source`: (plain, optional), where optional
    ones sit in a try block that catches ImportError."""
    plain, optional = set(), set()

    def visit(node, guarded):
        if isinstance(node, ast.Try):
            catches = {ast.unparse(h.type) for h in node.handlers if h.type is not None}
            inner = guarded or bool(catches & {"ImportError", "ModuleNotFoundError", "Exception"})
            for child in node.body:
                visit(child, inner)
            for child in node.handlers + node.orelse + node.finalbody:
                visit(child, guarded)
            return
        if isinstance(node, ast.Import):
            mods = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            mods = [node.module]
        else:
            mods = []
        for m in mods:
            (optional if guarded else plain).add(m.split(".")[0])
        for child in ast.iter_child_nodes(node):
            visit(child, guarded)

    visit(ast.parse(source), False)
    return plain, optional


def _third_party(mods):
    stdlib = set(sys.stdlib_module_names) | {"gridgov", "numpy", "conftest"}
    return {PROVIDED_BY.get(m, m).lower() for m in mods if m not in stdlib}


def test_notebooks_extra_covers_the_notebooks():
    deps, extras = _extras()
    plain, optional = set(), set()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] == "code":
                p, o = _imports("".join(cell["source"]))
                plain |= p
                optional |= o
    assert _third_party(plain) - deps - extras["notebooks"] == set()
    # What 06_peers runs when installed.
    assert _third_party(optional - plain) - deps - extras["notebooks"] - extras["peers"] == set()


def test_test_extra_covers_the_tests():
    deps, extras = _extras()
    mods = set()
    for path in sorted(pathlib.Path(__file__).parent.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        p, o = _imports(text)
        mods |= p | o
        mods |= {m.split(".")[0] for m in re.findall(r"importorskip\(\"([\w.]+)\"", text)}
    mods -= {"dask_replications", "make_notebooks"}  # examples/ and notebooks/, put on sys.path by their tests
    mods -= {"cpsat_partition"}  # tests/python's own helper module
    # Every notebook runs in the tests, so what they import is needed too.
    assert _third_party(mods) - deps - extras["test"] == set()
    assert extras["notebooks"] - extras["test"] == set()


def test_all_extra_is_every_feature_extra():
    _, extras = _extras()
    features = extras["plot"] | extras["geo"] | extras["networkx"] | extras["xlsx"] | extras["notebooks"]
    assert extras["all"] == features
