// Command maildrain delivers the mail outbox. The table's stream starts it as soon as
// a state change commits a message, and a schedule starts it for retries; it drains
// whatever is due either way, so it never needs to read the stream records. After
// each drain it prints the outbox's backlog in CloudWatch's embedded metric format,
// which template.yaml's mail alarms watch.
package main

import (
	"context"
	"encoding/json"
	"log"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/jobs"
)

func main() {
	a, err := app.FromEnv(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	drain, ok := jobs.Find(a.Jobs(nil), "mail-drain")
	if !ok {
		log.Fatal("no mail-drain job")
	}
	function := os.Getenv("AWS_LAMBDA_FUNCTION_NAME")
	lambda.Start(func(ctx context.Context, _ json.RawMessage) error {
		err := jobs.RunOne(ctx, drain, a.Log)
		b, berr := a.Outbox.Backlog(ctx)
		if berr == nil {
			var line []byte
			if line, berr = b.EMF(function, time.Now()); berr == nil {
				_, berr = os.Stdout.Write(line)
			}
		}
		if berr != nil {
			a.Log.Error("mail backlog not reported", "err", berr.Error())
		}
		return err
	})
}
