// Command benchload measures the local portal under a realistic mix of requests at
// several sizes of data. For each scale it seeds a data folder with `guichet seed
// --users N` (kept between runs in bin/bench-load, one copy per scale), starts
// `guichet serve` on a free loopback port with loopback trusted (so per-address
// limits stay out of the way), and drives visits from closed-loop workers: people
// who sign in, check their session, read their account and applications and ask for
// one; administrators who list and search their users, read a rights matrix and
// decide the requests. It then measures sign-in alone at a concurrency of two. It
// prints a table per scale (requests/s, p50, p95, p99, errors and the table round
// trips the server reports in X-Table-Trips), the growth of each route's p99 from
// the first scale to the last, and writes the same as JSON. Only loopback is used.
//
//	go run ./cmd/benchload [-scale 1000,100000] [-duration 60s] [-workers 4]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/guichet/guichet/shared/seed"
)

type options struct {
	scales   []int
	duration time.Duration
	warmup   time.Duration
	workers  int
	rate     float64
	signIns  int
	out      string
	dir      string
	reseed   bool
}

func main() {
	var o options
	scales := flag.String("scale", "1000,100000", "users to seed and measure at, comma-separated")
	flag.DurationVar(&o.duration, "duration", 60*time.Second, "how long the mix runs at each scale, after the warm-up")
	flag.DurationVar(&o.warmup, "warmup", 5*time.Second, "how long the mix runs before measuring")
	flag.IntVar(&o.workers, "workers", 4, "closed-loop workers: virtual people, each sending its next request when the last is answered")
	flag.Float64Var(&o.rate, "rate", 150, "requests per second of the mix, spread over the workers; 0 sends as fast as the workers can")
	flag.IntVar(&o.signIns, "signins", 200, "sign-ins measured alone, two at a time, at each scale")
	flag.StringVar(&o.out, "json", "bench-load.json", "where to write the results as JSON")
	flag.StringVar(&o.dir, "dir", filepath.Join("bin", "bench-load"), "where the binary, the seeded copies and the run's data go")
	flag.BoolVar(&o.reseed, "reseed", false, "seed again instead of reusing a seeded copy")
	flag.Parse()
	for _, s := range strings.Split(*scales, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(strings.ReplaceAll(s, "_", "")))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "benchload: -scale %q: want numbers of users such as 1000,100000\n", *scales)
			os.Exit(2)
		}
		o.scales = append(o.scales, n)
	}
	if o.workers < 1 || o.duration <= 0 {
		fmt.Fprintln(os.Stderr, "benchload: -workers and -duration must be positive")
		os.Exit(2)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "benchload:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	if _, err := os.Stat(filepath.Join("cmd", "guichet")); err != nil {
		return fmt.Errorf("run from the repository root: %w", err)
	}
	if err := os.MkdirAll(o.dir, 0o750); err != nil {
		return err
	}
	bin, err := filepath.Abs(filepath.Join(o.dir, "guichet"))
	if err != nil {
		return err
	}
	fmt.Println("building guichet")
	build := exec.Command("go", "build", "-o", bin, "./cmd/guichet")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building guichet: %w", err)
	}
	report := Report{Started: time.Now().UTC(), CPUs: runtime.NumCPU(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH,
		Workers: o.workers, Rate: o.rate, Duration: o.duration.String(), SeedVersion: seed.ScaleVersion}
	for _, users := range o.scales {
		res, err := runScale(o, bin, users)
		if err != nil {
			return fmt.Errorf("at %d users: %w", users, err)
		}
		printScale(os.Stdout, res)
		report.Scales = append(report.Scales, res)
	}
	report.Growth = growth(report.Scales)
	report.Checks = checks(report.Scales)
	printSummary(os.Stdout, report)
	b, _ := json.MarshalIndent(report, "", "  ")
	if err := os.WriteFile(o.out, append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Printf("written to %s\n", o.out)
	return nil
}

// seeded returns the folder of a seeded copy of the data at users, seeding it when
// there is none yet (or when asked to).
func seeded(o options, bin string, users int) (string, error) {
	dir := filepath.Join(o.dir, fmt.Sprintf("seed-v%d-users%d", seed.ScaleVersion, users))
	if _, err := os.Stat(filepath.Join(dir, "guichet.db")); err == nil && !o.reseed {
		fmt.Printf("\n== %d users: reusing the seeded copy in %s\n", users, dir)
		return dir, nil
	}
	fmt.Printf("\n== %d users: seeding %s\n", users, dir)
	tmp := dir + ".tmp"
	for _, d := range []string{dir, tmp} {
		if err := os.RemoveAll(d); err != nil {
			return "", err
		}
	}
	cmd := exec.Command(bin, "seed", "--users", strconv.Itoa(users))
	cmd.Env = append(os.Environ(), "GUICHET_STORE=bolt", "GUICHET_DATA_DIR="+tmp)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("seeding: %w", err)
	}
	// The copy counts only once complete.
	return dir, os.Rename(tmp, dir)
}

// fresh copies the seeded store into the run's folder, which the server then changes.
func fresh(from, to string) error {
	if err := os.RemoveAll(to); err != nil {
		return err
	}
	if err := os.MkdirAll(to, 0o750); err != nil {
		return err
	}
	for _, name := range []string{"guichet.db", "secret"} {
		if err := copyFile(filepath.Join(from, name), filepath.Join(to, name)); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// server is a running `guichet serve`.
type server struct {
	cmd  *exec.Cmd
	base string
	log  *os.File
}

// startServer starts guichet serve on a free loopback port over data and waits
// until it answers.
func startServer(bin, data string) (*server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	_, port, _ := net.SplitHostPort(addr)
	log, err := os.Create(filepath.Join(data, "server.log"))
	if err != nil {
		return nil, err
	}
	s := &server{base: "http://" + addr, log: log}
	s.cmd = exec.Command(bin, "serve")
	// Passkeys need a domain in the base URL; the requests go to the loopback address.
	s.cmd.Env = append(os.Environ(), "GUICHET_ADDR="+addr, "GUICHET_BASE_URL=http://localhost:"+port, "GUICHET_DATA_DIR="+data,
		"GUICHET_STORE=bolt", "GUICHET_MAIL=file", "GUICHET_TRUSTED_NETWORKS=127.0.0.0/8",
		"GUICHET_FRONTEND_DIR="+filepath.Join(data, "no-portal"), "GUICHET_LOG_LEVEL=info")
	s.cmd.Stdout, s.cmd.Stderr = log, log
	if err := s.cmd.Start(); err != nil {
		log.Close()
		return nil, err
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(s.base + "/api/v1/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.stop()
	return nil, fmt.Errorf("guichet serve did not answer within 30 s (see %s)", log.Name())
}

// stop ends the server it started, by its process id, and waits for it.
func (s *server) stop() {
	if s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			s.cmd.Process.Kill()
			<-done
		}
	}
	s.log.Close()
}

func runScale(o options, bin string, users int) (ScaleResult, error) {
	src, err := seeded(o, bin, users)
	if err != nil {
		return ScaleResult{}, err
	}
	data, err := filepath.Abs(filepath.Join(o.dir, "run"))
	if err != nil {
		return ScaleResult{}, err
	}
	if err := fresh(src, data); err != nil {
		return ScaleResult{}, err
	}
	pop := newPopulation(users)
	res := ScaleResult{Workers: o.workers, Rate: o.rate}
	for _, orgs := range pop.classes {
		res.Organisations += len(orgs)
		for _, org := range orgs {
			res.Users += org.Users
		}
	}
	if info, err := os.Stat(filepath.Join(data, "guichet.db")); err == nil {
		res.StoreMB = float64(info.Size()) / (1 << 20)
	}
	srv, err := startServer(bin, data)
	if err != nil {
		return res, err
	}
	defer srv.stop()
	fmt.Printf("server on %s (store %.0f MB, log in %s); mix: %d workers at %s, %s warm-up, %s measured\n",
		srv.base, res.StoreMB, srv.log.Name(), o.workers, rateText(o.rate), o.warmup, o.duration)

	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConnsPerHost: 2 * o.workers, DisableCompression: true, IdleConnTimeout: time.Minute}}
	queue := &decisions{}
	mixed := func(c *client, r *rand.Rand) { visit(c, r, pop, queue) }
	drive(hc, srv.base, o.workers, o.rate, o.warmup, 0, mixed)
	res.Mix = summarize(drive(hc, srv.base, o.workers, o.rate, o.duration, 0, mixed))
	fmt.Printf("sign-in alone: %d sign-ins, 2 at a time\n", o.signIns)
	alone := drive(hc, srv.base, 2, 0, 0, o.signIns, func(c *client, r *rand.Rand) { signInOnly(c, r, pop) })
	res.SignInAlone = summarize(alone)
	return res, nil
}

// runSamples is what the workers recorded, and how long they took.
type runSamples struct {
	samples []sample
	elapsed time.Duration
}

// drive runs workers that repeat act, their requests paced at rate (per second, 0
// for no pacing), until the duration has passed or, when count is positive, until
// act has run count times in all.
func drive(hc *http.Client, base string, workers int, rate float64, duration time.Duration, count int, act func(c *client, r *rand.Rand)) runSamples {
	p := newPacer(rate)
	ctx := context.Background()
	if duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, duration)
		defer cancel()
	}
	var mu sync.Mutex
	var all []sample
	var left = int64(count)
	var leftMu sync.Mutex
	take := func() bool {
		if count <= 0 {
			return true
		}
		leftMu.Lock()
		defer leftMu.Unlock()
		if left == 0 {
			return false
		}
		left--
		return true
	}
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []sample
			c := &client{http: hc, base: base, record: func(s sample) { mine = append(mine, s) }, pace: p.wait}
			r := rand.New(rand.NewPCG(uint64(w), uint64(time.Now().UnixNano())))
			for ctx.Err() == nil && take() {
				act(c, r)
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return runSamples{samples: all, elapsed: time.Since(start)}
}

func rateText(rate float64) string {
	if rate <= 0 {
		return "full speed"
	}
	return fmt.Sprintf("%.0f requests/s", rate)
}
