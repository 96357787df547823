// Command applications is the Lambda function behind the application catalog,
// "Manage applications" (/api/v1/me/applications, /api/v1/me/access-requests) and
// the customer administrators' queue of access requests (/api/v1/access-requests).
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
	h := httpapi.New(a.Deps(), []httpapi.Feature{applications.Applications})
	lambdaedge.Start(h)
}
