package db

import "strings"

// dialect is what differs between the SQL engines. Most SQL is written
// once, in the subset both understand; where a word differs, a query names
// it in braces ({least}) and sql fills it in for the engine.
type dialect struct {
	name  string
	words *strings.Replacer
}

// sql fills in the dialect's words.
func (d *dialect) sql(q string) string { return d.words.Replace(q) }

var sqliteDialect = &dialect{
	name: "sqlite",
	words: strings.NewReplacer(
		"{least}", "min", // SQLite's min and max of several arguments are scalar
		"{greatest}", "max",
	),
}
