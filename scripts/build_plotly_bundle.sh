#!/usr/bin/env bash
# Rebuild assets/vendor/plotly-corridor.min.js (+ .min.css, MapLibre's stylesheet) from
# scripts/plotly-bundle/entry.js: plotly.js 4.1.1 (the version plotly 7.1.0 ships) with only
# the trace types the app uses. The built files are committed; run this after changing the
# entry file or the plotly.js / esbuild versions in package.json.
#
# Needs the devDependencies: `npm ci`. Usage: bash scripts/build_plotly_bundle.sh
#
# --define:global=window is required: without it the bundle throws on load and Dash silently
# falls back to its full plotly.min.js (see tests/browser/test_page_weight.py).
set -euo pipefail
cd "$(dirname "$0")/.."

out=assets/vendor/plotly-corridor.min.js
licenses=assets/vendor/plotly-corridor.LICENSES.txt
metafile=$(mktemp)
trap 'rm -f "$metafile"' EXIT
mkdir -p "$(dirname "$out")"
# The licence texts of every bundled package go to $licenses (written below from the
# metafile); the bundle's first line names the main licences and points there.
npx --no-install esbuild scripts/plotly-bundle/entry.js \
    --bundle --minify --format=iife --global-name=Plotly --target=es2018 \
    --define:global=window --define:define.amd=false --legal-comments=none \
    --banner:js="/*! plotly.js 4.1.1 (MIT, (c) Plotly Technologies Inc.) with MapLibre GL JS (BSD-3-Clause, (c) MapLibre contributors) and their dependencies: licences in plotly-corridor.LICENSES.txt */" \
    --metafile="$metafile" --log-level=warning --outfile="$out"
"${PYTHON:-.venv/bin/python}" scripts/bundle_licenses.py "$metafile" "$licenses"

# Brotli at its best level once here, not per request: the app serves the .br file to
# browsers that accept br (corridor_map/http/precompressed.py), verifying it still matches.
for file in "$out" "${out%.js}.css"; do
    "${PYTHON:-.venv/bin/python}" -c 'import brotli, sys; p = sys.argv[1]; open(p + ".br", "wb").write(brotli.compress(open(p, "rb").read(), quality=11))' "$file"
done

for file in "$out" "${out%.js}.css"; do
    printf '%s: %s bytes, %s gzipped\n' "$file" "$(wc -c <"$file")" "$(gzip -9c "$file" | wc -c)"
done
