// Package markdown renders the strict subset of Markdown operators write the
// catalogue's "learn more" pages in, to HTML that is safe to put in a page as it
// is. It is written here rather than taken from a general library because the
// subset is small and its safety is the point: raw HTML is never passed through
// (every character of the source that is not markup is escaped), and links go only
// to https and mailto addresses.
//
// The subset:
//
//	# Title, ## Section, ### Subsection   headings (rendered h2 to h4: the page has its h1)
//	- item, * item                      bullet lists
//	1. item                             numbered lists
//	**bold**, *italic*, _italic_        emphasis
//	`code`                              inline code
//	[text](https://example.com)         links (https and mailto only; others show their text)
//	\*                                  a markup character taken literally
//
// Blocks are separated by blank lines; the lines of a paragraph join with a space.
// The output holds no other element and no attribute but a link's href and rel.
package markdown

import (
	"html"
	"net/mail"
	"net/url"
	"strings"
)

// Render returns the HTML of the Markdown source md.
func Render(md string) string {
	md = strings.ReplaceAll(strings.ReplaceAll(md, "\r\n", "\n"), "\r", "\n")
	var out strings.Builder
	var para []string
	list := "" // the list being written: "ul", "ol" or ""
	flush := func() {
		if len(para) > 0 {
			out.WriteString("<p>" + inline(strings.Join(para, " "), true) + "</p>\n")
			para = nil
		}
	}
	closeList := func() {
		if list != "" {
			out.WriteString("</" + list + ">\n")
			list = ""
		}
	}
	for _, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		if t == "" {
			flush()
			closeList()
			continue
		}
		if level, text, ok := heading(t); ok {
			flush()
			closeList()
			tag := "h" + string(rune('1'+level))
			out.WriteString("<" + tag + ">" + inline(text, true) + "</" + tag + ">\n")
			continue
		}
		if kind, text, ok := listItem(t); ok {
			flush()
			if list != kind {
				closeList()
				out.WriteString("<" + kind + ">\n")
				list = kind
			}
			out.WriteString("<li>" + inline(text, true) + "</li>\n")
			continue
		}
		closeList()
		para = append(para, t)
	}
	flush()
	closeList()
	return out.String()
}

// heading recognises "# ", "## " and "### ".
func heading(t string) (int, string, bool) {
	n := 0
	for n < len(t) && t[n] == '#' {
		n++
	}
	if n == 0 || n > 3 || len(t) == n || t[n] != ' ' {
		return 0, "", false
	}
	return n, strings.TrimSpace(t[n:]), true
}

// listItem recognises "- ", "* " and "1. " (any number).
func listItem(t string) (string, string, bool) {
	if len(t) > 2 && (t[0] == '-' || t[0] == '*') && t[1] == ' ' {
		return "ul", strings.TrimSpace(t[2:]), true
	}
	n := 0
	for n < len(t) && n < 9 && t[n] >= '0' && t[n] <= '9' {
		n++
	}
	if n > 0 && len(t) > n+1 && t[n] == '.' && t[n+1] == ' ' {
		return "ol", strings.TrimSpace(t[n+2:]), true
	}
	return "", "", false
}

// inline renders the inline markup of s; links is false inside a link's text,
// where another link would nest.
func inline(s string, links bool) string {
	var out strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("\\`*_[]()#-.!", s[i+1]) >= 0:
			out.WriteString(html.EscapeString(s[i+1 : i+2]))
			i += 2
			continue
		case c == '`':
			if end := strings.IndexByte(s[i+1:], '`'); end >= 0 {
				out.WriteString("<code>" + html.EscapeString(s[i+1:i+1+end]) + "</code>")
				i += end + 2
				continue
			}
		case c == '*' && strings.HasPrefix(s[i:], "**"):
			if end := strings.Index(s[i+2:], "**"); end > 0 {
				out.WriteString("<strong>" + inline(s[i+2:i+2+end], links) + "</strong>")
				i += end + 4
				continue
			}
		case c == '*' || c == '_':
			if end := strings.IndexByte(s[i+1:], c); end > 0 {
				out.WriteString("<em>" + inline(s[i+1:i+1+end], links) + "</em>")
				i += end + 2
				continue
			}
		case c == '[' && links:
			if text, target, n, ok := link(s[i:]); ok {
				if href, safe := SafeURL(target); safe {
					out.WriteString(`<a href="` + html.EscapeString(href) + `" rel="noopener noreferrer nofollow">` + inline(text, false) + "</a>")
				} else {
					out.WriteString(inline(text, false))
				}
				i += n
				continue
			}
		}
		out.WriteString(html.EscapeString(s[i : i+1]))
		i++
	}
	return out.String()
}

// link reads "[text](target)" at the start of s, returning its length.
func link(s string) (text, target string, n int, ok bool) {
	close := strings.Index(s, "](")
	if close < 0 {
		return "", "", 0, false
	}
	end := strings.IndexByte(s[close+2:], ')')
	if end < 0 {
		return "", "", 0, false
	}
	return s[1:close], strings.TrimSpace(s[close+2 : close+2+end]), close + 3 + end, true
}

// SafeURL returns target when it is an https address with a host, or a mailto
// address of one mailbox, with nothing a browser could read otherwise (spaces,
// quotes, angle brackets, control characters).
func SafeURL(target string) (string, bool) {
	if target == "" || len(target) > 2000 || strings.ContainsAny(target, " \t\n\"'<>`\\") {
		return "", false
	}
	for _, r := range target {
		if r < 0x20 || r == 0x7f {
			return "", false
		}
	}
	u, err := url.Parse(target)
	if err != nil {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		if u.Host == "" || u.User != nil {
			return "", false
		}
		return u.String(), true
	case "mailto":
		if u.Opaque == "" || u.RawQuery != "" {
			return "", false
		}
		addr, err := url.PathUnescape(u.Opaque)
		if err != nil {
			return "", false
		}
		if a, err := mail.ParseAddress(addr); err != nil || a.Name != "" || a.Address != addr {
			return "", false
		}
		return "mailto:" + u.Opaque, true
	}
	return "", false
}
