package report

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"tradedash/locale"
	"tradedash/view"
)

// TestLibreOfficeRendersReport hands the reports to a real consumer:
// LibreOffice converts them to PDF headless, and the PDF has the pages the
// sheets make (each fitted to the page width; the summary and the chart
// sheet to one page each). The PDFs and PNG renders of their pages stay in
// artifacts/report for people to look at. The Chinese report is drawn
// with a CJK font, not as boxes: the PDF embeds one, and its text comes
// out Chinese. It fails, never skips, when LibreOffice, poppler or a CJK
// font is missing: make deps installs them.
func TestLibreOfficeRendersReport(t *testing.T) {
	const pairPages = 8 // summary, trade, participation, milestones, data, sources (two pages), definitions
	for _, tool := range []string{"soffice", "pdfinfo", "pdftoppm", "pdffonts", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: run make deps (Debian libreoffice-calc-nogui, poppler-utils)", tool)
		}
	}
	db := sampleDB(t)
	r := newReporter(db.Reader)
	art := artifactDir(t)
	for _, c := range []struct {
		name  string
		req   Request
		pages int      // summary + chart + data + sources + definitions
		texts []string // what the PDF's text says, among the rest
	}{
		{"overview-ru", Request{Page: PageOverview, Lang: locale.RU}, 5, []string{"ИННОПРОМ · Китай"}},
		{"compare-en", Request{Page: PageCompare, Lang: locale.EN,
			Params: view.Params{Exhibitions: []string{"innoprom"}, Countries: []string{"CN", "JP", "IN"}}}, 5, []string{"Countries compared at INNOPROM"}},
		{"overview-zh", Request{Page: PageOverview, Lang: locale.ZH}, 5,
			[]string{"叶卡捷琳堡国际工业博览会 · 中国：参展数据", "报告生成时间", "参展情况变化", "精确度"}},
		{"pair-ru", Request{Page: PagePair, Pair: view.PairParams{A: "RU", B: "CN"}, Lang: locale.RU}, pairPages,
			[]string{"Россия и Китай: торговля и участие в выставках", "Товарооборот, данные: Китай"}},
		{"pair-zh", Request{Page: PagePair, Pair: view.PairParams{A: "RU", B: "CN"}, Lang: locale.ZH}, pairPages,
			[]string{"俄罗斯与中国：贸易与参展", "中国统计：贸易总额", "申报国"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path, _ := writeXLSX(t, r, c.req, Options{}, dir)
			xlsx := filepath.Join(dir, c.name+".xlsx")
			if err := os.Rename(path, xlsx); err != nil {
				t.Fatal(err)
			}
			// A profile of its own, so that tests running at once do not
			// share LibreOffice's lock.
			cmd := exec.Command("soffice", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
				"--headless", "--convert-to", "pdf", "--outdir", dir, xlsx)
			cmd.Env = append(os.Environ(), "HOME="+dir)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("soffice: %v\n%s", err, out)
			}
			pdf := filepath.Join(dir, c.name+".pdf")
			info, err := exec.Command("pdfinfo", pdf).CombinedOutput()
			if err != nil {
				t.Fatalf("no PDF: %v\n%s", err, info)
			}
			m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(info)
			if m == nil {
				t.Fatalf("pdfinfo: %s", info)
			}
			if n, _ := strconv.Atoi(string(m[1])); n != c.pages {
				t.Errorf("the PDF has %d pages, want %d", n, c.pages)
			}
			txt, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").CombinedOutput()
			if err != nil {
				t.Fatalf("pdftotext: %v\n%s", err, txt)
			}
			for _, want := range c.texts {
				if !strings.Contains(string(txt), want) {
					t.Errorf("the PDF's text lacks %q", want)
				}
			}
			if c.req.Lang == locale.ZH {
				// Without a CJK font LibreOffice draws Chinese as boxes
				// in a Latin font, and embeds no CJK one.
				fonts, err := exec.Command("pdffonts", pdf).CombinedOutput()
				if err != nil {
					t.Fatalf("pdffonts: %v\n%s", err, fonts)
				}
				if !regexp.MustCompile(`(?i)CJK|WenQuanYi|WQY|Han ?Sans|Han ?Serif`).Match(fonts) {
					t.Errorf("the Chinese PDF embeds no CJK font (install fonts-noto-cjk):\n%s", fonts)
				}
			}
			for _, name := range []string{c.name + ".xlsx", c.name + ".pdf"} {
				b, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(art, name), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if out, err := exec.Command("pdftoppm", "-r", "80", "-png", pdf, filepath.Join(art, c.name)).CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v\n%s", err, out)
			}
			pngs, _ := filepath.Glob(filepath.Join(art, c.name+"-*.png"))
			if len(pngs) != c.pages {
				t.Errorf("%d PNG pages: %s", len(pngs), strings.Join(pngs, " "))
			}
		})
	}
}
