package sampledata

import (
	"encoding/csv"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// seedURL is the seed article, the project's origin (17 March 2024).
const seedURL = "https://expo.innoprom.com/ru/media/news/experts-from-skoltech-sibur-and-tmk-will-discuss"

// The figure columns of innoprom-china.xlsx: participants_reported and
// space_reported_m2 by the names the importer files them under.
const (
	xlsxParticipants = "Участники (как в источнике)"
	xlsxSpace        = "Площадь, м²"
)

// table is a sample file as rows of named cells.
type table struct {
	header []string
	rows   [][]string
	first  int // the line or worksheet row of rows[0], for messages
}

func (t table) get(row []string, col string) string {
	i := slices.Index(t.header, col)
	if i < 0 || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

func readCSV(t *testing.T, name string) table {
	t.Helper()
	f, err := Files.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(recs) < 2 {
		t.Fatalf("%s: no data rows", name)
	}
	return table{header: recs[0], rows: recs[1:], first: 2}
}

// readXLSX reads the first sheet, values as stored (numbers unformatted),
// with the header found under the title rows.
func readXLSX(t *testing.T, name string) table {
	t.Helper()
	r, err := Files.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true, UnzipSizeLimit: 16 << 20, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for i, row := range rows {
		if slices.Contains(row, "Год") && slices.Contains(row, "Источник") {
			return table{header: row, rows: rows[i+1:], first: i + 2}
		}
	}
	t.Fatalf("%s: no header row", name)
	return table{}
}

// plain takes the spaces and thousands commas out of a number as written:
// "более 3 800" is "более3800", "10,000" is "10000".
func plain(s string) string {
	return strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", ",", "").Replace(s)
}

func TestFilesEmbedded(t *testing.T) {
	names, err := fs.Glob(Files, "*")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"innoprom-china.xlsx", "innoprom-figures.csv", "innoprom-milestones.csv", "russia-at-chinese-fairs.csv", "russia-china-trade.csv"}
	if !slices.Equal(names, want) {
		t.Errorf("embedded files = %q, want %q", names, want)
	}
}

func TestHeaders(t *testing.T) {
	for name, want := range map[string][]string{
		"innoprom-figures.csv":        {"exhibition", "country", "year", "metric", "value", "status", "basis", "preferred", "source", "note"},
		"russia-at-chinese-fairs.csv": {"exhibition", "country", "year", "metric", "value", "status", "basis", "preferred", "source", "note"},
		"innoprom-milestones.csv":     {"date", "exhibition", "country", "title_ru", "title_en", "title_zh", "source", "note"},
	} {
		if got := readCSV(t, name).header; !slices.Equal(got, want) {
			t.Errorf("%s header = %q, want %q", name, got, want)
		}
	}
	want := []string{"Год", "Выставка", "Страна", xlsxParticipants, xlsxSpace, "Статус", "Основание", "Предпочтительный", "Источник", "Примечание"}
	if got := readXLSX(t, "innoprom-china.xlsx").header; !slices.Equal(got, want) {
		t.Errorf("innoprom-china.xlsx header = %q, want %q", got, want)
	}
}

// TestEverySourced checks that every data row has a source URL and that no
// row is left without a figure or a title.
func TestEverySourced(t *testing.T) {
	tables := map[string]struct {
		t      table
		source string
		needs  []string // columns of which at least one must be filled
	}{
		"innoprom-figures.csv":        {readCSV(t, "innoprom-figures.csv"), "source", []string{"value"}},
		"russia-at-chinese-fairs.csv": {readCSV(t, "russia-at-chinese-fairs.csv"), "source", []string{"value"}},
		"innoprom-milestones.csv":     {readCSV(t, "innoprom-milestones.csv"), "source", []string{"title_ru"}},
		"innoprom-china.xlsx":         {readXLSX(t, "innoprom-china.xlsx"), "Источник", []string{xlsxParticipants, xlsxSpace}},
	}
	for name, f := range tables {
		n := 0
		for i, row := range f.t.rows {
			if strings.Join(row, "") == "" {
				continue
			}
			n++
			line := f.t.first + i
			if src := f.t.get(row, f.source); !strings.HasPrefix(src, "http://") && !strings.HasPrefix(src, "https://") || strings.ContainsAny(src, " ,;") {
				t.Errorf("%s:%d: source %q is not one URL", name, line, src)
			}
			filled := false
			for _, c := range f.needs {
				filled = filled || f.t.get(row, c) != ""
			}
			if !filled {
				t.Errorf("%s:%d: none of %q filled", name, line, f.needs)
			}
		}
		if n == 0 {
			t.Errorf("%s: no data rows", name)
		}
	}
}

// TestSeedFigures checks that what the seed article says is in the files,
// as it says it.
func TestSeedFigures(t *testing.T) {
	ms := readCSV(t, "innoprom-milestones.csv")
	milestone := func(what, year, exhibition, country, titleRU string) {
		t.Helper()
		for _, row := range ms.rows {
			if strings.HasPrefix(ms.get(row, "date"), year) && ms.get(row, "exhibition") == exhibition &&
				ms.get(row, "country") == country && strings.Contains(ms.get(row, "title_ru"), titleRU) &&
				ms.get(row, "source") == seedURL {
				return
			}
		}
		t.Errorf("milestones: no %s (%s, %s, %s, %q, source %s)", what, year, exhibition, country, titleRU, seedURL)
	}
	milestone("China the first partner country", "2015", "innoprom", "CN", "первая страна-партнёр")
	milestone("2016 Russian-Chinese EXPO alongside INNOPROM", "2016", "innoprom", "CN", "параллельно с ИННОПРОМ")
	milestone("2018 Russian-Chinese EXPO alongside INNOPROM", "2018", "innoprom", "CN", "параллельно с ИННОПРОМ")
	milestone("Alexey Orlov's visit to China", "2024-03", "innoprom", "CN", "Алексей Орлов")
	milestone("the 14th INNOPROM, 8–11 July 2024", "2024-07-08", "innoprom", "ALL", "14-я")

	x := readXLSX(t, "innoprom-china.xlsx")
	figure := func(what, year, metric, value, status string) {
		t.Helper()
		for _, row := range x.rows {
			if x.get(row, "Год") == year && x.get(row, "Выставка") == "ИННОПРОМ" &&
				slices.Contains([]string{"Китай", "КНР"}, x.get(row, "Страна")) &&
				plain(x.get(row, metric)) == plain(value) && x.get(row, "Статус") == status &&
				x.get(row, "Источник") == seedURL {
				return
			}
		}
		t.Errorf("innoprom-china.xlsx: no %s (%s, %s %q, %s, source %s)", what, year, metric, value, status, seedURL)
	}
	figure("over 400 Chinese participants in 2023", "2023", xlsxParticipants, "более 400", "факт")
	figure("over 3 800 m² forecast for 2024", "2024", xlsxSpace, "более 3 800", "прогноз")

	// The seed's 10 000 m² is the total area of the 7th Russian-Chinese
	// EXPO's exposition, not China's: it is a claim of the EXPO's figure.
	fs := readCSV(t, "innoprom-figures.csv")
	found := false
	for _, row := range fs.rows {
		found = found || fs.get(row, "exhibition") == "russia_china_expo" && fs.get(row, "country") == "ALL" &&
			fs.get(row, "year") == "2023" && fs.get(row, "metric") == "space_reported_m2" &&
			fs.get(row, "value") == "10000" && fs.get(row, "status") == "actual" && fs.get(row, "source") == seedURL
	}
	if !found {
		t.Errorf("innoprom-figures.csv: no 10 000 m² of the 7th Russian-Chinese EXPO in 2023 (russia_china_expo, ALL, space_reported_m2, source %s)", seedURL)
	}
}

// TestValuesAsWritten checks the cell types of the workbook: a qualified
// value is text as written, a plain number is a number.
func TestValuesAsWritten(t *testing.T) {
	x := readXLSX(t, "innoprom-china.xlsx")
	for i, row := range x.rows {
		for _, col := range []string{xlsxParticipants, xlsxSpace} {
			v := x.get(row, col)
			if v == "" {
				continue
			}
			digits := strings.Trim(v, "0123456789") == ""
			if !digits && !strings.HasPrefix(v, "более ") && !strings.HasPrefix(v, "около ") {
				t.Errorf("innoprom-china.xlsx:%d: %s %q is neither a number nor a qualified value", x.first+i, col, v)
			}
		}
	}
	for _, name := range []string{"innoprom-figures.csv", "russia-at-chinese-fairs.csv"} {
		fs := readCSV(t, name)
		for i, row := range fs.rows {
			switch st := fs.get(row, "status"); st {
			case "actual", "planned", "forecast":
			default:
				t.Errorf("%s:%d: status %q", name, fs.first+i, st)
			}
		}
	}
}

// sourcedTitlesZH are the Chinese titles of milestones, each a sentence
// a Chinese-language source writes about the milestone, copied as written
// there (the 2018 one from the source's traditional characters into
// simplified ones), with the URL of that source. The sources are stored
// copies of the pages innoprom-facts.md cites (S4, S9, S15, S31). A
// title_zh is never a translation of our own.
var sourcedTitlesZH = map[string]string{
	"中国是本届展会主宾国": "https://shijiazhuang.baogaosu.com/xinwen/35136123", // S4, on INNOPROM-2015
	"第三届俄中博览会于7月11日在叶卡捷琳堡国际展览中心正式开幕": "http://sputniknews.cn/20160713/1020094056.html",                 // S9
	"第五届中国-俄罗斯博览会9日至12日在俄罗斯叶卡捷琳堡召开":  "https://m.gdi8.cn/index/help/help_details.html?article_id=5871", // S15
	"第14届国际工业博览会于7月8日至11日举行":         "https://sputniknews.cn/amp/20240711/1060352515.html",            // S31
	"第14届国际工业博览会的伙伴国是阿拉伯联合酋长国":       "https://sputniknews.cn/amp/20240711/1060352515.html",            // S31
}

// TestChineseTitlesSourced checks that every title_zh of the milestones is
// a sourced one, and that its row cites the source it was copied from.
// Without a title_zh the pages fall back to English, then Russian.
func TestChineseTitlesSourced(t *testing.T) {
	ms := readCSV(t, "innoprom-milestones.csv")
	for i, row := range ms.rows {
		zh := ms.get(row, "title_zh")
		if zh == "" {
			continue
		}
		line := ms.first + i
		url, ok := sourcedTitlesZH[zh]
		switch {
		case !ok:
			t.Errorf("innoprom-milestones.csv:%d: title_zh %q is not one a Chinese-language source gives (sourcedTitlesZH)", line, zh)
		case ms.get(row, "source") != url && !strings.Contains(ms.get(row, "note"), url):
			t.Errorf("innoprom-milestones.csv:%d: title_zh %q is from %s, which the row does not cite", line, zh, url)
		}
	}
}
