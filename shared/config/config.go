// Package config reads Guichet's settings from environment variables. Every setting
// has a default that runs the portal locally with no configuration at all.
package config

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// Config is every setting of a Guichet process.
type Config struct {
	// Addr is where the local server listens (GUICHET_ADDR).
	Addr string
	// BaseURL is the portal's public address, used in mail links (GUICHET_BASE_URL):
	// an origin (scheme://host[:port]), https unless the host is this machine. Empty
	// when it is to be read from BaseURLParameter (see WithBaseURL).
	BaseURL string
	// BaseURLParameter names the SSM parameter that holds the base URL
	// (GUICHET_BASE_URL_PARAMETER), read at start-up when GUICHET_BASE_URL is empty:
	// the template writes the CloudFront distribution's address there, which the
	// functions cannot be given directly (the distribution depends on the API, which
	// depends on the functions).
	BaseURLParameter string
	// AllowedOrigins are the portal's public origins (GUICHET_ALLOWED_ORIGINS,
	// comma-separated scheme://host[:port]): a state-changing request whose Origin is
	// not one of them is refused. Default: the origin of BaseURL.
	AllowedOrigins []string
	// Store is "bolt" (embedded, the default) or "dynamodb" (GUICHET_STORE).
	Store string
	// DataDir holds the embedded store and the local mail outbox (GUICHET_DATA_DIR).
	DataDir string
	// Table is the DynamoDB table name (GUICHET_TABLE).
	Table string
	// DynamoDBEndpoint overrides the DynamoDB endpoint, for DynamoDB Local (GUICHET_DYNAMODB_ENDPOINT).
	DynamoDBEndpoint string
	// Mail is "file" (the local outbox folder, the default) or "ses" (GUICHET_MAIL).
	Mail string
	// MailFrom is the sender of every message (GUICHET_MAIL_FROM).
	MailFrom string
	// SESEndpoint overrides the SES v2 endpoint (GUICHET_SES_ENDPOINT).
	SESEndpoint string
	// SESConfigurationSet is the SES configuration set, if any (GUICHET_SES_CONFIGURATION_SET).
	SESConfigurationSet string
	// Blob is "folder" (files under the data directory, the default) or "s3"
	// (GUICHET_BLOB): where exports, import files and their reports are kept.
	Blob string
	// Bucket is the S3 bucket of the s3 blob driver (GUICHET_BUCKET).
	Bucket string
	// S3Endpoint overrides the S3 endpoint, for a stand-in such as s3rver
	// (GUICHET_S3_ENDPOINT).
	S3Endpoint string
	// Region is the AWS region (AWS_REGION).
	Region string
	// Secret signs pagination cursors and tokens (GUICHET_SECRET). Locally, when unset,
	// a random one is kept in the data folder.
	Secret string
	// SecretID names the Secrets Manager secret that holds Secret (GUICHET_SECRET_ID),
	// read at start-up, so that the value is in no environment variable.
	SecretID string
	// OriginSecret is the value CloudFront sends in X-Origin-Verify
	// (GUICHET_ORIGIN_SECRET), for a local setup and tests; OriginSecretID names the
	// Secrets Manager secret that holds it (GUICHET_ORIGIN_SECRET_ID), whose current
	// and previous values are accepted. With either, a request without the header is
	// refused, and ClientIPHeader is read only from requests that carry it.
	OriginSecret   string
	OriginSecretID string
	// SSMEndpoint and SecretsManagerEndpoint override those services' addresses, for
	// a stand-in (GUICHET_SSM_ENDPOINT, GUICHET_SECRETSMANAGER_ENDPOINT).
	SSMEndpoint            string
	SecretsManagerEndpoint string
	// FrontendDir is the built portal the local server serves (GUICHET_FRONTEND_DIR).
	FrontendDir string
	// ClientIPHeader names the request header that carries the caller's address
	// when a proxy stands in front (GUICHET_CLIENT_IP_HEADER, e.g.
	// CloudFront-Viewer-Address); empty means the connection's own address. It needs
	// an origin secret: anyone could send the header straight to the server.
	ClientIPHeader string
	// TrustedNetworks lists CIDR prefixes exempt from per-address rate limits
	// (GUICHET_TRUSTED_NETWORKS), such as a proxy many customers share.
	TrustedNetworks string
	// DevMail serves the local mail viewer at /dev/mail to callers on this machine
	// (GUICHET_DEV_MAIL=1; `make run` sets it). Off by default: it shows every link of
	// every account.
	DevMail bool
	// DebugHeaders sends each answer's table round trips in X-Table-Trips and
	// X-Table-Writes (GUICHET_DEBUG_HEADERS=1; the load command sets it). Off by
	// default: the counts tell an existing account from an unknown one.
	DebugHeaders bool
	// LogLevel is debug, info, warn or error (GUICHET_LOG_LEVEL).
	LogLevel string
	// AccessDecisionDays is how many days an access request waits for a decision
	// before it is refused automatically (GUICHET_ACCESS_DECISION_DAYS).
	AccessDecisionDays int
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && strings.TrimSpace(v) != "" {
		return strings.TrimSpace(v)
	}
	return def
}

// FromEnv reads the configuration and checks its choices.
func FromEnv() (Config, error) {
	c := Config{
		Addr:                   env("GUICHET_ADDR", ":8080"),
		Store:                  env("GUICHET_STORE", "bolt"),
		DataDir:                env("GUICHET_DATA_DIR", "data"),
		Table:                  env("GUICHET_TABLE", "guichet"),
		DynamoDBEndpoint:       env("GUICHET_DYNAMODB_ENDPOINT", ""),
		Mail:                   env("GUICHET_MAIL", "file"),
		MailFrom:               env("GUICHET_MAIL_FROM", "Guichet <no-reply@guichet.example>"),
		SESEndpoint:            env("GUICHET_SES_ENDPOINT", ""),
		SESConfigurationSet:    env("GUICHET_SES_CONFIGURATION_SET", ""),
		Blob:                   env("GUICHET_BLOB", "folder"),
		Bucket:                 env("GUICHET_BUCKET", ""),
		S3Endpoint:             env("GUICHET_S3_ENDPOINT", ""),
		Region:                 env("AWS_REGION", "eu-west-3"),
		Secret:                 env("GUICHET_SECRET", ""),
		SecretID:               env("GUICHET_SECRET_ID", ""),
		OriginSecret:           env("GUICHET_ORIGIN_SECRET", ""),
		OriginSecretID:         env("GUICHET_ORIGIN_SECRET_ID", ""),
		BaseURLParameter:       env("GUICHET_BASE_URL_PARAMETER", ""),
		SSMEndpoint:            env("GUICHET_SSM_ENDPOINT", ""),
		SecretsManagerEndpoint: env("GUICHET_SECRETSMANAGER_ENDPOINT", ""),
		FrontendDir:            env("GUICHET_FRONTEND_DIR", "frontend/dist"),
		LogLevel:               env("GUICHET_LOG_LEVEL", "info"),
		TrustedNetworks:        env("GUICHET_TRUSTED_NETWORKS", ""),
		ClientIPHeader:         env("GUICHET_CLIENT_IP_HEADER", ""),
	}
	if list := env("GUICHET_ALLOWED_ORIGINS", ""); list != "" {
		for _, o := range strings.Split(list, ",") {
			if o = strings.TrimSpace(o); o == "" {
				continue
			}
			origin, err := publicOrigin("GUICHET_ALLOWED_ORIGINS", o)
			if err != nil {
				return c, err
			}
			c.AllowedOrigins = append(c.AllowedOrigins, origin)
		}
		if len(c.AllowedOrigins) == 0 {
			return c, errors.New("GUICHET_ALLOWED_ORIGINS names no origin")
		}
	}
	base := env("GUICHET_BASE_URL", "")
	if base == "" && c.BaseURLParameter == "" {
		// In Lambda there is no local address to fall back on: every link in mail and
		// every sign-in would be wrong.
		if os.Getenv("AWS_LAMBDA_FUNCTION_NAME") != "" {
			return c, errors.New("GUICHET_BASE_URL or GUICHET_BASE_URL_PARAMETER must name the portal's public address")
		}
		base = "http://localhost:8080"
	}
	if base != "" {
		var err error
		if c, err = c.WithBaseURL("GUICHET_BASE_URL", base); err != nil {
			return c, err
		}
	}
	if err := c.checkSecrets(); err != nil {
		return c, err
	}
	if c.Store != "bolt" && c.Store != "dynamodb" {
		return c, fmt.Errorf("GUICHET_STORE must be bolt or dynamodb, not %q", c.Store)
	}
	if c.Mail != "file" && c.Mail != "ses" {
		return c, fmt.Errorf("GUICHET_MAIL must be file or ses, not %q", c.Mail)
	}
	if c.Blob != "folder" && c.Blob != "s3" {
		return c, fmt.Errorf("GUICHET_BLOB must be folder or s3, not %q", c.Blob)
	}
	if c.Blob == "s3" && c.Bucket == "" {
		return c, fmt.Errorf("GUICHET_BUCKET must name the bucket when GUICHET_BLOB is s3")
	}
	days, err := strconv.Atoi(env("GUICHET_ACCESS_DECISION_DAYS", "7"))
	if err != nil || days < 1 || days > 365 {
		return c, fmt.Errorf("GUICHET_ACCESS_DECISION_DAYS must be a number of days from 1 to 365, not %q", os.Getenv("GUICHET_ACCESS_DECISION_DAYS"))
	}
	c.AccessDecisionDays = days
	if c.DevMail, err = onOff("GUICHET_DEV_MAIL"); err != nil {
		return c, err
	}
	if c.DebugHeaders, err = onOff("GUICHET_DEBUG_HEADERS"); err != nil {
		return c, err
	}
	return c, nil
}

// WithBaseURL sets the portal's public address, read from source (named in errors),
// and, unless GUICHET_ALLOWED_ORIGINS listed them, the allowed origins to its
// origin. The address must be an origin, https unless the host is this machine.
func (c Config) WithBaseURL(source, value string) (Config, error) {
	base, err := publicOrigin(source, strings.TrimRight(strings.TrimSpace(value), "/"))
	if err != nil {
		return c, err
	}
	c.BaseURL = base
	if len(c.AllowedOrigins) == 0 {
		c.AllowedOrigins = []string{base}
	}
	return c, nil
}

// minSecret is the shortest origin secret accepted: it stands between the internet
// and every per-address limit, so it must not be guessable.
const minSecret = 32

// checkSecrets refuses settings that contradict each other or leave the
// client-address header open to forgery.
func (c Config) checkSecrets() error {
	if c.Secret != "" && c.SecretID != "" {
		return errors.New("set GUICHET_SECRET or GUICHET_SECRET_ID, not both")
	}
	if c.OriginSecret != "" && c.OriginSecretID != "" {
		return errors.New("set GUICHET_ORIGIN_SECRET or GUICHET_ORIGIN_SECRET_ID, not both")
	}
	if c.OriginSecret != "" && len(c.OriginSecret) < minSecret {
		return fmt.Errorf("GUICHET_ORIGIN_SECRET must be at least %d characters", minSecret)
	}
	if c.ClientIPHeader != "" && c.OriginSecret == "" && c.OriginSecretID == "" {
		return errors.New("GUICHET_CLIENT_IP_HEADER needs GUICHET_ORIGIN_SECRET or GUICHET_ORIGIN_SECRET_ID: " +
			"without the proxy's secret anyone can send that header straight to the server and pick their own address")
	}
	return nil
}

// onOff reads a switch: 0 (or unset) for off, 1 for on.
func onOff(name string) (bool, error) {
	switch v := env(name, "0"); v {
	case "0", "1":
		return v == "1", nil
	default:
		return false, fmt.Errorf("%s must be 0 or 1, not %q", name, v)
	}
}

// Origin writes a bare origin (scheme://host[:port], nothing more) the way browsers
// send it in the Origin header: scheme and host in lower case, the scheme's default
// port left out. It reports false for anything else, a path or a query included.
func Origin(s string) (string, bool) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Hostname() == "" || u.User != nil ||
		u.Path != "" || u.RawPath != "" || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" || strings.HasSuffix(u.Host, ":") {
		return "", false
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 || strconv.Itoa(n) != port {
			return "", false
		}
	}
	if (u.Scheme == "https" && port == "443") || (u.Scheme == "http" && port == "80") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	return u.Scheme + "://" + host, true
}

// Loopback reports whether host names this machine: localhost (or a name under
// .localhost) or a loopback address.
func Loopback(host string) bool {
	host = strings.ToLower(strings.Trim(host, "[]"))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

// PasskeysWork reports whether passkeys can work for a portal at baseURL: WebAuthn
// takes its host as the relying party's id, which must be a domain name, so a
// portal reached by an IP address (a local DynamoDB setup, say) goes without them.
func PasskeysWork(baseURL string) bool {
	u, err := url.Parse(baseURL)
	if err != nil {
		return false
	}
	_, err = netip.ParseAddr(u.Hostname())
	return err != nil
}

// publicOrigin checks an origin the portal is reached at: a bare origin, over https
// unless its host is this machine (a browser keeps the session's Secure cookie over
// plain http only there).
func publicOrigin(name, s string) (string, error) {
	o, ok := Origin(s)
	if !ok {
		return "", fmt.Errorf("%s: %q is not an origin: write scheme://host[:port], with no path", name, s)
	}
	if u, _ := url.Parse(o); u.Scheme == "http" && !Loopback(u.Hostname()) {
		return "", fmt.Errorf("%s: %q is plain http on a host other than this machine: use https", name, s)
	}
	return o, nil
}
