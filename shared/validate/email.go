package validate

import "strings"

// The longest address SMTP carries, and the longest local part.
const (
	MaxEmailBytes = 254
	maxLocalBytes = 64
)

// Email returns the canonical form of a mail address: trimmed, the local part in
// lower case, the domain as Domain returns it. The local part must be a dot-atom of
// ASCII characters (RFC 5322 without quoted strings or comments, which no business
// address needs and which hide tricks): letters, digits and ! # $ % & ' * + - / = ?
// ^ _ ` { | } ~, with dots only between them.
func Email(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fail(CodeRequired)
	}
	if len(s) > 4*MaxEmailBytes {
		return "", fail(CodeTooLong)
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return "", fail(CodeEmail)
	}
	local, domain := strings.ToLower(s[:at]), s[at+1:]
	if !dotAtom(local) || len(local) > maxLocalBytes {
		return "", fail(CodeEmail)
	}
	d, err := Domain(domain)
	if err != nil {
		return "", fail(CodeEmail)
	}
	out := local + "@" + d
	if len(out) > MaxEmailBytes {
		return "", fail(CodeTooLong)
	}
	return out, nil
}

// DomainOf returns the domain of an address Email returned.
func DomainOf(email string) string {
	return email[strings.LastIndexByte(email, '@')+1:]
}

func dotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' {
			continue
		}
		if !strings.ContainsRune("!#$%&'*+-/=?^_`{|}~", rune(c)) {
			return false
		}
	}
	return true
}
