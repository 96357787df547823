package awsvalues_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/guichet/guichet/shared/awsvalues"
	"github.com/guichet/guichet/shared/awsvalues/awsvaluestest"
)

func reader(t *testing.T, s *awsvaluestest.Server) *awsvalues.Reader {
	t.Helper()
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	r, err := awsvalues.New("eu-west-3", awsvalues.Endpoints{SSM: s.URL, SecretsManager: s.URL})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestParameter(t *testing.T) {
	s := awsvaluestest.New(t)
	s.SetParameter("/guichet/base-url", "https://d111.cloudfront.net")
	r := reader(t, s)
	ctx := context.Background()
	if v, err := r.Parameter(ctx, "/guichet/base-url"); err != nil || v != "https://d111.cloudfront.net" {
		t.Fatalf("%q %v", v, err)
	}
	if _, err := r.Parameter(ctx, "/guichet/nothing"); !errors.Is(err, awsvalues.ErrNotFound) {
		t.Fatalf("a missing parameter: %v, want ErrNotFound", err)
	}
}

func TestSecretStages(t *testing.T) {
	s := awsvaluestest.New(t)
	s.PutSecret("origin", "first")
	r := reader(t, s)
	ctx := context.Background()
	if v, err := r.Secret(ctx, "origin", awsvalues.Current); err != nil || v != "first" {
		t.Fatalf("current: %q %v", v, err)
	}
	if _, err := r.Secret(ctx, "origin", awsvalues.Previous); !errors.Is(err, awsvalues.ErrNotFound) {
		t.Fatalf("previous of a secret never rotated: %v, want ErrNotFound", err)
	}
	s.PutSecret("origin", "second")
	cur, err1 := r.Secret(ctx, "origin", awsvalues.Current)
	prev, err2 := r.Secret(ctx, "origin", awsvalues.Previous)
	if cur != "second" || prev != "first" || err1 != nil || err2 != nil {
		t.Fatalf("after a rotation: current %q %v, previous %q %v", cur, err1, prev, err2)
	}
	if _, err := r.Secret(ctx, "nothing", awsvalues.Current); !errors.Is(err, awsvalues.ErrNotFound) {
		t.Fatalf("a missing secret: %v, want ErrNotFound", err)
	}
}

// TestSpeaksTheSDKsProtocol reads a parameter and a secret with the SDK's own
// clients and with Reader, which does without them: the stand-in checks every
// signature, and each pair of requests must name the same operation, content type,
// signing scope and body.
func TestSpeaksTheSDKsProtocol(t *testing.T) {
	s := awsvaluestest.New(t)
	s.SetParameter("/guichet-prod/portal-base-url", "https://d111.cloudfront.net")
	s.PutSecret("guichet-prod-origin", "first")
	s.PutSecret("guichet-prod-origin", "second")
	r := reader(t, s)
	ctx := context.Background()
	creds := credentials.NewStaticCredentialsProvider(awsvaluestest.Credentials.AccessKeyID, awsvaluestest.Credentials.SecretAccessKey, "")
	sdkSSM := ssm.New(ssm.Options{Region: "eu-west-3", BaseEndpoint: aws.String(s.URL), Credentials: creds})
	sdkSM := secretsmanager.New(secretsmanager.Options{Region: "eu-west-3", BaseEndpoint: aws.String(s.URL), Credentials: creds})

	param, err := sdkSSM.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/guichet-prod/portal-base-url")})
	if err != nil || *param.Parameter.Value != "https://d111.cloudfront.net" {
		t.Fatalf("the SDK's SSM client: %v", err)
	}
	if v, err := r.Parameter(ctx, "/guichet-prod/portal-base-url"); err != nil || v != "https://d111.cloudfront.net" {
		t.Fatalf("Reader.Parameter: %q %v", v, err)
	}
	secret, err := sdkSM.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("guichet-prod-origin"), VersionStage: aws.String(awsvalues.Previous)})
	if err != nil || *secret.SecretString != "first" {
		t.Fatalf("the SDK's Secrets Manager client: %v", err)
	}
	if v, err := r.Secret(ctx, "guichet-prod-origin", awsvalues.Previous); err != nil || v != "first" {
		t.Fatalf("Reader.Secret: %q %v", v, err)
	}
	seen := s.Requests()
	for i, service := range []string{"ssm", "secretsmanager"} {
		want, got := seen[2*i], seen[2*i+1]
		if got.Target != want.Target || got.ContentType != want.ContentType || got.Scope != want.Scope || got.Scope != "eu-west-3/"+service+"/aws4_request" ||
			!reflect.DeepEqual(got.Body, want.Body) {
			t.Errorf("Reader sent %+v\nthe SDK sent %+v", got, want)
		}
		for _, h := range []string{"host", "x-amz-date", "x-amz-target", "content-type"} {
			if !slices.Contains(got.SignedHeaders, h) {
				t.Errorf("Reader does not sign %s (signs %v)", h, got.SignedHeaders)
			}
		}
	}
}

func TestParameterRetriesThrottling(t *testing.T) {
	s := awsvaluestest.New(t)
	s.SetParameter("/p", "https://d111.cloudfront.net")
	r := reader(t, s)
	ctx := context.Background()
	s.Throttle(2)
	if v, err := r.Parameter(ctx, "/p"); err != nil || v != "https://d111.cloudfront.net" || s.Reads() != 3 {
		t.Fatalf("%q %v after %d reads", v, err, s.Reads())
	}
	s.Throttle(3)
	if _, err := r.Parameter(ctx, "/p"); err == nil || !strings.Contains(err.Error(), "ThrottlingException") || s.Reads() != 6 {
		t.Fatalf("throttled three times: %v after %d reads", err, s.Reads())
	}
	if _, err := r.Parameter(ctx, "/missing"); !errors.Is(err, awsvalues.ErrNotFound) || s.Reads() != 7 {
		t.Fatalf("a missing parameter is not retried: %v after %d reads", err, s.Reads())
	}
}

func TestWrongCredentialsAreRefused(t *testing.T) {
	s := awsvaluestest.New(t)
	s.SetParameter("/p", "https://d111.cloudfront.net")
	s.PutSecret("origin", "first")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDOTHER")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "other")
	r, err := awsvalues.New("eu-west-3", awsvalues.Endpoints{SSM: s.URL, SecretsManager: s.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Parameter(context.Background(), "/p"); err == nil || !strings.Contains(err.Error(), "InvalidSignature") {
		t.Fatalf("parameter: %v", err)
	}
	if _, err := r.Secret(context.Background(), "origin", awsvalues.Current); err == nil {
		t.Fatal("secret read with the wrong credentials")
	}
}
