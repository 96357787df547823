package store

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// cardItem is a card as stored: with the folded text a search matches (both
// languages' names and summaries), made once when the service is saved rather
// than at every read.
type cardItem struct {
	portal.CatalogueCard
	Search string `json:"search"`
}

func catalogueOps(svc portal.CatalogueService, cond table.Cond, sets []portal.PriceSet, also []table.Op) []table.Op {
	k, ck := catalogueServiceKey(svc.ID), catalogueCardKey(svc.ID)
	card := svc.Card()
	search := SearchKey(strings.Join([]string{svc.Name.FR, svc.Name.EN, svc.Summary.FR, svc.Summary.EN}, "\n"))
	ops := []table.Op{
		table.Put(table.Item{PK: k.PK, SK: k.SK, Version: svc.Version, Data: encode(svc)}, cond),
		table.Put(table.Item{PK: ck.PK, SK: ck.SK, Version: svc.Version, Data: encode(cardItem{card, search})}, table.Cond{}),
	}
	for _, p := range sets {
		pk := priceSetKey(p.ServiceID, p.PlanID, p.Version)
		ops = append(ops, table.Put(table.Item{PK: pk.PK, SK: pk.SK, Version: 1, Data: encode(p)}, table.IfAbsent()))
	}
	return append(ops, also...)
}

// CreateCatalogueService adds a service to the catalogue with its card and the
// first version of its plans' prices, and whatever else must be written with it
// (the audit entry); Conflict when its id is taken.
func (s *Store) CreateCatalogueService(ctx context.Context, svc portal.CatalogueService, sets []portal.PriceSet, also ...table.Op) error {
	svc.Version = 1
	return s.t.Transact(ctx, catalogueOps(svc, table.IfAbsent(), sets, also)...)
}

// SaveCatalogueService writes a changed service and its card if nobody changed it
// since svc.Version was read (Conflict otherwise), with the new versions of the
// prices that changed: earlier versions stay, for the orders placed with them.
func (s *Store) SaveCatalogueService(ctx context.Context, svc portal.CatalogueService, sets []portal.PriceSet, also ...table.Op) error {
	prev := svc.Version
	svc.Version++
	return s.t.Transact(ctx, catalogueOps(svc, table.IfVersion(prev), sets, also)...)
}

var errCatalogueServiceNotFound = portal.E(portal.NotFound, "catalogue_service_not_found", "no such service in the catalogue")

// CatalogueService reads one service whole.
func (s *Store) CatalogueService(ctx context.Context, id string) (portal.CatalogueService, error) {
	svc, v, err := get[portal.CatalogueService](ctx, s.t, catalogueServiceKey(id))
	if portal.Is(err, portal.NotFound) {
		return svc, errCatalogueServiceNotFound
	}
	svc.Version = v
	return svc, err
}

// ServiceForContract reads, in one round trip, a contract of an organisation, a
// person's rights and one service of the catalogue, for the service's page as a
// customer sees it. A missing contract or service is NotFound.
func (s *Store) ServiceForContract(ctx context.Context, orgID, contractID, userID, serviceID string) (portal.Contract, UserRights, portal.CatalogueService, error) {
	ck, rk, sk := contractKey(orgID, contractID), rightsKey(orgID, userID), catalogueServiceKey(serviceID)
	items, err := s.t.GetMany(ctx, []table.Key{ck, rk, sk})
	var c portal.Contract
	var svc portal.CatalogueService
	r := UserRights{OrgID: orgID, UserID: userID}
	if err != nil {
		return c, r, svc, err
	}
	for _, it := range items {
		switch it.Key() {
		case ck:
			c, err = decode[portal.Contract](it)
			c.Version = it.Version
		case rk:
			r, err = decode[UserRights](it)
			r.Version = it.Version
		case sk:
			svc, err = decode[portal.CatalogueService](it)
			svc.Version = it.Version
		}
		if err != nil {
			return c, r, svc, err
		}
	}
	if c.ID == "" {
		return c, r, svc, errContractNotFound
	}
	if svc.ID == "" {
		return c, r, svc, errCatalogueServiceNotFound
	}
	return c, r, svc, nil
}

// PriceSet reads one version of a plan's prices, as an order placed with it
// recorded them.
func (s *Store) PriceSet(ctx context.Context, serviceID, planID string, version int) (portal.PriceSet, error) {
	p, _, err := get[portal.PriceSet](ctx, s.t, priceSetKey(serviceID, planID, version))
	if portal.Is(err, portal.NotFound) {
		return p, portal.E(portal.NotFound, "price_not_found", "no such price version")
	}
	return p, err
}

// The sorts of the catalogue's list.
const (
	SortName     = "name"
	SortCategory = "category"
	SortNewest   = "newest"
)

// CatalogueQuery is what a list of the catalogue asks for. Contract, when set,
// keeps the services open to it and leaves retired ones out (a customer's view);
// nil lists every service (the back office's), retired ones only with Retired.
type CatalogueQuery struct {
	Contract *portal.Contract
	Retired  bool
	// Search is matched, folded, against both languages' names and summaries.
	Search   string
	Category string
	// Sort is SortName (in Lang, the default), SortCategory or SortNewest.
	Sort  string
	Lang  string
	Page  int
	Limit int
}

// CategoryCount is how many services of the list (before its category filter)
// are in a category, for the filter's choices.
type CategoryCount struct {
	ID    string      `json:"id"`
	Name  portal.Text `json:"name"`
	Count int         `json:"count"`
}

// CataloguePage is one page of the catalogue's list: Page counts from 1, Pages is
// how many there are for the same query.
type CataloguePage struct {
	Items      []portal.CatalogueCard `json:"items"`
	Total      int                    `json:"total"`
	Page       int                    `json:"page"`
	Pages      int                    `json:"pages"`
	Categories []CategoryCount        `json:"categories"`
}

// Catalogue answers one page of the catalogue's list in one round trip: the cards
// of the whole catalogue are read in one query (a few dozen small items; beyond a
// thousand, one more trip per thousand), then filtered, sorted and cut here. Pages
// are numbers rather than cursors: the list is the vendor's, the same for everyone
// it is open to, so a page number reveals nothing, and people can jump to a page.
func (s *Store) Catalogue(ctx context.Context, q CatalogueQuery) (CataloguePage, error) {
	var cards []cardItem
	tq := table.Query{PK: cataloguePartition, Prefix: catalogueCardPrefix, Limit: table.MaxLimit}
	for {
		page, err := s.t.Query(ctx, tq)
		if err != nil {
			return CataloguePage{}, err
		}
		for _, it := range page.Items {
			c, err := decode[cardItem](it)
			if err != nil {
				return CataloguePage{}, err
			}
			cards = append(cards, c)
		}
		if tq.Cursor = page.Next; tq.Cursor == "" {
			break
		}
	}
	return browse(cards, q), nil
}

// browse filters, counts, sorts and cuts the cards as q asks.
func browse(cards []cardItem, q CatalogueQuery) CataloguePage {
	search := SearchKey(q.Search)
	counts := map[string]int{}
	var kept []cardItem
	for _, c := range cards {
		if q.Contract != nil && (c.Retired || !c.OpenTo(*q.Contract)) || q.Contract == nil && c.Retired && !q.Retired {
			continue
		}
		if search != "" && !strings.Contains(c.Search, search) {
			continue
		}
		counts[c.Category]++
		if q.Category != "" && c.Category != q.Category {
			continue
		}
		kept = append(kept, c)
	}
	name := func(c cardItem) string { return SearchKey(c.Name.In(q.Lang)) }
	slices.SortFunc(kept, func(a, b cardItem) int {
		switch q.Sort {
		case SortNewest:
			if d := b.Updated.Compare(a.Updated); d != 0 {
				return d
			}
		case SortCategory:
			ca, _ := portal.CategoryName(a.Category)
			cb, _ := portal.CategoryName(b.Category)
			if d := cmp.Compare(SearchKey(ca.In(q.Lang)), SearchKey(cb.In(q.Lang))); d != 0 {
				return d
			}
		}
		return cmp.Or(cmp.Compare(name(a), name(b)), cmp.Compare(a.ID, b.ID))
	})
	out := CataloguePage{Total: len(kept), Page: max(q.Page, 1), Items: []portal.CatalogueCard{}, Categories: []CategoryCount{}}
	limit := max(q.Limit, 1)
	out.Pages = (len(kept) + limit - 1) / limit
	for i := (out.Page - 1) * limit; i < len(kept) && i < out.Page*limit; i++ {
		out.Items = append(out.Items, kept[i].CatalogueCard)
	}
	for _, c := range portal.Categories {
		if n := counts[c.ID]; n > 0 {
			out.Categories = append(out.Categories, CategoryCount{ID: c.ID, Name: c.Name, Count: n})
		}
	}
	return out
}
