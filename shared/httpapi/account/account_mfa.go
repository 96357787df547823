package account

import (
	"net/http"
	"strconv"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// totpStartView is what an authenticator app needs: the secret to type, or the
// otpauth:// address the QR code (an SVG data: URI) holds.
type totpStartView struct {
	Secret     string `json:"secret"`
	OtpauthURI string `json:"otpauthUri"`
	QRCode     string `json:"qrCode"`
}

// startTOTP gives the person a new authenticator secret, which works once a first
// code confirms it.
func (d *deps) startTOTP(w http.ResponseWriter, r *http.Request) error {
	_, acc, err := d.sensitiveSelf(r)
	if err != nil {
		return err
	}
	if acc.TOTP != "" {
		return portal.E(portal.Conflict, "totp_already_enabled", "an authenticator app is already enrolled")
	}
	secret, err := d.Auth.StartTOTP(&acc)
	if err != nil {
		return err
	}
	if err := d.Store.SaveAccount(r.Context(), acc); err != nil {
		return err
	}
	uri := auth.TOTPURI(secret, acc.Email)
	qr, err := qrDataURI(uri)
	if err != nil {
		return portal.Internalf("QR code: %w", err)
	}
	return httpapi.Reply(w, totpStartView{Secret: secret, OtpauthURI: uri, QRCode: qr})
}

// recoveryView shows new recovery codes, once, and the CSRF token from now on (a new
// one when the enrolment moved the session to a new id).
type recoveryView struct {
	RecoveryCodes []string `json:"recoveryCodes"`
	CSRF          string   `json:"csrf,omitempty"`
}

// confirmTOTP enrols the pending secret when the code is right and answers with the
// recovery codes. A session that was waiting for this enrolment becomes a full one,
// under a new id.
func (d *deps) confirmTOTP(w http.ResponseWriter, r *http.Request) error {
	var in codeBody
	p, acc, err := d.sensitiveRequest(r, &in)
	if err != nil {
		return err
	}
	codes, err := d.Auth.ConfirmTOTP(r.Context(), &acc, in.Code, d.Attempt(r.Context()))
	if err != nil {
		return err
	}
	notice, err := d.mfaChanged(acc, true, store.MethodTOTP)
	if err != nil {
		return err
	}
	if err := d.Store.SaveAccount(r.Context(), acc, notice...); err != nil {
		return err
	}
	csrf, err := d.afterEnrolment(w, r, p, acc)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, recoveryView{RecoveryCodes: codes, CSRF: csrf})
}

// afterEnrolment moves a session that had to enrol a second factor to a new id,
// held to what comes next, if anything, and returns the CSRF token the caller uses
// from now on.
func (d *deps) afterEnrolment(w http.ResponseWriter, r *http.Request, p portal.Principal, acc store.Account) (string, error) {
	if p.Limit != portal.LimitMFAEnrolment {
		sess, _ := httpapi.SessionOf(r.Context())
		return sess.CSRF, nil
	}
	sess, err := d.RenewSession(w, r, acc.User, httpapi.SessionLimit(acc, false))
	return sess.CSRF, err
}

// mfaChanged is the mail and the notification that tell the person a second
// factor was added or removed.
func (d *deps) mfaChanged(acc store.Account, enabled bool, method string) ([]table.Op, error) {
	return d.SecurityNotice(acc, portal.EventMFAChanged, map[string]any{"Name": acc.FirstName, "Enabled": enabled,
		"Method": method, "AccountURL": d.PageLink(httpapi.PageAccount, "")},
		map[string]string{"Enabled": strconv.FormatBool(enabled), "Method": method})
}

// errTOTPNotEnabled refuses a change to an authenticator app the person does not have.
var errTOTPNotEnabled = portal.E(portal.Conflict, "totp_not_enabled", "no authenticator app is enrolled")

type disableTOTPBody struct {
	Password     string `json:"password"`
	Code         string `json:"code"`
	RecoveryCode string `json:"recoveryCode"`
}

// disableTOTP removes the authenticator app and the recovery codes, given the
// password and a code of the app (or a recovery code, when the app is lost). An
// organisation that requires a second factor keeps the person's last one.
func (d *deps) disableTOTP(w http.ResponseWriter, r *http.Request) error {
	var in disableTOTPBody
	_, acc, err := d.sensitiveRequest(r, &in)
	if err != nil {
		return err
	}
	if acc.TOTP == "" {
		return errTOTPNotEnabled
	}
	var f portal.Fields
	if in.Password == "" {
		f.Add("password", "required")
	}
	if (in.Code == "") == (in.RecoveryCode == "") {
		f.Add("code", "required")
	}
	if err := f.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	if err := d.keepsRequiredFactor(r, acc, acc.Passkeys > 0); err != nil {
		return err
	}
	if err := d.Auth.Reauthenticate(ctx, acc, in.Password, "password", d.Attempt(r.Context())); err != nil {
		return err
	}
	if err := d.Auth.CheckSecondFactor(ctx, &acc, in.Code, in.RecoveryCode, d.Attempt(r.Context())); err != nil {
		return err
	}
	auth.DisableTOTP(&acc)
	notice, err := d.mfaChanged(acc, false, store.MethodTOTP)
	if err != nil {
		return err
	}
	if err := d.Store.SaveAccount(ctx, acc, notice...); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// keepsRequiredFactor refuses to remove a second factor when the organisation
// requires one and the person would have none left (othersLeft false).
func (d *deps) keepsRequiredFactor(r *http.Request, acc store.Account, othersLeft bool) error {
	if othersLeft {
		return nil
	}
	org, err := d.Store.Organisation(r.Context(), acc.OrgID)
	if err != nil && !portal.Is(err, portal.NotFound) {
		return err
	}
	if org.MFARequired {
		return portal.E(portal.Conflict, "mfa_required_by_organisation", "the organisation requires a second factor")
	}
	return nil
}

type passwordOnlyBody struct {
	Password string `json:"password"`
}

// renewRecoveryCodes replaces the recovery codes with ten new ones, given the
// password: the old ones stop working.
func (d *deps) renewRecoveryCodes(w http.ResponseWriter, r *http.Request) error {
	var in passwordOnlyBody
	_, acc, err := d.sensitiveRequest(r, &in)
	if err != nil {
		return err
	}
	if acc.TOTP == "" {
		return errTOTPNotEnabled
	}
	if in.Password == "" {
		return portal.Fields{{Field: "password", Code: "required"}}.Err()
	}
	if err := d.Auth.Reauthenticate(r.Context(), acc, in.Password, "password", d.Attempt(r.Context())); err != nil {
		return err
	}
	codes := d.Auth.NewRecoveryCodes(&acc)
	if err := d.Store.SaveAccount(r.Context(), acc); err != nil {
		return err
	}
	return httpapi.Reply(w, recoveryView{RecoveryCodes: codes})
}
