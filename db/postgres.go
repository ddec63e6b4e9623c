package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/jmoiron/sqlx"
)

// IsPostgres reports whether a --db value names a PostgreSQL database
// rather than a SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

var postgresDialect = &dialect{
	name: "postgres",
	words: strings.NewReplacer(
		"{least}", "least",
		"{greatest}", "greatest",
		"{is}", "IS NOT DISTINCT FROM",
		// Without ORDER BY: the callers sort the ids (an ordered
		// aggregate sorted the 11,000 matches of a common word in SQL,
		// a quarter of the search's time).
		"{id_list}", "string_agg(id::text, ',')",
		"{new_rev}", "DEFAULT", // streetfix_report_rev draws it (migration 0145)
	),
	matchIDs:      `SELECT id FROM reports WHERE search @@ to_tsquery('streetfix', ?)`,
	matchIDList:   `SELECT string_agg(id::text, ',') FROM reports WHERE search @@ to_tsquery('streetfix', ?)`,
	hiddenIDList:  `SELECT string_agg(id::text, ',') FROM reports WHERE status = 'hidden' AND `,
	noLimit:       nil,
	writeLock:     `SELECT rev FROM feed_marks WHERE name = 'reports' FOR UPDATE`,
	createSQL:     createSQL,
	textSearchSQL: pgTextSearchSQL,
	phrase:        func(text string) string { return tsQuery(searchWords(text), "<->", 3) },
	allWords:      func(text string) string { return tsQuery(searchWords(text), "&", 0) },
}

// openPostgres connects to PostgreSQL. The SQL of the store is written once
// with SQLite's placeholders (? and ?NNN); the connector turns them into
// PostgreSQL's $N, so no query needs a second copy for the placeholders.
func openPostgres(ctx context.Context, dsn string) (read, write *sqlx.DB, cfg *pgx.ConnConfig, err error) {
	cfg, err = pgx.ParseConfig(dsn)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("db: postgres: %w", err)
	}
	open := func(conns int) *sqlx.DB {
		db := sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg)})
		db.SetMaxOpenConns(conns)
		db.SetMaxIdleConns(conns)
		return sqlx.NewDb(db, "pgx")
	}
	read = open(8)
	// One writing connection per instance, as on SQLite: an instance's
	// writes queue here rather than on the database's lock; instances
	// order their writes by that lock (beginWrite, migration 0135).
	write = open(1)
	if err := write.PingContext(ctx); err != nil {
		read.Close()
		write.Close()
		return nil, nil, nil, fmt.Errorf("db: postgres %s: %w", redactDSN(cfg), err)
	}
	return read, write, cfg, nil
}

// redactDSN names the server and database without the password.
func redactDSN(cfg *pgx.ConnConfig) string {
	return fmt.Sprintf("%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// pgExtensions are what the schema needs. PostGIS is not a trusted
// extension: only a superuser (or the database owner on some managed
// services) may create it.
var pgExtensions = []string{"postgis", "unaccent"}

// ensureExtensions creates the extensions that are missing, and when the
// role may not, says which statement the DBA must run.
func (s *Store) ensureExtensions(ctx context.Context, conn *sqlx.Conn) error {
	var missing []string
	for _, ext := range pgExtensions {
		var n int
		if err := conn.GetContext(ctx, &n, `SELECT count(*) FROM pg_extension WHERE extname = ?`, ext); err != nil {
			return fmt.Errorf("db: postgres extensions: %w", err)
		}
		if n > 0 {
			continue
		}
		if _, err := conn.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS `+ext); err != nil {
			missing = append(missing, ext)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	var dbname string
	_ = conn.GetContext(ctx, &dbname, `SELECT current_database()`)
	stmts := make([]string, len(missing))
	for i, ext := range missing {
		stmts[i] = "CREATE EXTENSION IF NOT EXISTS " + ext + ";"
	}
	return fmt.Errorf("db: postgres: this role may not create the extension(s) %s; a superuser must run, in database %q: %s",
		strings.Join(missing, ", "), dbname, strings.Join(stmts, " "))
}

// analyzeIfUnplanned gathers the planner's statistics of the reports
// table when it holds rows but has none: a database filled by a bulk load
// or restored from a dump, where autovacuum is off or has not come round
// yet. Without them PostgreSQL guesses that assignee_id IS NOT NULL keeps
// nearly every row and reads the whole table for the queue's "nobody
// assigned" view: 69 ms for the assigned ids at 100,000 reports, against
// 0.7 ms through the partial index once analysed. Run under the migration
// lock: once per database, and only while the statistics are missing.
func analyzeIfUnplanned(ctx context.Context, conn *sqlx.Conn) error {
	const q = `SELECT EXISTS (SELECT 1 FROM reports)
		AND NOT EXISTS (SELECT 1 FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'reports')`
	var missing bool
	if err := conn.GetContext(ctx, &missing, q); err != nil {
		return fmt.Errorf("db: postgres statistics: %w", err)
	}
	if !missing {
		return nil
	}
	if _, err := conn.ExecContext(ctx, `ANALYZE reports`); err != nil {
		return fmt.Errorf("db: postgres statistics: %w", err)
	}
	return nil
}

// migrationLock is the key of the advisory lock under which migrations run,
// so that instances starting together apply each migration once.
const migrationLock = 0x5f57_4d49 // "_WMI"

// rebindConnector wraps pgx's connector so that its connections rewrite
// placeholders.
type rebindConnector struct{ driver.Connector }

func (c rebindConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	pc, ok := conn.(*stdlib.Conn)
	if !ok {
		conn.Close()
		return nil, errors.New("db: postgres: unexpected driver connection")
	}
	return &rebindConn{pc}, nil
}

// rebindConn is a pgx connection whose queries are rewritten from SQLite's
// placeholders; every other method is pgx's own.
type rebindConn struct{ *stdlib.Conn }

func (c *rebindConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(rebind(query))
}

func (c *rebindConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query))
}

func (c *rebindConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rebind(query), args)
}

func (c *rebindConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rebind(query), args)
}

// rebound caches rewritten queries. The store's queries are few, but some
// are built with a number of placeholders, so the cache stops growing at
// reboundMax and the rest are rewritten each time (a few microseconds).
var (
	rebound  sync.Map // query → rewritten query
	reboundN atomic.Int64
)

const reboundMax = 4096

// rebind turns ? into $1, $2, … and ?N into $N, outside string literals,
// quoted identifiers and comments.
func rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	if v, ok := rebound.Load(q); ok {
		return v.(string)
	}
	out := rebindScan(q)
	if reboundN.Add(1) <= reboundMax {
		rebound.Store(q, out)
	}
	return out
}

func rebindScan(q string) string {
	var b strings.Builder
	b.Grow(len(q) + 16)
	next := 1
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) && q[j] != c {
				j++
			}
			b.WriteString(q[i:min(j+1, len(q))])
			i = j
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j - 1
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			n := next
			if j > i+1 {
				n, _ = strconv.Atoi(q[i+1 : j])
			}
			next = n + 1
			b.WriteString("$" + strconv.Itoa(n))
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// pgTextSearchSQL is textSearchSQL on PostgreSQL: the tsvector of
// migration 0005 and the lower(address) indexes of migration 0072.
const pgTextSearchSQL = `(id IN (SELECT id FROM reports WHERE search @@ to_tsquery('streetfix', ?) ORDER BY id DESC LIMIT ?)
	OR id IN (SELECT id FROM reports WHERE lower(address_fr) LIKE lower(?) ORDER BY id DESC LIMIT ?)
	OR id IN (SELECT id FROM reports WHERE lower(address_nl) LIKE lower(?) ORDER BY id DESC LIMIT ?))`

// searchWords splits what people type as phraseQuery and ftsQuery do:
// letters and digits only, so no query syntax reaches the engine.
func searchWords(text string) []string {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	if len(words) > 12 {
		words = words[:12]
	}
	return words
}

// tsQuery joins words into a tsquery with op (<-> for a phrase, & for all
// words), the last one as a prefix when long enough, as on SQLite.
func tsQuery(words []string, op string, minPrefix int) string {
	if len(words) == 0 {
		return ""
	}
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteString(" " + op + " ")
		}
		b.WriteString(strings.ToLower(w))
		if i == len(words)-1 && utf8.RuneCountInString(w) >= minPrefix {
			b.WriteString(":*")
		}
	}
	return b.String()
}

var pgTypeWords = regexp.MustCompile(`\b(INTEGER|REAL|BLOB)\b`)

// pgTypes widens SQLite's types in a shared migration for PostgreSQL:
// INTEGER holds millisecond times only as BIGINT, REAL is four bytes there
// (DOUBLE PRECISION is SQLite's REAL) and BLOB is BYTEA. A shared file with
// a rowid key or a flag still needs a .postgres.sql twin: an INTEGER
// PRIMARY KEY becomes a BIGINT key without a default, which fails loudly.
func pgTypes(sql string) string {
	return pgTypeWords.ReplaceAllStringFunc(sql, func(w string) string {
		switch w {
		case "INTEGER":
			return "BIGINT"
		case "REAL":
			return "DOUBLE PRECISION"
		}
		return "BYTEA"
	})
}

// pgClaimSQL is ClaimMessages' statement on PostgreSQL, with the same
// arguments: the due rows are locked with SKIP LOCKED, so that two
// instances' workers never claim one message (a plain UPDATE … WHERE id IN
// (SELECT …) can), and the claimed rows come back in the order they are
// due (UPDATE … RETURNING has no order there).
const pgClaimSQL = `WITH due AS (
		SELECT id FROM notify_messages
		WHERE status = 'pending' AND next_at <= ?3 AND (lease_until IS NULL OR lease_until <= ?4)
		ORDER BY next_at, id LIMIT ?5 FOR UPDATE SKIP LOCKED),
	claimed AS (
		UPDATE notify_messages AS m SET lease_owner = ?1, lease_until = ?2, attempts = m.attempts + 1
		FROM due WHERE m.id = due.id RETURNING m.*)
	SELECT ` + messageColumns + ` FROM claimed ORDER BY next_at, id`

// Describe names a --db value for logs and messages: a SQLite path as it
// is, a PostgreSQL URL without its password.
func Describe(dsn string) string {
	if !IsPostgres(dsn) {
		return dsn
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	return "postgres://" + redactDSN(cfg)
}
