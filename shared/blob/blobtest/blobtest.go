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
	// signature (s3rver); S3 itself and the folder driver do.
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
