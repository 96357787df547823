// Command notifications is the Lambda function behind the notification centre: a
// person's notifications, their unread count and their mail preferences
// (/api/v1/notifications..., /api/v1/me/notification-preferences).
package main

import (
	"context"
	"log"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/notifications"
	"github.com/guichet/guichet/shared/lambdaedge"
)

func main() {
	a, err := app.FromEnv(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	h := httpapi.New(a.Deps(), []httpapi.Feature{notifications.Notifications})
	lambdaedge.Start(h)
}
