package main

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/config"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/mail"
)

// siteRoutes mounts what the local server serves besides the API: the built portal
// and, when GUICHET_DEV_MAIL is on, the mail viewer.
func siteRoutes(cfg config.Config) func(rt *httpapi.Router) {
	return func(rt *httpapi.Router) {
		if cfg.DevMail {
			viewer := loopbackOnly(mail.Viewer(app.MailDir(cfg)), cfg.ClientIPHeader)
			rt.Mount(mail.ViewerPath+"/", viewer)
			rt.Mount(mail.ViewerPath, viewer)
		}
		rt.Mount("/", portalFiles(cfg.FrontendDir))
	}
}

// forwardingHeaders mark a request that a proxy relayed: behind one, every caller
// arrives from the proxy's address, which may well be loopback.
var forwardingHeaders = []string{"Forwarded", "X-Forwarded-For", "X-Real-IP"}

// loopbackOnly serves h to callers on this machine only, and answers 404 to anyone
// else, as if nothing were there: the mail viewer shows every link of every account.
// A request relayed by a proxy (a forwarding header, or the configured client-address
// header) is not from this machine, whatever its connection's address.
func loopbackOnly(h http.Handler, clientIPHeader string) http.Handler {
	headers := forwardingHeaders
	if clientIPHeader != "" {
		headers = append([]string{clientIPHeader}, forwardingHeaders...)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, name := range headers {
			if r.Header.Get(name) != "" {
				http.NotFound(w, r)
				return
			}
		}
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		addr, err := netip.ParseAddr(host)
		if err != nil || !addr.Unmap().IsLoopback() {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// assetsPrefix holds the files Vite names after a hash of their content: a new build
// gives changed files new names, so a browser may keep these for good.
const assetsPrefix = "/assets/"

// Cache-Control values of the portal's files.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// portalFiles serves the built portal, or a page that says how to build it. Hashed
// assets may be cached for a year; everything else, index.html first, is checked
// with the server on every use, so a new build shows at once.
func portalFiles(dir string) http.Handler {
	if _, err := os.Stat(dir + "/index.html"); err != nil {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintf(w, "The portal is not built (%s/index.html is missing): run `make run` or `make frontend`.\n", dir)
		})
	}
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, assetsPrefix) {
			w.Header().Set("Cache-Control", cacheImmutable)
		} else {
			w.Header().Set("Cache-Control", cacheRevalidate)
		}
		files.ServeHTTP(w, r)
	})
}
