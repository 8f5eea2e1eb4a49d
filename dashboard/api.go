package dashboard

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"tradedash"
	"tradedash/view"
)

// apiFigure is one figure as the JSON API gives it: its current claim
// (the fields of the API before claims, in their order, then basis,
// certificate and preferred), where its metric is defined, and the other
// claims of other sources or statuses in Others.
type apiFigure struct {
	Year        int        `json:"year"`
	Value       float64    `json:"value"`
	Qualifier   string     `json:"qualifier"`
	Status      string     `json:"status"`
	Source      string     `json:"source"`
	Note        string     `json:"note"`
	Exhibition  string     `json:"exhibition"`
	Country     string     `json:"country"`
	Metric      string     `json:"metric"`
	ImportID    uint64     `json:"import_id"`
	Basis       string     `json:"basis"`
	Certificate string     `json:"certificate"`
	Preferred   bool       `json:"preferred"`
	Definition  string     `json:"definition"` // the path of the metric's definition
	Others      []apiClaim `json:"others"`     // ranked; empty when one source gives the figure
}

// apiClaim is another claim of a figure: a source's value, on what it rests.
type apiClaim struct {
	Value       float64 `json:"value"`
	Qualifier   string  `json:"qualifier"`
	Status      string  `json:"status"`
	Source      string  `json:"source"`
	Note        string  `json:"note"`
	ImportID    uint64  `json:"import_id"`
	Basis       string  `json:"basis"`
	Certificate string  `json:"certificate"`
	Preferred   bool    `json:"preferred"`
}

func newAPIClaim(f tradedash.Figure) apiClaim {
	return apiClaim{Value: f.Value, Qualifier: string(f.Qualifier), Status: string(f.Status), Source: f.Source, Note: f.Note,
		ImportID: f.ImportID, Basis: string(f.Basis), Certificate: f.Certificate, Preferred: f.Preferred}
}

// apiMilestone is one milestone as the JSON API gives it.
type apiMilestone struct {
	Date       string `json:"date"`      // YYYY-MM-DD; only Precision of it is meaningful
	Precision  string `json:"precision"` // year, month or day
	Exhibition string `json:"exhibition"`
	Country    string `json:"country"`
	TitleRU    string `json:"title_ru"`
	TitleEN    string `json:"title_en"`
	TitleZH    string `json:"title_zh"`
	Source     string `json:"source"`
	Note       string `json:"note"`
	ImportID   uint64 `json:"import_id"`
}

// apiJSON answers with the JSON that encode makes of the Data view the URL
// asks for, sorted by year. The encoded body is cached with the views, by
// data version, so a repeated request costs neither a query nor an
// encoding. A filter that matches more figures than one view holds is
// refused by encode rather than cut short.
func (h *handler) apiJSON(c *fiber.Ctx, kind string, encode func(*view.Data) (any, error)) error {
	p, err := view.ParseParams(queryValues(c))
	if err != nil {
		return err
	}
	p.Sort = "year"
	ctx, cancel := h.ctx(c)
	defer cancel()
	body, err := view.Cached(ctx, h.views, kind, p.Values().Encode(), func(tradedash.Vintage) ([]byte, int, error) {
		d, err := h.views.Data(ctx, p)
		if err != nil {
			return nil, 0, err
		}
		v, err := encode(d)
		if err != nil {
			return nil, 0, err
		}
		b, err := json.Marshal(v) // escapes <, > and & as well
		return b, len(b) / 1024, err
	})
	if err != nil {
		return err
	}
	if vin, err := h.views.Vintage(ctx); err == nil {
		c.Set("X-Data-Import", strconv.FormatUint(vin.ImportID, 10))
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(body)
}

// apiFigures answers GET /api/v1/figures?exhibition=&country=&metric=&from=&to=
// with the current figures, sorted by year.
func (h *handler) apiFigures(c *fiber.Ctx) error {
	return h.apiJSON(c, "api:figures", func(d *view.Data) (any, error) {
		if d.Truncated {
			return nil, errTooBroad
		}
		out := make([]apiFigure, len(d.Figures))
		for i, f := range d.Figures {
			out[i] = apiFigure{
				Year: f.Year, Value: f.Value, Qualifier: string(f.Qualifier), Status: string(f.Status),
				Source: f.Source, Note: f.Note, Exhibition: f.Exhibition, Country: f.Country, Metric: f.Metric,
				ImportID: f.ImportID, Basis: string(f.Basis), Certificate: f.Certificate, Preferred: f.Preferred,
				Definition: pathDefinitions + "#" + f.Metric,
				Others:     make([]apiClaim, len(f.Others)),
			}
			for j, o := range f.Others {
				out[i].Others[j] = newAPIClaim(o)
			}
		}
		return out, nil
	})
}

// apiMilestones answers GET /api/v1/milestones?exhibition=&country=&from=&to=
// with the milestones, by date; a country's include the whole exhibition's.
func (h *handler) apiMilestones(c *fiber.Ctx) error {
	return h.apiJSON(c, "api:milestones", func(d *view.Data) (any, error) {
		out := make([]apiMilestone, len(d.Milestones))
		for i, m := range d.Milestones {
			out[i] = apiMilestone{
				Date: m.Date.Format(time.DateOnly), Precision: string(m.Precision),
				Exhibition: m.Exhibition, Country: m.Country, TitleRU: m.TitleRU, TitleEN: m.TitleEN, TitleZH: m.TitleZH,
				Source: m.Source, Note: m.Note, ImportID: m.ImportID,
			}
		}
		return out, nil
	})
}
