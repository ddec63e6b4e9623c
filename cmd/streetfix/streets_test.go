package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestStreetsImport imports the gazetteer test extract into a copy of the
// Brussels folder and loads it back as the service would (--city).
func TestStreetsImport(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("cp", "-r", "../../city/brussels/.", dir).CombinedOutput(); err != nil {
		t.Fatalf("copy the city folder: %v %s", err, out)
	}
	env := func(string) string { return "" }
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"streets", "import", "--from", "../../gazetteer/testdata/extract.geojson", "--out", dir}, env, &stdout, &stderr)
	if err != nil {
		t.Fatalf("import: %v %s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "3 named lines make 2 streets, 3 house numbers") || !strings.Contains(stdout.String(), "1 outside every area") {
		t.Errorf("import said %q", stdout.String())
	}
	b, err := os.ReadFile(filepath.Join(dir, "addresses.csv"))
	if err != nil || !strings.Contains(string(b), "Rue de la Loi,Wetstraat,21004,16,") {
		t.Errorf("addresses.csv: %v %s", err, b)
	}
	stdout.Reset()
	if err := run(context.Background(), []string{"streets", "check", "--city", dir}, env, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if got := stdout.String(); got != "gazetteer: 2 streets, 3 house numbers\n" {
		t.Errorf("check said %q", got)
	}
	// A bad extract changes nothing already written.
	bad := filepath.Join(dir, "bad.geojson")
	os.WriteFile(bad, []byte(`{"type":"FeatureCollection","features":[{`), 0o644)
	if err := run(context.Background(), []string{"streets", "import", "--from", bad, "--out", dir}, env, &stdout, &stderr); err == nil {
		t.Error("a broken GeoJSON was imported")
	}
	for _, args := range [][]string{{"streets"}, {"streets", "export"}, {"streets", "import"}, {"streets", "import", "--from", filepath.Join(dir, "missing.geojson")}} {
		if err := run(context.Background(), args, env, &stdout, &stderr); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
	if b2, _ := os.ReadFile(filepath.Join(dir, "addresses.csv")); !bytes.Equal(b, b2) {
		t.Error("a failed import changed addresses.csv")
	}
}
