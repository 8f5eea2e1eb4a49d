package ingest

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestTradeQuantity reads the trade sheet's quantity and its unit in each
// language: a number by the value's rules, an empty cell or a dash no
// quantity (whatever the unit cell says), the unit from its column or
// else from the quantity's header. In a trade sheet 数量 is the quantity,
// and the everyday names of a unit column head the quantity's unit only
// beside a quantity column.
func TestTradeQuantity(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		want       []string // quantity and unit per flow, "-" for none
	}{
		{"ru", "Страна-отчитывающаяся;Страна-партнёр;Поток;Год;Значение, млрд долл. США;Количество;Единица измерения\n" +
			"Россия;Китай;экспорт;2022;114,1;1 234,5;т\nРоссия;Китай;импорт;2022;76,1;;т\nРоссия;Китай;экспорт;2021;79,3;–;\n" +
			"Россия;Китай;импорт;2021;68,6;12,345;кг\n",
			[]string{"1234.5 т", "-", "-", "12.345 кг"}},
		{"en", "reporter,partner,flow,year,value usd,quantity,quantity unit\n" +
			"RU,CN,export,2022,114100000000,48250.125,kg\nRU,CN,import,2022,76100000000,,\nRU,CN,export,2021,79300000000,0,kg\n",
			[]string{"48250.125 kg", "-", "0 kg"}},
		{"zh", "申报国,伙伴国,流向,年份,金额（亿美元）,数量,计量单位\n中国,俄罗斯,出口,2022,761.23,350,吨\n中国,俄罗斯,进口,2022,1141.5,,\n",
			[]string{"350 吨", "-"}},
		{"unit in the header", "reporter,partner,flow,year,value usd,\"quantity, kg\",unit\nRU,CN,export,2022,100,5,\nRU,CN,import,2022,100,6,t\n",
			[]string{"5 kg", "6 t"}},
		{"unit column without a quantity", "reporter,partner,flow,year,value,unit\nRU,CN,export,2022,5 USD bn,USD bn\n", []string{"-"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var rec recorder
			if _, err := Read(context.Background(), writeTemp(t, "trade.csv", []byte(tt.file)), Options{Source: "https://example.org/trade"}, &rec); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range rec.trade {
				if f.Quantity == nil {
					got = append(got, "-")
				} else {
					got = append(got, fmt.Sprintf("%v %s", *f.Quantity, f.QuantityUnit))
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("quantities %q, want %q", got, tt.want)
			}
		})
	}
}

// TestTradeQuantityProblems: a quantity with a qualifier or a unit of its
// own, or not a number, and a 数量 header that names a currency (a value
// headed as figures head it) are refused.
func TestTradeQuantityProblems(t *testing.T) {
	for _, tt := range []struct{ file, want string }{
		{"reporter,partner,flow,year,value usd,quantity\nRU,CN,export,2022,100,about 10\n", `"about 10": a quantity is a number`},
		{"reporter,partner,flow,year,value usd,quantity\nRU,CN,export,2022,100,10 м²\n", "write the quantity's unit in the quantity unit column"},
		{"reporter,partner,flow,year,value usd,quantity\nRU,CN,export,2022,100,many\n", "not a quantity"},
		{"申报国,伙伴国,流向,年份,数量（亿美元）\n中国,俄罗斯,出口,2022,761.23\n", "is the quantity in a trade sheet, and its header names a currency"},
	} {
		lines, rec := readProblems(t, writeTemp(t, "trade.csv", []byte(tt.file)), Options{Source: "https://example.org/trade"})
		if !strings.Contains(strings.Join(lines, "\n"), tt.want) || len(rec.trade) != 0 {
			t.Errorf("%q: problems %q, want %q", tt.file, lines, tt.want)
		}
	}
}
