package ingest

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

var gen = flag.Bool("gen", false, "rewrite the input files in testdata")

// TestGenerateTestdata writes the input files in testdata the way the
// programs people use write them: Russian Excel's Windows-1251 CSV with
// semicolons and CRLF, Excel's UTF-16 "Unicode text", workbooks with
// merged title and header cells and formatted numbers. The files are
// committed; run with -gen after changing them here:
//
//	go test ./ingest -run TestGenerateTestdata -gen
func TestGenerateTestdata(t *testing.T) {
	if !*gen {
		t.Skip("run with -gen to rewrite testdata")
	}
	for name, content := range textFiles {
		writeFile(t, name, []byte(content))
	}
	cp, err := charmap.Windows1251.NewEncoder().String(crlf(figures1251))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, "figures-cp1251.csv", []byte(cp))
	u16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(crlf(figuresUTF16))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, "figures-utf16.txt", []byte(u16))
	writeFile(t, "broken/old.xls", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 504)...))
	writeFile(t, "broken/image.csv", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"))
	writeFile(t, "broken/report.csv", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"))
	writeFile(t, "broken/empty.csv", nil)
	writeFile(t, "broken/binary.csv", []byte("id;data\n1;\x00\x01\x02\x03\xff\xfe\n"))
	makeFiguresXLSX(t)
	makeExportXLSX(t)
	makeTrustXLSX(t)
	makeChineseTestdata(t)
	makeTradeTestdata(t)
	makeGACCTestdata(t)
	makeWideTradeTestdata(t)
}

func writeFile(t *testing.T, name string, b []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

// figures1251 is a wide-form table as a Russian office saves it from Excel:
// a title row, a blank row, "3 800" with a no-break space, decimal commas,
// qualifiers in the values, a total row. Figures are from
// shared/data/innoprom-facts.md.
const figures1251 = "Участие Китая в выставке ИННОПРОМ;;;;;;;;\n" +
	";;;;;;;;\n" +
	"Год;Выставка;Страна;Компании;Площадь, кв. м;Посетители;Статус;Источник;Примечание\n" +
	"2015;ИННОПРОМ;КНР;150;;;факт;http://pervonachalno.ru/louter908.htm;«130+» по данным baogaosu.com\n" +
	"2015;ИННОПРОМ;все;;;52\u00a0000;факт;https://eburg.veved.ru/eburg/news/63144-innoprom-2015-uvelichil-poseshhaemost-na-14/amp.html;уникальных посетителей\n" +
	"2016;ИННОПРОМ;Все страны;638;;более 50\u00a0000;факт;http://tass.com/economy/955370;\n" +
	"2018;Российско-Китайское ЭКСПО;Китай;186;5\u00a0518;;факт;https://m.gdi8.cn/index/help/help_details.html?article_id=5871;5-е ЭКСПО\n" +
	"2018;Российско-Китайское ЭКСПО;все;;8,5 тыс.;;факт;https://m.gdi8.cn/index/help/help_details.html?article_id=5871;\n" +
	"2023;ИННОПРОМ-2023;Китай;более 400;10 тыс.;;факт;https://expo.innoprom.com/ru/media/news/experts-from-skoltech-sibur-and-tmk-will-discuss;\n" +
	"2024;ИННОПРОМ;Китай;около 300;;;факт;https://serbia.news-pravda.com/world/2024/07/11/68680.html;\n" +
	"2024;ИННОПРОМ;Китай;;более 3\u00a0800;;прогноз;https://expo.innoprom.com/ru/media/news/experts-from-skoltech-sibur-and-tmk-will-discuss;прогноз марта 2024\n" +
	";;;;;;;;\n" +
	"Итого;;;1\u00a0674;;;;;\n" +
	"* по данным организаторов и СМИ;;;;;;;;\n"

// figuresUTF16 is Excel's "Unicode text": UTF-16LE with a byte-order mark,
// tab-separated.
const figuresUTF16 = "Год проведения\tВыставка\tСтрана-участник\tКоличество компаний\tИсточник (URL)\n" +
	"2013\tИННОПРОМ\tВсе\t550\thttp://politsovet.ru/42455-innoprom-poteryal-populyarnost.html\n" +
	"2017\tИННОПРОМ\tВсе\tболее 600\thttps://japan.go.jp/tomodachi/2017/japan_and_russia_edition_2017/innoprom.html\n" +
	"2018\tИННОПРОМ\tВсе\tоколо 600\thttps://etoday.co.kr/news/view/1639575\n"

// textFiles are inputs that are plain UTF-8 text.
var textFiles = map[string]string{
	// Long form, UTF-8 with a byte-order mark, comma-separated, quoted
	// fields with commas in them. "10,000" m² is read as the file writes
	// its counts ("~50,000" visitors): the comma separates thousands.
	"figures-long-bom.csv": "\ufeffyear,exhibition,country,metric,value,qualifier,status,source,note\n" +
		"2023,INNOPROM,CN,companies,400,over,actual,https://dk.ru/amp/news/237187124,\"companies, associations and regions; 370+ companies per ura.news\"\n" +
		"2023,innoprom,China,area_m2,\"10,000\",,actual,https://amp.ura.news/news/1052665568,\n" +
		"2024,INNOPROM-2024,PRC,area_m2,3800+,,forecast,https://expo.innoprom.com/ru/media/news/experts-from-skoltech-sibur-and-tmk-will-discuss,March 2024 forecast\n" +
		"2025,russia_china_expo,CN,area_m2,10 000,,actual,https://ural.aif.ru/amp/society/devyatoe-rossiysko-kitayskoe-ekspo-startovalo-v-ekaterinburge,9th EXPO\n" +
		"2025,innoprom,ALL,visitors,\"~50,000\",,forecast,https://forumradio.ru/?p=32742,expected\n" +
		"2021,innoprom,all,companies,более 500,,actual,https://moscow.madeinrussia.ru/ja/news/4768,over 600 per rg.ru\n" +
		"2021,innoprom,все,countries,11,,actual,https://moscow.madeinrussia.ru/ja/news/4768,\"22 countries per rg.ru\"\n" +
		"2023,canton_fair,RU,visitors,about 10000,,actual,https://www.globaltimes.cn/page/202304/1289305.shtml,133rd session\n",
	// Tab-separated, English headers, a number column with units.
	"figures.tsv": "Year\tExhibition\tCountry\tExhibitors\tArea, m2\tVisitors\tSource\n" +
		"2013\tINNOPROM\tAll\t550\t\tover 53,000\thttp://politsovet.ru/42455-innoprom-poteryal-populyarnost.html\n" +
		"2024\tINNOPROM\tAll\t900\t50 000 m²\t47,000\thttps://ru24.pro/ekaterinburg/383282192\n" +
		"2024\tINNOPROM\tChina\tabout 300\t\t\thttps://sputniknews.cn/amp/20240711/1060352515.html\n",
	// Excel's "sep=;" line, a row-number column, a row of units under
	// the header, a header that counts in thousands, a numbered total row.
	"figures-units.csv": "sep=;\n" +
		"№;Год;Выставка;Страна;Посетители, тыс. чел.;Площадь;Источник\n" +
		";;;;;кв. м;\n" +
		"1;2023;ИННОПРОМ;все;46;;https://dk.ru/amp/news/237187124\n" +
		"2;2024;ИННОПРОМ;все;47;50 тыс.;https://ru24.pro/ekaterinburg/383282192\n" +
		"3;2021;ИННОПРОМ;все;около 20;37 000;https://tass.ru/ekonomika/11790501/amp\n" +
		"Итого;2024;ИННОПРОМ;все;113;;https://ru24.pro/ekaterinburg/383282192\n",
	// Multipliers written into values, English and Russian, before a mark
	// and three digits: "1,250 thousand" is 1,250,000, "1,250 тыс." 1250.
	"figures-multipliers.csv": "Год;Выставка;Страна;Посетители;Площадь, м²;Источник\n" +
		"2022;ИННОПРОМ;все;\"1,250 thousand\";12.5 thousand;https://a.example/1\n" +
		"2023;ИННОПРОМ;все;\"1,250 тыс.\";\"50,5 тыс.\";https://a.example/2\n" +
		"2024;ИННОПРОМ;все;\"2,100 thousand\";\"1.300 тыс.\";https://a.example/3\n",
	"milestones.csv": "Дата,Выставка,Страна,Название,Title,Источник\n" +
		"2015,ИННОПРОМ,Китай,Китай — первая страна-партнёр ИННОПРОМ,China becomes INNOPROM's first partner country,https://expo.innoprom.com/ru/media/news/experts-from-skoltech-sibur-and-tmk-will-discuss\n" +
		"11.07.2016,Российско-Китайское ЭКСПО,КНР,3-е Российско-Китайское ЭКСПО на ИННОПРОМ,3rd Russian-Chinese EXPO at INNOPROM,http://sputniknews.cn/20160713/1020094056.html\n" +
		"июль 2018,Российско-Китайское ЭКСПО,КНР,5-е Российско-Китайское ЭКСПО в Екатеринбурге,5th Russian-Chinese EXPO in Yekaterinburg,https://m.gdi8.cn/index/help/help_details.html?article_id=5871\n" +
		"2020-03,ИННОПРОМ-2020,все,ИННОПРОМ-2020 перенесён,INNOPROM 2020 postponed,https://tass.ru/ekonomika/8106473\n" +
		"2023-07-10,ИННОПРОМ,Беларусь,Беларусь — страна-партнёр,Belarus is the partner country,https://dk.ru/amp/news/237187124\n" +
		"17–21 мая 2024,Российско-Китайское ЭКСПО,Китай,8-е ЭКСПО в Харбине,8th EXPO in Harbin,https://energy.s-kon.ru/nachalas-podgotovka-k-ih-rossijsko-kitajskomu-ekspo\n" +
		"\"July 7, 2025\",INNOPROM,Saudi Arabia,Саудовская Аравия — страна-партнёр,Saudi Arabia is the partner country,https://kazan-news.net/economy/2025/07/07/535367.html\n" +
		",ИННОПРОМ-2024,ОАЭ,ОАЭ — страна-партнёр,,https://ru24.pro/ekaterinburg/383282192\n",
	// Every kind of mistake a row can have, one or two per row.
	"broken/problems.csv": "Год;Выставка;Страна;Компании;Площадь;Статус;Источник;Примечание;Ответственный\n" +
		"2023;ИННОПРОМ;Китаи;400;;факт;https://a.example/1;;\n" +
		"2023;Инопром;Китай;400;;факт;https://a.example/2;;\n" +
		"1850;ИННОПРОМ;Китай;400;;факт;https://a.example/3;;\n" +
		"2024;ИННОПРОМ-2023;Китай;400;;факт;https://a.example/4;;\n" +
		"2022;ИННОПРОМ;Китай;много;;факт;https://a.example/5;;\n" +
		"2021;ИННОПРОМ;Китай;400,5;-5;факт;https://a.example/6;;\n" +
		"2020;ИННОПРОМ;Китай;2000000;20 000 000;факт;https://a.example/7;;\n" +
		"2019;ИННОПРОМ;Китай;NaN;Inf;факт;https://a.example/8;;\n" +
		"2018;ИННОПРОМ;Китай;300-500;400 компаний;вероятно;https://a.example/9;;\n" +
		"2017;ИННОПРОМ;;600;;факт;https://a.example/10;;\n" +
		"2016;ИННОПРОМ;Китай;250;;факт;https://a.example/11;;\n" +
		"2016;ИННОПРОМ;Китай;250;;факт;https://a.example/11;повтор;\n" +
		"2016;ИННОПРОМ;КНР;более 250;;факт;https://a.example/12;;\n" +
		"2016;ИННОПРОМ;КНР;;100;факт;;;\n" +
		"2015;ИННОПРОМ;Китай;150;;прогноз;https://a.example/13;\x1b[31mкрасный\x1b[0m;Иванов\n" +
		"2014;;Китай;150;;факт;https://a.example/14;;\n" +
		"Год;Выставка;Страна;Компании;Площадь;Статус;Источник;Примечание;Ответственный\n" +
		"2013;ИННОПРОМ;Китай;\"550\"\"\";;факт;https://a.example/15;;\n" +
		"2013;ИННОПРОМ;Китай;55\"0;;факт;https://a.example/15;;\n" +
		"2012;ИННОПРОМ;Китай;500;;план;https://a.example/16;;\n" +
		"2012;ИННОПРОМ;Китай;500;;факт;https://a.example/16;;\n" +
		"2013;ИННОПРОМ;Китай;550;;факт;https://a.example/16;;;лишнее\n" +
		"Всего;;;3000;;;;;\n",
	"broken/no-exhibition.csv": "Год,Страна,Компании,Источник\n2023,Китай,400,https://a.example\n",
	"broken/no-header.csv":     "Отчёт о выставке\nпервая строка\n2023,Китай,400\n",
	"broken/header-only.csv":   "year,exhibition,country,companies,source\n",
	"broken/no-source.csv":     "year,exhibition,country,companies\n2023,innoprom,CN,400\n",
	"broken/html.xls":          "<html><body><table><tr><td>Год</td><td>Выставка</td></tr></table></body></html>\n",
	"broken/both-forms.csv":    "year,exhibition,country,metric,value,companies,source\n2023,innoprom,CN,companies,400,400,https://a.example\n",
	"broken/unclosed-quote.csv": "year,exhibition,country,companies,source,note\n" +
		"2023,innoprom,CN,400,https://a.example,\"a note that never ends\n" +
		"2024,innoprom,CN,300,https://a.example,\n",
}

// makeFiguresXLSX builds a workbook the way a person builds one in a
// spreadsheet program: a merged title, a two-row header with merged cells,
// numbers formatted with thousands separators, a year typed as a date and
// formatted "yyyy", text with qualifiers, a total row with a formula, and a
// second sheet of notes.
func makeFiguresXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	const s = "Лист1"
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", s))
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	must(err)
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	must(err)
	thousands, err := f.NewStyle(&excelize.Style{NumFmt: 3}) // #,##0
	must(err)
	yyyy := "yyyy"
	year, err := f.NewStyle(&excelize.Style{CustomNumFmt: &yyyy})
	must(err)

	must(f.SetCellValue(s, "A1", "Участие Китая в выставке ИННОПРОМ, 2015–2024"))
	must(f.MergeCell(s, "A1", "H1"))
	must(f.SetCellStyle(s, "A1", "A1", bold))
	for _, c := range []struct{ cell, end, text string }{
		{"A3", "A4", "Год"}, {"B3", "B4", "Выставка"}, {"C3", "C4", "Страна"}, {"D3", "F3", "Показатели"},
		{"G3", "G4", "Статус"}, {"H3", "H4", "Источник"},
	} {
		must(f.SetCellValue(s, c.cell, c.text))
		must(f.MergeCell(s, c.cell, c.end))
	}
	must(f.SetCellValue(s, "D4", "Компании"))
	must(f.SetCellValue(s, "E4", "Площадь, м²"))
	must(f.SetCellValue(s, "F4", "Посетители"))
	must(f.SetCellStyle(s, "A3", "H4", header))
	rows := [][]any{
		{2016, "ИННОПРОМ", "Все", 638, nil, "более 50 000", "факт", "http://tass.com/economy/955370"},
		{2018, "Российско-Китайское ЭКСПО", "Китай", 186, 5518, nil, "факт", "https://m.gdi8.cn/index/help/help_details.html?article_id=5871"},
		{time.Date(2023, 7, 10, 0, 0, 0, 0, time.UTC), "ИННОПРОМ", "Китай", "более 400", 10000, nil, "факт", "https://dk.ru/amp/news/237187124"},
		{2024, "ИННОПРОМ", "Все страны", 900, 50000, 47000, "факт", "https://serbia.news-pravda.com/world/2024/07/11/68680.html"},
		{2024, "ИННОПРОМ", "КНР", nil, "более 3 800", nil, "прогноз", "https://expo.innoprom.com/ru/media/news/experts-from-skoltech-sibur-and-tmk-will-discuss"},
	}
	for i, row := range rows {
		r := 5 + i
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, r)
			if v != nil {
				must(f.SetCellValue(s, cell, v))
			}
		}
		must(f.SetCellStyle(s, cellName(4, r), cellName(6, r), thousands))
	}
	must(f.SetCellStyle(s, "A7", "A7", year))
	must(f.SetCellValue(s, "A11", "Итого"))
	must(f.SetCellFormula(s, "D11", "SUM(D5:D9)"))
	must(f.SetColWidth(s, "A", "H", 18))
	_, err = f.NewSheet("Примечания")
	must(err)
	must(f.SetCellValue("Примечания", "A1", "Данные из открытых источников; см. shared/data/innoprom-facts.md"))
	must(f.SaveAs(filepath.Join("testdata", "figures.xlsx")))
}

// makeExportXLSX builds a workbook shaped like our own export: a summary
// sheet first, the long-form data on a sheet named "Данные".
func makeExportXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Сводка"))
	must(f.SetCellValue("Сводка", "A1", "Выгрузка tradedash"))
	_, err := f.NewSheet("Данные")
	must(err)
	rows := [][]any{
		{"Год", "Выставка", "Страна", "Показатель", "Значение", "Точность", "Статус", "Источник", "Примечание"},
		{2023, "ИННОПРОМ", "Китай", "Компании", 400, "более", "факт", "https://dk.ru/amp/news/237187124", "'=в том числе ассоциации и регионы"},
		{2023, "ИННОПРОМ", "Китай", "Площадь, м²", 10000, "точно", "факт", "https://amp.ura.news/news/1052665568", nil},
		{2024, "ИННОПРОМ", "Китай", "Площадь, м²", 3800, "более", "прогноз", "https://expo.innoprom.com/ru/media/news/experts-from-skoltech-sibur-and-tmk-will-discuss", "'+прогноз марта"},
		{2024, "ИННОПРОМ", "Все страны", "Страны", 60, nil, "факт", "https://serbia.news-pravda.com/world/2024/07/11/68680.html", "46 по данным ru24.pro"},
	}
	for i, row := range rows {
		for j, v := range row {
			if v != nil {
				must(f.SetCellValue("Данные", cellName(j+1, i+1), v))
			}
		}
	}
	must(f.SaveAs(filepath.Join("testdata", "export.xlsx")))
}

func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}
