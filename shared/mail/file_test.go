package mail_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	guichetmail "github.com/guichet/guichet/shared/mail"
)

func TestFileSenderWritesParsableEML(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mail") // created on first send
	s := guichetmail.FileSender{Dir: dir}
	var ids []string
	for i, subject := range []string{"Premier", "Deuxième 🎉", "Third"} {
		m := sampleMessage()
		m.Subject = subject
		m.ID = "MSG" + string(rune('A'+i))
		ids = append(ids, m.ID)
		raw, err := m.MIME(fixedNow)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Send(context.Background(), "zoe@example.com", raw); err != nil {
			t.Fatal(err)
		}
	}
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	if len(names) != 3 {
		t.Fatalf("files %v, want 3 .eml and no temporary file", names)
	}
	if !slices.IsSorted(names) {
		t.Fatalf("names %v do not sort by time", names)
	}
	for i, n := range names { // ReadDir sorts by name, that is by delivery time
		if !strings.HasSuffix(n, "-"+ids[i]+".eml") {
			t.Errorf("file %q, want it to end with -%s.eml", n, ids[i])
		}
		raw, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		p, err := guichetmail.Parse(raw)
		if err != nil || p.ID != ids[i] || p.Text != sampleMessage().Text {
			t.Errorf("%s parsed as %+v (%v)", n, p, err)
		}
	}
}

func TestFileSenderUnwritableDirIsRetryable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err := guichetmail.FileSender{Dir: filepath.Join(file, "mail")}.Send(context.Background(), "a@example.com", []byte("x"))
	if err == nil || !guichetmail.Retryable(err) {
		t.Fatalf("Send into a file = %v, want a retryable error", err)
	}
}
