package account

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/config"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/validate"
)

// The purposes of the one-time secrets that keep a ceremony's state server-side,
// and how long a ceremony may take.
const (
	purposePasskeyRegister = "passkey_register"
	purposePasskeySignIn   = "passkey_signin"
	passkeyCeremonyTTL     = 5 * time.Minute
	maxPasskeyName         = 60
	// stateKey is where a ceremony's state sits in a one-time secret's data.
	stateKey = "webauthn"
)

// Passkey is passkeys: registering and removing them in "My account", signing in
// with one alone, or with one as the second factor after the password.
var Passkey = httpapi.Feature{Name: "passkey", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	on := d.passkeysOn
	rt.Handle("GET /api/v1/me/passkeys", d.myPasskeys)
	rt.HandleDuring("POST /api/v1/me/passkeys/begin", on(d.beginPasskeyRegistration), portal.LimitMFAEnrolment)
	rt.HandleDuring("POST /api/v1/me/passkeys/finish", on(d.finishPasskeyRegistration), portal.LimitMFAEnrolment)
	rt.Handle("DELETE /api/v1/me/passkeys/{id}", on(d.removePasskey))
	rt.Handle("POST /api/v1/session/passkey/begin", on(d.beginPasskeySignIn))
	rt.Handle("POST /api/v1/session/passkey/finish", on(d.finishPasskeySignIn))
	rt.Handle("POST /api/v1/session/mfa/passkey/begin", on(d.beginPasskeySecondFactor))
	rt.Handle("POST /api/v1/session/mfa/passkey/finish", on(d.finishPasskeySecondFactor))
}}

var errPasskeysUnavailable = portal.E(portal.Conflict, "passkeys_unavailable", "passkeys are off: the portal's address is an IP address, not a domain name")

// passkeysOn is h where passkeys can work; at a base URL whose host is an IP
// address (see config.PasskeysWork) it refuses every request before reading
// anything, so the route answers a client error and changes nothing.
func (d *deps) passkeysOn(h httpapi.HandlerFunc) httpapi.HandlerFunc {
	if config.PasskeysWork(d.BaseURL) {
		return h
	}
	return func(http.ResponseWriter, *http.Request) error { return errPasskeysUnavailable }
}

// ceremonies returns the passkey ceremonies, or an error when this program does not
// serve passkeys.
func (d *deps) ceremonies() (httpapi.PasskeyCeremonies, error) {
	if d.Passkeys == nil {
		return nil, portal.Internalf("passkeys are not configured in this program")
	}
	return d.Passkeys, nil
}

// ceremonyView starts a ceremony in the browser: the options to pass to
// navigator.credentials, and the ceremony's token to send back with the answer.
type ceremonyView struct {
	Ceremony string          `json:"ceremony,omitempty"`
	Options  json.RawMessage `json:"options"`
}

// passkeyView is a passkey as "My account" lists it.
type passkeyView struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Created  time.Time `json:"created"`
	LastUsed time.Time `json:"lastUsed,omitzero"`
}

func viewPasskey(k store.Passkey) passkeyView {
	return passkeyView{ID: k.ID, Name: k.Name, Created: k.Created, LastUsed: k.LastUsed}
}

func (d *deps) myPasskeys(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Allow(r, auth.ActSelfRead, func(p portal.Principal) auth.Resource { return auth.Resource{OrgID: p.OrgID, UserID: p.UserID} })
	if err != nil {
		return err
	}
	// Where passkeys are off, none of the person's can be used or removed: the list
	// is empty, and the portal shows why instead.
	var keys []store.Passkey
	if config.PasskeysWork(d.BaseURL) {
		if keys, err = d.Store.Passkeys(r.Context(), p.OrgID, p.UserID); err != nil {
			return err
		}
	}
	out := make([]passkeyView, len(keys))
	for i, k := range keys {
		out[i] = viewPasskey(k)
	}
	return httpapi.Reply(w, httpapi.Page[passkeyView]{Items: out})
}

// beginPasskeyRegistration starts registering a passkey for the signed-in person.
func (d *deps) beginPasskeyRegistration(w http.ResponseWriter, r *http.Request) error {
	c, err := d.ceremonies()
	if err != nil {
		return err
	}
	_, acc, err := d.sensitiveSelf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	keys, err := d.Store.Passkeys(ctx, acc.OrgID, acc.ID)
	if err != nil {
		return err
	}
	options, state, err := c.BeginRegistration(acc, keys)
	if err != nil {
		return err
	}
	token, _, put := d.Auth.NewOneTime(purposePasskeyRegister, acc, passkeyCeremonyTTL, map[string]string{stateKey: base64.RawStdEncoding.EncodeToString(state)})
	if err := d.Store.Table().Transact(ctx, put); err != nil {
		return err
	}
	return httpapi.Reply(w, ceremonyView{Ceremony: token, Options: options})
}

type finishRegistrationBody struct {
	Ceremony   string          `json:"ceremony"`
	Name       string          `json:"name"`
	Credential json.RawMessage `json:"credential"`
}

// ceremonyState reads the state a ceremony's one-time secret keeps.
func ceremonyState(o store.OneTime) ([]byte, error) {
	state, err := base64.RawStdEncoding.DecodeString(o.Data[stateKey])
	if err != nil || len(state) == 0 {
		return nil, portal.Internalf("corrupt passkey ceremony state")
	}
	return state, nil
}

var errCeremony = portal.E(portal.Invalid, "passkey_ceremony_invalid", "the passkey step expired; start again")

// finishPasskeyRegistration stores the passkey the browser created, under the name
// the person gave it. A session that had to enrol a second factor becomes a full
// one, under a new id.
func (d *deps) finishPasskeyRegistration(w http.ResponseWriter, r *http.Request) error {
	c, err := d.ceremonies()
	if err != nil {
		return err
	}
	var in finishRegistrationBody
	p, acc, err := d.sensitiveRequest(r, &in)
	if err != nil {
		return err
	}
	var f portal.Fields
	name, err := validate.Text(in.Name, maxPasskeyName, true, false)
	if err != nil {
		f.Add("name", validate.CodeOf(err))
	}
	if len(in.Credential) == 0 {
		f.Add("credential", "required")
	}
	if err := f.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	o, err := d.Auth.OneTime(ctx, in.Ceremony, purposePasskeyRegister)
	if err != nil || o.UserID != acc.ID || o.OrgID != acc.OrgID {
		return errCeremony
	}
	state, err := ceremonyState(o)
	if err != nil {
		return err
	}
	keys, err := d.Store.Passkeys(ctx, acc.OrgID, acc.ID)
	if err != nil {
		return err
	}
	key, err := c.FinishRegistration(acc, keys, state, in.Credential)
	if err != nil {
		return err
	}
	key.Name, key.Created = name, d.Time().UTC()
	acc.Passkeys++
	notice, err := d.mfaChanged(acc, true, store.MethodPasskey)
	if err != nil {
		return err
	}
	if err := d.Store.AddPasskey(ctx, acc, key, append(notice, store.UseOneTime(o))...); err != nil {
		return err
	}
	csrf, err := d.afterEnrolment(w, r, p, acc)
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusCreated, struct {
		passkeyView
		CSRF string `json:"csrf"`
	}{viewPasskey(key), csrf})
	return nil
}

// removePasskey deletes one of the person's passkeys, given their password. An
// organisation that requires a second factor keeps the person's last one.
func (d *deps) removePasskey(w http.ResponseWriter, r *http.Request) error {
	var in passwordOnlyBody
	_, acc, err := d.sensitiveRequest(r, &in)
	if err != nil {
		return err
	}
	if in.Password == "" {
		return portal.Fields{{Field: "password", Code: "required"}}.Err()
	}
	ctx := r.Context()
	keys, err := d.Store.Passkeys(ctx, acc.OrgID, acc.ID)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	var key *store.Passkey
	for i := range keys {
		if keys[i].ID == id {
			key = &keys[i]
		}
	}
	if key == nil {
		return portal.E(portal.NotFound, "passkey_not_found", "no such passkey")
	}
	if err := d.keepsRequiredFactor(r, acc, acc.TOTP != "" || len(keys) > 1); err != nil {
		return err
	}
	if err := d.Auth.Reauthenticate(ctx, acc, in.Password, "password", d.Attempt(r.Context())); err != nil {
		return err
	}
	acc.Passkeys = len(keys) - 1
	notice, err := d.mfaChanged(acc, false, store.MethodPasskey)
	if err != nil {
		return err
	}
	if err := d.Store.RemovePasskey(ctx, acc, *key, notice...); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// beginPasskeySignIn starts a sign-in with a passkey alone: any discoverable passkey
// registered with the portal, with user verification.
func (d *deps) beginPasskeySignIn(w http.ResponseWriter, r *http.Request) error {
	c, err := d.ceremonies()
	if err != nil {
		return err
	}
	ctx := r.Context()
	if err := auth.SignInPerIP.AllowFrom(ctx, d.Store, portal.CallerFrom(r.Context()).Address, d.Trusted, d.Time()); err != nil {
		return err
	}
	options, state, err := c.BeginLogin(nil, nil)
	if err != nil {
		return err
	}
	token, _, put := d.Auth.NewOneTime(purposePasskeySignIn, store.Account{}, passkeyCeremonyTTL, map[string]string{stateKey: base64.RawStdEncoding.EncodeToString(state)})
	if err := d.Store.Table().Transact(ctx, put); err != nil {
		return err
	}
	return httpapi.Reply(w, ceremonyView{Ceremony: token, Options: options})
}

type passkeySignInBody struct {
	Ceremony   string          `json:"ceremony"`
	Credential json.RawMessage `json:"credential"`
}

// passkeyOwner finds the account and passkeys of whoever registered a credential.
func (d *deps) passkeyOwner(r *http.Request) func([]byte) (store.Account, []store.Passkey, error) {
	return func(credentialID []byte) (store.Account, []store.Passkey, error) {
		orgID, userID, err := d.Store.PasskeyOwner(r.Context(), store.PasskeyID(credentialID))
		if err != nil {
			return store.Account{}, nil, err
		}
		acc, err := d.Store.Account(r.Context(), orgID, userID)
		if err != nil {
			return store.Account{}, nil, err
		}
		keys, err := d.Store.Passkeys(r.Context(), orgID, userID)
		return acc, keys, err
	}
}

// finishPasskeySignIn opens a session for the owner of the passkey the browser used,
// unless their account is locked or cannot sign in; the ceremony is used once,
// whatever the outcome.
func (d *deps) finishPasskeySignIn(w http.ResponseWriter, r *http.Request) error {
	c, err := d.ceremonies()
	if err != nil {
		return err
	}
	var in passkeySignInBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	if len(in.Credential) == 0 {
		return portal.Fields{{Field: "credential", Code: "required"}}.Err()
	}
	ctx := r.Context()
	o, err := d.Auth.OneTime(ctx, in.Ceremony, purposePasskeySignIn)
	if err != nil {
		return errCeremony
	}
	if err := d.Store.Table().Transact(ctx, store.UseOneTime(o)); err != nil {
		return errCeremony
	}
	state, err := ceremonyState(o)
	if err != nil {
		return err
	}
	acc, key, err := c.FinishLogin(state, in.Credential, d.passkeyOwner(r))
	if err != nil {
		return err
	}
	at := d.Attempt(r.Context())
	if d.Auth.Locked(acc) {
		if err := d.Store.Table().Transact(ctx, d.Auth.Record(acc, at, store.SignInLocked, store.MethodPasskey)); err != nil {
			return err
		}
		return portal.E(portal.Unauthenticated, "invalid_credentials", "the account cannot sign in now")
	}
	if err := auth.CanSignIn(acc); err != nil {
		if err := d.Store.Table().Transact(ctx, d.Auth.Record(acc, at, store.SignInDisabled, store.MethodPasskey)); err != nil {
			return err
		}
		return err
	}
	ops, err := d.SignedIn(ctx, acc, store.MethodPasskey)
	if err != nil {
		return err
	}
	key.LastUsed = d.Time().UTC()
	if err := d.Store.SavePasskey(ctx, key, ops...); err != nil {
		return passkeyRace(err)
	}
	return d.OpenSession(w, r, acc, false)
}

// passkeyRace turns a lost race to save a passkey's sign count (the same assertion
// used twice at once) into a refusal.
func passkeyRace(err error) error {
	if portal.Is(err, portal.Conflict) {
		return portal.Wrap(portal.Invalid, "passkey_invalid", err)
	}
	return err
}

type challengeBody struct {
	Challenge string `json:"challenge"`
}

type passkeyFactorBody struct {
	Challenge  string          `json:"challenge"`
	Credential json.RawMessage `json:"credential"`
}

// beginPasskeySecondFactor starts the passkey answer to the challenge of a right
// password; the ceremony's state is kept in the challenge.
func (d *deps) beginPasskeySecondFactor(w http.ResponseWriter, r *http.Request) error {
	c, err := d.ceremonies()
	if err != nil {
		return err
	}
	var in challengeBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	ch, acc, err := d.Auth.OpenChallenge(ctx, in.Challenge)
	if err != nil {
		return err
	}
	keys, err := d.Store.Passkeys(ctx, acc.OrgID, acc.ID)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		return portal.E(portal.Conflict, "no_passkey", "the account has no passkey")
	}
	options, state, err := c.BeginLogin(&acc, keys)
	if err != nil {
		return err
	}
	if ch.Data == nil {
		ch.Data = map[string]string{}
	}
	ch.Data[stateKey] = base64.RawStdEncoding.EncodeToString(state)
	if err := d.Store.SaveOneTime(ctx, ch); err != nil {
		return portal.Wrap(portal.Unauthenticated, "mfa_challenge_invalid", err)
	}
	return httpapi.Reply(w, ceremonyView{Options: options})
}

// finishPasskeySecondFactor closes the challenge with the passkey's answer and opens
// the session; a wrong answer counts like a wrong code.
func (d *deps) finishPasskeySecondFactor(w http.ResponseWriter, r *http.Request) error {
	c, err := d.ceremonies()
	if err != nil {
		return err
	}
	var in passkeyFactorBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	if len(in.Credential) == 0 {
		return portal.Fields{{Field: "credential", Code: "required"}}.Err()
	}
	ctx := r.Context()
	ch, acc, err := d.Auth.OpenChallenge(ctx, in.Challenge)
	if err != nil {
		return err
	}
	if ch.Data[stateKey] == "" {
		return errCeremony
	}
	state, err := ceremonyState(ch)
	if err != nil {
		return err
	}
	owner := func([]byte) (store.Account, []store.Passkey, error) {
		keys, err := d.Store.Passkeys(ctx, acc.OrgID, acc.ID)
		return acc, keys, err
	}
	_, key, err := c.FinishLogin(state, in.Credential, owner)
	if portal.Is(err, portal.Invalid) {
		return d.Auth.FailChallenge(ctx, ch, acc, d.Attempt(r.Context()), store.MethodPasskey)
	}
	if err != nil {
		return err
	}
	key.LastUsed = d.Time().UTC()
	if err := d.Store.SavePasskey(ctx, key); err != nil {
		return passkeyRace(err)
	}
	ops, err := d.SignedIn(ctx, acc, store.MethodPasskey)
	if err != nil {
		return err
	}
	if err := d.Auth.PassChallenge(ctx, ch, acc, ops...); err != nil {
		return err
	}
	return d.OpenSession(w, r, acc, false)
}
