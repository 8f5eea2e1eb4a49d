package view

// The dashboard's pages, by path: the dashboard serves them, and reports
// and exports link back to them.
const (
	PathOverview = "/"
	PathCompare  = "/compare"
	PathData     = "/data"
	PathImports  = "/imports"
	// PathDefinitions lists what every metric measures; a metric's entry
	// is at its code as the fragment: /definitions#exhibitors.
	PathDefinitions = "/definitions"
)

// PathPair is the bilateral page of two countries.
const PathPair = "/pair"
