// Command orgusers is the Lambda function behind the administration of an
// organisation's users by its administrators (/api/v1/org/users).
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
	h := httpapi.New(a.Deps(), []httpapi.Feature{httpapi.OrgUsers})
	lambda.Start(httpadapter.NewV2(h).ProxyWithContext)
}
