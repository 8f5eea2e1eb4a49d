package dashboard

import (
	"context"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
)

// healthz answers while the process runs: for a supervisor's liveness check.
func (h *handler) healthz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"status": "ok"})
}

// readyz answers 200 when ClickHouse answers and its schema is current, and
// 503 otherwise: for a load balancer's readiness check.
func (h *handler) readyz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	ctx, cancel := context.WithTimeout(c.UserContext(), 3*time.Second)
	defer cancel()
	if err := h.db.Ping(ctx); err != nil {
		return h.notReady(c, "database", err)
	}
	if err := h.db.SchemaCurrent(ctx); err != nil {
		return h.notReady(c, "schema", err)
	}
	return c.JSON(fiber.Map{"status": "ready"})
}

func (h *handler) notReady(c *fiber.Ctx, what string, err error) error {
	h.log.Warn("not ready", "check", what, "err", err)
	return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{
		"status": "unavailable",
		"error":  fmt.Sprintf("%s not ready", what),
	})
}
