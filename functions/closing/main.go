// Command closing is the Lambda function behind a person's request to close their
// account and the administrators' queue of such requests (/api/v1/me/closure,
// /api/v1/org/closure-requests/...).
package main

import (
	"context"
	"log"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/closing"
	"github.com/guichet/guichet/shared/lambdaedge"
)

func main() {
	a, err := app.FromEnv(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	h := httpapi.New(a.Deps(), []httpapi.Feature{closing.Closing})
	lambdaedge.Start(h)
}
