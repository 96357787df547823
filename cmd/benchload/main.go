// Command benchload measures the local portal under a realistic mix of requests at
// several sizes of data. For each scale it seeds a data folder with `guichet seed
// --users N` (kept between runs in bin/bench-load, one copy per scale), copies it and
// starts `guichet serve` on a free loopback port with loopback trusted (so that
// per-address limits stay out of the way). Closed-loop workers, paced to a rate,
// then make visits: people who sign in, check their session, read their account and
// applications and ask for one; administrators who list and search their users,
// read a rights matrix and decide the requests. The same mix then runs one request
// at a time on the organisations every scale holds, which shows what a request
// costs the server at each scale, and sign-in is measured alone, two at a time.
// The scales take turns a slice at a time, so that the rest of the machine's work
// weighs on each alike. It prints a table per scale and phase (requests/s, p50,
// p95, p99, errors, and the table round trips the server reports in
// X-Table-Trips), the growth of each route's p99 from the first scale to the last
// and the design's budgets, and writes the same as JSON. Only loopback is used.
//
//	go run ./cmd/benchload [-scale 1000,100000] [-duration 60s] [-workers 4] [-rate 150]
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
	slices   int
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
	flag.IntVar(&o.slices, "slices", 30, "turns each scale takes: the measured time and the sign-ins are split into this many slices")
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
	if o.workers < 1 || o.duration <= 0 || o.slices < 1 || o.signIns < o.slices {
		fmt.Fprintln(os.Stderr, "benchload: -workers, -duration and -slices must be positive, and -signins at least -slices")
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
		Workers: o.workers, Rate: o.rate, Duration: o.duration.String(), Slices: o.slices, SeedVersion: seed.ScaleVersion}
	var targets []*target
	defer func() {
		for _, t := range targets {
			t.srv.stop()
		}
	}()
	for _, users := range o.scales {
		t, err := prepare(o, bin, users)
		if err != nil {
			return fmt.Errorf("at %d users: %w", users, err)
		}
		targets = append(targets, t)
	}
	measure(o, targets)
	for _, t := range targets {
		t.res.Mix, t.res.SignInAlone, t.res.OneAtATime = summarize(t.mix), summarize(t.alone), summarize(t.serial)
		if t.scene.pop.common.size() < t.scene.pop.all.size() {
			common := summarize(t.mix.only(func(s sample) bool { return s.common }))
			t.res.Common, t.res.CommonOrganisations = &common, t.scene.pop.common.size()
		}
		printScale(os.Stdout, t.res)
		report.Scales = append(report.Scales, t.res)
	}
	report.Growth, report.MixGrowth = growth(report.Scales, oneAtATime), growth(report.Scales, mixCommon)
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
	// On disk before the server starts: otherwise the kernel writes the copy back
	// during the measurement (more than a gigabyte at 100,000 users), and every
	// commit's fsync waits behind it, at the larger scale only.
	if err := out.Sync(); err != nil {
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
		"GUICHET_FRONTEND_DIR="+filepath.Join(data, "no-portal"), "GUICHET_LOG_LEVEL=info",
		// The report counts each route's table round trips from the answers' headers.
		"GUICHET_DEBUG_HEADERS=1")
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

// target is one scale's server and what was measured on it.
type target struct {
	srv    *server
	scene  *scene
	res    ScaleResult
	mix    runSamples
	alone  runSamples
	serial runSamples
	// serialScene is the one-at-a-time phase's: its own queue and sessions.
	serialScene *scene
}

// prepare seeds (or reuses) a scale's data, copies it for this run and starts its
// server.
func prepare(o options, bin string, users int) (*target, error) {
	src, err := seeded(o, bin, users)
	if err != nil {
		return nil, err
	}
	data, err := filepath.Abs(filepath.Join(o.dir, fmt.Sprintf("run-users%d", users)))
	if err != nil {
		return nil, err
	}
	if err := fresh(src, data); err != nil {
		return nil, err
	}
	common := len(seed.ScaleOrgs(0, o.scales[0]))
	t := &target{scene: &scene{pop: newPopulation(users, common)}, res: ScaleResult{Workers: o.workers, Rate: o.rate}}
	for _, orgs := range t.scene.pop.all.classes {
		t.res.Organisations += len(orgs)
		for _, org := range orgs {
			t.res.Users += org.Users
		}
	}
	if info, err := os.Stat(filepath.Join(data, "guichet.db")); err == nil {
		t.res.StoreMB = float64(info.Size()) / (1 << 20)
	}
	if t.srv, err = startServer(bin, data); err != nil {
		return nil, err
	}
	fmt.Printf("server on %s (store %.0f MB, log in %s)\n", t.srv.base, t.res.StoreMB, t.srv.log.Name())
	return t, nil
}

// measure drives the mix, then the mix one request at a time, then sign-in alone,
// at every scale in turn, a slice at a time: the scales take turns every few seconds, so that whatever else the machine
// does meanwhile weighs on each of them alike and their figures compare.
func measure(o options, targets []*target) {
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConnsPerHost: 2 * o.workers, DisableCompression: true, IdleConnTimeout: time.Minute}}
	mixed := func(t *target) func(c *client, r *rand.Rand) {
		return func(c *client, r *rand.Rand) { visit(c, r, t.scene) }
	}
	serial := func(t *target) func(c *client, r *rand.Rand) {
		return func(c *client, r *rand.Rand) { visit(c, r, t.serialScene) }
	}
	slice := o.duration / time.Duration(o.slices)
	fmt.Printf("\nmix: %d workers at %s; %s warm-up, then %d slices of %s at each scale in turn\n",
		o.workers, rateText(o.rate), o.warmup, o.slices, slice)
	for _, t := range targets {
		drive(hc, t.srv.base, o.workers, o.rate, o.warmup, 0, mixed(t))
	}
	for range o.slices {
		for _, t := range targets {
			t.mix.add(drive(hc, t.srv.base, o.workers, o.rate, slice, 0, mixed(t)))
		}
	}
	// One request at a time, no request waits for another: what a request costs
	// the server at each scale, which is what the growth of p99 compares.
	fmt.Printf("one at a time: the mix on the first scale's organisations, 1 worker, no pacing, %d slices of %s at each scale in turn\n", o.slices, slice)
	for _, t := range targets {
		t.serialScene = &scene{pop: t.scene.pop, onlyCommon: true}
		drive(hc, t.srv.base, 1, 0, o.warmup/2, 0, serial(t))
	}
	for range o.slices {
		for _, t := range targets {
			t.serial.add(drive(hc, t.srv.base, 1, 0, slice, 0, serial(t)))
		}
	}
	fmt.Printf("sign-in alone: %d sign-ins at each scale, 2 at a time, in %d slices\n", o.signIns, o.slices)
	for k := range o.slices {
		n := o.signIns/o.slices + btoi(k < o.signIns%o.slices)
		for _, t := range targets {
			t.alone.add(drive(hc, t.srv.base, 2, 0, 0, n, func(c *client, r *rand.Rand) { signInOnly(c, r, t.scene.pop) }))
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// runSamples is what the workers recorded, and how long they took.
type runSamples struct {
	samples []sample
	elapsed time.Duration
}

func (r *runSamples) add(more runSamples) {
	r.samples = append(r.samples, more.samples...)
	r.elapsed += more.elapsed
}

// only keeps the samples keep accepts, over the same time.
func (r runSamples) only(keep func(sample) bool) runSamples {
	out := runSamples{elapsed: r.elapsed}
	for _, s := range r.samples {
		if keep(s) {
			out.samples = append(out.samples, s)
		}
	}
	return out
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
