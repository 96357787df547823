package httpapi

import "net/http"

// Health answers the load balancer's and the portal's "is the service up?".
var Health = Feature{Name: "health", Routes: func(rt *Router, d *Deps) {
	rt.Handle("GET /api/v1/health", func(w http.ResponseWriter, r *http.Request) error {
		return Reply(w, map[string]string{"status": "ok"})
	})
}}
