package dynamo_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/guichet/guichet/shared/localaws"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/table/dynamo"
	"github.com/guichet/guichet/shared/table/tabletest"
)

var (
	// endpoint and client reach the DynamoDB Local that TestMain started; skipWhy
	// is set instead when it is not installed on a developer's machine.
	endpoint string
	client   *dynamodb.Client
	skipWhy  error
	// ran records that the conformance suite really went over the wire.
	ran    atomic.Bool
	tables atomic.Int64
)

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	p, err := localaws.StartDynamoDB()
	if err != nil {
		if errors.Is(err, localaws.ErrUnavailable) && !localaws.Required() {
			localaws.Unavailable("DynamoDB conformance suite", err)
			skipWhy = err
			return m.Run()
		}
		fmt.Fprintln(os.Stderr, "dynamodb-local:", err)
		return 1
	}
	defer p.Stop()
	endpoint = p.URL
	client, err = dynamo.NewClient(context.Background(), endpoint, "eu-west-3")
	if err != nil {
		fmt.Fprintln(os.Stderr, "dynamodb-local:", err)
		return 1
	}
	code := m.Run()
	if code == 0 && ran.Load() {
		fmt.Printf("dynamodb-local: conformance suite ran against DynamoDB Local %s\n", endpoint)
	}
	return code
}

func needDynamo(t testing.TB) {
	t.Helper()
	if client == nil {
		t.Skipf("DynamoDB Local unavailable: %v", skipWhy)
	}
}

// open creates a table of its own for t, named after the test so that tests can run
// in parallel, and drops it when t ends.
func open(t testing.TB) *dynamo.Driver {
	t.Helper()
	needDynamo(t)
	name := fmt.Sprintf("t%d-%s", tables.Add(1), strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, t.Name()))
	if len(name) > 200 {
		name = name[:200]
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := dynamo.CreateTable(ctx, client, name); err != nil {
		t.Fatalf("create table %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(name)}); err != nil {
			t.Logf("delete table %s: %v", name, err)
		}
	})
	return dynamo.New(client, name)
}

func TestConformance(t *testing.T) {
	needDynamo(t)
	t.Logf("DynamoDB Local at %s: conformance suite running", endpoint)
	tabletest.Run(t, func(t *testing.T) table.Driver { return open(t) })
	if !t.Failed() {
		ran.Store(true)
	}
}

func BenchmarkDynamo(b *testing.B) {
	needDynamo(b)
	tabletest.Bench(b, func(b testing.TB) table.Driver { return open(b) })
}

func conditionIndex(t *testing.T, err error) int {
	t.Helper()
	if !portal.Is(err, portal.Conflict) {
		t.Fatalf("got %v, want a Conflict", err)
	}
	var cf *table.ConditionFailed
	if !errors.As(err, &cf) {
		t.Fatalf("conflict %v has no ConditionFailed cause", err)
	}
	return cf.Index
}

func TestTransactionNamesTheFailedStep(t *testing.T) {
	t.Parallel()
	d := open(t)
	ctx := context.Background()
	now := time.Now().Unix()
	taken := table.Item{PK: "ORG#1", SK: "EMAIL#a@b.fr", Version: 1}
	if err := d.Put(ctx, taken, table.IfAbsent(), now); err != nil {
		t.Fatal(err)
	}
	if i := conditionIndex(t, d.Put(ctx, taken, table.IfAbsent(), now)); i != 0 {
		t.Fatalf("single put names step %d, want 0", i)
	}
	err := d.Transact(ctx, []table.Op{
		table.Put(table.Item{PK: "ORG#1", SK: "USER#1", Version: 1}, table.IfAbsent()),
		table.Put(taken, table.IfAbsent()),
		table.Check(table.Key{PK: "ORG#1", SK: "nothing"}, table.Cond{}),
	}, now)
	if i := conditionIndex(t, err); i != 1 {
		t.Fatalf("transaction names step %d, want 1", i)
	}
	if _, ok, err := d.Get(ctx, table.Key{PK: "ORG#1", SK: "USER#1"}); err != nil || ok {
		t.Fatalf("the cancelled transaction wrote its first step (found=%v, err=%v)", ok, err)
	}
	// A check under Always holds whether or not the item exists.
	err = d.Transact(ctx, []table.Op{
		table.Check(table.Key{PK: "ORG#1", SK: "nothing"}, table.Cond{}),
		table.Check(taken.Key(), table.Cond{}),
		table.Put(table.Item{PK: "ORG#1", SK: "USER#1", Version: 1}, table.IfAbsent()),
	}, now)
	if err != nil {
		t.Fatal(err)
	}
}

func TestCancelledContextPassesThrough(t *testing.T) {
	t.Parallel()
	d := open(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := d.Get(ctx, table.Key{PK: "A", SK: "B"})
	if !errors.Is(err, context.Canceled) || portal.KindOf(err) != portal.Internal {
		t.Fatalf("got %v, want context.Canceled as is", err)
	}
	var pe *portal.Error
	if errors.As(err, &pe) {
		t.Fatalf("a cancelled context was wrapped: %v", err)
	}
}

// rawItem reads an item as DynamoDB stores it.
func rawItem(t *testing.T, name string, key table.Key) map[string]types.AttributeValue {
	t.Helper()
	out, err := client.GetItem(context.Background(), &dynamodb.GetItemInput{
		TableName:      aws.String(name),
		Key:            map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: key.PK}, "SK": &types.AttributeValueMemberS{Value: key.SK}},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil || out.Item == nil {
		t.Fatalf("raw get %v: %v", key, err)
	}
	return out.Item
}

func TestSparseIndexesAndAttributeLayout(t *testing.T) {
	t.Parallel()
	d := open(t)
	name := d.TableName()
	ctx := context.Background()
	now := time.Now().Unix()
	plain := table.Item{PK: "ORG#1", SK: "NOTE#1", Version: 3, Data: []byte("x")}
	indexed := table.Item{PK: "ORG#1", SK: "USER#1", GSI1PK: "EMAIL#a@b.fr", GSI1SK: "USER", TTL: now + 3600, Version: 1, Data: []byte("y")}
	for _, it := range []table.Item{plain, indexed} {
		if err := d.Put(ctx, it, table.Cond{}, now); err != nil {
			t.Fatal(err)
		}
	}
	raw := rawItem(t, name, plain.Key())
	for _, a := range []string{"GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "ttl"} {
		if _, ok := raw[a]; ok {
			t.Errorf("empty attribute %s was written: %v", a, raw[a])
		}
	}
	if v, ok := raw["version"].(*types.AttributeValueMemberN); !ok || v.Value != "3" {
		t.Errorf("version = %#v, want N 3", raw["version"])
	}
	if v, ok := raw["data"].(*types.AttributeValueMemberB); !ok || string(v.Value) != "x" {
		t.Errorf("data = %#v, want B x", raw["data"])
	}
	raw = rawItem(t, name, indexed.Key())
	if v, ok := raw["ttl"].(*types.AttributeValueMemberN); !ok || v.Value != fmt.Sprint(now+3600) {
		t.Errorf("ttl = %#v, want N %d", raw["ttl"], now+3600)
	}
	for idx, want := range map[string]int{"GSI1": 1, "GSI2": 0} {
		out, err := client.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(name), IndexName: aws.String(idx)})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Items) != want {
			t.Errorf("%s holds %d items, want %d: %v", idx, len(out.Items), want, out.Items)
		}
	}
}

func TestTimeToLiveEnabled(t *testing.T) {
	t.Parallel()
	d := open(t)
	name := d.TableName()
	ctx := context.Background()
	out, err := client.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	desc := out.TimeToLiveDescription
	if desc == nil || desc.TimeToLiveStatus != types.TimeToLiveStatusEnabled || aws.ToString(desc.AttributeName) != "ttl" {
		t.Fatalf("time to live = %+v, want ENABLED on ttl", desc)
	}
	// CreateTable may run again on an existing table.
	if err := dynamo.CreateTable(ctx, client, name); err != nil {
		t.Fatalf("second CreateTable: %v", err)
	}
	tbl, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(tbl.Table.GlobalSecondaryIndexes); got != 2 {
		t.Fatalf("%d indexes, want 2", got)
	}
	for _, g := range tbl.Table.GlobalSecondaryIndexes {
		if g.Projection == nil || g.Projection.ProjectionType != types.ProjectionTypeAll {
			t.Errorf("%s projects %+v, want ALL", aws.ToString(g.IndexName), g.Projection)
		}
	}
}

func TestGetManyDuplicatesAndManyKeys(t *testing.T) {
	t.Parallel()
	d := open(t)
	ctx := context.Background()
	now := time.Now().Unix()
	// The largest transaction the port allows, of which only 20 items stay.
	var ops []table.Op
	for i := range table.MaxTransact {
		ops = append(ops, table.Put(table.Item{PK: "M", SK: fmt.Sprintf("%03d", i)}, table.Cond{}))
	}
	if err := d.Transact(ctx, ops, now); err != nil {
		t.Fatal(err)
	}
	ops = ops[:0]
	for i := 20; i < table.MaxTransact; i++ {
		ops = append(ops, table.Delete(table.Key{PK: "M", SK: fmt.Sprintf("%03d", i)}, table.IfExists()))
	}
	if err := d.Transact(ctx, ops, now); err != nil {
		t.Fatal(err)
	}
	// More keys than one BatchGetItem takes, with repeats and misses.
	var keys []table.Key
	var want []string
	for i := range 150 {
		sk := fmt.Sprintf("%03d", (i*7)%30)
		keys = append(keys, table.Key{PK: "M", SK: sk})
		if (i*7)%30 < 20 {
			want = append(want, sk)
		}
	}
	items, err := d.GetMany(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		got = append(got, it.SK)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("GetMany = %v\nwant %v", got, want)
	}
}

func TestTranslate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	reasons := func(codes ...string) *types.TransactionCanceledException {
		e := &types.TransactionCanceledException{Message: aws.String("cancelled")}
		for _, c := range codes {
			e.CancellationReasons = append(e.CancellationReasons, types.CancellationReason{Code: aws.String(c)})
		}
		return e
	}
	wrap := func(err error) error { return fmt.Errorf("operation error DynamoDB: %w", err) }
	for _, c := range []struct {
		name  string
		err   error
		kind  portal.Kind
		code  string
		index int
	}{
		{"condition", wrap(&types.ConditionalCheckFailedException{}), portal.Conflict, "condition_failed", 0},
		{"second step", wrap(reasons("None", "ConditionalCheckFailed", "None")), portal.Conflict, "condition_failed", 1},
		{"condition before conflict", wrap(reasons("TransactionConflict", "None", "ConditionalCheckFailed")), portal.Conflict, "condition_failed", 2},
		{"transaction conflict", wrap(reasons("None", "TransactionConflict")), portal.Conflict, "condition_failed", 1},
		{"write against transaction", wrap(&types.TransactionConflictException{}), portal.Conflict, "condition_failed", 0},
		{"throughput", wrap(&types.ProvisionedThroughputExceededException{}), portal.Internal, "store_unavailable", -1},
		{"throttling", wrap(&smithy.GenericAPIError{Code: "ThrottlingException"}), portal.Internal, "store_unavailable", -1},
		{"request limit", wrap(&types.RequestLimitExceeded{}), portal.Internal, "store_unavailable", -1},
		{"throttled step", wrap(reasons("None", "ThrottlingError")), portal.Internal, "store_unavailable", -1},
		{"validation", wrap(&smithy.GenericAPIError{Code: "ValidationException"}), portal.Internal, "internal", -1},
		{"other", errors.New("connection refused"), portal.Internal, "internal", -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := dynamo.Translate(ctx, "op", c.err)
			var pe *portal.Error
			if !errors.As(err, &pe) || pe.Kind != c.kind || pe.Code != c.code {
				t.Fatalf("got %v, want %v/%s", err, c.kind, c.code)
			}
			if c.index >= 0 {
				var cf *table.ConditionFailed
				if !errors.As(err, &cf) || cf.Index != c.index {
					t.Fatalf("got %v, want step %d", err, c.index)
				}
			} else if !errors.Is(err, c.err) {
				t.Fatalf("%v lost its cause", err)
			}
		})
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := dynamo.Translate(cctx, "op", wrap(context.Canceled)); err != context.Canceled {
		t.Fatalf("cancelled context: got %v, want context.Canceled as is", err)
	}
}

func TestInvertedRangeIsEmpty(t *testing.T) {
	t.Parallel()
	d := open(t)
	ctx := context.Background()
	for _, sk := range []string{"A", "B", "C"} {
		if err := d.Put(ctx, table.Item{PK: "R", SK: sk}, table.Cond{}, 0); err != nil {
			t.Fatal(err)
		}
	}
	// DynamoDB refuses BETWEEN with its bounds swapped; the port expects no items.
	items, last, err := d.Query(ctx, table.Query{PK: "R", From: "C", To: "A"}, nil, 10)
	if err != nil || len(items) != 0 || last != nil {
		t.Fatalf("inverted range = %v, %v, %v; want nothing", items, last, err)
	}
	items, _, err = d.Query(ctx, table.Query{PK: "R", From: "B", To: "B"}, nil, 10)
	if err != nil || len(items) != 1 || items[0].SK != "B" {
		t.Fatalf("single-key range = %v, %v", items, err)
	}
}

// What CreateTable makes (the layout `guichet table create` gives a local DynamoDB)
// is what TableDefinition says, stream included; shared/deploy checks that
// TableDefinition is what template.yaml declares.
func TestCreateTableMakesTheDefinedTable(t *testing.T) {
	t.Parallel()
	d := open(t)
	ctx := context.Background()
	out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(d.TableName())})
	if err != nil {
		t.Fatal(err)
	}
	tbl, want := out.Table, dynamo.TableDefinition(d.TableName())
	if s := tbl.StreamSpecification; s == nil || !aws.ToBool(s.StreamEnabled) || s.StreamViewType != types.StreamViewTypeNewImage || aws.ToString(tbl.LatestStreamArn) == "" {
		t.Errorf("stream = %+v (arn %q), want new images", s, aws.ToString(tbl.LatestStreamArn))
	}
	keys := func(ks []types.KeySchemaElement) string {
		var b strings.Builder
		for _, k := range ks {
			fmt.Fprintf(&b, "%s:%s ", aws.ToString(k.AttributeName), k.KeyType)
		}
		return b.String()
	}
	if keys(tbl.KeySchema) != keys(want.KeySchema) {
		t.Errorf("keys %s, want %s", keys(tbl.KeySchema), keys(want.KeySchema))
	}
	got := map[string]string{}
	for _, g := range tbl.GlobalSecondaryIndexes {
		got[aws.ToString(g.IndexName)] = keys(g.KeySchema) + string(g.Projection.ProjectionType)
	}
	for _, g := range want.GlobalSecondaryIndexes {
		if w := keys(g.KeySchema) + string(g.Projection.ProjectionType); got[aws.ToString(g.IndexName)] != w {
			t.Errorf("index %s: %q, want %q", aws.ToString(g.IndexName), got[aws.ToString(g.IndexName)], w)
		}
	}
	if tbl.BillingModeSummary == nil || tbl.BillingModeSummary.BillingMode != types.BillingModePayPerRequest {
		t.Errorf("billing %+v, want on demand", tbl.BillingModeSummary)
	}
}
