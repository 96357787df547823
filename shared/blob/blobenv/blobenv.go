// Package blobenv opens the blob store the configuration names. It is apart from
// the app package so that only the programs that keep or hand out files link the S3
// client: the audit, orgusers and work functions, and the local binary.
package blobenv

import (
	"path/filepath"

	"github.com/guichet/guichet/shared/blob"
	"github.com/guichet/guichet/shared/blob/folder"
	"github.com/guichet/guichet/shared/blob/s3blob"
	"github.com/guichet/guichet/shared/config"
)

// Open returns the configured store: the bucket of GUICHET_BUCKET with GUICHET_BLOB=s3,
// otherwise the folder "blobs" of the data directory, whose links, signed with
// secret, the local binary serves under folder.Prefix. It makes no network call.
func Open(cfg config.Config, secret []byte) (blob.Store, error) {
	if cfg.Blob == "s3" {
		client, err := s3blob.NewClient(cfg.S3Endpoint, cfg.Region)
		if err != nil {
			return nil, err
		}
		return s3blob.New(client, cfg.Bucket, nil), nil
	}
	return folder.New(filepath.Join(cfg.DataDir, "blobs"), cfg.BaseURL, secret, nil), nil
}
