package bolt

import (
	"encoding/binary"
	"errors"

	"github.com/guichet/guichet/shared/table"
)

// encode lays an item out as length-prefixed strings, the two integers, then the data.
func encode(it table.Item) []byte {
	strs := [...]string{it.PK, it.SK, it.GSI1PK, it.GSI1SK, it.GSI2PK, it.GSI2SK}
	n := 2*binary.MaxVarintLen64 + len(it.Data)
	for _, s := range strs {
		n += binary.MaxVarintLen64 + len(s)
	}
	b := make([]byte, 0, n)
	for _, s := range strs {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendVarint(b, it.TTL)
	b = binary.AppendVarint(b, it.Version)
	return append(b, it.Data...)
}

var errCorrupt = errors.New("corrupt item record")

// decode reads a record that bbolt owns only for the transaction: the six strings
// come out of one copy of the record's head, so a query that reads hundreds of items
// makes two allocations per item rather than seven.
func decode(b []byte) (table.Item, error) {
	var bounds [6][2]int
	at := 0
	for i := range bounds {
		n, w := binary.Uvarint(b[at:])
		if w <= 0 || uint64(len(b)-at-w) < n {
			return table.Item{}, errCorrupt
		}
		bounds[i] = [2]int{at + w, at + w + int(n)}
		at += w + int(n)
	}
	head := string(b[:at])
	var strs [6]string
	for i, r := range bounds {
		strs[i] = head[r[0]:r[1]]
	}
	b = b[at:]
	ttl, w := binary.Varint(b)
	if w <= 0 {
		return table.Item{}, errCorrupt
	}
	b = b[w:]
	version, w := binary.Varint(b)
	if w <= 0 {
		return table.Item{}, errCorrupt
	}
	data := append([]byte(nil), b[w:]...)
	return table.Item{PK: strs[0], SK: strs[1], GSI1PK: strs[2], GSI1SK: strs[3], GSI2PK: strs[4], GSI2SK: strs[5], TTL: ttl, Version: version, Data: data}, nil
}
