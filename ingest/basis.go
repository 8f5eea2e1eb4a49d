package ingest

import (
	"fmt"

	"tradedash"
	"tradedash/reference"
)

// basisWords are what a basis cell may say, in any case and language.
var basisWords = map[string]tradedash.Basis{}

// preferredWords are the values of a preferred cell; an empty cell is no.
var preferredWords = map[string]bool{}

func init() {
	for b, words := range map[tradedash.Basis][]string{
		tradedash.Audited:   {"audited", "audit", "аудит", "аудированные", "аудированный", "经审计", "审计"},
		tradedash.Organiser: {"organiser", "organizer", "организатор", "организаторы", "主办方"},
		tradedash.Official:  {"official", "официальные", "официальный", "госорган", "官方"},
		tradedash.Press:     {"press", "сми", "пресса", "媒体", "媒体报道"},
		tradedash.Estimate:  {"estimate", "оценка", "估算", "估计"},
		tradedash.Unstated:  {"unstated", "не указано"},
	} {
		for _, w := range words {
			basisWords[reference.Fold(w)] = b
		}
	}
	for _, w := range []string{"да", "yes", "1", "x", "х", "true", "是", "+"} {
		preferredWords[reference.Fold(w)] = true
	}
	for _, w := range []string{"нет", "no", "0", "false", "否", "-"} {
		preferredWords[reference.Fold(w)] = false
	}
}

// maxCertificate bounds a certificate cell: a certificate's number and
// its auditor's name.
const maxCertificate = 300

// claim reads what a row says about its figures' claim: their basis, the
// certificate of an audited one and whether the file prefers it. In the
// wide form they apply to every figure of the row. An empty basis, or
// none, is tradedash.Unstated: never guessed.
func (r *reader) claim(cells []string) (basis tradedash.Basis, certificate string, preferred bool) {
	basis = tradedash.Unstated
	if s := r.cell(cells, fBasis); s != "" {
		b, ok := basisWords[reference.Fold(s)]
		if !ok {
			r.problem(r.lay.fieldName(fBasis), "unknown basis %s; expected one of: audited, organiser, official, press, estimate (аудит, организатор, официальные, СМИ, оценка; 经审计, 主办方, 官方, 媒体, 估算), or leave it empty when the basis is not stated", quote(s))
		}
		basis = b
	}
	certificate = r.text(cells, fCertificate, maxCertificate)
	if basis == tradedash.Audited && certificate == "" {
		r.problem(r.lay.fieldName(fBasis), "an audited figure names its certificate or auditor: fill in the %s column", r.certificateColumn())
	}
	if s := r.cell(cells, fPreferred); s != "" {
		p, ok := preferredWords[reference.Fold(s)]
		if !ok {
			r.problem(r.lay.fieldName(fPreferred), "%s is not a yes or a no; write да/нет, yes/no, 1/0, x, true/false or 是/否, or leave it empty for no", quote(s))
		}
		preferred = p
	}
	return basis, certificate, preferred
}

// certificateColumn names the certificate column, or the ways to head one.
func (r *reader) certificateColumn() string {
	if r.lay.col[fCertificate] >= 0 {
		return quote(r.lay.fieldName(fCertificate))
	}
	return fmt.Sprintf("certificate (%s)", expected(fCertificate))
}
