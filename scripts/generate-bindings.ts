/**
 * Regenerates the authentik provider bindings under `.gen/providers/authentik`
 * from the committed schema snapshot, without network access and without the
 * provider binary. Only the resources and data sources listed in
 * `AUTHENTIK_BINDINGS` are generated (plus the provider class itself), which
 * keeps `.gen` small and the package quick to load.
 *
 * Usage: `npm run get` (writes `.gen/`), or `npm run get -- <outdir>`.
 */
import * as fs from "fs";
import * as path from "path";
import { CodeMaker, TerraformProviderGenerator } from "@cdktf/provider-generator";
import { ConstructsMakerProviderTarget, LANGUAGES, ProviderSchema, TerraformProviderConstraint } from "@cdktf/commons";

/** The one list of authentik types the library uses. */
export const AUTHENTIK_BINDINGS = {
  resources: ["authentik_application", "authentik_policy_binding", "authentik_provider_oauth2", "authentik_provider_scim"],
  dataSources: [
    "authentik_certificate_key_pair",
    "authentik_flow",
    "authentik_group",
    "authentik_property_mapping_provider_scim",
    "authentik_property_mapping_provider_scope",
  ],
};

const ROOT = path.resolve(__dirname, "..");
const PROVIDER_FQPN = "registry.terraform.io/goauthentik/authentik";

/**
 * The authentik provider range the library supports (versions.json `authentik.constraint`), as
 * `goauthentik/authentik@<constraint>`: the bindings write it to `required_providers`.
 */
export function authentikConstraint(): string {
  const { authentik } = JSON.parse(fs.readFileSync(path.join(ROOT, "versions.json"), "utf8"));
  return `${authentik.source}@${authentik.constraint}`;
}

function pick<T>(all: Record<string, T> | undefined, names: string[], kind: string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const name of [...names].sort()) {
    const schema = all?.[name];
    if (!schema) {
      throw new Error(`schema snapshot has no ${kind} ${name}`);
    }
    out[name] = schema;
  }
  return out;
}

/** Writes the bindings for the listed types into `outdir/providers/authentik`. */
export async function generateAuthentikBindings(outdir: string): Promise<void> {
  const constraint = new TerraformProviderConstraint(authentikConstraint());
  const snapshotFile = path.join(ROOT, JSON.parse(fs.readFileSync(path.join(ROOT, "versions.json"), "utf8")).authentik.schema);
  const snapshot = JSON.parse(fs.readFileSync(snapshotFile, "utf8")) as ProviderSchema;
  const provider = snapshot.provider_schemas?.[PROVIDER_FQPN];
  if (!provider) {
    throw new Error(`${snapshotFile} has no provider ${PROVIDER_FQPN}`);
  }
  const schema: ProviderSchema = {
    format_version: snapshot.format_version,
    provider_schemas: {
      [PROVIDER_FQPN]: {
        provider: provider.provider,
        resource_schemas: pick(provider.resource_schemas, AUTHENTIK_BINDINGS.resources, "resource"),
        data_source_schemas: pick(provider.data_source_schemas, AUTHENTIK_BINDINGS.dataSources, "data source"),
      },
    },
    // No provider_versions: cdktf writes a binding's exact provider version to required_providers in preference to
    // its constraint, and the constraint is the range the library supports.
  };
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, schema);
  generator.generate(new ConstructsMakerProviderTarget(constraint, LANGUAGES[0]));
  fs.rmSync(path.join(outdir, "providers", "authentik"), { recursive: true, force: true });
  await code.save(outdir);
}

if (require.main === module) {
  const outdir = path.resolve(process.argv[2] ?? path.join(ROOT, ".gen"));
  generateAuthentikBindings(outdir)
    .then(() => console.log(`generated authentik bindings in ${path.relative(process.cwd(), outdir) || "."}/providers/authentik`))
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
