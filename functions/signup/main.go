// Command signup is the Lambda function behind sign-up: the mailed code, the
// completion of the account, the organisations to join, the registration's status
// (/api/v1/signup/...) and the password meter (/api/v1/password/strength).
package main

import (
	"context"
	"log"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/signup"
	"github.com/guichet/guichet/shared/lambdaedge"
)

func main() {
	a, err := app.FromEnv(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	h := httpapi.New(a.Deps(), []httpapi.Feature{signup.Signup})
	lambdaedge.Start(h)
}
