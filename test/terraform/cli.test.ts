import { execFileSync } from "child_process";
import { TerraformLocal, TerraformVariable } from "cdktf";
import { AuthentikCloudflareAccess, CloudflareDashboardSso } from "../../lib";
import { MINIMAL_PROPS, synthJson, userStack, ZONE_ID } from "../helpers";
import { AUTHENTIK_SCHEMA, CLOUDFLARE_SCHEMA } from "../schema";
import { providersInfo, terraformEnv, validateStack } from "./terraform";

const info = providersInfo();

/**
 * Where the Cloudflare provider built here (a later v5 commit installed as 5.14.0) differs from the real 5.14.0
 * schema, for the resources the library emits. A new difference fails the test, to be looked at, not assumed away.
 */
const KNOWN_CLOUDFLARE_DIFFERENCES: Record<string, string[]> = {
  cloudflare_dns_record: [],
  cloudflare_sso_connector: [],
  cloudflare_zero_trust_access_application: [],
  cloudflare_zero_trust_access_group: [],
  cloudflare_zero_trust_access_identity_provider: [],
  cloudflare_zero_trust_access_policy: [],
};

function cli(args: string[], cwd: string, input?: string): string {
  return execFileSync(info.cli, args, {
    cwd,
    env: terraformEnv(info),
    encoding: "utf8",
    input,
    stdio: "pipe",
    maxBuffer: 512 * 1024 * 1024,
  });
}

/** Each attribute of a schema block, by path, with what `terraform providers schema -json` says of it. */
function flatten(block: any, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, attribute] of Object.entries<any>(block.attributes ?? {})) {
    const { type, required, optional, computed, sensitive, nested_type: nested } = attribute;
    out[`${prefix}${name}`] = JSON.stringify({ type, nesting: nested?.nesting_mode, required, optional, computed, sensitive });
    if (nested) Object.assign(out, flatten(nested, `${prefix}${name}.`));
  }
  for (const [name, child] of Object.entries<any>(block.block_types ?? {})) {
    out[`${prefix}${name}`] = JSON.stringify({ block: child.nesting_mode, min: child.min_items, max: child.max_items });
    Object.assign(out, flatten(child.block, `${prefix}${name}.`));
  }
  return out;
}

function differences(real: any, built: any): string[] {
  const a = flatten(real);
  const b = flatten(built);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .sort()
    .filter((key) => a[key] !== b[key])
    .map((key) => `${key}: 5.14.0 ${a[key] ?? "(absent)"}, built ${b[key] ?? "(absent)"}`);
}

describe("the providers built here against the real schemas of the pinned releases", () => {
  let built: Record<string, any>;
  let emitted: string[];

  beforeAll(() => {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, scim: {} });
    access.protectApplication("app", { domain: "app.company.com", allowGroups: ["admins"] });
    access.accessGroup("admins", "admins");
    new CloudflareDashboardSso(stack, "sso", { integration: access, emailDomain: "company.com", zoneId: ZONE_ID });
    emitted = Object.keys(synthJson(stack).resource).sort();
    const { valid, workingDirectory } = validateStack(stack, info);
    expect(valid).toBe(true);
    built = JSON.parse(cli(["providers", "schema", "-json"], workingDirectory)).provider_schemas;
  });

  const providerOf = (schemas: Record<string, any>, name: string) =>
    schemas[Object.keys(schemas).find((a) => a.endsWith(`/${name}`)) as string];

  test("the Cloudflare stand-in has the 5.14.0 schema of every Cloudflare resource the library emits", () => {
    const cloudflare = emitted.filter((type) => type.startsWith("cloudflare_"));
    expect(cloudflare).toEqual([
      "cloudflare_dns_record",
      "cloudflare_sso_connector",
      "cloudflare_zero_trust_access_application",
      "cloudflare_zero_trust_access_group",
      "cloudflare_zero_trust_access_identity_provider",
      "cloudflare_zero_trust_access_policy",
    ]);
    const standIn = providerOf(built, "cloudflare/cloudflare").resource_schemas;
    const found = Object.fromEntries(
      cloudflare.map((type) => [type, differences(CLOUDFLARE_SCHEMA.resource_schemas[type].block, standIn[type].block)]),
    );
    expect(found).toEqual(KNOWN_CLOUDFLARE_DIFFERENCES);
  });

  test("the authentik stand-in serves exactly the real 2026.5.0 schema", () => {
    const standIn = providerOf(built, "goauthentik/authentik");
    for (const type of emitted.filter((t) => t.startsWith("authentik_"))) {
      expect(differences(AUTHENTIK_SCHEMA.resource_schemas[type].block, standIn.resource_schemas[type].block)).toEqual([]);
    }
    expect(Object.keys(standIn.resource_schemas).length).toBe(Object.keys(AUTHENTIK_SCHEMA.resource_schemas).length);
    expect(Object.keys(standIn.data_source_schemas).length).toBe(Object.keys(AUTHENTIK_SCHEMA.data_source_schemas).length);
  });
});

describe("what terraform validate cannot see", () => {
  test.each([
    ["2026.5", true],
    ["2026.5.2", true],
    ["2027.1", true],
    ["2026.4", false],
    ["2025.10.3", false],
  ])("a token-valued authentikVersion of %s is evaluated by Terraform (typed redirect URI: %s)", (version, typed) => {
    const stack = userStack();
    const authentikVersion = new TerraformVariable(stack, "authentik_version", { type: "string", default: version });
    const access = new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, authentikVersion: authentikVersion.stringValue });
    new TerraformLocal(stack, "redirect_uris", access.oauth2Provider.allowedRedirectUrisInput);
    const { workingDirectory } = validateStack(stack, info);
    const evaluated = JSON.parse(
      cli(["console"], workingDirectory, "jsonencode(local.redirect_uris)\n").trim().replace(/^"|"$/g, "").replace(/\\"/g, '"'),
    );
    const expected: Record<string, string> = { matching_mode: "strict", url: access.callbackUrl };
    if (typed) {
      expected.redirect_uri_type = "authorization";
    }
    expect(evaluated).toEqual([expected]);
  });
});
