package areas_test

// The operators' registration desk and mail domains in the isolation matrix. Each
// organisation verified {domain} ({org}.example) and has a person who signed up
// with an address there and waits for approval ({joinreq}); {newDomain}
// is a domain nobody verified yet. Only operators reach any of it; acting on
// globex is their job, so their "other" cases may change it.
func init() {
	op := []string{operatorAs}
	isolationRows = append(isolationRows,
		// The queue spans every organisation by design. Its first join request is
		// acme's (acme's setups run first and ids grow), so a page of one shows the
		// operator nothing of globex and their answer is checked like anyone's.
		isolationRow{method: "GET", path: "/api/v1/backoffice/registrations?kind=join&limit=1", want: backOffice(200)},
		isolationRow{method: "GET", path: "/api/v1/backoffice/registrations/{joinreq}", want: backOffice(200), crossWrite: op},
		isolationRow{method: "POST", path: "/api/v1/backoffice/registrations/{joinreq}/approve", want: backOffice(200), crossWrite: op},
		isolationRow{method: "POST", path: "/api/v1/backoffice/registrations/{joinreq}/refuse", body: `{"reason":"Unknown company"}`,
			want: backOffice(200), crossWrite: op},
		isolationRow{method: "GET", path: "/api/v1/backoffice/freemail", want: backOffice(200)},
		isolationRow{method: "POST", path: "/api/v1/backoffice/freemail", body: `{"domain":"free{uniq}.example"}`, want: backOffice(201)},
		// A domain an organisation verified cannot become free mail.
		isolationRow{method: "POST", path: "/api/v1/backoffice/freemail", body: `{"domain":"{domain}"}`, want: backOffice(409)},
		isolationRow{method: "DELETE", path: "/api/v1/backoffice/freemail/{domain}", want: backOffice(404)},
		isolationRow{method: "GET", path: "/api/v1/backoffice/domains/{domain}", want: backOffice(200)},
		isolationRow{method: "PUT", path: "/api/v1/backoffice/domains/{domain}", body: `{"shared":true}`, want: backOffice(200), crossWrite: op},
		isolationRow{method: "POST", path: "/api/v1/backoffice/domains/{newDomain}/organisations", body: `{"organisationId":"{org}"}`,
			want: backOffice(200), crossWrite: op},
		isolationRow{method: "DELETE", path: "/api/v1/backoffice/domains/{domain}/organisations/{org}", want: backOffice(200), crossWrite: op},
		// The list spans every customer by design; searching acme's name shows the
		// operator nothing of globex in either scope, so their answer is checked
		// like anyone's.
		isolationRow{method: "GET", path: "/api/v1/backoffice/organisations?q=acme", want: backOffice(200)},
	)
}
