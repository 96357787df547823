// Command applications is the Lambda function behind the application catalog,
// "Manage applications" (/api/v1/me/applications, /api/v1/me/access-requests) and
// the customer administrators' queue of access requests (/api/v1/access-requests).
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
	h := httpapi.New(a.Deps(), []httpapi.Feature{httpapi.Applications})
	lambda.Start(httpadapter.NewV2(h).ProxyWithContext)
}
