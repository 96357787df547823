package auth_test

import (
	"context"
	"encoding/base32"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/store"
)

// rfcSecret is the SHA-1 key of RFC 6238's test vectors, "12345678901234567890".
var rfcSecret = base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("12345678901234567890"))

func TestTOTPMatchesRFC6238(t *testing.T) {
	// The RFC's eight-digit codes, of which authenticator apps show the last six.
	for unix, want := range map[int64]string{59: "94287082", 1111111109: "07081804", 1111111111: "14050471",
		1234567890: "89005924", 2000000000: "69279037", 20000000000: "65353130"} {
		got, err := auth.TOTPCode(rfcSecret, auth.TOTPStep(time.Unix(unix, 0)))
		if err != nil || got != want[2:] {
			t.Errorf("T=%d: code %q (%v), want %q", unix, got, err, want[2:])
		}
	}
}

func clockAt(t time.Time) func() time.Time { return func() time.Time { return t } }

// enrolled returns an authenticator at now and an account whose app is enrolled.
func enrolled(t *testing.T, now time.Time) (*auth.Authenticator, store.Account, string) {
	t.Helper()
	a := &auth.Authenticator{Secret: []byte("s"), Now: clockAt(now.Add(-time.Hour))}
	var acc store.Account
	secret, err := a.StartTOTP(&acc)
	if err != nil || acc.TOTPPending == "" || strings.Contains(acc.TOTPPending, secret) {
		t.Fatalf("start: %v; the pending secret must be stored sealed", err)
	}
	code, _ := auth.TOTPCode(secret, auth.TOTPStep(now.Add(-time.Hour)))
	codes, err := a.ConfirmTOTP(context.Background(), &acc, code, auth.Attempt{})
	if err != nil || len(codes) != auth.RecoveryCodes || acc.TOTP == "" || acc.TOTPPending != "" {
		t.Fatalf("confirm: %v %v", codes, err)
	}
	a.Now = clockAt(now)
	return a, acc, secret
}

func TestTOTPAcceptsOneStepOfSkewAndNoReplay(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 10, 0, time.UTC)
	for skew, ok := range map[int64]bool{-2: false, -1: true, 0: true, 1: true, 2: false} {
		a, acc, secret := enrolled(t, now)
		code, _ := auth.TOTPCode(secret, auth.TOTPStep(now)+skew)
		if got := a.CheckTOTP(&acc, code); got != ok {
			t.Errorf("skew %+d steps: accepted=%v, want %v", skew, got, ok)
		}
		if ok && a.CheckTOTP(&acc, code) {
			t.Errorf("skew %+d: the same code worked twice", skew)
		}
	}
	// A code of an earlier step than one already used is refused too.
	a, acc, secret := enrolled(t, now)
	next, _ := auth.TOTPCode(secret, auth.TOTPStep(now)+1)
	prev, _ := auth.TOTPCode(secret, auth.TOTPStep(now)-1)
	if !a.CheckTOTP(&acc, next) || a.CheckTOTP(&acc, prev) {
		t.Error("after a code of the next step, a code of the previous step must be refused")
	}
}

func TestRecoveryCodesWorkOnceEach(t *testing.T) {
	a, acc, _ := enrolled(t, time.Now())
	codes := a.NewRecoveryCodes(&acc)
	for i, c := range codes {
		typed := strings.ToUpper(strings.ReplaceAll(c, "-", " "))
		if !a.UseRecoveryCode(&acc, typed) {
			t.Fatalf("code %d (%s typed as %q) refused", i, c, typed)
		}
		if a.UseRecoveryCode(&acc, c) {
			t.Fatalf("code %d worked twice", i)
		}
	}
	if len(acc.RecoveryCodes) != 0 {
		t.Fatalf("%d codes left", len(acc.RecoveryCodes))
	}
}

func TestSealedSecretNeedsThePortalSecret(t *testing.T) {
	now := time.Now()
	a, acc, secret := enrolled(t, now)
	other := &auth.Authenticator{Secret: []byte("another portal"), Now: clockAt(now)}
	code, _ := auth.TOTPCode(secret, auth.TOTPStep(now))
	if other.CheckTOTP(&acc, code) {
		t.Fatal("a sealed secret opened with another portal's secret")
	}
	if !a.CheckTOTP(&acc, code) {
		t.Fatal("the portal's own secret must open it")
	}
}

func TestTOTPURI(t *testing.T) {
	uri := auth.TOTPURI("ABC", "zoé@acme.example")
	for _, want := range []string{"otpauth://totp/Guichet:zo%C3%A9@acme.example?", "secret=ABC", "issuer=Guichet", "digits=6", "period=30", "algorithm=SHA1"} {
		if !strings.Contains(uri, want) {
			t.Errorf("%s lacks %s", uri, want)
		}
	}
}

func TestDeviceOf(t *testing.T) {
	for ua, want := range map[string]auth.Device{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0": {"Edge", "Windows"},
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15":            {"Safari", "macOS"},
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0 Mobile/15E148":     {"Chrome", "iOS"},
		"Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36":                      {"Chrome", "Android"},
		"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0":                                                        {"Firefox", "Linux"},
		"curl/8.5": {},
	} {
		if got := auth.DeviceOf(ua); got != want {
			t.Errorf("%q: %+v, want %+v", ua, got, want)
		}
	}
}
