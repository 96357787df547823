package mail_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/guichet/guichet/shared/localaws"
	guichetmail "github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/dynamo"
)

// DynamoDB Local starts on the first test that asks for it, and stops when the
// package's tests end (stopDynamo, from TestMain).
var (
	dynamoOnce   sync.Once
	dynamoProc   *localaws.Process
	dynamoClient *dynamodb.Client
	dynamoErr    error
	dynamoTables atomic.Int64
)

func stopDynamo() {
	if dynamoProc != nil {
		dynamoProc.Stop()
	}
}

// newDynamoTable creates a table of its own on DynamoDB Local, with the layout
// template.yaml gives the real one; it skips t when DynamoDB Local is not installed
// on a developer's machine, and fails under CI.
func newDynamoTable(t *testing.T, now func() time.Time) *table.Table {
	t.Helper()
	dynamoOnce.Do(func() {
		if dynamoProc, dynamoErr = localaws.StartDynamoDB(); dynamoErr == nil {
			dynamoClient, dynamoErr = dynamo.NewClient(context.Background(), dynamoProc.URL, "eu-west-3")
		}
	})
	if dynamoErr != nil {
		if errors.Is(dynamoErr, localaws.ErrUnavailable) && !localaws.Required() {
			t.Skipf("DynamoDB Local unavailable: %v", dynamoErr)
		}
		t.Fatalf("dynamodb-local: %v", dynamoErr)
	}
	name := fmt.Sprintf("mail%d", dynamoTables.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := dynamo.CreateTable(ctx, dynamoClient, name); err != nil {
		t.Fatal(err)
	}
	return table.New(dynamo.New(dynamoClient, name), table.Options{CursorSecret: []byte("test"), Now: now})
}

// The live links and codes a composed message carries in its template data.
const (
	resetLink = "https://portal.example/#/reset?token=LIVE-RESET-TOKEN-0123456789"
	signupPIN = "481516"
)

// Once the outbox is done with a message, sent or given up, its record keeps no
// link or code: only who it went to, what it was and what happened.
func TestFinishedMailKeepsNoSecret(t *testing.T) {
	drivers := map[string]func(t *testing.T, now func() time.Time) *table.Table{
		"bolt":     func(t *testing.T, now func() time.Time) *table.Table { return newTable(t, now) },
		"dynamodb": newDynamoTable,
	}
	for name, open := range drivers {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{now: fixedNow}
			tb := open(t, clk.Now)
			compose := func(to, tmpl string, data map[string]any) string {
				t.Helper()
				m, err := guichetmail.Compose(to, "fr", tmpl, data)
				if err != nil {
					t.Fatal(err)
				}
				return enqueue(t, tb, m, fixedNow)
			}
			reset := compose("ada@example.com", "password_reset", map[string]any{"BaseURL": "https://portal.example", "Name": "Ada", "Link": resetLink})
			code := compose("bob@example.com", "signup_code", map[string]any{"BaseURL": "https://portal.example", "Code": signupPIN})
			rejected := compose("eve@example.com", "password_reset", map[string]any{"BaseURL": "https://portal.example", "Name": "Eve", "Link": resetLink})

			rec := &recorder{}
			sender := senderFunc(func(ctx context.Context, to string, raw []byte) error {
				if to == "eve@example.com" {
					return &portal.Error{Kind: portal.Invalid, Code: "mail_rejected"}
				}
				return rec.Send(ctx, to, raw)
			})
			ob := guichetmail.NewOutbox(tb, sender, guichetmail.OutboxOptions{From: "no-reply@guichet.example", Now: clk.Now})
			if n, err := ob.Drain(ctx); n != 2 || err != nil {
				t.Fatalf("Drain = %d, %v; want 2 sent", n, err)
			}
			// The mail itself carried them.
			sent := map[string]string{}
			for _, s := range rec.all() {
				p, err := guichetmail.Parse(s.raw)
				if err != nil {
					t.Fatal(err)
				}
				sent[s.to] = p.Text + p.HTML
			}
			if !strings.Contains(sent["ada@example.com"], resetLink) || !strings.Contains(sent["bob@example.com"], signupPIN) {
				t.Fatalf("the mail sent lacks its link or code: %q", sent)
			}

			for id, want := range map[string]struct {
				status   guichetmail.Status
				to, tmpl string
			}{
				reset:    {guichetmail.StatusSent, "ada@example.com", "password_reset"},
				code:     {guichetmail.StatusSent, "bob@example.com", "signup_code"},
				rejected: {guichetmail.StatusFailed, "eve@example.com", "password_reset"},
			} {
				it, err := tb.Get(ctx, table.Key{PK: "OUTBOX#" + id, SK: "MAIL"})
				if err != nil {
					t.Fatal(err)
				}
				for _, secret := range []string{"LIVE-RESET-TOKEN", signupPIN} {
					if strings.Contains(string(it.Data), secret) {
						t.Errorf("%s record %s still holds %q: %s", want.status, id, secret, it.Data)
					}
				}
				r, err := ob.Lookup(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				m := r.Message
				if r.Status != want.status || m.ID != id || m.To != want.to || m.Template != want.tmpl || m.Lang != "fr" {
					t.Errorf("record %s: %+v, want status %s to %s of template %s", id, r, want.status, want.to, want.tmpl)
				}
				if m.Data != nil || m.Text != "" || m.HTML != "" {
					t.Errorf("record %s keeps its data or bodies: %+v", id, m)
				}
				if want.status == guichetmail.StatusSent && (m.Subject == "" || !r.SentAt.Equal(fixedNow)) {
					t.Errorf("sent record %s lacks its subject or time: %+v", id, r)
				}
			}
		})
	}
}

type senderFunc func(ctx context.Context, to string, raw []byte) error

func (f senderFunc) Send(ctx context.Context, to string, raw []byte) error { return f(ctx, to, raw) }
