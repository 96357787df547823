package httpapi

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"mime"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/guichet/guichet/shared/auth"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// MaxImportRows bounds a CSV import: a thousand people fit well within the 1 MiB
// body limit, and within the time one request may take.
const MaxImportRows = 1000

// importColumns are the CSV columns, the wizard's fields. email, login, firstName
// and lastName are required; the section columns give the rights on the row's
// contract (its reference or id).
var importColumns = []string{"email", "login", "civility", "firstName", "lastName", "jobTitle", "phone", "lang", "role",
	"addressLine1", "addressLine2", "postalCode", "city", "country", "sendActivation", "password", "contract", "supported",
	"contracts", "documents", "invoices", "orders", "services", "support", "users", "dashboard"}

var requiredColumns = []string{"email", "login", "firstName", "lastName"}

// The results of an import row: what a dry run would do, what a real run did.
const (
	rowCreate   = "create"
	rowAttach   = "attach"
	rowCreated  = "created"
	rowAttached = "attached"
	rowError    = "error"
)

// importRow is one data row of the file and what became of it.
type importRow struct {
	Line   int         `json:"line"`
	Email  string      `json:"email"`
	Login  string      `json:"login,omitempty"`
	Result string      `json:"result"`
	UserID string      `json:"userId,omitempty"`
	Errors []fieldBody `json:"errors,omitempty"`

	form     newUserForm
	contract string // as the file names it
	existing *store.Owner
	hash     string // of the password, when the row sets one
	fields   portal.Fields
}

// importReport is the answer of an import.
type importReport struct {
	DryRun   bool        `json:"dryRun"`
	Total    int         `json:"total"`
	Created  int         `json:"created"`
	Attached int         `json:"attached"`
	Failed   int         `json:"failed"`
	Rows     []importRow `json:"rows"`
}

// importOrgUsers adds the people of a CSV file (UTF-8, optional byte-order mark,
// ';' or ',' between fields, a header row naming the columns). With ?dryRun=true
// nothing is written: each row says what would happen. Otherwise the valid rows are
// written, in transactions of a bounded size, and each row says what happened.
func (d *Deps) importOrgUsers(w http.ResponseWriter, r *http.Request) error {
	p, err := orgAdmin(r)
	if err != nil {
		return err
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "text/csv" {
		return portal.E(portal.Unsupported, "unsupported_media_type_csv", "content type must be text/csv")
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return decodeError(err)
	}
	rows, err := parseImport(raw)
	if err != nil {
		return err
	}
	dry := r.URL.Query().Get("dryRun") == "true"
	ctx := r.Context()
	if err := d.checkImport(ctx, p.OrgID, rows); err != nil {
		return err
	}
	if !dry {
		if err := d.writeImport(r, p, rows); err != nil {
			// What was written stays written and is reported; the rest is marked.
			logger(ctx).Error("import stopped", "err", err.Error())
		}
	}
	lang := Lang(r)
	report := importReport{DryRun: dry, Total: len(rows), Rows: rows}
	for i := range rows {
		row := &report.Rows[i]
		if len(row.fields) > 0 {
			row.Result = rowError
			for _, fe := range row.fields {
				row.Errors = append(row.Errors, fieldBody{Field: fe.Field, Code: fe.Code, Message: fieldMessage(lang, fe.Code)})
			}
		}
		switch row.Result {
		case rowCreated:
			report.Created++
		case rowAttached:
			report.Attached++
		case rowError:
			report.Failed++
		}
	}
	return Reply(w, report)
}

func csvError(code, msg string) error { return portal.E(portal.Invalid, code, msg) }

// parseImport reads the file into rows with their fields checked one by one.
func parseImport(raw []byte) ([]importRow, error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(raw) {
		return nil, csvError("csv_encoding", "the file is not UTF-8")
	}
	header, _, _ := bytes.Cut(raw, []byte("\n"))
	rd := csv.NewReader(bytes.NewReader(raw))
	rd.Comma = ','
	if bytes.Count(header, []byte(";")) > bytes.Count(header, []byte(",")) {
		rd.Comma = ';'
	}
	rd.FieldsPerRecord = -1
	rd.TrimLeadingSpace = true
	names, err := rd.Read()
	if errors.Is(err, io.EOF) {
		return nil, csvError("csv_empty", "the file is empty")
	}
	if err != nil {
		return nil, csvError("csv_malformed", "the file is not valid CSV")
	}
	col := map[string]int{}
	var f portal.Fields
	for i, n := range names {
		name := canonicalColumn(n)
		if name == "" {
			f.Add(strings.TrimSpace(n), "unknown")
			continue
		}
		if _, dup := col[name]; dup {
			f.Add(name, "duplicate")
		}
		col[name] = i
	}
	for _, c := range requiredColumns {
		if _, ok := col[c]; !ok {
			f.Add(c, "required")
		}
	}
	if err := f.Err(); err != nil {
		pe := err.(*portal.Error)
		pe.Code, pe.Message = "csv_columns", "the header row names unknown, repeated or missing columns"
		return nil, pe
	}
	var rows []importRow
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var bad *csv.ParseError
		if errors.As(err, &bad) {
			return nil, &portal.Error{Kind: portal.Invalid, Code: "csv_malformed", Message: "the file is not valid CSV",
				Fields: []portal.FieldError{{Field: "line " + strconv.Itoa(bad.Line), Code: "format"}}}
		}
		if err != nil {
			return nil, err
		}
		line, _ := rd.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rows) == MaxImportRows {
			return nil, csvError("csv_too_many_rows", "the file has more rows than one import takes")
		}
		rows = append(rows, rowOf(line, rec, col))
	}
	if len(rows) == 0 {
		return nil, csvError("csv_empty", "the file has no data rows")
	}
	return rows, nil
}

// canonicalColumn maps a header cell to its column, whatever its case and spaces;
// "" for an unknown one.
func canonicalColumn(name string) string {
	n := strings.ToLower(strings.Join(strings.Fields(name), ""))
	for _, c := range importColumns {
		if strings.ToLower(c) == n {
			return c
		}
	}
	return ""
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// rowOf checks one record into a row: its own fields only, not yet what the table
// or the other rows hold.
func rowOf(line int, rec []string, col map[string]int) importRow {
	get := func(name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	row := importRow{Line: line, contract: get("contract")}
	in := newUserForm{Email: get("email"), Login: get("login"), Role: portal.Role(strings.ToLower(get("role"))), Password: get("password"),
		userDetails: userDetails{Civility: get("civility"), FirstName: get("firstName"), LastName: get("lastName"), JobTitle: get("jobTitle"),
			Phone: get("phone"), Lang: strings.ToLower(get("lang")),
			Address: portal.PostalAddress{Line1: get("addressLine1"), Line2: get("addressLine2"), PostalCode: get("postalCode"), City: get("city"), Country: get("country")}}}
	// The form's own fields are checked first, to report in the wizard's order.
	var more portal.Fields
	grant := contractGrant{Sections: map[portal.Section]portal.Level{}}
	for _, s := range portal.Sections {
		v := strings.ToLower(get(string(s)))
		if v == "" {
			continue
		}
		if l := levelOf(v); l != "" {
			grant.Sections[s] = l
		} else {
			more.Add(string(s), "format")
		}
	}
	send, ok := yesNo(get("sendActivation"), true)
	if !ok {
		more.Add("sendActivation", "format")
	}
	in.SendActivation = &send
	if grant.Supported, ok = yesNo(get("supported"), false); !ok {
		more.Add("supported", "format")
	}
	if row.contract == "" && (grant.Supported || len(grant.Sections) > 0) {
		more.Add("contract", "required")
	}
	if row.contract != "" {
		in.Contracts = []contractGrant{grant}
	}
	row.form = in.clean(&row.fields)
	row.fields = append(row.fields, more...)
	row.Email, row.Login = row.form.Email, row.form.Login
	if row.Email == "" {
		row.Email = in.Email
	}
	return row
}

// yesNo reads a yes/no cell in English or French; "" is def.
func yesNo(v string, def bool) (bool, bool) {
	switch strings.ToLower(v) {
	case "":
		return def, true
	case "yes", "y", "true", "1", "oui", "o", "vrai":
		return true, true
	case "no", "n", "false", "0", "non", "faux":
		return false, true
	}
	return def, false
}

// levelOf reads a level in English or French.
func levelOf(v string) portal.Level {
	switch v {
	case "none", "aucun":
		return portal.LevelNone
	case "visitor", "visiteur":
		return portal.LevelVisitor
	case "manager", "gestionnaire":
		return portal.LevelManager
	}
	return ""
}

// checkImport checks the rows against each other and the table: addresses and
// logins repeated in the file, taken by someone, or held by a person of another
// organisation; contracts unknown. A person who can be attached is marked so.
func (d *Deps) checkImport(ctx context.Context, orgID string, rows []importRow) error {
	contracts, err := d.contractIndex(ctx, orgID)
	if err != nil {
		return err
	}
	var emails, logins []string
	seenEmail, seenLogin := map[string]int{}, map[string]int{}
	for i := range rows {
		row := &rows[i]
		if row.contract != "" {
			id, ok := contracts[row.contract]
			if !ok {
				id, ok = contracts[store.ContractRefKey(row.contract)]
			}
			if !ok {
				row.fields.Add("contract", "not_found")
			} else {
				row.form.Contracts[0].ContractID = id
			}
		}
		if e := row.form.Email; e != "" {
			if _, dup := seenEmail[e]; dup {
				row.fields.Add("email", "duplicate")
			} else {
				seenEmail[e] = i
				emails = append(emails, e)
			}
		}
		if l := row.form.Login; l != "" {
			if _, dup := seenLogin[l]; dup {
				row.fields.Add("login", "duplicate")
			} else {
				seenLogin[l] = i
				logins = append(logins, l)
			}
		}
	}
	byEmail, byLogin, err := d.Store.Owners(ctx, emails, logins)
	if err != nil {
		return err
	}
	for i := range rows {
		row := &rows[i]
		// An address whose account is not the administrator's reads as a new one
		// here and is refused when written, as in the wizard.
		if o, ok := byEmail[row.form.Email]; ok && mayAttach(orgID, o.OrgID) {
			row.existing = &o
			row.fields = dropFields(row.fields, "email", "login", "civility", "firstName", "lastName", "jobTitle", "phone", "lang", "role", "password",
				"address.line1", "address.line2", "address.postalCode", "address.city", "address.country", "sendActivation")
			if len(row.fields) == 0 {
				row.Result = rowAttach
			}
			continue
		}
		if _, ok := byLogin[row.form.Login]; ok {
			row.fields.Add("login", "taken")
		}
		if len(row.fields) == 0 {
			row.Result = rowCreate
		}
	}
	return nil
}

// dropFields removes the field errors of fields that do not matter for a row.
func dropFields(f portal.Fields, fields ...string) portal.Fields {
	out := f[:0]
	for _, fe := range f {
		keep := true
		for _, name := range fields {
			if fe.Field == name {
				keep = false
			}
		}
		if keep {
			out = append(out, fe)
		}
	}
	return out
}

// contractIndex maps the organisation's contracts by id and by reference (its
// SearchKey form), reading them all: an organisation has few.
func (d *Deps) contractIndex(ctx context.Context, orgID string) (map[string]string, error) {
	out := map[string]string{}
	cursor := ""
	for {
		page, next, err := d.Store.ContractsPage(ctx, orgID, nil, table.MaxLimit, cursor)
		if err != nil {
			return nil, err
		}
		for _, c := range page {
			out[c.ID] = c.ID
			out[store.ContractRefKey(c.Reference)] = c.ID
		}
		if next == "" {
			return out, nil
		}
		cursor = next
	}
}

// importBatchOps bounds the steps of one import transaction (DynamoDB takes 100).
const importBatchOps = table.MaxTransact - 1

// writeImport writes the rows a dry run would accept: new people in transactions
// of several rows, attached people one at a time. A batch refused because an
// address or login was taken meanwhile loses that row and is tried again.
func (d *Deps) writeImport(r *http.Request, p portal.Principal, rows []importRow) error {
	ctx := r.Context()
	org, err := d.Store.Organisation(ctx, p.OrgID)
	if err != nil {
		return d.failRest(rows, err)
	}
	if err := d.hashImportPasswords(rows); err != nil {
		return d.failRest(rows, err)
	}
	var batch []store.NewAccount
	var owners []int
	size := 0
	flush := func() error {
		for len(batch) > 0 {
			i, err := d.Store.CreateAccounts(ctx, batch...)
			if i >= 0 && portal.Is(err, portal.Conflict) {
				row := &rows[owners[i]]
				switch err.(*portal.Error).Code {
				case "email_taken":
					row.fields.Add("email", "unavailable")
				case "login_taken":
					row.fields.Add("login", "taken")
				default:
					row.fields.Add("row", "not_written")
				}
				batch, owners = append(batch[:i], batch[i+1:]...), append(owners[:i], owners[i+1:]...)
				continue
			}
			if err != nil {
				return err
			}
			for k, n := range batch {
				rows[owners[k]].Result, rows[owners[k]].UserID = rowCreated, n.Account.ID
			}
			batch, owners, size = batch[:0], owners[:0], 0
		}
		return nil
	}
	for i := range rows {
		row := &rows[i]
		switch row.Result {
		case rowAttach:
			a, err := d.Store.Account(ctx, row.existing.OrgID, row.existing.UserID)
			if err == nil {
				_, _, err = d.attach(r, p, a, row.form.Contracts)
			}
			if err != nil && portal.KindOf(err) == portal.Internal {
				return d.failRest(rows, err)
			}
			if err != nil {
				row.fields.Add("email", "attach_failed")
				continue
			}
			row.Result, row.UserID = rowAttached, a.ID
		case rowCreate:
			acc, ops, err := d.newAccount(ctx, r, p.OrgID, row.form, org.Name, row.hash)
			var pe *portal.Error
			if errors.As(err, &pe) && len(pe.Fields) > 0 {
				row.fields = append(row.fields, pe.Fields...)
				continue
			}
			if err != nil {
				return d.failRest(rows, err)
			}
			steps := 3 + len(ops)
			if size+steps > importBatchOps {
				if err := flush(); err != nil {
					return d.failRest(rows, err)
				}
			}
			batch, owners, size = append(batch, store.NewAccount{Account: acc, Also: ops}), append(owners, i), size+steps
		}
	}
	if err := flush(); err != nil {
		return d.failRest(rows, err)
	}
	return nil
}

// failRest marks every row not yet written as failed, for a run stopped by an
// unexpected error, and returns that error.
func (d *Deps) failRest(rows []importRow, err error) error {
	for i := range rows {
		if rows[i].Result == rowCreate || rows[i].Result == rowAttach {
			rows[i].fields.Add("row", "not_written")
		}
	}
	return err
}

// hashImportPasswords hashes the passwords of the rows that set one, on every core:
// argon2id costs tens of milliseconds a hash by design.
func (d *Deps) hashImportPasswords(rows []importRow) error {
	work := make(chan *importRow)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for row := range work {
				h, err := auth.HashPassword(row.form.Password, d.Auth.Params)
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				row.hash = h
				mu.Unlock()
			}
		}()
	}
	for i := range rows {
		if rows[i].Result == rowCreate && !rows[i].form.sendsActivation() {
			work <- &rows[i]
		}
	}
	close(work)
	wg.Wait()
	return first
}
