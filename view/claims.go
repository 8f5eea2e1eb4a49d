package view

import "tradedash"

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
