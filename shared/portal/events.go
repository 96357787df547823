package portal

// EventKind names a kind of event people hear about: in the portal's notification
// centre always, by mail unless they switched that kind's mail off (where they may).
// The mail template and the portal's text of a kind are named after it
// (shared/mail/templates/<lang>/<kind>, dictionary key notifications.kind.<kind>).
type EventKind string

// The kinds of events. The owner of a feature that reports an event adds its kind
// here, with its rule in EventKinds.
const (
	// EventOutageStarted: a major outage started on a service of a contract.
	EventOutageStarted EventKind = "outage_started"
	// EventOutageEnded: that outage ended.
	EventOutageEnded EventKind = "outage_ended"
	// EventBudgetThreshold: a contract's consumption of the month reached a share of
	// its budget.
	EventBudgetThreshold EventKind = "budget_threshold"

	// The security events: someone signed in from a device not seen lately, the
	// password, a second factor or the sign-in address changed, the account was
	// locked after wrong passwords, someone logged in as the person.
	EventNewDevice       EventKind = "new_device"
	EventPasswordChanged EventKind = "password_changed"
	EventMFAChanged      EventKind = "mfa_changed"
	EventEmailChanged    EventKind = "email_changed"
	EventAccountLocked   EventKind = "account_locked"
	EventImpersonation   EventKind = "impersonation"
)

// MailRule says whether a person may switch off the mail of a kind of event.
type MailRule string

// The mail rules.
const (
	// MailOptional: mailed unless the person switched it off.
	MailOptional MailRule = "optional"
	// MailAlways: always mailed; a security event a person must hear about even when
	// they would rather not.
	MailAlways MailRule = "always"
	// MailAlwaysManagers: always mailed to the people who manage the contract the
	// event is about (Manager on the event's section, or administrator of the
	// organisation); optional for the others.
	MailAlwaysManagers MailRule = "always_managers"
)

// EventKindInfo is what the catalogue says of one kind.
type EventKindInfo struct {
	Kind EventKind `json:"kind"`
	Mail MailRule  `json:"mail"`
	// Security kinds are about the person's own account.
	Security bool `json:"security,omitempty"`
	// OwnMail kinds are mailed by the feature that reports them, with a template of
	// its own (the security mails predate the catalogue and carry data that is not
	// text), in the same transaction as the event: the notification drain writes only
	// the in-app notification of these.
	OwnMail bool `json:"-"`
}

// EventKinds is the catalogue, in the order the portal lists the preferences.
var EventKinds = []EventKindInfo{
	{Kind: EventOutageStarted, Mail: MailAlwaysManagers},
	{Kind: EventOutageEnded, Mail: MailAlwaysManagers},
	{Kind: EventBudgetThreshold, Mail: MailOptional},
	{Kind: EventNewDevice, Mail: MailAlways, Security: true, OwnMail: true},
	{Kind: EventPasswordChanged, Mail: MailAlways, Security: true, OwnMail: true},
	{Kind: EventMFAChanged, Mail: MailAlways, Security: true, OwnMail: true},
	{Kind: EventEmailChanged, Mail: MailAlways, Security: true, OwnMail: true},
	{Kind: EventAccountLocked, Mail: MailAlways, Security: true, OwnMail: true},
	{Kind: EventImpersonation, Mail: MailAlways, Security: true, OwnMail: true},
}

// Info returns the catalogue's entry of k, and whether k is in it.
func (k EventKind) Info() (EventKindInfo, bool) {
	for _, i := range EventKinds {
		if i.Kind == k {
			return i, true
		}
	}
	return EventKindInfo{}, false
}

// Valid reports whether k is in the catalogue.
func (k EventKind) Valid() bool {
	_, ok := k.Info()
	return ok
}

// Switchable reports whether a person may switch the kind's mail off at all (for
// some contracts at least).
func (i EventKindInfo) Switchable() bool { return i.Mail != MailAlways }

// MailForced reports whether the kind's mail goes to a person whatever their
// preference, given whether they manage the contract the event is about.
func (i EventKindInfo) MailForced(manages bool) bool {
	switch i.Mail {
	case MailAlways:
		return true
	case MailAlwaysManagers:
		return manages
	}
	return false
}
