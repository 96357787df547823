package localaws

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
)

// S3AccessKey and S3SecretKey are the credentials s3rver accepts.
const (
	S3AccessKey = "S3RVER"
	S3SecretKey = "S3RVER"
)

// StartS3 runs s3rver (installed under tools/ by `make tools`) on a free loopback
// port, keeping its buckets in dir. Its URL serves the S3 API, addressed by path. It
// returns an error wrapping ErrUnavailable when Node.js or the package is missing.
// Stop it with Process.Stop.
func StartS3(dir string) (*Process, error) {
	root, err := RepoRoot()
	if err != nil {
		return nil, err
	}
	if _, err := exec.LookPath("node"); err != nil {
		return nil, fmt.Errorf("%w: node not found: %v", ErrUnavailable, err)
	}
	bin := filepath.Join(root, "tools", "node_modules", ".bin", "s3rver")
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("%w: tools/node_modules/.bin/s3rver is missing", ErrUnavailable)
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	return start(root, port, bin, "-d", dir, "-p", strconv.Itoa(port), "-a", "127.0.0.1", "--silent")
}
