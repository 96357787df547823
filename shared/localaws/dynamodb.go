package localaws

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// StartDynamoDB starts Amazon's DynamoDB Local, in memory, on a free loopback port.
// It looks for the jar and its native libraries under <repo root>/tools/dynamodb-local
// (installed by `make tools`) and for java on PATH; when either is missing it returns
// an error wrapping ErrUnavailable that says what is missing. Stop the returned
// Process when done.
func StartDynamoDB() (*Process, error) {
	root, err := RepoRoot()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	dir := filepath.Join(root, "tools", "dynamodb-local")
	var missing []string
	if _, err := os.Stat(filepath.Join(dir, "DynamoDBLocal.jar")); err != nil {
		missing = append(missing, "tools/dynamodb-local/DynamoDBLocal.jar")
	}
	if fi, err := os.Stat(filepath.Join(dir, "DynamoDBLocal_lib")); err != nil || !fi.IsDir() {
		missing = append(missing, "tools/dynamodb-local/DynamoDBLocal_lib")
	}
	java, err := exec.LookPath("java")
	if err != nil {
		missing = append(missing, "java on PATH")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: DynamoDB Local needs %s", ErrUnavailable, strings.Join(missing, ", "))
	}
	port, err := FreePort()
	if err != nil {
		return nil, fmt.Errorf("dynamodb-local: free port: %w", err)
	}
	p, err := start(dir, port, java,
		"-Xmx256m",
		"-Djava.library.path=./DynamoDBLocal_lib",
		"-jar", "DynamoDBLocal.jar",
		"-inMemory",
		"-disableTelemetry",
		"-port", strconv.Itoa(port),
	)
	if err != nil {
		return nil, fmt.Errorf("dynamodb-local: %w", err)
	}
	return p, nil
}
