import { Testing } from "cdktf";
import { CloudflareAccessStack, example } from "../main";

describe("example app (main.ts)", () => {
  const json = JSON.parse(Testing.synth(new CloudflareAccessStack(Testing.app(), "cloudflare-access"), true));

  test("uses the built-in example values", () => {
    expect(example).toEqual({
      teamName: "company",
      authentikUrl: "https://authentik.company",
      accountId: "0123456789abcdef0123456789abcdef",
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

  test("outputs the identity provider id, client id and discovery URL; the secret only as sensitive", () => {
    expect(Object.keys(json.output).sort()).toEqual(["client_id", "client_secret", "discovery_url", "identity_provider_id"]);
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
