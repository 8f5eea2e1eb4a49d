package dashboard

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"tradedash"
	"tradedash/view"
)

// errTooBroad says an API request matches more figures than one answer
// holds.
var errTooBroad = errors.New("filter matches too many figures")

// uriTooLong is a query string longer than maxQueryString, with the
// parameter that makes it so: the page names that parameter rather than
// guessing which one the user made long.
type uriTooLong struct{ *view.ParamError }

// errorPage is the view of every error page.
type errorPage struct {
	page
	Status  int
	Heading string
	Message string
}

// handleError is the app's one error handler: it maps err to a status and
// a message the user may see, answers with a localized page (or JSON under
// /api/), and logs what the user must not see.
func (h *handler) handleError(c *fiber.Ctx, err error) error {
	l := localeFor(c)
	status, heading, message := h.classify(c, l, err)
	if status == fiber.StatusServiceUnavailable {
		c.Set(fiber.HeaderRetryAfter, "10")
	}
	if strings.HasPrefix(c.Path(), "/api/") || c.Path() == "/readyz" {
		c.Set(fiber.HeaderContentLanguage, l.Tag())
		return c.Status(status).JSON(fiber.Map{"error": message, "status": status})
	}
	pg := errorPage{
		page:    h.newPage(l, c.Path(), heading, view.Params{}, nil),
		Status:  status,
		Heading: heading,
		Message: message,
	}
	if rerr := h.render(c, l, "error", status, pg); rerr != nil {
		h.log.Error("render error page", "err", rerr)
		return c.Status(status).SendString(heading)
	}
	return nil
}

// classify returns the status, heading and message for err, logging the
// errors a user cannot act on.
func (h *handler) classify(c *fiber.Ctx, l *pageLang, err error) (int, string, string) {
	var pe *view.ParamError
	var fe *fiber.Error
	var long *uriTooLong
	switch {
	case errors.As(err, &long):
		return fiber.StatusRequestURITooLong, l.T("error.414"), long.Message(l.Lang)
	case errors.As(err, &pe):
		return fiber.StatusBadRequest, l.T("error.400"), pe.Message(l.Lang)
	case errors.Is(err, errTooBroad):
		return fiber.StatusBadRequest, l.T("error.400"), l.T("error.toobroad", l.Number(view.MaxDataRows))
	case errors.Is(err, tradedash.ErrUnavailable):
		// First: a dial that timed out also matches
		// context.DeadlineExceeded, and is an outage, not a slow query.
		h.log.Warn("database unavailable", "path", c.Path(), "err", err)
		return fiber.StatusServiceUnavailable, l.T("error.503"), l.T("error.503.text")
	case errors.Is(err, tradedash.ErrQueryLimit), errors.Is(err, context.DeadlineExceeded):
		// The database answers, but not this query in the time (or rows
		// and memory) one request gets: 504, as a gateway whose upstream
		// did not answer in time, with the way out. Not 503: nothing is
		// down, and /readyz rightly says so. Not 400: the request is
		// valid, and may well succeed once cached or when less is busy.
		h.log.Warn("query over its limit", "path", c.Path(), "err", err)
		return fiber.StatusGatewayTimeout, l.T("error.504"), l.T("error.504.text")
	case errors.Is(err, tradedash.ErrNotFound):
		return fiber.StatusNotFound, l.T("error.404"), l.T("error.404.text")
	case errors.As(err, &fe):
		code := strconv.Itoa(fe.Code)
		if l.Has("error." + code + ".text") {
			return fe.Code, l.T("error." + code), l.T("error." + code + ".text")
		}
		if fe.Code >= 500 {
			h.log.Error("request failed", "path", c.Path(), "status", fe.Code, "err", err)
			return fe.Code, l.T("error.500"), l.T("error.status.text", code)
		}
		return fe.Code, l.T("error.400"), l.T("error.badrequest")
	}
	h.log.Error("internal error", "method", c.Method(), "path", c.Path(), "err", err)
	return fiber.StatusInternalServerError, l.T("error.500"), l.T("error.500.text")
}
