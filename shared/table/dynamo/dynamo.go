// Package dynamo is the DynamoDB driver of the single-table port (shared/table). It
// maps table.Item onto the generic attributes PK, SK, GSI1PK, GSI1SK, GSI2PK, GSI2SK
// (the index keys are omitted when empty, so the indexes stay sparse), "ttl" (a
// number, omitted when zero), "version" (a number) and "data" (binary, omitted when
// empty: an empty Data reads back as nil), and turns the port's conditions into
// condition expressions. Vendor errors never leave this package: a failed condition
// becomes table.ConflictAt, throttling and every other failure an Internal
// portal.Error; a cancelled context passes through unchanged.
package dynamo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// The attribute names of the single table.
const (
	attrPK      = "PK"
	attrSK      = "SK"
	attrGSI1PK  = "GSI1PK"
	attrGSI1SK  = "GSI1SK"
	attrGSI2PK  = "GSI2PK"
	attrGSI2SK  = "GSI2SK"
	attrTTL     = "ttl"
	attrVersion = "version"
	attrData    = "data"
)

// batchGetMax is how many keys one BatchGetItem call may carry.
const batchGetMax = 100

// batchGetTries bounds the rounds GetMany spends on keys DynamoDB left unprocessed.
const batchGetTries = 8

// Driver is the DynamoDB implementation of table.Driver. It is safe for concurrent use.
type Driver struct {
	client *dynamodb.Client
	name   string
}

var _ table.Driver = (*Driver)(nil)

// New returns a driver for the table called tableName, which must already exist with
// the layout CreateTable gives it.
func New(client *dynamodb.Client, tableName string) *Driver {
	return &Driver{client: client, name: tableName}
}

// TableName returns the name of the table the driver reads and writes.
func (d *Driver) TableName() string { return d.name }

// Close does nothing: the client holds no resource that needs releasing.
func (d *Driver) Close() error { return nil }

// Get reads one item with a strongly consistent read.
func (d *Driver) Get(ctx context.Context, key table.Key) (table.Item, bool, error) {
	out, err := d.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(d.name),
		Key:            keyAttrs(key),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return table.Item{}, false, translate(ctx, "get", err)
	}
	if out.Item == nil {
		return table.Item{}, false, nil
	}
	it, err := decodeItem(out.Item)
	if err != nil {
		return table.Item{}, false, err
	}
	return it, true, nil
}

// GetMany reads keys with strongly consistent BatchGetItem calls, retrying the keys
// DynamoDB leaves unprocessed a bounded number of times, and returns the items found
// in the order of keys (a key given twice yields its item twice).
func (d *Driver) GetMany(ctx context.Context, keys []table.Key) ([]table.Item, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	// BatchGetItem refuses duplicate keys, so ask for each key once.
	found := make(map[table.Key]table.Item, len(keys))
	unique := make([]table.Key, 0, len(keys))
	seen := make(map[table.Key]bool, len(keys))
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			unique = append(unique, k)
		}
	}
	for start := 0; start < len(unique); start += batchGetMax {
		end := min(start+batchGetMax, len(unique))
		if err := d.batchGet(ctx, unique[start:end], found); err != nil {
			return nil, err
		}
	}
	items := make([]table.Item, 0, len(found))
	for _, k := range keys {
		if it, ok := found[k]; ok {
			items = append(items, it)
		}
	}
	return items, nil
}

func (d *Driver) batchGet(ctx context.Context, keys []table.Key, found map[table.Key]table.Item) error {
	req := make([]map[string]types.AttributeValue, len(keys))
	for i, k := range keys {
		req[i] = keyAttrs(k)
	}
	pending := map[string]types.KeysAndAttributes{
		d.name: {Keys: req, ConsistentRead: aws.Bool(true)},
	}
	backoff := 10 * time.Millisecond
	for try := 0; ; try++ {
		out, err := d.client.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: pending})
		if err != nil {
			return translate(ctx, "get many", err)
		}
		for _, av := range out.Responses[d.name] {
			it, err := decodeItem(av)
			if err != nil {
				return err
			}
			found[it.Key()] = it
		}
		left, ok := out.UnprocessedKeys[d.name]
		if !ok || len(left.Keys) == 0 {
			return nil
		}
		if try+1 >= batchGetTries {
			return unavailable(fmt.Errorf("dynamo: get many: %d keys still unprocessed after %d tries", len(left.Keys), batchGetTries))
		}
		timer := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
		backoff = min(2*backoff, 500*time.Millisecond)
		left.ConsistentRead = aws.Bool(true)
		pending = map[string]types.KeysAndAttributes{d.name: left}
	}
}

// Put writes item when cond holds at now.
func (d *Driver) Put(ctx context.Context, item table.Item, cond table.Cond, now int64) error {
	in := &dynamodb.PutItemInput{TableName: aws.String(d.name), Item: encodeItem(item)}
	if e := condition(cond, now, false); e != nil {
		in.ConditionExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues = e.expr, e.names, e.values
	}
	if _, err := d.client.PutItem(ctx, in); err != nil {
		return translate(ctx, "put", err)
	}
	return nil
}

// Delete removes key when cond holds at now. Deleting a missing item under Always
// succeeds.
func (d *Driver) Delete(ctx context.Context, key table.Key, cond table.Cond, now int64) error {
	in := &dynamodb.DeleteItemInput{TableName: aws.String(d.name), Key: keyAttrs(key)}
	if e := condition(cond, now, false); e != nil {
		in.ConditionExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues = e.expr, e.names, e.values
	}
	if _, err := d.client.DeleteItem(ctx, in); err != nil {
		return translate(ctx, "delete", err)
	}
	return nil
}

// Query reads one page of a partition of the table (strongly consistent) or of an
// index, starting after start, and returns where the next page starts, nil on the
// last page. Like DynamoDB itself it may report a next page that turns out empty.
func (d *Driver) Query(ctx context.Context, q table.Query, start *table.Item, limit int) ([]table.Item, *table.Item, error) {
	pkAttr, skAttr := indexAttrs(q.Index)
	names := map[string]string{"#pk": pkAttr}
	values := map[string]types.AttributeValue{":pk": str(q.PK)}
	expr := "#pk = :pk"
	switch {
	case q.Prefix != "":
		names["#sk"] = skAttr
		values[":prefix"] = str(q.Prefix)
		expr += " AND begins_with(#sk, :prefix)"
	case q.From != "" && q.To != "":
		if q.From > q.To {
			// DynamoDB refuses an inverted BETWEEN; no sort key can match it anyway.
			return nil, nil, nil
		}
		names["#sk"] = skAttr
		values[":from"], values[":to"] = str(q.From), str(q.To)
		expr += " AND #sk BETWEEN :from AND :to"
	case q.From != "":
		names["#sk"] = skAttr
		values[":from"] = str(q.From)
		expr += " AND #sk >= :from"
	case q.To != "":
		names["#sk"] = skAttr
		values[":to"] = str(q.To)
		expr += " AND #sk <= :to"
	}
	in := &dynamodb.QueryInput{
		TableName:                 aws.String(d.name),
		KeyConditionExpression:    aws.String(expr),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
		ScanIndexForward:          aws.Bool(!q.Backward),
	}
	if limit > 0 {
		in.Limit = aws.Int32(int32(min(limit, table.MaxLimit)))
	}
	if q.Index == table.Primary {
		in.ConsistentRead = aws.Bool(true)
	} else {
		in.IndexName = aws.String(string(q.Index))
	}
	if start != nil {
		esk := keyAttrs(start.Key())
		if q.Index != table.Primary {
			ipk, isk := q.IndexKey(*start)
			esk[pkAttr], esk[skAttr] = str(ipk), str(isk)
		}
		in.ExclusiveStartKey = esk
	}
	out, err := d.client.Query(ctx, in)
	if err != nil {
		return nil, nil, translate(ctx, "query", err)
	}
	items := make([]table.Item, 0, len(out.Items))
	for _, av := range out.Items {
		it, err := decodeItem(av)
		if err != nil {
			return nil, nil, err
		}
		items = append(items, it)
	}
	var last *table.Item
	if len(out.LastEvaluatedKey) > 0 {
		it, err := decodeItem(out.LastEvaluatedKey)
		if err != nil {
			return nil, nil, err
		}
		last = &it
	}
	return items, last, nil
}

// Transact applies ops with one TransactWriteItems call: all of them or none.
func (d *Driver) Transact(ctx context.Context, ops []table.Op, now int64) error {
	if len(ops) == 0 {
		return nil
	}
	items := make([]types.TransactWriteItem, len(ops))
	for i, op := range ops {
		switch op.Kind {
		case table.OpPut:
			p := &types.Put{TableName: aws.String(d.name), Item: encodeItem(op.Item)}
			if e := condition(op.Cond, now, false); e != nil {
				p.ConditionExpression, p.ExpressionAttributeNames, p.ExpressionAttributeValues = e.expr, e.names, e.values
			}
			items[i].Put = p
		case table.OpDelete:
			del := &types.Delete{TableName: aws.String(d.name), Key: keyAttrs(op.Key)}
			if e := condition(op.Cond, now, false); e != nil {
				del.ConditionExpression, del.ExpressionAttributeNames, del.ExpressionAttributeValues = e.expr, e.names, e.values
			}
			items[i].Delete = del
		case table.OpCheck:
			e := condition(op.Cond, now, true)
			items[i].ConditionCheck = &types.ConditionCheck{
				TableName:                 aws.String(d.name),
				Key:                       keyAttrs(op.Key),
				ConditionExpression:       e.expr,
				ExpressionAttributeNames:  e.names,
				ExpressionAttributeValues: e.values,
			}
		default:
			return portal.Internalf("dynamo: transaction step %d has unknown kind %d", i, op.Kind)
		}
	}
	if _, err := d.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items}); err != nil {
		return translate(ctx, "transact", err)
	}
	return nil
}

// Increment adds by to the version attribute with UpdateItem's ADD, which DynamoDB
// applies atomically, creating the item when it is missing.
func (d *Driver) Increment(ctx context.Context, key table.Key, by int64) (int64, error) {
	out, err := d.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(d.name),
		Key:                       keyAttrs(key),
		UpdateExpression:          aws.String("ADD #version :by"),
		ExpressionAttributeNames:  map[string]string{"#version": attrVersion},
		ExpressionAttributeValues: map[string]types.AttributeValue{":by": num(by)},
		ReturnValues:              types.ReturnValueUpdatedNew,
	})
	if err != nil {
		return 0, translate(ctx, "increment", err)
	}
	v, err := getN(attrVersion, out.Attributes[attrVersion])
	if err != nil {
		return 0, internal(fmt.Errorf("dynamo: increment: %w", err))
	}
	return v, nil
}

// cond is a condition expression with the names and values it uses (DynamoDB refuses
// names or values that an expression does not use).
type cond struct {
	expr   *string
	names  map[string]string
	values map[string]types.AttributeValue
}

// condition translates c. It returns nil for Always, unless always is set, in which
// case it returns a condition that always holds (a ConditionCheck needs one).
func condition(c table.Cond, now int64, always bool) *cond {
	const live = "attribute_exists(#pk) AND (attribute_not_exists(#ttl) OR #ttl > :now)"
	nowV := num(now)
	switch c.Kind {
	case table.MustNotExist:
		// No item, or one whose time to live has passed (table.Item.Expired).
		return &cond{
			expr:   aws.String("attribute_not_exists(#pk) OR (attribute_exists(#ttl) AND #ttl <= :now)"),
			names:  map[string]string{"#pk": attrPK, "#ttl": attrTTL},
			values: map[string]types.AttributeValue{":now": nowV},
		}
	case table.MustExist:
		return &cond{
			expr:   aws.String(live),
			names:  map[string]string{"#pk": attrPK, "#ttl": attrTTL},
			values: map[string]types.AttributeValue{":now": nowV},
		}
	case table.VersionIs:
		return &cond{
			expr:   aws.String(live + " AND #version = :version"),
			names:  map[string]string{"#pk": attrPK, "#ttl": attrTTL, "#version": attrVersion},
			values: map[string]types.AttributeValue{":now": nowV, ":version": num(c.Version)},
		}
	default:
		if !always {
			return nil
		}
		return &cond{
			expr:  aws.String("attribute_exists(#pk) OR attribute_not_exists(#pk)"),
			names: map[string]string{"#pk": attrPK},
		}
	}
}

func indexAttrs(idx table.Index) (pk, sk string) {
	switch idx {
	case table.GSI1:
		return attrGSI1PK, attrGSI1SK
	case table.GSI2:
		return attrGSI2PK, attrGSI2SK
	default:
		return attrPK, attrSK
	}
}

func str(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }

func num(n int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(n, 10)}
}

func keyAttrs(k table.Key) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{attrPK: str(k.PK), attrSK: str(k.SK)}
}

func encodeItem(it table.Item) map[string]types.AttributeValue {
	av := make(map[string]types.AttributeValue, 9)
	av[attrPK] = str(it.PK)
	av[attrSK] = str(it.SK)
	for _, a := range [...]struct{ name, v string }{
		{attrGSI1PK, it.GSI1PK}, {attrGSI1SK, it.GSI1SK},
		{attrGSI2PK, it.GSI2PK}, {attrGSI2SK, it.GSI2SK},
	} {
		if a.v != "" {
			av[a.name] = str(a.v)
		}
	}
	if it.TTL != 0 {
		av[attrTTL] = num(it.TTL)
	}
	av[attrVersion] = num(it.Version)
	if len(it.Data) > 0 {
		av[attrData] = &types.AttributeValueMemberB{Value: it.Data}
	}
	return av
}

// decodeItem reads an item, or a key (LastEvaluatedKey), back. Missing attributes
// stay zero.
func decodeItem(av map[string]types.AttributeValue) (table.Item, error) {
	var it table.Item
	for name, v := range av {
		var err error
		switch name {
		case attrPK:
			it.PK, err = getS(name, v)
		case attrSK:
			it.SK, err = getS(name, v)
		case attrGSI1PK:
			it.GSI1PK, err = getS(name, v)
		case attrGSI1SK:
			it.GSI1SK, err = getS(name, v)
		case attrGSI2PK:
			it.GSI2PK, err = getS(name, v)
		case attrGSI2SK:
			it.GSI2SK, err = getS(name, v)
		case attrTTL:
			it.TTL, err = getN(name, v)
		case attrVersion:
			it.Version, err = getN(name, v)
		case attrData:
			b, ok := v.(*types.AttributeValueMemberB)
			if !ok {
				err = fmt.Errorf("attribute %s is %T, want B", name, v)
			} else {
				it.Data = b.Value
			}
		}
		if err != nil {
			return table.Item{}, internal(fmt.Errorf("dynamo: decode item: %w", err))
		}
	}
	return it, nil
}

func getS(name string, v types.AttributeValue) (string, error) {
	s, ok := v.(*types.AttributeValueMemberS)
	if !ok {
		return "", fmt.Errorf("attribute %s is %T, want S", name, v)
	}
	return s.Value, nil
}

func getN(name string, v types.AttributeValue) (int64, error) {
	n, ok := v.(*types.AttributeValueMemberN)
	if !ok {
		return 0, fmt.Errorf("attribute %s is %T, want N", name, v)
	}
	x, err := strconv.ParseInt(n.Value, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("attribute %s: %w", name, err)
	}
	return x, nil
}
