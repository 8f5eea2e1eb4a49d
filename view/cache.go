package view

import (
	"container/list"
	"sync"
)

// cache holds built views of one data version, least recently used out
// first. A new version empties it: nothing of an older one can be shown
// again, so keeping it would only take memory.
type cache struct {
	max int // rows; 0 disables the cache

	mu      sync.Mutex
	version uint64
	rows    int
	order   *list.List // of *entry, most recent first
	entries map[string]*list.Element
}

type entry struct {
	key   string
	value any
	rows  int
}

func newCache(maxRows int) *cache {
	return &cache{max: maxRows, order: list.New(), entries: map[string]*list.Element{}}
}

func (c *cache) get(version uint64, key string) (any, bool) {
	if c.max <= 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.version {
		return nil, false
	}
	el, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*entry).value, true
}

// put stores value, counted as rows (at least one), evicting the least
// recently used entries to stay within max. A value bigger than a quarter
// of the cache is not kept: it would push out many small ones.
func (c *cache) put(version uint64, key string, value any, rows int) {
	rows = max(rows, 1)
	if c.max <= 0 || rows > c.max/4+1 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.version {
		c.version, c.rows = version, 0
		c.order.Init()
		clear(c.entries)
	}
	if el, ok := c.entries[key]; ok {
		c.rows -= el.Value.(*entry).rows
		c.order.Remove(el)
	}
	c.entries[key] = c.order.PushFront(&entry{key: key, value: value, rows: rows})
	c.rows += rows
	for c.rows > c.max {
		el := c.order.Back()
		e := el.Value.(*entry)
		c.order.Remove(el)
		delete(c.entries, e.key)
		c.rows -= e.rows
	}
}
