package backoffice

import (
	"net/http"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
)

// listOrganisations answers one page of the customer organisations by name, for
// operators: those whose name starts with q when it is set. The vendor's own
// organisation and the holding place of unlinked people are not customers, so the
// list leaves them out, as customerOrg refuses them.
func (d *deps) listOrganisations(w http.ResponseWriter, r *http.Request) error {
	if _, err := httpapi.Operator(r, false); err != nil {
		return err
	}
	return httpapi.SearchPage(w, r, d.Store.OrganisationsPage)
}

// getOrganisation answers one customer organisation, for operators: the back
// office's pages of an organisation are titled by its name.
func (d *deps) getOrganisation(w http.ResponseWriter, r *http.Request) error {
	_, orgID, err := customerOrg(r, false)
	if err != nil {
		return err
	}
	org, err := d.Store.Organisation(r.Context(), orgID)
	if portal.Is(err, portal.NotFound) {
		return portal.E(portal.NotFound, "organisation_not_found", "no such organisation")
	}
	if err != nil {
		return err
	}
	return httpapi.Reply(w, org)
}
