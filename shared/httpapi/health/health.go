package health

import (
	"net/http"

	"github.com/guichet/guichet/shared/config"
	"github.com/guichet/guichet/shared/httpapi"
)

// Health answers the load balancer's and the portal's "is the service up?", and
// tells the portal whether passkeys work at its address (see config.PasskeysWork),
// so that it shows why instead of passkey buttons that cannot succeed.
var Health = httpapi.Feature{Name: "health", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	answer := healthView{Status: "ok", Passkeys: config.PasskeysWork(d.BaseURL)}
	rt.Handle("GET /api/v1/health", func(w http.ResponseWriter, r *http.Request) error {
		return httpapi.Reply(w, answer)
	})
}}

type healthView struct {
	Status   string `json:"status"`
	Passkeys bool   `json:"passkeys"`
}

// deps are the platform's dependencies, which health's handlers use.
type deps struct{ *httpapi.Deps }
