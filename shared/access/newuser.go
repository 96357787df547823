package access

import (
	"context"
	"strings"

	"github.com/guichet/guichet/shared/mail"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// NewUser is what a person without an account gives on the sign-in page's "Request a
// new user" form. Person holds their details; its Email is the address as
// validate.Email normalised it, already checked to be a business address.
type NewUser struct {
	Person  portal.User
	Apps    []string
	Comment string
}

// Companies finds the organisations that verified a mail domain.
type Companies func(ctx context.Context, domain string) ([]portal.Organisation, error)

// SubmitNewUser files the requests of a person who has no account yet. The answer is
// the same whatever happens, so that nobody learns from it whether an address has an
// account; the mail tells the owner of the address:
//   - no account, and exactly one organisation verified the address's domain: the
//     account is created in it, pending approval, unclaimed and without a password, with one
//     pending request per application (whatever the application, a person nobody
//     knows yet waits for its approver) and the confirmation mail with the numbers;
//     the first approval mails the activation link;
//   - an account already exists: the mail says so, with links to sign in and to
//     choose a new password;
//   - no single organisation verified the domain: the mail says that the address
//     could not be linked to a customer company and links to registration.
//
// The applications are checked against the catalog first, so that a wrong list is
// refused the same way in every case.
func (s *Service) SubmitNewUser(ctx context.Context, in NewUser, companies Companies, audit Auditor) error {
	catalog, err := s.Store.Applications(ctx)
	if err != nil {
		return err
	}
	wishes, err := pick(catalog, in.Apps, nil)
	if err != nil {
		return err
	}
	// The companies are looked up for an address with an account too, so that
	// both cost the same round trips.
	email := in.Person.Email
	orgs, err := companies(ctx, email[strings.LastIndexByte(email, '@')+1:])
	if err != nil {
		return err
	}
	if _, err := s.Store.AccountByEmail(ctx, in.Person.Email); err == nil {
		return s.tell(ctx, in, "signup_existing")
	} else if !portal.Is(err, portal.NotFound) {
		return err
	}
	if len(orgs) != 1 {
		return s.tell(ctx, in, "access_unlinked")
	}
	u := in.Person
	u.ID, u.OrgID, u.Lang, u.Role, u.Status, u.Created = portal.NewID(), orgs[0].ID, mail.PickLang(u.Lang), portal.RoleUser, portal.StatusPendingApproval, s.now()
	// Anyone may ask in anyone's name: the account does not hold the address until
	// its owner proves they receive its mail (activation or reset link), and a
	// sign-up of the owner supersedes it.
	u.Unclaimed = true
	f, err := s.file(ctx, asker{acc: store.Account{User: u}, orgName: orgs[0].Name}, wishes, in.Comment, audit)
	if err != nil {
		return err
	}
	// A login is the address's local part; another person's login gets the new
	// person's id appended.
	for _, login := range []string{loginOf(email, ""), loginOf(email, u.ID)} {
		u.Login = login
		err = s.Store.CreateUser(ctx, u, "", f.ops...)
		if portal.CodeOf(err) != "login_taken" {
			break
		}
	}
	if portal.CodeOf(err) == "email_taken" {
		// Someone created the account in between: answer as for an existing one.
		return s.tell(ctx, in, "signup_existing")
	}
	return err
}

// tell mails the owner of the address why no request was filed.
func (s *Service) tell(ctx context.Context, in NewUser, template string) error {
	m, err := s.mailOp(in.Person.Email, in.Person.Lang, template, "", map[string]any{
		"SignInURL": s.link(PageSignIn), "ResetURL": s.link(PageForgotPassword), "RegisterURL": s.link(PageRegister),
	})
	if err != nil {
		return err
	}
	return s.Store.Table().Transact(ctx, m)
}

// loginOf derives a login from an address: its local part with anything but
// letters, digits, '.', '_' and '-' dropped, and suffix appended when given; a login
// shorter than 8 characters also gets the suffix "-guichet".
func loginOf(email, suffix string) string {
	local := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			return r
		}
		return -1
	}, strings.ToLower(email[:strings.LastIndexByte(email, '@')]))
	if suffix != "" {
		local += "-" + strings.ToLower(suffix)
	}
	if len(local) < 8 {
		local += "-guichet"
	}
	return local[:min(len(local), 64)]
}
