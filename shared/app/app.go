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
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/awsvalues"
	"github.com/guichet/guichet/shared/config"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/jobs"
	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/origincheck"
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
	// Origin checks the origin secret of requests; nil when none is configured.
	Origin *origincheck.Check
}

// Open builds the process from cfg, whose settings kept in AWS (Resolve) are already
// read. It makes no network call: AWS clients connect on first use, so a Lambda's
// cold start stays short.
func Open(ctx context.Context, cfg config.Config) (*App, error) {
	log := NewLogger(cfg.LogLevel)
	if cfg.BaseURL == "" {
		return nil, errors.New("the portal's public address is not resolved (GUICHET_BASE_URL_PARAMETER): call Resolve first")
	}
	origin, err := originCheck(cfg)
	if err != nil {
		return nil, err
	}
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
		Origin:  origin,
	}, nil
}

// FromEnv reads the configuration from the environment, then the settings it names
// in AWS, and opens the process. A setting that cannot be read or used stops it here,
// at start-up (a Lambda function's init then fails with the reason in its log).
func FromEnv(ctx context.Context) (*App, error) {
	cfg, err := config.FromEnv()
	if err != nil {
		return nil, err
	}
	if cfg, err = Resolve(ctx, cfg); err != nil {
		return nil, err
	}
	return Open(ctx, cfg)
}

// Resolve reads the settings cfg names in AWS rather than holds: the portal's public
// address from its SSM parameter (when GUICHET_BASE_URL is empty) and the signing
// secret from Secrets Manager. Both reads run at once, to keep the cold start short.
func Resolve(ctx context.Context, cfg config.Config) (config.Config, error) {
	if (cfg.BaseURL != "" || cfg.BaseURLParameter == "") && cfg.SecretID == "" {
		return cfg, nil
	}
	values, err := awsValues(cfg)
	if err != nil {
		return cfg, err
	}
	var (
		base, secret       string
		baseErr, secretErr error
		wg                 sync.WaitGroup
	)
	if cfg.BaseURL == "" {
		wg.Go(func() { base, baseErr = values.Parameter(ctx, cfg.BaseURLParameter) })
	}
	if cfg.SecretID != "" {
		wg.Go(func() { secret, secretErr = values.Secret(ctx, cfg.SecretID, awsvalues.Current) })
	}
	wg.Wait()
	if baseErr != nil {
		return cfg, fmt.Errorf("GUICHET_BASE_URL_PARAMETER: the portal's public address could not be read: %w", baseErr)
	}
	if secretErr != nil {
		return cfg, fmt.Errorf("GUICHET_SECRET_ID: the signing secret could not be read: %w", secretErr)
	}
	if cfg.BaseURL == "" {
		if cfg, err = cfg.WithBaseURL("GUICHET_BASE_URL_PARAMETER "+cfg.BaseURLParameter, base); err != nil {
			return cfg, err
		}
	}
	if cfg.SecretID != "" {
		if len(secret) < minSigningSecret {
			return cfg, fmt.Errorf("GUICHET_SECRET_ID: the signing secret %s is shorter than %d characters", cfg.SecretID, minSigningSecret)
		}
		cfg.Secret = secret
	}
	return cfg, nil
}

// minSigningSecret is the shortest signing secret read from Secrets Manager, as the
// template's CursorSecret parameter requires.
const minSigningSecret = 32

func awsValues(cfg config.Config) (*awsvalues.Reader, error) {
	return awsvalues.New(cfg.Region, awsvalues.Endpoints{SSM: cfg.SSMEndpoint, SecretsManager: cfg.SecretsManagerEndpoint})
}

// originCheck builds the check of the origin secret: a fixed value, or the secret's
// current and previous values read from Secrets Manager on first use and again
// every few minutes, so that a rotation reaches running functions.
func originCheck(cfg config.Config) (*origincheck.Check, error) {
	switch {
	case cfg.OriginSecret != "":
		return origincheck.Fixed(cfg.OriginSecret), nil
	case cfg.OriginSecretID == "":
		return nil, nil
	}
	values, err := awsValues(cfg)
	if err != nil {
		return nil, err
	}
	return origincheck.Rotating(func(ctx context.Context) ([]string, error) {
		var (
			current, previous       string
			currentErr, previousErr error
			wg                      sync.WaitGroup
		)
		wg.Go(func() { current, currentErr = values.Secret(ctx, cfg.OriginSecretID, awsvalues.Current) })
		wg.Go(func() { previous, previousErr = values.Secret(ctx, cfg.OriginSecretID, awsvalues.Previous) })
		wg.Wait()
		switch {
		case currentErr != nil:
			return nil, currentErr
		case errors.Is(previousErr, awsvalues.ErrNotFound):
			return []string{current}, nil
		case previousErr != nil:
			return nil, previousErr
		}
		return []string{current, previous}, nil
	}, nil), nil
}

// MailDir is where the file sender writes messages and the mail viewer reads them.
func MailDir(cfg config.Config) string { return filepath.Join(cfg.DataDir, "mail") }

// Deps returns what the HTTP handlers need.
func (a *App) Deps() *httpapi.Deps {
	sessions := &auth.Sessions{Store: a.Store}
	return &httpapi.Deps{
		Log: a.Log, Store: a.Store, Outbox: a.Outbox, BaseURL: a.Config.BaseURL, AllowedOrigins: a.Config.AllowedOrigins, MailFrom: a.Config.MailFrom,
		Sessions: sessions, Secret: a.Secret, AccessDecisionDays: a.Config.AccessDecisionDays, Trusted: a.Trusted,
		ClientIPHeader: a.Config.ClientIPHeader, DebugHeaders: a.Config.DebugHeaders, ViaProxy: a.viaProxy(),
		Auth: &auth.Authenticator{Store: a.Store, Sessions: sessions, Params: auth.OWASP, Secret: a.Secret, Trusted: a.Trusted},
	}
}

// viaProxy is the check of the origin secret that Deps.ViaProxy runs, nil when none.
func (a *App) viaProxy() func(*http.Request) error {
	if a.Origin == nil {
		return nil
	}
	return a.Origin.Verify
}

// PasskeysOff reports whether passkeys are off at the base URL, and then logs why:
// WebAuthn needs a domain name as its relying party's id, and a local setup may be
// reached by an IP address. The programs that serve passkeys ask it at start-up
// instead of building ceremonies that could not start; their routes then refuse
// with passkeys_unavailable (see the account area's Passkey feature).
func (a *App) PasskeysOff() bool {
	if config.PasskeysWork(a.Config.BaseURL) {
		return false
	}
	a.Log.Warn("passkeys are off: the host of GUICHET_BASE_URL is an IP address, and WebAuthn needs a domain name (use localhost or a name that resolves to it)",
		"baseUrl", a.Config.BaseURL)
	return true
}

// Jobs returns every scheduled job, wired to the process and to work, the runner
// of long jobs (orgadmin.RunJobs): the local binary runs them all.
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
