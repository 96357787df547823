package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// belongings gives a person of acme what the features keep per person: two
// passkeys, a grant, a pending request for each approver and an approved one, a
// session, and signIns sign-ins. It returns the numbers of their requests.
func belongings(t *testing.T, s *store.Store, u portal.User, signIns int) []string {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	for i := range 2 {
		acc, err := s.Account(ctx, u.OrgID, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		acc.Passkeys++
		p := store.Passkey{ID: store.PasskeyID([]byte(fmt.Sprintf("%s-%d", u.ID, i))), OrgID: u.OrgID, UserID: u.ID, Name: "Key", Created: now, Credential: json.RawMessage(`{}`)}
		if err := s.AddPasskey(ctx, acc, p); err != nil {
			t.Fatal(err)
		}
	}
	numbers, err := s.NextRequestNumbers(ctx, now, 3)
	if err != nil {
		t.Fatal(err)
	}
	approved := request(u.OrgID, u.ID, numbers[2], portal.ApproverOperators, now)
	approved.Status, approved.Decided = portal.RequestApproved, now
	ops := []table.Op{store.PutGrant(portal.Grant{OrgID: u.OrgID, UserID: u.ID, AppID: "APP1", Status: portal.GrantActive, Granted: now, Expires: now.AddDate(0, 1, 0), Request: numbers[2]})}
	for _, r := range []portal.AccessRequest{
		request(u.OrgID, u.ID, numbers[0], portal.ApproverCustomerAdmins, now),
		request(u.OrgID, u.ID, numbers[1], portal.ApproverOperators, now),
		approved,
	} {
		ops = append(ops, store.CreateAccessRequest(r)...)
	}
	if err := s.Table().Transact(ctx, ops...); err != nil {
		t.Fatal(err)
	}
	sess := store.Session{ID: "session-of-" + u.ID, UserID: u.ID, OrgID: u.OrgID, Created: now, LastSeen: now, IdleUntil: now.Add(time.Hour), Expires: now.Add(8 * time.Hour)}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	signIn(t, s, u.OrgID, u.ID, signIns)
	return numbers
}

// signIn records n sign-ins of a person under orgID.
func signIn(t *testing.T, s *store.Store, orgID, userID string, n int) {
	t.Helper()
	for n > 0 {
		var ops []table.Op
		for ; n > 0 && len(ops) < table.MaxTransact; n-- {
			ops = append(ops, store.RecordSignIn(store.SignIn{OrgID: orgID, UserID: userID, Time: time.Now().UTC(), Result: store.SignInOK, Method: store.MethodPassword}))
		}
		if err := s.Table().Transact(context.Background(), ops...); err != nil {
			t.Fatal(err)
		}
	}
}

// without leaves out the items that name any of values in a key or in their data.
func without(items []table.Item, values ...string) []table.Item {
	var out []table.Item
	for _, it := range items {
		all := strings.Join([]string{it.PK, it.SK, it.GSI1PK, it.GSI1SK, it.GSI2PK, it.GSI2SK, string(it.Data)}, "\n")
		if !containsAny(all, values) {
			out = append(out, it)
		}
	}
	return out
}

func containsAny(s string, values []string) bool {
	for _, v := range values {
		if strings.Contains(s, v) {
			return true
		}
	}
	return false
}

func queue(t *testing.T, s *store.Store, a portal.Approver) []string {
	t.Helper()
	rs, _, err := s.PendingAccessRequests(context.Background(), store.PendingQuery{Approver: a, OrgID: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	return numbers(rs)
}

func TestDeletingAUserPurgesWhatTheyKeptAndNothingElse(t *testing.T) {
	s, d := newBoltStore(t)
	tb := s.Table()
	ctx := context.Background()
	if err := s.CreateOrganisation(ctx, portal.Organisation{ID: "acme", Name: "ACME", Created: time.Now()}); err != nil {
		t.Fatal(err)
	}
	// Zoé came through the holding partition, where she signed in while she
	// waited: her registration names acme.
	zoe, leo, mia := user("zoe@acme.example", "zoe"), user("leo@acme.example", "leo"), user("mia@acme.example", "mia")
	reg := portal.Registration{ID: zoe.ID, Kind: portal.RegistrationJoin, State: portal.RegistrationApproved, OrgID: "acme", Email: zoe.Email}
	if err := s.CreateUser(ctx, zoe, "h", store.PutRegistration(reg)); err != nil {
		t.Fatal(err)
	}
	for _, u := range []portal.User{leo, mia} {
		if err := s.CreateUser(ctx, u, "h"); err != nil {
			t.Fatal(err)
		}
	}
	// More sign-ins than one transaction may delete, and than one page reads.
	zoeNumbers := belongings(t, s, zoe, table.MaxLimit+30)
	signIn(t, s, portal.UnlinkedOrg, zoe.ID, 3)
	leoNumbers := belongings(t, s, leo, 5)
	miaNumbers := belongings(t, s, mia, 5)
	if got := integrity(t, d); len(got) != 0 {
		t.Fatalf("before any deletion:\n%s", strings.Join(got, "\n"))
	}
	if q := queue(t, s, portal.ApproverCustomerAdmins); !reflect.DeepEqual(q, []string{zoeNumbers[0], leoNumbers[0], miaNumbers[0]}) {
		t.Fatalf("the administrators' queue before: %v", q)
	}
	before := dump(t, d)

	none := func(store.Account) ([]table.Op, error) { return nil, nil }
	if _, err := s.DeleteAccount(ctx, "acme", zoe.ID, none); err != nil {
		t.Fatal(err)
	}
	after := dump(t, d)
	if want := without(before, append(zoeNumbers, zoe.ID)...); !reflect.DeepEqual(after, want) {
		t.Fatalf("the deletion did more or less than purge the person:\n%s", changes(after, want))
	}
	if q := queue(t, s, portal.ApproverCustomerAdmins); !reflect.DeepEqual(q, []string{leoNumbers[0], miaNumbers[0]}) {
		t.Fatalf("the administrators' queue still lists the deleted person's request: %v", q)
	}
	if q := queue(t, s, portal.ApproverOperators); !reflect.DeepEqual(q, []string{leoNumbers[1], miaNumbers[1]}) {
		t.Fatalf("the operators' queue still lists the deleted person's request: %v", q)
	}
	if got := integrity(t, d); len(got) != 0 {
		t.Fatalf("after the deletion:\n%s", strings.Join(got, "\n"))
	}

	// A purge cut short right after the account's deletion, simulated by the
	// deletion's transaction alone: every kind of item left is reported, then a
	// purge finishes the job, and one more changes nothing.
	before = dump(t, d)
	if err := tb.Transact(ctx,
		table.Delete(table.Key{PK: "ORG#acme", SK: "USER#" + mia.ID}, table.IfExists()),
		table.Delete(table.Key{PK: "EMAIL#mia@acme.example", SK: "GUARD"}, table.IfExists()),
		table.Delete(table.Key{PK: "LOGIN#mia", SK: "GUARD"}, table.IfExists()),
	); err != nil {
		t.Fatal(err)
	}
	report := strings.Join(integrity(t, d), "\n")
	for _, kind := range []string{"PASSKEY#" + mia.ID, "SIGNIN#" + mia.ID, "GRANT#" + mia.ID, "AREQ#" + miaNumbers[0], "AREQ#" + miaNumbers[2], "SESSION#session-of-" + mia.ID} {
		if !strings.Contains(report, kind) {
			t.Errorf("the interrupted purge left %s unreported:\n%s", kind, report)
		}
	}
	if strings.Contains(report, leo.ID) {
		t.Errorf("a living person's items are reported:\n%s", report)
	}
	for range 2 {
		if err := s.PurgeUser(ctx, "acme", mia.ID); err != nil {
			t.Fatal(err)
		}
	}
	if got := integrity(t, d); len(got) != 0 {
		t.Fatalf("after the purge was finished:\n%s", strings.Join(got, "\n"))
	}
	if want := without(before, append(miaNumbers, mia.ID)...); !reflect.DeepEqual(dump(t, d), want) {
		t.Fatalf("the finished purge did more or less than purge the person:\n%s", changes(dump(t, d), want))
	}
	if q := queue(t, s, portal.ApproverCustomerAdmins); !reflect.DeepEqual(q, []string{leoNumbers[0]}) {
		t.Fatalf("the administrators' queue after the finished purge: %v", q)
	}

	// Nobody purges a person who still has an account.
	kept := dump(t, d)
	if err := s.PurgeUser(ctx, "acme", leo.ID); !portal.Is(err, portal.Conflict) {
		t.Fatalf("purging a living person: %v", err)
	}
	if !reflect.DeepEqual(dump(t, d), kept) {
		t.Fatalf("a refused purge changed the table:\n%s", changes(dump(t, d), kept))
	}
}

// changes lists the items of got that differ from or are missing in want, and those
// of want missing in got.
func changes(got, want []table.Item) string {
	wanted := map[table.Key]table.Item{}
	for _, it := range want {
		wanted[it.Key()] = it
	}
	var b strings.Builder
	for _, it := range got {
		if w, ok := wanted[it.Key()]; !ok || !reflect.DeepEqual(w, it) {
			fmt.Fprintf(&b, "left or changed: %s/%s\n", it.PK, it.SK)
		}
		delete(wanted, it.Key())
	}
	for k := range wanted {
		fmt.Fprintf(&b, "gone: %s/%s\n", k.PK, k.SK)
	}
	return b.String()
}
