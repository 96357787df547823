package mail_test

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	guichetmail "github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/portal"
)

var fixedNow = time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)

func sampleMessage() guichetmail.Message {
	return guichetmail.Message{
		To:      "Zoé Lefèvre <zoe@example.com>",
		From:    "Guichet <no-reply@guichet.example>",
		ReplyTo: "support@guichet.example",
		Subject: "Réinitialisation du mot de passe ç 🎉",
		Text: "Bonjour Zoé,\n\nUne ligne très longue qui dépasse largement les soixante-seize caractères autorisés par ligne en quoted-printable, pour vérifier les coupures douces.\n" +
			"a = b, =?utf-8?q?pas un mot?= et des espaces en fin   \n.\nFrom here\nÉmoji : 🎉\n",
		HTML: `<p style="color:#123">Bonjour <b>Zoé</b> &amp; ç 🎉</p>` + "\n" + strings.Repeat("<span>x</span>", 30),
		Lang: "fr",
		ID:   "01JABCDEFGHJKMNPQRSTVWXYZ0",
	}
}

// readParts parses raw with the standard library only.
func readParts(t *testing.T, raw []byte) (*mail.Message, []map[string]string) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("net/mail cannot read the message: %v\n%s", err, raw)
	}
	media, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || media != "multipart/alternative" {
		t.Fatalf("Content-Type = %q (%v), want multipart/alternative", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var parts []map[string]string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("next part: %v", err)
		}
		body, err := io.ReadAll(p) // mime/multipart decodes quoted-printable itself
		if err != nil {
			t.Fatalf("read part: %v", err)
		}
		parts = append(parts, map[string]string{
			"type": p.Header.Get("Content-Type"),
			"body": strings.ReplaceAll(string(body), "\r\n", "\n"),
		})
	}
	return msg, parts
}

func TestMIMERoundTrip(t *testing.T) {
	m := sampleMessage()
	raw, err := m.MIME(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	msg, parts := readParts(t, raw)
	if len(parts) != 2 {
		t.Fatalf("%d parts, want 2", len(parts))
	}
	if parts[0]["type"] != "text/plain; charset=UTF-8" || parts[1]["type"] != "text/html; charset=UTF-8" {
		t.Fatalf("part types %q, %q", parts[0]["type"], parts[1]["type"])
	}
	if parts[0]["body"] != m.Text {
		t.Errorf("text part:\n%q\nwant\n%q", parts[0]["body"], m.Text)
	}
	if parts[1]["body"] != m.HTML {
		t.Errorf("html part:\n%q\nwant\n%q", parts[1]["body"], m.HTML)
	}

	var dec mime.WordDecoder
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != m.Subject {
		t.Errorf("subject = %q (%v), want %q", subject, err, m.Subject)
	}
	if strings.Contains(string(raw), "Réinitialisation") {
		t.Error("the subject went out unencoded")
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Zoé Lefèvre" || to[0].Address != "zoe@example.com" {
		t.Errorf("To = %v (%v)", to, err)
	}
	from, err := mail.ParseAddress(msg.Header.Get("From"))
	if err != nil || from.Address != "no-reply@guichet.example" || from.Name != "Guichet" {
		t.Errorf("From = %v (%v)", from, err)
	}
	if d, err := msg.Header.Date(); err != nil || !d.Equal(fixedNow) {
		t.Errorf("Date = %v (%v), want %v", d, err, fixedNow)
	}
	for h, want := range map[string]string{
		"Message-ID":         "<01JABCDEFGHJKMNPQRSTVWXYZ0@guichet.example>",
		guichetmail.IDHeader: "01JABCDEFGHJKMNPQRSTVWXYZ0",
		"MIME-Version":       "1.0",
		"Content-Language":   "fr",
		"Reply-To":           "<support@guichet.example>",
	} {
		if got := msg.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}

	// Every line ends in CRLF and stays within RFC 5322's 998 characters; the
	// quoted-printable parts stay within 76.
	for i, line := range strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i, line)
		}
		if len(line) > 998 {
			t.Fatalf("line %d is %d bytes long", i, len(line))
		}
	}
	body := string(raw[bytes.Index(raw, []byte("\r\n\r\n")):])
	for _, line := range strings.Split(body, "\r\n") {
		if len(line) > 78 {
			t.Errorf("body line longer than 76+: %q", line)
		}
	}

	// The shared parser agrees.
	p, err := guichetmail.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if p.Text != m.Text || p.HTML != m.HTML || p.Subject != m.Subject || p.ID != m.ID || p.Lang != "fr" ||
		len(p.To) != 1 || p.To[0] != "zoe@example.com" || p.From != "Guichet <no-reply@guichet.example>" || !p.Date.Equal(fixedNow) {
		t.Errorf("Parse = %+v", p)
	}
}

func TestMIMEIsStable(t *testing.T) {
	m := sampleMessage()
	a, err := m.MIME(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := m.MIME(fixedNow)
	if !bytes.Equal(a, b) {
		t.Error("the same message rendered twice differs")
	}
}

func TestMIMETextOnly(t *testing.T) {
	m := sampleMessage()
	m.HTML = ""
	raw, err := m.MIME(fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	p, err := guichetmail.Parse(raw)
	if err != nil || p.Text != m.Text || p.HTML != "" {
		t.Fatalf("text-only message parsed as %+v (%v)", p, err)
	}
}

func TestMIMERefusesHeaderInjection(t *testing.T) {
	cases := map[string]func(*guichetmail.Message){
		"subject LF":   func(m *guichetmail.Message) { m.Subject = "Hello\nBcc: victim@example.com" },
		"subject CRLF": func(m *guichetmail.Message) { m.Subject = "Hello\r\nBcc: victim@example.com" },
		"subject CR":   func(m *guichetmail.Message) { m.Subject = "Hello\rBcc: victim@example.com" },
		"to":           func(m *guichetmail.Message) { m.To = "a@example.com\r\nBcc: victim@example.com" },
		"from":         func(m *guichetmail.Message) { m.From = "a@example.com\nX: y" },
		"reply-to":     func(m *guichetmail.Message) { m.ReplyTo = "a@example.com\nX: y" },
		"lang":         func(m *guichetmail.Message) { m.Lang = "fr\nX: y" },
		"id":           func(m *guichetmail.Message) { m.ID = "abc\r\nX: y" },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			m := sampleMessage()
			mutate(&m)
			raw, err := m.MIME(fixedNow)
			if !portal.Is(err, portal.Invalid) {
				t.Fatalf("MIME = %q, %v; want an Invalid error", raw, err)
			}
			var pe *portal.Error
			if !errorsAs(err, &pe) || pe.Code != "mail_header_injection" {
				t.Fatalf("error %v, want code mail_header_injection", err)
			}
		})
	}
}

func TestMIMEValidates(t *testing.T) {
	cases := map[string]struct {
		mutate func(*guichetmail.Message)
		code   string
	}{
		"bad to":       {func(m *guichetmail.Message) { m.To = "not an address" }, "mail_bad_address"},
		"two to":       {func(m *guichetmail.Message) { m.To = "a@example.com, b@example.com" }, "mail_bad_address"},
		"bad from":     {func(m *guichetmail.Message) { m.From = "@nowhere" }, "mail_bad_address"},
		"no to":        {func(m *guichetmail.Message) { m.To = "" }, "mail_missing"},
		"no from":      {func(m *guichetmail.Message) { m.From = "" }, "mail_missing"},
		"no subject":   {func(m *guichetmail.Message) { m.Subject = " " }, "mail_missing"},
		"no text":      {func(m *guichetmail.Message) { m.Text = "" }, "mail_missing"},
		"no id":        {func(m *guichetmail.Message) { m.ID = "" }, "mail_bad_id"},
		"id with <>":   {func(m *guichetmail.Message) { m.ID = "a>b" }, "mail_bad_id"},
		"bad lang":     {func(m *guichetmail.Message) { m.Lang = "français" }, "mail_bad_lang"},
		"bad utf8":     {func(m *guichetmail.Message) { m.Subject = "a\xffb" }, "mail_bad_header"},
		"huge subject": {func(m *guichetmail.Message) { m.Subject = strings.Repeat("a", 501) }, "mail_too_long"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			m := sampleMessage()
			c.mutate(&m)
			_, err := m.MIME(fixedNow)
			var pe *portal.Error
			if !errorsAs(err, &pe) || pe.Kind != portal.Invalid || pe.Code != c.code {
				t.Fatalf("error %v, want Invalid %s", err, c.code)
			}
		})
	}
}
