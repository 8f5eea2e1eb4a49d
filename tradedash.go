// Package tradedash holds the domain types shared by every layer of the
// trade-cooperation dashboard: figures, milestones, imports and the errors a
// user may see. It imports nothing from the project, so ingest, queries,
// dashboard and report can all speak about the same things.
package tradedash

import (
	"errors"
	"slices"
	"strings"
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

// Basis says on what a figure rests: who counted it and whether anyone
// checked the count. An audited figure is the strongest; a press report or
// an estimate the weakest. A forecast or a plan is a Status, not a basis.
type Basis string

// The bases a figure may carry.
const (
	// Unstated: the file gave no basis (every figure imported before
	// tradedash kept one). Shown as "basis not stated", never guessed.
	Unstated  Basis = "unstated"
	Audited   Basis = "audited"   // certified by an exhibition-statistics audit; Certificate names it
	Organiser Basis = "organiser" // published by the exhibition's organiser
	Official  Basis = "official"  // published by a government body
	Press     Basis = "press"     // reported by the press
	Estimate  Basis = "estimate"  // estimated by whoever entered it
)

// Bases lists every basis in storage order (the Enum8 values of
// migration 007).
var Bases = []Basis{Unstated, Audited, Organiser, Official, Press, Estimate}

// Rank orders bases by strength, strongest highest: audited, organiser,
// official, press, estimate, unstated. The current claim of a figure is
// chosen by it (see ChooseClaim).
func (b Basis) Rank() int {
	switch b {
	case Audited:
		return 5
	case Organiser:
		return 4
	case Official:
		return 3
	case Press:
		return 2
	case Estimate:
		return 1
	}
	return 0
}

// Rank orders statuses for choosing a figure's current claim: a result
// before a forecast before a plan.
func (s Status) Rank() int {
	switch s {
	case Actual:
		return 2
	case Forecast:
		return 1
	}
	return 0
}

// Metric is a kind of yearly participation figure. Its definition, in
// every language, and the clause of the standard it follows are in the
// reference package's metric catalogue.
type Metric struct {
	Code    string // stored code, e.g. "net_space_m2"
	Unit    string // "" for counts, "m2" for areas
	Integer bool   // counts are whole numbers
	// Standard tells whether the metric follows an exhibition-statistics
	// standard (ISO 25639, UFI, FKM); "as reported" metrics do not, and
	// derived figures never mix the two.
	Standard bool
	// ReplacedBy is set on the codes of tradedash before the metric
	// catalogue (issue 11): the metric their figures are read as. Such a
	// code is still accepted in files and links, never stored.
	ReplacedBy string
}

// Metrics lists the metrics tradedash knows, in display order, then the
// replaced codes.
var Metrics = []Metric{
	{Code: "exhibitors", Integer: true, Standard: true},
	{Code: "main_exhibitors", Integer: true, Standard: true},
	{Code: "co_exhibitors", Integer: true, Standard: true},
	{Code: "represented_companies", Integer: true, Standard: true},
	{Code: "foreign_exhibitors", Integer: true, Standard: true},
	{Code: "exhibitor_countries", Integer: true, Standard: true},
	{Code: "net_space_m2", Unit: "m2", Standard: true},
	{Code: "gross_space_m2", Unit: "m2", Standard: true},
	{Code: "rented_space_domestic_m2", Unit: "m2", Standard: true},
	{Code: "rented_space_foreign_m2", Unit: "m2", Standard: true},
	{Code: "special_show_space_m2", Unit: "m2", Standard: true},
	{Code: "visitors", Integer: true, Standard: true},
	{Code: "trade_visitors", Integer: true, Standard: true},
	{Code: "foreign_visitors", Integer: true, Standard: true},
	{Code: "visits", Integer: true, Standard: true},
	{Code: "visitor_countries", Integer: true},
	{Code: "delegations", Integer: true},
	{Code: "agreements", Integer: true},
	{Code: "participants_reported", Integer: true},
	{Code: "foreign_participants_reported", Integer: true},
	{Code: "space_reported_m2", Unit: "m2"},
	{Code: "countries_reported", Integer: true},

	{Code: "companies", Integer: true, ReplacedBy: "participants_reported"},
	{Code: "foreign_companies", Integer: true, ReplacedBy: "foreign_participants_reported"},
	{Code: "area_m2", Unit: "m2", ReplacedBy: "space_reported_m2"},
	{Code: "countries", Integer: true, ReplacedBy: "countries_reported"},
}

// MetricByCode returns the metric with the given code, a replaced code
// included (see Metric.ReplacedBy).
func MetricByCode(code string) (Metric, bool) {
	for _, m := range Metrics {
		if m.Code == code {
			return m, true
		}
	}
	return Metric{}, false
}

// CurrentMetric returns the metric a code stands for today: the code's
// own, or the one a replaced code is read as.
func CurrentMetric(code string) (Metric, bool) {
	m, ok := MetricByCode(code)
	if ok && m.ReplacedBy != "" {
		return MetricByCode(m.ReplacedBy)
	}
	return m, ok
}

// Figure is one claim of a yearly value: how many exhibitors country X
// had at exhibition Y in year Z according to one source, with how sure
// that source is and on what it rests.
//
// A figure (Exhibition, Country, Metric, Year) may have several claims:
// one per Status and Source (see ClaimKey). All are kept; one is current
// (ChooseClaim), and readers give the others in Others.
type Figure struct {
	Exhibition  string // exhibition code, e.g. "innoprom"
	Country     string // ISO 3166-1 alpha-2, or AllCountries
	Metric      string // a Metric code
	Year        int
	Value       float64
	Qualifier   Qualifier
	Status      Status
	Basis       Basis
	Certificate string // the audit certificate or auditor of an Audited figure
	Preferred   bool   // the file marks this claim as the one to show
	Source      string // URL or citation
	Note        string
	ImportID    uint64 // the import that wrote this value; it is also the claim's version
	FileRow     int    // the row of the import's file it came from (0 when unknown)

	// Others are the figure's other current claims, in the order
	// ChooseClaim ranks them; set by readers on the current claim only.
	Others []Figure
}

// ClaimKey identifies one claim of a figure: one source's value for one
// status. A later import's claim with the same key replaces it (a
// correction); a claim with another key stands beside it.
type ClaimKey struct {
	Exhibition, Country, Metric string
	Year                        int
	Status                      Status
	Source                      string // NormalizeSource of the figure's source
}

// Claim returns the key of f's claim.
func (f *Figure) Claim() ClaimKey {
	return ClaimKey{f.Exhibition, f.Country, f.Metric, f.Year, f.Status, NormalizeSource(f.Source)}
}

// NormalizeSource is the form of a source that tells claims apart: spaces
// trimmed, a URL's scheme and host lower-cased and a trailing "/" dropped,
// so that "HTTPS://TASS.ru/x/" and "https://tass.ru/x" are one source.
// Writers store it beside the source (the source_key column of migration
// 007), and ClickHouse groups claims by it.
func NormalizeSource(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "/")
	if i := strings.Index(s, "://"); i > 0 {
		rest := s[i+3:]
		host, path, found := strings.Cut(rest, "/")
		if found {
			path = "/" + path
		}
		s = strings.ToLower(s[:i]) + "://" + strings.ToLower(host) + path
	}
	return s
}

// ClaimBefore tells whether claim a ranks before claim b when choosing a
// figure's current claim. The rule, in order:
//  1. a claim the file marks Preferred;
//  2. the status: actual, then forecast, then planned;
//  3. the basis (Basis.Rank): audited, organiser, official, press,
//     estimate, unstated;
//  4. the later import;
//  5. the earlier row of the file.
//
// ClickHouse applies the same rule when it builds a generation
// (queries/current.go); a test checks that both choose alike.
func ClaimBefore(a, b *Figure) bool {
	if a.Preferred != b.Preferred {
		return a.Preferred
	}
	if a.Status.Rank() != b.Status.Rank() {
		return a.Status.Rank() > b.Status.Rank()
	}
	if a.Basis.Rank() != b.Basis.Rank() {
		return a.Basis.Rank() > b.Basis.Rank()
	}
	if a.ImportID != b.ImportID {
		return a.ImportID > b.ImportID
	}
	return a.FileRow < b.FileRow
}

// SortClaims orders claims of one figure as ClaimBefore ranks them, the
// current claim first; claims it cannot tell apart keep their order.
func SortClaims(claims []Figure) {
	slices.SortStableFunc(claims, func(a, b Figure) int {
		switch {
		case ClaimBefore(&a, &b):
			return -1
		case ClaimBefore(&b, &a):
			return 1
		}
		return 0
	})
}

// ChooseClaim returns the index of the current claim among the claims of
// one figure (ClaimBefore), -1 when there is none.
func ChooseClaim(claims []Figure) int {
	best := -1
	for i := range claims {
		if best < 0 || ClaimBefore(&claims[i], &claims[best]) {
			best = i
		}
	}
	return best
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
