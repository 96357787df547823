// Command joinrequests is the Lambda function behind the join requests an
// organisation's administrators decide and their automatic approval
// (/api/v1/org/join-requests/..., /api/v1/org/join-settings).
package main

import (
	"context"
	"log"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/httpapi"
)

func main() {
	a, err := app.FromEnv(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	h := httpapi.New(a.Deps(), []httpapi.Feature{httpapi.JoinRequests})
	lambda.Start(httpadapter.NewV2(h).ProxyWithContext)
}
