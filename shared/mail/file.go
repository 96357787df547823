package mail

import (
	"bytes"
	"context"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/portal"
)

// FileSender is the local stand-in for SES: it writes every message as one .eml file
// in Dir, which the viewer (viewer.go) lists. Files appear atomically (written to a
// hidden temporary file, then renamed), so a reader never sees half a message. Names
// sort by delivery time: "<UTC time>-<id>.eml".
type FileSender struct {
	Dir string
}

// fileTimeFormat is fixed width, so names sort by time as strings.
const fileTimeFormat = "20060102T150405.000000000Z"

// Send writes raw to a new file; to is not used (the recipient is in the message).
func (f FileSender) Send(ctx context.Context, to string, raw []byte) error {
	if err := ctx.Err(); err != nil {
		return unavailable(err)
	}
	if err := os.MkdirAll(f.Dir, 0o755); err != nil {
		return unavailable(err)
	}
	name := time.Now().UTC().Format(fileTimeFormat) + "-" + fileID(raw) + ".eml"
	tmp, err := os.CreateTemp(f.Dir, ".tmp-*")
	if err != nil {
		return unavailable(err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return unavailable(err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return unavailable(err)
	}
	if err := tmp.Close(); err != nil {
		return unavailable(err)
	}
	final := filepath.Join(f.Dir, name)
	if _, err := os.Stat(final); err == nil {
		return unavailable(fmt.Errorf("mail file %s already exists", name))
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return unavailable(err)
	}
	return nil
}

// fileID names the file after the message's id header, or a fresh id when the message
// has none usable in a file name.
func fileID(raw []byte) string {
	if msg, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
		id := msg.Header.Get(IDHeader)
		if id == "" {
			id = strings.Trim(msg.Header.Get("Message-ID"), "<>")
			id, _, _ = strings.Cut(id, "@")
		}
		if validFileName(id) && len(id) <= 100 {
			return id
		}
	}
	return portal.NewID()
}

// validFileName accepts plain names: letters, digits, '.', '_' and '-', not starting
// with a dot, and never "..".
func validFileName(s string) bool {
	if s == "" || s[0] == '.' || strings.Contains(s, "..") {
		return false
	}
	for _, c := range s {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}
