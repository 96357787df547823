// Package folder is the blob driver of the local binary: objects are files under a
// directory (the data directory's "blobs"), and links point at the local server,
// which serves them (GET) and takes uploads (PUT) while their signature holds and
// their time has not run out. An upload link binds the exact size and the type,
// which the server checks itself, as S3 checks a presigned PUT's signed headers.
package folder

import (
	"bytes"
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

// UploadLink signs the key, the end of the link's life, the type and the size.
func (s *Store) UploadLink(ctx context.Context, key string, ttl time.Duration, u blob.Upload) (blob.Presigned, error) {
	if err := blob.CheckKey(key); err != nil {
		return blob.Presigned{}, err
	}
	if err := blob.CheckUpload(ttl, u); err != nil {
		return blob.Presigned{}, err
	}
	end := s.now().Add(ttl)
	exp := strconv.FormatInt(end.Unix(), 10)
	size := strconv.FormatInt(u.Size, 10)
	q := url.Values{"e": {exp}, "l": {size}, "s": {s.signParts("blob-upload", key, exp, u.ContentType, size)}}
	return blob.Presigned{URL: s.baseURL + Prefix + key + "?" + q.Encode(), Method: http.MethodPut,
		Headers: map[string]string{"Content-Type": u.ContentType}, Expires: time.Unix(end.Unix(), 0).UTC()}, nil
}

func (s *Store) sign(key, exp string, o blob.Meta) string {
	return s.signParts("blob-link", key, exp, o.ContentType, o.Filename)
}

// signParts is the HMAC of parts, each ended by a NUL so that no two lists of
// parts sign the same; the first part names the kind of link.
func (s *Store) signParts(parts ...string) string {
	m := hmac.New(sha256.New, s.secret)
	for _, part := range parts {
		m.Write([]byte(part))
		m.Write([]byte{0})
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// ServeHTTP serves a link: a PUT writes through an upload link, any other method
// reads through a download link.
func (s *Store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPut {
		s.upload(w, r)
		return
	}
	s.download(w, r)
}

// upload writes the body of a PUT through an upload link: 403 when the signature
// does not hold (the type sent is not the signed one, among others) or the time has
// run out, 400 when the body's length is not the signed size. The body is read to
// at most one byte past that size, so a link cannot be used to fill the disk.
func (s *Store) upload(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimPrefix(r.URL.Path, Prefix)
	q := r.URL.Query()
	ct := r.Header.Get("Content-Type")
	exp, err := strconv.ParseInt(q.Get("e"), 10, 64)
	size, serr := strconv.ParseInt(q.Get("l"), 10, 64)
	w.Header().Set("Cache-Control", "private, no-store")
	if err != nil || serr != nil || blob.CheckKey(key) != nil ||
		!hmac.Equal([]byte(q.Get("s")), []byte(s.signParts("blob-upload", key, q.Get("e"), ct, q.Get("l")))) ||
		!s.now().Before(time.Unix(exp, 0)) {
		http.Error(w, "this upload link is invalid or has expired, or the file's type is not the one declared", http.StatusForbidden)
		return
	}
	if r.ContentLength != size {
		http.Error(w, "the file's size is not the one declared", http.StatusBadRequest)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, size+1))
	if err != nil || int64(len(body)) != size {
		http.Error(w, "the file's size is not the one declared", http.StatusBadRequest)
		return
	}
	if err := s.Put(r.Context(), key, bytes.NewReader(body), blob.Meta{ContentType: ct}); err != nil {
		http.Error(w, "the file cannot be written", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// download serves a download link: 403 when its signature does not hold or its
// time has run out, 404 when the object is gone.
func (s *Store) download(w http.ResponseWriter, r *http.Request) {
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
