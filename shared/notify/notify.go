// Package notify is the event outbox every feature reports to: a change that people
// must hear about adds Enqueue's step to its own transaction, and the drain fans each
// event out, at least once and deduplicated, into one in-app notification per person
// of its audience and one mail per person whose preferences (and the catalogue's
// rule, portal.EventKinds) allow it.
package notify

import (
	"strings"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// Event is something that happened that people hear about.
type Event struct {
	Kind       portal.EventKind
	OrgID      string
	ContractID string
	To         Audience
	// Params are the texts the mail template and the portal's text of the kind
	// interpolate. They are shown to the person: never a secret or a token.
	Params map[string]string
	// Link is the portal page the event leads to, a path of the portal's routes
	// ("/contracts/<id>"); empty for none.
	Link string
}

// Audience says who hears about an event: exactly UserIDs (people of the event's
// organisation) when given; else everyone of the organisation whose level in
// Section of the event's contract is at least Level, the organisation's
// administrators included. The audience is resolved when the event is drained.
type Audience struct {
	UserIDs []string
	Section portal.Section
	Level   portal.Level
}

// maxParams bounds what an event carries (each value is shown to people).
const (
	maxParams     = 20
	maxParamBytes = 2000
)

// Enqueue returns the one put that queues ev in the outbox, which the caller adds to
// the SAME transaction as the change it reports: both happen or neither. now is when
// the event happened; the notification shows it and sorts by it. An event that is not
// well formed is an Internal error: events are built by code, not by clients.
func Enqueue(ev Event, now time.Time) (table.Op, error) {
	if err := ev.check(); err != nil {
		return table.Op{}, err
	}
	return store.QueueEvent(store.OutboxEvent{
		ID: portal.NewID(), Kind: ev.Kind, OrgID: ev.OrgID, ContractID: ev.ContractID,
		UserIDs: ev.To.UserIDs, Section: ev.To.Section, Level: ev.To.Level,
		Params: ev.Params, Link: ev.Link, Created: now.UTC(),
	}), nil
}

func (ev Event) check() error {
	bad := func(why string) error { return portal.Internalf("notify: event %q: %s", ev.Kind, why) }
	if !ev.Kind.Valid() {
		return bad("not a kind of portal.EventKinds")
	}
	if ev.OrgID == "" {
		return bad("no organisation")
	}
	if len(ev.To.UserIDs) == 0 {
		if ev.ContractID == "" || !ev.To.Section.Valid() || ev.To.Level.Rank() < portal.LevelVisitor.Rank() {
			return bad("the audience needs people, or a contract, a section and a level of at least visitor")
		}
	}
	for _, id := range ev.To.UserIDs {
		if id == "" {
			return bad("an empty user id in the audience")
		}
	}
	if ev.To.Section != "" && !ev.To.Section.Valid() {
		return bad("unknown section")
	}
	if len(ev.Params) > maxParams {
		return bad("too many params")
	}
	for k, v := range ev.Params {
		if k == "" || len(v) > maxParamBytes {
			return bad("a param without name, or too long")
		}
	}
	if ev.Link != "" && (!strings.HasPrefix(ev.Link, "/") || strings.HasPrefix(ev.Link, "//")) {
		return bad("the link is not a page of the portal")
	}
	return nil
}
