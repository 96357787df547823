// Command joinrequests is the Lambda function behind the join requests an
// organisation's administrators decide and their automatic approval
// (/api/v1/org/join-requests/..., /api/v1/org/join-settings).
package main

import (
	"context"
	"log"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/orgadmin"
	"github.com/guichet/guichet/shared/lambdaedge"
)

func main() {
	a, err := app.FromEnv(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	h := httpapi.New(a.Deps(), []httpapi.Feature{orgadmin.JoinRequests})
	lambdaedge.Start(h)
}
