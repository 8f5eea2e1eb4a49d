package queries_test

import (
	"context"
	"testing"
	"time"
	"tradedash"
	"tradedash/queries"
	"tradedash/queries/queriestest"
)

func TestMilestonesVersioned(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	m := tradedash.Milestone{Date: time.Date(2015, 7, 8, 0, 0, 0, 0, time.UTC), Precision: tradedash.PrecisionDay,
		Exhibition: "innoprom", Country: "CN", TitleRU: "Китай — первая страна-партнёр", TitleEN: "China, the first partner country",
		Source: "https://example.org/m"}
	for round, want := range []queries.Counts{{Rows: 1, New: 1}, {Rows: 1, Unchanged: 1}, {Rows: 1, Changed: 1}} {
		if round == 2 {
			m.TitleEN = "China becomes the first partner country"
		}
		imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "m.csv"}, false)
		if err != nil {
			t.Fatal(err)
		}
		imp.AddMilestone(m, 2)
		c, err := imp.Commit(ctx)
		if err != nil || c != want {
			t.Fatalf("round %d: %+v %v, want %+v", round, c, err, want)
		}
	}
	got, err := p.Reader.Milestones(ctx, queries.MilestoneFilter{Exhibitions: []string{"innoprom"}, Countries: []string{"CN"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].TitleEN != m.TitleEN || !got[0].Date.Equal(m.Date) {
		t.Fatalf("milestones %+v", got)
	}
}

// TestRollbackKeepsWhatALaterImportRepeated: an import that repeats a
// milestone and a figure unchanged asserts them too, so rolling back the
// first import leaves both current.
func TestRollbackKeepsWhatALaterImportRepeated(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	m := tradedash.Milestone{Date: time.Date(2016, 7, 11, 0, 0, 0, 0, time.UTC), Precision: tradedash.PrecisionDay,
		Exhibition: "innoprom", Country: "CN", TitleRU: "3-е ЭКСПО", TitleEN: "3rd EXPO", Source: "https://example.org/m"}
	f := figure("CN", "exhibitors", 2016, 250)
	first := queriestest.Import(t, p.Writer, "a.csv", []tradedash.Figure{f}, []tradedash.Milestone{m})
	queriestest.Import(t, p.Writer, "b.csv", []tradedash.Figure{f}, []tradedash.Milestone{m})
	if err := p.Writer.Rollback(ctx, first); err != nil {
		t.Fatal(err)
	}
	ms, err := p.Reader.Milestones(ctx, queries.MilestoneFilter{})
	if err != nil || len(ms) != 1 {
		t.Fatalf("milestones after rollback: %+v %v", ms, err)
	}
	if got := values(t, p.Reader, queries.FigureFilter{}); got["CN/exhibitors/2016"] != 250 {
		t.Fatalf("figures after rollback: %v", got)
	}
}

// TestMilestoneChineseTitle: a Chinese title is written and read back as
// it is; changing only it changes the milestone; rolling that back brings
// the earlier title back.
func TestMilestoneChineseTitle(t *testing.T) {
	p := queriestest.New(t, server)
	ctx := context.Background()
	m := tradedash.Milestone{Date: time.Date(2016, 7, 11, 0, 0, 0, 0, time.UTC), Precision: tradedash.PrecisionDay,
		Exhibition: "innoprom", Country: "CN", TitleRU: "3-е Российско-Китайское ЭКСПО", TitleEN: "3rd Russia-China EXPO",
		TitleZH: "第三届中俄博览会", Source: "https://example.org/m"}
	queriestest.Import(t, p.Writer, "a.csv", nil, []tradedash.Milestone{m})
	got, err := p.Reader.Milestones(ctx, queries.MilestoneFilter{})
	if err != nil || len(got) != 1 || got[0].TitleZH != m.TitleZH || got[0].TitleRU != m.TitleRU {
		t.Fatalf("milestones %+v %v, want the Chinese title %q", got, err, m.TitleZH)
	}

	changed := m
	changed.TitleZH = "第三届中俄博览会（叶卡捷琳堡）"
	imp, err := p.Writer.BeginImport(ctx, queries.ImportMeta{File: "b.csv"}, false)
	if err != nil {
		t.Fatal(err)
	}
	imp.AddMilestone(changed, 2)
	if c, err := imp.Commit(ctx); err != nil || c != (queries.Counts{Rows: 1, Changed: 1}) {
		t.Fatalf("a new Chinese title: %+v %v, want one changed", c, err)
	}
	got, err = p.Reader.Milestones(ctx, queries.MilestoneFilter{})
	if err != nil || len(got) != 1 || got[0].TitleZH != changed.TitleZH {
		t.Fatalf("after the change: %+v %v", got, err)
	}
	if err := p.Writer.Rollback(ctx, imp.ID()); err != nil {
		t.Fatal(err)
	}
	got, err = p.Reader.Milestones(ctx, queries.MilestoneFilter{})
	if err != nil || len(got) != 1 || got[0].TitleZH != m.TitleZH {
		t.Fatalf("after the rollback: %+v %v, want %q again", got, err, m.TitleZH)
	}
}
