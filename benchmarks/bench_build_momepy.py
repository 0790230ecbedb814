"""gridgov build against momepy (enclosures + enclosed_tessellation + libpysal
weights) on the same buildings and streets: whole-process time and edge
agreement.

  python3 benchmarks/bench_build_momepy.py --gridgov build/dev/gridgov B.gpkg S.gpkg [--id-field bid]
"""
import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import momepy
import pandas as pd
import shapely
from libpysal import graph as lgraph

ap = argparse.ArgumentParser()
ap.add_argument("--gridgov", required=True)
ap.add_argument("buildings")
ap.add_argument("streets")
ap.add_argument("--id-field", default="bid")
ap.add_argument("--limit", type=float, default=100.0)
a = ap.parse_args()

with tempfile.TemporaryDirectory() as t:
    t0 = time.perf_counter()
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([a.gridgov, "build", "--buildings", a.buildings, "--id-field", a.id_field, "--barriers", a.streets,
                    "--max-distance", str(a.limit), "--out-units", f"{t}/u.csv", "--out-edges", f"{t}/e.csv",
                    "--out-cells", f"{t}/c.gpkg"], check=True, capture_output=True)
    t_gridgov = time.perf_counter() - t0
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_gridgov = (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
    rss_gridgov = c1.ru_maxrss / 1024
    e = pd.read_csv(f"{t}/e.csv", dtype=str)
    ours = {tuple(sorted(p)) for p in zip(e.u, e.v)}

t0 = time.perf_counter()
p0 = time.process_time()
b = gpd.read_file(a.buildings)
s = gpd.read_file(a.streets)
limit = shapely.buffer(shapely.union_all(b.geometry.values), a.limit)
enc = momepy.enclosures(s, limit=gpd.GeoSeries([limit], crs=b.crs))
tess = momepy.enclosed_tessellation(b, enc, n_jobs=1, simplify=False)
tess = tess[tess.geom_type.isin(["Polygon", "MultiPolygon"]) & tess.index.isin(b.index)]
w = lgraph.Graph.build_contiguity(tess, rook=True)
t_momepy = time.perf_counter() - t0
cpu_momepy = time.process_time() - p0
rss_momepy = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
ids = b[a.id_field].values
adj = w.adjacency.reset_index()
adj = adj[adj.iloc[:, 2] > 0]
theirs = {tuple(sorted((ids[i], ids[j]))) for i, j in zip(adj.iloc[:, 0], adj.iloc[:, 1]) if i != j}
print(f"buildings {len(b)}: wall gridgov {t_gridgov:.2f} s, momepy {t_momepy:.2f} s ({t_momepy / t_gridgov:.1f}x); "
      f"CPU gridgov {cpu_gridgov:.2f} s, momepy {cpu_momepy:.2f} s ({cpu_momepy / cpu_gridgov:.1f}x); "
      f"peak memory gridgov {rss_gridgov:.0f} MB, momepy {rss_momepy:.0f} MB")
both = ours & theirs
print(f"edges gridgov {len(ours)}, momepy {len(theirs)}, both {len(both)}, "
      f"Jaccard {len(both) / max(1, len(ours | theirs)):.3f}")
