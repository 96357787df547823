package seed

import (
	"context"
	"encoding/json"
	"time"

	"github.com/guichet/guichet/shared/catalogue"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
)

func tx(fr, en string) portal.Text { return portal.Text{FR: fr, EN: en} }

func bound(n int64) *int64 { return &n }

// nce are a plan's prices in the three terms of Microsoft's New Commerce
// Experience, from its monthly price on an annual commitment: a monthly
// commitment costs a fifth more, an annual bill twelve months.
func nce(monthly int64) []portal.Price {
	return []portal.Price{{Term: portal.TermMonthlyMonthly, Amount: monthly * 6 / 5},
		{Term: portal.TermAnnualMonthly, Amount: monthly}, {Term: portal.TermAnnualAnnual, Amount: monthly * 12}}
}

// seatPlan is a plan sold by the seat, its tenant asked for at checkout.
func seatPlan(id, fr, en string, monthly int64) portal.Plan {
	return portal.Plan{ID: id, Name: tx(fr, en), Unit: tx("utilisateur", "user"), Currency: "EUR", Prices: nce(monthly),
		MinQuantity: 1, MaxQuantity: 300, CancelDays: portal.DefaultCancelDays,
		Params: []portal.Field{{ID: "tenant", Type: portal.FieldText, Label: tx("Domaine du tenant", "Tenant domain"),
			Help: tx("Par exemple contoso.onmicrosoft.com", "For example contoso.onmicrosoft.com"), Required: true, MaxLength: 100}}}
}

// unitPlan is a plan of units billed monthly, or yearly with a commitment.
func unitPlan(id, fr, en string, unit portal.Text, monthly int64, max int) portal.Plan {
	return portal.Plan{ID: id, Name: tx(fr, en), Unit: unit, Currency: "EUR", Prices: nce(monthly),
		MinQuantity: 1, MaxQuantity: max, CancelDays: portal.DefaultCancelDays}
}

var contactField = portal.Field{ID: "contact", Type: portal.FieldEmail, Label: tx("E-mail du contact technique", "Technical contact's email"), Required: true}

// DemoCatalogue is the demo service catalogue: managed services ordered through a
// form and licensed products bought by the unit, in every category; one is kept
// for another offer than the demo contract's, and one is retired.
var DemoCatalogue = []portal.CatalogueService{
	{ID: "managed-backup", Kind: portal.ServiceDirect, Category: "backup",
		Name:    tx("Sauvegarde managée", "Managed backup"),
		Summary: tx("Vos serveurs sauvegardés chaque nuit, restaurations comprises, supervisés par nos équipes.", "Your servers backed up every night, restores included, watched by our teams."),
		LearnMore: tx("# Sauvegarde managée\nNous installons l'agent, planifions les sauvegardes et **testons une restauration par mois**.\n\n- Rétention de 30 à 365 jours\n- Copie hors site chiffrée\n- Rapport mensuel\n\nQuestions : [écrivez-nous](mailto:ventes@guichet.example).",
			"# Managed backup\nWe install the agent, schedule the backups and **test a restore every month**.\n\n- Retention from 30 to 365 days\n- Encrypted off-site copy\n- Monthly report\n\nQuestions? [Write to us](mailto:sales@guichet.example)."),
		Form: []portal.Field{
			{ID: "servers", Type: portal.FieldNumber, Label: tx("Nombre de serveurs", "Number of servers"), Required: true, Min: bound(1), Max: bound(200)},
			{ID: "retention", Type: portal.FieldChoice, Label: tx("Rétention", "Retention"), Required: true, Options: []portal.Option{
				{Value: "d30", Label: tx("30 jours", "30 days")}, {Value: "d90", Label: tx("90 jours", "90 days")}, {Value: "d365", Label: tx("1 an", "1 year")}}},
			{ID: "start", Type: portal.FieldDate, Label: tx("Date de démarrage souhaitée", "Preferred start date")},
			contactField,
			{ID: "notes", Type: portal.FieldLongText, Label: tx("Précisions", "Details"), Help: tx("Systèmes, volumes, contraintes horaires…", "Systems, volumes, time constraints…")},
		}},
	{ID: "backup-vault", Kind: portal.ServiceMarketplace, Category: "backup",
		Name:      tx("Coffre de sauvegarde", "Backup vault"),
		Summary:   tx("Stockage immuable pour vos sauvegardes, facturé au To.", "Immutable storage for your backups, billed by the TB."),
		LearnMore: tx("Un coffre **immuable** : personne, pas même nous, ne peut effacer une sauvegarde avant sa date.", "An **immutable** vault: nobody, not even us, can erase a backup before its date."),
		Plans:     []portal.Plan{unitPlan("vault-tb", "Coffre au To", "Vault per TB", tx("To", "TB"), 1900, 500)}},
	{ID: "extra-storage", Kind: portal.ServiceMarketplace, Category: "storage",
		Name:      tx("Stockage supplémentaire", "Extra storage"),
		Summary:   tx("Des volumes de 100 Go de plus pour vos machines, en quelques minutes.", "100 GB more for your machines, in minutes."),
		LearnMore: tx("## Performances\n- *Standard* : 3 000 IOPS\n- *Rapide* : 10 000 IOPS", "## Performance\n- *Standard*: 3,000 IOPS\n- *Fast*: 10,000 IOPS"),
		Plans: []portal.Plan{unitPlan("standard-100", "Standard 100 Go", "Standard 100 GB", tx("tranche de 100 Go", "block of 100 GB"), 800, 100),
			unitPlan("fast-100", "Rapide 100 Go", "Fast 100 GB", tx("tranche de 100 Go", "block of 100 GB"), 1500, 100)}},
	{ID: "object-storage", Kind: portal.ServiceMarketplace, Category: "storage",
		Name:    tx("Stockage objet", "Object storage"),
		Summary: tx("Compatible S3, hébergé en France.", "S3-compatible, hosted in France."),
		Plans:   []portal.Plan{unitPlan("object-tb", "Stockage objet au To", "Object storage per TB", tx("To", "TB"), 1200, 1000)}},
	{ID: "office-basic", Kind: portal.ServiceMarketplace, Category: "collaboration",
		Name:      tx("Bureautique en ligne Essentiel", "Online office Basic"),
		Summary:   tx("Messagerie, agenda et stockage en ligne, par utilisateur.", "Mail, calendar and online storage, per user."),
		LearnMore: tx("Trois engagements : mensuel payé au mois, annuel payé au mois, annuel payé à l'année.", "Three terms: monthly paid monthly, annual paid monthly, annual paid yearly."),
		Plans:     []portal.Plan{seatPlan("basic", "Essentiel", "Basic", 560)}},
	{ID: "office-standard", Kind: portal.ServiceMarketplace, Category: "collaboration",
		Name:    tx("Bureautique en ligne Standard", "Online office Standard"),
		Summary: tx("Les applications de bureau en plus, par utilisateur.", "Desktop applications too, per user."),
		Plans:   []portal.Plan{seatPlan("standard", "Standard", "Standard", 1170)}},
	{ID: "office-enterprise", Kind: portal.ServiceMarketplace, Category: "collaboration", Offers: []string{"Entreprise"},
		Name:    tx("Bureautique en ligne Entreprise", "Online office Enterprise"),
		Summary: tx("Conformité et sécurité avancées, réservé à l'offre Entreprise.", "Advanced compliance and security, for the Enterprise offer."),
		Plans:   []portal.Plan{seatPlan("e3", "E3", "E3", 3290)}},
	{ID: "security-audit", Kind: portal.ServiceDirect, Category: "security",
		Name:    tx("Audit de sécurité", "Security audit"),
		Summary: tx("Deux jours sur site et un rapport priorisé de vos risques.", "Two days on site and a prioritised report of your risks."),
		LearnMore: tx("# Déroulé\n1. Entretien de cadrage\n2. Deux jours d'audit\n3. Restitution et rapport\n\nVoir notre [méthode](https://guichet.example/audit).",
			"# How it goes\n1. Scoping interview\n2. Two days of audit\n3. Debrief and report\n\nSee our [method](https://guichet.example/audit)."),
		Form: []portal.Field{
			{ID: "site", Type: portal.FieldText, Label: tx("Site à auditer", "Site to audit"), Required: true, MaxLength: 120},
			{ID: "scope", Type: portal.FieldChoices, Label: tx("Périmètre", "Scope"), Required: true, Options: []portal.Option{
				{Value: "network", Label: tx("Réseau", "Network")}, {Value: "servers", Label: tx("Serveurs", "Servers")}, {Value: "workstations", Label: tx("Postes de travail", "Workstations")}}},
			{ID: "phone", Type: portal.FieldPhone, Label: tx("Téléphone sur place", "Phone on site")},
			{ID: "date", Type: portal.FieldDate, Label: tx("Date souhaitée", "Preferred date")},
			{ID: "nda", Type: portal.FieldCheckbox, Label: tx("Un accord de confidentialité est signé", "A non-disclosure agreement is signed"), Required: true},
		}},
	{ID: "pentest", Kind: portal.ServiceDirect, Category: "security",
		Name:    tx("Test d'intrusion", "Penetration test"),
		Summary: tx("Nos auditeurs attaquent vos applications exposées, avec votre accord.", "Our auditors attack your exposed applications, with your consent."),
		Form: []portal.Field{
			{ID: "targets", Type: portal.FieldLongText, Label: tx("Cibles (adresses, applications)", "Targets (addresses, applications)"), Required: true, MaxLength: 2000},
			{ID: "days", Type: portal.FieldNumber, Label: tx("Jours d'audit", "Audit days"), Required: true, Min: bound(1), Max: bound(20)},
			contactField,
		}},
	{ID: "managed-firewall", Kind: portal.ServiceMarketplace, Category: "network",
		Name:    tx("Pare-feu managé", "Managed firewall"),
		Summary: tx("Un pare-feu par site, mis à jour et surveillé.", "A firewall per site, updated and watched."),
		Plans:   []portal.Plan{unitPlan("site", "Par site", "Per site", tx("site", "site"), 9900, 50)}},
	{ID: "sdwan-site", Kind: portal.ServiceDirect, Category: "network",
		Name:    tx("Raccordement SD-WAN d'un site", "SD-WAN site connection"),
		Summary: tx("Raccordez un nouveau site à votre réseau en trois semaines.", "Connect a new site to your network in three weeks."),
		Form: []portal.Field{
			{ID: "address", Type: portal.FieldLongText, Label: tx("Adresse du site", "Site address"), Required: true, MaxLength: 300},
			{ID: "bandwidth", Type: portal.FieldChoice, Label: tx("Débit", "Bandwidth"), Required: true, Options: []portal.Option{
				{Value: "m100", Label: tx("100 Mbit/s", "100 Mbit/s")}, {Value: "g1", Label: tx("1 Gbit/s", "1 Gbit/s")}}},
			contactField,
		}},
	{ID: "virtual-machine", Kind: portal.ServiceMarketplace, Category: "compute",
		Name:    tx("Machine virtuelle", "Virtual machine"),
		Summary: tx("Des machines virtuelles hébergées en France, à la demande.", "Virtual machines hosted in France, on demand."),
		Plans: []portal.Plan{unitPlan("vm-small", "Petite (2 vCPU, 4 Go)", "Small (2 vCPU, 4 GB)", tx("instance", "instance"), 2500, 100),
			unitPlan("vm-large", "Grande (8 vCPU, 32 Go)", "Large (8 vCPU, 32 GB)", tx("instance", "instance"), 9500, 100)}},
	{ID: "migration-workshop", Kind: portal.ServiceDirect, Category: "services",
		Name:    tx("Atelier de migration", "Migration workshop"),
		Summary: tx("Une journée pour préparer la migration de vos applications.", "A day to plan the migration of your applications."),
		Form:    []portal.Field{{ID: "apps", Type: portal.FieldNumber, Label: tx("Applications à migrer", "Applications to migrate"), Required: true, Min: bound(1), Max: bound(100)}, contactField}},
	{ID: "tape-backup", Kind: portal.ServiceDirect, Category: "backup", Retired: true,
		Name:    tx("Sauvegarde sur bandes", "Tape backup"),
		Summary: tx("Remplacée par la sauvegarde managée.", "Replaced by managed backup."),
		Form:    []portal.Field{contactField}},
}

// DemoCatalogueServices writes the demo catalogue, each service checked as the
// back office checks it (its "learn more" page rendered) with its first price
// versions; services already there are kept.
func DemoCatalogueServices(ctx context.Context, s *store.Store, now time.Time) error {
	for _, demo := range DemoCatalogue {
		// A deep copy: checking normalises in place, and seeds may run at once.
		var svc portal.CatalogueService
		if err := json.Unmarshal(must(json.Marshal(demo)), &svc); err != nil {
			return err
		}
		var f portal.Fields
		catalogue.Check(&f, &svc)
		if err := f.Err(); err != nil {
			return portal.Internalf("seed: catalogue service %s: %w", svc.ID, err)
		}
		svc.Created, svc.Updated = now, now
		if err := s.CreateCatalogueService(ctx, svc, catalogue.Reprice(nil, &svc, now)); err != nil && !portal.Is(err, portal.Conflict) {
			return err
		}
	}
	return nil
}

func must(b []byte, err error) []byte {
	if err != nil {
		// Services are plain structs of strings and numbers: they always encode.
		panic(err)
	}
	return b
}
