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
crs_is() {  # crs_is NAME FILE PYTHON_EXPR_ON_crs (a pyproj CRS or None, as geopandas/pyogrio read it)
  if python3 -c "import pyogrio,sys; crs=pyogrio.read_dataframe(sys.argv[1]).crs; sys.exit(0 if ($3) else 1)" "$2"; then
    pass=$((pass + 1)); else echo "FAIL $1"; fails=$((fails + 1)); fi
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
check hierarchy_missing_file 4 "$BIN" hierarchy "$T/nope.csv" --json
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
  # --preset: the search settings of a preset; a flag given explicitly wins wherever it stands.
  check partition_preset_fast 0 "$BIN" partition "${V[@]}" --out "$T/pf.csv" --report "$T/pf.json" --seed 3 --preset fast --quiet
  json partition_preset_fast_options "$T/pf.json" 'd["options"]["polish_passes"]==0 and d["options"]["compactness"]==0.5 and d["options"]["run"]["seed"]==3 and d["summary"]["within_bounds"] is True'
  check partition_preset_flag_before 0 "$BIN" partition "${V[@]}" --out "$T/pf1.csv" --report "$T/pf1.json" --compactness 0.3 --preset even --quiet
  json partition_preset_flag_before_wins "$T/pf1.json" 'd["options"]["compactness"]==0.3 and d["options"]["polish_passes"]==4'
  check partition_preset_flag_after 0 "$BIN" partition "${V[@]}" --out "$T/pf2.csv" --preset even --compactness 0.3 --quiet
  if cmp -s "$T/pf1.csv" "$T/pf2.csv"; then pass=$((pass + 1)); else echo "FAIL partition_preset_order_same_plan"; fails=$((fails + 1)); fi
  check partition_preset_default_alias 0 "$BIN" partition "${V[@]}" --out "$T/pf3.csv" --seed 3 --preset default --quiet
  if cmp -s "$T/p.csv" "$T/pf3.csv"; then pass=$((pass + 1)); else echo "FAIL partition_preset_standard_is_default"; fails=$((fails + 1)); fi
  check partition_preset_bad 2 "$BIN" partition "${V[@]}" --out "$T/px.csv" --preset quick
  contains partition_preset_bad_lists "$T/err" "standard, fast, even"
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
  # A proof with its witness: a block group of 2,945 whose lightest neighbour
  # brings any connected grid to 5,558 against 3,000..5,500.
  printf 'id,x,y,households,population,community\n' >"$T/ck_units.csv"
  i=0
  for w in 2945 2613 2700 3100 1500 1600 1550 2000; do
    printf 'bg%d,%d,%d,%d,%d,050310011011\n' $i $((i % 3)) $((i / 3)) $w $w >>"$T/ck_units.csv"; i=$((i + 1))
  done
  printf 'u,v\nbg0,bg1\nbg0,bg2\nbg0,bg3\nbg1,bg4\nbg2,bg5\nbg3,bg6\nbg4,bg7\nbg5,bg7\nbg6,bg7\n' >"$T/ck_edges.csv"
  check partition_proven 1 "$BIN" partition --units "$T/ck_units.csv" --edges "$T/ck_edges.csv" --attribute population \
    --min 3000 --max 5500 --out "$T/ck.csv" --report "$T/ck.json"
  json partition_proven_witness "$T/ck.json" 'd["summary"]["infeasible"][0]["status"]=="proven_infeasible" and d["summary"]["infeasible"][0]["kind"]=="unit_fits_no_grid" and d["summary"]["infeasible"][0]["witness"]["unit"]=="bg0" and d["summary"]["infeasible"][0]["witness"]["reach"]==5558 and d["stats"]["pieces_proven_infeasible"]==1'
  json partition_proven_off_bounds "$T/ck.json" 'sorted(g["off_bounds"][0] for g in d["grids"] if g["flagged"])==[58]'
  contains partition_proven_text "$T/err" "58 above the maximum"
  # The same proofs on real data: Arkansas's 2,294 census block groups (data/arkansas),
  # 3,000..5,500 people per part, parts inside counties. Two counties have no plan,
  # each proven by a block group that fits no part; the other 73 are planned.
  AR=(--units "$ROOT/data/arkansas/units.csv" --edges "$ROOT/data/arkansas/edges.csv" --attribute population --min 3000 --max 5500)
  check partition_arkansas 1 "$BIN" partition "${AR[@]}" --out "$T/ar.csv" --report "$T/ar.json"
  json partition_arkansas_proofs "$T/ar.json" 'sorted((i["community"], i["status"], i["witness"]["unit"], i["witness"]["weight"], i["witness"]["neighbours_min"], i["witness"]["neighbours_max"], i["witness"]["reach"]) for i in d["summary"]["infeasible"])==[("05007","proven_infeasible","050070209041",2807,3118,3236,5925),("05085","proven_infeasible","050850201032",2945,2613,4569,5558)]'
  json partition_arkansas_rest_valid "$T/ar.json" 'd["stats"]["pieces_planned"]==73 and d["stats"]["pieces_undecided"]==0 and d["summary"]["contiguous"] and d["summary"]["nested"] and all(g["within_bounds"] or g["community"] in ("05007","05085") for g in d["grids"]) and sum(1 for g in d["grids"] if not g["within_bounds"])==2'
  check partition_arkansas_validate 1 "$BIN" validate "${AR[@]}" --plan "$T/ar.csv"
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
# Outputs whole or not at all; inputs that are not regular files (issue 11).
if "$BIN" --help | grep -q "^  partition"; then
  check big_city 0 "$BIN" synth --units 100000 --seed 2 --out-units "$T/bu.csv" --out-edges "$T/be.csv"
  W=$T/writes && mkdir -p "$W"
  printf 'old plan\n' >"$W/p.csv" && printf 'old report\n' >"$W/r.json" && printf 'old grids\n' >"$W/g.geojson"
  BIG=(--units "$T/bu.csv" --edges "$T/be.csv" --out "$W/p.csv" --report "$W/r.json" --geojson "$W/g.geojson" --quiet)
  # A size limit (as a full disk): exit 4, every old file intact, nothing left behind.
  check write_size_limit 4 bash -c 'ulimit -f 200; exec "$0" partition "$@"' "$BIN" "${BIG[@]}"
  contains write_size_limit_says "$T/err" "file too large"
  if [ "$(cat "$W/p.csv" "$W/r.json" "$W/g.geojson")" = "$(printf 'old plan\nold report\nold grids')" ] &&
     [ "$(ls "$W" | wc -l)" = 3 ]; then pass=$((pass + 1)); else echo "FAIL write_size_limit_left_old_files: $(ls "$W")"; fails=$((fails + 1)); fi
  check write_dev_full 4 "$BIN" partition "${V[@]}" --out /dev/full --quiet
  contains write_dev_full_says "$T/err" "no space left"
  # Killed at random moments: each file is the old one or a whole new one, no temporary is left.
  n_units=$(($(wc -l <"$T/bu.csv") - 1))
  killed_ok=1
  for delay in 0.02 0.05 0.08 0.11 0.14 0.17 0.2 0.25 0.3 0.4; do
    "$BIN" partition "${BIG[@]}" 2>/dev/null &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if [ "$(ls "$W" | wc -l)" != 3 ]; then echo "  left behind: $(ls "$W")"; killed_ok=0; fi
    if [ "$(cat "$W/p.csv")" != "old plan" ] && [ "$(($(wc -l <"$W/p.csv") - 1))" != "$n_units" ]; then echo "  partial plan"; killed_ok=0; fi
    if [ "$(cat "$W/r.json")" != "old report" ] && ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$W/r.json" 2>/dev/null; then echo "  partial report"; killed_ok=0; fi
    if [ "$(cat "$W/g.geojson")" != "old grids" ] && ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$W/g.geojson" 2>/dev/null; then echo "  partial geojson"; killed_ok=0; fi
  done
  if [ "$killed_ok" = 1 ]; then pass=$((pass + 1)); else echo "FAIL write_killed_whole_or_old"; fails=$((fails + 1)); fi
  check write_after_kills 0 "$BIN" partition "${BIG[@]}"
  if [ "$(($(wc -l <"$W/p.csv") - 1))" = "$n_units" ] && [ "$(ls "$W" | wc -l)" = 3 ]; then pass=$((pass + 1)); else echo "FAIL write_after_kills_whole"; fails=$((fails + 1)); fi
  # Inputs: a folder, /dev/zero, a FIFO that no one writes.
  check input_folder 4 "$BIN" partition --units "$T" --edges "$S/edges.csv" --out "$T/px.csv"
  contains input_folder_says "$T/err" "is a directory"
  check input_dev_zero 1 "$BIN" partition --units /dev/zero --edges "$S/edges.csv" --out "$T/px.csv"
  contains input_dev_zero_says "$T/err" "/dev/zero:1: column 1: a NUL byte"
  rm -f "$T/lonely.fifo" && mkfifo "$T/lonely.fifo"
  check input_fifo_no_writer 4 env GRIDGOV_FIFO_WAIT=1 "$BIN" partition --units "$S/units.csv" --edges "$T/lonely.fifo" --out "$T/px.csv"
  contains input_fifo_no_writer_says "$T/err" "nothing wrote to within 1 s"
fi
if "$BIN" --help | grep -q "^  convert"; then
  check convert_to_scenario 0 "$BIN" convert --from "$S/units.csv" --from-format csv --edges "$S/edges.csv" --to-scenario "$T/sc.json"
  check convert_back 0 "$BIN" convert --from "$T/sc.json" --to-units "$T/cu.csv" --to-edges "$T/ce.csv"
  check convert_roundtrip_validates 1 "$BIN" validate --units "$T/cu.csv" --edges "$T/ce.csv" --plan "$S/plan.csv"
  # Whole or not at all: one output that cannot be written leaves none of the others.
  check convert_all_or_nothing 4 "$BIN" convert --from "$S/units.csv" --edges "$S/edges.csv" --plan "$S/plan.csv" \
    --to-units "$T/aon_u.csv" --to-edges "$T/aon_e.csv" --to-plan "$T/no_such_folder/p.csv"
  if [ ! -e "$T/aon_u.csv" ] && [ ! -e "$T/aon_e.csv" ]; then pass=$((pass + 1)); else echo "FAIL convert_all_or_nothing_none_written"; fails=$((fails + 1)); fi
  check convert_to_geojson 0 "$BIN" convert --from "$S/units.csv" --from-format csv --edges "$S/edges.csv" --plan "$S/plan.csv" --to-geojson "$T/plan.geojson"
  json convert_geojson_features "$T/plan.geojson" 'd["type"]=="FeatureCollection" and len(d["features"]) == 1658'
  printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}}]}' >"$T/bad.geojson"
  check convert_bad_geojson 1 "$BIN" convert --from "$T/bad.geojson" --to-units "$T/x.csv" --to-edges "$T/y.csv"
  contains convert_bad_geojson_msg "$T/err" "bad.geojson"
  # A polygon that crosses itself is rejected naming the feature; one far-off feature warns of no edges.
  printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","households":1,"population":1,"community":"c"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}]}' >"$T/bow.geojson"
  check convert_self_crossing 1 "$BIN" convert --from "$T/bow.geojson" --to-units "$T/x.csv" --to-edges "$T/y.csv"
  contains convert_self_crossing_msg "$T/err" "feature 1 (id 'a'): polygon crosses itself"
  python3 - "$T/far.geojson" <<'PY'
import json, sys
sq = lambda x, y, w: [[[x, y], [x + w, y], [x + w, y + w], [x, y + w], [x, y]]]
f = [{"type": "Feature", "properties": {"id": f"{r}_{c}", "households": 1, "population": 1, "community": "c"},
      "geometry": {"type": "Polygon", "coordinates": sq(c, r, 1)}} for r in range(4) for c in range(4)]
f.append({"type": "Feature", "properties": {"id": "far", "households": 1, "population": 1, "community": "c"},
          "geometry": {"type": "Polygon", "coordinates": sq(1e15, 0, 8)}})
json.dump({"type": "FeatureCollection", "features": f}, open(sys.argv[1], "w"))
PY
  check convert_far_feature 0 "$BIN" convert --from "$T/far.geojson" --to-units "$T/x.csv" --to-edges "$T/y.csv"
  contains convert_far_feature_warns "$T/err" "no two units are adjacent"
  # CRS end to end: GeoJSON outputs state the CRS (--crs, or the input's); unknown planar
  # coordinates are never written as if they were longitude/latitude.
  crs_is convert_geojson_unknown_crs "$T/plan.geojson" 'crs is not None and not crs.is_geographic and "unknown" in crs.name'
  check convert_geojson_unknown_crs_again 0 "$BIN" convert --from "$S/units.csv" --edges "$S/edges.csv" --to-geojson "$T/plan2.geojson"
  contains convert_geojson_unknown_crs_warns "$T/err" "give --crs"
  check convert_geojson_crs 0 "$BIN" convert --from "$S/units.csv" --edges "$S/edges.csv" --plan "$S/plan.csv" --crs EPSG:32648 \
    --to-geojson "$T/plan32648.geojson" --to-grids-geojson "$T/grids32648.geojson" --to-scenario "$T/sc32648.json"
  crs_is convert_geojson_crs_read "$T/plan32648.geojson" 'crs.to_epsg() == 32648'
  crs_is convert_grids_geojson_crs_read "$T/grids32648.geojson" 'crs.to_epsg() == 32648'
  # The CRS travels through the GeoJSON and the scenario: read back and written again, no --crs needed.
  check convert_geojson_crs_again 0 "$BIN" convert --from "$T/sc32648.json" --to-geojson "$T/again.geojson"
  crs_is convert_geojson_crs_again_read "$T/again.geojson" 'crs.to_epsg() == 32648'
  check convert_bad_crs 1 "$BIN" convert --from "$S/units.csv" --edges "$S/edges.csv" --crs foo --to-geojson "$T/never.geojson"
  contains convert_bad_crs_msg "$T/err" "'foo' names no CRS"
  check partition_unknown_crs 1 "$BIN" partition --units "$S/units.csv" --edges "$S/edges.csv" --crs EPSG:999999 --out "$T/never.csv"
  if [ ! -e "$T/never.geojson" ] && [ ! -e "$T/never.csv" ]; then pass=$((pass + 1)); else echo "FAIL bad_crs_nothing_written"; fails=$((fails + 1)); fi
  check convert_geojson_crs_conflict 1 "$BIN" convert --from "$T/sc32648.json" --crs EPSG:4326 --to-units "$T/x.csv"
  contains convert_geojson_crs_conflict_msg "$T/err" "EPSG:32648"
  check partition_geojson_crs 0 "$BIN" partition --units "$S/units.csv" --edges "$S/edges.csv" --min 1 --max 100000 \
    --out "$T/pc.csv" --geojson "$T/pc.geojson" --crs EPSG:32648 --quiet
  crs_is partition_geojson_crs_read "$T/pc.geojson" 'crs.to_epsg() == 32648'
  # Grid features carry their workload (hours per week), as gridgov workload computes it.
  check grids_workload_config 0 "$BIN" convert --from "$S/units.csv" --edges "$S/edges.csv" --plan "$S/plan.csv" \
    --workload-config "$S/workload.json" --to-grids-geojson "$T/gw.geojson" --crs EPSG:32648
  check grids_workload_reference 0 "$BIN" workload --units "$S/units.csv" --edges "$S/edges.csv" --plan "$S/plan.csv" \
    --config "$S/workload.json" --out-csv "$T/gw.csv" --quiet
  if python3 - "$T/gw.geojson" "$T/gw.csv" <<'PY'
import csv, json, sys
w = {r["code"]: float(r["total"]) for r in csv.DictReader(open(sys.argv[2]))}
f = json.load(open(sys.argv[1]))["features"]
assert len(f) == len(w) and all(abs(x["properties"]["workload"] - w[x["properties"]["grid"]]) < 1e-6 for x in f)
assert len({round(x["properties"]["workload"], 6) for x in f}) > 1
PY
  then pass=$((pass + 1)); else echo "FAIL grids_workload_matches"; fails=$((fails + 1)); fi
  json partition_geojson_workload "$T/pc.geojson" 'all(f["properties"]["workload"] > 0 for f in d["features"])'
  # Planar polygons named by their CRS: lengths in metres, not taken for degrees (a 1 m lattice in EPSG:32648).
  python3 - "$T/lat32648.geojson" <<'PY'
import json, sys
sq = lambda x, y: [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]
f = [{"type": "Feature", "properties": {"id": f"{r}_{c}", "households": 1, "community": "c"},
      "geometry": {"type": "Polygon", "coordinates": sq(c, r)}} for r in range(3) for c in range(3)]
json.dump({"type": "FeatureCollection", "features": f}, open(sys.argv[1], "w"))
PY
  check convert_planar_crs 0 "$BIN" convert --from "$T/lat32648.geojson" --crs EPSG:32648 --to-networkx "$T/lat.json" --to-geojson "$T/lat_out.geojson"
  json convert_planar_crs_lengths "$T/lat.json" 'all(abs(e["shared_perim"] - 1) < 1e-9 for a in d["adjacency"] for e in a) and d["graph"] == [["crs", "EPSG:32648"]]'
  crs_is convert_planar_crs_read "$T/lat_out.geojson" 'crs.to_epsg() == 32648'
  check convert_lonlat_assumed 0 "$BIN" convert --from "$T/lat32648.geojson" --to-units "$T/x.csv" --to-edges "$T/y.csv"
  contains convert_lonlat_assumed_notes "$T/err" "taken as such (RFC 7946): give --crs"
fi

# Files as people save them (issue 11): GBK from Excel on a Chinese Windows,
# Chinese headers, codes in scientific notation, workbooks, stray bytes.
if "$BIN" --help | grep -q "^  partition"; then
  python3 - "$S/units.csv" "$T" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
names = {c: f"城关区{i}号社区" for i, c in enumerate(sorted({r["community"] for r in rows}))}
def write(path, encoding, header, codes):
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(header + "\r\n")
        for r in rows:
            f.write(f"{r['id']},{r['x']},{r['y']},{r['households']},{r['population']},{codes(r['community'])}\r\n")
write(sys.argv[2] + "/u_gbk.csv", "gbk", "编号,x,y,户数,人口,社区", names.get)
write(sys.argv[2] + "/u_zh.csv", "utf-8-sig", "编号,x,y,户数,人口,社区", str)
with open(sys.argv[2] + "/communities.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(sorted(names.values())) + "\n")
PY
  ZH=(--columns "id=编号,households=户数,population=人口,community=社区")
  check enc_gbk_partition 0 "$BIN" partition --units "$T/u_gbk.csv" --edges "$S/edges.csv" "${ZH[@]}" --out "$T/pg.csv" --report "$T/pg.json" --seed 3
  contains enc_gbk_note "$T/err" "read as GB18030"
  json enc_gbk_report "$T/pg.json" 'd["summary"]["valid"] is True and d["summary"]["units"] == 1658'
  # Every grid code starts with its community's name, decoded right (the plan is UTF-8).
  python3 - "$T/pg.csv" "$T/communities.txt" >"$T/pg.check" 2>&1 <<'PY'
import csv, sys
names = set(open(sys.argv[2], encoding="utf-8").read().split())
grids = {r["grid"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8", errors="strict"))}
bad = [g for g in grids if g.rsplit("-", 1)[0] not in names]
print("ok" if grids and not bad else f"bad grid codes: {bad[:3]}")
PY
  contains enc_gbk_community_codes "$T/pg.check" "ok"
  # --encoding gbk for the units; the plan gridgov wrote is UTF-8 and read so.
  check enc_gbk_validate 0 "$BIN" validate --units "$T/u_gbk.csv" --edges "$S/edges.csv" --encoding gbk "${ZH[@]}" --plan "$T/pg.csv"
  contains enc_gbk_validate_note "$T/err" "pg.csv: valid UTF-8"
  check enc_gbk_named_utf8 1 "$BIN" validate --units "$T/u_gbk.csv" --edges "$S/edges.csv" --encoding utf-8 "${ZH[@]}" --plan "$T/pg.csv"
  contains enc_gbk_named_utf8_msg "$T/err" "u_gbk.csv:1: not valid UTF-8 at line 1, column 1"
  # The divisions file saved by Excel in China: the same hierarchy, with a note.
  python3 -c "import sys; open(sys.argv[2],'w',encoding='gb18030',newline='').write(open(sys.argv[1],encoding='utf-8').read())" "$ROOT/data/lanzhou/divisions.csv" "$T/div_gbk.csv"
  check enc_gbk_hierarchy 0 "$BIN" hierarchy "$T/div_gbk.csv" --json
  cp "$T/out" "$T/hg.json"
  json enc_gbk_hierarchy_counts "$T/hg.json" 'd["levels"]=={"city":1,"county":9,"street":116,"community":1177} and d["errors"]==[]'
  contains enc_gbk_hierarchy_note "$T/err" "read as GB18030"
  check enc_bad_encoding_name 2 "$BIN" validate "${V[@]}" --plan "$S/plan.csv" --encoding latin-9
  # Chinese headers (UTF-8 with a BOM) mapped with --columns: the same plan as the original file.
  check enc_columns_partition 0 "$BIN" partition --units "$T/u_zh.csv" --edges "$S/edges.csv" "${ZH[@]}" --out "$T/pz.csv" --seed 3 --quiet
  check enc_columns_partition_ref 0 "$BIN" partition "${V[@]}" --out "$T/pref.csv" --seed 3 --quiet
  if cmp -s "$T/pz.csv" "$T/pref.csv"; then pass=$((pass + 1)); else echo "FAIL enc_columns_same_plan"; fails=$((fails + 1)); fi
  check enc_columns_report 0 "$BIN" report --units "$T/u_zh.csv" --edges "$S/edges.csv" "${ZH[@]}" --plan "$T/pz.csv"
  check enc_columns_missing 1 "$BIN" partition --units "$T/u_zh.csv" --edges "$S/edges.csv" --out "$T/never.csv"
  contains enc_columns_missing_msg "$T/err" "--columns"
  check enc_columns_bad_spec 2 "$BIN" partition "${V[@]}" --out "$T/never.csv" --columns "id"
  # Codes Excel turned into 6.20102E+11: rejected with the line, nothing written.
  sed '5s/620102001001/6.20102E+11/' "$S/units.csv" >"$T/u_sci.csv"
  check enc_scientific 1 "$BIN" partition --units "$T/u_sci.csv" --edges "$S/edges.csv" --out "$T/psci.csv"
  contains enc_scientific_msg "$T/err" "u_sci.csv:5: community '6.20102E+11' is in scientific notation"
  [ ! -e "$T/psci.csv" ] && pass=$((pass + 1)) || { echo "FAIL enc_scientific_no_output"; fails=$((fails + 1)); }
  # Bytes no encoding reads: file, line and column.
  { head -7 "$S/units.csv"; printf 'B99999,1,2,3,4,62\xff\x80\n'; } >"$T/u_bytes.csv"
  check enc_bad_bytes 1 "$BIN" partition --units "$T/u_bytes.csv" --edges "$S/edges.csv" --out "$T/pb.csv"
  contains enc_bad_bytes_msg "$T/err" "u_bytes.csv:8: not valid UTF-8 at line 8, column 18 (byte 0xFF), nor GB18030"
  # An .xlsx given for CSV: said so, with how to convert.
  python3 -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1],'w').writestr('[Content_Types].xml','<Types/>')" "$T/u.xlsx"
  check enc_xlsx 1 "$BIN" partition --units "$T/u.xlsx" --edges "$S/edges.csv" --out "$T/px.csv"
  contains enc_xlsx_msg "$T/err" "Excel workbook (.xlsx)"
  check enc_xlsx_convert 1 "$BIN" convert --from "$T/u.xlsx" --edges "$S/edges.csv" --to-scenario "$T/x.json"
  contains enc_xlsx_convert_msg "$T/err" "CSV UTF-8"
fi
if "$BIN" --help | grep -q "^  convert"; then
  # A GerryChain-style graph: households under another name, coordinates only
  # as census internal points (strings). The mapped column lands as
  # "households", so partition reads the units written, and grids report it.
  check enc_nx_write 0 "$BIN" convert --from "$S/units.csv" --from-format csv --edges "$S/edges.csv" --to-networkx "$T/nx.json"
  python3 - "$T/nx.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for n in d["nodes"]:
    n["tot_pop_20"] = n.pop("households")
    n.pop("population", None)
    n["INTPTLON20"] = "%+.7f" % (103.0 + (n.pop("x") - 499000) / 1e5)
    n["INTPTLAT20"] = "%+.7f" % (36.0 + (n.pop("y") - 3989000) / 1e5)
    n.pop("C_X", None); n.pop("C_Y", None)
json.dump(d, open(sys.argv[1], "w"))
PY
  check enc_nx_convert 0 "$BIN" convert --from "$T/nx.json" --households tot_pop_20 --to-units "$T/nxu.csv" --to-edges "$T/nxe.csv"
  head -1 "$T/nxu.csv" >"$T/nxu.head"; contains enc_nx_households_column "$T/nxu.head" ",households"
  python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); print('coords ok' if len({(x['x'],x['y']) for x in r})==len(r) and all(x['x']!='0' for x in r) else 'coords lost')" "$T/nxu.csv" >"$T/nxu.check"
  contains enc_nx_coordinates "$T/nxu.check" "coords ok"
  check enc_nx_partition 0 "$BIN" partition --units "$T/nxu.csv" --edges "$T/nxe.csv" --out "$T/nxp.csv" --report "$T/nxp.json" --seed 3
  check enc_nx_grids 0 "$BIN" convert --from "$T/nx.json" --households tot_pop_20 --plan "$T/nxp.csv" --to-grids-geojson "$T/nxg.geojson"
  json enc_nx_grid_households "$T/nxg.geojson" 'all(f["properties"]["households"] >= 300 for f in d["features"])'
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); [n.pop('INTPTLON20') for n in d['nodes']]; json.dump(d, open(sys.argv[2],'w'))" "$T/nx.json" "$T/nx0.json"
  check enc_nx_no_coordinates 1 "$BIN" convert --from "$T/nx0.json" --households tot_pop_20 --to-units "$T/x.csv"
  contains enc_nx_no_coordinates_msg "$T/err" "no coordinates"
  check enc_nx_named_coordinates 0 "$BIN" convert --from "$T/nx0.json" --households tot_pop_20 --x INTPTLAT20 --y INTPTLAT20 --to-units "$T/x.csv"
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
  # The people file as Excel saves it on a Chinese Windows (GB18030, skills in Chinese): the same staffing.
  python3 -c 'import sys; t=open(sys.argv[1],encoding="utf-8").read().replace(",mediation", ",调解"); open(sys.argv[2],"w",encoding="gb18030").write(t)' "$S/people.csv" "$T/people_gbk.csv"
  check staff_gbk_people 1 "$BIN" staff "${V[@]}" --plan "$T/p.csv" --people "$T/people_gbk.csv" --report "$T/stg.json"
  contains staff_gbk_people_note "$T/err" "GB18030"
  json staff_gbk_same_summary "$T/stg.json" 'd["summary"]["people_assigned"] == json.load(open(sys.argv[1].replace("stg", "st")))["summary"]["people_assigned"]'
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

if "$BIN" --help | grep -q "^  ensemble" && [ -s "$T/p.csv" ]; then
  check ensemble_run 0 "$BIN" ensemble "${V[@]}" --plan "$T/p.csv" --steps 300 --chains 2 --seed 3 --out "$T/ens.csv" --report "$T/ens.json" --plans-out "$T/ens.bin"
  contains ensemble_header "$T/ens.csv" "chain,step,accepted,plan_hash,cut_edges,mean_cut_edge_ratio,households_spread"
  json ensemble_report "$T/ens.json" 'd["summary"]["samples"] == 600 and 0 < d["summary"]["acceptance_rate"] <= 1 and all(0 <= t["percentile"] <= 1 for t in d["overall"]) and len(d["diagnostics"]) == 3 and d["diagnostics"][0]["gelman_rubin"] > 0'
  check ensemble_threads 0 "$BIN" ensemble "${V[@]}" --plan "$T/p.csv" --steps 300 --chains 2 --threads 2 --seed 3 --out "$T/ens2.csv"
  check ensemble_burn_in 0 "$BIN" ensemble "${V[@]}" --plan "$T/p.csv" --steps 300 --burn-in 100 --thin 10 --chains 1 --report "$T/ensb.json"
  json ensemble_burn_in_samples "$T/ensb.json" 'd["summary"]["samples"] == 20 and d["chains"][0]["steps"] == 300' 
  check ensemble_same_bytes 0 cmp "$T/ens.csv" "$T/ens2.csv"
  check ensemble_workload_sim 0 "$BIN" ensemble "${V[@]}" --plan "$T/p.csv" --steps 100 --workload "$S/workload.json" --simulate --sim-plans 2 --replications 1 --days 30 --report "$T/ensw.json"
  json ensemble_workload_scores "$T/ensw.json" '"workload_gini" in d["summary"]["scores"] and 0 <= d["outcomes"]["resolution_percentile"] <= 1 and len(d["outcomes"]["plans"]) == 2'
  check ensemble_invalid_plan 1 "$BIN" ensemble "${V[@]}" --plan "$S/plan.csv" --steps 10
  contains ensemble_invalid_plan_msg "$T/err" "starting plan breaks the rules"
  check ensemble_parquet 1 "$BIN" ensemble "${V[@]}" --plan "$T/p.csv" --steps 10 --out "$T/e.parquet"
  contains ensemble_parquet_msg "$T/err" "CSV only"
  check ensemble_bad_proposal 2 "$BIN" ensemble "${V[@]}" --plan "$T/p.csv" --proposal flip
  check ensemble_bad_lock 1 "$BIN" ensemble "${V[@]}" --plan "$T/p.csv" --lock-grid nosuchgrid
  check help_ensemble 0 "$BIN" ensemble --help
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
  json build_report "$T/br.json" 'd["crs"]=="EPSG:32648" and d["units"]==6 and d["enclosures"]==2 and d["households"]["non_residential"]==1 and d["households"]["estimated_floors_from_field"]==5 and d["outside_community"]==["b2","b5"] and d["options"]["floors"]=="levels" and d["options"]["residential"]==["house"] and d["options"]["tessellation"]["max_distance"]==100'
  # No edge across the street: b0-b2 below it, b3-b5 above it.
  if python3 -c "import csv,sys; e=[(r['u'],r['v']) for r in csv.DictReader(open(sys.argv[1]))]; assert e and all((int(u[1])<3)==(int(v[1])<3) for u,v in e), e" "$T/be.csv"; then pass=$((pass + 1)); else echo "FAIL build_street_separates"; fails=$((fails + 1)); fi
  contains build_units_community "$T/bu.csv" "620102001001"
  check build_geojson_cells 0 "$BIN" build "${B[@]}" --out-cells "$T/bc.geojson"
  contains build_geojson_crs "$T/bc.geojson" "32648"
  # A projected CRS with no EPSG code (a local transverse Mercator): GDAL would write no "crs" member.
  check build_geojson_custom_crs 0 "$BIN" build "${B[@]}" --crs "+proj=tmerc +lon_0=103.8 +ellps=GRS80 +units=m +no_defs" \
    --out-cells "$T/bc_tm.geojson" --out-units "$T/bu_tm.csv" --out-edges "$T/be_tm.csv"
  crs_is build_geojson_custom_crs_read "$T/bc_tm.geojson" 'crs is not None and crs.is_projected and "103.8" in crs.to_wkt()'
  check build_custom_crs_grids 0 "$BIN" partition --units "$T/bu_tm.csv" --edges "$T/be_tm.csv" --min 1 --max 30 --nest none \
    --out "$T/bp_tm.csv" --cells "$T/bc_tm.geojson" --out-grids "$T/bg_tm.geojson"
  crs_is build_custom_crs_grids_read "$T/bg_tm.geojson" 'crs is not None and crs.is_projected and "103.8" in crs.to_wkt()'
  # Grid polygons: the cells of each grid dissolved, with the grid's code, households and community.
  check build_partition_grids 0 "$BIN" partition --units "$T/bu.csv" --edges "$T/be.csv" --min 1 --max 30 --nest none \
    --out "$T/bp.csv" --cells "$T/bc.gpkg" --out-grids "$T/bg.geojson" --geojson "$T/bpg.geojson"
  crs_is build_partition_geojson_crs_from_cells "$T/bpg.geojson" 'crs.to_epsg() == 32648'
  json build_grids "$T/bg.geojson" 'len(d["features"]) >= 2 and all(f["properties"]["parts"] == 1 and f["properties"]["workload"] > 0 and f["properties"]["households"] >= 1 and f["geometry"]["type"] == "MultiPolygon" for f in d["features"]) and "32648" in json.dumps(d.get("crs"))'
  check build_convert_grids 0 "$BIN" convert --from "$T/bu.csv" --edges "$T/be.csv" --plan "$T/bp.csv" --cells "$T/bc.gpkg" --to-grids "$T/bg3.gpkg"
  contains build_convert_grids_out "$T/out" "wrote $T/bg3.gpkg"
  check build_grids_bad_cells 1 "$BIN" partition --units "$T/bu.csv" --edges "$T/be.csv" --min 1 --max 30 --nest none \
    --out "$T/bp2.csv" --cells "$T/b.geojson" --out-grids "$T/bg2.geojson"
  if [ ! -e "$T/bp2.csv" ] && [ ! -e "$T/bg2.geojson" ]; then pass=$((pass + 1)); else echo "FAIL build_grids_nothing_written"; fails=$((fails + 1)); fi
  for ext in shp fgb; do
    check "build_cells_$ext" 0 "$BIN" build "${B[@]}" --out-cells "$T/cells_$ext.$ext"
    if python3 -c "import pyogrio,sys; d=pyogrio.read_dataframe(sys.argv[1]); assert len(d)==6 and d.crs.to_epsg()==32648 and d.geometry.is_valid.all()" "$T/cells_$ext.$ext"; then pass=$((pass + 1)); else echo "FAIL build_cells_${ext}_read"; fails=$((fails + 1)); fi
  done
  check build_missing_field 1 "$BIN" build --buildings "$T/b.geojson" --id-field nope --out-units "$T/nw.csv"
  contains build_missing_field_msg "$T/err" "has no field 'nope'"
  check build_duplicate_id 1 "$BIN" build --buildings "$T/dup.geojson" --id-field bid --out-units "$T/nw.csv" --out-cells "$T/nw.gpkg"
  contains build_duplicate_id_msg "$T/err" "duplicate id 'b0'"
  if [ ! -e "$T/nw.csv" ] && [ ! -e "$T/nw.gpkg" ]; then pass=$((pass + 1)); else echo "FAIL build_nothing_written"; fails=$((fails + 1)); fi
  check build_bad_file 1 "$BIN" build --buildings "$T/none.gpkg" --out-units "$T/x.csv"
  check build_no_output 2 "$BIN" build --buildings "$T/b.geojson"
  # Point units (the sample's CSV): grids from the Voronoi cells of the points,
  # within --cell-distance; they tile (no two overlap), one per grid, in the CRS given.
  check grids_from_points 0 "$BIN" partition --units "$S/units.csv" --edges "$S/edges.csv" --crs EPSG:32648 \
    --cell-distance 80 --out "$T/pp.csv" --out-grids "$T/pg.gpkg" --geojson "$T/pg.geojson"
  for f in pg.gpkg pg.geojson; do
    if python3 -c "
import sys, pyogrio, shapely, csv
d = pyogrio.read_dataframe(sys.argv[1]); g = d.geometry.values
grids = {r['grid'] for r in csv.DictReader(open(sys.argv[2]))}
a, b = shapely.STRtree(g).query(g, predicate='intersects'); k = a < b
worst = max([g[i].intersection(g[j]).area for i, j in zip(a[k], b[k])] + [0])
assert len(d) == len(grids) and d.crs.to_epsg() == 32648 and shapely.is_valid(g).all() and worst < 0.05, (len(d), len(grids), worst)
" "$T/$f" "$T/pp.csv"; then pass=$((pass + 1)); else echo "FAIL grids_from_points_tile_$f"; fails=$((fails + 1)); fi
  done
  check convert_grids_from_points 0 "$BIN" convert --from "$S/units.csv" --edges "$S/edges.csv" --plan "$T/pp.csv" \
    --crs EPSG:32648 --to-grids "$T/cg.fgb"
  if python3 -c "import sys, pyogrio; d = pyogrio.read_dataframe(sys.argv[1]); assert d.geometry.is_valid.all() and (d['parts'] >= 1).all() and d.crs.to_epsg() == 32648" "$T/cg.fgb"; then pass=$((pass + 1)); else echo "FAIL convert_grids_from_points_read"; fails=$((fails + 1)); fi
  # Metres in a GeoJSON without a "crs" member (read as lon/lat): refused at
  # once, naming the feature, instead of tessellating a continent.
  printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"bid":"m1"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[12,0],[12,10],[0,10],[0,0]]]}}]}' >"$T/metres.geojson"
  check build_wrong_crs 1 "$BIN" build --buildings "$T/metres.geojson" --id-field bid --out-units "$T/wc.csv" --out-cells "$T/wc.gpkg"
  contains build_wrong_crs_msg "$T/err" "feature 0 (id 'm1'): a footprint of"
  contains build_wrong_crs_hint "$T/err" "larger than any building"
  if [ ! -e "$T/wc.csv" ] && [ ! -e "$T/wc.gpkg" ]; then pass=$((pass + 1)); else echo "FAIL build_wrong_crs_nothing_written"; fails=$((fails + 1)); fi
fi

echo "$pass passed, $fails failed"
[ "$fails" = 0 ]
