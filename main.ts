/**
 * Example app: authentik as a Cloudflare Zero Trust Access login method.
 *
 * `npx cdktf synth` works as is with the example values below; set the environment
 * variables to synthesise for your own team. API tokens are never part of the
 * synthesised JSON: they are sensitive Terraform variables, set at deploy time with
 * TF_VAR_authentik_token and TF_VAR_cloudflare_api_token.
 */
import { App, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { AuthentikCloudflareAccess, authentik } from "./lib";

export const example = {
  teamName: process.env.CLOUDFLARE_TEAM_NAME ?? "company",
  authentikUrl: process.env.AUTHENTIK_URL ?? "https://authentik.company",
  accountId: process.env.CLOUDFLARE_ACCOUNT_ID ?? "0123456789abcdef0123456789abcdef",
  applicationDomain: process.env.APPLICATION_DOMAIN ?? "app.company.com",
  allowedGroup: process.env.ALLOWED_GROUP ?? "authentik Admins",
};

/** The example stack; exported so the test suite can check what it synthesises. */
export class CloudflareAccessStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    const authentikToken = new TerraformVariable(this, "authentik_token", {
      type: "string",
      sensitive: true,
      description: "authentik API token with rights to manage providers, applications and bindings",
    });
    const cloudflareApiToken = new TerraformVariable(this, "cloudflare_api_token", {
      type: "string",
      sensitive: true,
      description:
        "Cloudflare API token with Access: Organizations, Identity Providers, and Groups Edit and Access: Apps and Policies Edit",
    });

    new authentik.provider.AuthentikProvider(this, "authentik", {
      url: example.authentikUrl,
      token: authentikToken.stringValue,
    });
    new CloudflareProvider(this, "cloudflare", { apiToken: cloudflareApiToken.stringValue });

    const access = new AuthentikCloudflareAccess(this, "access", {
      teamName: example.teamName,
      authentikUrl: example.authentikUrl,
      accountId: example.accountId,
      // authentik may send users back to Cloudflare's logout page after signing out (authentik 2026.5+).
      postLogoutRedirect: true,
      // SCIM pushes authentik users and groups to Cloudflare and removes the Access sessions of users authentik
      // deactivates. Cloudflare hands out the SCIM secret only when SCIM is first enabled, so it is on from the
      // first deploy; drop this line if you do not want provisioning.
      scim: { userDeprovision: true },
    });

    // Only members of one authentik group may open the application; Cloudflare reads the groups claim.
    const app = access.protectApplication("app", {
      domain: example.applicationDomain,
      allowGroups: [example.allowedGroup],
    });

    // The names `cdktf-authentik-cloudflare-access verify --outputs <file>` reads.
    new TerraformOutput(this, "authentik_url", { value: access.authentikUrl });
    new TerraformOutput(this, "application_slug", { value: access.applicationSlug });
    new TerraformOutput(this, "cloudflare_account_id", { value: access.accountId });
    new TerraformOutput(this, "identity_provider_id", {
      value: access.identityProviderId,
      description: "Cloudflare Access identity provider id, for allowed_idps of Access applications",
    });
    new TerraformOutput(this, "client_id", { value: access.clientId });
    new TerraformOutput(this, "discovery_url", { value: access.discoveryUrl });
    new TerraformOutput(this, "application_audience", {
      value: app.audience,
      description: "AUD tag the origin checks in the Cf-Access-Jwt-Assertion header",
    });
    new TerraformOutput(this, "client_secret", { value: access.clientSecret, sensitive: true });
  }
}

if (require.main === module) {
  const app = new App();
  new CloudflareAccessStack(app, "cloudflare-access");
  app.synth();
}
