package documents

import (
	"net/http"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/validate"
)

// sheetSections are the sections whose Visitor level shows a contract's sheet, and
// with it the links to its consoles: the dashboard's card leads to the sheet, and
// the contracts list shows the contract.
var sheetSections = []portal.Section{portal.SectionDashboard, portal.SectionContracts}

// listConsoles answers a contract's console links to whoever may see its sheet,
// in three round trips.
func (d *deps) listConsoles(w http.ResponseWriter, r *http.Request) error {
	_, c, err := d.CustomerContract(r, sheetSections...)
	if err != nil {
		return err
	}
	return d.replyConsoles(w, r, c)
}

// operatorConsoles answers a contract's console links to operators.
func (d *deps) operatorConsoles(w http.ResponseWriter, r *http.Request) error {
	_, c, err := d.operatorContract(r, false)
	if err != nil {
		return err
	}
	return d.replyConsoles(w, r, c)
}

func (d *deps) replyConsoles(w http.ResponseWriter, r *http.Request, c portal.Contract) error {
	items, err := d.Store.Consoles(r.Context(), c.OrgID, c.ID)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, httpapi.Page[portal.Console]{Items: items})
}

// consoleForm is what an operator gives of a console link; Version is the link's
// as read, for a change.
type consoleForm struct {
	Name        string      `json:"name"`
	URL         string      `json:"url"`
	Description portal.Text `json:"description"`
	Version     int64       `json:"version"`
}

// maxConsoleDescription bounds each language's description of a console.
const maxConsoleDescription = 500

func (in consoleForm) check(f *portal.Fields) consoleForm {
	in.Name = httpapi.TextField(f, "name", in.Name, httpapi.MaxLineLen, true)
	url, err := validate.ConsoleURL(in.URL)
	if err != nil {
		f.Add("url", validate.CodeOf(err))
	}
	in.URL = url
	for _, l := range []struct {
		field string
		text  *string
	}{{"description.fr", &in.Description.FR}, {"description.en", &in.Description.EN}} {
		s, err := validate.Text(*l.text, maxConsoleDescription, false, true)
		if err != nil {
			f.Add(l.field, validate.CodeOf(err))
		}
		*l.text = s
	}
	return in
}

// auditedConsole is what the audit log keeps of a console link.
type auditedConsole struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

func auditConsole(c portal.Console) auditedConsole { return auditedConsole{Name: c.Name, URL: c.URL} }

var errTooManyConsoles = portal.E(portal.Conflict, "too_many_consoles", "a contract has at most 50 consoles")

// createConsole adds a console link to a contract, audited.
func (d *deps) createConsole(w http.ResponseWriter, r *http.Request) error {
	var in consoleForm
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	_, c, err := d.operatorContract(r, true)
	if err != nil {
		return err
	}
	var f portal.Fields
	in = in.check(&f)
	if err := f.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	existing, err := d.Store.Consoles(ctx, c.OrgID, c.ID)
	if err != nil {
		return err
	}
	if len(existing) >= store.MaxConsoles {
		return errTooManyConsoles
	}
	con := portal.Console{ID: portal.NewID(), OrgID: c.OrgID, ContractID: c.ID, Name: in.Name, URL: in.URL, Description: in.Description, Created: d.Time().UTC()}
	con, err = d.Store.SaveConsole(ctx, con, d.Audit(ctx, c.OrgID, "console.create", "contract:"+c.ID, nil, auditConsole(con)))
	if err != nil {
		return err
	}
	return httpapi.Created(w, con)
}

// updateConsole changes a console link, audited, on the condition that nobody
// changed it since the operator read it.
func (d *deps) updateConsole(w http.ResponseWriter, r *http.Request) error {
	var in consoleForm
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	_, c, err := d.operatorContract(r, true)
	if err != nil {
		return err
	}
	id, err := httpapi.PathID(r, "consoleId")
	if err != nil {
		return err
	}
	var f portal.Fields
	in = in.check(&f)
	if err := f.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	con, err := d.Store.Console(ctx, c.OrgID, c.ID, id)
	if err != nil {
		return err
	}
	if con.Version != in.Version {
		return portal.E(portal.Conflict, "version_conflict", "the console changed meanwhile")
	}
	before := auditConsole(con)
	con.Name, con.URL, con.Description = in.Name, in.URL, in.Description
	con, err = d.Store.SaveConsole(ctx, con, d.Audit(ctx, c.OrgID, "console.update", "contract:"+c.ID, before, auditConsole(con)))
	if err != nil {
		return err
	}
	return httpapi.Reply(w, con)
}

// deleteConsole removes a console link, audited.
func (d *deps) deleteConsole(w http.ResponseWriter, r *http.Request) error {
	_, c, err := d.operatorContract(r, true)
	if err != nil {
		return err
	}
	id, err := httpapi.PathID(r, "consoleId")
	if err != nil {
		return err
	}
	ctx := r.Context()
	con, err := d.Store.Console(ctx, c.OrgID, c.ID, id)
	if err != nil {
		return err
	}
	if err := d.Store.DeleteConsole(ctx, con, d.Audit(ctx, c.OrgID, "console.delete", "contract:"+c.ID, auditConsole(con), nil)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
