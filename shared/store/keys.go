package store

import (
	"time"

	"github.com/guichet/guichet/shared/table"
)

// Every key of the table is built here. Customer data lives under its organisation's
// partition (ORG#<id>), which handlers take from the signed-in principal only.

func orgKey(orgID string) table.Key { return table.Key{PK: "ORG#" + orgID, SK: "PROFILE"} }

func userKey(orgID, userID string) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: "USER#" + userID}
}

// emailGuard makes an address unique across the whole portal and maps it to its user.
func emailGuard(email string) table.Key { return table.Key{PK: "EMAIL#" + email, SK: "GUARD"} }

// loginGuard makes a login unique across the whole portal.
func loginGuard(login string) table.Key { return table.Key{PK: "LOGIN#" + login, SK: "GUARD"} }

// orgsIndex lists organisations by name for the back office (GSI1).
const orgsIndex = "ORGS"

func sessionKey(id string) table.Key { return table.Key{PK: "SESSION#" + id, SK: "SESSION"} }

// userSessionsIndex lists a user's sessions (GSI1), for "my sessions" and revocation.
func userSessionsIndex(userID string) string { return "USER#" + userID + "#SESSIONS" }

// counterKey is a fixed-window counter for rate limits; it expires with its window.
func counterKey(name string, start time.Time) table.Key {
	return table.Key{PK: "COUNTER#" + name, SK: start.UTC().Format(time.RFC3339)}
}

// auditKey files an audit entry under its organisation, in time order (ULIDs).
func auditKey(orgID, id string) table.Key { return table.Key{PK: "ORG#" + orgID, SK: "AUDIT#" + id} }
