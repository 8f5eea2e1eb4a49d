package ingest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"tradedash"
)

// The Chinese ways of writing a value: qualifiers before and after the
// number, units, 万 and 亿, full-width digits and marks.
func TestParseValueChinese(t *testing.T) {
	const (
		E = tradedash.Exact
		O = tradedash.Over
		U = tradedash.Under
		A = tradedash.About
	)
	for _, tt := range []struct {
		in   string
		want float64
		q    tradedash.Qualifier
	}{
		{"400家", 400, E}, {"60个国家", 60, E}, {"300人", 300, E}, {"4.7万人次", 47000, E}, {"10000平方米", 10000, E},
		{"5518㎡", 5518, E}, {"12项", 12, E},
		{"超过400", 400, O}, {"超过400家", 400, O}, {"400多", 400, O}, {"400多家", 400, O}, {"400余家", 400, O},
		{"400以上", 400, O}, {"400家以上", 400, O}, {"不少于400", 400, O}, {"至少400", 400, O}, {"逾400", 400, O},
		{"400+家", 400, O}, {"超过400家以上", 400, O},
		{"约300", 300, A}, {"约 300", 300, A}, {"大约300", 300, A}, {"约为300", 300, A}, {"300左右", 300, A},
		{"约300家", 300, A}, {"约300左右", 300, A},
		{"不超过500", 500, U}, {"最多500", 500, U}, {"至多500", 500, U}, {"500以下", 500, U}, {"少于50", 50, U},
		{"不到50", 50, U},
		// 万 is ten thousand, 亿 a hundred million; after them the dot is
		// the decimal mark and the comma groups thousands.
		{"1万", 10000, E}, {"1.2万", 12000, E}, {"1.25万平方米", 12500, E}, {"1万多平方米", 10000, O},
		{"约1.2万人次", 12000, A}, {"超过1万", 10000, O}, {"1,200万", 12000000, E}, {"0.5亿", 50000000, E},
		{"1.250万", 12500, E},
		// Full-width digits and marks, as a Chinese input method types them.
		{"４００", 400, E}, {"超过４００家", 400, O}, {"１．２万", 12000, E}, {"１２，５００．５", 12500.5, E},
		{"400＋", 400, O}, {"～300", 300, A}, {"４\u3000０００", 4000, E},
	} {
		v, q, err := ParseValue(tt.in)
		if err != nil || v != tt.want || q != tt.q {
			t.Errorf("ParseValue(%q) = %v, %q, %v; want %v, %q", tt.in, v, q, err, tt.want, tt.q)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"1,5万", `not a number: "1,5万"`},           // Chinese writing: a comma groups three digits
		{"1.2万 тыс.", `not a number: "1.2万 тыс."`}, // two writings
		{"1万 thousand", `not a number: "1万 thousand"`},
		{"约300以上", `two different qualifiers: "约300以上"`},
		{"超过400以下", `two different qualifiers: "超过400以下"`},
		{"300至500", `not a number: "300至500"`}, // a range
		{"300～500", `not a number: "300～500"`},
		{"300-500家", `a range, not one value: "300-500家"`},
		{"万", `not a number: "万"`},
		{"1万2", `not a number: "1万2"`},
		{"近400", `not a number: "近400"`}, // "nearly": no qualifier says it
		{"１２，０００", `ambiguous: the separator may mark thousands or decimals: "１２，０００"`},
		{"－5", `negative value: "－5"`},
		{"＋400", `not a number: "＋400"`}, // as "+400"
	} {
		_, _, err := ParseValue(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseValue(%q) error = %v, want %s", tt.in, err, tt.want)
		}
	}
	for _, in := range []string{"无", "暂无", "无数据", "不详", "－"} {
		if !isNoFigure(in) {
			t.Errorf("isNoFigure(%q) = false", in)
		}
	}
}

func TestParseYearDateChinese(t *testing.T) {
	for in, want := range map[string]int{"2023年": 2023, "2023 年": 2023, "2023年度": 2023, "２０２３": 2023, "２０２３年": 2023} {
		if got, err := ParseYear(in); err != nil || got != want {
			t.Errorf("ParseYear(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, tt := range []struct {
		in, want string
		p        tradedash.DatePrecision
	}{
		{"2015年", "2015-01-01", tradedash.PrecisionYear}, {"2016年7月", "2016-07-01", tradedash.PrecisionMonth},
		{"2016年07月", "2016-07-01", tradedash.PrecisionMonth}, {"2016年7月11日", "2016-07-11", tradedash.PrecisionDay},
		{"2016年7月11号", "2016-07-11", tradedash.PrecisionDay}, {"２０１６年７月１１日", "2016-07-11", tradedash.PrecisionDay},
		{"2024年5月17日-21日", "2024-05-17", tradedash.PrecisionDay}, {"2024年5月17－21日", "2024-05-17", tradedash.PrecisionDay},
		{"2016 年 7 月 11 日", "2016-07-11", tradedash.PrecisionDay},
	} {
		got, p, err := ParseDate(tt.in)
		if err != nil || got.Format("2006-01-02") != tt.want || p != tt.p {
			t.Errorf("ParseDate(%q) = %s, %s, %v; want %s, %s", tt.in, got, p, err, tt.want, tt.p)
		}
	}
	for _, in := range []string{"7月11日", "2016年13月", "2016年2月30日", "2016年7月11", "16年7月", "2016年7月11日晚", "2016年月"} {
		if d, _, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) = %s, want an error", in, d)
		}
	}
}

func TestStatusQualifierChinese(t *testing.T) {
	for in, want := range map[string]tradedash.Status{
		"实际": tradedash.Actual, "实际值": tradedash.Actual, "计划": tradedash.Planned, "预测": tradedash.Forecast,
		"预计": tradedash.Forecast, "预期": tradedash.Forecast,
	} {
		if got, err := ParseStatus(in); err != nil || got != want {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, want := range map[string]tradedash.Qualifier{
		"精确": tradedash.Exact, "超过": tradedash.Over, "以上": tradedash.Over, "不少于": tradedash.Over,
		"约": tradedash.About, "左右": tradedash.About, "至多": tradedash.Under, "不超过": tradedash.Under, "最多": tradedash.Under,
	} {
		if got, err := parseQualifier(in); err != nil || got != want {
			t.Errorf("parseQualifier(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// The catalog's zh column and metric names (locale/messages/zh.json) and
// the variants Chinese offices write.
func TestHeadersChinese(t *testing.T) {
	for _, tt := range []struct {
		in     string
		field  field
		metric string
	}{
		// The catalog: col.* and metric.*.
		{"年份", fYear, ""}, {"展会", fExhibition, ""}, {"国家", fCountry, ""}, {"指标", fMetric, ""},
		{"数值", fValue, ""}, {"精确度", fQualifier, ""}, {"状态", fStatus, ""}, {"来源", fSource, ""},
		{"备注", fNote, ""}, {"日期", fDate, ""}, {"事件", fTitleZH, ""},
		{"企业", fMetricColumn, "participants_reported"}, {"外国企业", fMetricColumn, "foreign_participants_reported"},
		{"面积，平方米", fMetricColumn, "space_reported_m2"}, {"观众", fMetricColumn, "visitors"},
		{"代表团", fMetricColumn, "delegations"}, {"协议", fMetricColumn, "agreements"},
		// Variants.
		{"年", fYear, ""}, {"年度", fYear, ""}, {"数量", fValue, ""}, {"序号", fIgnore, ""}, {"数据来源", fSource, ""},
		{"参展企业", fMetricColumn, "participants_reported"}, {"参展企业数量", fMetricColumn, "participants_reported"},
		{"展位面积", fMetricColumn, "space_reported_m2"}, {"面积（平方米）", fMetricColumn, "space_reported_m2"}, {"平方米", fMetricColumn, "space_reported_m2"},
		{"展位面积（平方米）", fMetricColumn, "space_reported_m2"}, {"观众人数", fMetricColumn, "visitors"},
		{"观众（万人次）", fMetricColumn, "visitors"}, {"国家数量", fMetricColumn, "countries_reported"},
		{"参展国家数", fMetricColumn, "exhibitor_countries"}, {"国家（个）", fMetricColumn, "countries_reported"},
		{"国家，个", fMetricColumn, "countries_reported"}, {"国家/地区", fCountry, ""}, {"参展国家", fCountry, ""},
		{"标题", fTitleZH, ""}, {"中文标题", fTitleZH, ""}, {"title_zh", fTitleZH, ""}, {"标题（英文）", fTitleEN, ""},
		{"英文标题", fTitleEN, ""}, {"俄文标题", fTitleRU, ""},
	} {
		c, ok := lookupHeader(tt.in)
		if !ok || c.field != tt.field || tt.metric != "" && tradedash.Metrics[c.metric].Code != tt.metric {
			t.Errorf("lookupHeader(%q) = %+v, %v; want field %d %s", tt.in, c, ok, tt.field, tt.metric)
		}
	}
	for in, want := range map[string]float64{
		"观众（万人次）": 1e4, "面积，万平方米": 1e4, "观众, 万人": 1e4, "观众（亿人次）": 1e8, "观众（人次）": 1, "展位面积（平方米）": 1,
	} {
		if got := headerScale(in); got != want {
			t.Errorf("headerScale(%q) = %v, want %v", in, got, want)
		}
	}
}

// 国家 is both the country column and the countries metric in Chinese,
// as страна/страны are in Russian but without the plural to tell them
// apart. The rule: as a header 国家 is the country column, and the
// countries metric is headed with a counting word (国家数量, 国家数,
// 国家（个）); in a long-form metric cell 国家 is the countries metric, as
// tradedash's own Chinese export writes it.
func TestCountryClashChinese(t *testing.T) {
	if c, ok := lookupHeader("国家"); !ok || c.field != fCountry {
		t.Errorf("header 国家 = %+v, %v; want the country column", c, ok)
	}
	for in, want := range map[string]string{"国家": "countries_reported", "参展国家": "exhibitor_countries",
		"国家数量": "countries_reported", "Страны": "countries_reported", "countries": "countries_reported"} {
		if m, ok := lookupMetric(in); !ok || tradedash.Metrics[m.metric].Code != want {
			t.Errorf("metric cell %q = %+v, %v; want %s", in, m, ok, want)
		}
	}
	// The Russian rule is unchanged: a metric cell "страна" is no metric.
	for _, in := range []string{"Страна", "country", "国家代码"} {
		if m, ok := lookupMetric(in); ok {
			t.Errorf("metric cell %q = %s, want unknown", in, tradedash.Metrics[m.metric].Code)
		}
	}
	// A wide table with 国家 and 国家数量: the country and the metric.
	path := writeTemp(t, "wide.csv", []byte("年份,展会,国家,国家数量,来源\n2024,叶卡捷琳堡国际工业博览会,所有国家,60,https://a.example/1\n"))
	figs, _, problems := readNumbers(t, path)
	if len(problems) > 0 || strings.Join(figs, "\n") != "countries_reported 2024 ALL 60" {
		t.Errorf("国家 and 国家数量: figures %q, problems %v", figs, problems)
	}
	// 国家 twice: the second is refused, with the header to write.
	_, _, problems = readNumbers(t, filepath.Join("testdata", "broken", "countries-zh.csv"))
	if len(problems) == 0 || !strings.Contains(problems[0].Error(), "a second country column; the first is \"国家\"; for the number of countries write 国家数量") {
		t.Errorf("国家 twice: problems %v", problems)
	}
}

// A header written in Chinese shows the Chinese writing of numbers, as a
// Chinese code page does: "10,000" m² with nothing else to decide it is ten
// thousand, and a notice says why. The same table under Russian headers
// is refused as ambiguous.
func TestChineseHeaderWriting(t *testing.T) {
	zh := writeTemp(t, "zh.csv", []byte("年份,展会,国家,展位面积（平方米）,来源\n2023,叶卡捷琳堡国际工业博览会,中国,\"10,000\",https://a.example/1\n"))
	figs, notices, problems := readNumbers(t, zh)
	if len(problems) > 0 || strings.Join(figs, "\n") != "space_reported_m2 2023 CN 10000" {
		t.Fatalf("figures %q, problems %v", figs, problems)
	}
	want := zh + `:2:展位面积（平方米）: "10,000" read as 10000: this file writes the dot as the decimal mark and the comma as a thousands separator (the header is written in Chinese, and Chinese writing groups thousands with the comma); 1 value read so, the first is here`
	if got := Problems(notices).Error(); got != want {
		t.Errorf("notices:\n%s\nwant:\n%s", got, want)
	}
	ru := writeTemp(t, "ru.csv", []byte("Год,Выставка,Страна,Площадь,Источник\n2023,叶卡捷琳堡国际工业博览会,中国,\"10,000\",https://a.example/1\n"))
	if _, _, problems := readNumbers(t, ru); len(problems) != 1 || !strings.Contains(problems[0].Error(), "no other value in this file shows which") {
		t.Errorf("Russian header: problems %v", problems)
	}
	// 万 decides its own mark the Chinese way, and says so.
	wan := writeTemp(t, "wan.csv", []byte("年份,展会,国家,观众,来源\n2024,叶卡捷琳堡国际工业博览会,所有国家,\"1,250万\",https://a.example/1\n"))
	figs, notices, problems = readNumbers(t, wan)
	if len(problems) > 0 || strings.Join(figs, "\n") != "visitors 2024 ALL 12500000" {
		t.Fatalf("万: figures %q, problems %v", figs, problems)
	}
	want = wan + `:2:观众: "1,250万" read as 12500000: with a Chinese multiplier (万, 亿) the comma groups thousands and the dot is the decimal mark; 1 value read so, the first is here`
	if got := Problems(notices).Error(); got != want {
		t.Errorf("notices:\n%s\nwant:\n%s", got, want)
	}
}

// title_zh reads into Milestone.TitleZH; a file without it still imports;
// a title_zh without a Chinese character is refused.
func TestTitleZH(t *testing.T) {
	read := func(content string) ([]tradedash.Milestone, error) {
		t.Helper()
		var rec recorder
		_, err := Read(context.Background(), writeTemp(t, "m.csv", []byte(content)), Options{}, &rec)
		return rec.milestones, err
	}
	for _, tt := range []struct{ content, zh string }{
		{"date,exhibition,country,title_ru,title_en,title_zh,source\n2015,innoprom,CN,р,e,中国为伙伴国,https://a.example\n", "中国为伙伴国"},
		{"日期,展会,国家,事件,来源\n2015年,叶卡捷琳堡国际工业博览会,中国,中国为伙伴国,https://a.example\n", "中国为伙伴国"},
		{"date,exhibition,country,title_ru,title_en,source\n2015,innoprom,CN,р,e,https://a.example\n", ""},
		{"date,exhibition,country,title_en,title_zh,source\n2015,innoprom,CN,e,,https://a.example\n", ""},
	} {
		ms, err := read(tt.content)
		if err != nil || len(ms) != 1 || ms[0].TitleZH != tt.zh {
			t.Errorf("%q: %+v, %v; want TitleZH %q", tt.content, ms, err, tt.zh)
		}
	}
	for _, tt := range []struct{ content, want string }{
		{"日期,展会,国家,标题,来源\n2015,innoprom,CN,China,https://a.example\n", `title_zh "China" has no Chinese characters`},
		{"date,exhibition,country,title_zh,source\n2015,innoprom,CN,,https://a.example\n", "no title: fill in title_ru, title_en or title_zh"},
	} {
		if _, err := read(tt.content); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %q", tt.content, err, tt.want)
		}
	}
}

// The Chinese files in testdata: the office's table in UTF-8 and in GBK
// give the same figures; the long form and the workbook read every row.
func TestChineseFiles(t *testing.T) {
	utf8Figs, _, p1 := readNumbers(t, filepath.Join("testdata", "figures-zh.csv"))
	gbkFigs, _, p2 := readNumbers(t, filepath.Join("testdata", "figures-zh-gbk.csv"))
	if len(p1)+len(p2) > 0 || len(utf8Figs) != 14 || strings.Join(utf8Figs, "\n") != strings.Join(gbkFigs, "\n") {
		t.Errorf("UTF-8 %q (%v) and GBK %q (%v)", utf8Figs, p1, gbkFigs, p2)
	}
	for _, name := range []string{"figures-zh-long.csv", "figures-zh.xlsx"} {
		figs, _, ps := readNumbers(t, filepath.Join("testdata", name))
		if len(ps) > 0 || len(figs) < 5 {
			t.Errorf("%s: %q, %v", name, figs, ps)
		}
	}
}
