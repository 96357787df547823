// Command recovery is the Lambda function behind the mailed links that get a person
// back into their account: forgotten password, self-unlock, activation, undoing a
// change of sign-in address.
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
	h := httpapi.New(a.Deps(), []httpapi.Feature{httpapi.Recovery})
	lambda.Start(httpadapter.NewV2(h).ProxyWithContext)
}
