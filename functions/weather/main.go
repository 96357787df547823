// Command weather is the Lambda function behind the service weather: a contract's
// weather for its customers (/api/v1/contracts/{id}/weather), and for operators the
// services and health events of a contract
// (/api/v1/backoffice/organisations/{orgId}/contracts/{id}/services and /events) and
// the contracts hit (/api/v1/backoffice/weather).
package main

import (
	"context"
	"log"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/weather"
	"github.com/guichet/guichet/shared/lambdaedge"
)

func main() {
	a, err := app.FromEnv(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	h := httpapi.New(a.Deps(), []httpapi.Feature{weather.Weather})
	lambdaedge.Start(h)
}
