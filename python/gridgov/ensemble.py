"""Ensembles of valid grid plans (ReCom) and how typical a plan is among them.

>>> import gridgov
>>> g = gridgov.synth_city(units=2000, seed=1)
>>> plan = gridgov.partition(g).plan
>>> e = gridgov.ensemble(g, plan, steps=200, chains=2, seed=1)
>>> 0 <= e.percentile("cut_edges") <= 1
True
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence, Union

import numpy as np

from . import _core, _options
from ._options import Progress
from ._table import Table
from .workload import _config_text  # None, a dict, a JSON string or a path

EnsembleOptions = _core.EnsembleOptions

__all__ = ["EnsembleOptions", "EnsembleResult", "ensemble", "replay_plans"]

PathLike = Union[str, "os.PathLike[str]"]


@dataclass(repr=False)
class EnsembleResult:
    """The result of :func:`ensemble`.

    Attributes
    ----------
    overall : gridgov.Table, one row per score
        ``score``, ``value`` (the given plan's), ``percentile`` (share of
        ensemble samples below, plus half the share equal: 0..1),
        ``below``, ``equal``, ``samples``.
    communities : gridgov.Table, one row per community and score
        The same per community with at least two movable grids, with
        ``grids``, ``movable_grids`` and ``states_seen`` (distinct
        configurations of the community visited, counted up to 64).
    diagnostics : gridgov.Table, one row per score
        ``mean``, ``sd``, ``min``, ``max`` over the ensemble,
        ``acf1`` (lag-1 autocorrelation), ``integrated_time`` (in recorded
        samples; ``integrated_time_truncated`` when it is a lower bound),
        ``effective_samples`` and ``gelman_rubin`` (split R-hat: the halves
        of every chain compared, so drift from the start shows).
    autocorrelation : dict of numpy arrays
        Per score, the autocorrelation at lags 1..L (mean over chains).
    chains : gridgov.Table, one row per chain
        ``steps``, ``accepted``, rejections by cause, ``trees`` drawn,
        ``samples``, ``distinct_plans``.
    scores : gridgov.Table or None
        ``chain``, ``step``, ``accepted``, ``plan_hash`` and one column per
        score for every recorded step; None when streamed to ``out``.
    plans : list of gridgov.Plan
        The plans kept (``keep_plans`` per chain, evenly spaced).
    outcomes : dict or None
        With ``simulate``: the given plan's simulated resolution and on-time
        rates, those of each sampled plan, the given plan's percentiles and
        the spread across plans against the noise within a plan.
    """

    overall: Table
    communities: Table
    diagnostics: Table
    autocorrelation: dict[str, np.ndarray]
    chains: Table
    acceptance_rate: float
    samples: int
    distinct_plans: int
    distinct_capped: bool
    warnings: list[str]
    timed_out: bool
    plan_scores: dict[str, float]
    scores: Optional[Table]
    plans: list[Any]
    plan_chain: np.ndarray
    plan_step: np.ndarray
    out: Optional[str] = None
    plans_out: Optional[str] = None
    outcomes: Optional[dict[str, Any]] = None
    report: dict[str, Any] = field(default_factory=dict)

    def percentile(self, score: str, community: Optional[str] = None) -> float:
        """The given plan's percentile (0..1) on `score`, overall or in one community."""
        if community is None:
            t = self.overall
        else:
            rows = [i for i, c in enumerate(self.communities["community"]) if c == community]
            if not rows:
                raise KeyError(f"community {community!r} is not in the ensemble report (it needs two movable grids)")
            t = Table({k: [self.communities[k][i] for i in rows] for k in ("score", "percentile")})
        for s, p in zip(t["score"], t["percentile"]):
            if s == score:
                return float(p)
        raise KeyError(f"no score {score!r}; the scores are {list(self.overall['score'])}")

    def frame(self) -> Any:
        """The recorded scores as a pandas DataFrame (read from ``out`` when streamed)."""
        import pandas as pd

        if self.scores is not None:
            return self.scores.to_pandas()
        if self.out is None:
            raise ValueError("no scores were recorded")
        if self.out.endswith(".parquet"):
            return pd.read_parquet(self.out)
        return pd.read_csv(self.out, dtype={"plan_hash": str})

    def __repr__(self) -> str:
        parts = ", ".join(f"{s} {100 * p:.1f}%" for s, p in zip(self.overall["score"], self.overall["percentile"]))
        return (f"<EnsembleResult: {self.samples} samples from {len(self.chains)} chain(s), acceptance "
                f"{self.acceptance_rate:.3f}, {self.distinct_plans} distinct plans; the plan's percentiles: {parts}>")


def _csv_to_parquet(csv_path: str, parquet_path: str) -> None:
    """Streams a CSV into a parquet file in batches (memory independent of its length)."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
        import pyarrow.parquet as pq
    except ImportError as e:  # pragma: no cover - pyarrow is in the test extras
        raise ImportError("writing parquet needs pyarrow (pip install pyarrow); or write CSV (out='E.csv')") from e
    convert = pacsv.ConvertOptions(column_types={"plan_hash": pa.string()})
    reader = pacsv.open_csv(csv_path, convert_options=convert)
    tmp = parquet_path + ".tmp"
    with pq.ParquetWriter(tmp, reader.schema) as w:
        for batch in reader:
            w.write_batch(batch)
    os.replace(tmp, parquet_path)


def ensemble(
    graph: _core.UnitGraph,
    plan: _core.Plan,
    options: Optional[_core.EnsembleOptions] = None,
    *,
    out: Optional[PathLike] = None,
    plans_out: Optional[PathLike] = None,
    workload: Any = None,
    simulate: Any = None,
    sim_plans: int = 20,
    replications: int = 3,
    days: int = 365,
    staffing: Sequence[float] = (1, 3, 8),
    progress: Progress = None,
    **kwargs: Any,
) -> EnsembleResult:
    """Draw an ensemble of valid plans from `plan` with a ReCom chain and
    place `plan` in it.

    Each step merges two adjacent grids of one community, draws a uniform
    random spanning tree of the merged region and cuts it into two grids
    that keep every bound; dedicated and locked grids never move. Every
    visited plan keeps the rules by construction. The same seed gives the
    same ensemble for any number of threads.

    Parameters
    ----------
    graph, plan : gridgov.UnitGraph, gridgov.Plan
        The plan must keep the rules (a ValueError names the first violation).
    options : gridgov.EnsembleOptions, optional
        The options; keyword arguments override them.
    out : path, optional
        Stream the per-step scores to this CSV (or ``.parquet``, through
        pyarrow); memory then stays independent of the number of steps.
        Without it the scores are kept in ``result.scores``.
    plans_out : path, optional
        Write every accepted move to this file (see :func:`replay_plans`).
    workload : dict, JSON text or path, optional
        A workload configuration: adds ``workload_spread`` and
        ``workload_gini`` to the scores.
    simulate : dict, JSON text, path or True, optional
        Simulation parameters (True: the defaults): simulate the given plan
        and `sim_plans` ensemble plans, `replications` each over `days`
        days, with ``staffing`` (full-time, part-time, part-time hours) per
        grid and the same replication seeds for every plan.
    progress : callable(fraction, stage) -> bool, optional
{options}
    """
    _options.check_inputs("ensemble", graph, plan)
    if "locked" in kwargs:
        kwargs["locked"] = [int(u) for u in kwargs["locked"]]
    o = _options.make(_core.EnsembleOptions, options, kwargs, "ensemble")
    if simulate is not None and simulate is not False:
        o.keep_plans = max(o.keep_plans, -(-int(sim_plans) // o.chains))
    out_s = os.fspath(out) if out is not None else None
    csv_path = ""
    tmpdir = None
    if out_s is not None:
        if out_s.endswith(".parquet"):
            tmpdir = tempfile.mkdtemp(prefix="gridgov-ensemble-")
            csv_path = os.path.join(tmpdir, "scores.csv")
        else:
            csv_path = out_s
    try:
        d = _core.ensemble(graph, plan, o, workload_config=_config_text(workload), scores_path=csv_path,
                           plans_path=os.fspath(plans_out) if plans_out is not None else "",
                           progress=_options.check_progress(progress, "ensemble"))
        if tmpdir is not None:
            _csv_to_parquet(csv_path, out_s)
    finally:
        if tmpdir is not None:
            for f in os.listdir(tmpdir):
                os.remove(os.path.join(tmpdir, f))
            os.rmdir(tmpdir)
    rep = json.loads(d["report"])
    names = rep["summary"]["scores"]
    overall = Table({k: [t[k] for t in rep["overall"]] for k in ("score", "value", "percentile", "below", "equal", "samples")})
    crow: dict[str, list] = {k: [] for k in ("community", "grids", "movable_grids", "states_seen", "score", "value",
                                              "percentile", "below", "equal", "samples")}
    for c in rep["communities"]:
        for t in c["scores"]:
            for k in ("community", "grids", "movable_grids", "states_seen"):
                crow[k].append(c[k])
            for k in ("score", "value", "percentile", "below", "equal", "samples"):
                crow[k].append(t[k])
    diag = {k: [] for k in ("score", "mean", "sd", "min", "max", "acf1", "integrated_time",
                            "integrated_time_truncated", "effective_samples", "gelman_rubin")}
    acf = {}
    for t in rep["diagnostics"]:
        for k in diag:
            if k == "acf1":
                diag[k].append(t["autocorrelation"][0] if t["autocorrelation"] else float("nan"))
            else:
                v = t[k]
                diag[k].append(float("nan") if v is None and k != "score" else v)
        acf[t["score"]] = np.asarray(t["autocorrelation"], dtype=float)
    chains = Table({k: np.asarray([c[k] for c in rep["chains"]]) for k in
                    ("steps", "accepted", "rejected_no_cut", "rejected_not_adjacent", "rejected_metropolis", "trees",
                     "samples", "distinct_plans")})
    scores = None if csv_path else Table({k: np.asarray(v) for k, v in d["table"].items()})
    plans = list(d["plans"])
    plan_chain, plan_step = d["plan_chain"], d["plan_step"]
    outcomes = None
    if simulate is not None and simulate is not False:
        params = "" if simulate is True else _config_text(simulate)
        k = plan.num_grids
        ft, pt, hours = ([float(x)] * k for x in staffing)
        sample = plans[: int(sim_plans)]
        outcomes = json.loads(_core.simulate_plans(
            graph, plan, sample, ft, pt, hours, params=params, replications=int(replications), threads=o.threads,
            days=int(days), seed=o.run.seed, chains=[int(c) for c in plan_chain[: len(sample)]],
            steps=[int(s) for s in plan_step[: len(sample)]], progress=progress))
        rep["outcomes"] = outcomes
    return EnsembleResult(
        overall=overall,
        communities=Table(crow),
        diagnostics=Table({k: (v if k == "score" else np.asarray(v, dtype=bool if k.endswith("truncated") else float))
                           for k, v in diag.items()}),
        autocorrelation=acf,
        chains=chains,
        acceptance_rate=rep["summary"]["acceptance_rate"],
        samples=rep["summary"]["samples"],
        distinct_plans=rep["summary"]["distinct_plans"],
        distinct_capped=rep["summary"]["distinct_capped"],
        warnings=rep["warnings"],
        timed_out=rep["summary"]["timed_out"],
        plan_scores=dict(rep["plan_scores"]),
        scores=scores,
        plans=plans,
        plan_chain=plan_chain,
        plan_step=plan_step,
        out=out_s,
        plans_out=os.fspath(plans_out) if plans_out is not None else None,
        outcomes=outcomes,
        report=rep,
    )


ensemble.__doc__ = ensemble.__doc__.format(options=_options.options_doc(_core.EnsembleOptions))


def replay_plans(path: PathLike, start: _core.Plan, chain: int = 0) -> list[tuple[int, np.ndarray]]:
    """The plan after every accepted move of `chain` in a plans file written
    by :func:`ensemble` (``plans_out``): a list of (step, grid index per unit)."""
    if not isinstance(start, _core.Plan):
        raise TypeError(f"replay_plans(): start must be the gridgov.Plan the ensemble started from, got {type(start).__name__}")
    return _core.replay_plans(os.fspath(path), start, int(chain))
