package orgadmin

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
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
	"github.com/guichet/guichet/shared/blob"
	"github.com/guichet/guichet/shared/csvout"
	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/portal"
	"github.com/guichet/guichet/shared/store"
	"github.com/guichet/guichet/shared/table"
)

// MaxImportRows bounds a CSV import: a thousand people fit well within the 1 MiB
// body limit, and the import job handles them in a few minutes at most.
const MaxImportRows = 1000

// importColumns are the CSV columns, the wizard's fields. email, login, firstName
// and lastName are required; the section columns give the rights on the row's
// contract (its reference or id).
var importColumns = []string{"email", "login", "civility", "firstName", "lastName", "jobTitle", "phone", "lang", "role",
	"addressLine1", "addressLine2", "postalCode", "city", "country", "sendActivation", "password", "contract", "supported",
	"contracts", "documents", "invoices", "orders", "services", "support", "users", "dashboard"}

var requiredColumns = []string{"email", "login", "firstName", "lastName"}

// The results of a row in a dry run.
const (
	rowCreate = "create"
	rowAttach = "attach"
	rowError  = "error"
)

// The outcomes of a line in an import job's report.
const (
	lineCreated  = "created"
	lineAttached = "attached"
	lineSkipped  = "skipped"
	lineFailed   = "failed"
)

// importRow is one data row of the file and what became of it.
type importRow struct {
	Line   int                 `json:"line"`
	Email  string              `json:"email"`
	Login  string              `json:"login,omitempty"`
	Result string              `json:"result"`
	Errors []httpapi.FieldBody `json:"errors,omitempty"`

	form     httpapi.NewUserForm
	contract string // as the file names it
	existing *store.Owner
	hash     string // of the password, when the row sets one
	fields   portal.Fields
	// done: an earlier run of the job recorded the line.
	done bool
}

// importReport is the answer of a dry run.
type importReport struct {
	DryRun bool        `json:"dryRun"`
	Total  int         `json:"total"`
	Failed int         `json:"failed"`
	Rows   []importRow `json:"rows"`
}

// jobUserImport is the kind of the CSV import jobs.
const jobUserImport = "user-import"

// importInput is what an import job imports: its file in the blob store.
type importInput struct {
	File string `json:"file"`
}

// importSummary is what a finished import reports.
type importSummary struct {
	Created  int `json:"created"`
	Attached int `json:"attached"`
	Skipped  int `json:"skipped"`
	Failed   int `json:"failed"`
}

// importStarted is what the audit log keeps of a queued import: figures a person
// reads, no id.
type importStarted struct {
	Lines int `json:"lines"`
}

// importOrgUsers adds the people of a CSV file (UTF-8, optional byte-order mark,
// ';' or ',' between fields, a header row naming the columns). The file and its rows
// are checked against the table first. With ?dryRun=true nothing is written: each
// row says what would happen. Otherwise the file is kept in the blob store and an
// import job queued (202): hashing the passwords of a thousand rows takes longer
// than a request may, so no row is written here.
func (d *deps) importOrgUsers(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.OrgAdmin(r)
	if err != nil {
		return err
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "text/csv" {
		return portal.E(portal.Unsupported, "unsupported_media_type_csv", "content type must be text/csv")
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return httpapi.DecodeError(err)
	}
	rows, err := parseImport(raw)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if err := d.checkImport(ctx, p.OrgID, rows); err != nil {
		return err
	}
	lang := httpapi.Lang(r)
	report := importReport{DryRun: true, Total: len(rows), Rows: rows}
	var bad portal.Fields
	for i := range rows {
		row := &report.Rows[i]
		if len(row.fields) == 0 {
			continue
		}
		row.Result = rowError
		report.Failed++
		for _, fe := range row.fields {
			row.Errors = append(row.Errors, httpapi.FieldBody{Field: fe.Field, Code: fe.Code, Message: httpapi.FieldMessage(lang, fe.Code)})
		}
		if len(bad) < maxImportFieldErrors {
			bad.Add("line "+strconv.Itoa(row.Line)+": "+importColumn(row.fields[0].Field), row.fields[0].Code)
		}
	}
	if r.URL.Query().Get("dryRun") == "true" {
		return httpapi.Reply(w, report)
	}
	if report.Failed == report.Total {
		return &portal.Error{Kind: portal.Invalid, Code: "csv_no_valid_rows", Message: "no row of the file can be imported", Fields: bad}
	}
	id := portal.NewID()
	key := "imports/" + p.OrgID + "/" + id + ".csv"
	if err := d.Blobs.Put(ctx, key, bytes.NewReader(raw), blob.Meta{ContentType: "text/csv; charset=utf-8"}); err != nil {
		return err
	}
	j := store.Job{ID: id, Kind: jobUserImport, Input: httpapi.RawJSON(importInput{File: key}), Total: len(rows)}
	return d.enqueue(w, r, p, j, d.Audit(r.Context(), p.OrgID, "user.import", "org:"+p.OrgID, nil, importStarted{Lines: len(rows)}))
}

// recentImports is how many imports the import page lists.
const recentImports = 10

// listImports answers the organisation's recent imports, newest first, each with
// its report's link once done.
func (d *deps) listImports(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.OrgAdmin(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	jobs, err := d.Store.RecentJobs(ctx, p.OrgID, jobUserImport, recentImports)
	if err != nil {
		return err
	}
	items := make([]jobView, 0, len(jobs))
	for _, j := range jobs {
		v, err := d.viewJobLinked(ctx, j)
		if err != nil {
			return err
		}
		items = append(items, v)
	}
	return httpapi.Reply(w, struct {
		Items []jobView `json:"items"`
	}{items})
}

// showImport answers an import job of the organisation.
func (d *deps) showImport(w http.ResponseWriter, r *http.Request) error {
	p, err := httpapi.OrgAdmin(r)
	if err != nil {
		return err
	}
	return d.showJob(w, r, p, jobUserImport)
}

// maxImportFieldErrors bounds the field errors of a file none of whose rows can be
// imported: the first rows say enough, and a dry run tells every one.
const maxImportFieldErrors = 20

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
	in := httpapi.NewUserForm{Email: get("email"), Login: get("login"), Role: portal.Role(strings.ToLower(get("role"))), Password: get("password"),
		UserDetails: httpapi.UserDetails{Civility: get("civility"), FirstName: get("firstName"), LastName: get("lastName"), JobTitle: get("jobTitle"),
			Phone: get("phone"), Lang: strings.ToLower(get("lang")),
			Address: portal.PostalAddress{Line1: get("addressLine1"), Line2: get("addressLine2"), PostalCode: get("postalCode"), City: get("city"), Country: get("country")}}}
	// The form's own fields are checked first, to report in the wizard's order.
	var more portal.Fields
	grant := httpapi.ContractGrant{Sections: map[portal.Section]portal.Level{}}
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
		in.Contracts = []httpapi.ContractGrant{grant}
	}
	row.form = in.Clean(&row.fields)
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

// checkImport checks the rows against each other and the table (checkFile, then
// checkOwners).
func (d *deps) checkImport(ctx context.Context, orgID string, rows []importRow) error {
	if err := d.checkFile(ctx, orgID, rows); err != nil {
		return err
	}
	return d.checkOwners(ctx, orgID, rows)
}

// checkFile checks the rows against each other (addresses and logins repeated in
// the file) and finds their contracts. It reads no person, so an import job checks
// the whole file again each time it is taken up, and what it wrote meanwhile does
// not change the verdict on a later row.
func (d *deps) checkFile(ctx context.Context, orgID string, rows []importRow) error {
	contracts, err := d.contractIndex(ctx, orgID)
	if err != nil {
		return err
	}
	seenEmail, seenLogin := map[string]bool{}, map[string]bool{}
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
			if seenEmail[e] {
				row.fields.Add("email", "duplicate")
			}
			seenEmail[e] = true
		}
		if l := row.form.Login; l != "" {
			if seenLogin[l] {
				row.fields.Add("login", "duplicate")
			}
			seenLogin[l] = true
		}
	}
	return nil
}

// checkOwners checks the rows not yet done against the table: logins taken by
// someone, addresses held by a person of another organisation. A person who can be
// attached is marked so; a row whose address is repeated in the file is not looked
// up.
func (d *deps) checkOwners(ctx context.Context, orgID string, rows []importRow) error {
	var emails, logins []string
	for i := range rows {
		row := &rows[i]
		if row.done || hasField(row.fields, "email", "duplicate") {
			continue
		}
		if e := row.form.Email; e != "" {
			emails = append(emails, e)
		}
		if l := row.form.Login; l != "" && !hasField(row.fields, "login", "duplicate") {
			logins = append(logins, l)
		}
	}
	byEmail, byLogin, err := d.Store.Owners(ctx, emails, logins)
	if err != nil {
		return err
	}
	for i := range rows {
		row := &rows[i]
		if row.done {
			continue
		}
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

// hasField reports whether f holds the error code on field.
func hasField(f portal.Fields, field, code string) bool {
	for _, fe := range f {
		if fe.Field == field && fe.Code == code {
			return true
		}
	}
	return false
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
func (d *deps) contractIndex(ctx context.Context, orgID string) (map[string]string, error) {
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

// importChunk is how many lines an import job handles between two saves of its
// progress: about a second of password hashing at OWASP cost on a core, so the
// progress bar moves in twentieths of a full file.
const importChunk = 50

// importBatchOps bounds the steps of one import transaction (DynamoDB takes 100).
const importBatchOps = table.MaxTransact - 1

func importReportFile(j store.Job) blob.Meta {
	name := "import-report-"
	if j.Lang != "en" {
		name = "rapport-import-"
	}
	return blob.Meta{ContentType: "text/csv; charset=utf-8", Filename: name + j.Created.UTC().Format(httpapi.DateLayout) + ".csv"}
}

// runImport runs an import job: it reads its file again, checks it again, and
// handles its lines in chunks from the last saved progress. Each line is recorded
// (store.ImportLine) in the transaction that does its work, if no run recorded it
// before, so a run taken up after its runner died skips the lines done and writes
// nobody twice. At the end the recorded lines become the report, a CSV file in the
// blob store in the language of the person who started the import.
func (d *deps) runImport(ctx context.Context, run *jobRun) error {
	var in importInput
	if err := json.Unmarshal(run.job.Input, &in); err != nil {
		return portal.Wrap(portal.Internal, "job_input", err)
	}
	raw, err := d.readBlob(ctx, in.File)
	if err != nil {
		return err
	}
	rows, err := parseImport(raw)
	if err != nil {
		return err
	}
	orgID := run.job.OrgID
	org, err := d.Store.Organisation(ctx, orgID)
	if err != nil {
		return err
	}
	if err := d.checkFile(ctx, orgID, rows); err != nil {
		return err
	}
	lines, err := d.Store.ImportLines(ctx, run.job.ID)
	if err != nil {
		return err
	}
	recorded := make(map[int]bool, len(lines))
	for _, l := range lines {
		recorded[l.Line] = true
	}
	for i := range rows {
		rows[i].done = recorded[rows[i].Line]
	}
	ctx = run.context(ctx)
	for start := min(run.job.Done, len(rows)); start < len(rows); start += importChunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		chunk := rows[start:min(start+importChunk, len(rows))]
		if err := d.checkOwners(ctx, orgID, chunk); err != nil {
			return err
		}
		if err := d.writeImport(ctx, run.job.ID, org.Name, chunk); err != nil {
			return err
		}
		if err := run.progress(ctx, start+len(chunk), len(rows)); err != nil {
			return err
		}
	}
	if lines, err = d.Store.ImportLines(ctx, run.job.ID); err != nil {
		return err
	}
	key := "imports/" + orgID + "/" + run.job.ID + "-report.csv"
	summary, err := d.putImportReport(ctx, key, run.job, lines)
	if err != nil {
		return err
	}
	// A run of a job that ended already (its end written, then the job taken up
	// again) writes the same report and records no second end.
	ended, err := d.Store.ImportEnded(ctx, run.job.ID)
	if err != nil {
		return err
	}
	if ended {
		return run.finish(ctx, key, summary)
	}
	return run.finish(ctx, key, summary, d.Audit(ctx, orgID, "user.import_done", "org:"+orgID, nil, summary), store.ImportEndOp(run.job.ID, d.Time().UTC()))
}

// readBlob reads a file of the blob store whole; the files it reads are bounded by
// the body limit of the request that put them there.
func (d *deps) readBlob(ctx context.Context, key string) ([]byte, error) {
	body, _, err := d.Blobs.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	defer body.Close()
	return io.ReadAll(io.LimitReader(body, httpapi.MaxBodyBytes))
}

// writeImport handles the lines of rows that no run recorded yet: new people in
// transactions of several rows, attached people one at a time, each with the record
// of its line; the lines skipped or refused are recorded together at the end. A
// batch refused because an address or login was taken meanwhile loses that row and
// is tried again. A record refused means another runner holds the job now.
func (d *deps) writeImport(ctx context.Context, jobID, orgName string, rows []importRow) error {
	p, _ := portal.PrincipalFrom(ctx)
	if err := d.hashImportPasswords(rows); err != nil {
		return err
	}
	now := d.Time().UTC()
	lineOf := func(row *importRow, outcome, userID string) table.Op {
		return store.ImportLineOp(jobID, store.ImportLine{Line: row.Line, Email: row.Email, Login: row.Login, Outcome: outcome, UserID: userID,
			Activation: outcome == lineCreated && row.form.SendsActivation(), Errors: row.fields}, now)
	}
	var refused []table.Op
	refuse := func(row *importRow, outcome string, field, code string) {
		if code != "" {
			row.fields.Add(field, code)
		}
		refused = append(refused, lineOf(row, outcome, ""))
	}
	var batch []store.NewAccount
	var owners []*importRow
	size := 0
	flush := func() error {
		for len(batch) > 0 {
			i, err := d.Store.CreateAccounts(ctx, batch...)
			if i >= 0 && portal.Is(err, portal.Conflict) {
				row := owners[i]
				switch err.(*portal.Error).Code {
				case "email_taken":
					refuse(row, lineFailed, "email", "unavailable")
				case "login_taken":
					refuse(row, lineFailed, "login", "taken")
				default:
					// Its record, most likely: written by another runner, which the
					// refused record of the line then tells.
					refuse(row, lineFailed, "row", "not_written")
				}
				batch, owners = append(batch[:i], batch[i+1:]...), append(owners[:i], owners[i+1:]...)
				continue
			}
			if err != nil {
				return err
			}
			batch, owners, size = batch[:0], owners[:0], 0
		}
		return nil
	}
	for i := range rows {
		row := &rows[i]
		switch {
		case row.done:
		case len(row.fields) > 0:
			refuse(row, lineSkipped, "", "")
		case row.Result == rowAttach:
			a, err := d.Store.Account(ctx, row.existing.OrgID, row.existing.UserID)
			if err == nil {
				_, _, err = d.attach(ctx, p, a, row.form.Contracts, lineOf(row, lineAttached, a.ID))
			}
			if err != nil && portal.KindOf(err) == portal.Internal {
				return err
			}
			if err != nil {
				refuse(row, lineFailed, "email", "attach_failed")
			}
		case row.Result == rowCreate:
			acc, ops, err := d.newAccount(ctx, p.OrgID, row.form, orgName, row.hash)
			var pe *portal.Error
			if errors.As(err, &pe) && len(pe.Fields) > 0 {
				row.fields = append(row.fields, pe.Fields...)
				refuse(row, lineSkipped, "", "")
				continue
			}
			if err != nil {
				return err
			}
			ops = append(ops, lineOf(row, lineCreated, acc.ID))
			steps := 3 + len(ops)
			if size+steps > importBatchOps {
				if err := flush(); err != nil {
					return err
				}
			}
			batch, owners, size = append(batch, store.NewAccount{Account: acc, Also: ops}), append(owners, row), size+steps
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if err := d.Store.Table().Transact(ctx, refused...); portal.Is(err, portal.Conflict) {
		return errJobLost
	} else if err != nil {
		return err
	}
	return nil
}

// hashImportPasswords hashes the passwords of the rows to create that set one, on
// every core: argon2id costs tens of milliseconds a hash by design.
func (d *deps) hashImportPasswords(rows []importRow) error {
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
		if !rows[i].done && rows[i].Result == rowCreate && !rows[i].form.SendsActivation() {
			work <- &rows[i]
		}
	}
	close(work)
	wg.Wait()
	return first
}

// putImportReport writes the report of an import: one line per line of the file,
// its outcome and why, in words of the job's language; and returns its figures.
func (d *deps) putImportReport(ctx context.Context, key string, j store.Job, lines []store.ImportLine) (importSummary, error) {
	var sum importSummary
	var buf bytes.Buffer
	buf.WriteString(csvout.BOM)
	out := csvout.NewWriter(&buf)
	h := importReportHeader
	_ = out.Write(h.Line.In(j.Lang), h.Email.In(j.Lang), h.Login.In(j.Lang), h.Outcome.In(j.Lang), h.Detail.In(j.Lang))
	for _, l := range lines {
		switch l.Outcome {
		case lineCreated:
			sum.Created++
		case lineAttached:
			sum.Attached++
		case lineSkipped:
			sum.Skipped++
		default:
			sum.Failed++
		}
		_ = out.Write(strconv.Itoa(l.Line), l.Email, l.Login, importOutcomes[l.Outcome].In(j.Lang), importDetail(j.Lang, l))
	}
	if err := out.Flush(); err != nil {
		return sum, err
	}
	return sum, d.Blobs.Put(ctx, key, bytes.NewReader(buf.Bytes()), importReportFile(j))
}

// importDetail says why a line had its outcome, each reason naming the column of
// the file it is about.
func importDetail(lang string, l store.ImportLine) string {
	switch {
	case l.Outcome == lineCreated && l.Activation:
		return importNotes.Activation.In(lang)
	case l.Outcome == lineCreated:
		return importNotes.Password.In(lang)
	case l.Outcome == lineAttached:
		return importNotes.Attached.In(lang)
	}
	reasons := make([]string, 0, len(l.Errors))
	for _, fe := range l.Errors {
		msg := httpapi.FieldMessage(lang, fe.Code)
		if col := importColumn(fe.Field); col != "" {
			msg = strings.ReplaceAll(importNotes.Column.In(lang), "{column}", col) + msg
		}
		reasons = append(reasons, msg)
	}
	return strings.Join(reasons, " ")
}

// importColumn names the file's column a field error is about ("" for the row as a
// whole): the wizard's field names become the template's column names.
func importColumn(field string) string {
	switch {
	case field == "row":
		return ""
	case field == "address.line1", field == "address.line2":
		return "addressL" + strings.TrimPrefix(field, "address.l")
	case strings.HasPrefix(field, "address."):
		return strings.TrimPrefix(field, "address.")
	case strings.HasPrefix(field, "contracts["):
		if _, section, ok := strings.Cut(field, ".sections."); ok {
			return section
		}
		return "contract"
	}
	return field
}
