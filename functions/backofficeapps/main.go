// Command backofficeapps is the Lambda function behind the operators' application
// catalog and queue of access requests (/api/v1/backoffice/applications,
// /api/v1/backoffice/access-requests).
package main

import (
	"context"
	"log"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/applications"
	"github.com/guichet/guichet/shared/lambdaedge"
)

func main() {
	a, err := app.FromEnv(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	h := httpapi.New(a.Deps(), []httpapi.Feature{applications.BackOfficeApps})
	lambdaedge.Start(h)
}
