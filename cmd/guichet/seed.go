package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/seed"
)

// seedCommand writes the demo accounts and, with --scale or --users, the generated
// organisations of the load tests, into the configured store (the embedded one, or
// DynamoDB with GUICHET_STORE=dynamodb and GUICHET_DYNAMODB_ENDPOINT).
func seedCommand(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	orgs := fs.Int("scale", 0, "generated organisations to write (1,000 hold about 100,000 users)")
	users := fs.Int("users", 0, "instead of --scale: as many organisations as hold at least this many users")
	workers := fs.Int("workers", 4, "organisations written in parallel")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *orgs < 0 || *users < 0 || *workers < 1 {
		return errors.New("seed: --scale, --users and --workers take positive numbers")
	}
	return withApp(ctx, func(a *app.App) error {
		if *orgs == 0 && *users == 0 {
			wrote, err := seed.Demo(ctx, a.Store, time.Now())
			if err != nil {
				return err
			}
			d, err := deps(a)
			if err == nil {
				err = seed.DemoFiles(ctx, a.Store, d.Blobs, time.Now())
			}
			if err == nil {
				printDemo(wrote, a.Config.BaseURL)
			}
			return err
		}
		fmt.Printf("seed: %s store; %d organisations written at a time\n", a.Config.Store, *workers)
		t, err := seed.Scale(ctx, a.Store, seed.ScaleOptions{Orgs: *orgs, Users: *users, Workers: *workers, Progress: os.Stdout})
		if err != nil {
			return err
		}
		printScale(t)
		return nil
	})
}

func printScale(t seed.ScaleTotals) {
	fmt.Printf("seed: %d organisations with %d users in the scale; %d were already written\n", t.Orgs, t.PlannedUsers, t.Skipped)
	if t.Users == 0 {
		fmt.Println("seed: nothing to write")
	} else {
		fmt.Printf("seed: wrote %d users in %s (%.0f users/s), %d items in %d transactions\n",
			t.Users, t.Elapsed.Round(100*time.Millisecond), float64(t.Users)/t.Elapsed.Seconds(), t.Items, t.Transactions)
		fmt.Printf("  users by status:  ")
		for _, s := range []portal.UserStatus{portal.StatusReady, portal.StatusLocked, portal.StatusNotActivated, portal.StatusDisabled, portal.StatusPendingApproval} {
			fmt.Printf(" %s %d", s, t.ByStatus[s])
		}
		fmt.Printf("\n  administrators:    %d\n", t.Admins)
		fmt.Printf("  contracts:         %d (rights of %d users)\n", t.Contracts, t.Rights)
		fmt.Printf("  access requests:  ")
		for _, s := range []portal.RequestStatus{portal.RequestApproved, portal.RequestPending, portal.RequestRefused, portal.RequestCancelled} {
			fmt.Printf(" %s %d", s, t.Requests[s])
		}
		fmt.Printf("\n  grants:            %d\n  sign-in history:   %d attempts\n  audit entries:     %d\n", t.Grants, t.SignIns, t.AuditEntries)
	}
	fmt.Printf("Sign-ins: user i of organisation n is u<i>@org<n>.example, password %s (the accounts share %d argon2id hashes\n"+
		"of it at OWASP cost); user 1 of every organisation is its administrator, e.g. u1@org1.example.\n", seed.DemoPassword, seed.SharedHashes)
}
