package mail_test

import (
	"bytes"
	"net/mail"
	"strings"
	"testing"

	guichetmail "github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/portal"
)

// FuzzParse reads anything as a message: the viewer and the tests parse whatever
// files are in the mail folder, so Parse must refuse garbage as Invalid, never panic.
func FuzzParse(f *testing.F) {
	raw, err := sampleMessage().MIME(fixedNow)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add([]byte("Subject: =?utf-8?q?caf=C3=A9?=\r\n\r\nbody"))
	f.Add([]byte("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: multipart/mixed; boundary=y\r\n\r\n--y\r\n\r\ninner\r\n--y--\r\n--x--\r\n"))
	f.Add([]byte("Content-Transfer-Encoding: base64\r\n\r\nWm/DqQ\r\n=="))
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := guichetmail.Parse(raw)
		if err != nil {
			if !portal.Is(err, portal.Invalid) {
				t.Fatalf("Parse: %v, want an Invalid error", err)
			}
			return
		}
		if strings.Contains(p.Text, "\r\n") || strings.Contains(p.HTML, "\r\n") {
			t.Fatalf("Parse kept CRLF line ends: %+v", p)
		}
	})
}

// allowedHeaders are the only header fields MIME writes; anything else in the
// parsed message was injected through a value.
var allowedHeaders = map[string]bool{
	"Date": true, "Message-Id": true, "X-Guichet-Mail-Id": true, "From": true, "Reply-To": true, "To": true, "Subject": true,
	"Mime-Version": true, "Content-Language": true, "Auto-Submitted": true, "Content-Type": true, "Content-Transfer-Encoding": true,
}

// FuzzMessageRoundTrip writes a message from arbitrary values and reads it back:
// either MIME refuses the values as Invalid, or the message parses to the same
// recipient, id, subject and bodies, with no header the values smuggled in.
func FuzzMessageRoundTrip(f *testing.F) {
	m := sampleMessage()
	f.Add(m.To, m.Subject, m.Text, m.HTML, m.Lang, m.ID)
	f.Add("a@b.example", "x\r\nBcc: victim@example.com", "t", "", "fr", "id1")
	f.Add("\"Evil\r\nBcc: x@y.example\" <a@b.example>", "s", "t", "", "", "id2")
	f.Add("a@b.example", "=?utf-8?q?=0D=0ABcc:_x@y?=", "line\r\n.\r\nFrom x", "<b>", "en-GB", "id.3")
	f.Fuzz(func(t *testing.T, to, subject, text, html, lang, id string) {
		m := guichetmail.Message{To: to, From: "Guichet <no-reply@guichet.example>", Subject: subject, Text: text, HTML: html, Lang: lang, ID: id}
		raw, err := m.MIME(fixedNow)
		if err != nil {
			if !portal.Is(err, portal.Invalid) {
				t.Fatalf("MIME: %v, want an Invalid error", err)
			}
			return
		}
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("net/mail cannot read what MIME wrote: %v\n%q", err, raw)
		}
		for name := range msg.Header {
			if !allowedHeaders[name] {
				t.Fatalf("header %q smuggled in:\n%q", name, raw)
			}
		}
		p, err := guichetmail.Parse(raw)
		if err != nil {
			t.Fatalf("Parse cannot read what MIME wrote: %v\n%q", err, raw)
		}
		want, _ := mail.ParseAddress(to)
		if len(p.To) != 1 || p.To[0] != want.Address || p.ID != id {
			t.Fatalf("round trip: To %q ID %q, want %q %q\n%q", p.To, p.ID, want.Address, id, raw)
		}
		// Folding a header joins its lines with one space, and readers trim values.
		if strings.Join(strings.Fields(p.Subject), " ") != strings.Join(strings.Fields(subject), " ") {
			t.Fatalf("round trip: subject %q, want %q", p.Subject, subject)
		}
		if lineEnds(p.Text) != lineEnds(text) || lineEnds(p.HTML) != lineEnds(html) {
			t.Fatalf("round trip: bodies %q / %q, want %q / %q", p.Text, p.HTML, text, html)
		}
	})
}

// lineEnds writes every line break as LF, as MIME and Parse both do.
func lineEnds(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
