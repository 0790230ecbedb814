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

echo "$pass passed, $fails failed"
[ "$fails" = 0 ]
