import { TerraformStack, TerraformVariable } from "cdktf";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { AuthentikCloudflareAccess, authentik } from "../lib";
import { ACCOUNT_ID, errorOf, MINIMAL_PROPS, only, synthAccess, synthJson, testApp, userStack, ZONE_ID } from "./helpers";

/** Props as a plain JavaScript caller may pass them: anything at all. */
function accessWith(props: Record<string, unknown>, id = "access"): () => AuthentikCloudflareAccess {
  return () => new AuthentikCloudflareAccess(userStack(), id, { ...MINIMAL_PROPS, ...props } as any);
}

interface BadInput {
  /** The prop the message must name. */
  readonly prop: string;
  readonly props: Record<string, unknown>;
  /** How the message must show the value. */
  readonly shows: string;
  /** A fragment of what the message says is allowed. */
  readonly allowed: string | RegExp;
}

const BAD_INPUTS: BadInput[] = [
  // What was accepted before and silently dropped access control.
  { prop: "teamname", props: { teamname: "company" }, shows: '"company"', allowed: 'did you mean "teamName"?' },
  {
    prop: "bindings.groupName",
    props: { bindings: { groupName: ["admins"] } },
    shows: '["admins"]',
    allowed: 'did you mean "groupNames"?',
  },
  {
    prop: "bindings",
    props: { bindings: ["admins"] },
    shows: '["admins"]',
    allowed: "expected bindings to be an object with the keys groupNames",
  },
  { prop: "bindings", props: { bindings: "admins" }, shows: '"admins"', allowed: "expected bindings to be an object" },
  { prop: "bindings", props: { bindings: {} }, shows: "{}", allowed: "would let every authentik user in" },
  {
    prop: "bindings",
    props: { bindings: { groupNames: [], userIds: [] } },
    shows: '{"groupNames":[],"userIds":[]}',
    allowed: "list at least one",
  },
  { prop: "bindings", props: { bindings: null }, shows: "null", allowed: "leave bindings out for its default instead of null" },
  // Found by the property-based suite: keys set to undefined bound nobody, so every authentik user got in.
  { prop: "bindings", props: { bindings: { groupNames: undefined } }, shows: "{}", allowed: "would let every authentik user in" },
  { prop: "scim.groupName", props: { scim: { groupName: ["x"] } }, shows: '["x"]', allowed: 'did you mean "groupNames"?' },
  // Wrong runtime types from JavaScript.
  {
    prop: "authentikUrl",
    props: { authentikUrl: new URL("https://authentik.company") },
    shows: 'a URL object "https://authentik.company/"',
    allowed: "pass its href string",
  },
  {
    prop: "authentikUrl",
    props: { authentikUrl: ["https://authentik.company"] },
    shows: '["https://authentik.company"]',
    allowed: "expected a string, got a list",
  },
  { prop: "launchUrl", props: { launchUrl: new URL("https://app.company") }, shows: "a URL object", allowed: "expected a string" },
  { prop: "iconUrl", props: { iconUrl: new URL("https://app.company/icon.png") }, shows: "a URL object", allowed: "expected a string" },
  { prop: "pkceEnabled", props: { pkceEnabled: "yes" }, shows: '"yes"', allowed: "expected true or false, got a string" },
  { prop: "pkceEnabled", props: { pkceEnabled: 1 }, shows: "1", allowed: "expected true or false, got a number" },
  { prop: "openInNewTab", props: { openInNewTab: 0 }, shows: "0", allowed: "expected true or false" },
  { prop: "bindings.userIds", props: { bindings: { userIds: 7 } }, shows: "7", allowed: "expected a list, got a number" },
  { prop: "bindings.userIds[0]", props: { bindings: { userIds: ["7"] } }, shows: '"7"', allowed: "expected a number, got a string" },
  { prop: "authentikVersion", props: { authentikVersion: 2026.1 }, shows: "2026.1", allowed: "the number 2026.10 reads as 2026.1" },
  { prop: "teamName", props: { teamName: 42 }, shows: "42", allowed: "expected a string, got a number" },
  { prop: "scopes", props: { scopes: "openid email" }, shows: '"openid email"', allowed: "expected a list, got a string" },
  { prop: "claims[0]", props: { claims: [null] }, shows: "null", allowed: "must not be null" },
  { prop: "teamName", props: { teamName: null }, shows: "null", allowed: "teamName is required" },
  { prop: "accountId", props: { accountId: null }, shows: "null", allowed: "leave accountId out for its default instead of null" },
  // Values authentik rejects or rewrites.
  {
    prop: "clientSecret",
    props: { clientSecret: " s3cret " },
    shows: "(redacted, 8 characters)",
    allowed: "must not start or end with whitespace",
  },
  {
    prop: "authentikUrl",
    props: { authentikUrl: " https://authentik.company" },
    shows: '" https://authentik.company"',
    allowed: "whitespace",
  },
  { prop: "applicationName", props: { applicationName: "Cloud\u0000flare" }, shows: '"Cloud\\u0000flare"', allowed: "NUL" },
  { prop: "accessTokenValidity", props: { accessTokenValidity: "minutes=0" }, shows: '"minutes=0"', allowed: "the total is zero" },
  { prop: "accessTokenValidity", props: { accessTokenValidity: "days=1e12" }, shows: '"days=1e12"', allowed: "the total is too long" },
  { prop: "accessTokenValidity", props: { accessTokenValidity: "minutes=-5" }, shows: '"minutes=-5"', allowed: "is not unit=value" },
  { prop: "accessTokenValidity", props: { accessTokenValidity: "minute=10" }, shows: '"minute=10"', allowed: 'unknown unit "minute"' },
  {
    prop: "accessTokenValidity",
    props: { accessTokenValidity: "hours=1;HOURS=2" },
    shows: '"hours=1;HOURS=2"',
    allowed: "hours is given twice",
  },
  {
    prop: "accessTokenValidity",
    props: { accessTokenValidity: "10m" },
    shows: '"10m"',
    allowed: "weeks, days, hours, minutes, seconds, milliseconds, microseconds",
  },
  // The URL parser would repair these (drop the newline, the empty port, the leading zero, "/."); the string is written as given.
  ...["https://authen\ntik.company", "https://authentik.company:", "https://authentik.company:0443", "https://authentik.company/."].map(
    (authentikUrl) => ({
      prop: "authentikUrl",
      props: { authentikUrl },
      shows: JSON.stringify(authentikUrl),
      allowed: "it is not written as https://host[:port]",
    }),
  ),
  {
    prop: "authentikUrl",
    props: { authentikUrl: "https://authentik.company:0" },
    shows: '"https://authentik.company:0"',
    allowed: "port 0",
  },
  {
    prop: "authentikUrl",
    props: { authentikUrl: "http://authentik.company" },
    shows: '"http://authentik.company"',
    allowed: "only talks to authentik over https",
  },
  {
    prop: "authentikUrl",
    props: { authentikUrl: "https://authentik.company/?" },
    shows: '"https://authentik.company/?"',
    allowed: "path, query or fragment",
  },
  {
    prop: "authentikUrl",
    props: { authentikUrl: "https://user:pw@authentik.company" },
    shows: '"https://user:pw@authentik.company"',
    allowed: "credentials",
  },
  { prop: "launchUrl", props: { launchUrl: "javascript:alert(1)" }, shows: '"javascript:alert(1)"', allowed: "blank://blank" },
  { prop: "launchUrl", props: { launchUrl: "https://app_1.company/" }, shows: '"https://app_1.company/"', allowed: "launch URL validator" },
  { prop: "iconUrl", props: { iconUrl: "data:image/png;base64,AAAA" }, shows: '"data:image/png;base64,AAAA"', allowed: "fa://fa-key" },
  { prop: "iconUrl", props: { iconUrl: "../icon.png" }, shows: '"../icon.png"', allowed: "uploaded file" },
  { prop: "applicationSlug", props: { applicationSlug: "token" }, shows: '"token"', allowed: "reserved by authentik" },
  {
    prop: "clientSecret",
    props: { clientSecret: "\u{1F511}".repeat(256) },
    shows: "(redacted, 256 characters)",
    allowed: "at most 255 characters, got 256",
  },
  { prop: "clientId", props: { clientId: "x".repeat(256) }, shows: "(256 characters)", allowed: "at most 255 characters" },
  { prop: "clientId", props: { clientId: "client id" }, shows: '"client id"', allowed: "visible ASCII" },
  // The groups claim needs the profile scope.
  {
    prop: "claims/scopes",
    props: { claims: ["groups"], scopes: ["openid", "email"] },
    shows: '"scopes":["openid","email"]',
    allowed: 'add "profile" to scopes',
  },
  // Other classes of the earlier table.
  { prop: "teamName", props: { teamName: "Company" }, shows: '"Company"', allowed: "DNS label" },
  { prop: "teamName", props: { teamName: "company.cloudflareaccess.com" }, shows: '"company.cloudflareaccess.com"', allowed: "DNS label" },
  { prop: "accountId", props: { accountId: "my-account" }, shows: '"my-account"', allowed: "32 lowercase hexadecimal" },
  {
    prop: "zoneId",
    props: { accountId: undefined, zoneId: ZONE_ID.toUpperCase() },
    shows: `"${ZONE_ID.toUpperCase()}"`,
    allowed: "32 lowercase hexadecimal",
  },
  { prop: "accountId/zoneId", props: { zoneId: ZONE_ID }, shows: ZONE_ID, allowed: "both were given" },
  { prop: "accountId/zoneId", props: { accountId: undefined }, shows: "{}", allowed: "neither was given" },
  { prop: "policyEngineMode", props: { policyEngineMode: "some" }, shows: '"some"', allowed: 'expected one of "any", "all"' },
  { prop: "subMode", props: { subMode: "email" }, shows: '"email"', allowed: '"user_email"' },
  {
    prop: "authorizationFlowSlug/authorizationFlowId",
    props: { authorizationFlowSlug: "x", authorizationFlowId: "0b3c1e2a-4d5f-4a6b-8c7d-9e0f1a2b3c4d" },
    shows: '"authorizationFlowSlug":"x"',
    allowed: "not both",
  },
  {
    prop: "invalidationFlowSlug",
    props: { invalidationFlowSlug: "no spaces allowed" },
    shows: '"no spaces allowed"',
    allowed: "authentik slug",
  },
  { prop: "signingKeyId", props: { signingKeyId: "42" }, shows: '"42"', allowed: "UUID" },
  { prop: "scopes", props: { scopes: ["openid", "profile"] }, shows: '["openid","profile"]', allowed: 'must include "email"' },
  { prop: "scopes", props: { scopes: [] }, shows: "[]", allowed: "at least one element" },
  { prop: "scopes[2]", props: { scopes: ["openid", "email", "groups"] }, shows: '"groups"', allowed: '"entitlements"' },
  {
    prop: "scopes",
    props: { scopes: ["openid", "email", "email"] },
    shows: '["openid","email","email"]',
    allowed: '"email" is listed more than once',
  },
  { prop: "authentikVersion", props: { authentikVersion: "2026.13" }, shows: '"2026.13"', allowed: "YEAR.MONTH" },
  {
    prop: "postLogoutRedirect",
    props: { postLogoutRedirect: true, authentikVersion: "2026.4" },
    shows: "true",
    allowed: "older servers treat every redirect URI as an authorization URI",
  },
  { prop: "bindings.groupIds[0]", props: { bindings: { groupIds: ["admins"] } }, shows: '"admins"', allowed: "UUID" },
  { prop: "bindings.userIds[1]", props: { bindings: { userIds: [1, 2.5] } }, shows: "2.5", allowed: "positive whole number" },
  { prop: "bindings.userIds", props: { bindings: { userIds: [4, 4] } }, shows: "[4,4]", allowed: "4 is listed more than once" },
  { prop: "identityProviderName", props: { identityProviderName: "" }, shows: '""', allowed: "must not be empty" },
  { prop: "claims[0]", props: { claims: ["group membership"] }, shows: '"group membership"', allowed: "claim name" },
  {
    prop: "scim.identityUpdateBehavior",
    props: { scim: { identityUpdateBehavior: "update" } },
    shows: '"update"',
    allowed: '"automatic", "reauth", "no_action"',
  },
  { prop: "scim.seatDeprovision", props: { scim: { seatDeprovision: true } }, shows: "true", allowed: "set scim.userDeprovision to true" },
];

describe("bad input fails at construction, naming the construct path, the prop, the value and what is allowed", () => {
  test.each(BAD_INPUTS.map((bad) => [bad.prop, bad.shows, bad] as const))("%s = %s", (prop, shows, bad) => {
    const error = errorOf(accessWith(bad.props));
    expect(error.message.startsWith(`AuthentikCloudflareAccess at test/access: invalid ${prop} `)).toBe(true);
    expect(error.message).toContain(shows);
    if (typeof bad.allowed === "string") {
      expect(error.message).toContain(bad.allowed);
    } else {
      expect(error.message).toMatch(bad.allowed);
    }
  });

  test("no props object at all, or null, is reported like a missing object", () => {
    const stack = userStack();
    expect(errorOf(() => new AuthentikCloudflareAccess(stack, "none", undefined as any)).message).toBe(
      "AuthentikCloudflareAccess at test/none: invalid props undefined: expected the props object to be an object with the keys teamName, authentikUrl, accountId, zoneId, applicationName, applicationSlug, applicationGroup, policyEngineMode, launchUrl, iconUrl, description, publisher, openInNewTab, providerName, clientId, clientSecret, subMode, accessTokenValidity, authorizationFlowSlug, authorizationFlowId, invalidationFlowSlug, invalidationFlowId, signingKeyName, signingKeyId, scopes, authentikVersion, postLogoutRedirect, bindings, identityProviderName, pkceEnabled, claims, emailClaimName, scim, authentikProvider, cloudflareProvider, adopt",
    );
    expect(errorOf(() => new AuthentikCloudflareAccess(stack, "null", null as any)).prop).toBe("props");
  });

  test("required props missing from plain JavaScript callers are named", () => {
    const stack = userStack();
    expect(
      errorOf(() => new AuthentikCloudflareAccess(stack, "a", { authentikUrl: "https://authentik.company", accountId: ACCOUNT_ID } as any))
        .message,
    ).toBe(
      "AuthentikCloudflareAccess at test/a: invalid teamName undefined: teamName is required: the Zero Trust team name of <teamName>.cloudflareaccess.com",
    );
    expect(errorOf(() => new AuthentikCloudflareAccess(stack, "b", { teamName: "company", accountId: ACCOUNT_ID } as any)).prop).toBe(
      "authentikUrl",
    );
  });

  test("null is refused the same way for every optional prop", () => {
    const optionalProps = Object.keys(
      (errorOf(() => new AuthentikCloudflareAccess(userStack(), "x", undefined as any)).message.split("with the keys ")[1] ?? "")
        .split(", ")
        .reduce((acc, key) => ({ ...acc, [key]: true }), {} as Record<string, boolean>),
    ).filter((key) => !["teamName", "authentikUrl"].includes(key));
    expect(optionalProps.length).toBeGreaterThan(30);
    for (const prop of optionalProps) {
      const message = errorOf(accessWith({ [prop]: null })).message;
      expect(message).toBe(
        `AuthentikCloudflareAccess at test/access: invalid ${prop} null: leave ${prop} out for its default instead of null`,
      );
    }
  });

  test("with two instances, the message says which one failed", () => {
    const stack = userStack();
    new AuthentikCloudflareAccess(stack, "prod", MINIMAL_PROPS);
    const error = errorOf(() => new AuthentikCloudflareAccess(stack, "staging", { ...MINIMAL_PROPS, teamName: "Staging" }));
    expect(error.message).toMatch(/^AuthentikCloudflareAccess at test\/staging: invalid teamName "Staging"/);
  });

  test("long values are cut in messages, with their length", () => {
    const message = errorOf(accessWith({ description: `${"x".repeat(5000)} ` })).message;
    expect(message).toContain(`"${"x".repeat(80)}…" (5001 characters)`);
    expect(message.length).toBeLessThan(400);
  });

  test("a one-character count is singular", () => {
    const message = errorOf(accessWith({ clientSecret: " " })).message;
    expect(message).toContain("(redacted, 1 character)");
    expect(message).not.toContain("1 characters");
  });

  test("a client secret is never echoed, whatever is wrong with it", () => {
    for (const clientSecret of [" leaked-secret", "leaked-secret\u0000", `leaked-secret${"x".repeat(300)}`]) {
      const message = errorOf(accessWith({ clientSecret })).message;
      expect(message).toMatch(/invalid clientSecret \(redacted, \d+ characters\)/);
      expect(message).not.toContain("leaked-secret");
    }
  });
});

describe("values authentik accepts are accepted (the construct is not stricter than the server without a reason)", () => {
  test.each([
    ["accessTokenValidity", "Minutes=10"],
    ["accessTokenValidity", "hours=1;minutes=30.5"],
    ["accessTokenValidity", "seconds=1e3"],
    ["iconUrl", "fa://fa-key"],
    ["iconUrl", "/static/dist/assets/icons/icon.png"],
    ["iconUrl", "application-icons/cloudflare.svg"],
    ["iconUrl", "http://intranet/icon.png"],
    ["launchUrl", "https://%(username)s.company.com/"],
    ["launchUrl", "https://intranet:8443/start?next=%(username)s"],
    ["launchUrl", "blank://blank"],
    ["applicationName", "Zero Trust ☁️ login"],
    ["clientSecret", "\u{1F511}".repeat(255)],
    ["description", "d".repeat(10000)],
    ["authentikUrl", "https://[2001:db8::1]:8443/"],
  ])("%s = %s", (prop, value) => {
    const json = synthAccess({ [prop]: value } as any);
    expect(JSON.stringify(json)).toContain(
      prop === "authentikUrl" ? "https://[2001:db8::1]:8443/application/o/authorize/" : JSON.stringify(value).slice(1, -1),
    );
  });
});

describe("providers of the wrong kind or from another stack are refused", () => {
  test("a Cloudflare provider as authentikProvider", () => {
    const stack = userStack();
    const cloudflare = new CloudflareProvider(stack, "cloudflare-2", { alias: "two" });
    const error = errorOf(() => new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, authentikProvider: cloudflare }));
    expect(error.message).toBe(
      'AuthentikCloudflareAccess at test/access: invalid authentikProvider "cloudflare provider test/cloudflare-2": expected an authentik provider, not a cloudflare one',
    );
  });

  test("an authentik provider as cloudflareProvider", () => {
    const stack = userStack();
    const second = new authentik.provider.AuthentikProvider(stack, "authentik-2", {
      alias: "two",
      url: "https://id.example.org",
      token: "t",
    });
    expect(
      errorOf(() => new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, cloudflareProvider: second })).message,
    ).toContain("expected a cloudflare provider, not an authentik one");
  });

  test("an aliased provider from another stack", () => {
    const app = testApp();
    const other = new TerraformStack(app, "other");
    const foreign = new authentik.provider.AuthentikProvider(other, "authentik", {
      alias: "foreign",
      url: "https://id.example.org",
      token: "t",
    });
    const stack = userStack(app, "mine");
    const error = errorOf(() => new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, authentikProvider: foreign }));
    expect(error.message).toContain("expected a provider of this construct's stack mine");
  });

  test("something that is not a provider", () => {
    expect(errorOf(accessWith({ cloudflareProvider: { alias: "eu" } })).message).toContain(
      "expected a cloudflare provider construct (a TerraformProvider), got an object",
    );
  });
});

describe("clashes between integrations on one authentik server fail at construction", () => {
  test("two integrations with different slugs but the default provider name", () => {
    const stack = userStack();
    new AuthentikCloudflareAccess(stack, "prod", MINIMAL_PROPS);
    const error = errorOf(() => new AuthentikCloudflareAccess(stack, "staging", { ...MINIMAL_PROPS, applicationSlug: "staging" }));
    expect(error.message).toBe(
      'AuthentikCloudflareAccess at test/staging: invalid providerName "Provider for Cloudflare Access": test/prod already uses this provider name on the same authentik provider, and authentik requires it to be unique; give each integration its own applicationName or providerName',
    );
  });

  test("two integrations with the same client id", () => {
    const stack = userStack();
    new AuthentikCloudflareAccess(stack, "prod", { ...MINIMAL_PROPS, clientId: "cf" });
    const error = errorOf(
      () =>
        new AuthentikCloudflareAccess(stack, "staging", {
          ...MINIMAL_PROPS,
          applicationSlug: "staging",
          applicationName: "Staging",
          clientId: "cf",
        }),
    );
    expect(error.prop).toBe("clientId");
    expect(error.message).toContain("test/prod already uses this OAuth2 client id");
  });
});

describe("Terraform tokens are accepted unchecked, for every kind of prop", () => {
  test("string, number, boolean and list tokens", () => {
    const stack = userStack();
    const v = (name: string, type = "string") => new TerraformVariable(stack, name, { type });
    new AuthentikCloudflareAccess(stack, "access", {
      ...MINIMAL_PROPS,
      teamName: v("team").stringValue,
      accessTokenValidity: v("validity").stringValue,
      launchUrl: v("launch").stringValue,
      iconUrl: v("icon").stringValue,
      pkceEnabled: v("pkce", "bool").booleanValue as unknown as boolean,
      claims: v("claims", "list(string)").listValue,
      bindings: { userIds: [v("user", "number").numberValue] },
    });
    const idp = only(synthJson(stack), "resource", "cloudflare_zero_trust_access_identity_provider");
    expect(idp.config.pkce_enabled).toBe("${var.pkce}");
    expect(idp.config.claims).toBe("${var.claims}");
  });
});

describe("a Terraform list token where one value belongs is refused, for every scalar prop", () => {
  const SCALAR_PROPS = [
    "teamName",
    "authentikUrl",
    "accountId",
    "applicationName",
    "applicationSlug",
    "launchUrl",
    "iconUrl",
    "clientId",
    "clientSecret",
    "subMode",
    "accessTokenValidity",
    "authorizationFlowId",
    "signingKeyId",
    "authentikVersion",
    "postLogoutRedirect",
    "pkceEnabled",
    "openInNewTab",
    "emailClaimName",
  ];
  test.each(SCALAR_PROPS)("%s", (prop) => {
    const stack = userStack();
    const list = new TerraformVariable(stack, "list", { type: "list(string)" }).listValue;
    const error = errorOf(() => new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, [prop]: list } as any));
    expect(error.message.startsWith(`AuthentikCloudflareAccess at test/access: invalid ${prop} a Terraform list token: expected `)).toBe(
      true,
    );
  });
});
