// Package clientaddr reads a caller's network address from what the connection or a
// fronting proxy says, and refuses anything that is not a plain address: a zone
// ("fe80::1%eth0") names an interface of the sender's machine, not a caller, and its
// bytes are the client's to choose, so it must never reach a table key, a log or a
// CSV export.
package clientaddr

import (
	"net/netip"
	"strconv"
	"strings"
)

// maxLen bounds what is parsed: the longest address with a port
// ("[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255]:65535") is 53 bytes.
const maxLen = 64

// FromConnection reads the connection's address as the server saw it: "host:port"
// (the local server) or a bare address (API Gateway's source IP, which the Lambda
// adapter puts in RemoteAddr). It answers "" when there is no valid address.
func FromConnection(addr string) string {
	if len(addr) > maxLen {
		return ""
	}
	if ap, err := netip.ParseAddrPort(addr); err == nil {
		return plain(ap.Addr())
	}
	if a, err := netip.ParseAddr(addr); err == nil {
		return plain(a)
	}
	return ""
}

// FromViewerHeader reads CloudFront's CloudFront-Viewer-Address: the viewer's
// address and port, IPv6 without brackets ("2001:db8::1:46532"). It answers "" when
// the value is not exactly that.
func FromViewerHeader(v string) string {
	v = strings.TrimSpace(v)
	if len(v) > maxLen {
		return ""
	}
	if ap, err := netip.ParseAddrPort(v); err == nil {
		return plain(ap.Addr())
	}
	i := strings.LastIndexByte(v, ':')
	if i <= 0 || strings.HasPrefix(v, "[") {
		return ""
	}
	if port, err := strconv.ParseUint(v[i+1:], 10, 16); err != nil || strconv.FormatUint(port, 10) != v[i+1:] {
		return ""
	}
	a, err := netip.ParseAddr(v[:i])
	if err != nil || !a.Is6() {
		return ""
	}
	return plain(a)
}

// plain writes a in its canonical form, an IPv4-mapped IPv6 address as IPv4, and
// refuses an address with a zone.
func plain(a netip.Addr) string {
	if a.Zone() != "" {
		return ""
	}
	return a.Unmap().String()
}
