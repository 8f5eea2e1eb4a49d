// Package tradedash holds the domain types shared by every layer of the
// trade-cooperation dashboard: figures, milestones, imports and the errors a
// user may see. It imports nothing from the project, so ingest, queries,
// dashboard and report can all speak about the same things.
package tradedash

import (
	"errors"
	"time"
)

// Qualifier says how exact a figure is: "более 400" is Over 400.
type Qualifier string

// The qualifiers a figure may carry.
const (
	Exact Qualifier = "exact"
	Over  Qualifier = "over"  // a lower bound: "более 400", ">400", "400+"
	Under Qualifier = "under" // an upper bound: "до 500", "менее 50"
	About Qualifier = "about" // approximate: "около 300", "~300"
)

// Qualifiers lists every qualifier in storage order.
var Qualifiers = []Qualifier{Exact, Over, Under, About}

// Status says whether a figure is a result or an expectation.
type Status string

// The statuses a figure may carry.
const (
	Actual   Status = "actual"
	Planned  Status = "planned"
	Forecast Status = "forecast"
)

// Statuses lists every status in storage order.
var Statuses = []Status{Actual, Planned, Forecast}

// AllCountries is the country code of a figure about a whole exhibition.
const AllCountries = "ALL"

// Metric is a kind of yearly participation figure.
type Metric struct {
	Code    string // stored code, e.g. "area_m2"
	Unit    string // "" for counts, "m2" for areas
	Integer bool   // counts are whole numbers
}

// Metrics lists the metrics tradedash knows, in display order.
var Metrics = []Metric{
	{Code: "companies", Integer: true},
	{Code: "foreign_companies", Integer: true},
	{Code: "area_m2", Unit: "m2"},
	{Code: "visitors", Integer: true},
	{Code: "countries", Integer: true},
	{Code: "delegations", Integer: true},
	{Code: "agreements", Integer: true},
}

// MetricByCode returns the metric with the given code.
func MetricByCode(code string) (Metric, bool) {
	for _, m := range Metrics {
		if m.Code == code {
			return m, true
		}
	}
	return Metric{}, false
}

// Figure is one yearly value: how many companies country X had at exhibition
// Y in year Z, with how sure we are of it and where it comes from.
type Figure struct {
	Exhibition string // exhibition code, e.g. "innoprom"
	Country    string // ISO 3166-1 alpha-2, or AllCountries
	Metric     string // a Metric code
	Year       int
	Value      float64
	Qualifier  Qualifier
	Status     Status
	Source     string // URL or citation
	Note       string
	ImportID   uint64 // the import that wrote this value; it is also the figure's version
}

// DatePrecision says how much of a milestone's date is known.
type DatePrecision string

// The precisions of a milestone date.
const (
	PrecisionYear  DatePrecision = "year"
	PrecisionMonth DatePrecision = "month"
	PrecisionDay   DatePrecision = "day"
)

// Milestone is an event that explains a change in the figures: a partner
// country, a joint exhibition, a delegation, an agreement.
type Milestone struct {
	Date       time.Time // UTC midnight; only the part given by Precision is meaningful
	Precision  DatePrecision
	Exhibition string // exhibition code
	Country    string // ISO alpha-2, or AllCountries
	TitleRU    string
	TitleEN    string
	TitleZH    string // Simplified Chinese; only a title a source gives in Chinese
	Source     string
	Note       string
	ImportID   uint64
}

// ImportStatus is where an import is in its life.
type ImportStatus string

// The statuses of an import.
const (
	ImportRunning    ImportStatus = "running"     // started, not committed yet (or killed recently)
	ImportCommitted  ImportStatus = "committed"   // visible to readers
	ImportFailed     ImportStatus = "failed"      // refused; nothing visible
	ImportRolledBack ImportStatus = "rolled_back" // was committed, now invisible
	ImportAbandoned  ImportStatus = "abandoned"   // started hours ago, never finished: the process was killed
	ImportLost       ImportStatus = "lost"        // its process died before it finished; its rows are dropped
)

// Import is one entry of the import log.
type Import struct {
	ID         uint64
	StartedAt  time.Time
	FinishedAt time.Time // zero while running
	File       string
	SHA256     string
	Rows       int
	New        int
	Changed    int
	Unchanged  int
	Status     ImportStatus
	Message    string // why it failed or was lost
}

// Vintage tells which data a view shows: the last committed import.
type Vintage struct {
	ImportID uint64    // 0 when nothing was imported
	At       time.Time // when it was committed
	Version  uint64    // changes with every commit or rollback; a cache key
}

// Sentinel errors, checked with errors.Is.
var (
	ErrNotFound    = errors.New("not found")
	ErrUnavailable = errors.New("database unavailable")
	// ErrQueryLimit says the database is up but a query ran out of the
	// time or the rows and memory one request may take: not an outage,
	// and a narrower query may succeed.
	ErrQueryLimit = errors.New("query over its time or size limit")
)

// Flow is the direction of a trade flow as its reporter declares it.
type Flow string

// The flows tradedash keeps. Turnover is exports plus imports as a source
// states it; tradedash stores it only where a source gives it, never as a
// sum of its own.
const (
	FlowExport   Flow = "export"
	FlowImport   Flow = "import"
	FlowReExport Flow = "re_export"
	FlowReImport Flow = "re_import"
	FlowTurnover Flow = "turnover"
)

// Flows lists every flow in storage order.
var Flows = []Flow{FlowExport, FlowImport, FlowReExport, FlowReImport, FlowTurnover}

// TradeStatus says how final a trade figure is.
type TradeStatus string

// The statuses of trade figures.
const (
	TradeActual      TradeStatus = "actual"
	TradePreliminary TradeStatus = "preliminary"
	TradeRevised     TradeStatus = "revised"
	TradeEstimate    TradeStatus = "estimate"
)

// TradeStatuses lists every trade status in storage order.
var TradeStatuses = []TradeStatus{TradeActual, TradePreliminary, TradeRevised, TradeEstimate}

// World is the partner code of a reporter's trade with all partners.
const World = "WLD"

// TotalCommodity is the commodity code of all goods.
const TotalCommodity = "TOTAL"

// TradeFlow is one value of trade between two countries: what Reporter's
// customs (or statistics office) declared for one flow, period and
// commodity. One current value per key (Reporter, Partner, Flow, Year,
// Month, YTD, Classification, Commodity); earlier values stay as history.
type TradeFlow struct {
	Reporter string // ISO 3166-1 alpha-2
	Partner  string // ISO 3166-1 alpha-2, or World
	Flow     Flow
	Year     int
	Month    int  // 1-12; 0 for the whole year
	YTD      bool // cumulative from January to Month ("Jan-Oct 2023")
	// Classification is the commodity nomenclature and its edition: "" for
	// TotalCommodity, "H0".."H6" (HS editions), "S1".."S4" (SITC), "HS"
	// (an HS code of no stated edition), "CN8" (China's 8-digit tariff).
	Classification string
	Commodity      string // TotalCommodity, an HS section "I".."XXI", or the code's digits
	Description    string // the commodity as the file names it (codes deeper than a chapter)
	ValueUSD       float64
	Quantity       *float64 // nil when the file gives none
	QuantityUnit   string
	Qualifier      Qualifier
	Status         TradeStatus
	Source         string
	Note           string
	ImportID       uint64
}
