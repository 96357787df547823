// Package awsvalues reads the settings that AWS keeps for Guichet outside the
// functions' environment: a parameter of Systems Manager's Parameter Store (the
// portal's public address, which the template can only know once the CloudFront
// distribution exists) and a secret's value from Secrets Manager (the signing secret,
// the origin secret). Every function links it.
//
// Secrets Manager is read through the SDK's client. Parameter Store is not: the SSM
// client registers a schema for every shape of its API at start-up, which makes each
// function 1.2 MB larger for one call. GetParameter is therefore one SigV4-signed
// JSON request (the awsJson1_1 protocol the SDK speaks, signed by the SDK's own
// signer), retried like the SDK retries; the tests hold it to the same wire format
// as the SDK's client.
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
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

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

// Reader reads parameters and secrets. Its clients connect on first use.
type Reader struct {
	cfg         aws.Config
	ssmEndpoint string
	http        *http.Client
	signer      *v4.Signer
	secrets     *secretsmanager.Client
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
	ssmEndpoint := ep.SSM
	if ssmEndpoint == "" {
		ssmEndpoint = "https://ssm." + cfg.Region + ".amazonaws.com"
		if strings.HasPrefix(cfg.Region, "cn-") {
			ssmEndpoint += ".cn"
		}
	}
	return &Reader{
		cfg: cfg, ssmEndpoint: ssmEndpoint, http: &http.Client{Timeout: 5 * time.Second}, signer: v4.NewSigner(),
		secrets: secretsmanager.NewFromConfig(cfg, func(o *secretsmanager.Options) {
			if ep.SecretsManager != "" {
				o.BaseEndpoint = aws.String(ep.SecretsManager)
			}
		}),
	}, nil
}

// Parameter reads a plain (String) parameter's value.
func (r *Reader) Parameter(ctx context.Context, name string) (string, error) {
	body, err := json.Marshal(map[string]string{"Name": name})
	if err != nil {
		return "", err
	}
	for attempt := 1; ; attempt++ {
		value, retry, err := r.getParameter(ctx, body)
		if err == nil || !retry || attempt == attempts {
			if err != nil {
				return "", fmt.Errorf("parameter %s: %w", name, err)
			}
			return value, nil
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("parameter %s: %w", name, ctx.Err())
		case <-time.After(time.Duration(attempt*attempt) * 100 * time.Millisecond):
		}
	}
}

// attempts bounds the tries of a read, as the SDK's standard retryer does: Parameter
// Store's default throughput (40 reads a second per account) can throttle a burst of
// cold starts.
const attempts = 3

// getParameter makes one GetParameter call, and tells whether a failure may pass
// with a retry (throttling, a server error, the network).
func (r *Reader) getParameter(ctx context.Context, body []byte) (value string, retry bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(r.ssmEndpoint, "/")+"/", bytes.NewReader(body))
	if err != nil {
		return "", false, err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AmazonSSM.GetParameter")
	creds, err := r.cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return "", false, err
	}
	sum := sha256.Sum256(body)
	if err := r.signer.SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "ssm", r.cfg.Region, time.Now()); err != nil {
		return "", false, err
	}
	resp, err := r.http.Do(req)
	if err != nil {
		return "", true, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", true, err
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
		case kind == "ParameterNotFound":
			return "", false, ErrNotFound
		case resp.StatusCode >= 500 || strings.Contains(kind, "Throttl") || kind == "TooManyUpdates":
			return "", true, fmt.Errorf("%d %s %s", resp.StatusCode, kind, fault.Message)
		}
		return "", false, fmt.Errorf("%d %s %s", resp.StatusCode, kind, fault.Message)
	}
	var out struct {
		Parameter *struct{ Value *string }
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return "", false, fmt.Errorf("reading the answer: %w", err)
	}
	if out.Parameter == nil || out.Parameter.Value == nil {
		return "", false, errors.New("no value")
	}
	return *out.Parameter.Value, false, nil
}

// Secret reads the string value of a secret's version at stage (Current or
// Previous).
func (r *Reader) Secret(ctx context.Context, id, stage string) (string, error) {
	out, err := r.secrets.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(id), VersionStage: aws.String(stage)})
	var missing *smtypes.ResourceNotFoundException
	switch {
	case errors.As(err, &missing):
		return "", fmt.Errorf("secret %s (%s): %w", id, stage, ErrNotFound)
	case err != nil:
		return "", fmt.Errorf("secret %s (%s): %w", id, stage, err)
	case out.SecretString == nil || *out.SecretString == "":
		return "", fmt.Errorf("secret %s (%s): no string value", id, stage)
	}
	return *out.SecretString, nil
}
