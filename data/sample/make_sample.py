#!/usr/bin/env python3
"""Generate the bundled sample: two real streets of Chengguan district
(酒泉路街道 620102001 and 张掖路街道 620102002, 11 communities) filled with
synthetic buildings, their contiguity, and an "existing" grid plan drawn the
way a spreadsheet would (cut every ~400 households in reading order), which
gridgov then checks and repairs.

Pure standard library and deterministic: running it again gives the same
files. Usage: python3 data/sample/make_sample.py [OUTDIR]
"""
import os
import random
import sys

W, H = 48, 36          # lattice of building sites, 60 m apart
SPACING = 60.0
STREETS = {
    "620102001": ["620102001001", "620102001002", "620102001003", "620102001004", "620102001005"],
    "620102002": ["620102002001", "620102002002", "620102002003", "620102002004", "620102002005",
                  "620102002006"],
}


def community_of(i, j):
    """Street 1 takes columns 0..23 (5 blocks of rows), street 2 columns 24..47 (3x2 blocks)."""
    if i < W // 2:
        return STREETS["620102001"][min(j * 5 // H, 4)]
    return STREETS["620102002"][(j * 3 // H) * 2 + (1 if i >= 36 else 0)]


def main(out):
    rng = random.Random(20240115)
    sites = {}
    for j in range(H):
        for i in range(W):
            # A park (hole) and a river along row 17 with three bridges.
            if 8 <= i < 13 and 20 <= j < 25:
                continue
            if j == 17 and i not in (10, 30, 40):
                continue
            r = rng.random()
            if r < 0.78:
                hh = rng.randint(8, 60)
            elif r < 0.95:
                hh = rng.randint(60, 120)
            else:
                hh = rng.randint(120, 250)   # towers
            pop = max(1, round(hh * rng.uniform(2.2, 2.7)))
            elderly = sum(rng.random() < 0.03 for _ in range(hh))
            disabled = sum(rng.random() < 0.01 for _ in range(hh))
            hardship = sum(rng.random() < 0.005 for _ in range(hh))
            x = 500000.0 + i * SPACING + rng.uniform(-12, 12)
            y = 3990000.0 + j * SPACING + rng.uniform(-12, 12)
            sites[(i, j)] = (x, y, hh, pop, elderly, disabled, hardship, community_of(i, j))
    ids = {}
    rows = []
    for n, ((i, j), s) in enumerate(sorted(sites.items(), key=lambda kv: (kv[0][1], kv[0][0]))):
        bid = f"B{n + 1:05d}"
        ids[(i, j)] = bid
        rows.append((bid,) + s)
    edges = []
    for (i, j) in sorted(sites, key=lambda p: (p[1], p[0])):
        for di, dj in ((1, 0), (0, 1)):
            q = (i + di, j + dj)
            if q in sites:
                edges.append((ids[(i, j)], ids[q]))
        if j == 16 and (i, 18) in sites and i in (10, 30, 40):
            edges.append((ids[(i, j)], ids[(i, 18)]))   # the bridges
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "units.csv"), "w", encoding="utf-8") as f:
        f.write("id,x,y,households,population,community,elderly_alone,disabled,hardship\n")
        for bid, x, y, hh, pop, e, d, h, c in rows:
            f.write(f"{bid},{x:.1f},{y:.1f},{hh},{pop},{c},{e},{d},{h}\n")
    with open(os.path.join(out, "edges.csv"), "w", encoding="utf-8") as f:
        f.write("u,v\n")
        for u, v in edges:
            f.write(f"{u},{v}\n")
    # The existing plan: per community, cut every >= 400 households in
    # north-to-south, west-to-east order, as a spreadsheet would.
    by_comm = {}
    for (i, j), s in sites.items():
        by_comm.setdefault(s[7], []).append((i, j))
    with open(os.path.join(out, "plan.csv"), "w", encoding="utf-8") as f:
        f.write("id,grid\n")
        for c in sorted(by_comm):
            cells = sorted(by_comm[c], key=lambda p: (-p[1], p[0]))
            seq, acc = 1, 0
            for p in cells:
                if acc >= 400:
                    seq, acc = seq + 1, 0
                acc += sites[p][2]
                f.write(f"{ids[p]},{c}{seq:03d}\n")
    print(f"{len(rows)} buildings, {len(edges)} edges, {len(by_comm)} communities -> {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
