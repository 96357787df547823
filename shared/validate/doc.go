// Package validate holds Guichet's pure input rules: address and domain syntax and
// normalisation (IDN domains become their ASCII "xn--" form), the built-in list of
// free and disposable mail providers, the password policy and strength score, and
// the shapes of phone numbers, countries, registration numbers and websites.
//
// It reads no table and imports only the standard library and golang.org/x/net/idna,
// so every rule is tested here with tables and fuzzing. A failure is an *Error whose
// Code is the stable field-error code the HTTP layer reports for the field.
package validate

// Error is a rule a value breaks; Code is its stable field-error code.
type Error struct{ Code string }

// Error returns the code, for logs.
func (e *Error) Error() string { return "validate: " + e.Code }

func fail(code string) error { return &Error{Code: code} }

// The field-error codes this package reports, besides the password codes.
const (
	CodeRequired       = "required"
	CodeTooLong        = "too_long"
	CodeFormat         = "format"
	CodeEmail          = "email"
	CodeDomain         = "domain"
	CodePhone          = "phone"
	CodeCountry        = "country"
	CodeRegistrationNo = "registration_no"
	CodeURL            = "url"
	// CodeURLHTTPS and CodeURLCredentials say why ConsoleURL refused an address.
	CodeURLHTTPS       = "url_https"
	CodeURLCredentials = "url_credentials"
)

// CodeOf returns the code of a validation error, or "" for any other error.
func CodeOf(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Code
	}
	return ""
}
