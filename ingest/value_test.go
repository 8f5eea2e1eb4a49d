package ingest

import (
	"context"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"tradedash"
	"tradedash/reference"
)

func TestParseValue(t *testing.T) {
	const (
		E = tradedash.Exact
		O = tradedash.Over
		U = tradedash.Under
		A = tradedash.About
	)
	tests := []struct {
		in   string
		want float64
		q    tradedash.Qualifier
	}{
		{"3800", 3800, E}, {"0", 0, E}, {"3 800", 3800, E}, {"3\u00a0800", 3800, E}, {"3\u202f800", 3800, E},
		{"3\u2009800", 3800, E}, {" 3800 ", 3800, E}, {"10,5", 10.5, E}, {"10.5", 10.5, E}, {"1,234.5", 1234.5, E},
		{"1.234,5", 1234.5, E}, {"1,234,567", 1234567, E}, {"1.234.567", 1234567, E}, {"1 234,5", 1234.5, E},
		{"2.500,5", 2500.5, E}, {"3.75", 3.75, E}, {"12.5", 12.5, E}, {"1234.567", 1234.567, E}, {"0.500", 0.5, E},
		{"1 234.567", 1234.567, E}, {"12.5 тыс.", 12500, E}, {"1.250 тыс.", 1250, E}, {"10.000 тыс.", 10000, E},
		{"0,125", 0.125, E}, {"1,25", 1.25, E}, {"3 800,5", 3800.5, E}, {"2023.0", 2023, E},
		{"10 тыс.", 10000, E}, {"1,1 тыс.", 1100, E}, {"10 тыс", 10000, E}, {"1.5 млн", 1500000, E},
		{"1,250 тыс.", 1250, E}, {"10 тысяч", 10000, E}, {"10k", 10000, E}, {"2 million", 2000000, E},
		// An English multiplier: the comma groups thousands, the dot is the
		// decimal mark.
		{"1,250 thousand", 1250000, E}, {"1.250 thousand", 1250, E}, {"1,250k", 1250000, E}, {"2.5 million", 2500000, E},
		{"1,250.5 thousand", 1250500, E}, {"1,250 mln", 1250000000, E},
		{"10 000 м²", 10000, E}, {"10000 кв. м", 10000, E}, {"10000 кв.м.", 10000, E}, {"5 000 m2", 5000, E},
		{"10 тыс. м²", 10000, E}, {"400 компаний", 400, E}, {"1.5E+07", 15000000, E},
		{"более 400", 400, O}, {"Более 400", 400, O}, {"свыше 400", 400, O}, {"больше 400", 400, O},
		{">400", 400, O}, {"> 400", 400, O}, {"≥400", 400, O}, {"400+", 400, O}, {"400 +", 400, O},
		{"over 400", 400, O}, {"Over 400", 400, O}, {"more than 400", 400, O}, {"не менее 400", 400, O},
		{"более чем 400", 400, O}, {"400+ компаний", 400, O}, {"более 10 тыс. кв. м", 10000, O},
		{"около 300", 300, A}, {"~300", 300, A}, {"≈300", 300, A}, {"примерно 300", 300, A}, {"about 300", 300, A},
		{"approx. 300", 300, A}, {"ок. 300", 300, A}, {"порядка 300", 300, A}, {"около\u00a0300", 300, A},
		{"до 500", 500, U}, {"менее 50", 50, U}, {"меньше 50", 50, U}, {"<50", 50, U}, {"up to 500", 500, U},
		{"under 50", 50, U}, {"less than 50", 50, U}, {"не более 500", 500, U},
	}
	for _, tt := range tests {
		v, q, err := ParseValue(tt.in)
		if err != nil || v != tt.want || q != tt.q {
			t.Errorf("ParseValue(%q) = %v, %q, %v; want %v, %q", tt.in, v, q, err, tt.want, tt.q)
		}
	}
}

func TestParseValueErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `empty: ""`},
		{"много", `not a number: "много"`},
		{"-5", `negative value: "-5"`},
		{"−5", `negative value: "−5"`},
		{"NaN", `not a number: "NaN"`},
		{"Inf", `not a number: "Inf"`},
		{"+Inf", `not a number: "+Inf"`},
		{"1e400", `not a number: "1e400"`},
		{"300-500", `a range, not one value: "300-500"`},
		{"300–500", `a range, not one value: "300–500"`},
		{"от 300 до 500", `a range, not one value: "от 300 до 500"`},
		{"12,5,6", `not a number: "12,5,6"`},
		{"1 23", `not a number: "1 23"`},
		{"1,2.3,4", `not a number: "1,2.3,4"`},
		{",5", `not a number: ",5"`},
		{"5.", `not a number: "5."`},
		{"~400+", `two different qualifiers: "~400+"`},
		{"доля 5", `not a number: "доля 5"`},
		{"тыс.", `not a number: "тыс."`},
		{"1,5 thousand", `not a number: "1,5 thousand"`},
		{"1,250 тыс. k", `not a number: "1,250 тыс. k"`},
		{"\x1b[2J400", `not a number: "\x1b[2J400"`},
		// One mark between one to three digits and three digits: only the
		// metric or the rest of the file can tell (reader.value does).
		{"10.000", `ambiguous: the separator may mark thousands or decimals: "10.000"`},
		{"2.500", `ambiguous: the separator may mark thousands or decimals: "2.500"`},
		{"2,500", `ambiguous: the separator may mark thousands or decimals: "2,500"`},
		{"3,800", `ambiguous: the separator may mark thousands or decimals: "3,800"`},
		{"более 10.000", `ambiguous: the separator may mark thousands or decimals: "более 10.000"`},
		{"10,000+", `ambiguous: the separator may mark thousands or decimals: "10,000+"`},
	}
	for _, tt := range tests {
		_, _, err := ParseValue(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseValue(%q) error = %v, want %s", tt.in, err, tt.want)
		}
	}
}

func TestParseYear(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
		err  string
	}{
		{in: "2023", want: 2023}, {in: "2023 г.", want: 2023}, {in: "2023г", want: 2023}, {in: "2023 год", want: 2023},
		{in: "2023.0", want: 2023}, {in: " 2023 ", want: 2023}, {in: "1900", want: 1900}, {in: "2100", want: 2100},
		{in: "1899", err: `year "1899" is outside 1900..2100`}, {in: "2101", err: `year "2101" is outside 1900..2100`},
		{in: "2023.5", err: `not a year: "2023.5"`}, {in: "Итого", err: `not a year: "Итого"`}, {in: "", err: `not a year: ""`},
		{in: "двадцать", err: `not a year: "двадцать"`},
	} {
		got, err := ParseYear(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("ParseYear(%q) error = %v, want %s", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseYear(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestParseStatus(t *testing.T) {
	for in, want := range map[string]tradedash.Status{
		"": tradedash.Actual, "actual": tradedash.Actual, "Actual": tradedash.Actual, "факт": tradedash.Actual,
		"Фактически": tradedash.Actual, "planned": tradedash.Planned, "план": tradedash.Planned,
		"ПЛАНИРУЕТСЯ": tradedash.Planned, "forecast": tradedash.Forecast, "прогноз": tradedash.Forecast,
		"ожидается": tradedash.Forecast, " Прогноз ": tradedash.Forecast,
	} {
		if got, err := ParseStatus(in); err != nil || got != want {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseStatus("вероятно"); err == nil {
		t.Error(`ParseStatus("вероятно") succeeded`)
	}
}

func TestParseDate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
		p    tradedash.DatePrecision
	}{
		{"2015", "2015-01-01", tradedash.PrecisionYear}, {"2015 г.", "2015-01-01", tradedash.PrecisionYear},
		{"2016-07", "2016-07-01", tradedash.PrecisionMonth}, {"07.2016", "2016-07-01", tradedash.PrecisionMonth},
		{"июль 2016", "2016-07-01", tradedash.PrecisionMonth}, {"Июля 2016", "2016-07-01", tradedash.PrecisionMonth},
		{"July 2016", "2016-07-01", tradedash.PrecisionMonth}, {"Jul. 2016", "2016-07-01", tradedash.PrecisionMonth},
		{"2016-07-11", "2016-07-11", tradedash.PrecisionDay}, {"11.07.2016", "2016-07-11", tradedash.PrecisionDay},
		{"1.7.2016", "2016-07-01", tradedash.PrecisionDay}, {"2016/07/11", "2016-07-11", tradedash.PrecisionDay},
		{"11 июля 2016", "2016-07-11", tradedash.PrecisionDay}, {"11 июля 2016 г.", "2016-07-11", tradedash.PrecisionDay},
		{"July 11, 2016", "2016-07-11", tradedash.PrecisionDay}, {"11 Jul 2016", "2016-07-11", tradedash.PrecisionDay},
		{"8–11 июля 2024", "2024-07-08", tradedash.PrecisionDay}, {"2016-07-11 00:00:00", "2016-07-11", tradedash.PrecisionDay},
		{"2016-07-11T00:00:00", "2016-07-11", tradedash.PrecisionDay}, {"13/07/2016", "2016-07-13", tradedash.PrecisionDay},
		{"07/13/2016", "2016-07-13", tradedash.PrecisionDay},
	} {
		got, p, err := ParseDate(tt.in)
		if err != nil || got.Format("2006-01-02") != tt.want || p != tt.p || got.Location().String() != "UTC" {
			t.Errorf("ParseDate(%q) = %s, %s, %v; want %s, %s", tt.in, got, p, err, tt.want, tt.p)
		}
	}
	for _, in := range []string{"", "июль", "31.02.2016", "2016-13", "07/11/2016", "11.07.16", "1850", "когда-то", "2016-07-11-01"} {
		if d, _, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) = %s, want an error", in, d)
		}
	}
}

func TestExcelSerial(t *testing.T) {
	if d, ok := excelSerial("45117", false); !ok || d.Format("2006-01-02") != "2023-07-10" {
		t.Errorf("excelSerial(45117) = %s, %v", d, ok)
	}
	for _, s := range []string{"2023", "3023", "abc", "1e9"} {
		if _, ok := excelSerial(s, false); ok {
			t.Errorf("excelSerial(%q) took it for a date", s)
		}
	}
}

func TestCleanCell(t *testing.T) {
	for in, want := range map[string]string{
		"abc": "abc", "  abc\t": "abc", "\u00a0abc\u00a0": "abc", "\ufeffГод": "Год",
		"'=SUM(A1)": "=SUM(A1)", "'+7 495": "+7 495", "'-5": "-5", "'@x": "@x", "'\tx": "x",
		"'abc": "'abc", "''=x": "''=x", "'": "'",
	} {
		if got := cleanCell(in); got != want {
			t.Errorf("cleanCell(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"plain": "plain", "a\nb": "a b", "a\r\nb": "a  b", "\x1b[31mred\x1b[0m": "[31mred[0m",
		"abc\u202eevil": "abcevil", "zero\u200bwidth": "zerowidth", "bell\x07": "bell", "c1\u0085x": "c1 x",
	} {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHeaders(t *testing.T) {
	tests := []struct {
		in     string
		field  field
		metric string
	}{
		{"Год", fYear, ""}, {"ГОД", fYear, ""}, {"year", fYear, ""}, {"Год проведения", fYear, ""},
		{"Выставка", fExhibition, ""}, {"Страна", fCountry, ""}, {"Страна-участник", fCountry, ""},
		{"Страна (код ISO)", fCountry, ""}, {"Статус", fStatus, ""}, {"Источник", fSource, ""},
		{"Источник (URL)", fSource, ""}, {"Примечание", fNote, ""}, {"Комментарий", fNote, ""},
		{"Показатель", fMetric, ""}, {"Значение", fValue, ""}, {"Дата", fDate, ""}, {"Название", fTitleRU, ""},
		{"Название (англ.)", fTitleEN, ""}, {"title", fTitleEN, ""}, {"№", fIgnore, ""}, {"№ п/п", fIgnore, ""},
		{"Компании", fMetricColumn, "participants_reported"}, {"Количество компаний", fMetricColumn, "participants_reported"},
		{"Участники", fMetricColumn, "participants_reported"}, {"Экспоненты", fMetricColumn, "exhibitors"},
		{"Иностранные участники", fMetricColumn, "foreign_participants_reported"}, {"area_m2", fMetricColumn, "space_reported_m2"},
		{"Площадь", fMetricColumn, "space_reported_m2"}, {"Площадь, м²", fMetricColumn, "space_reported_m2"},
		{"Площадь, кв. м", fMetricColumn, "space_reported_m2"}, {"Посетители", fMetricColumn, "visitors"},
		{"Страны", fMetricColumn, "countries_reported"}, {"Число стран", fMetricColumn, "countries_reported"},
		{"Страны-участницы", fMetricColumn, "countries_reported"}, {"Делегации", fMetricColumn, "delegations"},
		{"Соглашения", fMetricColumn, "agreements"}, {"Number of visitors", fMetricColumn, "visitors"},
	}
	for _, tt := range tests {
		c, ok := lookupHeader(tt.in)
		if !ok || c.field != tt.field || tt.metric != "" && tradedash.Metrics[c.metric].Code != tt.metric {
			t.Errorf("lookupHeader(%q) = %+v, %v; want field %d %s", tt.in, c, ok, tt.field, tt.metric)
		}
	}
	for _, in := range []string{"", "Ответственный", "Участие Китая в ИННОПРОМ", "Дата обновления"} {
		if c, ok := lookupHeader(in); ok {
			t.Errorf("lookupHeader(%q) = %+v, want unknown", in, c)
		}
	}
}

// Every alias must mean one thing: a header name listed for two fields would
// silently take whichever was registered last.
func TestHeaderAliasesUnique(t *testing.T) {
	seen := map[string]string{}
	check := func(alias, meaning string) {
		k := reference.Fold(alias)
		if old, ok := seen[k]; ok && old != meaning {
			t.Errorf("header %q means both %s and %s", alias, old, meaning)
		}
		seen[k] = meaning
	}
	for f, names := range headerAliases {
		for _, n := range names {
			check(n, fieldNames[f]+string(rune('0'+f)))
		}
	}
	for code, names := range metricAliases {
		for _, n := range names {
			check(n, code)
		}
	}
}

func TestHeaderScale(t *testing.T) {
	for in, want := range map[string]float64{
		"Посетители": 1, "Посетители, тыс. чел.": 1000, "Площадь, тыс. кв. м": 1000, "Visitors ('000)": 1000,
		"Visitors, thousands": 1000, "Area, m²": 1, "Посетители, млн": 1e6, "Кол-во": 1,
	} {
		if got := headerScale(in); got != want {
			t.Errorf("headerScale(%q) = %v, want %v", in, got, want)
		}
	}
	if !isUnitsRow([]string{"", "ед.", "кв. м", "%", "тыс. чел."}) || isUnitsRow([]string{"", "2023", "кв. м"}) || isUnitsRow([]string{"", " "}) {
		t.Error("isUnitsRow is wrong")
	}
}

func TestSniff(t *testing.T) {
	for _, tt := range []struct {
		head string
		want format
		msg  string
	}{
		{"year,exhibition\n", formatText, ""},
		{"\xef\xbb\xbfГод;Выставка\r\n", formatText, ""},
		{"\xff\xfeY\x00e\x00", formatText, ""},
		{"PK\x03\x04rest", formatXLSX, ""},
		{"", formatRefused, "empty file"},
		{"%PDF-1.4", formatRefused, "not a table: a PDF document"},
		{"\x89PNG\r\n", formatRefused, "not a table: an image"},
		{"a,b\n\x00\x00", formatRefused, "not a table: binary content"},
		{strings.Repeat("\x01\x02\x03", 10), formatRefused, "not a table: binary content"},
		{"  <HTML><table>", formatRefused, ""},
	} {
		got, msg := sniff([]byte(tt.head))
		if got != tt.want || tt.msg != "" && msg != tt.msg {
			t.Errorf("sniff(%q) = %d, %q; want %d, %q", tt.head, got, msg, tt.want, tt.msg)
		}
	}
}

// FuzzParseValue checks that no text makes ParseValue panic or return a
// value a figure cannot hold, and that the reader's number rules keep their
// promises for every metric, with and without evidence of the file's
// writing: a count is never fractional, an ambiguous count is its thousands
// reading, an ambiguous area is held only while nothing shows the writing
// and read by the writing once something does, every refusal says why.
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"3 800", "более 400", "1,1 тыс.", "400+", "~300", "1.234,5", "10 000 м²", "-5", "1e308", "1,250 тыс.", "≈\u00a0300", "",
		"10.000", "2,500", "более 10.000", "12.5", "1.234.567", "0.500", "10.125", "—", "н/д", "x", "123.456 м²",
		"1,250 thousand", "1.250 k", "2,5 million", "超过400家", "400多家", "约300左右", "1.2万", "1,250万", "1万多平方米",
		"１２，０００", "不超过５００", "300至500", "无"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, q, err := ParseValue(s)
		if err != nil {
			if !utf8.ValidString(err.Error()) || strings.ContainsFunc(err.Error(), func(r rune) bool { return r < ' ' }) {
				t.Errorf("ParseValue(%q): error %q has raw control characters", s, err)
			}
		} else {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				t.Errorf("ParseValue(%q) = %v", s, v)
			}
			switch q {
			case tradedash.Exact, tradedash.Over, tradedash.Under, tradedash.About:
			default:
				t.Errorf("ParseValue(%q) qualifier %q", s, q)
			}
		}
		p, err := parseValue(s)
		if err == nil && p.mark != 0 {
			// "10.000": a whole thousands reading, a decimal reading a
			// thousandth of it, and nothing shown about the writing.
			if p.value != math.Trunc(p.value) || p.value < 1000 || p.value > 999_999 || math.Abs(p.decimal*1000-p.value) > 1e-6 ||
				p.scaled || p.shows != writesNothing || (p.mark != '.' && p.mark != ',') {
				t.Errorf("parseValue(%q) = %+v", s, p)
			}
		}
		if err == nil && p.scaledMark != 0 && (!p.scaled || p.mark != 0) {
			// Only a multiplier decides a mark and three digits, and
			// what it decides is not ambiguous.
			t.Errorf("parseValue(%q) = %+v", s, p)
		}
		for metric, m := range tradedash.Metrics {
			for _, ev := range []writing{writesNothing, writesDotDecimal, writesCommaDecimal} {
				r := newReader(context.Background(), "fuzz", Options{}, nil)
				r.nums.seen(ev, 1, "x", "x")
				r.row = 2
				v, _, got, st := r.value(s, false, metric, "x", 1, tradedash.Exact)
				switch st {
				case valueOK:
					switch {
					case len(r.rowProbs) > 0, math.IsNaN(v), math.IsInf(v, 0), v < 0, v > limits[m.Code]:
						t.Errorf("%s %q: value %v with problems %v", m.Code, s, v, r.rowProbs)
					case m.Integer && v != math.Trunc(v):
						t.Errorf("%s %q: a fractional count %v", m.Code, s, v)
					case got.mark != 0 && m.Integer && v != got.value:
						t.Errorf("%s %q: an ambiguous count read as %v, not %v", m.Code, s, v, got.value)
					case got.mark != 0 && !m.Integer && v != got.reading(ev):
						t.Errorf("%s %q: an ambiguous area read as %v in a file that writes %d", m.Code, s, v, ev)
					}
				case valueHeld:
					if m.Integer || ev != writesNothing || got.mark == 0 || len(r.rowProbs) > 0 {
						t.Errorf("%s %q held with evidence %d: %+v", m.Code, s, ev, got)
					}
				default:
					if len(r.rowProbs) == 0 {
						t.Errorf("%s %q refused without a problem", m.Code, s)
					}
					for _, p := range r.rowProbs {
						checkMessage(t, p)
					}
				}
			}
		}
	})
}
