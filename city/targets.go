package city

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"time"
)

// Targets are the times to fix the council expects, by category code or,
// as a default for its categories, by theme code. They come from the
// optional targets.csv (code,days); a category in neither gets the
// dashboard's default.
type Targets map[string]time.Duration

// For returns the target of a category of theme, and whether one is set.
func (t Targets) For(category, theme string) (time.Duration, bool) {
	if d, ok := t[category]; ok {
		return d, true
	}
	d, ok := t[theme]
	return d, ok
}

// loadTargets reads targets.csv when the city has one. Days may have a
// fraction (0.5 is twelve hours).
func loadTargets(fsys fs.FS, c *City) (Targets, error) {
	rows, err := readCSV(fsys, "targets.csv", "code", "days")
	if errors.Is(err, fs.ErrNotExist) {
		return Targets{}, nil
	}
	if err != nil {
		return nil, err
	}
	t := Targets{}
	for _, r := range rows {
		code := r["code"]
		_, isCat := c.Category(code)
		isTheme := false
		for _, th := range c.Themes {
			isTheme = isTheme || th.Code == code
		}
		if !isCat && !isTheme {
			return nil, fmt.Errorf("city: targets.csv: %q is neither a theme nor a category", code)
		}
		days, err := strconv.ParseFloat(r["days"], 64)
		if err != nil || days <= 0 || days > 3650 {
			return nil, fmt.Errorf("city: targets.csv: %s: days must be a number from 0 to 3650, not %q", code, r["days"])
		}
		t[code] = time.Duration(days * float64(24*time.Hour))
	}
	return t, nil
}
