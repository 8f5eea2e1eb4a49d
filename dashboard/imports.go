package dashboard

import (
	"github.com/gofiber/fiber/v2"

	"tradedash"
	"tradedash/reference"
	"tradedash/view"
)

// importsPage is the import log: which loads made the data the pages show.
type importsPage struct {
	page
	Rows []importRow
}

type importRow struct {
	ID                            uint64
	Status                        string
	Bad                           bool // failed or rolled back
	Current                       bool // the import the data is as of
	File                          string
	Started, Finished             string
	Rows, New, Changed, Unchanged string
	SHA256, ShortSHA              string
}

func (h *handler) imports(c *fiber.Ctx) error {
	p, err := view.ParseParams(queryValues(c))
	if err != nil {
		return err
	}
	ctx, cancel := h.ctx(c)
	defer cancel()
	ims, err := h.views.Imports(ctx)
	if err != nil {
		return err
	}
	l := localeFor(c)
	pg := importsPage{page: h.newPage(l, pathImports, l.T("imports.title"), view.Params{Lang: p.Lang}, &ims.Vintage)}
	for _, im := range ims.Imports {
		row := importRow{
			ID:     im.ID,
			Status: l.T("imports." + string(im.Status)),
			Bad: im.Status == tradedash.ImportFailed || im.Status == tradedash.ImportRolledBack ||
				im.Status == tradedash.ImportAbandoned || im.Status == tradedash.ImportLost,
			Current:   im.ID == ims.Vintage.ImportID,
			File:      reference.Printable(im.File), // escaped, not just HTML-escaped: U+202E would reverse the row
			Started:   l.Time(im.StartedAt),
			Finished:  l.Time(im.FinishedAt),
			Rows:      l.Number(float64(im.Rows)),
			New:       l.Number(float64(im.New)),
			Changed:   l.Number(float64(im.Changed)),
			Unchanged: l.Number(float64(im.Unchanged)),
			SHA256:    im.SHA256,
			ShortSHA:  im.SHA256[:min(len(im.SHA256), 12)],
		}
		pg.Rows = append(pg.Rows, row)
	}
	return h.render(c, l, "imports", fiber.StatusOK, pg)
}
