// Command audit is the Lambda function behind an organisation's audit log and its
// CSV exports (/api/v1/org/audit): it queues them and hands out their files.
package main

import (
	"context"
	"log"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/blob/blobenv"
	"github.com/guichet/guichet/shared/httpapi"
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
	h := httpapi.New(d, []httpapi.Feature{httpapi.AuditLog})
	lambda.Start(httpadapter.NewV2(h).ProxyWithContext)
}
