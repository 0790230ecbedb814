#!/usr/bin/env python3
"""Generate data/sample/people.csv: grid staff for the sample city.

One full-time worker per grid plus a few spares, about three part-time and
two auxiliary helpers per grid (the "1+3+X" pattern), homes near random
buildings (some people give only their home community), hours per week,
and a mediation skill for some. Pure standard library, deterministic.
Usage: python3 data/sample/make_people.py [OUTDIR]
"""
import csv
import os
import random
import sys


def main(out):
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "units.csv"), newline="", encoding="utf-8") as f:
        units = list(csv.DictReader(f))
    with open(os.path.join(here, "plan.csv"), newline="", encoding="utf-8") as f:
        grids = len({row["grid"] for row in csv.DictReader(f)})
    rng = random.Random(20240301)
    rows = []
    counts = {"full_time": grids + 6, "part_time": 3 * grids + 30, "auxiliary": 2 * grids + 20}
    hours = {"full_time": (40, 40), "part_time": (8, 12), "auxiliary": (4, 8)}
    for role, n in counts.items():
        for i in range(n):
            u = rng.choice(units)
            pid = {"full_time": "F", "part_time": "P", "auxiliary": "A"}[role] + f"{i + 1:04d}"
            lo, hi = hours[role]
            h = rng.randint(lo, hi)
            skills = "mediation" if rng.random() < 0.25 else ""
            if role != "full_time" and rng.random() < 0.1:
                rows.append([pid, role, h, "", "", u["community"], skills])  # community only
            else:
                x = float(u["x"]) + rng.uniform(-40, 40)
                y = float(u["y"]) + rng.uniform(-40, 40)
                rows.append([pid, role, h, f"{x:.1f}", f"{y:.1f}", u["community"], skills])
    with open(os.path.join(out, "people.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "role", "hours", "x", "y", "community", "skills"])
        w.writerows(rows)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
