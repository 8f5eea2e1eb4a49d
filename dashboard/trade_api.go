package dashboard

import (
	"encoding/json"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"tradedash"
	"tradedash/view"
)

// apiTradeFlow is one trade flow as the JSON API gives it.
type apiTradeFlow struct {
	Reporter       string   `json:"reporter"`
	Partner        string   `json:"partner"`
	Flow           string   `json:"flow"`
	Year           int      `json:"year"`
	Month          int      `json:"month"` // 0 for the whole year
	YTD            bool     `json:"ytd"`   // cumulative from January to month
	Classification string   `json:"classification"`
	Commodity      string   `json:"commodity"`
	ValueUSD       float64  `json:"value_usd"`
	Quantity       *float64 `json:"quantity"`
	QuantityUnit   string   `json:"quantity_unit"`
	Qualifier      string   `json:"qualifier"`
	Status         string   `json:"status"`
	Source         string   `json:"source"`
	Note           string   `json:"note"`
	ImportID       uint64   `json:"import_id"`
}

// apiTrade answers GET
// /api/v1/trade?reporter=&partner=&flow=&from=&to=&monthly= with the
// current trade flows of all goods, refusing like /api/v1/figures a filter
// that matches more than one answer holds. The body is cached with the
// views by data version.
func (h *handler) apiTrade(c *fiber.Ctx) error {
	p, err := view.ParseTradeParams(queryValues(c))
	if err != nil {
		return err
	}
	p.Lang = ""
	ctx, cancel := h.ctx(c)
	defer cancel()
	body, err := view.Cached(ctx, h.views, "api:trade", p.Values().Encode(), func(tradedash.Vintage) ([]byte, int, error) {
		tr, err := h.views.Trade(ctx, p)
		if err != nil {
			return nil, 0, err
		}
		if tr.Truncated {
			return nil, 0, errTooBroad
		}
		out := make([]apiTradeFlow, len(tr.Flows))
		for i, t := range tr.Flows {
			out[i] = apiTradeFlow{
				Reporter: t.Reporter, Partner: t.Partner, Flow: string(t.Flow), Year: t.Year, Month: t.Month, YTD: t.YTD,
				Classification: t.Classification, Commodity: t.Commodity, ValueUSD: t.ValueUSD,
				Quantity: t.Quantity, QuantityUnit: t.QuantityUnit, Qualifier: string(t.Qualifier), Status: string(t.Status),
				Source: t.Source, Note: t.Note, ImportID: t.ImportID,
			}
		}
		b, err := json.Marshal(out)
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
