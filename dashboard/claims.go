package dashboard

import (
	"strings"

	"tradedash"
	"tradedash/view"
)

// claimsLine is every current claim of a figure, shown beside it when
// sources disagree: "2 sources: 400+ organiser expo.innoprom.com, 370+
// press ura.news".
type claimsLine struct {
	Before, After string // the message around the list
	Sep           string // between items: ", ", "；"
	Items         []claimItem
	Title         string // what the list is, for the title attribute
	Text          string // the whole line as plain text, for a cell's title
}

// claimItem is one claim: its value with qualifier, its status when it is
// not the current claim's, its basis and its source.
type claimItem struct {
	Value   string
	Status  string
	Basis   string
	Source  string
	Current bool
}

// newClaims returns the claims line of f, nil when f has one claim.
func newClaims(l *pageLang, f tradedash.Figure) *claimsLine {
	if len(f.Others) == 0 {
		return nil
	}
	claims := view.Claims(f)
	const mark = "\x00"
	before, after, _ := strings.Cut(l.T("claims.sources", len(claims), mark), mark)
	cl := &claimsLine{Before: before, After: after, Sep: l.T("claims.sep"), Title: l.T("claims.title")}
	var texts []string
	for i, c := range claims {
		it := claimItem{Value: l.ShortValue(c), Basis: l.BasisName(c.Basis), Source: c.Source, Current: i == 0}
		if c.Status != f.Status {
			it.Status = l.StatusName(c.Status)
		}
		cl.Items = append(cl.Items, it)
		text := it.Value
		if it.Status != "" {
			text += " (" + it.Status + ")"
		}
		text += " " + it.Basis
		if c.Source != "" {
			src := c.Source
			if link := sourceLink(c.Source); link != nil {
				src = link.Text
			}
			text += " " + src
		}
		texts = append(texts, text)
	}
	cl.Text = before + strings.Join(texts, cl.Sep) + after
	return cl
}

// basisText names a figure's basis, with the certificate of an audited
// one: "аудит (сертификат: РСВЯ № 123)".
func basisText(l *pageLang, f tradedash.Figure) string {
	s := l.BasisName(f.Basis)
	if f.Certificate != "" {
		s += " (" + l.T("claims.certificate", f.Certificate) + ")"
	}
	return s
}
