#!/usr/bin/env python3
"""Write a synthetic national divisions CSV of the real size (about 665,000
rows: 31 provinces, ~340 cities, ~2,850 counties, ~41,600 streets and
~620,000 communities and villages) in the `level,code,name,parent_code`
format. Codes follow the real layout; names are synthetic.

Usage: python3 benchmarks/make_country.py OUT.csv [--seed 1]
"""
import argparse
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    rows = ["level,code,name,parent_code"]
    provinces = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50,
                 51, 52, 53, 54, 61, 62, 63, 64, 65]
    for p in provinces:
        pc = f"{p:02d}"
        rows.append(f"province,{pc},省{pc},")
        for c in range(1, rng.randint(8, 14) + 1):
            cc = f"{pc}{c:02d}"
            rows.append(f"city,{cc},市{cc},{pc}")
            for d in range(1, rng.randint(6, 11) + 1):
                dc = f"{cc}{d:02d}"
                rows.append(f"county,{dc},区县{dc},{cc}")
                for s in range(1, rng.randint(10, 19) + 1):
                    sc = f"{dc}{s:03d}"
                    rows.append(f"street,{sc},街道{sc},{dc}")
                    for m in range(1, rng.randint(8, 22) + 1):
                        mc = f"{sc}{m:03d}"
                        rows.append(f"community,{mc},社区{mc},{sc}")
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    print(f"{len(rows) - 1} rows -> {a.out}")


if __name__ == "__main__":
    main()
