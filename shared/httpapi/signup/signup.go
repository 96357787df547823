package signup

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
	"github.com/guichet/guichet/shared/validate"
)

// Signup is the registration feature: prove a business address with a mailed code,
// give one's details and password, and join the organisation that verified the
// address's domain or ask for one's own; then follow the registration while it
// waits. It also rates passwords for the page's meter.
var Signup = httpapi.Feature{Name: "signup", Routes: func(rt *httpapi.Router, pd *httpapi.Deps) {
	d := &deps{pd}
	rt.Handle("POST /api/v1/signup", d.startSignup)
	rt.Handle("POST /api/v1/signup/verify", d.verifySignup)
	rt.Handle("GET /api/v1/signup/organisations", d.signupOrganisations)
	rt.Handle("POST /api/v1/signup/complete", d.completeSignup)
	rt.Handle("GET /api/v1/signup/status", d.signupStatus)
	rt.Handle("POST /api/v1/password/strength", d.passwordStrength)
}}

// SignupTokenHeader carries the sign-up token on GET /api/v1/signup/organisations,
// which keeps it out of addresses and logs.
const SignupTokenHeader = "X-Signup-Token"

// maxJoinRequestMails bounds the administrators mailed about one join request, so
// that the mails fit in the transaction that creates the account.
const maxJoinRequestMails = 25

// signupAddress reads the address of a sign-up: valid, canonical, and at a business
// domain (neither on the built-in list of free and disposable providers nor on the
// operators').
func (d *deps) signupAddress(ctx context.Context, s string) (string, error) {
	email, err := validate.Email(s)
	if err != nil {
		return "", &portal.Error{Kind: portal.Invalid, Code: "invalid_fields", Fields: []portal.FieldError{{Field: "email", Code: validate.CodeOf(err)}}}
	}
	if err := d.BusinessDomain(ctx, validate.DomainOf(email)); err != nil {
		return "", err
	}
	return email, nil
}

type signupStartBody struct {
	Email string `json:"email"`
	Lang  string `json:"lang"`
}

// signupStarted is the one answer to a sign-up start, whether the address is new or
// already has an account.
type signupStarted struct {
	Next               string `json:"next"`
	Email              string `json:"email"`
	ExpiresInSeconds   int    `json:"expiresInSeconds"`
	ResendAfterSeconds int    `json:"resendAfterSeconds"`
}

// mailLang is the language of a form's mail: the one the form names, else the
// caller's.
func mailLang(f *portal.Fields, r *http.Request, lang string) string {
	switch lang {
	case "":
		return httpapi.Lang(r)
	case "fr", "en":
		return lang
	}
	f.Add("lang", "format")
	return ""
}

// startSignup mails a code to a new address, or tells the owner of a taken one that
// they already have an account. Both answer 202 with the same body after the same
// reads and writes, so the answer does not tell which. Asking again replaces the
// code, at most once a minute (429 code_resend_too_soon with Retry-After) and five
// times an hour (429 rate_limited).
func (d *deps) startSignup(w http.ResponseWriter, r *http.Request) error {
	var in signupStartBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	var f portal.Fields
	lang := mailLang(&f, r, in.Lang)
	if err := f.Err(); err != nil {
		return err
	}
	email, err := d.signupAddress(ctx, in.Email)
	if err != nil {
		return err
	}
	if err := auth.SignupPerIP.AllowFrom(ctx, d.Store, portal.CallerFrom(r.Context()).Address, d.Trusted, d.Time()); err != nil {
		return err
	}
	c, wait, err := d.Auth.NewSignupCode(ctx, email)
	if wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
	}
	if err != nil {
		return err
	}
	var m table.Op
	if c.Taken {
		m, err = d.Notice(email, lang, "signup_existing", map[string]any{
			"SignInURL": d.PageLink(httpapi.PageSignIn, ""), "ResetURL": d.PageLink(httpapi.PageForgotPassword, "")})
	} else {
		m, err = d.Notice(email, lang, "signup_code", map[string]any{"Code": c.Code})
	}
	if err != nil {
		return err
	}
	if err := d.Store.Table().Transact(ctx, c.Op, m); err != nil {
		if portal.Is(err, portal.Conflict) {
			// Another request sent a code to this address at the same moment.
			w.Header().Set("Retry-After", strconv.Itoa(int(auth.SignupResendAfter/time.Second)))
			return portal.E(portal.RateLimited, "code_resend_too_soon", "a code was just sent")
		}
		return err
	}
	httpapi.WriteJSON(w, http.StatusAccepted, signupStarted{Next: "code", Email: email,
		ExpiresInSeconds: int(auth.SignupCodeTTL / time.Second), ResendAfterSeconds: int(auth.SignupResendAfter / time.Second)})
	return nil
}

type signupVerifyBody struct {
	Email string `json:"email"`
	Code  string `json:"code"`
}

type signupVerified struct {
	SignupToken      string `json:"signupToken"`
	ExpiresInSeconds int    `json:"expiresInSeconds"`
	Email            string `json:"email"`
	httpapi.Candidates
}

// verifySignup checks the code mailed to the address and answers with the sign-up
// token that completes the registration, and the organisations to choose from.
func (d *deps) verifySignup(w http.ResponseWriter, r *http.Request) error {
	var in signupVerifyBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	var f portal.Fields
	email, err := validate.Email(in.Email)
	if err != nil {
		f.Add("email", validate.CodeOf(err))
	}
	code := strings.Join(strings.Fields(in.Code), "")
	switch {
	case code == "":
		f.Add("code", "required")
	case len(code) != 6 || strings.Trim(code, "0123456789") != "":
		f.Add("code", "format")
	}
	if err := f.Err(); err != nil {
		return err
	}
	ctx := r.Context()
	token, op := d.Auth.NewSignupToken(email)
	if err := d.Auth.CheckSignupCode(ctx, email, code, op); err != nil {
		return err
	}
	c, err := d.domainCandidates(ctx, validate.DomainOf(email))
	if err != nil {
		return err
	}
	return httpapi.Reply(w, signupVerified{SignupToken: token, ExpiresInSeconds: int(auth.SignupTokenTTL / time.Second), Email: email, Candidates: c})
}

// domainCandidates lists the organisations that verified domain, in two round trips.
func (d *deps) domainCandidates(ctx context.Context, domain string) (httpapi.Candidates, error) {
	claim, err := d.Store.DomainClaim(ctx, domain)
	if err != nil {
		return httpapi.Candidates{}, err
	}
	return d.Candidates(ctx, claim)
}

// signupOrganisations lists the candidates again for the sign-up token in the
// X-Signup-Token header, for a page that was reloaded.
func (d *deps) signupOrganisations(w http.ResponseWriter, r *http.Request) error {
	o, err := d.Auth.SignupToken(r.Context(), r.Header.Get(SignupTokenHeader))
	if err != nil {
		return err
	}
	c, err := d.domainCandidates(r.Context(), validate.DomainOf(o.Data["email"]))
	if err != nil {
		return err
	}
	return httpapi.Reply(w, c)
}

// organisationBody is what a person says about their organisation when none
// verified their domain.
type organisationBody struct {
	LegalName      string `json:"legalName"`
	RegistrationNo string `json:"registrationNo"`
	Address        string `json:"address"`
	Country        string `json:"country"`
	Website        string `json:"website"`
}

// The bounds of an organisation request's fields.
const (
	maxLegalNameLen = 200
	maxAddressLen   = 500
)

func (b organisationBody) clean(f *portal.Fields) portal.OrganisationRequest {
	field := func(name string, rule func() (string, error)) string {
		out, err := rule()
		if err != nil {
			f.Add("newOrganisation."+name, validate.CodeOf(err))
		}
		return out
	}
	o := portal.OrganisationRequest{
		LegalName: field("legalName", func() (string, error) { return validate.Text(b.LegalName, maxLegalNameLen, true, false) }),
		Address:   field("address", func() (string, error) { return validate.Text(b.Address, maxAddressLen, true, true) }),
		Country:   field("country", func() (string, error) { return validate.Country(b.Country) }),
		Website:   field("website", func() (string, error) { return validate.Website(b.Website) }),
	}
	o.RegistrationNo = field("registrationNo", func() (string, error) { return validate.RegistrationNo(b.RegistrationNo, o.Country) })
	return o
}

type signupCompleteBody struct {
	SignupToken string `json:"signupToken"`
	httpapi.UserDetails
	Password        string            `json:"password"`
	OrganisationID  string            `json:"organisationId"`
	NewOrganisation *organisationBody `json:"newOrganisation"`
	// Partner is the sign-up's "additional access" choice: the person works for a
	// partner, or wants to become one; NewOrganisation then describes that company.
	Partner bool `json:"partner"`
}

// registrationView is a registration as the person who made it follows it.
type registrationView struct {
	Kind         portal.RegistrationKind  `json:"kind"`
	State        portal.RegistrationState `json:"state"`
	Organisation string                   `json:"organisation"`
	Reason       string                   `json:"reason,omitempty"`
	Created      time.Time                `json:"created"`
	Decided      time.Time                `json:"decided,omitzero"`
}

func viewRegistration(reg portal.Registration) registrationView {
	return registrationView{Kind: reg.Kind, State: reg.State, Organisation: reg.OrgName, Reason: reg.Reason, Created: reg.Created, Decided: reg.Decided}
}

type signupCompleted struct {
	httpapi.SessionView
	Registration registrationView `json:"registration"`
}

// completeSignup creates the account of a proven address, with its registration,
// in one transaction: joining the organisation chosen among those that verified the
// domain (pending its administrators' approval, or ready at once when it approves
// automatically), or asking for a new organisation (pending, in the operators'
// queue). The sign-up token is used up by it, so of many requests completing one
// address one creates the account. The person is signed in.
func (d *deps) completeSignup(w http.ResponseWriter, r *http.Request) error {
	var in signupCompleteBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	o, err := d.Auth.SignupToken(ctx, in.SignupToken)
	if err != nil {
		return err
	}
	email := o.Data["email"]
	domain := validate.DomainOf(email)
	var f portal.Fields
	if in.Lang == "" {
		in.Lang = httpapi.Lang(r)
	}
	in.UserDetails = in.UserDetails.Clean(&f)
	u := portal.User{ID: portal.NewID(), Email: email, Login: email, Civility: in.Civility, FirstName: in.FirstName,
		LastName: in.LastName, JobTitle: in.JobTitle, Phone: in.Phone, Lang: in.Lang, Address: in.Address,
		Role: portal.RoleUser, Status: portal.StatusPendingApproval, Created: d.Time().UTC()}
	httpapi.PasswordProblems(&f, "password", in.Password, u)
	claim, err := d.Store.DomainClaim(ctx, domain)
	if err != nil {
		return err
	}
	reg := portal.Registration{ID: u.ID, State: portal.RegistrationPending, Domain: domain, Email: email,
		Civility: u.Civility, FirstName: u.FirstName, LastName: u.LastName, JobTitle: u.JobTitle, Phone: u.Phone,
		Lang: u.Lang, Created: u.Created}
	var org portal.Organisation
	switch {
	case in.Partner && in.NewOrganisation == nil:
		f.Add("newOrganisation", "required")
	case in.NewOrganisation != nil:
		if len(claim.OrgIDs) > 0 && !claim.Shared {
			f.Add("newOrganisation", "organisation_exists")
		}
		req := in.NewOrganisation.clean(&f)
		reg.Kind, reg.OrgID, reg.OrgName, reg.Organisation = portal.RegistrationOrganisation, portal.UnlinkedOrg, req.LegalName, &req
		if in.Partner {
			reg.Kind = portal.RegistrationPartner
		}
	case len(claim.OrgIDs) == 0:
		f.Add("newOrganisation", "required")
	case in.OrganisationID == "" && len(claim.OrgIDs) > 1:
		f.Add("organisationId", "required")
	default:
		id := in.OrganisationID
		if id == "" {
			id = claim.OrgIDs[0]
		}
		if !claim.Verified(id) {
			f.Add("organisationId", "unknown_organisation")
			break
		}
		if org, err = d.Store.Organisation(ctx, id); portal.Is(err, portal.NotFound) {
			f.Add("organisationId", "unknown_organisation")
		} else if err != nil {
			return err
		}
		reg.Kind, reg.OrgID, reg.OrgName = portal.RegistrationJoin, org.ID, org.Name
	}
	if err := f.Err(); err != nil {
		return err
	}
	u.OrgID = reg.OrgID
	if org.AutoApprove {
		u.Status = portal.StatusReady
		reg.State, reg.AutoApproved, reg.Decided = portal.RegistrationApproved, true, u.Created
	}
	mails, err := d.registrationMails(ctx, reg)
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(in.Password, d.Auth.Params)
	if err != nil {
		return err
	}
	ops := append([]table.Op{store.UseOneTime(o), store.PutRegistration(reg)}, mails...)
	err = d.Store.CreateUser(ctx, u, hash, ops...)
	if portal.CodeOf(err) == "email_taken" {
		// Someone else's request in this address's name does not hold it.
		if again, serr := d.supersedeRequest(r, email); serr != nil {
			return serr
		} else if again {
			err = d.Store.CreateUser(ctx, u, hash, ops...)
		}
	}
	if err != nil {
		if portal.Is(err, portal.Conflict) {
			if _, again := d.Auth.SignupToken(ctx, in.SignupToken); again != nil {
				// Another request completed this sign-up first.
				return again
			}
		}
		return err
	}
	sess, err := d.RenewSession(w, r, u, httpapi.SessionLimit(store.Account{User: u}, u.Status == portal.StatusReady && org.MFARequired))
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusCreated, signupCompleted{
		SessionView:  httpapi.SessionView{User: u, CSRF: sess.CSRF, MFAEnrolmentRequired: u.Status == portal.StatusReady && org.MFARequired},
		Registration: viewRegistration(reg)})
	return nil
}

// registrationMails are the mails a new registration sends: to the person, that it
// waits (or, approved at once, that they are in); and for a pending join request,
// to each administrator of the organisation, in their own language.
func (d *deps) registrationMails(ctx context.Context, reg portal.Registration) ([]table.Op, error) {
	if reg.State == portal.RegistrationApproved {
		m, err := d.DecisionMail(reg, false)
		return []table.Op{m}, err
	}
	m, err := d.Notice(reg.Email, reg.Lang, "registration_received", map[string]any{"Name": reg.FirstName,
		"Join": reg.Kind == portal.RegistrationJoin, "Partner": reg.Kind == portal.RegistrationPartner, "Organisation": reg.OrgName, "Link": d.PageLink(httpapi.PageRegistrationStatus, "")})
	if err != nil || reg.Kind != portal.RegistrationJoin {
		return []table.Op{m}, err
	}
	ops := []table.Op{m}
	admins, err := d.Store.Administrators(ctx, reg.OrgID)
	if err != nil {
		return nil, err
	}
	for _, a := range admins {
		if a.Status != portal.StatusReady {
			continue
		}
		if len(ops) > maxJoinRequestMails {
			break
		}
		m, err := d.Notice(a.Email, a.Lang, "join_request", map[string]any{"Name": a.FirstName, "Requester": reg.FullName(),
			"RequesterEmail": reg.Email, "JobTitle": reg.JobTitle, "Organisation": reg.OrgName, "Link": d.PageLink(httpapi.PageJoinRequests, "")})
		if err != nil {
			return nil, err
		}
		ops = append(ops, m)
	}
	return ops, nil
}

// signupStatus tells a signed-in person where their registration stands.
func (d *deps) signupStatus(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.Allow(r, auth.ActSelfRead, httpapi.Self)
	if err != nil {
		return err
	}
	reg, err := d.Store.Registration(r.Context(), p.UserID)
	if err != nil {
		return err
	}
	return httpapi.Reply(w, viewRegistration(reg))
}

type strengthBody struct {
	Password  string `json:"password"`
	Email     string `json:"email"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
}

// passwordStrength rates a password for the page's meter: the policy's problems and
// a score, judged against the person's own address and names when given.
func (d *deps) passwordStrength(w http.ResponseWriter, r *http.Request) error {
	var in strengthBody
	if err := httpapi.Decode(r, &in); err != nil {
		return err
	}
	return httpapi.Reply(w, validate.PasswordStrength(in.Password, in.Email, in.FirstName, in.LastName))
}

// deps are the platform's dependencies, on which the signup area's handlers are
// methods.
type deps struct{ *httpapi.Deps }
