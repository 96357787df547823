package httpapi_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestTheCallerIsResolvedOnce reads the HTTP layer's code (the platform and every
// area) and holds the caller's resolution to one place: the middleware derives the
// address (resolveClientIP, the only reader of RemoteAddr and of the client-address
// package) and the device (the only reader of the user agent) once per request, into
// portal.Caller; everything after takes that value from the context.
func TestTheCallerIsResolvedOnce(t *testing.T) {
	fset := token.NewFileSet()
	uses := map[string][]string{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.HasPrefix(path, "apitest/") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var what string
			switch n := n.(type) {
			case *ast.CallExpr:
				if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "resolveClientIP" {
					what = "resolveClientIP()"
				}
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "UserAgent" {
					what = "UserAgent()"
				}
			case *ast.SelectorExpr:
				if n.Sel.Name == "RemoteAddr" {
					what = "RemoteAddr"
				}
				if x, ok := n.X.(*ast.Ident); ok && x.Name == "clientaddr" {
					what = "clientaddr"
				}
			}
			if what != "" {
				uses[what] = append(uses[what], fset.Position(n.Pos()).String())
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		file  string
		count int
	}{
		"resolveClientIP()": {"middleware.go", 1},
		"UserAgent()":       {"middleware.go", 1},
		"RemoteAddr":        {"sessions.go", 1},
		"clientaddr":        {"sessions.go", 2},
	}
	for what, w := range want {
		got := uses[what]
		if len(got) != w.count {
			t.Errorf("%s is reached %d times, want %d, in %s: %v", what, len(got), w.count, w.file, got)
		}
		for _, at := range got {
			if !strings.HasPrefix(at, w.file+":") {
				t.Errorf("%s at %s: the caller is resolved in the middleware only", what, at)
			}
		}
	}
}
