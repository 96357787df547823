// Package folder is the blob driver of the local binary: objects are files under a
// directory (the data directory's "blobs"), and links point at the local server,
// which serves them while their signature holds and their time has not run out.
package folder

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/blob"
	"github.com/guichet/guichet/shared/portal"
)

// Prefix is the path the local server serves links under.
const Prefix = "/files/"

// Store keeps objects under Dir: the bytes in objects/<key>, the media type in
// types/<key>.
type Store struct {
	dir     string
	baseURL string
	secret  []byte
	now     func() time.Time
}

// New returns the driver for dir. Links start with baseURL (the portal's address)
// and are signed with secret; now is the clock that dates and checks them
// (time.Now when nil).
func New(dir, baseURL string, secret []byte, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{dir: dir, baseURL: strings.TrimRight(baseURL, "/"), secret: secret, now: now}
}

func (s *Store) paths(key string) (object, typ string, err error) {
	if err := blob.CheckKey(key); err != nil {
		return "", "", err
	}
	rel := filepath.FromSlash(key)
	return filepath.Join(s.dir, "objects", rel), filepath.Join(s.dir, "types", rel), nil
}

// Put writes the object through a temporary file renamed into place, so a reader
// never sees half of it and a crash leaves the earlier one whole.
func (s *Store) Put(ctx context.Context, key string, body io.ReadSeeker, o blob.Meta) error {
	object, typ, err := s.paths(key)
	if err != nil {
		return err
	}
	if _, err := body.Seek(0, io.SeekStart); err != nil {
		return portal.Wrap(portal.Internal, "blob_put", err)
	}
	if err := writeFile(object, body); err != nil {
		return err
	}
	return writeFile(typ, strings.NewReader(o.ContentType))
}

func writeFile(path string, body io.Reader) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return portal.Wrap(portal.Internal, "blob_put", err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".put-*")
	if err != nil {
		return portal.Wrap(portal.Internal, "blob_put", err)
	}
	_, err = io.Copy(f, body)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return portal.Wrap(portal.Internal, "blob_put", err)
	}
	return nil
}

// Get opens the object.
func (s *Store) Get(ctx context.Context, key string) (io.ReadCloser, blob.Info, error) {
	object, typ, err := s.paths(key)
	if err != nil {
		return nil, blob.Info{}, err
	}
	f, err := os.Open(object)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, blob.Info{}, portal.E(portal.NotFound, "blob_not_found", "no such object")
	}
	if err != nil {
		return nil, blob.Info{}, portal.Wrap(portal.Internal, "blob_get", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, blob.Info{}, portal.Wrap(portal.Internal, "blob_get", err)
	}
	ct, _ := os.ReadFile(typ)
	return f, blob.Info{Size: st.Size(), ContentType: string(ct)}, nil
}

// Delete removes the object and its type.
func (s *Store) Delete(ctx context.Context, key string) error {
	object, typ, err := s.paths(key)
	if err != nil {
		return err
	}
	for _, p := range []string{object, typ} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return portal.Wrap(portal.Internal, "blob_delete", err)
		}
	}
	return nil
}

// Link signs the key, the end of the link's life, the type and the filename.
func (s *Store) Link(ctx context.Context, key string, ttl time.Duration, o blob.Meta) (string, error) {
	if err := blob.CheckKey(key); err != nil {
		return "", err
	}
	if err := blob.CheckLink(ttl, o); err != nil {
		return "", err
	}
	exp := strconv.FormatInt(s.now().Add(ttl).Unix(), 10)
	q := url.Values{"e": {exp}, "t": {o.ContentType}, "n": {o.Filename}, "s": {s.sign(key, exp, o)}}
	return s.baseURL + Prefix + key + "?" + q.Encode(), nil
}

func (s *Store) sign(key, exp string, o blob.Meta) string {
	m := hmac.New(sha256.New, s.secret)
	for _, part := range []string{"blob-link", key, exp, o.ContentType, o.Filename} {
		m.Write([]byte(part))
		m.Write([]byte{0})
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// ServeHTTP serves a link: 403 when its signature does not hold or its time has run
// out, 404 when the object is gone.
func (s *Store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimPrefix(r.URL.Path, Prefix)
	q := r.URL.Query()
	o := blob.Meta{ContentType: q.Get("t"), Filename: q.Get("n")}
	exp, err := strconv.ParseInt(q.Get("e"), 10, 64)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if err != nil || blob.CheckKey(key) != nil || !hmac.Equal([]byte(q.Get("s")), []byte(s.sign(key, q.Get("e"), o))) ||
		!s.now().Before(time.Unix(exp, 0)) {
		http.Error(w, "this link is invalid or has expired", http.StatusForbidden)
		return
	}
	body, info, err := s.Get(r.Context(), key)
	if portal.Is(err, portal.NotFound) {
		http.Error(w, "this file no longer exists", http.StatusNotFound)
		return
	}
	if err != nil {
		http.Error(w, "the file cannot be read", http.StatusInternalServerError)
		return
	}
	defer body.Close()
	ct := o.ContentType
	if ct == "" {
		ct = info.ContentType
	}
	if ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.Header().Set("Content-Disposition", blob.Disposition(o.Filename))
	w.Header().Set("Content-Length", strconv.FormatInt(info.Size, 10))
	_, _ = io.Copy(w, body)
}
