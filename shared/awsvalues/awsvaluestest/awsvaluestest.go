// Package awsvaluestest is a stand-in for the two read operations awsvalues calls:
// an HTTP server that speaks Systems Manager's and Secrets Manager's JSON protocol
// (awsJson1_1: a POST naming its operation in X-Amz-Target), so tests exercise the
// real SDK clients, their signing, serialisation and error decoding included.
package awsvaluestest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Server holds parameters and secrets, and counts the reads it answered.
type Server struct {
	URL string

	mu         sync.Mutex
	parameters map[string]string
	secrets    map[string]map[string]string
	reads      int
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
	var in struct {
		Name, SecretID, VersionStage string
	}
	if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") ||
		json.NewDecoder(r.Body).Decode(&in) != nil {
		fail(w, http.StatusBadRequest, "ValidationException", "not a signed JSON request")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads++
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
