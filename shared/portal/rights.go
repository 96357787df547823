package portal

import "time"

// Section is one part of the portal a contract's rights are granted on.
type Section string

// The sections, in the order the portal shows them.
const (
	SectionContracts Section = "contracts"
	SectionDocuments Section = "documents"
	SectionInvoices  Section = "invoices"
	SectionOrders    Section = "orders"
	SectionServices  Section = "services"
	SectionSupport   Section = "support"
	SectionUsers     Section = "users"
	SectionDashboard Section = "dashboard"
)

// Sections lists every section in display order.
var Sections = []Section{SectionContracts, SectionDocuments, SectionInvoices, SectionOrders,
	SectionServices, SectionSupport, SectionUsers, SectionDashboard}

// Valid reports whether s is one of Sections.
func (s Section) Valid() bool {
	for _, v := range Sections {
		if v == s {
			return true
		}
	}
	return false
}

// Level is what a user may do in one section of one contract.
type Level string

// The levels, from none to all. The empty Level means None.
const (
	LevelNone    Level = "none"
	LevelVisitor Level = "visitor"
	LevelManager Level = "manager"
)

// Rank orders levels so that "at least Visitor" is a comparison; an unknown level
// ranks as None.
func (l Level) Rank() int {
	switch l {
	case LevelVisitor:
		return 1
	case LevelManager:
		return 2
	}
	return 0
}

// Valid reports whether l is one of the three levels.
func (l Level) Valid() bool { return l == LevelNone || l == LevelVisitor || l == LevelManager }

// ContractRights is what one user holds on one contract.
type ContractRights struct {
	// Sections holds the levels above None; a missing section is None.
	Sections map[Section]Level `json:"sections,omitempty"`
	// Supported users may open and manage support cases on the contract.
	Supported bool `json:"supported,omitempty"`
	// Referent marks the contract's one referent user, who sees every section of it.
	Referent bool `json:"referent,omitempty"`
}

// Level is the user's level in section s, counting the referent's implicit Visitor.
func (c ContractRights) Level(s Section) Level {
	l := c.Sections[s]
	if l.Rank() == 0 {
		l = LevelNone
	}
	if c.Referent && l.Rank() < LevelVisitor.Rank() {
		return LevelVisitor
	}
	return l
}

// Empty reports whether the rights grant nothing at all.
func (c ContractRights) Empty() bool {
	for _, l := range c.Sections {
		if l.Rank() > 0 {
			return false
		}
	}
	return !c.Supported && !c.Referent
}

// Rights are a user's rights, by contract id.
type Rights map[string]ContractRights

// Contract is an agreement between the vendor and a customer organisation, which the
// organisation's users are given rights on.
type Contract struct {
	ID        string `json:"id"`
	OrgID     string `json:"orgId"`
	Name      string `json:"name"`
	Reference string `json:"reference"`
	Offer     string `json:"offer,omitempty"`
	// Start and End are calendar dates (YYYY-MM-DD); End is empty for an open-ended
	// contract.
	Start      string `json:"start"`
	End        string `json:"end,omitempty"`
	ReferentID string `json:"referentId"`
	// Currency is the ISO 4217 code amounts of the contract are in (DefaultCurrency
	// when empty, for contracts made before it existed).
	Currency string `json:"currency,omitempty"`
	// Budget is the monthly budget in minor units of Currency a Manager allocated;
	// zero for none.
	Budget  int64     `json:"budget,omitempty"`
	Created time.Time `json:"created"`
	Version int64     `json:"version"`
}
