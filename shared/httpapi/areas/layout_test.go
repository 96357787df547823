package areas_test

import (
	"os/exec"
	"path"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/httpapi/areas"
)

const module = "github.com/guichet/guichet"

// jobAreas names, for a function that serves no feature, the one area whose jobs
// it runs.
var jobAreas = map[string]string{"work": module + "/shared/httpapi/orgadmin"}

// areaOf is the package whose code registers f's routes.
func areaOf(f any) string {
	name := runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
	dir, file := path.Split(name)
	pkg, _, _ := strings.Cut(file, ".")
	return dir + pkg
}

// TestAreasStayApart holds the HTTP layer's rooms apart: no area package depends on
// another (directly or through any other package), and each function's program
// holds, of all the areas, only the one of its feature, as `go list -deps` sees
// them. The harness (apitest) and the list of areas (areas) are no areas: only
// tests and the local binary import them.
func TestAreasStayApart(t *testing.T) {
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Deps \" \"}}", "./shared/httpapi/...", "./functions/...")
	cmd.Dir = "../../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := map[string][]string{}
	isArea := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		deps[fields[0]] = fields[1:]
		if dir, name := path.Split(fields[0]); dir == module+"/shared/httpapi/" && name != "apitest" && name != "areas" {
			isArea[fields[0]] = true
		}
	}
	if len(isArea) < 5 {
		t.Fatalf("found only the areas %v: the test no longer finds them", isArea)
	}
	own := map[string]string{}
	for _, f := range areas.All() {
		own[f.Name] = areaOf(f.Routes)
		if !isArea[own[f.Name]] {
			t.Errorf("feature %q is registered by %s, which is no area", f.Name, own[f.Name])
		}
	}
	for name, area := range jobAreas {
		own[name] = area
	}
	reached := func(pkg string) []string {
		var in []string
		for _, d := range deps[pkg] {
			if isArea[d] || strings.HasSuffix(d, "/httpapi/apitest") || strings.HasSuffix(d, "/httpapi/areas") {
				in = append(in, d)
			}
		}
		return in
	}
	for pkg := range deps {
		switch {
		case isArea[pkg]:
			if in := reached(pkg); len(in) > 0 {
				t.Errorf("area %s depends on %v: an area imports no other area", pkg, in)
			}
		case strings.HasPrefix(pkg, module+"/functions/"):
			fn := path.Base(pkg)
			for _, d := range reached(pkg) {
				if d != own[fn] {
					t.Errorf("functions/%s depends on %s: a function holds its own area only (%q)", fn, d, own[fn])
				}
			}
			if own[fn] != "" && !slices.Contains(deps[pkg], own[fn]) {
				t.Errorf("functions/%s does not serve its area %s", fn, own[fn])
			}
		}
	}
}
