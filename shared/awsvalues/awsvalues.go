// Package awsvalues reads the settings that AWS keeps for Guichet outside the
// functions' environment: a parameter of Systems Manager's Parameter Store (the
// portal's public address, which the template can only know once the CloudFront
// distribution exists) and a secret's value from Secrets Manager (the signing secret,
// the origin secret). Every function links it.
//
// It does without the SDK's SSM and Secrets Manager clients: each registers a schema
// for every shape of its service's API at start-up, which made every function 1.2 MB
// (SSM) and 0.3 MB (Secrets Manager) larger for one call each. A read is one
// request in the awsJson1_1 protocol both services speak, signed by the SDK's own
// SigV4 signer and retried as the SDK retries; the tests hold each request to what
// the SDK's clients send.
package awsvalues

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/guichet/guichet/shared/awsenv"
)

// Stages of a secret's versions that Secrets Manager maintains: putting a new value
// makes it AWSCURRENT and the value it replaces AWSPREVIOUS.
const (
	Current  = "AWSCURRENT"
	Previous = "AWSPREVIOUS"
)

// ErrNotFound is what Parameter and Secret answer when the parameter, the secret or
// the asked stage of the secret does not exist (a secret never rotated has no
// AWSPREVIOUS).
var ErrNotFound = errors.New("not found")

// Endpoints override the services' addresses, for a stand-in; empty means AWS's own.
type Endpoints struct {
	SSM            string
	SecretsManager string
}

// Reader reads parameters and secrets. It connects on first use.
type Reader struct {
	cfg       aws.Config
	endpoints Endpoints
	http      *http.Client
	signer    *v4.Signer
}

// New returns a reader for region (AWS_REGION when empty) with the credentials of
// the environment (see awsenv).
func New(region string, ep Endpoints) (*Reader, error) {
	// A stand-in for either service accepts any credentials (see awsenv.Config).
	stand := ep.SSM
	if stand == "" {
		stand = ep.SecretsManager
	}
	cfg, err := awsenv.Config(stand, region)
	if err != nil {
		return nil, fmt.Errorf("awsvalues: %w", err)
	}
	if ep.SSM == "" {
		ep.SSM = endpoint("ssm", cfg.Region)
	}
	if ep.SecretsManager == "" {
		ep.SecretsManager = endpoint("secretsmanager", cfg.Region)
	}
	return &Reader{cfg: cfg, endpoints: ep, http: &http.Client{Timeout: 5 * time.Second}, signer: v4.NewSigner()}, nil
}

// endpoint is a service's regional address.
func endpoint(service, region string) string {
	suffix := ".amazonaws.com"
	if strings.HasPrefix(region, "cn-") {
		suffix += ".cn"
	}
	return "https://" + service + "." + region + suffix
}

// Parameter reads a plain (String) parameter's value.
func (r *Reader) Parameter(ctx context.Context, name string) (string, error) {
	var out struct {
		Parameter *struct{ Value *string }
	}
	err := r.call(ctx, "ssm", r.endpoints.SSM, "AmazonSSM.GetParameter", "ParameterNotFound", map[string]string{"Name": name}, &out)
	switch {
	case err != nil:
		return "", fmt.Errorf("parameter %s: %w", name, err)
	case out.Parameter == nil || out.Parameter.Value == nil:
		return "", fmt.Errorf("parameter %s: no value", name)
	}
	return *out.Parameter.Value, nil
}

// Secret reads the string value of a secret's version at stage (Current or
// Previous).
func (r *Reader) Secret(ctx context.Context, id, stage string) (string, error) {
	var out struct{ SecretString *string }
	err := r.call(ctx, "secretsmanager", r.endpoints.SecretsManager, "secretsmanager.GetSecretValue", "ResourceNotFoundException",
		map[string]string{"SecretId": id, "VersionStage": stage}, &out)
	switch {
	case err != nil:
		return "", fmt.Errorf("secret %s (%s): %w", id, stage, err)
	case out.SecretString == nil || *out.SecretString == "":
		return "", fmt.Errorf("secret %s (%s): no string value", id, stage)
	}
	return *out.SecretString, nil
}

// attempts bounds the tries of a read, as the SDK's standard retryer does: Parameter
// Store's default throughput (40 reads a second per account) can throttle a burst of
// cold starts.
const attempts = 3

// call sends in to the operation target of service at url and decodes the answer
// into out, retrying throttling, server errors and network failures. The fault
// named notFound is ErrNotFound.
func (r *Reader) call(ctx context.Context, service, url, target, notFound string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	for attempt := 1; ; attempt++ {
		retry, err := r.try(ctx, service, url, target, notFound, body, out)
		if err == nil || !retry || attempt == attempts {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt*attempt) * 100 * time.Millisecond):
		}
	}
}

// try makes one request, and tells whether its failure may pass with a retry.
func (r *Reader) try(ctx context.Context, service, url, target, notFound string, body []byte, out any) (retry bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(url, "/")+"/", bytes.NewReader(body))
	if err != nil {
		return false, err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", target)
	creds, err := r.cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return false, err
	}
	sum := sha256.Sum256(body)
	if err := r.signer.SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), service, r.cfg.Region, time.Now()); err != nil {
		return false, err
	}
	resp, err := r.http.Do(req)
	if err != nil {
		return true, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return true, err
	}
	if resp.StatusCode != http.StatusOK {
		var fault struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal(raw, &fault)
		// The type may come qualified ("com.amazonaws.ssm#ParameterNotFound").
		kind := fault.Type[strings.LastIndexAny(fault.Type, "#:")+1:]
		switch {
		case kind == notFound:
			return false, ErrNotFound
		case resp.StatusCode >= 500 || strings.Contains(kind, "Throttl"):
			return true, fmt.Errorf("%d %s %s", resp.StatusCode, kind, fault.Message)
		}
		return false, fmt.Errorf("%d %s %s", resp.StatusCode, kind, fault.Message)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return false, fmt.Errorf("reading the answer: %w", err)
	}
	return false, nil
}
