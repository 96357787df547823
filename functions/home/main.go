// Command home is the Lambda function behind the contracts home: the dashboard, a
// contract's sheet and budget, and the operators' consumption figures.
package main

import (
	"context"
	"log"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/home"
	"github.com/guichet/guichet/shared/lambdaedge"
)

func main() {
	a, err := app.FromEnv(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	h := httpapi.New(a.Deps(), []httpapi.Feature{home.Home})
	lambdaedge.Start(h)
}
