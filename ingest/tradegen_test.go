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
