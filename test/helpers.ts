import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { AuthentikCloudflareAccess, AuthentikCloudflareAccessProps, authentik } from "../lib";
import { InvalidPropError } from "../lib/validation";

export const ACCOUNT_ID = "0123456789abcdef0123456789abcdef";
export const ZONE_ID = "fedcba9876543210fedcba9876543210";

/** The props of the README's three-line example. */
export const MINIMAL_PROPS: AuthentikCloudflareAccessProps = {
  teamName: "company",
  authentikUrl: "https://authentik.company",
  accountId: ACCOUNT_ID,
};

/** Every optional prop set to something other than its default. */
export const CUSTOMISED_PROPS: AuthentikCloudflareAccessProps = {
  teamName: "acme-eu",
  authentikUrl: "https://SSO.Example.com:8443/",
  accountId: undefined,
  zoneId: ZONE_ID,
  applicationName: "Zero Trust",
  applicationSlug: "zero_trust-2",
  applicationGroup: "Infrastructure",
  policyEngineMode: "all",
  launchUrl: "https://app.example.com/",
  iconUrl: "https://example.com/icon.png",
  description: "Cloudflare Access login",
  publisher: "Platform team",
  openInNewTab: true,
  providerName: "cloudflare-oidc",
  clientId: "cf-access-client",
  clientSecret: "a-secret-from-props",
  subMode: "user_email",
  accessTokenValidity: "hours=1;minutes=30",
  authorizationFlowSlug: "default-provider-authorization-explicit-consent",
  invalidationFlowId: "0b3c1e2a-4d5f-4a6b-8c7d-9e0f1a2b3c4d",
  signingKeyId: "11111111-2222-4333-8444-555555555555",
  scopes: ["openid", "email", "profile", "offline_access"],
  authentikVersion: "2026.5.3",
  bindings: {
    groupNames: ["admins"],
    groupIds: ["aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"],
    userIds: [7],
    policyIds: ["99999999-8888-4777-8666-555555555555"],
  },
  identityProviderName: "authentik (SSO)",
  pkceEnabled: false,
  claims: ["groups", "preferred_username"],
  emailClaimName: "email",
};

let outdir: string | undefined;

/**
 * An app for tests whose output folder is shared by the test file and removed after it
 * (test/setup.ts): cdktf's `Testing.app()` makes a new temporary folder per call.
 */
export function testApp(): App {
  outdir ??= fs.mkdtempSync(path.join(os.tmpdir(), "acca-app-"));
  return Testing.app({ outdir });
}

export function removeTestOutdir(): void {
  if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  outdir = undefined;
}

/** A stack configured as a user's would be: both providers, as in main.ts. */
export function userStack(app: App = testApp(), id = "test"): TerraformStack {
  const stack = new TerraformStack(app, id);
  new authentik.provider.AuthentikProvider(stack, "authentik", { url: "https://authentik.company", token: "example-token" });
  new CloudflareProvider(stack, "cloudflare", { apiToken: "example_api_token_0123456789abcdef012345" });
  return stack;
}

/** Synthesised Terraform JSON of a stack, with construct validations run. */
export function synthJson(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack, true));
}

/** Synthesises one construct with the given props and returns the stack's JSON. */
export function synthAccess(props: Partial<AuthentikCloudflareAccessProps> = {}): any {
  const stack = userStack();
  new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, ...props });
  return synthJson(stack);
}

/** The only block of a type in the JSON (fails if there is not exactly one). */
export function only(json: any, section: "resource" | "data", type: string): any {
  const blocks = Object.values(json[section]?.[type] ?? {});
  if (blocks.length !== 1) {
    throw new Error(`expected exactly one ${section} ${type}, found ${blocks.length}`);
  }
  return blocks[0];
}

/** All blocks of a type, in synthesised order. */
export function all(json: any, section: "resource" | "data", type: string): any[] {
  return Object.values(json[section]?.[type] ?? {});
}

/** The logical name of the only block of a type. */
export function onlyName(json: any, section: "resource" | "data", type: string): string {
  const names = Object.keys(json[section]?.[type] ?? {});
  if (names.length !== 1) {
    throw new Error(`expected exactly one ${section} ${type}, found ${names.length}`);
  }
  return names[0];
}

/** The error a construct call raises (fails the test when nothing, or anything else, is raised). */
export function errorOf(build: () => unknown): InvalidPropError {
  let caught: unknown;
  try {
    build();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidPropError);
  return caught as InvalidPropError;
}

/** The email strings Cloudflare's `email` rule can never match: each must be refused. */
export const UNMATCHABLE_EMAILS = [
  "mailto:alice@company.com",
  "<alice@company.com>",
  ".alice@company.com",
  "alice.@company.com",
  "alice@company..com",
  "alice@-company.com",
  "alice@company.c",
];
