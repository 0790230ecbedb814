#!/usr/bin/env bash
# End-to-end checks of the gridgov command line: exit codes, JSON keys and
# error messages that planners script against.
set -u
ROOT=${1:?usage: run_cli_tests.sh REPO_ROOT}
BIN=${GRIDGOV_BIN:-gridgov}
S=$ROOT/data/sample
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass=0
check() {  # check NAME EXPECTED_RC COMMAND...
  local name=$1 want=$2
  shift 2
  "$@" >"$T/out" 2>"$T/err"
  local rc=$?
  if [ "$rc" != "$want" ]; then
    echo "FAIL $name: exit $rc, expected $want"; sed 's/^/  | /' "$T/err" | head -5; fails=$((fails + 1))
  else
    pass=$((pass + 1))
  fi
}
contains() {  # contains NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then pass=$((pass + 1)); else echo "FAIL $1: '$3' not in $2"; head -5 "$2" | sed 's/^/  | /'; fails=$((fails + 1)); fi
}
json() {  # json NAME FILE PYTHON_EXPR_ON_d
  if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert $3, d if len(str(d))<400 else str(d)[:400]" "$2" 2>"$T/jerr"; then
    pass=$((pass + 1))
  else
    echo "FAIL $1: $3"; tail -3 "$T/jerr" | sed 's/^/  | /'; fails=$((fails + 1))
  fi
}

# hierarchy
check hierarchy_lanzhou 0 "$BIN" hierarchy "$ROOT/data/lanzhou/divisions.csv" --json
cp "$T/out" "$T/h.json"
json hierarchy_counts "$T/h.json" 'd["levels"]=={"city":1,"county":9,"street":116,"community":1177} and d["errors"]==[]'
printf 'level,code,name,parent_code\ncity,6201,L,62\ncounty,620199,X,6202\nward,620102001,W,620102\n' >"$T/bad.csv"
check hierarchy_invalid 1 "$BIN" hierarchy "$T/bad.csv" --json
cp "$T/out" "$T/hb.json"
json hierarchy_errors_listed "$T/hb.json" 'len(d["errors"])==2 and all("bad.csv:" in e for e in d["errors"])'
check hierarchy_usage 2 "$BIN" hierarchy
check hierarchy_missing_file 1 "$BIN" hierarchy "$T/nope.csv" --json
check hierarchy_text 0 "$BIN" hierarchy "$ROOT/data/lanzhou/divisions.csv"
contains hierarchy_text_counts "$T/out" "community: 1177"
json hierarchy_no_notes "$T/h.json" 'd["notes"]==[] and list(d)==["levels","errors","notes"]'
# The statistics bureau's forms: cities without counties (441900, 442000,
# 460400) and all-zero placeholders (350527000, 350527000000) load with no
# error, a note each, and the counts per level equal the rows per level.
python3 "$ROOT/benchmarks/make_country.py" "$T/country.csv" --provinces 35,44,46,62 >/dev/null
check hierarchy_bureau 0 "$BIN" hierarchy "$T/country.csv" --json
cp "$T/out" "$T/hc.json"
python3 - "$T/country.csv" >"$T/rows.json" <<'PY'
import collections, csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
parent_len = {"county": 4, "street": 6, "community": 9}
zeros = [r["code"] for r in rows if r["level"] in parent_len and set(r["code"][parent_len[r["level"]]:]) == {"0"}]
print(json.dumps({"levels": collections.Counter(r["level"] for r in rows), "placeholders": zeros}))
PY
json hierarchy_bureau_no_errors "$T/hc.json" 'd["errors"]==[]'
json hierarchy_bureau_counts "$T/hc.json" "d['levels']==json.load(open('$T/rows.json'))['levels']"
json hierarchy_bureau_notes "$T/hc.json" "[n.split(': ')[1] for n in d['notes']]==json.load(open('$T/rows.json'))['placeholders']"
json hierarchy_bureau_cases "$T/hc.json" 'all(any(": "+c+": placeholder" in n for n in d["notes"]) for c in ("441900","442000","460400","350527000","350527000000"))'
check hierarchy_bureau_text 0 "$BIN" hierarchy "$T/country.csv"
contains hierarchy_bureau_text_notes "$T/out" "note(s) (accepted as published):"
printf 'level,code,name,parent_code\ncity,6201,L,62\ncounty,620102,C,6201\ncounty,620100,L,6201\nstreet,620100001,S,620100\n' >"$T/ph.csv"
check hierarchy_placeholder_beside_county 1 "$BIN" hierarchy "$T/ph.csv" --json
cp "$T/out" "$T/hp.json"
json hierarchy_placeholder_rejected "$T/hp.json" 'len(d["errors"])==2 and "which has counties of its own" in d["errors"][0] and d["notes"]==[] and d["levels"]=={"city":1,"county":1}'

# validate / report
V=(--units "$S/units.csv" --edges "$S/edges.csv")
check validate_sample 1 "$BIN" validate "${V[@]}" --plan "$S/plan.csv" --json
cp "$T/out" "$T/v.json"
json validate_keys "$T/v.json" 'all(k in d["summary"] for k in ("grids","within_bounds","contiguous","nested","infeasible","valid"))'
json validate_flags "$T/v.json" 'd["summary"]["valid"] is False and d["summary"]["contiguous"] is False and d["summary"]["nested"] is True'
check validate_loose 1 "$BIN" validate "${V[@]}" --plan "$S/plan.csv" --min 0 --max 100000 --json
cp "$T/out" "$T/v2.json"
json validate_loose_bounds "$T/v2.json" 'd["summary"]["within_bounds"] is True'
# A valid plan: one grid per community, no bounds, exit 0.
python3 - "$S/units.csv" "$T/onegrid.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
with open(sys.argv[2], "w") as f:
    f.write("id,grid\n")
    for r in rows: f.write(f"{r['id']},{r['community']}001\n")
PY
check validate_valid 0 "$BIN" validate "${V[@]}" --plan "$T/onegrid.csv" --min 0 --max 1000000 --json
check validate_attribute 0 "$BIN" validate "${V[@]}" --plan "$T/onegrid.csv" --attribute population --min 0 --max 1000000
check validate_unknown_attribute 1 "$BIN" validate "${V[@]}" --plan "$T/onegrid.csv" --attribute workload
contains validate_unknown_attribute_msg "$T/err" "workload"
check validate_missing_plan_arg 2 "$BIN" validate "${V[@]}"
check report_sample 1 "$BIN" report "${V[@]}" --plan "$S/plan.csv" --out "$T/r.json"
contains report_table "$T/out" "620102001001"
json report_json "$T/r.json" 'd["summary"]["grids"] > 0'

# bad input: file and line named, non-zero exit, no crash
head -5 "$S/units.csv" >"$T/u_trunc.csv"; printf 'B99999,1,2\n' >>"$T/u_trunc.csv"
check bad_truncated 1 "$BIN" validate --units "$T/u_trunc.csv" --edges "$S/edges.csv" --plan "$S/plan.csv"
contains bad_truncated_msg "$T/err" "u_trunc.csv:6"
sed '3s/,[0-9]*,\([0-9]*\),620/,-4,\1,620/' "$S/units.csv" >"$T/u_neg.csv"
check bad_negative 1 "$BIN" validate --units "$T/u_neg.csv" --edges "$S/edges.csv" --plan "$S/plan.csv"
contains bad_negative_msg "$T/err" "u_neg.csv:3: households must not be negative"
printf 'u,v\nB00001,B00002\nB00001,NOPE\n' >"$T/e_bad.csv"
check bad_edge 1 "$BIN" validate --units "$S/units.csv" --edges "$T/e_bad.csv" --plan "$S/plan.csv"
contains bad_edge_msg "$T/err" "e_bad.csv:3: edge refers to unknown unit 'NOPE'"
: >"$T/empty.csv"
check bad_empty 1 "$BIN" validate --units "$T/empty.csv" --edges "$S/edges.csv" --plan "$S/plan.csv"
contains bad_empty_msg "$T/err" "empty file"
check help 0 "$BIN" --help
for c in hierarchy validate report; do check "help_$c" 0 "$BIN" "$c" --help; done

# partition / redesign / improve / synth / convert (issue 3 contract)
if "$BIN" --help | grep -q "^  partition"; then
  check partition_sample 0 "$BIN" partition "${V[@]}" --out "$T/p.csv" --report "$T/pr.json" --seed 3
  json partition_report_keys "$T/pr.json" 'all(k in d["summary"] for k in ("grids","within_bounds","contiguous","nested","infeasible")) and d["summary"]["within_bounds"] is True and d["summary"]["infeasible"]==[]'
  check partition_valid 0 "$BIN" validate "${V[@]}" --plan "$T/p.csv"
  check partition_again 0 "$BIN" partition "${V[@]}" --out "$T/p2.csv" --seed 3 --quiet
  if cmp -s "$T/p.csv" "$T/p2.csv"; then pass=$((pass + 1)); else echo "FAIL partition_deterministic"; fails=$((fails + 1)); fi
  # inputs from pipes (process substitution) and a FIFO give the same plan as the files
  # Flags bound onto the option structs: the Python names and the planners' spellings give the same plan.
  check partition_nest_alias 0 "$BIN" partition "${V[@]}" --out "$T/pn1.csv" --seed 3 --nest street --grids 190 --quiet
  check partition_nesting_name 0 "$BIN" partition "${V[@]}" --out "$T/pn2.csv" --seed 3 --nesting street --target-grids 190 --quiet
  if cmp -s "$T/pn1.csv" "$T/pn2.csv"; then pass=$((pass + 1)); else echo "FAIL partition_flag_aliases_same_plan"; fails=$((fails + 1)); fi
  check partition_bad_compactness 2 "$BIN" partition "${V[@]}" --out "$T/px.csv" --compactness 2
  check partition_bad_time_limit 2 "$BIN" partition "${V[@]}" --out "$T/px.csv" --time-limit -1
  check partition_bad_nesting 2 "$BIN" partition "${V[@]}" --out "$T/px.csv" --nesting county
  contains partition_bad_nesting_lists "$T/err" "community"
  check partition_report_enums 0 "$BIN" partition "${V[@]}" --out "$T/pe.csv" --report "$T/pe.json" --seed 3 --quiet
  json partition_report_nesting_name "$T/pe.json" 'd["nesting"]=="community" and d["bounds"]==[{"attribute":"households","min":300,"max":500}] and d["seed"]==3'
  check partition_pipes 0 "$BIN" partition --units <(cat "$S/units.csv") --edges <(cat "$S/edges.csv") --out "$T/pp.csv" --seed 3 --quiet
  if cmp -s "$T/p.csv" "$T/pp.csv"; then pass=$((pass + 1)); else echo "FAIL partition_pipes_same_plan"; fails=$((fails + 1)); fi
  rm -f "$T/edges.fifo" && mkfifo "$T/edges.fifo"
  # the writer gives up after 20 s if the FIFO is never opened for reading
  (timeout 20 sh -c 'cat "$1" > "$2"' _ "$S/edges.csv" "$T/edges.fifo" 2>/dev/null </dev/null &)
  check partition_fifo 0 "$BIN" partition --units "$S/units.csv" --edges "$T/edges.fifo" --out "$T/pf.csv" --seed 3 --quiet
  if cmp -s "$T/p.csv" "$T/pf.csv"; then pass=$((pass + 1)); else echo "FAIL partition_fifo_same_plan"; fails=$((fails + 1)); fi
  check partition_street 0 "$BIN" partition "${V[@]}" --nest street --out "$T/ps.csv" --quiet
  check partition_street_valid 0 "$BIN" validate "${V[@]}" --plan "$T/ps.csv" --nest street
  # Infeasible bounds: a plan is still written, the report says why, exit 1.
  check partition_infeasible 1 "$BIN" partition "${V[@]}" --min 300 --max 320 --out "$T/pi.csv" --report "$T/pi.json"
  json partition_infeasible_listed "$T/pi.json" 'len(d["summary"]["infeasible"]) > 0 and all("reason" in i for i in d["summary"]["infeasible"])'
  [ -s "$T/pi.csv" ] && pass=$((pass + 1)) || { echo "FAIL partition_infeasible_plan_written"; fails=$((fails + 1)); }
  check partition_bad_bounds 1 "$BIN" partition "${V[@]}" --min 600 --max 500 --out "$T/never.csv"
  [ ! -e "$T/never.csv" ] && pass=$((pass + 1)) || { echo "FAIL partition_bad_bounds_no_output"; fails=$((fails + 1)); }
  check redesign_sample 0 "$BIN" redesign "${V[@]}" --plan "$S/plan.csv" --out "$T/r.csv" --report "$T/rr.json"
  json redesign_keys "$T/rr.json" 'all(k in d["summary"] for k in ("grids","within_bounds","contiguous","nested","infeasible","moved_units","moved_households"))'
  check redesign_valid 0 "$BIN" validate "${V[@]}" --plan "$T/r.csv"
  check redesign_of_valid_plan 0 "$BIN" redesign "${V[@]}" --plan "$T/p.csv" --out "$T/r2.csv" --report "$T/rr2.json"
  json redesign_nothing_to_do "$T/rr2.json" 'd["summary"]["moved_units"] == 0 and d["summary"]["moved_households"] == 0'
  check improve_sample 0 "$BIN" improve "${V[@]}" --plan "$T/p.csv" --out "$T/i.csv"
  check improve_valid 0 "$BIN" validate "${V[@]}" --plan "$T/i.csv"
  check synth 0 "$BIN" synth --units 500 --seed 9 --out-units "$T/su.csv" --out-edges "$T/se.csv"
  check synth_again 0 "$BIN" synth --units 500 --seed 9 --out-units "$T/su2.csv" --out-edges "$T/se2.csv"
  if cmp -s "$T/su.csv" "$T/su2.csv" && cmp -s "$T/se.csv" "$T/se2.csv"; then pass=$((pass + 1)); else echo "FAIL synth_deterministic"; fails=$((fails + 1)); fi
  for c in partition redesign improve synth; do check "help_$c" 0 "$BIN" "$c" --help; done
fi
if "$BIN" --help | grep -q "^  convert"; then
  check convert_to_scenario 0 "$BIN" convert --from "$S/units.csv" --from-format csv --edges "$S/edges.csv" --to-scenario "$T/sc.json"
  check convert_back 0 "$BIN" convert --from "$T/sc.json" --to-units "$T/cu.csv" --to-edges "$T/ce.csv"
  check convert_roundtrip_validates 1 "$BIN" validate --units "$T/cu.csv" --edges "$T/ce.csv" --plan "$S/plan.csv"
  check convert_to_geojson 0 "$BIN" convert --from "$S/units.csv" --from-format csv --edges "$S/edges.csv" --plan "$S/plan.csv" --to-geojson "$T/plan.geojson"
  json convert_geojson_features "$T/plan.geojson" 'd["type"]=="FeatureCollection" and len(d["features"]) == 1658'
  printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}}]}' >"$T/bad.geojson"
  check convert_bad_geojson 1 "$BIN" convert --from "$T/bad.geojson" --to-units "$T/x.csv" --to-edges "$T/y.csv"
  contains convert_bad_geojson_msg "$T/err" "bad.geojson"
fi

# workload / staff / simulate (issues 4 and 5)
if "$BIN" --help | grep -q "^  workload" && [ -s "$T/p.csv" ]; then
  check workload_json 0 "$BIN" workload "${V[@]}" --plan "$T/p.csv" --json --out-csv "$T/wg.csv"
  cp "$T/out" "$T/w.json"
  json workload_keys "$T/w.json" '"workload" in d and "workload_per_grid" in d'
  head -1 "$T/wg.csv" >"$T/wg.head"; contains workload_csv_header "$T/wg.head" "total"
  printf '{"travel": {"walking_speed_kmh": 4, "warp": 1}}' >"$T/badcfg.json"
  check workload_bad_config 1 "$BIN" workload "${V[@]}" --plan "$T/p.csv" --config "$T/badcfg.json"
  contains workload_bad_config_msg "$T/err" "warp"
  check workload_balance 0 "$BIN" workload "${V[@]}" --balance "$T/bal.csv"
  check workload_balance_valid 0 "$BIN" validate "${V[@]}" --plan "$T/bal.csv"
  check staff_report 1 "$BIN" staff "${V[@]}" --plan "$T/p.csv" --people "$S/people.csv" --report "$T/st.json" --out "$T/assign.csv"
  json staff_shortage_named "$T/st.json" 'd["summary"]["feasible"] is False and len(d["shortages"]) > 0'
  printf 'id,role,hours\nP1,full_time,-5\n' >"$T/badpeople.csv"
  check staff_bad_people 1 "$BIN" staff "${V[@]}" --plan "$T/p.csv" --people "$T/badpeople.csv"
  contains staff_bad_people_msg "$T/err" "badpeople.csv"
  for c in workload staff; do check "help_$c" 0 "$BIN" "$c" --help; done
fi
if "$BIN" --help | grep -q "^  simulate" && [ -s "$T/p.csv" ]; then
  check simulate_json 0 "$BIN" simulate "${V[@]}" --plan "$T/p.csv" --seed 1 --days 60 --json
  cp "$T/out" "$T/sim1.json"
  check simulate_again 0 "$BIN" simulate "${V[@]}" --plan "$T/p.csv" --seed 1 --days 60 --json
  cp "$T/out" "$T/sim2.json"
  json simulate_deterministic "$T/sim1.json" 'd["estimates"] == json.load(open(sys.argv[1].replace("sim1", "sim2")))["estimates"] and d["grids"] == json.load(open(sys.argv[1].replace("sim1", "sim2")))["grids"]'
  printf '{"scales": {"rate": -1}}' >"$T/badsim.json"
  check simulate_bad_params 1 "$BIN" simulate "${V[@]}" --plan "$T/p.csv" --params "$T/badsim.json"
  check help_simulate 0 "$BIN" simulate --help
fi

# build (with GRIDGOV_GEO): units, edges and cells from footprints, a street and a community
if "$BIN" --help | grep -q "^  build"; then
  python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
def sq(x, y, s=0.0001):  # a ~10 m square near Lanzhou, lon/lat
    return [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]]
feats = []
for k in range(6):
    x, y = 103.8 + (k % 3) * 0.00015, 36.06 + (k // 3) * 0.0004
    feats.append({"type": "Feature", "properties": {"bid": f"b{k}", "levels": 1 + k % 3, "use": "house" if k != 5 else "shop"},
                  "geometry": {"type": "Polygon", "coordinates": sq(x, y)}})
fc = {"type": "FeatureCollection", "features": feats}
json.dump(fc, open(f"{t}/b.geojson", "w"))
feats[1]["properties"]["bid"] = "b0"
json.dump(fc, open(f"{t}/dup.geojson", "w"))
street = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
          "geometry": {"type": "LineString", "coordinates": [[103.79, 36.0603], [103.81, 36.0603]]}}]}
json.dump(street, open(f"{t}/street.geojson", "w"))
comm = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"code": "620102001001"},
        "geometry": {"type": "Polygon", "coordinates": [[[103.79, 36.05], [103.80028, 36.05], [103.80028, 36.07], [103.79, 36.07], [103.79, 36.05]]]}}]}
json.dump(comm, open(f"{t}/comm.geojson", "w"))
PY
  B=(--buildings "$T/b.geojson" --id-field bid --barriers "$T/street.geojson" --floors levels --use-field use --residential house)
  check build_ok 0 "$BIN" build "${B[@]}" --communities "$T/comm.geojson" --community-field code \
    --out-units "$T/bu.csv" --out-edges "$T/be.csv" --out-cells "$T/bc.gpkg" --report "$T/br.json"
  json build_report "$T/br.json" 'd["crs"]=="EPSG:32648" and d["units"]==6 and d["enclosures"]==2 and d["households"]["non_residential"]==1 and d["households"]["estimated_floors_from_field"]==5 and d["outside_community"]==["b2","b5"]'
  # No edge across the street: b0-b2 below it, b3-b5 above it.
  if python3 -c "import csv,sys; e=[(r['u'],r['v']) for r in csv.DictReader(open(sys.argv[1]))]; assert e and all((int(u[1])<3)==(int(v[1])<3) for u,v in e), e" "$T/be.csv"; then pass=$((pass + 1)); else echo "FAIL build_street_separates"; fails=$((fails + 1)); fi
  contains build_units_community "$T/bu.csv" "620102001001"
  check build_geojson_cells 0 "$BIN" build "${B[@]}" --out-cells "$T/bc.geojson"
  contains build_geojson_crs "$T/bc.geojson" "32648"
  # Grid polygons: the cells of each grid dissolved, with the grid's code, households and community.
  check build_partition_grids 0 "$BIN" partition --units "$T/bu.csv" --edges "$T/be.csv" --min 1 --max 30 --nest none \
    --out "$T/bp.csv" --cells "$T/bc.gpkg" --out-grids "$T/bg.geojson"
  json build_grids "$T/bg.geojson" 'len(d["features"]) >= 2 and all(f["properties"]["parts"] == 1 and f["properties"]["households"] >= 1 and f["geometry"]["type"] == "MultiPolygon" for f in d["features"]) and "32648" in json.dumps(d.get("crs"))'
  check build_convert_grids 0 "$BIN" convert --from "$T/bu.csv" --edges "$T/be.csv" --plan "$T/bp.csv" --cells "$T/bc.gpkg" --to-grids "$T/bg3.gpkg"
  contains build_convert_grids_out "$T/out" "wrote $T/bg3.gpkg"
  check build_grids_bad_cells 1 "$BIN" partition --units "$T/bu.csv" --edges "$T/be.csv" --min 1 --max 30 --nest none \
    --out "$T/bp2.csv" --cells "$T/b.geojson" --out-grids "$T/bg2.geojson"
  if [ ! -e "$T/bp2.csv" ] && [ ! -e "$T/bg2.geojson" ]; then pass=$((pass + 1)); else echo "FAIL build_grids_nothing_written"; fails=$((fails + 1)); fi
  for ext in shp fgb; do
    check "build_cells_$ext" 0 "$BIN" build "${B[@]}" --out-cells "$T/cells_$ext.$ext"
    if python3 -c "import pyogrio,sys; d=pyogrio.read_dataframe(sys.argv[1]); assert len(d)==6 and d.crs.to_epsg()==32648 and d.geometry.is_valid.all()" "$T/cells_$ext.$ext"; then pass=$((pass + 1)); else echo "FAIL build_cells_${ext}_read"; fails=$((fails + 1)); fi
  done
  check build_missing_field 1 "$BIN" build --buildings "$T/b.geojson" --id-field nope --out-units "$T/x.csv"
  contains build_missing_field_msg "$T/err" "has no field 'nope'"
  check build_duplicate_id 1 "$BIN" build --buildings "$T/dup.geojson" --id-field bid --out-units "$T/x.csv" --out-cells "$T/x.gpkg"
  contains build_duplicate_id_msg "$T/err" "duplicate id 'b0'"
  if [ ! -e "$T/x.csv" ] && [ ! -e "$T/x.gpkg" ]; then pass=$((pass + 1)); else echo "FAIL build_nothing_written"; fails=$((fails + 1)); fi
  check build_bad_file 1 "$BIN" build --buildings "$T/none.gpkg" --out-units "$T/x.csv"
  check build_no_output 2 "$BIN" build --buildings "$T/b.geojson"
fi

echo "$pass passed, $fails failed"
[ "$fails" = 0 ]
