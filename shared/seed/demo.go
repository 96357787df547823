// Package seed fills a store with data: the demo accounts a local install starts
// with (demo.go), and generated organisations at scale for load tests (plan.go,
// scale.go).
package seed

import (
	"context"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// DemoPassword is the password of every demo account. It is printed at start-up and
// in the README; demo data exists only in local installs.
const DemoPassword = "Guichet#Demo2026"

// DemoOrgID is the id of the demo customer organisation.
const DemoOrgID = "demo"

// Account is one demo sign-in.
type Account struct {
	Role  portal.Role
	Email string
}

// DemoAccounts are the demo sign-ins, in the order they are printed.
var DemoAccounts = []Account{
	{portal.RoleOperator, "operator@guichet.example"},
	{portal.RoleAdmin, "admin@demo-industries.example"},
	{portal.RoleUser, "user@demo-industries.example"},
}

// DemoApplications are the demo catalog: one the operators approve, one the
// customer's administrators approve for 90 days at a time, one granted on request.
var DemoApplications = []portal.Application{
	{ID: "prepress-cloud", Name: portal.Text{FR: "Prépresse dans le nuage", EN: "Prepress Cloud"},
		Description:    portal.Text{FR: "Préparez et validez vos fichiers d'impression en ligne.", EN: "Prepare and proof your print files online."},
		ApprovalNeeded: true, Approver: portal.ApproverOperators,
		Instructions: portal.Text{FR: "Connectez-vous sur https://prepress.example avec votre adresse professionnelle.", EN: "Sign in at https://prepress.example with your business address."}},
	{ID: "licence-manager", Name: portal.Text{FR: "Gestionnaire de licences", EN: "Licence Manager"},
		Description:    portal.Text{FR: "Attribuez et suivez les licences de vos postes.", EN: "Assign and track your workstation licences."},
		ApprovalNeeded: true, Approver: portal.ApproverCustomerAdmins, DurationDays: 90,
		Instructions: portal.Text{FR: "Ouvrez https://licences.example ; vos licences y sont listées.", EN: "Open https://licences.example; your licences are listed there."}},
	{ID: "support-site", Name: portal.Text{FR: "Site de support", EN: "Support site"},
		Description:    portal.Text{FR: "Documentation, téléchargements et base de connaissances.", EN: "Documentation, downloads and knowledge base."},
		ApprovalNeeded: false, Approver: portal.ApproverOperators,
		Instructions: portal.Text{FR: "Rendez-vous sur https://support.example.", EN: "Go to https://support.example."}},
}

// DemoContract is the demo organisation's contract. Its fixed id makes a second run
// find it written rather than add another.
var DemoContract = portal.Contract{ID: "DEMOCONTRACT0000000000001", OrgID: DemoOrgID, Name: "Maintenance et support",
	Reference: "DEMO-2026-001", Offer: "Premium", Start: "2026-01-01", End: "2028-12-31"}

// demoContract writes the demo contract with the administrator as its referent and
// the demo user as a Visitor of most sections and a supported user.
func demoContract(ctx context.Context, s *store.Store, now time.Time) error {
	admin, err := s.AccountByEmail(ctx, DemoAccounts[1].Email)
	if err != nil {
		return err
	}
	user, err := s.AccountByEmail(ctx, DemoAccounts[2].Email)
	if err != nil {
		return err
	}
	c := DemoContract
	c.ReferentID, c.Created = admin.ID, now
	visitor := map[portal.Section]portal.Level{}
	for _, sec := range portal.Sections {
		if sec != portal.SectionUsers {
			visitor[sec] = portal.LevelVisitor
		}
	}
	err = s.CreateContract(ctx, c,
		store.PutRights(store.UserRights{OrgID: DemoOrgID, UserID: admin.ID}.With(c.ID, portal.ContractRights{Referent: true})),
		store.PutRights(store.UserRights{OrgID: DemoOrgID, UserID: user.ID}.With(c.ID, portal.ContractRights{Sections: visitor, Supported: true})))
	if portal.Is(err, portal.Conflict) {
		return nil // another run wrote it
	}
	return err
}

// demoMark names the mark that records that the demo data was written, so restarts
// skip it.
const demoMark = "DEMO"

// Demo writes the demo organisations and accounts once and reports whether it wrote
// them now. Each write is conditional, so a run interrupted half-way, or two runs at
// once, still end with each account exactly once; the marker goes last.
func Demo(ctx context.Context, s *store.Store, now time.Time) (bool, error) {
	if done, err := s.Seeded(ctx, []string{demoMark}); err != nil || done[demoMark] {
		return false, err
	}
	hash, err := auth.HashPassword(DemoPassword, auth.OWASP)
	if err != nil {
		return false, err
	}
	orgs := []portal.Organisation{
		{ID: portal.VendorOrg, Name: "Guichet (vendor)", Country: "FR", Created: now},
		{ID: DemoOrgID, Name: "Demo Industries", Country: "FR", Website: "https://demo-industries.example", Domains: []string{"demo-industries.example"}, Created: now},
	}
	for _, o := range orgs {
		// Each verified domain is claimed with the organisation, so that people who
		// sign up with an address there join it.
		var claims []table.Op
		for _, domain := range o.Domains {
			claims = append(claims, store.PutDomainClaim(store.DomainClaim{Domain: domain, OrgIDs: []string{o.ID}}))
		}
		if err := s.CreateOrganisation(ctx, o, claims...); err != nil && !portal.Is(err, portal.Conflict) {
			return false, err
		}
	}
	people := []portal.User{
		{OrgID: portal.VendorOrg, Login: "operator", FirstName: "Olivia", LastName: "Opérateur", Lang: "fr"},
		{OrgID: DemoOrgID, Login: "demo.admin", FirstName: "Adèle", LastName: "Administratrice", JobTitle: "DSI", Lang: "fr"},
		{OrgID: DemoOrgID, Login: "demo.user", FirstName: "Ulysse", LastName: "Utilisateur", JobTitle: "Acheteur", Lang: "en"},
	}
	for i, u := range people {
		u.ID = portal.NewID()
		u.Email = DemoAccounts[i].Email
		u.Role = DemoAccounts[i].Role
		u.Status = portal.StatusReady
		u.Created = now
		if err := s.CreateUser(ctx, u, hash); err != nil && !portal.Is(err, portal.Conflict) {
			return false, err
		}
	}
	if err := demoContract(ctx, s, now); err != nil {
		return false, err
	}
	if err := demoHome(ctx, s, now); err != nil {
		return false, err
	}
	if err := DemoWeather(ctx, s, now); err != nil {
		return false, err
	}
	if err := DemoNotifications(ctx, s, DemoContract, now); err != nil {
		return false, err
	}
	for _, a := range DemoApplications {
		a.Created, a.Updated = now, now
		if err := s.CreateApplication(ctx, a); err != nil && !portal.Is(err, portal.Conflict) {
			return false, err
		}
	}
	if err := DemoCatalogueServices(ctx, s, now); err != nil {
		return false, err
	}
	err = s.Table().Transact(ctx, store.SeedMark(demoMark))
	if err != nil && !portal.Is(err, portal.Conflict) {
		return false, err
	}
	return err == nil, nil
}
