package httpapi

import (
	"net/http"

	"github.com/guichet/guichet/shared/config"
)

// Health answers the load balancer's and the portal's "is the service up?", and
// tells the portal whether passkeys work at its address (see config.PasskeysWork),
// so that it shows why instead of passkey buttons that cannot succeed.
var Health = Feature{Name: "health", Routes: func(rt *Router, d *Deps) {
	answer := healthView{Status: "ok", Passkeys: config.PasskeysWork(d.BaseURL)}
	rt.Handle("GET /api/v1/health", func(w http.ResponseWriter, r *http.Request) error {
		return Reply(w, answer)
	})
}}

type healthView struct {
	Status   string `json:"status"`
	Passkeys bool   `json:"passkeys"`
}
