// Package apitest is the test harness of the HTTP API, imported by the tests of
// every area: an Env serves all the areas over a fresh embedded store with a fake
// clock and cheap password hashing, and its helpers sign people in, make
// organisations and contracts, read the mail outbox and drive software passkeys, as
// a person in a browser would. It is not an area, and only tests import it.
package apitest
