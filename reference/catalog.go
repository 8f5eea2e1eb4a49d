package reference

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// maxCache bounds the memory of remembered inputs: a file of a million
// distinct garbage strings must not grow the cache without limit.
const maxCache = 10_000

// catalog resolves names, aliases and codes of one kind of entry (countries
// or exhibitions) to the entry's index.
type catalog struct {
	kind  string                              // "country" or "exhibition", for messages
	label func(entry int, lang string) string // how a suggestion names an entry
	years bool                                // a trailing year may follow a name ("ИННОПРОМ-2023")

	exact map[string]int // names and codes as written and in upper/lower case: no normalizing
	byKey map[string]int // normalized names, aliases and codes
	names []nameKey      // names and aliases, the candidates for suggestions

	mu    sync.RWMutex
	cache map[string]result // raw input -> outcome, for inputs not in exact
}

type nameKey struct {
	key   []rune
	entry int
}

// result is the outcome of resolving one input.
type result struct {
	entry int
	year  int // a year written after an exhibition's name, or 0
	err   *UnknownError
}

func newCatalog(kind string, label func(int, string) string) *catalog {
	return &catalog{
		kind:  kind,
		label: label,
		years: kind == "exhibition",
		exact: map[string]int{},
		byKey: map[string]int{},
		cache: map[string]result{},
	}
}

// addCode registers a code; codes are not offered as suggestions.
func (c *catalog) addCode(code string, entry int) error {
	return c.add(code, entry, false)
}

// addName registers a name or alias.
func (c *catalog) addName(name string, entry int) error {
	return c.add(name, entry, true)
}

func (c *catalog) add(name string, entry int, suggest bool) error {
	key := normalize(name)
	if key == "" {
		return fmt.Errorf("%s %q normalizes to nothing", c.kind, name)
	}
	if old, ok := c.byKey[key]; ok && old != entry {
		return fmt.Errorf("%s name %q is ambiguous: it means both %s and %s", c.kind, name, c.label(old, "en"), c.label(entry, "en"))
	} else if ok {
		return nil
	}
	c.byKey[key] = entry
	for _, s := range []string{name, strings.ToUpper(name), strings.ToLower(name)} {
		c.exact[s] = entry
	}
	if suggest {
		c.names = append(c.names, nameKey{key: []rune(key), entry: entry})
	}
	return nil
}

// resolve finds the entry s names. The common case, a name or code exactly
// as registered, is one lookup in an immutable map; other inputs are
// resolved once and remembered.
func (c *catalog) resolve(s string) result {
	if i, ok := c.exact[s]; ok {
		return result{entry: i}
	}
	c.mu.RLock()
	r, ok := c.cache[s]
	c.mu.RUnlock()
	if ok {
		return r
	}
	r = c.resolveSlow(s)
	c.mu.Lock()
	if len(c.cache) >= maxCache {
		clear(c.cache)
	}
	// Clone: s may be a slice of a large record that must not stay pinned.
	c.cache[strings.Clone(s)] = r
	c.mu.Unlock()
	return r
}

func (c *catalog) resolveSlow(s string) result {
	key := normalize(s)
	if i, ok := c.lookup(key); ok {
		return result{entry: i}
	}
	// "Korea, Republic of" is "Republic of Korea" in list order.
	if before, after, ok := strings.Cut(s, ","); ok {
		if i, ok := c.lookup(normalize(after + " " + before)); ok {
			return result{entry: i}
		}
	}
	if c.years {
		if rest, year, ok := cutYear(key); ok {
			if i, ok := c.lookup(rest); ok {
				return result{entry: i, year: year}
			}
			key = rest // suggest names for "Инопром", not "Инопром-2023"
		}
	}
	return result{entry: -1, err: &UnknownError{Kind: c.kind, Input: s, Suggestions: c.suggest(key, scriptLang(s))}}
}

// lookup tries a normalized key as is, without a leading "the", and, for
// exhibitions, without a leading ordinal ("9-е Российско-Китайское ЭКСПО",
// "VII ИННОПРОМ").
func (c *catalog) lookup(key string) (int, bool) {
	if i, ok := c.byKey[key]; ok {
		return i, true
	}
	if rest, ok := strings.CutPrefix(key, "the "); ok {
		if i, ok := c.byKey[rest]; ok {
			return i, true
		}
	}
	if c.years {
		if rest, ok := cutOrdinal(key); ok {
			if i, ok := c.byKey[rest]; ok {
				return i, true
			}
		}
	}
	return -1, false
}

// cutYear takes a trailing year 1900..2100 off a normalized key:
// "иннопром 2023" and "иннопром2023" give "иннопром" and 2023.
func cutYear(key string) (string, int, bool) {
	n := len(key)
	if n < 5 {
		return "", 0, false
	}
	year := 0
	for _, ch := range key[n-4:] {
		if ch < '0' || ch > '9' {
			return "", 0, false
		}
		year = year*10 + int(ch-'0')
	}
	if key[n-5] >= '0' && key[n-5] <= '9' || year < 1900 || year > 2100 {
		return "", 0, false
	}
	return strings.TrimSuffix(key[:n-4], " "), year, true
}

// cutOrdinal takes a leading ordinal off a normalized key: "9 е", "9 th",
// "9", "vii".
func cutOrdinal(key string) (string, bool) {
	first, rest, ok := strings.Cut(key, " ")
	if !ok || first == "" {
		return "", false
	}
	if strings.Trim(first, "0123456789") == "" && len(first) <= 3 {
		if suffix, more, ok := strings.Cut(rest, " "); ok {
			switch suffix {
			case "е", "й", "я", "ое", "ий", "ая", "ой", "th", "st", "nd", "rd":
				return more, true
			}
		}
		return rest, true
	}
	if strings.Trim(first, "ivxlc") == "" {
		return rest, true
	}
	return "", false
}

// maxSuggestions is how many names an error offers.
const maxSuggestions = 3

// suggest returns labels of the entries whose names are closest to key, best
// first: a distance of at most about one edit in three letters, or a name
// containing the input or contained in it.
func (c *catalog) suggest(key, lang string) []string {
	in := []rune(key)
	if len(in) == 0 {
		return nil
	}
	type scored struct {
		entry int
		score float64
	}
	best := map[int]float64{}
	for _, n := range c.names {
		score := 1.0
		longer := max(len(in), len(n.key))
		limit := longer / 3
		if d := levenshtein(in, n.key, limit); d <= limit {
			score = float64(d) / float64(longer)
		}
		if score > 0.3 && min(len(in), len(n.key)) >= 4 && (strings.Contains(key, string(n.key)) || strings.Contains(string(n.key), key)) {
			score = 0.3
		}
		if score > 0.34 {
			continue
		}
		if old, ok := best[n.entry]; !ok || score < old {
			best[n.entry] = score
		}
	}
	var list []scored
	for e, s := range best {
		list = append(list, scored{e, s})
	}
	slices.SortFunc(list, func(a, b scored) int {
		if a.score != b.score {
			if a.score < b.score {
				return -1
			}
			return 1
		}
		return strings.Compare(c.label(a.entry, lang), c.label(b.entry, lang))
	})
	var out []string
	for i := 0; i < len(list) && i < maxSuggestions; i++ {
		out = append(out, c.label(list[i].entry, lang))
	}
	return out
}

// levenshtein returns the edit distance between a and b, or limit+1 as soon
// as it is sure to exceed limit.
func levenshtein(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
