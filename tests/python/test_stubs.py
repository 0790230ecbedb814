"""The shipped type stubs cover the compiled module."""
import pathlib
import re

import gridgov
from gridgov import _core

STUB = pathlib.Path(gridgov.__file__).with_name("_core.pyi")


def test_stub_names_every_public_binding():
    assert STUB.exists(), "python/gridgov/_core.pyi is missing: run scripts/gen-stubs.sh"
    text = STUB.read_text(encoding="utf-8")
    declared = set(re.findall(r"^(?:def|class)\s+(\w+)", text, flags=re.M))
    declared |= set(re.findall(r"^(\w+)\s*[:=]", text, flags=re.M))
    missing = sorted(n for n in dir(_core) if not n.startswith("_") and n not in declared)
    assert missing == [], f"stale stubs, run scripts/gen-stubs.sh: {missing}"


def test_py_typed_is_shipped():
    assert pathlib.Path(gridgov.__file__).with_name("py.typed").exists()


def test_stubs_are_current(tmp_path):
    """The shipped stubs are exactly what pybind11-stubgen makes of this build
    (regenerate with scripts/gen-stubs.sh when a binding changes)."""
    import subprocess
    import sys

    import pytest

    pytest.importorskip("pybind11_stubgen")
    subprocess.run([sys.executable, "-m", "pybind11_stubgen", "gridgov._core", "-o", str(tmp_path),
                    "--ignore-all-errors"], check=True, capture_output=True)
    fresh = (tmp_path / "gridgov" / "_core.pyi").read_text(encoding="utf-8")
    assert fresh == STUB.read_text(encoding="utf-8"), "stale stubs: run scripts/gen-stubs.sh"
