// Command orgusers is the Lambda function behind the administration of an
// organisation's users by its administrators (/api/v1/org/users): it queues their
// CSV imports, keeping the files in the blob store, and hands out the reports.
package main

import (
	"context"
	"log"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/blob/blobenv"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/orgadmin"
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
	h := httpapi.New(d, []httpapi.Feature{orgadmin.OrgUsers})
	lambdaedge.Start(h)
}
