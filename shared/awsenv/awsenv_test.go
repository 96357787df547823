package awsenv_test

import (
	"context"
	"testing"

	"github.com/guichet/guichet/shared/awsenv"
)

func TestCredentialsAndRegionFromTheEnvironment(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_SESSION_TOKEN", "token")
	t.Setenv("AWS_REGION", "eu-central-1")
	cfg, err := awsenv.Config("", "")
	if err != nil {
		t.Fatal(err)
	}
	creds, err := cfg.Credentials.Retrieve(context.Background())
	if err != nil || creds.AccessKeyID != "AKIDEXAMPLE" || creds.SessionToken != "token" || cfg.Region != "eu-central-1" {
		t.Fatalf("%+v %+v %v", cfg, creds, err)
	}
	if cfg, _ := awsenv.Config("", "us-west-2"); cfg.Region != "us-west-2" {
		t.Fatal("an explicit region must win")
	}
}

func TestStandInsGetDummyCredentialsAndAWSNeedsReal(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	t.Setenv("AWS_REGION", "")
	if _, err := awsenv.Config("", ""); err == nil {
		t.Fatal("real AWS without credentials must be an error")
	}
	cfg, err := awsenv.Config("http://127.0.0.1:8000", "")
	if err != nil || cfg.Region != awsenv.DefaultRegion {
		t.Fatalf("%+v %v", cfg, err)
	}
}
