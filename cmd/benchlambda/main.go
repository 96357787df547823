// Command benchlambda builds every function as AWS runs it (linux/arm64, -tags
// lambda.norpc, stripped) and reports its size, then builds it for this machine and
// measures the time from process start to the first answered invocation under a
// local stand-in for the Lambda runtime API, which also answers DynamoDB calls as an
// empty table would and the reads of SSM and Secrets Manager with fixed values.
// Nothing leaves the loopback interface.
//
//	go run ./cmd/benchlambda [-runs 5] [-json bench-lambda.json]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Budgets from the design notes.
const (
	sizeTarget  = 10 << 20
	sizeCeiling = 15 << 20
)

type result struct {
	Function  string    `json:"function"`
	SizeBytes int64     `json:"sizeBytes"`
	StartMs   []float64 `json:"startToFirstAnswerMs"`
	MedianMs  float64   `json:"medianMs"`
}

func main() {
	runs := flag.Int("runs", 5, "cold starts measured per function")
	out := flag.String("json", "bench-lambda.json", "where to write the results as JSON")
	flag.Parse()
	if err := run(*runs, *out); err != nil {
		fmt.Fprintln(os.Stderr, "benchlambda:", err)
		os.Exit(1)
	}
}

func run(runs int, out string) error {
	entries, err := os.ReadDir("functions")
	if err != nil {
		return fmt.Errorf("run from the repository root: %w", err)
	}
	dir, err := os.MkdirTemp("", "benchlambda")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var results []result
	failed := false
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		arm := filepath.Join(dir, name+"-arm64")
		if err := build(name, arm, "linux", "arm64"); err != nil {
			return err
		}
		info, err := os.Stat(arm)
		if err != nil {
			return err
		}
		host := filepath.Join(dir, name+"-host")
		if err := build(name, host, "", ""); err != nil {
			return err
		}
		r := result{Function: name, SizeBytes: info.Size()}
		for range runs {
			ms, err := coldStart(host)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			r.StartMs = append(r.StartMs, ms)
		}
		sorted := slices.Clone(r.StartMs)
		slices.Sort(sorted)
		r.MedianMs = sorted[len(sorted)/2]
		results = append(results, r)
		failed = failed || r.SizeBytes > sizeCeiling
	}
	fmt.Printf("%-16s %10s %8s %22s\n", "function", "size (MB)", "budget", "start→answer ms (p50)")
	for _, r := range results {
		verdict := "ok"
		switch {
		case r.SizeBytes > sizeCeiling:
			verdict = "OVER"
		case r.SizeBytes > sizeTarget:
			verdict = "over 10"
		}
		fmt.Printf("%-16s %10.2f %8s %22.1f\n", r.Function, float64(r.SizeBytes)/(1<<20), verdict, r.MedianMs)
	}
	b, _ := json.MarshalIndent(results, "", "  ")
	if err := os.WriteFile(out, append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Printf("written to %s (sizes: linux/arm64 stripped; times: this machine's build, %d runs each)\n", out, runs)
	if failed {
		return fmt.Errorf("a function is over the %d MB ceiling", sizeCeiling>>20)
	}
	return nil
}

func build(name, out, goos, goarch string) error {
	cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags=-s -w", "-o", out, "./functions/"+name)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if goos != "" {
		cmd.Env = append(cmd.Env, "GOOS="+goos, "GOARCH="+goarch)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building %s: %w", name, err)
	}
	return nil
}

// benchSecret stands for every secret the stand-in keeps: the signing secret and
// the origin secret CloudFront sends.
var benchSecret = strings.Repeat("s", 32)

// event is an API Gateway HTTP API request that every function answers without
// touching the table: the health route, or "no such route" for other features.
// Functions that are not HTTP handlers answer it with an error, which counts too. It
// carries the origin secret, as CloudFront's requests do.
var event = `{"version":"2.0","routeKey":"$default","rawPath":"/api/v1/health","rawQueryString":"",
"headers":{"accept":"application/json","accept-encoding":"gzip","x-origin-verify":"` + benchSecret + `"},"requestContext":{"http":{"method":"GET","path":"/api/v1/health",
"protocol":"HTTP/1.1","sourceIp":"127.0.0.1","userAgent":"benchlambda"},"requestId":"bench","stage":"$default"},
"isBase64Encoded":false}`

// coldStart starts the binary against a fresh runtime API stand-in and returns the
// milliseconds from exec to the function's first answer.
func coldStart(bin string) (float64, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	answered := make(chan time.Time, 1)
	served := false
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", func(w http.ResponseWriter, r *http.Request) {
		if served {
			// Hold further polls until the process is killed.
			<-r.Context().Done()
			return
		}
		served = true
		w.Header().Set("Lambda-Runtime-Aws-Request-Id", "bench-1")
		w.Header().Set("Lambda-Runtime-Deadline-Ms", fmt.Sprint(time.Now().Add(time.Minute).UnixMilli()))
		w.Header().Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-3:000000000000:function:bench")
		io.WriteString(w, event)
	})
	answer := func(w http.ResponseWriter, r *http.Request) {
		select {
		case answered <- time.Now():
		default:
		}
		w.WriteHeader(http.StatusAccepted)
	}
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", answer)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/error", answer)
	mux.HandleFunc("POST /2018-06-01/runtime/init/error", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(os.Stderr, "init error: %s\n", b)
		w.WriteHeader(http.StatusAccepted)
	})
	// Every function reads its settings as the template sets them up: the portal's
	// address from SSM and the signing secret from Secrets Manager at start-up, the
	// origin secret (current and previous) on its first request. The mail drainer
	// queries the outbox on its first event: answer as an empty DynamoDB table
	// would, so its start is measured rather than its retries.
	mux.HandleFunc("POST /", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		switch r.Header.Get("X-Amz-Target") {
		case "AmazonSSM.GetParameter":
			io.WriteString(w, `{"Parameter":{"Name":"/bench/portal-base-url","Type":"String","Value":"https://d111111abcdef8.cloudfront.net"}}`)
		case "secretsmanager.GetSecretValue":
			io.WriteString(w, `{"Name":"bench","SecretString":"`+benchSecret+`"}`)
		default:
			w.Header().Set("Content-Type", "application/x-amz-json-1.0")
			io.WriteString(w, `{"Count":0,"Items":[],"ScannedCount":0}`)
		}
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(l)
	defer srv.Close()

	cmd := exec.Command(bin)
	cmd.Env = []string{
		"AWS_LAMBDA_RUNTIME_API=" + l.Addr().String(),
		"AWS_REGION=eu-west-3", "AWS_ACCESS_KEY_ID=bench", "AWS_SECRET_ACCESS_KEY=bench",
		"AWS_LAMBDA_FUNCTION_NAME=bench", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256",
		"GUICHET_STORE=dynamodb", "GUICHET_TABLE=bench", "GUICHET_SECRET_ID=bench-signing",
		"GUICHET_BASE_URL_PARAMETER=/bench/portal-base-url", "GUICHET_ORIGIN_SECRET_ID=bench-origin",
		"GUICHET_CLIENT_IP_HEADER=CloudFront-Viewer-Address",
		"GUICHET_SSM_ENDPOINT=http://" + l.Addr().String(), "GUICHET_SECRETSMANAGER_ENDPOINT=http://" + l.Addr().String(),
		"GUICHET_DYNAMODB_ENDPOINT=http://" + l.Addr().String(), "GUICHET_MAIL=ses", "GUICHET_SES_ENDPOINT=http://127.0.0.1:9",
		"GUICHET_LOG_LEVEL=error",
	}
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	select {
	case at := <-answered:
		return float64(at.Sub(start).Microseconds()) / 1000, nil
	case <-time.After(10 * time.Second):
		return 0, fmt.Errorf("no answer within 10 s")
	}
}
