package store

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/guichet/guichet/shared/portal"
)

// listedOfData reads what a user list's filter sees of a stored account. A filtered
// page looks at up to userReadSize accounts per table read to keep a few, and
// encoding/json validates and walks each whole document to fill three fields, so
// the scan below picks the three top-level fields out without decoding the rest. It
// falls back to encoding/json on anything it does not expect (an escape in a
// value, a value that is not a string), so that both always agree.
func listedOfData(data []byte) (Listed, error) {
	if l, ok := scanListed(data); ok {
		return l, nil
	}
	var l Listed
	err := json.Unmarshal(data, &l)
	return l, err
}

// scanListed walks the top level of a JSON object and reads "role", "status" and
// "lockedUntil" when they are plain strings; ok is false for anything else.
func scanListed(b []byte) (l Listed, ok bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return l, false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return l, skipSpace(b, i+1) == len(b)
	}
	for {
		key, next, ok := plainString(b, i)
		if !ok {
			return l, false
		}
		i = skipSpace(b, next)
		if i >= len(b) || b[i] != ':' {
			return l, false
		}
		i = skipSpace(b, i+1)
		switch key {
		case "role", "status", "lockedUntil":
			v, next, ok := plainString(b, i)
			if !ok {
				return l, false
			}
			switch key {
			case "role":
				l.Role = portal.Role(v)
			case "status":
				l.Status = portal.UserStatus(v)
			default:
				// The time's own decoder, on the quoted value, so that both paths agree.
				if err := l.LockedUntil.UnmarshalJSON(b[i:next]); err != nil {
					return l, false
				}
			}
			i = next
		default:
			// encoding/json matches keys without regard to case: leave such a key to it.
			if strings.EqualFold(key, "role") || strings.EqualFold(key, "status") || strings.EqualFold(key, "lockedUntil") {
				return l, false
			}
			if i = skipValue(b, i); i < 0 {
				return l, false
			}
		}
		i = skipSpace(b, i)
		if i >= len(b) {
			return l, false
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return l, skipSpace(b, i+1) == len(b)
		default:
			return l, false
		}
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// plainString reads the string at b[i] when it is valid UTF-8 with no escape and no
// control character, and returns the index after its closing quote.
func plainString(b []byte, i int) (string, int, bool) {
	if i >= len(b) || b[i] != '"' {
		return "", 0, false
	}
	end := bytes.IndexByte(b[i+1:], '"')
	if end < 0 {
		return "", 0, false
	}
	s := b[i+1 : i+1+end]
	for _, c := range s {
		if c == '\\' || c < 0x20 {
			return "", 0, false
		}
	}
	if !utf8.Valid(s) {
		return "", 0, false
	}
	return string(s), i + end + 2, true
}

// skipValue returns the index after the JSON value at b[i], or -1. It checks only
// what it needs to find the value's end: strings, nesting and the bytes a number or
// a literal may hold.
func skipValue(b []byte, i int) int {
	depth := 0
	for i < len(b) {
		switch c := b[i]; {
		case c == '"':
			i++
			for i < len(b) && b[i] != '"' {
				if b[i] == '\\' {
					i++
				}
				i++
			}
			if i >= len(b) {
				return -1
			}
			i++
		case c == '{' || c == '[':
			depth++
			i++
		case c == '}' || c == ']':
			if depth == 0 {
				return -1
			}
			depth--
			i++
		case depth > 0 && (c == ',' || c == ':' || c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			i++
		case c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'):
			i++
			if depth == 0 {
				for i < len(b) && (b[i] == '-' || b[i] == '+' || b[i] == '.' || (b[i] >= '0' && b[i] <= '9') || (b[i] >= 'a' && b[i] <= 'z') || (b[i] >= 'A' && b[i] <= 'Z')) {
					i++
				}
				return i
			}
		default:
			return -1
		}
		if depth == 0 {
			return i
		}
	}
	return -1
}
