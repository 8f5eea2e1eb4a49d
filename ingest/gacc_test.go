package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"tradedash"
)

// TestGACCRowCap: the portal cuts a download at 10,000 rows, so a file of
// exactly that many is read with a notice that it may be cut; one row
// fewer is not.
func TestGACCRowCap(t *testing.T) {
	for _, n := range []int{gaccMaxRows, gaccMaxRows - 1} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			var b strings.Builder
			b.WriteString(gaccZhHeader)
			for i := range n {
				b.WriteString(gaccLine("202410", strconv.Itoa(10000000+i), "商品", "344", "俄罗斯", "10", "一般贸易",
					"1", "千克", "0", "?", "1,000"))
			}
			enc, err := simplifiedchinese.GBK.NewEncoder().String(b.String())
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "export.csv")
			if err := os.WriteFile(path, []byte(enc), 0o644); err != nil {
				t.Fatal(err)
			}
			var rec recorder
			sum, err := Read(context.Background(), path, Options{Flow: tradedash.FlowExport}, &rec)
			if err != nil || sum.Records != n {
				t.Fatalf("%d records, %v", sum.Records, err)
			}
			capped := false
			for _, p := range sum.Skipped {
				capped = capped || strings.Contains(p.Msg, "the portal cuts a download there")
			}
			if capped != (n == gaccMaxRows) {
				t.Errorf("%d rows: notice of the cut %v; notices: %v", n, capped, sum.Skipped)
			}
		})
	}
}

// TestGACCFlagsElsewhere: --flow and --period given with a file that is
// not a China Customs export refuse it, whatever it holds, rather than
// apply to nothing.
func TestGACCFlagsElsewhere(t *testing.T) {
	for _, name := range []string{"trade-sheet-ru.csv", "figures-zh.csv", "milestones.csv", "comtrade-legacy.csv", "figures.xlsx"} {
		for _, opts := range []Options{{Flow: tradedash.FlowImport}, {Period: Period{Year: 2024}}} {
			var rec recorder
			_, err := Read(context.Background(), filepath.Join("testdata", name), opts, &rec)
			var ps Problems
			if !errors.As(err, &ps) || !strings.Contains(ps.Error(), "--flow and --period describe a China Customs export") {
				t.Errorf("%s with %+v: %v", name, opts, err)
			}
		}
	}
}

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Period
		err  string
	}{
		{"", Period{}, ""},
		{"2024", Period{Year: 2024}, ""},
		{"2024-10", Period{Year: 2024, Month: 10}, ""},
		{"2024-01..2024-10", Period{Year: 2024, Month: 10, YTD: true}, ""},
		{"2024-01..2024-01", Period{Year: 2024, Month: 1}, ""},
		{"2024-02..2024-10", Period{}, "only January to a month"},
		{"2023-01..2024-10", Period{}, "only January to a month"},
		{"2024-13", Period{}, "not a period"},
		{"2024/10", Period{}, "not a period"},
		{"1800", Period{}, "outside"},
		{"24", Period{}, "not a period"},
	} {
		got, err := ParsePeriod(c.in)
		if got != c.want || (err == nil) != (c.err == "") || err != nil && !strings.Contains(err.Error(), c.err) {
			t.Errorf("ParsePeriod(%q) = %+v, %v; want %+v, %q", c.in, got, err, c.want, c.err)
		}
		if err == nil && got.String() != c.in && c.in != "2024-01..2024-01" {
			t.Errorf("%+v.String() = %q, want %q", got, got.String(), c.in)
		}
	}
}

func TestParseFlow(t *testing.T) {
	for in, want := range map[string]tradedash.Flow{"export": tradedash.FlowExport, "Import": tradedash.FlowImport,
		"出口": tradedash.FlowExport, "импорт": tradedash.FlowImport, "": ""} {
		if got, err := ParseFlow(in); got != want || err != nil {
			t.Errorf("ParseFlow(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"turnover", "re-export", "both"} {
		if _, err := ParseFlow(in); err == nil {
			t.Errorf("ParseFlow(%q) gives no error", in)
		}
	}
}
