// Command maildrain delivers the mail outbox. The table's stream starts it as soon as
// a state change commits a message, and a schedule starts it for retries; it drains
// whatever is due either way, so it never needs to read the stream records.
package main

import (
	"context"
	"encoding/json"
	"log"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/guichet/guichet/shared/app"
)

func main() {
	a, err := app.FromEnv(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	lambda.Start(func(ctx context.Context, _ json.RawMessage) error {
		_, err := a.Outbox.Drain(ctx)
		return err
	})
}
