#!/usr/bin/env bash
# Create (or reuse) the project's virtual environment in .venv and print its python's path.
#
# Finds a Python >= 3.12 by itself: $PYTHON if set, then python3.13, python3.12, python3 on PATH, then
# pyenv's versions (~/.pyenv/versions/3.1[2-9]*). Installs the three libraries editable, plus the dev
# extras of the root pyproject.toml. The install is redone only when a pyproject.toml or this script
# changes (a stamp in .venv records them).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${VENV:-$root/.venv}"

python_ok() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
    local candidates=()
    [ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
    candidates+=(python3.13 python3.12 python3)
    local pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
    for p in $(ls -d "$pyenv_root"/versions/3.1[2-9]* 2>/dev/null | sort -rV); do
        candidates+=("$p/bin/python3")
    done
    for c in "${candidates[@]}"; do
        if command -v "$c" >/dev/null 2>&1 && python_ok "$c"; then
            command -v "$c"
            return 0
        fi
    done
    return 1
}

stamp_of() {
    cat "$root/pyproject.toml" "$root"/PyAuto*/pyproject.toml "$root/tools/bootstrap.sh" | sha256sum | cut -d' ' -f1
}

if [ -x "$venv/bin/python" ] && python_ok "$venv/bin/python" \
    && [ "$(cat "$venv/.fork-stamp" 2>/dev/null)" = "$(stamp_of)" ]; then
    echo "$venv/bin/python"
    exit 0
fi

if ! [ -x "$venv/bin/python" ] || ! python_ok "$venv/bin/python"; then
    if ! py="$(find_python)"; then
        echo "error: no Python >= 3.12 found (tried \$PYTHON, python3.13, python3.12, python3 and" \
             "~/.pyenv/versions/3.12+). Install Python 3.12 or newer (e.g. 'pyenv install 3.12'," \
             "'apt-get install python3.12 python3.12-venv' or python.org), or set PYTHON=/path/to/python3.12." >&2
        exit 1
    fi
    echo "bootstrap: creating $venv with $py ($("$py" --version 2>&1))" >&2
    rm -rf "$venv"
    "$py" -m venv "$venv" >&2
fi

echo "bootstrap: installing the fork (editable) and the dev extras into $venv" >&2
"$venv/bin/python" -m pip install --quiet --upgrade pip >&2
"$venv/bin/python" -m pip install --quiet \
    -e "$root/PyAutoArray" -e "$root/PyAutoGalaxy" -e "$root/PyAutoLens" -e "$root[dev]" >&2
stamp_of > "$venv/.fork-stamp"
echo "$venv/bin/python"
