package dynamo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/guichet/guichet/shared/awsenv"
)

// NewClient returns a DynamoDB client configured from the environment (see awsenv).
// A non-empty endpoint points it at a stand-in such as DynamoDB Local; response
// checksum validation is then turned off, because DynamoDB Local's error responses
// do not carry the checksum the SDK expects (aws/aws-sdk-go-v2#3545). optFns adjust
// the client last (the fault tests shorten the SDK's retry backoff).
func NewClient(ctx context.Context, endpoint, region string, optFns ...func(*dynamodb.Options)) (*dynamodb.Client, error) {
	cfg, err := awsenv.Config(endpoint, region)
	if err != nil {
		return nil, fmt.Errorf("dynamo: %w", err)
	}
	if endpoint != "" {
		optFns = append([]func(*dynamodb.Options){func(o *dynamodb.Options) {
			o.BaseEndpoint = aws.String(endpoint)
			o.DisableValidateResponseChecksum = true
		}}, optFns...)
	}
	return dynamodb.NewFromConfig(cfg, optFns...), nil
}

// tableWait bounds how long CreateTable waits for the table to become ACTIVE.
const tableWait = 5 * time.Minute

// TTLAttribute is the attribute whose time, in Unix seconds, DynamoDB expires an
// item at.
const TTLAttribute = attrTTL

// TableDefinition is the single table as template.yaml declares it: string keys PK
// and SK, the sparse indexes GSI1 (GSI1PK, GSI1SK) and GSI2 (GSI2PK, GSI2SK) projecting
// all attributes, on-demand billing, and a stream of new images (the mail drainer's
// trigger). Time to live on TTLAttribute is turned on after creation.
func TableDefinition(name string) *dynamodb.CreateTableInput {
	attr := func(n string) types.AttributeDefinition {
		return types.AttributeDefinition{AttributeName: aws.String(n), AttributeType: types.ScalarAttributeTypeS}
	}
	keys := func(pk, sk string) []types.KeySchemaElement {
		return []types.KeySchemaElement{
			{AttributeName: aws.String(pk), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String(sk), KeyType: types.KeyTypeRange},
		}
	}
	gsi := func(idx, pk, sk string) types.GlobalSecondaryIndex {
		return types.GlobalSecondaryIndex{
			IndexName:  aws.String(idx),
			KeySchema:  keys(pk, sk),
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		}
	}
	return &dynamodb.CreateTableInput{
		TableName: aws.String(name),
		AttributeDefinitions: []types.AttributeDefinition{
			attr(attrPK), attr(attrSK), attr(attrGSI1PK), attr(attrGSI1SK), attr(attrGSI2PK), attr(attrGSI2SK),
		},
		KeySchema: keys(attrPK, attrSK),
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{
			gsi("GSI1", attrGSI1PK, attrGSI1SK),
			gsi("GSI2", attrGSI2PK, attrGSI2SK),
		},
		BillingMode: types.BillingModePayPerRequest,
		StreamSpecification: &types.StreamSpecification{
			StreamEnabled:  aws.Bool(true),
			StreamViewType: types.StreamViewTypeNewImage,
		},
	}
}

// CreateTable creates the table TableDefinition describes, waits until it is ACTIVE,
// then turns on time to live. A table that already exists is only waited for and has
// its time to live turned on, so CreateTable may be run again.
func CreateTable(ctx context.Context, client *dynamodb.Client, name string) error {
	_, err := client.CreateTable(ctx, TableDefinition(name))
	var inUse *types.ResourceInUseException
	if err != nil && !errors.As(err, &inUse) {
		return translate(ctx, "create table", err)
	}
	waiter := dynamodb.NewTableExistsWaiter(client, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay = 500 * time.Millisecond
		o.MaxDelay = 5 * time.Second
	})
	if err := waiter.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)}, tableWait); err != nil {
		return translate(ctx, "wait for table", err)
	}
	ttl, err := client.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(name)})
	if err != nil {
		return translate(ctx, "describe time to live", err)
	}
	if d := ttl.TimeToLiveDescription; d != nil &&
		(d.TimeToLiveStatus == types.TimeToLiveStatusEnabled || d.TimeToLiveStatus == types.TimeToLiveStatusEnabling) {
		return nil
	}
	_, err = client.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName: aws.String(name),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{
			AttributeName: aws.String(attrTTL),
			Enabled:       aws.Bool(true),
		},
	})
	if err != nil {
		return translate(ctx, "enable time to live", err)
	}
	return nil
}
