import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { AuthentikCloudflareAccess, authentik } from "../lib";
import { ACCOUNT_ID, all, CUSTOMISED_PROPS, MINIMAL_PROPS, only, onlyName, synthAccess, synthJson, userStack, ZONE_ID } from "./helpers";

const OAUTH2 = "authentik_provider_oauth2";
const APPLICATION = "authentik_application";
const IDP = "cloudflare_zero_trust_access_identity_provider";
const BINDING = "authentik_policy_binding";

/** `${data.<type>.<name>.<attribute>}` for the only data source of a type. */
function dataRef(json: any, type: string, attribute: string): string {
  return `\${data.${type}.${onlyName(json, "data", type)}.${attribute}}`;
}

function resourceRef(json: any, type: string, attribute: string): string {
  return `\${${type}.${onlyName(json, "resource", type)}.${attribute}}`;
}

describe("defaults: the guide's settings from three props", () => {
  const json = synthAccess();
  const oauth2 = only(json, "resource", OAUTH2);
  const application = only(json, "resource", APPLICATION);
  const idp = only(json, "resource", IDP);

  test("authentik OAuth2 provider is named like the wizard names it and is a confidential client", () => {
    expect(oauth2.name).toBe("Provider for Cloudflare Access");
    expect(oauth2.client_type).toBe("confidential");
  });

  test("client id defaults to the application slug; the client secret is left for authentik to generate", () => {
    expect(oauth2.client_id).toBe("cloudflare-access");
    expect(oauth2).not.toHaveProperty("client_secret");
  });

  test("redirect URI is Cloudflare's callback, strict, typed authorization (authentik 2026.5)", () => {
    expect(oauth2.allowed_redirect_uris).toEqual([
      {
        matching_mode: "strict",
        url: "https://company.cloudflareaccess.com/cdn-cgi/access/callback",
        redirect_uri_type: "authorization",
      },
    ]);
  });

  test("authorization and invalidation flows are looked up by their stock slugs", () => {
    const flows = all(json, "data", "authentik_flow").map((f) => f.slug);
    expect(flows.sort()).toEqual(["default-provider-authorization-implicit-consent", "default-provider-invalidation-flow"]);
    const flowNames = Object.entries(json.data.authentik_flow);
    const bySlug = Object.fromEntries(flowNames.map(([name, f]: [string, any]) => [f.slug, `\${data.authentik_flow.${name}.id}`]));
    expect(oauth2.authorization_flow).toBe(bySlug["default-provider-authorization-implicit-consent"]);
    expect(oauth2.invalidation_flow).toBe(bySlug["default-provider-invalidation-flow"]);
  });

  test("scope mappings openid, email and profile are looked up by managed name and attached", () => {
    const scopes = only(json, "data", "authentik_property_mapping_provider_scope");
    expect(scopes.managed_list).toEqual([
      "goauthentik.io/providers/oauth2/scope-openid",
      "goauthentik.io/providers/oauth2/scope-email",
      "goauthentik.io/providers/oauth2/scope-profile",
    ]);
    expect(oauth2.property_mappings).toBe(dataRef(json, "authentik_property_mapping_provider_scope", "ids"));
  });

  test("signing key is the stock self-signed certificate, looked up without key or certificate material", () => {
    const key = only(json, "data", "authentik_certificate_key_pair");
    expect(key).toMatchObject({ name: "authentik Self-signed Certificate", fetch_key: false, fetch_certificate: false });
    expect(oauth2.signing_key).toBe(dataRef(json, "authentik_certificate_key_pair", "id"));
  });

  test("application is named and slugged like the guide and points at the provider", () => {
    expect(application).toMatchObject({ name: "Cloudflare Access", slug: "cloudflare-access" });
    expect(application.protocol_provider).toBe(resourceRef(json, OAUTH2, "id"));
    for (const unset of [
      "group",
      "policy_engine_mode",
      "meta_launch_url",
      "meta_icon",
      "meta_description",
      "meta_publisher",
      "open_in_new_tab",
    ]) {
      expect(application).not.toHaveProperty(unset);
    }
  });

  test("Cloudflare login method is an OIDC provider named authentik in the account", () => {
    expect(idp).toMatchObject({ type: "oidc", name: "authentik", account_id: ACCOUNT_ID });
    expect(idp).not.toHaveProperty("zone_id");
  });

  test("Cloudflare reads client id and secret from authentik by reference", () => {
    expect(idp.config.client_id).toBe(resourceRef(json, OAUTH2, "client_id"));
    expect(idp.config.client_secret).toBe(resourceRef(json, OAUTH2, "client_secret"));
  });

  test("Cloudflare gets the three authentik endpoints, JWKS by application slug", () => {
    expect(idp.config).toMatchObject({
      auth_url: "https://authentik.company/application/o/authorize/",
      token_url: "https://authentik.company/application/o/token/",
      certs_url: "https://authentik.company/application/o/cloudflare-access/jwks/",
      scopes: ["openid", "email", "profile"],
      pkce_enabled: true,
    });
    expect(idp.config).not.toHaveProperty("claims");
    expect(idp.config).not.toHaveProperty("email_claim_name");
  });

  test("no bindings unless asked for", () => {
    expect(json.resource[BINDING]).toBeUndefined();
    expect(json.data.authentik_group).toBeUndefined();
  });

  test("public URL members are the literal URLs", () => {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
    expect(access.teamDomain).toBe("company.cloudflareaccess.com");
    expect(access.callbackUrl).toBe("https://company.cloudflareaccess.com/cdn-cgi/access/callback");
    expect(access.authUrl).toBe("https://authentik.company/application/o/authorize/");
    expect(access.tokenUrl).toBe("https://authentik.company/application/o/token/");
    expect(access.certsUrl).toBe("https://authentik.company/application/o/cloudflare-access/jwks/");
    expect(access.issuerUrl).toBe("https://authentik.company/application/o/cloudflare-access/");
    expect(access.discoveryUrl).toBe("https://authentik.company/application/o/cloudflare-access/.well-known/openid-configuration");
    expect(access.bindings).toEqual([]);
  });

  test("public reference members resolve to the resources' attributes", () => {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
    const out = (name: string, value: string) => new TerraformOutput(stack, name, { value, sensitive: true });
    out("client_id", access.clientId);
    out("client_secret", access.clientSecret);
    out("idp_id", access.identityProviderId);
    const synthed = synthJson(stack);
    expect(synthed.output.client_id.value).toBe(resourceRef(synthed, OAUTH2, "client_id"));
    expect(synthed.output.client_secret.value).toBe(resourceRef(synthed, OAUTH2, "client_secret"));
    expect(synthed.output.idp_id.value).toBe(resourceRef(synthed, IDP, "id"));
  });
});

describe("every prop customised", () => {
  const props = CUSTOMISED_PROPS;
  const json = synthAccess(props);
  const oauth2 = only(json, "resource", OAUTH2);
  const application = only(json, "resource", APPLICATION);
  const idp = only(json, "resource", IDP);

  test("application props land on authentik_application", () => {
    expect(application).toMatchObject({
      name: "Zero Trust",
      slug: "zero_trust-2",
      group: "Infrastructure",
      policy_engine_mode: "all",
      meta_launch_url: "https://app.example.com/",
      meta_icon: "https://example.com/icon.png",
      meta_description: "Cloudflare Access login",
      meta_publisher: "Platform team",
      open_in_new_tab: true,
    });
  });

  test("provider props land on authentik_provider_oauth2", () => {
    expect(oauth2).toMatchObject({
      name: "cloudflare-oidc",
      client_id: "cf-access-client",
      client_secret: "a-secret-from-props",
      sub_mode: "user_email",
      access_token_validity: "hours=1;minutes=30",
      invalidation_flow: "0b3c1e2a-4d5f-4a6b-8c7d-9e0f1a2b3c4d",
      signing_key: "11111111-2222-4333-8444-555555555555",
    });
    expect(oauth2.allowed_redirect_uris[0].url).toBe("https://acme-eu.cloudflareaccess.com/cdn-cgi/access/callback");
  });

  test("ids skip lookups; slugs are looked up", () => {
    expect(all(json, "data", "authentik_flow").map((f) => f.slug)).toEqual(["default-provider-authorization-explicit-consent"]);
    expect(json.data.authentik_certificate_key_pair).toBeUndefined();
  });

  test("a literal client secret is written once, on the authentik side; Cloudflare references it", () => {
    const text = JSON.stringify(json);
    expect(text.split("a-secret-from-props").length - 1).toBe(1);
    expect(idp.config.client_secret).toBe(resourceRef(json, OAUTH2, "client_secret"));
  });

  test("scopes drive both the authentik mappings and Cloudflare's scopes", () => {
    expect(only(json, "data", "authentik_property_mapping_provider_scope").managed_list).toEqual([
      "goauthentik.io/providers/oauth2/scope-openid",
      "goauthentik.io/providers/oauth2/scope-email",
      "goauthentik.io/providers/oauth2/scope-profile",
      "goauthentik.io/providers/oauth2/scope-offline_access",
    ]);
    expect(idp.config.scopes).toEqual(["openid", "email", "profile", "offline_access"]);
  });

  test("Cloudflare props land on the identity provider; URLs use the normalised origin", () => {
    expect(idp).toMatchObject({ name: "authentik (SSO)", zone_id: ZONE_ID });
    expect(idp).not.toHaveProperty("account_id");
    expect(idp.config).toMatchObject({
      pkce_enabled: false,
      claims: ["groups", "preferred_username"],
      email_claim_name: "email",
      auth_url: "https://sso.example.com:8443/application/o/authorize/",
      token_url: "https://sso.example.com:8443/application/o/token/",
      certs_url: "https://sso.example.com:8443/application/o/zero_trust-2/jwks/",
    });
  });

  test("each binding kind becomes a policy binding on the application, in a stable order", () => {
    const target = resourceRef(json, APPLICATION, "uuid");
    const bindings = all(json, "resource", BINDING).sort((a, b) => a.order - b.order);
    const group = only(json, "data", "authentik_group");
    expect(group).toMatchObject({ name: "admins", include_users: false });
    expect(bindings).toEqual([
      expect.objectContaining({ order: 0, target, group: dataRef(json, "authentik_group", "id") }),
      expect.objectContaining({ order: 1, target, group: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" }),
      expect.objectContaining({ order: 2, target, user: 7 }),
      expect.objectContaining({ order: 3, target, policy: "99999999-8888-4777-8666-555555555555" }),
    ]);
  });
});

describe("authentik version decides the redirect URI type", () => {
  const redirect = (authentikVersion: string) => only(synthAccess({ authentikVersion }), "resource", OAUTH2).allowed_redirect_uris;

  test.each(["2026.5", "2026.5.0", "2026.10.1", "2027.2"])("%s types the redirect URI as authorization", (version) => {
    expect(redirect(version)).toEqual([expect.objectContaining({ redirect_uri_type: "authorization" })]);
  });

  test.each(["2026.4", "2025.12.4", "2024.10"])("%s leaves the redirect_uri_type key out entirely", (version) => {
    expect(redirect(version)).toEqual([{ matching_mode: "strict", url: "https://company.cloudflareaccess.com/cdn-cgi/access/callback" }]);
  });
});

describe("authentikUrl forms", () => {
  test.each([
    ["https://authentik.company", "https://authentik.company/application/o/token/"],
    ["https://authentik.company/", "https://authentik.company/application/o/token/"],
    ["https://Authentik.Company:443/", "https://authentik.company/application/o/token/"],
    ["https://auth.example.com:9443", "https://auth.example.com:9443/application/o/token/"],
  ])("%s gives %s", (authentikUrl, tokenUrl) => {
    expect(only(synthAccess({ authentikUrl }), "resource", IDP).config.token_url).toBe(tokenUrl);
  });
});

describe("several integrations and providers in one app", () => {
  test("two instances with different teams, names and slugs synthesise side by side", () => {
    const stack = userStack();
    new AuthentikCloudflareAccess(stack, "prod", MINIMAL_PROPS);
    new AuthentikCloudflareAccess(stack, "staging", {
      ...MINIMAL_PROPS,
      teamName: "company-staging",
      applicationName: "Cloudflare Access (staging)",
      applicationSlug: "cloudflare-access-staging",
    });
    const json = synthJson(stack);
    // authentik requires provider names to be unique across the server.
    expect(
      all(json, "resource", OAUTH2)
        .map((p) => p.name)
        .sort(),
    ).toEqual(["Provider for Cloudflare Access", "Provider for Cloudflare Access (staging)"]);
    const idps = all(json, "resource", IDP);
    expect(idps.map((i) => i.config.certs_url).sort()).toEqual([
      "https://authentik.company/application/o/cloudflare-access-staging/jwks/",
      "https://authentik.company/application/o/cloudflare-access/jwks/",
    ]);
    expect(
      all(json, "resource", OAUTH2)
        .map((p) => p.allowed_redirect_uris[0].url)
        .sort(),
    ).toEqual([
      "https://company-staging.cloudflareaccess.com/cdn-cgi/access/callback",
      "https://company.cloudflareaccess.com/cdn-cgi/access/callback",
    ]);
    expect(all(json, "resource", APPLICATION)).toHaveLength(2);
    expect(all(json, "data", "authentik_flow")).toHaveLength(4);
  });

  test("aliased providers are used by every resource and data source of the instance", () => {
    const stack = userStack();
    const second = new authentik.provider.AuthentikProvider(stack, "authentik-second", {
      alias: "second",
      url: "https://id.example.org",
      token: "t",
    });
    const eu = new CloudflareProvider(stack, "cloudflare-eu", { alias: "eu", apiToken: "example_api_token_0123456789abcdef012345" });
    new AuthentikCloudflareAccess(stack, "access", {
      ...MINIMAL_PROPS,
      authentikUrl: "https://id.example.org",
      authentikProvider: second,
      cloudflareProvider: eu,
      bindings: { groupNames: ["staff"], userIds: [3] },
    });
    const json = synthJson(stack);
    expect(only(json, "resource", IDP).provider).toBe("cloudflare.eu");
    const authentikBlocks = [
      ...all(json, "resource", OAUTH2),
      ...all(json, "resource", APPLICATION),
      ...all(json, "resource", BINDING),
      ...all(json, "data", "authentik_flow"),
      ...all(json, "data", "authentik_certificate_key_pair"),
      ...all(json, "data", "authentik_property_mapping_provider_scope"),
      ...all(json, "data", "authentik_group"),
    ];
    expect(authentikBlocks).toHaveLength(9);
    for (const block of authentikBlocks) {
      expect(block.provider).toBe("authentik.second");
    }
  });

  test("the same slug twice on one authentik provider is an error naming applicationSlug", () => {
    const stack = userStack();
    new AuthentikCloudflareAccess(stack, "prod", MINIMAL_PROPS);
    expect(() => new AuthentikCloudflareAccess(stack, "again", { ...MINIMAL_PROPS, teamName: "other" })).toThrow(
      /^AuthentikCloudflareAccess at test\/again: invalid applicationSlug "cloudflare-access": test\/prod already uses this application slug/,
    );
  });

  test("the same slug on two different authentik providers is fine", () => {
    const stack = userStack();
    const other = new authentik.provider.AuthentikProvider(stack, "authentik-other", {
      alias: "other",
      url: "https://id.example.org",
      token: "t",
    });
    new AuthentikCloudflareAccess(stack, "a", MINIMAL_PROPS);
    new AuthentikCloudflareAccess(stack, "b", { ...MINIMAL_PROPS, authentikUrl: "https://id.example.org", authentikProvider: other });
    expect(all(synthJson(stack), "resource", APPLICATION).map((a) => a.slug)).toEqual(["cloudflare-access", "cloudflare-access"]);
  });
});

describe("bindings", () => {
  test("reordering a list keeps each binding's logical name (no replacement on apply)", () => {
    const names = (groupIds: string[]) => Object.keys(synthAccess({ bindings: { groupIds } }).resource[BINDING]).sort();
    const a = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    const b = "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    expect(names([a, b])).toEqual(names([b, a]));
  });

  test("orders follow the lists: groups by name, groups by id, users, policies", () => {
    const json = synthAccess({ bindings: { userIds: [5, 6], groupNames: ["b", "a"] } });
    const bindings = all(json, "resource", BINDING).sort((x, y) => x.order - y.order);
    const groupIdByName = Object.fromEntries(
      Object.entries(json.data.authentik_group).map(([name, g]: [string, any]) => [g.name, `\${data.authentik_group.${name}.id}`]),
    );
    expect(bindings.map((b) => b.group ?? b.user)).toEqual([groupIdByName.b, groupIdByName.a, 5, 6]);
    expect(bindings.map((b) => b.order)).toEqual([0, 1, 2, 3]);
  });
});

describe("Terraform tokens are accepted unchecked", () => {
  test("variables for every checked string prop synthesise to references", () => {
    const stack = userStack();
    const v = (name: string) => new TerraformVariable(stack, name, { type: "string" }).stringValue;
    const secret = new TerraformVariable(stack, "client_secret", { type: "string", sensitive: true });
    new AuthentikCloudflareAccess(stack, "access", {
      teamName: v("team"),
      authentikUrl: v("authentik_url"),
      accountId: v("account"),
      applicationSlug: v("slug"),
      clientId: v("client"),
      clientSecret: secret.stringValue,
      subMode: v("sub_mode"),
      policyEngineMode: v("mode"),
      signingKeyId: v("key"),
      authorizationFlowId: v("flow"),
      authentikVersion: v("version"),
      scopes: new TerraformVariable(stack, "scopes", { type: "list(string)" }).listValue,
      bindings: { groupIds: [v("group")], userIds: [new TerraformVariable(stack, "user", { type: "number" }).numberValue] },
    });
    const json = synthJson(stack);
    const idp = only(json, "resource", IDP);
    const oauth2 = only(json, "resource", OAUTH2);
    expect(idp.account_id).toBe("${var.account}");
    expect(idp.config.certs_url).toBe('${trimsuffix(var.authentik_url, "/")}/application/o/${var.slug}/jwks/');
    expect(oauth2.client_secret).toBe("${var.client_secret}");
    expect(oauth2.client_id).toBe("${var.client}");
    expect(oauth2.sub_mode).toBe("${var.sub_mode}");
    expect(oauth2.signing_key).toBe("${var.key}");
    expect(JSON.stringify(oauth2.allowed_redirect_uris)).toContain("var.version");
    expect(JSON.stringify(oauth2.allowed_redirect_uris)).toContain("https://${var.team}.cloudflareaccess.com/cdn-cgi/access/callback");
    const bindings = all(json, "resource", BINDING);
    expect(bindings.map((b) => b.group ?? b.user)).toEqual(["${var.group}", "${var.user}"]);
    expect(idp.config.scopes).toBe("${var.scopes}");
    expect(only(json, "data", "authentik_property_mapping_provider_scope").managed_list).toBe(
      '${formatlist("goauthentik.io/providers/oauth2/scope-%s", var.scopes)}',
    );
  });
});

describe("determinism", () => {
  function synthToDisk(): string {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "acca-det-"));
    const app = new App({ outdir, stackTraces: false });
    try {
      const stack = new TerraformStack(app, "stack");
      new authentik.provider.AuthentikProvider(stack, "authentik", { url: "https://authentik.company", token: "t" });
      new CloudflareProvider(stack, "cloudflare", { apiToken: "example_api_token_0123456789abcdef012345" });
      new AuthentikCloudflareAccess(stack, "a", {
        ...MINIMAL_PROPS,
        bindings: { groupNames: ["x", "y"], userIds: [1], policyIds: ["99999999-8888-4777-8666-555555555555"] },
      });
      new AuthentikCloudflareAccess(stack, "b", {
        ...MINIMAL_PROPS,
        teamName: "other",
        applicationName: "Other",
        applicationSlug: "other",
      });
      app.synth();
      return fs.readFileSync(path.join(outdir, "stacks", "stack", "cdk.tf.json"), "utf8");
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }

  test("synthesising twice gives byte-identical JSON", () => {
    const first = synthToDisk();
    const second = synthToDisk();
    expect(first.length).toBeGreaterThan(1000);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  test("change detector: the default stack's JSON", () => {
    expect(synthAccess()).toMatchSnapshot();
  });
});
