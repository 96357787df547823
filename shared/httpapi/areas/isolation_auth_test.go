package areas_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// The isolation rows of signing in and out, getting back into an account, and
// passkeys. Most of these routes need no session: what they act on is named by a
// secret the request carries (a password, a mailed link, a sign-in challenge, a
// passkey's answer), and whoever holds it acts, whatever session they have. When
// their "other" case, with globex's secret, writes to globex as designed, every
// principal is in crossWrite; the "same" case still shows that acme's secret
// changes nothing of globex.
//
// The second factors belong to a person of each organisation added for these rows,
// the keyholder, and not to the target: a target with a second factor could no
// longer sign in with a password alone, which other features' rows may need.

// Where the one-time secrets of the passkey ceremonies are filed: the passkey
// feature's own purposes.
const (
	passkeyRegisterPurpose = "passkey_register"
	passkeySignInPurpose   = "passkey_signin"
)

func init() {
	pw := `"password":"` + apitest.StaffPW + `"`
	isolationRows = append(isolationRows,
		// health
		isolationRow{method: "GET", path: "/api/v1/health", want: openToAll(codes{200, 200})},
		// session: a right password signs in as its owner, over any session the
		// browser had.
		isolationRow{method: "POST", path: "/api/v1/session", body: `{"email":"{email}",` + pw + `}`,
			want: openToAll(codes{200, 200}), crossWrite: principals},
		// The keyholder's right password only opens a challenge, which writes nothing
		// of their organisation.
		isolationRow{method: "POST", path: "/api/v1/session", body: `{"email":"keyholder@{org}.example",` + pw + `}`,
			want: openToAll(codes{200, 200})},
		isolationRow{method: "POST", path: "/api/v1/session/mfa", body: `{"challenge":"{mfaChallenge}","recoveryCode":"{mfaRecoveryCode}"}`,
			want: openToAll(codes{200, 200}), crossWrite: principals},
		// A visitor learns that nobody is signed in (200, no user), not an error.
		isolationRow{method: "GET", path: "/api/v1/session", want: openToAll(codes{200, 200})},
		// The "other" case ends the principal's session; the "same" one then comes
		// from a browser whose cookie no longer signs in, which signing out accepts.
		isolationRow{method: "DELETE", path: "/api/v1/session", want: openToAll(codes{204, 204})},
		// recovery
		isolationRow{method: "POST", path: "/api/v1/password/forgot", body: `{"email":"{email}"}`,
			want: openToAll(codes{202, 202}), crossWrite: principals},
		isolationRow{method: "POST", path: "/api/v1/password/reset", body: `{"token":"{resetLink}","password":"Another#Pass2026"}`,
			want: openToAll(codes{204, 204}), crossWrite: principals},
		isolationRow{method: "POST", path: "/api/v1/account/unlock", body: `{"token":"{unlockLink}",` + pw + `}`,
			want: openToAll(codes{204, 204}), crossWrite: principals},
		isolationRow{method: "POST", path: "/api/v1/activation", body: `{"token":"{activationLink}","password":"Another#Pass2026"}`,
			want: openToAll(codes{200, 200}), crossWrite: principals},
		isolationRow{method: "POST", path: "/api/v1/email/undo", body: `{"token":"{undoLink}"}`,
			want: openToAll(codes{204, 204}), crossWrite: principals},
		// passkeys in "My account"
		isolationRow{method: "GET", path: "/api/v1/me/passkeys", want: ownAccount(codes{200, 200})},
		isolationRow{method: "POST", path: "/api/v1/me/passkeys/begin", want: personOnly(codes{200, 200})},
		// A registration finishes for the person who began it only: acme's was begun
		// by the manager, globex's by its target.
		isolationRow{method: "POST", path: "/api/v1/me/passkeys/finish",
			body: `{"ceremony":"{passkeyEnrolment}","name":"Key {uniq}","credential":{passkeyEnrolmentAnswer}}`,
			want: all(codes{400, 400}, map[string]codes{anonymous: {401, 401}, logInAs: {403, 403}, manager: {201, 400}})},
		// The keyholder's passkey, which is nobody else's to remove.
		isolationRow{method: "DELETE", path: "/api/v1/me/passkeys/{passkeyId}", body: `{` + pw + `}`, want: personOnly(codes{404, 404})},
		// passkey sign-in
		isolationRow{method: "POST", path: "/api/v1/session/passkey/begin", want: openToAll(codes{200, 200})},
		isolationRow{method: "POST", path: "/api/v1/session/passkey/finish", body: `{"ceremony":"{passkeySignIn}","credential":{passkeySignInAnswer}}`,
			want: openToAll(codes{200, 200}), crossWrite: principals},
		// Beginning keeps the ceremony in the challenge: a write of its holder's.
		isolationRow{method: "POST", path: "/api/v1/session/mfa/passkey/begin", body: `{"challenge":"{mfaChallenge}"}`,
			want: openToAll(codes{200, 200}), crossWrite: principals},
		isolationRow{method: "POST", path: "/api/v1/session/mfa/passkey/finish", body: `{"challenge":"{mfaChallenge}","credential":{mfaPasskeyAnswer}}`,
			want: openToAll(codes{200, 200}), crossWrite: principals},
	)
	isoSetups = append(isoSetups, isoAuthSetup)
	isoSnapshots = append(isoSnapshots, isoAuthSnapshot)
}

// isoAuthLinks are the one-time secrets isoAuthSetup hands out, by value name, with
// their purposes.
var isoAuthLinks = map[string]string{
	"resetLink": auth.PurposeReset, "unlockLink": auth.PurposeUnlock, "activationLink": auth.PurposeActivation,
	"undoLink": auth.PurposeEmailUndo, "mfaChallenge": auth.PurposeMFA,
	"passkeySignIn": passkeySignInPurpose, "passkeyEnrolment": passkeyRegisterPurpose,
}

// isoAuthSetup gives the organisation a keyholder (a password, an authenticator app
// with recovery codes and a passkey), an invitee with an activation link, links of
// the target's, a challenge of the keyholder's with a passkey ceremony in it, a
// passwordless ceremony and a passkey registration begun, each with the answer
// that completes it. Everything but the passkey is written in one transaction: the
// setup runs for every case of the matrix.
func isoAuthSetup(t *testing.T, f *isoFixture, o *isoOrg) {
	e, a, ctx := f.e, f.e.Deps.Auth, context.Background()
	keys := e.Deps.Passkeys
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	options := func(raw json.RawMessage) any {
		var v any
		must(json.Unmarshal(raw, &v))
		return v
	}
	state := func(s []byte) map[string]string {
		return map[string]string{"webauthn": base64.RawStdEncoding.EncodeToString(s)}
	}
	person := func(first, last, name string, status portal.UserStatus) store.Account {
		return store.Account{User: portal.User{ID: portal.NewID(), OrgID: o.id, Email: name + "@" + o.id + ".example", Login: name + "." + o.id,
			FirstName: first, LastName: last, Lang: "en", Role: portal.RoleUser, Status: status, Created: e.Clock.Now()}}
	}
	var ops []table.Op
	link := func(name, purpose string, acc store.Account, ttl time.Duration, data map[string]string) {
		token, _, put := a.NewOneTime(purpose, acc, ttl, data)
		o.vals[name], ops = token, append(ops, put)
	}

	holder := person("Kim", "Keyholder", "keyholder", portal.StatusReady)
	h, err := auth.HashPassword(apitest.StaffPW, apitest.Cheap)
	must(err)
	holder.PasswordHash = h
	secret, err := a.StartTOTP(&holder)
	must(err)
	recovery, err := a.ConfirmTOTP(context.Background(), &holder, e.Code(secret, 0), auth.Attempt{})
	must(err)
	o.vals["keyholder"], o.vals["mfaRecoveryCode"] = holder.ID, recovery[0]
	device := apitest.NewAuthenticator(t)
	opts, st, err := keys.BeginRegistration(holder, nil)
	must(err)
	key, err := keys.FinishRegistration(holder, nil, st, device.Create(options(opts)))
	must(err)
	key.Name, key.Created = "Laptop", e.Clock.Now()
	o.vals["passkeyId"] = key.ID
	opts, st, err = keys.BeginLogin(nil, nil)
	must(err)
	link("passkeySignIn", passkeySignInPurpose, store.Account{}, 5*time.Minute, state(st))
	o.vals["passkeySignInAnswer"] = string(device.Get(options(opts)))
	opts, st, err = keys.BeginLogin(&holder, []store.Passkey{key})
	must(err)
	link("mfaChallenge", auth.PurposeMFA, holder, auth.ChallengeTTL, state(st))
	o.vals["mfaPasskeyAnswer"] = string(device.Get(options(opts)))

	// acme's registration is the manager's, so that the row shows it finishes for
	// the person who began it.
	enrolling := store.Account{User: o.target}
	if o.id == f.acme.id {
		enrolling.User = f.manager
	}
	opts, st, err = keys.BeginRegistration(enrolling, nil)
	must(err)
	link("passkeyEnrolment", passkeyRegisterPurpose, enrolling, 5*time.Minute, state(st))
	o.vals["passkeyEnrolmentAnswer"] = string(apitest.NewAuthenticator(t).Create(options(opts)))

	target := store.Account{User: o.target}
	link("resetLink", auth.PurposeReset, target, auth.ResetTTL, nil)
	link("unlockLink", auth.PurposeUnlock, target, auth.UnlockTTL, nil)
	link("undoLink", auth.PurposeEmailUndo, target, auth.EmailUndoTTL, map[string]string{"old": o.target.Email, "new": "former@" + o.id + ".example"})

	invitee := person("Ines", "Invitee", "invitee", portal.StatusNotActivated)
	token, activation := a.IssueActivation(&invitee)
	o.vals["invitee"], o.vals["activationLink"] = invitee.ID, token

	_, err = e.Store.CreateAccounts(ctx, store.NewAccount{Account: holder},
		store.NewAccount{Account: invitee, Also: append(ops, activation...)})
	must(err)
	// AddPasskey saves the account as created (version 1) with the count raised.
	holder.Version, holder.Passkeys = 1, 1
	must(e.Store.AddPasskey(ctx, holder, key))
}

// isoAuthSnapshot describes what of the organisation isoAuthSetup made lives
// outside its partition: the sessions of its keyholder and invitee, the guard of
// the keyholder's passkey, and the state of every one-time secret handed out.
func isoAuthSnapshot(t *testing.T, f *isoFixture, o isoOrg) []string {
	ctx := context.Background()
	var lines []string
	for _, id := range []string{o.vals["keyholder"], o.vals["invitee"]} {
		sessions, err := f.e.Store.UserSessions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("sessions %s %d", id, len(sessions)))
	}
	org, user, err := f.e.Store.PasskeyOwner(ctx, o.vals["passkeyId"])
	if err != nil && !portal.Is(err, portal.NotFound) {
		t.Fatal(err)
	}
	lines = append(lines, fmt.Sprintf("passkey %s of %s/%s", o.vals["passkeyId"], org, user))
	for name, purpose := range isoAuthLinks {
		s, err := f.e.Store.OneTime(ctx, f.e.Deps.Auth.Hash(purpose, o.vals[name]), purpose)
		if err != nil && !portal.Is(err, portal.NotFound) {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("one-time %s v%d tries %d %v", name, s.Version, s.Tries, s.Data))
	}
	return lines
}
