package deploy_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// deployPortal runs scripts/deploy-portal over a built portal holding files, against
// the AWS CLI stand-in testdata/fake-aws, and returns the calls it made.
func deployPortal(t *testing.T, root, s3 string, files ...string) []string {
	t.Helper()
	dist := t.TempDir()
	for _, f := range append(files, "index.html") {
		p := filepath.Join(dist, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("content of "+f), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	bin := t.TempDir()
	if err := os.Symlink(filepath.Join(root, "shared", "deploy", "testdata", "fake-aws"), filepath.Join(bin, "aws")); err != nil {
		t.Fatal(err)
	}
	logFile := filepath.Join(t.TempDir(), "calls")
	cmd := exec.Command(filepath.Join(root, "scripts", "deploy-portal"))
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"FAKE_S3="+s3, "FAKE_LOG="+logFile, "DIST="+dist, "STACK=guichet", "KEEP_DAYS=7")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("deploy-portal: %v\n%s", err, out)
	}
	calls, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(calls)), "\n")
}

func bucketHas(s3, key string) bool {
	_, err := os.Stat(filepath.Join(s3, "portal-bucket", key))
	return err == nil
}

// 12.6: a redeploy never serves a broken portal. Hashed assets go first and are
// immutable for a year, index.html and the other files follow with no-cache, then
// CloudFront drops index.html; nothing is deleted with the upload, and an earlier
// release's assets go only when no release of the last KEEP_DAYS days names them.
func TestDeployPortal(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	root := repoRoot(t)
	s3 := t.TempDir()

	calls := deployPortal(t, root, s3, "assets/index-AAAA.js", "assets/index-AAAA.css", "favicon.svg")
	puts := map[string]int{}
	invalidation := -1
	for i, c := range calls {
		if strings.Contains(c, "--delete") {
			t.Errorf("call %q deletes with the upload: the open tabs of the previous release lose their chunks", c)
		}
		if key, cache, ok := strings.Cut(strings.TrimPrefix(c, "put portal-bucket/"), " "); ok && strings.HasPrefix(c, "put ") {
			puts[key] = i
			want := "no-cache"
			if strings.HasPrefix(key, "assets/") {
				want = "public, max-age=31536000, immutable"
			}
			if cache != want {
				t.Errorf("%s uploaded with Cache-Control %q, want %q", key, cache, want)
			}
		}
		if strings.HasPrefix(c, "cloudfront create-invalidation") {
			invalidation = i
			if !strings.Contains(c, "--distribution-id EDISTRIBUTION") || !strings.Contains(c, "/index.html") {
				t.Errorf("invalidation %q: want the stack's distribution and /index.html", c)
			}
		}
	}
	for _, key := range []string{"assets/index-AAAA.js", "assets/index-AAAA.css", "favicon.svg", "index.html"} {
		if _, ok := puts[key]; !ok {
			t.Errorf("%s was not uploaded; calls:\n%s", key, strings.Join(calls, "\n"))
		}
	}
	if puts["index.html"] < puts["assets/index-AAAA.js"] || puts["index.html"] < puts["assets/index-AAAA.css"] {
		t.Error("index.html was uploaded before the assets it names")
	}
	if invalidation < puts["index.html"] {
		t.Errorf("no CloudFront invalidation after index.html was uploaded; calls:\n%s", strings.Join(calls, "\n"))
	}

	// The next release keeps the previous one's assets for tabs still running it.
	deployPortal(t, root, s3, "assets/index-BBBB.js")
	for _, key := range []string{"assets/index-AAAA.js", "assets/index-BBBB.js"} {
		if !bucketHas(s3, key) {
			t.Errorf("after the second release, %s is gone", key)
		}
	}

	// Eight days on, the first release is past KEEP_DAYS: its assets go at the next
	// deployment; the second release's stay, named by a recent release.
	releases, err := filepath.Glob(filepath.Join(s3, "portal-bucket", "releases", "*.txt"))
	if err != nil || len(releases) != 2 {
		t.Fatalf("release lists %v (%v), want 2", releases, err)
	}
	slices.Sort(releases)
	old := time.Now().Add(-8 * 24 * time.Hour)
	for _, p := range []string{releases[0], filepath.Join(s3, "portal-bucket", "assets", "index-AAAA.js"), filepath.Join(s3, "portal-bucket", "assets", "index-AAAA.css")} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	deployPortal(t, root, s3, "assets/index-CCCC.js")
	for key, want := range map[string]bool{
		"assets/index-AAAA.js": false, "assets/index-AAAA.css": false,
		"assets/index-BBBB.js": true, "assets/index-CCCC.js": true, "index.html": true,
	} {
		if got := bucketHas(s3, key); got != want {
			t.Errorf("after the third release eight days later: %s present = %v, want %v", key, got, want)
		}
	}
	if _, err := os.Stat(releases[0]); err == nil {
		t.Error("the first release's list outlived KEEP_DAYS")
	}
}
