#!/usr/bin/env bash
# Refreshes the committed browser files from the pinned packages (run by hand after changing package.json; the build
# and CI never run npm): npm ci, then copy the dist files and licences into ../wwwroot/vendor.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
out=../wwwroot/vendor
mkdir -p "$out"
cp node_modules/@xterm/xterm/lib/xterm.js "$out/xterm.js"
cp node_modules/@xterm/xterm/css/xterm.css "$out/xterm.css"
cp node_modules/@xterm/xterm/LICENSE "$out/xterm.LICENSE"
cp node_modules/@xterm/addon-fit/lib/addon-fit.js "$out/addon-fit.js"
cp node_modules/@xterm/addon-fit/LICENSE "$out/addon-fit.LICENSE"
rm -rf node_modules
