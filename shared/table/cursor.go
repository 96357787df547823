package table

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/guichet/guichet/shared/portal"
)

// cursorCodec turns the position after a page into an opaque string and back. The
// position is signed together with the query it belongs to, so a cursor can neither
// be forged nor replayed against another partition, such as another organisation's.
type cursorCodec struct{ secret []byte }

type cursorBody struct {
	PK  string `json:"p"`
	SK  string `json:"s"`
	IPK string `json:"ip,omitempty"`
	ISK string `json:"is,omitempty"`
}

func (c cursorCodec) mac(q Query, payload string) []byte {
	m := hmac.New(sha256.New, c.secret)
	// NUL cannot occur in keys, so it separates the bound fields unambiguously.
	dir := "f"
	if q.Backward {
		dir = "b"
	}
	for _, s := range []string{string(q.Index), q.PK, q.Prefix, q.From, q.To, dir, payload} {
		m.Write([]byte(s))
		m.Write([]byte{0})
	}
	return m.Sum(nil)[:16]
}

func (c cursorCodec) encode(q Query, last Item) string {
	b := cursorBody{PK: last.PK, SK: last.SK}
	if q.Index != Primary {
		b.IPK, b.ISK = last.indexKey(q.Index)
	}
	raw, _ := json.Marshal(b)
	payload := base64.RawURLEncoding.EncodeToString(raw)
	return payload + "." + base64.RawURLEncoding.EncodeToString(c.mac(q, payload))
}

var errBadCursor = portal.E(portal.Invalid, "bad_cursor", "the page cursor is not valid for this list")

func (c cursorCodec) decode(q Query) (Item, error) {
	payload, sig, ok := strings.Cut(q.Cursor, ".")
	if !ok {
		return Item{}, errBadCursor
	}
	// The signature is compared as encode wrote it: base64 decoders skip line breaks
	// and the spare bits of the last character, so comparing decoded bytes would let
	// one cursor be spelled many ways. The payload is signed as a string.
	want := base64.RawURLEncoding.EncodeToString(c.mac(q, payload))
	if !hmac.Equal([]byte(sig), []byte(want)) {
		return Item{}, errBadCursor
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return Item{}, errBadCursor
	}
	var b cursorBody
	if err := json.Unmarshal(raw, &b); err != nil {
		return Item{}, errBadCursor
	}
	it := Item{PK: b.PK, SK: b.SK}
	switch q.Index {
	case GSI1:
		it.GSI1PK, it.GSI1SK = b.IPK, b.ISK
	case GSI2:
		it.GSI2PK, it.GSI2SK = b.IPK, b.ISK
	}
	if checkKey(it.Key()) != nil {
		return Item{}, errBadCursor
	}
	if ipk, _ := it.indexKey(q.Index); ipk != q.PK {
		return Item{}, errBadCursor
	}
	return it, nil
}
