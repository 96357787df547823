package store

import (
	"fmt"
	"slices"
	"strings"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// CheckIntegrity reads the items of a whole table, as a driver's dump gives them,
// and returns every broken invariant that the repositories' transactions keep, one
// line each, sorted; none when the table is whole:
//
//   - every user belongs to an organisation that exists (or, in the holding
//     partition of people waiting for their organisation, has a registration);
//   - every user has its address and login guards, and they point back at it;
//   - every address and login guard points at a user that holds that value;
//   - an organisation's stored item of administrators names exactly its
//     administrators;
//   - every access request has the guard of its number, and every number guard
//     and waiting marker points at its request;
//   - every item kept per person (personalKinds: passkeys, grants, requests,
//     sign-ins, rights, sessions) and every registration belongs to a user who
//     exists, so that a deleted person's purge cut short shows, and PurgeUser
//     finishes it; every passkey guard points at its passkey.
//
// Expired items count as present, as the dump gives them: an expired session or
// sign-in of a deleted person, which no read returns and so no purge finds, shows
// until the database removes it.
//
// It writes nothing and reads no table itself: the fault tests run it on a dump
// taken after a crash, where a half-written transaction would show as a guard
// without its user or a user without its guards.
func CheckIntegrity(items []table.Item) []string {
	byKey := make(map[table.Key]table.Item, len(items))
	for _, it := range items {
		byKey[it.Key()] = it
	}
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	// The keys.go helpers with empty values give the prefixes and fixed sort keys
	// of each kind of item, so that no key is spelled twice.
	orgPrefix, userPrefix := orgKey("").PK, userKey("", "")
	emailPrefix, loginPrefix := emailGuard(""), loginGuard("")
	requestPrefix, numberPrefix := accessRequestKey("", ""), requestNumberGuard("")
	regPrefix, passkeyGuardPrefix := registrationKey(""), passkeyGuard("")
	admins := map[string][]string{}
	// A person's sign-ins may sit in the holding partition they came from, so an
	// item needs its user in some organisation, not in the one it names.
	people := map[string]bool{}
	for _, it := range items {
		if id, ok := strings.CutPrefix(it.SK, userPrefix.SK); ok && strings.HasPrefix(it.PK, userPrefix.PK) {
			people[id] = true
		}
	}

	for _, it := range items {
		if o, ok := personalOwner(it); ok && !people[o.UserID] {
			bad("%s/%s is kept for user %s of %s, who does not exist", it.PK, it.SK, o.UserID, o.OrgID)
		}
		switch {
		case strings.HasPrefix(it.PK, userPrefix.PK) && strings.HasPrefix(it.SK, userPrefix.SK):
			a, err := decode[Account](it)
			if err != nil {
				bad("%s/%s: %v", it.PK, it.SK, err)
				continue
			}
			if it.Key() != userKey(a.OrgID, a.ID) {
				bad("user %s/%s holds organisation %q and id %q", it.PK, it.SK, a.OrgID, a.ID)
				continue
			}
			if CountsAsAdmin(a.User) {
				admins[a.OrgID] = append(admins[a.OrgID], a.ID)
			}
			home := orgKey(a.OrgID)
			if a.OrgID == portal.UnlinkedOrg {
				home = registrationKey(a.ID)
			}
			if _, ok := byKey[home]; !ok {
				bad("user %s of %s: no %s/%s", a.ID, a.OrgID, home.PK, home.SK)
			}
			for _, g := range []struct {
				what string
				key  table.Key
			}{{"address", emailGuard(a.Email)}, {"login", loginGuard(a.Login)}} {
				gi, ok := byKey[g.key]
				if !ok {
					bad("user %s of %s: no %s guard %s", a.ID, a.OrgID, g.what, g.key.PK)
					continue
				}
				if to, err := decode[guard](gi); err != nil || to.OrgID != a.OrgID || to.UserID != a.ID || g.what == "address" && to.Unclaimed != a.Unclaimed {
					bad("user %s of %s: %s guard %s points at %+v (%v)", a.ID, a.OrgID, g.what, g.key.PK, to, err)
				}
			}

		case it.SK == emailPrefix.SK && strings.HasPrefix(it.PK, emailPrefix.PK),
			it.SK == loginPrefix.SK && strings.HasPrefix(it.PK, loginPrefix.PK):
			email := strings.HasPrefix(it.PK, emailPrefix.PK)
			g, err := decode[guard](it)
			if err != nil {
				bad("%s/%s: %v", it.PK, it.SK, err)
				continue
			}
			ui, ok := byKey[userKey(g.OrgID, g.UserID)]
			if !ok {
				bad("guard %s points at user %s of %s, who does not exist", it.PK, g.UserID, g.OrgID)
				continue
			}
			a, err := decode[Account](ui)
			if err != nil {
				continue // reported with the user
			}
			if (email && it.PK != emailGuard(a.Email).PK) || (!email && it.PK != loginGuard(a.Login).PK) {
				bad("guard %s points at user %s of %s, whose address is %q and login %q", it.PK, a.ID, a.OrgID, a.Email, a.Login)
			}

		case strings.HasPrefix(it.PK, requestPrefix.PK) && strings.HasPrefix(it.SK, requestPrefix.SK):
			r, err := decode[portal.AccessRequest](it)
			if err != nil {
				bad("%s/%s: %v", it.PK, it.SK, err)
				continue
			}
			gi, ok := byKey[requestNumberGuard(r.Number)]
			if !ok {
				bad("access request %s of %s has no number guard", r.Number, r.OrgID)
				continue
			}
			if g, err := decode[numberGuard](gi); err != nil || g.OrgID != r.OrgID {
				bad("access request %s of %s: its number guard points at %q (%v)", r.Number, r.OrgID, g.OrgID, err)
			}

		case it.SK == numberPrefix.SK && strings.HasPrefix(it.PK, numberPrefix.PK):
			g, err := decode[numberGuard](it)
			if err != nil {
				bad("%s/%s: %v", it.PK, it.SK, err)
				continue
			}
			number := strings.TrimPrefix(it.PK, numberPrefix.PK)
			if _, ok := byKey[accessRequestKey(g.OrgID, number)]; !ok {
				bad("number guard %s points at a request of %s that does not exist", number, g.OrgID)
			}

		case it.PK == waitingPartition:
			w, err := decode[waiting](it)
			if err != nil {
				bad("%s/%s: %v", it.PK, it.SK, err)
				continue
			}
			if _, ok := byKey[accessRequestKey(w.OrgID, w.Number)]; !ok {
				bad("waiting marker %s points at a request of %s that does not exist", it.SK, w.OrgID)
			}

		case it.SK == regPrefix.SK && strings.HasPrefix(it.PK, regPrefix.PK):
			if id := strings.TrimPrefix(it.PK, regPrefix.PK); !people[id] {
				bad("registration %s: user %s does not exist", it.PK, id)
			}

		case it.SK == passkeyGuardPrefix.SK && strings.HasPrefix(it.PK, passkeyGuardPrefix.PK):
			g, err := decode[guard](it)
			if err != nil {
				bad("%s/%s: %v", it.PK, it.SK, err)
				continue
			}
			if _, ok := byKey[passkeyKey(g.OrgID, g.UserID, strings.TrimPrefix(it.PK, passkeyGuardPrefix.PK))]; !ok {
				bad("passkey guard %s points at a passkey of user %s of %s that does not exist", it.PK, g.UserID, g.OrgID)
			}
		}
	}

	for _, it := range items {
		orgID, ok := strings.CutPrefix(it.PK, orgPrefix)
		if !ok || it.Key() != adminsKey(orgID) {
			continue
		}
		set, err := decode[adminSet](it)
		if err != nil {
			bad("%s/%s: %v", it.PK, it.SK, err)
			continue
		}
		has := admins[orgID]
		slices.Sort(has)
		if set.IDs != nil && !slices.Equal(set.IDs, has) || set.N != len(has) {
			bad("organisation %s names administrators %v (%d) but has %v", orgID, set.IDs, set.N, has)
		}
	}
	slices.Sort(out)
	return out
}
