package validate

import (
	_ "embed"
	"strings"
	"sync"
)

// freeMailList is the built-in list of free and disposable mail providers.
//
//go:embed freemail.txt
var freeMailList string

// genericSecondLevels are the labels under a country code that registries sell
// domains under (co.uk, com.br, ne.jp), for the "name.*" entries.
var genericSecondLevels = map[string]bool{
	"co": true, "com": true, "net": true, "org": true, "ne": true, "or": true, "ac": true, "gov": true, "edu": true,
}

type freeMailSet struct {
	exact map[string]bool
	// anyTLD holds the names of "name.*" entries.
	anyTLD map[string]bool
}

var freeMail = sync.OnceValue(func() freeMailSet {
	set := freeMailSet{exact: map[string]bool{}, anyTLD: map[string]bool{}}
	for _, line := range strings.Split(freeMailList, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if name, ok := strings.CutSuffix(line, ".*"); ok {
			set.anyTLD[name] = true
		} else {
			set.exact[line] = true
		}
	}
	return set
})

// FreeMail reports whether a canonical domain (as Domain returns it), or a domain
// above it, is on the built-in list of free and disposable mail providers.
func FreeMail(domain string) bool {
	set := freeMail()
	for _, d := range Parents(domain) {
		if set.exact[d] {
			return true
		}
		labels := strings.Split(d, ".")
		switch {
		case len(labels) == 2 && set.anyTLD[labels[0]]:
			return true
		case len(labels) == 3 && set.anyTLD[labels[0]] && genericSecondLevels[labels[1]]:
			return true
		}
	}
	return false
}

// FreeMailEntries returns how many entries the built-in list holds, for the back
// office's summary.
func FreeMailEntries() int {
	set := freeMail()
	return len(set.exact) + len(set.anyTLD)
}
