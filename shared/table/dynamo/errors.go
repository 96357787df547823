package dynamo

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/table"
)

// throttled holds the error codes DynamoDB answers when it sheds load. The SDK has
// already retried them by the time they reach translate.
var throttled = map[string]bool{
	"ProvisionedThroughputExceededException": true,
	"ThrottlingException":                    true,
	"RequestLimitExceeded":                   true,
}

// throttledReasons holds the cancellation reasons of a transaction that mean the same.
var throttledReasons = map[string]bool{
	"ThrottlingError":               true,
	"ProvisionedThroughputExceeded": true,
	"RequestLimitExceeded":          true,
}

// translate turns an error of the SDK into the port's vocabulary: a failed condition
// is a Conflict naming the step, throttling is an Internal "store_unavailable" (the
// client did nothing wrong), a cancelled context is returned as the context's own
// error, and anything else is an Internal error whose cause is kept for the logs.
func translate(ctx context.Context, op string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
	}
	var ccf *types.ConditionalCheckFailedException
	if errors.As(err, &ccf) {
		return table.ConflictAt(0)
	}
	var tce *types.TransactionCanceledException
	if errors.As(err, &tce) {
		return cancelled(op, tce, err)
	}
	var tc *types.TransactionConflictException
	if errors.As(err, &tc) {
		// A single write raced a transaction on the same item: the item is changing.
		return table.ConflictAt(0)
	}
	var ae smithy.APIError
	if errors.As(err, &ae) && throttled[ae.ErrorCode()] {
		return unavailable(fmt.Errorf("dynamo: %s: %w", op, err))
	}
	return internal(fmt.Errorf("dynamo: %s: %w", op, err))
}

// cancelled reads the reasons of a cancelled transaction, one per step: the first
// failed condition wins, then the first conflict with another transaction.
func cancelled(op string, tce *types.TransactionCanceledException, err error) error {
	conflict, busy := -1, false
	for i, r := range tce.CancellationReasons {
		code := ""
		if r.Code != nil {
			code = *r.Code
		}
		switch {
		case code == "ConditionalCheckFailed":
			return table.ConflictAt(i)
		case code == "TransactionConflict" && conflict < 0:
			conflict = i
		case throttledReasons[code]:
			busy = true
		}
	}
	if conflict >= 0 {
		return table.ConflictAt(conflict)
	}
	if busy {
		return unavailable(fmt.Errorf("dynamo: %s: %w", op, err))
	}
	return internal(fmt.Errorf("dynamo: %s: %w", op, err))
}

// unavailable reports that DynamoDB could not serve the call even after retries.
func unavailable(err error) error {
	return portal.Wrap(portal.Internal, "store_unavailable", err)
}

func internal(err error) error {
	return portal.Wrap(portal.Internal, "internal", err)
}
