package deploy_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/areas"
	"github.com/guichet/guichet/shared/jobs"
)

// outboxPrefix starts the PK of every mail outbox item (shared/mail/outbox.go); the
// stream filter of the mail drainer must select exactly those items.
const outboxPrefix = "OUTBOX#"

// Logical ids of the template's fixed resources.
const (
	httpAPIID   = "HttpApi"
	jobsID      = "JobsFunction"
	maildrainID = "MaildrainFunction"
)

const functionType = "AWS::Serverless::Function"

// ---------------------------------------------------------------- the template

type tmpl struct {
	root      string
	resources map[string]*yaml.Node // logical id -> the resource's mapping
	ids       []string              // logical ids in template order
	globals   *yaml.Node            // Globals.Function, or nil
}

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

func load(t *testing.T) *tmpl {
	t.Helper()
	root := repoRoot(t)
	data, err := os.ReadFile(filepath.Join(root, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// Decoding into a yaml.Node keeps CloudFormation's short forms (!Ref, !Sub, !If,
	// ...) as tagged nodes instead of failing on unknown tags.
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("template.yaml: %v", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		t.Fatal("template.yaml: not a YAML mapping")
	}
	top := doc.Content[0]
	if dups := duplicateKeys(top, ""); len(dups) > 0 {
		t.Fatalf("template.yaml: keys defined twice (YAML keeps only one): %s", strings.Join(dups, ", "))
	}
	tp := &tmpl{root: root, resources: map[string]*yaml.Node{}, globals: get(top, "Globals", "Function")}
	res := get(top, "Resources")
	if res == nil || res.Kind != yaml.MappingNode {
		t.Fatal("template.yaml: no Resources mapping")
	}
	for i := 0; i+1 < len(res.Content); i += 2 {
		tp.ids = append(tp.ids, res.Content[i].Value)
		tp.resources[res.Content[i].Value] = res.Content[i+1]
	}
	return tp
}

func duplicateKeys(n *yaml.Node, path string) []string {
	var dups []string
	switch n.Kind {
	case yaml.MappingNode:
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if seen[k] {
				dups = append(dups, path+"/"+k)
			}
			seen[k] = true
			dups = append(dups, duplicateKeys(n.Content[i+1], path+"/"+k)...)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			dups = append(dups, duplicateKeys(c, path+"/"+strconv.Itoa(i))...)
		}
	}
	return dups
}

// get follows keys through nested mappings; nil when one is missing.
func get(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
				break
			}
		}
		n = next
	}
	return n
}

// str is a plain scalar's value ("" for anything else). A tagged scalar such as
// !Sub "x" also yields its text.
func str(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// strs is a sequence's scalars, or a lone scalar as a list of one.
func strs(n *yaml.Node) []string {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		return []string{n.Value}
	}
	var out []string
	for _, c := range n.Content {
		if c.Kind == yaml.ScalarNode {
			out = append(out, c.Value)
		}
	}
	return out
}

// ref is the logical id behind !Ref X or {Ref: X}; "" otherwise.
func ref(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	if n.Tag == "!Ref" {
		return n.Value
	}
	return str(get(n, "Ref"))
}

// getAtt is "X.Attr" for !GetAtt X.Attr, !GetAtt [X, Attr] or {Fn::GetAtt: ...}.
func getAtt(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	if n.Tag != "!GetAtt" {
		if n = get(n, "Fn::GetAtt"); n == nil {
			return ""
		}
	}
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return strings.Join(strs(n), ".")
}

// typ is a resource's Type.
func (tp *tmpl) typ(id string) string { return str(get(tp.resources[id], "Type")) }

// functions are the logical ids of the AWS::Serverless::Function resources.
func (tp *tmpl) functions() []string {
	var ids []string
	for _, id := range tp.ids {
		if tp.typ(id) == functionType {
			ids = append(ids, id)
		}
	}
	return ids
}

// prop is a function's property, falling back on Globals.Function.
func (tp *tmpl) prop(id, key string) *yaml.Node {
	if n := get(tp.resources[id], "Properties", key); n != nil {
		return n
	}
	return get(tp.globals, key)
}

type event struct {
	name, typ string
	props     *yaml.Node
}

func (tp *tmpl) events(id, typ string) []event {
	evs := get(tp.resources[id], "Properties", "Events")
	if evs == nil {
		return nil
	}
	var out []event
	for i := 0; i+1 < len(evs.Content); i += 2 {
		e := event{name: evs.Content[i].Value, typ: str(get(evs.Content[i+1], "Type")), props: get(evs.Content[i+1], "Properties")}
		if typ == "" || e.typ == typ {
			out = append(out, e)
		}
	}
	return out
}

// ---------------------------------------------------------------- conventions

// logicalID is the function resource serving functions/<folder>: the folder in
// CamelCase, words split at '-', '_' and '.', then "Function" (mail-drain ->
// MailDrainFunction). SAM's makefile builder runs the Makefile target
// build-<logical id>.
func logicalID(folder string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(folder, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String() + "Function"
}

// functionFolders lists the folders under functions/.
func functionFolders(t *testing.T, root string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(root, "functions"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	if len(out) == 0 {
		t.Fatal("functions/ holds no folder")
	}
	return out
}

// apiRoute turns a Go mux pattern into API Gateway's "METHOD /path": {name...}
// becomes the greedy {name+}, a pattern without a method is ANY.
func apiRoute(pattern string) (string, error) {
	method, path := "ANY", strings.TrimSpace(pattern)
	if i := strings.IndexAny(path, " \t"); i >= 0 {
		method, path = path[:i], strings.TrimSpace(path[i:])
	}
	if !strings.HasPrefix(path, "/") {
		return "", errors.New("names a host; API Gateway routes by path only")
	}
	if strings.HasSuffix(path, "/{$}") {
		return "", errors.New("ends in {$}; API Gateway cannot tell /x/ from /x: drop the trailing slash")
	}
	if len(path) > 1 && strings.HasSuffix(path, "/") {
		return "", errors.New("ends in '/' and so matches a whole subtree; API Gateway needs a greedy {name...} instead")
	}
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "...}") {
			segs[i] = strings.TrimSuffix(s, "...}") + "+}"
		}
	}
	return strings.ToUpper(method) + " " + strings.Join(segs, "/"), nil
}

// ---------------------------------------------------------------- 1. folders

func TestEveryFunctionFolderHasOneFunction(t *testing.T) {
	tp := load(t)
	folderOf := map[string]string{} // logical id -> folder
	for _, folder := range functionFolders(t, tp.root) {
		id := logicalID(folder)
		if other, ok := folderOf[id]; ok {
			t.Errorf("functions/%s and functions/%s both map to the logical id %s: rename one", other, folder, id)
			continue
		}
		folderOf[id] = folder
		if _, err := os.Stat(filepath.Join(tp.root, "functions", folder, "main.go")); err != nil {
			t.Errorf("functions/%s has no main.go", folder)
		}
		switch typ := tp.typ(id); {
		case tp.resources[id] == nil:
			t.Errorf("functions/%s has no function in template.yaml: add a resource %s of Type %s", folder, id, functionType)
		case typ != functionType:
			t.Errorf("functions/%s: resource %s is a %s, not a %s", folder, id, typ, functionType)
		}
	}
	for _, id := range tp.functions() {
		folder, ok := folderOf[id]
		if !ok {
			t.Errorf("function %s serves no folder: its logical id must be CamelCase(<folder>)+\"Function\" of a folder under functions/", id)
			continue
		}
		if got := str(tp.prop(id, "CodeUri")); got != "." {
			t.Errorf("%s (functions/%s): CodeUri is %q, want \".\" (the repository root, so the build sees go.mod and shared/)", id, folder, got)
		}
		if got := str(get(tp.resources[id], "Metadata", "BuildMethod")); got != "makefile" {
			t.Errorf("%s (functions/%s): Metadata.BuildMethod is %q, want makefile", id, folder, got)
		}
		if got := str(tp.prop(id, "Handler")); got != "bootstrap" {
			t.Errorf("%s (functions/%s): Handler is %q, want bootstrap", id, folder, got)
		}
	}
}

// TestMakefileBuildsEveryFunction asks make (dry run) what build-<LogicalId> does:
// it must build ./functions/<folder> into $(ARTIFACTS_DIR)/bootstrap.
func TestMakefileBuildsEveryFunction(t *testing.T) {
	tp := load(t)
	if _, err := os.Stat(filepath.Join(tp.root, "Makefile")); err != nil {
		t.Skip("no Makefile yet: SAM's makefile builder needs one target build-<LogicalId> per function")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	const artifacts = "ARTIFACTS-DIR-PLACEHOLDER"
	for _, folder := range functionFolders(t, tp.root) {
		target := "build-" + logicalID(folder)
		cmd := exec.Command("make", "--dry-run", "--no-print-directory", target, "ARTIFACTS_DIR="+artifacts)
		cmd.Dir = tp.root
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("Makefile: make %s (SAM builds functions/%s with it) fails: %v\n%s", target, folder, err, out)
			continue
		}
		recipe := string(out)
		if !strings.Contains(recipe, "./functions/"+folder) || !strings.Contains(recipe, artifacts+"/bootstrap") {
			t.Errorf("Makefile: make %s must build ./functions/%s into $(ARTIFACTS_DIR)/bootstrap; it runs:\n%s", target, folder, recipe)
		}
		for _, want := range []string{"GOARCH=arm64", "GOOS=linux", "lambda.norpc"} {
			if !strings.Contains(recipe, want) {
				t.Errorf("Makefile: make %s does not set %s; it runs:\n%s", target, want, recipe)
			}
		}
	}
}

// ---------------------------------------------------------------- 2. HTTP routes

func TestHTTPRoutesMatchFeatures(t *testing.T) {
	tp := load(t)

	// What the template routes, and to whom.
	routedTo := map[string]string{} // "METHOD /path" -> function
	routesOf := map[string][]string{}
	for _, id := range tp.functions() {
		for _, e := range tp.events(id, "HttpApi") {
			if api := ref(get(e.props, "ApiId")); api != httpAPIID {
				t.Errorf("%s event %s: ApiId must be !Ref %s, not %q", id, e.name, httpAPIID, api)
			}
			method, path := strings.ToUpper(str(get(e.props, "Method"))), str(get(e.props, "Path"))
			if method == "" || path == "" {
				t.Errorf("%s event %s: an HttpApi event needs both Method and Path (else it catches everything)", id, e.name)
				continue
			}
			route := method + " " + path
			if other, ok := routedTo[route]; ok {
				t.Errorf("route %q is routed to both %s and %s", route, other, id)
				continue
			}
			routedTo[route] = id
			routesOf[id] = append(routesOf[id], route)
		}
	}

	// What the features serve.
	servedBy := map[string]string{} // route -> feature
	features := map[string]bool{}
	for _, f := range areas.All() {
		id := logicalID(f.Name)
		features[id] = true
		if _, err := os.Stat(filepath.Join(tp.root, "functions", f.Name, "main.go")); err != nil {
			t.Errorf("feature %q: functions/%s/main.go is missing", f.Name, f.Name)
		}
		if tp.typ(id) != functionType {
			t.Errorf("feature %q: template.yaml has no function %s", f.Name, id)
			continue
		}
		want := map[string]bool{}
		for _, p := range httpapi.New(&httpapi.Deps{}, []httpapi.Feature{f}).Patterns() {
			route, err := apiRoute(p)
			if err != nil {
				t.Errorf("feature %q: pattern %q %v", f.Name, p, err)
				continue
			}
			if other, ok := servedBy[route]; ok && other != f.Name {
				t.Errorf("route %q is served by both features %q and %q", route, other, f.Name)
			}
			servedBy[route] = f.Name
			want[route] = true
		}
		for route := range want {
			if !slices.Contains(routesOf[id], route) {
				method, path, _ := strings.Cut(route, " ")
				t.Errorf("feature %q (functions/%s) serves %q but %s has no HttpApi event for it: add one with Method: %s, Path: %s",
					f.Name, f.Name, route, id, method, path)
			}
		}
		for _, route := range routesOf[id] {
			if !want[route] {
				t.Errorf("%s routes %q, which feature %q (functions/%s) does not serve", id, route, f.Name, f.Name)
			}
		}
	}

	for _, id := range tp.functions() {
		if !features[id] && len(routesOf[id]) > 0 {
			t.Errorf("%s has HttpApi events %q but serves no feature of areas.All()", id, routesOf[id])
		}
	}
	if tp.typ(httpAPIID) != "AWS::Serverless::HttpApi" {
		t.Errorf("template.yaml has no AWS::Serverless::HttpApi %s", httpAPIID)
	}
}

func TestAPIRouteConversion(t *testing.T) {
	for pattern, want := range map[string]string{
		"GET /api/v1/health":              "GET /api/v1/health",
		"post /api/v1/orgs/{org}/users":   "POST /api/v1/orgs/{org}/users",
		"GET /api/v1/files/{path...}":     "GET /api/v1/files/{path+}",
		"/api/v1/anything":                "ANY /api/v1/anything",
		"DELETE  /api/v1/sessions/{id}":   "DELETE /api/v1/sessions/{id}",
		"GET /api/v1/docs/{id}/{rest...}": "GET /api/v1/docs/{id}/{rest+}",
	} {
		if got, err := apiRoute(pattern); err != nil || got != want {
			t.Errorf("apiRoute(%q) = %q, %v; want %q", pattern, got, err, want)
		}
	}
	for _, pattern := range []string{"GET /api/v1/files/", "GET /api/{$}", "GET example.com/api/v1/x"} {
		if got, err := apiRoute(pattern); err == nil {
			t.Errorf("apiRoute(%q) = %q, want an error", pattern, got)
		}
	}
}

// ---------------------------------------------------------------- 3. jobs

var rateExpr = regexp.MustCompile(`^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$`)

// parseRate reads an EventBridge rate expression; AWS wants the singular unit for 1
// and the plural otherwise.
func parseRate(s string) (time.Duration, error) {
	m := rateExpr.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q is not a rate(N unit) expression", s)
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%q: the rate must be a positive integer", s)
	}
	if singular := !strings.HasSuffix(m[2], "s"); singular != (n == 1) {
		return 0, fmt.Errorf("%q: EventBridge wants the singular unit for 1 and the plural otherwise", s)
	}
	unit := map[string]time.Duration{"minute": time.Minute, "hour": time.Hour, "day": 24 * time.Hour}[strings.TrimSuffix(m[2], "s")]
	return time.Duration(n) * unit, nil
}

// wantRate is a job's period rounded to whole minutes, at least one.
func wantRate(every time.Duration) time.Duration {
	return time.Duration(max(1, math.Round(every.Minutes()))) * time.Minute
}

func TestJobsAreScheduled(t *testing.T) {
	tp := load(t)
	all := jobs.All(jobs.Env{}) // only names and periods are read; Run is never called
	every := map[string]time.Duration{}
	localOnly := map[string]bool{}
	runner := map[string]string{} // job -> the function whose schedule runs it
	for _, j := range all {
		every[j.Name] = j.Every
		localOnly[j.Name] = j.LocalOnly
		runner[j.Name] = jobsID
		if j.Function != "" {
			runner[j.Name] = logicalID(j.Function)
		}
	}
	if tp.typ(jobsID) != functionType {
		t.Fatalf("template.yaml has no function %s to run the jobs", jobsID)
	}

	scheduled := map[string]string{} // job -> event
	for _, id := range tp.functions() {
		for _, e := range tp.events(id, "") {
			if e.typ != "Schedule" && e.typ != "ScheduleV2" {
				continue
			}
			if e.typ != "Schedule" {
				t.Errorf("%s event %s: use Type Schedule (an EventBridge rule)", id, e.name)
				continue
			}
			var in map[string]any
			if err := json.Unmarshal([]byte(str(get(e.props, "Input"))), &in); err != nil {
				t.Errorf("%s event %s: Input must be JSON {\"job\":\"<name>\"}: %v", id, e.name, err)
				continue
			}
			name, ok := in["job"].(string)
			if !ok || len(in) != 1 {
				t.Errorf("%s event %s: Input must be exactly {\"job\":\"<name>\"}, not %s", id, e.name, str(get(e.props, "Input")))
				continue
			}
			if _, known := every[name]; !known {
				t.Errorf("%s event %s schedules job %q, which jobs.All does not have", id, e.name, name)
				continue
			}
			if id != runner[name] {
				t.Errorf("%s event %s schedules job %q, which %s runs", id, e.name, name, runner[name])
				continue
			}
			if localOnly[name] {
				t.Errorf("%s event %s schedules job %q, which runs only locally", id, e.name, name)
				continue
			}
			if other, dup := scheduled[name]; dup {
				t.Errorf("job %q is scheduled twice, by %s and %s", name, other, e.name)
				continue
			}
			scheduled[name] = e.name
			got, err := parseRate(str(get(e.props, "Schedule")))
			if err != nil {
				t.Errorf("%s event %s (job %q): %v", id, e.name, name, err)
			} else if want := wantRate(every[name]); got != want {
				t.Errorf("%s event %s (job %q): runs every %v, want every %v (the job's %v rounded to whole minutes, at least one)",
					id, e.name, name, got, want, every[name])
			}
		}
	}
	for _, j := range all {
		if j.LocalOnly {
			continue
		}
		if _, ok := scheduled[j.Name]; !ok {
			t.Errorf("job %q has no schedule: add a Schedule event to %s with Input '{\"job\":%q}' and Schedule %s",
				j.Name, runner[j.Name], j.Name, rateString(wantRate(j.Every)))
		}
	}
}

func rateString(d time.Duration) string {
	n, unit := int(d/time.Minute), "minute"
	switch {
	case n%1440 == 0:
		n, unit = n/1440, "day"
	case n%60 == 0:
		n, unit = n/60, "hour"
	}
	if n != 1 {
		unit += "s"
	}
	return fmt.Sprintf("rate(%d %s)", n, unit)
}

func TestRates(t *testing.T) {
	for every, want := range map[time.Duration]string{
		15 * time.Second: "rate(1 minute)", time.Minute: "rate(1 minute)", 100 * time.Second: "rate(2 minutes)",
		time.Hour: "rate(1 hour)", 90 * time.Minute: "rate(90 minutes)", 48 * time.Hour: "rate(2 days)",
	} {
		got := rateString(wantRate(every))
		if got != want {
			t.Errorf("rate for %v = %s, want %s", every, got, want)
		}
		if d, err := parseRate(got); err != nil || d != wantRate(every) {
			t.Errorf("parseRate(%s) = %v, %v", got, d, err)
		}
	}
	for _, bad := range []string{"rate(1 minutes)", "rate(2 minute)", "rate(0 minutes)", "cron(0 * * * ? *)"} {
		if _, err := parseRate(bad); err == nil {
			t.Errorf("parseRate(%s): want an error", bad)
		}
	}
}

// ---------------------------------------------------------------- 4. runtime, table, rights

func TestFunctionsRunProvidedAL2023OnArm64(t *testing.T) {
	tp := load(t)
	for _, id := range tp.functions() {
		if got := str(tp.prop(id, "Runtime")); got != "provided.al2023" {
			t.Errorf("%s: Runtime is %q, want provided.al2023", id, got)
		}
		if got := strs(tp.prop(id, "Architectures")); !slices.Equal(got, []string{"arm64"}) {
			t.Errorf("%s: Architectures is %q, want [arm64] (the Makefile builds GOARCH=arm64)", id, got)
		}
	}
}

// tableID is the table the functions use: Globals' GUICHET_TABLE.
func (tp *tmpl) tableID(t *testing.T) string {
	t.Helper()
	id := ref(get(tp.globals, "Environment", "Variables", "GUICHET_TABLE"))
	if id == "" || tp.typ(id) != "AWS::DynamoDB::Table" {
		t.Fatalf("Globals.Function.Environment.Variables.GUICHET_TABLE must be !Ref of an AWS::DynamoDB::Table, got %q", id)
	}
	return id
}

func TestTable(t *testing.T) {
	tp := load(t)
	id := tp.tableID(t)
	p := get(tp.resources[id], "Properties")
	attrs := map[string]string{}
	for _, a := range get(p, "AttributeDefinitions").Content {
		attrs[str(get(a, "AttributeName"))] = str(get(a, "AttributeType"))
	}
	keys := func(n *yaml.Node) (hash, rng string) {
		if n == nil {
			return "", ""
		}
		for _, k := range n.Content {
			switch str(get(k, "KeyType")) {
			case "HASH":
				hash = str(get(k, "AttributeName"))
			case "RANGE":
				rng = str(get(k, "AttributeName"))
			}
		}
		return hash, rng
	}
	checkKeys := func(what string, n *yaml.Node, wantHash, wantRange string) {
		hash, rng := keys(n)
		if hash != wantHash || rng != wantRange {
			t.Errorf("%s %s: keys are %q/%q, want %s/%s", id, what, hash, rng, wantHash, wantRange)
		}
		for _, a := range []string{wantHash, wantRange} {
			if attrs[a] != "S" {
				t.Errorf("%s: attribute %s must be defined as S, is %q", id, a, attrs[a])
			}
		}
	}
	checkKeys("table", get(p, "KeySchema"), "PK", "SK")
	indexes := map[string]*yaml.Node{}
	if g := get(p, "GlobalSecondaryIndexes"); g != nil {
		for _, ix := range g.Content {
			indexes[str(get(ix, "IndexName"))] = ix
		}
	}
	for _, name := range []string{"GSI1", "GSI2"} {
		ix := indexes[name]
		if ix == nil {
			t.Errorf("%s: no global secondary index %s", id, name)
			continue
		}
		checkKeys("index "+name, get(ix, "KeySchema"), name+"PK", name+"SK")
		if got := str(get(ix, "Projection", "ProjectionType")); got != "ALL" {
			t.Errorf("%s index %s: ProjectionType is %q, want ALL", id, name, got)
		}
	}
	for _, c := range []struct{ path, want string }{
		{"BillingMode", "PAY_PER_REQUEST"},
		{"TimeToLiveSpecification.AttributeName", "ttl"},
		{"TimeToLiveSpecification.Enabled", "true"},
		{"PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", "true"},
		{"SSESpecification.SSEEnabled", "true"},
	} {
		if got := str(get(p, strings.Split(c.path, ".")...)); got != c.want {
			t.Errorf("%s: %s is %q, want %q", id, c.path, got, c.want)
		}
	}
	if got := str(get(p, "StreamSpecification", "StreamViewType")); got != "NEW_IMAGE" && got != "NEW_AND_OLD_IMAGES" {
		t.Errorf("%s: the stream must be on with new images (the mail drainer's trigger), StreamViewType is %q", id, got)
	}
	if got := str(get(tp.resources[id], "DeletionPolicy")); got != "Retain" {
		t.Errorf("%s: DeletionPolicy is %q, want Retain", id, got)
	}
}

func TestMaildrainListensToNewOutboxItems(t *testing.T) {
	tp := load(t)
	table := tp.tableID(t)
	if tp.typ(maildrainID) != functionType {
		t.Fatalf("template.yaml has no function %s", maildrainID)
	}
	evs := tp.events(maildrainID, "DynamoDB")
	if len(evs) != 1 {
		t.Fatalf("%s: want one DynamoDB stream event, have %d", maildrainID, len(evs))
	}
	e := evs[0]
	if got := getAtt(get(e.props, "Stream")); got != table+".StreamArn" {
		t.Errorf("%s event %s: Stream is %q, want !GetAtt %s.StreamArn", maildrainID, e.name, got, table)
	}
	if got := str(get(e.props, "StartingPosition")); got != "LATEST" {
		t.Errorf("%s event %s: StartingPosition is %q, want LATEST", maildrainID, e.name, got)
	}
	filters := get(e.props, "FilterCriteria", "Filters")
	if filters == nil || len(filters.Content) != 1 {
		t.Fatalf("%s event %s: want one FilterCriteria filter selecting new outbox items", maildrainID, e.name)
	}
	var pattern struct {
		EventName []string `json:"eventName"`
		DynamoDB  struct {
			Keys struct {
				PK struct {
					S []map[string]string `json:"S"`
				} `json:"PK"`
			} `json:"Keys"`
		} `json:"dynamodb"`
	}
	raw := str(get(filters.Content[0], "Pattern"))
	if err := json.Unmarshal([]byte(raw), &pattern); err != nil {
		t.Fatalf("%s event %s: filter Pattern is not JSON: %v", maildrainID, e.name, err)
	}
	if !slices.Equal(pattern.EventName, []string{"INSERT"}) {
		t.Errorf("%s event %s: the filter must take only INSERT records, has eventName %q", maildrainID, e.name, pattern.EventName)
	}
	if want := []map[string]string{{"prefix": outboxPrefix}}; len(pattern.DynamoDB.Keys.PK.S) != 1 || pattern.DynamoDB.Keys.PK.S[0]["prefix"] != outboxPrefix {
		t.Errorf("%s event %s: the filter must match dynamodb.Keys.PK.S %v, has %v", maildrainID, e.name, want, pattern.DynamoDB.Keys.PK.S)
	}
}

// tooBroad reports whether an IAM resource grants on every table or identity.
func tooBroad(resource string) bool {
	return resource == "*" || strings.HasSuffix(resource, ":*") ||
		strings.HasSuffix(resource, "table/*") || strings.HasSuffix(resource, "identity/*")
}

// resourceStrings walks a statement's Resource, through !If and !Sub.
func resourceStrings(n *yaml.Node) []string {
	if n == nil {
		return nil
	}
	switch {
	case n.Tag == "!Ref" && n.Value == "AWS::NoValue":
		return nil
	case n.Kind == yaml.ScalarNode:
		return []string{n.Value}
	case n.Tag == "!If" && len(n.Content) == 3:
		return append(resourceStrings(n.Content[1]), resourceStrings(n.Content[2])...)
	case n.Tag == "!Sub" && n.Kind == yaml.SequenceNode && len(n.Content) > 0:
		return resourceStrings(n.Content[0])
	case n.Kind == yaml.SequenceNode:
		var out []string
		for _, c := range n.Content {
			out = append(out, resourceStrings(c)...)
		}
		return out
	case n.Kind == yaml.MappingNode:
		if s := get(n, "Fn::Sub"); s != nil {
			return resourceStrings(s)
		}
		if c := get(n, "Fn::If"); c != nil && len(c.Content) == 3 {
			return append(resourceStrings(c.Content[1]), resourceStrings(c.Content[2])...)
		}
	}
	return []string{"<" + n.Tag + ">"}
}

// checkStatements finds every IAM statement under n.
func checkStatements(t *testing.T, owner string, n *yaml.Node) {
	t.Helper()
	if n == nil {
		return
	}
	if n.Kind == yaml.MappingNode {
		if st := get(n, "Statement"); st != nil {
			list := st.Content
			if st.Kind == yaml.MappingNode {
				list = []*yaml.Node{st}
			}
			for i, s := range list {
				checkStatement(t, fmt.Sprintf("%s statement %d (%s)", owner, i, str(get(s, "Sid"))), s)
			}
			return
		}
	}
	for _, c := range n.Content {
		checkStatements(t, owner, c)
	}
}

func checkStatement(t *testing.T, where string, s *yaml.Node) {
	t.Helper()
	if str(get(s, "Effect")) != "Allow" {
		return
	}
	var scoped []string
	for _, a := range strs(get(s, "Action")) {
		a = strings.ToLower(a)
		if a == "*" || strings.HasPrefix(a, "dynamodb:") || strings.HasPrefix(a, "ses:") {
			scoped = append(scoped, a)
		}
	}
	if len(strs(get(s, "NotAction"))) > 0 {
		t.Errorf("%s: NotAction grants too much; name the actions", where)
	}
	if len(scoped) == 0 {
		return
	}
	if get(s, "NotResource") != nil {
		t.Errorf("%s: %v on NotResource: name the table or identity instead", where, scoped)
	}
	for _, r := range resourceStrings(get(s, "Resource")) {
		if tooBroad(r) {
			t.Errorf("%s: %v on %q: name the table or identity instead", where, scoped, r)
		}
	}
}

func TestPoliciesAreScoped(t *testing.T) {
	tp := load(t)
	for _, id := range tp.functions() {
		policies := get(tp.resources[id], "Properties", "Policies")
		if policies == nil {
			continue
		}
		list := policies.Content
		if policies.Kind != yaml.SequenceNode {
			list = []*yaml.Node{policies}
		}
		for _, p := range list {
			switch {
			case p.Kind == yaml.ScalarNode:
				if l := strings.ToLower(p.Value); strings.Contains(l, "dynamodb") || strings.Contains(l, "ses") {
					t.Errorf("%s: managed policy %q grants on every table or identity; use a SAM policy template or a scoped statement", id, p.Value)
				}
			case get(p, "Statement") != nil:
				checkStatements(t, id, p)
			case p.Kind == yaml.MappingNode && len(p.Content) == 2: // a SAM policy template
				name, params := p.Content[0].Value, p.Content[1]
				if params.Kind == yaml.MappingNode {
					for i := 0; i+1 < len(params.Content); i += 2 {
						if v := params.Content[i+1]; v.Kind == yaml.ScalarNode && v.Tag != "!Ref" && strings.Contains(v.Value, "*") {
							t.Errorf("%s: %s %s is %q: name the resource", id, name, params.Content[i].Value, v.Value)
						}
					}
				}
			}
		}
	}
	for _, id := range tp.ids {
		if strings.HasPrefix(tp.typ(id), "AWS::IAM::") {
			checkStatements(t, id, get(tp.resources[id], "Properties"))
		}
	}
}

func TestTooBroad(t *testing.T) {
	for r, want := range map[string]bool{
		"*": true, "arn:aws:dynamodb:*:*:table/*": true, "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*": true,
		"arn:aws:ses:eu-west-3:1:*": true, "${Table.Arn}": false, "${Table.Arn}/index/*": false,
		"arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${SesIdentity}": false,
	} {
		if got := tooBroad(r); got != want {
			t.Errorf("tooBroad(%q) = %v, want %v", r, got, want)
		}
	}
}

// ---------------------------------------------------------------- environment and headers

func TestEnvironment(t *testing.T) {
	tp := load(t)
	vars := get(tp.globals, "Environment", "Variables")
	if vars == nil {
		t.Fatal("Globals.Function.Environment.Variables is missing")
	}
	for name, want := range map[string]string{"GUICHET_STORE": "dynamodb", "GUICHET_MAIL": "ses"} {
		if got := str(get(vars, name)); got != want {
			t.Errorf("Globals: %s is %q, want %q", name, got, want)
		}
	}
	for _, name := range []string{"GUICHET_TABLE", "GUICHET_MAIL_FROM", "GUICHET_SECRET_ID", "GUICHET_BASE_URL", "GUICHET_BASE_URL_PARAMETER", "GUICHET_ORIGIN_SECRET_ID"} {
		if get(vars, name) == nil {
			t.Errorf("Globals: %s is not set", name)
		}
	}
	// Every variable the template sets must be one the code reads.
	src, err := os.ReadFile(filepath.Join(tp.root, "shared", "config", "config.go"))
	if err != nil {
		t.Fatal(err)
	}
	check := func(owner string, vars *yaml.Node) {
		if vars == nil {
			return
		}
		for i := 0; i+1 < len(vars.Content); i += 2 {
			name := vars.Content[i].Value
			if !strings.Contains(string(src), strconv.Quote(name)) {
				t.Errorf("%s sets %s, which shared/config does not read", owner, name)
			}
		}
	}
	check("Globals", vars)
	for _, id := range tp.functions() {
		check(id, get(tp.resources[id], "Properties", "Environment", "Variables"))
	}
}

func TestPortalHeadersMatchTheAPI(t *testing.T) {
	tp := load(t)
	found := false
	for _, id := range tp.ids {
		if tp.typ(id) != "AWS::CloudFront::ResponseHeadersPolicy" {
			continue
		}
		found = true
		sec := get(tp.resources[id], "Properties", "ResponseHeadersPolicyConfig", "SecurityHeadersConfig")
		// The pages may also send documents to their bucket (a presigned PUT), which
		// the API's answers never need.
		want := strings.Replace(httpapi.ContentSecurityPolicy, "connect-src 'self'", "connect-src 'self' https://${DocumentsBucket.RegionalDomainName}", 1)
		if got := str(get(sec, "ContentSecurityPolicy", "ContentSecurityPolicy")); got != want {
			t.Errorf("%s: the Content-Security-Policy differs from httpapi.ContentSecurityPolicy with the documents' bucket:\n got %s\nwant %s", id, got, want)
		}
		if get(sec, "StrictTransportSecurity") == nil || get(sec, "ContentTypeOptions") == nil || str(get(sec, "FrameOptions", "FrameOption")) != "DENY" {
			t.Errorf("%s: want HSTS, nosniff and frame DENY", id)
		}
	}
	if !found {
		t.Error("template.yaml has no AWS::CloudFront::ResponseHeadersPolicy for the portal")
	}
}

func TestCloudFrontSendsAPIToTheHTTPAPI(t *testing.T) {
	tp := load(t)
	var dist string
	for _, id := range tp.ids {
		if tp.typ(id) == "AWS::CloudFront::Distribution" {
			dist = id
		}
	}
	if dist == "" {
		t.Fatal("template.yaml has no AWS::CloudFront::Distribution")
	}
	cfg := get(tp.resources[dist], "Properties", "DistributionConfig")
	origins := map[string]string{}
	if o := get(cfg, "Origins"); o != nil {
		for _, origin := range o.Content {
			origins[str(get(origin, "Id"))] = str(get(origin, "DomainName"))
		}
	}
	var api *yaml.Node
	if b := get(cfg, "CacheBehaviors"); b != nil {
		for _, behavior := range b.Content {
			if str(get(behavior, "PathPattern")) == "/api/*" {
				api = behavior
			}
		}
	}
	if api == nil {
		t.Fatalf("%s: no cache behavior for /api/*", dist)
	}
	if domain := origins[str(get(api, "TargetOriginId"))]; !strings.HasPrefix(domain, "${"+httpAPIID+"}.execute-api.") {
		t.Errorf("%s: /api/* goes to origin %q (%s), not the HTTP API %s", dist, str(get(api, "TargetOriginId")), domain, httpAPIID)
	}
	if got := strs(get(api, "AllowedMethods")); len(got) != 7 {
		t.Errorf("%s: /api/* must allow every method, allows %q", dist, got)
	}
}
