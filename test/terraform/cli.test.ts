import { execFileSync } from "child_process";
import { TerraformLocal, TerraformVariable } from "cdktf";
import { AuthentikCloudflareAccess } from "../../lib";
import { CUSTOMISED_PROPS, MINIMAL_PROPS, synthJson, userStack } from "../helpers";
import { providersInfo, terraformEnv, validateStack } from "./terraform";

const info = providersInfo();

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

describe("what terraform validate cannot see", () => {
  test("every key written into the identity provider's config is an attribute of the built Cloudflare provider", () => {
    const stack = userStack();
    new AuthentikCloudflareAccess(stack, "access", CUSTOMISED_PROPS);
    const written = Object.keys((Object.values(synthJson(stack).resource.cloudflare_zero_trust_access_identity_provider)[0] as any).config);
    const { valid, workingDirectory } = validateStack(stack, info);
    expect(valid).toBe(true);
    // Unknown keys inside this nested object pass `terraform validate` silently, so compare against the schema.
    const schemas = JSON.parse(cli(["providers", "schema", "-json"], workingDirectory)).provider_schemas;
    const address = Object.keys(schemas).find((a) => a.endsWith("/cloudflare/cloudflare")) as string; // host differs for OpenTofu
    const idp = schemas[address].resource_schemas.cloudflare_zero_trust_access_identity_provider;
    const known = Object.keys(idp.block.attributes.config.nested_type.attributes);
    expect(written.length).toBeGreaterThanOrEqual(9);
    expect(written.filter((key) => !known.includes(key))).toEqual([]);
  });

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
