import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { ZeroTrustAccessPolicy } from "@cdktf/provider-cloudflare/lib/zero-trust-access-policy";
import { AuthentikCloudflareAccess, AuthentikCloudflareAccessProps, ProtectedApplication, ProtectedApplicationOptions } from "../lib";
import { InvalidPropError } from "../lib/validation";
import { ACCOUNT_ID, all, errorOf, MINIMAL_PROPS, only, onlyName, synthJson, testApp, userStack, ZONE_ID } from "./helpers";

const APP = "cloudflare_zero_trust_access_application";
const POLICY = "cloudflare_zero_trust_access_policy";
const GROUP = "cloudflare_zero_trust_access_group";
const IDP = "cloudflare_zero_trust_access_identity_provider";
const OAUTH2 = "authentik_provider_oauth2";

/** The plan-time form of the authentikVersion rule, for a version from a variable. */
const VERSION_PLAN_CHECK = {
  condition: expect.stringMatching(/^\$\{try\(.*can\(regex\(".*", var\.authentik_version\)\), false\)\}$/),
  error_message:
    'AuthentikCloudflareAccess at test/access: invalid authentikVersion (a value Terraform knows only at plan time): expected an authentik release as a string YEAR.MONTH or YEAR.MONTH.PATCH, for example "2026.5" or "2025.10.3".',
};
const ZONE_PROPS: AuthentikCloudflareAccessProps = { ...MINIMAL_PROPS, accountId: undefined, zoneId: ZONE_ID };

/** `${<type>.<name>.<attribute>}` for the only resource of a type. */
function ref(json: any, type: string, attribute: string): string {
  return `\${${type}.${onlyName(json, "resource", type)}.${attribute}}`;
}

/** One integration with one protected application, synthesised. */
function synthProtected(
  options: ProtectedApplicationOptions,
  props: Partial<AuthentikCloudflareAccessProps> = {},
): { json: any; access: AuthentikCloudflareAccess; app: ProtectedApplication } {
  const stack = userStack();
  const access = new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, ...props });
  const app = access.protectApplication("app", options);
  return { json: synthJson(stack), access, app };
}

/** The error protectApplication raises for options as a plain JavaScript caller may pass them. */
function protectError(options: Record<string, unknown>, props: Partial<AuthentikCloudflareAccessProps> = {}): InvalidPropError {
  const access = new AuthentikCloudflareAccess(userStack(), "access", { ...MINIMAL_PROPS, ...props });
  return errorOf(() => access.protectApplication("app", options as any));
}

describe("account-scoped integration: an Access application with a reusable allow policy", () => {
  const { json, access, app } = synthProtected({
    domain: "app.company.com",
    allowGroups: ["admins", "ops"],
    allowEmails: ["alice@company.com"],
    allowEmailDomains: ["partner.com"],
    additionalDomains: ["app2.company.com", "company.com/admin"],
  });
  const application = only(json, "resource", APP);
  const policy = only(json, "resource", POLICY);
  const idpId = ref(json, IDP, "id");

  test("a self-hosted application in the integration's account, named after its domain", () => {
    expect(application).toMatchObject({ type: "self_hosted", account_id: ACCOUNT_ID, domain: "app.company.com", name: "app.company.com" });
    expect(application).not.toHaveProperty("zone_id");
  });

  test("destinations are the domain and the additional domains, all public", () => {
    expect(application.destinations).toEqual([
      { type: "public", uri: "app.company.com" },
      { type: "public", uri: "app2.company.com" },
      { type: "public", uri: "company.com/admin" },
    ]);
  });

  test("only the authentik login method is allowed, and users go straight to it", () => {
    expect(application.allowed_idps).toEqual([idpId]);
    expect(application.auto_redirect_to_identity).toBe(true);
  });

  test("without sessionDuration, Cloudflare's default 24h is written on the application and its policy alike", () => {
    // Providers before 5.24 give a policy without session_duration 24h, and the policy's wins over the application's.
    expect(application.session_duration).toBe("24h");
    expect(policy.session_duration).toBe("24h");
  });

  test("one reusable allow policy in the account holds one rule per group, email and email domain", () => {
    expect(policy).toMatchObject({ account_id: ACCOUNT_ID, decision: "allow", name: "Allow app.company.com" });
    expect(policy.include).toEqual([
      { oidc: { claim_name: "groups", claim_value: "admins", identity_provider_id: idpId } },
      { oidc: { claim_name: "groups", claim_value: "ops", identity_provider_id: idpId } },
      { email: { email: "alice@company.com" } },
      { email_domain: { domain: "partner.com" } },
    ]);
  });

  test("the application attaches the policy by id, first in precedence, with no inline rules", () => {
    expect(application.policies).toEqual([{ id: ref(json, POLICY, "id"), precedence: 1 }]);
  });

  test("groups turn on the groups claim of the login method", () => {
    expect(only(json, "resource", IDP).config.claims).toEqual(["groups"]);
  });

  test("public members: the resources and references to the application's id and audience tag", () => {
    expect(app.application.terraformResourceType).toBe(APP);
    expect(app.policies.map((p) => p.terraformResourceType)).toEqual([POLICY]);
    const stack = TerraformStack.of(access);
    new TerraformOutput(stack, "app_id", { value: app.applicationId });
    new TerraformOutput(stack, "aud", { value: app.audience });
    new TerraformOutput(stack, "policy_id", { value: app.policies[0].id });
    const withOutputs = synthJson(stack);
    expect(withOutputs.output.app_id.value).toBe(ref(withOutputs, APP, "id"));
    expect(withOutputs.output.aud.value).toBe(ref(withOutputs, APP, "aud"));
    expect(withOutputs.output.policy_id.value).toBe(ref(withOutputs, POLICY, "id"));
  });
});

describe("application options", () => {
  test("name, session duration and autoRedirectToIdentity false land on the application; the policy is named after it", () => {
    const { json } = synthProtected({
      domain: "wiki.company.com",
      name: "Wiki",
      sessionDuration: "1h30m",
      autoRedirectToIdentity: false,
      allowEmails: ["bob@company.com"],
    });
    const application = only(json, "resource", APP);
    expect(application).toMatchObject({
      name: "Wiki",
      domain: "wiki.company.com",
      session_duration: "1h30m",
      auto_redirect_to_identity: false,
    });
    expect(application.destinations).toEqual([{ type: "public", uri: "wiki.company.com" }]);
    expect(only(json, "resource", POLICY).name).toBe("Allow Wiki");
  });

  test("allowAnyAuthentikUser admits everyone with this login method (a login_method rule)", () => {
    const { json } = synthProtected({ domain: "app.company.com", allowAnyAuthentikUser: true });
    expect(only(json, "resource", POLICY).include).toEqual([{ login_method: { id: ref(json, IDP, "id") } }]);
    expect(only(json, "resource", IDP).config).not.toHaveProperty("claims");
  });

  test("a wildcard domain is accepted", () => {
    const { json } = synthProtected({ domain: "*.company.com", allowEmailDomains: ["company.com"] });
    expect(only(json, "resource", APP).destinations).toEqual([{ type: "public", uri: "*.company.com" }]);
  });

  test("the ProtectedApplication constructor gives the same application as protectApplication", () => {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
    const app = new ProtectedApplication(stack, "wiki", { integration: access, domain: "wiki.company.com", allowGroups: ["staff"] });
    const json = synthJson(stack);
    expect(app.node.path).toBe("test/wiki");
    const application = only(json, "resource", APP);
    expect(application).toMatchObject({ type: "self_hosted", account_id: ACCOUNT_ID, domain: "wiki.company.com" });
    expect(application.allowed_idps).toEqual([ref(json, IDP, "id")]);
    expect(application.policies).toEqual([{ id: ref(json, POLICY, "id"), precedence: 1 }]);
    expect(only(json, "resource", POLICY).include).toEqual([
      { oidc: { claim_name: "groups", claim_value: "staff", identity_provider_id: ref(json, IDP, "id") } },
    ]);
    expect(only(json, "resource", IDP).config.claims).toEqual(["groups"]);
  });

  test("an aliased Cloudflare provider of the integration is used by the application and the policy", () => {
    const stack = userStack();
    const eu = new CloudflareProvider(stack, "cloudflare-eu", { alias: "eu", apiToken: "example_api_token_0123456789abcdef012345" });
    const access = new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, cloudflareProvider: eu });
    access.protectApplication("app", { domain: "app.company.com", allowGroups: ["admins"] });
    access.accessGroup("admins", "admins");
    const json = synthJson(stack);
    expect(only(json, "resource", APP).provider).toBe("cloudflare.eu");
    expect(only(json, "resource", POLICY).provider).toBe("cloudflare.eu");
    expect(only(json, "resource", GROUP).provider).toBe("cloudflare.eu");
  });
});

describe("zone-scoped integration: the rules are inline in the application", () => {
  const stack = userStack();
  const access = new AuthentikCloudflareAccess(stack, "access", ZONE_PROPS);
  const app = access.protectApplication("app", {
    domain: "app.company.com",
    allowGroups: ["admins"],
    allowEmails: ["alice@company.com"],
    allowEmailDomains: ["company.com"],
  });
  const json = synthJson(stack);
  const application = only(json, "resource", APP);

  test("no reusable policy exists (Cloudflare has them only at account level)", () => {
    expect(json.resource[POLICY]).toBeUndefined();
    expect(app.policies).toEqual([]);
  });

  test("the application is in the zone, not in an account", () => {
    expect(application).toMatchObject({ zone_id: ZONE_ID, type: "self_hosted", domain: "app.company.com" });
    expect(application).not.toHaveProperty("account_id");
    expect(application.allowed_idps).toEqual([ref(json, IDP, "id")]);
  });

  test("the same rules as an inline allow policy with name, decision and precedence, without an id", () => {
    const idpId = ref(json, IDP, "id");
    expect(application.policies).toEqual([
      {
        name: "Allow app.company.com",
        decision: "allow",
        precedence: 1,
        include: [
          { oidc: { claim_name: "groups", claim_value: "admins", identity_provider_id: idpId } },
          { email: { email: "alice@company.com" } },
          { email_domain: { domain: "company.com" } },
        ],
      },
    ]);
  });

  test("allowAnyAuthentikUser is an inline login_method rule", () => {
    const zoneStack = userStack();
    new AuthentikCloudflareAccess(zoneStack, "access", ZONE_PROPS).protectApplication("app", {
      domain: "app.company.com",
      allowAnyAuthentikUser: true,
    });
    const zoneJson = synthJson(zoneStack);
    expect(only(zoneJson, "resource", APP).policies[0].include).toEqual([{ login_method: { id: ref(zoneJson, IDP, "id") } }]);
  });

  test("an access group of a zone-scoped integration is in the zone", () => {
    const zoneStack = userStack();
    new AuthentikCloudflareAccess(zoneStack, "access", ZONE_PROPS).accessGroup("admins", "admins");
    const group = only(synthJson(zoneStack), "resource", GROUP);
    expect(group.zone_id).toBe(ZONE_ID);
    expect(group).not.toHaveProperty("account_id");
  });
});

describe("the groups claim follows the groups used in Access rules", () => {
  const claimsOf = (json: any) => only(json, "resource", IDP).config.claims;

  test("groups add 'groups' to claims that were left out", () => {
    expect(claimsOf(synthProtected({ domain: "a.company.com", allowGroups: ["admins"] }).json)).toEqual(["groups"]);
  });

  test("explicit claims that already include groups are kept as they are", () => {
    const { json } = synthProtected({ domain: "a.company.com", allowGroups: ["admins"] }, { claims: ["preferred_username", "groups"] });
    expect(claimsOf(json)).toEqual(["preferred_username", "groups"]);
  });

  test("apps with emails or email domains only leave claims untouched", () => {
    for (const options of [{ allowEmails: ["a@company.com"] }, { allowEmailDomains: ["company.com"] }]) {
      const { json } = synthProtected({ domain: "a.company.com", ...options });
      expect(only(json, "resource", IDP).config).not.toHaveProperty("claims");
      expect(only(json, "resource", IDP).config.scopes).toEqual(["openid", "email", "profile"]);
    }
    const { json } = synthProtected({ domain: "a.company.com", allowEmails: ["a@company.com"] }, { claims: ["preferred_username"] });
    expect(claimsOf(json)).toEqual(["preferred_username"]);
  });

  test("explicit scopes without profile are fine for an emails-only app", () => {
    const { json } = synthProtected({ domain: "a.company.com", allowEmails: ["a@company.com"] }, { scopes: ["openid", "email"] });
    expect(only(json, "resource", IDP).config.scopes).toEqual(["openid", "email"]);
  });

  test("explicit claims without groups are an error naming claims and why", () => {
    const error = protectError({ domain: "a.company.com", allowGroups: ["admins"] }, { claims: ["preferred_username"] });
    expect(error.message).toBe(
      'AuthentikCloudflareAccess at test/access: invalid claims ["preferred_username"]: test/access/app matches authentik groups, which Cloudflare reads from the "groups" claim: add "groups" to claims, or leave claims out',
    );
  });

  test("explicit scopes without profile are an error naming scopes and why", () => {
    const error = protectError({ domain: "a.company.com", allowGroups: ["admins"] }, { scopes: ["openid", "email"] });
    expect(error.message).toBe(
      'AuthentikCloudflareAccess at test/access: invalid scopes ["openid","email"]: test/access/app matches authentik groups, which Cloudflare reads from the "groups" claim, which authentik sends with the "profile" scope: add "profile" to scopes',
    );
  });

  test("a claims list variable gets groups appended by Terraform", () => {
    const stack = userStack();
    const claims = new TerraformVariable(stack, "claims", { type: "list(string)" });
    new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, claims: claims.listValue }).protectApplication("app", {
      domain: "a.company.com",
      allowGroups: ["admins"],
    });
    expect(claimsOf(synthJson(stack))).toBe('${distinct(concat(var.claims, ["groups"]))}');
  });

  test("a scopes list variable gets profile appended for groups, on both sides", () => {
    const stack = userStack();
    const scopes = new TerraformVariable(stack, "scopes", { type: "list(string)" });
    new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, scopes: scopes.listValue }).accessGroup("admins", "admins");
    const json = synthJson(stack);
    expect(only(json, "resource", IDP).config.scopes).toBe('${distinct(concat(var.scopes, ["profile"]))}');
    expect(only(json, "data", "authentik_property_mapping_provider_scope").managed_list).toBe(
      '${formatlist("goauthentik.io/providers/oauth2/scope-%s", distinct(concat(var.scopes, ["profile"])))}',
    );
  });
});

describe("several applications and access groups on one integration", () => {
  const stack = userStack();
  const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
  access.protectApplication("wiki", { domain: "wiki.company.com", allowGroups: ["staff"] });
  access.protectApplication("grafana", { domain: "grafana.company.com", allowEmails: ["ops@company.com"] });
  const admins = access.accessGroup("admins", "admins");
  new ZeroTrustAccessPolicy(stack, "custom", {
    accountId: ACCOUNT_ID,
    name: "Admins only",
    decision: "allow",
    include: [{ group: { id: admins.id } }],
  });
  const json = synthJson(stack);
  const idpId = ref(json, IDP, "id");

  test("each application has its own policy, and all use the one login method", () => {
    const applications = all(json, "resource", APP);
    expect(applications.map((a) => a.domain).sort()).toEqual(["grafana.company.com", "wiki.company.com"]);
    for (const application of applications) {
      expect(application.allowed_idps).toEqual([idpId]);
    }
    const policyNames = Object.keys(json.resource[POLICY]);
    expect(policyNames).toHaveLength(3);
    const attached = applications.map((a) => a.policies[0].id).sort();
    const own = policyNames.filter((name) => json.resource[POLICY][name].name !== "Admins only").map((name) => `\${${POLICY}.${name}.id}`);
    expect(attached).toEqual(own.sort());
    expect(all(json, "resource", IDP)).toHaveLength(1);
  });

  test("the groups claim is requested once", () => {
    expect(only(json, "resource", IDP).config.claims).toEqual(["groups"]);
  });

  test("accessGroup creates an Access group matching the authentik group on the groups claim", () => {
    expect(only(json, "resource", GROUP)).toEqual({
      account_id: ACCOUNT_ID,
      name: "authentik: admins",
      include: [{ oidc: { claim_name: "groups", claim_value: "admins", identity_provider_id: idpId } }],
    });
  });

  test("a hand-written policy includes the access group by its id", () => {
    const custom = all(json, "resource", POLICY).find((p) => p.name === "Admins only");
    expect(custom.include).toEqual([{ group: { id: ref(json, GROUP, "id") } }]);
  });

  test("accessGroup alone turns on the groups claim", () => {
    const groupStack = userStack();
    new AuthentikCloudflareAccess(groupStack, "access", MINIMAL_PROPS).accessGroup("admins", "admins");
    expect(only(synthJson(groupStack), "resource", IDP).config.claims).toEqual(["groups"]);
  });

  test("accessGroup with explicit claims without groups is an error naming claims and the group", () => {
    const groupAccess = new AuthentikCloudflareAccess(userStack(), "access", { ...MINIMAL_PROPS, claims: ["preferred_username"] });
    expect(errorOf(() => groupAccess.accessGroup("admins", "admins")).message).toBe(
      'AuthentikCloudflareAccess at test/access: invalid claims ["preferred_username"]: test/access/admins matches authentik groups, which Cloudflare reads from the "groups" claim: add "groups" to claims, or leave claims out',
    );
  });

  test("accessGroup refuses a blank authentik group name", () => {
    const groupAccess = new AuthentikCloudflareAccess(userStack(), "access", MINIMAL_PROPS);
    const error = errorOf(() => groupAccess.accessGroup("blank", " "));
    expect(error.message).toMatch(/^AuthentikCloudflareAccess at test\/access: invalid authentikGroupName " ": must not be empty/);
  });

  test("accessGroup takes a group name from a variable", () => {
    const groupStack = userStack();
    const name = new TerraformVariable(groupStack, "group", { type: "string" });
    new AuthentikCloudflareAccess(groupStack, "access", MINIMAL_PROPS).accessGroup("admins", name.stringValue);
    expect(only(synthJson(groupStack), "resource", GROUP).include[0].oidc.claim_value).toBe("${var.group}");
  });
});

describe("Terraform tokens", () => {
  test("a domain and a group from variables (element tokens) work", () => {
    const stack = userStack();
    const domain = new TerraformVariable(stack, "domain", { type: "string" });
    const group = new TerraformVariable(stack, "group", { type: "string" });
    const email = new TerraformVariable(stack, "email", { type: "string" });
    new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS).protectApplication("app", {
      domain: domain.stringValue,
      allowGroups: [group.stringValue],
      allowEmails: [email.stringValue],
      additionalDomains: ["static.company.com"],
    });
    const json = synthJson(stack);
    const application = only(json, "resource", APP);
    expect(application.domain).toBe("${var.domain}");
    expect(application.name).toBe("${var.domain}");
    expect(application.destinations).toEqual([
      { type: "public", uri: "${var.domain}" },
      { type: "public", uri: "static.company.com" },
    ]);
    const policy = only(json, "resource", POLICY);
    expect(policy.name).toBe("Allow ${var.domain}");
    expect(policy.include).toEqual([
      { oidc: { claim_name: "groups", claim_value: "${var.group}", identity_provider_id: ref(json, IDP, "id") } },
      { email: { email: "${var.email}" } },
    ]);
  });

  test("session duration and autoRedirectToIdentity from variables", () => {
    const stack = userStack();
    const duration = new TerraformVariable(stack, "duration", { type: "string" });
    const redirect = new TerraformVariable(stack, "redirect", { type: "bool" });
    new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS).protectApplication("app", {
      domain: "app.company.com",
      allowEmailDomains: ["company.com"],
      sessionDuration: duration.stringValue,
      autoRedirectToIdentity: redirect.booleanValue as unknown as boolean,
    });
    const application = only(synthJson(stack), "resource", APP);
    expect(application.session_duration).toBe("${var.duration}");
    expect(only(synthJson(stack), "resource", POLICY).session_duration).toBe("${var.duration}");
    expect(application.auto_redirect_to_identity).toBe("${var.redirect}");
  });

  test.each(["allowGroups", "allowEmails", "allowEmailDomains"])("a list variable for %s is refused: a literal list is needed", (prop) => {
    const stack = userStack();
    const list = new TerraformVariable(stack, "list", { type: "list(string)" });
    const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
    const error = errorOf(() => access.protectApplication("app", { domain: "app.company.com", [prop]: list.listValue }));
    expect(error.message).toBe(
      `ProtectedApplication at test/access/app: invalid ${prop} a Terraform list token: expected a literal list (its elements may be Terraform tokens): each element becomes its own Access rule at synth`,
    );
  });

  test("a list variable for additionalDomains is refused: a literal list is needed", () => {
    const stack = userStack();
    const list = new TerraformVariable(stack, "list", { type: "list(string)" });
    const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
    const error = errorOf(() =>
      access.protectApplication("app", { domain: "app.company.com", allowAnyAuthentikUser: true, additionalDomains: list.listValue }),
    );
    expect(error.message).toBe(
      "ProtectedApplication at test/access/app: invalid additionalDomains a Terraform list token: expected a literal list (its elements may be Terraform tokens): each element becomes its own destination at synth",
    );
  });

  test("a bool variable for allowAnyAuthentikUser is refused: it decides which Access rules exist", () => {
    const stack = userStack();
    const anyone = new TerraformVariable(stack, "anyone", { type: "bool" });
    const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
    const error = errorOf(() =>
      access.protectApplication("app", {
        domain: "app.company.com",
        allowGroups: ["admins"],
        allowAnyAuthentikUser: anyone.booleanValue as unknown as boolean,
      }),
    );
    expect(error.message).toBe(
      "ProtectedApplication at test/access/app: invalid allowAnyAuthentikUser a Terraform token: expected true or false, not a token: it decides which Access rules exist",
    );
    expect(access.node.tryFindChild("app")).toBeUndefined();
  });
});

describe("bad options fail at construction, naming the construct path, the prop, the value and what is allowed", () => {
  const BAD: Array<{ prop: string; options: Record<string, unknown>; shows: string; allowed: string }> = [
    { prop: "domain", options: { domain: "https://app.company.com" }, shows: '"https://app.company.com"', allowed: "no scheme" },
    { prop: "domain", options: { domain: "app company.com" }, shows: '"app company.com"', allowed: "the host is not a DNS name" },
    { prop: "domain", options: { domain: "app.company.com:8443" }, shows: '"app.company.com:8443"', allowed: "the host is not a DNS name" },
    { prop: "domain", options: { domain: "intranet" }, shows: '"intranet"', allowed: "a public hostname" },
    { prop: "domain", options: { domain: "app.company.com/a b" }, shows: '"app.company.com/a b"', allowed: "the path holds whitespace" },
    { prop: "domain", options: { domain: 42 }, shows: "42", allowed: "expected a string, got a number" },
    {
      prop: "allowEmails[0]",
      options: { allowEmails: ["alice"] },
      shows: '"alice"',
      allowed: 'expected a plain email address such as "alice@company.com"',
    },
    {
      prop: "allowEmailDomains[0]",
      options: { allowEmailDomains: ["@company.com"] },
      shows: '"@company.com"',
      allowed: 'not a DNS domain; expected an email domain in lower case such as "company.com" (without @',
    },
    { prop: "allowGroups[0]", options: { allowGroups: [" admins"] }, shows: '" admins"', allowed: "must not start or end with whitespace" },
    { prop: "allowGroups", options: { allowGroups: "admins" }, shows: '"admins"', allowed: "expected a list, got a string" },
    { prop: "allowGroups", options: { allowGroups: ["a", "a"] }, shows: '["a","a"]', allowed: '"a" is listed more than once' },
    { prop: "sessionDuration", options: { allowGroups: ["a"], sessionDuration: "1d" }, shows: '"1d"', allowed: "no days" },
    { prop: "sessionDuration", options: { allowGroups: ["a"], sessionDuration: "24" }, shows: '"24"', allowed: 'such as "24h"' },
    {
      prop: "autoRedirectToIdentity",
      options: { allowGroups: ["a"], autoRedirectToIdentity: "no" },
      shows: '"no"',
      allowed: "expected true or false",
    },
    {
      prop: "additionalDomains",
      options: { allowGroups: ["a"], additionalDomains: ["app.company.com"] },
      shows: '["app.company.com"]',
      allowed: '"app.company.com" is the application\'s domain already; list only further domains',
    },
    {
      prop: "additionalDomains[0]",
      options: { allowGroups: ["a"], additionalDomains: ["http://b.company.com"] },
      shows: '"http://b.company.com"',
      allowed: "a public hostname",
    },
    {
      prop: "allowGroups/allowEmails/allowEmailDomains",
      options: {},
      shows: "{}",
      allowed: "say who may use the application: list authentik groups, emails or email domains, or set allowAnyAuthentikUser to true",
    },
    {
      prop: "allowGroups/allowEmails/allowEmailDomains",
      options: { allowGroups: [], allowEmails: [], allowAnyAuthentikUser: false },
      shows: '{"allowGroups":[],"allowEmails":[]}',
      allowed: "say who may use the application",
    },
    {
      prop: "allowAnyAuthentikUser/allowGroups",
      options: { allowAnyAuthentikUser: true, allowGroups: ["admins"] },
      shows: '{"allowAnyAuthentikUser":true,"allowGroups":["admins"]}',
      allowed: "allowAnyAuthentikUser already admits everyone with an authentik login, so the allow lists would mean nothing",
    },
    {
      prop: "allowAnyAuthentikUser/allowEmails/allowEmailDomains",
      options: { allowAnyAuthentikUser: true, allowEmails: ["a@company.com"], allowEmailDomains: ["company.com"] },
      shows: '{"allowAnyAuthentikUser":true,"allowEmails":["a@company.com"],"allowEmailDomains":["company.com"]}',
      allowed: "keep one or the other",
    },
    {
      prop: "allowGroup",
      options: { allowGroup: ["admins"] },
      shows: '["admins"]',
      allowed: 'did you mean "allowGroups"? this construct has no such prop; known: integration, domain, name, allowGroups',
    },
    {
      prop: "sessionduration",
      options: { allowGroups: ["a"], sessionduration: "24h" },
      shows: '"24h"',
      allowed: 'did you mean "sessionDuration"?',
    },
    { prop: "name", options: { allowGroups: ["a"], name: null }, shows: "null", allowed: "leave name out for its default instead of null" },
  ];

  test.each(BAD.map((bad) => [bad.prop, bad.shows, bad] as const))("%s = %s", (prop, shows, bad) => {
    const error = protectError({ domain: "app.company.com", ...bad.options });
    expect(error.message.startsWith(`ProtectedApplication at test/access/app: invalid ${prop} ${shows}: `)).toBe(true);
    expect(error.message).toContain(bad.allowed);
  });

  test("a domain with a scheme: the whole message", () => {
    expect(protectError({ domain: "https://app.company.com", allowGroups: ["a"] }).message).toBe(
      'ProtectedApplication at test/access/app: invalid domain "https://app.company.com": the host is not a DNS name; expected a public hostname with an optional path, such as "app.company.com" or "company.com/admin" (no scheme, port, query or whitespace)',
    );
  });

  test("options that are not an object", () => {
    for (const options of ["app.company.com", null, ["app.company.com"]]) {
      const error = protectError(options as any);
      expect(error.message).toBe(
        `ProtectedApplication at test/access/app: invalid options ${JSON.stringify(options)}: expected an object of ProtectedApplicationOptions (the integration is this construct)`,
      );
    }
  });

  test("the ProtectedApplication constructor without a props object", () => {
    const stack = userStack();
    expect(errorOf(() => new ProtectedApplication(stack, "app", undefined as any)).message).toBe(
      "ProtectedApplication at test/app: invalid props undefined: expected the props object to be an object with the keys integration, domain, name, allowGroups, allowEmails, allowEmailDomains, allowAnyAuthentikUser, sessionDuration, autoRedirectToIdentity, additionalDomains, additionalIdentityProviderIds",
    );
  });

  test("the ProtectedApplication constructor without an integration, or without a domain", () => {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
    expect(errorOf(() => new ProtectedApplication(stack, "a", { domain: "app.company.com", allowGroups: ["x"] } as any)).message).toBe(
      "ProtectedApplication at test/a: invalid integration undefined: integration is required: the AuthentikCloudflareAccess whose login method protects the application",
    );
    expect(errorOf(() => new ProtectedApplication(stack, "b", { integration: access, allowGroups: ["x"] } as any)).message).toBe(
      'ProtectedApplication at test/b: invalid domain undefined: domain is required: the public hostname of the application, e.g. "app.company.com"',
    );
  });

  test("an integration that is not an AuthentikCloudflareAccess", () => {
    const stack = userStack();
    const notAnIntegration = new TerraformStack(testApp(), "other-stack");
    expect(
      errorOf(
        () =>
          new ProtectedApplication(stack, "a", {
            integration: { accountId: ACCOUNT_ID } as any,
            domain: "app.company.com",
            allowGroups: ["x"],
          }),
      ).message,
    ).toBe(
      `ProtectedApplication at test/a: invalid integration {"accountId":"${ACCOUNT_ID}"}: expected an AuthentikCloudflareAccess construct, got an object`,
    );
    expect(
      errorOf(
        () => new ProtectedApplication(stack, "b", { integration: notAnIntegration as any, domain: "app.company.com", allowGroups: ["x"] }),
      ).message,
    ).toBe(
      "ProtectedApplication at test/b: invalid integration a TerraformStack object: expected an AuthentikCloudflareAccess construct, got a TerraformStack object",
    );
  });

  test("an integration from another stack", () => {
    const app = testApp();
    const other = userStack(app, "other");
    const access = new AuthentikCloudflareAccess(other, "access", MINIMAL_PROPS);
    const mine = userStack(app, "mine");
    expect(
      errorOf(() => new ProtectedApplication(mine, "app", { integration: access, domain: "app.company.com", allowGroups: ["x"] })).message,
    ).toBe('ProtectedApplication at mine/app: invalid integration "other/access": expected an integration of this construct\'s stack mine');
  });
});

describe("postLogoutRedirect and the integration's public URLs", () => {
  const oauth2Of = (props: Partial<AuthentikCloudflareAccessProps>) => {
    const stack = userStack();
    new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, ...props });
    return only(synthJson(stack), "resource", OAUTH2);
  };
  const CALLBACK = {
    matching_mode: "strict",
    url: "https://company.cloudflareaccess.com/cdn-cgi/access/callback",
    redirect_uri_type: "authorization",
  };
  const LOGOUT = {
    matching_mode: "strict",
    url: "https://company.cloudflareaccess.com/cdn-cgi/access/logout",
    redirect_uri_type: "logout",
  };

  test("adds Cloudflare's logout URL as a second, strict redirect URI of type logout", () => {
    expect(oauth2Of({ postLogoutRedirect: true }).allowed_redirect_uris).toEqual([CALLBACK, LOGOUT]);
  });

  test("off by default and when false", () => {
    expect(oauth2Of({}).allowed_redirect_uris).toEqual([CALLBACK]);
    expect(oauth2Of({ postLogoutRedirect: false }).allowed_redirect_uris).toEqual([CALLBACK]);
  });

  test("with a version from 2026.5 on, and without a lifecycle precondition", () => {
    const oauth2 = oauth2Of({ postLogoutRedirect: true, authentikVersion: "2026.10.1" });
    expect(oauth2.allowed_redirect_uris).toEqual([CALLBACK, LOGOUT]);
    expect(oauth2).not.toHaveProperty("lifecycle");
  });

  test("refused for authentik before 2026.5", () => {
    const error = errorOf(
      () =>
        new AuthentikCloudflareAccess(userStack(), "access", { ...MINIMAL_PROPS, postLogoutRedirect: true, authentikVersion: "2026.4" }),
    );
    expect(error.message).toBe(
      'AuthentikCloudflareAccess at test/access: invalid postLogoutRedirect true: needs authentik 2026.5 or later, but authentikVersion is "2026.4": older servers treat every redirect URI as an authorization URI, so configure no post-logout URI there',
    );
  });

  test("a version from a variable adds a precondition on the OAuth2 provider that Terraform checks", () => {
    const stack = userStack();
    const version = new TerraformVariable(stack, "authentik_version", { type: "string" });
    new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, postLogoutRedirect: true, authentikVersion: version.stringValue });
    const oauth2 = only(synthJson(stack), "resource", OAUTH2);
    expect(oauth2.lifecycle.precondition).toEqual([
      VERSION_PLAN_CHECK,
      {
        condition:
          '${(((tonumber(element(split(".", var.authentik_version), 0)) * 100) + tonumber(element(split(".", var.authentik_version), 1))) >= 202605)}',
        error_message:
          "postLogoutRedirect needs authentik 2026.5 or later: older servers treat every redirect URI as an authorization URI, so configure no post-logout URI there.",
      },
    ]);
    expect(oauth2.allowed_redirect_uris[1]).toEqual(LOGOUT);
  });

  test("a version from a variable without postLogoutRedirect gets only the plan-time check of its form", () => {
    const stack = userStack();
    const version = new TerraformVariable(stack, "authentik_version", { type: "string" });
    new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, authentikVersion: version.stringValue });
    const oauth2 = only(synthJson(stack), "resource", OAUTH2);
    expect(oauth2.lifecycle.precondition).toEqual([VERSION_PLAN_CHECK]);
    expect(oauth2.allowed_redirect_uris).toHaveLength(1);
  });

  test("public URL and scope members", () => {
    const access = new AuthentikCloudflareAccess(userStack(), "access", { ...MINIMAL_PROPS, authentikUrl: "https://Authentik.Company/" });
    expect(access.logoutUrl).toBe("https://company.cloudflareaccess.com/cdn-cgi/access/logout");
    expect(access.endSessionUrl).toBe("https://authentik.company/application/o/cloudflare-access/end-session/");
    expect(access.accessCertsUrl).toBe("https://company.cloudflareaccess.com/cdn-cgi/access/certs");
    expect(access.accountId).toBe(ACCOUNT_ID);
    expect(access.zoneId).toBeUndefined();
    const zoned = new AuthentikCloudflareAccess(userStack(), "access", { ...ZONE_PROPS, applicationSlug: "zt", teamName: "acme" });
    expect(zoned.zoneId).toBe(ZONE_ID);
    expect(zoned.accountId).toBeUndefined();
    expect(zoned.endSessionUrl).toBe("https://authentik.company/application/o/zt/end-session/");
    expect(zoned.logoutUrl).toBe("https://acme.cloudflareaccess.com/cdn-cgi/access/logout");
  });

  test("URLs from a team name variable resolve to Terraform expressions", () => {
    const stack = userStack();
    const team = new TerraformVariable(stack, "team", { type: "string" });
    const access = new AuthentikCloudflareAccess(stack, "access", {
      ...MINIMAL_PROPS,
      teamName: team.stringValue,
      postLogoutRedirect: true,
    });
    new TerraformOutput(stack, "logout", { value: access.logoutUrl });
    new TerraformOutput(stack, "certs", { value: access.accessCertsUrl });
    const json = synthJson(stack);
    expect(json.output.logout.value).toBe("https://${var.team}.cloudflareaccess.com/cdn-cgi/access/logout");
    expect(json.output.certs.value).toBe("https://${var.team}.cloudflareaccess.com/cdn-cgi/access/certs");
    expect(only(json, "resource", OAUTH2).allowed_redirect_uris[1].url).toBe(
      "https://${var.team}.cloudflareaccess.com/cdn-cgi/access/logout",
    );
  });
});
