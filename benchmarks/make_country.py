#!/usr/bin/env python3
"""Write a synthetic national divisions CSV of the real size (661,705 rows
with the default seed: 31 provinces, 334 cities, 2,742 counties, 39,958
streets and 618,640 communities and villages) in the
`level,code,name,parent_code` format. Codes follow the real layout; names
are synthetic except those of the real cases below.

The file has the forms of the statistics bureau's lists that a five-level
file carries:
- cities without counties (Dongguan 4419, Zhongshan 4420, Danzhou 4604,
  and a few generated ones): the city is repeated at county level with
  county digits 00 (`county,441900,...,4419`) and its towns and streets
  carry that code (441900003, 441900101, ...);
- placeholders with an all-zero sequence: a county with no streets
  (Kinmen 350527 and a few generated ones) is listed with street
  `350527000` and community `350527000000`; a few streets with no
  communities get the same form, community `<street>000`.
Every row is valid: `gridgov hierarchy` loads it with no error, one note
per placeholder row.

Usage: python3 benchmarks/make_country.py OUT.csv [--seed 1] [--provinces 35,44,46,62]
"""
import argparse
import random

PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50,
             51, 52, 53, 54, 61, 62, 63, 64, 65]
# Real cities without counties: (province, city digits, name).
COUNTYLESS = [(44, 19, "东莞市"), (44, 20, "中山市"), (46, 4, "儋州市")]
# Real counties without streets: (province, city, county digits, name).
STREETLESS = [(35, 5, 27, "金门县")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--provinces", help="comma-separated province codes to write (default: all 31)")
    a = ap.parse_args()
    only = {int(p) for p in a.provinces.split(",")} if a.provinces else None
    rows = ["level,code,name,parent_code"]

    def communities(sc, count):
        if count == 0:  # a street with no communities: the bureau's placeholder
            rows.append(f"community,{sc}000,{names[sc]},{sc}")
            return
        for m in range(1, count + 1):
            mc = f"{sc}{m:03d}"
            rows.append(f"community,{mc},社区{mc},{sc}")

    def streets(dc, seqs):
        for s in seqs:
            sc = f"{dc}{s:03d}"
            names[sc] = f"街道{sc}" if s < 100 else f"镇{sc}"
            rows.append(f"street,{sc},{names[sc]},{dc}")
            communities(sc, 0 if rng.random() < 0.002 else rng.randint(8, 23))

    def streetless(dc, name):
        # A county with no streets: street and community placeholders.
        rows.append(f"street,{dc}000,{name},{dc}")
        rows.append(f"community,{dc}000000,{name},{dc}000")

    def town_seqs():
        # Streets numbered from 001, towns from 100 (as the bureau numbers them).
        return list(range(1, rng.randint(2, 6) + 1)) + list(range(100, 100 + rng.randint(8, 24)))

    names = {}
    for p in PROVINCES:
        if only is not None and p not in only:
            continue
        # One generator per province: a province is the same in every subset.
        rng = random.Random(a.seed * 100 + p)
        cities = rng.randint(8, 14)
        countyless = {c: n for (pp, c, n) in COUNTYLESS if pp == p}
        # A generated county-less city in one province in six.
        if rng.random() < 1 / 6:
            countyless.setdefault(cities, f"市{p:02d}{cities:02d}")
        streetless_here = {(c, d): n for (pp, c, d, n) in STREETLESS if pp == p}
        pc = f"{p:02d}"
        rows.append(f"province,{pc},省{pc},")
        for c in sorted(set(range(1, cities + 1)) | set(countyless)):
            cc = f"{pc}{c:02d}"
            if c in countyless:
                name = countyless[c]
                rows.append(f"city,{cc},{name},{pc}")
                rows.append(f"county,{cc}00,{name},{cc}")
                streets(f"{cc}00", town_seqs())
                continue
            rows.append(f"city,{cc},市{cc},{pc}")
            counties = list(range(1, rng.randint(6, 11) + 1))
            extra = {d: n for (c2, d), n in streetless_here.items() if c2 == c}
            for d in sorted(set(counties) | set(extra)):
                dc = f"{cc}{d:02d}"
                if d in extra:
                    rows.append(f"county,{dc},{extra[d]},{cc}")
                    streetless(dc, extra[d])
                    continue
                rows.append(f"county,{dc},区县{dc},{cc}")
                if rng.random() < 0.003:  # a generated county with no streets
                    streetless(dc, f"区县{dc}")
                    continue
                streets(dc, range(1, rng.randint(10, 19) + 1))
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    print(f"{len(rows) - 1} rows -> {a.out}")


if __name__ == "__main__":
    main()
