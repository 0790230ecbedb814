"""Plots: grid maps, workload distributions and simulation results.

matplotlib is imported only when a plot is drawn, so ``import gridgov``
never needs it. Every function draws on ``ax`` (a new figure when None)
and returns the axes, so plots can be combined and restyled.

>>> import gridgov, gridgov.plot
>>> city = gridgov.synth_city(units=600, seed=1)
>>> plan = gridgov.partition(city).plan
>>> ax = gridgov.plot.plot_grids(city, plan)  # doctest: +SKIP
"""
from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence, Union

import numpy as np

__all__ = ["plot_grids", "plot_grid_polygons", "greedy_colors", "map_grids", "plot_workload", "plot_simulation",
           "plot_levels", "plot_what_if", "plot_ensemble", "boundary_segments"]


def _plt():
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("gridgov.plot needs matplotlib: pip install matplotlib") from e
    return plt


def _axes(ax: Any, figsize: tuple[float, float] = (7, 6)) -> Any:
    if ax is not None:
        return ax
    _, ax = _plt().subplots(figsize=figsize)
    return ax


def _grid_array(plan: Any) -> np.ndarray:
    inner = getattr(plan, "plan", None)
    if inner is not None and hasattr(inner, "grid"):
        plan = inner
    if hasattr(plan, "grid") and not isinstance(plan, np.ndarray):
        return np.asarray(plan.grid)
    return np.asarray(plan)


def boundary_segments(graph: Any, labels: Sequence[Any]) -> np.ndarray:
    """Segments separating neighbouring units with different labels.

    Each segment is the perpendicular bisector of the edge between the two
    unit points, as long as the edge: on a lattice of buildings this is the
    shared side of their cells, so the segments outline the grids.

    Returns
    -------
    numpy.ndarray, shape (m, 2, 2)
        ``[[x0, y0], [x1, y1]]`` per segment.
    """
    lab = np.asarray(labels)
    e = np.asarray(graph.edges())
    if e.size == 0:
        return np.zeros((0, 2, 2))
    e = e[lab[e[:, 0]] != lab[e[:, 1]]]
    x, y = np.asarray(graph.x), np.asarray(graph.y)
    p0 = np.stack([x[e[:, 0]], y[e[:, 0]]], axis=1)
    p1 = np.stack([x[e[:, 1]], y[e[:, 1]]], axis=1)
    mid = (p0 + p1) / 2
    half = (p1 - p0) / 2
    perp = np.stack([-half[:, 1], half[:, 0]], axis=1)
    return np.stack([mid - perp, mid + perp], axis=1)


def plot_grids(
    graph: Any,
    plan: Any,
    ax: Any = None,
    *,
    values: Optional[Sequence[float]] = None,
    cmap: Optional[str] = None,
    size: Optional[float] = None,
    boundaries: bool = True,
    community_boundaries: bool = True,
    boundary_color: str = "black",
    community_color: str = "crimson",
    colorbar: bool = True,
    title: Optional[str] = None,
) -> Any:
    """Map units coloured by grid (or by a value) with grid boundaries.

    Parameters
    ----------
    graph : gridgov.UnitGraph
    plan : gridgov.Plan, partition result or int array of grid indices
    ax : matplotlib Axes, optional
    values : array, optional
        A value per unit (e.g. ``result.unit_received``) or per grid (e.g.
        ``result.grids["utilisation"]``), drawn with a colour bar instead of
        grid colours.
    cmap : str, optional
        Default ``"tab20"`` for grids, ``"viridis"`` for values.
    size : float, optional
        Marker size (default from the number of units).
    boundaries, community_boundaries : bool
        Draw grid boundaries (thin) and community boundaries (thick).

    Returns
    -------
    matplotlib Axes
        With one PathCollection (the units) and a LineCollection per
        boundary kind.

    Examples
    --------
    >>> ax = plot_grids(city, plan, values=result.unit_received)  # doctest: +SKIP
    """
    plt = _plt()
    from matplotlib.collections import LineCollection

    ax = _axes(ax)
    grid = _grid_array(plan)
    n = len(grid)
    x, y = np.asarray(graph.x), np.asarray(graph.y)
    if size is None:
        size = float(np.clip(20000.0 / max(n, 1), 1.0, 60.0))
    if values is None:
        # Shuffle grid colours so neighbours rarely share one.
        k = int(grid.max()) + 1 if n else 0
        perm = np.random.default_rng(0).permutation(max(k, 1))
        c = perm[np.maximum(grid, 0)] % 20
        sc = ax.scatter(x, y, c=c, cmap=cmap or "tab20", s=size, marker="s", linewidths=0, vmin=0, vmax=19)
    else:
        v = np.asarray(values, dtype=float)
        if len(v) != n:
            if len(v) == int(grid.max()) + 1:
                v = v[grid]
            else:
                raise ValueError(f"values has {len(v)} entries: expected one per unit ({n}) or per grid")
        sc = ax.scatter(x, y, c=v, cmap=cmap or "viridis", s=size, marker="s", linewidths=0)
        if colorbar:
            plt.colorbar(sc, ax=ax, shrink=0.8)
    if boundaries:
        seg = boundary_segments(graph, grid)
        ax.add_collection(LineCollection(seg, colors=boundary_color, linewidths=0.6, label="grid boundary"))
    if community_boundaries:
        seg = boundary_segments(graph, np.asarray(graph.community))
        ax.add_collection(LineCollection(seg, colors=community_color, linewidths=1.8, label="community boundary"))
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xticks([])
    ax.set_yticks([])
    k = int(grid.max()) + 1 if n else 0
    ax.set_title(title if title is not None else f"{k} grids, {n} units")
    return ax


def plot_workload(
    values: Union[Sequence[float], Mapping[str, Sequence[float]]],
    ax: Any = None,
    *,
    kind: str = "hist",
    bounds: Optional[tuple[float, float]] = None,
    bins: int = 30,
    label: str = "households per grid",
    title: Optional[str] = None,
) -> Any:
    """Distribution of a load per grid (households, people, workload hours,
    utilisation), or several side by side to compare designs.

    Parameters
    ----------
    values : array or dict of name to array
        One value per grid; a dict compares designs.
    kind : {"hist", "box"}
    bounds : (low, high), optional
        Drawn as dashed vertical (hist) or horizontal (box) lines, e.g. the
        300-500 household rule.
    label : str
        The axis label of the values.

    Returns
    -------
    matplotlib Axes
        Histogram: one BarContainer per series. Box: one box per series.

    Examples
    --------
    >>> plot_workload({"before": hh_old, "after": hh_new}, bounds=(300, 500))  # doctest: +SKIP
    """
    ax = _axes(ax, (7, 4))
    series = dict(values) if isinstance(values, Mapping) else {label: values}
    data = {k: np.asarray(v, dtype=float) for k, v in series.items()}
    if kind == "hist":
        lo = min(float(v.min()) for v in data.values() if len(v)) if data else 0.0
        hi = max(float(v.max()) for v in data.values() if len(v)) if data else 1.0
        edges = np.linspace(lo, hi if hi > lo else lo + 1, bins + 1)
        for name, v in data.items():
            ax.hist(v, bins=edges, alpha=0.55 if len(data) > 1 else 0.9, label=f"{name} (n={len(v)})")
        ax.set_xlabel(label)
        ax.set_ylabel("grids")
        if bounds is not None:
            for b in bounds:
                ax.axvline(b, color="black", linestyle="--", linewidth=1)
    elif kind == "box":
        try:  # matplotlib >= 3.9
            ax.boxplot(list(data.values()), tick_labels=list(data.keys()))
        except TypeError:  # pragma: no cover - older matplotlib
            ax.boxplot(list(data.values()), labels=list(data.keys()))
        ax.set_ylabel(label)
        if bounds is not None:
            for b in bounds:
                ax.axhline(b, color="black", linestyle="--", linewidth=1)
    else:
        raise ValueError("kind must be 'hist' or 'box'")
    if len(data) > 1 or kind == "hist":
        ax.legend(frameon=False)
    if title:
        ax.set_title(title)
    return ax


def _col(table: Any, name: str) -> np.ndarray:
    return np.asarray(table[name])


def plot_simulation(
    result: Any,
    ax: Any = None,
    *,
    series: Sequence[str] = ("backlog",),
    freq: str = "week",
    title: Optional[str] = None,
) -> Any:
    """Simulation results over time; with replications, the mean and its
    confidence band.

    Parameters
    ----------
    result : SimResult or Replications
    series : sequence of str
        ``backlog``, ``arrivals``, ``resolved`` (and, for one run,
        ``escalated``, ``unresolved``, ``grid_queue``).
    freq : {"day", "week"}
        Weekly flows are sums, weekly stocks (backlog) end-of-week values.
        Replication bands are drawn per day (``freq`` is ignored for them).

    Returns
    -------
    matplotlib Axes
        One Line2D per series, one PolyCollection (the band) per series for
        replications, and a shaded span for the drain period.

    Examples
    --------
    >>> plot_simulation(study, series=("backlog", "arrivals"))  # doctest: +SKIP
    """
    from .simulate import Replications, SimResult, _weekly

    ax = _axes(ax, (9, 4))
    if isinstance(result, Replications):
        d = result.daily
        t = np.arange(len(_col(d, "backlog")))
        for s in series:
            m = _col(d, s)
            (line,) = ax.plot(t, m, label=f"{s} (mean)")
            ax.fill_between(t, _col(d, f"{s}_low"), _col(d, f"{s}_high"), color=line.get_color(), alpha=0.25,
                            label=f"{int(round(result.confidence * 100))}% CI")
        days = result.runs[0].days if result.runs else None
        unit = "day"
        n = int(result.raw["estimates"]["n"][0]) if len(result.raw["estimates"]["n"]) else 0
        default_title = f"{n} replications"
    elif isinstance(result, SimResult):
        raw = result.raw["daily"]
        data = _weekly(raw) if freq == "week" else raw
        unit = "week" if freq == "week" else "day"
        for s in series:
            v = np.asarray(data[s])
            ax.plot(np.arange(len(v)), v, label=s)
        days = result.days
        default_title = f"seed {result.seed}"
    else:
        raise TypeError("result must be a SimResult or Replications")
    if days is not None:
        start = days / 7 if unit == "week" else days
        end = ax.get_xlim()[1]
        ax.axvspan(start, end, color="grey", alpha=0.12, label="drain (no arrivals)")
    ax.set_xlabel(unit)
    ax.set_ylabel("events")
    ax.legend(frameon=False)
    ax.set_title(title if title is not None else default_title)
    return ax


def plot_levels(result: Any, ax: Any = None, *, title: Optional[str] = None) -> Any:
    """Where events end: shares resolved at grid, community, street,
    district, unresolved and open, with confidence intervals for
    replications.

    Returns
    -------
    matplotlib Axes
        One BarContainer (six bars), with error bars for replications.
    """
    from .simulate import Replications, SimResult

    ax = _axes(ax, (7, 4))
    names = ["grid", "community", "street", "district", "unresolved", "open"]
    metrics = ["grid_share", "community_share", "street_share", "district_share", "unresolved_share", "open_share"]
    if isinstance(result, Replications):
        ests = [result.estimate(m) for m in metrics]
        mean = np.array([e.mean for e in ests])
        err = np.array([[e.mean - e.low for e in ests], [e.high - e.mean for e in ests]])
    elif isinstance(result, SimResult):
        mean = np.array([result.metrics[m] for m in metrics])
        err = None
    else:
        raise TypeError("result must be a SimResult or Replications")
    colors = ["#2a9d8f", "#8ab17d", "#e9c46a", "#f4a261", "#e76f51", "#999999"]
    ax.bar(names, mean * 100, yerr=None if err is None else err * 100, color=colors, capsize=4)
    ax.set_ylabel("% of received events")
    ax.set_yscale("log")
    for i, v in enumerate(mean):
        ax.annotate(f"{v * 100:.2f}%", (i, max(v * 100, 1e-3)), ha="center", va="bottom", fontsize=8)
    ax.set_title(title if title is not None else "resolved by level")
    return ax


def plot_what_if(what: Any, metric: str = "resolution_rate", ax: Any = None, *, diff: bool = False,
                 title: Optional[str] = None) -> Any:
    """Compare scenarios of :func:`gridgov.what_if` on one metric: means (or
    paired differences from the baseline, ``diff=True``) with their
    confidence intervals.

    Returns
    -------
    matplotlib Axes
        One ErrorbarContainer.
    """
    ax = _axes(ax, (7, 4))
    t = what.table
    scen = np.asarray(t["scenario"])
    met = np.asarray(t["metric"])
    sel = met == metric
    if not sel.any():
        raise KeyError(f"metric {metric!r} is not in the comparison")
    names = list(scen[sel])
    key = "diff" if diff else "mean"
    mean = np.asarray(t[key])[sel].astype(float)
    low = np.asarray(t[f"{key}_low" if diff else "low"])[sel].astype(float)
    high = np.asarray(t[f"{key}_high" if diff else "high"])[sel].astype(float)
    pos = np.arange(len(names))
    ax.errorbar(pos, mean, yerr=[mean - low, high - mean], fmt="o", capsize=5)
    if diff:
        ax.axhline(0, color="grey", linewidth=1)
    ax.set_xticks(pos)
    ax.set_xticklabels(names)
    ax.set_ylabel(f"{metric} - {what.baseline}" if diff else metric)
    ax.set_title(title if title is not None else metric.replace("_", " "))
    return ax


def _ensemble_scores(result: Any) -> Any:
    if getattr(result, "scores", None) is not None:
        return result.scores
    if getattr(result, "out", None):
        return result.frame()
    raise TypeError("plot_ensemble needs a gridgov.EnsembleResult with recorded scores (result.scores or out=...)")


def plot_ensemble(result: Any, score: str = "cut_edges", ax: Any = None, *, trace: bool = False,
                  bins: int = 40, title: Optional[str] = None) -> Any:
    """The ensemble's distribution of one score with the given plan marked
    (``trace=False``), or the score along every chain (``trace=True``).

    Parameters
    ----------
    result : gridgov.EnsembleResult
        From :func:`gridgov.ensemble` (scores kept, or streamed to ``out``).
    score : str
        One of ``result.overall["score"]``.

    Returns
    -------
    matplotlib Axes
        A histogram and one vertical line at the plan's value, or one line
        per chain and a horizontal line at the plan's value.
    """
    if not hasattr(result, "plan_scores"):
        raise TypeError(f"plot_ensemble needs a gridgov.EnsembleResult, got {type(result).__name__}")
    if score not in result.plan_scores:
        raise KeyError(f"no score {score!r}; the scores are {list(result.plan_scores)}")
    t = _ensemble_scores(result)
    values = np.asarray(t[score], dtype=float)
    value = result.plan_scores[score]
    ax = _axes(ax, (6, 3.5))
    if trace:
        chain, step = np.asarray(t["chain"]), np.asarray(t["step"])
        for c in np.unique(chain):
            ax.plot(step[chain == c], values[chain == c], linewidth=0.7, label=f"chain {c}")
        ax.axhline(value, color="C3", linestyle="--", label="the plan")
        ax.set_xlabel("step")
        ax.set_ylabel(score.replace("_", " "))
    else:
        ax.hist(values, bins=bins, color="0.7")
        ax.axvline(value, color="C3", linewidth=2, label="the plan")
        ax.set_xlabel(score.replace("_", " "))
        ax.set_ylabel("samples")
    ax.legend(frameon=False, fontsize=8)
    ax.set_title(title if title is not None else
                 f"{score.replace('_', ' ')}: the plan at percentile {100 * result.percentile(score):.1f}%")
    return ax


def greedy_colors(geometries: Any) -> np.ndarray:
    """A colour index per polygon such that polygons sharing a boundary (of
    positive length) differ: greedy colouring of their adjacency, largest
    degree first (at most max degree + 1 colours; usually 4 or 5 for grids)."""
    import shapely

    g = np.asarray(geometries, dtype=object)
    n = len(g)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    x0, y0, x1, y1 = shapely.total_bounds(g)
    tol = 1e-7 * max(x1 - x0, y1 - y0, 1e-12)  # rounding in shared vertices
    tree = shapely.STRtree(g)
    i, j = tree.query(g, predicate="dwithin", distance=tol)
    keep = i < j
    i, j = i[keep], j[keep]
    if len(i):
        # Rook: a shared boundary of positive length, not a corner.
        shared = shapely.length(shapely.intersection(shapely.boundary(g[i]),
                                                     shapely.buffer(shapely.boundary(g[j]), tol, quad_segs=2)))
        i, j = i[shared > 10 * tol], j[shared > 10 * tol]
    nbrs: list[set[int]] = [set() for _ in range(n)]
    for a, b in zip(i.tolist(), j.tolist()):
        nbrs[a].add(b)
        nbrs[b].add(a)
    color = np.full(n, -1, dtype=np.int64)
    for u in sorted(range(n), key=lambda u: (-len(nbrs[u]), u)):
        used = {color[v] for v in nbrs[u]}
        c = 0
        while c in used:
            c += 1
        color[u] = c
    return color


# Fonts tried in turn for each character: Latin, then Chinese (Debian's
# fonts-noto-cjk; other systems' CJK fonts after it).
CJK_FONTS = ["DejaVu Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei",
             "Microsoft YaHei", "PingFang SC"]


def _font_family() -> list[str]:
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    if not installed.intersection(CJK_FONTS[1:]):
        # matplotlib's font cache predates a font installed since: add Debian's.
        import glob

        for path in sorted(glob.glob("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.tt*")):
            font_manager.fontManager.addfont(path)
        installed = {f.name for f in font_manager.fontManager.ttflist}
    return [f for f in CJK_FONTS if f in installed] or ["sans-serif"]


def plot_grid_polygons(
    grids: Any,
    ax: Any = None,
    *,
    label: Optional[str] = "grid",
    column: Optional[str] = None,
    cmap: Optional[str] = None,
    cells: Any = None,
    edgecolor: str = "black",
    title: Optional[str] = None,
    fontsize: float = 7,
) -> Any:
    """Draw grid polygons (``gridgov.to_geopandas(graph, plan, cells)``)
    with a label each, coloured so that neighbouring grids differ (or by a
    numeric ``column`` with a colour bar).

    Parameters
    ----------
    grids : GeoDataFrame
        One (multi)polygon per grid.
    label : str or None
        Column written at each grid's representative point (Chinese names
        render with a CJK font when one is installed: Debian fonts-noto-cjk).
    column : str, optional
        Colour by this numeric column instead of by neighbour-distinct colours.
    cells : GeoDataFrame, optional
        Unit cells drawn underneath as thin lines.

    Returns
    -------
    matplotlib Axes
    """
    import shapely

    plt = _plt()
    ax = _axes(ax, figsize=(8, 8))
    family = _font_family()
    if cells is not None:
        cells.boundary.plot(ax=ax, color="0.75", linewidth=0.3)
    if column is None:
        colors = greedy_colors(grids.geometry.values)
        palette = plt.get_cmap(cmap or "Set3")
        grids.plot(ax=ax, color=[palette(int(c) % palette.N) for c in colors], edgecolor=edgecolor, linewidth=0.8,
                   alpha=0.85)
    else:
        grids.plot(ax=ax, column=column, cmap=cmap or "viridis", edgecolor=edgecolor, linewidth=0.8, legend=True)
    if label is not None:
        points = shapely.point_on_surface(grids.geometry.values)
        for text, p in zip(grids[label].astype(str), points):
            if p is not None and not p.is_empty:
                ax.annotate(text, (p.x, p.y), ha="center", va="center", fontsize=fontsize, family=family)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if title:
        ax.set_title(title, family=family)
    return ax


def map_grids(grids: Any, *, label: str = "grid", hover: Sequence[str] = ("grid", "units", "households", "population",
                                                                          "community", "workload"),
              cells: Any = None, width: int = 700, height: int = 700, title: Optional[str] = None) -> Any:
    """An interactive map of grid polygons (pan, zoom, hover) with Bokeh,
    whose JavaScript ships in its wheel: in a notebook,
    ``bokeh.io.output_notebook(bokeh.resources.INLINE)`` then
    ``bokeh.io.show(map_grids(grids))`` needs no network. Neighbouring grids
    get different colours; hovering shows the ``hover`` columns. The map is
    in the grids' own (metric) coordinates, without a background map.

    Returns
    -------
    bokeh.plotting.figure
    """
    try:
        from bokeh.models import ColumnDataSource, HoverTool
        from bokeh.palettes import Set3_12
        from bokeh.plotting import figure
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("gridgov.plot.map_grids needs bokeh: pip install bokeh") from e
    import shapely

    def nested(geoms):
        xs, ys = [], []
        for g in geoms:
            parts = list(g.geoms) if g.geom_type == "MultiPolygon" else ([g] if not g.is_empty else [])
            # Coordinates to 1/100 of a unit (a centimetre in metres): less to embed.
            xs.append([[np.round(p.exterior.xy[0], 2).tolist()] + [np.round(r.xy[0], 2).tolist() for r in p.interiors]
                       for p in parts])
            ys.append([[np.round(p.exterior.xy[1], 2).tolist()] + [np.round(r.xy[1], 2).tolist() for r in p.interiors]
                       for p in parts])
        return xs, ys

    fig = figure(width=width, height=height, match_aspect=True, title=title,
                 tools="pan,wheel_zoom,box_zoom,reset,save", active_scroll="wheel_zoom")
    fig.axis.visible = False
    fig.grid.visible = False
    if cells is not None:
        xs, ys = nested(cells.geometry.values)
        fig.multi_polygons(xs, ys, fill_color=None, line_color="#bbbbbb", line_width=0.5)
    xs, ys = nested(grids.geometry.values)
    colors = greedy_colors(grids.geometry.values)
    data = {"xs": xs, "ys": ys, "color": [Set3_12[int(c) % 12] for c in colors]}
    columns = [c for c in hover if c in grids.columns]
    for c in columns:
        data[c] = [str(v) if not isinstance(v, (int, float)) else v for v in grids[c].tolist()]
    source = ColumnDataSource(data)
    patches = fig.multi_polygons("xs", "ys", source=source, fill_color="color", fill_alpha=0.8, line_color="black",
                                 line_width=1)
    fig.add_tools(HoverTool(renderers=[patches], tooltips=[(c, "@" + c) for c in columns]))
    if label in grids.columns:
        points = shapely.point_on_surface(grids.geometry.values)
        fig.text(x=[p.x for p in points], y=[p.y for p in points], text=[str(v) for v in grids[label]],
                 text_align="center", text_baseline="middle", text_font_size="8pt")
    return fig
