package ingest

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// makeChineseTestdata writes the Chinese inputs: a Chinese office's wide
// table as Excel saves it in China, once as "CSV UTF-8" (with a byte-order
// mark) and once as plain "CSV" in the GBK code page, both with CRLF;
// tradedash's own Chinese CSV export (long form, the catalog's words); a
// workbook shaped like the Chinese report; and a milestones file with
// Chinese dates and titles. Figures are from
// shared/data/innoprom-facts.md; the Chinese titles are the test's own and
// cite example sources, since no source's Chinese headline is recorded.
func makeChineseTestdata(t *testing.T) {
	writeFile(t, "figures-zh.csv", []byte("\ufeff"+crlf(figuresZH)))
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(crlf(figuresZH))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, "figures-zh-gbk.csv", []byte(gbk))
	writeFile(t, "figures-zh-long.csv", []byte("\ufeff"+figuresZHLong))
	writeFile(t, "milestones-zh.csv", []byte(milestonesZH))
	writeFile(t, "broken/milestones-zh-latin.csv", []byte(milestonesZHLatin))
	writeFile(t, "broken/countries-zh.csv", []byte(countriesZH))
	makeChineseXLSX(t)
}

// figuresZH is a Chinese office's table: a title row, Chinese headers
// (展位面积（平方米）with full-width parentheses, 观众（万人次）counting in
// ten thousands), years written 2015年, qualifiers in the values (超过400家,
// 约300家, 300多家, 3800平方米以上, 5以上), 万 (1万 m²), full-width digits
// and comma (５０，０００), a "5,518" that only the Chinese writing decides,
// 无 for no figure and a total row.
const figuresZH = "中国企业参加叶卡捷琳堡国际工业博览会情况,,,,,,,,\n" +
	",,,,,,,,\n" +
	"年份,展会,国家,参展企业,展位面积（平方米）,观众（万人次）,状态,来源,备注\n" +
	"2015年,叶卡捷琳堡国际工业博览会,中国,150家,无,,实际,http://pervonachalno.ru/louter908.htm,首个伙伴国；baogaosu.com：130+\n" +
	"2016年,叶卡捷琳堡国际工业博览会,所有国家,638,,5以上,实际,http://tass.com/economy/955370,观众：https://xn----7sbbe6addecj3bpgj0a0fvd.xn--p1ai/news/item/15030\n" +
	"2018年,中俄博览会,中国,186,\"5,518\",,实际,https://m.gdi8.cn/index/help/help_details.html?article_id=5871,第五届中俄博览会\n" +
	"2023年,叶卡捷琳堡国际工业博览会,中国,超过400家,1万,,实际,https://expo.innoprom.com/ru/media/news/experts-from-skoltech-sibur-and-tmk-will-discuss,企业、协会和地区\n" +
	"2024年,叶卡捷琳堡国际工业博览会,中国,约300家,,,实际,https://serbia.news-pravda.com/world/2024/07/11/68680.html,最大的外国参展团\n" +
	"2024年,叶卡捷琳堡国际工业博览会,中国,,3800平方米以上,,预测,https://expo.innoprom.com/ru/media/news/experts-from-skoltech-sibur-and-tmk-will-discuss,2024年3月的预测\n" +
	"２０２４年,叶卡捷琳堡国际工业博览会,所有国家,,５０，０００,４．７,实际,https://serbia.news-pravda.com/world/2024/07/11/68680.html,\n" +
	"2025年,中俄博览会,中国,300多家,1万,,实际,https://ural.aif.ru/amp/society/devyatoe-rossiysko-kitayskoe-ekspo-startovalo-v-ekaterinburge,第九届中俄博览会\n" +
	"2025年,叶卡捷琳堡国际工业博览会,所有国家,,,约5,预测,https://forumradio.ru/?p=32742,\n" +
	"合计,,,1274,,,,,\n"

// figuresZHLong is tradedash's own Chinese CSV export: the long form under
// the catalog's column names (年份, 展会, 国家, 指标, 数值, 精确度, 状态,
// 来源, 备注), its metric names (企业, 面积，平方米, 国家 for the countries
// metric, 观众), qualifiers (超过, 约, 精确) and statuses (实际, 预测).
const figuresZHLong = "年份,展会,国家,指标,数值,精确度,状态,来源,备注\n" +
	"2023,叶卡捷琳堡国际工业博览会,中国,企业,400,超过,实际,https://dk.ru/amp/news/237187124,\n" +
	"2023,叶卡捷琳堡国际工业博览会,中国,面积，平方米,10000,精确,实际,https://amp.ura.news/news/1052665568,\n" +
	"2024,叶卡捷琳堡国际工业博览会,中国,面积，平方米,3800,超过,预测,https://expo.innoprom.com/ru/media/news/experts-from-skoltech-sibur-and-tmk-will-discuss,\n" +
	"2024,叶卡捷琳堡国际工业博览会,所有国家,国家,60,,实际,https://serbia.news-pravda.com/world/2024/07/11/68680.html,ru24.pro：46\n" +
	"2024,叶卡捷琳堡国际工业博览会,所有国家,观众,47000,精确,实际,https://ru24.pro/ekaterinburg/383282192,\n" +
	"2025,叶卡捷琳堡国际工业博览会,所有国家,观众,50000,约,预测,https://forumradio.ru/?p=32742,\n"

// milestonesZH has Chinese headers, dates written the Chinese way and a
// title_zh column (标题) beside the English one (英文标题); one row has
// only the Chinese title.
const milestonesZH = "日期,展会,国家,标题,英文标题,来源\n" +
	"2015年,叶卡捷琳堡国际工业博览会,中国,测试标题：中国为伙伴国,China is the partner country,https://a.example/1\n" +
	"2016年7月11日,中俄博览会,中国,测试标题：第三届中俄博览会,3rd Russian-Chinese EXPO,https://a.example/2\n" +
	"2018年7月,中俄博览会,中国,,5th Russian-Chinese EXPO,https://a.example/3\n" +
	"2024年5月17日-21日,中俄博览会,中国,测试标题：第八届中俄博览会在哈尔滨举行,,https://a.example/4\n"

// milestonesZHLatin has a 标题 (title_zh) cell that is English: copied
// from a page that fell back to English, it must not become the Chinese
// title.
const milestonesZHLatin = "日期,展会,国家,标题,来源\n" +
	"2020-03,叶卡捷琳堡国际工业博览会,所有国家,INNOPROM 2020 postponed,https://a.example/1\n"

// countriesZH heads two columns 国家: the country, and the number of
// countries meant by the second.
const countriesZH = "年份,展会,国家,国家,来源\n" +
	"2024,叶卡捷琳堡国际工业博览会,所有国家,60,https://a.example/1\n"

// makeChineseXLSX builds a workbook shaped like the Chinese report: a
// summary sheet first, then the long-form data on a sheet named 数据, with
// numbers as numeric cells and the qualifier in its own column.
func makeChineseXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "概览"))
	must(f.SetCellValue("概览", "A1", "tradedash 导出"))
	_, err := f.NewSheet("数据")
	must(err)
	rows := [][]any{
		{"年份", "展会", "国家", "指标", "数值", "精确度", "状态", "来源", "备注"},
		{2023, "叶卡捷琳堡国际工业博览会", "中国", "企业", 400, "超过", "实际", "https://dk.ru/amp/news/237187124", "企业、协会和地区"},
		{2023, "叶卡捷琳堡国际工业博览会", "中国", "面积，平方米", 10000, "精确", "实际", "https://amp.ura.news/news/1052665568", nil},
		{2024, "叶卡捷琳堡国际工业博览会", "中国", "企业", 300, "约", "实际", "https://sputniknews.cn/amp/20240711/1060352515.html", nil},
		{2024, "叶卡捷琳堡国际工业博览会", "所有国家", "国家", 60, "精确", "实际", "https://serbia.news-pravda.com/world/2024/07/11/68680.html", "ru24.pro：46"},
		{2025, "中俄博览会", "中国", "面积，平方米", 10000, nil, "实际", "https://ural.aif.ru/amp/society/devyatoe-rossiysko-kitayskoe-ekspo-startovalo-v-ekaterinburge", "第九届中俄博览会"},
	}
	for i, row := range rows {
		for j, v := range row {
			if v != nil {
				must(f.SetCellValue("数据", cellName(j+1, i+1), v))
			}
		}
	}
	must(f.SaveAs(filepath.Join("testdata", "figures-zh.xlsx")))
}
