package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// healthStore tells whether the database is usable.
type healthStore interface {
	Ping(ctx context.Context) error
	Pending(ctx context.Context) (int, error)
}

// healthz says the process is up; it touches nothing else.
func (h *handler) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readyz says the service can take traffic: the database answers and every
// migration is applied.
func (h *handler) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := h.store.Ping(ctx); err != nil {
		h.log.WarnContext(ctx, "readyz: database", "err", err)
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "database": "unreachable"})
		return
	}
	n, err := h.store.Pending(ctx)
	if err != nil || n > 0 {
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "pending_migrations": n})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready", "database": "ok", "pending_migrations": 0})
}
