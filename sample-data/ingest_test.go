package sampledata_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"tradedash"
	"tradedash/ingest"
	sampledata "tradedash/sample-data"
)

type collect struct {
	figures    []tradedash.Figure
	milestones []tradedash.Milestone
	trade      []tradedash.TradeFlow
}

func (c *collect) TradeFlow(_ context.Context, t tradedash.TradeFlow, _ int) error {
	c.trade = append(c.trade, t)
	return nil
}

func (c *collect) Figure(_ context.Context, f tradedash.Figure, _ int) error {
	c.figures = append(c.figures, f)
	return nil
}
func (c *collect) Milestone(_ context.Context, m tradedash.Milestone, _ int) error {
	c.milestones = append(c.milestones, m)
	return nil
}

// readAll reads every embedded sample file through the importer, as the
// binary does on first start, and fails on any problem or notice.
func readAll(t *testing.T) map[string]*collect {
	t.Helper()
	dir := t.TempDir()
	names, err := fs.Glob(sampledata.Files, "*")
	if err != nil || len(names) == 0 {
		t.Fatalf("no sample files: %v", err)
	}
	out := map[string]*collect{}
	for _, name := range names {
		b, err := sampledata.Files.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		c := &collect{}
		sum, err := ingest.Read(context.Background(), path, ingest.Options{}, c)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, p := range sum.Skipped {
			t.Errorf("%s: skipped: %v", name, p)
		}
		out[name] = c
	}
	return out
}

func TestIngestReadsEverySample(t *testing.T) {
	got := readAll(t)
	for name, want := range map[string][2]int{ // figures, milestones
		"innoprom-figures.csv":        {54, 0},
		"innoprom-china.xlsx":         {15, 0},
		"innoprom-milestones.csv":     {0, 22},
		"russia-at-chinese-fairs.csv": {10, 0},
	} {
		c := got[name]
		if c == nil {
			t.Errorf("%s: not read", name)
			continue
		}
		if len(c.figures) != want[0] || len(c.milestones) != want[1] {
			t.Errorf("%s: %d figures and %d milestones, want %d and %d", name, len(c.figures), len(c.milestones), want[0], want[1])
		}
	}
	if t.Failed() {
		return
	}

	// find returns the claim of a figure from source (one claim of a
	// figure whose sources disagree).
	find := func(file, exhibition, country, metric string, year int, source string) tradedash.Figure {
		t.Helper()
		for _, f := range got[file].figures {
			if f.Exhibition == exhibition && f.Country == country && f.Metric == metric && f.Year == year &&
				(source == "" || f.Source == source) {
				return f
			}
		}
		t.Errorf("%s: no %s %s %s %d %s", file, exhibition, country, metric, year, source)
		return tradedash.Figure{}
	}
	const (
		s14 = "http://ural-news.net/economy/2018/07/11/175911.html"
		s15 = "https://m.gdi8.cn/index/help/help_details.html?article_id=5871"
		s27 = "https://amp.ura.news/news/1052665568"
		s29 = "https://serbia.news-pravda.com/world/2024/07/11/68680.html"
		s30 = "https://ru24.pro/ekaterinburg/383282192"
		s1  = "https://expo.innoprom.com/ru/media/news/experts-from-skoltech-sibur-and-tmk-will-discuss"
	)
	for _, c := range []struct {
		file, exhibition, country, metric string
		year                              int
		source                            string
		value                             float64
		q                                 tradedash.Qualifier
		st                                tradedash.Status
		basis                             tradedash.Basis
		preferred                         bool
	}{
		{"innoprom-china.xlsx", "innoprom", "CN", "participants_reported", 2015, "http://pervonachalno.ru/louter908.htm", 150, tradedash.Exact, tradedash.Actual, tradedash.Press, true},
		{"innoprom-china.xlsx", "innoprom", "CN", "participants_reported", 2015, "https://shijiazhuang.baogaosu.com/xinwen/35136123", 130, tradedash.Over, tradedash.Actual, tradedash.Press, false},
		{"innoprom-china.xlsx", "innoprom", "CN", "space_reported_m2", 2015, "", 15000, tradedash.Exact, tradedash.Planned, tradedash.Press, false},
		{"innoprom-china.xlsx", "innoprom", "CN", "participants_reported", 2018, s15, 186, tradedash.Exact, tradedash.Actual, tradedash.Press, true},
		{"innoprom-china.xlsx", "innoprom", "CN", "participants_reported", 2018, s14, 180, tradedash.Exact, tradedash.Actual, tradedash.Press, false},
		{"innoprom-china.xlsx", "innoprom", "CN", "space_reported_m2", 2018, s15, 5518, tradedash.Exact, tradedash.Actual, tradedash.Press, false},
		{"innoprom-china.xlsx", "innoprom", "CN", "participants_reported", 2023, s1, 400, tradedash.Over, tradedash.Actual, tradedash.Organiser, false},
		{"innoprom-china.xlsx", "innoprom", "CN", "participants_reported", 2023, s27, 370, tradedash.Over, tradedash.Actual, tradedash.Press, false},
		{"innoprom-china.xlsx", "innoprom", "CN", "participants_reported", 2024, s29, 300, tradedash.About, tradedash.Actual, tradedash.Press, true},
		{"innoprom-china.xlsx", "innoprom", "CN", "space_reported_m2", 2024, s1, 3800, tradedash.Over, tradedash.Forecast, tradedash.Organiser, false},
		{"innoprom-figures.csv", "innoprom", "ALL", "visitors", 2017, "", 50194, tradedash.Exact, tradedash.Actual, tradedash.Official, false},
		{"innoprom-figures.csv", "innoprom", "ALL", "participants_reported", 2017, "http://tass.com/economy/955370", 640, tradedash.About, tradedash.Planned, tradedash.Press, false},
		{"innoprom-figures.csv", "innoprom", "ALL", "exhibitor_countries", 2017, "", 20, tradedash.Exact, tradedash.Actual, tradedash.Official, false},
		{"innoprom-figures.csv", "innoprom", "ALL", "participants_reported", 2018, "", 600, tradedash.About, tradedash.Actual, tradedash.Press, false},
		{"innoprom-figures.csv", "innoprom", "ALL", "visitors", 2018, s14, 42000, tradedash.Exact, tradedash.Actual, tradedash.Press, false},
		{"innoprom-figures.csv", "innoprom", "ALL", "countries_reported", 2014, "", 50, tradedash.Exact, tradedash.Planned, tradedash.Press, false},
		{"innoprom-figures.csv", "innoprom", "ALL", "exhibitors", 2021, "", 500, tradedash.Over, tradedash.Actual, tradedash.Press, false},
		{"innoprom-figures.csv", "innoprom", "ALL", "exhibitors", 2024, "", 900, tradedash.Exact, tradedash.Actual, tradedash.Press, false},
		{"innoprom-figures.csv", "innoprom", "ALL", "foreign_exhibitors", 2024, "", 300, tradedash.Exact, tradedash.Actual, tradedash.Press, false},
		{"innoprom-figures.csv", "innoprom", "ALL", "countries_reported", 2024, s29, 60, tradedash.Exact, tradedash.Actual, tradedash.Press, true},
		{"innoprom-figures.csv", "innoprom", "ALL", "countries_reported", 2024, s30, 46, tradedash.Exact, tradedash.Actual, tradedash.Press, false},
		{"innoprom-figures.csv", "innoprom", "ALL", "visitors", 2025, "", 50000, tradedash.About, tradedash.Forecast, tradedash.Press, false},
		{"innoprom-figures.csv", "innoprom", "BY", "space_reported_m2", 2023, "", 3000, tradedash.Exact, tradedash.Actual, tradedash.Press, false},
		{"innoprom-figures.csv", "russia_china_expo", "ALL", "space_reported_m2", 2023, s1, 10000, tradedash.Exact, tradedash.Actual, tradedash.Organiser, false},
		{"innoprom-figures.csv", "russia_china_expo", "RU", "space_reported_m2", 2018, "", 2982, tradedash.Exact, tradedash.Actual, tradedash.Press, false},
		{"innoprom-figures.csv", "canton_fair", "RU", "visitors", 2023, "", 10000, tradedash.About, tradedash.Actual, tradedash.Press, false},
	} {
		f := find(c.file, c.exhibition, c.country, c.metric, c.year, c.source)
		if f.Value != c.value || f.Qualifier != c.q || f.Status != c.st || f.Basis != c.basis || f.Preferred != c.preferred {
			t.Errorf("%s %s %s %s %d %s = %v %s %s %s preferred=%t, want %v %s %s %s preferred=%t", c.file, c.exhibition, c.country, c.metric, c.year, c.source,
				f.Value, f.Qualifier, f.Status, f.Basis, f.Preferred, c.value, c.q, c.st, c.basis, c.preferred)
		}
	}

	// One claim per ClaimKey across the files: in one file a key given
	// twice is refused, and from two files the later import would replace
	// the earlier claim. The claims of one figure are in one file, so the
	// order the loader imports the files in never chooses between them.
	seen := map[tradedash.ClaimKey]string{}
	fileOf := map[[4]string]string{}
	for name, c := range got {
		for _, f := range c.figures {
			if m, ok := tradedash.MetricByCode(f.Metric); !ok || m.ReplacedBy != "" {
				t.Errorf("%s: %s %s %d under metric %q, not a current one", name, f.Exhibition, f.Country, f.Year, f.Metric)
			}
			if f.Basis == tradedash.Unstated || f.Basis == tradedash.Audited {
				t.Errorf("%s: %s %s %s %d has basis %q", name, f.Exhibition, f.Country, f.Metric, f.Year, f.Basis)
			}
			k := f.Claim()
			if other, dup := seen[k]; dup {
				t.Errorf("%+v is in both %s and %s", k, other, name)
			}
			seen[k] = name
			fig := [4]string{f.Exhibition, f.Country, f.Metric, strconv.Itoa(f.Year)}
			if other, ok := fileOf[fig]; ok && other != name {
				t.Errorf("claims of %v are in both %s and %s", fig, other, name)
			}
			fileOf[fig] = name
		}
	}

	var first *tradedash.Milestone
	for i, m := range got["innoprom-milestones.csv"].milestones {
		if m.Country == "CN" && m.Exhibition == "innoprom" && m.Date.Year() == 2015 {
			first = &got["innoprom-milestones.csv"].milestones[i]
		}
	}
	if first == nil || !first.Date.Equal(time.Date(2015, 7, 8, 0, 0, 0, 0, time.UTC)) || first.Precision != tradedash.PrecisionDay {
		t.Errorf("2015 China partner milestone = %+v", first)
	}
}
