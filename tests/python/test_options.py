"""The option classes: generated from the C++ field lists, shared by every
function, the command line and JSON."""
import copy
import json
import os
import pickle
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gridgov
from gridgov import _core

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "data", "sample")


@pytest.fixture(scope="module")
def graph():
    return gridgov.synth_city(units=400, seed=2)


def flat_fields(cls):
    """Every (name, help) of cls, nested options flattened."""
    out = []
    for name, help_text in cls.fields():
        value = getattr(cls(), name)
        if hasattr(type(value), "fields") and not isinstance(value, (list, dict)):
            out += flat_fields(type(value))
        else:
            out.append((name, help_text))
    return out


def test_rules_and_run_are_shared_not_repeated():
    for cls in (gridgov.PartitionOptions, gridgov.RedesignOptions, gridgov.ImproveOptions):
        o = cls()
        assert isinstance(o.rules, gridgov.GridRules) and isinstance(o.run, gridgov.RunControl)
        assert not {"bounds", "nesting", "seed", "time_limit"} & {n for n, _ in cls.fields()}
    assert isinstance(gridgov.ValidateOptions().rules, gridgov.GridRules)
    assert isinstance(gridgov.BalancedOptions().partition, gridgov.PartitionOptions)


def test_defaults_come_from_one_place():
    r = gridgov.GridRules()
    assert [(b.attribute, b.min, b.max) for b in r.bounds] == [("households", 300.0, 500.0)]
    assert r.nesting == "community" and r.rural_below_min_ok and r.dedicated_grids
    for cls in (gridgov.PartitionOptions, gridgov.RedesignOptions, gridgov.ImproveOptions, gridgov.ValidateOptions):
        assert cls().rules == r


def test_presets_start_from_the_defaults_and_keywords_override_them(graph):
    for cls in (gridgov.PartitionOptions, gridgov.RedesignOptions, gridgov.ImproveOptions, gridgov.BalancedOptions):
        assert cls.preset("standard") == cls() and cls.preset("default") == cls()
    fast = gridgov.PartitionOptions.preset("fast")
    assert fast.polish_passes == 0 and fast.rules == gridgov.GridRules()
    assert gridgov.PartitionOptions.preset("even").compactness < gridgov.PartitionOptions().compactness
    r = gridgov.partition(graph, preset="even", compactness=0.25, seed=4)
    same = gridgov.partition(graph, gridgov.PartitionOptions.preset("even"), compactness=0.25, seed=4)
    assert r.valid and (r.grid == same.grid).all()
    assert gridgov.validate(graph, r.plan).summary.valid
    with pytest.raises(ValueError, match="standard, fast, even"):
        gridgov.partition(graph, preset="quick")
    with pytest.raises(TypeError, match="not both"):
        gridgov.partition(graph, gridgov.PartitionOptions(), preset="fast")
    with pytest.raises(TypeError, match="no presets"):
        gridgov.validate(graph, gridgov.partition(graph).plan, preset="fast")


def test_keywords_reach_nested_fields_and_do_not_touch_the_given_options():
    base = gridgov.PartitionOptions(compactness=0.25)
    o = gridgov.PartitionOptions(nesting="street", seed=7, bound_tolerance=0.0)
    assert (o.rules.nesting, o.run.seed, o.rules.bound_tolerance) == ("street", 7, 0.0)
    o.rules.nesting = "none"  # nested options are references, not copies
    assert o.rules.nesting == "none"
    copy_ = base.copy()
    copy_.update(target_grids=3)
    assert base.target_grids == 0 and copy_.target_grids == 3


def test_unknown_option_lists_the_known_ones(graph):
    with pytest.raises(TypeError, match="nestin.*nesting.*compactness"):
        gridgov.partition(graph, nestin="street")
    with pytest.raises(TypeError, match="no option"):
        gridgov.ValidateOptions(seed=1)  # validate has no run control


@pytest.mark.parametrize("kwargs, error", [
    ({"compactness": 2}, ValueError),
    ({"compactness": float("nan")}, ValueError),
    ({"time_limit": -1}, ValueError),
    ({"target_grids": 2.5}, TypeError),
    ({"compactness": True}, TypeError),
    ({"nesting": "county"}, ValueError),
    ({"nesting": 1}, TypeError),
    ({"bounds": "households"}, TypeError),
    ({"bounds": [("households", "a", 500)]}, TypeError),
    ({"progress": True}, TypeError),
])
def test_bad_values_are_rejected_naming_the_option(graph, kwargs, error):
    with pytest.raises(error) as e:
        gridgov.partition(graph, **kwargs)
    name = next(iter(kwargs))
    assert name in str(e.value) or (name == "nesting" and "community" in str(e.value))


def test_every_spelling_of_bounds_gives_the_same_rules():
    want = gridgov.GridRules(bounds=[gridgov.Bounds("households", 250, 450), gridgov.Bounds("population", 0, 1500)])
    for spec in ([("households", 250, 450), ("population", 0, 1500)],
                 {"households": (250, 450), "population": (0, 1500)},
                 [gridgov.Bounds("households", 250, 450), ("population", 0, 1500)]):
        assert gridgov.GridRules(bounds=spec) == want
    one = gridgov.GridRules(bounds=("households", 250, 450))
    assert [(b.attribute, b.min, b.max) for b in one.bounds] == [("households", 250.0, 450.0)]


def test_shorthand_sets_the_first_bound(graph):
    o = gridgov._options.make(gridgov.PartitionOptions, None, {"min": 250, "max": 450, "seed": 1}, "partition")
    assert (o.rules.bounds[0].min, o.rules.bounds[0].max, o.run.seed) == (250, 450, 1)
    assert gridgov.partition(graph, min=250, max=450, seed=1).grid_codes == gridgov.partition(graph, o).grid_codes


@settings(max_examples=40, deadline=None)
@given(compactness=st.floats(0, 1), seed=st.integers(0, 2**63), grids=st.integers(0, 10**6),
       nesting=st.sampled_from(["none", "community", "street"]), hi=st.floats(1, 1e9) | st.just(float("inf")))
def test_pickle_json_and_copy_round_trip(compactness, seed, grids, nesting, hi):
    o = gridgov.PartitionOptions(compactness=compactness, seed=seed, target_grids=grids, nesting=nesting,
                                 bounds=[("households", 0, hi)], community_targets={"620102001001": 2},
                                 locked=[gridgov.LockedUnit(3, "A")])
    for back in (pickle.loads(pickle.dumps(o)), gridgov.PartitionOptions.from_json(o.to_json()), copy.deepcopy(o)):
        assert back == o
        assert back.to_json() == o.to_json()
    assert json.loads(o.to_json())["rules"]["nesting"] == nesting


def test_validate_takes_the_same_rules(graph):
    plan = gridgov.partition(graph, seed=1).plan
    a = gridgov.validate(graph, plan, nesting="street", max=450)
    b = gridgov.validate(graph, plan, gridgov.ValidateOptions(rules=gridgov.GridRules(nesting="street",
                                                                                        bounds=[("households", 300, 450)])))
    assert repr(a.summary) == repr(b.summary)  # (NaN Polsby-Popper: no polygons)


GRIDGOV = os.environ.get("GRIDGOV_BIN") or shutil.which("gridgov")


@pytest.mark.skipif(GRIDGOV is None, reason="the gridgov command is not installed")
def test_command_line_flags_are_the_field_names():
    """Every field the command line can carry is a flag named after it."""
    no_flag = {"bounds", "community_targets", "locked", "polish_passes", "details", "balance", "compare"}
    for command, cls in (("partition", gridgov.PartitionOptions), ("redesign", gridgov.RedesignOptions),
                         ("improve", gridgov.ImproveOptions), ("validate", gridgov.ValidateOptions)):
        text = subprocess.run([GRIDGOV, command, "--help"], capture_output=True, text=True, check=True).stdout
        for name, _ in flat_fields(cls):
            if name not in no_flag:
                assert "--" + name.replace("_", "-") in text, (command, name)


@pytest.mark.skipif(GRIDGOV is None, reason="the gridgov command is not installed")
def test_build_flags_keywords_and_report_keys_are_one_field_list():
    """gridgov build's flags, gridgov.build_units's keywords and the report's
    "options" come from BuildOptions' field list; the flags the issue spells
    are kept."""
    core = gridgov._core
    if not getattr(core, "has_geo", False):
        pytest.skip("built without gridgov_geo")
    text = subprocess.run([GRIDGOV, "build", "--help"], capture_output=True, text=True, check=True).stdout
    names = [name for name, _ in flat_fields(core.BuildOptions)]
    assert {"households", "floors", "id_field", "max_distance", "crs", "skip_invalid"} <= set(names)
    for name in names:
        assert "--" + name.replace("_", "-") in text, name
    for flag in ("--buildings", "--layer", "--id-field", "--barriers", "--communities", "--community-field",
                 "--households", "--floors", "--out-units", "--out-edges", "--out-cells"):
        assert flag in text, flag
    o = core.BuildOptions(households="hh", max_distance=50.0, residential=["house"])
    assert o.households == "hh" and o.tessellation.max_distance == 50.0 and o.residential == ["house"]
    assert core.BuildOptions.from_json(o.to_json()) == o
    with pytest.raises(ValueError, match="max_distance must be"):
        core.BuildOptions(max_distance=0.0)
    with pytest.raises(TypeError, match="build_units has no option 'household'.*households"):
        core.build_units("nowhere.gpkg", household="hh")


def test_wrong_input_types_name_what_is_expected(graph):
    plan = gridgov.partition(graph, seed=1).plan
    with pytest.raises(TypeError, match=r"validate\(\): graph must be a gridgov.UnitGraph.*got str"):
        gridgov.validate("units.csv", plan)
    with pytest.raises(TypeError, match=r"validate\(\): plan must be a gridgov.Plan.*got list"):
        gridgov.validate(graph, [0, 1, 2])
    with pytest.raises(TypeError, match=r"partition\(\): options must be a gridgov.PartitionOptions"):
        gridgov.partition(graph, gridgov.RedesignOptions())
    with pytest.raises(TypeError, match="plan must be"):
        gridgov.redesign(graph, None)
