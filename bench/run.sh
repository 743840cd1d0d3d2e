#!/usr/bin/env bash
# The bench: regflow against Graphviz dot, ProcessPiper and bpmn-auto-layout.
#   bench/run.sh            full run (all sizes, models/, MIWG files): writes bench/results.md
#   bench/run.sh --smoke    smallest size, one run per tool (CI)
# Any other option goes to bench/bench.py (--sizes, --tools, --runs, --timeout, --draw).
# Installs what it needs, outside the test set-up: Graphviz from Debian,
# ProcessPiper in bench/.venv, bpmn-auto-layout in bench/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi

if ! command -v dot >/dev/null; then
  echo "bench: installing graphviz" >&2
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq graphviz >/dev/null; }; then
    echo "bench: could not install graphviz; its rows will say so" >&2
  fi
fi

if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
fi
if ! bench/.venv/bin/python -c "import processpiper" 2>/dev/null; then
  echo "bench: installing processpiper into bench/.venv" >&2
  bench/.venv/bin/pip install -q --disable-pip-version-check processpiper==0.8.1 ||
    echo "bench: could not install processpiper; its rows will say so" >&2
fi

if command -v npm >/dev/null && [ ! -d bench/node_modules/bpmn-auto-layout ]; then
  echo "bench: installing bpmn-auto-layout into bench/node_modules" >&2
  (cd bench && npm ci --no-audit --no-fund --loglevel=error) ||
    echo "bench: could not install bpmn-auto-layout; its rows will say so" >&2
fi

cargo build --release --quiet
exec bench/.venv/bin/python bench/bench.py "$@"
