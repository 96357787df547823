// Command jobs runs the scheduled job named in the EventBridge rule's input,
// {"job": "<name>"}.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/jobs"
)

func main() {
	a, err := app.FromEnv(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	all := a.FunctionJobs()
	lambda.Start(func(ctx context.Context, in struct{ Job string }) error {
		j, ok := jobs.Find(all, in.Job)
		if !ok {
			return fmt.Errorf("no job %q", in.Job)
		}
		return jobs.RunOne(ctx, j, a.Log)
	})
}
