package ingest

import (
	"slices"

	"tradedash"
)

// dedup remembers every figure of a file by its identity (exhibition,
// country, metric, year) to find repeats. The identity is packed exactly
// into 64 bits, so there are no hash collisions and no strings are kept:
// about 30 bytes per figure, 30 MB for a million.
type dedup struct {
	seen        map[uint64]seenFigure
	exhibitions map[string]uint64 // exhibition code -> small number, per file
}

// seenFigure is what a repeat is compared with.
type seenFigure struct {
	value float64
	row   int32
	q, st uint8 // indexes into tradedash.Qualifiers and tradedash.Statuses
}

func (s seenFigure) qualifier() tradedash.Qualifier { return tradedash.Qualifiers[s.q] }
func (s seenFigure) status() tradedash.Status       { return tradedash.Statuses[s.st] }

func newDedup() dedup {
	return dedup{seen: map[uint64]seenFigure{}, exhibitions: map[string]uint64{}}
}

// key packs a figure's identity: 16 bits of exhibition number, 24 of
// country code (two or three ASCII letters), 8 of metric, 8 of year - 1900.
func (d *dedup) key(f *tradedash.Figure, metric int) uint64 {
	ex, ok := d.exhibitions[f.Exhibition]
	if !ok {
		ex = uint64(len(d.exhibitions))
		d.exhibitions[f.Exhibition] = ex
	}
	var country uint64
	for i := 0; i < len(f.Country) && i < 3; i++ {
		country = country<<8 | uint64(f.Country[i])
	}
	return ex<<48 | country<<16 | uint64(metric)<<8 | uint64(f.Year-minYear)&0xff
}

func (d *dedup) lookup(f *tradedash.Figure, metric int) (seenFigure, bool) {
	s, ok := d.seen[d.key(f, metric)]
	return s, ok
}

func (d *dedup) add(f *tradedash.Figure, metric, row int) {
	d.seen[d.key(f, metric)] = seenFigure{
		value: f.Value,
		row:   int32(row),
		q:     uint8(slices.Index(tradedash.Qualifiers, f.Qualifier)),
		st:    uint8(slices.Index(tradedash.Statuses, f.Status)),
	}
}
