"""Keyword arguments onto the option classes of ``gridgov._core``.

The option classes (``PartitionOptions``, ``GridRules``, ...) are generated
from the C++ field lists, so the names, defaults, ranges and help texts
live in one place. The functions of this package take an options object
and/or keyword arguments naming any field, nested fields included
(``nesting=`` sets ``options.rules.nesting``), plus three shorthands for
the first bound: ``attribute=``, ``min=``, ``max=``, and ``preset=`` for
the classes with search presets (``"standard"``, ``"fast"``, ``"even"``:
gridgov/partition/presets.hpp), which other keywords then override.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable, Optional

from . import _core

Progress = Optional[Callable[[float, str], Optional[bool]]]

_SHORTHAND = ("attribute", "min", "max")


def _rules(options: Any) -> Any:
    if isinstance(options, _core.GridRules):
        return options
    if hasattr(options, "rules"):
        return options.rules
    return options.partition.rules


def make(cls: type, options: Any, kwargs: dict[str, Any], func: str) -> Any:
    """A copy of ``options`` (or the defaults, or a preset) with ``kwargs`` set."""
    preset = kwargs.pop("preset", None)
    if preset is not None:
        if options is not None:
            raise TypeError(f"{func}(): give options or preset=, not both")
        if not hasattr(cls, "preset"):
            raise TypeError(f"{func}(): gridgov.{cls.__name__} has no presets")
        if not isinstance(preset, str):
            raise TypeError(f"{func}(): preset must be a string, got {type(preset).__name__}")
        try:
            o = cls.preset(preset)
        except ValueError as e:
            raise ValueError(f"{func}(): {e}") from None
    elif options is None:
        o = cls()
    elif isinstance(options, cls):
        o = options.copy()
    else:
        raise TypeError(f"{func}(): options must be a gridgov.{cls.__name__}, got {type(options).__name__}")
    short = {k: kwargs.pop(k) for k in _SHORTHAND if k in kwargs}
    if "locked" in kwargs and cls is _core.PartitionOptions:
        kwargs["locked"] = _locked_units(kwargs["locked"])
    try:
        o.update(**kwargs)
        if short:
            rules = _rules(o)
            bounds = list(rules.bounds) or [_core.Bounds()]
            first = bounds[0]
            for k, v in short.items():
                setattr(first, k, v)
            bounds[0] = first
            rules.bounds = bounds
    except TypeError as e:
        raise TypeError(f"{func}(): {e}") from None
    except ValueError as e:
        raise ValueError(f"{func}(): {e}") from None
    return o


def _locked_units(locked: Any) -> list:
    """Locked units from {unit: grid}, [(unit, grid), ...] or LockedUnit objects."""
    items = locked.items() if isinstance(locked, Mapping) else (locked or [])
    out = []
    for item in items:
        if isinstance(item, _core.LockedUnit):
            out.append(item)
        else:
            unit, grid = item
            out.append(_core.LockedUnit(int(unit), str(grid)))
    return out


def check_inputs(func: str, graph: Any, *plans: Any) -> None:
    """A clear TypeError for a graph or plan of the wrong type (instead of
    pybind11's list of the internal function's signatures)."""
    if not isinstance(graph, _core.UnitGraph):
        raise TypeError(f"{func}(): graph must be a gridgov.UnitGraph (gridgov.read_graph, gridgov.synth_city, "
                        f"gridgov.from_networkx, ...), got {type(graph).__name__}")
    for plan in plans:
        if not isinstance(plan, _core.Plan):
            raise TypeError(f"{func}(): plan must be a gridgov.Plan (gridgov.read_plan, result.plan, "
                            f"gridgov.Plan(grid, codes)), got {type(plan).__name__}")


def check_progress(progress: Progress, func: str) -> Progress:
    if progress is not None and not callable(progress):
        raise TypeError(f"{func}(): progress must be a callable(fraction, stage) returning False to stop, "
                        f"or None; got {progress!r}")
    return progress


def _field_lines(cls: type, indent: str, seen: set[str]) -> list[str]:
    lines = []
    nested = []
    for name, help_text in cls.fields():
        value = getattr(cls(), name)
        if type(value).__module__ == _core.__name__ and hasattr(type(value), "fields"):
            nested.append(type(value))
            continue
        if name in seen:
            continue
        seen.add(name)
        lines.append(f"{indent}{name} : default {value!r}")
        lines.append(f"{indent}    {help_text}")
    for sub in nested:
        lines += _field_lines(sub, indent, seen)
    return lines


def options_doc(cls: type) -> str:
    """The numpydoc lines of every keyword ``cls`` accepts."""
    lines = [f"    **options",
             f"        Any field of gridgov.{cls.__name__} or of its nested options, by name:",
             "        attribute, min, max : shorthand for the first bound"]
    if hasattr(cls, "preset"):
        lines.append("        preset : {'standard', 'fast', 'even'}, search settings to start from")
    lines += _field_lines(cls, "        ", set())
    return "\n".join(lines)
