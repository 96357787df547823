// Package app assembles a Guichet process from its configuration: the table driver,
// the repositories, the mail sender and outbox, and the logger. The local binary and
// every Lambda function start here, so they differ only in what they mount.
package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/config"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/jobs"
	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/bolt"
	"github.com/guichet/guichet/shared/table/dynamo"
)

// App is one assembled process.
type App struct {
	Config  config.Config
	Secret  []byte
	Trusted auth.Trusted
	Log     *slog.Logger
	Table   *table.Table
	Store   *store.Store
	Sender  mail.Sender
	Outbox  *mail.Outbox
}

// Open builds the process from cfg. It makes no network call: AWS clients connect on
// first use, so a Lambda's cold start stays short.
func Open(ctx context.Context, cfg config.Config) (*App, error) {
	log := NewLogger(cfg.LogLevel)
	secret, err := cursorSecret(cfg)
	if err != nil {
		return nil, err
	}
	trusted, err := auth.ParseTrusted(cfg.TrustedNetworks)
	if err != nil {
		return nil, fmt.Errorf("GUICHET_TRUSTED_NETWORKS: %w", err)
	}
	var driver table.Driver
	switch cfg.Store {
	case "dynamodb":
		client, err := dynamo.NewClient(ctx, cfg.DynamoDBEndpoint, cfg.Region)
		if err != nil {
			return nil, err
		}
		driver = dynamo.New(client, cfg.Table)
	default:
		d, err := bolt.Open(filepath.Join(cfg.DataDir, "guichet.db"))
		if err != nil {
			return nil, err
		}
		driver = d
	}
	t := table.New(driver, table.Options{CursorSecret: secret})
	var sender mail.Sender
	switch cfg.Mail {
	case "ses":
		client, err := mail.NewSESClient(ctx, cfg.SESEndpoint, cfg.Region)
		if err != nil {
			t.Close()
			return nil, err
		}
		sender = mail.NewSESSender(client, cfg.MailFrom, cfg.SESConfigurationSet)
	default:
		sender = mail.FileSender{Dir: MailDir(cfg)}
	}
	return &App{
		Config:  cfg,
		Secret:  secret,
		Trusted: trusted,
		Log:     log,
		Table:   t,
		Store:   store.New(t),
		Sender:  sender,
		Outbox:  mail.NewOutbox(t, sender, mail.OutboxOptions{From: cfg.MailFrom}),
	}, nil
}

// FromEnv reads the configuration from the environment and opens the process.
func FromEnv(ctx context.Context) (*App, error) {
	cfg, err := config.FromEnv()
	if err != nil {
		return nil, err
	}
	return Open(ctx, cfg)
}

// MailDir is where the file sender writes messages and the mail viewer reads them.
func MailDir(cfg config.Config) string { return filepath.Join(cfg.DataDir, "mail") }

// Deps returns what the HTTP handlers need.
func (a *App) Deps() *httpapi.Deps {
	sessions := &auth.Sessions{Store: a.Store}
	return &httpapi.Deps{
		Log: a.Log, Store: a.Store, Outbox: a.Outbox, BaseURL: a.Config.BaseURL, AllowedOrigins: a.Config.AllowedOrigins, MailFrom: a.Config.MailFrom,
		Sessions: sessions, Secret: a.Secret, AccessDecisionDays: a.Config.AccessDecisionDays, Trusted: a.Trusted,
		ClientIPHeader: a.Config.ClientIPHeader, DebugHeaders: a.Config.DebugHeaders,
		Auth: &auth.Authenticator{Store: a.Store, Sessions: sessions, Params: auth.OWASP, Secret: a.Secret, Trusted: a.Trusted},
	}
}

// PasskeysOff reports whether passkeys are off at the base URL, and then logs why:
// WebAuthn needs a domain name as its relying party's id, and a local setup may be
// reached by an IP address. The programs that serve passkeys ask it at start-up
// instead of building ceremonies that could not start; their routes then refuse
// with passkeys_unavailable (see httpapi.Passkey).
func (a *App) PasskeysOff() bool {
	if config.PasskeysWork(a.Config.BaseURL) {
		return false
	}
	a.Log.Warn("passkeys are off: the host of GUICHET_BASE_URL is an IP address, and WebAuthn needs a domain name (use localhost or a name that resolves to it)",
		"baseUrl", a.Config.BaseURL)
	return true
}

// Jobs returns every scheduled job, wired to the process and to work, the runner
// of long jobs (httpapi.Deps.RunJobs): the local binary runs them all.
func (a *App) Jobs(work func(context.Context) (int, error)) []jobs.Job {
	e := a.jobsEnv()
	e.Drain, e.Work = a.Outbox.Drain, work
	return jobs.All(e)
}

// WorkJob returns the job of the work function: the runner of long jobs.
func (a *App) WorkJob(work func(context.Context) (int, error)) jobs.Job {
	e := a.jobsEnv()
	e.Work = work
	j, _ := jobs.Find(jobs.OfFunction(jobs.All(e), "work"), "work")
	return j
}

// FunctionJobs returns the jobs the jobs function runs in AWS. It wires no mail
// drain (the maildrain function delivers mail), so that function's binary does not
// link the rendering of mail.
func (a *App) FunctionJobs() []jobs.Job {
	return jobs.OfFunction(jobs.All(a.jobsEnv()), "")
}

func (a *App) jobsEnv() jobs.Env {
	return jobs.Env{Store: a.Store, BaseURL: a.Config.BaseURL, AccessDecisionDays: a.Config.AccessDecisionDays}
}

// Close releases the table.
func (a *App) Close() error { return a.Table.Close() }

// NewLogger returns a JSON logger at the named level.
func NewLogger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

// cursorSecret returns the configured secret. The embedded store keeps a random one
// beside its file, so a local install needs no configuration; DynamoDB deployments
// must configure theirs, since every function must sign the same way.
func cursorSecret(cfg config.Config) ([]byte, error) {
	if cfg.Secret != "" {
		return []byte(cfg.Secret), nil
	}
	if cfg.Store != "bolt" {
		return nil, errors.New("GUICHET_SECRET must be set when GUICHET_STORE is not bolt")
	}
	path := filepath.Join(cfg.DataDir, "secret")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return []byte(strings.TrimSpace(string(b))), nil
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, err
	}
	secret := hex.EncodeToString(raw[:])
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return nil, err
	}
	return []byte(secret), nil
}
