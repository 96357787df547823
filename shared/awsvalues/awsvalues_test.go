package awsvalues_test

import (
	"context"
	"errors"
	"testing"

	"github.com/guichet/guichet/shared/awsvalues"
	"github.com/guichet/guichet/shared/awsvalues/awsvaluestest"
)

func reader(t *testing.T, s *awsvaluestest.Server) *awsvalues.Reader {
	t.Helper()
	t.Setenv("AWS_ACCESS_KEY_ID", "")
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
