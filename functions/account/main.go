// Command account is the Lambda function behind "My account" (/api/v1/me...): the
// profile, password, sign-in address, authenticator app, sessions, sign-in history
// and company.
package main

import (
	"context"
	"log"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/account"
	"github.com/guichet/guichet/shared/lambdaedge"
)

func main() {
	a, err := app.FromEnv(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	h := httpapi.New(a.Deps(), []httpapi.Feature{account.Account})
	lambdaedge.Start(h)
}
