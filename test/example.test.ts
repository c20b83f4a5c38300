import { Testing } from "cdktf";
import { testApp } from "./helpers";
import { CloudflareAccessStack, example } from "../main";

describe("example app (main.ts)", () => {
  const json = JSON.parse(Testing.synth(new CloudflareAccessStack(testApp(), "cloudflare-access"), true));

  test("uses the built-in example values", () => {
    expect(example).toEqual({
      teamName: "company",
      authentikUrl: "https://authentik.company",
      accountId: "0123456789abcdef0123456789abcdef",
      applicationDomain: "app.company.com",
      allowedGroup: "authentik Admins",
    });
    const idp = Object.values(json.resource.cloudflare_zero_trust_access_identity_provider)[0] as any;
    expect(idp.account_id).toBe(example.accountId);
    expect(idp.config.auth_url).toBe("https://authentik.company/application/o/authorize/");
  });

  test("API tokens are sensitive variables without defaults, referenced by the providers", () => {
    for (const name of ["authentik_token", "cloudflare_api_token"]) {
      expect(json.variable[name]).toMatchObject({ type: "string", sensitive: true });
      expect(json.variable[name]).not.toHaveProperty("default");
    }
    expect(json.provider.authentik[0].token).toBe("${var.authentik_token}");
    expect(json.provider.cloudflare[0].api_token).toBe("${var.cloudflare_api_token}");
  });

  test("protects one application for one authentik group, with SCIM and the post-logout redirect on", () => {
    const app = Object.values(json.resource.cloudflare_zero_trust_access_application)[0] as any;
    expect(app).toMatchObject({ domain: "app.company.com", type: "self_hosted", auto_redirect_to_identity: true });
    const policy = Object.values(json.resource.cloudflare_zero_trust_access_policy)[0] as any;
    expect(policy.include).toEqual([
      {
        oidc: {
          claim_name: "groups",
          claim_value: "authentik Admins",
          identity_provider_id: expect.stringMatching(/identity_provider\..*\.id}$/),
        },
      },
    ]);
    const idp = Object.values(json.resource.cloudflare_zero_trust_access_identity_provider)[0] as any;
    expect(idp.config.claims).toEqual(["groups"]);
    expect(idp.scim_config).toMatchObject({ enabled: true, user_deprovision: true });
    expect(Object.keys(json.resource.authentik_provider_scim)).toHaveLength(1);
    const oauth2 = Object.values(json.resource.authentik_provider_oauth2)[0] as any;
    expect(oauth2.allowed_redirect_uris.map((u: any) => u.redirect_uri_type)).toEqual(["authorization", "logout"]);
  });

  test("outputs what verify reads and the application audience; the secret only as sensitive", () => {
    expect(Object.keys(json.output).sort()).toEqual([
      "application_audience",
      "application_slug",
      "authentik_url",
      "client_id",
      "client_secret",
      "cloudflare_account_id",
      "discovery_url",
      "identity_provider_id",
    ]);
    expect(json.output.authentik_url.value).toBe("https://authentik.company");
    expect(json.output.application_slug.value).toBe("cloudflare-access");
    expect(json.output.cloudflare_account_id.value).toBe(example.accountId);
    expect(json.output.discovery_url.value).toBe(
      "https://authentik.company/application/o/cloudflare-access/.well-known/openid-configuration",
    );
    expect(json.output.identity_provider_id.value).toMatch(/^\$\{cloudflare_zero_trust_access_identity_provider\.[^.]+\.id\}$/);
    expect(json.output.client_id.value).toMatch(/^\$\{authentik_provider_oauth2\.[^.]+\.client_id\}$/);
    const secretOutputs = Object.values(json.output).filter((o: any) => String(o.value).includes("client_secret")) as any[];
    expect(secretOutputs).toHaveLength(1);
    expect(secretOutputs[0].sensitive).toBe(true);
  });
});
