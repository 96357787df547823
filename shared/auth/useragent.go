package auth

import "strings"

// Device is what a user agent says about the browser and the system it runs on, in
// the words people know them by; empty when it says nothing recognisable.
type Device struct {
	Browser string `json:"browser"`
	OS      string `json:"os"`
}

// Family names a device for "have we seen it before": the browser and the system,
// without versions, which change with every update.
func (d Device) Family() string { return d.Browser + "/" + d.OS }

// The order matters: Edge and Opera also say Chrome, Chrome also says Safari.
var browsers = []struct{ token, name string }{
	{"Edg/", "Edge"}, {"EdgA/", "Edge"}, {"EdgiOS/", "Edge"}, {"OPR/", "Opera"}, {"SamsungBrowser/", "Samsung Internet"},
	{"Firefox/", "Firefox"}, {"FxiOS/", "Firefox"}, {"CriOS/", "Chrome"}, {"Chrome/", "Chrome"}, {"Chromium/", "Chromium"},
	{"Safari/", "Safari"},
}

var systems = []struct{ token, name string }{
	{"Windows", "Windows"}, {"iPhone", "iOS"}, {"iPad", "iPadOS"}, {"Android", "Android"},
	{"CrOS", "ChromeOS"}, {"Mac OS X", "macOS"}, {"Macintosh", "macOS"}, {"Linux", "Linux"},
}

// DeviceOf reads a User-Agent header.
func DeviceOf(ua string) Device {
	var d Device
	for _, b := range browsers {
		if strings.Contains(ua, b.token) {
			d.Browser = b.name
			break
		}
	}
	for _, s := range systems {
		if strings.Contains(ua, s.token) {
			d.OS = s.name
			break
		}
	}
	return d
}
