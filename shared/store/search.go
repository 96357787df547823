package store

import (
	"strings"

	"github.com/guichet/guichet/shared/portal"
)

// folds maps the accented letters of the languages Guichet's customers write to
// their base letters, so that "Éloïse" is found by typing "elo".
var folds = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ã", "a", "ä", "a", "å", "a", "æ", "ae",
	"ç", "c", "è", "e", "é", "e", "ê", "e", "ë", "e",
	"ì", "i", "í", "i", "î", "i", "ï", "i", "ñ", "n",
	"ò", "o", "ó", "o", "ô", "o", "õ", "o", "ö", "o", "ø", "o", "œ", "oe",
	"ù", "u", "ú", "u", "û", "u", "ü", "u", "ý", "y", "ÿ", "y", "ß", "ss",
)

// SearchKey is the form under which names, addresses and logins are indexed and
// searched: lower case, accents folded, runs of spaces made one.
func SearchKey(s string) string {
	return folds.Replace(strings.Join(strings.Fields(strings.ToLower(s)), " "))
}

// nameKey sorts and finds users by last name, then first name.
func nameKey(u portal.User) string {
	return SearchKey(u.LastName + " " + u.FirstName)
}
