package ingest

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"tradedash"
)

// gaccLine writes one line the way China Customs' portal does: every
// field quoted, the header too, and a comma at the end.
func gaccLine(fields ...string) string {
	return `"` + strings.Join(fields, `","`) + `",` + "\r\n"
}

// gaccZhHeader is the header of a Chinese export split by month, without
// the registered place (research/issue9.md §3).
var gaccZhHeader = gaccLine("数据年月", "商品编码", "商品名称", "贸易伙伴编码", "贸易伙伴名称", "贸易方式编码", "贸易方式名称",
	"第一数量", "第一计量单位", "第二数量", "第二计量单位", "美元")

// gaccEnHeader is the header of an English export without a month column.
var gaccEnHeader = gaccLine("Commodity code", "Commodity", "Trading partner code", "Trading partner", "Quantity", "Unit",
	"Supplementary Quantity", "Supplementary Unit", "US dollar")

// gaccOptions are the command-line options each China Customs file of
// testdata is read with (TestGolden).
var gaccOptions = map[string]Options{
	"gacc-export-zh-monthly.csv":   {Flow: tradedash.FlowExport},
	"gacc-import-en-ytd.csv":       {Flow: tradedash.FlowImport, Period: Period{Year: 2024, Month: 10, YTD: true}},
	"gacc-export-zh-year.csv":      {Flow: tradedash.FlowExport, Period: Period{Year: 2023}},
	"broken/gacc-provinces.csv":    {Flow: tradedash.FlowExport, Period: Period{Year: 2025}},
	"broken/gacc-rmb.csv":          {Flow: tradedash.FlowImport, Period: Period{Year: 2024, Month: 10}},
	"broken/gacc-problems.csv":     {Flow: tradedash.FlowExport},
	"broken/gacc-period-twice.csv": {Flow: tradedash.FlowExport, Period: Period{Year: 2024}},
	"broken/trade-sheet-flags.csv": {Flow: tradedash.FlowExport, Period: Period{Year: 2024}},
	"broken/gacc-no-partner.csv":   {Flow: tradedash.FlowExport, Period: Period{Year: 2024}},
}

// makeGACCTestdata writes the China Customs exports of testdata, in GBK
// as the portal writes them (the English one too: its names hold GBK's
// full-width comma). The rows are shaped on the portal's own samples
// (turbanisch/chinautils customs-samples); the values are made up.
func makeGACCTestdata(t *testing.T) {
	gbk := func(name, s string) {
		b, err := simplifiedchinese.GBK.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, name, []byte(b))
	}
	gbk("gacc-export-zh-monthly.csv", gaccZhHeader+
		gaccLine("202410", "29012920", "乙炔", "344", "俄罗斯", "10", "一般贸易", "66380", "千克", "0", "?", "534,757")+
		gaccLine("202410", "29012920", "乙炔", "344", "俄罗斯", "15", "进料加工贸易", "1000", "千克", "0", "?", "8,243")+
		gaccLine("202410", "29012920", "乙炔", "110", "中国香港", "10", "一般贸易", "214847", "千克", "0", "?", "5,848,714")+
		gaccLine("202411", "29012920", "乙炔", "344", "俄罗斯", "10", "一般贸易", "70000", "千克", "0", "?", "601,000")+
		gaccLine("202410", "87032362", "小轿车", "344", "俄罗斯", "10", "一般贸易", "1,204", "辆", "1,204", "千克", "24,080,000")+
		gaccLine("202410", "87032362", "小轿车", "142", "中国", "10", "一般贸易", "3", "辆", "3", "千克", "60,000")+
		gaccLine("202410", "87032362", "小轿车", "701", "国(地)别不详", "10", "一般贸易", "1", "辆", "1", "千克", "20,000")+
		gaccLine("202410", "87032362", "小轿车", "412", "智利", "10", "一般贸易", "40", "辆", "40", "千克", "800,000"))
	gbk("gacc-import-en-ytd.csv", gaccEnHeader+
		gaccLine("27090000", "Crude oil", "344", "Russian Federation", "88,123,456", "Kilogram", "0", "?", "48,765,432,100")+
		gaccLine("27090000", "Crude oil", "110", "Hong Kong，China", "5", "Kilogram", "0", "?", "4,100")+
		gaccLine("2709", "Crude petroleum", "133", "Republic of Korea", "0", "?", "0", "?", "1,000")+
		gaccLine("27", "Mineral fuels", "340", "Belarus", "0", "?", "0", "?", "2,000"))
	gbk("gacc-export-zh-year.csv", gaccLine("贸易伙伴编码", "贸易伙伴名称", "美元")+
		gaccLine("344", "俄罗斯", "110,971,000,000")+
		gaccLine("145", "哈萨克斯坦", "24,700,000,000"))
	gbk("broken/gacc-provinces.csv", gaccLine("商品编码", "商品名称", "贸易伙伴编码", "贸易伙伴名称", "贸易方式编码", "贸易方式名称",
		"注册地编码", "注册地名称", "第一数量", "第一计量单位", "第二数量", "第二计量单位", "美元")+
		gaccLine("29012920", "乙炔", "110", "中国香港", "10", "一般贸易", "44", "广东省", "214847", "千克", "0", "?", "5,848,714")+
		gaccLine("29012990", "未列名不饱和无环烃", "344", "俄罗斯", "10", "一般贸易", "12", "天津市", "66380", "千克", "0", "?", "534,757"))
	gbk("broken/gacc-rmb.csv", gaccLine("商品编码", "商品名称", "贸易伙伴编码", "贸易伙伴名称", "第一数量", "第一计量单位", "人民币")+
		gaccLine("29012920", "乙炔", "344", "俄罗斯", "214847", "千克", "5,848,714"))
	gbk("broken/gacc-no-flags.csv", gaccEnHeader+
		gaccLine("27090000", "Crude oil", "344", "Russian Federation", "88,123,456", "Kilogram", "0", "?", "48,765,432,100"))
	gbk("broken/gacc-period-twice.csv", gaccZhHeader+
		gaccLine("202410", "29012920", "乙炔", "344", "俄罗斯", "10", "一般贸易", "66380", "千克", "0", "?", "534,757"))
	gbk("broken/gacc-no-partner.csv", gaccLine("Commodity code", "Commodity", "Quantity", "Unit", "Supplementary Quantity",
		"Supplementary Unit", "US dollar")+
		gaccLine("29012920", "Acetylene", "4333", "Kilogram", "0", "?", "419,601"))
	gbk("broken/gacc-problems.csv", gaccZhHeader+
		gaccLine("2024-10", "29012920", "乙炔", "344", "俄罗斯", "10", "一般贸易", "66380", "千克", "0", "?", "534,757")+
		gaccLine("202413", "29012920", "乙炔", "344", "俄罗斯", "10", "一般贸易", "66380", "千克", "0", "?", "534,757")+
		gaccLine("202410", "2901292", "乙炔", "344", "俄罗斯", "10", "一般贸易", "66380", "千克", "0", "?", "534,757")+
		gaccLine("202410", "29012920", "乙炔", "", "俄罗斯", "10", "一般贸易", "66380", "千克", "0", "?", "534,757")+
		gaccLine("202410", "29012920", "乙炔", "888", "纳尼亚", "10", "一般贸易", "66380", "千克", "0", "?", "534,757")+
		gaccLine("202410", "29012920", "乙炔", "344", "俄罗斯", "10", "一般贸易", "66380", "千克", "0", "?", "")+
		gaccLine("202410", "29012920", "乙炔", "344", "俄罗斯", "10", "一般贸易", "66380", "千克", "0", "?", "5.848.714")+
		gaccLine("202410", "29012920", "乙炔", "116", "日本", "10", "一般贸易", "很多", "千克", "0", "?", "1,000")+
		gaccLine("202410", "29012920", "乙炔", "133", "韩国", "10", "一般贸易", "1", "千克", "0", "?", "1,000")+
		gaccLine("202410", "29012920", "乙炔", "133", "韩国", "10", "一般贸易", "1", "千克", "0", "?", "2,000"))
	writeFile(t, "broken/trade-sheet-flags.csv", []byte("reporter,partner,flow,year,value,source\n"+
		"CN,RU,export,2024,115.49 USD bn,https://example.org/gac\n"))
}
