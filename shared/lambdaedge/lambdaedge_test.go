package lambdaedge_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/awsvalues/awsvaluestest"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/session"
	"github.com/guichet/guichet/shared/lambdaedge"
	"github.com/guichet/guichet/shared/portal"
)

// What API Gateway and CloudFront put in the events of a deployed stack.
const (
	apiDomain    = "k3x9w2q7ab.execute-api.eu-west-3.amazonaws.com"
	portalOrigin = "https://d1a2b3c4d5e6f7.cloudfront.net"
	edgeAddress  = "130.176.98.21" // the CloudFront edge the connection comes from
	originSecret = "oVq2mZ7rT4yW9bN1cX8eK3hJ6gF5dS0a"
	email        = "zoe.martin@acme.example"
	password     = "Correct-Horse-7-Battery"
)

// function is one function's code started as Lambda starts it: app.FromEnv under
// the given environment (the rest as the template leaves it, on the embedded
// store), then the session feature behind lambdaedge.
type function struct {
	t      *testing.T
	app    *app.App
	handle func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)
	user   portal.User
}

func start(t *testing.T, env map[string]string) *function {
	t.Helper()
	vars := map[string]string{
		"GUICHET_STORE": "bolt", "GUICHET_DATA_DIR": t.TempDir(), "GUICHET_MAIL": "file", "GUICHET_LOG_LEVEL": "error",
		"GUICHET_BASE_URL": "", "GUICHET_BASE_URL_PARAMETER": "", "GUICHET_ALLOWED_ORIGINS": "",
		"GUICHET_SECRET": "", "GUICHET_SECRET_ID": "", "GUICHET_ORIGIN_SECRET": "", "GUICHET_ORIGIN_SECRET_ID": "",
		"GUICHET_CLIENT_IP_HEADER": "", "GUICHET_SSM_ENDPOINT": "", "GUICHET_SECRETSMANAGER_ENDPOINT": "",
		"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_LAMBDA_FUNCTION_NAME": "guichet-prod-SessionFunction",
	}
	for k, v := range env {
		vars[k] = v
	}
	for k, v := range vars {
		t.Setenv(k, v)
	}
	a, err := app.FromEnv(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	ctx := context.Background()
	if err := a.Store.CreateOrganisation(ctx, portal.Organisation{ID: "acme", Name: "ACME", Created: time.Now()}); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword(password, auth.OWASP)
	if err != nil {
		t.Fatal(err)
	}
	u := portal.User{ID: portal.NewID(), OrgID: "acme", Email: email, Login: "zoe.martin", FirstName: "Zoé", LastName: "Martin",
		Lang: "fr", Role: portal.RoleUser, Status: portal.StatusReady}
	if err := a.Store.CreateUser(ctx, u, hash); err != nil {
		t.Fatal(err)
	}
	return &function{t: t, app: a, handle: lambdaedge.Handler(httpapi.New(a.Deps(), []httpapi.Feature{session.Session})), user: u}
}

// signIn sends POST /api/v1/session as API Gateway 2.0 hands it to the function:
// the host is the API's own domain, cookies come in their own array, headers in
// lower case, and the source address is CloudFront's edge.
func (f *function) signIn(origin string, headers map[string]string) (status int, code string, out events.APIGatewayV2HTTPResponse) {
	f.t.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	ev := events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: "POST /api/v1/session", RawPath: "/api/v1/session",
		Cookies: []string{"lang=en"},
		Headers: map[string]string{"host": apiDomain, "origin": origin, "content-type": "application/json",
			"user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "accept-encoding": "gzip, deflate, br, zstd"},
		Body: string(body),
		RequestContext: events.APIGatewayV2HTTPRequestContext{DomainName: apiDomain, RequestID: "Ab1CdEfGhIjKlM=",
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: "POST", Path: "/api/v1/session", SourceIP: edgeAddress}},
	}
	for k, v := range headers {
		ev.Headers[k] = v
	}
	out, err := f.handle(context.Background(), ev)
	if err != nil {
		f.t.Fatal(err)
	}
	var answer struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	_ = json.Unmarshal([]byte(out.Body), &answer)
	if answer.Error.Code != "" && answer.Error.Message == "" {
		f.t.Errorf("error %s without a message", answer.Error.Code)
	}
	return out.StatusCode, answer.Error.Code, out
}

// sessions and signIns are what a sign-in leaves in the store.
func (f *function) sessions() []string {
	f.t.Helper()
	list, err := f.app.Store.UserSessions(context.Background(), f.user.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	var ips []string
	for _, s := range list {
		ips = append(ips, s.IP)
	}
	return ips
}

func (f *function) signIns() []string {
	f.t.Helper()
	list, _, err := f.app.Store.SignIns(context.Background(), "acme", f.user.ID, 50, "")
	if err != nil {
		f.t.Fatal(err)
	}
	var ips []string
	for _, s := range list {
		ips = append(ips, s.IP+" "+s.Result)
	}
	return ips
}

// TestSignInBehindCloudFrontWithTheAddressFromItsParameter starts a function as the
// template does: no GUICHET_BASE_URL, the name of the SSM parameter the template
// writes the distribution's address into, and the signing secret's id. Sign-in from
// the portal's origin passes the CSRF check although the request's host is the API's
// own domain; any other origin gets 403 csrf_failed.
func TestSignInBehindCloudFrontWithTheAddressFromItsParameter(t *testing.T) {
	aws := awsvaluestest.New(t)
	aws.SetParameter("/guichet-prod/portal-base-url", portalOrigin)
	aws.PutSecret("guichet-prod-signing", "Pq8sT1vX4zB7eH0kN3qW6yC9fJ2mR5uA")
	f := start(t, map[string]string{
		"GUICHET_STORE": "bolt", "GUICHET_BASE_URL_PARAMETER": "/guichet-prod/portal-base-url", "GUICHET_SECRET_ID": "guichet-prod-signing",
		"GUICHET_SSM_ENDPOINT": aws.URL, "GUICHET_SECRETSMANAGER_ENDPOINT": aws.URL,
	})
	if f.app.Config.BaseURL != portalOrigin || string(f.app.Secret) != "Pq8sT1vX4zB7eH0kN3qW6yC9fJ2mR5uA" {
		t.Fatalf("base URL %q, secret %q", f.app.Config.BaseURL, f.app.Secret)
	}
	for _, foreign := range []string{"https://" + apiDomain, "https://evil.example", "http://d1a2b3c4d5e6f7.cloudfront.net"} {
		if status, code, _ := f.signIn(foreign, nil); status != 403 || code != "csrf_failed" {
			t.Errorf("from %s: %d %s, want 403 csrf_failed", foreign, status, code)
		}
	}
	if status, code, out := f.signIn(portalOrigin, nil); status != 200 || len(out.Cookies) == 0 {
		t.Fatalf("from the portal: %d %s", status, code)
	}
}

// TestOriginSecret calls a function that requires CloudFront's secret header:
// without it, or with a wrong one, the request is refused (403 origin_refused, in
// the caller's language) and changes nothing; the forged viewer address it carries
// is never used. With the secret, the viewer address CloudFront adds is the one
// recorded.
func TestOriginSecret(t *testing.T) {
	f := start(t, map[string]string{"GUICHET_BASE_URL": portalOrigin, "GUICHET_ORIGIN_SECRET": originSecret,
		"GUICHET_CLIENT_IP_HEADER": "CloudFront-Viewer-Address"})
	forged := map[string]string{"cloudfront-viewer-address": "198.51.100.66:443"}
	for name, value := range map[string]string{"missing": "", "wrong": "oVq2mZ7rT4yW9bN1cX8eK3hJ6gF5dS0b", "a prefix": originSecret[:16]} {
		headers := map[string]string{"cloudfront-viewer-address": forged["cloudfront-viewer-address"]}
		if value != "" {
			headers["x-origin-verify"] = value
		}
		status, code, out := f.signIn(portalOrigin, headers)
		if status != 403 || code != "origin_refused" || !strings.Contains(out.Body, "through the portal") {
			t.Errorf("%s secret: %d %s %s", name, status, code, out.Body)
		}
		if len(out.Cookies) != 0 || out.Headers["X-Request-Id"] == "" {
			t.Errorf("%s secret: cookies %q, headers %v", name, out.Cookies, out.Headers)
		}
	}
	if s, h := f.sessions(), f.signIns(); len(s) != 0 || len(h) != 0 {
		t.Fatalf("refused requests left sessions %q and sign-ins %q", s, h)
	}
	status, code, _ := f.signIn(portalOrigin, map[string]string{"x-origin-verify": originSecret, "cloudfront-viewer-address": "2001:db8:cafe::17:46532"})
	if status != 200 {
		t.Fatalf("with the secret: %d %s", status, code)
	}
	if s, h := f.sessions(), f.signIns(); len(s) != 1 || s[0] != "2001:db8:cafe::17" || len(h) != 1 || !strings.HasPrefix(h[0], "2001:db8:cafe::17 ") {
		t.Fatalf("with the secret, the viewer's address must be recorded: sessions %q, sign-ins %q", s, h)
	}
}

// TestOriginSecretRotation reads the secret from Secrets Manager: its current value
// passes; once a new value is put, the function accepts both after its next read,
// so CloudFront may go on sending the old one until the stack is deployed again.
func TestOriginSecretRotation(t *testing.T) {
	aws := awsvaluestest.New(t)
	aws.PutSecret("guichet-prod-origin", "first-value-of-the-origin-secret-0001")
	f := start(t, map[string]string{"GUICHET_BASE_URL": portalOrigin, "GUICHET_ORIGIN_SECRET_ID": "guichet-prod-origin",
		"GUICHET_SECRETSMANAGER_ENDPOINT": aws.URL, "GUICHET_CLIENT_IP_HEADER": "CloudFront-Viewer-Address"})
	if aws.Reads() != 0 {
		t.Fatalf("the origin secret was read %d times before the first request", aws.Reads())
	}
	if status, code, _ := f.signIn(portalOrigin, map[string]string{"x-origin-verify": "first-value-of-the-origin-secret-0001"}); status != 200 {
		t.Fatalf("current value: %d %s", status, code)
	}
	if status, code, _ := f.signIn(portalOrigin, map[string]string{"x-origin-verify": "second-value-of-the-origin-secret-02"}); code != "origin_refused" {
		t.Fatalf("a value not yet put: %d %s", status, code)
	}
	// The rotation and its propagation are unit-tested with a clock in
	// shared/origincheck; here a fresh start reads the new current and previous values.
	aws.PutSecret("guichet-prod-origin", "second-value-of-the-origin-secret-02")
	f = start(t, map[string]string{"GUICHET_BASE_URL": portalOrigin, "GUICHET_ORIGIN_SECRET_ID": "guichet-prod-origin",
		"GUICHET_SECRETSMANAGER_ENDPOINT": aws.URL, "GUICHET_CLIENT_IP_HEADER": "CloudFront-Viewer-Address"})
	for _, v := range []string{"second-value-of-the-origin-secret-02", "first-value-of-the-origin-secret-0001"} {
		if status, code, _ := f.signIn(portalOrigin, map[string]string{"x-origin-verify": v}); status != 200 {
			t.Errorf("after the rotation, %s: %d %s", v, status, code)
		}
	}
}

// TestAnswersGzippedInLambda checks that a large answer leaves the function gzipped,
// base64-encoded in the event as API Gateway requires for binary bodies.
func TestAnswersGzippedInLambda(t *testing.T) {
	h := lambdaedge.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, strings.Repeat(`{"name":"Zoé Martin"},`, 200))
	}))
	out, err := h(context.Background(), events.APIGatewayV2HTTPRequest{Version: "2.0", RawPath: "/api/v1/big",
		Headers:        map[string]string{"host": apiDomain, "accept-encoding": "gzip, deflate, br"},
		RequestContext: events.APIGatewayV2HTTPRequestContext{HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: "GET", Path: "/api/v1/big"}}})
	if err != nil {
		t.Fatal(err)
	}
	if out.Headers["Content-Encoding"] != "gzip" || !out.IsBase64Encoded || !strings.Contains(out.Headers["Vary"], "Accept-Encoding") {
		t.Fatalf("headers %v, base64 %v", out.Headers, out.IsBase64Encoded)
	}
	raw, err := base64.StdEncoding.DecodeString(out.Body)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(zr)
	if err != nil || !strings.HasPrefix(string(body), `{"name":"Zoé Martin"}`) || len(raw) > len(body)/4 {
		t.Fatalf("%d bytes gzipped into %d: %v", len(body), len(raw), err)
	}
}
