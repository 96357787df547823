// Command backoffice is the Lambda function behind the operators' registration
// queue, the free-mail domains and the verification of mail domains, and the
// customers' contracts and users (/api/v1/backoffice/registrations, /freemail,
// /domains and /organisations).
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
	h := httpapi.New(a.Deps(), []httpapi.Feature{httpapi.Backoffice})
	lambda.Start(httpadapter.NewV2(h).ProxyWithContext)
}
