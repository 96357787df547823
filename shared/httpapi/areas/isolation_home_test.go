package areas_test

// The contracts home in the isolation matrix: the dashboard lists only the
// organisation's own contracts (there is no other organisation to name), a sheet
// or a budget of another organisation's contract is not found or forbidden, and
// only operators set a contract's consumption, for any customer.
func init() {
	sheet := all(codes{200, 404}, map[string]codes{anonymous: {401, 401}, userNone: {403, 404}, operatorAs: {403, 403}})
	budget := all(codes{403, 403}, map[string]codes{anonymous: {401, 401}, manager: {200, 403}, logInAs: {200, 403}, admin: {200, 404}})
	isolationRows = append(isolationRows,
		isolationRow{method: "GET", path: "/api/v1/dashboard", want: all(codes{200, 200}, map[string]codes{anonymous: {401, 401}, operatorAs: {403, 403}})},
		isolationRow{method: "GET", path: "/api/v1/dashboard?q=c-{org}", want: all(codes{200, 200}, map[string]codes{anonymous: {401, 401}, operatorAs: {403, 403}})},
		isolationRow{method: "GET", path: "/api/v1/contracts/{contract}", want: sheet},
		isolationRow{method: "PUT", path: "/api/v1/contracts/{contract}/budget", body: `{"amount":"1250.50"}`, want: budget},
		isolationRow{method: "PUT", path: "/api/v1/backoffice/organisations/{org}/contracts/{contract}/consumption", body: `{"amount":"980"}`,
			want: backOffice(200), crossWrite: []string{operatorAs}},
	)
}
