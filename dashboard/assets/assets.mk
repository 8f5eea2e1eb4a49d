# Included by the top-level Makefile. ECharts is committed in
# dashboard/assets/echarts/ (the version pinned in
# dashboard/assets/package-lock.json), so building needs neither npm nor the
# network. `make assets` refreshes it from npm after the pinned version
# changes; `go test ./dashboard -run TestEChartsPinned` checks the two agree.
.PHONY: assets
assets:
	@command -v npm >/dev/null || { echo "make assets needs npm: apt-get install npm"; exit 2; }
	sh dashboard/assets/fetch.sh
