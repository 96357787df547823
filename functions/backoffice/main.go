// Command backoffice is the Lambda function behind the operators' registration
// queue, the free-mail domains and the verification of mail domains, and the
// customers' contracts and users (/api/v1/backoffice/registrations, /freemail,
// /domains and /organisations).
package main

import (
	"context"
	"log"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/backoffice"
	"github.com/guichet/guichet/shared/lambdaedge"
)

func main() {
	a, err := app.FromEnv(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	h := httpapi.New(a.Deps(), []httpapi.Feature{backoffice.Backoffice})
	lambdaedge.Start(h)
}
