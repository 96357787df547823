package deploy_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/guichet/guichet/shared/mail"
)

// Logical ids and names of the template's operations resources.
const (
	tableID        = "Table"
	retentionParam = "LogRetentionDays"
	tablePolicyID  = "TableReadWritePolicy"
	maildrainRole  = "MaildrainRole"
)

// parameter is the template's Parameters.<name> mapping.
func (tp *tmpl) parameter(t *testing.T, name string) *yaml.Node {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(tp.root, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return get(doc.Content[0], "Parameters", name)
}

// ofType lists the logical ids of the resources of one type, in template order.
func (tp *tmpl) ofType(typ string) []string {
	var ids []string
	for _, id := range tp.ids {
		if tp.typ(id) == typ {
			ids = append(ids, id)
		}
	}
	return ids
}

// noValueUnless reports whether n is !If [cond, <value>, !Ref AWS::NoValue]: set only
// when a parameter asks for it.
func noValueUnless(n *yaml.Node) bool {
	return n != nil && n.Tag == "!If" && len(n.Content) == 3 && ref(n.Content[2]) == "AWS::NoValue"
}

// 12.5: a reserved concurrency needs that much unreserved concurrency left in the
// account, which new accounts do not have: none is reserved unless a parameter asks.
func TestNoReservedConcurrencyByDefault(t *testing.T) {
	tp := load(t)
	for _, id := range tp.functions() {
		n := tp.prop(id, "ReservedConcurrentExecutions")
		if n == nil {
			continue
		}
		if !noValueUnless(n) {
			t.Errorf("%s reserves concurrency (%s): sam deploy fails on accounts with little unreserved concurrency; "+
				"drop it or use !If [<condition on a parameter defaulting to empty>, !Ref <parameter>, !Ref AWS::NoValue]", id, n.Value)
			continue
		}
		param := ref(n.Content[1])
		if p := tp.parameter(t, param); p == nil || str(get(p, "Default")) != "" {
			t.Errorf("%s: ReservedConcurrentExecutions comes from parameter %q, which must exist and default to empty (none reserved)", id, param)
		}
	}
}

// 12.7: every function logs into a group of its own whose retention is the
// LogRetentionDays parameter, 30 days unless set.
func TestEveryFunctionLogGroupHasRetention(t *testing.T) {
	tp := load(t)
	if p := tp.parameter(t, retentionParam); p == nil || str(get(p, "Default")) != "30" {
		t.Fatalf("parameter %s must exist with Default 30", retentionParam)
	}
	owner := map[string]string{}
	for _, id := range tp.functions() {
		group := ref(get(tp.prop(id, "LoggingConfig"), "LogGroup"))
		if tp.typ(group) != "AWS::Logs::LogGroup" {
			t.Errorf("%s: LoggingConfig.LogGroup is %q; want !Ref an AWS::Logs::LogGroup of this template, so that its retention holds", id, group)
			continue
		}
		if other, ok := owner[group]; ok {
			t.Errorf("%s and %s share the log group %s: give each its own", other, id, group)
		}
		owner[group] = id
	}
	for _, id := range tp.ofType("AWS::Logs::LogGroup") {
		if got := ref(get(tp.resources[id], "Properties", "RetentionInDays")); got != retentionParam {
			t.Errorf("%s: RetentionInDays must be !Ref %s, is %q", id, retentionParam, got)
		}
	}
}

func TestAPIAccessLogs(t *testing.T) {
	tp := load(t)
	settings := get(tp.resources[httpAPIID], "Properties", "AccessLogSettings")
	dest := strings.TrimSuffix(getAtt(get(settings, "DestinationArn")), ".Arn")
	if tp.typ(dest) != "AWS::Logs::LogGroup" {
		t.Fatalf("%s: AccessLogSettings.DestinationArn must be !GetAtt <a log group of this template>.Arn, is %q", httpAPIID, dest)
	}
	var format map[string]string
	if err := json.Unmarshal([]byte(str(get(settings, "Format"))), &format); err != nil {
		t.Fatalf("%s: the access log Format must be a JSON object: %v", httpAPIID, err)
	}
	for _, v := range []string{"$context.requestId", "$context.status", "$context.routeKey", "$context.responseLatency", "$context.integrationErrorMessage"} {
		found := false
		for _, got := range format {
			found = found || got == v
		}
		if !found {
			t.Errorf("%s: the access log does not record %s", httpAPIID, v)
		}
	}
}

// alarm is what the test reads of an AWS::CloudWatch::Alarm: the metrics it watches,
// as "Namespace/MetricName" with their dimensions.
type alarm struct {
	id      string
	metrics map[string]map[string]string // "AWS/Lambda/Throttles" -> dimension name -> !Ref/!GetAtt/value
	actions []string
}

func dimensionValue(n *yaml.Node) string {
	if r := ref(n); r != "" {
		return r
	}
	if a := getAtt(n); a != "" {
		return a
	}
	return str(n)
}

func (tp *tmpl) alarms() []alarm {
	var out []alarm
	for _, id := range tp.ofType("AWS::CloudWatch::Alarm") {
		p := get(tp.resources[id], "Properties")
		a := alarm{id: id, metrics: map[string]map[string]string{}}
		add := func(m *yaml.Node) {
			dims := map[string]string{}
			if d := get(m, "Dimensions"); d != nil {
				for _, dim := range d.Content {
					dims[str(get(dim, "Name"))] = dimensionValue(get(dim, "Value"))
				}
			}
			a.metrics[str(get(m, "Namespace"))+"/"+str(get(m, "MetricName"))] = dims
		}
		if get(p, "MetricName") != nil {
			add(p)
		}
		if ms := get(p, "Metrics"); ms != nil {
			for _, m := range ms.Content {
				if stat := get(m, "MetricStat", "Metric"); stat != nil {
					add(stat)
				}
			}
		}
		if acts := get(p, "AlarmActions"); acts != nil {
			for _, act := range acts.Content {
				a.actions = append(a.actions, dimensionValue(act))
			}
		}
		out = append(out, a)
	}
	return out
}

// watched reports whether some alarm watches metric with the given dimensions.
func watched(alarms []alarm, metric string, dims map[string]string) bool {
	for _, a := range alarms {
		if got, ok := a.metrics[metric]; ok {
			match := true
			for k, v := range dims {
				match = match && got[k] == v
			}
			if match {
				return true
			}
		}
	}
	return false
}

// failureQueue is the queue every on-failure destination names.
func (tp *tmpl) failureQueue(t *testing.T) string {
	t.Helper()
	queues := tp.ofType("AWS::SQS::Queue")
	if len(queues) == 0 {
		t.Fatal("template.yaml has no AWS::SQS::Queue for what fails for good")
	}
	return queues[0]
}

// 12.7: alarms on the API's 5xx rate, throttles, the failure queue, failed mail and
// the age of the oldest pending mail; each tells someone.
func TestAlarms(t *testing.T) {
	tp := load(t)
	alarms := tp.alarms()
	queue := tp.failureQueue(t)
	drainer := map[string]string{"FunctionName": maildrainID}
	for _, c := range []struct {
		what, metric string
		dims         map[string]string
	}{
		{"the API's 5xx answers", "AWS/ApiGateway/5xx", map[string]string{"ApiId": httpAPIID}},
		{"the API's requests (for a 5xx rate)", "AWS/ApiGateway/Count", map[string]string{"ApiId": httpAPIID}},
		{"throttled functions", "AWS/Lambda/Throttles", nil},
		{"throttled table reads", "AWS/DynamoDB/ReadThrottleEvents", map[string]string{"TableName": tableID}},
		{"throttled table writes", "AWS/DynamoDB/WriteThrottleEvents", map[string]string{"TableName": tableID}},
		{"the failure queue", "AWS/SQS/ApproximateNumberOfMessagesVisible", map[string]string{"QueueName": queue + ".QueueName"}},
		{"failed mail", mail.MetricNamespace + "/" + mail.MetricFailedLastHour, drainer},
		{"the oldest pending mail", mail.MetricNamespace + "/" + mail.MetricOldestPendingAge, drainer},
	} {
		if !watched(alarms, c.metric, c.dims) {
			t.Errorf("no alarm watches %s (%s with dimensions %v)", c.what, c.metric, c.dims)
		}
	}
	for _, a := range alarms {
		if len(a.actions) == 0 || tp.typ(a.actions[0]) != "AWS::SNS::Topic" {
			t.Errorf("%s: AlarmActions must name an AWS::SNS::Topic of this template, has %v", a.id, a.actions)
		}
	}
}

// 12.7: what fails for good after its retries lands in the failure queue: the
// stream's batches, every schedule's undeliverable events, and the failed runs of the
// functions the schedules start.
func TestOnFailureDestinations(t *testing.T) {
	tp := load(t)
	queue := tp.failureQueue(t) + ".Arn"
	for _, id := range tp.functions() {
		for _, e := range tp.events(id, "DynamoDB") {
			if got := getAtt(get(e.props, "DestinationConfig", "OnFailure", "Destination")); got != queue {
				t.Errorf("%s event %s: DestinationConfig.OnFailure.Destination is %q, want !GetAtt %s", id, e.name, got, queue)
			}
		}
		schedules := tp.events(id, "Schedule")
		for _, e := range schedules {
			if got := getAtt(get(e.props, "DeadLetterConfig", "Arn")); got != queue {
				t.Errorf("%s event %s: DeadLetterConfig.Arn is %q, want !GetAtt %s", id, e.name, got, queue)
			}
		}
		if len(schedules) > 0 {
			if got := getAtt(get(tp.resources[id], "Properties", "EventInvokeConfig", "DestinationConfig", "OnFailure", "Destination")); got != queue {
				t.Errorf("%s runs on schedules: EventInvokeConfig.DestinationConfig.OnFailure.Destination is %q, want !GetAtt %s", id, got, queue)
			}
		}
	}
}

// iamActions lists the actions of every Allow statement under n, with the
// resources each applies to.
func iamActions(n *yaml.Node, out map[string][]string) {
	if n == nil {
		return
	}
	if n.Kind == yaml.MappingNode {
		if st := get(n, "Statement"); st != nil {
			list := st.Content
			if st.Kind == yaml.MappingNode {
				list = []*yaml.Node{st}
			}
			for _, s := range list {
				if str(get(s, "Effect")) != "Allow" {
					continue
				}
				res := resourceStrings(get(s, "Resource"))
				if r := getAtt(get(s, "Resource")); r != "" {
					res = []string{r}
				}
				for _, a := range strs(get(s, "Action")) {
					out[a] = append(out[a], res...)
				}
			}
			return
		}
	}
	for _, c := range n.Content {
		iamActions(c, out)
	}
}

// driverActions are the IAM actions behind the DynamoDB calls the table driver
// makes (shared/table/dynamo, without its table administration): a transaction is
// checked as its puts, updates, deletes and condition checks.
func driverActions(t *testing.T, root string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, "shared", "table", "dynamo", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`\bclient\.([A-Z][A-Za-z]+)\(`)
	set := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || filepath.Base(f) == "admin.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			switch m[1] {
			case "TransactWriteItems":
				for _, a := range []string{"PutItem", "UpdateItem", "DeleteItem", "ConditionCheckItem"} {
					set["dynamodb:"+a] = true
				}
			case "TransactGetItems":
				set["dynamodb:GetItem"] = true
			default:
				set["dynamodb:"+m[1]] = true
			}
		}
	}
	var out []string
	for a := range set {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

func sortedKeys(m map[string][]string, prefix string) []string {
	var out []string
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// 12.7: least privilege. No Scan anywhere and no SAM policy template that grants it;
// the HTTP features and the jobs hold exactly the driver's item actions on the table
// (queries on its indexes); the mail drainer holds what Drain and Backlog use and the
// stream read on the table's stream only, in a role of its own (with a stream event,
// SAM would add AWSLambdaDynamoDBExecutionRole, which reads every stream).
func TestLeastPrivilege(t *testing.T) {
	tp := load(t)
	all := map[string][]string{}
	for _, id := range tp.ids {
		iamActions(get(tp.resources[id], "Properties"), all)
	}
	for a := range all {
		l := strings.ToLower(a)
		if l == "dynamodb:scan" || strings.HasPrefix(l, "dynamodb:") && strings.Contains(l, "*") || l == "*" {
			t.Errorf("an IAM statement grants %s: name only the actions a function uses (no Scan)", a)
		}
	}
	samWithScan := []string{"DynamoDBCrudPolicy", "DynamoDBReadPolicy", "DynamoDBWritePolicy", "DynamoDBReconfigurePolicy", "AWSLambdaDynamoDBExecutionRole"}

	driver := driverActions(t, tp.root)
	if len(driver) < 4 || slices.Contains(driver, "dynamodb:Scan") {
		t.Fatalf("the driver's actions are %v: the driver scans, or the test no longer reads it", driver)
	}
	shared := map[string][]string{}
	iamActions(get(tp.resources[tablePolicyID], "Properties"), shared)
	if tp.typ(tablePolicyID) != "AWS::IAM::ManagedPolicy" {
		t.Fatalf("template.yaml has no AWS::IAM::ManagedPolicy %s", tablePolicyID)
	}
	if got := sortedKeys(shared, "dynamodb:"); !slices.Equal(got, driver) {
		t.Errorf("%s grants %v; the table driver calls exactly %v", tablePolicyID, got, driver)
	}
	for a, res := range shared {
		for _, r := range res {
			if r != tableID+".Arn" && !(a == "dynamodb:Query" && r == "${"+tableID+".Arn}/index/*") {
				t.Errorf("%s: %s on %q; want the table (and its indexes for Query) only", tablePolicyID, a, r)
			}
		}
	}

	for _, id := range tp.functions() {
		props := get(tp.resources[id], "Properties")
		policies := get(props, "Policies")
		if policies != nil {
			for _, p := range policies.Content {
				name := p.Value
				if p.Kind == yaml.MappingNode && len(p.Content) > 0 {
					name = p.Content[0].Value
				}
				if slices.Contains(samWithScan, name) {
					t.Errorf("%s: policy %s grants Scan or every stream; use !Ref %s", id, name, tablePolicyID)
				}
			}
		}
		// The functions the table's stream starts (the mail drainer, the runner of
		// long jobs) take a role of their own, scoped to that stream.
		if id == maildrainID || len(tp.events(id, "DynamoDB")) > 0 {
			continue
		}
		if role := get(props, "Role"); role != nil {
			t.Errorf("%s: a role of its own; the HTTP features and the jobs take SAM's role with !Ref %s", id, tablePolicyID)
		}
		found := false
		if policies != nil {
			for _, p := range policies.Content {
				found = found || ref(p) == tablePolicyID
			}
		}
		if !found {
			t.Errorf("%s: Policies must hold !Ref %s (the table's item actions)", id, tablePolicyID)
		}
	}

	// The mail drainer.
	props := get(tp.resources[maildrainID], "Properties")
	if got := strings.TrimSuffix(getAtt(get(props, "Role")), ".Arn"); got != maildrainRole || tp.typ(got) != "AWS::IAM::Role" {
		t.Fatalf("%s: Role must be !GetAtt %s.Arn, an AWS::IAM::Role of this template (is %q)", maildrainID, maildrainRole, got)
	}
	if get(props, "Policies") != nil {
		t.Errorf("%s: Policies are ignored with a Role of its own; put them in %s", maildrainID, maildrainRole)
	}
	role := get(tp.resources[maildrainRole], "Properties")
	// Only this template's settings policy (shared/deploy/edge_test.go checks it).
	if m := get(role, "ManagedPolicyArns"); m != nil && (len(m.Content) != 1 || ref(m.Content[0]) != settingsPolicyID) {
		t.Errorf("%s: no managed policies but !Ref %s (AWSLambdaDynamoDBExecutionRole reads every stream of the account)", maildrainRole, settingsPolicyID)
	}
	drain := map[string][]string{}
	iamActions(get(role, "Policies"), drain)
	want := map[string][]string{
		"dynamodb:Query":            {"${" + tableID + ".Arn}/index/GSI1"},
		"dynamodb:PutItem":          {tableID + ".Arn"},
		"dynamodb:DescribeStream":   {tableID + ".StreamArn"},
		"dynamodb:GetRecords":       {tableID + ".StreamArn"},
		"dynamodb:GetShardIterator": {tableID + ".StreamArn"},
		"dynamodb:ListStreams":      {"${" + tableID + ".Arn}/stream/*"},
	}
	if got := sortedKeys(drain, "dynamodb:"); !slices.Equal(got, sortedKeys(want, "dynamodb:")) {
		t.Errorf("%s grants %v, want exactly %v", maildrainRole, got, sortedKeys(want, "dynamodb:"))
	}
	for a, res := range want {
		if !slices.Equal(drain[a], res) {
			t.Errorf("%s: %s on %v, want %v", maildrainRole, a, drain[a], res)
		}
	}
	for _, a := range []string{"ses:SendEmail", "sqs:SendMessage", "logs:PutLogEvents"} {
		if len(drain[a]) == 0 {
			t.Errorf("%s lacks %s", maildrainRole, a)
		}
	}
	if got := drain["logs:PutLogEvents"]; len(got) != 1 || got[0] != ref(get(props, "LoggingConfig", "LogGroup"))+".Arn" {
		t.Errorf("%s: logs:PutLogEvents on %v, want its own log group only", maildrainRole, got)
	}
}

func TestTableDeletionProtection(t *testing.T) {
	tp := load(t)
	if got := str(get(tp.resources[tableID], "Properties", "DeletionProtectionEnabled")); got != "true" {
		t.Errorf("%s: DeletionProtectionEnabled is %q, want true", tableID, got)
	}
}

// nameKeys are the properties that name a resource for good.
var nameKeys = []string{"Name", "LogGroupName", "QueueName", "TopicName", "RoleName", "ManagedPolicyName", "FunctionName", "TableName", "BucketName", "AlarmName"}

// globalService tells the resource types whose names are unique per account, not per
// region.
func globalService(typ string) bool {
	return strings.HasPrefix(typ, "AWS::CloudFront::") || strings.HasPrefix(typ, "AWS::IAM::")
}

// 12.7: two stacks (of two names, or of one name in two regions) never claim the
// same resource name.
func TestNamesDoNotCollide(t *testing.T) {
	tp := load(t)
	for _, id := range tp.ids {
		props := get(tp.resources[id], "Properties")
		if props == nil {
			continue
		}
		var names []*yaml.Node
		for i := 0; i+1 < len(props.Content); i += 2 {
			k, v := props.Content[i].Value, props.Content[i+1]
			if slices.Contains(nameKeys, k) {
				names = append(names, v)
			}
			if strings.HasSuffix(k, "Config") && v.Kind == yaml.MappingNode {
				if n := get(v, "Name"); n != nil {
					names = append(names, n)
				}
			}
		}
		for _, n := range names {
			text := str(n)
			if n.Tag != "!Sub" || !strings.Contains(text, "${AWS::StackName}") {
				t.Errorf("%s: its name %q must be a !Sub holding ${AWS::StackName}", id, text)
			}
			if globalService(tp.typ(id)) && !strings.Contains(text, "${AWS::Region}") {
				t.Errorf("%s (%s): names are global; %q must hold ${AWS::Region} too", id, tp.typ(id), text)
			}
		}
	}
}
