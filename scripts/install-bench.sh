#!/usr/bin/env bash
# Installs the peers that benchmarks/bench_partition_peers.py runs gridgov
# against, on Debian, as root:
#   Debian's `metis` (the gpmetis command, METIS 5.1) and `time` (GNU time), and, from PyPI,
#   pymetis, gerrychain, spopt (+ libpysal, geopandas) and psutil.
# Safe to run again: it only installs what is missing.
#   scripts/install-bench.sh
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

# metis: the gpmetis command; time: GNU time, which measures each child's peak memory
if ! command -v gpmetis >/dev/null || [ ! -x /usr/bin/time ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends metis time
fi

PY=${PYTHON:-python3}
export PIP_BREAK_SYSTEM_PACKAGES=1  # Debian's own python3 is "externally managed"
"$PY" -m pip install -q pymetis gerrychain spopt libpysal geopandas psutil numpy networkx scipy
"$PY" - <<'PYEOF'
import importlib
from importlib.metadata import version
for m in ("pymetis", "gerrychain", "spopt", "libpysal", "geopandas", "psutil"):
    importlib.import_module(m)  # fails loudly if the install is broken
    print(f"{m:11s} {version(m)}")
PYEOF
echo "gpmetis    $(dpkg-query -W -f='${Version}' metis) ($(command -v gpmetis))"
