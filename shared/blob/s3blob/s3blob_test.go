package s3blob_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/guichet/guichet/shared/blob"
	"github.com/guichet/guichet/shared/blob/blobtest"
	"github.com/guichet/guichet/shared/blob/s3blob"
	"github.com/guichet/guichet/shared/localaws"
)

// s3URL is the endpoint of the s3rver stand-in, empty when it is not installed on
// this machine (the suite is then skipped, loudly; under CI it fails).
var s3URL string

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	flag.Parse()
	dir, err := os.MkdirTemp("", "guichet-s3rver-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	p, err := localaws.StartS3(dir)
	switch {
	case err == nil:
		s3URL = p.URL
		defer p.Stop()
	case errors.Is(err, localaws.ErrUnavailable) && !localaws.Required():
		localaws.Unavailable("S3 blob driver suite", err)
	default:
		fmt.Fprintf(os.Stderr, "cannot start s3rver: %v\n", err)
		return 1
	}
	return m.Run()
}

func TestConformanceOverTheWire(t *testing.T) {
	if s3URL == "" {
		t.Skip("s3rver is not installed (run `make tools`)")
	}
	t.Setenv("AWS_ACCESS_KEY_ID", localaws.S3AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", localaws.S3SecretKey)
	client, err := s3blob.NewClient(s3URL, "eu-west-3")
	if err != nil {
		t.Fatal(err)
	}
	blobtest.Run(t, blobtest.Options{New: func(t *testing.T, clock *blobtest.Clock) blob.Store {
		// One bucket per test, so that tests see only their own objects.
		bucket := strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name()))
		if _, err := client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: &bucket}); err != nil {
			t.Fatalf("CreateBucket %s: %v", bucket, err)
		}
		return s3blob.New(client, bucket, clock.Now)
	}})
}

// TestUploadLinkSignsSizeAndType proves what s3rver cannot: the presigned PUT signs
// Content-Length and Content-Type, so S3 refuses an upload of another size or type,
// and the client is told to send the type.
func TestUploadLinkSignsSizeAndType(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	client, err := s3blob.NewClient("", "eu-west-3")
	if err != nil {
		t.Fatal(err)
	}
	s := s3blob.New(client, "guichet-documents", nil)
	link, err := s.UploadLink(context.Background(), "documents/org1/c1/doc1", 5*time.Minute, blob.Upload{ContentType: "application/pdf", Size: 1234})
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(link.URL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if got := q.Get("X-Amz-SignedHeaders"); got != "content-length;content-type;host" {
		t.Errorf("signed headers %q, want content-length;content-type;host", got)
	}
	if q.Get("X-Amz-Expires") != "300" || link.Method != "PUT" {
		t.Errorf("expires %q, method %q", q.Get("X-Amz-Expires"), link.Method)
	}
	if len(link.Headers) != 1 || link.Headers["Content-Type"] != "application/pdf" {
		t.Errorf("headers to send %v, want only the type", link.Headers)
	}
}
