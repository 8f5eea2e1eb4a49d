package report

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"tradedash"
	"tradedash/locale"
	"tradedash/view"
)

// TestPages: each page a report can be made from is chosen by page=, links
// back to its own page of the dashboard (the paths package view defines)
// and names its file after what it shows; an unknown page is refused with
// the pages there are.
func TestPages(t *testing.T) {
	db := sampleDB(t)
	r := newReporter(db.Reader)
	for _, c := range []struct {
		query, path, file string
		chart             bool
	}{
		{"exhibition=innoprom&country=CN", view.PathOverview, "tradedash_innoprom_CN_2011-2025_2026-11-25.xlsx", true},
		{"page=overview&exhibition=innoprom&country=CN&from=2015&to=2016", view.PathOverview, "tradedash_innoprom_CN_2015-2016_2026-11-25.xlsx", true},
		{"page=compare&exhibition=innoprom&country=CN,JP,IN,KZ&metric=area_m2", view.PathCompare, // an old link: its metric is read as its successor
			"tradedash_compare_innoprom_CN-JP-IN-etc_space_reported_m2_", true},
		{"page=data&exhibition=innoprom&from=2020", view.PathData, "tradedash_data_innoprom_2020-x_2026-11-25.xlsx", false},
		{"page=DATA", view.PathData, "tradedash_data_2026-11-25.xlsx", false},
	} {
		q, _ := url.ParseQuery(c.query)
		req, err := ParseRequest(q)
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		rep := rep(t, r, req)
		link := rep.Permalink("http://example.org/trade/")
		if !strings.HasPrefix(link, "http://example.org/trade"+c.path+"?") {
			t.Errorf("%s: permalink %s, want the path %s", c.query, link, c.path)
		}
		if got := rep.FileName(".xlsx", fixedNow); !strings.HasPrefix(got, c.file) {
			t.Errorf("%s: file %s, want %s", c.query, got, c.file)
		}
		if got := len(rep.page.sheets(locale.RU)) > 0; got != c.chart {
			t.Errorf("%s: chart sheet %v, want %v", c.query, got, c.chart)
		}
	}
	_, err := ParseRequest(url.Values{ParamPage: {"trade"}})
	var pe *view.ParamError
	if !errors.As(err, &pe) || pe.Param != ParamPage || strings.Join(pe.Suggest, ",") != "overview,compare,data,pair" {
		t.Errorf("an unknown page: %v", err)
	}
}

// TestQualifiedFormats: a figure's qualifier is in its cell's number
// format, in the words the dashboard uses (locale's value.*), so the cell
// stays a number that sums and charts.
func TestQualifiedFormats(t *testing.T) {
	const nb = "\u00a0"
	for _, c := range []struct {
		lang locale.Lang
		q    tradedash.Qualifier
		want string
	}{
		{locale.RU, tradedash.Over, `"более` + nb + `"#,##0`},
		{locale.RU, tradedash.Under, `"до` + nb + `"#,##0`},
		{locale.RU, tradedash.About, `"около` + nb + `"#,##0`},
		{locale.EN, tradedash.Over, `#,##0"+"`},
		{locale.EN, tradedash.Under, `"up` + nb + `to` + nb + `"#,##0`},
		{locale.EN, tradedash.About, `"~"#,##0`},
		{locale.ZH, tradedash.Over, `"超过"#,##0`},
		{locale.ZH, tradedash.Under, `"至多"#,##0`},
		{locale.ZH, tradedash.About, `"约"#,##0`},
		{locale.ZH, tradedash.Exact, `#,##0`},
	} {
		if got := qualifiedFormat(c.lang, c.q, fmtInteger); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.lang, c.q, got, c.want)
		}
	}
}
