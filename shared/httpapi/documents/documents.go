// Package documents is the area of a contract's documents and console links:
// operators attach documents (uploaded straight to the blob store through a
// presigned link, then checked by their content) and set the links to the
// contract's technical consoles; customers list and download the documents when
// they hold Visitor on the contract's Documents section, and open the consoles when
// they may see the contract's sheet (consoles.go).
package documents

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"time"

	"github.com/guichet/guichet/shared/blob"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// backOffice is the prefix of the operators' routes about one contract.
const backOffice = "/api/v1/backoffice/organisations/{orgId}/contracts/{id}"

// Documents is the area's feature, served by functions/documents.
var Documents = httpapi.Feature{Name: "documents", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	rt.Handle("GET /api/v1/contracts/{id}/documents", d.listDocuments)
	rt.Handle("GET /api/v1/contracts/{id}/documents/{docId}/download", d.downloadDocument)
	rt.Handle("GET /api/v1/contracts/{id}/consoles", d.listConsoles)
	rt.Handle("GET "+backOffice+"/documents", d.operatorDocuments)
	rt.Handle("POST "+backOffice+"/documents", d.startUpload)
	rt.Handle("POST "+backOffice+"/documents/{docId}/confirm", d.confirmUpload)
	rt.Handle("GET "+backOffice+"/documents/{docId}/download", d.operatorDownload)
	rt.Handle("DELETE "+backOffice+"/documents/{docId}", d.deleteDocument)
	rt.Handle("GET "+backOffice+"/consoles", d.operatorConsoles)
	rt.Handle("POST "+backOffice+"/consoles", d.createConsole)
	rt.Handle("PUT "+backOffice+"/consoles/{consoleId}", d.updateConsole)
	rt.Handle("DELETE "+backOffice+"/consoles/{consoleId}", d.deleteConsole)
}}

// deps are the platform's dependencies, on which the area's handlers are methods.
type deps struct{ *httpapi.Deps }

// The lifetimes of the area's links and uploads.
const (
	// downloadTTL is how long a download link works: the person follows it at once.
	downloadTTL = 5 * time.Minute
	// uploadTTL is how long an upload link works: 20 MB over a slow line.
	uploadTTL = blob.MaxLinkTTL
	// uploadKeep is how long an upload waits for its confirmation.
	uploadKeep = time.Hour
)

// operatorContract returns the operator and the customer's contract the path
// names; write asks for the right to change things.
func (d *deps) operatorContract(r *http.Request, write bool) (portal.Principal, portal.Contract, error) {
	p, err := httpapi.Operator(r, write)
	if err != nil {
		return p, portal.Contract{}, err
	}
	orgID, err := httpapi.PathID(r, "orgId")
	if err == nil && !portal.IsCustomerOrg(orgID) {
		err = portal.E(portal.NotFound, "organisation_not_found", "no such organisation")
	}
	if err != nil {
		return p, portal.Contract{}, err
	}
	id, err := httpapi.PathID(r, "id")
	if err != nil {
		return p, portal.Contract{}, err
	}
	c, err := d.Store.Contract(r.Context(), orgID, id)
	return p, c, err
}

// documentsPage reads ?category=, ?limit= and ?cursor= and answers that page of the
// contract's documents, newest first.
func (d *deps) documentsPage(w http.ResponseWriter, r *http.Request, c portal.Contract, forCustomer bool) error {
	q := r.URL.Query()
	category := portal.DocumentCategory(q.Get("category"))
	if category != "" && !category.Valid() {
		return &portal.Error{Kind: portal.Invalid, Code: "invalid_fields", Fields: []portal.FieldError{{Field: "category", Code: "format"}}}
	}
	limit, cursor, err := httpapi.PageParams(q, 20, 100)
	if err != nil {
		return err
	}
	items, next, err := d.Store.DocumentsPage(r.Context(), c.OrgID, c.ID, category, limit, cursor)
	if err != nil {
		return err
	}
	if forCustomer {
		for i := range items {
			items[i].CreatedBy = "" // the vendor's staff are not named to customers
		}
	}
	return httpapi.Reply(w, httpapi.Page[portal.Document]{Items: items, Next: next})
}

// listDocuments answers a page of a contract's documents to whoever holds Visitor
// on its Documents section, in three round trips.
func (d *deps) listDocuments(w http.ResponseWriter, r *http.Request) error {
	_, c, err := d.CustomerContract(r, portal.SectionDocuments)
	if err != nil {
		return err
	}
	return d.documentsPage(w, r, c, true)
}

// operatorDocuments answers a page of a contract's documents to operators.
func (d *deps) operatorDocuments(w http.ResponseWriter, r *http.Request) error {
	_, c, err := d.operatorContract(r, false)
	if err != nil {
		return err
	}
	return d.documentsPage(w, r, c, false)
}

// downloadLink is a document's download link.
type downloadLink struct {
	URL     string    `json:"url"`
	Expires time.Time `json:"expires"`
}

// download answers a link that downloads the document of the path for 5 minutes,
// as its cleaned filename and its checked type.
func (d *deps) download(w http.ResponseWriter, r *http.Request, c portal.Contract) error {
	id, err := httpapi.PathID(r, "docId")
	if err != nil {
		return err
	}
	doc, err := d.Store.Document(r.Context(), c.OrgID, c.ID, id)
	if err != nil {
		return err
	}
	link, err := d.Blobs.Link(r.Context(), doc.BlobKey(), downloadTTL, blob.Meta{ContentType: doc.ContentType, Filename: doc.Filename})
	if err != nil {
		return err
	}
	return httpapi.Reply(w, downloadLink{URL: link, Expires: d.Time().Add(downloadTTL).UTC().Truncate(time.Second)})
}

func (d *deps) downloadDocument(w http.ResponseWriter, r *http.Request) error {
	_, c, err := d.CustomerContract(r, portal.SectionDocuments)
	if err != nil {
		return err
	}
	return d.download(w, r, c)
}

func (d *deps) operatorDownload(w http.ResponseWriter, r *http.Request) error {
	_, c, err := d.operatorContract(r, false)
	if err != nil {
		return err
	}
	return d.download(w, r, c)
}

// uploadForm is what an operator declares of a document before sending its file.
type uploadForm struct {
	Title       string `json:"title"`
	Category    string `json:"category"`
	Date        string `json:"date"`
	Filename    string `json:"filename"`
	Size        int64  `json:"size"`
	ContentType string `json:"contentType"`
}

// maxFilename bounds the name of the file an operator sends, as given.
const maxFilename = 255

func (in uploadForm) check(f *portal.Fields) (portal.Document, portal.DocumentType) {
	doc := portal.Document{
		Title:    httpapi.TextField(f, "title", in.Title, httpapi.MaxLineLen, true),
		Category: portal.DocumentCategory(in.Category),
		Date:     in.Date,
		Size:     in.Size,
	}
	if in.Category == "" {
		f.Add("category", "required")
	} else if !doc.Category.Valid() {
		f.Add("category", "format")
	}
	if in.Date == "" {
		f.Add("date", "required")
	} else if _, err := time.Parse(httpapi.DateLayout, in.Date); err != nil {
		f.Add("date", "date")
	}
	name := httpapi.TextField(f, "filename", in.Filename, maxFilename, true)
	switch {
	case in.Size <= 0:
		f.Add("size", "required")
	case in.Size > portal.MaxDocumentBytes:
		f.Add("size", "document_too_large")
	}
	t, ok := portal.DocumentTypeOf(in.ContentType)
	if !ok {
		f.Add("contentType", "document_type")
	}
	doc.ContentType, doc.Filename = t.MediaType, portal.SafeFilename(name, t)
	return doc, t
}

// uploadView is an upload an operator asked for: the document it will become and
// the request that sends its file.
type uploadView struct {
	Document portal.Document `json:"document"`
	Upload   blob.Presigned  `json:"upload"`
}

// startUpload keeps the document an operator declares, unseen until confirmed,
// and answers the presigned request that sends its file straight to the blob store:
// the declared size and type are bound in its signature.
func (d *deps) startUpload(w http.ResponseWriter, r *http.Request) error {
	var in uploadForm
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	p, c, err := d.operatorContract(r, true)
	if err != nil {
		return err
	}
	var f portal.Fields
	doc, _ := in.check(&f)
	if err := f.Err(); err != nil {
		return err
	}
	doc.ID, doc.OrgID, doc.ContractID, doc.Created, doc.CreatedBy = portal.NewID(), c.OrgID, c.ID, d.Time().UTC(), p.UserID
	link, err := d.Blobs.UploadLink(r.Context(), doc.BlobKey(), uploadTTL, blob.Upload{ContentType: doc.ContentType, Size: doc.Size})
	if err != nil {
		return err
	}
	if err := d.Store.Table().Transact(r.Context(), store.StartDocumentUpload(doc, d.Time().Add(uploadKeep))); err != nil {
		return err
	}
	return httpapi.Created(w, uploadView{Document: doc, Upload: link})
}

var (
	errNotUploaded = portal.E(portal.Conflict, "document_not_uploaded", "the file has not been sent yet")
	errMismatch    = portal.E(portal.Invalid, "document_content_mismatch", "the file is not what it was declared to be")
)

// confirmUpload publishes a document once its file is in the blob store and is
// what it was declared to be: its size, and its type as its bytes tell it (never
// its name). A file that is not is deleted with its upload, and refused.
func (d *deps) confirmUpload(w http.ResponseWriter, r *http.Request) error {
	_, c, err := d.operatorContract(r, true)
	if err != nil {
		return err
	}
	id, err := httpapi.PathID(r, "docId")
	if err != nil {
		return err
	}
	ctx := r.Context()
	doc, err := d.Store.DocumentUpload(ctx, c.OrgID, c.ID, id)
	if err != nil {
		return err
	}
	ok, err := d.checkFile(ctx, doc)
	if err != nil {
		return err
	}
	if !ok {
		if err := d.Blobs.Delete(ctx, doc.BlobKey()); err != nil {
			return err
		}
		if err := d.Store.DropDocumentUpload(ctx, c.OrgID, c.ID, id); err != nil {
			return err
		}
		return errMismatch
	}
	err = d.Store.ConfirmDocument(ctx, doc, d.Audit(ctx, c.OrgID, "document.add", "contract:"+c.ID, nil, auditDocument(doc)))
	if portal.Is(err, portal.Conflict) {
		return portal.E(portal.NotFound, "upload_not_found", "the upload was confirmed or given up meanwhile")
	}
	if err != nil {
		return err
	}
	return httpapi.Created(w, doc)
}

// checkFile reads the uploaded file (at most its declared size and one byte) and
// reports whether it is what the upload declared: its size, its stored type, and
// its type as sniffed from its content. A file not sent yet is a Conflict.
func (d *deps) checkFile(ctx context.Context, doc portal.Document) (bool, error) {
	body, info, err := d.Blobs.Get(ctx, doc.BlobKey())
	if portal.Is(err, portal.NotFound) {
		return false, errNotUploaded
	}
	if err != nil {
		return false, err
	}
	defer body.Close()
	if info.Size != doc.Size {
		return false, nil
	}
	if t, ok := portal.DocumentTypeOf(info.ContentType); !ok || t.MediaType != doc.ContentType {
		return false, nil
	}
	raw, err := io.ReadAll(io.LimitReader(body, doc.Size+1))
	if err != nil {
		return false, portal.Wrap(portal.Internal, "blob_get", err)
	}
	if int64(len(raw)) != doc.Size {
		return false, nil
	}
	t, ok := portal.SniffDocument(bytes.NewReader(raw), int64(len(raw)))
	return ok && t.MediaType == doc.ContentType, nil
}

// auditedDocument is what the audit log keeps of a document.
type auditedDocument struct {
	Title    string                  `json:"title"`
	Category portal.DocumentCategory `json:"category"`
	Date     string                  `json:"date"`
	Filename string                  `json:"filename"`
}

func auditDocument(doc portal.Document) auditedDocument {
	return auditedDocument{Title: doc.Title, Category: doc.Category, Date: doc.Date, Filename: doc.Filename}
}

// deleteDocument removes a document and its file, audited; on an upload not
// confirmed yet, it gives the upload up (nothing was published, nothing is
// audited). The entry goes first: a file left behind by a failure is unreachable,
// never a listed document without its file.
func (d *deps) deleteDocument(w http.ResponseWriter, r *http.Request) error {
	_, c, err := d.operatorContract(r, true)
	if err != nil {
		return err
	}
	id, err := httpapi.PathID(r, "docId")
	if err != nil {
		return err
	}
	ctx := r.Context()
	doc, err := d.Store.Document(ctx, c.OrgID, c.ID, id)
	switch {
	case err == nil:
		err = d.Store.DeleteDocument(ctx, doc, d.Audit(ctx, c.OrgID, "document.delete", "contract:"+c.ID, auditDocument(doc), nil))
	case portal.Is(err, portal.NotFound):
		doc, err = d.Store.DocumentUpload(ctx, c.OrgID, c.ID, id)
		if err == nil {
			err = d.Store.DropDocumentUpload(ctx, c.OrgID, c.ID, id)
		} else if portal.Is(err, portal.NotFound) {
			err = portal.E(portal.NotFound, "document_not_found", "no such document")
		}
	}
	if err != nil {
		return err
	}
	if err := d.Blobs.Delete(ctx, doc.BlobKey()); err != nil {
		httpapi.Logger(ctx).Warn("document file not deleted", "key", doc.BlobKey(), "error", err.Error())
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
