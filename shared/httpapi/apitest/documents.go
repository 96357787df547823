package apitest

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"

	"github.com/guichet/guichet/shared/blob"
	"github.com/guichet/guichet/shared/blob/folder"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// Upload sends body through an upload link as a browser does, without a session,
// with typ as its Content-Type, and answers the status.
func (e *Env) Upload(link blob.Presigned, typ string, body []byte) int {
	e.T.Helper()
	if !strings.HasPrefix(link.URL, TestBaseURL+folder.Prefix) || link.Method != "PUT" {
		e.T.Fatalf("upload link %+v is not the local server's", link)
	}
	req := httptest.NewRequest(link.Method, strings.TrimPrefix(link.URL, TestBaseURL), bytes.NewReader(body))
	req.Header.Set("Content-Type", typ)
	rec := httptest.NewRecorder()
	e.Blobs.ServeHTTP(rec, req)
	return rec.Code
}

// Document attaches a document to a contract as a confirmed upload leaves it: its
// file in the blob store, the document in the table.
func (e *Env) Document(orgID, contractID, title string, category portal.DocumentCategory, date string, body []byte) portal.Document {
	e.T.Helper()
	ctx := context.Background()
	d := portal.Document{ID: portal.NewID(), OrgID: orgID, ContractID: contractID, Title: title, Category: category, Date: date,
		Filename: portal.SafeFilename(title, portal.DocumentTypes[0]), ContentType: "application/pdf", Size: int64(len(body)), Created: e.Clock.Now()}
	if err := e.Blobs.Put(ctx, d.BlobKey(), bytes.NewReader(body), blob.Meta{ContentType: d.ContentType}); err != nil {
		e.T.Fatal(err)
	}
	if err := e.Store.Table().Transact(ctx, store.StartDocumentUpload(d, e.Clock.Now().Add(1<<40))); err != nil {
		e.T.Fatal(err)
	}
	if err := e.Store.ConfirmDocument(ctx, d); err != nil {
		e.T.Fatal(err)
	}
	return d
}

// Console adds a console link to a contract.
func (e *Env) Console(orgID, contractID, name, url string) portal.Console {
	e.T.Helper()
	c, err := e.Store.SaveConsole(context.Background(), portal.Console{ID: portal.NewID(), OrgID: orgID, ContractID: contractID, Name: name, URL: url,
		Description: portal.Text{FR: "Console de " + name, EN: name + " console"}, Created: e.Clock.Now()})
	if err != nil {
		e.T.Fatal(err)
	}
	return c
}
