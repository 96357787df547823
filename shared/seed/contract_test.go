package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/seed"
	"github.com/guichet/guichet/shared/table"
)

func TestDemoContractHasTheAdministratorAsReferentAndTheUserAsVisitor(t *testing.T) {
	s := newStore(t, table.Options{})
	ctx := context.Background()
	if _, err := seed.Demo(ctx, s, time.Now()); err != nil {
		t.Fatal(err)
	}
	c, err := s.Contract(ctx, seed.DemoOrgID, seed.DemoContract.ID)
	if err != nil {
		t.Fatal(err)
	}
	admin, _ := s.AccountByEmail(ctx, seed.DemoAccounts[1].Email)
	user, _ := s.AccountByEmail(ctx, seed.DemoAccounts[2].Email)
	ar, _ := s.Rights(ctx, seed.DemoOrgID, admin.ID)
	ur, _ := s.Rights(ctx, seed.DemoOrgID, user.ID)
	if c.ReferentID != admin.ID || !ar.Contracts[c.ID].Referent {
		t.Fatalf("referent: %+v %+v", c, ar)
	}
	if ur.Contracts[c.ID].Level(portal.SectionInvoices) != portal.LevelVisitor || ur.Contracts[c.ID].Level(portal.SectionUsers) != portal.LevelNone {
		t.Fatalf("the user's rights: %+v", ur)
	}
}
