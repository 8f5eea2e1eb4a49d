#!/bin/sh
# Fetches the browser assets the dashboard embeds: ECharts, from the npm
# package pinned (with its integrity hash) in package-lock.json. `npm ci`
# installs exactly the locked version and fails on a hash mismatch. The copy
# lands in dashboard/static/vendor/, which git ignores and go:embed reads.
set -eu
cd "$(dirname "$0")"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
mkdir -p ../static/vendor
cp node_modules/echarts/dist/echarts.min.js ../static/vendor/echarts.min.js
cp node_modules/echarts/LICENSE ../static/vendor/echarts.LICENSE.txt
echo "dashboard assets: echarts $(node -p 'require("./node_modules/echarts/package.json").version') -> dashboard/static/vendor/"
