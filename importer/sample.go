package importer

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"tradedash/queries"
	sampledata "tradedash/sample-data"
)

// LoadSample imports the embedded sample data through the ordinary
// importer when the database has no import yet, so a newcomer sees the
// INNOPROM story at once. Later starts leave the data alone.
func LoadSample(ctx context.Context, db *queries.DB, stdout, stderr io.Writer) error {
	log, err := db.Imports(ctx)
	if err != nil {
		return err
	}
	if len(log) > 0 {
		return nil
	}
	dir, err := os.MkdirTemp("", "tradedash-sample-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	entries, err := fs.ReadDir(sampledata.Files, ".")
	if err != nil {
		return err
	}
	var files []string
	names := map[string]string{}
	for _, e := range entries {
		data, err := fs.ReadFile(sampledata.Files, e.Name())
		if err != nil {
			return err
		}
		path := filepath.Join(dir, e.Name())
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return err
		}
		files = append(files, path)
		names[path] = "sample-data/" + e.Name()
	}
	fmt.Fprintln(stdout, "loading the sample data (first start):")
	_, err = Files(ctx, db, files, Options{Stdout: stdout, Stderr: stderr, Names: names})
	return err
}
