// Command guichet runs the whole portal on one machine: the API of every feature, the
// built portal, the embedded store, a file mail outbox with its viewer, and the
// scheduled jobs on tickers. No cloud account is needed.
//
//	guichet [serve]            start the portal (the default)
//	guichet seed               write the demo accounts and exit
//	guichet seed --scale N     also write N generated organisations (load tests)
//	guichet jobs run [name]    run one scheduled job, or all of them, once
//	guichet table create       create the DynamoDB table (GUICHET_TABLE), e.g. on DynamoDB Local
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/auth/passkey"
	"github.com/guichet/guichet/shared/blob"
	"github.com/guichet/guichet/shared/blob/blobenv"
	"github.com/guichet/guichet/shared/blob/folder"
	"github.com/guichet/guichet/shared/compress"
	"github.com/guichet/guichet/shared/config"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/areas"
	"github.com/guichet/guichet/shared/httpapi/orgadmin"
	"github.com/guichet/guichet/shared/jobs"
	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/seed"
	"github.com/guichet/guichet/shared/table/dynamo"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "guichet:", err)
		os.Exit(1)
	}
}

const usage = `usage:
  guichet [serve]            start the portal (default)
  guichet seed               write the demo accounts and exit
  guichet seed --scale N     also write N generated organisations of realistic size
               [--users M]   (or as many as hold M users) for load tests; see docs/performance.md
  guichet jobs run [name]    run one scheduled job, or all, once
  guichet table create       create the DynamoDB table GUICHET_TABLE as template.yaml declares it
                             (at GUICHET_DYNAMODB_ENDPOINT, e.g. DynamoDB Local); runs again safely`

func run(args []string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx)
	case "seed":
		return seedCommand(ctx, args)
	case "jobs":
		if len(args) == 0 || args[0] != "run" {
			return errors.New(usage)
		}
		return withApp(ctx, func(a *app.App) error {
			d, err := deps(a)
			if err != nil {
				return err
			}
			return runJobs(ctx, a.Jobs(orgadmin.RunJobs(d)), a.Log, args[1:])
		})
	case "table":
		if len(args) != 1 || args[0] != "create" {
			return errors.New(usage)
		}
		return createTable(ctx)
	case "help", "-h", "--help":
		fmt.Println(usage)
		return nil
	default:
		return fmt.Errorf("unknown command %q\n%s", cmd, usage)
	}
}

func withApp(ctx context.Context, fn func(a *app.App) error) error {
	a, err := app.FromEnv(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	return fn(a)
}

// fileLinks serves the links of the folder blob store, which the local binary
// hands out for the jobs' files and the contracts' documents (GET), and through
// which operators upload documents (PUT); S3 serves its own.
func fileLinks(blobs blob.Store) func(rt *httpapi.Router) {
	return func(rt *httpapi.Router) {
		if files, ok := blobs.(*folder.Store); ok {
			rt.Mount("GET "+folder.Prefix, files)
			rt.Mount("PUT "+folder.Prefix, files)
		}
	}
}

// deps are the handlers' dependencies, with the blob store of the local binary.
func deps(a *app.App) (*httpapi.Deps, error) {
	d := a.Deps()
	var err error
	d.Blobs, err = blobenv.Open(a.Config, a.Secret)
	return d, err
}

func runJobs(ctx context.Context, all []jobs.Job, log *slog.Logger, names []string) error {
	if len(names) == 0 {
		for _, j := range all {
			if err := jobs.RunOne(ctx, j, log); err != nil {
				return err
			}
		}
		return nil
	}
	for _, name := range names {
		j, ok := jobs.Find(all, name)
		if !ok {
			return fmt.Errorf("no job %q", name)
		}
		if err := jobs.RunOne(ctx, j, log); err != nil {
			return err
		}
	}
	return nil
}

// createTable creates the configured DynamoDB table, or finishes setting up one that
// exists; it opens no store, so it needs no GUICHET_SECRET.
func createTable(ctx context.Context) error {
	cfg, err := config.FromEnv()
	if err != nil {
		return err
	}
	client, err := dynamo.NewClient(ctx, cfg.DynamoDBEndpoint, cfg.Region)
	if err != nil {
		return err
	}
	if err := dynamo.CreateTable(ctx, client, cfg.Table); err != nil {
		return fmt.Errorf("table %s: %w", cfg.Table, err)
	}
	where := cfg.DynamoDBEndpoint
	if where == "" {
		where = "DynamoDB in " + cfg.Region
	}
	fmt.Printf("Table %s is ready (%s): keys, GSI1, GSI2, stream and time to live as template.yaml declares them.\n", cfg.Table, where)
	return nil
}

// gcPercent is the local server's garbage collection target (GOGC), unless the
// environment sets one. Each password check allocates 19 MiB (argon2id at OWASP
// cost) that is garbage once it returns: at Go's default of 100 every sign-in or two
// starts a collection, whose marking then slows every request under way (the load
// command measured sign-in p99 at 155 ms and the session check's at 7 ms with 100,
// 59 ms and 5 ms with 400). Collecting when the heap has grown fivefold costs about
// 100 MB more memory.
const gcPercent = 400

func serve(ctx context.Context) error {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	return withApp(ctx, func(a *app.App) error {
		wrote, err := seed.Demo(ctx, a.Store, time.Now())
		if err != nil {
			return err
		}
		d, err := deps(a)
		if err != nil {
			return err
		}
		if err := seed.DemoFiles(ctx, a.Store, d.Blobs, time.Now()); err != nil {
			return err
		}
		if !a.PasskeysOff() {
			if d.Passkeys, err = passkey.New(a.Config.BaseURL); err != nil {
				return err
			}
		}
		srv := compress.Handler(httpapi.New(d, areas.All(), fileLinks(d.Blobs), siteRoutes(a.Config)))
		l, err := net.Listen("tcp", a.Config.Addr)
		if err != nil {
			return err
		}
		jobs.Schedule(ctx, a.Jobs(orgadmin.RunJobs(d)), a.Log)
		hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
		errc := make(chan error, 1)
		go func() { errc <- hs.Serve(l) }()
		printDemo(wrote, a.Config.BaseURL)
		fmt.Printf("Guichet is listening on %s (portal: %s)\n", l.Addr(), a.Config.BaseURL)
		if a.Config.DevMail {
			fmt.Printf("Mail viewer, from this machine only: %s%s\n", a.Config.BaseURL, mail.ViewerPath)
		}
		select {
		case err := <-errc:
			return err
		case <-ctx.Done():
		}
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return hs.Shutdown(shutdown)
	})
}

func printDemo(wrote bool, baseURL string) {
	if wrote {
		fmt.Println("Demo data written.")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Demo sign-ins at %s (password %s):\n", baseURL, seed.DemoPassword)
	for _, acc := range seed.DemoAccounts {
		fmt.Fprintf(&b, "  %-9s %s\n", acc.Role, acc.Email)
	}
	fmt.Print(b.String())
}
