package main

import (
	"fmt"
	"log"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"tradedash/internal/synth"
)

// The yardstick of the Comtrade import (research/issue9.md §8): a plain
// table of the file's 47 columns, in file order (CSVWithNames maps columns
// by position in ClickHouse 18.16), sorted by tradedash's key as the
// file's columns hold it, and clickhouse-client loading the file into it.
// For measuring only, so they live here rather than in package queries.
const (
	yardstickTable = `CREATE TABLE comtrade_plain (typeCode String, freqCode String, refPeriodId String,
		refYear UInt16, refMonth UInt8, period String, reporterCode String, reporterISO String, reporterDesc String,
		flowCode String, flowDesc String, partnerCode String, partnerISO String, partnerDesc String,
		partner2Code String, partner2ISO String, partner2Desc String, classificationCode String,
		classificationSearchCode String, isOriginalClassification String, cmdCode String, cmdDesc String,
		aggrLevel String, isLeaf String, customsCode String, customsDesc String, mosCode String, motCode String,
		motDesc String, qtyUnitCode String, qtyUnitAbbr String, qty Float64, isQtyEstimated String,
		altQtyUnitCode String, altQtyUnitAbbr String, altQty String, isAltQtyEstimated String, netWgt Float64,
		isNetWgtEstimated String, grossWgt String, isGrossWgtEstimated String, cifvalue Float64,
		fobvalue Float64, primaryValue Float64, legacyEstimationFlag String, isReported String,
		isAggregate String) ENGINE = MergeTree
		ORDER BY (reporterISO, partnerISO, flowCode, refYear, refMonth, classificationCode, cmdCode)`
	yardstickLoad = "INSERT INTO comtrade_plain FORMAT CSVWithNames"
)

// importLeg is what the Comtrade import leg measured.
type importLeg struct {
	rows               int
	size               int64
	generated          time.Duration
	tradedash          time.Duration // tradedash import, its own process
	tradedashRSS       int64
	summary            string        // tradedash import's last line
	clickhouse         time.Duration // clickhouse-client INSERT ... FORMAT CSVWithNames
	clickhouseRSS      int64
	plainRows, current string // rows in the plain table, current trade flows after the import
}

// comtradeLeg writes a synthetic Comtrade Plus file of rows rows in dir,
// loads it with clickhouse-client into a plain table of d, then imports it
// with tradedash (built from this module and run as its own process, so
// that its peak memory is its own) into d, and deletes the file.
func comtradeLeg(dir string, d *database, rows int) (importLeg, error) {
	leg := importLeg{rows: rows}
	file := filepath.Join(dir, fmt.Sprintf("synthetic-comtrade-%d.csv", rows))
	defer os.Remove(file)
	start := time.Now()
	if err := synth.WriteComtrade(file, leg.rows, 42); err != nil {
		return leg, err
	}
	leg.generated = time.Since(start)
	st, err := os.Stat(file)
	if err != nil {
		return leg, err
	}
	leg.size = st.Size()
	log.Printf("comtrade: %s: %d synthetic rows, %.0f MB, written in %.1f s", filepath.Base(file), leg.rows,
		float64(leg.size)/1e6, leg.generated.Seconds())

	bin := filepath.Join(dir, "tradedash")
	if out, err := exec.Command("go", "build", "-o", bin, "tradedash/cmd/tradedash").CombinedOutput(); err != nil {
		return leg, fmt.Errorf("go build: %v\n%s", err, out)
	}

	if _, err := client(d.writerURL, yardstickTable); err != nil {
		return leg, err
	}
	in, err := os.Open(file)
	if err != nil {
		return leg, err
	}
	load := clientCmd(d.writerURL, "--query", yardstickLoad)
	load.Stdin = in
	start = time.Now()
	out, err := load.CombinedOutput()
	leg.clickhouse = time.Since(start)
	in.Close()
	if err != nil {
		return leg, fmt.Errorf("clickhouse-client %s: %v\n%s", yardstickLoad, err, out)
	}
	leg.clickhouseRSS = maxRSS(load)
	log.Printf("comtrade: clickhouse-client %s: %.1f s", yardstickLoad, leg.clickhouse.Seconds())

	imp := exec.Command(bin, "import", "--clickhouse", d.writerURL, file)
	var stdout, stderr strings.Builder
	imp.Stdout, imp.Stderr = &stdout, &stderr
	start = time.Now()
	err = imp.Run()
	leg.tradedash = time.Since(start)
	if err != nil {
		return leg, fmt.Errorf("tradedash import: %v\n%s%s", err, stdout.String(), lastLines(stderr.String(), 20))
	}
	leg.tradedashRSS = maxRSS(imp)
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	leg.summary = strings.TrimSpace(lines[len(lines)-1])
	log.Printf("comtrade: tradedash import: %.1f s: %s", leg.tradedash.Seconds(), leg.summary)

	if leg.plainRows, err = clientOut(d.writerURL, "SELECT count() FROM comtrade_plain"); err != nil {
		return leg, err
	}
	if leg.current, err = clientOut(d.writerURL, "SELECT count() FROM trade_current"); err != nil {
		return leg, err
	}
	leg.plainRows, leg.current = strings.TrimSpace(leg.plainRows), strings.TrimSpace(leg.current)
	// The plain table has served; its merges must not fall on the reads
	// measured next.
	_, err = client(d.writerURL, "DROP TABLE comtrade_plain")
	return leg, err
}

func (leg importLeg) print() {
	ratio := leg.tradedash.Seconds() / leg.clickhouse.Seconds()
	fmt.Printf("\nImport of a synthetic %d-row UN Comtrade Plus file (monthly HS6, RU and CN as reporters and partners;\n", leg.rows)
	fmt.Printf("47 quoted columns, trailing comma, CRLF; %.0f MB, generated in %.1f s by internal/synth), each as its own process:\n\n",
		float64(leg.size)/1e6, leg.generated.Seconds())
	fmt.Printf("%-58s %10s %12s\n", "", "time", "peak RSS")
	fmt.Printf("%-58s %10s %12s   %s rows\n", "clickhouse-client "+yardstickLoad, secs(leg.clickhouse), mb(leg.clickhouseRSS), leg.plainRows)
	fmt.Printf("%-58s %10s %12s   %s\n", "tradedash import --clickhouse URL FILE", secs(leg.tradedash), mb(leg.tradedashRSS), leg.summary)
	fmt.Printf("%-58s %10.2f %12s   target: time <= 1.50x %s, peak RSS < 300 MB %s\n", "ratio", ratio, "",
		verdict(ratio <= 1.5), verdict(leg.tradedashRSS < 300<<20))
	fmt.Printf("(the plain table: the file's 47 columns in file order, ORDER BY reporterISO, partnerISO, flowCode, refYear,\n")
	fmt.Printf("refMonth, classificationCode, cmdCode; trade_current holds %s rows after the import.)\n", leg.current)
}

// clientCmd is clickhouse-client as the user of dbURL, in its database.
func clientCmd(dbURL string, args ...string) *exec.Cmd {
	u, err := url.Parse(dbURL)
	if err != nil {
		log.Fatal(err)
	}
	password, _ := u.User.Password()
	return exec.Command("clickhouse-client", append([]string{"--host", u.Hostname(), "--port", u.Port(),
		"--user", u.User.Username(), "--password", password, "--database", strings.TrimPrefix(u.Path, "/")}, args...)...)
}

// maxRSS is the peak resident memory of a process that has ended, in
// bytes (Linux reports kilobytes).
func maxRSS(cmd *exec.Cmd) int64 {
	return cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

func verdict(ok bool) string {
	if ok {
		return "ok"
	}
	return "OVER"
}

func secs(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }

func mb(b int64) string { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }
