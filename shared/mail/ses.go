package mail

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
	"github.com/aws/smithy-go"

	"github.com/guichet/guichet/shared/awsenv"
	"github.com/guichet/guichet/shared/portal"
)

// SESSender sends raw MIME through Amazon SES v2 (SendEmail with Content.Raw).
//
// Note that SES replaces the Date and Message-ID headers of what it sends with its
// own; the X-Guichet-Mail-ID header (IDHeader) survives and names the message.
type SESSender struct {
	client    *sesv2.Client
	from      string
	configSet string
}

// NewSESSender sends with client. from, when not empty, is the verified identity SES
// sends as (FromEmailAddress; the message's From header must match it). configSet,
// when not empty, names the SES configuration set (event publishing, suppression).
func NewSESSender(client *sesv2.Client, from string, configSet string) *SESSender {
	return &SESSender{client: client, from: from, configSet: configSet}
}

// NewSESClient builds an SES v2 client configured from the environment (see awsenv).
// A non-empty endpoint overrides BaseEndpoint (a local stand-in or a VPC endpoint).
// It makes no network call. optFns
// adjust the client (tests turn the SDK's own retries off with RetryMaxAttempts = 1).
func NewSESClient(ctx context.Context, endpoint, region string, optFns ...func(*sesv2.Options)) (*sesv2.Client, error) {
	cfg, err := awsenv.Config(endpoint, region)
	if err != nil {
		return nil, portal.Wrap(portal.Internal, "mail_config", err)
	}
	return sesv2.NewFromConfig(cfg, func(o *sesv2.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
		for _, fn := range optFns {
			fn(o)
		}
	}), nil
}

// Send hands raw to SES for the single recipient to. Failures come back as
// mail_unavailable (throttling, quotas, 5xx, network, paused account, credentials:
// retry later) or mail_rejected (the message itself was refused: retrying is useless).
func (s *SESSender) Send(ctx context.Context, to string, raw []byte) error {
	in := &sesv2.SendEmailInput{
		Content:     &types.EmailContent{Raw: &types.RawMessage{Data: raw}},
		Destination: &types.Destination{ToAddresses: []string{to}},
	}
	if s.from != "" {
		in.FromEmailAddress = aws.String(s.from)
	}
	if s.configSet != "" {
		in.ConfigurationSetName = aws.String(s.configSet)
	}
	_, err := s.client.SendEmail(ctx, in)
	return classifySES(err)
}

// rejectedCodes are SES answers about the message itself.
var rejectedCodes = map[string]bool{
	"MessageRejected":                    true,
	"MailFromDomainNotVerifiedException": true,
	"BadRequestException":                true,
	"InvalidParameterValue":              true,
}

// transientCodes are answers that may come with a 400 status yet pass with time
// or with a fixed deployment.
var transientCodes = map[string]bool{
	"TooManyRequestsException":  true,
	"LimitExceededException":    true,
	"Throttling":                true,
	"ThrottlingException":       true,
	"SendingPausedException":    true,
	"AccountSuspendedException": true,
	"ExpiredToken":              true,
	"ExpiredTokenException":     true,
	"RequestExpired":            true,
}

// classifySES translates an SES error at the boundary. Anything not known to be about
// the message is retryable: a misconfiguration must not discard mail.
func classifySES(err error) error {
	if err == nil {
		return nil
	}
	var code string
	var ae smithy.APIError
	if errors.As(err, &ae) {
		code = ae.ErrorCode()
	}
	if rejectedCodes[code] {
		return rejected(err)
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() == 400 && !transientCodes[code] {
		return rejected(err)
	}
	return unavailable(err)
}
