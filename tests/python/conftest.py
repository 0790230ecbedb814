import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def sample(root):
    return root / "data" / "sample"


@pytest.fixture(scope="session")
def sample_graph(sample):
    import gridgov

    return gridgov.read_graph(sample / "units.csv", sample / "edges.csv")
