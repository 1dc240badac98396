#!/usr/bin/env bash
# One entry point for the two README commands. Creates its own virtual environment (.venv),
# installs the project into it, then runs the requested job.
#   ./dev.sh build [kg build options]   set up + build the graph from data/raw/ into build/
#   ./dev.sh test  [pytest options]     set up (with dev extras) + run the test suite
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
VENV=.venv

setup() {
    local extras=$1
    if [ ! -x "$VENV/bin/python" ]; then
        "$PY" -m venv "$VENV"
    fi
    local stamp="$VENV/.installed-$extras"
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        if [ "$extras" = dev ]; then
            "$VENV/bin/python" -m pip install --quiet -e ".[dev]"
        else
            "$VENV/bin/python" -m pip install --quiet -e .
        fi
        touch "$stamp"
    fi
}

cmd=${1:-}
shift || true
case "$cmd" in
    build)
        setup main
        "$VENV/bin/kg" build "$@"
        ;;
    test)
        setup dev
        "$VENV/bin/python" -m pytest "$@"
        ;;
    *)
        echo "usage: ./dev.sh build|test [options]" >&2
        exit 2
        ;;
esac
