package httpapi_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/portal"
)

// TestEveryAuditActionIsCatalogued reads the code that writes audit entries (the
// calls of Audit in this package and its areas, the Act… constants of the domain packages beside
// it, auth's excepted: those are the policy's actions) and checks
// that each action it can read is in portal.OrgAuditActions or
// portal.VendorAuditActions: the list the portal names and offers in its filter.
func TestEveryAuditActionIsCatalogued(t *testing.T) {
	known := map[string]bool{}
	for _, a := range append(append([]string{}, portal.OrgAuditActions...), portal.VendorAuditActions...) {
		known[a] = true
	}
	seen := 0
	check := func(pos token.Position, action string) {
		seen++
		if !known[action] {
			t.Errorf("%s: audit action %q is in neither portal.OrgAuditActions nor portal.VendorAuditActions", pos, action)
		}
	}
	fset := token.NewFileSet()
	parseDir := func(dir string) []*ast.File {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var files []*ast.File
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, dir+"/"+e.Name(), nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		return files
	}
	literal := func(e ast.Expr) (string, bool) {
		if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			s, err := strconv.Unquote(lit.Value)
			return s, err == nil
		}
		return "", false
	}
	// The platform and every area beneath it.
	var api []*ast.File
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && path != "testdata" {
			api = append(api, parseDir(path)...)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range api {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 3 {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Audit" {
				return true
			}
			pos := fset.Position(call.Pos())
			switch a := call.Args[2].(type) {
			case *ast.BasicLit:
				s, _ := literal(a)
				check(pos, s)
			case *ast.BinaryExpr:
				// "registration." + the decided state.
				if prefix, ok := literal(a.X); ok {
					for _, state := range []portal.RegistrationState{portal.RegistrationApproved, portal.RegistrationRefused} {
						check(pos, prefix+string(state))
					}
				}
			}
			return true
		})
	}
	dirs, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	var domain []*ast.File
	for _, d := range dirs {
		if d.IsDir() && d.Name() != "auth" && d.Name() != "httpapi" {
			domain = append(domain, parseDir("../"+d.Name())...)
		}
	}
	for _, f := range domain {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				v := spec.(*ast.ValueSpec)
				if len(v.Values) == 0 {
					continue
				}
				for i, name := range v.Names {
					if s, ok := literal(v.Values[min(i, len(v.Values)-1)]); ok && strings.HasPrefix(name.Name, "Act") {
						check(fset.Position(name.Pos()), s)
					}
				}
			}
		}
	}
	if seen < 20 {
		t.Fatalf("read only %d audit actions: the test no longer finds where they are written", seen)
	}
}
