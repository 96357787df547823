package validate

import (
	_ "embed"
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The password policy: at least MinPasswordLen characters with a lower-case letter,
// an upper-case letter, a digit and one of PasswordSymbols; at most MaxPasswordBytes
// bytes (argon2 takes any length, but a form never needs more); not a common
// password; not the person's own name or address. StrongPasswordLen characters
// that pass are rated strong unless they are mostly patterns.
const (
	MinPasswordLen    = 8
	StrongPasswordLen = 10
	MaxPasswordBytes  = 256
	PasswordSymbols   = "#!.@_-/"
)

// The field-error codes of the password policy, in the order Password reports them.
const (
	CodePasswordTooShort = "password_too_short"
	CodePasswordLower    = "password_lower"
	CodePasswordUpper    = "password_upper"
	CodePasswordDigit    = "password_digit"
	CodePasswordSymbol   = "password_symbol"
	CodePasswordCommon   = "password_common"
	CodePasswordPersonal = "password_personal"
)

//go:embed common-passwords.txt
var commonList string

var commonPasswords = sync.OnceValue(func() map[string]bool {
	set := make(map[string]bool, 4096)
	for _, line := range strings.Split(commonList, "\n") {
		if line = strings.TrimSpace(line); line != "" && line[0] != '#' {
			set[line] = true
		}
	}
	return set
})

// PasswordProblems returns every rule of the policy pw breaks, as codes ("required",
// "too_long" and "format" included), or nil when it is acceptable. personal holds what the
// person told about themselves (address, names): a password built on one of them
// is refused.
func PasswordProblems(pw string, personal ...string) []string {
	if pw == "" {
		return []string{CodeRequired}
	}
	if len(pw) > MaxPasswordBytes {
		return []string{CodeTooLong}
	}
	if !utf8.ValidString(pw) {
		return []string{CodeFormat}
	}
	var problems []string
	var lower, upper, digit, symbol bool
	for _, r := range pw {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		case strings.ContainsRune(PasswordSymbols, r):
			symbol = true
		}
	}
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		problems = append(problems, CodePasswordTooShort)
	}
	for _, rule := range []struct {
		ok   bool
		code string
	}{{lower, CodePasswordLower}, {upper, CodePasswordUpper}, {digit, CodePasswordDigit}, {symbol, CodePasswordSymbol}} {
		if !rule.ok {
			problems = append(problems, rule.code)
		}
	}
	cores := passwordCores(pw)
	common := commonPasswords()
	for _, c := range cores {
		if common[c] {
			problems = append(problems, CodePasswordCommon)
			break
		}
	}
	words := personalWords(personal)
	for _, c := range cores {
		if words[c] {
			problems = append(problems, CodePasswordPersonal)
			break
		}
	}
	return problems
}

// passwordCores returns what a password is compared with the lists as: itself in
// lower case, and its core (leading and trailing digits and symbols stripped) with
// and without the common letter substitutions undone.
func passwordCores(pw string) []string {
	lower := strings.ToLower(pw)
	core := strings.TrimFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	out := []string{lower}
	if utf8.RuneCountInString(core) < 4 {
		return out
	}
	return append(out, core, unleet(core, 'i'), unleet(core, 'l'))
}

// unleet undoes the substitutions people make in words; one stands for i or l.
func unleet(s string, one rune) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '@', '4':
			return 'a'
		case '0':
			return 'o'
		case '!':
			return 'i'
		case '1':
			return one
		case '3':
			return 'e'
		case '$', '5':
			return 's'
		case '7':
			return 't'
		}
		return r
	}, s)
}

// personalWords splits what a person told about themselves into the lower-case
// words of four letters or more a password must not be, and each input's words run
// together. An address counts as its local part and its domain's first label.
func personalWords(personal []string) map[string]bool {
	var inputs []string
	for _, p := range personal {
		p = strings.ToLower(p)
		if at := strings.LastIndexByte(p, '@'); at >= 0 {
			domain := p[at+1:]
			inputs = append(inputs, p[:at], domain[:strings.IndexByte(domain+".", '.')])
			continue
		}
		inputs = append(inputs, p)
	}
	words := map[string]bool{}
	for _, in := range inputs {
		parts := strings.FieldsFunc(in, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		for _, w := range append(parts, strings.Join(parts, "")) {
			if utf8.RuneCountInString(w) >= 4 {
				words[w] = true
			}
		}
	}
	return words
}

// Strength rates a password for the meter of the sign-up page.
type Strength struct {
	// Score goes from 0 (refused by the policy) to 4; Level names it.
	Score int    `json:"score"`
	Level string `json:"level"`
	// Problems are the policy codes the password breaks (PasswordProblems).
	Problems []string `json:"problems"`
}

// The strength levels, by score.
var strengthLevels = [...]string{"too_weak", "weak", "fair", "strong", "very_strong"}

// PasswordStrength rates pw. A password the policy refuses scores 0. Otherwise the
// score follows an estimate of its entropy in which characters that repeat the
// previous one, continue a sequence (abc, 321) or a keyboard walk (qwer, azer), or
// repeat an earlier three-character run count a quarter: under 45 bits is weak;
// shorter than StrongPasswordLen, or under 55 bits, fair; under 80 bits strong;
// beyond, very strong.
func PasswordStrength(pw string, personal ...string) Strength {
	problems := PasswordProblems(pw, personal...)
	s := Strength{Problems: problems}
	if problems == nil {
		s.Problems = []string{}
		bits := entropyBits(pw)
		switch {
		case bits < 45:
			s.Score = 1
		case utf8.RuneCountInString(pw) < StrongPasswordLen || bits < 55:
			s.Score = 2
		case bits < 80:
			s.Score = 3
		default:
			s.Score = 4
		}
	}
	s.Level = strengthLevels[s.Score]
	return s
}

// keyboardRows are the rows of the QWERTY and AZERTY keyboards, for walks.
var keyboardRows = []string{"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qsdfghjklm", "wxcvbn"}

func entropyBits(pw string) float64 {
	runes := []rune(strings.ToLower(pw))
	pool := 0
	var lower, upper, digit, symbol, other bool
	for _, r := range pw {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		case r < utf8.RuneSelf:
			symbol = true
		default:
			other = true
		}
	}
	for _, c := range []struct {
		on   bool
		size int
	}{{lower, 26}, {upper, 26}, {digit, 10}, {symbol, 33}, {other, 100}} {
		if c.on {
			pool += c.size
		}
	}
	effective := 0.0
	for i, r := range runes {
		weight := 1.0
		if i > 0 {
			prev := runes[i-1]
			step := r - prev
			switch {
			case step == 0, step == 1 || step == -1, adjacentKeys(prev, r):
				weight = 0.25
			case i >= 3 && strings.Contains(string(runes[:i]), string(runes[i-2:i+1])):
				weight = 0.25
			}
		}
		effective += weight
	}
	return effective * math.Log2(float64(pool))
}

func adjacentKeys(a, b rune) bool {
	for _, row := range keyboardRows {
		i := strings.IndexRune(row, a)
		if i < 0 {
			continue
		}
		if (i > 0 && rune(row[i-1]) == b) || (i+1 < len(row) && rune(row[i+1]) == b) {
			return true
		}
	}
	return false
}
