package store

import (
	"fmt"
	"time"

	"github.com/guichet/guichet/shared/portal"
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

// padKey is an item that never exists: reading or deleting it gives the answer
// for an unknown address the round trip the answer for a known one makes.
var padKey = table.Key{PK: "PAD", SK: "PAD"}

// heldSessionsIndex lists the log-in-as sessions a person holds as their real
// person (GSI2), so that taking their power away ends them.
func heldSessionsIndex(actorID string) string { return "ACTOR#" + actorID + "#SESSIONS" }

// counterKey is a fixed-window counter for rate limits; it expires with its window.
func counterKey(name string, start time.Time) table.Key {
	return table.Key{PK: "COUNTER#" + name, SK: start.UTC().Format(time.RFC3339)}
}

// auditKey files an audit entry under its organisation, in time order (ULIDs).
func auditKey(orgID, id string) table.Key { return table.Key{PK: "ORG#" + orgID, SK: "AUDIT#" + id} }

// usersIndex lists an organisation's users by name (GSI1 of the user items).
func usersIndex(orgID string) string { return "ORG#" + orgID + "#USERS" }

// userSearchIndex holds one entry per searchable value of an organisation's users
// (GSI2): the user item under its name, its email guard under the address, its
// login guard under the login, so that one prefix query searches all three.
func userSearchIndex(orgID string) string { return "ORG#" + orgID + "#SEARCH" }

// adminsKey holds the ids of an organisation's administrators (AdminGuard), so that
// they are read without reading every user and the last one cannot be removed
// (every change of the set is conditioned on it).
func adminsKey(orgID string) table.Key { return table.Key{PK: "ORG#" + orgID, SK: "ADMINS"} }

// rightsKey holds one user's rights on every contract of the organisation.
func rightsKey(orgID, userID string) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: "RIGHTS#" + userID}
}

func contractKey(orgID, id string) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: "CONTRACT#" + id}
}

// weatherKey holds a contract's current weather (portal.Weather), rewritten with
// every change to its health events.
func weatherKey(orgID, contractID string) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: "WEATHER#" + contractID}
}

// A contract's services and health events share the prefix WX#<contract># of their
// organisation's partition, events before services, so that one range query reads
// the services with the events that are open or were resolved since a time: the
// contract's weather sheet and its 90-day history.
func weatherPrefix(contractID string) string { return "WX#" + contractID + "#" }

// serviceKey holds one service of a contract.
func serviceKey(orgID, contractID, serviceID string) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: weatherPrefix(contractID) + "S#" + serviceID}
}

// openEventKey holds a health event until it is resolved; resolvedEventKey from
// then on, under the time it was resolved, so that events resolved before a
// history's window fall outside its range. Open ones sort after every resolved one.
func openEventKey(orgID, contractID, eventID string) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: weatherPrefix(contractID) + "E#OPEN#" + eventID}
}

func resolvedEventKey(orgID, contractID string, resolved time.Time, eventID string) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: weatherPrefix(contractID) + "E#" + resolved.UTC().Format(keyTime) + "#" + eventID}
}

// weatherHitIndex lists the weather items of contracts with open events, across
// organisations, worst first (GSI1, sparse: a contract leaves it when its last
// event is resolved), for the back office's "which customers are hit".
const weatherHitIndex = "WEATHER-HIT"

// consumptionKey holds a contract's consumption of one month ("YYYY-MM").
func consumptionKey(orgID, contractID, month string) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: "CONSUMPTION#" + contractID + "#" + month}
}

// budgetAlertKey marks one budget alert (80 %, 100 %, forecast) as sent for a
// contract and month, written in the transaction that sends it on the condition
// that it is absent, so that no alert goes twice.
func budgetAlertKey(orgID, contractID, month string, a portal.BudgetAlert) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: "BUDGETALERT#" + contractID + "#" + month + "#" + string(a)}
}

// contractRefGuard makes a contract reference unique within its organisation.
func contractRefGuard(orgID, ref string) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: "CONTRACTREF#" + ref}
}

// auditByUserIndex lists an organisation's audit entries of one acting user (GSI1);
// auditByActionIndex those of one action (GSI2). Both sort by entry id, so by time.
func auditByUserIndex(orgID, userID string) string { return "ORG#" + orgID + "#AUDIT#USER#" + userID }

func auditByActionIndex(orgID, action string) string {
	return "ORG#" + orgID + "#AUDIT#ACTION#" + action
}

// keyTime writes times in keys: UTC, fixed width, so keys sort by time as strings.
const keyTime = "2006-01-02T15:04:05Z"

// catalogPartition holds the application catalog: a few dozen items, read whole.
const catalogPartition = "CATALOG"

func applicationKey(id string) table.Key { return table.Key{PK: catalogPartition, SK: "APP#" + id} }

// accessRequestKey files an access request under its organisation by number, which
// sorts by time.
func accessRequestKey(orgID, number string) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: "AREQ#" + number}
}

// requestNumberGuard makes a request number unique across the portal and names its
// organisation, so that operators reach a request from its number alone.
func requestNumberGuard(number string) table.Key {
	return table.Key{PK: "AREQNO#" + number, SK: "GUARD"}
}

// requestCounterKey counts a year's access requests (its version is the count).
func requestCounterKey(year int) table.Key {
	return table.Key{PK: fmt.Sprintf("AREQNO#%04d", year), SK: "COUNTER"}
}

// userAppsIndex holds a person's access requests (sort key AREQ#<number>) and
// grants (GRANT#<appId>) together (GSI1), so that "Manage applications" reads both
// in one query.
func userAppsIndex(userID string) string { return "USER#" + userID + "#APPS" }

// pendingIndex is an approver's queue of pending requests, oldest first (GSI2,
// sparse: a request leaves it when decided or cancelled).
func pendingIndex(a portal.Approver, orgID string) string {
	if a == portal.ApproverCustomerAdmins {
		return "AREQ-PENDING#ORG#" + orgID
	}
	return "AREQ-PENDING#OPERATORS"
}

// waitingPartition holds one marker per pending request of every organisation, by
// deadline, for the jobs that remind approvers and refuse the requests nobody
// decided in time.
const waitingPartition = "AREQ-WAITING"

func waitingKey(deadline time.Time, number string) table.Key {
	return table.Key{PK: waitingPartition, SK: deadline.UTC().Format(keyTime) + "#" + number}
}

// grantKey is a person's access to one application: one item per person and
// application, so a new grant replaces an expired one.
func grantKey(orgID, userID, appID string) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: "GRANT#" + userID + "#" + appID}
}

// refusalKey is a refusal that holds (portal.Refusal): one per person and
// application, beside the grant it keeps from being given again.
func refusalKey(orgID, userID, appID string) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: "REFUSAL#" + userID + "#" + appID}
}

// refusalsIndex lists every refusal that holds for the back office, by the
// person's folded name (GSI2), so that a search by name is a key prefix.
const refusalsIndex = "REFUSALS"

// grantExpiryIndex orders active grants that end by their end (GSI2, sparse: grants
// without an end, and expired ones, are not in it).
const grantExpiryIndex = "GRANT-EXPIRY"

// oneTimeKey holds a single-use secret (a mailed link, a sign-in challenge, a passkey
// ceremony) under the HMAC of the secret, so the table never holds a usable one.
func oneTimeKey(hash, purpose string) table.Key {
	return table.Key{PK: "ONETIME#" + hash, SK: purpose}
}

// signInKey files one sign-in attempt under its organisation and person, in time
// order (ULIDs), so that a person's history is one prefix of the partition.
func signInKey(orgID, userID, id string) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: signInPrefix(userID) + id}
}

func signInPrefix(userID string) string { return "SIGNIN#" + userID + "#" }

// passkeyKey holds a person's passkey under their organisation; credHash is the
// SHA-256 of the credential id, which can be longer than a key may be.
func passkeyKey(orgID, userID, credHash string) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: passkeyPrefix(userID) + credHash}
}

func passkeyPrefix(userID string) string { return "PASSKEY#" + userID + "#" }

// passkeyGuard makes a credential unique across the portal and maps it to its owner,
// for passwordless sign-in, where only the credential is known.
func passkeyGuard(credHash string) table.Key {
	return table.Key{PK: "PASSKEY#" + credHash, SK: "GUARD"}
}

// signupCodeKey holds the one-time code last mailed to an address that signs up.
func signupCodeKey(email string) table.Key { return table.Key{PK: "SIGNUP#" + email, SK: "CODE"} }

// freeMailPartition holds the free-mail domains operators added to the built-in list,
// one item per domain, so that a sign-up checks its domain with one read.
const freeMailPartition = "FREEMAIL"

func freeMailKey(domain string) table.Key { return table.Key{PK: freeMailPartition, SK: domain} }

// domainClaimKey says which organisations verified a mail domain, and whether an
// operator lets several share it.
func domainClaimKey(domain string) table.Key { return table.Key{PK: "DOMAIN#" + domain, SK: "CLAIM"} }

// registrationKey holds a person's registration under their user id.
func registrationKey(userID string) table.Key { return table.Key{PK: "REG#" + userID, SK: "REQUEST"} }

// registrationQueue is the operators' queue of pending registrations (GSI1, sparse:
// a registration leaves it when decided), by kind, then oldest first.
const registrationQueue = "REG-PENDING"

// joinRequestsIndex lists the join requests of an organisation (GSI2), by state,
// then by age.
func joinRequestsIndex(orgID string) string { return "ORG#" + orgID + "#JOINREQS" }

// seedKey marks a unit of generated data (the demo accounts, one organisation of the
// load tests' data) as written, so that a second run skips it.
func seedKey(name string) table.Key { return table.Key{PK: "SEED", SK: name} }

// closureKey holds a person's request to close their account, under their
// organisation.
func closureKey(orgID, userID string) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: "CLOSURE#" + userID}
}

// closuresIndex is an organisation's queue of pending requests to close an account
// (GSI2, sparse: a request leaves it when declined or withdrawn), oldest first.
func closuresIndex(orgID string) string { return "ORG#" + orgID + "#CLOSURES" }

// jobKey holds a long piece of work (an export, an import) under the organisation
// it was started for, so that only that organisation's people reach it.
func jobKey(orgID, id string) table.Key { return table.Key{PK: "ORG#" + orgID, SK: "JOB#" + id} }

// jobsDueIndex lists the jobs waiting for a runner (GSI1, sparse: a finished job
// leaves it), by the time from which they are due: a queued job at once, a running
// one when its runner's lease runs out.
const jobsDueIndex = "JOBS-DUE"

// importRowKey holds what an import job did with one line of its file, in a
// partition of the job's own so that its lines read back in order.
func importRowKey(jobID string, line int) table.Key {
	return table.Key{PK: "JOB#" + jobID, SK: fmt.Sprintf("ROW#%07d", line)}
}

// importEndKey marks an import job's end beside its lines.
func importEndKey(jobID string) table.Key { return table.Key{PK: "JOB#" + jobID, SK: "END"} }

// notificationPartition holds one person's notification centre: their notifications
// (SK NOTIF#<event id>, which sorts by time), its state (NOTIFSTATE: the unread
// count) and their preferences (NOTIFPREFS), so that the bell reads one item and the
// list one partition, newest first.
func notificationPartition(orgID, userID string) string {
	return "ORG#" + orgID + "#NOTIF#" + userID
}

const notificationPrefix = "NOTIF#"

func notificationKey(orgID, userID, id string) table.Key {
	return table.Key{PK: notificationPartition(orgID, userID), SK: notificationPrefix + id}
}

func notificationStateKey(orgID, userID string) table.Key {
	return table.Key{PK: notificationPartition(orgID, userID), SK: "NOTIFSTATE"}
}

func notificationPrefsKey(orgID, userID string) table.Key {
	return table.Key{PK: notificationPartition(orgID, userID), SK: "NOTIFPREFS"}
}

// eventKey is an event of the outbox (shared/notify), waiting to be fanned out to
// its audience; eventsPending indexes the waiting ones by due time (GSI1), and
// eventsFailed those given up.
func eventKey(id string) table.Key { return table.Key{PK: "EVENT#" + id, SK: "EVENT"} }

const (
	eventsPending = "EVENTS#PENDING"
	eventsFailed  = "EVENTS#FAILED"
)

// documentKey holds a contract's document (portal.Document), read by its id.
func documentKey(orgID, contractID, id string) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: "DOC#" + contractID + "#" + id}
}

// documentsIndex lists a contract's documents by their date (GSI1), and
// documentsByCategoryIndex those of one category (GSI2): both sort by date then
// id, so that the newest come first read backwards.
func documentsIndex(orgID, contractID string) string { return "ORG#" + orgID + "#DOCS#" + contractID }

func documentsByCategoryIndex(orgID, contractID string, c portal.DocumentCategory) string {
	return "ORG#" + orgID + "#DOCS#" + contractID + "#" + string(c)
}

// documentUploadKey holds a document whose file an operator is uploading, until
// the upload is confirmed (it then becomes the document) or its time runs out.
func documentUploadKey(orgID, contractID, id string) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: "DOCUPLOAD#" + contractID + "#" + id}
}

// consoleKey holds a link to one of a contract's consoles; a contract's consoles
// are one prefix of the organisation's partition, in creation order.
func consoleKey(orgID, contractID, id string) table.Key {
	return table.Key{PK: "ORG#" + orgID, SK: consolePrefix(contractID) + id}
}

func consolePrefix(contractID string) string { return "CONSOLE#" + contractID + "#" }

// cataloguePartition holds the service catalogue: each service whole, its card
// (what the list shows, read by the catalogue page in one query), and every
// version of each plan's prices. The vendor keeps a few dozen services, so the
// cards of the whole catalogue are one page.
const cataloguePartition = "CATALOGUE"

// catalogueServiceKey holds a service whole (portal.CatalogueService).
func catalogueServiceKey(id string) table.Key {
	return table.Key{PK: cataloguePartition, SK: "SERVICE#" + id}
}

// catalogueCardPrefix starts the sort keys of the cards.
const catalogueCardPrefix = "CARD#"

// catalogueCardKey holds a service's card, written with the service.
func catalogueCardKey(id string) table.Key {
	return table.Key{PK: cataloguePartition, SK: catalogueCardPrefix + id}
}

// priceSetKey holds one version of a plan's prices, kept for good.
func priceSetKey(serviceID, planID string, version int) table.Key {
	return table.Key{PK: cataloguePartition, SK: fmt.Sprintf("PRICE#%s#%s#%06d", serviceID, planID, version)}
}
