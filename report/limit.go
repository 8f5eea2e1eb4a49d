package report

import "tradedash/locale"

// The limits a web export can meet.
const (
	LimitRows = iota + 1 // the view selects more figures than one download may hold
	LimitBusy            // as many exports as the server allows are being made
)

// LimitError says that an export was refused, and why, in words a user can
// act on: narrow the view, or try again in a moment.
type LimitError struct {
	Kind  int // LimitRows or LimitBusy
	Limit int // the most figures (LimitRows) or concurrent exports (LimitBusy)
}

// Error is the English message, for logs; a user reads Message in their
// language.
func (e *LimitError) Error() string { return "report: " + e.Message(locale.EN) }

// Message explains the limit in l.
func (e *LimitError) Message(l locale.Lang) string {
	if e.Kind == LimitBusy {
		return l.T("limit.busy", e.Limit)
	}
	return l.T("limit.rows", e.Limit)
}

// Heading is the title of a page that gives Message.
func (e *LimitError) Heading(l locale.Lang) string {
	if e.Kind == LimitBusy {
		return l.T("limit.busy.heading")
	}
	return l.T("limit.rows.heading")
}

// Limiter bounds the exports a server makes: how many at once, and how
// many figures each may hold, so that one user cannot take all its memory
// or time. Its zero value is not usable; make one with NewLimiter.
type Limiter struct {
	slots   chan struct{}
	maxRows int
}

// The web's default limits: two exports at once (this is a two-core
// machine), each of up to 200,000 figures (a few seconds, some 10 MB).
const (
	DefaultConcurrent = 2
	DefaultMaxRows    = 200_000
)

// NewLimiter allows concurrent exports at once, of at most maxRows figures
// each.
func NewLimiter(concurrent, maxRows int) *Limiter {
	return &Limiter{slots: make(chan struct{}, max(concurrent, 1)), maxRows: maxRows}
}

// MaxRows is the most figures one export may hold.
func (l *Limiter) MaxRows() int { return l.maxRows }

// Acquire takes a slot without waiting, or says the server is busy with a
// *LimitError. Call release when the export is written.
func (l *Limiter) Acquire() (release func(), err error) {
	select {
	case l.slots <- struct{}{}:
		return func() { <-l.slots }, nil
	default:
		return nil, &LimitError{Kind: LimitBusy, Limit: cap(l.slots)}
	}
}
