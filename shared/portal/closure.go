package portal

import "time"

// ClosureState is where a person's request to close their account stands. A
// granted request leaves nothing behind: the account and the request are deleted
// together, and the audit log keeps the record.
type ClosureState string

// The closure states.
const (
	ClosurePending   ClosureState = "pending"
	ClosureDeclined  ClosureState = "declined"
	ClosureWithdrawn ClosureState = "withdrawn"
)

// ClosureRequest is a person's request that their organisation's administrators
// close (delete) their account. A person has at most one, found by their user id; a
// declined or withdrawn one is replaced when they ask again. It copies the person's
// name and addresses so that the administrators' queue reads in one query.
type ClosureRequest struct {
	UserID  string       `json:"userId"`
	OrgID   string       `json:"orgId"`
	Name    string       `json:"name"`
	Email   string       `json:"email"`
	Login   string       `json:"login"`
	Comment string       `json:"comment,omitempty"`
	State   ClosureState `json:"state"`
	Created time.Time    `json:"created"`
	Decided time.Time    `json:"decided,omitzero"`
	// DecidedBy is the administrator who declined, or the person who withdrew.
	DecidedBy string `json:"decidedBy,omitempty"`
	Reason    string `json:"reason,omitempty"`
	Version   int64  `json:"version"`
}
