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
)

// What a phone downloads when it opens the map page, as a browser asks for
// it (Accept-Encoding: gzip): the page, the scripts and style sheets it
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

// wireGet fetches path with Accept-Encoding: gzip and returns the bytes of
// the answer as sent (without the TCP and TLS framing).
func (b *bench) wireGet(ctx context.Context, c *http.Client, path string) (int, []byte, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, b.base+path, nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
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
	total, page, err := b.wireGet(ctx, c, "/")
	if err != nil {
		return 0, err
	}
	html, err := gunzipped(page)
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
		n, _, err := b.wireGet(ctx, c, p)
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

// mapGzip measures the region-wide map view as a browser fetches it, with
// gzip, reading the compressed body; it returns the latencies and the
// compressed and plain sizes of one answer.
func (b *bench) mapGzip(ctx context.Context, path string) (latencies, int, int, error) {
	c := rawClient()
	lat := make(latencies, 0, b.o.requests)
	var packed []byte
	for i := 0; i < b.o.requests+10; i++ {
		t0 := time.Now()
		_, body, err := b.wireGet(ctx, c, path)
		if err != nil {
			return nil, 0, 0, err
		}
		if i >= 10 {
			lat = append(lat, time.Since(t0))
		}
		packed = body
	}
	plain, err := gunzipped(packed)
	return lat, len(packed), len(plain), err
}

// gunzipped decodes a gzip body, or returns one that is not compressed.
func gunzipped(b []byte) ([]byte, error) {
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		return b, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
