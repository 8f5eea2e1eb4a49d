package dashboard

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"

	"tradedash"
	"tradedash/view"
)

// dataPage is the figures behind the charts as a sortable table, with the
// milestones.
type dataPage struct {
	page
	Filters    filterForm
	Count      string
	Truncated  string // the notice when more figures match than are shown
	Headers    []header
	Rows       []dataRow
	Milestones []milestoneItem
}

// header is a column heading; a sortable one links to the same view sorted
// by it.
type header struct {
	Text   string
	URL    string
	Sorted bool
	Desc   bool
}

type dataRow struct {
	Year       int
	Exhibition string
	Country    string
	Metric     metricLink
	Value      string
	Qualifier  string
	Status     string
	Planned    bool
	Basis      string
	Source     string
	Claims     *claimsLine
	Note       string
	Import     uint64
}

// dataColumns are the table's columns: a sort key ("" when the column does
// not sort) and a heading.
var dataColumns = []struct{ sort, key string }{
	{"year", "col.year"}, {"exhibition", "col.exhibition"}, {"country", "col.country"},
	{"metric", "col.metric"}, {"value", "col.value"}, {"", "col.qualifier"}, {"status", "col.status"},
	{"", "claims.col.basis"}, {"", "col.source"}, {"", "claims.col.others"}, {"", "col.note"}, {"import", "col.import"},
}

func (h *handler) data(c *fiber.Ctx) error {
	return h.cachedPage(c, "data", h.buildData)
}

func (h *handler) buildData(ctx context.Context, l *pageLang, p view.Params) (any, error) {
	d, err := h.views.Data(ctx, p)
	if err != nil {
		return nil, err
	}
	cov, err := h.views.Coverage(ctx)
	if err != nil {
		return nil, err
	}
	pg := dataPage{
		page:       h.newPage(l, pathData, l.T("data.title"), d.Params, &d.Vintage),
		Count:      l.T("data.count", l.Number(float64(len(d.Figures)))),
		Milestones: milestoneItems(l, d.Milestones),
	}
	if d.Truncated {
		pg.Truncated = l.T("data.truncated", l.Number(view.MaxDataRows))
	}
	ex := ""
	if len(d.Params.Exhibitions) == 1 {
		ex = d.Params.Exhibitions[0]
	}
	metric := ""
	if len(d.Params.Metrics) == 1 {
		metric = d.Params.Metrics[0]
	}
	pg.Filters = h.newFilters(l, pathData, d.Params, nil)
	pg.Filters.Fields = []filterField{
		exhibitionField(l, d.Params.Exhibitions, false, true),
		countryField(l, cov.Countries(ex), d.Params.Countries, true, false),
		metricField(l, l.T("filter.metric"), metric, l.T("filter.any")),
		basisField(l, d.Params.Bases),
	}

	current := strings.TrimPrefix(d.Params.Sort, "-")
	desc := strings.HasPrefix(d.Params.Sort, "-")
	for _, col := range dataColumns {
		hd := header{Text: l.T(col.key)}
		if col.sort != "" {
			q := d.Params
			q.Sort = col.sort
			if col.sort == current {
				hd.Sorted, hd.Desc = true, desc
				if !desc {
					q.Sort = "-" + col.sort
				}
			}
			hd.URL = href(pathData, q)
		}
		pg.Headers = append(pg.Headers, hd)
	}
	for _, f := range d.Figures {
		pg.Rows = append(pg.Rows, dataRow{
			Year:       f.Year,
			Exhibition: l.Exhibition(f.Exhibition),
			Country:    l.Country(f.Country),
			Metric:     newMetricLink(l, d.Params, f.Metric),
			Value:      l.Value(f),
			Qualifier:  l.QualifierName(f.Qualifier),
			Status:     l.StatusName(f.Status),
			Planned:    f.Status != tradedash.Actual,
			Basis:      basisText(l, f),
			Source:     f.Source,
			Claims:     newClaims(l, f),
			Note:       f.Note,
			Import:     f.ImportID,
		})
	}
	return pg, nil
}
