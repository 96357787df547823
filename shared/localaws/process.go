// Package localaws starts the local stand-ins for AWS services that the tests talk
// to over the wire: Amazon's DynamoDB Local, the aws-ses-v2-local SES v2 API and the
// s3rver S3 API.
// `make tools` installs them under tools/; this package only finds and runs them.
// Under CI a missing stand-in is an error, so the suites that need one always run
// there; on a developer's machine they are skipped with a loud message.
package localaws

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// ErrUnavailable means a stand-in or its runtime (Java, Node) is not installed.
var ErrUnavailable = errors.New("local AWS stand-in not installed (run `make tools`)")

// Process is a running stand-in.
type Process struct {
	// URL is the endpoint to point an AWS client at.
	URL string
	cmd *exec.Cmd
}

// Stop ends the stand-in and everything it started.
func (p *Process) Stop() {
	if p == nil || p.cmd == nil || p.cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	_ = p.cmd.Wait()
}

// RepoRoot walks up from the working directory to the folder holding go.mod, so that
// tests in any package find tools/.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// FreePort asks the kernel for a loopback port nobody uses.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// start runs name with args in dir in its own process group and waits until port
// accepts connections.
func start(dir string, port int, name string, args ...string) (*Process, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	logPath := filepath.Join(os.TempDir(), fmt.Sprintf("guichet-localaws-%d.log", port))
	if f, err := os.Create(logPath); err == nil {
		cmd.Stdout, cmd.Stderr = f, f
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &Process{URL: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return p, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.Stop()
	return nil, fmt.Errorf("%s did not listen on %s within 60s (log: %s)", name, addr, logPath)
}

// Required reports whether a missing stand-in must fail the run: always under CI.
func Required() bool { return os.Getenv("CI") != "" }

// Unavailable prints the loud message a skipped suite leaves on a developer's machine.
func Unavailable(suite string, err error) {
	fmt.Fprintf(os.Stderr, "\n"+
		"!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"+
		"!! SKIPPING %s: %v\n"+
		"!! Run `make tools` to install it. Under CI this is a failure.\n"+
		"!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n", suite, err)
}
