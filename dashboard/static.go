package dashboard

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// static holds the browser assets.
//
//go:embed static
var staticFS embed.FS

// echartsFS is ECharts, committed in assets/echarts/ as the npm package
// pinned in assets/package-lock.json gives it (assets/fetch.sh refreshes
// it; TestEChartsPinned checks it against the lock), so that a plain `go
// build` gives a binary that serves ECharts itself and the dashboard works
// with no internet.
//
//go:embed assets/echarts/echarts.min.js assets/echarts/LICENSE assets/echarts/NOTICE assets/echarts/i18n
var echartsFS embed.FS

const (
	staticPrefix = "/static/"
	echartsFile  = "vendor/echarts.min.js"
)

// echartsFiles are where the embedded ECharts files are served, under
// staticPrefix.
var echartsFiles = map[string]string{
	echartsFile:                  "assets/echarts/echarts.min.js",
	"vendor/echarts.LICENSE.txt": "assets/echarts/LICENSE",
	"vendor/echarts.NOTICE.txt":  "assets/echarts/NOTICE",
}

type asset struct {
	body    []byte
	ctype   string
	version string // the first bytes of the content's SHA-256
}

// assetURLs are the versioned URLs pages link: a new build changes the
// version, so browsers may cache each URL for ever.
type assetURLs struct {
	CSS, JS, ECharts, Favicon string
}

type static struct {
	files map[string]asset
	urls  assetURLs
}

func loadStatic() (*static, error) {
	root, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	st := &static{files: map[string]asset{}}
	err = fs.WalkDir(root, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(root, name)
		if err != nil {
			return err
		}
		st.add(name, b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("dashboard static assets: %w", err)
	}
	for name, file := range echartsFiles {
		b, err := echartsFS.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("dashboard static assets: %w", err)
		}
		st.add(name, b)
	}
	// ECharts' translations, served as vendor/i18n/langXX.js (see
	// echartsLocale).
	langs, err := fs.ReadDir(echartsFS, "assets/echarts/i18n")
	if err != nil {
		return nil, fmt.Errorf("dashboard static assets: %w", err)
	}
	for _, f := range langs {
		b, err := echartsFS.ReadFile("assets/echarts/i18n/" + f.Name())
		if err != nil {
			return nil, fmt.Errorf("dashboard static assets: %w", err)
		}
		st.add("vendor/i18n/"+f.Name(), b)
	}
	st.urls = assetURLs{
		CSS:     st.url("app.css"),
		JS:      st.url("app.js"),
		ECharts: st.url(echartsFile),
		Favicon: st.url("favicon.svg"),
	}
	return st, nil
}

func (st *static) add(name string, b []byte) {
	sum := sha256.Sum256(b)
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	st.files[name] = asset{body: b, ctype: ctype, version: hex.EncodeToString(sum[:6])}
}

func (st *static) url(name string) string {
	return staticPrefix + name + "?v=" + st.files[name].version
}

// serveStatic serves an embedded asset. A request with the current version
// in ?v= may be cached for a year; any other must be revalidated.
func (h *handler) serveStatic(c *fiber.Ctx) error {
	name := strings.TrimPrefix(c.Path(), staticPrefix)
	a, ok := h.static.files[name]
	if !ok {
		return fiber.ErrNotFound
	}
	etag := `"` + a.version + `"`
	c.Set(fiber.HeaderETag, etag)
	if c.Query("v") == a.version {
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	} else {
		c.Set(fiber.HeaderCacheControl, "no-cache")
	}
	if c.Get(fiber.HeaderIfNoneMatch) == etag {
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, a.ctype)
	return c.Send(a.body)
}
