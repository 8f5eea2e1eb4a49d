package view

import (
	"slices"

	"tradedash"
)

// Claims returns every current claim of a figure a reader returned: the
// current one first, then its Others in their rank. None of them carries
// Others of its own.
func Claims(f tradedash.Figure) []tradedash.Figure {
	out := make([]tradedash.Figure, 0, 1+len(f.Others))
	cur := f
	cur.Others = nil
	out = append(out, cur)
	for _, o := range f.Others {
		o.Others = nil
		out = append(out, o)
	}
	return out
}

// onBasis returns f as it stands on the given bases: its best claim among
// them (tradedash.ClaimBefore), with the rest of them as Others; ok is
// false when no claim rests on one of them. With no bases, f is returned
// as it is.
func onBasis(f tradedash.Figure, bases []tradedash.Basis) (tradedash.Figure, bool) {
	if len(bases) == 0 {
		return f, true
	}
	claims := slices.DeleteFunc(Claims(f), func(c tradedash.Figure) bool { return !slices.Contains(bases, c.Basis) })
	if len(claims) == 0 {
		return tradedash.Figure{}, false
	}
	slices.SortStableFunc(claims, func(a, b tradedash.Figure) int {
		switch {
		case tradedash.ClaimBefore(&a, &b):
			return -1
		case tradedash.ClaimBefore(&b, &a):
			return 1
		}
		return 0
	})
	out := claims[0]
	if len(claims) > 1 {
		out.Others = claims[1:]
	}
	return out, true
}

// onBases applies onBasis to every figure, leaving out those with no claim
// on the bases.
func onBases(figs []tradedash.Figure, bases []tradedash.Basis) []tradedash.Figure {
	if len(bases) == 0 {
		return figs
	}
	out := make([]tradedash.Figure, 0, len(figs))
	for _, f := range figs {
		if g, ok := onBasis(f, bases); ok {
			out = append(out, g)
		}
	}
	return out
}
