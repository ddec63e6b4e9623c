package main

import (
	"context"
	"database/sql"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/gin-gonic/gin"
	_ "github.com/mattn/go-sqlite3"
)

// rawInserts measures the machine's limit for writes: one row per
// transaction into a fresh SQLite file in WAL mode, for about d, with
// synchronous set to sync as the service's --sqlite-sync does: FULL (its
// durable default) waits for the disk at every commit, NORMAL does not.
func rawInserts(ctx context.Context, path string, d time.Duration, sync string) (float64, error) {
	os.Remove(path)
	defer os.Remove(path)
	defer os.Remove(path + "-wal")
	defer os.Remove(path + "-shm")
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous="+sync+"&_busy_timeout=10000")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	const create = `CREATE TABLE t (id INTEGER PRIMARY KEY, category TEXT NOT NULL, title TEXT NOT NULL,
		lon REAL NOT NULL, lat REAL NOT NULL, created_at INTEGER NOT NULL)`
	if _, err := db.ExecContext(ctx, create); err != nil {
		return 0, err
	}
	const ins = `INSERT INTO t (category, title, lon, lat, created_at) VALUES (?, ?, ?, ?, ?)`
	start := time.Now()
	n := 0
	for time.Since(start) < d {
		if _, err := db.ExecContext(ctx, ins, "pothole", "Deep pothole by the Town Hall", 4.3525, 50.8467, time.Now().UnixMilli()); err != nil {
			return 0, err
		}
		n++
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

// bareGin serves one fixed JSON document of about the size of a report, the
// least any Gin route can cost; GET one report is compared with it.
func bareGin(body []byte) (addr string, stop func(), err error) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/api/v1/reports/:id", func(c *gin.Context) { c.Data(http.StatusOK, "application/json; charset=utf-8", body) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: r, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return ln.Addr().String(), func() { srv.Close() }, nil
}
