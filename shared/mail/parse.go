package mail

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/portal"
)

// Parsed is a message read back from its bytes: what the viewer shows and what
// tests assert on. Bodies have LF line ends.
type Parsed struct {
	MessageID string
	ID        string // the X-Guichet-Mail-ID header
	Date      time.Time
	From      string   // decoded, "Name <addr>" when there is a name
	To        []string // bare addresses
	Subject   string   // decoded
	Lang      string
	Text      string
	HTML      string
}

// maxParse bounds what Parse reads, well above any mail Guichet writes.
const maxParse = 10 << 20

var wordDecoder = mime.WordDecoder{}

// Parse reads an RFC 5322 message with net/mail and its body with mime/multipart,
// decoding quoted-printable and base64 parts and RFC 2047 encoded words. It takes the
// first text/plain and the first text/html part, nested multiparts included.
func Parse(raw []byte) (Parsed, error) {
	msg, err := mail.ReadMessage(io.LimitReader(bytes.NewReader(raw), maxParse))
	if err != nil {
		return Parsed{}, portal.Wrap(portal.Invalid, "mail_unparsable", err)
	}
	h := msg.Header
	p := Parsed{
		MessageID: strings.Trim(h.Get("Message-ID"), "<> "),
		ID:        h.Get(IDHeader),
		Lang:      h.Get("Content-Language"),
	}
	if d, err := h.Date(); err == nil {
		p.Date = d
	}
	if s, err := wordDecoder.DecodeHeader(h.Get("Subject")); err == nil {
		p.Subject = s
	} else {
		p.Subject = h.Get("Subject")
	}
	if from, err := mail.ParseAddress(h.Get("From")); err == nil {
		if from.Name != "" {
			p.From = from.Name + " <" + from.Address + ">"
		} else {
			p.From = from.Address
		}
	} else {
		p.From = h.Get("From")
	}
	if list, err := h.AddressList("To"); err == nil {
		for _, a := range list {
			p.To = append(p.To, a.Address)
		}
	}
	if err := p.readBody(h.Get("Content-Type"), h.Get("Content-Transfer-Encoding"), msg.Body, 0); err != nil {
		return Parsed{}, err
	}
	return p, nil
}

func (p *Parsed) readBody(ctype, encoding string, body io.Reader, depth int) error {
	if ctype == "" {
		ctype = "text/plain"
	}
	media, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return portal.Wrap(portal.Invalid, "mail_unparsable", err)
	}
	if strings.HasPrefix(media, "multipart/") {
		if depth > 5 {
			return portal.E(portal.Invalid, "mail_unparsable", "multipart nested too deep")
		}
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return portal.Wrap(portal.Invalid, "mail_unparsable", err)
			}
			// NextPart already decodes quoted-printable and hides the header.
			err = p.readBody(part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"), part, depth+1)
			if err != nil {
				return err
			}
		}
	}
	if media != "text/plain" && media != "text/html" {
		return nil // attachments and the like: not shown
	}
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, &crlfStripper{r: body})
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return portal.Wrap(portal.Invalid, "mail_unparsable", err)
	}
	text := lineEnds.Replace(string(data))
	if media == "text/plain" && p.Text == "" {
		p.Text = text
	}
	if media == "text/html" && p.HTML == "" {
		p.HTML = text
	}
	return nil
}

// lineEnds writes every line end as LF. A lone CR counts as one: replacing CRLF
// alone would turn "\r\r\n" into "\r\n".
var lineEnds = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// crlfStripper drops line breaks so base64 bodies decode.
type crlfStripper struct{ r io.Reader }

func (c *crlfStripper) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	j := 0
	for i := 0; i < n; i++ {
		if b[i] != '\r' && b[i] != '\n' {
			b[j] = b[i]
			j++
		}
	}
	return j, err
}
