#!/usr/bin/env python
"""Example app from Python: authentik as a Cloudflare Zero Trust Access login method.

A port of the TypeScript example (main.ts, class CloudflareAccessStack): it
synthesises the same Terraform JSON. Run it with `cdktf synth` from this folder
(cdktf.json) or with `python main.py`. The example values below are used unless the
same environment variables as main.ts are set. API tokens are never part of the
synthesised JSON: they are sensitive Terraform variables, set at deploy time with
TF_VAR_authentik_token and TF_VAR_cloudflare_api_token.
"""
import os

from cdktf import App, TerraformOutput, TerraformStack, TerraformVariable
from cdktf_cdktf_provider_cloudflare.provider import CloudflareProvider
from constructs import Construct

from cdktf_authentik_cloudflare_access import (
    AuthentikCloudflareAccess,
    AuthentikCloudflareAccessScimOptions,
    authentik,
)

example = {
    "team_name": os.environ.get("CLOUDFLARE_TEAM_NAME", "company"),
    "authentik_url": os.environ.get("AUTHENTIK_URL", "https://authentik.company"),
    "account_id": os.environ.get("CLOUDFLARE_ACCOUNT_ID", "0123456789abcdef0123456789abcdef"),
    "application_domain": os.environ.get("APPLICATION_DOMAIN", "app.company.com"),
    "allowed_group": os.environ.get("ALLOWED_GROUP", "authentik Admins"),
}


class CloudflareAccessStack(TerraformStack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)

        authentik_token = TerraformVariable(
            self,
            "authentik_token",
            type="string",
            sensitive=True,
            description="authentik API token with rights to manage providers, applications and bindings",
        )
        cloudflare_api_token = TerraformVariable(
            self,
            "cloudflare_api_token",
            type="string",
            sensitive=True,
            description="Cloudflare API token with Access: Organizations, Identity Providers, and Groups Edit"
            " and Access: Apps and Policies Edit",
        )

        authentik.provider.AuthentikProvider(self, "authentik", url=example["authentik_url"], token=authentik_token.string_value)
        CloudflareProvider(self, "cloudflare", api_token=cloudflare_api_token.string_value)

        access = AuthentikCloudflareAccess(
            self,
            "access",
            team_name=example["team_name"],
            authentik_url=example["authentik_url"],
            account_id=example["account_id"],
            # authentik may send users back to Cloudflare's logout page after signing out (authentik 2026.5+).
            post_logout_redirect=True,
            # SCIM pushes authentik users and groups to Cloudflare and removes the Access sessions of users authentik
            # deactivates. Cloudflare hands out the SCIM secret only when SCIM is first enabled, so it is on from the
            # first deploy; drop this line if you do not want provisioning.
            scim=AuthentikCloudflareAccessScimOptions(user_deprovision=True),
        )

        # Only members of one authentik group may open the application; Cloudflare reads the groups claim.
        app = access.protect_application("app", domain=example["application_domain"], allow_groups=[example["allowed_group"]])

        # The names `cdktf-authentik-cloudflare-access verify --outputs <file>` reads.
        TerraformOutput(self, "authentik_url", value=access.authentik_url)
        TerraformOutput(self, "application_slug", value=access.application_slug)
        TerraformOutput(self, "cloudflare_account_id", value=access.account_id)
        TerraformOutput(
            self,
            "identity_provider_id",
            value=access.identity_provider_id,
            description="Cloudflare Access identity provider id, for allowed_idps of Access applications",
        )
        TerraformOutput(self, "client_id", value=access.client_id)
        TerraformOutput(self, "discovery_url", value=access.discovery_url)
        TerraformOutput(
            self,
            "application_audience",
            value=app.audience,
            description="AUD tag the origin checks in the Cf-Access-Jwt-Assertion header",
        )
        TerraformOutput(self, "client_secret", value=access.client_secret, sensitive=True)


if __name__ == "__main__":
    app = App()
    CloudflareAccessStack(app, "cloudflare-access")
    app.synth()
