package portal

import (
	"strconv"
	"strings"
)

// Money is an amount in minor units (cents) of an ISO 4217 currency. Amounts are
// never floats: every sum and comparison is on integers, and only Format and
// ParseAmount cross to and from the decimal text people read and write.
type Money struct {
	Minor    int64  `json:"minor"`
	Currency string `json:"currency"`
}

// Currencies are those a contract may be held in; every one has two decimals.
var Currencies = []string{"EUR", "USD", "GBP", "CHF"}

// DefaultCurrency is a contract's currency when operators set none.
const DefaultCurrency = "EUR"

// ValidCurrency reports whether c is one of Currencies.
func ValidCurrency(c string) bool {
	for _, v := range Currencies {
		if v == c {
			return true
		}
	}
	return false
}

// maxMinor bounds amounts far below int64's range, so that sums of a few million
// lines cannot overflow.
const maxMinor = 1_000_000_000_000_00

// ParseAmount reads a decimal amount of at most two decimals ("1250", "1250.5",
// "1 250,50") into minor units. It accepts a comma or a point as the decimal
// separator and spaces between thousands, because people type both. The field error
// code is "amount" for text that is not such a number and "amount_range" for a
// number too large; the sign is refused (callers that need negative amounts take
// them from the code, never from a person).
func ParseAmount(s string) (int64, error) {
	s = strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(s), " ", ""), "\u00a0", "")
	s = strings.Replace(s, ",", ".", 1)
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || (hasFrac && frac == "") || !digits(whole) || !digits(frac) {
		return 0, E(Invalid, "amount", "not an amount with at most two decimals")
	}
	if len(whole) > 13 {
		return 0, E(Invalid, "amount_range", "amount too large")
	}
	for len(frac) < 2 {
		frac += "0"
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil || n > maxMinor {
		return 0, E(Invalid, "amount_range", "amount too large")
	}
	return n, nil
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Decimal writes minor units as a plain decimal with two places ("-12.05"), the form
// of amounts in API answers and exports; the portal formats it for the reader's
// language.
func Decimal(minor int64) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	return sign + strconv.FormatInt(minor/100, 10) + "." + pad2(minor%100)
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}
