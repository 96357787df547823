package catalogue

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"path"
	"slices"
	"strconv"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/blob"
	"github.com/guichet/guichet/shared/catalogue"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
)

// operator returns the principal when it may keep the catalogue: operators acting
// as such, never a customer nor an operator logged in as one.
func operator(r *http.Request) (portal.Principal, error) {
	return httpapi.Allow(r, auth.ActCatalogManage, func(portal.Principal) auth.Resource { return auth.Resource{} })
}

// listServices answers one page of the whole catalogue for operators, retired
// services too with ?retired=1.
func (d *deps) listServices(w http.ResponseWriter, r *http.Request) error {
	if _, err := operator(r); err != nil {
		return err
	}
	q, err := listQuery(r)
	if err != nil {
		return err
	}
	q.Retired = r.URL.Query().Get("retired") == "1"
	page, err := d.Store.Catalogue(r.Context(), q)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, page)
}

func (d *deps) getService(w http.ResponseWriter, r *http.Request) error {
	if _, err := operator(r); err != nil {
		return err
	}
	svc, err := d.service(r.Context(), r)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, svc)
}

// service reads the service the path names.
func (d *deps) service(ctx context.Context, r *http.Request) (portal.CatalogueService, error) {
	id, err := httpapi.PathID(r, "id")
	if err != nil {
		return portal.CatalogueService{}, errNoService
	}
	return d.Store.CatalogueService(ctx, id)
}

// planBody is a plan as operators send it. CancelDays is a pointer so that a plan
// sent without it gets the default window.
type planBody struct {
	ID          string         `json:"id"`
	Name        portal.Text    `json:"name"`
	Summary     portal.Text    `json:"summary"`
	Unit        portal.Text    `json:"unit"`
	Currency    string         `json:"currency"`
	Prices      []portal.Price `json:"prices"`
	MinQuantity int            `json:"minQuantity"`
	MaxQuantity int            `json:"maxQuantity"`
	CancelDays  *int           `json:"cancelDays"`
	Params      []portal.Field `json:"params"`
}

// serviceBody is a service as operators send it; Version is the version read, for
// updates. Price versions, the logo and retirement are not the body's: the server
// keeps them.
type serviceBody struct {
	Kind      portal.ServiceKind   `json:"kind"`
	Name      portal.Text          `json:"name"`
	Summary   portal.Text          `json:"summary"`
	Category  string               `json:"category"`
	LearnMore portal.Text          `json:"learnMore"`
	Offers    []string             `json:"offers"`
	Contracts []portal.ContractRef `json:"contracts"`
	Form      []portal.Field       `json:"form"`
	Plans     []planBody           `json:"plans"`
	Version   int64                `json:"version"`
}

// apply copies the body onto svc and checks the result.
func (b serviceBody) apply(f *portal.Fields, svc *portal.CatalogueService) {
	svc.Kind, svc.Name, svc.Summary, svc.Category, svc.LearnMore = b.Kind, b.Name, b.Summary, b.Category, b.LearnMore
	svc.Offers, svc.Contracts, svc.Form, svc.Plans = b.Offers, b.Contracts, b.Form, nil
	for _, p := range b.Plans {
		days := portal.DefaultCancelDays
		if p.CancelDays != nil {
			days = *p.CancelDays
		}
		svc.Plans = append(svc.Plans, portal.Plan{ID: p.ID, Name: p.Name, Summary: p.Summary, Unit: p.Unit, Currency: p.Currency,
			Prices: p.Prices, MinQuantity: p.MinQuantity, MaxQuantity: p.MaxQuantity, CancelDays: days, Params: p.Params})
	}
	catalogue.Check(f, svc)
}

func target(id string) string { return "service:" + id }

// auditPlan and auditService are what the audit log keeps of a service: what
// operators decide (its name, kind, category, who may order it, retirement, the
// plans' prices and their versions), not its pages and forms, which would fill
// the log with text.
type auditPlan struct {
	ID           string         `json:"id"`
	Currency     string         `json:"currency"`
	Prices       []portal.Price `json:"prices"`
	PriceVersion int            `json:"priceVersion"`
}

type auditService struct {
	Name      portal.Text          `json:"name"`
	Kind      portal.ServiceKind   `json:"kind"`
	Category  string               `json:"category"`
	Offers    []string             `json:"offers,omitempty"`
	Contracts []portal.ContractRef `json:"contracts,omitempty"`
	Fields    int                  `json:"fields,omitempty"`
	Plans     []auditPlan          `json:"plans,omitempty"`
	Logo      bool                 `json:"logo,omitempty"`
	Retired   bool                 `json:"retired,omitempty"`
}

func auditOf(s *portal.CatalogueService) any {
	if s == nil {
		return nil
	}
	a := auditService{Name: s.Name, Kind: s.Kind, Category: s.Category, Offers: s.Offers, Contracts: s.Contracts, Fields: len(s.Form),
		Logo: s.Logo != nil, Retired: s.Retired}
	for _, p := range s.Plans {
		a.Plans = append(a.Plans, auditPlan{ID: p.ID, Currency: p.Currency, Prices: p.Prices, PriceVersion: p.PriceVersion})
	}
	return a
}

// save writes a service changed from before (nil for a new one) with its new price
// versions and its audit entry, and answers it.
func (d *deps) save(w http.ResponseWriter, r *http.Request, action string, before *portal.CatalogueService, svc portal.CatalogueService) error {
	now := d.Time().UTC()
	svc.Updated = now
	sets := catalogue.Reprice(before, &svc, now)
	entry := d.Audit(r.Context(), portal.VendorOrg, action, target(svc.ID), auditOf(before), auditOf(&svc))
	if before == nil {
		svc.Created = now
		if err := d.Store.CreateCatalogueService(r.Context(), svc, sets, entry); err != nil {
			return err
		}
		svc.Version = 1
		return httpapi.Created(w, svc)
	}
	err := d.Store.SaveCatalogueService(r.Context(), svc, sets, entry)
	if portal.Is(err, portal.Conflict) {
		return portal.Wrap(portal.Conflict, "version_conflict", err)
	}
	if err != nil {
		return err
	}
	svc.Version++
	return httpapi.Reply(w, svc)
}

func (d *deps) createService(w http.ResponseWriter, r *http.Request) error {
	if _, err := operator(r); err != nil {
		return err
	}
	var in serviceBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	svc := portal.CatalogueService{ID: portal.NewID()}
	var f portal.Fields
	in.apply(&f, &svc)
	if err := f.Err(); err != nil {
		return err
	}
	return d.save(w, r, "catalogue.create", nil, svc)
}

// readForChange reads the service the path names and checks the version the
// client read: Version is required, and another one is 409 version_conflict.
func (d *deps) readForChange(r *http.Request, version int64, f *portal.Fields) (portal.CatalogueService, error) {
	if version < 1 {
		f.Add("version", "required")
	}
	if err := f.Err(); err != nil {
		return portal.CatalogueService{}, err
	}
	before, err := d.service(r.Context(), r)
	if err != nil {
		return before, err
	}
	if version != before.Version {
		return before, portal.E(portal.Conflict, "version_conflict", "the service changed since it was read")
	}
	return before, nil
}

// updateService replaces a service's definition. Plans whose prices changed take a
// new price version (orders already placed keep theirs); the kind cannot change,
// since orders are placed by the kind they were made for.
func (d *deps) updateService(w http.ResponseWriter, r *http.Request) error {
	if _, err := operator(r); err != nil {
		return err
	}
	var in serviceBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	var f portal.Fields
	if in.Version < 1 {
		f.Add("version", "required")
	}
	before, err := d.service(r.Context(), r)
	if err != nil {
		return err
	}
	svc := before
	in.apply(&f, &svc)
	if in.Kind != "" && in.Kind != before.Kind {
		f.Add("kind", "not_allowed")
	}
	if err := f.Err(); err != nil {
		return err
	}
	if in.Version != before.Version {
		return portal.E(portal.Conflict, "version_conflict", "the service changed since it was read")
	}
	return d.save(w, r, "catalogue.update", &before, svc)
}

// versionBody is the body of the actions that change one thing of a service.
type versionBody struct {
	Version int64 `json:"version"`
}

// retireService takes a service out of the catalogue for new orders; orders
// already placed are unaffected, and the service stays in the back office.
// Retiring a retired service changes nothing.
func (d *deps) retireService(w http.ResponseWriter, r *http.Request) error {
	if _, err := operator(r); err != nil {
		return err
	}
	var in versionBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	var f portal.Fields
	before, err := d.readForChange(r, in.Version, &f)
	if err != nil {
		return err
	}
	if before.Retired {
		return httpapi.Reply(w, before)
	}
	svc := before
	svc.Retired = true
	return d.save(w, r, "catalogue.retire", &before, svc)
}

// pricesBody is a plan's new prices.
type pricesBody struct {
	Currency string         `json:"currency"`
	Prices   []portal.Price `json:"prices"`
	Version  int64          `json:"version"`
}

// setPrices changes one plan's prices: they apply to new orders only, as a new
// price version; the earlier versions stay readable for the orders placed with
// them.
func (d *deps) setPrices(w http.ResponseWriter, r *http.Request) error {
	if _, err := operator(r); err != nil {
		return err
	}
	var in pricesBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	var f portal.Fields
	before, err := d.readForChange(r, in.Version, &f)
	if err != nil {
		return err
	}
	plan := r.PathValue("plan")
	i := slices.IndexFunc(before.Plans, func(p portal.Plan) bool { return p.ID == plan })
	if i < 0 {
		return portal.E(portal.NotFound, "plan_not_found", "no such plan")
	}
	svc := before
	svc.Plans = slices.Clone(before.Plans)
	svc.Plans[i].Currency, svc.Plans[i].Prices = in.Currency, in.Prices
	catalogue.Check(&f, &svc)
	if err := renamePlanFields(f, i).Err(); err != nil {
		return err
	}
	return d.save(w, r, "catalogue.prices", &before, svc)
}

// renamePlanFields names the field errors of plan i as the prices body does
// ("prices.0.amount" rather than "plans.2.prices.0.amount").
func renamePlanFields(f portal.Fields, i int) portal.Fields {
	prefix := "plans." + strconv.Itoa(i) + "."
	out := make(portal.Fields, len(f))
	for j, fe := range f {
		if len(fe.Field) > len(prefix) && fe.Field[:len(prefix)] == prefix {
			fe.Field = fe.Field[len(prefix):]
		}
		out[j] = fe
	}
	return out
}

// logoBody is a logo as operators send it: the image's bytes in base64, whatever
// type they claim, since the server looks at the bytes.
type logoBody struct {
	Data    string `json:"data"`
	Version int64  `json:"version"`
}

// logoPrefix is where logos are kept in the blob store.
const logoPrefix = "catalogue/logos/"

// putLogo gives a service a new logo: a PNG, JPEG or WebP image of at most 256 KB
// (catalogue.LogoType), kept under a name made of its hash, so that browsers may
// keep it for good. The previous image is removed once the service no longer
// names it.
func (d *deps) putLogo(w http.ResponseWriter, r *http.Request) error {
	if _, err := operator(r); err != nil {
		return err
	}
	var in logoBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	var f portal.Fields
	raw, err := base64.StdEncoding.DecodeString(in.Data)
	var ctype string
	switch {
	case in.Data == "":
		f.Add("data", "required")
	case err != nil:
		f.Add("data", "format")
	default:
		var code string
		if ctype, code = catalogue.LogoType(raw); code != "" {
			f.Add("data", code)
		}
	}
	before, err := d.readForChange(r, in.Version, &f)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(raw)
	name := before.ID + "-" + hex.EncodeToString(sum[:8]) + "." + catalogue.LogoExt(ctype)
	if err := d.Blobs.Put(r.Context(), logoPrefix+name, bytes.NewReader(raw), blob.Meta{ContentType: ctype}); err != nil {
		return err
	}
	svc := before
	svc.Logo = &portal.Logo{Key: name, ContentType: ctype, Size: len(raw)}
	if err := d.save(w, r, "catalogue.logo", &before, svc); err != nil {
		return err
	}
	d.dropLogo(r.Context(), before.Logo, name)
	return nil
}

// deleteLogo removes a service's logo.
func (d *deps) deleteLogo(w http.ResponseWriter, r *http.Request) error {
	if _, err := operator(r); err != nil {
		return err
	}
	before, err := d.service(r.Context(), r)
	if err != nil {
		return err
	}
	if before.Logo == nil {
		return httpapi.Reply(w, before)
	}
	svc := before
	svc.Logo = nil
	if err := d.save(w, r, "catalogue.logo", &before, svc); err != nil {
		return err
	}
	d.dropLogo(r.Context(), before.Logo, "")
	return nil
}

// dropLogo removes a logo the service no longer names. A failure leaves a file
// nothing names, which costs a few kilobytes: it is logged, not reported.
func (d *deps) dropLogo(ctx context.Context, old *portal.Logo, kept string) {
	if old == nil || old.Key == kept {
		return
	}
	if err := d.Blobs.Delete(ctx, logoPrefix+old.Key); err != nil {
		httpapi.Logger(ctx).Warn("old logo not removed", "key", old.Key, "error", err.Error())
	}
}

// getLogo serves a logo to anyone signed in (logos are no secret, but the portal
// serves nothing to strangers). Its name holds its hash, so it is kept for good;
// it is sent as the image type its bytes showed at upload, never sniffed by the
// browser, and sandboxed should it ever be opened as a document.
func (d *deps) getLogo(w http.ResponseWriter, r *http.Request) error {
	if _, err := httpapi.Principal(r); err != nil {
		return err
	}
	name, err := httpapi.PathID(r, "name")
	if err != nil || logoTypes[path.Ext(name)] == "" {
		return errNoLogo
	}
	body, info, err := d.Blobs.Get(r.Context(), logoPrefix+name)
	if portal.Is(err, portal.NotFound) {
		return errNoLogo
	}
	if err != nil {
		return err
	}
	defer body.Close()
	ctype := logoTypes[path.Ext(name)]
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.FormatInt(info.Size, 10))
	h.Set("Cache-Control", "private, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.WriteHeader(http.StatusOK)
	_, err = io.Copy(w, body)
	if err != nil {
		httpapi.Logger(r.Context()).Warn("logo not sent whole", "error", err.Error())
	}
	return nil
}

var errNoLogo = portal.E(portal.NotFound, "logo_not_found", "no such logo")

// logoTypes are the media types of the logos' names' extensions
// (catalogue.LogoExt).
var logoTypes = map[string]string{".png": "image/png", ".jpeg": "image/jpeg", ".webp": "image/webp"}
