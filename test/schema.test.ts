import { TerraformVariable } from "cdktf";
import { ZeroTrustAccessPolicy } from "@cdktf/provider-cloudflare/lib/zero-trust-access-policy";
import { AuthentikCloudflareAccess, CloudflareDashboardSso } from "../lib";
import { CloudflareAccessStack } from "../main";
import { ACCOUNT_ID, CUSTOMISED_PROPS, MINIMAL_PROPS, onlyName, synthJson, testApp, userStack, ZONE_ID } from "./helpers";
import { LIBRARY_CLOUDFLARE_RESOURCES, ResourceDifference, schemaDiffReport } from "../scripts/schema-diff";
import { blockSchema, CLOUDFLARE_NEWEST_SCHEMA, CLOUDFLARE_SNAPSHOTS, schemaProblems, VERSIONS } from "./schema";

/**
 * Every block, key and nested key the library writes, checked against the real
 * schemas of the pinned providers (schemas/). `terraform validate` drops unknown keys
 * inside nested attributes such as the identity provider's `config` silently; this does not.
 */
describe("the synthesised JSON fits the real provider schemas, nested attributes included", () => {
  test("every feature at once, account-scoped", () => {
    const stack = userStack();
    const groups = new TerraformVariable(stack, "groups", { type: "list(string)" });
    const access = new AuthentikCloudflareAccess(stack, "access", {
      ...CUSTOMISED_PROPS,
      zoneId: undefined,
      accountId: ACCOUNT_ID,
      postLogoutRedirect: true,
      bindings: { ...CUSTOMISED_PROPS.bindings, groupNames: groups.listValue },
      scim: { userDeprovision: true, seatDeprovision: true, identityUpdateBehavior: "reauth", groupNames: ["staff"], dryRun: true },
    });
    access.protectApplication("app", {
      domain: "app.company.com/admin",
      name: "Admin",
      allowGroups: ["admins"],
      allowEmails: ["alice@company.com"],
      allowEmailDomains: ["company.com"],
      sessionDuration: "8h",
      autoRedirectToIdentity: false,
      additionalDomains: ["admin.company.com"],
    });
    access.protectApplication("wiki", { domain: "wiki.company.com", allowAnyAuthentikUser: true });
    const group = access.accessGroup("admins", "admins");
    new ZeroTrustAccessPolicy(stack, "hand-written", {
      accountId: ACCOUNT_ID,
      name: "admins",
      decision: "allow",
      include: [{ group: { id: group.id } }],
    });
    new CloudflareDashboardSso(stack, "sso", { integration: access, emailDomain: "company.com", zoneId: ZONE_ID, enabled: true });
    const json = synthJson(stack);
    expect(Object.keys(json.resource).sort()).toEqual([
      "authentik_application",
      "authentik_policy_binding",
      "authentik_provider_oauth2",
      "authentik_provider_scim",
      "cloudflare_dns_record",
      "cloudflare_sso_connector",
      "cloudflare_zero_trust_access_application",
      "cloudflare_zero_trust_access_group",
      "cloudflare_zero_trust_access_identity_provider",
      "cloudflare_zero_trust_access_policy",
    ]);
    expect(schemaProblems(json)).toEqual([]);
  });

  test("every feature at once, zone-scoped (inline application policies)", () => {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, "access", { ...CUSTOMISED_PROPS, scim: {} });
    access.protectApplication("app", { domain: "app.company.com", allowGroups: ["admins"], allowEmailDomains: ["company.com"] });
    access.accessGroup("admins", "admins");
    const json = synthJson(stack);
    expect(json.resource.cloudflare_zero_trust_access_policy).toBeUndefined();
    expect(schemaProblems(json)).toEqual([]);
  });

  test("the example app", () => {
    expect(schemaProblems(synthJson(new CloudflareAccessStack(testApp(), "cloudflare-access")))).toEqual([]);
  });

  test("the check finds what validate misses: an unknown key inside config, a value of the wrong type, a computed-only attribute", () => {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
    access.identityProvider.addOverride("config.jwks_url", "https://authentik.company/jwks/");
    access.identityProvider.addOverride("config.pkce_enabled", "yes");
    access.identityProvider.addOverride("scim_config.secret", "s");
    const problems = schemaProblems(synthJson(stack));
    const both = `(${CLOUDFLARE_SNAPSHOTS.map((s) => s.name).join(", ")})`;
    expect(problems).toEqual([
      expect.stringMatching(/config\.jwks_url: not an attribute of the schema \(/),
      expect.stringMatching(/config\.pkce_enabled: expected a bool, got "yes" \(/),
      expect.stringMatching(/scim_config\.secret: computed only, cannot be set \(/),
    ]);
    problems.forEach((problem) => expect(problem.endsWith(both)).toBe(true));
  });

  test("a key only the newer provider has is refused, naming the snapshot that refuses it (5.14.0)", () => {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, accountId: ACCOUNT_ID });
    const app = access.protectApplication("app", { domain: "app.company.com", allowGroups: ["admins"] });
    app.policies[0].addOverride("mfa_config", { mfa_disabled: true });
    expect(schemaProblems(synthJson(stack))).toEqual([
      `resource.cloudflare_zero_trust_access_policy.${onlyName(synthJson(stack), "resource", "cloudflare_zero_trust_access_policy")}.mfa_config: not an attribute of the schema (cloudflare ${VERSIONS.cloudflare.version})`,
    ]);
    expect(blockSchema("resource", "cloudflare_zero_trust_access_policy", CLOUDFLARE_NEWEST_SCHEMA).attributes.mfa_config.optional).toBe(
      true,
    );
  });

  test("the secrets the library passes on are sensitive in the real schemas", () => {
    const idp = blockSchema("resource", "cloudflare_zero_trust_access_identity_provider");
    expect(idp.attributes.config.nested_type.attributes.client_secret.sensitive).toBe(true);
    expect(idp.attributes.scim_config.nested_type.attributes.secret.sensitive).toBe(true);
    expect(blockSchema("resource", "authentik_provider_oauth2").attributes.client_secret.sensitive).toBe(true);
    expect(blockSchema("resource", "authentik_provider_scim").attributes.token.sensitive).toBe(true);
  });
});

describe(`the newest Cloudflare snapshot (${VERSIONS.cloudflare.newestSchema.name}) against ${VERSIONS.cloudflare.version}`, () => {
  const { differences } = schemaDiffReport();

  test("the resources the library writes lost no attribute and made none required (new optional ones only)", () => {
    expect(differences.map((d) => d.type)).toEqual(LIBRARY_CLOUDFLARE_RESOURCES);
    expect(differences.flatMap((d) => d.removed)).toEqual([]);
    // A required attribute inside a new optional one binds only who sets the new one.
    const newlyRequired = differences.flatMap((d) => {
      const addedPaths = d.added.map((line) => line.split(" ")[0]);
      return d.added.filter((line) => {
        const attribute = line.split(" ")[0];
        const parent = attribute.slice(0, attribute.lastIndexOf("."));
        return line.includes('"required":true') && !addedPaths.includes(parent);
      });
    });
    expect(differences.flatMap((d) => d.added).filter((line) => line.includes('"required":true')).length).toBeGreaterThan(0);
    expect(newlyRequired).toEqual([]);
  });

  test("their state schema version went from 0 to 500: a state written by the newer provider cannot go back", () => {
    expect(Object.fromEntries(differences.map((d) => [d.type, d.version]))).toEqual({
      cloudflare_dns_record: [0, 500],
      cloudflare_sso_connector: [0, 500],
      cloudflare_zero_trust_access_application: [0, 500],
      cloudflare_zero_trust_access_group: [0, 500],
      cloudflare_zero_trust_access_identity_provider: [0, 500],
      cloudflare_zero_trust_access_policy: [0, 500],
    });
  });

  test("the Access policy's session_duration is no longer computed (5.24 removed its 24h default), so the library writes it", () => {
    const policy = differences.find((d) => d.type === "cloudflare_zero_trust_access_policy") as ResourceDifference;
    expect(policy.changed).toContain(
      'session_duration: {"type":"string","optional":true,"computed":true} -> {"type":"string","optional":true}',
    );
  });

  test("the secrets the library passes on stay sensitive", () => {
    const idp = blockSchema("resource", "cloudflare_zero_trust_access_identity_provider", CLOUDFLARE_NEWEST_SCHEMA);
    expect(idp.attributes.config.nested_type.attributes.client_secret.sensitive).toBe(true);
    expect(idp.attributes.scim_config.nested_type.attributes.secret.sensitive).toBe(true);
  });
});
