// Command recovery is the Lambda function behind the mailed links that get a person
// back into their account: forgotten password, self-unlock, activation, undoing a
// change of sign-in address.
package main

import (
	"context"
	"log"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/session"
	"github.com/guichet/guichet/shared/lambdaedge"
)

func main() {
	a, err := app.FromEnv(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	h := httpapi.New(a.Deps(), []httpapi.Feature{session.Recovery})
	lambdaedge.Start(h)
}
