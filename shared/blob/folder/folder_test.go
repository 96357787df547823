package folder_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/guichet/guichet/shared/blob"
	"github.com/guichet/guichet/shared/blob/blobtest"
	"github.com/guichet/guichet/shared/blob/folder"
)

func TestConformance(t *testing.T) {
	blobtest.Run(t, blobtest.Options{ChecksSignatures: true, New: func(t *testing.T, clock *blobtest.Clock) blob.Store {
		mux := http.NewServeMux()
		srv := httptest.NewServer(mux)
		t.Cleanup(srv.Close)
		s := folder.New(t.TempDir(), srv.URL, []byte("a secret of thirty-two bytes...."), clock.Now)
		mux.Handle(folder.Prefix, s)
		return s
	}})
}
