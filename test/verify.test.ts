import { spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { AuthentikOidcEndpoints } from "../lib/urls";
import { checkJwks, HttpGet, normaliseUrl, runChecks, sameUrl } from "../lib/verify/checks";
import * as fc from "fast-check";
import { checkEnrollmentFlows } from "../lib/verify/authentik-checks";
import { main } from "../lib/verify/cli";
import { authentikPage, FakeHttpsServer, makeCertificates } from "./https-fakes";

/**
 * `verify` against real https servers on loopback: a fake authentik, a fake Cloudflare
 * API and a server that accepts connections and never answers. Their certificate is
 * issued by a throwaway CA made with the openssl CLI and passed with --ca-file.
 */

const SLUG = "cloudflare-access";
const ACCOUNT_ID = "0123456789abcdef0123456789abcdef";
const ZONE_ID = "fedcba9876543210fedcba9876543210";
const IDP_ID = "5b0c2e8a-7d41-4f3a-9c6e-2a1b3c4d5e6f";
const CLIENT_ID = "cf-client-7f3a9";
const API_TOKEN = "cf-api-token-Zq9xW2vB7nM4kL8p";
const RETURNED_SECRET = "client-secret-from-the-api-H7jK2mN9";
const OCT_KEY_MATERIAL = "aG1hYy1rZXktbWF0ZXJpYWwtbmV2ZXItcHJpbnQ";
const AUTHENTIK_TOKEN = "ak-api-token-Hn4Vb8Qx2Lm7Wz5R";

let tempDir: string;
let caFile: string;
let authentik: FakeHttpsServer;
let cloudflare: FakeHttpsServer;
let silent: net.Server;
let silentUrl: string;
const silentSockets = new Set<net.Socket>();

beforeAll(async () => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-test-"));
  const certificates = makeCertificates(tempDir);
  const { key, cert } = certificates;
  caFile = certificates.caFile;
  authentik = new FakeHttpsServer(key, cert);
  cloudflare = new FakeHttpsServer(key, cert);
  await Promise.all([authentik.start(), cloudflare.start()]);
  silent = net.createServer((socket) => {
    silentSockets.add(socket);
    socket.on("close", () => silentSockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentUrl = `https://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  silentSockets.forEach((socket) => socket.destroy());
  await Promise.all([authentik?.close(), cloudflare?.close(), silent && new Promise<void>((resolve) => silent.close(() => resolve()))]);
  if (tempDir) {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
});

function endpoints(base = authentik.url, slug = SLUG): AuthentikOidcEndpoints {
  return new AuthentikOidcEndpoints(base, slug);
}

function discoveryDocument(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const urls = endpoints();
  return {
    issuer: urls.issuerUrl,
    authorization_endpoint: urls.authUrl,
    token_endpoint: urls.tokenUrl,
    jwks_uri: urls.certsUrl,
    userinfo_endpoint: `${authentik.url}/application/o/userinfo/`,
    response_types_supported: ["code", "id_token", "id_token token", "code token", "code id_token", "code id_token token"],
    id_token_signing_alg_values_supported: ["RS256"],
    ...overrides,
  };
}

/** An RSA public key as authentik publishes it (the modulus shortened: the checks only need it present). */
const RSA_KEY = {
  kty: "RSA",
  alg: "RS256",
  use: "sig",
  kid: "a1b2c3",
  n: "u1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0",
  e: "AQAB",
};

function identityProvider(configOverrides: Record<string, unknown> = {}): Record<string, unknown> {
  const urls = endpoints();
  return {
    success: true,
    errors: [],
    messages: [],
    result: {
      id: IDP_ID,
      name: "authentik",
      type: "oidc",
      config: {
        client_id: CLIENT_ID,
        client_secret: RETURNED_SECRET,
        auth_url: urls.authUrl,
        token_url: urls.tokenUrl,
        certs_url: urls.certsUrl,
        scopes: ["openid", "email", "profile"],
        pkce_enabled: true,
        ...configOverrides,
      },
    },
  };
}

const discoveryPath = `/application/o/${SLUG}/.well-known/openid-configuration`;
const jwksPath = `/application/o/${SLUG}/jwks/`;
const SETTINGS_PATH = "/api/v3/admin/settings/";
const FLOWS_PATH = "/api/v3/flows/instances/";
const PROMPTS_PATH = "/api/v3/stages/prompt/prompts/";
const PROMPT_STAGES_PATH = "/api/v3/stages/prompt/stages/";
const BINDINGS_PATH = "/api/v3/flows/bindings/";

/** authentik's system settings as GET /api/v3/admin/settings/ answers (2026.5). */
function settings(changeEmail: boolean): Record<string, unknown> {
  return {
    avatars: "gravatar,initials",
    default_user_change_name: true,
    default_user_change_email: changeEmail,
    default_user_change_username: false,
    event_retention: "days=365",
    flags: {
      core_default_app_access: true,
      enterprise_audit_include_expanded_diff: false,
      flows_continuous_login: false,
      flows_refresh_others: false,
    },
  };
}
const accountIdpPath = `/client/v4/accounts/${ACCOUNT_ID}/access/identity_providers/${IDP_ID}`;
const zoneIdpPath = `/client/v4/zones/${ZONE_ID}/access/identity_providers/${IDP_ID}`;

beforeEach(() => {
  authentik.routes.clear();
  authentik.routes.set(discoveryPath, { status: 200, body: discoveryDocument() });
  authentik.routes.set(jwksPath, { status: 200, body: { keys: [RSA_KEY] } });
  authentik.routes.set(SETTINGS_PATH, { status: 200, body: settings(false) });
  authentik.routes.set(FLOWS_PATH, authentikPage([]));
  authentik.requests.length = 0;
  cloudflare.routes.clear();
  cloudflare.routes.set(accountIdpPath, { status: 200, body: identityProvider() });
  cloudflare.routes.set(zoneIdpPath, { status: 200, body: identityProvider() });
  cloudflare.requests.length = 0;
});

interface Run {
  readonly code: number;
  readonly lines: string[];
  readonly text: string;
}

async function verify(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const lines: string[] = [];
  const code = await main(args, env, (line) => lines.push(line));
  return { code, lines, text: lines.join("\n") };
}

function authentikArgs(): string[] {
  return ["--authentik-url", authentik.url, "--application-slug", SLUG, "--ca-file", caFile, "--timeout", "3000"];
}

function cloudflareArgs(): string[] {
  return [
    "--identity-provider-id",
    IDP_ID,
    "--account-id",
    ACCOUNT_ID,
    "--client-id",
    CLIENT_ID,
    "--cloudflare-api-url",
    `${cloudflare.url}/client/v4`,
  ];
}

const WITH_TOKEN: NodeJS.ProcessEnv = { CLOUDFLARE_API_TOKEN: API_TOKEN };
const WITH_BOTH_TOKENS: NodeJS.ProcessEnv = { CLOUDFLARE_API_TOKEN: API_TOKEN, AUTHENTIK_TOKEN };

/** The printed line of one check, e.g. `FAIL  jwks  …`. */
function lineOf(run: Run, check: string): string {
  const line = run.lines.find((candidate) => new RegExp(`^(PASS|FAIL|WARN|SKIP) {2}${check} `).test(candidate));
  if (line === undefined) {
    throw new Error(`no line for check ${check} in:\n${run.text}`);
  }
  return line;
}

function statuses(run: Run): Record<string, string> {
  const found: Record<string, string> = {};
  for (const line of run.lines) {
    const match = /^(PASS|FAIL|WARN|SKIP) {2}(\S+)/.exec(line);
    if (match) {
      found[match[2]] = match[1];
    }
  }
  return found;
}

function writeJson(name: string, content: unknown): string {
  const file = path.join(tempDir, name);
  fs.writeFileSync(file, JSON.stringify(content, null, 2));
  return file;
}

function expectNoSecrets(run: Run): void {
  expect(run.text).not.toContain(API_TOKEN);
  expect(run.text).not.toContain(AUTHENTIK_TOKEN);
  expect(run.text).not.toContain(RETURNED_SECRET);
  expect(run.text).not.toContain(OCT_KEY_MATERIAL);
}

describe("a good configuration", () => {
  test("passes the authentik checks and skips the Cloudflare ones, with how to enable them, without a token", async () => {
    const run = await verify([...authentikArgs(), ...cloudflareArgs()]);
    expect(run.code).toBe(0);
    expect(statuses(run)).toEqual({
      discovery: "PASS",
      issuer: "PASS",
      endpoints: "PASS",
      jwks: "PASS",
      "signing-alg": "PASS",
      "cloudflare-idp": "SKIP",
      "cloudflare-config": "SKIP",
      "authentik-email-change": "SKIP",
      "authentik-enrollment": "SKIP",
    });
    expect(lineOf(run, "authentik-email-change")).toContain("AUTHENTIK_TOKEN is not set: set it to an authentik API token");
    expect(lineOf(run, "discovery")).toContain(`${authentik.url}${discoveryPath} answers over https`);
    expect(lineOf(run, "cloudflare-idp")).toContain("CLOUDFLARE_API_TOKEN is not set: set it to a token with");
    expect(lineOf(run, "cloudflare-idp")).toContain("Access: Organizations, Identity Providers, and Groups Read");
    expect(run.lines[run.lines.length - 1]).toBe("5 passed, 0 failed, 0 warned, 4 skipped");
    expect(cloudflare.requests).toEqual([]);
  });

  test("passes every check with both tokens, sends them as bearer tokens and never prints them or the client secret", async () => {
    const run = await verify([...authentikArgs(), ...cloudflareArgs()], WITH_BOTH_TOKENS);
    expect(run.code).toBe(0);
    expect(Object.values(statuses(run))).toEqual(Array(9).fill("PASS"));
    expect(lineOf(run, "cloudflare-config")).toContain("client_id matches --client-id");
    expect(run.lines[run.lines.length - 1]).toBe("9 passed, 0 failed, 0 warned, 0 skipped");
    const apiRequests = authentik.requests.filter((request) => request.path.startsWith("/api/v3/"));
    expect(apiRequests.length).toBeGreaterThan(0);
    expect(apiRequests.every((request) => request.headers.authorization === `Bearer ${AUTHENTIK_TOKEN}`)).toBe(true);
    expect(cloudflare.requests.map((request) => [request.path, request.headers.authorization])).toEqual([
      [accountIdpPath, `Bearer ${API_TOKEN}`],
    ]);
    expectNoSecrets(run);
  });

  test("skips the Cloudflare checks with a token but no identity provider id, saying which flag to pass", async () => {
    const run = await verify(authentikArgs(), WITH_TOKEN);
    expect(run.code).toBe(0);
    expect(lineOf(run, "cloudflare-idp")).toContain(
      "no --identity-provider-id (nor output identity_provider_id): pass it with --account-id or --zone-id",
    );
    expect(cloudflare.requests).toEqual([]);
  });

  test("reads a zone-scoped identity provider with --zone-id", async () => {
    const args = cloudflareArgs().map((arg) => (arg === "--account-id" ? "--zone-id" : arg === ACCOUNT_ID ? ZONE_ID : arg));
    const run = await verify([...authentikArgs(), ...args], WITH_TOKEN);
    expect(run.code).toBe(0);
    expect(cloudflare.requests.map((request) => request.path)).toEqual([zoneIdpPath]);
    expect(lineOf(run, "cloudflare-idp")).toContain(`zone ${ZONE_ID}`);
  });

  test("compares URLs after normalising the authentik origin: host case, default port and trailing slash", async () => {
    const port = new URL(authentik.url).port;
    const mixedCase = endpoints(`https://LocalHost:${port}`);
    const withDefaultPort = endpoints(`https://localhost:${port}`);
    const document = {
      issuer: mixedCase.issuerUrl,
      authorization_endpoint: mixedCase.authUrl,
      token_endpoint: mixedCase.tokenUrl,
      jwks_uri: mixedCase.certsUrl,
    };
    authentik.routes.set(discoveryPath, { status: 200, body: discoveryDocument(document) });
    const config = { auth_url: withDefaultPort.authUrl, token_url: mixedCase.tokenUrl, certs_url: withDefaultPort.certsUrl };
    cloudflare.routes.set(accountIdpPath, { status: 200, body: identityProvider(config) });
    const run = await verify(
      ["--authentik-url", `https://localhost:${port}/`, ...authentikArgs().slice(2), ...cloudflareArgs()],
      WITH_TOKEN,
    );
    expect(run.text).toContain("7 passed, 0 failed, 0 warned, 2 skipped");
    expect(run.code).toBe(0);
  });
});

describe("what a failing check reports", () => {
  test("a certs_url built from the provider name in Cloudflare fails, naming both URLs", async () => {
    const wrong = `${authentik.url}/application/o/provider-for-cloudflare-access/jwks/`;
    cloudflare.routes.set(accountIdpPath, { status: 200, body: identityProvider({ certs_url: wrong }) });
    const run = await verify([...authentikArgs(), ...cloudflareArgs()], WITH_TOKEN);
    expect(run.code).toBe(1);
    const line = lineOf(run, "cloudflare-config");
    expect(line).toMatch(/^FAIL/);
    expect(line).toContain(`certs_url is ${wrong}, expected ${authentik.url}${jwksPath}`);
    expect(line).toContain("fix: certs_url must be built from the application slug, not the provider name");
    expect(run.lines[run.lines.length - 1]).toBe("6 passed, 1 failed, 0 warned, 2 skipped");
    expectNoSecrets(run);
  });

  test("a client_id other than --client-id fails", async () => {
    cloudflare.routes.set(accountIdpPath, { status: 200, body: identityProvider({ client_id: "someone-else" }) });
    const run = await verify([...authentikArgs(), ...cloudflareArgs()], WITH_TOKEN);
    expect(run.code).toBe(1);
    expect(lineOf(run, "cloudflare-config")).toContain(`client_id is "someone-else", expected "${CLIENT_ID}" (--client-id)`);
  });

  test("an empty JWKS fails: no signing key, so authentik signs with HS256", async () => {
    authentik.routes.set(jwksPath, { status: 200, body: { keys: [] } });
    const run = await verify(authentikArgs());
    expect(run.code).toBe(1);
    const line = lineOf(run, "jwks");
    expect(line).toMatch(/^FAIL/);
    expect(line).toContain(`${authentik.url}${jwksPath} holds no keys`);
    expect(line).toContain("HS256 and the client secret, which Cloudflare cannot verify");
    expect(line).toContain("fix: select a signing key in the authentik provider (signingKeyName/signingKeyId)");
  });

  test("an HS256-only JWKS (an oct key) and discovery without RS256 fail, without printing the key material", async () => {
    authentik.routes.set(discoveryPath, { status: 200, body: discoveryDocument({ id_token_signing_alg_values_supported: ["HS256"] }) });
    authentik.routes.set(jwksPath, { status: 200, body: { keys: [{ kty: "oct", alg: "HS256", k: OCT_KEY_MATERIAL }] } });
    const run = await verify(authentikArgs());
    expect(run.code).toBe(1);
    expect(lineOf(run, "jwks")).toContain("holds no RSA key usable for RS256 (found kty oct alg HS256)");
    expect(lineOf(run, "signing-alg")).toContain('id_token_signing_alg_values_supported is ["HS256"], without RS256');
    expect(run.lines[run.lines.length - 1]).toBe("3 passed, 2 failed, 0 warned, 4 skipped");
    expectNoSecrets(run);
  });

  test("an issuer other than <authentik>/application/o/<slug>/ fails, naming both", async () => {
    const issuer = `https://authentik.internal/application/o/${SLUG}/`;
    authentik.routes.set(discoveryPath, { status: 200, body: discoveryDocument({ issuer }) });
    const run = await verify(authentikArgs());
    expect(run.code).toBe(1);
    expect(lineOf(run, "issuer")).toContain(`FAIL  issuer`);
    expect(lineOf(run, "issuer")).toContain(`issuer is ${issuer}, expected ${authentik.url}/application/o/${SLUG}/`);
    expect(statuses(run)).toMatchObject({ discovery: "PASS", endpoints: "PASS", jwks: "PASS" });
  });

  test("endpoints of another host fail, naming the field", async () => {
    authentik.routes.set(discoveryPath, {
      status: 200,
      body: discoveryDocument({ token_endpoint: "http://authentik:9000/application/o/token/" }),
    });
    const run = await verify(authentikArgs());
    expect(lineOf(run, "endpoints")).toContain(
      `token_endpoint is http://authentik:9000/application/o/token/, expected ${authentik.url}/application/o/token/`,
    );
  });

  test("a discovery 404 means a wrong slug or no provider, and the checks that need the document are skipped", async () => {
    const run = await verify(["--authentik-url", authentik.url, "--application-slug", "no-such-app", "--ca-file", caFile]);
    expect(run.code).toBe(1);
    const line = lineOf(run, "discovery");
    expect(line).toContain("answered 404");
    expect(line).toContain('no application with slug "no-such-app", or it has no OAuth2/OpenID provider');
    expect(line).toContain("check --application-slug");
    expect(statuses(run)).toMatchObject({ issuer: "SKIP", endpoints: "SKIP", jwks: "SKIP", "signing-alg": "SKIP" });
    expect(run.lines[run.lines.length - 1]).toBe("0 passed, 1 failed, 0 warned, 8 skipped");
  });

  test("a redirect is not followed: it fails with its Location", async () => {
    authentik.routes.set(discoveryPath, { status: 302, headers: { location: "https://login.example.com/flows/" } });
    const run = await verify(authentikArgs());
    expect(run.code).toBe(1);
    expect(lineOf(run, "discovery")).toContain(`${authentik.url}${discoveryPath} redirects (302) to https://login.example.com/flows/`);
  });

  test("a certificate from an unknown CA fails with how to trust it", async () => {
    const run = await verify(["--authentik-url", authentik.url, "--application-slug", SLUG]);
    expect(run.code).toBe(1);
    expect(lineOf(run, "discovery")).toContain("certificate is not trusted");
    expect(lineOf(run, "discovery")).toContain("--ca-file");
  });

  test("a body over 1 MB is abandoned", async () => {
    authentik.routes.set(discoveryPath, { status: 200, body: "x".repeat(1024 * 1024 + 1) });
    const run = await verify(authentikArgs());
    expect(lineOf(run, "discovery")).toContain("response body exceeds 1048576 bytes");
  });

  test("a server that never answers fails within about twice the timeout, and the checks after it are skipped", async () => {
    const started = Date.now();
    const run = await verify(["--authentik-url", silentUrl, "--application-slug", SLUG, "--ca-file", caFile, "--timeout", "300"]);
    const elapsed = Date.now() - started;
    expect(run.code).toBe(1);
    expect(lineOf(run, "discovery")).toContain("timed out after 300 ms");
    expect(statuses(run)).toMatchObject({ issuer: "SKIP", jwks: "SKIP" });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(600);
  });

  test("a Cloudflare API that never answers fails that check alone", async () => {
    cloudflare.routes.set(accountIdpPath, "hang");
    const run = await verify([...authentikArgs(), ...cloudflareArgs(), "--timeout", "300"], WITH_TOKEN);
    expect(run.code).toBe(1);
    expect(lineOf(run, "cloudflare-idp")).toContain("timed out after 300 ms");
    expect(statuses(run)).toMatchObject({ discovery: "PASS", jwks: "PASS", "cloudflare-idp": "FAIL", "cloudflare-config": "SKIP" });
  });

  test("a Cloudflare 403 fails with the permission the token needs, and never prints the token", async () => {
    cloudflare.routes.set(accountIdpPath, {
      status: 403,
      body: { success: false, errors: [{ code: 10000, message: "Authentication error" }], messages: [], result: null },
    });
    const run = await verify([...authentikArgs(), ...cloudflareArgs()], WITH_TOKEN);
    expect(run.code).toBe(1);
    const line = lineOf(run, "cloudflare-idp");
    expect(line).toContain("answered 403 (10000 Authentication error)");
    expect(line).toContain(
      `fix: give the token the permission "Access: Organizations, Identity Providers, and Groups Read" on account ${ACCOUNT_ID}`,
    );
    expect(lineOf(run, "cloudflare-config")).toMatch(/^SKIP/);
    expectNoSecrets(run);
  });

  test("an identity provider of another type fails", async () => {
    const body = identityProvider();
    cloudflare.routes.set(accountIdpPath, { status: 200, body: { ...body, result: { ...(body.result as object), type: "saml" } } });
    const run = await verify([...authentikArgs(), ...cloudflareArgs()], WITH_TOKEN);
    expect(lineOf(run, "cloudflare-idp")).toContain(`identity provider ${IDP_ID} is of type "saml", not "oidc"`);
  });
});

describe("the authentik checks (AUTHENTIK_TOKEN)", () => {
  const WITH_AUTHENTIK_TOKEN: NodeJS.ProcessEnv = { AUTHENTIK_TOKEN };
  const ENROLLMENT_FLOW = {
    pk: "0b7c3a51-2f44-4d8e-9a61-7c2e5d1f3b90",
    slug: "self-signup",
    name: "Self sign-up",
    designation: "enrollment",
  };
  const OTHER_FLOW = {
    pk: "9e1d2c3b-4a59-4b68-8c77-d6e5f4a3b2c1",
    slug: "partner-signup",
    name: "Partner sign-up",
    designation: "enrollment",
  };
  const EMAIL_PROMPT = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
  const USERNAME_PROMPT = "6b5c4d3e-2f10-4b0c-9d8e-7f6a5b4c3d2e";
  const PROMPT_STAGE = "7c6d5e4f-3a21-4c1d-ae9f-8a7b6c5d4e3f";

  function binding(order: number, stage: string, model: string): Record<string, unknown> {
    return {
      pk: `binding-${order}`,
      target: ENROLLMENT_FLOW.pk,
      stage,
      order,
      stage_obj: { pk: stage, name: model, meta_model_name: model },
    };
  }

  /** An enrollment flow that prompts for username and email and writes the user; with an email stage when asked. */
  function enrollment(withEmailStage: boolean, flows: unknown[] = [ENROLLMENT_FLOW]): void {
    authentik.routes.set(FLOWS_PATH, (url) => {
      expect(url.searchParams.get("designation")).toBe("enrollment");
      return authentikPage(flows);
    });
    authentik.routes.set(PROMPTS_PATH, authentikPage([{ pk: EMAIL_PROMPT, name: "email", field_key: "email", type: "email" }]));
    authentik.routes.set(
      PROMPT_STAGES_PATH,
      authentikPage([{ pk: PROMPT_STAGE, name: "signup-prompt", fields: [USERNAME_PROMPT, EMAIL_PROMPT] }]),
    );
    const stages = [
      binding(10, PROMPT_STAGE, "authentik_stages_prompt.promptstage"),
      binding(20, "stage-write", "authentik_stages_user_write.userwritestage"),
      ...(withEmailStage ? [binding(30, "stage-email", "authentik_stages_email.emailstage")] : []),
      binding(100, "stage-login", "authentik_stages_user_login.userloginstage"),
    ];
    authentik.routes.set(BINDINGS_PATH, (url) =>
      authentikPage(
        url.searchParams.get("target") === ENROLLMENT_FLOW.pk
          ? stages
          : [binding(10, "stage-login", "authentik_stages_user_login.userloginstage")],
      ),
    );
  }

  test("users allowed to change their own email: FAIL with the setting to turn off, exit 1", async () => {
    authentik.routes.set(SETTINGS_PATH, { status: 200, body: settings(true) });
    const run = await verify(authentikArgs(), WITH_AUTHENTIK_TOKEN);
    expect(run.code).toBe(1);
    const line = lineOf(run, "authentik-email-change");
    expect(line).toMatch(/^FAIL/);
    expect(line).toContain("default_user_change_email is true: every user can change their own email address");
    expect(line).toContain("allowEmails and allowEmailDomains");
    expect(line).toContain(
      'fix: turn off "Allow users to change email" in authentik\'s System > Settings (default_user_change_email: false)',
    );
    expect(lineOf(run, "authentik-enrollment")).toMatch(/^PASS .*no enrollment flow/);
    expect(run.lines[run.lines.length - 1]).toBe("6 passed, 1 failed, 0 warned, 2 skipped");
    expectNoSecrets(run);
  });

  test("email changes off and no enrollment flow: both PASS, requests are GETs with the token as a bearer token", async () => {
    const run = await verify(authentikArgs(), WITH_AUTHENTIK_TOKEN);
    expect(run.code).toBe(0);
    expect(lineOf(run, "authentik-email-change")).toBe(
      "PASS  authentik-email-change  default_user_change_email is false: users cannot change their own email address",
    );
    const apiRequests = authentik.requests.filter((request) => request.path.startsWith("/api/"));
    expect(apiRequests.map((request) => request.path)).toEqual([
      SETTINGS_PATH,
      `${FLOWS_PATH}?designation=enrollment&page=1&page_size=100`,
    ]);
    expect(authentik.requests.every((request) => request.method === "GET")).toBe(true);
    expect(apiRequests.every((request) => request.headers.authorization === `Bearer ${AUTHENTIK_TOKEN}`)).toBe(true);
    expectNoSecrets(run);
  });

  test("an enrollment flow writing a prompted email without an email stage: WARN naming the flow, exit 0", async () => {
    enrollment(false);
    const run = await verify(authentikArgs(), WITH_AUTHENTIK_TOKEN);
    expect(run.code).toBe(0);
    const line = lineOf(run, "authentik-enrollment");
    expect(line).toMatch(/^WARN/);
    expect(line).toContain(
      'enrollment flow "self-signup" ("Self sign-up") writes an email address typed into a prompt (field_key email) without an email stage',
    );
    expect(line).toContain("fix: bind an email stage");
    expect(run.lines[run.lines.length - 1]).toBe("6 passed, 0 failed, 1 warned, 2 skipped");
    expectNoSecrets(run);
  });

  test("the same flow with an email stage bound: PASS", async () => {
    enrollment(true);
    const run = await verify(authentikArgs(), WITH_AUTHENTIK_TOKEN);
    expect(run.code).toBe(0);
    expect(lineOf(run, "authentik-enrollment")).toContain(
      'PASS  authentik-enrollment    enrollment flows that write an email address from a prompt verify it with an email stage: "self-signup"',
    );
  });

  test("flows are read across pages (pagination.next): a risky flow on page 2 is found", async () => {
    enrollment(false);
    authentik.routes.set(FLOWS_PATH, (url) =>
      url.searchParams.get("page") === "2" ? authentikPage([ENROLLMENT_FLOW], 2, 2) : authentikPage([OTHER_FLOW], 1, 2),
    );
    const run = await verify(authentikArgs(), WITH_AUTHENTIK_TOKEN);
    expect(lineOf(run, "authentik-enrollment")).toMatch(/^WARN .*"self-signup"/);
    expect(lineOf(run, "authentik-enrollment")).not.toContain("partner-signup");
    expect(authentik.requests.map((request) => request.path)).toContain(`${FLOWS_PATH}?designation=enrollment&page=2&page_size=100`);
  });

  test("a 403 (token without the permission) fails each check with the permission to grant, and never prints the token even when echoed", async () => {
    const forbidden = { status: 403, body: { detail: `You do not have permission to perform this action. (token ${AUTHENTIK_TOKEN})` } };
    authentik.routes.set(SETTINGS_PATH, forbidden);
    authentik.routes.set(FLOWS_PATH, forbidden);
    const run = await verify(authentikArgs(), WITH_AUTHENTIK_TOKEN);
    expect(run.code).toBe(1);
    const settingsLine = lineOf(run, "authentik-email-change");
    expect(settingsLine).toMatch(/^FAIL/);
    expect(settingsLine).toContain(
      `${authentik.url}${SETTINGS_PATH} answered 403 (You do not have permission to perform this action. (token (redacted)))`,
    );
    expect(settingsLine).toContain(
      "fix: give the token's user the permission authentik_rbac.view_system_settings, or use an admin's token",
    );
    expect(lineOf(run, "authentik-enrollment")).toContain("authentik_flows.view_flow");
    expectNoSecrets(run);
  });

  test("a 401 says the token was not accepted", async () => {
    authentik.routes.set(SETTINGS_PATH, { status: 401, body: { detail: "Token invalid/expired" } });
    const run = await verify(authentikArgs(), WITH_AUTHENTIK_TOKEN);
    expect(lineOf(run, "authentik-email-change")).toContain(
      "answered 401 (Token invalid/expired): authentik did not accept the token in AUTHENTIK_TOKEN",
    );
  });

  test("an --authentik-token flag is refused without echoing its value", async () => {
    const run = await verify([...authentikArgs(), `--authentik-token=${AUTHENTIK_TOKEN}`]);
    expect(run.code).toBe(2);
    expect(run.lines[0]).toContain(
      "--authentik-token is not a flag: set the authentik API token in the environment variable AUTHENTIK_TOKEN",
    );
    expect(run.text).not.toContain(AUTHENTIK_TOKEN);
  });
});

describe("the application slug default and --output-prefix", () => {
  test("without --application-slug nor output, the construct's default slug is used and said so", async () => {
    const run = await verify(["--authentik-url", authentik.url, "--ca-file", caFile]);
    expect(run.code).toBe(0);
    expect(run.lines[0]).toBe(`Verifying application "cloudflare-access" of ${authentik.url}`);
    expect(run.lines[1]).toBe(
      '(no --application-slug nor output application_slug: using the construct\'s default slug "cloudflare-access")',
    );
    expect(lineOf(run, "discovery")).toMatch(/^PASS/);
  });

  test("--output-prefix reads <prefix>authentik_url, <prefix>application_slug, ... and ignores unprefixed outputs", async () => {
    const outputs = {
      staging_authentik_url: { sensitive: false, type: "string", value: authentik.url },
      staging_application_slug: { sensitive: false, type: "string", value: SLUG },
      staging_identity_provider_id: { sensitive: false, type: "string", value: IDP_ID },
      staging_cloudflare_account_id: { sensitive: false, type: "string", value: ACCOUNT_ID },
      staging_client_id: { sensitive: false, type: "string", value: CLIENT_ID },
      application_slug: { sensitive: false, type: "string", value: "unprefixed-slug-not-read" },
    };
    const file = writeJson("terraform-prefixed.json", outputs);
    const apiArgs = ["--cloudflare-api-url", `${cloudflare.url}/client/v4`, "--ca-file", caFile];
    const run = await verify(["--outputs", file, "--output-prefix", "staging_", ...apiArgs], WITH_TOKEN);
    expect(run.code).toBe(0);
    expect(run.lines[run.lines.length - 1]).toBe("7 passed, 0 failed, 0 warned, 2 skipped");
    expect(lineOf(run, "cloudflare-config")).toContain("client_id matches");
    const unprefixed = await verify(["--outputs", file, ...apiArgs], WITH_TOKEN);
    expect(unprefixed.code).toBe(2);
    expect(unprefixed.lines[0]).toBe(
      "error: missing --authentik-url: pass the https origin of authentik, or --outputs <file> with an output named authentik_url",
    );
    const otherPrefix = await verify(["--outputs", file, "--output-prefix", "prod_", ...apiArgs], WITH_TOKEN);
    expect(otherPrefix.lines[0]).toContain("with an output named prod_authentik_url");
  });

  test("--output-prefix needs --outputs and a name-like value", async () => {
    const alone = await verify(["--authentik-url", authentik.url, "--output-prefix", "x_"]);
    expect(alone.code).toBe(2);
    expect(alone.lines[0]).toBe("error: --output-prefix needs --outputs <file>");
    const file = writeJson("terraform-empty.json", {});
    const bad = await verify(["--outputs", file, "--output-prefix", "has space"]);
    expect(bad.code).toBe(2);
    expect(bad.lines[0]).toContain('--output-prefix is "has space": expected the start of a Terraform output name');
  });
});

describe("outputs files", () => {
  function terraformOutputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const outputs: Record<string, unknown> = {
      authentik_url: authentik.url,
      application_slug: SLUG,
      client_id: CLIENT_ID,
      identity_provider_id: IDP_ID,
      cloudflare_account_id: ACCOUNT_ID,
      discovery_url: endpoints().discoveryUrl,
      ...overrides,
    };
    const entries = Object.entries(outputs).map(([name, value]) => [name, { sensitive: false, type: "string", value }]);
    return { ...Object.fromEntries(entries), client_secret: { sensitive: true, type: "string", value: "output-secret-Pq8" } };
  }

  function cdktfOutputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      authentik_url: authentik.url,
      application_slug: SLUG,
      client_id: CLIENT_ID,
      identity_provider_id: IDP_ID,
      cloudflare_account_id: ACCOUNT_ID,
      ...overrides,
    };
  }

  const apiArgs = (): string[] => ["--cloudflare-api-url", `${cloudflare.url}/client/v4`, "--ca-file", caFile];

  test("`terraform output -json` provides every input", async () => {
    const file = writeJson("terraform-outputs.json", terraformOutputs());
    const run = await verify(["--outputs", file, ...apiArgs()], WITH_TOKEN);
    expect(run.code).toBe(0);
    expect(run.lines[run.lines.length - 1]).toBe("7 passed, 0 failed, 0 warned, 2 skipped");
    expect(lineOf(run, "cloudflare-config")).toContain("client_id matches");
  });

  test("a sensitive output's value is never printed, even where a message would show it", async () => {
    const outputs = terraformOutputs();
    outputs.client_id = { sensitive: true, type: "string", value: CLIENT_ID };
    const file = writeJson("terraform-sensitive.json", outputs);
    cloudflare.routes.set(accountIdpPath, { status: 200, body: identityProvider({ client_id: "someone-else" }) });
    const run = await verify(["--outputs", file, ...apiArgs()], WITH_TOKEN);
    expect(run.code).toBe(1);
    expect(lineOf(run, "cloudflare-config")).toContain('client_id is "someone-else", expected "(redacted)"');
    expect(run.text).not.toContain(CLIENT_ID);
    expect(run.text).not.toContain("output-secret-Pq8");
  });

  test("`cdktf deploy --outputs-file` with one stack provides every input", async () => {
    const file = writeJson("cdktf-outputs.json", { "cloudflare-access": cdktfOutputs() });
    const run = await verify(["--outputs", file, ...apiArgs()], WITH_TOKEN);
    expect(run.code).toBe(0);
    expect(run.lines[run.lines.length - 1]).toBe("7 passed, 0 failed, 0 warned, 2 skipped");
  });

  test("a cdktf outputs file with several stacks needs --stack", async () => {
    const file = writeJson("cdktf-two-stacks.json", {
      staging: cdktfOutputs({ application_slug: "staging-app" }),
      production: cdktfOutputs(),
    });
    const ambiguous = await verify(["--outputs", file, ...apiArgs()], WITH_TOKEN);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.lines[0]).toContain("holds the outputs of several stacks (staging, production): choose one with --stack <name>");
    const unknown = await verify(["--outputs", file, "--stack", "dev", ...apiArgs()], WITH_TOKEN);
    expect(unknown.code).toBe(2);
    expect(unknown.lines[0]).toContain("--stack dev: no such stack");
    const chosen = await verify(["--outputs", file, "--stack", "production", ...apiArgs()], WITH_TOKEN);
    expect(chosen.code).toBe(0);
  });

  test("flags win over outputs", async () => {
    const file = writeJson(
      "terraform-wrong-slug.json",
      terraformOutputs({ application_slug: "wrong-slug", cloudflare_account_id: "f".repeat(32) }),
    );
    const fromOutputs = await verify(["--outputs", file, ...apiArgs()], WITH_TOKEN);
    expect(fromOutputs.code).toBe(1);
    expect(lineOf(fromOutputs, "discovery")).toContain('no application with slug "wrong-slug"');
    const overridden = await verify(["--outputs", file, "--application-slug", SLUG, "--account-id", ACCOUNT_ID, ...apiArgs()], WITH_TOKEN);
    expect(overridden.code).toBe(0);
  });

  test("a --zone-id flag replaces an account id read from the outputs", async () => {
    const file = writeJson("terraform-account.json", terraformOutputs());
    const run = await verify(["--outputs", file, "--zone-id", ZONE_ID, ...apiArgs()], WITH_TOKEN);
    expect(run.code).toBe(0);
    expect(cloudflare.requests.map((request) => request.path)).toEqual([zoneIdpPath]);
  });

  test("a bad value in the outputs is reported with the output's name and file", async () => {
    const file = writeJson("terraform-http.json", terraformOutputs({ authentik_url: "http://authentik.company" }));
    const run = await verify(["--outputs", file]);
    expect(run.code).toBe(2);
    expect(run.lines[0]).toContain(`output authentik_url in ${file} is "http://authentik.company": authentik must be reached over https`);
  });

  test("an unreadable or malformed outputs file is a usage error that quotes none of its content", async () => {
    const missing = await verify(["--outputs", path.join(tempDir, "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.lines[0]).toContain("cannot read it (ENOENT)");
    const file = path.join(tempDir, "broken.json");
    fs.writeFileSync(file, '{"client_secret": {"value": "leaky-secret-55"');
    const broken = await verify(["--outputs", file]);
    expect(broken.code).toBe(2);
    expect(broken.lines[0]).toBe(`error: --outputs ${file} is not valid JSON`);
  });
});

describe("usage errors exit with 2 and name the flag", () => {
  test.each([
    [["--application-slug", SLUG], "missing --authentik-url"],
    [
      ["--authentik-url", "http://authentik.company", "--application-slug", SLUG],
      '--authentik-url is "http://authentik.company": authentik must be reached over https',
    ],
    [
      ["--authentik-url", "https://authentik.company/if/flow/", "--application-slug", SLUG],
      "without a path, query, fragment or credentials",
    ],
    [
      ["--authentik-url", "https://authentik.company", "--application-slug", "has space"],
      '--application-slug is "has space": expected an authentik slug',
    ],
    [["--authentik-url", "https://authentik.company", "--application-slug", SLUG, "--timeout", "soon"], '--timeout is "soon"'],
    [
      ["--authentik-url", "https://authentik.company", "--application-slug", SLUG, "--account-id", "123"],
      '--account-id is "123": expected 32 hexadecimal characters',
    ],
    [
      ["--authentik-url", "https://authentik.company", "--application-slug", SLUG, "--account-id", ACCOUNT_ID, "--zone-id", ZONE_ID],
      "set --account-id or --zone-id, not both",
    ],
    [
      ["--authentik-url", "https://authentik.company", "--application-slug", SLUG, "--cloudflare-api-url", "http://proxy:8080"],
      "--cloudflare-api-url is",
    ],
    [
      ["--authentik-url", "https://authentik.company", "--application-slug", SLUG, "--ca-file", "/no/such/ca.pem"],
      "--ca-file /no/such/ca.pem: cannot read it",
    ],
    [["--authentik-url", "https://authentik.company", "--application-slug", SLUG, "--slug", "x"], "Unknown option '--slug'"],
    [["--authentik-url", "https://authentik.company", "--application-slug"], "Option '--application-slug <value>' argument missing"],
    [["--authentik-url", "https://authentik.company", "--application-slug", SLUG, "--stack", "prod"], "--stack needs --outputs <file>"],
  ])("%j", async (args, message) => {
    const run = await verify(args);
    expect(run.code).toBe(2);
    expect(run.lines[0]).toContain(message);
    expect(run.lines[0]).toMatch(/^error: /);
  });

  test("an identity provider id without an account or zone is a usage error when the Cloudflare checks would run", async () => {
    const args = ["--authentik-url", "https://authentik.company", "--application-slug", SLUG, "--identity-provider-id", IDP_ID];
    const run = await verify(args, WITH_TOKEN);
    expect(run.code).toBe(2);
    expect(run.lines[0]).toContain("--identity-provider-id needs --account-id <32 hex> or --zone-id <32 hex>");
  });

  test("a token flag is refused without echoing its value", async () => {
    const run = await verify([
      "--authentik-url",
      "https://authentik.company",
      "--application-slug",
      SLUG,
      `--cloudflare-api-token=${API_TOKEN}`,
    ]);
    expect(run.code).toBe(2);
    expect(run.lines[0]).toContain(
      "--cloudflare-api-token is not a flag: set the Cloudflare API token in the environment variable CLOUDFLARE_API_TOKEN",
    );
    expect(run.text).not.toContain(API_TOKEN);
  });

  test("--help prints the usage and exits 0", async () => {
    const run = await verify(["--help"]);
    expect(run.code).toBe(0);
    expect(run.lines[0]).toBe("Usage: cdktf-authentik-cloudflare-access verify [flags]");
    for (const flag of [
      "--authentik-url",
      "--application-slug",
      "--identity-provider-id",
      "--outputs",
      "--timeout",
      "--ca-file",
      "NODE_EXTRA_CA_CERTS",
      "CLOUDFLARE_API_TOKEN",
      "AUTHENTIK_TOKEN",
      "--output-prefix",
      "default cloudflare-access",
    ]) {
      expect(run.text).toContain(flag);
    }
  });
});

describe("the checks over an injected getter", () => {
  const urls = new AuthentikOidcEndpoints("https://authentik.company", SLUG);
  const jwksGetter =
    (keys: unknown[]): HttpGet =>
    async () => ({ status: 200, body: JSON.stringify({ keys }) });

  test.each([
    [{ kty: "RSA", n: "abc", e: "AQAB" }, "pass"],
    [{ kty: "RSA", alg: "RS384", n: "abc", e: "AQAB" }, "fail"],
    [{ kty: "RSA", use: "enc", n: "abc", e: "AQAB" }, "fail"],
    [{ kty: "EC", alg: "ES256", crv: "P-256", x: "a", y: "b" }, "fail"],
  ])("JWKS key %j: %s", async (key, status) => {
    expect((await checkJwks(jwksGetter([key]), urls)).status).toBe(status);
  });

  test("origins are normalised and paths compared exactly", () => {
    expect(normaliseUrl("HTTPS://Authentik.Company:443/application/o/token/")).toBe("https://authentik.company/application/o/token/");
    expect(sameUrl("https://authentik.company:8443/application/o/token/", "https://authentik.company/application/o/token/")).toBe(false);
    expect(sameUrl("https://authentik.company/application/o/token", "https://authentik.company/application/o/token/")).toBe(false);
    expect(sameUrl("https://authentik.company/Application/o/token/", "https://authentik.company/application/o/token/")).toBe(false);
    expect(sameUrl(undefined, "https://authentik.company/")).toBe(false);
  });

  test("a getter that rejects becomes a failed check, and the Cloudflare checks are skipped with how to enable them", async () => {
    const timedOut: HttpGet = async () => {
      throw Object.assign(new Error("timed out after 5 ms"), { code: "TIMEOUT" });
    };
    const results = await runChecks(
      { authentikUrl: "https://authentik.company", applicationSlug: SLUG, cloudflare: { skipReason: "CLOUDFLARE_API_TOKEN is not set" } },
      timedOut,
    );
    expect(results.map((result) => result.status)).toEqual(["fail", "skip", "skip", "skip", "skip", "skip", "skip"]);
    expect(results[0].detail).toBe(`${urls.discoveryUrl}: timed out after 5 ms`);
  });
});

describe("the enrollment check against an oracle (fixed seed)", () => {
  const MODELS = {
    prompt: "authentik_stages_prompt.promptstage",
    write: "authentik_stages_user_write.userwritestage",
    email: "authentik_stages_email.emailstage",
    login: "authentik_stages_user_login.userloginstage",
  } as const;
  type Stage = { kind: "write" | "email" | "login" } | { kind: "prompt"; asksEmail: boolean };
  const stage: fc.Arbitrary<Stage> = fc.oneof(
    fc.record({ kind: fc.constantFrom<"write" | "email" | "login">("write", "email", "login") }),
    fc.record({ kind: fc.constant<"prompt">("prompt"), asksEmail: fc.boolean() }),
  );

  /** A getter serving the authentik API for these flows, each a list of bound stages. */
  function apiFor(flows: Stage[][]): HttpGet {
    const promptStages = flows.flatMap((stages, flow) =>
      stages.flatMap((bound, index) =>
        bound.kind === "prompt"
          ? [{ pk: `prompt-${flow}-${index}`, fields: bound.asksEmail ? ["p-username", "p-email"] : ["p-username"] }]
          : [],
      ),
    );
    const page = (results: unknown[]) => ({ status: 200, body: JSON.stringify(authentikPage(results).body) });
    return async (url) => {
      const parsed = new URL(url);
      switch (parsed.pathname) {
        case FLOWS_PATH:
          return page(
            flows.map((_, flow) => ({ pk: `flow-${flow}`, slug: `flow-${flow}`, name: `flow-${flow}`, designation: "enrollment" })),
          );
        case PROMPTS_PATH:
          return page([{ pk: "p-email", field_key: "email" }]);
        case PROMPT_STAGES_PATH:
          return page(promptStages);
        case BINDINGS_PATH: {
          const flow = Number(parsed.searchParams.get("target")?.replace("flow-", ""));
          return page(
            flows[flow].map((bound, index) => ({
              pk: `b-${flow}-${index}`,
              stage: bound.kind === "prompt" ? `prompt-${flow}-${index}` : `${bound.kind}-${flow}-${index}`,
              order: index,
              stage_obj: { meta_model_name: MODELS[bound.kind] },
            })),
          );
        }
        default:
          return { status: 404, body: "{}" };
      }
    };
  }

  test("WARN names exactly the flows that prompt for an email, write the user and bind no email stage", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(stage, { maxLength: 5 }), { maxLength: 4 }), async (flows) => {
        const result = await checkEnrollmentFlows(apiFor(flows), { authentikUrl: "https://authentik.company", token: "t" });
        const risky = flows
          .map((stages, flow) => ({ stages, slug: `flow-${flow}` }))
          .filter(
            ({ stages }) =>
              stages.some((bound) => bound.kind === "prompt" && bound.asksEmail) &&
              stages.some((bound) => bound.kind === "write") &&
              !stages.some((bound) => bound.kind === "email"),
          )
          .map(({ slug }) => slug);
        expect(result.status).toBe(risky.length > 0 ? "warn" : "pass");
        flows.forEach((_, flow) => {
          const named = new RegExp(`"flow-${flow}"`).test(result.detail);
          expect(risky.length === 0 || named === risky.includes(`flow-${flow}`)).toBe(true);
        });
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });
});

describe("the bin shim", () => {
  const bin = path.join(__dirname, "..", "bin", "cdktf-authentik-cloudflare-access.js");

  test("--help lists the verify command", () => {
    const result = spawnSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Usage: cdktf-authentik-cloudflare-access <command> [flags]");
    expect(result.stdout).toContain("verify");
  });

  test("an unknown command prints the usage and exits 2", () => {
    const result = spawnSync(process.execPath, [bin, "deploy"], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Unknown command "deploy"');
  });

  test("verify --help runs the verify command", () => {
    const result = spawnSync(process.execPath, [bin, "verify", "--help"], { encoding: "utf8", timeout: 60000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Usage: cdktf-authentik-cloudflare-access verify [flags]");
  });
});
