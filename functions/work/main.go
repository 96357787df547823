// Command work runs the organisations' long jobs (exports, imports): the table's
// stream starts it when a job is queued, and a schedule when a runner died holding
// one. Either way it runs whatever is due; the event itself carries nothing it needs.
package main

import (
	"context"
	"encoding/json"
	"log"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/blob/blobenv"
	"github.com/guichet/guichet/shared/httpapi/orgadmin"
	"github.com/guichet/guichet/shared/jobs"
)

func main() {
	a, err := app.FromEnv(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	d := a.Deps()
	if d.Blobs, err = blobenv.Open(a.Config, a.Secret); err != nil {
		log.Fatal(err)
	}
	j := a.WorkJob(orgadmin.RunJobs(d))
	lambda.Start(func(ctx context.Context, _ json.RawMessage) error {
		return jobs.RunOne(ctx, j, a.Log)
	})
}
