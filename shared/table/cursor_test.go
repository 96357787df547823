package table

import (
	"testing"

	"github.com/guichet/guichet/shared/portal"
)

// cursorQueries are the queries the cursor fuzz target decodes against: a primary
// partition, an index with a prefix, and a backward range, so that a cursor made for
// one of them must not pass for another.
var cursorQueries = []Query{
	{PK: "ORG#acme", Prefix: "USER#"},
	{Index: GSI1, PK: "ORG#acme#USERS", Prefix: "martin"},
	{Index: GSI2, PK: "ORG#globex#SEARCH", From: "a", To: "z", Backward: true},
}

// FuzzCursor feeds the cursor decoder anything: it must never panic, and it must
// refuse as Invalid "bad_cursor" every string but the exact ones the encoder wrote
// for that very query.
func FuzzCursor(f *testing.F) {
	c := cursorCodec{secret: []byte("fuzz secret")}
	last := Item{PK: "ORG#acme", SK: "USER#01J0000000000000000000000", GSI1PK: "ORG#acme#USERS", GSI1SK: "martin#01J",
		GSI2PK: "ORG#globex#SEARCH", GSI2SK: "m#01J"}
	for i, q := range cursorQueries {
		f.Add(c.encode(q, last), uint8(i))
		f.Add(c.encode(q, last), uint8(i+1))
	}
	f.Add("", uint8(0))
	f.Add(".", uint8(0))
	f.Add("eyJwIjoiT1JHI2FjbWUiLCJzIjoiVVNFUiMifQ.AAAAAAAAAAAAAAAAAAAAAA", uint8(0))
	f.Fuzz(func(t *testing.T, cursor string, which uint8) {
		q := cursorQueries[int(which)%len(cursorQueries)]
		q.Cursor = cursor
		it, err := c.decode(q)
		if err != nil {
			if pe, ok := err.(*portal.Error); !ok || pe.Kind != portal.Invalid || pe.Code != "bad_cursor" {
				t.Fatalf("decode(%q): %v, want Invalid bad_cursor", cursor, err)
			}
			return
		}
		if again := c.encode(q, it); again != cursor {
			t.Fatalf("decode accepted %q, which the encoder writes as %q", cursor, again)
		}
		if ipk, _ := it.indexKey(q.Index); ipk != q.PK || checkKey(it.Key()) != nil {
			t.Fatalf("decode(%q) = %+v, outside the query's partition", cursor, it)
		}
	})
}
