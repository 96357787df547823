package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/catalogue"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

func catalogueService(id, category, fr, en string, updated time.Time) portal.CatalogueService {
	return portal.CatalogueService{ID: id, Kind: portal.ServiceDirect, Name: portal.Text{FR: fr, EN: en},
		Summary: portal.Text{FR: "Résumé de " + fr, EN: "Summary of " + en}, Category: category,
		Form:    []portal.Field{{ID: "site", Type: portal.FieldText, Label: portal.Text{FR: "Site", EN: "Site"}}},
		Created: updated, Updated: updated}
}

func cardIDs(p store.CataloguePage) []string {
	var out []string
	for _, c := range p.Items {
		out = append(out, c.ID)
	}
	return out
}

// TestCatalogueList: search in both languages with accents folded, category filter
// with the counts of the other categories, sorts, pages, and who sees what.
func TestCatalogueList(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	services := []portal.CatalogueService{
		catalogueService("backup", "backup", "Sauvegarde gérée", "Managed backup", t0),
		catalogueService("storage", "storage", "Stockage supplémentaire", "Extra storage", t0.Add(time.Hour)),
		catalogueService("audit", "security", "Audit de sécurité", "Security audit", t0.Add(2*time.Hour)),
		catalogueService("vault", "backup", "Coffre d'archives", "Archive vault", t0.Add(3*time.Hour)),
	}
	services[3].Offers = []string{"Entreprise"}
	retired := catalogueService("old", "backup", "Ancienne sauvegarde", "Old backup", t0)
	retired.Retired = true
	services = append(services, retired)
	for _, svc := range services {
		if err := s.CreateCatalogueService(ctx, svc, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateCatalogueService(ctx, services[0], nil); !portal.Is(err, portal.Conflict) {
		t.Errorf("a second service of the same id: %v", err)
	}
	pro := &portal.Contract{ID: "c1", OrgID: "acme", Offer: "Pro"}
	ent := &portal.Contract{ID: "c2", OrgID: "acme", Offer: "Entreprise"}
	for _, c := range []struct {
		name string
		q    store.CatalogueQuery
		want []string
	}{
		{"pro, by French name", store.CatalogueQuery{Contract: pro, Lang: "fr", Limit: 10}, []string{"audit", "backup", "storage"}},
		{"pro, by English name", store.CatalogueQuery{Contract: pro, Lang: "en", Limit: 10}, []string{"storage", "backup", "audit"}},
		{"enterprise sees its offer", store.CatalogueQuery{Contract: ent, Lang: "en", Limit: 10}, []string{"vault", "storage", "backup", "audit"}},
		{"search folds accents (fr)", store.CatalogueQuery{Contract: pro, Search: "GEREE", Limit: 10}, []string{"backup"}},
		{"search in English", store.CatalogueQuery{Contract: pro, Search: "extra", Limit: 10}, []string{"storage"}},
		{"search the summary", store.CatalogueQuery{Contract: pro, Search: "summary of security", Limit: 10}, []string{"audit"}},
		{"category", store.CatalogueQuery{Contract: ent, Category: "backup", Lang: "en", Limit: 10}, []string{"vault", "backup"}},
		{"newest", store.CatalogueQuery{Contract: ent, Sort: store.SortNewest, Limit: 10}, []string{"vault", "audit", "storage", "backup"}},
		{"by category", store.CatalogueQuery{Contract: ent, Sort: store.SortCategory, Lang: "en", Limit: 10}, []string{"vault", "backup", "audit", "storage"}},
		{"page 2 of 2", store.CatalogueQuery{Contract: ent, Lang: "en", Page: 2, Limit: 3}, []string{"audit"}},
		{"beyond the last page", store.CatalogueQuery{Contract: ent, Page: 5, Limit: 3}, nil},
		{"back office, retired left out", store.CatalogueQuery{Lang: "en", Limit: 10}, []string{"vault", "storage", "backup", "audit"}},
		{"back office, retired in", store.CatalogueQuery{Retired: true, Lang: "en", Limit: 10}, []string{"vault", "storage", "backup", "old", "audit"}},
	} {
		got, err := s.Catalogue(ctx, c.q)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(cardIDs(got), c.want) {
			t.Errorf("%s: %v, want %v", c.name, cardIDs(got), c.want)
		}
	}
	p, _ := s.Catalogue(ctx, store.CatalogueQuery{Contract: ent, Category: "security", Limit: 1})
	if p.Total != 1 || p.Pages != 1 || len(p.Categories) != 3 || p.Categories[0].ID != "backup" || p.Categories[0].Count != 2 {
		t.Errorf("counts: %+v", p)
	}
}

// TestCatalogueServiceVersions: a save is conditioned on the version read, the card
// follows the service, and each price version stays readable after a change.
func TestCatalogueServiceVersions(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	svc := portal.CatalogueService{ID: "seats", Kind: portal.ServiceMarketplace, Name: portal.Text{FR: "Sièges", EN: "Seats"}, Category: "collaboration",
		Plans: []portal.Plan{{ID: "std", Name: portal.Text{FR: "Standard", EN: "Standard"}, Currency: "EUR", MinQuantity: 1, MaxQuantity: 10,
			Prices: []portal.Price{{Term: portal.TermMonthlyMonthly, Amount: 1000}}}}}
	if err := s.CreateCatalogueService(ctx, svc, catalogue.Reprice(nil, &svc, now)); err != nil {
		t.Fatal(err)
	}
	read, err := s.CatalogueService(ctx, "seats")
	if err != nil || read.Version != 1 || read.Plans[0].PriceVersion != 1 {
		t.Fatalf("%+v %v", read, err)
	}
	next := read
	next.Plans = slices.Clone(read.Plans)
	next.Plans[0].Prices = []portal.Price{{Term: portal.TermMonthlyMonthly, Amount: 1100}}
	if err := s.SaveCatalogueService(ctx, next, catalogue.Reprice(&read, &next, now.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveCatalogueService(ctx, read, nil); !portal.Is(err, portal.Conflict) {
		t.Errorf("a save from a stale read: %v", err)
	}
	for v, want := range map[int]int64{1: 1000, 2: 1100} {
		p, err := s.PriceSet(ctx, "seats", "std", v)
		if err != nil || p.Prices[0].Amount != want || p.Currency != "EUR" {
			t.Errorf("version %d: %+v %v", v, p, err)
		}
	}
	if _, err := s.PriceSet(ctx, "seats", "std", 3); portal.CodeOf(err) != "price_not_found" {
		t.Errorf("unknown version: %v", err)
	}
	page, _ := s.Catalogue(ctx, store.CatalogueQuery{Limit: 10})
	if len(page.Items) != 1 || page.Items[0].From == nil || page.Items[0].From.Amount != 1100 {
		t.Errorf("the card did not follow: %+v", page.Items)
	}
	if _, err := s.CatalogueService(ctx, "nope"); portal.CodeOf(err) != "catalogue_service_not_found" {
		t.Errorf("unknown service: %v", err)
	}
}

// TestCatalogueReadsInOneTrip: the list is one query whatever the catalogue's size
// up to a thousand services, and a service's page for a contract one GetMany.
func TestCatalogueReadsInOneTrip(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for i := range 120 {
		if err := s.CreateCatalogueService(ctx, catalogueService(fmt.Sprintf("svc%03d", i), "storage", "Service", "Service", now), nil); err != nil {
			t.Fatal(err)
		}
	}
	c := portal.Contract{ID: "c1", OrgID: "acme", Name: "C", Reference: "R", Start: "2026-01-01"}
	if err := s.CreateContract(ctx, c); err != nil {
		t.Fatal(err)
	}
	tctx, trips := table.WithTrips(ctx)
	page, err := s.Catalogue(tctx, store.CatalogueQuery{Contract: &c, Limit: 20})
	if err != nil || page.Total != 120 || len(page.Items) != 20 || page.Pages != 6 || trips.Count() != 1 {
		t.Errorf("%d items of %d in %d trips: %v", len(page.Items), page.Total, trips.Count(), err)
	}
	tctx, trips = table.WithTrips(ctx)
	k, _, svc, err := s.ServiceForContract(tctx, "acme", "c1", "someone", "svc007")
	if err != nil || k.ID != "c1" || svc.ID != "svc007" || trips.Count() != 1 {
		t.Errorf("%+v %+v in %d trips: %v", k, svc, trips.Count(), err)
	}
	if _, _, _, err := s.ServiceForContract(ctx, "acme", "c1", "someone", "nope"); portal.CodeOf(err) != "catalogue_service_not_found" {
		t.Errorf("unknown service: %v", err)
	}
	if _, _, _, err := s.ServiceForContract(ctx, "globex", "c1", "someone", "svc007"); !portal.Is(err, portal.NotFound) {
		t.Errorf("another organisation's contract: %v", err)
	}
}
