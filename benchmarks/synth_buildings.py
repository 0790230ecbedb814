"""A synthetic city for benchmarks/bench_build_momepy.py: blocks of 100 m
between straight streets, 16 buildings of 14 x 9 m a block on a 20 m pitch,
jittered by up to 2 m (seed 1), in UTM 50N.

  python3 benchmarks/synth_buildings.py N PREFIX   -> PREFIX_b.gpkg (buildings, id `bid`), PREFIX_s.gpkg (streets)
"""
import sys

import geopandas as gpd
import numpy as np
import shapely

n = int(sys.argv[1]); out = sys.argv[2]
rng = np.random.default_rng(1)
per_block = 16  # 4 x 4 buildings in a block
blocks = int(np.ceil(n / per_block)); side = int(np.ceil(np.sqrt(blocks)))
polys = []
for k in range(n):
    b, i = divmod(k, per_block)
    bx, by = divmod(b, side)
    x = bx * 100 + 12 + (i % 4) * 20 + rng.uniform(-2, 2)
    y = by * 100 + 12 + (i // 4) * 20 + rng.uniform(-2, 2)
    polys.append((x, y))
xy = np.array(polys)
w, h = 7, 4.5
boxes = shapely.box(xy[:, 0] - w, xy[:, 1] - h, xy[:, 0] + w, xy[:, 1] + h)
gpd.GeoDataFrame({"bid": [f"b{k}" for k in range(n)]}, geometry=boxes, crs="EPSG:32650").to_file(out + "_b.gpkg", engine="pyogrio")
lines = [shapely.LineString([(t * 100, -50), (t * 100, side * 100 + 50)]) for t in range(side + 1)]
lines += [shapely.LineString([(-50, t * 100), (side * 100 + 50, t * 100)]) for t in range(side + 1)]
gpd.GeoDataFrame({"kind": ["street"] * len(lines)}, geometry=lines, crs="EPSG:32650").to_file(out + "_s.gpkg", engine="pyogrio")
