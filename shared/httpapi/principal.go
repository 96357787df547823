package httpapi

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/config"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// SessionCookie holds the session token: HttpOnly, Secure, SameSite=Lax. Its
// __Host- prefix makes browsers keep it only as this host set it (Secure, Path=/, no
// Domain), so that a sibling domain or a plain-http page cannot plant one; see
// Deps.cookie for the plain name used over http on this machine.
const SessionCookie = "__Host-guichet_session"

// Cookie is the name a cookie goes by: its prefixed name when the portal is served
// over https, its plain name otherwise, which the configuration allows only on this
// machine (browsers refuse prefixed cookies without https).
func (d *Deps) Cookie(name string) string {
	if strings.HasPrefix(d.BaseURL, "https://") {
		return name
	}
	return strings.TrimPrefix(strings.TrimPrefix(name, "__Host-"), "__Secure-")
}

// CSRFHeader must carry the session's CSRF token on every state-changing request of
// a signed-in browser.
const CSRFHeader = "X-CSRF-Token"

func stateChanging(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// authenticate puts the session's principal in the request's context when the
// session cookie is valid, and refuses cross-site state changes: a foreign Origin
// always, and a signed-in request without the session's CSRF token.
func (d *Deps) authenticate(r *http.Request) (*http.Request, error) {
	if stateChanging(r.Method) && !d.sameOrigin(r) {
		return r, portal.E(portal.Forbidden, "csrf_failed", "cross-site request refused")
	}
	c, err := r.Cookie(d.Cookie(SessionCookie))
	if err != nil || d.Sessions == nil {
		return r, nil
	}
	sess, due, err := d.Sessions.Lookup(r.Context(), c.Value)
	if errors.Is(err, auth.ErrActorChanged) {
		return r, d.endForActor(r.Context(), sess)
	}
	if portal.Is(err, portal.Unauthenticated) {
		return r, nil
	}
	if err != nil {
		return r, err
	}
	if stateChanging(r.Method) && (sess.CSRF == "" || r.Header.Get(CSRFHeader) != sess.CSRF) {
		return r, portal.E(portal.Forbidden, "csrf_failed", "missing or wrong CSRF token")
	}
	ctx := context.WithValue(r.Context(), sessionCtxKey{}, sess)
	if due {
		ctx = context.WithValue(ctx, slideCtxKey{}, true)
	}
	return r.WithContext(portal.WithPrincipal(ctx, principalOf(sess))), nil
}

// endForActor ends a log-in-as whose real person may no longer do it, audited as
// a log-in-as end naming both people, and lets the request go on unauthenticated.
// Of requests racing to end it, one writes the end.
func (d *Deps) endForActor(ctx context.Context, sess store.Session) error {
	as := portal.WithPrincipal(ctx, principalOf(sess))
	err := d.Store.Table().Transact(ctx, store.EndSession(sess.ID),
		d.Audit(as, sess.OrgID, "impersonation.end", AuditTarget(sess.UserID), nil, nil))
	if portal.Is(err, portal.Conflict) {
		return nil
	}
	return err
}

// slideCtxKey marks a request whose session's idle limit is due to slide.
type slideCtxKey struct{}

// slideAfter slides the idle limit of the request's session when it is due, once the
// answer is out: the client does not wait for the write (the answer carries its
// length, so a flushed answer is a complete one). Behind API Gateway the answer
// leaves when the handler returns, so there it costs what sliding first would. The
// write still counts in the request's log line, not in its headers.
//
// Once a minute is also when a session learns that its organisation came to
// require a second factor its person does not have: it becomes an enrolment-only
// session, as a sign-in would open, so the policy holds within a minute for
// sessions already open rather than at their next sign-in.
func (d *Deps) slideAfter(w http.ResponseWriter, r *http.Request) {
	if due, _ := r.Context().Value(slideCtxKey{}).(bool); !due {
		return
	}
	sess, _ := SessionOf(r.Context())
	_ = http.NewResponseController(w).Flush()
	ctx := context.WithoutCancel(r.Context())
	if sess.Limit == "" && sess.Actor == nil {
		enrol, err := d.enrolmentDue(ctx, sess)
		if err != nil {
			Logger(ctx).Warn("second-factor policy not checked", "error", err.Error())
		}
		if enrol {
			sess.Limit = portal.LimitMFAEnrolment
		}
	}
	if err := d.Sessions.Slide(ctx, sess); err != nil {
		Logger(ctx).Warn("session idle limit not slid", "error", err.Error())
	}
}

// enrolmentDue reports whether the person of a session must enrol a second factor
// before anything else: their organisation requires one and they have none.
func (d *Deps) enrolmentDue(ctx context.Context, sess store.Session) (bool, error) {
	org, err := d.Store.Organisation(ctx, sess.OrgID)
	if err != nil || !org.MFARequired {
		return false, err
	}
	a, err := d.Store.Account(ctx, sess.OrgID, sess.UserID)
	if err != nil {
		return false, err
	}
	return !a.HasSecondFactor(), nil
}

// sessionCtxKey carries the resolved session, so handlers that need more than the
// principal (its CSRF token, its times) do not read it again.
type sessionCtxKey struct{}

// SessionOf returns the session the request came with, as authenticate resolved it,
// for handlers that need more than its principal (its CSRF token, its times).
func SessionOf(ctx context.Context) (store.Session, bool) {
	s, ok := ctx.Value(sessionCtxKey{}).(store.Session)
	return s, ok
}

func principalOf(s store.Session) portal.Principal {
	return portal.Principal{UserID: s.UserID, OrgID: s.OrgID, Role: s.Role, Status: s.Status, Lang: s.Lang, SessionID: s.ID, Actor: s.Actor, Limit: s.Limit}
}

// sameOrigin accepts requests with no Origin (same-origin GETs, non-browser clients,
// which cannot carry the victim's cookie) and those whose Origin is one of the
// portal's, in scheme, host and port. The request's Host proves nothing: behind
// CloudFront it is the API's own domain.
func (d *Deps) sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	o, ok := config.Origin(origin)
	return ok && slices.Contains(d.allowedOrigins(), o)
}

// allowedOrigins are the portal's origins: AllowedOrigins, else the base URL's.
func (d *Deps) allowedOrigins() []string {
	if len(d.AllowedOrigins) > 0 {
		return d.AllowedOrigins
	}
	if o, ok := config.Origin(d.BaseURL); ok {
		return []string{o}
	}
	return nil
}

// Principal returns the signed-in principal or an Unauthenticated error.
func Principal(r *http.Request) (portal.Principal, error) {
	if p, ok := portal.PrincipalFrom(r.Context()); ok {
		return p, nil
	}
	return portal.Principal{}, portal.E(portal.Unauthenticated, "unauthenticated", "sign in first")
}

// SetSessionCookie gives the browser the session cookie of token until expires.
func (d *Deps) SetSessionCookie(w http.ResponseWriter, token string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{
		Name: d.Cookie(SessionCookie), Value: token, Path: "/", Expires: expires,
		HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode,
	})
}

// ClearSessionCookie tells the browser to forget its session cookie.
func (d *Deps) ClearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: d.Cookie(SessionCookie), Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
}
