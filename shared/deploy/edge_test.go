package deploy_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/guichet/guichet/shared/origincheck"
)

// Logical ids of what stands between the internet and the functions (issue 12,
// items 1, 2 and 7).
const (
	distributionID     = "Distribution"
	baseURLParameterID = "PortalBaseUrlParameter"
	originSecretID     = "OriginSecret"
	signingSecretID    = "GeneratedCursorSecret"
	settingsPolicyID   = "SettingsReadPolicy"
	originPolicyID     = "OriginSecretReadPolicy"
	// cachingDisabled is the id of CloudFront's managed CachingDisabled policy.
	cachingDisabled  = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
	baseURLParamName = "/${AWS::StackName}/portal-base-url"
)

// references lists the logical ids n names: !Ref, !GetAtt, ${X} and ${X.Attr} in
// !Sub, in short or long form, and DependsOn.
func references(n *yaml.Node) []string {
	var out []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n == nil {
			return
		}
		switch {
		case n.Tag == "!Ref" && n.Kind == yaml.ScalarNode:
			out = append(out, n.Value)
		case n.Tag == "!GetAtt":
			out = append(out, strings.Split(getAtt(n), ".")[0])
		case n.Tag == "!Sub" && n.Kind == yaml.ScalarNode:
			for _, m := range regexp.MustCompile(`\$\{([A-Za-z0-9]+)[.}]`).FindAllStringSubmatch(n.Value, -1) {
				out = append(out, m[1])
			}
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				switch n.Content[i].Value {
				case "Ref", "DependsOn":
					out = append(out, strs(n.Content[i+1])...)
				case "Fn::GetAtt":
					out = append(out, strings.Split(getAtt(n), ".")[0])
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	return out
}

// TestNoDependencyCycle follows what each resource names, plus what SAM adds: every
// function takes Globals.Function, and the HTTP API's definition names every
// function one of its routes invokes. A function that named the portal's address
// (the distribution, or the parameter written from it) would close the loop
// function -> distribution -> API -> function, which CloudFormation refuses.
func TestNoDependencyCycle(t *testing.T) {
	tp := load(t)
	deps := map[string][]string{}
	globals := references(tp.globals)
	for _, id := range tp.ids {
		deps[id] = references(tp.resources[id])
	}
	for _, id := range tp.ids {
		if tp.typ(id) == functionType {
			// SAM makes the routes and permissions of a function's events separate
			// resources: the function itself does not wait for the API.
			deps[id] = nil
			props := get(tp.resources[id], "Properties")
			for i := 0; i+1 < len(props.Content); i += 2 {
				if props.Content[i].Value != "Events" {
					deps[id] = append(deps[id], references(props.Content[i+1])...)
				}
			}
			deps[id] = append(deps[id], globals...)
			for _, e := range tp.events(id, "HttpApi") {
				if api := ref(get(e.props, "ApiId")); api != "" {
					deps[api] = append(deps[api], id)
				}
			}
		}
	}
	if c := cycle(tp.ids, deps); c != nil {
		t.Fatalf("dependency cycle: %s", strings.Join(c, " -> "))
	}
	// The check sees the loop it guards against: a function naming the parameter.
	fn := tp.functions()[0]
	deps[fn] = append(deps[fn], baseURLParameterID)
	if cycle(tp.ids, deps) == nil {
		t.Fatalf("%s naming %s makes no cycle: the graph misses the distribution or the API", fn, baseURLParameterID)
	}
}

// cycle returns a cycle of deps as the ids along it, nil when there is none.
func cycle(ids []string, deps map[string][]string) []string {
	const (
		unseen = iota
		open
		done
	)
	state := map[string]int{}
	var path, found []string
	var visit func(id string)
	visit = func(id string) {
		if found != nil || state[id] == done {
			return
		}
		if state[id] == open {
			found = append(slices.Clone(path[slices.Index(path, id):]), id)
			return
		}
		state[id] = open
		path = append(path, id)
		for _, d := range deps[id] {
			if slices.Contains(ids, d) {
				visit(d)
			}
		}
		path = path[:len(path)-1]
		state[id] = done
	}
	for _, id := range ids {
		visit(id)
	}
	return found
}

// TestPortalAddressFromTheDistribution: the functions learn the portal's address
// from an SSM parameter the stack writes once the distribution exists (or from the
// alternate domain), by its name as a plain string, and may read it.
func TestPortalAddressFromTheDistribution(t *testing.T) {
	tp := load(t)
	if tp.typ(baseURLParameterID) != "AWS::SSM::Parameter" {
		t.Fatalf("no AWS::SSM::Parameter %s", baseURLParameterID)
	}
	props := get(tp.resources[baseURLParameterID], "Properties")
	if n := get(props, "Name"); n.Tag != "!Sub" || n.Value != baseURLParamName {
		t.Errorf("%s: Name is %s %q, want !Sub %q", baseURLParameterID, n.Tag, n.Value, baseURLParamName)
	}
	value := get(props, "Value")
	if value.Tag != "!If" || len(value.Content) != 3 || value.Content[0].Value != "HasDomainName" ||
		value.Content[1].Value != "https://${DomainName}" || value.Content[2].Value != "https://${"+distributionID+".DomainName}" {
		t.Errorf("%s: Value must be https://DomainName when set, else the distribution's domain", baseURLParameterID)
	}
	vars := get(tp.globals, "Environment", "Variables")
	if n := get(vars, "GUICHET_BASE_URL_PARAMETER"); n.Tag != "!Sub" || n.Value != baseURLParamName {
		t.Errorf("Globals: GUICHET_BASE_URL_PARAMETER must be the parameter's name as a string, !Sub %q", baseURLParamName)
	}
	// BaseUrl overrides, and is empty unless set.
	if p := tp.parameter(t, "BaseUrl"); str(get(p, "Default")) != "" || ref(get(vars, "GUICHET_BASE_URL")) != "BaseUrl" {
		t.Error("BaseUrl must default to empty and feed GUICHET_BASE_URL")
	}
	granted := map[string][]string{}
	iamActions(get(tp.resources[settingsPolicyID], "Properties"), granted)
	want := "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter" + baseURLParamName
	if got := granted["ssm:GetParameter"]; len(got) != 1 || got[0] != want {
		t.Errorf("%s: ssm:GetParameter on %q, want %q", settingsPolicyID, got, want)
	}
}

// TestAlternateDomain: an alternate domain name and its certificate are optional
// parameters, the certificate required with the domain (a template rule), and the
// distribution uses them only when given.
func TestAlternateDomain(t *testing.T) {
	tp := load(t)
	for _, name := range []string{"DomainName", "CertificateArn"} {
		if p := tp.parameter(t, name); p == nil || str(get(p, "Default")) != "" {
			t.Errorf("parameter %s must exist and default to empty", name)
		}
	}
	if pat := str(get(tp.parameter(t, "CertificateArn"), "AllowedPattern")); !strings.Contains(pat, ":acm:us-east-1:") {
		t.Errorf("CertificateArn's pattern %q must require us-east-1, where CloudFront takes certificates from", pat)
	}
	found := false
	for _, rule := range tp.rules(t) {
		cond := get(rule, "RuleCondition")
		for _, a := range get(rule, "Assertions").Content {
			assert := get(a, "Assert")
			found = found || strings.Contains(yamlText(cond), "DomainName") && strings.Contains(yamlText(assert), "CertificateArn")
		}
	}
	if !found {
		t.Error("no template rule requires CertificateArn when DomainName is set")
	}
	cfg := get(tp.resources[distributionID], "Properties", "DistributionConfig")
	aliases, cert := get(cfg, "Aliases"), get(cfg, "ViewerCertificate")
	if !noValueUnless(aliases) || aliases.Content[0].Value != "HasDomainName" || ref(aliases.Content[1].Content[0]) != "DomainName" {
		t.Errorf("%s: Aliases must be [DomainName] when set, nothing otherwise", distributionID)
	}
	if cert.Tag != "!If" || cert.Content[0].Value != "HasDomainName" || ref(get(cert.Content[1], "AcmCertificateArn")) != "CertificateArn" ||
		str(get(cert.Content[1], "SslSupportMethod")) != "sni-only" || str(get(cert.Content[2], "CloudFrontDefaultCertificate")) != "true" {
		t.Errorf("%s: ViewerCertificate must be CertificateArn over SNI with the domain, CloudFront's own certificate otherwise", distributionID)
	}
}

// rules is the template's Rules.
func (tp *tmpl) rules(t *testing.T) []*yaml.Node {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(tp.root, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	rules := get(doc.Content[0], "Rules")
	if rules == nil {
		return nil
	}
	var out []*yaml.Node
	for i := 1; i < len(rules.Content); i += 2 {
		out = append(out, rules.Content[i])
	}
	return out
}

func yamlText(n *yaml.Node) string {
	b, _ := yaml.Marshal(n)
	return string(b)
}

// TestOriginSecretFromCloudFrontOnly: CloudFront sends the generated secret to the
// API in the header the functions check, read at deployment by a dynamic reference
// (a new version id re-reads it); every HTTP function knows the secret's id and may
// read it, and only them.
func TestOriginSecretFromCloudFrontOnly(t *testing.T) {
	tp := load(t)
	if tp.typ(originSecretID) != "AWS::SecretsManager::Secret" || get(tp.resources[originSecretID], "Properties", "GenerateSecretString") == nil {
		t.Fatalf("%s must be a generated AWS::SecretsManager::Secret", originSecretID)
	}
	cfg := get(tp.resources[distributionID], "Properties", "DistributionConfig")
	var header *yaml.Node
	for _, o := range get(cfg, "Origins").Content {
		if str(get(o, "Id")) != "api" {
			continue
		}
		for _, h := range get(o, "OriginCustomHeaders").Content {
			if str(get(h, "HeaderName")) == origincheck.Header {
				header = get(h, "HeaderValue")
			}
		}
	}
	if header == nil || header.Tag != "!If" || len(header.Content) != 3 {
		t.Fatalf("%s: the api origin must send %s, the secret's version OriginSecretVersion names or its current one", distributionID, origincheck.Header)
	}
	if got := header.Content[1].Value; got != "{{resolve:secretsmanager:${"+originSecretID+"}:SecretString:::${OriginSecretVersion}}}" {
		t.Errorf("the header with a version id: %q", got)
	}
	if got := header.Content[2].Value; got != "{{resolve:secretsmanager:${"+originSecretID+"}:SecretString}}" {
		t.Errorf("the header without a version id: %q", got)
	}
	vars := get(tp.globals, "Environment", "Variables")
	if ref(get(vars, "GUICHET_ORIGIN_SECRET_ID")) != originSecretID || str(get(vars, "GUICHET_CLIENT_IP_HEADER")) == "" {
		t.Errorf("Globals: GUICHET_ORIGIN_SECRET_ID must be !Ref %s, with GUICHET_CLIENT_IP_HEADER", originSecretID)
	}
	granted := map[string][]string{}
	iamActions(get(tp.resources[originPolicyID], "Properties"), granted)
	if got := get(get(tp.resources[originPolicyID], "Properties", "PolicyDocument", "Statement").Content[0], "Resource"); len(granted) != 1 || ref(got) != originSecretID {
		t.Errorf("%s must grant secretsmanager:GetSecretValue on %s only, grants %v", originPolicyID, originSecretID, granted)
	}
	for _, id := range tp.functions() {
		http := len(tp.events(id, "HttpApi")) > 0
		if has := slices.Contains(policyRefs(get(tp.resources[id], "Properties", "Policies")), originPolicyID); has != http {
			t.Errorf("%s: serves HTTP %v, may read the origin secret %v", id, http, has)
		}
	}
}

// policyRefs lists the !Ref entries of a Policies or ManagedPolicyArns list.
func policyRefs(n *yaml.Node) []string {
	if n == nil {
		return nil
	}
	var out []string
	for _, p := range n.Content {
		if r := ref(p); r != "" {
			out = append(out, r)
		}
	}
	return out
}

// TestSigningSecretByItsID: the signing secret reaches the functions as an id read
// at start-up, never as a value in the environment, and every function may read it.
func TestSigningSecretByItsID(t *testing.T) {
	tp := load(t)
	vars := get(tp.globals, "Environment", "Variables")
	if get(vars, "GUICHET_SECRET") != nil || strings.Contains(yamlText(vars), "{{resolve:") {
		t.Error("Globals: a secret's value is in the environment; pass GUICHET_SECRET_ID")
	}
	if ref(get(vars, "GUICHET_SECRET_ID")) != signingSecretID || tp.typ(signingSecretID) != "AWS::SecretsManager::Secret" {
		t.Errorf("Globals: GUICHET_SECRET_ID must be !Ref %s, a Secrets Manager secret", signingSecretID)
	}
	granted := map[string][]string{}
	iamActions(get(tp.resources[settingsPolicyID], "Properties"), granted)
	if len(granted["secretsmanager:GetSecretValue"]) != 1 || len(granted) != 2 {
		t.Errorf("%s grants %v: the parameter and the signing secret only", settingsPolicyID, granted)
	}
	for _, id := range tp.functions() {
		props := get(tp.resources[id], "Properties")
		list := policyRefs(get(props, "Policies"))
		if role := strings.TrimSuffix(getAtt(get(props, "Role")), ".Arn"); role != "" {
			list = policyRefs(get(tp.resources[role], "Properties", "ManagedPolicyArns"))
		}
		if !slices.Contains(list, settingsPolicyID) {
			t.Errorf("%s cannot read its settings: no !Ref %s", id, settingsPolicyID)
		}
	}
}

// TestAPINotCachedNorCollapsed: the API's behaviour uses the managed CachingDisabled
// policy. A policy that passed Accept-Encoding on (so the functions' gzip reached
// browsers) must let CloudFront cache, and with caching on CloudFront collapses
// simultaneous requests of one cache key: without the session cookie in the key,
// one person's answer would go to another.
func TestAPINotCachedNorCollapsed(t *testing.T) {
	tp := load(t)
	cfg := get(tp.resources[distributionID], "Properties", "DistributionConfig")
	var api *yaml.Node
	for _, b := range get(cfg, "CacheBehaviors").Content {
		if str(get(b, "PathPattern")) == "/api/*" {
			api = b
		}
	}
	if got := str(get(api, "CachePolicyId")); got != cachingDisabled {
		t.Fatalf("/api/* uses cache policy %q, want Managed-CachingDisabled (%s)", got, cachingDisabled)
	}
}
