package city_test

import (
	"strings"
	"testing"

	"streetfix/city"
)

// Brussels ships emergency notices for the categories where someone may be
// in danger, in the three languages; the others have none.
func TestBrusselsNotices(t *testing.T) {
	c, err := city.Default()
	if err != nil {
		t.Fatal(err)
	}
	cover, ok := c.Category("missing_cover")
	if !ok {
		t.Fatal("no missing_cover category")
	}
	for lang, want := range map[string]string{"en": "call 112", "fr": "appelez le 112", "nl": "bel dan nu 112"} {
		if got := cover.Notice.Get(lang); !strings.Contains(got, want) {
			t.Errorf("missing_cover notice in %s: %q, want it to say %q", lang, got, want)
		}
	}
	if pothole, _ := c.Category("pothole"); pothole.Notice != (city.Names{}) {
		t.Errorf("pothole has a notice: %+v", pothole.Notice)
	}
}
