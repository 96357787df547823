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
	// Lambda's adapter splits the header API Gateway joined into one value per tag:
	// read every value, not only the first.
	for _, part := range strings.Split(strings.Join(r.Header.Values("Accept-Language"), ","), ",") {
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

// in is the text in lang: French for "fr", English otherwise.
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
	// Service weather.
	"service_not_found":       {"Ce service n'existe pas.", "This service does not exist."},
	"event_not_found":         {"Cet événement n'existe pas ou est déjà résolu.", "This event does not exist or is already resolved."},
	"too_many_services":       {"Ce contrat a déjà le nombre maximal de services (50).", "This contract already has the most services it may have (50)."},
	"too_many_open_events":    {"Ce contrat a déjà le nombre maximal d'événements en cours (20) : résolvez-en un d'abord.", "This contract already has the most open events it may have (20): resolve one first."},
	"service_has_open_events": {"Ce service a des événements en cours : résolvez-les avant de le supprimer.", "This service has open events: resolve them before deleting it."},
	// Application access.
	"application_not_found": {"Cette application n'existe pas.", "This application does not exist."},
	"request_not_found":     {"Cette demande n'existe pas.", "This request does not exist."},
	"grant_not_found":       {"Vous n'avez pas accès à cette application.", "You have no access to this application."},
	"already_granted":       {"Vous avez déjà accès à cette application.", "You already have access to this application."},
	"access_refused":        {"L'accès à cette application vous a été refusé : vous ne pouvez plus le demander. Seul l'éditeur peut lever ce refus ; contactez-le si la situation a changé.", "Access to this application was refused: it cannot be asked for again. Only the vendor can lift the refusal; contact them if things have changed."},
	"refusal_not_found":     {"Ce refus n'existe pas ou a déjà été levé.", "This refusal does not exist or was already lifted."},
	// Service catalogue.
	"catalogue_service_not_found": {"Ce service n'existe pas au catalogue ou ne vous est pas proposé.", "This service is not in the catalogue or is not offered to you."},
	"plan_not_found":              {"Cette offre n'existe pas pour ce service.", "This plan does not exist for this service."},
	"logo_not_found":              {"Ce logo n'existe pas.", "This logo does not exist."},
	"refusal_changed":             {"Ce refus vient d'être modifié ou levé par quelqu'un d'autre. Rechargez la liste.", "Someone else just changed or lifted this refusal. Reload the list."},
	"already_requested":           {"Une demande pour cette application est déjà en cours.", "A request for this application is already pending."},
	"already_decided":             {"Cette demande a déjà été traitée.", "This request was already handled."},
	"request_changed":             {"Cette demande vient d'être traitée ou modifiée par quelqu'un d'autre ; rechargez la page.", "Someone else just handled or changed this request; reload the page."},
	"requester_gone":              {"Le compte du demandeur n'existe plus.", "The requester's account no longer exists."},
	"not_approver":                {"Cette demande est décidée par un autre approbateur.", "Another approver decides this request."},
	"not_extendable":              {"Cet accès ne peut pas être prolongé.", "This access cannot be extended."},
	// Sign-in and account security.
	"unauthenticated":              {"Veuillez vous connecter.", "Please sign in."},
	"invalid_credentials":          {"Adresse e-mail ou mot de passe incorrect.", "Wrong email address or password."},
	"csrf_failed":                  {"La requête a été refusée par sécurité ; rechargez la page et réessayez.", "The request was refused for security; reload the page and try again."},
	"origin_refused":               {"Cette adresse n'accepte que les requêtes passées par le portail ; utilisez l'adresse du portail.", "This address only accepts requests made through the portal; use the portal's address."},
	"account_disabled":             {"Ce compte est désactivé ; adressez-vous à l'administrateur de votre organisation.", "This account is disabled; ask your organisation's administrator."},
	"account_not_activated":        {"Ce compte n'est pas encore activé : utilisez le lien d'activation reçu par e-mail.", "This account is not activated yet: use the activation link you received by email."},
	"account_locked":               {"Votre compte est verrouillé pour un moment ; le message qui vous a été envoyé permet de le déverrouiller.", "Your account is locked for a while; the message you were sent lets you unlock it."},
	"mfa_challenge_invalid":        {"Cette étape de connexion a expiré ; reconnectez-vous.", "This sign-in step expired; sign in again."},
	"invalid_code":                 {"Code incorrect.", "Wrong code."},
	"mfa_enrolment_required":       {"Votre organisation exige un second facteur : configurez-en un pour continuer.", "Your organisation requires a second factor: set one up to continue."},
	"password_change_required":     {"Votre administrateur a choisi votre mot de passe : choisissez-en un nouveau pour continuer.", "Your administrator chose your password: choose a new one to continue."},
	"mfa_required_by_organisation": {"Votre organisation exige un second facteur : vous ne pouvez pas retirer le dernier.", "Your organisation requires a second factor: you cannot remove the last one."},
	"impersonation_forbidden":      {"Seule la personne elle-même peut faire ce changement.", "Only the person themself may make this change."},
	"version_conflict":             {"Ces informations ont été modifiées entre-temps ; rechargez la page et recommencez.", "This information changed in the meantime; reload the page and try again."},
	"link_invalid":                 {"Ce lien n'est plus valable : il a déjà servi ou a expiré.", "This link no longer works: it was already used or has expired."},
	"link_expired":                 {"Ce lien a expiré : demandez-en un nouveau à votre administrateur.", "This link has expired: ask your administrator for a new one."},
	"email_taken":                  {"Cette adresse est déjà utilisée par un autre compte.", "This address is already used by another account."},
	"no_notification_email_change": {"Aucune adresse d'avis n'attend de confirmation, ou son code a expiré ; saisissez-la de nouveau.", "No notification address is waiting for confirmation, or its code expired; enter it again."},
	"no_email_change":              {"Aucun changement d'adresse n'est en attente, ou son code a expiré ; recommencez.", "No address change is waiting, or its code expired; start again."},
	"session_not_found":            {"Cette session n'existe plus.", "This session no longer exists."},
	"totp_already_enabled":         {"Une application d'authentification est déjà configurée.", "An authenticator app is already set up."},
	"totp_not_enabled":             {"Aucune application d'authentification n'est configurée.", "No authenticator app is set up."},
	"totp_not_started":             {"Commencez par afficher le QR code.", "Start by showing the QR code."},
	"no_administrator":             {"Votre organisation n'a pas d'autre administrateur à qui écrire.", "Your organisation has no other administrator to write to."},
	"passkey_invalid":              {"La clé d'accès n'a pas pu être vérifiée.", "The passkey could not be verified."},
	"passkey_ceremony_invalid":     {"Cette étape a expiré ; recommencez.", "This step expired; start again."},
	"passkey_taken":                {"Cette clé d'accès est déjà enregistrée.", "This passkey is already registered."},
	"passkey_not_found":            {"Cette clé d'accès n'existe pas.", "This passkey does not exist."},
	"no_passkey":                   {"Ce compte n'a pas de clé d'accès.", "This account has no passkey."},
	"passkeys_unavailable":         {"Les clés d'accès sont désactivées : le portail est servi à une adresse IP, et elles demandent un nom de domaine.", "Passkeys are off: the portal is served at an IP address, and they need a domain name."},
	// Registration.
	"code_resend_too_soon":    {"Un code vient d'être envoyé ; attendez une minute avant d'en demander un autre.", "A code was just sent; wait a minute before asking for another."},
	"code_invalid":            {"Code incorrect.", "Wrong code."},
	"code_expired":            {"Ce code a expiré ; demandez-en un nouveau.", "This code has expired; ask for a new one."},
	"code_exhausted":          {"Trop de codes erronés ; demandez un nouveau code.", "Too many wrong codes; ask for a new code."},
	"signup_expired":          {"Votre inscription a expiré ; recommencez avec votre adresse e-mail.", "Your sign-up has expired; start again with your email address."},
	"registration_not_found":  {"Aucune inscription trouvée.", "No registration found."},
	"registration_decided":    {"Cette inscription a déjà été traitée.", "This registration was already handled."},
	"domain_free_mail":        {"Ce domaine est celui d'une messagerie gratuite : il ne peut pas être vérifié.", "This is a free mail domain: it cannot be verified."},
	"domain_taken":            {"Une autre organisation a déjà vérifié ce domaine ; un opérateur peut le déclarer partagé.", "Another organisation already verified this domain; an operator can mark it shared."},
	"domain_already_verified": {"Cette organisation a déjà vérifié ce domaine.", "This organisation already verified this domain."},
	"domain_not_verified":     {"Cette organisation n'a pas vérifié ce domaine.", "This organisation did not verify this domain."},
	"domain_shared_in_use":    {"Plusieurs organisations ont vérifié ce domaine : il doit rester partagé.", "Several organisations verified this domain: it must stay shared."},
	"domain_verified":         {"Une organisation a vérifié ce domaine : retirez-le-lui d'abord.", "An organisation verified this domain: remove it from that organisation first."},
	"freemail_exists":         {"Ce domaine est déjà dans la liste des messageries gratuites.", "This domain is already on the free mail list."},
	"freemail_not_found":      {"Ce domaine n'est pas dans la liste tenue par les opérateurs.", "This domain is not on the operators' list."},
	"organisation_not_found":  {"Cette organisation n'existe pas.", "This organisation does not exist."},
	"move_admin":              {"Un administrateur ne peut pas changer d'organisation.", "An administrator cannot move to another organisation."},
	// Company administration.
	"last_admin":                 {"L'organisation doit garder au moins un administrateur actif.", "The organisation must keep at least one active administrator."},
	"user_is_referent":           {"Cette personne est référente d'un contrat : nommez d'abord un autre référent.", "This person is the referent of a contract: name another referent first."},
	"email_unavailable":          {"Cette adresse ne peut pas être ajoutée : elle a déjà un compte hors de votre organisation. La personne peut demander elle-même à la rejoindre.", "This address cannot be added: it already has an account outside your organisation. The person can ask to join it themselves."},
	"login_taken":                {"Cet identifiant est déjà pris.", "This login is already taken."},
	"already_activated":          {"Ce compte n'attend pas d'activation.", "This account is not waiting for activation."},
	"not_activated":              {"Ce compte n'est pas encore activé : renvoyez plutôt le lien d'activation.", "This account is not activated yet: send the activation link again instead."},
	"account_unavailable":        {"Ce compte ne peut pas se connecter.", "This account cannot sign in."},
	"confirmation_mismatch":      {"Saisissez exactement l'identifiant de la personne pour confirmer.", "Type the person's login exactly to confirm."},
	"unsupported_media_type_csv": {"Le fichier doit être envoyé en text/csv.", "The file must be sent as text/csv."},
	"csv_encoding":               {"Le fichier doit être encodé en UTF-8.", "The file must be encoded in UTF-8."},
	"csv_empty":                  {"Le fichier ne contient aucune ligne de données.", "The file has no data rows."},
	"csv_malformed":              {"Le fichier n'est pas un CSV valide.", "The file is not valid CSV."},
	"csv_columns":                {"La ligne d'en-tête nomme des colonnes inconnues, répétées ou manquantes.", "The header row names unknown, repeated or missing columns."},
	"csv_too_many_rows":          {"Le fichier dépasse 1 000 lignes : découpez-le.", "The file has more than 1,000 rows: split it."},
	"csv_no_valid_rows":          {"Aucune ligne du fichier ne peut être importée : vérifiez-le pour voir pourquoi.", "No row of the file can be imported: check it to see why."},
	"supported_admin_only":       {"Seuls les administrateurs accordent ou retirent le statut d'utilisateur supporté.", "Only administrators grant or revoke the supported-user flag."},
	"contract_not_found":         {"Ce contrat n'existe pas.", "This contract does not exist."},
	"user_not_found":             {"Cette personne n'existe pas.", "This person does not exist."},
	"busy":                       {"Le contrat a changé trop souvent entre-temps ; réessayez.", "The contract changed too often meanwhile; try again."},
	"reference_taken":            {"Cette référence de contrat est déjà utilisée dans l'organisation.", "This contract reference is already used in the organisation."},
	"impersonation_unavailable":  {"Impossible de se connecter en tant que cette personne : son compte est désactivé.", "You cannot log in as this person: their account is disabled."},
	"already_impersonating":      {"Vous êtes déjà connecté en tant qu'une autre personne : revenez d'abord à votre session.", "You are already logged in as someone else: go back to your own session first."},
	"not_impersonating":          {"Vous n'êtes pas connecté en tant qu'une autre personne.", "You are not logged in as someone else."},
	// Closing one's account.
	"closure_not_found":   {"Aucune demande de fermeture de compte n'est en attente pour cette personne.", "No request to close an account is waiting for this person."},
	"closure_pending":     {"Votre demande de fermeture de compte est déjà en attente.", "Your request to close your account is already waiting."},
	"closure_not_pending": {"Cette demande de fermeture a déjà été traitée ou retirée.", "This closing request was already handled or withdrawn."},
	"closure_changed":     {"Cette demande vient d'être traitée ou retirée ; rechargez la page.", "This request was just handled or withdrawn; reload the page."},
	"closure_own_request": {"Un autre administrateur doit décider de votre propre demande.", "Another administrator must decide your own request."},
	// Documents and consoles.
	"document_not_found":        {"Ce document n'existe pas.", "This document does not exist."},
	"upload_not_found":          {"Cet envoi n'existe plus : il a été confirmé, abandonné ou a expiré. Recommencez l'envoi du fichier.", "This upload no longer exists: it was confirmed, given up or has expired. Send the file again."},
	"document_not_uploaded":     {"Le fichier n'a pas encore été reçu : envoyez-le avant de confirmer.", "The file has not been received yet: send it before confirming."},
	"document_content_mismatch": {"Ce fichier n'est pas ce qu'il prétend être : son contenu n'est pas celui d'un PDF ou d'un document bureautique du type annoncé, ou sa taille diffère. Il a été refusé et supprimé.", "This file is not what it claims to be: its content is not that of a PDF or of an office document of the declared type, or its size differs. It was refused and deleted."},
	"console_not_found":         {"Ce lien de console n'existe pas.", "This console link does not exist."},
	"too_many_consoles":         {"Un contrat a au plus 50 liens de console.", "A contract has at most 50 console links."},
	// Notifications.
	"notification_not_found": {"Cette notification n'existe pas ou a expiré.", "This notification does not exist or has expired."},
	"notifications_busy":     {"Vos notifications changent en ce moment ; réessayez dans un instant.", "Your notifications are changing right now; try again in a moment."},
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
	// Application access.
	"unknown_application": {"Une des applications choisies n'existe pas ou n'est plus proposée.", "One of the chosen applications does not exist or is no longer offered."},
	"too_many":            {"Trop d'éléments choisis.", "Too many items chosen."},
	"free_mail":           {"Utilisez votre adresse professionnelle : les messageries gratuites ne sont pas acceptées.", "Use your business address: free mail providers are not accepted."},
	// Service catalogue: its definitions and the answers to its order forms.
	"number":         {"Nombre entier attendu.", "A whole number is expected."},
	"number_range":   {"Valeur hors des limites permises.", "Value outside the allowed bounds."},
	"choice":         {"Choisissez parmi les options proposées.", "Choose among the options offered."},
	"not_allowed":    {"Ce réglage ne s'applique pas ici.", "This setting does not apply here."},
	"price_range":    {"Prix invalide : entre 0 et 10 000 000 par unité.", "Invalid price: between 0 and 10,000,000 a unit."},
	"logo_type":      {"Image refusée : PNG, JPEG ou WebP seulement (le SVG n'est pas accepté).", "Image refused: PNG, JPEG or WebP only (SVG is not accepted)."},
	"logo_too_large": {"L'image dépasse 256 Ko.", "The image is larger than 256 KB."},
	// Sign-in and account security.
	"wrong_password":  {"Mot de passe incorrect.", "Wrong password."},
	"wrong_code":      {"Code incorrect.", "Wrong code."},
	"same_as_current": {"C'est déjà votre adresse actuelle.", "This is already your current address."},
	"same_address":    {"C'est déjà l'adresse de connexion de cette personne.", "This already is this person's sign-in address."},
	// Registration.
	"password_too_short":   {"Au moins 8 caractères.", "At least 8 characters."},
	"password_lower":       {"Au moins une lettre minuscule.", "At least one lower-case letter."},
	"password_upper":       {"Au moins une lettre majuscule.", "At least one upper-case letter."},
	"password_digit":       {"Au moins un chiffre.", "At least one digit."},
	"password_symbol":      {"Au moins un de ces caractères : # ! . @ _ - /", "At least one of these characters: # ! . @ _ - /"},
	"password_common":      {"Ce mot de passe est trop courant ; choisissez-en un autre.", "This password is too common; choose another one."},
	"password_personal":    {"Ce mot de passe reprend votre nom ou votre adresse ; choisissez-en un autre.", "This password is based on your name or address; choose another one."},
	"domain":               {"Nom de domaine invalide.", "Invalid domain name."},
	"phone":                {"Numéro de téléphone invalide.", "Invalid phone number."},
	"country":              {"Pays inconnu : utilisez son code à deux lettres (FR, BE…).", "Unknown country: use its two-letter code (FR, BE…)."},
	"registration_no":      {"Numéro invalide : SIREN, SIRET ou numéro de TVA intracommunautaire.", "Invalid number: SIREN, SIRET or EU VAT number."},
	"url":                  {"Adresse de site invalide.", "Invalid website address."},
	"organisation_exists":  {"Votre domaine appartient déjà à une organisation : rejoignez-la.", "Your domain already belongs to an organisation: join it."},
	"unknown_organisation": {"Choisissez une organisation de la liste.", "Choose an organisation from the list."},
	// Company administration.
	"login_format":         {"De 8 à 64 lettres, chiffres, points, tirets ou soulignés.", "8 to 64 letters, digits, dots, hyphens or underscores."},
	"taken":                {"Déjà utilisé par un autre compte.", "Already used by another account."},
	"duplicate":            {"Déjà présent plus haut.", "Already given above."},
	"unavailable":          {"Adresse déjà utilisée hors de votre organisation.", "Address already used outside your organisation."},
	"not_found":            {"Introuvable.", "Not found."},
	"mismatch":             {"Ne correspond pas.", "Does not match."},
	"date":                 {"Date invalide (AAAA-MM-JJ).", "Invalid date (YYYY-MM-DD)."},
	"before_start":         {"La fin doit suivre le début.", "The end must come after the start."},
	"referent_unavailable": {"Choisissez une personne active de l'organisation.", "Choose an active person of the organisation."},
	"version_conflict":     {"Modifié entre-temps par quelqu'un d'autre ; rechargez.", "Changed meanwhile by someone else; reload."},
	"not_written":          {"Ligne non enregistrée : réessayez l'import.", "Row not saved: try the import again."},
	// Service weather.
	"datetime":          {"Date et heure invalides.", "Invalid date and time."},
	"not_planned":       {"Seule une maintenance a un début et une fin prévus.", "Only a maintenance has a planned start and end."},
	"past":              {"La fin doit être dans le futur.", "The end must be in the future."},
	"maintenance_state": {"Une maintenance reste une maintenance.", "A maintenance stays a maintenance."},
	"too_many_updates":  {"Cet événement a trop de mises à jour : résolvez-le et publiez-en un nouveau.", "This event has too many updates: resolve it and publish a new one."},
	// Money and budgets.
	"amount":          {"Montant invalide : un nombre d'au plus deux décimales (1250 ou 1 250,50).", "Invalid amount: a number with at most two decimals (1250 or 1,250.50)."},
	"amount_range":    {"Montant trop élevé.", "Amount too large."},
	"amount_positive": {"Le montant doit être supérieur à zéro.", "The amount must be greater than zero."},
	"currency":        {"Devise inconnue : EUR, USD, GBP ou CHF.", "Unknown currency: EUR, USD, GBP or CHF."},
	"month_future":    {"Ce mois n'a pas encore commencé.", "This month has not started yet."},
	"attach_failed":   {"Cette personne n'a pas pu être rattachée ; ajoutez-la seule.", "This person could not be attached; add them on their own."},
	// Documents and consoles.
	"document_type":      {"Type de fichier refusé : PDF, Word, Excel, PowerPoint (docx, xlsx, pptx) ou OpenDocument (odt, ods, odp).", "File type refused: PDF, Word, Excel, PowerPoint (docx, xlsx, pptx) or OpenDocument (odt, ods, odp)."},
	"document_too_large": {"Le fichier dépasse 20 Mo.", "The file is larger than 20 MB."},
	"url_https":          {"L'adresse doit commencer par https://.", "The address must start with https://."},
	"url_credentials":    {"L'adresse ne doit contenir ni identifiant ni mot de passe.", "The address must not hold a user name or password."},
	// Notifications.
	"unknown_kind":   {"Ce type de notification n'existe pas.", "This kind of notification does not exist."},
	"mail_mandatory": {"Ce courriel ne peut pas être désactivé : il vous protège (sécurité de votre compte).", "This mail cannot be switched off: it protects you (your account's security)."},
}

func message(lang, code string, kind portal.Kind) string {
	if t, ok := codeMessages[code]; ok {
		return t.in(lang)
	}
	return kindMessages[kind].in(lang)
}

// FieldMessage is the message of a field-error code in lang.
func FieldMessage(lang, code string) string {
	if t, ok := fieldMessages[code]; ok {
		return t.in(lang)
	}
	return kindMessages[portal.Invalid].in(lang)
}

// HasFieldMessage reports whether a field-error code has its messages, for the
// tests that hold every code a client can meet to its words.
func HasFieldMessage(code string) bool {
	_, ok := fieldMessages[code]
	return ok
}
