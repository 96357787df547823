// Command passkey is the Lambda function behind passkeys: registering them, and
// signing in with one alone or as the second factor. It is the only function that
// links the WebAuthn library.
package main

import (
	"context"
	"log"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/auth/passkey"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/account"
	"github.com/guichet/guichet/shared/lambdaedge"
)

func main() {
	a, err := app.FromEnv(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	d := a.Deps()
	if !a.PasskeysOff() {
		if d.Passkeys, err = passkey.New(a.Config.BaseURL); err != nil {
			log.Fatal(err)
		}
	}
	h := httpapi.New(d, []httpapi.Feature{account.Passkey})
	lambdaedge.Start(h)
}
