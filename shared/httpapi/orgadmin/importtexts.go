package orgadmin

import "github.com/guichet/guichet/shared/portal"

// importReportHeader names the columns of an import's report.
var importReportHeader = struct{ Line, Email, Login, Outcome, Detail portal.Text }{
	Line:    portal.Text{FR: "Ligne", EN: "Line"},
	Email:   portal.Text{FR: "Adresse e-mail", EN: "Email"},
	Login:   portal.Text{FR: "Identifiant", EN: "Login"},
	Outcome: portal.Text{FR: "Résultat", EN: "Outcome"},
	Detail:  portal.Text{FR: "Détail", EN: "Details"},
}

// importOutcomes names what became of a line of an import.
var importOutcomes = map[string]portal.Text{
	"created":  {FR: "Utilisateur créé", EN: "User created"},
	"attached": {FR: "Utilisateur rattaché", EN: "User attached"},
	"skipped":  {FR: "Ligne ignorée", EN: "Line skipped"},
	"failed":   {FR: "Échec", EN: "Failed"},
}

// importNotes explain a line's outcome in an import's report; column introduces a
// reason about one column of the file.
var importNotes = struct{ Activation, Password, Attached, Column portal.Text }{
	Activation: portal.Text{FR: "Mail d'activation envoyé.", EN: "Activation mail sent."},
	Password:   portal.Text{FR: "Mot de passe du fichier, à changer à la première connexion.", EN: "Password from the file, to be changed at first sign-in."},
	Attached:   portal.Text{FR: "Compte existant : les droits de la ligne lui sont donnés.", EN: "Existing account: given the line's rights."},
	Column:     portal.Text{FR: "Colonne « {column} » : ", EN: "Column “{column}”: "},
}
