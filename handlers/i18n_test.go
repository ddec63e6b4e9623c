package handlers

import (
	"encoding/json"
	"io/fs"
	"sort"
	"strings"
	"testing"
)

// Every catalogue exists in the three languages with the same message ids,
// so no page shows an id or falls back to English by accident.
func TestCataloguesComplete(t *testing.T) {
	fsys := messagesFS()
	names, err := fs.Glob(fsys, "*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("no catalogues: %v", err)
	}
	ids := map[string]map[string][]string{} // feature → lang → ids
	owner := map[string]string{}            // id → the catalogue that has it
	for _, name := range names {
		parts := strings.Split(name, ".")
		if len(parts) != 3 || !isLang(parts[1]) {
			t.Errorf("%s: name catalogues feature.lang.json with lang in fr, nl, en", name)
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var keys []string
		for k, v := range m {
			if s, ok := v.(string); ok && strings.TrimSpace(s) == "" {
				t.Errorf("%s: %s is empty", name, k)
			}
			// One bundle holds every catalogue: an id in two features
			// would silently take one of the two texts.
			if o, ok := owner[k+"@"+parts[1]]; ok && o != parts[0] {
				t.Errorf("%s is in both %s and %s", k, o, parts[0])
			}
			owner[k+"@"+parts[1]] = parts[0]
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if ids[parts[0]] == nil {
			ids[parts[0]] = map[string][]string{}
		}
		ids[parts[0]][parts[1]] = keys
	}
	for feature, byLang := range ids {
		en := strings.Join(byLang["en"], " ")
		for _, l := range langCodes {
			if got := strings.Join(byLang[l], " "); got != en {
				t.Errorf("%s.%s.json ids differ from %s.en.json:\n%s\n%s", feature, l, feature, got, en)
			}
		}
	}
	if _, err := loadMessages(fsys); err != nil {
		t.Fatal(err)
	}
}

func TestFormatInt(t *testing.T) {
	for _, c := range []struct {
		n    int64
		l    string
		want string
	}{{1234567, "en", "1,234,567"}, {1234567, "nl", "1.234.567"}, {1234567, "fr", "1\u202f234\u202f567"}, {999, "en", "999"}, {-1000, "en", "-1,000"}, {0, "fr", "0"}} {
		if got := formatInt(c.n, c.l); got != c.want {
			t.Errorf("formatInt(%d, %s) = %q, want %q", c.n, c.l, got, c.want)
		}
	}
}
