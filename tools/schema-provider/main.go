// Command schema-provider is a Terraform provider that knows a provider's schema
// and nothing else. It serves the schema from a `terraform providers schema -json`
// snapshot so that `terraform validate` can check configurations (attribute names,
// types, required attributes, nested blocks) where the real provider binary cannot
// be built. It refuses to plan, read or apply anything.
package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"sort"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tfprotov5/tf5server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// providerAddress is set at build time with -ldflags "-X main.providerAddress=...".
var providerAddress = "registry.terraform.io/goauthentik/authentik"

//go:embed schema.json
var snapshot []byte

type jsonAttribute struct {
	Type            json.RawMessage `json:"type"`
	Description     string          `json:"description"`
	DescriptionKind string          `json:"description_kind"`
	Required        bool            `json:"required"`
	Optional        bool            `json:"optional"`
	Computed        bool            `json:"computed"`
	Sensitive       bool            `json:"sensitive"`
	Deprecated      bool            `json:"deprecated"`
}

type jsonBlockType struct {
	NestingMode string    `json:"nesting_mode"`
	Block       jsonBlock `json:"block"`
	MinItems    int64     `json:"min_items"`
	MaxItems    int64     `json:"max_items"`
}

type jsonBlock struct {
	Attributes      map[string]jsonAttribute `json:"attributes"`
	BlockTypes      map[string]jsonBlockType `json:"block_types"`
	Description     string                   `json:"description"`
	DescriptionKind string                   `json:"description_kind"`
	Deprecated      bool                     `json:"deprecated"`
}

type jsonSchema struct {
	Version int64     `json:"version"`
	Block   jsonBlock `json:"block"`
}

type jsonProviderSchema struct {
	Provider          jsonSchema            `json:"provider"`
	ResourceSchemas   map[string]jsonSchema `json:"resource_schemas"`
	DataSourceSchemas map[string]jsonSchema `json:"data_source_schemas"`
}

type jsonSchemas struct {
	FormatVersion   string                        `json:"format_version"`
	ProviderSchemas map[string]jsonProviderSchema `json:"provider_schemas"`
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func stringKind(kind string) tfprotov5.StringKind {
	if kind == "markdown" {
		return tfprotov5.StringKindMarkdown
	}
	return tfprotov5.StringKindPlain
}

func nestingMode(mode string) (tfprotov5.SchemaNestedBlockNestingMode, error) {
	switch mode {
	case "single":
		return tfprotov5.SchemaNestedBlockNestingModeSingle, nil
	case "list":
		return tfprotov5.SchemaNestedBlockNestingModeList, nil
	case "set":
		return tfprotov5.SchemaNestedBlockNestingModeSet, nil
	case "map":
		return tfprotov5.SchemaNestedBlockNestingModeMap, nil
	case "group":
		return tfprotov5.SchemaNestedBlockNestingModeGroup, nil
	}
	return tfprotov5.SchemaNestedBlockNestingModeInvalid, fmt.Errorf("unknown nesting_mode %q", mode)
}

func convertBlock(b jsonBlock) (*tfprotov5.SchemaBlock, error) {
	out := &tfprotov5.SchemaBlock{
		Description:     b.Description,
		DescriptionKind: stringKind(b.DescriptionKind),
		Deprecated:      b.Deprecated,
	}
	for _, name := range sortedKeys(b.Attributes) {
		a := b.Attributes[name]
		typ, err := tftypes.ParseJSONType(a.Type) //nolint:staticcheck // the snapshot stores cty JSON types
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", name, err)
		}
		out.Attributes = append(out.Attributes, &tfprotov5.SchemaAttribute{
			Name:            name,
			Type:            typ,
			Description:     a.Description,
			DescriptionKind: stringKind(a.DescriptionKind),
			Required:        a.Required,
			Optional:        a.Optional,
			Computed:        a.Computed,
			Sensitive:       a.Sensitive,
			Deprecated:      a.Deprecated,
		})
	}
	for _, name := range sortedKeys(b.BlockTypes) {
		bt := b.BlockTypes[name]
		mode, err := nestingMode(bt.NestingMode)
		if err != nil {
			return nil, fmt.Errorf("block %s: %w", name, err)
		}
		nested, err := convertBlock(bt.Block)
		if err != nil {
			return nil, fmt.Errorf("block %s: %w", name, err)
		}
		out.BlockTypes = append(out.BlockTypes, &tfprotov5.SchemaNestedBlock{
			TypeName: name,
			Block:    nested,
			Nesting:  mode,
			MinItems: bt.MinItems,
			MaxItems: bt.MaxItems,
		})
	}
	return out, nil
}

func convertSchema(s jsonSchema) (*tfprotov5.Schema, error) {
	block, err := convertBlock(s.Block)
	if err != nil {
		return nil, err
	}
	return &tfprotov5.Schema{Version: s.Version, Block: block}, nil
}

func convertSchemas(in map[string]jsonSchema) (map[string]*tfprotov5.Schema, error) {
	out := map[string]*tfprotov5.Schema{}
	for name, s := range in {
		converted, err := convertSchema(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = converted
	}
	return out, nil
}

// server implements the calls `terraform validate` makes. The embedded interface
// is nil: any other call would be a bug in how this stand-in is used.
type server struct {
	tfprotov5.ProviderServer
	schema *tfprotov5.GetProviderSchemaResponse
}

func refuse(what string) []*tfprotov5.Diagnostic {
	return []*tfprotov5.Diagnostic{{
		Severity: tfprotov5.DiagnosticSeverityError,
		Summary:  "schema-only provider",
		Detail:   fmt.Sprintf("This provider was built from a schema snapshot for validation only; it cannot %s.", what),
	}}
}

func (s *server) GetMetadata(context.Context, *tfprotov5.GetMetadataRequest) (*tfprotov5.GetMetadataResponse, error) {
	resp := &tfprotov5.GetMetadataResponse{}
	for _, name := range sortedKeys(s.schema.ResourceSchemas) {
		resp.Resources = append(resp.Resources, tfprotov5.ResourceMetadata{TypeName: name})
	}
	for _, name := range sortedKeys(s.schema.DataSourceSchemas) {
		resp.DataSources = append(resp.DataSources, tfprotov5.DataSourceMetadata{TypeName: name})
	}
	return resp, nil
}

func (s *server) GetProviderSchema(context.Context, *tfprotov5.GetProviderSchemaRequest) (*tfprotov5.GetProviderSchemaResponse, error) {
	return s.schema, nil
}

func (s *server) GetResourceIdentitySchemas(context.Context, *tfprotov5.GetResourceIdentitySchemasRequest) (*tfprotov5.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov5.GetResourceIdentitySchemasResponse{}, nil
}

func (s *server) PrepareProviderConfig(_ context.Context, req *tfprotov5.PrepareProviderConfigRequest) (*tfprotov5.PrepareProviderConfigResponse, error) {
	return &tfprotov5.PrepareProviderConfigResponse{PreparedConfig: req.Config}, nil
}

func (s *server) ValidateResourceTypeConfig(context.Context, *tfprotov5.ValidateResourceTypeConfigRequest) (*tfprotov5.ValidateResourceTypeConfigResponse, error) {
	return &tfprotov5.ValidateResourceTypeConfigResponse{}, nil
}

func (s *server) ValidateDataSourceConfig(context.Context, *tfprotov5.ValidateDataSourceConfigRequest) (*tfprotov5.ValidateDataSourceConfigResponse, error) {
	return &tfprotov5.ValidateDataSourceConfigResponse{}, nil
}

func (s *server) StopProvider(context.Context, *tfprotov5.StopProviderRequest) (*tfprotov5.StopProviderResponse, error) {
	return &tfprotov5.StopProviderResponse{}, nil
}

func (s *server) ConfigureProvider(context.Context, *tfprotov5.ConfigureProviderRequest) (*tfprotov5.ConfigureProviderResponse, error) {
	return &tfprotov5.ConfigureProviderResponse{Diagnostics: refuse("connect to a server")}, nil
}

func (s *server) PlanResourceChange(context.Context, *tfprotov5.PlanResourceChangeRequest) (*tfprotov5.PlanResourceChangeResponse, error) {
	return &tfprotov5.PlanResourceChangeResponse{Diagnostics: refuse("plan")}, nil
}

func (s *server) ApplyResourceChange(context.Context, *tfprotov5.ApplyResourceChangeRequest) (*tfprotov5.ApplyResourceChangeResponse, error) {
	return &tfprotov5.ApplyResourceChangeResponse{Diagnostics: refuse("apply")}, nil
}

func (s *server) ReadDataSource(context.Context, *tfprotov5.ReadDataSourceRequest) (*tfprotov5.ReadDataSourceResponse, error) {
	return &tfprotov5.ReadDataSourceResponse{Diagnostics: refuse("read data sources")}, nil
}

func loadSchema() (*tfprotov5.GetProviderSchemaResponse, error) {
	var doc jsonSchemas
	if err := json.Unmarshal(snapshot, &doc); err != nil {
		return nil, fmt.Errorf("parse schema snapshot: %w", err)
	}
	ps, ok := doc.ProviderSchemas[providerAddress]
	if !ok {
		return nil, fmt.Errorf("schema snapshot has no provider %q", providerAddress)
	}
	provider, err := convertSchema(ps.Provider)
	if err != nil {
		return nil, fmt.Errorf("provider: %w", err)
	}
	resources, err := convertSchemas(ps.ResourceSchemas)
	if err != nil {
		return nil, err
	}
	dataSources, err := convertSchemas(ps.DataSourceSchemas)
	if err != nil {
		return nil, err
	}
	return &tfprotov5.GetProviderSchemaResponse{
		Provider:          provider,
		ResourceSchemas:   resources,
		DataSourceSchemas: dataSources,
	}, nil
}

func main() {
	schema, err := loadSchema()
	if err != nil {
		log.Fatal(err)
	}
	if len(os.Args) > 1 && os.Args[1] == "-check" {
		fmt.Printf("%s: %d resources, %d data sources\n", providerAddress, len(schema.ResourceSchemas), len(schema.DataSourceSchemas))
		return
	}
	if err := tf5server.Serve(providerAddress, func() tfprotov5.ProviderServer { return &server{schema: schema} }); err != nil {
		log.Fatal(err)
	}
}
