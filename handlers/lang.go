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

// lang picks the response language: ?lang= first, then Accept-Language.
func lang(c *gin.Context) string {
	if l := c.Query("lang"); l != "" {
		for _, code := range langCodes {
			if l == code {
				return l
			}
		}
	}
	_, i := language.MatchStrings(langMatcher, c.GetHeader("Accept-Language"))
	return langCodes[i]
}
