// Package catalogue holds the rules of the service catalogue, called by its
// handlers now and by checkout later: what a service definition must be (names,
// category, "learn more" page rendered safely, order form or plans), how a price
// change makes a new price version, which images a logo may be, and how a
// person's answers to an order form are checked against the form.
package catalogue

import (
	"slices"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/markdown"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/validate"
)

// The bounds of a service definition.
const (
	MaxName       = 100
	MaxSummary    = 300
	MaxLearnMore  = 20000
	MaxLabel      = 200
	MaxHelp       = 500
	MaxFields     = 50
	MaxOptions    = 50
	MaxPlans      = 20
	MaxOffers     = 20
	MaxContracts  = 200
	MaxQuantity   = 100000
	MaxCancelDays = 365
	// MaxUnitPrice bounds a unit price (in minor units): ten million a unit.
	MaxUnitPrice = 1_000_000_000
)

// ValidFieldID reports whether s may name a field, an option or a plan: 1 to 40
// lower-case letters, digits, '_' and '-', starting with a letter, so that it is
// a stable key in answers and in the portal's markup.
func ValidFieldID(s string) bool {
	if s == "" || len(s) > 40 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// text checks one text in both languages: required asks for both.
func text(f *portal.Fields, field string, t portal.Text, max int, required, multiline bool) portal.Text {
	var out portal.Text
	for _, l := range []struct {
		lang string
		in   string
		out  *string
	}{{"fr", t.FR, &out.FR}, {"en", t.EN, &out.EN}} {
		s, err := validate.Text(l.in, max, required, multiline)
		if err != nil {
			f.Add(field+"."+l.lang, validate.CodeOf(err))
		}
		*l.out = s
	}
	return out
}

// Check validates a service definition as operators send it and normalises it in
// place (trimmed texts, the "learn more" page rendered). A direct service needs a
// form of one field at least and no plans; a marketplace service one plan at least
// and no form. Field errors are named as the body's fields ("plans.0.prices").
func Check(f *portal.Fields, s *portal.CatalogueService) {
	switch s.Kind {
	case portal.ServiceDirect, portal.ServiceMarketplace:
	case "":
		f.Add("kind", validate.CodeRequired)
	default:
		f.Add("kind", validate.CodeFormat)
	}
	s.Name = text(f, "name", s.Name, MaxName, true, false)
	s.Summary = text(f, "summary", s.Summary, MaxSummary, true, true)
	s.LearnMore = text(f, "learnMore", s.LearnMore, MaxLearnMore, false, true)
	s.LearnMoreHTML = portal.Text{FR: markdown.Render(s.LearnMore.FR), EN: markdown.Render(s.LearnMore.EN)}
	if _, ok := portal.CategoryName(s.Category); !ok {
		f.Add("category", map[bool]string{true: validate.CodeRequired, false: validate.CodeFormat}[s.Category == ""])
	}
	checkOffers(f, s)
	switch s.Kind {
	case portal.ServiceDirect:
		if len(s.Form) == 0 {
			f.Add("form", validate.CodeRequired)
		}
		if len(s.Plans) > 0 {
			f.Add("plans", "not_allowed")
		}
		s.Form = CheckForm(f, "form", s.Form)
	case portal.ServiceMarketplace:
		if len(s.Plans) == 0 {
			f.Add("plans", validate.CodeRequired)
		}
		if len(s.Form) > 0 {
			f.Add("form", "not_allowed")
		}
		checkPlans(f, s)
	}
}

func checkOffers(f *portal.Fields, s *portal.CatalogueService) {
	if len(s.Offers) > MaxOffers {
		f.Add("offers", "too_many")
	}
	seen := map[string]bool{}
	offers := make([]string, 0, len(s.Offers))
	for i, o := range s.Offers {
		o, err := validate.Text(o, 60, true, false)
		if err != nil {
			f.Add("offers."+itoa(i), validate.CodeOf(err))
			continue
		}
		if !seen[o] {
			seen[o] = true
			offers = append(offers, o)
		}
	}
	s.Offers = offers
	if len(s.Contracts) > MaxContracts {
		f.Add("contracts", "too_many")
	}
	for i, c := range s.Contracts {
		if !validID(c.OrgID) || !validID(c.ContractID) {
			f.Add("contracts."+itoa(i), validate.CodeFormat)
		}
	}
	s.Contracts = slices.CompactFunc(s.Contracts, func(a, b portal.ContractRef) bool { return a == b })
}

// validID has the shape of the ids the portal gives organisations and contracts
// (as httpapi.ValidID): they become parts of no key here, but are compared with
// keys' parts.
func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// CheckForm validates the fields of an order form or of a plan's provisioning
// parameters, named under prefix.
func CheckForm(f *portal.Fields, prefix string, form []portal.Field) []portal.Field {
	if len(form) > MaxFields {
		f.Add(prefix, "too_many")
		return form
	}
	seen := map[string]bool{}
	for i := range form {
		fd := &form[i]
		name := prefix + "." + itoa(i)
		if !ValidFieldID(fd.ID) {
			f.Add(name+".id", validate.CodeFormat)
		} else if seen[fd.ID] {
			f.Add(name+".id", "duplicate")
		}
		seen[fd.ID] = true
		if !fd.Type.Valid() {
			f.Add(name+".type", validate.CodeFormat)
		}
		fd.Label = text(f, name+".label", fd.Label, MaxLabel, true, false)
		fd.Help = text(f, name+".help", fd.Help, MaxHelp, false, true)
		if fd.Type != portal.FieldNumber && (fd.Min != nil || fd.Max != nil) {
			f.Add(name+".min", "not_allowed")
		}
		if fd.Min != nil && fd.Max != nil && *fd.Min > *fd.Max {
			f.Add(name+".max", "number_range")
		}
		switch {
		case fd.Type == portal.FieldText && (fd.MaxLength < 0 || fd.MaxLength > MaxTextLength),
			fd.Type == portal.FieldLongText && (fd.MaxLength < 0 || fd.MaxLength > MaxLongTextLength),
			fd.Type != portal.FieldText && fd.Type != portal.FieldLongText && fd.MaxLength != 0:
			f.Add(name+".maxLength", validate.CodeFormat)
		}
		choice := fd.Type == portal.FieldChoice || fd.Type == portal.FieldChoices
		switch {
		case choice && len(fd.Options) == 0:
			f.Add(name+".options", validate.CodeRequired)
		case !choice && len(fd.Options) > 0:
			f.Add(name+".options", "not_allowed")
		case len(fd.Options) > MaxOptions:
			f.Add(name+".options", "too_many")
		}
		values := map[string]bool{}
		for j := range fd.Options {
			o := &fd.Options[j]
			oname := name + ".options." + itoa(j)
			if !ValidFieldID(o.Value) {
				f.Add(oname+".value", validate.CodeFormat)
			} else if values[o.Value] {
				f.Add(oname+".value", "duplicate")
			}
			values[o.Value] = true
			o.Label = text(f, oname+".label", o.Label, MaxLabel, true, false)
		}
	}
	return form
}

func checkPlans(f *portal.Fields, s *portal.CatalogueService) {
	if len(s.Plans) > MaxPlans {
		f.Add("plans", "too_many")
		return
	}
	seen := map[string]bool{}
	for i := range s.Plans {
		p := &s.Plans[i]
		name := "plans." + itoa(i)
		if !ValidFieldID(p.ID) {
			f.Add(name+".id", validate.CodeFormat)
		} else if seen[p.ID] {
			f.Add(name+".id", "duplicate")
		}
		seen[p.ID] = true
		p.Name = text(f, name+".name", p.Name, MaxName, true, false)
		p.Summary = text(f, name+".summary", p.Summary, MaxSummary, false, true)
		p.Unit = text(f, name+".unit", p.Unit, 40, true, false)
		if !portal.ValidCurrency(p.Currency) {
			f.Add(name+".currency", map[bool]string{true: validate.CodeRequired, false: validate.CodeFormat}[p.Currency == ""])
		}
		if len(p.Prices) == 0 {
			f.Add(name+".prices", validate.CodeRequired)
		}
		terms := map[portal.Term]bool{}
		for j, pr := range p.Prices {
			pname := name + ".prices." + itoa(j)
			if !pr.Term.Valid() {
				f.Add(pname+".term", validate.CodeFormat)
			} else if terms[pr.Term] {
				f.Add(pname+".term", "duplicate")
			}
			terms[pr.Term] = true
			if pr.Amount < 0 || pr.Amount > MaxUnitPrice {
				f.Add(pname+".amount", "price_range")
			}
		}
		slices.SortFunc(p.Prices, func(a, b portal.Price) int {
			return slices.Index(portal.Terms, a.Term) - slices.Index(portal.Terms, b.Term)
		})
		if p.MinQuantity < 1 || p.MinQuantity > MaxQuantity {
			f.Add(name+".minQuantity", "number_range")
		}
		if p.MaxQuantity < p.MinQuantity || p.MaxQuantity > MaxQuantity {
			f.Add(name+".maxQuantity", "number_range")
		}
		if p.CancelDays < 0 || p.CancelDays > MaxCancelDays {
			f.Add(name+".cancelDays", "number_range")
		}
		p.Params = CheckForm(f, name+".params", p.Params)
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// Reprice gives each plan of next its price version: the one of the same plan in
// prev when its currency and prices are unchanged, else the next version (1 for a
// new plan, or one prev never had). It returns the price sets of the new versions,
// which the store keeps with the service, so that an order placed with any version
// can show it. prev is nil for a new service.
func Reprice(prev *portal.CatalogueService, next *portal.CatalogueService, now time.Time) []portal.PriceSet {
	var sets []portal.PriceSet
	for i := range next.Plans {
		p := &next.Plans[i]
		var old portal.Plan
		var had bool
		if prev != nil {
			old, had = prev.Plan(p.ID)
		}
		if had && old.Currency == p.Currency && slices.Equal(old.Prices, p.Prices) {
			p.PriceVersion = old.PriceVersion
			continue
		}
		p.PriceVersion = old.PriceVersion + 1
		sets = append(sets, portal.PriceSet{ServiceID: next.ID, PlanID: p.ID, Version: p.PriceVersion, Currency: p.Currency,
			Prices: slices.Clone(p.Prices), From: now})
	}
	return sets
}

// MaxLogoBytes bounds a logo.
const MaxLogoBytes = 256 * 1024

// LogoType returns the media type of a logo's bytes as their content shows it,
// never as the upload claims: PNG, JPEG or WebP. SVG is refused, not sanitised: it
// is a document that can carry scripts and outside references, and no sanitiser
// kept small here would be trusted with it; operators export a PNG instead. The
// codes are "logo_too_large" and "logo_type".
func LogoType(b []byte) (string, string) {
	if len(b) > MaxLogoBytes {
		return "", "logo_too_large"
	}
	switch {
	case len(b) >= 8 && string(b[:8]) == "\x89PNG\r\n\x1a\n":
		return "image/png", ""
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return "image/jpeg", ""
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "image/webp", ""
	}
	return "", "logo_type"
}

// LogoExt is the file extension of a logo's media type.
func LogoExt(contentType string) string {
	return strings.TrimPrefix(contentType, "image/")
}
