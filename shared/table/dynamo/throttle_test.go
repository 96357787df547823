package dynamo_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/dynamo"
)

// throttlingProxy stands between the driver and DynamoDB Local and answers a share
// of the requests itself with ProvisionedThroughputExceededException, as DynamoDB
// does when a partition sheds load: such a request never reaches the table.
type throttlingProxy struct {
	next http.Handler
	mu   sync.Mutex
	rng  *rand.Rand
	rate float64
	// per operation (the X-Amz-Target action): requests throttled and forwarded
	throttled, forwarded map[string]int
}

func (p *throttlingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op := r.Header.Get("X-Amz-Target")
	op = op[strings.LastIndexByte(op, '.')+1:]
	p.mu.Lock()
	throttle := p.rng.Float64() < p.rate
	if throttle {
		p.throttled[op]++
	} else {
		p.forwarded[op]++
	}
	p.mu.Unlock()
	if !throttle {
		p.next.ServeHTTP(w, r)
		return
	}
	_, _ = io.Copy(io.Discard, r.Body)
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.WriteHeader(http.StatusBadRequest)
	fmt.Fprint(w, `{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",`+
		`"message":"The level of configured provisioned throughput for the table was exceeded."}`)
}

// attempt is one multi-item write and what its caller was told.
type attempt struct {
	keys []table.Key
	err  error
}

// DynamoDB throttles a third of the requests: the SDK's retries carry most writes
// through, the rest fail with a clean portal error, and no transaction is ever half
// written.
func TestThrottlingRetriesOrFailsCleanly(t *testing.T) {
	direct := open(t) // DynamoDB Local itself, to set up and to check
	u, err := url.Parse(endpoint)
	if err != nil {
		t.Fatal(err)
	}
	proxy := &throttlingProxy{next: httputil.NewSingleHostReverseProxy(u), rng: rand.New(rand.NewPCG(7, 2026)), rate: 1.0 / 3,
		throttled: map[string]int{}, forwarded: map[string]int{}}
	srv := httptest.NewServer(proxy)
	defer srv.Close()
	// The production retryer (three attempts, its retry quota) with a shorter backoff,
	// so the test takes seconds rather than minutes.
	pc, err := dynamo.NewClient(context.Background(), srv.URL, "eu-west-3", func(o *dynamodb.Options) {
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) { so.Backoff = retry.NewExponentialJitterBackoff(20 * time.Millisecond) })
	})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	opts := table.Options{CursorSecret: []byte("t"), Now: func() time.Time { return now }}
	setup := store.New(table.New(direct, opts))
	throttled := store.New(table.New(dynamo.New(pc, direct.TableName()), opts))
	ctx := context.Background()
	if err := setup.CreateOrganisation(ctx, portal.Organisation{ID: "acme", Name: "ACME", Created: now}); err != nil {
		t.Fatal(err)
	}

	// Each worker creates people: alone (user, address and login guards, a note
	// written with them, and for every third an administrator, which also moves the
	// organisation's item of administrators), or three in one transaction; and reads
	// back each one it was told is created, and takes request numbers.
	const workers, rounds = 6, 8
	var mu sync.Mutex
	var attempts []attempt
	numbers := map[string]int{}
	var readErrs []error
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				var batch []store.NewAccount
				var keys []table.Key
				for j := range 1 + 2*(i%2) {
					name := fmt.Sprintf("p%d-%d-%d", w, i, j)
					u := portal.User{ID: portal.NewID(), OrgID: "acme", Email: name + "@acme.example", Login: name + ".login",
						FirstName: "A", LastName: "B", Lang: "fr", Role: portal.RoleUser, Status: portal.StatusReady, Created: now}
					if (w+i+j)%3 == 0 {
						u.Role = portal.RoleAdmin
					}
					note := table.Item{PK: "NOTE#" + u.ID, SK: "NOTE", Version: 1, Data: []byte(`{}`)}
					batch = append(batch, store.NewAccount{Account: store.Account{User: u}, Also: []table.Op{table.Put(note, table.IfAbsent())}})
					keys = append(keys, table.Key{PK: "ORG#acme", SK: "USER#" + u.ID}, table.Key{PK: "EMAIL#" + u.Email, SK: "GUARD"},
						table.Key{PK: "LOGIN#" + u.Login, SK: "GUARD"}, note.Key())
				}
				_, err := throttled.CreateAccounts(ctx, batch...)
				var rerr error
				if err == nil {
					for _, n := range batch {
						if _, err := throttled.AccountByEmail(ctx, n.Account.Email); err != nil {
							rerr = err
						}
					}
				}
				number, nerr := throttled.NextRequestNumber(ctx, now)
				mu.Lock()
				attempts = append(attempts, attempt{keys: keys, err: err})
				if nerr == nil {
					numbers[number]++
				} else {
					readErrs = append(readErrs, nerr)
				}
				if rerr != nil {
					readErrs = append(readErrs, rerr)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()

	ok, failed := 0, map[string]int{}
	for _, a := range attempts {
		items, err := direct.GetMany(ctx, a.keys)
		if err != nil {
			t.Fatal(err)
		}
		found := len(items)
		switch {
		case a.err == nil:
			ok++
			if found != len(a.keys) {
				t.Errorf("a write reported done has %d of its %d items", found, len(a.keys))
			}
		default:
			failed[codeOf(a.err)]++
			checkClean(t, a.err)
			if found != 0 {
				t.Errorf("a write that failed (%v) left %d of its %d items", a.err, found, len(a.keys))
			}
		}
	}
	for _, err := range readErrs {
		checkClean(t, err)
	}
	for n, times := range numbers {
		if times > 1 {
			t.Errorf("request number %s handed out %d times", n, times)
		}
	}
	if violations := store.CheckIntegrity(scan(t, direct.TableName())); len(violations) > 0 {
		t.Errorf("the table is not whole:\n%s", strings.Join(violations, "\n"))
	}
	proxy.mu.Lock()
	defer proxy.mu.Unlock()
	total := 0
	for _, n := range proxy.throttled {
		total += n
	}
	if total == 0 || ok == 0 {
		t.Fatalf("nothing was throttled (%v) or nothing went through (%d)", proxy.throttled, ok)
	}
	t.Logf("%d writes went through, failures by code %v, %d request numbers; throttled %v, forwarded %v",
		ok, failed, len(numbers), proxy.throttled, proxy.forwarded)
}

// checkClean fails unless err is what a caller of the store may get when DynamoDB
// sheds load: a portal error, store_unavailable, or a Conflict when the retries of
// the administrators' item ran out.
func checkClean(t *testing.T, err error) {
	t.Helper()
	if code := codeOf(err); code != "store_unavailable" && !portal.Is(err, portal.Conflict) {
		t.Errorf("an unclean failure: %v", err)
	}
}

func codeOf(err error) string {
	var pe *portal.Error
	if errors.As(err, &pe) {
		return pe.Code
	}
	return err.Error()
}

// scan reads the whole table straight from DynamoDB Local.
func scan(t *testing.T, name string) []table.Item {
	t.Helper()
	var items []table.Item
	p := dynamodb.NewScanPaginator(client, &dynamodb.ScanInput{TableName: aws.String(name), ConsistentRead: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, av := range page.Items {
			it, err := dynamo.DecodeItem(av)
			if err != nil {
				t.Fatal(err)
			}
			items = append(items, it)
		}
	}
	return items
}
