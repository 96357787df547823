package httpapi

import (
	"net"
	"net/http"
	"strings"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// Session is the sign-in feature: open, read and close a session.
var Session = Feature{Name: "session", Routes: func(rt *Router, d *Deps) {
	rt.Handle("POST /api/v1/session", d.signIn)
	rt.Handle("GET /api/v1/session", d.currentSession)
	rt.Handle("DELETE /api/v1/session", d.signOut)
}}

type signInBody struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type sessionView struct {
	User  portal.User   `json:"user"`
	CSRF  string        `json:"csrf"`
	Actor *portal.Actor `json:"actor,omitempty"`
}

// clientIP is the caller's address: API Gateway and the local server both put it in
// RemoteAddr (the Lambda adapter fills it from the request context).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (d *Deps) signIn(w http.ResponseWriter, r *http.Request) error {
	var in signInBody
	if err := Decode(r, &in); err != nil {
		return err
	}
	var f portal.Fields
	in.Email = strings.TrimSpace(in.Email)
	if in.Email == "" {
		f.Add("email", "required")
	} else if len(in.Email) > 254 || !strings.Contains(in.Email, "@") {
		f.Add("email", "email")
	}
	if in.Password == "" {
		f.Add("password", "required")
	} else if len(in.Password) > 256 {
		f.Add("password", "too_long")
	}
	if err := f.Err(); err != nil {
		return err
	}
	acc, err := d.Auth.CheckPassword(r.Context(), in.Email, in.Password, clientIP(r))
	if err != nil {
		return err
	}
	if old, err := r.Cookie(SessionCookie); err == nil {
		// A new session id on every sign-in: the old one, if any, ends here.
		_ = d.Sessions.End(r.Context(), old.Value)
	}
	token, sess, err := d.Sessions.Start(r.Context(), acc.User, nil, clientIP(r), r.UserAgent())
	if err != nil {
		return err
	}
	setSessionCookie(w, token, sess.Expires)
	return Reply(w, sessionView{User: acc.User, CSRF: sess.CSRF})
}

func (d *Deps) currentSession(w http.ResponseWriter, r *http.Request) error {
	sess, ok := r.Context().Value(sessionCtxKey{}).(store.Session)
	if !ok {
		return portal.E(portal.Unauthenticated, "unauthenticated", "sign in first")
	}
	u, err := d.Store.User(r.Context(), sess.OrgID, sess.UserID)
	if err != nil {
		return err
	}
	return Reply(w, sessionView{User: u, CSRF: sess.CSRF, Actor: sess.Actor})
}

func (d *Deps) signOut(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(SessionCookie); err == nil {
		if err := d.Sessions.End(r.Context(), c.Value); err != nil {
			return err
		}
	}
	clearSessionCookie(w)
	w.WriteHeader(http.StatusNoContent)
	return nil
}
