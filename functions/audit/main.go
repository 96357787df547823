// Command audit is the Lambda function behind an organisation's audit log and its
// CSV exports (/api/v1/org/audit): it queues them and hands out their files.
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
	h := httpapi.New(d, []httpapi.Feature{orgadmin.AuditLog})
	lambdaedge.Start(h)
}
