package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"streetfix/apidoc"
)

// openAPI is GET /api/openapi.json: the OpenAPI 3 document of /api/v1 and
// /open311/v2.
func (h *handler) openAPI(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=3600")
	c.Data(http.StatusOK, "application/json; charset=utf-8", apidoc.JSON())
}
