package importer

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"

	"tradedash/queries"
	sampledata "tradedash/sample-data"
)

// LoadSample imports the embedded sample data through the ordinary
// importer when the database has no import yet, so a newcomer sees the
// INNOPROM story at once, and says whether it did. Later starts leave the
// data alone.
func LoadSample(ctx context.Context, db *queries.DB) (res Result, loaded bool, err error) {
	log, err := db.Imports(ctx)
	if err != nil {
		return Result{}, false, err
	}
	if len(log) > 0 {
		return Result{}, false, nil
	}
	dir, err := os.MkdirTemp("", "tradedash-sample-")
	if err != nil {
		return Result{}, false, err
	}
	defer os.RemoveAll(dir)
	entries, err := fs.ReadDir(sampledata.Files, ".")
	if err != nil {
		return Result{}, false, err
	}
	var files []string
	names := map[string]string{}
	for _, e := range entries {
		data, err := fs.ReadFile(sampledata.Files, e.Name())
		if err != nil {
			return Result{}, false, err
		}
		path := filepath.Join(dir, e.Name())
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return Result{}, false, err
		}
		files = append(files, path)
		names[path] = "sample-data/" + e.Name()
	}
	res, err = Files(ctx, db, files, Options{Names: names})
	return res, true, err
}
