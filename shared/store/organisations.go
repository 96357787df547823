package store

import (
	"context"
	"strings"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

func orgItem(o portal.Organisation) table.Item {
	k := orgKey(o.ID)
	return table.Item{PK: k.PK, SK: k.SK, GSI1PK: orgsIndex, GSI1SK: strings.ToLower(o.Name) + "#" + o.ID, Version: o.Version, Data: encode(o)}
}

// CreateOrganisation adds an organisation; Conflict when its id is taken.
func (s *Store) CreateOrganisation(ctx context.Context, o portal.Organisation, also ...table.Op) error {
	o.Version = 1
	return s.t.Transact(ctx, append([]table.Op{table.Put(orgItem(o), table.IfAbsent())}, also...)...)
}

// Organisation reads one organisation.
func (s *Store) Organisation(ctx context.Context, id string) (portal.Organisation, error) {
	o, v, err := get[portal.Organisation](ctx, s.t, orgKey(id))
	o.Version = v
	return o, err
}

// nonCustomerEntries counts the index's entries that are no customer's: the
// vendor's own organisation and the holding partition (portal.IsCustomerOrg).
const nonCustomerEntries = 2

// OrganisationsPage is one page of the customer organisations by name, those whose
// name starts with search (lower-cased, as the index holds it) when it is set, and
// the cursor of the next page ("" at the end). It reads the index once: the page
// asks for as many more entries as there are non-customer ones, so skipping them
// never leaves it short.
func (s *Store) OrganisationsPage(ctx context.Context, search string, limit int, cursor string) ([]portal.Organisation, string, error) {
	q := table.Query{Index: table.GSI1, PK: orgsIndex, Prefix: strings.ToLower(search), Cursor: cursor}
	out := make([]portal.Organisation, 0, limit)
	_, next, err := s.filteredPage(ctx, q, limit, limit+nonCustomerEntries, 1, func(it table.Item) (bool, error) {
		if !portal.IsCustomerOrg(strings.TrimPrefix(it.PK, orgKey("").PK)) {
			return false, nil
		}
		o, err := decodeOrganisation(it)
		if err != nil {
			return false, err
		}
		out = append(out, o)
		return true, nil
	})
	return out, next, err
}

func decodeOrganisation(it table.Item) (portal.Organisation, error) {
	o, err := decode[portal.Organisation](it)
	o.Version = it.Version
	return o, err
}
