package orgadmin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guichet/guichet/shared/httpapi"
	"github.com/guichet/guichet/shared/httpapi/apitest"
	"github.com/guichet/guichet/shared/httpapi/orgadmin"
	"github.com/guichet/guichet/shared/portal"
)

// importCSV sends a CSV file to the import route.
func importCSV(e *apitest.Env, b apitest.As, csv string, dry bool) apitest.Resp {
	e.T.Helper()
	path := "/api/v1/org/users/import"
	if dry {
		path += "?dryRun=true"
	}
	return e.Call("POST", path, csv, b.Token, httpapi.CSRFHeader, b.CSRF, "Content-Type", "text/csv; charset=utf-8")
}

// importReport runs the due jobs, reads the import job id, which must be done, and
// returns its report's rows and the job.
func importReport(e *apitest.Env, b apitest.As, id string) ([][]string, apitest.Resp) {
	e.T.Helper()
	job := e.FinishedJob(b, "/api/v1/org/imports/"+id)
	dl, _ := job.Body["download"].(map[string]any)
	if dl == nil {
		e.T.Fatalf("no report: %v", job.Body)
	}
	code, ctype, file := e.Download(dl["url"].(string))
	if code != 200 || ctype != "text/csv; charset=utf-8" {
		e.T.Fatalf("report download: %d %s", code, ctype)
	}
	return apitest.ParseCSV(e.T, file), job
}

// rowResults lists each row's line and result, with its errors' fields.
func rowResults(r apitest.Resp) string {
	var out []string
	rows, _ := r.Body["rows"].([]any)
	for _, v := range rows {
		row := v.(map[string]any)
		s := fmt.Sprintf("%v:%v", row["line"], row["result"])
		errs, _ := row["errors"].([]any)
		for _, e := range errs {
			fe := e.(map[string]any)
			s += " " + fe["field"].(string) + "=" + fe["code"].(string)
		}
		out = append(out, s)
	}
	return strings.Join(out, "|")
}

func TestImportDryRunReportsEveryRowAndWritesNothing(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	e.Tenant("globex")
	e.Person("acme", portal.RoleUser, "Zoé", "Martin", "zoe@acme.example")
	e.Registrant(portal.UnlinkedOrg, portal.RegistrationOrganisation, "founder@startup.example")
	file := "\ufeffemail;login;firstName;lastName;role;contract;invoices;supported;sendActivation;password\n" +
		"lea@acme.example;lea.durand;Léa;Durand;user;" + acme.Contract.Reference + ";manager;oui;;\n" +
		"tom@acme.example;tom.petit;Tom;Petit;admin;;;;non;Chosen#Pass42\n" +
		"zoe@acme.example;zoe.other;Zoé;Martin;;" + strings.ToLower(acme.Contract.Reference) + ";visitor;;;\n" +
		"bad-address;x;;;boss;NOPE;owner;maybe;;\n" +
		"admin@globex.example;someone.else;A;B;;;;;;\n" +
		"lea@acme.example;lea.again;Léa;Durand;;;;;;\n" +
		"\n" +
		"kim@acme.example;zoe.acme;Kim;Lee;;;;;;\n" +
		"founder@startup.example;founder.login;Sam;Stranger;;;;;;\n"
	dry := importCSV(e, acme.AdminB, file, true)
	if dry.Code != 200 || dry.Body["dryRun"] != true || dry.Body["total"] != float64(8) || dry.Body["failed"] != float64(3) {
		t.Fatalf("dry run: %d %v", dry.Code, dry.Body)
	}
	// Another organisation's member and a stranger registrant look like new people
	// until the rows are written, as in the wizard.
	want := "2:create|3:create|4:attach" +
		"|5:error email=email login=too_short role=format firstName=required lastName=required invoices=format supported=format contract=not_found" +
		"|6:create|7:error email=duplicate|9:error login=taken|10:create"
	if got := rowResults(dry); got != want {
		t.Fatalf("dry run rows:\n got %s\nwant %s", got, want)
	}
	if got := e.AuditActions("acme"); len(got) != 0 {
		t.Fatalf("a dry run wrote %v", got)
	}
	if ms := e.Mails("lea@acme.example"); len(ms) != 0 {
		t.Fatal("a dry run mailed")
	}
	queued := importCSV(e, acme.AdminB, file, false)
	if queued.Code != 202 || queued.Body["state"] != "queued" || queued.Body["total"] != float64(8) {
		t.Fatalf("import: %d %v", queued.Code, queued.Body)
	}
	if got := strings.Join(e.AuditActions("acme"), " "); got != "user.import" {
		t.Fatalf("the request wrote %s", got)
	}
	report, job := importReport(e, acme.AdminB, queued.Body["id"].(string))
	if s := job.Body["summary"].(map[string]any); s["created"] != float64(2) || s["attached"] != float64(1) || s["skipped"] != float64(3) || s["failed"] != float64(2) {
		t.Fatalf("summary: %v", s)
	}
	// The report as a person reads it: every line of the file, in their language
	// (French, the default), its outcome and why in words.
	wantReport := [][]string{
		{"Ligne", "Adresse e-mail", "Identifiant", "Résultat", "Détail"},
		{"2", "lea@acme.example", "lea.durand", "Utilisateur créé", "Mail d'activation envoyé."},
		{"3", "tom@acme.example", "tom.petit", "Utilisateur créé", "Mot de passe du fichier, à changer à la première connexion."},
		{"4", "zoe@acme.example", "zoe.other", "Utilisateur rattaché", "Compte existant : les droits de la ligne lui sont donnés."},
		{"5", "bad-address", "x", "Ligne ignorée", "Colonne « email » : Adresse e-mail invalide. Colonne « login » : Ce champ est trop court. " +
			"Colonne « role » : Format invalide. Colonne « firstName » : Ce champ est obligatoire. Colonne « lastName » : Ce champ est obligatoire. " +
			"Colonne « invoices » : Format invalide. Colonne « supported » : Format invalide. Colonne « contract » : Introuvable."},
		{"6", "admin@globex.example", "someone.else", "Échec", "Colonne « email » : Adresse déjà utilisée hors de votre organisation."},
		{"7", "lea@acme.example", "lea.again", "Ligne ignorée", "Colonne « email » : Déjà présent plus haut."},
		{"9", "kim@acme.example", "zoe.acme", "Ligne ignorée", "Colonne « login » : Déjà utilisé par un autre compte."},
		{"10", "founder@startup.example", "founder.login", "Échec", "Colonne « email » : Adresse déjà utilisée hors de votre organisation."},
	}
	if fmt.Sprint(report) != fmt.Sprint(wantReport) {
		t.Fatalf("report:\n got %q\nwant %q", report, wantReport)
	}
	list := e.Do(acme.AdminB, "GET", "/api/v1/org/users?q=lea", "")
	if len(list.Items()) != 1 || list.Items()[0]["status"] != "not_activated" {
		t.Fatalf("Léa: %v", list.Body)
	}
	if tom := e.Do(acme.AdminB, "GET", "/api/v1/org/users?q=tom", ""); tom.Items()[0]["role"] != "admin" || tom.Items()[0]["status"] != "ready" {
		t.Fatalf("Tom: %v", tom.Body)
	}
	e.Browser("tom@acme.example", "Chosen#Pass42")
	if got := strings.Join(e.AuditActions("acme"), " "); got != "user.import user.create user.create user.attach user.import_done" {
		t.Fatalf("audit: %s", got)
	}
	// The import's own entries keep figures, in the name of the administrator.
	entries, _, _ := e.Store.AuditPage(context.Background(), "acme", 100, "")
	end, start := entries[0], entries[len(entries)-1]
	if string(start.After) != `{"lines":8}` || string(end.After) != `{"created":2,"attached":1,"skipped":3,"failed":2}` ||
		start.UserID != acme.Admin.ID || end.UserID != acme.Admin.ID || end.Target != "org:acme" {
		t.Fatalf("import entries: %+v / %+v", start, end)
	}
	// The same file again: everyone is there now.
	if again := importCSV(e, acme.AdminB, file, true); !strings.HasPrefix(rowResults(again), "2:attach|3:attach|4:attach") {
		t.Fatalf("again: %s", rowResults(again))
	}
}

func TestImportRefusesFilesItCannotRead(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	for name, c := range map[string]struct {
		file, code string
	}{
		"empty":           {"", "csv_empty"},
		"header only":     {"email,login,firstName,lastName\n", "csv_empty"},
		"unknown column":  {"email,login,firstName,lastName,salary\na@acme.example,aaaaaaaa,A,B,1\n", "csv_columns"},
		"missing column":  {"email,firstName,lastName\na@acme.example,A,B\n", "csv_columns"},
		"repeated column": {"email,login,firstName,lastName,Email\n", "csv_columns"},
		"not utf-8":       {"email,login,firstName,lastName\n\xff\xfe,a,b,c\n", "csv_encoding"},
		"bad quotes":      {"email,login,firstName,lastName\n\"a,b\"c,d,e,f\n", "csv_malformed"},
		"too many rows":   {"email,login,firstName,lastName\n" + strings.Repeat("a@acme.example,aaaaaaaa,A,B\n", orgadmin.MaxImportRows+1), "csv_too_many_rows"},
	} {
		if r := importCSV(e, acme.AdminB, c.file, true); r.Code != 400 || r.ErrCode() != c.code {
			t.Errorf("%s: %d %v", name, r.Code, r.Body)
		}
	}
	if r := e.Do(acme.AdminB, "POST", "/api/v1/org/users/import", `{"rows":[]}`); r.Code != 415 {
		t.Fatalf("JSON instead of CSV: %d", r.Code)
	}
	big := "email,login,firstName,lastName\n" + strings.Repeat("x", httpapi.MaxBodyBytes)
	if r := importCSV(e, acme.AdminB, big, true); r.Code != 413 {
		t.Fatalf("over the body limit: %d", r.Code)
	}
	// A real import of a file none of whose rows can be imported is refused with the
	// first rows' reasons.
	r := importCSV(e, acme.AdminB, "email,login,firstName,lastName\nnot-an-address,aaaaaaaa,A,B\nb@acme.example,b,B,C\n", false)
	if r.Code != 400 || r.ErrCode() != "csv_no_valid_rows" || strings.Join(r.FieldCodes(), " ") != "line 2: email:email line 3: login:too_short" {
		t.Fatalf("no valid row: %d %v", r.Code, r.Body)
	}
	// Nothing was queued or kept by any of these.
	if jobs := e.Do(acme.AdminB, "GET", "/api/v1/org/imports", ""); jobs.Code != 200 || len(jobs.Items()) != 0 {
		t.Fatalf("imports: %d %v", jobs.Code, jobs.Body)
	}
	if got := e.AuditActions("acme"); len(got) != 0 {
		t.Fatalf("audit: %v", got)
	}
}

// TestAnImportRefusedAsAWholeQueuesNothing sends every file the dry run refuses as
// a real import: the same errors, and neither a job nor a file is left behind.
func TestAnImportRefusedAsAWholeQueuesNothing(t *testing.T) {
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	for name, c := range map[string]struct {
		file, code string
	}{
		"empty":         {"", "csv_empty"},
		"not csv":       {"email,login,firstName,lastName\n\"a,b\"c,d,e,f\n", "csv_malformed"},
		"wrong content": {"%PDF-1.7\n1 0 obj\n", "csv_columns"},
		"too many rows": {"email,login,firstName,lastName\n" + strings.Repeat("a@acme.example,aaaaaaaa,A,B\n", orgadmin.MaxImportRows+1), "csv_too_many_rows"},
	} {
		if r := importCSV(e, acme.AdminB, c.file, false); r.Code != 400 || r.ErrCode() != c.code {
			t.Errorf("%s: %d %v", name, r.Code, r.Body)
		}
	}
	if n := e.RunJobs(); n != 0 {
		t.Fatalf("%d jobs ran", n)
	}
	if jobs := e.Do(acme.AdminB, "GET", "/api/v1/org/imports", ""); len(jobs.Items()) != 0 {
		t.Fatalf("imports: %v", jobs.Body)
	}
	if files, _ := filepath.Glob(filepath.Join(e.BlobDir, "imports", "*", "*")); len(files) != 0 {
		t.Fatalf("files kept: %v", files)
	}
}

// thousandRows is an import of n new people with the activation mail and rights.
func thousandRows(n int, contractRef string) string {
	var b strings.Builder
	b.WriteString("email,login,firstName,lastName,jobTitle,lang,contract,invoices,orders\n")
	for i := range n {
		fmt.Fprintf(&b, "person%04d@acme.example,person.%04d,Prénom%d,Nom%d,Acheteur,fr,%s,visitor,manager\n", i, i, i, i, contractRef)
	}
	return b.String()
}

func TestImportOfAThousandRowsFitsTheBodyLimit(t *testing.T) {
	file := thousandRows(orgadmin.MaxImportRows, "REF-ACME")
	if len(file) > httpapi.MaxBodyBytes/5 {
		t.Fatalf("a thousand rows take %d bytes", len(file))
	}
	e := apitest.NewEnv(t)
	acme := e.Tenant("acme")
	r := importCSV(e, acme.AdminB, thousandRows(120, acme.Contract.Reference), false)
	if r.Code != 202 {
		t.Fatalf("import: %d %v", r.Code, r.Body)
	}
	_, job := importReport(e, acme.AdminB, r.Body["id"].(string))
	if job.Body["summary"].(map[string]any)["created"] != float64(120) {
		t.Fatalf("import: %v", job.Body)
	}
	if n := len(e.AuditActions("acme")); n != 100 { // auditActions reads one page of 100
		t.Fatalf("audit entries: %d", n)
	}
}

// BenchmarkImportThousandRows imports 1,000 people with activation mails and rights
// on the embedded store (one import per iteration, each into a new organisation):
// the request that queues the job, then the job.
func BenchmarkImportThousandRows(b *testing.B) {
	e := apitest.NewEnv(b)
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		org := fmt.Sprintf("bench%d", i)
		tn := e.Tenant(org)
		file := strings.ReplaceAll(thousandRows(orgadmin.MaxImportRows, tn.Contract.Reference), "@acme.example", "@"+org+".example")
		file = strings.ReplaceAll(file, ",person.", ","+org+".p")
		req := httptest.NewRequest("POST", "/api/v1/org/users/import", strings.NewReader(file))
		req.RemoteAddr = e.IP + ":5555"
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set(httpapi.CSRFHeader, tn.AdminB.CSRF)
		req.AddCookie(&http.Cookie{Name: httpapi.SessionCookie, Value: tn.AdminB.Token})
		rec := httptest.NewRecorder()
		b.StartTimer()
		e.Srv.ServeHTTP(rec, req)
		if n, err := orgadmin.RunJobs(e.Deps)(context.Background()); rec.Code != 202 || err != nil || n != 1 {
			b.Fatalf("import: %d %.300s, %d jobs, %v", rec.Code, rec.Body.String(), n, err)
		}
		b.StopTimer()
		jobs, err := e.Store.RecentJobs(context.Background(), org, "user-import", 1)
		if err != nil || len(jobs) != 1 || !strings.Contains(string(jobs[0].Summary), `"created":1000`) {
			b.Fatalf("import: %v %v", jobs, err)
		}
		b.StartTimer()
	}
}
