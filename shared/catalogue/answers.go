package catalogue

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/validate"
)

// The bounds of answers. A text field holds at most its MaxLength characters
// (DefaultTextLength when zero, never more than MaxTextLength); a long text the
// same with the long bounds; a multiple choice at most as many values as it has
// options.
const (
	DefaultTextLength     = 200
	MaxTextLength         = 1000
	DefaultLongTextLength = 4000
	MaxLongTextLength     = 10000
	// maxAnswerBytes bounds one raw answer before it is even decoded.
	maxAnswerBytes = 4 * MaxLongTextLength
)

// Answers are a form's answers as checked: a string for text, email, phone, date
// (YYYY-MM-DD), long text and single choice fields, an int64 for a number, a list
// of strings for a multiple choice and a bool for a checkbox. Empty optional
// fields are left out.
type Answers map[string]any

// CheckAnswers checks the answers a person sent against a form's fields, as they
// come in a request body, and returns them cleaned. Every problem is a field error
// named "<prefix>.<field id>": required, type (a JSON value of the wrong kind),
// too_long, email, phone, number, number_range, date, choice; an answer to no field
// of the form is "unknown". Nothing is returned with an error.
func CheckAnswers(prefix string, form []portal.Field, raw map[string]json.RawMessage) (Answers, error) {
	var f portal.Fields
	known := map[string]bool{}
	out := Answers{}
	for _, fd := range form {
		known[fd.ID] = true
		name := prefix + "." + fd.ID
		v, present := raw[fd.ID]
		if present && len(v) > maxAnswerBytes {
			f.Add(name, validate.CodeTooLong)
			continue
		}
		if !present || bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
			v = nil
		}
		val, code := answer(fd, v)
		switch {
		case code != "":
			f.Add(name, code)
		case val != nil:
			out[fd.ID] = val
		case fd.Required:
			f.Add(name, validate.CodeRequired)
		}
	}
	for id := range raw {
		if !known[id] {
			f.Add(prefix+"."+fieldName(id), "unknown")
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// fieldName keeps an unknown answer's name printable and short in a field error.
func fieldName(id string) string {
	if len(id) > 40 || !utf8.ValidString(id) || !ValidFieldID(id) {
		return "?"
	}
	return id
}

// answer checks one answer; a nil value with no code is an empty answer.
func answer(fd portal.Field, v json.RawMessage) (any, string) {
	if v == nil {
		return nil, ""
	}
	switch fd.Type {
	case portal.FieldCheckbox:
		var b bool
		if json.Unmarshal(v, &b) != nil {
			return nil, "type"
		}
		if !b {
			// An unticked box answers nothing: a required one must be ticked.
			return nil, ""
		}
		return true, ""
	case portal.FieldNumber:
		// json.Number takes a quoted number too: a string is the wrong type here.
		var n json.Number
		if t := bytes.TrimSpace(v); len(t) == 0 || t[0] == '"' || json.Unmarshal(t, &n) != nil {
			return nil, "type"
		}
		i, err := strconv.ParseInt(n.String(), 10, 64)
		if err != nil {
			return nil, "number"
		}
		if fd.Min != nil && i < *fd.Min || fd.Max != nil && i > *fd.Max {
			return nil, "number_range"
		}
		return i, ""
	case portal.FieldChoices:
		var vals []string
		if json.Unmarshal(v, &vals) != nil {
			return nil, "type"
		}
		if len(vals) == 0 {
			return nil, ""
		}
		seen := map[string]bool{}
		for _, s := range vals {
			if !hasOption(fd, s) || seen[s] {
				return nil, "choice"
			}
			seen[s] = true
		}
		return vals, ""
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		return nil, "type"
	}
	if s == "" {
		return nil, ""
	}
	switch fd.Type {
	case portal.FieldEmail:
		e, err := validate.Email(s)
		if err != nil {
			return nil, validate.CodeOf(err)
		}
		return e, ""
	case portal.FieldPhone:
		p, err := validate.Phone(s)
		if err != nil {
			return nil, validate.CodeOf(err)
		}
		return p, ""
	case portal.FieldDate:
		d, err := time.Parse(time.DateOnly, s)
		if err != nil || d.Format(time.DateOnly) != s {
			return nil, "date"
		}
		return s, ""
	case portal.FieldChoice:
		if !hasOption(fd, s) {
			return nil, "choice"
		}
		return s, ""
	}
	long := fd.Type == portal.FieldLongText
	t, err := validate.Text(s, TextLimit(fd), false, long)
	if err != nil {
		return nil, validate.CodeOf(err)
	}
	if t == "" {
		return nil, ""
	}
	return t, ""
}

// TextLimit is how many characters a text or long text field holds.
func TextLimit(fd portal.Field) int {
	def, max := DefaultTextLength, MaxTextLength
	if fd.Type == portal.FieldLongText {
		def, max = DefaultLongTextLength, MaxLongTextLength
	}
	if fd.MaxLength <= 0 {
		return def
	}
	return min(fd.MaxLength, max)
}

func hasOption(fd portal.Field, v string) bool {
	for _, o := range fd.Options {
		if o.Value == v {
			return true
		}
	}
	return false
}
