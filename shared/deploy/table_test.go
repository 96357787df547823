package deploy_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"gopkg.in/yaml.v3"

	"github.com/guichet/guichet/shared/table/dynamo"
)

// `guichet table create` (dynamo.TableDefinition) makes the table template.yaml
// declares: the same attributes, keys, indexes, billing, stream and time to live.
func TestTableCreateAgreesWithTheTemplate(t *testing.T) {
	tp := load(t)
	p := get(tp.resources[tp.tableID(t)], "Properties")
	def := dynamo.TableDefinition("guichet")

	keys := func(ks []types.KeySchemaElement) string {
		var parts []string
		for _, k := range ks {
			parts = append(parts, aws.ToString(k.AttributeName)+":"+string(k.KeyType))
		}
		return strings.Join(parts, " ")
	}
	yamlKeys := func(n *yaml.Node) string {
		var parts []string
		if n != nil {
			for _, k := range n.Content {
				parts = append(parts, str(get(k, "AttributeName"))+":"+str(get(k, "KeyType")))
			}
		}
		return strings.Join(parts, " ")
	}

	var gotAttrs, wantAttrs []string
	for _, a := range get(p, "AttributeDefinitions").Content {
		wantAttrs = append(wantAttrs, str(get(a, "AttributeName"))+":"+str(get(a, "AttributeType")))
	}
	for _, a := range def.AttributeDefinitions {
		gotAttrs = append(gotAttrs, aws.ToString(a.AttributeName)+":"+string(a.AttributeType))
	}
	slices.Sort(gotAttrs)
	slices.Sort(wantAttrs)
	if !slices.Equal(gotAttrs, wantAttrs) {
		t.Errorf("attributes: table create %v, template %v", gotAttrs, wantAttrs)
	}
	if got, want := keys(def.KeySchema), yamlKeys(get(p, "KeySchema")); got != want {
		t.Errorf("keys: table create %q, template %q", got, want)
	}

	var gotIdx, wantIdx []string
	for _, g := range def.GlobalSecondaryIndexes {
		gotIdx = append(gotIdx, fmt.Sprintf("%s %s %s", aws.ToString(g.IndexName), keys(g.KeySchema), g.Projection.ProjectionType))
	}
	if g := get(p, "GlobalSecondaryIndexes"); g != nil {
		for _, ix := range g.Content {
			wantIdx = append(wantIdx, fmt.Sprintf("%s %s %s", str(get(ix, "IndexName")), yamlKeys(get(ix, "KeySchema")), str(get(ix, "Projection", "ProjectionType"))))
		}
	}
	slices.Sort(gotIdx)
	slices.Sort(wantIdx)
	if !slices.Equal(gotIdx, wantIdx) {
		t.Errorf("indexes: table create %q, template %q", gotIdx, wantIdx)
	}

	for _, c := range []struct{ what, got, want string }{
		{"billing mode", string(def.BillingMode), str(get(p, "BillingMode"))},
		{"stream view", string(def.StreamSpecification.StreamViewType), str(get(p, "StreamSpecification", "StreamViewType"))},
		{"time to live attribute", dynamo.TTLAttribute, str(get(p, "TimeToLiveSpecification", "AttributeName"))},
	} {
		if c.got != c.want {
			t.Errorf("%s: table create %q, template %q", c.what, c.got, c.want)
		}
	}
	if !aws.ToBool(def.StreamSpecification.StreamEnabled) {
		t.Error("table create makes no stream")
	}
}
