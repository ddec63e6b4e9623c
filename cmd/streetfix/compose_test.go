package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// composeFile is what TestDockerCompose reads of docker-compose.yml.
type composeFile struct {
	Services map[string]composeService `yaml:"services"`
	Networks map[string]struct {
		IPAM struct {
			Config []struct {
				Subnet string `yaml:"subnet"`
			} `yaml:"config"`
		} `yaml:"ipam"`
	} `yaml:"networks"`
	Volumes map[string]any `yaml:"volumes"`
}

type composeService struct {
	Image       string            `yaml:"image"`
	Build       any               `yaml:"build"`
	Command     []string          `yaml:"command"`
	Environment map[string]string `yaml:"environment"`
	Profiles    []string          `yaml:"profiles"`
	Ports       []string          `yaml:"ports"`
	Volumes     []string          `yaml:"volumes"`
	Networks    any               `yaml:"networks"`
	Healthcheck *struct {
		Test []string `yaml:"test"`
	} `yaml:"healthcheck"`
	DependsOn map[string]struct {
		Condition string `yaml:"condition"`
	} `yaml:"depends_on"`
}

// flagsOf returns the flags `streetfix <cmd> -h` lists.
func flagsOf(t *testing.T, cmd string) map[string]bool {
	t.Helper()
	var usage bytes.Buffer
	err := run(context.Background(), []string{cmd, "-h"}, func(string) string { return "" }, io.Discard, &usage)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("streetfix %s -h: %v", cmd, err)
	}
	flags := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^  -([a-z0-9-]+)`).FindAllStringSubmatch(usage.String(), -1) {
		flags[m[1]] = true
	}
	if !flags["db"] {
		t.Fatalf("streetfix %s -h lists no --db: %q", cmd, usage.String())
	}
	return flags
}

// parsesAs checks that args (a subcommand and its flags) parse with the
// command's real flags: a flag it lacks or a value of the wrong type fails.
func parsesAs(t *testing.T, where string, args []string) {
	t.Helper()
	err := run(context.Background(), append(slices.Clone(args), "-h"), func(string) string { return "" }, io.Discard, io.Discard)
	if !errors.Is(err, flag.ErrHelp) {
		t.Errorf("%s: streetfix %s: %v", where, strings.Join(args, " "), err)
	}
}

// TestDockerCompose reads docker-compose.yml and deploy/Caddyfile (there is
// no Docker engine to run them here) and checks what can be checked
// without one: the YAML parses; each command and health check given to
// the streetfix image parses with the real flags of its subcommand, and
// each STREETFIX_ variable names one of them; the apps' health checks ask
// /readyz; depends_on names services that exist, with health checks when
// the condition waits for them; the PostgreSQL profile runs two instances
// on the PostGIS service behind the proxy, which balances exactly those
// instances and is the one address they trust for X-Forwarded-For; the
// images other than the app's are pinned.
func TestDockerCompose(t *testing.T) {
	b, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var f composeFile
	if err := yaml.Unmarshal(b, &f); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	serveFlags := flagsOf(t, "serve")
	var sqlite, postgres []string
	var proxyIP string
	for name, s := range f.Services {
		for dep, d := range s.DependsOn {
			target, ok := f.Services[dep]
			if !ok {
				t.Errorf("%s depends on %s, which is not a service", name, dep)
			} else if d.Condition == "service_healthy" && target.Healthcheck == nil {
				t.Errorf("%s waits for %s to be healthy, which has no health check", name, dep)
			}
		}
		if s.Build == nil {
			if !regexp.MustCompile(`^[a-z0-9./-]+:[0-9][0-9a-z.-]*$`).MatchString(s.Image) {
				t.Errorf("%s: image %q is not pinned to a version", name, s.Image)
			}
			continue
		}
		// The streetfix image: the Dockerfile's entry point is the binary.
		args := s.Command
		if len(args) == 0 {
			args = []string{"serve"}
		}
		parsesAs(t, name, args)
		for k := range s.Environment {
			if fl, ok := strings.CutPrefix(k, "STREETFIX_"); ok && !serveFlags[strings.ToLower(strings.ReplaceAll(fl, "_", "-"))] {
				t.Errorf("%s: %s names no flag of streetfix serve", name, k)
			}
		}
		if s.Healthcheck == nil || len(s.Healthcheck.Test) < 3 || s.Healthcheck.Test[0] != "CMD" || s.Healthcheck.Test[1] != "/usr/local/bin/streetfix" {
			t.Errorf("%s: no health check by the streetfix binary: %+v", name, s.Healthcheck)
		} else {
			parsesAs(t, name+" health check", s.Healthcheck.Test[2:])
			if !slices.Equal(s.Healthcheck.Test[2:], []string{"healthcheck", "--ready"}) {
				t.Errorf("%s: the health check %v does not ask /readyz", name, s.Healthcheck.Test)
			}
		}
		db := s.Environment["STREETFIX_DB"]
		if i := slices.Index(args, "--db"); i >= 0 && i+1 < len(args) {
			db = args[i+1]
		}
		if !strings.HasPrefix(db, "postgres://") {
			if len(s.Profiles) > 0 || len(s.Volumes) == 0 || !strings.HasPrefix(db, "/var/lib/streetfix/") {
				t.Errorf("%s: the SQLite instance must be in the default profile with its file (%q) on a volume", name, db)
			}
			sqlite = append(sqlite, name)
			continue
		}
		postgres = append(postgres, name)
		u, err := url.Parse(db)
		if err != nil {
			t.Fatalf("%s: --db %q: %v", name, db, err)
		}
		if _, hasPassword := u.User.Password(); hasPassword {
			t.Errorf("%s: the password is in --db, which ps shows: give it as PGPASSWORD", name)
		}
		pg, ok := f.Services[u.Hostname()]
		if !ok || !regexp.MustCompile(`^postgis/postgis:15-3\.\d+$`).MatchString(pg.Image) || s.DependsOn[u.Hostname()].Condition != "service_healthy" {
			t.Errorf("%s: --db %q does not name a PostGIS 15-3 service it waits for", name, db)
		}
		if !slices.Equal(s.Profiles, []string{"postgres"}) {
			t.Errorf("%s: profiles %v, want postgres", name, s.Profiles)
		}
		i := slices.Index(args, "--trusted-proxies")
		if i < 0 || i+1 >= len(args) || (proxyIP != "" && args[i+1] != proxyIP) {
			t.Errorf("%s: trusts no proxy, or another one: %v", name, args)
		} else {
			proxyIP = args[i+1]
		}
	}
	if len(sqlite) != 1 || len(postgres) != 2 {
		t.Fatalf("SQLite instances %v and PostgreSQL instances %v: want one and two", sqlite, postgres)
	}

	// The proxy: the only service that depends on both instances.
	proxy, ok := f.Services["proxy"]
	if !ok || !strings.HasPrefix(proxy.Image, "caddy:") || !slices.Equal(proxy.Profiles, []string{"postgres"}) {
		t.Fatalf("no Caddy proxy in the postgres profile: %+v", proxy)
	}
	for _, app := range postgres {
		if proxy.DependsOn[app].Condition != "service_healthy" {
			t.Errorf("the proxy does not wait for %s to be healthy", app)
		}
	}
	if !strings.Contains(string(b), "ipv4_address: "+proxyIP+"\n") {
		t.Errorf("the instances trust %s, which is not the proxy's fixed address", proxyIP)
	}
	if n := f.Networks["backend"].IPAM.Config; len(n) != 1 || !mustCIDR(t, n[0].Subnet).Contains(net.ParseIP(proxyIP)) {
		t.Errorf("the proxy's address %s is not in the backend network %v", proxyIP, n)
	}
	caddy, err := os.ReadFile("../../deploy/Caddyfile")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(proxy.Volumes, "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro") {
		t.Errorf("the proxy does not mount deploy/Caddyfile: %v", proxy.Volumes)
	}
	m := regexp.MustCompile(`(?m)^\s*reverse_proxy ([^{]+)\{`).FindSubmatch(caddy)
	if m == nil {
		t.Fatal("deploy/Caddyfile has no reverse_proxy block")
	}
	var want []string
	for _, app := range postgres {
		_, port, _ := net.SplitHostPort(f.Services[app].Environment["STREETFIX_ADDR"])
		want = append(want, app+":"+port)
	}
	got := strings.Fields(string(m[1]))
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the proxy balances %v, the instances are %v", got, want)
	}
	if !regexp.MustCompile(`(?m)^\s*health_uri /readyz$`).Match(caddy) {
		t.Error("the proxy does not check the instances' /readyz")
	}
}

func mustCIDR(t *testing.T, s string) *net.IPNet {
	t.Helper()
	_, n, err := net.ParseCIDR(s)
	if err != nil {
		t.Fatalf("subnet %q: %v", s, err)
	}
	return n
}

// TestHealthcheckReady: `streetfix healthcheck` asks /healthz, and with
// --ready /readyz, and fails when the answer is not 200.
func TestHealthcheckReady(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	env := func(string) string { return "" }
	if err := run(context.Background(), []string{"healthcheck", "--addr", addr}, env, io.Discard, io.Discard); err != nil {
		t.Errorf("healthcheck on a live process: %v", err)
	}
	err := run(context.Background(), []string{"healthcheck", "--addr", addr, "--ready"}, env, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "/readyz answered 503") {
		t.Errorf("healthcheck --ready on a service that is not ready: %v", err)
	}
}
