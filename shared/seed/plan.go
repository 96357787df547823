package seed

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

// The load tests' data is a plan that derives everything from an organisation's
// number, so that organisation n is the same at every scale and on every run: a
// larger scale adds organisations to a smaller one, a second run finds what the first
// wrote, and the load command knows who can sign in without reading the store.
//
// Organisation n (from 1) has the id org<n> and verified the domain org<n>.example;
// its user i (from 1) signs in as u<i>@org<n>.example with DemoPassword when the
// account has a password. User 1 is an administrator, ready, and the referent of
// every contract.

// ScaleVersion changes whenever the plan, what Scale writes or how the embedded
// store lays it out changes, so that a cached copy of a seeded store (the load
// command keeps one per scale) is not reused across versions. 2: index entries hold
// their item.
const ScaleVersion = 2

// SizeClass is how large an organisation is.
type SizeClass string

// The size classes: most customers are small, a few have hundreds of users.
const (
	Small  SizeClass = "small"  // 5 to 60 users, 75% of organisations
	Medium SizeClass = "medium" // 60 to 300 users, 20%
	Large  SizeClass = "large"  // 300 to 1,300 users, 5%
)

// SizeClasses lists the classes from small to large.
var SizeClasses = []SizeClass{Small, Medium, Large}

// ScaleOrg is one generated organisation.
type ScaleOrg struct {
	N         int
	ID        string
	Name      string
	Domain    string
	Class     SizeClass
	Users     int
	Contracts int
	Created   time.Time
}

// scaleEpoch is when the generated organisations start to be created; fixed, so that
// ids made from creation times are the same on every run.
var scaleEpoch = time.Date(2023, 1, 2, 8, 0, 0, 0, time.UTC)

// golden spreads organisation sizes evenly over the distribution for any number of
// organisations (a low-discrepancy sequence), so that even the first ten have the
// shape of the first thousand; sizePhase makes organisation 1 a large one.
const (
	golden    = 0.6180339887498949
	sizePhase = 0.35
)

// planRand is the generator of one part (what) of organisation n's data.
func planRand(n int, what uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(n), what))
}

// ScaleOrgAt returns organisation n (from 1) of the plan.
func ScaleOrgAt(n int) ScaleOrg {
	u := math.Mod(sizePhase+float64(n)*golden, 1)
	o := ScaleOrg{N: n, ID: fmt.Sprintf("org%d", n), Domain: fmt.Sprintf("org%d.example", n)}
	switch {
	case u < 0.75:
		o.Class, o.Users = Small, 5+int(u/0.75*56)
	case u < 0.95:
		o.Class, o.Users = Medium, 60+int((u-0.75)/0.20*241)
	default:
		o.Class, o.Users = Large, 300+int((u-0.95)/0.05*1001)
	}
	r := planRand(n, 0)
	o.Name = orgPrefixes[r.IntN(len(orgPrefixes))] + " " + lastNames[r.IntN(len(lastNames))]
	o.Contracts = min(1+o.Users/150+r.IntN(2), 5)
	o.Created = scaleEpoch.Add(time.Duration(n%720) * 24 * time.Hour).Add(time.Duration(r.IntN(36000)) * time.Second)
	return o
}

// ScaleOrgs returns the organisations of a scale: the first orgs of them or, when
// users is positive, as many as it takes to hold at least that many users.
func ScaleOrgs(orgs, users int) []ScaleOrg {
	var out []ScaleOrg
	total := 0
	for n := 1; (users > 0 && total < users) || (users <= 0 && n <= orgs); n++ {
		o := ScaleOrgAt(n)
		out = append(out, o)
		total += o.Users
	}
	return out
}

// ScaleEmail is the sign-in address of user i of organisation n.
func ScaleEmail(n, i int) string { return fmt.Sprintf("u%d@org%d.example", i, n) }

// ScalePerson is one generated user.
type ScalePerson struct {
	I         int
	ID        string
	Email     string
	Login     string
	FirstName string
	LastName  string
	JobTitle  string
	Lang      string
	Role      portal.Role
	// Status is what administrators see: StatusLocked is stored as a ready account
	// whose lock has not ended.
	Status portal.UserStatus
	// Password says whether the account has DemoPassword (invited people who never
	// activated their account have none).
	Password bool
	Created  time.Time
}

// CanSignIn reports whether the person signs in with DemoPassword and may use the
// portal: a ready account.
func (p ScalePerson) CanSignIn() bool { return p.Status == portal.StatusReady }

// People returns the users of o in the order of their number, the same on every call.
func (o ScaleOrg) People() []ScalePerson {
	r := planRand(o.N, 1)
	out := make([]ScalePerson, o.Users)
	for k := range out {
		i := k + 1
		p := ScalePerson{I: i, Email: ScaleEmail(o.N, i), Role: portal.RoleUser, Status: portal.StatusReady, Lang: "fr"}
		p.FirstName = firstNames[r.IntN(len(firstNames))]
		p.LastName = lastNames[r.IntN(len(lastNames))]
		p.JobTitle = jobTitles[r.IntN(len(jobTitles))]
		if r.IntN(10) < 3 {
			p.Lang = "en"
		}
		if i == 1 {
			p.Role = portal.RoleAdmin
		} else {
			switch x := r.Float64(); {
			case x < 0.78:
			case x < 0.86:
				p.Status = portal.StatusNotActivated
			case x < 0.90:
				p.Status = portal.StatusLocked
			case x < 0.96:
				p.Status = portal.StatusDisabled
			default:
				p.Status = portal.StatusPendingApproval
			}
			if r.Float64() < 0.03 && p.Status != portal.StatusPendingApproval {
				p.Role = portal.RoleAdmin
			}
		}
		p.Password = p.Status != portal.StatusNotActivated
		p.Created = o.Created.Add(time.Duration(r.Int64N(int64(540 * 24 * time.Hour))))
		if i == 1 {
			p.Created = o.Created
		}
		var bits [10]byte
		for b := range bits {
			bits[b] = byte(r.Uint32())
		}
		p.ID = portal.IDFrom(p.Created, bits)
		p.Login = fmt.Sprintf("%s.%s.%d.org%d", ascii(p.FirstName), ascii(p.LastName), i, o.N)
		out[k] = p
	}
	return out
}

// ascii keeps the letters of a name as a login holds them.
func ascii(s string) string {
	return strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' {
			return c
		}
		return -1
	}, store.SearchKey(s))
}

// SearchPrefixes are what the load command types in the users list's search box:
// the starts of the generated last names.
func SearchPrefixes() []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range lastNames {
		p := store.SearchKey(n)[:3]
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

var orgPrefixes = []string{"Atelier", "Groupe", "Imprimerie", "Laboratoires", "Transports", "Menuiserie",
	"Clinique", "Cabinet", "Éditions", "Brasserie", "Fonderie", "Agence", "Studio", "Coopérative",
	"Logistique", "Papeterie", "Verrerie", "Industries", "Conseil", "Services"}

var firstNames = []string{"Zoé", "Léa", "Chloé", "Inès", "Manon", "Camille", "Jade", "Louise", "Alice", "Emma",
	"Hélène", "Agnès", "Céline", "Maëlle", "Noémie", "Anaïs", "Sarah", "Olivia", "Grace", "Amelia",
	"Lucas", "Hugo", "Louis", "Jules", "Léo", "Gabriel", "Raphaël", "Arthur", "Noé", "Théo",
	"Mathéo", "Benoît", "François", "Jérôme", "Stéphane", "Cédric", "Loïc", "Oliver", "George", "Harry"}

var lastNames = []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
	"Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
	"Vincent", "Fournier", "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert",
	"Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
	"Müller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier",
	"Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Smith", "Jones", "Taylor", "Brown", "Wilson",
	"Évrard", "Écuyer", "Ødegaard", "Nguyen", "Öztürk"}

var jobTitles = []string{"Acheteur", "Comptable", "Directrice administrative", "DSI", "Technicien",
	"Responsable des achats", "Office manager", "Chef de projet", "Assistante de direction",
	"Ingénieur support", "Contrôleur de gestion", "Responsable logistique"}
