package httpapi

import (
	"context"
	"github.com/guichet/guichet/shared/portal"
	"net/url"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/notify"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// The portal's pages that security mail links to (hash routes of the portal).
const (
	pageResetPassword  = "/reset-password"
	pageUnlock         = "/unlock"
	PageActivate       = "/activate"
	PageEmailUndo      = "/email-undo"
	PageForgotPassword = "/forgot-password"
	PageAccount        = "/account"
)

// NewDeviceWindow is how far back the history is searched for the device of a
// sign-in; a device not seen in it gets the person a mail.
const NewDeviceWindow = 30 * 24 * time.Hour

// PageLink is the address of a page of the portal, with a one-time token when the
// page needs one.
func (d *Deps) PageLink(page, token string) string {
	link := d.BaseURL + "/#" + page
	if token != "" {
		link += "?token=" + url.QueryEscape(token)
	}
	return link
}

// Notice composes a template for one recipient and returns the outbox step to write in
// the transaction of the change it reports.
func (d *Deps) Notice(to, lang, template string, data map[string]any) (table.Op, error) {
	m, err := d.Letter(to, lang, template, data)
	if err != nil {
		return table.Op{}, err
	}
	return mail.Enqueue(m, d.Time())
}

// Letter composes a template for one recipient, with the portal's address added to
// data; the drainer renders it.
func (d *Deps) Letter(to, lang, template string, data map[string]any) (mail.Message, error) {
	data["BaseURL"] = d.BaseURL
	return mail.Compose(to, lang, template, data)
}

// SecurityEvent is the step that puts a security event about acc (one of the
// catalogue's security kinds) in the event outbox, for the transaction of the
// change, so that the person finds it in their notification centre. The feature
// mails these kinds itself, with its own template: the drain writes only the
// notification, so the person gets one mail. Params are shown to the person: texts
// only, never a link that carries a token.
func (d *Deps) SecurityEvent(acc store.Account, kind portal.EventKind, params map[string]string) (table.Op, error) {
	return notify.Enqueue(notify.Event{Kind: kind, OrgID: acc.OrgID, To: notify.Audience{UserIDs: []string{acc.ID}},
		Params: params, Link: PageAccount}, d.Time())
}

// SecurityNotice returns the steps that tell acc of a security event, for the
// transaction of the change: the mail of the kind's template with data, and the
// notification with params.
func (d *Deps) SecurityNotice(acc store.Account, kind portal.EventKind, data map[string]any, params map[string]string) ([]table.Op, error) {
	m, err := d.Notice(acc.Email, acc.Lang, string(kind), data)
	if err != nil {
		return nil, err
	}
	n, err := d.SecurityEvent(acc, kind, params)
	if err != nil {
		return nil, err
	}
	return []table.Op{m, n}, nil
}

// lockMail tells a person their account was locked, with the link that lifts the
// lock once they give their password again.
func (d *Deps) lockMail(acc store.Account, token string) ([]table.Op, error) {
	return d.SecurityNotice(acc, portal.EventAccountLocked,
		map[string]any{"Name": acc.FirstName, "Link": d.PageLink(pageUnlock, token)}, nil)
}

// Attempt describes the caller of ctx as a sign-in attempt.
func (d *Deps) Attempt(ctx context.Context) auth.Attempt {
	c := portal.CallerFrom(ctx)
	return auth.Attempt{IP: c.Address, UserAgent: c.Device, LockMail: d.lockMail}
}

// SignedIn returns the steps that record a successful sign-in of acc by method: the
// history entry and, when the device (browser, system and address) was not seen in
// the person's successful sign-ins of the last NewDeviceWindow, a mail that says so.
// A person's first sign-in ever sends none: every device is new then.
func (d *Deps) SignedIn(ctx context.Context, acc store.Account, method string) ([]table.Op, error) {
	at := d.Attempt(ctx)
	ops := []table.Op{d.Auth.Record(acc, at, store.SignInOK, method)}
	recent, _, err := d.Store.SignIns(ctx, acc.OrgID, acc.ID, 100, "")
	if err != nil {
		return nil, err
	}
	dev := auth.DeviceOf(at.UserAgent)
	since := d.Time().Add(-NewDeviceWindow)
	seenAny := false
	for _, e := range recent {
		if e.Result != store.SignInOK {
			continue
		}
		seenAny = true
		if e.Time.After(since) && e.IP == at.IP && auth.DeviceOf(e.UserAgent).Family() == dev.Family() {
			return ops, nil
		}
	}
	if !seenAny {
		return ops, nil
	}
	when := d.Time().UTC().Format("2006-01-02 15:04 UTC")
	notice, err := d.SecurityNotice(acc, portal.EventNewDevice, map[string]any{"Name": acc.FirstName,
		"Browser": dev.Browser, "OS": dev.OS, "IP": at.IP, "Time": when, "ResetURL": d.PageLink(PageForgotPassword, "")},
		map[string]string{"Browser": dev.Browser, "OS": dev.OS, "IP": at.IP, "Time": when})
	if err != nil {
		return nil, err
	}
	return append(ops, notice...), nil
}
