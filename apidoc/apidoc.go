// Package apidoc holds the OpenAPI 3 document of the JSON API (/api/v1) and
// of Open311 GeoReport v2 (/open311/v2), served at /api/openapi.json. The
// handlers' tests keep it true: every route is in it, and every example is
// sent to a running server.
package apidoc

import _ "embed"

//go:embed openapi.json
var document []byte

// JSON returns the document.
func JSON() []byte { return document }
