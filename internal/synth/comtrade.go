package synth

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"tradedash"
	"tradedash/reference"
)

// ComtradeColumns are the 47 columns of a UN Comtrade Plus CSV download,
// in their order (research/issue9.md §1.1).
var ComtradeColumns = strings.Split("typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,"+
	"reporterDesc,flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,"+
	"classificationCode,classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,isLeaf,customsCode,"+
	"customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,"+
	"isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,"+
	"legacyEstimationFlag,isReported,isAggregate", ",")

// WriteComtrade writes the n trade flows TradeFlows gives for seed as a
// UN Comtrade Plus CSV file, shaped as the site's download is: the 47
// columns, every value quoted, numbers too, a trailing comma on every data
// row, CRLF. Yearly rows are freqCode A (refMonth 52), the others M; HS6
// rows are leaves with a made-up description that says it is synthetic.
// The primary value is FOB for exports and CIF for imports, the other one
// 5% off it; there are no breakdown rows (partner2 World, customs C00,
// transport 0). The names are plain ASCII, so the file reads the same as
// Latin-1 or UTF-8.
func WriteComtrade(path string, n int, seed uint64) error {
	return WriteComtradeOf(path, []string{"CN", "RU"}, n, seed)
}

// WriteComtradeOf is WriteComtrade of the flows TradeFlowsOf gives for
// countries.
func WriteComtradeOf(path string, countries []string, n int, seed uint64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := writeComtrade(f, countries, n, seed); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// comtradeArea is how a Comtrade file names one country.
type comtradeArea struct{ code, iso, desc string }

func writeComtrade(w io.Writer, countries []string, n int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(strings.Join(ComtradeColumns, ",") + "\r\n")
	areas := map[string]comtradeArea{}
	area := func(a2 string) (comtradeArea, error) {
		if a, ok := areas[a2]; ok {
			return a, nil
		}
		c, ok := reference.CountryByCode(a2)
		if !ok {
			return comtradeArea{}, fmt.Errorf("synth: no country %s", a2)
		}
		a := comtradeArea{strconv.Itoa(c.M49), c.Alpha3, c.NameEN}
		areas[a2] = a
		return a, nil
	}
	buf := make([]byte, 0, 512)
	// field appends one quoted value and its comma: Comtrade quotes
	// every non-empty value.
	field := func(s string) {
		buf = append(buf, '"')
		buf = append(buf, s...)
		buf = append(buf, '"', ',')
	}
	number := func(v float64) {
		buf = append(buf, '"')
		buf = strconv.AppendFloat(buf, v, 'f', -1, 64)
		buf = append(buf, '"', ',')
	}
	integer := func(v int) {
		buf = append(buf, '"')
		buf = strconv.AppendInt(buf, int64(v), 10)
		buf = append(buf, '"', ',')
	}
	err := TradeFlowsOf(countries, n, seed, func(t tradedash.TradeFlow) error {
		rep, err := area(t.Reporter)
		if err != nil {
			return err
		}
		par, err := area(t.Partner)
		if err != nil {
			return err
		}
		buf = buf[:0]
		field("C")
		if t.Month == 0 {
			field("A")
			integer(t.Year*10000 + 101)
			integer(t.Year)
			integer(52)
			integer(t.Year)
		} else {
			field("M")
			integer(t.Year*10000 + t.Month*100 + 1)
			integer(t.Year)
			integer(t.Month)
			integer(t.Year*100 + t.Month)
		}
		field(rep.code)
		field(rep.iso)
		field(rep.desc)
		switch t.Flow {
		case tradedash.FlowExport:
			field("X")
			field("Export")
		case tradedash.FlowImport:
			field("M")
			field("Import")
		default:
			return fmt.Errorf("synth: no Comtrade flow for %s", t.Flow)
		}
		field(par.code)
		field(par.iso)
		field(par.desc)
		field("0")
		field("W00")
		field("World")
		field("H6")
		field("HS")
		field("True")
		switch {
		case t.Commodity == tradedash.TotalCommodity:
			field("TOTAL")
			field("All Commodities")
			field("0")
			field("False")
		case len(t.Commodity) == 2:
			field(t.Commodity)
			field("synthetic chapter " + t.Commodity)
			field("2")
			field("False")
		default:
			field(t.Commodity)
			field(t.Description)
			integer(len(t.Commodity))
			field("True")
		}
		field("C00")
		field("TOTAL CPC")
		field("0")
		field("0")
		field("TOTAL MOT")
		if t.Quantity != nil {
			field("8")
			field("kg")
			number(*t.Quantity)
		} else {
			field("-1")
			field("N/A")
			field("0")
		}
		field("False")
		field("-1")
		field("N/A")
		field("0")
		field("False")
		if t.Quantity != nil {
			number(*t.Quantity)
		} else {
			field("0")
		}
		field("False")
		field("0")
		field("False")
		other := math.Round(t.ValueUSD * 0.95)
		if t.Flow == tradedash.FlowExport {
			number(other) // CIF
			number(t.ValueUSD)
		} else {
			number(t.ValueUSD)
			number(other) // FOB
		}
		number(t.ValueUSD)
		field("0")
		field("True")
		field("False")
		// The trailing comma is the last field's, as in the download.
		buf = append(buf, '\r', '\n')
		_, err = bw.Write(buf)
		return err
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}
