package ingest

import (
	"slices"

	"tradedash"
	"tradedash/reference"
)

// dedup remembers every claim of a file to find repeats and conflicts. A
// claim is identified by tradedash.ClaimKey: the figure (exhibition,
// country, metric, year), its status and its normalized source. Two claims
// of one figure with other sources or statuses are both kept; the same
// claim twice is a repeat (same value) or a conflict (another value).
//
// Figures are few and dense: a handful of exhibitions, 250 countries, a
// few dozen metrics, two centuries of years. So instead of a hash map (a
// million random memory accesses for a million figures, and about 40 bytes
// per entry) the first claim of each figure is found through blocks, one
// per exhibition and year, indexed by country and metric, of 4-byte
// indexes into claims, which holds the claims in file order. Files are
// mostly sorted by exhibition and year, so consecutive rows hit the same
// block; a block costs 26 KB, and a million figures take about 32 MB
// whatever their order. A figure's further claims, which files have for a
// few figures only, go to a map.
type dedup struct {
	blocks map[blockKey][]int32 // 1 + the index into claims; 0 for none
	last   blockKey
	block  []int32        // blocks[last], the block rows most likely need
	claims [][]seenFigure // in chunks of claimChunk, so that growing never copies
	nClaim int32
	more   map[figureKey][]seenFigure
	// ties are the figures with two claims that no rule but the order
	// of the file's rows tells apart: other sources, the same status and
	// basis, neither preferred. The figure's current claim is then the
	// earlier row, which the reader is told unless a later row marks one.
	ties []tie

	// Sources and certificates are numbered: a file cites a few of them
	// a million times.
	sources  map[string]int32 // source as written -> number of its normalized form
	sourceNo map[string]int32 // normalized source -> number
	lastSrc  string
	lastNo   int32
	certs    []string
	certNo   map[string]int32
}

type tie struct {
	figure     figureKey
	first, row int32
	what       string // describe() of the figure
}

// maxTies bounds the ties remembered; only the first is named, the rest
// are counted.
const maxTies = 10_000

type blockKey struct {
	exhibition string
	year       int
}

type figureKey struct {
	blockKey
	slot int
}

// seenFigure is a claim a repeat is compared with; row 0 is an empty slot.
// In a block it also holds what belongs to its figure: more says further
// claims are in dedup.more, preferredRow is the row of the figure's claim
// the file prefers.
type seenFigure struct {
	value        float64
	row          int32
	source       int32 // dedup.sourceNo
	cert         int32 // index into dedup.certs
	preferredRow int32
	q, st, bs    uint8 // indexes into tradedash.Qualifiers, Statuses, Bases
	preferred    bool
	more         bool
	more2        bool // a tie of this figure is in dedup.ties
}

func (s seenFigure) qualifier() tradedash.Qualifier { return tradedash.Qualifiers[s.q] }
func (s seenFigure) basis() tradedash.Basis         { return tradedash.Bases[s.bs] }

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
	return dedup{
		blocks:   map[blockKey][]int32{},
		more:     map[figureKey][]seenFigure{},
		sources:  map[string]int32{},
		sourceNo: map[string]int32{},
		lastNo:   -1,
		certs:    []string{""},
		certNo:   map[string]int32{"": 0},
	}
}

// slot returns where the index of a figure's first claim is kept, and its
// place in the block. f.Country is a code from reference, so it is two
// capital letters or ALL.
func (d *dedup) slot(f *tradedash.Figure, metric int) (*int32, int) {
	k := blockKey{f.Exhibition, f.Year}
	if k != d.last || d.block == nil {
		b, ok := d.blocks[k]
		if !ok {
			b = make([]int32, countrySlots*len(tradedash.Metrics))
			d.blocks[k] = b
		}
		d.last, d.block = k, b
	}
	c := countrySlots - 1 // ALL
	if len(f.Country) == 2 {
		c = int(countrySlot[int(f.Country[0]-'A')*26+int(f.Country[1]-'A')])
	}
	i := c*len(tradedash.Metrics) + metric
	return &d.block[i], i
}

// source numbers a figure's source by its normalized form
// (tradedash.NormalizeSource), so that two spellings of one source are
// one claim.
func (d *dedup) source(s string) int32 {
	if s == d.lastSrc && d.lastNo >= 0 {
		return d.lastNo
	}
	n, ok := d.sources[s]
	if !ok {
		norm := tradedash.NormalizeSource(s)
		if n, ok = d.sourceNo[norm]; !ok {
			n = int32(len(d.sourceNo))
			d.sourceNo[norm] = n
		}
		if len(d.sources) >= maxTexts {
			clear(d.sources) // a cache of sourceNo: adversarial input must not grow it
		}
		d.sources[s] = n
	}
	d.lastSrc, d.lastNo = s, n
	return n
}

// lookup returns the claim seen before with f's ClaimKey, if any, and the
// row of the claim of f's figure the file prefers (0 for none).
func (d *dedup) lookup(f *tradedash.Figure, metric int) (claim seenFigure, found bool, preferredRow int) {
	p, i := d.slot(f, metric)
	if *p == 0 {
		return seenFigure{}, false, 0
	}
	s := d.claim(*p)
	src, st := d.source(f.Source), uint8(slices.Index(tradedash.Statuses, f.Status))
	if s.source == src && s.st == st {
		return *s, true, int(s.preferredRow)
	}
	if s.more {
		for _, c := range d.more[figureKey{d.last, i}] {
			if c.source == src && c.st == st {
				return c, true, int(s.preferredRow)
			}
		}
	}
	return seenFigure{}, false, int(s.preferredRow)
}

// claimChunk is how many claims a chunk of dedup.claims holds.
const claimChunk = 1 << 12

// claim returns the claim of a block's index (1-based).
func (d *dedup) claim(n int32) *seenFigure {
	n--
	return &d.claims[n/claimChunk][n%claimChunk]
}

// certificate returns the certificate of a claim seen.
func (d *dedup) certificate(s seenFigure) string { return d.certs[s.cert] }

// add remembers a claim that lookup did not find.
func (d *dedup) add(f *tradedash.Figure, metric, row int) {
	c := seenFigure{
		value:     f.Value,
		row:       int32(row),
		source:    d.source(f.Source),
		q:         uint8(slices.Index(tradedash.Qualifiers, f.Qualifier)),
		st:        uint8(slices.Index(tradedash.Statuses, f.Status)),
		bs:        uint8(slices.Index(tradedash.Bases, f.Basis)),
		preferred: f.Preferred,
	}
	if f.Certificate != "" {
		n, ok := d.certNo[f.Certificate]
		if !ok {
			n = int32(len(d.certs))
			d.certs = append(d.certs, f.Certificate)
			d.certNo[f.Certificate] = n
		}
		c.cert = n
	}
	p, i := d.slot(f, metric)
	if *p == 0 {
		if f.Preferred {
			c.preferredRow = int32(row)
		}
		if d.nClaim%claimChunk == 0 {
			d.claims = append(d.claims, make([]seenFigure, 0, claimChunk))
		}
		last := &d.claims[len(d.claims)-1]
		*last = append(*last, c)
		d.nClaim++
		*p = d.nClaim
		return
	}
	s := d.claim(*p)
	if f.Preferred && s.preferredRow == 0 {
		s.preferredRow = int32(row)
	}
	s.more = true
	k := figureKey{d.last, i}
	if !s.more2 && s.st == c.st && s.bs == c.bs && len(d.ties) < maxTies {
		s.more2 = true // one tie a figure is enough to name it
		d.ties = append(d.ties, tie{k, s.row, c.row, describe(f)})
	}
	d.more[k] = append(d.more[k], c)
}

// unresolvedTies returns the ties no row marks preferred: the first, and
// how many there are.
func (d *dedup) unresolvedTies() (first tie, n int) {
	for _, t := range d.ties {
		s := d.claim(d.blocks[t.figure.blockKey][t.figure.slot])
		if s.preferredRow != 0 {
			continue
		}
		if n == 0 {
			first = t
		}
		n++
	}
	return first, n
}
