"""What test/packages/python.test.ts compares with TypeScript, from Python with the installed wheel.

Synthesises into <outdir> the example app (examples/python/main.py, stack "cloudflare-access")
and a stack whose team name is a Terraform variable ("token-team-name"), then writes to
<report> the errors two bad props raise: an invalid value (checked by the library) and a
value of the wrong type (checked by the Python bindings).

Usage: python python_stacks.py <outdir> <report>
"""
import json
import os
import sys

from cdktf import App, TerraformStack, TerraformVariable

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "python"))
from main import CloudflareAccessStack  # noqa: E402  (the example, imported from its folder)

from cdktf_authentik_cloudflare_access import AuthentikCloudflareAccess, authentik  # noqa: E402
from cdktf_cdktf_provider_cloudflare.provider import CloudflareProvider  # noqa: E402

ACCOUNT_ID = "0123456789abcdef0123456789abcdef"


def token_team_name_stack(app: App, id: str) -> None:
    stack = TerraformStack(app, id)
    authentik.provider.AuthentikProvider(stack, "authentik", url="https://authentik.company", token="${var.authentik_token}")
    CloudflareProvider(stack, "cloudflare")
    team_name = TerraformVariable(stack, "team_name", type="string", description="Cloudflare Zero Trust team name")
    AuthentikCloudflareAccess(
        stack, "access", team_name=team_name.string_value, authentik_url="https://authentik.company", account_id=ACCOUNT_ID
    )


def error_of(stack: TerraformStack, id: str, **props) -> dict:
    try:
        AuthentikCloudflareAccess(stack, id, **props)
    except Exception as err:  # the library's errors arrive as RuntimeError, typeguard's as TypeError
        return {"type": type(err).__name__, "message": str(err)}
    return {"type": None, "message": None}


app = App(outdir=sys.argv[1])
CloudflareAccessStack(app, "cloudflare-access")
token_team_name_stack(app, "token-team-name")
app.synth()

# After synth, so the constructs that failed half-way are not part of any output.
bad_props = TerraformStack(app, "bad-props")
report = {
    "invalidValue": error_of(bad_props, "bad-value", team_name="Company", authentik_url="https://authentik.company", account_id=ACCOUNT_ID),
    "wrongType": error_of(bad_props, "bad-type", team_name=42, authentik_url="https://authentik.company", account_id=ACCOUNT_ID),
}
with open(sys.argv[2], "w") as out:
    json.dump(report, out)
