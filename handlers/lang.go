package handlers

import (
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
// cookie, then Accept-Language.
func lang(c *gin.Context) string {
	if l := c.Query("lang"); isLang(l) {
		return l
	}
	if l, err := c.Cookie(langCookie); err == nil && isLang(l) {
		return l
	}
	_, i := language.MatchStrings(langMatcher, c.GetHeader("Accept-Language"))
	return langCodes[i]
}
