package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"regexp"
	"time"

	"github.com/andybalholm/brotli"
)

// What a phone downloads when it opens the map page, as a browser asks for
// it (Accept-Encoding: gzip, deflate, br): the page, the scripts and style sheets it
// links, its icon and manifest, the municipality outlines and the first
// pins of a 390×844 view at the city's zoom (open reports, as the page
// starts). Counted as sent: status line, headers and (compressed) bodies.
// The service worker's script and the shell it caches after the page has
// loaded are not counted.

// pageAsset matches what the map page links: scripts, style sheets, icon.
var pageAsset = regexp.MustCompile(`(?:src|href)="(/static/[^"]+|/manifest\.webmanifest)"`)

// rawClient does not decompress, so bodies are counted as they travel.
func rawClient() *http.Client {
	return &http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: 30 * time.Second}
}

// browserEncodings is what Chromium sends in Accept-Encoding.
const browserEncodings = "gzip, deflate, br"

// wireGet fetches path with an Accept-Encoding and returns the bytes of the
// answer as sent (without the TCP and TLS framing) and its body decoded.
func (b *bench) wireGet(ctx context.Context, c *http.Client, path, encodings string) (int, []byte, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, b.base+path, nil)
	req.Header.Set("Accept-Encoding", encodings)
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, nil, fmt.Errorf("GET %s: status %d", path, resp.StatusCode)
	}
	n := len("HTTP/1.1 200 OK\r\n\r\n") + len(body)
	for k, vs := range resp.Header {
		for _, v := range vs {
			n += len(k) + len(": \r\n") + len(v)
		}
	}
	return n, body, nil
}

// firstLoad returns the bytes on the wire of the map page's first load.
func (b *bench) firstLoad(ctx context.Context) (int, error) {
	c := rawClient()
	total, page, err := b.wireGet(ctx, c, "/", browserEncodings)
	if err != nil {
		return 0, err
	}
	html, err := decoded(page)
	if err != nil {
		return 0, err
	}
	paths := []string{"/api/v1/areas?format=geojson&simplify=0.0001", "/api/v1/reports?bbox=" + b.phoneView() + "&zoom=" + fmt.Sprint(b.zoom) + "&status=open"}
	seen := map[string]bool{}
	for _, m := range pageAsset.FindAllStringSubmatch(string(html), -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			paths = append(paths, m[1])
		}
	}
	for _, p := range paths {
		n, _, err := b.wireGet(ctx, c, p, browserEncodings)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// phoneView is the bbox a 390×844 screen shows around the city's centre at
// its zoom (Web Mercator, 256-pixel tiles).
func (b *bench) phoneView() string {
	scale := 256 * math.Exp2(float64(b.zoom))
	x := (b.center[0] + 180) / 360 * scale
	lat := b.center[1] * math.Pi / 180
	y := (1 - math.Log(math.Tan(lat)+1/math.Cos(lat))/math.Pi) / 2 * scale
	lon := func(x float64) float64 { return x/scale*360 - 180 }
	latOf := func(y float64) float64 { return math.Atan(math.Sinh(math.Pi*(1-2*y/scale))) * 180 / math.Pi }
	return fmt.Sprintf("%.5f,%.5f,%.5f,%.5f", lon(x-195), latOf(y+422), lon(x+195), latOf(y-422))
}

// mapCompressed measures the region-wide map view fetched with one
// Accept-Encoding, reading the compressed body; it returns the latencies
// and the compressed and plain sizes of one answer.
func (b *bench) mapCompressed(ctx context.Context, path, encodings string) (latencies, int, int, error) {
	c := rawClient()
	lat := make(latencies, 0, b.o.requests)
	var packed []byte
	for i := 0; i < b.o.requests+10; i++ {
		t0 := time.Now()
		_, body, err := b.wireGet(ctx, c, path, encodings)
		if err != nil {
			return nil, 0, 0, err
		}
		if i >= 10 {
			lat = append(lat, time.Since(t0))
		}
		packed = body
	}
	plain, err := decoded(packed)
	return lat, len(packed), len(plain), err
}

// decoded decodes a gzip or Brotli body, or returns one that is not
// compressed. Brotli has no magic number: a body that is neither gzip nor
// starts like text is taken for Brotli.
func decoded(b []byte) ([]byte, error) {
	if len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		return io.ReadAll(zr)
	}
	if len(b) == 0 || b[0] == '<' || b[0] == '{' || b[0] == '[' {
		return b, nil
	}
	return io.ReadAll(brotli.NewReader(bytes.NewReader(b)))
}
