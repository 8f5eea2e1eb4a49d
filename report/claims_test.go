package report

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tradedash"
	"tradedash/locale"
	"tradedash/queries"
	"tradedash/queries/queriestest"
	"tradedash/reference"
	"tradedash/view"
)

// TestWhyCurrent: each step of tradedash.ClaimBefore's rule, when it is
// the one that decides, is the reason the Sources sheet gives.
func TestWhyCurrent(t *testing.T) {
	base := tradedash.Figure{Exhibition: "innoprom", Country: "CN", Metric: "exhibitors", Year: 2023, Value: 400,
		Status: tradedash.Actual, Basis: tradedash.Press, ImportID: 3, FileRow: 7}
	with := func(change func(*tradedash.Figure)) tradedash.Figure {
		f := base
		change(&f)
		return f
	}
	en := locale.EN
	for _, c := range []struct {
		name string
		a, b tradedash.Figure
		want string
	}{
		{"preferred", with(func(f *tradedash.Figure) { f.Preferred, f.Basis = true, tradedash.Estimate }), base, "its file marks it preferred"},
		{"status", base, with(func(f *tradedash.Figure) { f.Status, f.Basis = tradedash.Forecast, tradedash.Audited }), "status actual ranks above forecast"},
		{"basis", with(func(f *tradedash.Figure) { f.Basis, f.ImportID = tradedash.Organiser, 1 }), base, "basis organiser ranks above press"},
		{"import", with(func(f *tradedash.Figure) { f.ImportID = 9 }), base, "the later import (no. 9; the next claim is from no. 3)"},
		{"row", with(func(f *tradedash.Figure) { f.FileRow = 2 }), base, "the earlier row of the file (2; the next claim is row 7)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !tradedash.ClaimBefore(&c.a, &c.b) {
				t.Fatal("the test's first claim does not rank first")
			}
			if got := whyCurrent(en, []tradedash.Figure{c.a, c.b}); got != c.want {
				t.Errorf("why: %q, want %q", got, c.want)
			}
		})
	}
	if got := whyCurrent(en, []tradedash.Figure{base}); got != "the only claim" {
		t.Errorf("one claim: %q", got)
	}
}

// TestClaimListGroups: claims come as a figure with its Others, or one
// figure at a time from a stream; either way the list holds each figure's
// claims once, ranked, the current first.
func TestClaimListGroups(t *testing.T) {
	claim := func(year int, src string, b tradedash.Basis, pref bool) tradedash.Figure {
		return tradedash.Figure{Exhibition: "innoprom", Country: "CN", Metric: "exhibitors", Year: year, Value: 1,
			Status: tradedash.Actual, Basis: b, Preferred: pref, Source: src, ImportID: 1}
	}
	a, b, c := claim(2023, "a", tradedash.Press, false), claim(2023, "b", tradedash.Organiser, false), claim(2023, "c", tradedash.Estimate, true)
	d := claim(2024, "d", tradedash.Press, false)
	order := func(l *claimList) string {
		l.flush()
		var out []string
		for _, claims := range l.figures {
			var s []string
			for _, c := range claims {
				s = append(s, c.Source)
			}
			out = append(out, strings.Join(s, ""))
		}
		return strings.Join(out, " ")
	}
	withOthers := c
	withOthers.Others = []tradedash.Figure{b, a}
	var grouped, streamed claimList
	grouped.add(withOthers)
	grouped.add(d)
	for _, f := range []tradedash.Figure{a, b, c, d} {
		streamed.add(f)
	}
	for name, l := range map[string]*claimList{"with Others": &grouped, "streamed": &streamed} {
		if got := order(l); got != "cba d" || l.claims != 4 {
			t.Errorf("%s: %q (%d claims), want \"cba d\" (4)", name, got, l.claims)
		}
	}
}

// claimFigures are three figures as the sources gave them: 2023's
// exhibitors by three sources, one of them marked preferred; 2024's by two,
// the organiser's ranking above the press; and an audited count of
// visitors, the only claim, with its certificate.
func claimFigures() []tradedash.Figure {
	fig := func(metric string, year int, v float64, q tradedash.Qualifier, b tradedash.Basis, src string) tradedash.Figure {
		return tradedash.Figure{Exhibition: "innoprom", Country: "CN", Metric: metric, Year: year, Value: v, Qualifier: q,
			Status: tradedash.Actual, Basis: b, Source: src}
	}
	preferred := fig("exhibitors", 2023, 370, tradedash.Over, tradedash.Press, "https://ura.news/news/1052665568")
	preferred.Preferred = true
	audited := fig("visitors", 2023, 46000, tradedash.Exact, tradedash.Audited, "https://example.org/audit-2023")
	audited.Certificate = "RUEF 2023-17"
	return []tradedash.Figure{
		fig("exhibitors", 2023, 400, tradedash.Over, tradedash.Organiser, "https://expo.innoprom.com/ru/media/news/x"),
		preferred,
		fig("exhibitors", 2023, 380, tradedash.About, tradedash.Estimate, "Оценка отдела, 2023"),
		fig("exhibitors", 2024, 300, tradedash.About, tradedash.Press, "https://serbia.news-pravda.com/world/2024/07/11/68680.html"),
		fig("exhibitors", 2024, 310, tradedash.Exact, tradedash.Organiser, "https://expo.innoprom.com/ru/media/news/y"),
		audited,
	}
}

// TestClaimsInReport: a report lists every claim of its figures on the
// Data sheet, the current first, with basis, certificate and preferred; the
// Sources sheet says what each source says and why one is current; the
// figure tables carry the basis; and the Data sheet and both CSVs import
// back unchanged, claims and bases included.
func TestClaimsInReport(t *testing.T) {
	db := queriestest.New(t, server)
	importFigures(t, db.Writer, claimFigures(), nil)
	r := newReporter(db.Reader)
	dir := t.TempDir()
	req := Request{Page: PageOverview, Lang: locale.EN,
		Params: view.Params{Exhibitions: []string{"innoprom"}, Countries: []string{"CN"}, Metrics: []string{"exhibitors"}}}
	path, info := writeXLSX(t, r, req, Options{}, dir)
	f := openXLSX(t, path)
	if info.Rows != len(claimFigures()) {
		t.Errorf("%d rows, want a row per claim (%d)", info.Rows, len(claimFigures()))
	}

	// The Data sheet: each figure's current claim first, then the others
	// ranked.
	var got []string
	for _, row := range rowsOf(t, f, "Data")[1:] {
		for len(row) <= dataColImport {
			row = append(row, "")
		}
		got = append(got, strings.Join([]string{row[0], row[3], row[4], row[5], row[7], row[8], row[9], row[dataColSource]}, "|"))
	}
	want := []string{
		"2023|Exhibitors|370|over|press||yes|https://ura.news/news/1052665568",
		"2023|Exhibitors|400|over|organiser|||https://expo.innoprom.com/ru/media/news/x",
		"2023|Exhibitors|380|about|estimate|||Оценка отдела, 2023",
		"2024|Exhibitors|310||organiser|||https://expo.innoprom.com/ru/media/news/y",
		"2024|Exhibitors|300|about|press|||https://serbia.news-pravda.com/world/2024/07/11/68680.html",
		"2023|Visitors|46000||audited|RUEF 2023-17||https://example.org/audit-2023",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Data rows:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The Sources sheet: under each figure every claim, the current one
	// marked with why.
	rows := rowsOf(t, f, "Sources")
	title := findRow(t, f, "Sources", "What each source says")
	if title == 0 {
		t.Fatal("the Sources sheet has no claims table")
	}
	var claims []string
	for _, row := range rows[title+2:] {
		for len(row) < claimCols {
			row = append(row, "")
		}
		claims = append(claims, strings.Join(row[1:claimCols], "|"))
	}
	wantClaims := []string{
		"INNOPROM · China · Exhibitors, number · 2023||||||",
		"https://ura.news/news/1052665568|370+|actual|press||current|its file marks it preferred",
		"https://expo.innoprom.com/ru/media/news/x|400+|actual|organiser|||",
		"Оценка отдела, 2023|~380|actual|estimate|||",
		"INNOPROM · China · Exhibitors, number · 2024||||||",
		"https://expo.innoprom.com/ru/media/news/y|310|actual|organiser||current|basis organiser ranks above press",
		"https://serbia.news-pravda.com/world/2024/07/11/68680.html|~300|actual|press|||",
		"INNOPROM · China · Visitors, people · 2023||||||",
		"https://example.org/audit-2023|46,000|actual|audited|RUEF 2023-17|current|the only claim",
	}
	if strings.Join(claims, "\n") != strings.Join(wantClaims, "\n") {
		t.Errorf("claims:\n%s\nwant\n%s", strings.Join(claims, "\n"), strings.Join(wantClaims, "\n"))
	}

	// The chart's table says on what each number rests, and how many
	// other sources give it.
	trend := rowsOf(t, f, "Trend")
	head := trend[tableRow-1]
	if len(head) < 3 || head[2] != "Exhibitors, number: basis" {
		t.Errorf("trend header %q", head)
	}
	bases := map[string]bool{}
	for _, row := range trend[tableRow:] {
		if len(row) > 2 {
			bases[row[0]+" "+row[2]] = true
		}
	}
	for _, w := range []string{"2023 press; 2 more sources (Sources sheet)", "2024 organiser; 1 more source (Sources sheet)"} {
		if !bases[w] {
			t.Errorf("trend table lacks %q: %v", w, bases)
		}
	}
	if key := findRow(t, f, "Summary", "Key figures"); key == 0 || rowsOf(t, f, "Summary")[key-1][4] != "Basis" {
		t.Errorf("the key figures have no basis column")
	}

	// A report limited to bases says so in its summary, and holds only
	// claims on them; one that is not has no such line.
	if row := findRow(t, f, "Summary", "Basis"); row != 0 {
		t.Errorf("an unlimited report has a basis line: %q", rowsOf(t, f, "Summary")[row-1])
	}
	limited := req
	limited.Params.Bases = []tradedash.Basis{tradedash.Audited, tradedash.Organiser}
	lpath, linfo := writeXLSX(t, r, limited, Options{}, t.TempDir())
	lf := openXLSX(t, lpath)
	if row := findRow(t, lf, "Summary", "Basis"); row == 0 || text(t, lf, "Summary", cell(2, row)) != "audited, organiser" {
		t.Errorf("the summary of a report limited to audited and organiser figures does not say so (row %d)", row)
	}
	if linfo.Rows != 3 {
		t.Errorf("the limited report has %d claims, want the 3 audited or organiser ones", linfo.Rows)
	}

	// The export imports back unchanged: every claim, its basis,
	// certificate and preferred mark.
	files := []string{path}
	for _, lang := range []locale.Lang{locale.RU, locale.ZH} {
		p, _ := writeXLSX(t, r, Request{Page: PageData, Lang: lang}, Options{}, filepath.Join(dir))
		files = append(files, p)
	}
	for _, sep := range []rune{';', ','} {
		var buf bytes.Buffer
		if _, err := rep(t, r, Request{Page: PageData, Lang: locale.RU}).WriteCSV(context.Background(), &buf, sep, Options{}); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, fmt.Sprintf("claims-%c.csv", sep))
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	for _, file := range files {
		if c := importFiles(t, db.Writer, true, file); c != (queries.Counts{Rows: len(claimFigures()), Unchanged: len(claimFigures())}) {
			t.Errorf("%s imports back as %+v, want %d unchanged", filepath.Base(file), c, len(claimFigures()))
		}
	}
}

// TestDefinitionsSheet: every report has the Definitions sheet: every
// current metric with its name, unit, tradedash's summary of its
// definition in the report's language, and the standard it follows (or
// that none does), the link as text, never a formula.
func TestDefinitionsSheet(t *testing.T) {
	db := queriestest.New(t, server)
	r := newReporter(db.Reader)
	for _, l := range locale.Langs() {
		path, _ := writeXLSX(t, r, Request{Page: PageData, Lang: l}, Options{}, t.TempDir())
		f := openXLSX(t, path)
		sheet := l.T("report.def.sheet")
		rows := rowsOf(t, f, sheet)
		if got := strings.Join(rows[2], "|"); !strings.Contains(got, l.T("report.def.col.definition")) {
			t.Errorf("%s: header %q", l, got)
		}
		i := 3
		for _, m := range tradedash.Metrics {
			if m.ReplacedBy != "" {
				continue
			}
			def, _ := reference.MetricByCode(m.Code)
			row := cell(1, i+1)
			if i >= len(rows) || rows[i][0] != m.Code {
				t.Errorf("%s: %s not on row %s", l, m.Code, row)
				i++
				continue
			}
			got := rows[i]
			for len(got) < len(definitionColumns) {
				got = append(got, "")
			}
			if got[1] != l.MetricName(m.Code) || got[3] == "" || got[3] != def.Definition(string(l)) {
				t.Errorf("%s: %s: %q", l, m.Code, got)
			}
			follows := def.Follows
			if follows == "" {
				follows = l.T("report.def.none")
			}
			if got[4] != follows || got[5] != def.FollowsURL {
				t.Errorf("%s: %s follows %q %q, want %q %q", l, m.Code, got[4], got[5], follows, def.FollowsURL)
			}
			for col := 1; col <= len(definitionColumns); col++ {
				if got[col-1] != "" {
					text(t, f, sheet, cell(col, i+1)) // text, never a formula
				}
			}
			i++
		}
		if i != len(rows) {
			t.Errorf("%s: %d rows, want %d", l, len(rows), i)
		}
	}
}
