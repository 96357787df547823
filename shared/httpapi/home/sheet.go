package home

import (
	"net/http"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
)

// company is what a contract sheet shows of the customer company.
type company struct {
	Name           string `json:"name"`
	RegistrationNo string `json:"registrationNo"`
	Country        string `json:"country"`
	Website        string `json:"website"`
	Address        string `json:"address"`
}

// levelRow is one section of the person's own rights on the contract.
type levelRow struct {
	Section portal.Section `json:"section"`
	Level   portal.Level   `json:"level"`
}

// ownRights is the person's rights on the contract as the sheet's matrix shows
// them: the level in effect in every section (an administrator's Manager, a
// referent's at least Visitor).
type ownRights struct {
	Sections      []levelRow `json:"sections"`
	Supported     bool       `json:"supported"`
	Referent      bool       `json:"referent"`
	Administrator bool       `json:"administrator"`
}

// sheetParts says which parts of the sheet the person's rights show beyond those
// every reader of the sheet sees (summary, company, own rights, consoles); the parts
// other areas serve (the weather and its services' history, documents, consoles)
// are read from their own routes, which decide again.
type sheetParts struct {
	Weather       bool `json:"weather"`
	Budget        bool `json:"budget"`
	Subscriptions bool `json:"subscriptions"`
	Documents     bool `json:"documents"`
}

// sheetView is a contract's sheet.
type sheetView struct {
	Contract card       `json:"contract"`
	Company  company    `json:"company"`
	Rights   ownRights  `json:"rights"`
	Show     sheetParts `json:"show"`
}

// rightsOf is p's rights on contract id in effect, section by section.
func rightsOf(p portal.Principal, id string) ownRights {
	cr := p.Rights[id]
	out := ownRights{Supported: cr.Supported, Referent: cr.Referent, Administrator: p.Role == portal.RoleAdmin}
	for _, s := range portal.Sections {
		l := portal.LevelNone
		switch {
		case allows(p, auth.ActSectionManage, id, s):
			l = portal.LevelManager
		case allows(p, auth.ActSectionRead, id, s):
			l = portal.LevelVisitor
		}
		out.Sections = append(out.Sections, levelRow{Section: s, Level: l})
	}
	return out
}

// sheet answers a contract's sheet to whoever may read its Dashboard or its
// Contracts section, in three round trips: the session, the contract with the
// person's rights, then its weather, consumption, referent and company in one
// read. Each part shows only where the person's level allows it.
func (d *deps) sheet(w http.ResponseWriter, r *http.Request) error {
	p, c, err := d.CustomerContract(r, portal.SectionDashboard, portal.SectionContracts)
	if err != nil {
		return err
	}
	id := c.ID
	reads := func(s portal.Section) bool { return allows(p, auth.ActSectionRead, id, s) }
	month := portal.MonthOf(d.Time())
	det, err := d.Store.ContractDetails(r.Context(), p.OrgID, []portal.Contract{c}, month, true)
	if err != nil {
		return err
	}
	show := sheetParts{
		Weather:       reads(portal.SectionDashboard) || reads(portal.SectionServices),
		Budget:        reads(portal.SectionDashboard) || reads(portal.SectionInvoices),
		Subscriptions: reads(portal.SectionServices),
		Documents:     reads(portal.SectionDocuments),
	}
	k := d.cardOf(p, c, det, month)
	if !show.Weather {
		k.Weather = nil
	}
	if !show.Budget {
		k.Budget = nil
	}
	o := det.Organisation
	return httpapi.Reply(w, sheetView{Contract: k, Rights: rightsOf(p, id), Show: show,
		Company: company{Name: o.Name, RegistrationNo: o.RegistrationNo, Country: o.Country, Website: o.Website, Address: o.Address}})
}
