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
		"innoprom-figures.csv":        {45, 0},
		"innoprom-china.xlsx":         {12, 0},
		"innoprom-milestones.csv":     {0, 22},
		"russia-at-chinese-fairs.csv": {8, 0},
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

	find := func(file, exhibition, country, metric string, year int) tradedash.Figure {
		t.Helper()
		for _, f := range got[file].figures {
			if f.Exhibition == exhibition && f.Country == country && f.Metric == metric && f.Year == year {
				return f
			}
		}
		t.Errorf("%s: no %s %s %s %d", file, exhibition, country, metric, year)
		return tradedash.Figure{}
	}
	for _, c := range []struct {
		file, exhibition, country, metric string
		year                              int
		value                             float64
		q                                 tradedash.Qualifier
		st                                tradedash.Status
	}{
		{"innoprom-china.xlsx", "innoprom", "CN", "companies", 2015, 150, tradedash.Exact, tradedash.Actual},
		{"innoprom-china.xlsx", "innoprom", "CN", "area_m2", 2015, 15000, tradedash.Exact, tradedash.Planned},
		{"innoprom-china.xlsx", "innoprom", "CN", "companies", 2023, 400, tradedash.Over, tradedash.Actual},
		{"innoprom-china.xlsx", "innoprom", "CN", "area_m2", 2023, 10000, tradedash.Exact, tradedash.Actual},
		{"innoprom-china.xlsx", "innoprom", "CN", "companies", 2024, 300, tradedash.About, tradedash.Actual},
		{"innoprom-china.xlsx", "innoprom", "CN", "area_m2", 2024, 3800, tradedash.Over, tradedash.Forecast},
		{"innoprom-figures.csv", "innoprom", "ALL", "visitors", 2017, 50194, tradedash.Exact, tradedash.Actual},
		{"innoprom-figures.csv", "innoprom", "ALL", "companies", 2018, 600, tradedash.About, tradedash.Actual},
		{"innoprom-figures.csv", "innoprom", "ALL", "countries", 2014, 50, tradedash.Exact, tradedash.Planned},
		{"innoprom-figures.csv", "innoprom", "ALL", "visitors", 2025, 50000, tradedash.About, tradedash.Forecast},
		{"innoprom-figures.csv", "innoprom", "BY", "area_m2", 2023, 3000, tradedash.Exact, tradedash.Actual},
		{"innoprom-figures.csv", "russia_china_expo", "RU", "area_m2", 2018, 2982, tradedash.Exact, tradedash.Actual},
		{"innoprom-figures.csv", "canton_fair", "RU", "visitors", 2023, 10000, tradedash.About, tradedash.Actual},
	} {
		f := find(c.file, c.exhibition, c.country, c.metric, c.year)
		if f.Value != c.value || f.Qualifier != c.q || f.Status != c.st {
			t.Errorf("%s %s %s %s %d = %v %s %s, want %v %s %s", c.file, c.exhibition, c.country, c.metric, c.year,
				f.Value, f.Qualifier, f.Status, c.value, c.q, c.st)
		}
	}

	// One figure per key across the files: the loader imports them one
	// after another, and a key given twice would overwrite the first.
	seen := map[[4]string]string{}
	for name, c := range got {
		for _, f := range c.figures {
			k := [4]string{f.Exhibition, f.Country, f.Metric, strconv.Itoa(f.Year)}
			if other, dup := seen[k]; dup {
				t.Errorf("%v is in both %s and %s", k, other, name)
			}
			seen[k] = name
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
