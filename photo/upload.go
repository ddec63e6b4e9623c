package photo

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
)

// uploadChunk is the piece an Upload grows by. Reading a photo into one
// growing slice (io.ReadAll) leaves about as much garbage as it keeps, so
// fifty uploads at once held about twice the bytes they had sent; fixed
// chunks hold what arrived, give or take one chunk.
const uploadChunk = 64 << 10

// Upload is a photo's bytes as they came from the client, kept in chunks
// until a decoder needs them whole.
type Upload struct {
	chunks [][]byte
	n      int
}

// ReadUpload reads a photo of at most max bytes from r. A longer one is
// refused with ErrTooLarge once the chunk holding byte max+1 is read (r
// is a body with its own limit); an error of r is returned as it is.
func ReadUpload(r io.Reader, max int64) (*Upload, error) {
	u := &Upload{}
	for {
		if len(u.chunks) == 0 || len(u.chunks[len(u.chunks)-1]) == uploadChunk {
			u.chunks = append(u.chunks, make([]byte, 0, uploadChunk))
		}
		last := &u.chunks[len(u.chunks)-1]
		n, err := r.Read((*last)[len(*last):uploadChunk])
		*last = (*last)[:len(*last)+n]
		u.n += n
		if int64(u.n) > max {
			return nil, fmt.Errorf("photo: upload over %d bytes: %w", max, ErrTooLarge)
		}
		if err == io.EOF {
			return u, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// Len is the photo's size in bytes.
func (u *Upload) Len() int { return u.n }

// Sum256 is the SHA-256 of the photo's bytes.
func (u *Upload) Sum256() [32]byte {
	h := sha256.New()
	for _, c := range u.chunks {
		h.Write(c)
	}
	var s [32]byte
	h.Sum(s[:0])
	return s
}

// Reader reads the photo from its start; Process sizes its buffer from
// the reader's Len and so copies the photo once.
func (u *Upload) Reader() io.Reader {
	rs := make([]io.Reader, len(u.chunks))
	for i, c := range u.chunks {
		rs[i] = bytes.NewReader(c)
	}
	return &lenReader{Reader: io.MultiReader(rs...), n: u.n}
}

type lenReader struct {
	io.Reader
	n int
}

func (r *lenReader) Len() int { return r.n }

// readAll reads at most max+1 bytes of r, allocating once when r says how
// long it is (bytes.Reader, Upload.Reader); other readers go through
// io.ReadAll.
func readAll(r io.Reader, max int64) ([]byte, error) {
	l, ok := r.(interface{ Len() int })
	if !ok {
		return io.ReadAll(io.LimitReader(r, max+1))
	}
	b := make([]byte, 0, int(min(int64(l.Len()), max))+1)
	r = io.LimitReader(r, max+1)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			if int64(len(b)) > max {
				return b, nil // over the limit: the caller says so
			}
			b = append(b, 0)[:len(b)]
		}
	}
}
