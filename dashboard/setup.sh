#!/usr/bin/env bash
# Install the dashboard's own environment, dashboard/.venv: Apache Superset from requirements.txt (pinned, with
# hashes), beside and apart from the core .venv. Does nothing when the installed set matches requirements.txt.
#   bash dashboard/setup.sh              the Superset environment (what `make dashboard` needs)
#   bash dashboard/setup.sh --chromium   also Debian's chromium and chromium-driver (for the dashboard test)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"

# one install at a time (two test runs, or a test and `make dashboard`, may start together)
mkdir -p "$venv"
exec 9>"$venv/.setup.lock"
flock 9

uv=${UV:-}
if [ -z "$uv" ]; then
    if command -v uv >/dev/null 2>&1; then uv=uv; else uv="python3 -m uv"; fi
fi
$uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv

if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "dashboard: installing Apache Superset into $venv (once; about 900 MB)"
    start=$(date +%s)
    [ -x "$venv/bin/python" ] || $uv venv --quiet --allow-existing --python 3.11 "$venv"
    # byte-compiled now, so that each start need not compile Superset again (CI sets PYTHONDONTWRITEBYTECODE)
    $uv pip sync --quiet --compile-bytecode --python "$venv/bin/python" "$here/requirements.txt"
    echo "$want" >"$stamp"
    echo "dashboard: installed in $(($(date +%s) - start)) s"
fi

if [ "${1:-}" = "--chromium" ] && ! { command -v chromium && command -v chromedriver; } >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then
        echo "dashboard: chromium and chromium-driver are missing; install them (apt-get install chromium chromium-driver)" >&2
        exit 1
    fi
    echo "dashboard: installing Debian's chromium and chromium-driver"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
