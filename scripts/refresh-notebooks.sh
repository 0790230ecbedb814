#!/usr/bin/env bash
# Re-executes the notebooks at full size with this tree's build, writes them
# back with their outputs (notebooks/make_notebooks.py), then checks them:
# tests/python/test_notebooks.py with every notebook run again at full size,
# so a figure that moves from one run to the next shows up too. Each
# notebook's headline figures are printed; where README.md or a notebook's
# own text quotes one that changed, the check names the quote to update
# (README.md, or the text in notebooks/make_notebooks.py, then run this again).
#   bash scripts/refresh-notebooks.sh                 every notebook
#   bash scripts/refresh-notebooks.sh 03_redesign     only these
#   GRIDGOV_SKIP_INSTALL=1 bash scripts/refresh-notebooks.sh   with the gridgov already installed
# 06_peers needs the peers installed (scripts/install-deps.sh, or pip install ".[peers]").
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_BREAK_SYSTEM_PACKAGES=1

if [ "${GRIDGOV_SKIP_INSTALL:-0}" != 1 ]; then
  echo "== installing this tree's build (pip install .)"
  python3 -m pip install --no-build-isolation -q .
fi
echo "== gridgov from $(cd /tmp && python3 -c 'import gridgov; print(gridgov.__file__)')"

echo "== executing the notebooks at full size"
unset GRIDGOV_NOTEBOOK_SIZE
python3 notebooks/make_notebooks.py "$@"

echo "== checking them (run again at full size; README.md and the notebooks' text quote their figures)"
select=()
if [ "$#" -gt 0 ]; then
  select=(-k "$(printf ' or %s' "$@" | cut -c5-) or readme")
fi
cd tests/python
GRIDGOV_NOTEBOOK_SIZE=full python3 -m pytest -q -p no:cacheprovider test_notebooks.py "${select[@]}"
