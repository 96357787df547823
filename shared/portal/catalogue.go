package portal

import "time"

// ServiceKind tells how a service of the catalogue is ordered.
type ServiceKind string

// The service kinds: a managed service ordered through a form operators define
// (Orange-style), or licensed products bought by the unit from plans with billing
// terms (Colt-style marketplace).
const (
	ServiceDirect      ServiceKind = "direct"
	ServiceMarketplace ServiceKind = "marketplace"
)

// FieldType is the type of a field of a direct order form or of a plan's
// provisioning parameters.
type FieldType string

// The field types.
const (
	FieldText     FieldType = "text"
	FieldEmail    FieldType = "email"
	FieldPhone    FieldType = "phone"
	FieldNumber   FieldType = "number"
	FieldChoice   FieldType = "choice"
	FieldChoices  FieldType = "choices"
	FieldDate     FieldType = "date"
	FieldLongText FieldType = "longtext"
	FieldCheckbox FieldType = "checkbox"
)

// FieldTypes lists every field type, in the order the back office offers them.
var FieldTypes = []FieldType{FieldText, FieldEmail, FieldPhone, FieldNumber, FieldChoice, FieldChoices,
	FieldDate, FieldLongText, FieldCheckbox}

// Valid reports whether t is one of FieldTypes.
func (t FieldType) Valid() bool {
	for _, v := range FieldTypes {
		if v == t {
			return true
		}
	}
	return false
}

// Option is one answer a choice field offers: Value is what the answer holds,
// Label what people read.
type Option struct {
	Value string `json:"value"`
	Label Text   `json:"label"`
}

// Field is one question of an order form. Its ID names the answer; Min and Max
// bound a number field's value (whole numbers), MaxLength a text's characters
// (the type's own limit when zero); Options are a choice field's answers.
type Field struct {
	ID        string    `json:"id"`
	Type      FieldType `json:"type"`
	Label     Text      `json:"label"`
	Help      Text      `json:"help"`
	Required  bool      `json:"required"`
	Min       *int64    `json:"min,omitempty"`
	Max       *int64    `json:"max,omitempty"`
	MaxLength int       `json:"maxLength,omitempty"`
	Options   []Option  `json:"options,omitempty"`
}

// Term is a plan's billing term: how long the customer commits, and how often it
// is billed, the three options of Microsoft's New Commerce Experience.
type Term string

// The terms, as commitment_billing.
const (
	TermMonthlyMonthly Term = "monthly_monthly"
	TermAnnualMonthly  Term = "annual_monthly"
	TermAnnualAnnual   Term = "annual_annual"
)

// Terms lists every term, from the most flexible to the longest commitment.
var Terms = []Term{TermMonthlyMonthly, TermAnnualMonthly, TermAnnualAnnual}

// Valid reports whether t is one of Terms.
func (t Term) Valid() bool {
	for _, v := range Terms {
		if v == t {
			return true
		}
	}
	return false
}

// BillingMonths is how many months one bill of the term covers (1 or 12).
func (t Term) BillingMonths() int {
	if t == TermAnnualAnnual {
		return 12
	}
	return 1
}

// CommitmentMonths is how many months the customer commits to (1 or 12).
func (t Term) CommitmentMonths() int {
	if t == TermMonthlyMonthly {
		return 1
	}
	return 12
}

// Price is what one unit of a plan costs per billing period of Term, in minor
// units of the plan's currency.
type Price struct {
	Term   Term  `json:"term"`
	Amount int64 `json:"amount"`
}

// DefaultCancelDays is how many days after a purchase or a renewal a plan may be
// cancelled when operators set nothing else.
const DefaultCancelDays = 7

// Plan is one product of a marketplace service, bought by the unit.
type Plan struct {
	ID      string `json:"id"`
	Name    Text   `json:"name"`
	Summary Text   `json:"summary"`
	// Unit is what a quantity counts ("seat", "instance", "GB"), in both languages.
	Unit     Text    `json:"unit"`
	Currency string  `json:"currency"`
	Prices   []Price `json:"prices"`
	// PriceVersion counts the plan's price changes: an order records the version
	// it was placed with, whose prices stay readable (PriceSet).
	PriceVersion int `json:"priceVersion"`
	MinQuantity  int `json:"minQuantity"`
	MaxQuantity  int `json:"maxQuantity"`
	// CancelDays is how many days after a purchase or a renewal cancelling is
	// allowed.
	CancelDays int `json:"cancelDays"`
	// Params are the provisioning parameters checkout asks for (a tenant domain).
	Params []Field `json:"params,omitempty"`
}

// PriceOf returns the unit price of term, and whether the plan offers that term.
func (p Plan) PriceOf(t Term) (int64, bool) {
	for _, pr := range p.Prices {
		if pr.Term == t {
			return pr.Amount, true
		}
	}
	return 0, false
}

// PriceSet is one version of a plan's prices, kept for good so that an order
// placed with it can always show what it cost.
type PriceSet struct {
	ServiceID string    `json:"serviceId"`
	PlanID    string    `json:"planId"`
	Version   int       `json:"version"`
	Currency  string    `json:"currency"`
	Prices    []Price   `json:"prices"`
	From      time.Time `json:"from"`
}

// ContractRef names one contract of one organisation.
type ContractRef struct {
	OrgID      string `json:"orgId"`
	ContractID string `json:"contractId"`
}

// Logo is a service's image, kept in the blob store under Key (which holds the
// hash of its bytes, so a new image has a new key and caches never serve an old
// one).
type Logo struct {
	Key         string `json:"key"`
	ContentType string `json:"contentType"`
	Size        int    `json:"size"`
}

// CatalogueService is one entry of the vendor's catalogue.
type CatalogueService struct {
	ID       string      `json:"id"`
	Kind     ServiceKind `json:"kind"`
	Name     Text        `json:"name"`
	Summary  Text        `json:"summary"`
	Category string      `json:"category"`
	// LearnMore is the "learn more" page in Markdown, as operators wrote it;
	// LearnMoreHTML its safe rendering, made when it is saved.
	LearnMore     Text  `json:"learnMore"`
	LearnMoreHTML Text  `json:"learnMoreHtml"`
	Logo          *Logo `json:"logo,omitempty"`
	// Offers and Contracts say who may order it: contracts of one of Offers, and the
	// contracts listed. Both empty: every contract.
	Offers    []string      `json:"offers,omitempty"`
	Contracts []ContractRef `json:"contracts,omitempty"`
	// Form is a direct service's order form; Plans a marketplace service's plans.
	Form  []Field `json:"form,omitempty"`
	Plans []Plan  `json:"plans,omitempty"`
	// Retired services take no new order; orders already placed are unaffected.
	Retired bool      `json:"retired,omitempty"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	Version int64     `json:"version"`
}

// OpenTo reports whether a contract may see and order the service.
func (s CatalogueService) OpenTo(c Contract) bool {
	if len(s.Offers) == 0 && len(s.Contracts) == 0 {
		return true
	}
	for _, o := range s.Offers {
		if c.Offer != "" && o == c.Offer {
			return true
		}
	}
	for _, r := range s.Contracts {
		if r.OrgID == c.OrgID && r.ContractID == c.ID {
			return true
		}
	}
	return false
}

// Plan returns the plan of id, and whether the service has it.
func (s CatalogueService) Plan(id string) (Plan, bool) {
	for _, p := range s.Plans {
		if p.ID == id {
			return p, true
		}
	}
	return Plan{}, false
}

// FromPrice is the lowest monthly equivalent of a marketplace service's unit
// prices in one currency, for the catalogue's "from" line.
type FromPrice struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
	Unit     Text   `json:"unit"`
}

// CatalogueCard is what the catalogue's list shows of a service: kept beside the
// service, so that the list reads small items only (never the forms, plans and
// pages).
type CatalogueCard struct {
	ID        string        `json:"id"`
	Kind      ServiceKind   `json:"kind"`
	Name      Text          `json:"name"`
	Summary   Text          `json:"summary"`
	Category  string        `json:"category"`
	Logo      *Logo         `json:"logo,omitempty"`
	Offers    []string      `json:"offers,omitempty"`
	Contracts []ContractRef `json:"contracts,omitempty"`
	From      *FromPrice    `json:"from,omitempty"`
	Retired   bool          `json:"retired,omitempty"`
	Updated   time.Time     `json:"updated"`
}

// Card returns the service's card; its "from" price is the lowest unit price of
// its plans per month (an annual bill counts as twelve months), in the first
// plan's currency.
func (s CatalogueService) Card() CatalogueCard {
	c := CatalogueCard{ID: s.ID, Kind: s.Kind, Name: s.Name, Summary: s.Summary, Category: s.Category, Logo: s.Logo,
		Offers: s.Offers, Contracts: s.Contracts, Retired: s.Retired, Updated: s.Updated}
	for _, p := range s.Plans {
		if c.From != nil && p.Currency != c.From.Currency {
			continue
		}
		for _, pr := range p.Prices {
			monthly := pr.Amount / int64(pr.Term.BillingMonths())
			if c.From == nil || monthly < c.From.Amount {
				c.From = &FromPrice{Amount: monthly, Currency: p.Currency, Unit: p.Unit}
			}
		}
	}
	return c
}

// OpenTo reports whether a contract may see the card's service (as CatalogueService.OpenTo).
func (c CatalogueCard) OpenTo(k Contract) bool {
	return CatalogueService{Offers: c.Offers, Contracts: c.Contracts}.OpenTo(k)
}

// Categories are the catalogue's categories, with their names; a service has one.
var Categories = []struct {
	ID   string
	Name Text
}{
	{"backup", Text{FR: "Sauvegarde", EN: "Backup"}},
	{"storage", Text{FR: "Stockage", EN: "Storage"}},
	{"collaboration", Text{FR: "Collaboration", EN: "Collaboration"}},
	{"security", Text{FR: "Sécurité", EN: "Security"}},
	{"network", Text{FR: "Réseau", EN: "Network"}},
	{"compute", Text{FR: "Calcul", EN: "Compute"}},
	{"services", Text{FR: "Services professionnels", EN: "Professional services"}},
}

// CategoryName returns a category's name, and whether it is one of Categories.
func CategoryName(id string) (Text, bool) {
	for _, c := range Categories {
		if c.ID == id {
			return c.Name, true
		}
	}
	return Text{}, false
}
