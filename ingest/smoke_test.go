package ingest

import (
	"context"
	"testing"

	"tradedash"
)

type printSink struct{ t *testing.T }

func (p printSink) Figure(f tradedash.Figure) error       { p.t.Logf("F %+v", f); return nil }
func (p printSink) Milestone(m tradedash.Milestone) error { p.t.Logf("M %+v", m); return nil }

func TestSmoke(t *testing.T) {
	for _, f := range []string{"/tmp/smoke/a.csv", "/tmp/smoke/a1251.csv"} {
		sum, err := Read(context.Background(), f, Options{}, printSink{t})
		t.Logf("%+v\n%v", sum, err)
	}
}
