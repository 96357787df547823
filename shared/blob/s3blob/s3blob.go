// Package s3blob is the blob driver for Amazon S3: a private bucket, objects written
// whole, links presigned for minutes with the download's type and name bound in the
// signature. Only the programs that hand out or write files link it (the S3 client
// is a few megabytes).
package s3blob

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/guichet/guichet/shared/awsenv"
	"github.com/guichet/guichet/shared/blob"
	"github.com/guichet/guichet/shared/portal"
)

// Store is a bucket.
type Store struct {
	client  *s3.Client
	presign *s3.PresignClient
	bucket  string
	now     func() time.Time
}

// NewClient returns an S3 client for region, pointed at endpoint when it is not
// empty (a stand-in, addressed by path). It makes no network call.
func NewClient(endpoint, region string) (*s3.Client, error) {
	cfg, err := awsenv.Config(endpoint, region)
	if err != nil {
		return nil, portal.Wrap(portal.Internal, "blob_config", err)
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
			o.UsePathStyle = true
		}
	}), nil
}

// New returns the driver for bucket. now is the clock that dates links (time.Now
// when nil).
func New(client *s3.Client, bucket string, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	signer := clockSigner{inner: v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true }), now: now}
	return &Store{client: client, bucket: bucket, now: now, presign: s3.NewPresignClient(client, func(o *s3.PresignOptions) { o.Presigner = signer })}
}

// clockSigner presigns at the driver's clock rather than the SDK's.
type clockSigner struct {
	inner *v4.Signer
	now   func() time.Time
}

func (c clockSigner) PresignHTTP(ctx context.Context, creds aws.Credentials, r *http.Request, payloadHash, service, region string,
	_ time.Time, optFns ...func(*v4.SignerOptions)) (string, http.Header, error) {
	return c.inner.PresignHTTP(ctx, creds, r, payloadHash, service, region, c.now().UTC(), optFns...)
}

// Put writes the object, encrypted at rest by S3.
func (s *Store) Put(ctx context.Context, key string, body io.ReadSeeker, o blob.Meta) error {
	if err := blob.CheckKey(key); err != nil {
		return err
	}
	size, err := body.Seek(0, io.SeekEnd)
	if err == nil {
		_, err = body.Seek(0, io.SeekStart)
	}
	if err != nil {
		return portal.Wrap(portal.Internal, "blob_put", err)
	}
	in := &s3.PutObjectInput{Bucket: &s.bucket, Key: &key, Body: body, ContentLength: aws.Int64(size),
		ServerSideEncryption: types.ServerSideEncryptionAes256}
	if o.ContentType != "" {
		in.ContentType = aws.String(o.ContentType)
	}
	_, err = s.client.PutObject(ctx, in)
	return translate("blob_put", err)
}

// Get opens the object.
func (s *Store) Get(ctx context.Context, key string) (io.ReadCloser, blob.Info, error) {
	if err := blob.CheckKey(key); err != nil {
		return nil, blob.Info{}, err
	}
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: &s.bucket, Key: &key})
	if err != nil {
		return nil, blob.Info{}, translate("blob_get", err)
	}
	return out.Body, blob.Info{Size: aws.ToInt64(out.ContentLength), ContentType: aws.ToString(out.ContentType)}, nil
}

// Delete removes the object; S3 answers the same whether it existed or not.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := blob.CheckKey(key); err != nil {
		return err
	}
	_, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &s.bucket, Key: &key})
	return translate("blob_delete", err)
}

// Link presigns a GET of the object whose answer carries o's type and name.
func (s *Store) Link(ctx context.Context, key string, ttl time.Duration, o blob.Meta) (string, error) {
	if err := blob.CheckKey(key); err != nil {
		return "", err
	}
	if err := blob.CheckLink(ttl, o); err != nil {
		return "", err
	}
	in := &s3.GetObjectInput{Bucket: &s.bucket, Key: &key, ResponseContentDisposition: aws.String(blob.Disposition(o.Filename)),
		ResponseCacheControl: aws.String("private, no-store")}
	if o.ContentType != "" {
		in.ResponseContentType = aws.String(o.ContentType)
	}
	req, err := s.presign.PresignGetObject(ctx, in, s3.WithPresignExpires(ttl))
	if err != nil {
		return "", translate("blob_link", err)
	}
	return req.URL, nil
}

// UploadLink presigns a PUT of the object whose Content-Type and Content-Length
// are signed headers: S3 refuses the upload when either differs. The object is
// encrypted at rest by the bucket's default encryption. The answer's headers are
// those a browser must set itself: the type (it sets the length from the body, and
// the host from the URL).
func (s *Store) UploadLink(ctx context.Context, key string, ttl time.Duration, u blob.Upload) (blob.Presigned, error) {
	if err := blob.CheckKey(key); err != nil {
		return blob.Presigned{}, err
	}
	if err := blob.CheckUpload(ttl, u); err != nil {
		return blob.Presigned{}, err
	}
	req, err := s.presign.PresignPutObject(ctx, &s3.PutObjectInput{Bucket: &s.bucket, Key: &key,
		ContentType: aws.String(u.ContentType), ContentLength: aws.Int64(u.Size)}, s3.WithPresignExpires(ttl))
	if err != nil {
		return blob.Presigned{}, translate("blob_upload_link", err)
	}
	headers := map[string]string{}
	for name, values := range req.SignedHeader {
		if n := http.CanonicalHeaderKey(name); n != "Host" && n != "Content-Length" && len(values) > 0 {
			headers[n] = values[0]
		}
	}
	end := time.Unix(s.now().Add(ttl).Unix(), 0).UTC()
	return blob.Presigned{URL: req.URL, Method: req.Method, Headers: headers, Expires: end}, nil
}

// translate maps S3's errors onto the error kinds: a missing key is NotFound,
// anything else Internal (the cause kept for the log).
func translate(code string, err error) error {
	if err == nil {
		return nil
	}
	var nsk *types.NoSuchKey
	var api smithy.APIError
	if errors.As(err, &nsk) || errors.As(err, &api) && (api.ErrorCode() == "NotFound" || api.ErrorCode() == "NoSuchKey") {
		return portal.E(portal.NotFound, "blob_not_found", "no such object")
	}
	return portal.Wrap(portal.Internal, code, err)
}
