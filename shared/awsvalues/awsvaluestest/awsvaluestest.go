// Package awsvaluestest is a stand-in for the two read operations awsvalues calls:
// an HTTP server that speaks Systems Manager's and Secrets Manager's JSON protocol
// (awsJson1_1: a POST naming its operation in X-Amz-Target) and checks each
// request's SigV4 signature, so tests exercise the real clients, their signing,
// serialisation and error decoding included.
package awsvaluestest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Credentials are what the stand-in checks signatures with: the dummy ones
// awsenv gives a client of a stand-in when the environment has none.
var Credentials = aws.Credentials{AccessKeyID: "local", SecretAccessKey: "local"}

// Request is what the stand-in saw of one request.
type Request struct {
	Target, ContentType string
	// Scope is the signature's credential scope without its date:
	// region/service/aws4_request.
	Scope         string
	SignedHeaders []string
	Body          map[string]any
}

// Server holds parameters and secrets, and counts the reads it answered.
type Server struct {
	URL string

	mu         sync.Mutex
	parameters map[string]string
	secrets    map[string]map[string]string
	reads      int
	failures   int
	requests   []Request
}

// Throttle makes the next n reads answer ThrottlingException.
func (s *Server) Throttle(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = n
}

// Requests lists the requests answered so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// New starts a server that stops with the test.
func New(t testing.TB) *Server {
	s := &Server{parameters: map[string]string{}, secrets: map[string]map[string]string{}}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// SetParameter stores a parameter's value.
func (s *Server) SetParameter(name, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.parameters[name] = value
}

// PutSecret stores a new value of a secret as Secrets Manager's put-secret-value
// does: it becomes AWSCURRENT, and the value it replaces AWSPREVIOUS.
func (s *Server) PutSecret(id, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	stages := s.secrets[id]
	if stages == nil {
		stages = map[string]string{}
		s.secrets[id] = stages
	}
	if cur, ok := stages["AWSCURRENT"]; ok {
		stages["AWSPREVIOUS"] = cur
	}
	stages["AWSCURRENT"] = value
}

// Reads is how many reads the server answered, found or not.
func (s *Server) Reads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reads
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var in struct {
		Name, SecretID, VersionStage string
	}
	seen, signed := verify(r, body)
	if r.Method != http.MethodPost || !signed || json.Unmarshal(body, &in) != nil || json.Unmarshal(body, &seen.Body) != nil {
		fail(w, http.StatusBadRequest, "InvalidSignatureException", "not a JSON request signed with the stand-in's credentials")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads++
	s.requests = append(s.requests, seen)
	if s.failures > 0 {
		s.failures--
		fail(w, http.StatusBadRequest, "ThrottlingException", "Rate exceeded")
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	switch r.Header.Get("X-Amz-Target") {
	case "AmazonSSM.GetParameter":
		v, ok := s.parameters[in.Name]
		if !ok {
			fail(w, http.StatusBadRequest, "ParameterNotFound", "")
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"Parameter": map[string]any{"Name": in.Name, "Type": "String", "Value": v, "Version": 1}})
	case "secretsmanager.GetSecretValue":
		stage := in.VersionStage
		if stage == "" {
			stage = "AWSCURRENT"
		}
		v, ok := s.secrets[in.SecretID][stage]
		if !ok {
			fail(w, http.StatusBadRequest, "ResourceNotFoundException", "Secrets Manager can't find the specified secret value for staging label: "+stage)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"Name": in.SecretID, "SecretString": v, "VersionId": "v-" + stage, "VersionStages": []string{stage}})
	default:
		fail(w, http.StatusBadRequest, "UnknownOperationException", r.Header.Get("X-Amz-Target"))
	}
}

func fail(w http.ResponseWriter, status int, kind, message string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": kind, "message": message})
}

// verify signs a copy of r's signed headers again with Credentials and compares
// the signature, as AWS does.
func verify(r *http.Request, body []byte) (Request, bool) {
	seen := Request{Target: r.Header.Get("X-Amz-Target"), ContentType: r.Header.Get("Content-Type")}
	auth, ok := strings.CutPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ")
	if !ok {
		return seen, false
	}
	fields := map[string]string{}
	for _, f := range strings.Split(auth, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(f), "=")
		fields[k] = v
	}
	scope := strings.Split(fields["Credential"], "/")
	signedAt, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if len(scope) != 5 || scope[0] != Credentials.AccessKeyID || err != nil {
		return seen, false
	}
	seen.Scope = strings.Join(scope[2:], "/")
	seen.SignedHeaders = strings.Split(fields["SignedHeaders"], ";")
	again, _ := http.NewRequest(r.Method, "http://"+r.Host+r.URL.RequestURI(), bytes.NewReader(body))
	for _, h := range seen.SignedHeaders {
		if h != "host" {
			again.Header[http.CanonicalHeaderKey(h)] = r.Header.Values(h)
		}
	}
	again.Header.Del("Authorization")
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(context.Background(), Credentials, again, hex.EncodeToString(sum[:]), scope[3], scope[2], signedAt); err != nil {
		return seen, false
	}
	want := again.Header.Get("Authorization")
	return seen, strings.HasSuffix(want, "Signature="+fields["Signature"]) && strings.Contains(want, "SignedHeaders="+fields["SignedHeaders"]+",")
}
