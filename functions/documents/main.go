// Command documents is the Lambda function behind a contract's documents and
// console links: customers list and download the documents and open the consoles
// (/api/v1/contracts/{id}/documents and /consoles), operators upload and remove
// documents and keep the consoles (/api/v1/backoffice/organisations/{orgId}/
// contracts/{id}/documents and /consoles).
package main

import (
	"context"
	"log"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/blob/blobenv"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/documents"
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
	h := httpapi.New(d, []httpapi.Feature{documents.Documents})
	lambdaedge.Start(h)
}
