package markdown_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/markdown"
)

func TestRenderSubset(t *testing.T) {
	for _, c := range []struct{ md, want string }{
		{"Hello", "<p>Hello</p>\n"},
		{"line one\nline two\n\nnext", "<p>line one line two</p>\n<p>next</p>\n"},
		{"# Title\n## Part\n### Sub", "<h2>Title</h2>\n<h3>Part</h3>\n<h4>Sub</h4>\n"},
		{"#### too deep", "<p>#### too deep</p>\n"},
		{"- one\n- **two**\n\n1. first\n2. second", "<ul>\n<li>one</li>\n<li><strong>two</strong></li>\n</ul>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n"},
		{"*it* and _it_ and `a<b>`", "<p><em>it</em> and <em>it</em> and <code>a&lt;b&gt;</code></p>\n"},
		{"[site](https://example.com/a?b=1&c=2)", `<p><a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">site</a></p>` + "\n"},
		{"[write](mailto:sales@example.com)", `<p><a href="mailto:sales@example.com" rel="noopener noreferrer nofollow">write</a></p>` + "\n"},
		{`\*not em\*`, "<p>*not em*</p>\n"},
		{"**unclosed", "<p>**unclosed</p>\n"},
	} {
		if got := markdown.Render(c.md); got != c.want {
			t.Errorf("Render(%q) = %q, want %q", c.md, got, c.want)
		}
	}
}

// TestRenderHostile feeds the renderer what an attacker would write in a page:
// every one comes out as text, or as a link-less text for a link it refuses.
func TestRenderHostile(t *testing.T) {
	for _, c := range []struct{ md, want string }{
		{"<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"},
		{`<img src=x onerror="alert(1)">`, "<p>&lt;img src=x onerror=&#34;alert(1)&#34;&gt;</p>\n"},
		// The link ends at the first ")": the rest is text.
		{"[x](javascript:alert(1))", "<p>x)</p>\n"},
		{"[x](JavaScript:alert(1))", "<p>x)</p>\n"},
		{"[x](data:text/html;base64,PHNjcmlwdD4=)", "<p>x</p>\n"},
		{"[x](http://plain.example)", "<p>x</p>\n"},
		{"[x](//evil.example)", "<p>x</p>\n"},
		{`[x](https://a.example/" onmouseover="alert(1))`, "<p>x)</p>\n"},
		{"[x](https://user:pw@a.example)", "<p>x</p>\n"},
		{"[x](mailto:a@b.example?subject=hi)", "<p>x</p>\n"},
		{"[x](mailto:a@b.example,c@d.example)", "<p>x</p>\n"},
		{"[x](vbscript:msgbox)", "<p>x</p>\n"},
		{"[**<b>x</b>**](https://a.example)", `<p><a href="https://a.example" rel="noopener noreferrer nofollow"><strong>&lt;b&gt;x&lt;/b&gt;</strong></a></p>` + "\n"},
		{"# <iframe src=x>", "<h2>&lt;iframe src=x&gt;</h2>\n"},
		{"- <a href=javascript:x>y</a>", "<ul>\n<li>&lt;a href=javascript:x&gt;y&lt;/a&gt;</li>\n</ul>\n"},
		{"[[x](https://a.example)](https://b.example)", `<p><a href="https://a.example" rel="noopener noreferrer nofollow">[x</a>](https://b.example)</p>` + "\n"},
	} {
		if got := markdown.Render(c.md); got != c.want {
			t.Errorf("Render(%q) = %q, want %q", c.md, got, c.want)
		}
	}
}

var (
	tagRE   = regexp.MustCompile(`<(/?)([a-z0-9]+)([^>]*)>`)
	allowed = map[string]bool{"p": true, "h2": true, "h3": true, "h4": true, "ul": true, "ol": true, "li": true,
		"strong": true, "em": true, "code": true, "a": true}
	hrefRE = regexp.MustCompile(`^ href="(https://[^"]+|mailto:[^"]+)" rel="noopener noreferrer nofollow"$`)
)

// FuzzRender checks that whatever the source, the output holds only the subset's
// elements, links only to https and mailto, no other attribute, and balanced tags.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"# T\n- a\n1. b\n**c** *d* `e` [f](https://g.example)", "<script>x</script>", "[a](javascript:b)", "*_**`[", "\\*[x](mailto:a@b.example)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		out := markdown.Render(md)
		var stack []string
		for _, m := range tagRE.FindAllStringSubmatch(out, -1) {
			closing, name, attrs := m[1] == "/", m[2], m[3]
			if !allowed[name] {
				t.Fatalf("element %q in %q", name, out)
			}
			if closing {
				if len(stack) == 0 || stack[len(stack)-1] != name {
					t.Fatalf("unbalanced </%s> in %q", name, out)
				}
				stack = stack[:len(stack)-1]
				continue
			}
			if attrs != "" && (name != "a" || !hrefRE.MatchString(attrs)) {
				t.Fatalf("attributes %q on %s in %q", attrs, name, out)
			}
			stack = append(stack, name)
		}
		if len(stack) != 0 {
			t.Fatalf("unclosed %v in %q", stack, out)
		}
		if strings.Contains(strings.ToLower(out), "<script") {
			t.Fatalf("script in %q", out)
		}
	})
}
