// Package notifications is the notification centre's area: a person's own
// notifications (the list, the bell's unread count, marking read) and their
// preferences of mail per kind of event. Every route is about the signed-in person
// only: the keys are built from the session's organisation and user, so no id a
// client sends reaches another person's notifications.
package notifications

import (
	"net/http"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// The area's routes.
const (
	routeList        = "GET /api/v1/notifications"
	routeUnread      = "GET /api/v1/notifications/unread"
	routeMarkRead    = "POST /api/v1/notifications/{id}/read"
	routeMarkAllRead = "POST /api/v1/notifications/read-all"
	routePrefs       = "GET /api/v1/me/notification-preferences"
	routeSavePrefs   = "PUT /api/v1/me/notification-preferences"
)

// Notifications is the notification centre's feature (functions/notifications).
var Notifications = httpapi.Feature{Name: "notifications", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	rt.Handle(routeList, d.list)
	rt.Handle(routeUnread, d.unread)
	rt.Handle(routeMarkRead, d.markRead)
	rt.Handle(routeMarkAllRead, d.markAllRead)
	rt.Handle(routePrefs, d.prefs)
	rt.Handle(routeSavePrefs, d.savePrefs)
}}

type deps struct{ *httpapi.Deps }

// reader is the signed-in person reading their own notifications; someone logged
// in as them reads what they would.
func reader(r *http.Request) (portal.Principal, error) {
	return httpapi.Allow(r, auth.ActSelfRead, httpapi.Self)
}

// writer is the signed-in person changing their notifications or preferences:
// only themselves, since a notice someone logged in as them marked read (the
// notice of that log-in-as among them) would go unseen.
func writer(r *http.Request) (portal.Principal, error) {
	p, err := httpapi.Allow(r, auth.ActSelfWrite, httpapi.Self)
	if err == nil && p.Actor != nil {
		err = httpapi.ErrImpersonationForbidden
	}
	return p, err
}

// notificationView is a notification on the wire; the portal writes its text from
// the kind and the params, in the reader's language.
type notificationView struct {
	ID         string            `json:"id"`
	Kind       portal.EventKind  `json:"kind"`
	ContractID string            `json:"contractId,omitempty"`
	Params     map[string]string `json:"params"`
	Link       string            `json:"link,omitempty"`
	Created    time.Time         `json:"created"`
	Read       bool              `json:"read"`
}

type listView struct {
	Items  []notificationView `json:"items"`
	Next   string             `json:"next,omitempty"`
	Unread int                `json:"unread"`
}

type unreadView struct {
	Unread int `json:"unread"`
}

func (d *deps) list(w http.ResponseWriter, r *http.Request) error {
	p, err := reader(r)
	if err != nil {
		return err
	}
	limit, cursor, err := httpapi.PageParams(r.URL.Query(), 20, 100)
	if err != nil {
		return err
	}
	page, err := d.Store.Notifications(r.Context(), p.OrgID, p.UserID, limit, cursor, d.Time())
	if err != nil {
		return err
	}
	out := listView{Items: make([]notificationView, 0, len(page.Items)), Next: page.Next, Unread: page.Unread}
	for _, n := range page.Items {
		params := n.Params
		if params == nil {
			params = map[string]string{}
		}
		out.Items = append(out.Items, notificationView{ID: n.ID, Kind: n.Kind, ContractID: n.ContractID, Params: params,
			Link: n.Link, Created: n.Created, Read: n.Read})
	}
	return httpapi.Reply(w, out)
}

// unread is what the bell polls: one read of one item.
func (d *deps) unread(w http.ResponseWriter, r *http.Request) error {
	p, err := reader(r)
	if err != nil {
		return err
	}
	n, err := d.Store.UnreadNotifications(r.Context(), p.OrgID, p.UserID, d.Time())
	if err != nil {
		return err
	}
	return httpapi.Reply(w, unreadView{Unread: n})
}

func (d *deps) markRead(w http.ResponseWriter, r *http.Request) error {
	p, err := writer(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if !httpapi.ValidID(id) {
		return store.ErrNotificationNotFound
	}
	if err := d.Store.MarkNotificationRead(r.Context(), p.OrgID, p.UserID, id, d.Time()); err != nil {
		return err
	}
	return d.unread(w, r)
}

func (d *deps) markAllRead(w http.ResponseWriter, r *http.Request) error {
	p, err := writer(r)
	if err != nil {
		return err
	}
	if err := d.Store.MarkAllNotificationsRead(r.Context(), p.OrgID, p.UserID, d.Time()); err != nil {
		return err
	}
	return d.unread(w, r)
}

// kindView is one kind of event with the person's choice of mail. Rule says whether
// they may switch it off: "optional", "always" (security: never), or
// "always_managers" (always mailed about the contracts they manage).
type kindView struct {
	Kind     portal.EventKind `json:"kind"`
	Mail     bool             `json:"mail"`
	Rule     portal.MailRule  `json:"rule"`
	Security bool             `json:"security,omitempty"`
}

type prefsView struct {
	Kinds   []kindView `json:"kinds"`
	Version int64      `json:"version"`
}

func prefsOf(p store.NotificationPrefs) prefsView {
	out := prefsView{Kinds: make([]kindView, 0, len(portal.EventKinds)), Version: p.Version}
	for _, k := range portal.EventKinds {
		out.Kinds = append(out.Kinds, kindView{Kind: k.Kind, Mail: k.Mail == portal.MailAlways || p.Mails(k.Kind),
			Rule: k.Mail, Security: k.Security})
	}
	return out
}

func (d *deps) prefs(w http.ResponseWriter, r *http.Request) error {
	p, err := reader(r)
	if err != nil {
		return err
	}
	prefs, err := d.Store.NotificationPrefs(r.Context(), p.OrgID, p.UserID)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, prefsOf(prefs))
}

// prefsBody changes the mail of the kinds it names (true: mailed); the others keep
// theirs. Version is the one the preferences were read at.
type prefsBody struct {
	Mail    map[string]bool `json:"mail"`
	Version int64           `json:"version"`
}

// savePrefs refuses, field by field, a kind the catalogue does not have
// ("unknown_kind") and switching off a kind whose mail is always sent
// ("mail_mandatory"), and saves nothing then.
func (d *deps) savePrefs(w http.ResponseWriter, r *http.Request) error {
	var in prefsBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	p, err := writer(r)
	if err != nil {
		return err
	}
	var f portal.Fields
	for k, on := range in.Mail {
		info, ok := portal.EventKind(k).Info()
		switch {
		case !ok:
			f.Add(kindField(k), "unknown_kind")
		case !on && !info.Switchable():
			f.Add(kindField(k), "mail_mandatory")
		}
	}
	if in.Version < 0 {
		f.Add("version", "format")
	}
	if err := f.Err(); err != nil {
		return err
	}
	prefs, err := d.Store.NotificationPrefs(r.Context(), p.OrgID, p.UserID)
	if err != nil {
		return err
	}
	if prefs.Version != in.Version {
		return portal.E(portal.Conflict, "version_conflict", "the preferences changed since they were read")
	}
	var off []portal.EventKind
	for _, k := range portal.EventKinds {
		on, named := in.Mail[string(k.Kind)]
		if k.Switchable() && ((named && !on) || (!named && !prefs.Mails(k.Kind))) {
			off = append(off, k.Kind)
		}
	}
	prefs.MailOff = off
	if err := d.Store.SaveNotificationPrefs(r.Context(), prefs); err != nil {
		if portal.Is(err, portal.Conflict) {
			return portal.E(portal.Conflict, "version_conflict", "the preferences changed since they were read")
		}
		return err
	}
	prefs.Version++
	return httpapi.Reply(w, prefsOf(prefs))
}

// kindField names the field of a kind in field errors; a name too odd to echo
// (not the shape of an id) is reported on the whole map.
func kindField(k string) string {
	if httpapi.ValidID(k) {
		return "mail." + k
	}
	return "mail"
}
