package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestUpToDate fails when countries.csv is not what the generator writes
// now, for example after an upgrade of golang.org/x/text: run go generate in
// reference/.
func TestUpToDate(t *testing.T) {
	numeric, err := readNumeric(isoCodesJSON)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := countries(numeric)
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(t.TempDir(), "countries.csv")
	if err := write(tmp, rows); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(tmp)
	want, err := os.ReadFile("../../countries.csv")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Error("reference/countries.csv is stale: run go generate ./reference")
	}
}
