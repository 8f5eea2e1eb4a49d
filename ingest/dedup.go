package ingest

import (
	"slices"

	"tradedash"
	"tradedash/reference"
)

// dedup remembers every figure of a file by its identity (exhibition,
// country, metric, year) to find repeats.
//
// Identities are few and dense: a handful of exhibitions, 250 countries, a
// few metrics, two centuries of years. So instead of a hash map (a million
// random memory accesses for a million figures, and about 40 bytes per
// entry) the figures are kept in blocks, one per exhibition and year, indexed
// by country and metric. Files are mostly sorted by exhibition and year, so
// consecutive rows hit the same block; a block costs 16 bytes per slot, and
// a million figures take about 25 MB whatever their order.
type dedup struct {
	blocks map[blockKey][]seenFigure
	last   blockKey
	block  []seenFigure // blocks[last], the block rows most likely need
}

type blockKey struct {
	exhibition string
	year       int
}

// seenFigure is what a repeat is compared with; row 0 is an empty slot.
type seenFigure struct {
	value float64
	row   int32
	q, st uint8 // indexes into tradedash.Qualifiers and tradedash.Statuses
}

func (s seenFigure) qualifier() tradedash.Qualifier { return tradedash.Qualifiers[s.q] }
func (s seenFigure) status() tradedash.Status       { return tradedash.Statuses[s.st] }

// countrySlot numbers countries densely by their alpha-2 letters; ALL takes
// the slot after the last country.
var countrySlot, countrySlots = func() ([26 * 26]int16, int) {
	var slots [26 * 26]int16
	cs := reference.Countries()
	for i, c := range cs {
		slots[int(c.Alpha2[0]-'A')*26+int(c.Alpha2[1]-'A')] = int16(i)
	}
	return slots, len(cs) + 1
}()

func newDedup() dedup {
	return dedup{blocks: map[blockKey][]seenFigure{}}
}

// slot returns where a figure is remembered. f.Country is a code from
// reference, so it is two capital letters or ALL.
func (d *dedup) slot(f *tradedash.Figure, metric int) *seenFigure {
	k := blockKey{f.Exhibition, f.Year}
	if k != d.last || d.block == nil {
		b, ok := d.blocks[k]
		if !ok {
			b = make([]seenFigure, countrySlots*len(tradedash.Metrics))
			d.blocks[k] = b
		}
		d.last, d.block = k, b
	}
	c := countrySlots - 1 // ALL
	if len(f.Country) == 2 {
		c = int(countrySlot[int(f.Country[0]-'A')*26+int(f.Country[1]-'A')])
	}
	return &d.block[c*len(tradedash.Metrics)+metric]
}

// lookup returns the figure seen before with f's identity, if any.
func (d *dedup) lookup(f *tradedash.Figure, metric int) (seenFigure, bool) {
	s := d.slot(f, metric)
	return *s, s.row != 0
}

func (d *dedup) add(f *tradedash.Figure, metric, row int) {
	*d.slot(f, metric) = seenFigure{
		value: f.Value,
		row:   int32(row),
		q:     uint8(slices.Index(tradedash.Qualifiers, f.Qualifier)),
		st:    uint8(slices.Index(tradedash.Statuses, f.Status)),
	}
}
