package areas_test

import (
	"context"
	"testing"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// The service weather in the isolation matrix: each organisation's contract has a
// service ({service}) with an open major outage on it ({event}). Customers read
// the weather of their own contracts (Visitor on Dashboard or Services); only
// operators keep services and events, and acting on globex is their job.
func init() {
	isoSetups = append(isoSetups, weatherSetup)
	op := []string{operatorAs}
	base := "/api/v1/backoffice/organisations/{org}/contracts/{contract}"
	isolationRows = append(isolationRows,
		isolationRow{method: "GET", path: "/api/v1/contracts/{contract}/weather",
			want: all(codes{200, 404}, map[string]codes{anonymous: {401, 401}, userNone: {403, 404}, operatorAs: {403, 403}})},
		isolationRow{method: "GET", path: base + "/services", want: backOffice(200), crossWrite: op},
		isolationRow{method: "POST", path: base + "/services", body: `{"name":"Backup {uniq}","descriptionFr":"Sauvegardes","descriptionEn":"Backups"}`,
			want: backOffice(201), crossWrite: op},
		isolationRow{method: "PUT", path: base + "/services/{service}", body: `{"name":"Renamed","descriptionFr":"","descriptionEn":"","version":1}`,
			want: backOffice(200), crossWrite: op},
		isolationRow{method: "DELETE", path: base + "/services/{service}", want: backOffice(409), crossWrite: op},
		isolationRow{method: "POST", path: base + "/events", body: `{"serviceId":"{service}","state":"degraded","messageFr":"Lenteurs","messageEn":"Slowness"}`,
			want: backOffice(201), crossWrite: op},
		isolationRow{method: "POST", path: base + "/events/{event}/updates", body: `{"state":"partial_outage","messageFr":"Mieux","messageEn":"Better"}`,
			want: backOffice(200), crossWrite: op},
		isolationRow{method: "POST", path: base + "/events/{event}/resolve", body: `{"messageFr":"Rétabli","messageEn":"Restored"}`,
			want: backOffice(200), crossWrite: op},
		// The overview spans every customer by design; acme's hit sorts first (same
		// state, organisations by id), so a page of one shows nothing of globex.
		isolationRow{method: "GET", path: "/api/v1/backoffice/weather?limit=1", want: backOffice(200)},
	)
	samples["POST /api/v1/backoffice/organisations/{orgId}/contracts/{id}/services"] = sample{operatorAs,
		"/api/v1/backoffice/organisations/acme/contracts/{contract}/services", `{"name":"Hosting","descriptionFr":"Hébergement\nà Paris","descriptionEn":"Hosting\nin Paris"}`}
	samples["PUT /api/v1/backoffice/organisations/{orgId}/contracts/{id}/services/{serviceId}"] = sample{operatorAs,
		"/api/v1/backoffice/organisations/acme/contracts/{contract}/services/01NOSUCHSERVICE", `{"name":"Hosting","descriptionFr":"Hébergement","descriptionEn":"Hosting","version":1}`}
	samples["POST /api/v1/backoffice/organisations/{orgId}/contracts/{id}/events"] = sample{operatorAs,
		"/api/v1/backoffice/organisations/acme/contracts/{contract}/events",
		`{"serviceId":"01NOSUCHSERVICE","state":"maintenance","messageFr":"Mise à jour","messageEn":"Upgrade","start":"2030-01-01T08:00:00Z","end":"2030-01-01T10:00:00Z"}`}
	samples["POST /api/v1/backoffice/organisations/{orgId}/contracts/{id}/events/{eventId}/updates"] = sample{operatorAs,
		"/api/v1/backoffice/organisations/acme/contracts/{contract}/events/01NOSUCHEVENT/updates", `{"state":"major_outage","messageFr":"Panne","messageEn":"Down"}`}
	samples["POST /api/v1/backoffice/organisations/{orgId}/contracts/{id}/events/{eventId}/resolve"] = sample{operatorAs,
		"/api/v1/backoffice/organisations/acme/contracts/{contract}/events/01NOSUCHEVENT/resolve", `{"messageFr":"Rétabli","messageEn":"Restored"}`}
	for _, f := range []string{"descriptionFr", "descriptionEn", "messageFr", "messageEn"} {
		multiline[f] = true
	}
}

// weatherSetup gives the organisation's contract a service with an open major
// outage.
func weatherSetup(t *testing.T, f *isoFixture, o *isoOrg) {
	now := f.e.Clock.Now().UTC()
	s := portal.Service{ID: portal.NewID(), OrgID: o.id, ContractID: o.contract.ID, Name: "Hosting", Created: now}
	e := portal.NewEvent(portal.NewID(), s, portal.EventDraft{State: portal.HealthMajor, MessageFR: "Panne", MessageEN: "Outage"}, now)
	ops := append(store.PutEvent(e), store.PutService(s), store.PutWeather(o.id, portal.Weather{}.WithEvent(e, now), 0))
	if err := f.e.Store.Table().Transact(context.Background(), ops...); err != nil {
		t.Fatal(err)
	}
	o.vals["service"], o.vals["event"] = s.ID, e.ID
}
