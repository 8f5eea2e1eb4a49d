package dashboard

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"tradedash/locale"
)

// TestEChartsPinned checks the committed ECharts against the npm lock:
// assets/echarts/source.json, written by assets/fetch.sh, must name the
// version and tarball integrity that package-lock.json pins, and the SHA-256
// it records must be that of the file the binary embeds and serves. (The
// lock's sha512 is the tarball's, which cannot be checked from one file
// of it: fetch.sh, through `npm ci`, checks that one.)
func TestEChartsPinned(t *testing.T) {
	var lock struct {
		Packages map[string]struct{ Version, Integrity string }
	}
	readJSON(t, filepath.Join("assets", "package-lock.json"), &lock)
	pinned, ok := lock.Packages["node_modules/echarts"]
	if !ok {
		t.Fatal("package-lock.json pins no echarts")
	}
	var src struct {
		Version, Integrity, SHA256 string
		I18N                       map[string]string `json:"i18n"`
	}
	readJSON(t, filepath.Join("assets", "echarts", "source.json"), &src)
	if src.Version != pinned.Version || src.Integrity != pinned.Integrity {
		t.Errorf("assets/echarts/ holds echarts %s (%s), the lock pins %s (%s): run make assets",
			src.Version, src.Integrity, pinned.Version, pinned.Integrity)
	}
	st, err := loadStatic()
	if err != nil {
		t.Fatal(err)
	}
	served := st.files[echartsFile].body
	sum := sha256.Sum256(served)
	if got := hex.EncodeToString(sum[:]); got != src.SHA256 {
		t.Errorf("the embedded %s has SHA-256 %s, source.json records %s: run make assets", echartsFile, got, src.SHA256)
	}
	if len(served) < 500_000 {
		t.Errorf("the embedded %s has only %d bytes", echartsFile, len(served))
	}
	// ECharts carries English and Chinese; every other language the
	// catalog has needs its translation of ECharts' words embedded.
	for _, l := range locale.Langs() {
		name := "lang" + strings.ToUpper(string(l)) + ".js"
		if l == locale.EN || l == locale.ZH {
			continue
		}
		f, ok := st.files["vendor/i18n/"+name]
		if !ok {
			t.Errorf("ECharts' %s is not embedded: run make assets", name)
			continue
		}
		sum := sha256.Sum256(f.body)
		if got := hex.EncodeToString(sum[:]); got != src.I18N[name] {
			t.Errorf("the embedded %s has SHA-256 %s, source.json records %q: run make assets", name, got, src.I18N[name])
		}
	}
	for _, name := range []string{"vendor/echarts.LICENSE.txt", "vendor/echarts.NOTICE.txt"} {
		if len(st.files[name].body) == 0 {
			t.Errorf("%s is not served beside ECharts", name)
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
