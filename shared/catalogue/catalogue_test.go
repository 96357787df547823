package catalogue_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/shared/catalogue"
	"github.com/guichet/guichet/shared/portal"
)

func ptr(n int64) *int64 { return &n }

func txt(s string) portal.Text { return portal.Text{FR: s + " (fr)", EN: s} }

// form has one field of every type.
func form() []portal.Field {
	opts := []portal.Option{{Value: "small", Label: txt("Small")}, {Value: "large", Label: txt("Large")}}
	return []portal.Field{
		{ID: "site", Type: portal.FieldText, Label: txt("Site"), Required: true, MaxLength: 10},
		{ID: "contact", Type: portal.FieldEmail, Label: txt("Contact")},
		{ID: "phone", Type: portal.FieldPhone, Label: txt("Phone")},
		{ID: "servers", Type: portal.FieldNumber, Label: txt("Servers"), Min: ptr(1), Max: ptr(50), Required: true},
		{ID: "size", Type: portal.FieldChoice, Label: txt("Size"), Options: opts},
		{ID: "extras", Type: portal.FieldChoices, Label: txt("Extras"), Options: opts},
		{ID: "start", Type: portal.FieldDate, Label: txt("Start")},
		{ID: "notes", Type: portal.FieldLongText, Label: txt("Notes")},
		{ID: "terms", Type: portal.FieldCheckbox, Label: txt("I accept"), Required: true},
	}
}

func raw(t *testing.T, body string) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func fieldCodes(err error) []string {
	var out []string
	var pe *portal.Error
	if e, ok := err.(*portal.Error); ok {
		pe = e
	}
	if pe == nil {
		return nil
	}
	for _, f := range pe.Fields {
		out = append(out, f.Field+":"+f.Code)
	}
	slices.Sort(out)
	return out
}

func TestCheckAnswersAcceptsEveryType(t *testing.T) {
	got, err := catalogue.CheckAnswers("answers", form(), raw(t, `{"site":"  Lyon ","contact":"Ops@Example.COM","phone":"+33 1 23 45 67 89",
		"servers":12,"size":"large","extras":["small","large"],"start":"2026-03-01","notes":"line 1\nline 2","terms":true}`))
	if err != nil {
		t.Fatal(err)
	}
	want := catalogue.Answers{"site": "Lyon", "contact": "ops@example.com", "phone": "+33123456789", "servers": int64(12), "size": "large",
		"extras": []string{"small", "large"}, "start": "2026-03-01", "notes": "line 1\nline 2", "terms": true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
	// Optional fields left empty, or null, are left out.
	got, err = catalogue.CheckAnswers("answers", form(), raw(t, `{"site":"Lyon","servers":1,"terms":true,"contact":"","extras":[],"notes":null}`))
	if err != nil || len(got) != 3 {
		t.Errorf("got %v, %v", got, err)
	}
}

func TestCheckAnswersRefusesWhatDoesNotMatch(t *testing.T) {
	for _, c := range []struct {
		body string
		want []string
	}{
		{`{}`, []string{"answers.servers:required", "answers.site:required", "answers.terms:required"}},
		{`{"site":"   ","servers":1,"terms":false}`, []string{"answers.site:required", "answers.terms:required"}},
		{`{"site":"Lyon, France!","servers":1,"terms":true}`, []string{"answers.site:too_long"}},
		{`{"site":"Lyon","servers":0,"terms":true}`, []string{"answers.servers:number_range"}},
		{`{"site":"Lyon","servers":51,"terms":true}`, []string{"answers.servers:number_range"}},
		{`{"site":"Lyon","servers":1.5,"terms":true}`, []string{"answers.servers:number"}},
		{`{"site":"Lyon","servers":1e400,"terms":true}`, []string{"answers.servers:number"}},
		{`{"site":"Lyon","servers":"12","terms":true}`, []string{"answers.servers:type"}},
		{`{"site":12,"servers":1,"terms":"yes"}`, []string{"answers.site:type", "answers.terms:type"}},
		{`{"site":"Lyon","servers":1,"terms":true,"contact":"not an address"}`, []string{"answers.contact:email"}},
		{`{"site":"Lyon","servers":1,"terms":true,"phone":"call me"}`, []string{"answers.phone:phone"}},
		{`{"site":"Lyon","servers":1,"terms":true,"size":"huge"}`, []string{"answers.size:choice"}},
		{`{"site":"Lyon","servers":1,"terms":true,"size":["small"]}`, []string{"answers.size:type"}},
		{`{"site":"Lyon","servers":1,"terms":true,"extras":["small","small"]}`, []string{"answers.extras:choice"}},
		{`{"site":"Lyon","servers":1,"terms":true,"extras":["tiny"]}`, []string{"answers.extras:choice"}},
		{`{"site":"Lyon","servers":1,"terms":true,"start":"2026-02-30"}`, []string{"answers.start:date"}},
		{`{"site":"Lyon","servers":1,"terms":true,"start":"01/03/2026"}`, []string{"answers.start:date"}},
		{`{"site":"Lyon","servers":1,"terms":true,"notes":"` + strings.Repeat("x", catalogue.DefaultLongTextLength+1) + `"}`, []string{"answers.notes:too_long"}},
		{`{"site":"Lyon","servers":1,"terms":true,"notes":"` + strings.Repeat("x", 50000) + `"}`, []string{"answers.notes:too_long"}},
		{`{"site":"Ly\u0000on","servers":1,"terms":true}`, []string{"answers.site:format"}},
		{`{"site":"Lyon","servers":1,"terms":true,"mystery":"x","<script>":1}`, []string{"answers.?:unknown", "answers.mystery:unknown"}},
	} {
		got, err := catalogue.CheckAnswers("answers", form(), raw(t, c.body))
		if codes := fieldCodes(err); !slices.Equal(codes, c.want) || got != nil {
			t.Errorf("%.80s: got %v %v, want %v", c.body, codes, got, c.want)
		}
	}
}

// service is a valid marketplace service.
func service() portal.CatalogueService {
	return portal.CatalogueService{ID: "m365", Kind: portal.ServiceMarketplace, Name: txt("Office seats"), Summary: txt("Seats"), Category: "collaboration",
		LearnMore: portal.Text{FR: "# Détails\n<script>alert(1)</script> [x](javascript:alert(1))", EN: "**Bold** [site](https://example.com)"},
		Plans: []portal.Plan{{ID: "business", Name: txt("Business"), Unit: txt("seat"), Currency: "EUR", MinQuantity: 1, MaxQuantity: 300, CancelDays: 7,
			Prices: []portal.Price{{Term: portal.TermAnnualAnnual, Amount: 12000}, {Term: portal.TermMonthlyMonthly, Amount: 1200}},
			Params: []portal.Field{{ID: "tenant", Type: portal.FieldText, Label: txt("Tenant domain"), Required: true}}}}}
}

func TestCheckServiceRendersLearnMoreSafely(t *testing.T) {
	s := service()
	var f portal.Fields
	catalogue.Check(&f, &s)
	if err := f.Err(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(s.LearnMoreHTML.FR, "<script") || strings.Contains(s.LearnMoreHTML.FR, "javascript:") {
		t.Errorf("unsafe rendering %q", s.LearnMoreHTML.FR)
	}
	if s.LearnMoreHTML.EN != `<p><strong>Bold</strong> <a href="https://example.com" rel="noopener noreferrer nofollow">site</a></p>`+"\n" {
		t.Errorf("EN rendering %q", s.LearnMoreHTML.EN)
	}
	// Prices are kept in the order of the terms.
	if s.Plans[0].Prices[0].Term != portal.TermMonthlyMonthly {
		t.Errorf("prices not ordered: %v", s.Plans[0].Prices)
	}
}

func TestCheckServiceRefusesBadDefinitions(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(s *portal.CatalogueService)
		want   []string
	}{
		{"no kind", func(s *portal.CatalogueService) { s.Kind = "" }, []string{"kind:required"}},
		{"no name", func(s *portal.CatalogueService) { s.Name = portal.Text{} }, []string{"name.en:required", "name.fr:required"}},
		{"unknown category", func(s *portal.CatalogueService) { s.Category = "toys" }, []string{"category:format"}},
		{"marketplace without plans", func(s *portal.CatalogueService) { s.Plans = nil }, []string{"plans:required"}},
		{"marketplace with a form", func(s *portal.CatalogueService) { s.Form = form() }, []string{"form:not_allowed"}},
		{"direct with plans", func(s *portal.CatalogueService) { s.Kind = portal.ServiceDirect }, []string{"form:required", "plans:not_allowed"}},
		{"unknown term", func(s *portal.CatalogueService) { s.Plans[0].Prices[0].Term = "weekly" }, []string{"plans.0.prices.0.term:format"}},
		{"twice the same term", func(s *portal.CatalogueService) { s.Plans[0].Prices[1].Term = portal.TermAnnualAnnual }, []string{"plans.0.prices.1.term:duplicate"}},
		{"negative price", func(s *portal.CatalogueService) { s.Plans[0].Prices[0].Amount = -1 }, []string{"plans.0.prices.0.amount:price_range"}},
		{"bad currency", func(s *portal.CatalogueService) { s.Plans[0].Currency = "XBT" }, []string{"plans.0.currency:format"}},
		{"min above max", func(s *portal.CatalogueService) { s.Plans[0].MinQuantity = 400 }, []string{"plans.0.maxQuantity:number_range"}},
		{"zero min", func(s *portal.CatalogueService) { s.Plans[0].MinQuantity = 0 }, []string{"plans.0.minQuantity:number_range"}},
		{"cancel window", func(s *portal.CatalogueService) { s.Plans[0].CancelDays = 400 }, []string{"plans.0.cancelDays:number_range"}},
		{"bad param", func(s *portal.CatalogueService) { s.Plans[0].Params[0].Type = "file" }, []string{"plans.0.params.0.type:format"}},
		{"contract ref", func(s *portal.CatalogueService) {
			s.Contracts = []portal.ContractRef{{OrgID: "acme", ContractID: "a#b"}}
		},
			[]string{"contracts.0:format"}},
	} {
		s := service()
		c.change(&s)
		var f portal.Fields
		catalogue.Check(&f, &s)
		if got := fieldCodes(f.Err()); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCheckFormRefusesBadFields(t *testing.T) {
	for _, c := range []struct {
		name string
		fd   portal.Field
		want []string
	}{
		{"bad id", portal.Field{ID: "Site Name", Type: portal.FieldText, Label: txt("x")}, []string{"form.0.id:format"}},
		{"no label", portal.Field{ID: "a", Type: portal.FieldText}, []string{"form.0.label.en:required", "form.0.label.fr:required"}},
		{"bounds on text", portal.Field{ID: "a", Type: portal.FieldText, Label: txt("x"), Min: ptr(1)}, []string{"form.0.min:not_allowed"}},
		{"min above max", portal.Field{ID: "a", Type: portal.FieldNumber, Label: txt("x"), Min: ptr(5), Max: ptr(1)}, []string{"form.0.max:number_range"}},
		{"choice without options", portal.Field{ID: "a", Type: portal.FieldChoice, Label: txt("x")}, []string{"form.0.options:required"}},
		{"options on a date", portal.Field{ID: "a", Type: portal.FieldDate, Label: txt("x"), Options: []portal.Option{{Value: "a", Label: txt("a")}}},
			[]string{"form.0.options:not_allowed"}},
		{"long text too long", portal.Field{ID: "a", Type: portal.FieldLongText, Label: txt("x"), MaxLength: catalogue.MaxLongTextLength + 1},
			[]string{"form.0.maxLength:format"}},
	} {
		var f portal.Fields
		catalogue.CheckForm(&f, "form", []portal.Field{c.fd})
		if got := fieldCodes(f.Err()); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
	var f portal.Fields
	catalogue.CheckForm(&f, "form", []portal.Field{{ID: "a", Type: portal.FieldText, Label: txt("x")}, {ID: "a", Type: portal.FieldText, Label: txt("y")}})
	if got := fieldCodes(f.Err()); !slices.Equal(got, []string{"form.1.id:duplicate"}) {
		t.Errorf("duplicate ids: %v", got)
	}
}

// TestRepriceKeepsVersions: a new plan starts at version 1; unchanged prices keep
// their version and write nothing; changed prices or currency take the next one.
func TestRepriceKeepsVersions(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	first := service()
	sets := catalogue.Reprice(nil, &first, now)
	if len(sets) != 1 || sets[0].Version != 1 || first.Plans[0].PriceVersion != 1 || sets[0].PlanID != "business" {
		t.Fatalf("first: %+v %+v", sets, first.Plans[0])
	}
	same := first
	same.Plans = slices.Clone(first.Plans)
	if sets := catalogue.Reprice(&first, &same, now); len(sets) != 0 || same.Plans[0].PriceVersion != 1 {
		t.Errorf("unchanged: %+v", sets)
	}
	dearer := first
	dearer.Plans = []portal.Plan{first.Plans[0]}
	dearer.Plans[0].Prices = []portal.Price{{Term: portal.TermMonthlyMonthly, Amount: 1300}}
	sets = catalogue.Reprice(&first, &dearer, now)
	if len(sets) != 1 || sets[0].Version != 2 || dearer.Plans[0].PriceVersion != 2 || sets[0].Prices[0].Amount != 1300 {
		t.Errorf("changed: %+v", sets)
	}
	if first.Plans[0].Prices[0].Amount != 12000 && first.Plans[0].Prices[0].Amount != 1200 {
		t.Errorf("the previous service changed: %+v", first.Plans[0])
	}
}

func TestLogoType(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 20)...)
	for _, c := range []struct {
		name      string
		b         []byte
		typ, code string
	}{
		{"png", png, "image/png", ""},
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0}, "image/jpeg", ""},
		{"webp", []byte("RIFF\x00\x00\x00\x00WEBPVP8 "), "image/webp", ""},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "", "logo_type"},
		{"html claiming nothing", []byte("<html><body>hi</body></html>"), "", "logo_type"},
		{"gif", []byte("GIF89a......"), "", "logo_type"},
		{"empty", nil, "", "logo_type"},
		{"too large", append(png, make([]byte, catalogue.MaxLogoBytes)...), "", "logo_too_large"},
	} {
		typ, code := catalogue.LogoType(c.b)
		if typ != c.typ || code != c.code {
			t.Errorf("%s: %q %q, want %q %q", c.name, typ, code, c.typ, c.code)
		}
	}
}

func TestCardFromPrice(t *testing.T) {
	s := service()
	c := s.Card()
	// 12000 a year is 1000 a month, below 1200 a month.
	if c.From == nil || c.From.Amount != 1000 || c.From.Currency != "EUR" {
		t.Errorf("from %+v", c.From)
	}
	k := portal.Contract{ID: "c1", OrgID: "acme", Offer: "Pro"}
	if !c.OpenTo(k) {
		t.Error("a service with no restriction is open to every contract")
	}
	s.Offers = []string{"Enterprise"}
	if s.OpenTo(k) {
		t.Error("open to another offer")
	}
	s.Contracts = []portal.ContractRef{{OrgID: "acme", ContractID: "c1"}}
	if !s.Card().OpenTo(k) || s.OpenTo(portal.Contract{ID: "c1", OrgID: "globex"}) {
		t.Error("contract refs")
	}
}

// FuzzCheckAnswers: whatever a person sends, the check never fails unexpectedly,
// and what it accepts has the types checkout relies on.
func FuzzCheckAnswers(f *testing.F) {
	for _, s := range []string{`{"site":"Lyon","servers":12,"terms":true}`, `{"extras":["small","large","small"]}`, `{"servers":1e999,"start":"2026-02-29"}`,
		`{"site":null,"contact":"a@b.c","phone":"+33 (0)1 23","size":["x"],"notes":"\u0000"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var m map[string]json.RawMessage
		if json.Unmarshal(body, &m) != nil {
			return
		}
		got, err := catalogue.CheckAnswers("answers", form(), m)
		if err != nil {
			if got != nil || len(fieldCodes(err)) == 0 {
				t.Fatalf("an error without field errors, or with answers: %v %v", err, got)
			}
			return
		}
		for id, v := range got {
			switch v.(type) {
			case string, int64, bool, []string:
			default:
				t.Fatalf("answer %s of type %T", id, v)
			}
		}
	})
}
