package ingest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestXLSXSheets checks which sheet is read: a sheet named Data wins, else
// the first visible one.
func TestXLSXSheets(t *testing.T) {
	tests := []struct {
		sheets []string
		hidden string
		want   string
	}{
		{sheets: []string{"Обложка", "Data"}, want: "Data"},
		{sheets: []string{"Скрытый", "Лист2"}, hidden: "Скрытый", want: "Лист2"},
		{sheets: []string{"Первый", "Второй"}, want: "Первый"},
	}
	for _, tt := range tests {
		f := excelize.NewFile()
		f.SetSheetName("Sheet1", tt.sheets[0])
		for _, s := range tt.sheets[1:] {
			f.NewSheet(s)
		}
		for _, s := range tt.sheets {
			f.SetSheetRow(s, "A1", &[]any{"year", "exhibition", "companies", "source"})
			f.SetSheetRow(s, "A2", &[]any{2023, "innoprom", 1000, "https://a.example/" + s})
		}
		if tt.hidden != "" {
			f.SetActiveSheet(1)
			if err := f.SetSheetVisible(tt.hidden, false); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(t.TempDir(), "book.xlsx")
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		var rec recorder
		sum, err := Read(context.Background(), path, Options{}, &rec)
		if err != nil || sum.Sheet != tt.want || rec.figures[0].Source != "https://a.example/"+tt.want {
			t.Errorf("sheets %v: read %q, %v", tt.sheets, sum.Sheet, err)
		}
	}
}

// TestXLSXDates checks dates stored as spreadsheet day numbers.
func TestXLSXDates(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Дата", "Выставка", "Название", "Источник"})
	f.SetSheetRow("Sheet1", "A2", &[]any{time.Date(2016, 7, 11, 0, 0, 0, 0, time.UTC), "ИННОПРОМ", "Открытие", "https://a.example"})
	f.SetSheetRow("Sheet1", "A3", &[]any{2015, "ИННОПРОМ", "Китай — страна-партнёр", "https://a.example"})
	f.SetSheetRow("Sheet1", "A4", &[]any{"июль 2018", "ИННОПРОМ", "Корея — страна-партнёр", "https://a.example"})
	path := filepath.Join(t.TempDir(), "milestones.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	var rec recorder
	if _, err := Read(context.Background(), path, Options{}, &rec); err != nil {
		t.Fatal(err)
	}
	want := []string{"2016-07-11 day", "2015-01-01 year", "2018-07-01 month"}
	if len(rec.milestones) != len(want) {
		t.Fatalf("%d milestones, want %d", len(rec.milestones), len(want))
	}
	for i, m := range rec.milestones {
		if got := m.Date.Format("2006-01-02") + " " + string(m.Precision); got != want[i] {
			t.Errorf("milestone %d: %s, want %s", i, got, want[i])
		}
	}
}
