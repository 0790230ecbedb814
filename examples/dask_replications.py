"""Spread simulation replications over a Dask cluster.

For studies larger than one machine: each Dask task runs one replication
(seed ``gridgov.replication_seed(seed, r)``, exactly as
``gridgov.replicate`` does on threads) and sends back only its metrics; the
client summarises them with Student-t intervals. The numbers are identical
to ``gridgov.replicate(..., seed=seed)`` on one machine.

The graph and the plan are sent to every worker once (they pickle), so
the workers need no shared file system.

    pip install "dask[distributed]"
    python examples/dask_replications.py --units data/sample/units.csv \\
        --edges data/sample/edges.csv --plan data/sample/plan.csv --replications 32
    # an existing cluster:
    python examples/dask_replications.py ... --scheduler tcp://scheduler:8786
"""
from __future__ import annotations

import argparse
import json
from typing import Any, Mapping, Optional

import gridgov


def run_replication(graph: gridgov.UnitGraph, plan: gridgov.Plan, params_json: str,
                    staffing: Optional[Mapping[str, Any]], days: int, drain_days: int, seed: int,
                    r: int) -> dict[str, float]:
    """One replication on a worker; returns its metrics (gridgov.SIM_METRICS)."""
    res = gridgov.simulate(graph, plan, staffing=staffing, params=params_json or None, days=days,
                           drain_days=drain_days, seed=gridgov.replication_seed(seed, r))
    return res.metrics


def replicate_on_dask(client, graph: gridgov.UnitGraph, plan: gridgov.Plan, *, params: Any = None,
                      staffing: Optional[Mapping[str, Any]] = None, replications: int = 32, days: int = 365,
                      drain_days: int = 30, seed: int = 0, confidence: float = 0.95):
    """Run ``replications`` replications as Dask tasks and summarise them.

    Parameters
    ----------
    client : dask.distributed.Client
    graph, plan : gridgov.UnitGraph, gridgov.Plan
        Sent to every worker once (``client.scatter(..., broadcast=True)``).
    params : dict or JSON text, optional
    staffing : dict of arrays, optional
        ``full_time``, ``part_time``, ``part_time_hours`` per grid.
    replications, days, drain_days, seed, confidence
        As for :func:`gridgov.replicate`.

    Returns
    -------
    gridgov.Table
        As ``gridgov.replicate(...).estimates``: ``metric``, ``mean``,
        ``low``, ``high``, ``sd``, ``n``.
    """
    params_json = "" if params is None else (params if isinstance(params, str) else json.dumps(params))
    if staffing is not None:
        staffing = {k: [float(x) for x in v] if hasattr(v, "__len__") else float(v) for k, v in staffing.items()}
    g, p = client.scatter([graph, plan], broadcast=True)
    futures = [client.submit(run_replication, g, p, params_json, staffing, days, drain_days, seed, r, pure=False)
               for r in range(replications)]
    samples = client.gather(futures)
    return gridgov.summarize(samples, confidence=confidence)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", required=True)
    ap.add_argument("--edges", required=True)
    ap.add_argument("--plan", required=True)
    ap.add_argument("--params", help="parameter JSON file")
    ap.add_argument("--replications", type=int, default=32)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--scheduler", help="address of a running scheduler (default: a LocalCluster)")
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    from dask.distributed import Client, LocalCluster

    params = open(a.params, encoding="utf-8").read() if a.params else None
    if a.scheduler:
        client = Client(a.scheduler)
    else:
        client = Client(LocalCluster(n_workers=a.workers, threads_per_worker=1, dashboard_address=None))
    graph = gridgov.read_graph(a.units, a.edges)
    plan = gridgov.read_plan(a.plan, graph)
    with client:
        table = replicate_on_dask(client, graph, plan, params=params, replications=a.replications,
                                  days=a.days, seed=a.seed)
    print(table)


if __name__ == "__main__":
    main()
