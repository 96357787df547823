package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/app"
	"github.com/guichet/guichet/shared/awsvalues/awsvaluestest"
)

// env sets a function's environment on the embedded store, with the stand-in for
// SSM and Secrets Manager, and everything this test does not name unset.
func env(t *testing.T, aws *awsvaluestest.Server, vars map[string]string) {
	t.Helper()
	all := map[string]string{
		"GUICHET_STORE": "bolt", "GUICHET_DATA_DIR": t.TempDir(), "GUICHET_MAIL": "file", "GUICHET_LOG_LEVEL": "error",
		"GUICHET_BASE_URL": "", "GUICHET_BASE_URL_PARAMETER": "", "GUICHET_ALLOWED_ORIGINS": "", "GUICHET_SECRET": "",
		"GUICHET_SECRET_ID": "", "GUICHET_ORIGIN_SECRET": "", "GUICHET_ORIGIN_SECRET_ID": "", "GUICHET_CLIENT_IP_HEADER": "",
		"GUICHET_SSM_ENDPOINT": aws.URL, "GUICHET_SECRETSMANAGER_ENDPOINT": aws.URL,
		"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_LAMBDA_FUNCTION_NAME": "guichet-prod-HealthFunction",
	}
	for k, v := range vars {
		all[k] = v
	}
	for k, v := range all {
		t.Setenv(k, v)
	}
}

func open(t *testing.T) (*app.App, error) {
	t.Helper()
	// Each process its own embedded store: the previous one still holds its file.
	t.Setenv("GUICHET_DATA_DIR", t.TempDir())
	a, err := app.FromEnv(context.Background())
	if err == nil {
		t.Cleanup(func() { a.Close() })
	}
	return a, err
}

func TestBaseURLFromItsParameter(t *testing.T) {
	aws := awsvaluestest.New(t)
	aws.SetParameter("/guichet-prod/portal-base-url", "https://D1a2b3c4d5e6f7.cloudfront.net/")
	env(t, aws, map[string]string{"GUICHET_BASE_URL_PARAMETER": "/guichet-prod/portal-base-url"})
	a, err := open(t)
	if err != nil {
		t.Fatal(err)
	}
	if a.Config.BaseURL != "https://d1a2b3c4d5e6f7.cloudfront.net" || strings.Join(a.Config.AllowedOrigins, " ") != "https://d1a2b3c4d5e6f7.cloudfront.net" {
		t.Fatalf("base URL %q, allowed origins %q", a.Config.BaseURL, a.Config.AllowedOrigins)
	}

	// Explicit allowed origins stay as they are; the parameter gives the base URL.
	t.Setenv("GUICHET_ALLOWED_ORIGINS", "https://portal.example.com,https://d1a2b3c4d5e6f7.cloudfront.net")
	if a, err = open(t); err != nil {
		t.Fatal(err)
	}
	if len(a.Config.AllowedOrigins) != 2 || a.Config.BaseURL != "https://d1a2b3c4d5e6f7.cloudfront.net" {
		t.Fatalf("%q %q", a.Config.BaseURL, a.Config.AllowedOrigins)
	}

	// GUICHET_BASE_URL overrides the parameter, which is then not read.
	reads := aws.Reads()
	t.Setenv("GUICHET_BASE_URL", "https://portal.example.com")
	if a, err = open(t); err != nil {
		t.Fatal(err)
	}
	if a.Config.BaseURL != "https://portal.example.com" || aws.Reads() != reads {
		t.Fatalf("%q, %d reads", a.Config.BaseURL, aws.Reads()-reads)
	}
}

func TestUnusableBaseURLStopsTheStart(t *testing.T) {
	aws := awsvaluestest.New(t)
	for value, want := range map[string]string{
		"http://d1a2b3c4d5e6f7.cloudfront.net":       "plain http",
		"https://d1a2b3c4d5e6f7.cloudfront.net/app":  "not an origin",
		"d1a2b3c4d5e6f7.cloudfront.net":              "not an origin",
		"https://portal.example.com?next=/dashboard": "not an origin",
	} {
		aws.SetParameter("/guichet-prod/portal-base-url", value)
		env(t, aws, map[string]string{"GUICHET_BASE_URL_PARAMETER": "/guichet-prod/portal-base-url"})
		if _, err := open(t); err == nil || !strings.Contains(err.Error(), "GUICHET_BASE_URL_PARAMETER /guichet-prod/portal-base-url") || !strings.Contains(err.Error(), want) {
			t.Errorf("parameter %q: %v", value, err)
		}
	}
	env(t, aws, map[string]string{"GUICHET_BASE_URL_PARAMETER": "/guichet-prod/missing"})
	if _, err := open(t); err == nil || !strings.Contains(err.Error(), "GUICHET_BASE_URL_PARAMETER") || !strings.Contains(err.Error(), "not found") {
		t.Errorf("a missing parameter: %v", err)
	}
	env(t, aws, nil)
	if _, err := open(t); err == nil || !strings.Contains(err.Error(), "GUICHET_BASE_URL or GUICHET_BASE_URL_PARAMETER") {
		t.Errorf("in Lambda with neither setting: %v", err)
	}
}

func TestSigningSecretFromSecretsManager(t *testing.T) {
	aws := awsvaluestest.New(t)
	aws.PutSecret("guichet-prod-signing", "Pq8sT1vX4zB7eH0kN3qW6yC9fJ2mR5uA")
	env(t, aws, map[string]string{"GUICHET_BASE_URL": "https://portal.example.com", "GUICHET_STORE": "dynamodb",
		"GUICHET_DYNAMODB_ENDPOINT": aws.URL, "GUICHET_SECRET_ID": "guichet-prod-signing"})
	a, err := open(t)
	if err != nil {
		t.Fatal(err)
	}
	if string(a.Secret) != "Pq8sT1vX4zB7eH0kN3qW6yC9fJ2mR5uA" {
		t.Fatalf("secret %q", a.Secret)
	}
	for id, want := range map[string]string{"guichet-prod-missing": "not found", "guichet-prod-short": "shorter than 32"} {
		aws.PutSecret("guichet-prod-short", "too-short")
		t.Setenv("GUICHET_SECRET_ID", id)
		if _, err := open(t); err == nil || !strings.Contains(err.Error(), "GUICHET_SECRET_ID") || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", id, err)
		}
	}
	// Without either setting, a store other than the embedded one has no secret to sign with.
	t.Setenv("GUICHET_SECRET_ID", "")
	if _, err := open(t); err == nil || !strings.Contains(err.Error(), "GUICHET_SECRET") {
		t.Errorf("no secret on DynamoDB: %v", err)
	}
}
