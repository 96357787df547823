// Command catalogue is the Lambda function behind the service catalogue: the
// operators' side that keeps it (/api/v1/backoffice/catalogue), a contract's
// catalogue as customers browse it (/api/v1/contracts/{id}/catalogue) and the
// services' logos (/api/v1/catalogue/logos).
package main

import (
	"context"
	"log"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/blob/blobenv"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/catalogue"
	"github.com/guichet/guichet/shared/lambdaedge"
)

func main() {
	a, err := app.FromEnv(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	d := a.Deps()
	if d.Blobs, err = blobenv.Open(a.Config, a.Secret); err != nil {
		log.Fatal(err)
	}
	h := httpapi.New(d, []httpapi.Feature{catalogue.Catalogue})
	lambdaedge.Start(h)
}
