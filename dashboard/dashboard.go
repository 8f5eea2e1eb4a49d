// Package dashboard is the web face of tradedash: a Fiber app that serves
// the Overview, Compare, Data and Imports pages in every language of package
// locale (Russian, English, Chinese), their charts (go-echarts options drawn
// by the ECharts script the binary itself embeds), a JSON API, and health
// checks.
//
// Every page is one file with a typed view struct and an embedded
// html/template. Handlers return errors; one error handler turns them into a
// status and a localized page or JSON body, and logs what the user must not
// see. What a page shows is computed by package view, which caches it by the
// data's vintage.
package dashboard

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/helmet"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"tradedash/queries"
	"tradedash/report"
	"tradedash/view"
)

//go:generate sh assets/fetch.sh

// Config is what the dashboard needs. DB is required; the rest have
// defaults.
type Config struct {
	// DB reads the data, preferably as ClickHouse's read-only user.
	DB *queries.DB
	// Log receives the access log and every internal error.
	// nil logs nowhere.
	Log *slog.Logger
	// Views tunes the result cache; the zero value means
	// view.DefaultOptions. Set CacheRows to -1 to switch the cache off.
	Views view.Options
	// QueryTimeout bounds the database work of one request (default 10 s).
	QueryTimeout time.Duration
	// BaseURL is the dashboard's public address, the base of the links the
	// downloads carry (the report's link back to its view). It is never
	// taken from a request's headers, which anyone can forge. Empty means
	// report.DefaultBaseURL for New, and the address Serve listens on for
	// Serve.
	BaseURL string
}

// Limits on requests. No page takes a body; the longest legitimate query
// string (twelve countries, every metric, a range and a sort) is well under
// a kilobyte.
const (
	maxBody        = 4 << 10
	maxHeaderBytes = 8 << 10 // request line and headers; fasthttp answers 431 beyond
	maxQueryString = 2 << 10
)

// New returns the dashboard app. It fails only when the binary was built
// without its embedded assets (see assets/fetch.sh) or with broken
// templates.
func New(cfg Config) (*fiber.App, error) {
	if cfg.DB == nil {
		return nil, errors.New("dashboard: no database")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.QueryTimeout <= 0 {
		cfg.QueryTimeout = 10 * time.Second
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = report.DefaultBaseURL
	}
	baseURL, err := report.ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	vo := cfg.Views
	switch {
	case vo == view.Options{}:
		vo = view.DefaultOptions
	case vo.CacheRows < 0:
		vo.CacheRows = 0
	}
	st, err := loadStatic()
	if err != nil {
		return nil, err
	}
	tpl, err := loadTemplates()
	if err != nil {
		return nil, err
	}
	h := &handler{
		db:      cfg.DB,
		views:   view.New(cfg.DB, vo),
		log:     cfg.Log,
		static:  st,
		tpl:     tpl,
		timeout: cfg.QueryTimeout,
		baseURL: baseURL,
	}

	app := fiber.New(fiber.Config{
		AppName:               "tradedash",
		Immutable:             true, // strings from the context outlive the handler in the cache
		BodyLimit:             maxBody,
		ReadBufferSize:        maxHeaderBytes,
		ReadTimeout:           10 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           60 * time.Second,
		ErrorHandler:          h.handleError,
		DisableStartupMessage: true,
	})
	app.Use(recover.New(recover.Config{
		EnableStackTrace:  true,
		StackTraceHandler: h.logPanic,
	}))
	app.Use(h.accessLog)
	app.Use(helmet.New(helmet.Config{
		ContentSecurityPolicy: "default-src 'self'; img-src 'self' data:; object-src 'none'; " +
			"base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
		ReferrerPolicy:            "no-referrer",
		CrossOriginEmbedderPolicy: "require-corp",
		PermissionPolicy:          "camera=(), microphone=(), geolocation=(), payment=()",
	}))
	app.Use(limitRequest)

	app.Get("/healthz", h.healthz)
	app.Get("/readyz", h.readyz)
	app.Get(staticPrefix+"*", h.serveStatic)
	app.Get("/", h.overview)
	app.Get("/compare", h.compare)
	app.Get("/data", h.data)
	app.Get("/imports", h.imports)
	app.Get(pathPair, h.pair)
	app.Get(pathDefinitions, h.definitions)
	app.Get("/api/v1/figures", h.apiFigures)
	app.Get("/api/v1/milestones", h.apiMilestones)
	app.Get("/api/v1/trade", h.apiTrade)
	dl := newDownloads(h)
	app.Get(pathReport, dl.report)
	app.Get(pathCSV, dl.csv)
	app.Get(pathTemplate, dl.template)
	app.Get(pathTradeTemplate, dl.template)
	app.Use(func(*fiber.Ctx) error { return fiber.ErrNotFound })
	return app, nil
}

// Serve serves the dashboard on addr (e.g. "127.0.0.1:8080"; port 0 picks a
// free one; with no cfg.BaseURL, links in documents name this address)
// until ctx is cancelled, then shuts down gracefully, giving
// requests in flight up to ten seconds. It logs the address it listens on
// and passes it to onListen when that is not nil, e.g. to print it.
func Serve(ctx context.Context, addr string, cfg Config, onListen func(url string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	defer ln.Close()
	url := "http://" + ln.Addr().String() + "/"
	if cfg.BaseURL == "" {
		cfg.BaseURL = url
		// Listening on every interface, the address is no link anyone can
		// follow: reports would send officials to http://0.0.0.0:8080/.
		if tcp, ok := ln.Addr().(*net.TCPAddr); ok && tcp.IP.IsUnspecified() && cfg.Log != nil {
			cfg.Log.Warn("no --base-url: links in reports name the listen address, which no reader can open; set --base-url to the dashboard's public address", "listen", url)
		}
	}
	app, err := New(cfg)
	if err != nil {
		return err
	}
	if cfg.Log != nil {
		cfg.Log.Info("dashboard listening", "url", url)
	}
	if onListen != nil {
		onListen(url)
	}
	served := make(chan error, 1)
	go func() { served <- app.Listener(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("dashboard: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	switch err := app.ShutdownWithContext(sctx); {
	case errors.Is(err, context.DeadlineExceeded):
		// What is left are sockets a browser opened ahead of need and never
		// sent a request on: nothing is lost by leaving them to the exit.
		if cfg.Log != nil {
			cfg.Log.Warn("dashboard shutdown: connections still open after the grace period")
		}
		return nil
	case err != nil:
		return fmt.Errorf("dashboard shutdown: %w", err)
	}
	return <-served
}

// handler holds what every page needs: the database (for readiness), the
// views, the templates and the static assets.
type handler struct {
	db      *queries.DB
	views   *view.Views
	log     *slog.Logger
	static  *static
	tpl     templates
	timeout time.Duration
	baseURL string // the configured address, for links in documents
}

// ctx returns the context for the database work of one request.
func (h *handler) ctx(c *fiber.Ctx) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.UserContext(), h.timeout)
}
