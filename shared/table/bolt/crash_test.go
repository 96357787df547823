package bolt_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/bolt"
)

// TestMain lets this test binary double as the crashing writer: with
// GUICHET_CRASH_WRITER set it writes transactions forever and reports each one only
// after the driver said it committed.
func TestMain(m *testing.M) {
	if path := os.Getenv("GUICHET_CRASH_WRITER"); path != "" {
		crashWriter(path)
		return
	}
	os.Exit(m.Run())
}

func crashWriter(path string) {
	d, err := bolt.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	tb := table.New(d, table.Options{})
	out := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		sk := fmt.Sprintf("ITEM#%08d", i)
		err := tb.Transact(context.Background(),
			table.Put(table.Item{PK: "CRASH", SK: sk, GSI1PK: "CRASHIDX", GSI1SK: sk, Data: []byte("payload")}, table.IfAbsent()),
			table.Put(table.Item{PK: "GUARD#" + sk, SK: "GUARD"}, table.IfAbsent()),
		)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Fprintln(out, sk)
		out.Flush()
	}
}

// TestSIGKILLLosesNoCommittedWrite kills a writer process in the middle of its writes
// and checks that everything it reported as committed is there after reopening, each
// with its guard item (the transaction was all or nothing), and that the index agrees.
func TestSIGKILLLosesNoCommittedWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a process")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GUICHET_CRASH_WRITER="+path)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var committed []string
	lines := bufio.NewScanner(stdout)
	deadline := time.Now().Add(20 * time.Second)
	for lines.Scan() {
		committed = append(committed, lines.Text())
		if len(committed) == 200 || time.Now().After(deadline) {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for lines.Scan() {
		committed = append(committed, lines.Text())
	}
	_ = cmd.Wait()
	if len(committed) < 50 {
		t.Fatalf("the writer committed only %d transactions before the kill", len(committed))
	}

	d, err := bolt.Open(path)
	if err != nil {
		t.Fatal("the file does not reopen after SIGKILL:", err)
	}
	tb := table.New(d, table.Options{})
	defer tb.Close()
	ctx := context.Background()
	stored := map[string]bool{}
	q := table.Query{PK: "CRASH", Limit: table.MaxLimit}
	for {
		page, err := tb.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			stored[it.SK] = true
			if _, err := tb.Get(ctx, table.Key{PK: "GUARD#" + it.SK, SK: "GUARD"}); err != nil {
				t.Fatalf("%s is stored without its guard: half a transaction survived", it.SK)
			}
		}
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	for _, sk := range committed {
		if !stored[sk] {
			t.Fatalf("%s was reported committed but is gone after SIGKILL", sk)
		}
	}
	idx, err := tb.Query(ctx, table.Query{Index: table.GSI1, PK: "CRASHIDX", Limit: table.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	if len(idx.Items) != min(len(stored), table.MaxLimit) {
		t.Fatalf("index holds %d items, table %d", len(idx.Items), len(stored))
	}
	t.Logf("killed after %d committed transactions; %d stored",
		len(committed), len(stored))
	if extra := len(stored) - len(committed); extra < 0 || extra > 1 {
		t.Fatalf("%d more items stored than reported; at most the one in flight may be", extra)
	}
}
