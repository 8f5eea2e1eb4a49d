package dashboard

import (
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/gofiber/fiber/v2"

	"tradedash/view"
)

// accessLog writes one structured line per request, after the error handler
// has set the final status.
func (h *handler) accessLog(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		// Let the error handler answer now, so the line carries its status.
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	status := c.Response().StatusCode()
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelWarn
	}
	h.log.LogAttrs(c.UserContext(), level, "request",
		slog.String("method", c.Method()),
		slog.String("path", c.Path()),
		slog.String("query", string(c.Request().URI().QueryString())),
		slog.Int("status", status),
		slog.Int("bytes", len(c.Response().Body())),
		slog.Duration("duration", time.Since(start)),
		slog.String("remote", c.IP()),
	)
	return nil
}

// limitRequest refuses what no page asks for: methods other than GET and
// HEAD, and query strings longer than any view needs.
func limitRequest(c *fiber.Ctx) error {
	if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
		return fiber.ErrMethodNotAllowed
	}
	if len(c.Request().URI().QueryString()) > maxQueryString {
		return &uriTooLong{view.QueryTooLong(queryValues(c), maxQueryString)}
	}
	return c.Next()
}

// logPanic logs a recovered panic with its stack; the recover middleware
// then hands the error handler a 500.
func (h *handler) logPanic(c *fiber.Ctx, e any) {
	h.log.Error("panic", "path", c.Path(), "panic", e, "stack", string(debug.Stack()))
}
