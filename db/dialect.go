package db

import "strings"

// dialect is what differs between the SQL engines. Most SQL is written
// once, in the subset both understand; where a word differs, a query names
// it in braces ({least}) and sql fills it in for the engine.
type dialect struct {
	name  string
	words *strings.Replacer
	// pointSQL indexes a new report's point; empty where the engine
	// computes it from lon and lat (PostGIS, migration 0002).
	pointSQL string
	// textSearchSQL is the list's text condition (see textSearchSQL) and
	// phrase what its first argument is made of; matchIDs selects the ids
	// of the reports matching a staff search, made by allWords, and
	// matchIDList the same as one comma-separated string, in any order.
	textSearchSQL, matchIDs, matchIDList string
	phrase, allWords                     func(string) string
	// hiddenIDList lists the hidden reports' ids as one string, in any
	// order; conditions follow it.
	hiddenIDList string
	// noLimit is what LIMIT takes for "all".
	noLimit any
	// createSQL writes a new report and what comes with it in one
	// statement (reportWriter.create); empty, it takes several.
	createSQL string
	// writeLock is the statement a writing transaction runs first, where
	// the engine does not order writers itself (see beginWrite).
	writeLock string
}

// sql fills in the dialect's words.
func (d *dialect) sql(q string) string { return d.words.Replace(q) }

var sqliteDialect = &dialect{
	name: "sqlite",
	words: strings.NewReplacer(
		"{least}", "min", // SQLite's min and max of several arguments are scalar
		"{greatest}", "max",
		"{is}", "IS", // equal, NULL equal to NULL
		"{id_list}", "group_concat(id)", // ids as one string, in any order
		// A new report's revision: the writer is single, so the mark
		// plus one is the next (migration 0150 moves the mark on).
		"{new_rev}", "(SELECT rev + 1 FROM feed_marks WHERE name = 'reports')",
	),
	pointSQL:      insertPointSQL,
	textSearchSQL: textSearchSQL,
	matchIDs:      `SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?`,
	matchIDList:   `SELECT group_concat(rowid) FROM (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ? ORDER BY rowid)`,
	phrase:        phraseQuery,
	allWords:      ftsQuery,
	hiddenIDList:  `SELECT group_concat(id) FROM reports INDEXED BY reports_hidden WHERE status = 'hidden' AND `,
	noLimit:       -1,
}
