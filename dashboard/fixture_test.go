package dashboard

import (
	"testing"
	"time"

	"tradedash"
	"tradedash/queries"
)

// Hostile strings that a note, a source or a milestone title may carry. The
// pages must show each as text, and run none.
var hostile = []string{
	`</script><script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`__f__alert(1)__f__`,
	`{a|rich}{b}{@x}`,
}

// Sources that must never become links.
var hostileSources = []string{
	`javascript:alert(1)`,
	` JaVaScRiPt:alert(document.domain)`,
	`data:text/html,<script>alert(1)</script>`,
	`vbscript:msgbox(1)`,
}

// loadHostile loads INNOPROM/China figures and milestones whose every free
// text is hostile.
func loadHostile(t *testing.T, db *queries.DB) {
	t.Helper()
	var figs []tradedash.Figure
	var ms []tradedash.Milestone
	for i := range 4 {
		for _, metric := range []string{"exhibitors", "space_reported_m2"} {
			figs = append(figs, tradedash.Figure{
				Exhibition: "innoprom", Country: "CN", Metric: metric, Year: 2020 + i,
				Value: float64(100 * (i + 1)), Qualifier: tradedash.Over, Status: tradedash.Actual,
				Source: hostileSources[i], Note: hostile[i],
			})
		}
		ms = append(ms, tradedash.Milestone{
			Date: time.Date(2020+i, 1, 1, 0, 0, 0, 0, time.UTC), Precision: tradedash.PrecisionYear,
			Exhibition: "innoprom", Country: "CN", TitleRU: hostile[i], TitleEN: hostile[i],
			Source: hostileSources[i], Note: hostile[(i+1)%len(hostile)],
		})
	}
	figs = append(figs, tradedash.Figure{
		Exhibition: "innoprom", Country: "CN", Metric: "exhibitors", Year: 2024,
		Value: 500, Qualifier: tradedash.Exact, Status: tradedash.Forecast,
		Source: "https://example.org/a?b=<c>&d=\"e\"", Note: hostile[0],
	})
	mustImport(t, db, hostile[1]+".csv", figs, ms)
}
