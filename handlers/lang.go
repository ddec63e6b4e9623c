package handlers

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/language"
)

// supported languages, the first being the default.
var (
	langTags    = []language.Tag{language.French, language.Dutch, language.English}
	langCodes   = []string{"fr", "nl", "en"}
	langMatcher = language.NewMatcher(langTags)
)

// lang picks the response language: ?lang= first, then the language
// cookie, then Accept-Language. Whatever answers in that language varies
// with the last two, so lang says so in Vary for every caller: a shared
// cache must not serve one visitor's language to the next.
func lang(c *gin.Context) string {
	addVary(c.Writer.Header(), "Accept-Language", "Cookie")
	if l := c.Query("lang"); isLang(l) {
		return l
	}
	if l, err := c.Cookie(langCookie); err == nil && isLang(l) {
		return l
	}
	_, i := language.MatchStrings(langMatcher, c.GetHeader("Accept-Language"))
	return langCodes[i]
}

// addVary adds names to the Vary header, keeping what other code put there
// and naming each once.
func addVary(h http.Header, names ...string) {
	have := map[string]bool{}
	var list []string
	for _, v := range h.Values("Vary") {
		for _, n := range strings.Split(v, ",") {
			if n = strings.TrimSpace(n); n != "" && !have[strings.ToLower(n)] {
				have[strings.ToLower(n)] = true
				list = append(list, n)
			}
		}
	}
	changed := false
	for _, n := range names {
		if !have[strings.ToLower(n)] {
			have[strings.ToLower(n)] = true
			list = append(list, n)
			changed = true
		}
	}
	if changed {
		h.Set("Vary", strings.Join(list, ", "))
	}
}
