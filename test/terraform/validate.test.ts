import * as fs from "fs";
import * as path from "path";
import { TerraformStack, TerraformVariable, Token } from "cdktf";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { ZeroTrustAccessPolicy } from "@cdktf/provider-cloudflare/lib/zero-trust-access-policy";
import { AuthentikCloudflareAccess, CloudflareDashboardSso, authentik } from "../../lib";
import { CloudflareAccessStack } from "../../main";
import { ACCOUNT_ID, CUSTOMISED_PROPS, MINIMAL_PROPS, testApp, userStack, ZONE_ID } from "../helpers";
import { fullSynth, providersInfo, terraformEnv, validateStack } from "./terraform";

const info = providersInfo();
// cdktf's own matchers (toBeValidTerraform) read the CLI and its config from the environment.
Object.assign(process.env, terraformEnv(info));

function expectValidStack(stack: TerraformStack): void {
  const result = validateStack(stack, info);
  expect(result.diagnostics.filter((d) => d.startsWith("error"))).toEqual([]);
  expect(result.valid).toBe(true);
}

/** A user's stack (both providers configured), with what `configure` adds, passes `terraform validate`. */
function expectValid(configure: (stack: TerraformStack) => void): void {
  const stack = userStack();
  configure(stack);
  expectValidStack(stack);
}

describe(`terraform validate with ${info.cliName} (${info.cliVersion}) and the providers from the local mirror`, () => {
  test("defaults", () => {
    expectValid((stack) => new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS));
  });

  test("every prop customised", () => {
    expectValid((stack) => new AuthentikCloudflareAccess(stack, "access", CUSTOMISED_PROPS));
  });

  test("zone-scoped identity provider", () => {
    expectValid((stack) => new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, accountId: undefined, zoneId: ZONE_ID }));
  });

  test("authentik older than 2026.5 (no redirect_uri_type)", () => {
    expectValid((stack) => new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, authentikVersion: "2025.10" }));
  });

  test("two instances in one stack", () => {
    expectValid((stack) => {
      new AuthentikCloudflareAccess(stack, "prod", MINIMAL_PROPS);
      new AuthentikCloudflareAccess(stack, "staging", {
        ...MINIMAL_PROPS,
        teamName: "company-staging",
        applicationName: "Cloudflare Access (staging)",
        applicationSlug: "cloudflare-access-staging",
      });
    });
  });

  test("group, user and policy bindings", () => {
    expectValid(
      (stack) =>
        new AuthentikCloudflareAccess(stack, "access", {
          ...MINIMAL_PROPS,
          bindings: {
            groupNames: ["admins", "staff"],
            groupIds: ["aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"],
            userIds: [7],
            policyIds: ["99999999-8888-4777-8666-555555555555"],
          },
        }),
    );
  });

  test("aliased providers for a second authentik and Cloudflare account", () => {
    expectValid((stack) => {
      const second = new authentik.provider.AuthentikProvider(stack, "authentik-second", {
        alias: "second",
        url: "https://id.example.org",
        token: "t",
      });
      const eu = new CloudflareProvider(stack, "cloudflare-eu", { alias: "eu", apiToken: "example_api_token_0123456789abcdef012345" });
      new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
      new AuthentikCloudflareAccess(stack, "eu", {
        ...MINIMAL_PROPS,
        teamName: "company-eu",
        authentikUrl: "https://id.example.org",
        authentikProvider: second,
        cloudflareProvider: eu,
      });
    });
  });

  test("token-valued props (Terraform variables, including the authentik version expression)", () => {
    expectValid((stack) => {
      const v = (name: string) => new TerraformVariable(stack, name, { type: "string" }).stringValue;
      new AuthentikCloudflareAccess(stack, "access", {
        teamName: v("team"),
        authentikUrl: v("authentik_url"),
        accountId: v("account"),
        applicationSlug: v("slug"),
        clientSecret: new TerraformVariable(stack, "client_secret", { type: "string", sensitive: true }).stringValue,
        authentikVersion: v("authentik_version"),
        scopes: new TerraformVariable(stack, "scopes", { type: "list(string)" }).listValue,
        bindings: { userIds: [new TerraformVariable(stack, "user", { type: "number" }).numberValue] },
      });
    });
  });

  test("the example app (main.ts), also through cdktf's toBeValidTerraform matcher", () => {
    expectValidStack(new CloudflareAccessStack(testApp(), "cloudflare-access"));
    expect(fullSynth(new CloudflareAccessStack(testApp(), "cloudflare-access"))).toBeValidTerraform();
  });

  test("binding lists from Terraform list variables (for_each, and the precondition against an empty list)", () => {
    expectValid((stack) => {
      const list = (name: string, type: string) => new TerraformVariable(stack, name, { type }).listValue;
      new AuthentikCloudflareAccess(stack, "access", {
        ...MINIMAL_PROPS,
        bindings: {
          groupNames: list("groups", "list(string)"),
          groupIds: list("group_ids", "list(string)"),
          userIds: Token.asNumberList(new TerraformVariable(stack, "users", { type: "list(number)" }).value),
          policyIds: list("policies", "list(string)"),
        },
      });
    });
  });

  test("post-logout redirect, literal and with a token-valued authentik version (precondition)", () => {
    expectValid((stack) => {
      new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, postLogoutRedirect: true });
      new AuthentikCloudflareAccess(stack, "other", {
        ...MINIMAL_PROPS,
        applicationName: "Other",
        applicationSlug: "other",
        postLogoutRedirect: true,
        authentikVersion: new TerraformVariable(stack, "authentik_version", { type: "string" }).stringValue,
      });
    });
  });
});

describe(`protected applications, SCIM and dashboard SSO validate with ${info.cliName}`, () => {
  test("one application for authentik groups (reusable policy, groups claim)", () => {
    expectValid((stack) => {
      const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
      access.protectApplication("app", { domain: "app.company.com", allowGroups: ["admins", "staff"], sessionDuration: "8h" });
    });
  });

  test("several applications sharing one integration", () => {
    expectValid((stack) => {
      const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
      access.protectApplication("grafana", {
        domain: "grafana.company.com",
        allowGroups: ["grafana"],
        additionalDomains: ["metrics.company.com"],
      });
      access.protectApplication("wiki", { domain: "company.com/wiki", allowAnyAuthentikUser: true, autoRedirectToIdentity: false });
      access.protectApplication("admin", { domain: "admin.company.com", allowEmails: ["alice@company.com"] });
    });
  });

  test("emails and email domains only (no groups claim)", () => {
    expectValid((stack) => {
      const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
      access.protectApplication("app", {
        domain: "app.company.com",
        allowEmails: ["alice@company.com"],
        allowEmailDomains: ["company.com"],
      });
    });
  });

  test("zone-scoped integration (inline application policies)", () => {
    expectValid((stack) => {
      const access = new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, accountId: undefined, zoneId: ZONE_ID });
      access.protectApplication("app", { domain: "app.company.com", allowGroups: ["admins"], allowEmailDomains: ["company.com"] });
      access.accessGroup("admins", "admins");
    });
  });

  test("accessGroup used in a hand-written reusable policy and application", () => {
    expectValid((stack) => {
      const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
      const admins = access.accessGroup("admins", "authentik Admins");
      new ZeroTrustAccessPolicy(stack, "ssh", {
        accountId: ACCOUNT_ID,
        name: "Admins over SSH",
        decision: "allow",
        include: [{ group: { id: admins.id } }],
      });
    });
  });

  test("a domain and a group from Terraform variables", () => {
    expectValid((stack) => {
      const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
      access.protectApplication("app", {
        domain: new TerraformVariable(stack, "domain", { type: "string" }).stringValue,
        allowGroups: [new TerraformVariable(stack, "group", { type: "string" }).stringValue],
      });
    });
  });

  test("SCIM on, with group filters by name and id", () => {
    expectValid((stack) => {
      new AuthentikCloudflareAccess(stack, "access", {
        ...MINIMAL_PROPS,
        scim: {
          userDeprovision: true,
          seatDeprovision: true,
          identityUpdateBehavior: "reauth",
          groupNames: ["staff"],
          groupIds: ["aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"],
          dryRun: true,
        },
      });
    });
  });

  test("dashboard SSO for an email domain", () => {
    expectValid((stack) => {
      const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
      new CloudflareDashboardSso(stack, "sso", { integration: access, emailDomain: "company.com", zoneId: ZONE_ID });
    });
  });
});

describe(`adopting a setup made by hand, renaming, break-glass and plan-time checks validate with ${info.cliName}`, () => {
  const ADOPT = { oauth2ProviderId: "7", identityProviderId: "5b0c2e8a-7d41-4f3a-9c6e-2a1b3c4d5e6f", scimProviderId: "9" };
  const APP = "aaaaaaaa-1111-4222-8333-444444444444";
  const POLICY = "cccccccc-1111-4222-8333-444444444444";

  test("an adopted account-scoped setup: import blocks for the provider, application, login method, SCIM provider, Access application and policy", () => {
    expectValid((stack) => {
      const access = new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, clientId: "cf-client", scim: {}, adopt: ADOPT });
      access.protectApplication("wiki", {
        domain: "wiki.company.com",
        allowGroups: ["engineers"],
        adopt: { applicationId: APP, policyId: POLICY },
      });
    });
  });

  test("an adopted zone-scoped setup", () => {
    expectValid((stack) => {
      const access = new AuthentikCloudflareAccess(stack, "access", {
        ...MINIMAL_PROPS,
        accountId: undefined,
        zoneId: ZONE_ID,
        clientId: "cf-client",
        adopt: { oauth2ProviderId: "7", identityProviderId: ADOPT.identityProviderId },
      });
      access.protectApplication("wiki", { domain: "wiki.company.com", allowEmailDomains: ["company.com"], adopt: { applicationId: APP } });
    });
  });

  test("a renamed integration with movedFrom (moved blocks for every resource) and the verify outputs", () => {
    expectValid((stack) => {
      const access = new AuthentikCloudflareAccess(stack, "sso", { ...MINIMAL_PROPS, bindings: { groupNames: ["admins"], userIds: [7] } });
      access.protectApplication("wiki", { domain: "wiki.company.com", allowGroups: ["admins"] });
      access.accessGroup("admins", "admins");
      access.movedFrom("access");
      access.addVerifyOutputs();
    });
  });

  test("break-glass: a One-time PIN login method beside authentik, and token values checked at plan time", () => {
    expectValid((stack) => {
      const access = new AuthentikCloudflareAccess(stack, "access", {
        ...MINIMAL_PROPS,
        teamName: new TerraformVariable(stack, "team", { type: "string" }).stringValue,
        bindings: { groupIds: new TerraformVariable(stack, "group_ids", { type: "list(string)" }).listValue },
      });
      access.protectApplication("wiki", {
        domain: new TerraformVariable(stack, "domain", { type: "string" }).stringValue,
        allowEmails: [new TerraformVariable(stack, "email", { type: "string" }).stringValue],
        sessionDuration: "8h",
        additionalIdentityProviderIds: ["0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d"],
      });
    });
  });
});

describe(`provider version ranges: ${info.cliName} init installs the mirror's builds under them`, () => {
  test("every feature, with the Cloudflare constraint raised to the supported range as the README shows", () => {
    const stack = userStack();
    stack.addOverride("terraform.required_providers.cloudflare.version", ">= 5.14.0, < 6.0.0");
    const access = new AuthentikCloudflareAccess(stack, "access", {
      ...CUSTOMISED_PROPS,
      zoneId: undefined,
      accountId: ACCOUNT_ID,
      scim: { userDeprovision: true },
    });
    access.protectApplication("wiki", { domain: "wiki.company.com", allowGroups: ["engineers"], sessionDuration: "8h" });
    access.accessGroup("engineers", "engineers");
    new CloudflareDashboardSso(stack, "sso", { integration: access, emailDomain: "company.com", zoneId: ZONE_ID });
    const result = validateStack(stack, info);
    expect(result.diagnostics.filter((d) => d.startsWith("error"))).toEqual([]);
    expect(result.valid).toBe(true);
    const json = JSON.parse(fs.readFileSync(path.join(result.workingDirectory, "cdk.tf.json"), "utf8"));
    expect(json.terraform.required_providers.cloudflare.version).toBe(">= 5.14.0, < 6.0.0");
    expect(json.terraform.required_providers.authentik.version).toBe(">= 2026.5.0, < 2027.0.0");
    const lock = fs.readFileSync(path.join(result.workingDirectory, ".terraform.lock.hcl"), "utf8");
    expect(lock).toMatch(
      /provider "registry\.terraform\.io\/cloudflare\/cloudflare" \{\s+version\s+= "5\.14\.0"\s+constraints = ">= 5\.14\.0, < 6\.0\.0"/,
    );
    expect(lock).toMatch(
      /provider "registry\.terraform\.io\/goauthentik\/authentik" \{\s+version\s+= "2026\.5\.0"\s+constraints = ">= 2026\.5\.0, < 2027\.0\.0"/,
    );
  });

  test("the constraints are enforced: a range the installed provider is outside of fails at init", () => {
    const stack = userStack();
    stack.addOverride("terraform.required_providers.cloudflare.version", ">= 5.19.0");
    new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
    expect(() => validateStack(stack, info)).toThrow(/cloudflare\/cloudflare[\s\S]*(no available releases match|>= 5\.19\.0)/);
  });
});

describe("the validation catches what the providers would reject", () => {
  test("an attribute the authentik provider does not know, and a missing required one", () => {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
    access.oauth2Provider.addOverride("client_idd", "typo");
    access.oauth2Provider.addOverride("invalidation_flow", undefined);
    const result = validateStack(stack, info);
    expect(result.valid).toBe(false);
    expect(result.diagnostics).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^error: (Unsupported argument|Extraneous JSON object property) .*client_idd/),
        expect.stringMatching(/^error: Missing required argument .*invalidation_flow/),
      ]),
    );
  });

  test("an attribute the Cloudflare provider does not know", () => {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
    access.identityProvider.addOverride("jwks_url", "https://authentik.company/jwks/");
    const result = validateStack(stack, info);
    expect(result.valid).toBe(false);
    expect(result.diagnostics.join("\n")).toMatch(/Extraneous JSON object property.*jwks_url/);
    expect(fullSynth(stack)).not.toBeValidTerraform();
  });

  test("a value of the wrong type (Cloudflare 4.x's space-separated scopes string)", () => {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
    access.identityProvider.addOverride("config.scopes", "openid email profile");
    const result = validateStack(stack, info);
    expect(result.valid).toBe(false);
    expect(result.diagnostics.join("\n")).toMatch(/scopes.*list of string required/);
  });

  test("a value the real Cloudflare provider's own validators reject", () => {
    const stack = new TerraformStack(testApp(), "test");
    new authentik.provider.AuthentikProvider(stack, "authentik", { url: "https://authentik.company", token: "t" });
    new CloudflareProvider(stack, "cloudflare", { apiToken: "not a token!" });
    new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
    const result = validateStack(stack, info);
    expect(result.valid).toBe(false);
    expect(result.diagnostics.join("\n")).toMatch(/api_token/);
  });
});
