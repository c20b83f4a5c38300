import { AuthentikCloudflareAccess } from "../lib";
import { MINIMAL_PROPS, synthJson, userStack } from "./helpers";
import { schemaProblems, VERSIONS } from "./schema";
import { satisfies } from "./versions";

/**
 * The provider versions a synthesised stack asks Terraform for (`terraform.required_providers`): the authentik
 * range of versions.json, Cloudflare's exact 5.14.0 from @cdktf/provider-cloudflare 13.9.1, and the override the
 * README gives for running a newer Cloudflare provider (a state written by 5.19 or later needs one).
 */
describe("required_providers", () => {
  test("authentik: the supported range, which holds the release the bindings and schema snapshot are of", () => {
    const required = synthJson(userStack()).terraform.required_providers.authentik;
    expect(required).toEqual({ source: "goauthentik/authentik", version: ">= 2026.5.0, < 2027.0.0" });
    expect(required.version).toBe(VERSIONS.authentik.constraint);
    expect(satisfies(VERSIONS.authentik.version, required.version)).toBe(true);
    // 2026.2 has no redirect_uri_type, which the library writes; a 2027 provider is untested.
    expect(satisfies("2026.2.1", required.version)).toBe(false);
    expect(satisfies("2026.8.0", required.version)).toBe(true);
    expect(satisfies("2027.1.0", required.version)).toBe(false);
  });

  test("Cloudflare: @cdktf/provider-cloudflare 13.9.1 asks for exactly 5.14.0, which refuses a newer installed provider", () => {
    const required = synthJson(userStack()).terraform.required_providers.cloudflare;
    expect(required).toEqual({ source: "cloudflare/cloudflare", version: "5.14.0" });
    expect(satisfies("5.14.0", required.version)).toBe(true);
    expect(satisfies("5.19.0", required.version)).toBe(false);
  });

  test("Cloudflare: the README's override raises it to the supported range, and changes nothing else", () => {
    const plain = userStack();
    new AuthentikCloudflareAccess(plain, "access", MINIMAL_PROPS);
    const raised = userStack();
    new AuthentikCloudflareAccess(raised, "access", MINIMAL_PROPS);
    raised.addOverride("terraform.required_providers.cloudflare.version", ">= 5.14.0, < 6.0.0");
    const before = synthJson(plain);
    const after = synthJson(raised);
    expect(after.terraform.required_providers).toEqual({
      authentik: { source: "goauthentik/authentik", version: VERSIONS.authentik.constraint },
      cloudflare: { source: "cloudflare/cloudflare", version: ">= 5.14.0, < 6.0.0" },
    });
    expect(after.terraform.required_providers.cloudflare.version).toBe(VERSIONS.cloudflare.constraint);
    for (const version of ["5.14.0", "5.19.0", "5.24.0"]) {
      expect(satisfies(version, after.terraform.required_providers.cloudflare.version)).toBe(true);
    }
    expect(satisfies("6.0.0", after.terraform.required_providers.cloudflare.version)).toBe(false);
    expect(after.resource).toEqual(before.resource);
    expect(schemaProblems(after)).toEqual([]);
  });

  test("the provider script's mirror versions meet both ranges, so `terraform init` accepts them", () => {
    expect(satisfies(VERSIONS.authentik.version, VERSIONS.authentik.constraint)).toBe(true);
    expect(satisfies(VERSIONS.cloudflare.version, VERSIONS.cloudflare.constraint)).toBe(true);
  });
});

describe("the version constraint evaluator the tests use", () => {
  test.each([
    ["5.14.0", "5.14.0", true],
    ["5.14.1", "5.14.0", false],
    ["5.24.0", ">= 5.14.0, < 6.0.0", true],
    ["6.0.0", ">= 5.14.0, < 6.0.0", false],
    ["5.13.9", ">= 5.14.0, < 6.0.0", false],
    ["5.99.0", "~> 5.0", true],
    ["6.0.0", "~> 5.0", false],
    ["5.14.3", "~> 5.14.0", true],
    ["5.15.0", "~> 5.14.0", false],
    ["2026.5.0", "!= 2026.5.0", false],
  ])("%s meets %s: %s", (version, constraint, expected) => {
    expect(satisfies(version, constraint)).toBe(expected);
  });

  test("refuses what is not a constraint", () => {
    expect(() => satisfies("5.14.0", ">= five")).toThrow(/not a release version: "five"/);
  });
});
