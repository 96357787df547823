package config_test

import (
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/config"
)

func TestDefaultsRunLocally(t *testing.T) {
	for _, k := range []string{"GUICHET_STORE", "GUICHET_MAIL", "GUICHET_ADDR", "GUICHET_BASE_URL"} {
		t.Setenv(k, "")
	}
	c, err := config.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if c.Store != "bolt" || c.Mail != "file" || c.Addr != ":8080" || c.BaseURL != "http://localhost:8080" {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestBadChoicesAreRefused(t *testing.T) {
	t.Setenv("GUICHET_STORE", "postgres")
	if _, err := config.FromEnv(); err == nil {
		t.Fatal("an unknown store was accepted")
	}
	t.Setenv("GUICHET_STORE", "dynamodb")
	t.Setenv("GUICHET_MAIL", "smtp")
	if _, err := config.FromEnv(); err == nil {
		t.Fatal("an unknown mail sender was accepted")
	}
	t.Setenv("GUICHET_MAIL", "ses")
	t.Setenv("GUICHET_BASE_URL", "https://portal.example.com/")
	c, err := config.FromEnv()
	if err != nil || c.BaseURL != "https://portal.example.com" {
		t.Fatalf("%+v %v", c, err)
	}
}

func TestAccessDecisionDays(t *testing.T) {
	t.Setenv("GUICHET_ACCESS_DECISION_DAYS", "")
	c, err := config.FromEnv()
	if err != nil || c.AccessDecisionDays != 7 {
		t.Fatalf("default: %d %v", c.AccessDecisionDays, err)
	}
	t.Setenv("GUICHET_ACCESS_DECISION_DAYS", "14")
	if c, err := config.FromEnv(); err != nil || c.AccessDecisionDays != 14 {
		t.Fatalf("14: %d %v", c.AccessDecisionDays, err)
	}
	for _, bad := range []string{"0", "-3", "a week", "366"} {
		t.Setenv("GUICHET_ACCESS_DECISION_DAYS", bad)
		if _, err := config.FromEnv(); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}

func TestBlobChoice(t *testing.T) {
	t.Setenv("GUICHET_BLOB", "")
	t.Setenv("GUICHET_BUCKET", "")
	if c, err := config.FromEnv(); err != nil || c.Blob != "folder" {
		t.Fatalf("default: %q %v", c.Blob, err)
	}
	t.Setenv("GUICHET_BLOB", "gcs")
	if _, err := config.FromEnv(); err == nil {
		t.Fatal("an unknown blob driver was accepted")
	}
	t.Setenv("GUICHET_BLOB", "s3")
	if _, err := config.FromEnv(); err == nil {
		t.Fatal("s3 without a bucket was accepted")
	}
	t.Setenv("GUICHET_BUCKET", "guichet-files")
	t.Setenv("GUICHET_S3_ENDPOINT", "http://127.0.0.1:4569")
	if c, err := config.FromEnv(); err != nil || c.Bucket != "guichet-files" || c.S3Endpoint != "http://127.0.0.1:4569" {
		t.Fatalf("s3: %+v %v", c, err)
	}
}

func TestDevMailIsOffUnlessAskedFor(t *testing.T) {
	t.Setenv("GUICHET_DEV_MAIL", "")
	if c, err := config.FromEnv(); err != nil || c.DevMail {
		t.Fatalf("by default: DevMail %v, %v; want off", c.DevMail, err)
	}
	t.Setenv("GUICHET_DEV_MAIL", "1")
	if c, err := config.FromEnv(); err != nil || !c.DevMail {
		t.Fatalf("GUICHET_DEV_MAIL=1: DevMail %v, %v; want on", c.DevMail, err)
	}
	t.Setenv("GUICHET_DEV_MAIL", "yes")
	if _, err := config.FromEnv(); err == nil {
		t.Fatal("GUICHET_DEV_MAIL=yes was accepted; want 0 or 1")
	}
}

func TestAllowedOriginsDefaultToTheBaseURLAndUnusableOnesAreRefused(t *testing.T) {
	t.Setenv("GUICHET_BASE_URL", "https://Portal.Example.com:443/")
	t.Setenv("GUICHET_ALLOWED_ORIGINS", "")
	c, err := config.FromEnv()
	if err != nil || c.BaseURL != "https://portal.example.com" || len(c.AllowedOrigins) != 1 || c.AllowedOrigins[0] != "https://portal.example.com" {
		t.Fatalf("default: %q %q %v", c.BaseURL, c.AllowedOrigins, err)
	}
	t.Setenv("GUICHET_ALLOWED_ORIGINS", " https://portal.example.com , https://d111.cloudfront.net,http://localhost:5173")
	if c, err := config.FromEnv(); err != nil || strings.Join(c.AllowedOrigins, " ") != "https://portal.example.com https://d111.cloudfront.net http://localhost:5173" {
		t.Fatalf("list: %q %v", c.AllowedOrigins, err)
	}
	for _, bad := range []string{"portal.example.com", "https://portal.example.com/app", "http://portal.example.com", "https://portal.example.com?x",
		"ftp://portal.example.com", "https://user@portal.example.com", "https://portal.example.com:99999", ",", "https://"} {
		t.Setenv("GUICHET_ALLOWED_ORIGINS", bad)
		if _, err := config.FromEnv(); err == nil {
			t.Errorf("GUICHET_ALLOWED_ORIGINS=%q was accepted", bad)
		}
	}
	t.Setenv("GUICHET_ALLOWED_ORIGINS", "")
	for _, bad := range []string{"http://portal.example.com", "https://portal.example.com/app", "portal"} {
		t.Setenv("GUICHET_BASE_URL", bad)
		if _, err := config.FromEnv(); err == nil {
			t.Errorf("GUICHET_BASE_URL=%q was accepted", bad)
		}
	}
	for _, ok := range []string{"http://127.0.0.1:8080", "http://[::1]:8080", "https://192.0.2.10", "http://guichet.localhost:8080"} {
		t.Setenv("GUICHET_BASE_URL", ok)
		if _, err := config.FromEnv(); err != nil {
			t.Errorf("GUICHET_BASE_URL=%q: %v", ok, err)
		}
	}
}

func TestPasskeysNeedADomainName(t *testing.T) {
	for base, want := range map[string]bool{
		"http://localhost:8080":        true,
		"https://portal.example":       true,
		"http://127.0.0.1:8080":        false,
		"http://[::1]:8080":            false,
		"https://192.0.2.10":           false,
		"http://[::ffff:127.0.0.1]:80": false,
	} {
		if got := config.PasskeysWork(base); got != want {
			t.Errorf("PasskeysWork(%q) = %v, want %v", base, got, want)
		}
	}
}

func TestBaseURLParameterAndLambda(t *testing.T) {
	for _, k := range []string{"GUICHET_BASE_URL", "GUICHET_ALLOWED_ORIGINS", "AWS_LAMBDA_FUNCTION_NAME"} {
		t.Setenv(k, "")
	}
	t.Setenv("GUICHET_BASE_URL_PARAMETER", "/guichet-prod/portal-base-url")
	c, err := config.FromEnv()
	if err != nil || c.BaseURL != "" || c.BaseURLParameter != "/guichet-prod/portal-base-url" || len(c.AllowedOrigins) != 0 {
		t.Fatalf("the parameter alone leaves the address to read: %+v %v", c, err)
	}
	c, err = c.WithBaseURL("GUICHET_BASE_URL_PARAMETER /guichet-prod/portal-base-url", " https://d111.cloudfront.net/ ")
	if err != nil || c.BaseURL != "https://d111.cloudfront.net" || strings.Join(c.AllowedOrigins, " ") != "https://d111.cloudfront.net" {
		t.Fatalf("%+v %v", c, err)
	}
	if _, err := c.WithBaseURL("GUICHET_BASE_URL_PARAMETER /p", "http://d111.cloudfront.net"); err == nil || !strings.Contains(err.Error(), "GUICHET_BASE_URL_PARAMETER /p") {
		t.Fatalf("plain http from the parameter: %v", err)
	}
	t.Setenv("GUICHET_BASE_URL_PARAMETER", "")
	t.Setenv("AWS_LAMBDA_FUNCTION_NAME", "guichet-prod-SessionFunction")
	if _, err := config.FromEnv(); err == nil {
		t.Fatal("a function started with neither GUICHET_BASE_URL nor its parameter")
	}
}

func TestSecretSettings(t *testing.T) {
	for _, k := range []string{"GUICHET_SECRET", "GUICHET_SECRET_ID", "GUICHET_ORIGIN_SECRET", "GUICHET_ORIGIN_SECRET_ID", "GUICHET_CLIENT_IP_HEADER", "AWS_LAMBDA_FUNCTION_NAME"} {
		t.Setenv(k, "")
	}
	t.Setenv("GUICHET_CLIENT_IP_HEADER", "CloudFront-Viewer-Address")
	if _, err := config.FromEnv(); err == nil || !strings.Contains(err.Error(), "GUICHET_ORIGIN_SECRET") {
		t.Fatalf("the client-address header without an origin secret: %v", err)
	}
	t.Setenv("GUICHET_ORIGIN_SECRET", "short")
	if _, err := config.FromEnv(); err == nil {
		t.Fatal("a 5-character origin secret was accepted")
	}
	t.Setenv("GUICHET_ORIGIN_SECRET", "oVq2mZ7rT4yW9bN1cX8eK3hJ6gF5dS0a")
	if c, err := config.FromEnv(); err != nil || c.OriginSecret != "oVq2mZ7rT4yW9bN1cX8eK3hJ6gF5dS0a" {
		t.Fatalf("%v", err)
	}
	t.Setenv("GUICHET_ORIGIN_SECRET_ID", "guichet-prod-origin")
	if _, err := config.FromEnv(); err == nil {
		t.Fatal("both GUICHET_ORIGIN_SECRET and GUICHET_ORIGIN_SECRET_ID were accepted")
	}
	t.Setenv("GUICHET_ORIGIN_SECRET", "")
	if c, err := config.FromEnv(); err != nil || c.OriginSecretID != "guichet-prod-origin" {
		t.Fatalf("%v", err)
	}
	t.Setenv("GUICHET_SECRET", "a-local-secret-of-at-least-32-characters")
	t.Setenv("GUICHET_SECRET_ID", "guichet-prod-signing")
	if _, err := config.FromEnv(); err == nil {
		t.Fatal("both GUICHET_SECRET and GUICHET_SECRET_ID were accepted")
	}
}
