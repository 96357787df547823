package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/seed"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// TestDemoCatalogue: a dozen services in several categories, direct and
// marketplace, seats in the three terms, one for another offer and one retired,
// which the demo contract does not see; writing it twice changes nothing.
func TestDemoCatalogue(t *testing.T) {
	s := newStore(t, table.Options{})
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for range 2 {
		if err := seed.DemoCatalogueServices(ctx, s, now); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.Catalogue(ctx, store.CatalogueQuery{Retired: true, Limit: 60})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[portal.ServiceKind]int{}
	for _, c := range all.Items {
		kinds[c.Kind]++
	}
	if all.Total < 12 || len(all.Categories) < 5 || kinds[portal.ServiceDirect] < 4 || kinds[portal.ServiceMarketplace] < 6 {
		t.Errorf("%d services, %d categories, kinds %v", all.Total, len(all.Categories), kinds)
	}
	c := seed.DemoContract
	mine, _ := s.Catalogue(ctx, store.CatalogueQuery{Contract: &c, Limit: 60})
	if mine.Total != all.Total-2 {
		t.Errorf("the demo contract sees %d of %d", mine.Total, all.Total)
	}
	seats, err := s.CatalogueService(ctx, "office-basic")
	if err != nil || len(seats.Plans[0].Prices) != 3 || seats.Plans[0].PriceVersion != 1 || seats.Plans[0].Prices[0].Amount != 672 {
		t.Errorf("seats: %+v %v", seats.Plans, err)
	}
	if audit, _ := s.CatalogueService(ctx, "security-audit"); audit.LearnMoreHTML.EN == "" {
		t.Error("the learn-more page was not rendered")
	}
}
