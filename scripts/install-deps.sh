#!/usr/bin/env bash
# Installs the Debian packages tradedash needs, when they are missing.
#   install-deps.sh        everything the tests and benchmarks use: ClickHouse
#                          (the managed local server), Chromium (browser tests),
#                          wrk (dashboard benchmark), LibreOffice and poppler
#                          (the Excel report's real consumer),
#                          the Noto CJK fonts (Chinese pages and reports drawn
#                          with Chinese glyphs, not empty boxes), ZooKeeper
#                          and Java (the local cluster's tests)
#   install-deps.sh run    only what `make run` needs: ClickHouse
#   install-deps.sh cluster  only what `make cluster` needs: ClickHouse,
#                          ZooKeeper and Java
# ECharts is committed (dashboard/assets/echarts/); npm is only for `make
# assets`, which refreshes it, and that target checks for npm itself.
set -euo pipefail

want=()
need() { command -v "$1" >/dev/null 2>&1 || want+=("$2"); }
# A package with no command of its own, such as a font.
need_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed' || want+=("$1"); }
need clickhouse-server clickhouse-server
need clickhouse-client clickhouse-client
if [ "${1:-}" != "run" ]; then
  # The local cluster (localdb.StartCluster) runs Debian's ZooKeeper jars
  # with java, without the package's init scripts.
  need java default-jre-headless
  need_pkg zookeeper
fi
if [ "${1:-}" != "run" ] && [ "${1:-}" != "cluster" ]; then
  need chromium chromium
  need wrk wrk
  need soffice libreoffice-calc-nogui
  need pdftoppm poppler-utils
  need_pkg fonts-noto-cjk
  # reference/internal/gen checks countries.csv's M49 codes against it.
  need_pkg iso-codes
fi

if [ ${#want[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing: ${want[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
