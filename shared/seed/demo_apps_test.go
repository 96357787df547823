package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/seed"
	"github.com/guichet/guichet/shared/table"
)

func TestDemoCatalog(t *testing.T) {
	s := newStore(t, table.Options{})
	if _, err := seed.Demo(context.Background(), s, time.Now()); err != nil {
		t.Fatal(err)
	}
	apps, err := s.Applications(context.Background())
	if err != nil || len(apps) != len(seed.DemoApplications) {
		t.Fatalf("demo catalog: %d applications, %v", len(apps), err)
	}
	for _, a := range apps {
		if a.Name.FR == "" || a.Name.EN == "" || a.Approver == "" || a.Version != 1 {
			t.Errorf("demo application %+v", a)
		}
	}
}
