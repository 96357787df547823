// Package awsvalues reads the settings that AWS keeps for Guichet outside the
// functions' environment: a parameter of Systems Manager's Parameter Store (the
// portal's public address, which the template can only know once the CloudFront
// distribution exists) and a secret's value from Secrets Manager (the signing secret,
// the origin secret). It is the one package that links those two SDK clients, and it
// calls only their read operations, so a function pays for little more than two
// request shapes.
package awsvalues

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

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
	ssm     *ssm.Client
	secrets *secretsmanager.Client
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
	return &Reader{
		ssm: ssm.NewFromConfig(cfg, func(o *ssm.Options) {
			if ep.SSM != "" {
				o.BaseEndpoint = aws.String(ep.SSM)
			}
		}),
		secrets: secretsmanager.NewFromConfig(cfg, func(o *secretsmanager.Options) {
			if ep.SecretsManager != "" {
				o.BaseEndpoint = aws.String(ep.SecretsManager)
			}
		}),
	}, nil
}

// Parameter reads a plain (String) parameter's value.
func (r *Reader) Parameter(ctx context.Context, name string) (string, error) {
	out, err := r.ssm.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(name)})
	var missing *ssmtypes.ParameterNotFound
	switch {
	case errors.As(err, &missing):
		return "", fmt.Errorf("parameter %s: %w", name, ErrNotFound)
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
