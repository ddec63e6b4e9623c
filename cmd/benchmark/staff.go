package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"

	"streetfix/db"
)

// Accounts the benchmark signs in with, created in the database before the
// server starts.
const (
	benchPassword   = "benchmark password 1"
	benchAdmin      = "admin@bench.example"
	benchIxelles    = "agent@bench.example"
	benchIxellesOrg = "commune-21009"
)

func ensureAccounts(ctx context.Context, store *db.Store) error {
	for _, u := range []db.NewUser{
		{Email: benchAdmin, Role: "admin", Password: benchPassword},
		{Email: benchIxelles, Role: "staff", Bodies: []string{benchIxellesOrg}, Password: benchPassword},
	} {
		if _, err := store.CreateUser(ctx, u, db.AuditEntry{Actor: "benchmark"}); err != nil && !errors.Is(err, db.ErrExists) {
			return err
		}
	}
	return nil
}

// signIn returns a client holding a staff session, through the login form.
func (b *bench) signIn(ctx context.Context, email string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Transport: b.client.Transport, Jar: jar, Timeout: 30 * time.Second}
	req, _ := http.NewRequestWithContext(ctx, "GET", b.base+"/staff/login", nil)
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
	if m == nil {
		return nil, errors.New("login page without a form token")
	}
	form := url.Values{"csrf": {string(m[1])}, "email": {email}, "password": {benchPassword}, "next": {"/staff"}}
	req, _ = http.NewRequestWithContext(ctx, "POST", b.base+"/staff/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = c.Do(req)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/staff" {
		return nil, fmt.Errorf("login as %s: %d at %s", email, resp.StatusCode, resp.Request.URL.Path)
	}
	return c, nil
}

// staffQueue measures the triage queue page as an admin sees it (every
// report) and as an Ixelles agent sees it (their body), unfiltered, filtered
// and with a full-text search, and the markers of the queue's map.
func (b *bench) staffQueue(ctx context.Context) ([]figure, error) {
	var figs []figure
	for _, who := range []struct{ email, label string }{{benchAdmin, "admin"}, {benchIxelles, "one body"}} {
		c, err := b.signIn(ctx, who.email)
		if err != nil {
			return nil, err
		}
		for _, q := range []struct{ name, query string }{
			{"no filter", ""},
			{"open Safe in Ixelles", "theme=safe&status=open&area=21009"},
			{"full-text search", "q=trottoir"},
			{"oldest open first", "status=open&sort=overdue"},
			{"mine", "assignee=me"},
			{"nobody assigned", "assignee=none"},
		} {
			lat, err := b.staffGets(ctx, c, "/staff?"+q.query)
			if err != nil {
				return nil, err
			}
			figs = append(figs, figure{Name: fmt.Sprintf("staff queue (%s), %s, p50", who.label, q.name), Value: ms(lat.pct(0.5)), Unit: "ms", better: "lower"})
		}
		// The queue's map: its first 500 reports as JSON, with the same filters.
		for _, q := range []struct{ name, query string }{
			{"no filter", ""},
			{"open Safe in Ixelles", "theme=safe&status=open&area=21009"},
		} {
			lat, err := b.staffGets(ctx, c, "/staff/queue/markers?"+q.query)
			if err != nil {
				return nil, err
			}
			figs = append(figs, figure{Name: fmt.Sprintf("staff queue map markers (%s), %s, p50", who.label, q.name), Value: ms(lat.pct(0.5)), Unit: "ms", better: "lower"})
		}
	}
	return figs, nil
}

// staffGets times requests/5 GETs of a staff path, after 5 to warm up.
func (b *bench) staffGets(ctx context.Context, c *http.Client, path string) (latencies, error) {
	lat := make(latencies, 0, b.o.requests/5)
	for i := 0; i < b.o.requests/5+5; i++ {
		t0 := time.Now()
		req, _ := http.NewRequestWithContext(ctx, "GET", b.base+path, nil)
		resp, err := c.Do(req)
		if err != nil {
			return nil, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("GET %s: %d", path, resp.StatusCode)
		}
		if i >= 5 {
			lat = append(lat, time.Since(t0))
		}
	}
	return lat, nil
}
