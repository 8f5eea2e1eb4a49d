package sampledata_test

import (
	"context"
	"encoding/csv"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"tradedash"
	"tradedash/ingest"
	"tradedash/reference"
)

// fairsFile is Russia at the exhibitions China hosts.
const fairsFile = "russia-at-chinese-fairs.csv"

// TestFairsSampleParses reads russia-at-chinese-fairs.csv through the
// importer: Russian figures only, each at an edition China hosted.
func TestFairsSampleParses(t *testing.T) {
	c := &collect{}
	sum, err := ingest.Read(context.Background(), fairsFile, ingest.Options{}, c)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Kind != ingest.Figures || sum.SkippedCount != 0 {
		t.Errorf("kind %s, %d notices: %v", sum.Kind, sum.SkippedCount, sum.Skipped)
	}
	if rows := csvRows(t, fairsFile); len(c.figures) != len(rows) || len(c.milestones) != 0 {
		t.Fatalf("%d figures and %d milestones from %d rows", len(c.figures), len(c.milestones), len(rows))
	}
	for _, f := range c.figures {
		ex, ok := reference.ExhibitionByCode(f.Exhibition)
		if f.Country != "RU" || !ok || ex.Host(f.Year) != "CN" {
			t.Errorf("%s %s %d: not Russia at an edition China hosted", f.Exhibition, f.Country, f.Year)
		}
	}
	for _, want := range []tradedash.Figure{
		{Exhibition: "ciie", Metric: "participants_reported", Year: 2018, Value: 50, Qualifier: tradedash.About, Status: tradedash.Actual},
		{Exhibition: "ciie", Metric: "participants_reported", Year: 2018, Value: 100, Qualifier: tradedash.Over, Status: tradedash.Planned},
		{Exhibition: "ciie", Metric: "participants_reported", Year: 2019, Value: 60, Qualifier: tradedash.About, Status: tradedash.Planned},
		{Exhibition: "ciie", Metric: "participants_reported", Year: 2021, Value: 31, Qualifier: tradedash.Exact, Status: tradedash.Actual},
		{Exhibition: "ciie", Metric: "participants_reported", Year: 2021, Value: 34, Qualifier: tradedash.Exact, Status: tradedash.Planned},
		{Exhibition: "russia_china_expo", Metric: "space_reported_m2", Year: 2017, Value: 3030, Qualifier: tradedash.Exact, Status: tradedash.Actual},
		{Exhibition: "russia_china_expo", Metric: "space_reported_m2", Year: 2019, Value: 3260, Qualifier: tradedash.Exact, Status: tradedash.Planned},
		{Exhibition: "russia_china_expo", Metric: "participants_reported", Year: 2019, Value: 137, Qualifier: tradedash.Exact, Status: tradedash.Actual},
	} {
		// A figure's claims differ in status here: the plan beside the result.
		i := slices.IndexFunc(c.figures, func(f tradedash.Figure) bool {
			return f.Exhibition == want.Exhibition && f.Metric == want.Metric && f.Year == want.Year && f.Status == want.Status
		})
		if i < 0 {
			t.Errorf("no %s %s %d %s", want.Exhibition, want.Metric, want.Year, want.Status)
			continue
		}
		if f := c.figures[i]; f.Value != want.Value || f.Qualifier != want.Qualifier || f.Basis != tradedash.Press {
			t.Errorf("%s %s %d %s = %v %s %s, want %v %s press", want.Exhibition, want.Metric, want.Year, want.Status,
				f.Value, f.Qualifier, f.Basis, want.Value, want.Qualifier)
		}
	}
}

// TestFairsSampleSourced checks every row of russia-at-chinese-fairs.csv
// against sources/trade-facts.md: the row's number is a number of a line
// of the facts that cites the row's source URL, with the same qualifier
// ("about 60" is "≈60" there, "over 100" is ">100", an exact value has
// neither).
func TestFairsSampleSourced(t *testing.T) {
	lines, urls := factLines(t)
	number := regexp.MustCompile(`[≈>]?\d+`)
	header := csvHeader(t, fairsFile)
	col := func(r []string, name string) string { return r[slices.Index(header, name)] }
	for i, r := range csvRows(t, fairsFile) {
		value, source := col(r, "value"), col(r, "source")
		mark, n := "", value
		if q, v, ok := strings.Cut(value, " "); ok {
			mark, n = map[string]string{"about": "≈", "over": ">"}[q], v
			if mark == "" {
				t.Errorf("row %d: value %q has an unknown qualifier", i+2, value)
			}
		}
		ok := false
		for j, l := range lines {
			if urls[j] != source {
				continue
			}
			// The figure columns, thousands commas dropped: "≈4,000 of
			// ≈10,000" has "≈4000" and "≈10000".
			fields := strings.Split(l, " | ")
			if len(fields) < 3 {
				continue
			}
			figures := strings.ReplaceAll(fields[1], ",", "")
			if slices.Contains(number.FindAllString(figures, -1), mark+n) {
				ok = true
				break
			}
		}
		if !ok {
			t.Errorf("row %d: %s (%s) with source %s is not in %s", i+2, value, mark+n, source, tradeFacts)
		}
	}
}

func csvRows(t *testing.T, name string) [][]string {
	t.Helper()
	return csvRecords(t, name)[1:]
}

func csvHeader(t *testing.T, name string) []string {
	t.Helper()
	return csvRecords(t, name)[0]
}

func csvRecords(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
