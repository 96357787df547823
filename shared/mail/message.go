// Package mail writes, queues and delivers Guichet's transactional mail: the fr/en
// templates (templates.go), the RFC 5322 message (message.go), the transactional
// outbox and its drainer (outbox.go), the senders (file.go locally, ses.go in AWS)
// and the local mail viewer (viewer.go).
package mail

import (
	"bytes"
	"encoding/base64"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/guichet/guichet/shared/portal"
)

// Message is one mail to one recipient. Render fills Subject, Text, HTML and Lang;
// the caller sets To; Enqueue sets ID when empty; the outbox sets From when empty.
type Message struct {
	To      string `json:"to"`
	From    string `json:"from,omitempty"`
	ReplyTo string `json:"replyTo,omitempty"`
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html,omitempty"`
	Lang    string `json:"lang,omitempty"`
	// ID names the message for good: the Message-ID and the X-Guichet-Mail-ID header
	// derive from it, so every retry produces the same headers.
	ID string `json:"id"`
	// Template and Data, when set, are rendered into Subject, Text and HTML at
	// delivery (see Compose).
	Template string         `json:"template,omitempty"`
	Data     map[string]any `json:"data,omitempty"`
}

// IDHeader carries Message.ID. Amazon SES replaces the Message-ID (and the Date) of
// the mail it sends with its own, but keeps this header, so duplicates stay
// recognisable at the recipient.
const IDHeader = "X-Guichet-Mail-ID"

var (
	idPattern   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)
	langPattern = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)
)

// MaxSubjectBytes bounds a subject; longer ones are a programming error.
const MaxSubjectBytes = 500

func invalid(field, code, message string) error {
	return &portal.Error{Kind: portal.Invalid, Code: code, Message: message,
		Fields: []portal.FieldError{{Field: field, Code: code}}}
}

// parseAddr accepts exactly one address, as net/mail reads it.
func parseAddr(field, s string) (*mail.Address, error) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, &portal.Error{Kind: portal.Invalid, Code: "mail_bad_address",
			Message: "not a valid mail address", Fields: []portal.FieldError{{Field: field, Code: "email"}}, Err: err}
	}
	return a, nil
}

// validate checks what MIME needs; From may be left empty when requireFrom is false
// (the outbox fills it at delivery).
func (m Message) validate(requireFrom bool) error {
	// Header injection first: a CR or LF in any value that becomes a header.
	for _, f := range []struct{ name, v string }{
		{"to", m.To}, {"from", m.From}, {"replyTo", m.ReplyTo},
		{"subject", m.Subject}, {"lang", m.Lang}, {"id", m.ID},
	} {
		if strings.ContainsAny(f.v, "\r\n") {
			return invalid(f.name, "mail_header_injection", "a header value contains a line break")
		}
		if !utf8.ValidString(f.v) || strings.ContainsRune(f.v, 0) {
			return invalid(f.name, "mail_bad_header", "a header value is not valid UTF-8 text")
		}
	}
	if m.To == "" {
		return invalid("to", "mail_missing", "the recipient is missing")
	}
	if _, err := parseAddr("to", m.To); err != nil {
		return err
	}
	if m.From == "" && requireFrom {
		return invalid("from", "mail_missing", "the sender is missing")
	}
	if m.From != "" {
		if _, err := parseAddr("from", m.From); err != nil {
			return err
		}
	}
	if m.ReplyTo != "" {
		if _, err := parseAddr("replyTo", m.ReplyTo); err != nil {
			return err
		}
	}
	if m.Template != "" {
		// Composed: the bodies are written at delivery, which checks them then.
		return m.validateID()
	}
	if strings.TrimSpace(m.Subject) == "" {
		return invalid("subject", "mail_missing", "the subject is missing")
	}
	if len(m.Subject) > MaxSubjectBytes {
		return invalid("subject", "mail_too_long", "the subject is too long")
	}
	if m.Text == "" {
		return invalid("text", "mail_missing", "the text body is missing")
	}
	if !utf8.ValidString(m.Text) || !utf8.ValidString(m.HTML) {
		return invalid("text", "mail_bad_body", "the body is not valid UTF-8")
	}
	if m.Lang != "" && !langPattern.MatchString(m.Lang) {
		return invalid("lang", "mail_bad_lang", "not a language tag")
	}
	return m.validateID()
}

func (m Message) validateID() error {
	if !idPattern.MatchString(m.ID) {
		return invalid("id", "mail_bad_id", "the message id is missing or has characters other than letters, digits, '.', '_' and '-'")
	}
	return nil
}

// MIME renders the message as RFC 5322 bytes with CRLF line ends: a
// multipart/alternative of a text/plain then a text/html part (a single text/plain
// body when HTML is empty), both UTF-8 and quoted-printable. Non-ASCII subjects and
// display names are Q-encoded. now becomes the Date header; with the same now and
// the same message the bytes are the same, so a retry sends an identical message.
// A line break in any header value is refused with an Invalid error.
func (m Message) MIME(now time.Time) ([]byte, error) {
	if err := m.validate(true); err != nil {
		return nil, err
	}
	to, _ := mail.ParseAddress(m.To)
	from, _ := mail.ParseAddress(m.From)

	var b bytes.Buffer
	header := func(name, value string) { writeHeader(&b, name, value) }
	header("Date", now.UTC().Format(time.RFC1123Z))
	header("Message-ID", "<"+m.ID+"@"+domainOf(from.Address)+">")
	header(IDHeader, m.ID)
	header("From", from.String())
	if m.ReplyTo != "" {
		rt, _ := mail.ParseAddress(m.ReplyTo)
		header("Reply-To", rt.String())
	}
	header("To", to.String())
	header("Subject", encodeSubject(m.Subject))
	header("MIME-Version", "1.0")
	if m.Lang != "" {
		header("Content-Language", m.Lang)
	}
	// Transactional mail: ask auto-responders not to answer (RFC 3834).
	header("Auto-Submitted", "auto-generated")

	if m.HTML == "" {
		header("Content-Type", "text/plain; charset=UTF-8")
		header("Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		if err := writeQP(&b, m.Text); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}

	// "=_" never occurs in quoted-printable output, so this boundary cannot clash
	// with a body; it derives from the id so the bytes stay stable.
	boundary := "=_guichet_" + m.ID
	if len(boundary) > 70 {
		boundary = boundary[:70]
	}
	header("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": boundary}))
	b.WriteString("\r\n")
	mw := multipart.NewWriter(&b)
	if err := mw.SetBoundary(boundary); err != nil {
		return nil, portal.Internalf("mail: boundary: %v", err)
	}
	for _, part := range []struct{ ctype, body string }{
		{"text/plain; charset=UTF-8", m.Text},
		{"text/html; charset=UTF-8", m.HTML},
	} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.ctype},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, portal.Internalf("mail: part: %v", err)
		}
		if err := writeQP(w, part.body); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, portal.Internalf("mail: close: %v", err)
	}
	return b.Bytes(), nil
}

// encodeSubject Q-encodes a subject that needs it. A subject that holds "=?" is
// always encoded, in base64 words: readers decode anything shaped like an encoded
// word, so a name such as "=?utf-8?q?Urgent=0A...?=" in a template's data would
// otherwise show as text the portal never wrote.
func encodeSubject(s string) string {
	if !strings.Contains(s, "=?") {
		return mime.QEncoding.Encode("UTF-8", s)
	}
	// 45 bytes make 60 base64 characters: each word stays within RFC 2047's 75.
	var words []string
	for s != "" {
		n := min(len(s), 45)
		for n < len(s) && !utf8.RuneStart(s[n]) {
			n--
		}
		words = append(words, "=?UTF-8?b?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
	}
	return strings.Join(words, " ")
}

// writeQP writes body quoted-printable with CRLF line breaks, whatever breaks it had.
func writeQP(w interface{ Write([]byte) (int, error) }, body string) error {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	qp := quotedprintable.NewWriter(w)
	if _, err := qp.Write([]byte(body)); err != nil {
		return portal.Internalf("mail: quoted-printable: %v", err)
	}
	if err := qp.Close(); err != nil {
		return portal.Internalf("mail: quoted-printable: %v", err)
	}
	return nil
}

// writeHeader writes one header field, folded at spaces so that lines stay near 78
// characters (encoded words are separated by spaces, so they fold too).
func writeHeader(b *bytes.Buffer, name, value string) {
	line := name + ":"
	lineLen := len(line)
	b.WriteString(line)
	words := strings.Split(value, " ")
	for i, w := range words {
		if i > 0 && lineLen+1+len(w) > 78 {
			b.WriteString("\r\n")
			lineLen = 0
		}
		b.WriteString(" ")
		b.WriteString(w)
		lineLen += 1 + len(w)
	}
	b.WriteString("\r\n")
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 && i < len(addr)-1 {
		d := addr[i+1:]
		if idPattern.MatchString(d) {
			return d
		}
	}
	return "guichet"
}
