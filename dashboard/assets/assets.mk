# Included by the top-level Makefile. ECharts is committed in
# dashboard/assets/echarts/ (the version pinned in
# dashboard/assets/package-lock.json), so building needs neither npm nor the
# network. `make assets` refreshes it from npm after the pinned version
# changes; `go test ./dashboard -run TestEChartsPinned` checks the two agree.
.PHONY: assets
assets:
	sh dashboard/assets/fetch.sh
