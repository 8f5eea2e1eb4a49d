#!/bin/sh
# Refreshes the ECharts the dashboard embeds, committed in
# dashboard/assets/echarts/: `npm ci` installs exactly the version pinned in
# package-lock.json and fails on an integrity mismatch; the minified build,
# its LICENSE and NOTICE are copied beside source.json, which records the
# version, the tarball's integrity (from the lock) and the SHA-256 of
# echarts.min.js. The dashboard's TestEChartsPinned checks the three agree.
# A plain `go build` needs none of this: run it after changing the version
# in package.json (`npm install --package-lock-only echarts@X`).
set -eu
cd "$(dirname "$0")"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
mkdir -p echarts
cp node_modules/echarts/dist/echarts.min.js echarts/echarts.min.js
cp node_modules/echarts/LICENSE echarts/LICENSE
cp node_modules/echarts/NOTICE echarts/NOTICE
# ECharts' own words (toolbox, "no data") for each language tradedash
# speaks that ECharts does not carry built in (it has English and Chinese).
rm -rf echarts/i18n && mkdir -p echarts/i18n
for f in ../../locale/messages/*.json; do
	l=$(basename "$f" .json | tr a-z A-Z)
	case $l in EN|ZH) continue ;; esac
	cp "node_modules/echarts/i18n/lang$l.js" echarts/i18n/
done
node -e '
const fs = require("fs"), crypto = require("crypto");
const lock = require("./package-lock.json").packages["node_modules/echarts"];
const sum = crypto.createHash("sha256").update(fs.readFileSync("echarts/echarts.min.js")).digest("hex");
const hash = f => crypto.createHash("sha256").update(fs.readFileSync(f)).digest("hex");
const i18n = {};
for (const f of fs.readdirSync("echarts/i18n").sort()) i18n[f] = hash("echarts/i18n/" + f);
const src = {package: "echarts", version: lock.version, integrity: lock.integrity, file: "dist/echarts.min.js", sha256: sum, i18n};
fs.writeFileSync("echarts/source.json", JSON.stringify(src, null, 1) + "\n");
console.log("dashboard assets: echarts " + lock.version + " -> dashboard/assets/echarts/ (sha256 " + sum + ")");
'
