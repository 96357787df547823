package seed_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/seed"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/bolt"
)

func TestDemoCatalog(t *testing.T) {
	d, err := bolt.Open(filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	s := store.New(table.New(d, table.Options{}))
	defer s.Table().Close()
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
