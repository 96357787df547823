// Package awsenv builds the AWS SDK configuration from the environment alone: the
// region and the credentials that Lambda puts in every function's environment. It
// does without the SDK's config package, whose shared-file, SSO and metadata-service
// support would add megabytes to every function binary and that Lambda never needs.
// Outside Lambda, export credentials into the environment (for example with
// `aws configure export-credentials --format env`).
package awsenv

import (
	"errors"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// DefaultRegion is used when neither the caller nor the environment names one.
const DefaultRegion = "eu-west-3"

// Config returns the SDK configuration for region (AWS_REGION when empty). With a
// non-empty endpoint (a local stand-in) and no credentials in the environment, it
// uses dummy ones, since stand-ins accept any.
func Config(endpoint, region string) (aws.Config, error) {
	if region == "" {
		region = os.Getenv("AWS_REGION")
	}
	if region == "" {
		region = DefaultRegion
	}
	cfg := aws.Config{Region: region}
	key, secret := os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
	switch {
	case key != "" && secret != "":
		cfg.Credentials = credentials.NewStaticCredentialsProvider(key, secret, os.Getenv("AWS_SESSION_TOKEN"))
	case endpoint != "":
		cfg.Credentials = credentials.NewStaticCredentialsProvider("local", "local", "")
	default:
		return aws.Config{}, errors.New("no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)")
	}
	return cfg, nil
}
