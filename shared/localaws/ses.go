package localaws

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
)

// StartSES runs aws-ses-v2-local (installed under tools/ by `make tools`) on a free
// loopback port. Its URL serves the SES v2 API, and GET <URL>/store lists what it
// received. It returns an error wrapping ErrUnavailable when Node.js or the package is
// missing. Stop it with Process.Stop.
func StartSES() (*Process, error) {
	root, err := RepoRoot()
	if err != nil {
		return nil, err
	}
	if _, err := exec.LookPath("node"); err != nil {
		return nil, fmt.Errorf("%w: node not found: %v", ErrUnavailable, err)
	}
	bin := filepath.Join(root, "tools", "node_modules", ".bin", "aws-ses-v2-local")
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("%w: tools/node_modules/.bin/aws-ses-v2-local is missing", ErrUnavailable)
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	return start(root, port, bin, "--host", "127.0.0.1", "--port", strconv.Itoa(port))
}
