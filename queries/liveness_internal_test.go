package queries

import (
	"io/fs"
	"os"
	"syscall"
	"testing"
)

// TestGoneFrom checks that only a pid that does not exist, or was reused,
// counts as a process gone: /proc unreadable for another reason (EACCES
// under hidepid) must leave the decision to the heartbeats.
func TestGoneFrom(t *testing.T) {
	for _, tc := range []struct {
		name  string
		start uint64
		err   error
		want  bool
	}{
		{"running", 42, nil, false},
		{"pid reused", 43, nil, true},
		{"no such pid", 0, &fs.PathError{Op: "open", Path: "/proc/1/stat", Err: syscall.ENOENT}, true},
		{"hidepid", 0, &fs.PathError{Op: "open", Path: "/proc/1/stat", Err: syscall.EACCES}, false},
		{"short stat", 0, os.ErrInvalid, false},
	} {
		if got := goneFrom(42, tc.start, tc.err); got != tc.want {
			t.Errorf("%s: gone = %v, want %v", tc.name, got, tc.want)
		}
	}
	if _, err := processStart(1 << 30); !goneFrom(0, 0, err) {
		t.Errorf("a pid that does not exist: %v is not gone", err)
	}
}
