// Package blobtest is the one conformance suite every blob driver passes: the folder
// driver on disk, the S3 driver over the wire against s3rver.
package blobtest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/blob"
	"github.com/guichet/guichet/shared/portal"
)

// Clock is a settable clock for the driver's links.
type Clock struct{ offset atomic.Int64 }

// Now is the time now, shifted by what Shift set.
func (c *Clock) Now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

// Shift moves the clock d away from the real time.
func (c *Clock) Shift(d time.Duration) { c.offset.Store(int64(d)) }

// Options tell what a driver's backend checks.
type Options struct {
	// New returns an empty store whose links are dated by clock.
	New func(t *testing.T, clock *Clock) blob.Store
	// ChecksSignatures is false for a stand-in that does not check a link's
	// signature (s3rver); S3 itself and the folder driver do. Without it, the
	// suite cannot see an upload of another type or size refused: s3rver takes
	// whatever a presigned PUT sends before its expiry, so the portal checks the
	// object it finds (size, content) after every upload anyway.
	ChecksSignatures bool
}

// Run runs the suite.
func Run(t *testing.T, o Options) {
	ctx := context.Background()
	csv := blob.Meta{ContentType: "text/csv; charset=utf-8", Filename: "audit-2026-12-07.csv"}

	t.Run("PutGetOverwrite", func(t *testing.T) {
		s := o.New(t, &Clock{})
		put(t, s, "exports/org1/job1.csv", "first", csv)
		put(t, s, "exports/org1/job1.csv", "second, longer", csv)
		body, info := get(t, s, "exports/org1/job1.csv")
		if body != "second, longer" || info.Size != int64(len(body)) || info.ContentType != csv.ContentType {
			t.Fatalf("got %q %+v", body, info)
		}
	})

	t.Run("LargeObject", func(t *testing.T) {
		s := o.New(t, &Clock{})
		big := strings.Repeat("0123456789abcdef", 1<<17) // 2 MiB
		put(t, s, "imports/org1/job2/report.csv", big, csv)
		if body, info := get(t, s, "imports/org1/job2/report.csv"); body != big || info.Size != int64(len(big)) {
			t.Fatalf("got %d bytes, size %d", len(body), info.Size)
		}
	})

	t.Run("MissingIsNotFound", func(t *testing.T) {
		s := o.New(t, &Clock{})
		if _, _, err := s.Get(ctx, "exports/none.csv"); !portal.Is(err, portal.NotFound) {
			t.Fatalf("Get missing: %v, want NotFound", err)
		}
	})

	t.Run("DeleteTwice", func(t *testing.T) {
		s := o.New(t, &Clock{})
		put(t, s, "exports/org1/gone.csv", "x", csv)
		for range 2 {
			if err := s.Delete(ctx, "exports/org1/gone.csv"); err != nil {
				t.Fatalf("Delete: %v", err)
			}
		}
		if _, _, err := s.Get(ctx, "exports/org1/gone.csv"); !portal.Is(err, portal.NotFound) {
			t.Fatalf("Get after Delete: %v, want NotFound", err)
		}
	})

	t.Run("BadKeys", func(t *testing.T) {
		s := o.New(t, &Clock{})
		for _, key := range []string{"", "/abs", "a//b", "../up", "a/../b", "a/./b", "a b", "a?b", "é"} {
			if err := s.Put(ctx, key, strings.NewReader("x"), csv); err == nil || portal.Is(err, portal.NotFound) {
				t.Errorf("Put %q: %v, want a refusal", key, err)
			}
			if _, err := s.Link(ctx, key, time.Minute, csv); err == nil {
				t.Errorf("Link %q: no error", key)
			}
		}
	})

	t.Run("LinkDownloads", func(t *testing.T) {
		s := o.New(t, &Clock{})
		put(t, s, "exports/org1/job3.csv", "a;b\n1;2\n", blob.Meta{ContentType: "text/csv; charset=utf-8"})
		link, err := s.Link(ctx, "exports/org1/job3.csv", 5*time.Minute, csv)
		if err != nil {
			t.Fatal(err)
		}
		resp, body := fetch(t, link)
		if resp.StatusCode != http.StatusOK || body != "a;b\n1;2\n" {
			t.Fatalf("GET link: %d %q", resp.StatusCode, body)
		}
		if got := resp.Header.Get("Content-Type"); got != csv.ContentType {
			t.Errorf("Content-Type %q, want %q", got, csv.ContentType)
		}
		if got := resp.Header.Get("Content-Disposition"); got != `attachment; filename="audit-2026-12-07.csv"` {
			t.Errorf("Content-Disposition %q", got)
		}
	})

	t.Run("LinkExpires", func(t *testing.T) {
		clock := &Clock{}
		s := o.New(t, clock)
		put(t, s, "exports/org1/job4.csv", "x", csv)
		clock.Shift(-time.Hour)
		link, err := s.Link(ctx, "exports/org1/job4.csv", 5*time.Minute, csv)
		if err != nil {
			t.Fatal(err)
		}
		clock.Shift(0)
		if resp, _ := fetch(t, link); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("GET expired link: %d, want 403", resp.StatusCode)
		}
	})

	t.Run("LinkLifetimeBounded", func(t *testing.T) {
		s := o.New(t, &Clock{})
		put(t, s, "exports/org1/job5.csv", "x", csv)
		for _, ttl := range []time.Duration{0, -time.Minute, blob.MaxLinkTTL + time.Second} {
			if _, err := s.Link(ctx, "exports/org1/job5.csv", ttl, csv); err == nil {
				t.Errorf("Link for %v: no error", ttl)
			}
		}
		if _, err := s.Link(ctx, "exports/org1/job5.csv", time.Minute, blob.Meta{Filename: `a"b.csv`}); err == nil {
			t.Error("Link with a quote in the filename: no error")
		}
	})

	t.Run("LinkToDeletedObject", func(t *testing.T) {
		s := o.New(t, &Clock{})
		put(t, s, "exports/org1/job6.csv", "x", csv)
		link, err := s.Link(ctx, "exports/org1/job6.csv", time.Minute, csv)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, "exports/org1/job6.csv"); err != nil {
			t.Fatal(err)
		}
		if resp, _ := fetch(t, link); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("GET link of a deleted object: %d, want 404", resp.StatusCode)
		}
	})

	t.Run("LinkCannotBeBent", func(t *testing.T) {
		if !o.ChecksSignatures {
			t.Skip("this backend does not check signatures (s3rver); S3 does")
		}
		s := o.New(t, &Clock{})
		put(t, s, "exports/org1/job7.csv", "x", csv)
		put(t, s, "exports/org2/job8.csv", "other organisation", csv)
		link, err := s.Link(ctx, "exports/org1/job7.csv", time.Minute, csv)
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(link)
		q := u.Query()
		q.Set("response-content-type", "text/html")
		q.Set("t", "text/html")
		bent := *u
		bent.RawQuery = q.Encode()
		other := *u
		other.Path = strings.Replace(u.Path, "org1/job7", "org2/job8", 1)
		for _, l := range []string{bent.String(), other.String()} {
			if resp, body := fetch(t, l); resp.StatusCode != http.StatusForbidden {
				t.Errorf("GET %s: %d %q, want 403", l, resp.StatusCode, body)
			}
		}
	})

	runUploads(t, o)
}

// runUploads is the part of the suite about upload links.
func runUploads(t *testing.T, o Options) {
	ctx := context.Background()
	pdf := "%PDF-1.4 a small document"
	u := blob.Upload{ContentType: "application/pdf", Size: int64(len(pdf))}

	t.Run("UploadThroughLink", func(t *testing.T) {
		s := o.New(t, &Clock{})
		link, err := s.UploadLink(ctx, "documents/org1/c1/doc1", 5*time.Minute, u)
		if err != nil {
			t.Fatal(err)
		}
		if link.Method != http.MethodPut || link.Headers["Content-Type"] != u.ContentType || time.Until(link.Expires) > 5*time.Minute {
			t.Fatalf("link %+v", link)
		}
		if resp, body := send(t, link, link.Headers["Content-Type"], pdf); resp.StatusCode != http.StatusOK {
			t.Fatalf("PUT: %d %q", resp.StatusCode, body)
		}
		body, info := get(t, s, "documents/org1/c1/doc1")
		if body != pdf || info.ContentType != u.ContentType || info.Size != u.Size {
			t.Fatalf("got %q %+v", body, info)
		}
	})

	t.Run("UploadLinkExpires", func(t *testing.T) {
		clock := &Clock{}
		s := o.New(t, clock)
		clock.Shift(-time.Hour)
		link, err := s.UploadLink(ctx, "documents/org1/c1/doc2", 5*time.Minute, u)
		if err != nil {
			t.Fatal(err)
		}
		clock.Shift(0)
		if resp, _ := send(t, link, u.ContentType, pdf); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("PUT through an expired link: %d, want 403", resp.StatusCode)
		}
		if _, _, err := s.Get(ctx, "documents/org1/c1/doc2"); !portal.Is(err, portal.NotFound) {
			t.Fatalf("Get after a refused upload: %v, want NotFound", err)
		}
	})

	t.Run("UploadLinkBounds", func(t *testing.T) {
		s := o.New(t, &Clock{})
		for _, c := range []struct {
			key string
			ttl time.Duration
			u   blob.Upload
		}{
			{"../up", time.Minute, u},
			{"documents/a", 0, u},
			{"documents/a", blob.MaxLinkTTL + time.Second, u},
			{"documents/a", time.Minute, blob.Upload{ContentType: u.ContentType}},
			{"documents/a", time.Minute, blob.Upload{ContentType: u.ContentType, Size: blob.MaxUploadBytes + 1}},
			{"documents/a", time.Minute, blob.Upload{Size: 3}},
			{"documents/a", time.Minute, blob.Upload{ContentType: "text/plain\r\nX-Evil: 1", Size: 3}},
		} {
			if _, err := s.UploadLink(ctx, c.key, c.ttl, c.u); err == nil {
				t.Errorf("UploadLink %q %v %+v: no error", c.key, c.ttl, c.u)
			}
		}
	})

	t.Run("UploadCannotBeBent", func(t *testing.T) {
		if !o.ChecksSignatures {
			t.Skip("this backend does not check signatures (s3rver); S3 does, and the portal checks what it finds")
		}
		s := o.New(t, &Clock{})
		link, err := s.UploadLink(ctx, "documents/org1/c1/doc3", 5*time.Minute, u)
		if err != nil {
			t.Fatal(err)
		}
		other := link
		other.URL = strings.Replace(link.URL, "doc3", "doc4", 1)
		for _, c := range []struct {
			name      string
			link      blob.Presigned
			typ, body string
		}{
			{"another type", link, "text/html", pdf},
			{"a longer body", link, u.ContentType, pdf + "!"},
			{"a shorter body", link, u.ContentType, pdf[1:]},
			{"another key", other, u.ContentType, pdf},
		} {
			if resp, _ := send(t, c.link, c.typ, c.body); resp.StatusCode/100 == 2 {
				t.Errorf("PUT with %s: %d, want a refusal", c.name, resp.StatusCode)
			}
		}
		for _, key := range []string{"documents/org1/c1/doc3", "documents/org1/c1/doc4"} {
			if _, _, err := s.Get(ctx, key); !portal.Is(err, portal.NotFound) {
				t.Errorf("Get %s after refused uploads: %v, want NotFound", key, err)
			}
		}
	})
}

// send makes the request of an upload link with the given type and body.
func send(t *testing.T, link blob.Presigned, typ, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(link.Method, link.URL, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range link.Headers {
		req.Header.Set(name, v)
	}
	req.Header.Set("Content-Type", typ)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", link.Method, link.URL, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func put(t *testing.T, s blob.Store, key, body string, m blob.Meta) {
	t.Helper()
	if err := s.Put(context.Background(), key, strings.NewReader(body), m); err != nil {
		t.Fatalf("Put %s: %v", key, err)
	}
}

func get(t *testing.T, s blob.Store, key string) (string, blob.Info) {
	t.Helper()
	rc, info, err := s.Get(context.Background(), key)
	if err != nil {
		t.Fatalf("Get %s: %v", key, err)
	}
	defer rc.Close()
	var b bytes.Buffer
	if _, err := io.Copy(&b, rc); err != nil {
		t.Fatal(err)
	}
	return b.String(), info
}

func fetch(t *testing.T, link string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(link)
	if err != nil {
		t.Fatalf("GET %s: %v", link, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}
