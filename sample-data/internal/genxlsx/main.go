// Command genxlsx writes sample-data/innoprom-china.xlsx: China's
// participation in INNOPROM in the wide form, with Russian headers and a
// title row above them, as an official fills such a table in.
//
// Every figure is from /work/shared/data/innoprom-facts.md and carries its
// source URL. Run it from sample-data (go generate does):
//
//	go run ./internal/genxlsx
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/xuri/excelize/v2"
)

// The sources cited, by their key in the facts file.
const (
	s1  = "https://expo.innoprom.com/ru/media/news/experts-from-skoltech-sibur-and-tmk-will-discuss"
	s3  = "http://pervonachalno.ru/louter908.htm"
	s4  = "https://shijiazhuang.baogaosu.com/xinwen/35136123"
	s6  = "http://en.urbc.ru/1067994090-production-efficiency-might-become-theme-for-innoprom-2015.html"
	s9  = "http://sputniknews.cn/20160713/1020094056.html"
	s10 = "https://xn----7sbbe6addecj3bpgj0a0fvd.xn--p1ai/news/item/15030"
	s14 = "http://ural-news.net/economy/2018/07/11/175911.html"
	s15 = "https://m.gdi8.cn/index/help/help_details.html?article_id=5871"
	s26 = "https://dk.ru/amp/news/237187124"
	s27 = "https://amp.ura.news/news/1052665568"
	s29 = "https://serbia.news-pravda.com/world/2024/07/11/68680.html"
	s31 = "https://sputniknews.cn/amp/20240711/1060352515.html"
	s33 = "https://ural.aif.ru/amp/society/devyatoe-rossiysko-kitayskoe-ekspo-startovalo-v-ekaterinburge"
	s46 = "https://scholarmate.com/S/PvJ3KR"
)

// row is one line of the table. A wide row has one status, basis,
// preference and source for all its figures, so figures that differ in any
// of them are on rows of their own; a claim that disagrees with another
// source's is a row of its own too. A value is an int (a numeric cell), a
// string (text as written, "более 400"), or nil (an empty cell).
//
// The basis follows the source's site (sample-data/README.md): the
// organiser's site is «организатор», every news site «СМИ». preferred («да»)
// marks the claim tradedash showed before issue 11 where two press claims
// of one figure would otherwise be chosen by row order.
type row struct {
	year         int
	country      string
	participants any // «Участники (как в источнике)»: companies as the source counts them
	area         any // «Площадь, м²»: net or gross not stated
	status       string
	basis        string
	preferred    bool
	source       string
	note         string
}

var rows = []row{
	{2015, "Китай", 150, nil, "факт", "СМИ", true, s3,
		"Китай — первая страна-партнёр ИННОПРОМ (" + s1 + "). «Свою продукцию на выставке представили 150 китайских компаний»."},
	{2015, "КНР", "более 130", nil, "факт", "СМИ", false, s4,
		"Китайский источник: более 130 китайских компаний из десяти отраслей приглашены к участию."},
	{2015, "КНР", nil, 15000, "план", "СМИ", false, s6,
		"План площади китайской экспозиции, объявленный в августе 2014 г."},
	{2016, "Китай", "более 250", nil, "факт", "СМИ", false, s9,
		"3-е Российско-Китайское ЭКСПО параллельно с ИННОПРОМ; более 2 000 китайских предпринимателей (" + s10 + ")."},
	{2018, "Китай", 186, nil, "факт", "СМИ", true, s15,
		"5-е Российско-Китайское ЭКСПО: 186 компаний из 14 провинций."},
	{2018, "Китай", nil, 5518, "факт", "СМИ", false, s15,
		"5-е Российско-Китайское ЭКСПО: китайская часть; всего ЭКСПО 8 500 м², российская часть 2 982 м²."},
	{2018, "Китай", 180, nil, "факт", "СМИ", false, s14,
		"5-е Российско-Китайское ЭКСПО: 180 компаний из 15 провинций (предварительные данные)."},
	{2020, "Китай", nil, 5500, "план", "СМИ", false, s46,
		"7-е Российско-Китайское ЭКСПО планировалось на 8 300 м², из них 5 500 м² — китайская часть; " +
			"ИННОПРОМ-2020 отменён, ЭКСПО перенесено (состоялось в 2023 г.)."},
	{2023, "Китай", "более 400", nil, "факт", "организатор", false, s1,
		"7-е Российско-Китайское ЭКСПО: более 400 китайских компаний, ассоциаций и регионов КНР. " +
			"Общая площадь экспозиции ЭКСПО, 10 тыс. м², — в innoprom-figures.csv (russia_china_expo)."},
	{2023, "Китай", 400, nil, "факт", "СМИ", false, s26,
		"Из 1,1 тыс. компаний ИННОПРОМ 400 — в рамках Российско-Китайского ЭКСПО."},
	{2023, "Китай", "более 370", nil, "факт", "СМИ", false, s27,
		"Более 370 компаний из Китая, в том числе 161 производитель."},
	{2024, "Китай", "около 300", nil, "факт", "СМИ", true, s29,
		"Крупнейшая иностранная группа участников."},
	{2024, "Китай", "около 300", nil, "факт", "СМИ", false, s31, ""},
	{2024, "КНР", nil, "более 3 800", "прогноз", "организатор", false, s1,
		"Прогноз из анонса от 17 марта 2024 г.: стенды компаний из КНР займут более 3 800 кв. м."},
	{2025, "Китай", "более 300", nil, "факт", "СМИ", false, s33,
		"9-е Российско-Китайское ЭКСПО: более 300 компаний из 18 провинций и городов Китая. " +
			"Площадь ЭКСПО, 10 тыс. м², — в innoprom-figures.csv (russia_china_expo)."},
}

const (
	sheet     = "Китай"
	title     = "Участие Китая в ИННОПРОМ"
	headerRow = 3
)

// header names the figure columns so that the importer files them under
// the metric they are: «Участники (как в источнике)» is tradedash's own
// name of participants_reported (a count that does not say exhibitors),
// «Площадь, м²» is space_reported_m2 (net or gross not stated).
var header = []string{"Год", "Выставка", "Страна", "Участники (как в источнике)", "Площадь, м²", "Статус",
	"Основание", "Предпочтительный", "Источник", "Примечание"}

// widths of columns A..J, in characters.
var widths = []float64{8, 13, 9, 16, 14, 10, 13, 10, 48, 90}

func main() {
	out := flag.String("o", "innoprom-china.xlsx", "the workbook to write")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "genxlsx:", err)
		os.Exit(1)
	}
}

func write(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	// Fixed properties, so that the same rows give the same file.
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          title,
		Creator:        "tradedash sample data",
		LastModifiedBy: "tradedash sample data",
		Created:        "2024-03-17T00:00:00Z",
		Modified:       "2024-03-17T00:00:00Z",
		Language:       "ru-RU",
	}); err != nil {
		return err
	}
	titleStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	headStyle, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		Border:    borders(),
	})
	if err != nil {
		return err
	}
	textStyle, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, Border: borders()})
	if err != nil {
		return err
	}
	// #,##0 is shown with the reader's own grouping: "10 000" in Russian.
	numStyle, err := f.NewStyle(&excelize.Style{NumFmt: 3, Alignment: &excelize.Alignment{Vertical: "top"}, Border: borders()})
	if err != nil {
		return err
	}
	rightText, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "right"}, Border: borders()})
	if err != nil {
		return err
	}
	yearStyle, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}, Border: borders()})
	if err != nil {
		return err
	}

	if err := f.SetCellStr(sheet, "A1", title); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", titleStyle); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(header))
	if err := f.MergeCell(sheet, "A1", last+"1"); err != nil {
		return err
	}
	for i, h := range header {
		cell, _ := excelize.CoordinatesToCellName(i+1, headerRow)
		if err := f.SetCellStr(sheet, cell, h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, "A"+fmt.Sprint(headerRow), last+fmt.Sprint(headerRow), headStyle); err != nil {
		return err
	}
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return err
		}
	}

	for i, r := range rows {
		n := headerRow + 1 + i
		var preferred any
		if r.preferred {
			preferred = "да"
		}
		var note any
		if r.note != "" {
			note = r.note
		}
		cells := []any{r.year, "ИННОПРОМ", r.country, r.participants, r.area, r.status, r.basis, preferred, r.source, note}
		for j, v := range cells {
			cell, _ := excelize.CoordinatesToCellName(j+1, n)
			style := textStyle
			switch v := v.(type) {
			case nil:
			case int:
				if err := f.SetCellInt(sheet, cell, int64(v)); err != nil {
					return err
				}
				style = numStyle
				if j == 0 {
					style = yearStyle
				}
			case string:
				if err := f.SetCellStr(sheet, cell, v); err != nil {
					return err
				}
				if j == 3 || j == 4 {
					style = rightText
				}
			default:
				return fmt.Errorf("row %d: a %T value", n, v)
			}
			if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
				return err
			}
		}
	}
	lastRow := headerRow + len(rows)
	if err := f.AutoFilter(sheet, fmt.Sprintf("A%d:%s%d", headerRow, last, lastRow), nil); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: headerRow, TopLeftCell: fmt.Sprintf("A%d", headerRow+1), ActivePane: "bottomLeft",
	}); err != nil {
		return err
	}
	return f.SaveAs(path)
}

func borders() []excelize.Border {
	var b []excelize.Border
	for _, side := range []string{"left", "right", "top", "bottom"} {
		b = append(b, excelize.Border{Type: side, Color: "BFBFBF", Style: 1})
	}
	return b
}
