package handlers

import (
	"context"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// Uploads are the one thing an anonymous client can make the server hold
// in memory in bulk: a photo is read whole before it is decoded. So the
// bytes of multipart bodies being read are counted against a budget for
// the whole server and one per client network, a body that arrives too
// slowly is cut off, and decodes run in a small pool with a bounded queue.

// Defaults of the upload limits (Config): with them, uploads in flight
// hold at most 64 MiB and decodes two at a time, within the service's
// 300 MB memory target.
const (
	DefaultUploadBytes           = 64 << 20
	DefaultUploadBytesPerAddress = 32 << 20 // a report with three 10 MiB photos
	DefaultUploadTimeout         = 60 * time.Second
	DefaultDecodeSlots           = 2
	DefaultDecodeQueue           = 8
	DefaultDecodeWait            = 10 * time.Second
	DefaultStreamsPerAddress     = 20
)

// uploadBudget counts the bytes of upload bodies read and not yet released,
// for the server and per client network.
type uploadBudget struct {
	total, perAddress int64
	mu                sync.Mutex
	used              int64
	byAddress         map[string]int64
}

func newUploadBudget(total, perAddress int64) *uploadBudget {
	return &uploadBudget{total: total, perAddress: perAddress, byAddress: map[string]int64{}}
}

// errors of reserve.
var (
	errBudgetServer  = errors.New("upload budget of the server spent")
	errBudgetAddress = errors.New("upload budget of the address spent")
)

// reserve takes n bytes for addr, or refuses without taking any.
func (b *uploadBudget) reserve(addr string, n int64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.perAddress > 0 && b.byAddress[addr]+n > b.perAddress:
		return errBudgetAddress
	case b.total > 0 && b.used+n > b.total:
		return errBudgetServer
	}
	b.used += n
	b.byAddress[addr] += n
	return nil
}

func (b *uploadBudget) release(addr string, n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= n
	if b.byAddress[addr] -= n; b.byAddress[addr] <= 0 {
		delete(b.byAddress, addr)
	}
}

// inUse is the bytes held now, for the metrics.
func (b *uploadBudget) inUse() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}

// uploads is the middleware of multipart bodies: it sets their read
// deadline and counts what is read against the budget until the request
// ends. Other bodies are small (JSONBodyLimit) and left alone.
func (h *handler) uploads(c *gin.Context) {
	ct, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if c.Request.Body == nil || c.Request.Body == http.NoBody || ct != "multipart/form-data" {
		c.Next()
		return
	}
	if h.cfg.UploadTimeout > 0 {
		// A recorder in tests has no connection; the server's ReadTimeout
		// then stays the limit.
		_ = http.NewResponseController(c.Writer).SetReadDeadline(time.Now().Add(h.cfg.UploadTimeout))
	}
	r := &budgetReader{body: c.Request.Body, h: h, c: c, addr: clientNetwork(c)}
	c.Request.Body = r
	defer r.done()
	c.Next()
}

// budgetReader reserves what it reads; a refusal or a timeout ends the
// body with an *apiError that handlers answer as it is.
type budgetReader struct {
	body io.ReadCloser
	h    *handler
	c    *gin.Context
	addr string
	held int64
	err  error
}

func (r *budgetReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	n, err := r.body.Read(p)
	if n > 0 {
		if e := r.h.budget.reserve(r.addr, int64(n)); e != nil {
			r.err = r.h.budgetError(r.c, e)
			return 0, r.err
		}
		r.held += int64(n)
	}
	if err != nil && err != io.EOF && isTimeout(err) {
		r.err = newError(http.StatusRequestTimeout, "body_timeout", "",
			"the upload took longer than "+r.h.cfg.UploadTimeout.String()+"; send it again on a better connection").say("security.body_timeout")
		r.h.metrics.limited(r.c)
		return n, r.err
	}
	return n, err
}

func (r *budgetReader) Close() error { return r.body.Close() }

// done gives back what the request held, once it is answered.
func (r *budgetReader) done() {
	if r.held > 0 {
		r.h.budget.release(r.addr, r.held)
		r.held = 0
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// budgetError answers a spent budget: 429 when the client's own uploads
// hold its share, 503 when the server's is spent by everyone's.
func (h *handler) budgetError(c *gin.Context, err error) *apiError {
	h.metrics.limited(c)
	c.Header("Retry-After", "30")
	if errors.Is(err, errBudgetAddress) {
		return newError(http.StatusTooManyRequests, "too_many_uploads", "",
			"your network is already sending "+byteSize(h.cfg.UploadBytesPerAddress)+" of uploads; wait for them to finish").
			say("security.uploads_address")
	}
	return newError(http.StatusServiceUnavailable, "server_busy", "",
		"the server is receiving as many uploads as it can hold; try again in a minute").say("security.server_busy")
}

// decodePool runs photo decodes a few at a time, with at most queue
// requests waiting for a slot and none waiting longer than wait.
type decodePool struct {
	slots   chan struct{}
	waiting chan struct{} // slots + queue: every request inside the pool
	wait    time.Duration
}

func newDecodePool(slots, queue int, wait time.Duration) *decodePool {
	slots = max(slots, 1)
	return &decodePool{slots: make(chan struct{}, slots), waiting: make(chan struct{}, slots+max(queue, 0)), wait: wait}
}

// errDecodeBusy is the pool's refusal: its queue is full or the wait ran out.
var errDecodeBusy = errors.New("photo decoders busy")

// acquire takes a slot; release gives it back.
func (p *decodePool) acquire(ctx context.Context) error {
	select {
	case p.waiting <- struct{}{}:
	default:
		return errDecodeBusy
	}
	t := time.NewTimer(p.wait)
	defer t.Stop()
	select {
	case p.slots <- struct{}{}:
		return nil
	case <-t.C:
		<-p.waiting
		return errDecodeBusy
	case <-ctx.Done():
		<-p.waiting
		return ctx.Err()
	}
}

func (p *decodePool) release() {
	<-p.slots
	<-p.waiting
}

// addressCounter counts what each client network holds open (event
// streams). Open connections belong to one process, so counting them in
// its memory is exact; a limit of 0 counts nothing and refuses nothing.
type addressCounter struct {
	mu sync.Mutex
	n  map[string]int
}

func (a *addressCounter) take(addr string, limit int) bool {
	if limit <= 0 {
		return true
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.n == nil {
		a.n = map[string]int{}
	}
	if a.n[addr] >= limit {
		return false
	}
	a.n[addr]++
	return true
}

// give returns what take counted; with a limit of 0 nothing was counted
// (and the map may not exist).
func (a *addressCounter) give(addr string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, ok := a.n[addr]; !ok {
		return
	}
	if a.n[addr]--; a.n[addr] <= 0 {
		delete(a.n, addr)
	}
}
