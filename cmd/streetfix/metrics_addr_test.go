package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// With --metrics-addr, /metrics is served on its own address and not on
// the main one (where it would be public), and --metrics-token still
// guards it there.
func TestServeMetricsAddr(t *testing.T) {
	addr, maddr := freeAddr(t), freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	args := []string{"serve", "--addr", addr, "--metrics-addr", maddr, "--db", filepath.Join(t.TempDir(), "m.db"), "--log-level", "warn"}
	env := func(k string) string {
		if k == "STREETFIX_METRICS_TOKEN" {
			return "m-secret"
		}
		return ""
	}
	go func() { done <- run(ctx, args, env, io.Discard, io.Discard) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("the service did not stop")
		}
	}()
	waitReady(t, "http://"+addr, done)

	get := func(url, token string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := get("http://"+addr+"/metrics", "m-secret"); code != http.StatusNotFound {
		t.Errorf("/metrics on the main address with --metrics-addr: %d, want 404", code)
	}
	if code, body := get("http://"+maddr+"/metrics", ""); code != http.StatusUnauthorized || !strings.Contains(body, `"unauthorized"`) {
		t.Errorf("/metrics on --metrics-addr without the token: %d %s, want 401 unauthorized", code, body)
	}
	if code, body := get("http://"+maddr+"/metrics", "m-secret"); code != http.StatusOK || !strings.Contains(body, "streetfix_") {
		t.Errorf("/metrics on --metrics-addr with the token: %d, want 200 with streetfix metrics:\n%.300s", code, body)
	}
	if code, _ := get("http://"+maddr+"/healthz", "m-secret"); code != http.StatusNotFound {
		t.Errorf("/healthz on --metrics-addr: %d, want 404 (only /metrics is served there)", code)
	}
}

// freeAddr is a loopback address nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
