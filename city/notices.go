package city

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"unicode/utf8"
)

// MaxNotice is the longest emergency notice, in characters per language.
const MaxNotice = 500

// CheckNotice says whether a category's emergency notice is usable: none
// at all, or a text of at most MaxNotice characters in each of English,
// French and Dutch, since the form shows it in the visitor's language.
func CheckNotice(n Names) error {
	texts := []string{n.EN, n.FR, n.NL}
	empty := 0
	for _, t := range texts {
		if strings.TrimSpace(t) == "" {
			empty++
		}
		if utf8.RuneCountInString(t) > MaxNotice {
			return fmt.Errorf("an emergency notice has at most %d characters in each language", MaxNotice)
		}
	}
	if empty != 0 && empty != len(texts) {
		return errors.New("an emergency notice needs its text in English, French and Dutch (or none at all)")
	}
	return nil
}

// loadNotices reads the optional notices.json: for a category code, the
// notice the report form shows once that category is chosen, before the
// report is sent ("if someone is in danger, call 112").
func loadNotices(fsys fs.FS, cats []Category) error {
	b, err := fs.ReadFile(fsys, "notices.json")
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("city: notices.json: %w", err)
	}
	var notices map[string]Names
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&notices); err != nil {
		return fmt.Errorf("city: notices.json: %w", err)
	}
	for code, n := range notices {
		found := false
		for i := range cats {
			if cats[i].Code == code {
				cats[i].Notice, found = n, true
			}
		}
		if !found {
			return fmt.Errorf("city: notices.json: %q is not a category", code)
		}
		if err := CheckNotice(n); err != nil {
			return fmt.Errorf("city: notices.json: %s: %w", code, err)
		}
	}
	return nil
}
