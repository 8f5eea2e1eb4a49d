package ingest

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// comtradePlusColumns are the 47 columns of a UN Comtrade Plus download,
// in their order (research/issue9.md §1.1).
var comtradePlusColumns = strings.Split("typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,"+
	"reporterDesc,flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,"+
	"classificationCode,classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,isLeaf,customsCode,"+
	"customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,"+
	"isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,"+
	"legacyEstimationFlag,isReported,isAggregate", ",")

// comtradePlusRow writes one row the way the Comtrade Plus site does:
// every non-empty value quoted, numbers too, a trailing comma, CRLF. The
// base row is the shape of Comtrade's annual total row (refMonth 52,
// partner2 World, C00, TOTAL MOT, qtyUnitCode -1); set changes it.
func comtradePlusRow(set map[string]string) string {
	base := map[string]string{"typeCode": "C", "freqCode": "A", "refPeriodId": "20220101", "refYear": "2022", "refMonth": "52",
		"period": "2022", "reporterCode": "384", "reporterISO": "CIV", "reporterDesc": "Côte d'Ivoire", "flowCode": "X",
		"flowDesc": "Export", "partnerCode": "0", "partnerISO": "W00", "partnerDesc": "World", "partner2Code": "0",
		"partner2ISO": "W00", "partner2Desc": "World", "classificationCode": "H6", "classificationSearchCode": "HS",
		"isOriginalClassification": "True", "cmdCode": "TOTAL", "cmdDesc": "All Commodities", "aggrLevel": "0",
		"isLeaf": "False", "customsCode": "C00", "customsDesc": "TOTAL CPC", "mosCode": "0", "motCode": "0",
		"motDesc": "TOTAL MOT", "qtyUnitCode": "-1", "qtyUnitAbbr": "N/A", "qty": "0", "isQtyEstimated": "False",
		"altQtyUnitCode": "-1", "altQtyUnitAbbr": "N/A", "altQty": "0", "isAltQtyEstimated": "False", "netWgt": "0",
		"isNetWgtEstimated": "False", "grossWgt": "0", "isGrossWgtEstimated": "False", "cifvalue": "",
		"fobvalue": "16123456789.5", "primaryValue": "16123456789.5", "legacyEstimationFlag": "0", "isReported": "True",
		"isAggregate": "False"}
	var b strings.Builder
	for _, c := range comtradePlusColumns {
		v, ok := set[c]
		if !ok {
			v = base[c]
		}
		if v != "" {
			b.WriteString(`"` + v + `"`)
		}
		b.WriteByte(',')
	}
	return b.String() + "\r\n"
}

// makeTradeTestdata writes the trade files of testdata: the Comtrade Plus
// ones in Latin-1, as the site's download is.
func makeTradeTestdata(t *testing.T) {
	latin1 := func(name, s string) {
		b, err := charmap.ISO8859_1.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, name, []byte(b))
	}
	header := strings.Join(comtradePlusColumns, ",") + "\r\n"
	latin1("comtrade-plus-latin1.csv", header+
		comtradePlusRow(nil)+
		comtradePlusRow(map[string]string{"cmdCode": "18", "cmdDesc": "Cocoa and cocoa preparations", "aggrLevel": "2", "primaryValue": "6.735023e+09"})+
		comtradePlusRow(map[string]string{"cmdCode": "1801", "cmdDesc": "Cocoa beans; whole or broken, raw or roasted", "aggrLevel": "4",
			"isLeaf": "True", "qtyUnitCode": "8", "qtyUnitAbbr": "kg", "qty": "1500000000", "isQtyEstimated": "True", "primaryValue": "4000000000"})+
		comtradePlusRow(map[string]string{"motCode": "2100", "motDesc": "Sea", "primaryValue": "9000000000"})+
		comtradePlusRow(map[string]string{"partner2Code": "251", "partner2ISO": "FRA", "partner2Desc": "France", "primaryValue": "100"})+
		comtradePlusRow(map[string]string{"flowCode": "DX", "flowDesc": "Domestic Export"})+
		comtradePlusRow(map[string]string{"flowCode": "RX", "flowDesc": "Re-export", "primaryValue": "1000"})+
		comtradePlusRow(map[string]string{"partnerCode": "643", "partnerISO": "RUS", "partnerDesc": "Russian Federation", "primaryValue": "123456789"})+
		comtradePlusRow(map[string]string{"partnerCode": "899", "partnerISO": "_X ", "partnerDesc": "Areas, nes", "primaryValue": "5"})+
		comtradePlusRow(map[string]string{"partnerCode": "490", "partnerISO": "S19", "partnerDesc": "Other Asia, nes", "primaryValue": "7"})+
		comtradePlusRow(map[string]string{"reporterCode": "842", "reporterISO": "USA", "reporterDesc": "USA", "partnerCode": "384",
			"partnerISO": "CIV", "partnerDesc": "Côte d'Ivoire", "flowCode": "M", "flowDesc": "Import", "freqCode": "M",
			"refPeriodId": "20220501", "refMonth": "5", "period": "202205", "primaryValue": "25446490"})+
		comtradePlusRow(map[string]string{"reporterCode": "699", "reporterISO": "IND", "reporterDesc": "India", "partnerCode": "156",
			"partnerISO": "CHN", "partnerDesc": "China", "classificationCode": "H5", "cmdCode": "270900", "aggrLevel": "6",
			"cmdDesc": "Petroleum oils and oils obtained from bituminous minerals; crude", "primaryValue": "0"}))
	latin1("broken/comtrade-plus-problems.csv", header+
		comtradePlusRow(map[string]string{"customsCode": "C01", "customsDesc": "Customs warehouse", "primaryValue": "100"})+
		comtradePlusRow(map[string]string{"reporterCode": "842", "reporterISO": "CHN", "cmdCode": "27", "aggrLevel": "2", "cmdDesc": "Mineral fuels"})+
		comtradePlusRow(map[string]string{"refMonth": "5", "partnerCode": "643", "partnerISO": "RUS"})+
		comtradePlusRow(map[string]string{"flowCode": "Z", "partnerCode": "156", "partnerISO": "CHN"})+
		comtradePlusRow(map[string]string{"primaryValue": "1,5", "partnerCode": "392", "partnerISO": "JPN"})+
		comtradePlusRow(map[string]string{"cmdCode": "270", "aggrLevel": "3", "partnerCode": "392", "partnerISO": "JPN"})+
		comtradePlusRow(map[string]string{"classificationCode": "B5", "cmdCode": "11", "partnerCode": "392", "partnerISO": "JPN"})+
		comtradePlusRow(map[string]string{"partnerCode": "643", "partnerISO": "RUS", "primaryValue": "7"})+
		comtradePlusRow(map[string]string{"primaryValue": "", "partnerCode": "410", "partnerISO": "KOR"}))
}

// makeWideTradeTestdata writes trade sheets in the wide form, as offices
// write them: a column per year or per flow, in Russian, English and
// Chinese, the unit in the column's header or in the cell. The values are
// China's customs figures of research/issue9.md §6, with a test source.
func makeWideTradeTestdata(t *testing.T) {
	cp1251 := func(name, s string) {
		b, err := charmap.Windows1251.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, name, []byte(b))
	}
	cp1251("trade-wide-years-ru.csv", crlf(`Товарооборот Китая с Россией по данным ГТУ КНР;;;;;;
Страна-отчитывающаяся;Страна-партнёр;Поток;2020 г.;2021 г.;2022 г., млрд долл. США;Источник
КНР;Россия;экспорт;50,58 млрд долл.;;76,12;https://example.org/test
КНР;Россия;импорт;57,18 млрд долл.;н/д;114,15;https://example.org/test
КНР;Россия;товарооборот;107,76 млрд долл.;около 146,9 млрд долл.;190,27;https://example.org/test
КНР;Казахстан;товарооборот;;;;https://example.org/test
Итого;;;;;;
`))
	writeFile(t, "trade-wide-years-zh.csv", []byte(`申报国,伙伴国,流向,2020年,2022年（亿美元）,来源
中国,俄罗斯,出口,505.8亿美元,761.2,https://example.org/test
中国,俄罗斯,进口,571.8亿美元,"1,141.5",https://example.org/test
中国,俄罗斯,进出口总额,"1,077.6亿美元","1,902.7",https://example.org/test
`))
	writeFile(t, "trade-wide-years-en.csv", []byte(`reporter,partner,flow,status,2021,2022 (USD bn),source
China,Russia,export,,,76.12,https://example.org/test
China,Russia,import,preliminary,USD 79.3 bn,114.15,https://example.org/test
`))
	cp1251("trade-wide-flows-ru.csv", crlf(`Страна-отчитывающаяся;Страна-партнёр;Год;Месяц;Экспорт, млрд долл. США;Импорт, млрд долл. США;Товарооборот, млрд долл. США;Источник;Примечание
КНР;Россия;2020;;50,58;57,18;107,76;https://example.org/test;
КНР;Россия;2023;1-10;;;196,48;https://example.org/test;январь–октябрь
КНР;Россия;2022;;76,12;114,15;—;https://example.org/test;
`))
	writeFile(t, "trade-wide-flows-zh.csv", []byte(`申报国,伙伴国,年份,出口（亿美元）,进口（亿美元）,进出口总额（亿美元）,来源
中国,俄罗斯,2022,761.23,"1,141.49","1,902.72",http://203.198.47.105/docDetail.jsp?channel=2808&id=100287505
`))
	writeFile(t, "trade-wide-flows-en.csv", []byte(`reporter,partner,year,export,import,turnover,source
CN,RU,2020,USD 50.58 bn,USD 57.18 bn,USD 107.76 bn,https://example.org/test
CN,RU,2021,,,,https://example.org/test
CN,WLD,2021,,n/a,—,https://example.org/test
`))
	writeFile(t, "broken/trade-wide-header.csv", []byte(`reporter,partner,2021,"2022, млрд руб.",2021 г.,export,source
CN,RU,1 USD bn,2,3,4,https://example.org/test
`))
	writeFile(t, "broken/trade-wide-problems.csv", []byte(`reporter;partner;year;export, млрд долл.;import;source
CN;RU;2020;50,58;57,18 млрд руб.;https://example.org/test
CN;Нарния;2021;1;;https://example.org/test
CN;RU;2022;много;57,18;https://example.org/test
CN;RU;2020;50,58;;https://example.org/test
CN;RU;;1;2 USD bn;https://example.org/test
CN;RU;2023;1;;https://example.org/test
CN;RU;2023;2;;https://example.org/test
`))
}
