package report

import (
	"fmt"
	"slices"
	"strconv"

	"tradedash"
	"tradedash/locale"
)

// maxClaims bounds the claims the Sources sheet lists: a million-row export
// would list a million. The Data sheet keeps every claim regardless.
const maxClaims = 10_000

// claimList collects the claims of the figures a report shows, for the
// Sources sheet: every claim of each figure, the current one first.
// Readers give a figure's current claim with the others in Others; a
// stream may instead give each claim as a figure of its own, one after
// another, and the list groups those by figure.
type claimList struct {
	figures  [][]tradedash.Figure // each figure's claims, the current first
	claims   int
	pending  []tradedash.Figure // the claims of the figure being read
	overflow bool               // more claims than maxClaims
}

// sameFigure tells whether two claims are of one figure: exhibition,
// country, metric and year.
func sameFigure(a, b *tradedash.Figure) bool {
	return a.Exhibition == b.Exhibition && a.Country == b.Country && a.Metric == b.Metric && a.Year == b.Year
}

// add takes a figure with its Others, or one claim of a figure whose other
// claims come next.
func (c *claimList) add(f tradedash.Figure) {
	if c == nil || c.overflow {
		return
	}
	rows := claimRows(f)
	if len(c.pending) > 0 && !sameFigure(&c.pending[0], &rows[0]) {
		c.flush()
	}
	c.pending = append(c.pending, rows...)
}

// flush ends the figure being read: its claims in the order they rank.
func (c *claimList) flush() {
	if len(c.pending) == 0 {
		return
	}
	claims := slices.Clone(c.pending)
	c.pending = c.pending[:0]
	tradedash.SortClaims(claims)
	if c.claims+len(claims) > maxClaims {
		c.overflow = true
		return
	}
	c.claims += len(claims)
	c.figures = append(c.figures, claims)
}

// whyCurrent says why the first of a figure's claims, ranked, is its
// current one: the first step of tradedash.ClaimBefore's rule that tells
// it from the runner-up.
func whyCurrent(l locale.Lang, claims []tradedash.Figure) string {
	if len(claims) < 2 {
		return l.T("report.claims.why.only")
	}
	a, b := &claims[0], &claims[1]
	switch {
	case a.Preferred != b.Preferred:
		return l.T("report.claims.why.preferred")
	case a.Status.Rank() != b.Status.Rank():
		return l.T("report.claims.why.status", l.StatusName(a.Status), l.StatusName(b.Status))
	case a.Basis.Rank() != b.Basis.Rank():
		return l.T("report.claims.why.basis", l.BasisName(a.Basis), l.BasisName(b.Basis))
	case a.ImportID != b.ImportID:
		return l.T("report.claims.why.import", strconv.FormatUint(a.ImportID, 10), strconv.FormatUint(b.ImportID, 10))
	}
	return l.T("report.claims.why.row", strconv.Itoa(a.FileRow), strconv.Itoa(b.FileRow))
}

// basisText is a claim's basis as a figure table shows it: its name, and
// for an audited claim the certificate ("аудит: РСВЯ № 123").
func basisText(l locale.Lang, f tradedash.Figure) string {
	b := f.Basis
	if b == "" {
		b = tradedash.Unstated
	}
	if f.Certificate != "" {
		return l.T("report.claims.certified", l.BasisName(b), f.Certificate)
	}
	return l.BasisName(b)
}

// othersText says how many other claims a figure has, for a figure table:
// "ещё 1 источник (лист «Источники»)"; "" when it has none.
func othersText(l locale.Lang, f tradedash.Figure, sourcesSheet string) string {
	if len(f.Others) == 0 {
		return ""
	}
	return l.T("report.claims.others", len(f.Others), sourcesSheet)
}

// figureBasis is a figure's basis column in a figure table: the basis (with
// the certificate), and how many other sources give the figure.
func figureBasis(l locale.Lang, f tradedash.Figure, sourcesSheet string) string {
	s := basisText(l, f)
	if o := othersText(l, f, sourcesSheet); o != "" {
		s = l.T("report.claims.join", s, o)
	}
	return s
}

// figureLabel names a figure for the claims table: "ИННОПРОМ · Китай ·
// Экспоненты · 2023".
func figureLabel(l locale.Lang, f tradedash.Figure) string {
	return l.T("report.claims.figure", l.Exhibition(f.Exhibition), l.Country(f.Country), metricHeader(l, f.Metric), strconv.Itoa(f.Year))
}

// claimsTable writes the claims of list on the Sources sheet from row:
// a heading, the rule, and under each figure every claim with its value,
// status, basis, certificate and source, the current one marked with why.
// It returns the row after it.
func (wb *workbook) claimsTable(sheet string, row int, list *claimList, dataSheet string) (int, error) {
	f, l, st := wb.f, wb.l, wb.st
	set := func(col int, v string, style int) error {
		c := cell(col, row)
		if err := f.SetCellStr(sheet, c, v); err != nil {
			return fmt.Errorf("report claims: %w", err)
		}
		if err := f.SetCellStyle(sheet, c, c, style); err != nil {
			return fmt.Errorf("report claims: %w", err)
		}
		return nil
	}
	if err := set(1, l.T("report.claims.title"), st.title); err != nil {
		return 0, err
	}
	row++
	if err := set(1, l.T("report.claims.rule", dataSheet), st.muted); err != nil {
		return 0, err
	}
	if err := f.MergeCell(sheet, cell(1, row), cell(claimCols, row)); err != nil {
		return 0, fmt.Errorf("report claims: %w", err)
	}
	if err := f.SetRowHeight(sheet, row, 45); err != nil {
		return 0, fmt.Errorf("report claims: %w", err)
	}
	row++
	if err := wb.header(sheet, 1, row, []string{l.T("col.id"), l.T("report.claims.col.claim"), l.T("col.value"),
		l.T("col.status"), l.T("report.claims.col.basis"), l.T("report.claims.col.certificate"),
		l.T("report.claims.col.current"), l.T("report.claims.col.why")}); err != nil {
		return 0, err
	}
	row++
	for i, claims := range list.figures {
		if err := f.SetCellInt(sheet, cell(1, row), int64(i+1)); err != nil {
			return 0, fmt.Errorf("report claims: %w", err)
		}
		if err := f.SetCellStyle(sheet, cell(1, row), cell(1, row), st.text); err != nil {
			return 0, fmt.Errorf("report claims: %w", err)
		}
		if err := set(2, figureLabel(l, claims[0]), st.label); err != nil {
			return 0, err
		}
		row++
		for j, c := range claims {
			style := st.wrap
			link, isURL := sourceURL(c.Source)
			if isURL {
				style = st.link
			}
			if err := set(2, c.Source, style); err != nil {
				return 0, err
			}
			if isURL {
				if err := f.SetCellHyperLink(sheet, cell(2, row), link, "External"); err != nil {
					return 0, fmt.Errorf("report claims: %w", err)
				}
			}
			cells := []string{l.Value(c), l.StatusName(c.Status), l.BasisName(orBasis(c.Basis)), c.Certificate}
			if j == 0 {
				cells = append(cells, l.T("report.claims.current"), whyCurrent(l, claims))
			}
			for k, v := range cells {
				if v == "" {
					continue
				}
				if err := set(3+k, v, st.wrap); err != nil {
					return 0, err
				}
			}
			row++
		}
	}
	if list.overflow {
		if err := set(2, l.T("report.claims.truncated", l.Number(maxClaims), dataSheet), st.muted); err != nil {
			return 0, err
		}
		row++
	}
	return row, nil
}

// claimCols is how many columns the claims table spans.
const claimCols = 8

func orBasis(b tradedash.Basis) tradedash.Basis {
	if b == "" {
		return tradedash.Unstated
	}
	return b
}
