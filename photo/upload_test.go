package photo

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"runtime"
	"testing"
	"testing/iotest"
)

// ReadUpload keeps exactly the bytes sent, refuses byte max+1 whatever
// the reader's pace, and gives them back whole.
func TestReadUpload(t *testing.T) {
	for _, size := range []int{0, 1, uploadChunk - 1, uploadChunk, uploadChunk + 1, 3*uploadChunk + 7} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(i * 7)
		}
		readers := map[string]func() io.Reader{
			"whole":         func() io.Reader { return bytes.NewReader(data) },
			"byte by byte":  func() io.Reader { return iotest.OneByteReader(bytes.NewReader(data)) },
			"half":          func() io.Reader { return iotest.HalfReader(bytes.NewReader(data)) },
			"data with EOF": func() io.Reader { return iotest.DataErrReader(bytes.NewReader(data)) },
		}
		for name, r := range readers {
			u, err := ReadUpload(r(), int64(size))
			if err != nil {
				t.Fatalf("%d bytes, %s, max %d: %v", size, name, size, err)
			}
			if u.Len() != size || u.Sum256() != sha256.Sum256(data) {
				t.Errorf("%d bytes, %s: Len %d, sum differs %v", size, name, u.Len(), u.Sum256() != sha256.Sum256(data))
			}
			back, err := readAll(u.Reader(), int64(size))
			if err != nil || !bytes.Equal(back, data) {
				t.Errorf("%d bytes, %s: read back %d bytes, %v", size, name, len(back), err)
			}
			if size > 0 {
				if _, err := ReadUpload(r(), int64(size-1)); !errors.Is(err, ErrTooLarge) {
					t.Errorf("%d bytes, %s, max %d: %v, want ErrTooLarge", size, name, size-1, err)
				}
			}
		}
	}
	broken := errors.New("connection reset")
	if _, err := ReadUpload(io.MultiReader(bytes.NewReader([]byte("abc")), iotest.ErrReader(broken)), 10); !errors.Is(err, broken) {
		t.Errorf("a failing body: %v, want its error", err)
	}
}

// Process copies an Upload once: readAll sizes its buffer from Len.
func TestReadAllAllocatesOnce(t *testing.T) {
	data := bytes.Repeat([]byte("x"), 3<<20)
	u, err := ReadUpload(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	got, err := readAll(u.Reader(), 10<<20)
	runtime.ReadMemStats(&after)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("readAll changed the bytes: %v", err)
	}
	// One buffer of the photo's size and a few small readers; a buffer
	// grown by appending would allocate about twice the photo.
	if n := after.TotalAlloc - before.TotalAlloc; n > uint64(len(data))+64<<10 {
		t.Errorf("readAll of a %d-byte Upload allocated %d bytes", len(data), n)
	}
	// A reader that says a length over max gets max+1 bytes and no more.
	if b, _ := readAll(bytes.NewReader(data), 100); len(b) != 101 {
		t.Errorf("readAll past max: %d bytes, want 101", len(b))
	}
}
