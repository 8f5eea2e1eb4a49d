package report

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"tradedash"
	"tradedash/locale"
	"tradedash/reference"
	"tradedash/view"
)

// templateRows is how many rows of the template's Data sheet have the
// drop-down lists: a year's figures of every exhibition and country an
// office reports fit many times over.
const templateRows = 1000

// The template's other sheets, and its texts. The column headers are in
// both languages (Russian above, English below: the importer reads the two
// rows as one header); the rest follows the language asked for.
var templateTexts = map[locale.Lang]struct {
	instructions, lists, yearPrompt, yearError, listPrompt, listWarning string
	howTo                                                               []string
	example                                                             string
}{
	locale.RU: {
		instructions: "Инструкция",
		lists:        "Списки",
		yearPrompt:   "Год проведения выставки, например 2026.",
		yearError:    "Год — целое число от 1900 до 2100.",
		listPrompt:   "Выберите из списка или впишите название или код.",
		listWarning:  "Такого значения нет в списке. Оставить его? При загрузке tradedash сверит его со справочником.",
		howTo: []string{
			"Как заполнить шаблон",
			"1. Заполняйте лист «Данные»: одна строка — одна выставка, одна страна и один год. Заголовки (строки 1–2) не меняйте.",
			"2. Выставку, страну и статус выберите из списка. Можно вписать и другое написание: «КНР», «China», код CN.",
			"3. Если цифры относятся ко всей выставке, а не к одной стране, выберите страну «Все страны».",
			"4. Значения пишите числом: 3800, 3 800, 10,5, «10 тыс.». Если точное число неизвестно, так и напишите: «более 400», «около 300», «до 500».",
			"5. Пустая ячейка — данных нет. Ноль пишите, только если его сообщил источник.",
			"6. Статус: факт (пусто — тоже факт), план или прогноз.",
			"7. Источник обязателен: ссылка на страницу или название документа, где взяты цифры. Примечание — по желанию.",
			"8. Сохраните файл (.xlsx) и загрузите: tradedash import ФАЙЛ.xlsx. Проверить без записи: tradedash import --dry-run ФАЙЛ.xlsx — будут показаны все ошибки с номерами строк.",
		},
		example: "Пример заполненной строки (реальные данные ИННОПРОМ-2023):",
	},
	locale.EN: {
		instructions: "Instructions",
		lists:        "Lists",
		yearPrompt:   "The year of the exhibition, e.g. 2026.",
		yearError:    "The year is a whole number from 1900 to 2100.",
		listPrompt:   "Choose from the list, or type a name or a code.",
		listWarning:  "This value is not in the list. Keep it? tradedash checks it against its reference data on import.",
		howTo: []string{
			"How to fill in this template",
			"1. Fill in the Data sheet: one row per exhibition, country and year. Leave the headers (rows 1–2) as they are.",
			"2. Choose the exhibition, the country and the status from the lists. Other spellings work too: “PRC”, “Китай”, the code CN.",
			"3. For figures about the whole exhibition rather than one country, choose the country “All countries”.",
			"4. Write values as numbers: 3800, 3,800, 10.5, “10 thousand”. When the exact number is not known, say so: “over 400”, “about 300”, “up to 500”.",
			"5. An empty cell means no figure. Write a zero only when the source says zero.",
			"6. Status: actual (empty means actual too), planned or forecast.",
			"7. The source is required: the link to the page, or the name of the document the figures come from. The note is optional.",
			"8. Save the file (.xlsx) and import it: tradedash import FILE.xlsx. To check it without writing: tradedash import --dry-run FILE.xlsx lists every problem by row.",
		},
		example: "A filled-in row (real figures of INNOPROM-2023):",
	},
}

// templateExample is the example row of the instructions: China at
// INNOPROM-2023 as the project's seed article gives it.
var templateExample = struct {
	year                int
	exhibition, country string
	values              map[string][2]string // metric: {ru, en}
	status              tradedash.Status
	source              string
}{
	year: 2023, exhibition: "innoprom", country: "CN",
	values: map[string][2]string{"companies": {"более 400", "over 400"}, "area_m2": {"10 000", "10,000"}},
	status: tradedash.Actual,
	source: "https://expo.innoprom.com/ru/media/news/experts-from-skoltech-sibur-and-tmk-will-discuss",
}

// templateColumns are the Data sheet's columns, wide form: one per metric.
func templateColumns() (ru, en []string) {
	r, e := wordsFor(locale.RU), wordsFor(locale.EN)
	for _, k := range []int{colYear, colExhibition, colCountry} {
		ru, en = append(ru, r.t(k)), append(en, e.t(k))
	}
	for _, m := range tradedash.Metrics {
		ru, en = append(ru, r.MetricName(m.Code)), append(en, e.MetricName(m.Code))
	}
	for _, k := range []int{colStatus, colSource, colNote} {
		ru, en = append(ru, r.t(k)), append(en, e.t(k))
	}
	return ru, en
}

// WriteTemplate writes the data-entry workbook an official fills in for
// the next year: the Data sheet with headers in Russian and English and
// drop-down lists for the exhibition, the country and the status, an
// instructions sheet with an example row, and the lists themselves on a
// hidden sheet. A filled template imports with `tradedash import` as it
// is. lang chooses the language of the lists and instructions.
func WriteTemplate(w io.Writer, lang locale.Lang, now time.Time) error {
	if lang != locale.EN {
		lang = locale.RU
	}
	tt := templateTexts[lang]
	wd := wordsFor(lang)
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f, lang)
	if err != nil {
		return err
	}
	wb := &workbook{f: f, w: wd, st: st}
	data := wd.t(sheetData)
	if err := f.SetSheetName("Sheet1", data); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	for _, s := range []string{tt.instructions, tt.lists} {
		if _, err := f.NewSheet(s); err != nil {
			return fmt.Errorf("template: %w", err)
		}
	}

	// The lists: every exhibition and country by a name the importer
	// resolves, in the language's alphabetical order.
	names := newImportNames(wd)
	var exhibitions []string
	for _, e := range reference.Exhibitions() {
		exhibitions = append(exhibitions, names.exhibition(e.Code))
	}
	var countries []string
	for _, c := range reference.Countries() {
		countries = append(countries, names.country(c.Alpha2))
	}
	tag := language.Russian
	if lang == locale.EN {
		tag = language.English
	}
	collate.New(tag).SortStrings(countries)
	countries = append([]string{names.country(tradedash.AllCountries)}, countries...)
	statuses := []string{wd.StatusName(tradedash.Actual), wd.StatusName(tradedash.Planned), wd.StatusName(tradedash.Forecast)}
	for col, list := range [][]string{exhibitions, countries, statuses} {
		for i, s := range list {
			if err := f.SetCellStr(tt.lists, cell(col+1, i+1), s); err != nil {
				return fmt.Errorf("template: %w", err)
			}
		}
	}
	if err := f.SetSheetVisible(tt.lists, false); err != nil {
		return fmt.Errorf("template: %w", err)
	}

	// The Data sheet.
	ru, en := templateColumns()
	if err := wb.header(data, 1, 1, ru); err != nil {
		return err
	}
	if err := wb.header(data, 1, 2, en); err != nil {
		return err
	}
	widths := []float64{8, 26, 24}
	for range tradedash.Metrics {
		widths = append(widths, 14)
	}
	widths = append(widths, 12, 50, 40)
	for i, width := range widths {
		if err := f.SetColWidth(data, colName(i+1), colName(i+1), width); err != nil {
			return fmt.Errorf("template: %w", err)
		}
	}
	intStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(fmtInteger)})
	if err != nil {
		return fmt.Errorf("template: %w", err)
	}
	firstMetric, lastMetric := colName(4), colName(3+len(tradedash.Metrics))
	if err := f.SetColStyle(data, firstMetric+":"+lastMetric, intStyle); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	if err := f.SetPanes(data, &excelize.Panes{Freeze: true, YSplit: 2, XSplit: 1, TopLeftCell: "B3", ActivePane: "bottomRight"}); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	rows := func(col int) string {
		return fmt.Sprintf("%s3:%s%d", colName(col), colName(col), 2+templateRows)
	}
	yearDV := excelize.NewDataValidation(true)
	yearDV.SetSqref(rows(1))
	if err := yearDV.SetRange(view.MinYear, view.MaxYear, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	yearDV.SetInput(wd.t(colYear), tt.yearPrompt)
	yearDV.SetError(excelize.DataValidationErrorStyleStop, wd.t(colYear), tt.yearError)
	dvs := []*excelize.DataValidation{yearDV}
	statusCol := 4 + len(tradedash.Metrics)
	for _, l := range []struct {
		col, listCol, n int
		title           string
	}{
		{2, 1, len(exhibitions), wd.t(colExhibition)},
		{3, 2, len(countries), wd.t(colCountry)},
		{statusCol, 3, len(statuses), wd.t(colStatus)},
	} {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(rows(l.col))
		dv.SetSqrefDropList(fmt.Sprintf("'%s'!$%s$1:$%s$%d", tt.lists, colName(l.listCol), colName(l.listCol), l.n))
		dv.SetInput(l.title, tt.listPrompt)
		// A warning, not a stop: "КНР" or a code is as good as the list's
		// name, and the importer checks every value anyway.
		dv.SetError(excelize.DataValidationErrorStyleWarning, l.title, tt.listWarning)
		dvs = append(dvs, dv)
	}
	for _, dv := range dvs {
		if err := f.AddDataValidation(data, dv); err != nil {
			return fmt.Errorf("template: %w", err)
		}
	}

	// The instructions, and the example row under them.
	ins := tt.instructions
	for i, line := range tt.howTo {
		style := st.wrap
		if i == 0 {
			style = st.title
		}
		c := cell(1, i+1)
		if err := f.SetCellStr(ins, c, line); err != nil {
			return fmt.Errorf("template: %w", err)
		}
		if err := f.SetCellStyle(ins, c, c, style); err != nil {
			return fmt.Errorf("template: %w", err)
		}
		if i > 0 {
			if err := f.MergeCell(ins, c, cell(len(ru), i+1)); err != nil {
				return fmt.Errorf("template: %w", err)
			}
			if err := f.SetRowHeight(ins, i+1, 30); err != nil {
				return fmt.Errorf("template: %w", err)
			}
		}
	}
	row := len(tt.howTo) + 2
	if err := f.SetCellStr(ins, cell(1, row), tt.example); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	if err := f.SetCellStyle(ins, cell(1, row), cell(1, row), st.label); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	if err := wb.header(ins, 1, row+1, ru); err != nil {
		return err
	}
	if err := wb.header(ins, 1, row+2, en); err != nil {
		return err
	}
	ex := templateExample
	example := []any{ex.year, names.exhibition(ex.exhibition), names.country(ex.country)}
	for _, m := range tradedash.Metrics {
		v := ""
		if pair, ok := ex.values[m.Code]; ok {
			v = pair[0]
			if lang == locale.EN {
				v = pair[1]
			}
		}
		example = append(example, v)
	}
	example = append(example, wd.StatusName(ex.status), ex.source, "")
	for i, v := range example {
		c := cell(i+1, row+3)
		if s, ok := v.(string); ok {
			err = f.SetCellStr(ins, c, s)
		} else {
			err = f.SetCellValue(ins, c, v)
		}
		if err != nil {
			return fmt.Errorf("template: %w", err)
		}
	}
	for i, width := range widths {
		if err := f.SetColWidth(ins, colName(i+1), colName(i+1), width); err != nil {
			return fmt.Errorf("template: %w", err)
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: wd.t(titleData), Creator: "tradedash", Language: string(lang),
		Created: now.UTC().Format(time.RFC3339), Modified: now.UTC().Format(time.RFC3339),
	}); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("template: save: %w", err)
	}
	return nil
}
