// Package blob is the object storage port: files too large for the table or for an
// answer (exports, import files and their reports, contracts' documents) are put
// here and handed to people by short-lived links, and written by them through
// short-lived upload links. Two drivers implement it: folder (a directory under the data
// directory, its links served by the local binary) and s3blob (Amazon S3). Both pass
// the one conformance suite in blobtest.
package blob

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/portal"
)

// Store holds objects under keys. Keys are slash-separated paths of letters, digits,
// '-', '_' and '.', chosen by the code (never by a client), such as
// "exports/<orgId>/<jobId>.csv".
type Store interface {
	// Put writes the object at key, replacing any earlier one; body is read from its
	// start to its end.
	Put(ctx context.Context, key string, body io.ReadSeeker, o Meta) error
	// Get opens the object at key; a missing key is a NotFound error. The caller
	// closes the reader.
	Get(ctx context.Context, key string) (io.ReadCloser, Info, error)
	// Link returns a URL that downloads the object for ttl without any session, as
	// the file named o.Filename of type o.ContentType: the type and name are bound in
	// the signature, so the link cannot be bent to serve the object otherwise.
	Link(ctx context.Context, key string, ttl time.Duration, o Meta) (string, error)
	// Delete removes the object; a missing key is no error.
	Delete(ctx context.Context, key string) error
	// UploadLink returns a link through which a client without any session writes
	// the object at key for ttl: exactly u.Size bytes of type u.ContentType, both
	// bound in the signature, so that the link cannot be bent to write another
	// object, a larger one or one of another type.
	UploadLink(ctx context.Context, key string, ttl time.Duration, u Upload) (Presigned, error)
}

// Upload is what an upload link allows to write.
type Upload struct {
	// ContentType is the media type the client must declare in its Content-Type.
	ContentType string
	// Size is the exact length of the body, in bytes.
	Size int64
}

// Presigned is a signed request a client makes by itself: Method to URL with
// Headers, until Expires.
type Presigned struct {
	URL     string            `json:"url"`
	Method  string            `json:"method"`
	Headers map[string]string `json:"headers"`
	Expires time.Time         `json:"expires"`
}

// Meta describes an object as it is written or handed out.
type Meta struct {
	// ContentType is its media type ("text/csv; charset=utf-8").
	ContentType string
	// Filename is the name a browser saves a download under (Link only).
	Filename string
}

// Info is what Get learns about an object.
type Info struct {
	Size        int64
	ContentType string
}

// MaxLinkTTL bounds a link's life: links are handed to a signed-in person who
// follows them at once.
const MaxLinkTTL = 15 * time.Minute

// CheckKey refuses a key that is empty, absolute, has an empty, "." or ".." segment,
// or a character outside the safe set, so that no key can escape the folder driver's
// directory or need escaping in a URL.
func CheckKey(key string) error {
	if key == "" || len(key) > 512 {
		return bad(key)
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return bad(key)
		}
		for _, c := range seg {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
				return bad(key)
			}
		}
	}
	return nil
}

func bad(key string) error {
	return portal.E(portal.Internal, "blob_key", "invalid blob key "+strconv.Quote(key))
}

// CheckLink refuses a link lifetime outside (0, MaxLinkTTL] and a filename that
// would need quoting in a Content-Disposition header.
func CheckLink(ttl time.Duration, o Meta) error {
	if ttl <= 0 || ttl > MaxLinkTTL {
		return portal.E(portal.Internal, "blob_link_ttl", "a link lives at most "+MaxLinkTTL.String())
	}
	if o.Filename != "" {
		if err := CheckKey(o.Filename); err != nil || strings.Contains(o.Filename, "/") {
			return portal.E(portal.Internal, "blob_filename", "invalid download filename")
		}
	}
	return nil
}

// MaxUploadBytes bounds what one upload link may write.
const MaxUploadBytes = 100 << 20

// CheckUpload refuses an upload link's lifetime outside (0, MaxLinkTTL], a size
// outside [1, MaxUploadBytes] and a content type that is empty or holds anything
// but printable ASCII, which could not travel in a header.
func CheckUpload(ttl time.Duration, u Upload) error {
	if ttl <= 0 || ttl > MaxLinkTTL {
		return portal.E(portal.Internal, "blob_link_ttl", "a link lives at most "+MaxLinkTTL.String())
	}
	if u.Size < 1 || u.Size > MaxUploadBytes {
		return portal.E(portal.Internal, "blob_upload_size", "an upload holds 1 byte to "+strconv.Itoa(MaxUploadBytes)+" bytes")
	}
	if u.ContentType == "" || len(u.ContentType) > 200 || strings.IndexFunc(u.ContentType, func(c rune) bool { return c < ' ' || c > '~' }) >= 0 {
		return portal.E(portal.Internal, "blob_upload_type", "invalid upload content type")
	}
	return nil
}

// Disposition is the Content-Disposition of a download named filename.
func Disposition(filename string) string {
	if filename == "" {
		return "attachment"
	}
	return `attachment; filename="` + filename + `"`
}
