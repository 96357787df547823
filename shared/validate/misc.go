package validate

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text returns s trimmed, refusing it when required and empty, when longer than max
// characters, or when it holds control characters (line breaks only when
// multiline), which no form field needs and which break mail headers and logs, or
// the explicit direction controls of bidiControl.
func Text(s string, max int, required, multiline bool) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			return "", fail(CodeRequired)
		}
		return "", nil
	}
	if !utf8.ValidString(s) {
		return "", fail(CodeFormat)
	}
	if utf8.RuneCountInString(s) > max {
		return "", fail(CodeTooLong)
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\r' || r == '\t')) || bidiControl(r) {
			return "", fail(CodeFormat)
		}
	}
	return s, nil
}

// bidiControl reports the explicit direction controls (embeddings, overrides and
// isolates, U+202A to U+202E and U+2066 to U+2069). They reorder how the text
// around them shows, so that a name such as "invoice\u202Egpj.exe" reads as
// "invoiceexe.jpg" in a list or a mail. Typed text never needs them: browsers and
// mail readers lay out mixed scripts by themselves.
func bidiControl(r rune) bool { return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 }

// Phone returns a telephone number with its separators (spaces, dots, hyphens,
// parentheses) removed: "+" and 8 to 15 digits for an international number
// ("00" counts as "+"), else 6 to 15 digits as dialled nationally.
func Phone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fail(CodeRequired)
	}
	if len(s) > 40 {
		return "", fail(CodeTooLong)
	}
	intl := false
	if rest, ok := strings.CutPrefix(s, "+"); ok {
		s, intl = rest, true
	}
	var digits strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == ' ' || r == '.' || r == '-' || r == '(' || r == ')':
		default:
			return "", fail(CodePhone)
		}
	}
	d := digits.String()
	if rest, ok := strings.CutPrefix(d, "00"); ok && !intl {
		d, intl = rest, true
	}
	min := 6
	if intl {
		min = 8
	}
	if len(d) < min || len(d) > 15 {
		return "", fail(CodePhone)
	}
	if intl {
		return "+" + d, nil
	}
	return d, nil
}

// countries are the ISO 3166-1 alpha-2 codes.
const countries = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
	"CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
	"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
	"KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT " +
	"MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
	"SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG " +
	"UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"

// Country returns an ISO 3166-1 alpha-2 country code in upper case.
func Country(s string) (string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" {
		return "", fail(CodeRequired)
	}
	if len(s) != 2 || !strings.Contains(" "+countries+" ", " "+s+" ") {
		return "", fail(CodeCountry)
	}
	return s, nil
}

// RegistrationNo returns a company registration number in upper case without
// spaces, dots or hyphens. In France (country "FR") a number of digits must be a
// SIREN (9 digits) or a SIRET (14) with a valid check digit. A VAT number (two
// letters, then 2 to 13 letters and digits; EL is Greece's, XI Northern Ireland's)
// is accepted from any country; a French one must carry its SIREN and key. Other
// countries' numbers are 4 to 20 letters and digits.
func RegistrationNo(s, country string) (string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" {
		return "", fail(CodeRequired)
	}
	if len(s) > 40 {
		return "", fail(CodeTooLong)
	}
	s = strings.NewReplacer(" ", "", ".", "", "-", "").Replace(s)
	if len(s) < 4 || len(s) > 20 || strings.IndexFunc(s, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') }) >= 0 {
		return "", fail(CodeRegistrationNo)
	}
	allDigits := strings.Trim(s, "0123456789") == ""
	switch {
	case country == "FR" && allDigits:
		if !siren(s) {
			return "", fail(CodeRegistrationNo)
		}
	case strings.HasPrefix(s, "FR") && len(s) == 13 && strings.Trim(s[4:], "0123456789") == "":
		if !frenchVAT(s) {
			return "", fail(CodeRegistrationNo)
		}
	}
	return s, nil
}

// siren checks a SIREN or SIRET: Luhn, except La Poste's establishments (SIREN
// 356000000), whose SIRET digits add up to a multiple of 5.
func siren(s string) bool {
	if len(s) != 9 && len(s) != 14 {
		return false
	}
	if len(s) == 14 && s[:9] == "356000000" {
		sum := 0
		for _, c := range s {
			sum += int(c - '0')
		}
		return sum%5 == 0
	}
	sum := 0
	for i := range len(s) {
		d := int(s[len(s)-1-i] - '0')
		if i%2 == 1 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// frenchVAT checks "FR" + key + SIREN where the key is numeric:
// key = (12 + 3 × (SIREN mod 97)) mod 97. Keys with letters (older numbers) pass on
// the SIREN alone.
func frenchVAT(s string) bool {
	key, num := s[2:4], s[4:]
	if !siren(num) {
		return false
	}
	if strings.Trim(key, "0123456789") != "" {
		return true
	}
	n := 0
	for _, c := range num {
		n = (n*10 + int(c-'0')) % 97
	}
	return int(key[0]-'0')*10+int(key[1]-'0') == (12+3*n)%97
}

// maxWebsiteBytes bounds a website's address, as given and as kept.
const maxWebsiteBytes = 200

// Website returns a site's address as scheme://host[/path], https when no scheme
// was given; only http and https are accepted, with a host Domain accepts and no
// user name, port, query or fragment.
func Website(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if len(s) > maxWebsiteBytes {
		return "", fail(CodeTooLong)
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil || u.Port() != "" ||
		u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return "", fail(CodeURL)
	}
	host, err := Domain(u.Hostname())
	if err != nil {
		return "", fail(CodeURL)
	}
	// Escaping (a space becomes %20) and the "xn--" form of the host can lengthen
	// the address: what is kept must fit the bound too.
	out := u.Scheme + "://" + host + strings.TrimRight(u.EscapedPath(), "/")
	if len(out) > maxWebsiteBytes {
		return "", fail(CodeTooLong)
	}
	return out, nil
}
