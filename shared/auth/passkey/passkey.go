// Package passkey runs the WebAuthn ceremonies of passkeys with the go-webauthn
// library: registering one for a signed-in person, and checking one at sign-in,
// alone (a discoverable credential) or as a second factor. It is its own package so
// that only the programs that serve passkeys link the library: the HTTP layer sees
// it through httpapi.PasskeyCeremonies.
package passkey

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// Ceremonies runs the ceremonies for one portal address.
type Ceremonies struct {
	w *webauthn.WebAuthn
}

// New prepares the ceremonies of the portal at baseURL: its host is the relying
// party's id, its origin the only one accepted.
func New(baseURL string) (*Ceremonies, error) {
	u, err := url.Parse(baseURL)
	if err != nil || u.Hostname() == "" {
		return nil, portal.Internalf("passkey: base URL %q has no host", baseURL)
	}
	w, err := webauthn.New(&webauthn.Config{
		RPID:          u.Hostname(),
		RPDisplayName: "Guichet",
		RPOrigins:     []string{u.Scheme + "://" + u.Host},
	})
	if err != nil {
		return nil, portal.Internalf("passkey: %w", err)
	}
	return &Ceremonies{w: w}, nil
}

// user is a person as the library sees them: their id is the user handle that
// authenticators keep with a discoverable credential.
type user struct {
	acc   store.Account
	creds []webauthn.Credential
}

func (u user) WebAuthnID() []byte                         { return []byte(u.acc.ID) }
func (u user) WebAuthnName() string                       { return u.acc.Email }
func (u user) WebAuthnCredentials() []webauthn.Credential { return u.creds }
func (u user) WebAuthnDisplayName() string {
	return strings.TrimSpace(u.acc.FirstName + " " + u.acc.LastName)
}

func newUser(acc store.Account, keys []store.Passkey) (user, error) {
	u := user{acc: acc, creds: make([]webauthn.Credential, len(keys))}
	for i, k := range keys {
		if err := json.Unmarshal(k.Credential, &u.creds[i]); err != nil {
			return user{}, portal.Internalf("passkey: corrupt credential %s: %w", k.ID, err)
		}
	}
	return u, nil
}

// invalid is what the browser's answer gets when it does not verify: the library's
// reason goes to the log only.
func invalid(err error) error {
	return portal.Wrap(portal.Invalid, "passkey_invalid", err)
}

// BeginRegistration returns the options of navigator.credentials.create() for a new
// discoverable passkey of acc (excluding the ones they have), and the state to keep
// until FinishRegistration.
func (c *Ceremonies) BeginRegistration(acc store.Account, existing []store.Passkey) (json.RawMessage, []byte, error) {
	u, err := newUser(acc, existing)
	if err != nil {
		return nil, nil, err
	}
	creation, session, err := c.w.BeginRegistration(u,
		webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementRequired),
		webauthn.WithExclusions(webauthn.Credentials(u.creds).CredentialDescriptors()))
	if err != nil {
		return nil, nil, portal.Internalf("passkey: %w", err)
	}
	return marshal(creation, session)
}

// FinishRegistration checks the browser's answer (the PublicKeyCredential as JSON)
// against state and returns the new passkey; the caller names and stores it.
func (c *Ceremonies) FinishRegistration(acc store.Account, existing []store.Passkey, state, response []byte) (store.Passkey, error) {
	u, err := newUser(acc, existing)
	if err != nil {
		return store.Passkey{}, err
	}
	var session webauthn.SessionData
	if err := json.Unmarshal(state, &session); err != nil {
		return store.Passkey{}, portal.Internalf("passkey: corrupt ceremony state: %w", err)
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(response)
	if err != nil {
		return store.Passkey{}, invalid(err)
	}
	cred, err := c.w.CreateCredential(u, session, parsed)
	if err != nil {
		return store.Passkey{}, invalid(err)
	}
	raw, err := json.Marshal(cred)
	if err != nil {
		return store.Passkey{}, portal.Internalf("passkey: %w", err)
	}
	return store.Passkey{ID: store.PasskeyID(cred.ID), OrgID: acc.OrgID, UserID: acc.ID, Credential: raw}, nil
}

// BeginLogin returns the options of navigator.credentials.get() and the state to
// keep until FinishLogin: for one of acc's passkeys as a second factor, or, when acc
// is nil, for any discoverable passkey of the portal, with user verification, since
// it then stands in for the password too.
func (c *Ceremonies) BeginLogin(acc *store.Account, existing []store.Passkey) (json.RawMessage, []byte, error) {
	if acc == nil {
		assertion, session, err := c.w.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationRequired))
		if err != nil {
			return nil, nil, portal.Internalf("passkey: %w", err)
		}
		return marshal(assertion, session)
	}
	u, err := newUser(*acc, existing)
	if err != nil {
		return nil, nil, err
	}
	assertion, session, err := c.w.BeginLogin(u)
	if err != nil {
		return nil, nil, portal.Internalf("passkey: %w", err)
	}
	return marshal(assertion, session)
}

// FinishLogin checks the browser's answer against state. owner returns the account
// and passkeys of the person who registered a credential id. It returns that
// account and the passkey used, with its new sign count for the caller to save. A
// passkey whose counter went backwards (a cloned authenticator) is refused.
func (c *Ceremonies) FinishLogin(state, response []byte, owner func(credentialID []byte) (store.Account, []store.Passkey, error)) (store.Account, store.Passkey, error) {
	var session webauthn.SessionData
	if err := json.Unmarshal(state, &session); err != nil {
		return store.Account{}, store.Passkey{}, portal.Internalf("passkey: corrupt ceremony state: %w", err)
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(response)
	if err != nil {
		return store.Account{}, store.Passkey{}, invalid(err)
	}
	var found user
	var keys []store.Passkey
	lookup := func(rawID, userHandle []byte) (webauthn.User, error) {
		acc, ks, err := owner(rawID)
		if err != nil {
			return nil, err
		}
		if userHandle != nil && string(userHandle) != acc.ID {
			return nil, errors.New("the user handle is not the credential owner's")
		}
		if found, err = newUser(acc, ks); err != nil {
			return nil, err
		}
		keys = ks
		return found, nil
	}
	var cred *webauthn.Credential
	if len(session.UserID) == 0 {
		_, cred, err = c.w.ValidatePasskeyLogin(lookup, session, parsed)
	} else if _, err = lookup(parsed.RawID, nil); err == nil {
		cred, err = c.w.ValidateLogin(found, session, parsed)
	}
	if err != nil {
		var pe *portal.Error
		if errors.As(err, &pe) && pe.Kind == portal.Internal {
			return store.Account{}, store.Passkey{}, err
		}
		return store.Account{}, store.Passkey{}, invalid(err)
	}
	if cred.Authenticator.CloneWarning {
		return store.Account{}, store.Passkey{}, invalid(errors.New("the sign count went backwards"))
	}
	id := store.PasskeyID(cred.ID)
	for _, k := range keys {
		if k.ID == id {
			if k.Credential, err = json.Marshal(cred); err != nil {
				return store.Account{}, store.Passkey{}, portal.Internalf("passkey: %w", err)
			}
			return found.acc, k, nil
		}
	}
	return store.Account{}, store.Passkey{}, invalid(errors.New("the credential is not the owner's"))
}

func marshal(options any, session *webauthn.SessionData) (json.RawMessage, []byte, error) {
	o, err := json.Marshal(options)
	if err != nil {
		return nil, nil, portal.Internalf("passkey: %w", err)
	}
	s, err := json.Marshal(session)
	if err != nil {
		return nil, nil, portal.Internalf("passkey: %w", err)
	}
	return o, s, nil
}
