// Package lambdaedge serves an HTTP handler as a Lambda function behind API
// Gateway's HTTP API (payload 2.0). It is the one place below a function's main that
// knows Lambda's event types: it hands the handler a plain *http.Request whose
// context names the invocation's Lambda request id and API Gateway's request id, so
// logs and error answers can quote both, and gzips the answers worth it for clients
// that accept gzip (API Gateway compresses nothing).
package lambdaedge

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/guichet/guichet/shared/compress"
	"github.com/guichet/guichet/shared/httpapi"
)

// Handler is the Lambda handler that serves h.
func Handler(h http.Handler) func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	adapter := httpadapter.NewV2(compress.Handler(h))
	return func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		var lambdaID string
		if lc, ok := lambdacontext.FromContext(ctx); ok {
			lambdaID = lc.AwsRequestID
		}
		return adapter.ProxyWithContext(httpapi.WithUpstreamIDs(ctx, lambdaID, ev.RequestContext.RequestID), ev)
	}
}

// Start serves h as this Lambda function; it never returns.
func Start(h http.Handler) { lambda.Start(Handler(h)) }
