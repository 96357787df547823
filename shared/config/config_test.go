package config_test

import (
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
