package auth

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// TOTP as RFC 6238 defines it and authenticator apps expect it: HMAC-SHA-1, six
// digits, 30-second steps. A code of the step before or after the current one is
// accepted too, for clocks that drift a little.
const (
	TOTPPeriod = 30
	TOTPDigits = 6
	TOTPSkew   = 1
	// TOTPIssuer names the portal in authenticator apps.
	TOTPIssuer = "Guichet"
	// RecoveryCodes is how many single-use recovery codes a person gets.
	RecoveryCodes = 10
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret returns 20 random bytes (the size of an HMAC-SHA-1 key), in base32.
func NewTOTPSecret() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return b32.EncodeToString(b)
}

// TOTPStep is the 30-second step t falls in.
func TOTPStep(t time.Time) int64 { return t.Unix() / TOTPPeriod }

// TOTPCode returns the code of secret (base32) for one step.
func TOTPCode(secret string, step int64) (string, error) {
	key, err := b32.DecodeString(strings.ToUpper(secret))
	if err != nil {
		return "", portal.Internalf("auth: bad TOTP secret: %w", err)
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(step))
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	n := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", n%1_000_000), nil
}

// matchTOTP returns the step, among those within TOTPSkew of now and after last,
// whose code is code.
func matchTOTP(secret, code string, now time.Time, last int64) (int64, bool) {
	code = strings.ReplaceAll(code, " ", "")
	if len(code) != TOTPDigits {
		return 0, false
	}
	cur := TOTPStep(now)
	matched, found := int64(0), false
	for step := cur - TOTPSkew; step <= cur+TOTPSkew; step++ {
		want, err := TOTPCode(secret, step)
		// Compare every step in constant time, so timing shows nothing of which matched.
		if err == nil && hmac.Equal([]byte(want), []byte(code)) && step > last && !found {
			matched, found = step, true
		}
	}
	return matched, found
}

// TOTPURI is the otpauth:// address an authenticator app reads from the QR code.
func TOTPURI(secret, account string) string {
	label := url.PathEscape(TOTPIssuer + ":" + account)
	q := url.Values{"secret": {secret}, "issuer": {TOTPIssuer}, "algorithm": {"SHA1"},
		"digits": {fmt.Sprint(TOTPDigits)}, "period": {fmt.Sprint(TOTPPeriod)}}
	return "otpauth://totp/" + label + "?" + q.Encode()
}

// StartTOTP gives acc a new secret waiting for confirmation and returns it, for the
// person's app. The caller saves acc. Starting again replaces the pending secret.
func (a *Authenticator) StartTOTP(acc *store.Account) (string, error) {
	secret := NewTOTPSecret()
	sealed, err := a.seal(secret)
	if err != nil {
		return "", err
	}
	acc.TOTPPending = sealed
	return secret, nil
}

var errWrongCode = &portal.Error{Kind: portal.Invalid, Code: "invalid_fields", Message: "wrong code",
	Fields: []portal.FieldError{{Field: "code", Code: "wrong_code"}}}

// ConfirmTOTP checks a first code of the pending secret. When it matches, the secret
// becomes the person's second factor and ConfirmTOTP returns new recovery codes, to
// show once. The caller saves acc. A wrong code counts as every wrong code after
// sign-in does (see WrongCode).
func (a *Authenticator) ConfirmTOTP(ctx context.Context, acc *store.Account, code string, at Attempt) ([]string, error) {
	if acc.TOTPPending == "" {
		return nil, portal.E(portal.Conflict, "totp_not_started", "start the enrolment first")
	}
	if a.Locked(*acc) {
		return nil, errLocked
	}
	secret, err := a.unseal(acc.TOTPPending)
	if err != nil {
		return nil, err
	}
	step, ok := matchTOTP(secret, code, a.now(), 0)
	if !ok {
		return nil, a.WrongCode(ctx, *acc, at)
	}
	acc.TOTP, acc.TOTPPending, acc.TOTPLastStep = acc.TOTPPending, "", step
	return a.NewRecoveryCodes(acc), nil
}

// CheckTOTP reports whether code is a fresh code of the person's app. It remembers
// the code's step in acc, so that the same code, or an older one, never works again;
// the caller saves acc.
func (a *Authenticator) CheckTOTP(acc *store.Account, code string) bool {
	if acc.TOTP == "" {
		return false
	}
	secret, err := a.unseal(acc.TOTP)
	if err != nil {
		return false
	}
	step, ok := matchTOTP(secret, code, a.now(), acc.TOTPLastStep)
	if ok {
		acc.TOTPLastStep = step
	}
	return ok
}

// UseRecoveryCode reports whether code is one of the person's unused recovery codes,
// and strikes it from acc; the caller saves acc.
func (a *Authenticator) UseRecoveryCode(acc *store.Account, code string) bool {
	h := a.Hash("recovery", normalizeRecoveryCode(code))
	for i, c := range acc.RecoveryCodes {
		if hmac.Equal([]byte(c), []byte(h)) {
			acc.RecoveryCodes = append(acc.RecoveryCodes[:i:i], acc.RecoveryCodes[i+1:]...)
			return true
		}
	}
	return false
}

// DisableTOTP removes the app and the recovery codes from acc; the caller saves it.
func DisableTOTP(acc *store.Account) {
	acc.TOTP, acc.TOTPPending, acc.TOTPLastStep, acc.RecoveryCodes = "", "", 0, nil
}

// NewRecoveryCodes replaces acc's recovery codes with new ones and returns them in
// the form shown to the person, once: ten base32 letters and digits in two groups.
// The caller saves acc.
func (a *Authenticator) NewRecoveryCodes(acc *store.Account) []string {
	codes := make([]string, RecoveryCodes)
	acc.RecoveryCodes = make([]string, RecoveryCodes)
	for i := range codes {
		b := make([]byte, 7)
		_, _ = rand.Read(b)
		s := strings.ToLower(b32.EncodeToString(b))[:10]
		codes[i] = s[:5] + "-" + s[5:]
		acc.RecoveryCodes[i] = a.Hash("recovery", s)
	}
	return codes
}

// normalizeRecoveryCode forgives case, spaces and dashes, as people type codes.
func normalizeRecoveryCode(code string) string {
	return strings.NewReplacer("-", "", " ", "").Replace(strings.ToLower(strings.TrimSpace(code)))
}

// seal encrypts a TOTP secret with a key derived from the portal's secret, so that a
// copy of the table alone does not give anyone a person's codes.
func (a *Authenticator) seal(plain string) (string, error) {
	gcm, err := a.totpCipher()
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	_, _ = rand.Read(nonce)
	return base64.RawStdEncoding.EncodeToString(gcm.Seal(nonce, nonce, []byte(plain), nil)), nil
}

func (a *Authenticator) unseal(sealed string) (string, error) {
	gcm, err := a.totpCipher()
	if err != nil {
		return "", err
	}
	raw, err := base64.RawStdEncoding.DecodeString(sealed)
	if err != nil || len(raw) < gcm.NonceSize() {
		return "", portal.Internalf("auth: corrupt sealed TOTP secret")
	}
	plain, err := gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], nil)
	if err != nil {
		return "", portal.Internalf("auth: TOTP secret does not open: %w", err)
	}
	return string(plain), nil
}

func (a *Authenticator) totpCipher() (cipher.AEAD, error) {
	block, err := aes.NewCipher(a.key("totp seal"))
	if err != nil {
		return nil, portal.Internalf("auth: %w", err)
	}
	return cipher.NewGCM(block)
}
