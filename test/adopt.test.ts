/**
 * Meeting existing deployments: adopting a setup made by hand with import blocks,
 * renaming an integration with moved blocks, the outputs `verify` reads, and the
 * readable, stable ids of per-value resources.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { TerraformOutput, TerraformVariable } from "cdktf";
import { AuthentikCloudflareAccess, AuthentikCloudflareAccessProps } from "../lib";
import { ACCOUNT_ID, errorOf, MINIMAL_PROPS, synthJson, userStack, ZONE_ID } from "./helpers";
import { VERIFY_OUTPUT_NAMES } from "../lib/verify/outputs";

const IDP = "5b0c2e8a-7d41-4f3a-9c6e-2a1b3c4d5e6f";
const APP = "aaaaaaaa-1111-4222-8333-444444444444";
const POLICY = "cccccccc-1111-4222-8333-444444444444";
const ADOPTED: AuthentikCloudflareAccessProps = {
  ...MINIMAL_PROPS,
  clientId: "cf-client-7f3a9",
  adopt: { oauth2ProviderId: "7", identityProviderId: IDP },
};

/** `type.name` → import id, from the synthesised import blocks. */
function imports(json: any): Record<string, string> {
  return Object.fromEntries((json.import ?? []).map((block: any) => [block.to.split(".")[0], block.id]));
}
const addressOf = (json: any, type: string) => `${type}.${Object.keys(json.resource[type])[0]}`;

describe("adopting the guide's objects made by hand", () => {
  test("account scope: authentik application by slug, providers by id, Cloudflare objects as their import documents", () => {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, "access", {
      ...ADOPTED,
      applicationSlug: "cloudflare",
      scim: {},
      adopt: { oauth2ProviderId: "7", identityProviderId: IDP, scimProviderId: "9" },
    });
    access.protectApplication("wiki", {
      domain: "wiki.company.com",
      allowGroups: ["engineers"],
      adopt: { applicationId: APP, policyId: POLICY },
    });
    const json = synthJson(stack);
    expect(imports(json)).toEqual({
      authentik_provider_oauth2: "7",
      authentik_application: "cloudflare",
      authentik_provider_scim: "9",
      cloudflare_zero_trust_access_identity_provider: `accounts/${ACCOUNT_ID}/${IDP}`,
      cloudflare_zero_trust_access_application: `accounts/${ACCOUNT_ID}/${APP}`,
      cloudflare_zero_trust_access_policy: `${ACCOUNT_ID}/${POLICY}`,
    });
    // Each import targets the one resource of its type: no second login method, client or application is created.
    for (const block of json.import) {
      expect(Object.keys(json.resource[block.to.split(".")[0]])).toHaveLength(1);
      expect(block.to).toBe(addressOf(json, block.to.split(".")[0]));
    }
    // The client id stays the one Cloudflare uses; the secret is not set, so authentik keeps the one it has.
    const oauth2 = Object.values<any>(json.resource.authentik_provider_oauth2)[0];
    expect(oauth2.client_id).toBe("cf-client-7f3a9");
    expect(oauth2).not.toHaveProperty("client_secret");
  });

  test("zone scope: zones/<zone_id>/<id>, and no reusable policy to adopt", () => {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, "access", { ...ADOPTED, accountId: undefined, zoneId: ZONE_ID });
    access.protectApplication("wiki", { domain: "wiki.company.com", allowEmailDomains: ["company.com"], adopt: { applicationId: APP } });
    expect(imports(synthJson(stack))).toEqual({
      authentik_provider_oauth2: "7",
      authentik_application: "cloudflare-access",
      cloudflare_zero_trust_access_identity_provider: `zones/${ZONE_ID}/${IDP}`,
      cloudflare_zero_trust_access_application: `zones/${ZONE_ID}/${APP}`,
    });
    expect(
      errorOf(() =>
        access.protectApplication("docs", {
          domain: "docs.company.com",
          allowEmailDomains: ["company.com"],
          adopt: { applicationId: APP, policyId: POLICY },
        }),
      ).message,
    ).toBe(
      `ProtectedApplication at test/access/docs: invalid adopt.policyId "${POLICY}": a zone-scoped integration writes its rules inline in the application (reusable policies belong to an account): leave policyId out; the hand-made policy stays in Cloudflare until you delete it`,
    );
  });

  test("ids from Terraform variables become import ids that Terraform resolves, with their rules checked at plan time", () => {
    const stack = userStack();
    const provider = new TerraformVariable(stack, "oauth2_provider_id", { type: "string" });
    const idp = new TerraformVariable(stack, "idp_id", { type: "string" });
    new AuthentikCloudflareAccess(stack, "access", {
      ...ADOPTED,
      adopt: { oauth2ProviderId: provider.stringValue, identityProviderId: idp.stringValue },
    });
    const json = synthJson(stack);
    expect(imports(json).authentik_provider_oauth2).toBe("${var.oauth2_provider_id}");
    expect(imports(json).cloudflare_zero_trust_access_identity_provider).toBe(`accounts/${ACCOUNT_ID}/\${var.idp_id}`);
    const messages = Object.values<any>(json.resource.authentik_provider_oauth2)[0].lifecycle.precondition.map((p: any) => p.error_message);
    expect(messages).toEqual([
      expect.stringMatching(
        /^AuthentikCloudflareAccess at test\/access: invalid adopt\.oauth2ProviderId \(a value Terraform knows only at plan time\): expected the id of an authentik OAuth2 provider/,
      ),
      expect.stringMatching(
        /^AuthentikCloudflareAccess at test\/access: invalid adopt\.identityProviderId \(a value Terraform knows only at plan time\): expected the id of a Cloudflare Access identity provider/,
      ),
    ]);
  });

  test.each([
    [{ adopt: { oauth2ProviderId: 7, identityProviderId: IDP } }, "adopt.oauth2ProviderId", "7", "expected a string, got a number"],
    [
      { adopt: { oauth2ProviderId: "07", identityProviderId: IDP } },
      "adopt.oauth2ProviderId",
      '"07"',
      'as a string of digits, such as "7"',
    ],
    [
      { adopt: { oauth2ProviderId: "2147483648", identityProviderId: IDP } },
      "adopt.oauth2ProviderId",
      '"2147483648"',
      "larger than the Terraform provider can import",
    ],
    [
      { adopt: { oauth2ProviderId: "7", identityProviderId: IDP.toUpperCase() } },
      "adopt.identityProviderId",
      `"${IDP.toUpperCase()}"`,
      "a lower-case UUID",
    ],
    [{ adopt: { oauth2ProviderId: "7" } }, "adopt.identityProviderId", "undefined", "adopt.identityProviderId is required"],
    [
      { adopt: { oauth2ProviderId: "7", identityProviderId: IDP, scimProviderId: "9" } },
      "adopt.scimProviderId",
      '"9"',
      "but scim is not set",
    ],
    [
      { adopt: { oauth2ProviderId: "7", identityProviderId: IDP, applicationSlug: "x" } },
      "adopt.applicationSlug",
      '"x"',
      "adopt has no such prop",
    ],
    [{ clientId: undefined }, "clientId", "undefined", "adopt keeps the OAuth2 client made by hand"],
  ])("%j is refused naming %s", (change, prop, shown, allowed) => {
    const error = errorOf(
      () => new AuthentikCloudflareAccess(userStack(), "access", { ...ADOPTED, ...(change as object) } as AuthentikCloudflareAccessProps),
    );
    expect(error.message.startsWith(`AuthentikCloudflareAccess at test/access: invalid ${prop} ${shown}: `)).toBe(true);
    expect(error.message).toContain(allowed);
  });
});

describe("renaming an integration plans as a move", () => {
  function build(id: string, rename?: string): any {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, id, {
      ...MINIMAL_PROPS,
      scim: {},
      bindings: { groupNames: ["admins"], userIds: [7] },
    });
    access.protectApplication("wiki", { domain: "wiki.company.com", allowGroups: ["admins"] });
    access.accessGroup("admins", "admins");
    if (rename !== undefined) access.movedFrom(rename);
    return synthJson(stack);
  }
  const addresses = (json: any) =>
    Object.entries<any>(json.resource).flatMap(([type, blocks]) => Object.keys(blocks).map((name) => `${type}.${name}`));

  test("every resource moves from its address under the old id to its address under the new one, and nothing else changes", () => {
    const before = build("access");
    const after = build("sso", "access");
    const moves: Array<{ from: string; to: string }> = after.moved;
    expect(moves.map((m) => m.from).sort()).toEqual(addresses(before).sort());
    expect(moves.map((m) => m.to).sort()).toEqual(addresses(after).sort());
    // The same resources with the same settings, only under new names.
    const strip = (json: any) => JSON.stringify(Object.values(json.resource).map((blocks: any) => Object.values(blocks).length));
    expect(strip(after)).toBe(strip(before));
  });

  test("without movedFrom, a renamed integration has no moved blocks (Terraform would replace everything: the README says so)", () => {
    const json = build("sso");
    expect((json.moved ?? []).filter((m: any) => !m.from.includes("-binding-"))).toEqual([]);
  });

  test("movedFrom refuses the current id and ids in use", () => {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, "sso", MINIMAL_PROPS);
    new AuthentikCloudflareAccess(stack, "other", {
      ...MINIMAL_PROPS,
      teamName: "other",
      applicationSlug: "other",
      applicationName: "Other",
    });
    for (const previous of ["sso", "other"]) {
      expect(errorOf(() => access.movedFrom(previous)).message).toMatch(
        new RegExp(`^AuthentikCloudflareAccess at test/sso: invalid previousId "${previous}": expected the id this integration had before`),
      );
    }
    expect(synthJson(stack).moved).toBeUndefined();
  });

  test("moved blocks need no Terraform at synth: with no terraform on PATH, app.synth() of stacks with bindings, renamed or not, succeeds and keeps the moves", () => {
    // A child process: cdktf runs `terraform version` through child_process, which reads the real environment.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "acca-no-terraform-"));
    const bin = path.join(work, "bin");
    fs.mkdirSync(bin);
    fs.symlinkSync(process.execPath, path.join(bin, "node"));
    const script = `
      const { App, TerraformStack } = require("cdktf");
      const { CloudflareProvider } = require("@cdktf/provider-cloudflare/lib/provider");
      const { AuthentikCloudflareAccess, authentik } = require(${JSON.stringify(path.resolve(__dirname, "..", "lib"))});
      const app = new App({ outdir: ${JSON.stringify(path.join(work, "out"))} });
      for (const [stackId, rename] of [["renamed", "access"], ["plain", undefined]]) {
        const stack = new TerraformStack(app, stackId);
        new authentik.provider.AuthentikProvider(stack, "authentik", { url: "https://authentik.company", token: "t" });
        new CloudflareProvider(stack, "cloudflare", {});
        const access = new AuthentikCloudflareAccess(stack, rename ? "sso" : "access", {
          ...${JSON.stringify(MINIMAL_PROPS)},
          bindings: { groupNames: ["admins"], userIds: [7] },
        });
        if (rename) access.movedFrom(rename);
      }
      app.synth();
    `;
    try {
      const result = spawnSync(process.execPath, ["--require", "sucrase/register/ts", "-e", script], {
        cwd: path.resolve(__dirname, ".."),
        env: { ...process.env, PATH: bin, CHECKPOINT_DISABLE: "1" },
        encoding: "utf8",
      });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const json = (id: string) => JSON.parse(fs.readFileSync(path.join(work, "out", "stacks", id, "cdk.tf.json"), "utf8"));
      expect(json("renamed").moved).toHaveLength(addresses(json("renamed")).length);
      expect(json("plain").moved.map((m: any) => m.to.split(".")[0])).toEqual(["authentik_policy_binding", "authentik_policy_binding"]);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  test("bindings of version 0.1 (two hashes in their ids) move to their readable ids", () => {
    const json = build("access");
    const bindingMoves = json.moved.filter((m: any) => m.to.startsWith("authentik_policy_binding."));
    expect(bindingMoves).toEqual([
      {
        from: expect.stringMatching(/^authentik_policy_binding\.access_group-binding-admins-[0-9a-f]{8}_[0-9A-F]{8}$/),
        to: expect.stringMatching(/^authentik_policy_binding\.access_group-binding-admins_[0-9A-F]{8}$/),
      },
      {
        from: expect.stringMatching(/^authentik_policy_binding\.access_user-binding-7-[0-9a-f]{8}_[0-9A-F]{8}$/),
        to: expect.stringMatching(/^authentik_policy_binding\.access_user-binding-7_[0-9A-F]{8}$/),
      },
    ]);
  });

  test("values that read the same get distinct readable ids in list order", () => {
    const stack = userStack();
    new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, bindings: { groupNames: ["Ops", "ops", "o p s"] } });
    const json = synthJson(stack);
    const names = Object.values<any>(json.data.authentik_group).map((g) => g.name);
    expect(names.sort()).toEqual(["Ops", "o p s", "ops"].sort());
    expect(
      Object.keys(json.resource.authentik_policy_binding)
        .map((k) => k.replace(/_[0-9A-F]{8}$/, ""))
        .sort(),
    ).toEqual(["access_group-binding-ops", "access_group-binding-ops-2", "access_group-binding-o-p-s"].sort());
  });
});

describe("outputs for verify", () => {
  test("addVerifyOutputs writes the outputs verify reads, named as verify reads them, none sensitive", () => {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
    const outputs = access.addVerifyOutputs();
    expect(outputs.every((o) => o instanceof TerraformOutput)).toBe(true);
    const json = synthJson(stack);
    expect(Object.keys(json.output).sort()).toEqual(
      ["authentik-url", "application-slug", "client-id", "identity-provider-id", "account-id"]
        .map((f) => VERIFY_OUTPUT_NAMES[f as keyof typeof VERIFY_OUTPUT_NAMES])
        .sort(),
    );
    expect(json.output.authentik_url.value).toBe("https://authentik.company");
    expect(json.output.application_slug.value).toBe("cloudflare-access");
    expect(json.output.cloudflare_account_id.value).toBe(ACCOUNT_ID);
    expect(json.output.client_id.value).toMatch(/^\$\{authentik_provider_oauth2\..+\.client_id\}$/);
    for (const output of Object.values<any>(json.output)) expect(output.sensitive).toBeUndefined();
  });

  test("a prefix per integration; a second call or a clash with an existing output is refused", () => {
    const stack = userStack();
    new TerraformOutput(stack, "authentik_url", { value: "x" });
    const prod = new AuthentikCloudflareAccess(stack, "prod", MINIMAL_PROPS);
    const staging = new AuthentikCloudflareAccess(stack, "staging", {
      ...MINIMAL_PROPS,
      accountId: undefined,
      zoneId: ZONE_ID,
      teamName: "staging",
      applicationSlug: "staging",
      applicationName: "Staging",
    });
    expect(errorOf(() => prod.addVerifyOutputs()).message).toBe(
      'AuthentikCloudflareAccess at test/prod: invalid prefix "": the stack already has an output named "authentik_url": call addVerifyOutputs once per integration, with a prefix of its own for each further integration',
    );
    prod.addVerifyOutputs("prod_");
    staging.addVerifyOutputs("staging_");
    expect(errorOf(() => staging.addVerifyOutputs("staging_")).message).toContain('already has an output named "staging_authentik_url"');
    expect(errorOf(() => staging.addVerifyOutputs("1x")).message).toContain(
      'invalid prefix "1x": expected a prefix of Terraform output names',
    );
    const json = synthJson(stack);
    expect(json.output.staging_cloudflare_zone_id.value).toBe(ZONE_ID);
    expect(json.output).not.toHaveProperty("staging_cloudflare_account_id");
    expect(json.output.prod_application_slug.value).toBe("cloudflare-access");
  });
});

describe("ids of the integration's own resources are reserved", () => {
  test.each(["application", "identity-provider", "oauth2-provider", "signing-key", "scim-provider", "group-binding-admins"])(
    "%s is refused for protectApplication and accessGroup, also when that resource is not created, and nothing changes",
    (id) => {
      const stack = userStack();
      const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
      const before = JSON.stringify(synthJson(stack));
      for (const call of [
        () => access.protectApplication(id, { domain: "app.company.com", allowGroups: ["admins"] }),
        () => access.accessGroup(id, "admins"),
      ]) {
        const message = errorOf(call).message;
        expect(message).toMatch(new RegExp(`^\\w+ at test/access(/${id})?: invalid id "${id}": test/access names its own resources `));
        expect(message).toContain("so these ids are reserved");
      }
      expect(JSON.stringify(synthJson(stack))).toBe(before);
    },
  );
});
