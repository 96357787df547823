package httpapi

import (
	"net/http"
	"strings"

	"github.com/guichet/guichet/shared/portal"
)

// Lang picks the caller's language: the portal's "lang" cookie first, then the
// Accept-Language header; French is the default, as for the vendor's customers.
func Lang(r *http.Request) string {
	if c, err := r.Cookie("lang"); err == nil && (c.Value == "fr" || c.Value == "en") {
		return c.Value
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "fr"):
			return "fr"
		case strings.HasPrefix(tag, "en"):
			return "en"
		}
	}
	return "fr"
}

type text struct{ fr, en string }

func (t text) in(lang string) string {
	if lang == "en" {
		return t.en
	}
	return t.fr
}

// codeMessages holds the caller-facing text of every stable error code.
var codeMessages = map[string]text{
	"malformed_json":         {"Le contenu envoyé n'est pas du JSON valide.", "The request body is not valid JSON."},
	"unknown_field":          {"La requête contient un champ inconnu.", "The request contains an unknown field."},
	"trailing_data":          {"La requête contient des données après le JSON.", "The request has data after the JSON body."},
	"empty_body":             {"Le contenu de la requête est vide.", "The request body is empty."},
	"invalid_fields":         {"Certains champs sont incorrects.", "Some fields are invalid."},
	"body_too_large":         {"La requête est trop volumineuse.", "The request is too large."},
	"item_too_large":         {"L'enregistrement est trop volumineux.", "The record is too large."},
	"unsupported_media_type": {"Le type de contenu doit être application/json.", "The content type must be application/json."},
	"bad_cursor":             {"Le lien de pagination n'est plus valide ; revenez à la première page.", "The page link is no longer valid; go back to the first page."},
	"route_not_found":        {"Cette adresse n'existe pas.", "This address does not exist."},
	"method_not_allowed":     {"Cette action n'est pas permise à cette adresse.", "This method is not allowed at this address."},
	"condition_failed":       {"Les données ont changé entre-temps ; rechargez la page et réessayez.", "The data changed in the meantime; reload and try again."},
}

// kindMessages is the fallback when a code has no text of its own.
var kindMessages = map[portal.Kind]text{
	portal.Invalid:          {"La requête est incorrecte.", "The request is invalid."},
	portal.Unauthenticated:  {"Veuillez vous connecter.", "Please sign in."},
	portal.Forbidden:        {"Vous n'avez pas accès à cette ressource.", "You do not have access to this resource."},
	portal.NotFound:         {"Élément introuvable.", "Not found."},
	portal.Conflict:         {"Conflit : l'élément existe déjà ou a changé.", "Conflict: the item already exists or has changed."},
	portal.RateLimited:      {"Trop de tentatives ; réessayez dans un moment.", "Too many attempts; try again in a moment."},
	portal.TooLarge:         {"La requête est trop volumineuse.", "The request is too large."},
	portal.Unsupported:      {"Type de contenu non pris en charge.", "Unsupported content type."},
	portal.MethodNotAllowed: {"Méthode non permise.", "Method not allowed."},
	portal.Internal:         {"Une erreur inattendue s'est produite ; réessayez plus tard.", "An unexpected error occurred; please try again later."},
}

// fieldMessages holds the text of each field error code.
var fieldMessages = map[string]text{
	"required":  {"Ce champ est obligatoire.", "This field is required."},
	"too_long":  {"Ce champ est trop long.", "This field is too long."},
	"too_short": {"Ce champ est trop court.", "This field is too short."},
	"email":     {"Adresse e-mail invalide.", "Invalid email address."},
	"type":      {"Valeur du mauvais type.", "Value of the wrong type."},
	"format":    {"Format invalide.", "Invalid format."},
	"unknown":   {"Champ inconnu.", "Unknown field."},
}

func message(lang, code string, kind portal.Kind) string {
	if t, ok := codeMessages[code]; ok {
		return t.in(lang)
	}
	return kindMessages[kind].in(lang)
}

func fieldMessage(lang, code string) string {
	if t, ok := fieldMessages[code]; ok {
		return t.in(lang)
	}
	return kindMessages[portal.Invalid].in(lang)
}
