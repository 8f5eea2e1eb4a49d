package report

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/xuri/excelize/v2"
)

// maxSources bounds the sources a report lists: a synthetic million-row
// export may cite a different text on every row, and the list must not
// grow with it. The Data sheet keeps every figure's source regardless.
const maxSources = 10_000

// sourceList collects the sources a report cites, in the order first cited.
type sourceList struct {
	order      []string
	figures    map[string]int
	milestones map[string]int
	overflow   bool // more distinct sources than maxSources
}

func newSourceList() *sourceList {
	return &sourceList{figures: map[string]int{}, milestones: map[string]int{}}
}

func (l *sourceList) add(s string) { l.count(s, l.figures) }

func (l *sourceList) addMilestone(s string) { l.count(s, l.milestones) }

func (l *sourceList) count(s string, in map[string]int) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	if _, ok := l.figures[s]; !ok {
		if _, ok := l.milestones[s]; !ok {
			if len(l.order) >= maxSources {
				l.overflow = true
				return
			}
			l.order = append(l.order, strings.Clone(s))
		}
	}
	in[s]++
}

// sourceURL returns s as a link target when it is an http or https URL and
// nothing else: a citation, a javascript: or data: URL, or a file path
// never becomes a link. The dashboard applies the same rule.
func sourceURL(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 2000 || strings.ContainsAny(s, " \t\r\n") {
		return "", false
	}
	// Characters a URL may not hold raw, but a pasted one often does.
	s = strings.NewReplacer(`"`, "%22", "<", "%3C", ">", "%3E").Replace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return "", false
	}
	return u.String(), true
}

// sourcesSheet lists every cited source with how many figures and
// milestones cite it, and under them every claim of every figure the
// report shows (claimsTable); http and https sources are links.
func (wb *workbook) sourcesSheet(sheet string, list *sourceList, claims *claimList, dataSheet string) error {
	f, l, st := wb.f, wb.l, wb.st
	set := func(c string, v any, style int) error {
		if s, ok := v.(string); ok {
			if err := f.SetCellStr(sheet, c, s); err != nil {
				return err
			}
		} else if err := f.SetCellValue(sheet, c, v); err != nil {
			return err
		}
		return f.SetCellStyle(sheet, c, c, style)
	}
	if err := set("A1", l.T("report.sheet.sources"), st.title); err != nil {
		return fmt.Errorf("report sources: %w", err)
	}
	headers := []string{l.T("col.id"), l.T("col.source"), l.T("report.col.figures"), l.T("report.milestones")}
	for i, h := range headers {
		if err := set(cell(i+1, 3), h, st.header); err != nil {
			return fmt.Errorf("report sources: %w", err)
		}
	}
	for i, width := range []float64{6, 90, 12, 10, 20, 16, 10, 40} {
		if err := f.SetColWidth(sheet, colName(i+1), colName(i+1), width); err != nil {
			return fmt.Errorf("report sources: %w", err)
		}
	}
	row := 4
	for i, s := range list.order {
		if err := set(cell(1, row), i+1, st.text); err != nil {
			return fmt.Errorf("report sources: %w", err)
		}
		style := st.wrap
		link, isURL := sourceURL(s)
		if isURL {
			style = st.link
		}
		if err := set(cell(2, row), s, style); err != nil {
			return fmt.Errorf("report sources: %w", err)
		}
		if isURL {
			if err := f.SetCellHyperLink(sheet, cell(2, row), link, "External"); err != nil {
				return fmt.Errorf("report sources: %w", err)
			}
		}
		if n := list.figures[s]; n > 0 {
			if err := set(cell(3, row), n, st.text); err != nil {
				return fmt.Errorf("report sources: %w", err)
			}
		}
		if n := list.milestones[s]; n > 0 {
			if err := set(cell(4, row), n, st.text); err != nil {
				return fmt.Errorf("report sources: %w", err)
			}
		}
		row++
	}
	if list.overflow {
		if err := set(cell(2, row), l.T("report.sources.truncated", l.Number(maxSources), dataSheet), st.muted); err != nil {
			return fmt.Errorf("report sources: %w", err)
		}
		row++
	}
	if claims != nil && len(claims.figures) > 0 {
		if _, err := wb.claimsTable(sheet, row+1, claims, dataSheet); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("report sources: %w", err)
	}
	return printLayout(f, sheet, false)
}
