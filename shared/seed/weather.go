package seed

import (
	"context"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// demoService is a service of the demo weather and what happened to it: events
// resolved in the last weeks (for the history), and at most one still open.
type demoService struct {
	service portal.Service
	past    []demoEvent
	open    *demoEvent
}

// demoEvent is an event of the demo weather, its times relative to the seed's.
type demoEvent struct {
	id                 string
	state              portal.HealthState
	fr, en             string
	start, end, update time.Duration
	// updateState and the update's messages, when it had one.
	updateState        portal.HealthState
	updateFR, updateEN string
}

// demoWeathers are the demo contracts' services: the first contract has one of
// each kind of event; the remote backups an ongoing degradation; the network
// services that never failed. The cloud hosting and the mail contracts have none,
// as a contract whose operators declared nothing yet.
var demoWeathers = []struct {
	contractID string
	services   []demoService
}{
	{DemoContract.ID, demoWeather},
	{"DEMOCONTRACT0000000000004", []demoService{
		{service: portal.Service{ID: "demo-offsite", Name: "Copies distantes",
			DescriptionFR: "Vos sauvegardes copiées dans un second centre.", DescriptionEN: "Your backups copied to a second data centre."},
			open: &demoEvent{id: "demo-ev-offsite-1", state: portal.HealthDegraded, start: -3 * time.Hour,
				fr: "Copies distantes ralenties\nLes copies de la nuit finiront avec quelques heures de retard.",
				en: "Remote copies slowed down\nThe night's copies will finish a few hours late."}},
		{service: portal.Service{ID: "demo-restore", Name: "Restaurations",
			DescriptionFR: "Vos demandes de restauration.", DescriptionEN: "Your restore requests."},
			past: []demoEvent{{id: "demo-ev-restore-1", state: portal.HealthPartial, start: -20*24*time.Hour - 4*time.Hour, end: -20*24*time.Hour - time.Hour,
				fr: "Restaurations impossibles depuis les bandes", en: "No restore from tapes"}}},
	}},
	{"DEMOCONTRACT0000000000005", []demoService{
		{service: portal.Service{ID: "demo-firewall", Name: "Pare-feu", DescriptionFR: "Filtrage de vos flux.", DescriptionEN: "Filtering of your traffic."}},
		{service: portal.Service{ID: "demo-vpn", Name: "VPN", DescriptionFR: "Accès distant de vos équipes.", DescriptionEN: "Your teams' remote access."}},
	}},
}

var demoWeather = []demoService{
	{service: portal.Service{ID: "demo-hosting", Name: "Hébergement",
		DescriptionFR: "Serveurs et stockage de vos applications, à Paris.", DescriptionEN: "Servers and storage of your applications, in Paris."},
		past: []demoEvent{{id: "demo-ev-hosting-1", state: portal.HealthDegraded, start: -12*24*time.Hour - 5*time.Hour, end: -12*24*time.Hour - 2*time.Hour,
			fr: "Lenteurs d'accès au stockage\nUne baie de disques répond lentement.", en: "Slow storage access\nA disk array answers slowly."}}},
	{service: portal.Service{ID: "demo-api", Name: "API de commande",
		DescriptionFR: "L'API qui reçoit vos commandes.", DescriptionEN: "The API that takes your orders."},
		past: []demoEvent{{id: "demo-ev-api-1", state: portal.HealthMajor, start: -40 * 24 * time.Hour, end: -40*24*time.Hour + 2*time.Hour,
			fr: "API de commande indisponible\nLes commandes sont refusées.", en: "Order API down\nOrders are refused.",
			update: -40*24*time.Hour + time.Hour, updateState: portal.HealthPartial,
			updateFR: "Rétablissement partiel\nUne partie des commandes passe.", updateEN: "Partly restored\nSome orders go through."}},
		open: &demoEvent{id: "demo-ev-api-2", state: portal.HealthMajor, start: -90 * time.Minute,
			fr:     "Erreurs sur l'API de commande\nUne commande sur cinq échoue ; nos équipes sont sur le problème.",
			en:     "Errors on the order API\nOne order in five fails; our teams are on it.",
			update: -30 * time.Minute, updateState: portal.HealthPartial,
			updateFR: "Correctif en cours de déploiement\nLes erreurs diminuent.", updateEN: "Fix being deployed\nErrors are falling."}},
	{service: portal.Service{ID: "demo-backup", Name: "Sauvegardes",
		DescriptionFR: "Sauvegardes quotidiennes, gardées 30 jours.", DescriptionEN: "Daily backups, kept 30 days."},
		past: []demoEvent{{id: "demo-ev-backup-1", state: portal.HealthMaintenance, start: -5*24*time.Hour - 3*time.Hour, end: -5*24*time.Hour - time.Hour,
			fr: "Mise à jour du logiciel de sauvegarde", en: "Backup software upgrade"}},
		open: &demoEvent{id: "demo-ev-backup-2", state: portal.HealthMaintenance, start: 26 * time.Hour, end: 28 * time.Hour,
			fr: "Remplacement des bandes\nLes sauvegardes de la nuit seront décalées.", en: "Tape replacement\nThe night's backups will be delayed."}},
	{service: portal.Service{ID: "demo-support", Name: "Centre de support",
		DescriptionFR: "Le téléphone et les tickets de support.", DescriptionEN: "Support phone line and tickets."}},
}

// event is the demo event on s at now.
func (d demoEvent) event(s portal.Service, now time.Time, resolved bool) portal.HealthEvent {
	draft := portal.EventDraft{State: d.state, MessageFR: d.fr, MessageEN: d.en}
	if d.state == portal.HealthMaintenance {
		draft.Start, draft.End = now.Add(d.start), now.Add(d.end)
	}
	e := portal.NewEvent(d.id, s, draft, now.Add(d.start))
	if d.updateState != "" {
		e = e.WithUpdate(portal.EventUpdate{State: d.updateState, MessageFR: d.updateFR, MessageEN: d.updateEN}, now.Add(d.update))
	}
	if resolved {
		e.Resolved = now.Add(d.end)
		if d.state != portal.HealthMaintenance {
			e.ResolvedFR, e.ResolvedEN = "Service rétabli.", "Service restored."
		}
	}
	return e
}

// DemoWeather gives the demo contracts their services and weather: on the first,
// one service operational with a past incident, one with an ongoing partial outage
// (a major outage an hour and a half ago), one with a planned maintenance tomorrow,
// one that never failed; on the remote backups an ongoing degradation; on the
// network nothing but operational services. Written once: a second run finds each
// contract's weather written and changes nothing.
func DemoWeather(ctx context.Context, s *store.Store, now time.Time) error {
	for _, d := range demoWeathers {
		if err := demoContractWeather(ctx, s, d.contractID, d.services, now); err != nil {
			return err
		}
	}
	return nil
}

// demoContractWeather writes one demo contract's services, events and weather in
// one transaction.
func demoContractWeather(ctx context.Context, s *store.Store, contractID string, services []demoService, now time.Time) error {
	now = now.UTC()
	var ops []table.Op
	w := portal.Weather{ContractID: contractID, State: portal.HealthOperational, Updated: now}
	for _, d := range services {
		sv := d.service
		sv.OrgID, sv.ContractID, sv.Created = DemoOrgID, contractID, now.AddDate(0, 0, -portal.HistoryDays)
		ops = append(ops, store.PutService(sv))
		for _, p := range d.past {
			ops = append(ops, store.PutEvent(p.event(sv, now, true))...)
		}
		if d.open != nil {
			e := d.open.event(sv, now, false)
			ops = append(ops, store.PutEvent(e)...)
			w = w.WithEvent(e, now)
		}
	}
	ops = append(ops, store.PutWeather(DemoOrgID, w, 0))
	err := s.Table().Transact(ctx, ops...)
	if portal.Is(err, portal.Conflict) {
		return nil // another run wrote it
	}
	return err
}
