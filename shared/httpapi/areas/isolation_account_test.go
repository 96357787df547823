package areas_test

import (
	"context"
	"fmt"
	"testing"
)

// The account feature's rows: "My account" acts on the signed-in person only, so
// the scope is what of an organisation the body or path names (its target user's
// address, a session of its target user). State-changing rows change the
// principal's own account in acme; the matrix checks that globex stays untouched.
func init() {
	isolationRows = append(isolationRows,
		isolationRow{method: "GET", path: "/api/v1/me", want: ownAccount(codes{200, 200})},
		// The other scope's edit, sent first, moves the profile to version 1: the
		// same scope's edit sends that version ({meVersion}). A new notification
		// address only waits for its code, and is the person's alone to give; the
		// code goes to the address, so its owner in the other organisation gets
		// that mail, by design.
		isolationRow{method: "PUT", path: "/api/v1/me",
			body: `{"version":{meVersion},"civility":"Mme","firstName":"Nina","lastName":"Changed","lang":"en","landline":"","notificationEmail":"{email}"}`,
			want: personOnly(codes{200, 200}), crossWrite: []string{userNone, visitor, manager, admin, operatorAs}},
		isolationRow{method: "POST", path: "/api/v1/me/notification-email/confirm", body: `{"code":"123456"}`, want: personOnly(codes{409, 409})},
		// A new password ends every session of the person and moves the current one
		// to a new id: after the other scope's change, sent first, the browser's
		// cookie is gone.
		isolationRow{method: "POST", path: "/api/v1/me/password", body: `{"current":"Guichet#Test2026","new":"Another#Pass{uniq}"}`,
			want: personOnly(codes{401, 200})},
		isolationRow{method: "POST", path: "/api/v1/me/email", body: `{"newEmail":"moved{uniq}@{org}.example","password":"Guichet#Test2026"}`,
			want: personOnly(codes{202, 202})},
		// Asking for an address that is taken does not tell so (202): the code goes
		// to the address, so its owner in the other organisation gets that mail, by
		// design; only its owner learns, at confirmation, that it is taken.
		isolationRow{method: "POST", path: "/api/v1/me/email", body: `{"newEmail":"{email}","password":"Guichet#Test2026"}`,
			want: personOnly(codes{202, 202}), crossWrite: []string{userNone, visitor, manager, admin, operatorAs}},
		isolationRow{method: "POST", path: "/api/v1/me/email/confirm", body: `{"code":"123456"}`, want: personOnly(codes{409, 409})},
		isolationRow{method: "POST", path: "/api/v1/me/totp/start", want: personOnly(codes{200, 200})},
		isolationRow{method: "POST", path: "/api/v1/me/totp/confirm", body: `{"code":"123456"}`, want: personOnly(codes{409, 409})},
		isolationRow{method: "POST", path: "/api/v1/me/totp/disable", body: `{"password":"Guichet#Test2026","code":"123456","recoveryCode":""}`,
			want: personOnly(codes{409, 409})},
		isolationRow{method: "POST", path: "/api/v1/me/totp/recovery-codes", body: `{"password":"Guichet#Test2026"}`,
			want: personOnly(codes{409, 409})},
		isolationRow{method: "GET", path: "/api/v1/me/sessions", want: ownAccount(codes{200, 200})},
		// Another person's session is not found, whichever organisation they are in.
		isolationRow{method: "DELETE", path: "/api/v1/me/sessions/{targetSession}", want: ownAccount(codes{404, 404})},
		isolationRow{method: "POST", path: "/api/v1/me/sessions/revoke-others", want: ownAccount(codes{204, 204})},
		isolationRow{method: "GET", path: "/api/v1/me/signins", want: ownAccount(codes{200, 200})},
		// The company pages are a customer's: an operator has none.
		isolationRow{method: "GET", path: "/api/v1/me/company", want: all(codes{200, 200}, map[string]codes{anonymous: {401, 401}, operatorAs: {403, 403}})},
		// The message goes to the other administrators of the person's organisation;
		// acme's only administrator has nobody to write to.
		isolationRow{method: "POST", path: "/api/v1/me/company/contact", body: `{"subject":"A question {uniq}","message":"Hello,\nplease call me."}`,
			want: all(codes{202, 202}, map[string]codes{anonymous: {401, 401}, admin: {409, 409}, operatorAs: {403, 403}})},
		isolationRow{method: "PUT", path: "/api/v1/me/company/security", body: `{"mfaRequired":true}`, want: adminList()},
	)
	isoSetups = append(isoSetups, func(t *testing.T, f *isoFixture, o *isoOrg) {
		_, sess, err := f.e.Deps.Sessions.Start(context.Background(), o.target, "", f.e.IP, "Isolation matrix")
		if err != nil {
			t.Fatal(err)
		}
		o.vals["targetSession"] = sess.ID
		o.vals["meVersion"] = map[string]string{"globex": "0", "acme": "1"}[o.id]
	})
	// Sessions live outside the organisation's partition; beyond their number, which
	// the snapshot counts, any write to one of them must show.
	isoSnapshots = append(isoSnapshots, func(t *testing.T, f *isoFixture, o isoOrg) []string {
		var lines []string
		for _, id := range []string{o.admin.ID, o.target.ID} {
			sessions, err := f.e.Store.UserSessions(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range sessions {
				lines = append(lines, fmt.Sprintf("session %s of %s v%d", s.ID, id, s.Version))
			}
		}
		return lines
	})
}
