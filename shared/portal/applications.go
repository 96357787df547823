package portal

import (
	"fmt"
	"time"
)

// Text is a piece of catalog text in both of the portal's languages.
type Text struct {
	FR string `json:"fr"`
	EN string `json:"en"`
}

// In returns the text in lang, falling back on French, the vendor's language.
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.FR
}

// Approver says who decides the requests for an application.
type Approver string

// The approvers.
const (
	ApproverOperators      Approver = "operators"
	ApproverCustomerAdmins Approver = "customer_admins"
)

// Application is one of the vendor's applications that people are granted one by one.
type Application struct {
	ID          string `json:"id"`
	Name        Text   `json:"name"`
	Description Text   `json:"description"`
	// ApprovalNeeded false grants the application as soon as it is requested.
	ApprovalNeeded bool     `json:"approvalNeeded"`
	Approver       Approver `json:"approver"`
	// DurationDays bounds each grant; zero grants without an end.
	DurationDays int `json:"durationDays,omitempty"`
	// Instructions are sent with the approval: how to reach and set up the application.
	Instructions Text `json:"instructions"`
	// URL is where people open the application once granted ("" for none): an
	// absolute http(s) address, checked when operators set it.
	URL string `json:"url,omitempty"`
	// Archived applications can no longer be requested; existing grants stay.
	Archived bool      `json:"archived,omitempty"`
	Created  time.Time `json:"created"`
	Updated  time.Time `json:"updated"`
	Version  int64     `json:"version"`
}

// RequestKind tells a first request for an application from a request to extend a
// grant that ends.
type RequestKind string

// The request kinds.
const (
	KindAccess    RequestKind = "access"
	KindExtension RequestKind = "extension"
	// KindGrant is access an administrator gave a person directly, without a
	// request of theirs: it is filed approved, so that it has a number too.
	KindGrant RequestKind = "grant"
)

// RequestStatus is where an access request stands. Only a pending request can change.
type RequestStatus string

// The request statuses.
const (
	RequestPending   RequestStatus = "pending"
	RequestApproved  RequestStatus = "approved"
	RequestRefused   RequestStatus = "refused"
	RequestCancelled RequestStatus = "cancelled"
)

// AccessRequest is one person's request for one application, known to people by its
// number. It keeps a copy of the names it shows, so lists need no other read.
type AccessRequest struct {
	Number         string        `json:"number"`
	OrgID          string        `json:"orgId"`
	OrgName        string        `json:"orgName"`
	UserID         string        `json:"userId"`
	RequesterName  string        `json:"requesterName"`
	RequesterEmail string        `json:"requesterEmail"`
	AppID          string        `json:"appId"`
	AppName        Text          `json:"appName"`
	Kind           RequestKind   `json:"kind"`
	Approver       Approver      `json:"approver"`
	Status         RequestStatus `json:"status"`
	Comment        string        `json:"comment,omitempty"`
	Created        time.Time     `json:"created"`
	// Deadline is when an undecided request is refused automatically.
	Deadline time.Time `json:"deadline"`
	Decided  time.Time `json:"decided,omitzero"`
	// DecidedBy is the deciding user's id, or "system" for automatic decisions.
	DecidedBy string `json:"decidedBy,omitempty"`
	Reason    string `json:"reason,omitempty"`
	Version   int64  `json:"version"`
}

// RequestNumber formats the n-th request of a year, as in REQ-2026-000042.
func RequestNumber(year int, n int64) string { return fmt.Sprintf("REQ-%04d-%06d", year, n) }

// IsRequestNumber reports whether s has the shape RequestNumber gives: REQ-, four
// digits, '-', then six to nine digits.
func IsRequestNumber(s string) bool {
	if len(s) < len("REQ-2026-000001") || len(s) > len("REQ-2026-000000001") || s[:4] != "REQ-" || s[8] != '-' {
		return false
	}
	for i := 4; i < len(s); i++ {
		if i != 8 && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}

// GrantStatus is where a grant stands.
type GrantStatus string

// The grant statuses.
const (
	GrantActive  GrantStatus = "active"
	GrantExpired GrantStatus = "expired"
)

// Grant is a person's access to an application.
type Grant struct {
	OrgID   string      `json:"orgId"`
	UserID  string      `json:"userId"`
	AppID   string      `json:"appId"`
	AppName Text        `json:"appName"`
	Status  GrantStatus `json:"status"`
	Granted time.Time   `json:"granted"`
	// Expires is when access ends; zero for never.
	Expires time.Time `json:"expires,omitzero"`
	// Request is the number of the request that granted or last extended access.
	Request string `json:"request"`
	// Reminded lists the reminders already mailed for the current end date, in
	// days before it (14, 1), so that each goes once.
	Reminded []int `json:"reminded,omitempty"`
	Version  int64 `json:"version"`
}

// ActiveAt reports whether the grant gives access at now: expiry is judged here, not
// by the job that later marks the grant expired.
func (g Grant) ActiveAt(now time.Time) bool {
	return g.Status == GrantActive && (g.Expires.IsZero() || now.Before(g.Expires))
}

// Refusal is an approver's refusal of a person's access to an application that
// holds: the person may not ask for it again, nor be given it, until an operator
// lifts it (with a reason). Without it, a refused application that needs no
// approval would be granted at the next request.
type Refusal struct {
	OrgID     string `json:"orgId"`
	OrgName   string `json:"orgName"`
	UserID    string `json:"userId"`
	UserName  string `json:"userName"`
	UserEmail string `json:"userEmail"`
	AppID     string `json:"appId"`
	AppName   Text   `json:"appName"`
	// Number is the refused request.
	Number string `json:"number"`
	// Reason is the approver's, shown to the person.
	Reason string `json:"reason,omitempty"`
	// By is the refusing user's id; ByOperator says they are the vendor's.
	By         string    `json:"by"`
	ByOperator bool      `json:"byOperator,omitempty"`
	Created    time.Time `json:"created"`
	Version    int64     `json:"version"`
}
