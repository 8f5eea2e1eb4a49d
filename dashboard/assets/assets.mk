# Included by the top-level Makefile. `make assets` fetches ECharts (pinned in
# dashboard/assets/package-lock.json) into dashboard/static/vendor/, which the
# binary embeds; every target that compiles the dashboard depends on it.
DASHBOARD_VENDOR := dashboard/static/vendor/echarts.min.js

.PHONY: assets
assets: $(DASHBOARD_VENDOR)

$(DASHBOARD_VENDOR): dashboard/assets/package.json dashboard/assets/package-lock.json
	sh dashboard/assets/fetch.sh
	touch $@
