package ingest

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestBreakdownTotalPastCap: a breakdown row is accepted when its total row
// is in the file, however many total rows came before it, and refused when
// it is not. Total rows were once remembered only up to the cap of repeats.
func TestBreakdownTotalPastCap(t *testing.T) {
	defer func(n int) { maxDupKeys = n }(maxDupKeys)
	maxDupKeys = 3
	var b strings.Builder
	b.WriteString(strings.Join(comtradePlusColumns, ",") + "\r\n")
	for i := 1; i <= 5; i++ {
		b.WriteString(comtradePlusRow(map[string]string{"cmdCode": fmt.Sprintf("%02d", i), "aggrLevel": "2"}))
	}
	// Rows 7 and 8: the breakdown of the last total row, by sea, and of a
	// commodity without a total row.
	b.WriteString(comtradePlusRow(map[string]string{"cmdCode": "05", "aggrLevel": "2", "motCode": "2100", "motDesc": "Sea"}))
	b.WriteString(comtradePlusRow(map[string]string{"cmdCode": "06", "aggrLevel": "2", "motCode": "2100", "motDesc": "Sea"}))
	path := filepath.Join(t.TempDir(), "comtrade.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var rec recorder
	sum, err := Read(context.Background(), path, Options{}, &rec)
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("want the breakdown row without its total refused, got %v", err)
	}
	var rows []int
	for _, p := range ps {
		if strings.Contains(p.Msg, "without its total row") {
			rows = append(rows, p.Row)
		} else {
			t.Errorf("unexpected problem: %v", p)
		}
	}
	if len(rows) != 1 || rows[0] != 8 {
		t.Errorf("breakdown rows refused: %v, want [8]", rows)
	}
	if sum.Records != 5 {
		t.Errorf("%d records, want 5", sum.Records)
	}
	noticed := false
	for _, n := range sum.Skipped {
		noticed = noticed || strings.Contains(n.Msg, "repeated keys beyond them are found when the import is stored")
	}
	if !noticed {
		t.Errorf("no notice that repeats past %d keys are left to storage: %v", maxDupKeys, sum.Skipped)
	}
}

// TestHashList: keys added across several chunks are all found once
// sorted, and others are not.
func TestHashList(t *testing.T) {
	l := hashList{seed: maphash.MakeSeed()}
	n := hashChunk + hashChunk/2
	for i := range n {
		l.add(strconv.Itoa(i))
	}
	if len(l.chunks) != 2 {
		t.Fatalf("%d chunks, want 2", len(l.chunks))
	}
	l.sort()
	for _, i := range []int{0, 1, hashChunk - 1, hashChunk, n - 1} {
		if !l.has(maphash.String(l.seed, strconv.Itoa(i))) {
			t.Errorf("key %d not found", i)
		}
	}
	for _, i := range []int{-1, n, n + 1} {
		if l.has(maphash.String(l.seed, strconv.Itoa(i))) {
			t.Errorf("key %d found, never added", i)
		}
	}
}
