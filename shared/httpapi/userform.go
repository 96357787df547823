package httpapi

import (
	"strconv"
	"strings"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/validate"
)

// UserDetails are what an administrator gives and edits of a person.
type UserDetails struct {
	Civility  string               `json:"civility"`
	FirstName string               `json:"firstName"`
	LastName  string               `json:"lastName"`
	JobTitle  string               `json:"jobTitle"`
	Phone     string               `json:"phone"`
	Lang      string               `json:"lang"`
	Address   portal.PostalAddress `json:"address"`
}

// NewUserForm is the wizard's data: step 1 the person and the login, step 2 the
// contracts and rights, and how the account starts.
type NewUserForm struct {
	Email string      `json:"email"`
	Login string      `json:"login"`
	Role  portal.Role `json:"role"`
	UserDetails
	// SendActivation (the default) mails a 48-hour activation link; false sets
	// Password at once, to be changed at the first sign-in.
	SendActivation *bool           `json:"sendActivation"`
	Password       string          `json:"password"`
	Contracts      []ContractGrant `json:"contracts"`
}

// ContractGrant is a user's rights on one contract, as forms send them.
type ContractGrant struct {
	ContractID string                          `json:"contractId"`
	Sections   map[portal.Section]portal.Level `json:"sections"`
	Supported  bool                            `json:"supported"`
}

// The bounds of the person's fields.
const (
	MaxNameLen     = 100
	maxCivilityLen = 20
	MaxLineLen     = 200
	maxGrants      = 50
	minLoginLen    = 8
	MaxLoginLen    = 64
)

// TextField checks one optional or required text field into f and returns it trimmed.
func TextField(f *portal.Fields, field, s string, max int, required bool) string {
	out, err := validate.Text(s, max, required, false)
	if err != nil {
		f.Add(field, validate.CodeOf(err))
	}
	return out
}

// Clean checks the details into f and returns them normalised.
func (u UserDetails) Clean(f *portal.Fields) UserDetails {
	u.Civility = TextField(f, "civility", u.Civility, maxCivilityLen, false)
	u.FirstName = TextField(f, "firstName", u.FirstName, MaxNameLen, true)
	u.LastName = TextField(f, "lastName", u.LastName, MaxNameLen, true)
	u.JobTitle = TextField(f, "jobTitle", u.JobTitle, MaxNameLen, false)
	if strings.TrimSpace(u.Phone) != "" {
		p, err := validate.Phone(u.Phone)
		if err != nil {
			f.Add("phone", validate.CodeOf(err))
		}
		u.Phone = p
	} else {
		u.Phone = ""
	}
	switch u.Lang {
	case "":
		u.Lang = "fr"
	case "fr", "en":
	default:
		f.Add("lang", "format")
	}
	a := &u.Address
	a.Line1 = TextField(f, "address.line1", a.Line1, MaxLineLen, false)
	a.Line2 = TextField(f, "address.line2", a.Line2, MaxLineLen, false)
	a.PostalCode = TextField(f, "address.postalCode", a.PostalCode, maxCivilityLen, false)
	a.City = TextField(f, "address.city", a.City, MaxNameLen, false)
	if strings.TrimSpace(a.Country) != "" {
		c, err := validate.Country(a.Country)
		if err != nil {
			f.Add("address.country", validate.CodeOf(err))
		}
		a.Country = c
	} else {
		a.Country = ""
	}
	return u
}

// Apply copies the details onto a user.
func (u UserDetails) Apply(to *portal.User) {
	to.Civility, to.FirstName, to.LastName, to.JobTitle, to.Phone, to.Lang, to.Address =
		u.Civility, u.FirstName, u.LastName, u.JobTitle, u.Phone, u.Lang, u.Address
}

// cleanLogin checks a login: 8 to 64 ASCII letters, digits, '.', '_' and '-'.
// Logins are unique whatever their case, so they are kept in lower case.
func cleanLogin(f *portal.Fields, login string) string {
	login = strings.ToLower(strings.TrimSpace(login))
	switch {
	case login == "":
		f.Add("login", "required")
	case len(login) < minLoginLen:
		f.Add("login", "too_short")
	case len(login) > MaxLoginLen:
		f.Add("login", "too_long")
	default:
		for i := 0; i < len(login); i++ {
			c := login[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
				f.Add("login", "login_format")
				break
			}
		}
	}
	return login
}

// SendsActivation reports whether the account starts with an activation mail.
func (n NewUserForm) SendsActivation() bool { return n.SendActivation == nil || *n.SendActivation }

// Clean checks step 1 of the form into f and returns it normalised. The password is
// checked only when it is needed, against the person's own names and address.
func (n NewUserForm) Clean(f *portal.Fields) NewUserForm {
	email, err := validate.Email(n.Email)
	if err != nil {
		f.Add("email", validate.CodeOf(err))
	}
	n.Email = email
	n.Login = cleanLogin(f, n.Login)
	switch n.Role {
	case "":
		n.Role = portal.RoleUser
	case portal.RoleUser, portal.RoleAdmin:
	default:
		f.Add("role", "format")
	}
	n.UserDetails = n.UserDetails.Clean(f)
	if n.SendsActivation() {
		n.Password = ""
	} else {
		for _, code := range validate.PasswordProblems(n.Password, n.FirstName, n.LastName, n.Email, n.Login) {
			f.Add("password", code)
		}
	}
	return n
}

// CleanGrants checks step 2 into f: known sections and levels, each contract once.
// Whether the contracts exist in the organisation is the caller's to check.
func CleanGrants(f *portal.Fields, field string, grants []ContractGrant) []ContractGrant {
	if len(grants) > maxGrants {
		f.Add(field, "too_long")
		return nil
	}
	seen := map[string]bool{}
	for i, g := range grants {
		at := field + "[" + strconv.Itoa(i) + "]"
		if !ValidID(g.ContractID) {
			f.Add(at+".contractId", "required")
		} else if seen[g.ContractID] {
			f.Add(at+".contractId", "duplicate")
		}
		seen[g.ContractID] = true
		for s, l := range g.Sections {
			if !s.Valid() {
				f.Add(at+".sections", "unknown")
			} else if !l.Valid() {
				f.Add(at+".sections."+string(s), "format")
			}
		}
	}
	return grants
}

// Rights turns a grant into what is stored: only the levels above None.
func (g ContractGrant) Rights(referent bool) portal.ContractRights {
	c := portal.ContractRights{Supported: g.Supported, Referent: referent}
	for s, l := range g.Sections {
		if l.Rank() > 0 {
			if c.Sections == nil {
				c.Sections = map[portal.Section]portal.Level{}
			}
			c.Sections[s] = l
		}
	}
	return c
}
