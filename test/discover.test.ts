import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AuthentikOidcEndpoints } from "../lib/urls";
import * as fc from "fast-check";
import * as ts from "typescript";
import { adoptSnippet, Discovery, DiscoverTarget, main, uniqueId } from "../lib/verify/discover";
import { Answer, authentikPage, cloudflarePage, FakeHttpsServer, makeCertificates } from "./https-fakes";

/**
 * `discover` against a fake authentik and a fake Cloudflare API on loopback https,
 * holding the objects a user following the guide by hand would have.
 */

const TEAM = "company";
const CALLBACK = `https://${TEAM}.cloudflareaccess.com/cdn-cgi/access/callback`;
const SLUG = "cloudflare-access";
const ACCOUNT_ID = "0123456789abcdef0123456789abcdef";
const ZONE_ID = "fedcba9876543210fedcba9876543210";
const IDP_ID = "5b0c2e8a-7d41-4f3a-9c6e-2a1b3c4d5e6f";
const OTP_IDP_ID = "11111111-2222-4333-8444-555555555555";
const CLIENT_ID = "cf-client-7f3a9";
const APP_UUID = "3f2e1d0c-9b8a-4765-a432-10fedcba9876";
const WIKI_APP_ID = "aaaaaaaa-1111-4222-8333-444444444444";
const GRAFANA_APP_ID = "bbbbbbbb-1111-4222-8333-444444444444";
const WIKI_POLICY_ID = "cccccccc-1111-4222-8333-444444444444";

const AUTHENTIK_TOKEN = "ak-api-token-Hn4Vb8Qx2Lm7Wz5R";
const CLOUDFLARE_TOKEN = "cf-api-token-Zq9xW2vB7nM4kL8p";
const CLIENT_SECRET = "oauth2-client-secret-Tr5Yu8Io1Pa4";
const SCIM_TOKEN = "scim-bearer-token-Gh6Jk9Lz2Xc5";
const CF_CLIENT_SECRET = "cloudflare-stored-secret-Vb3Nm6Qw9Er2";
const SECRETS = [AUTHENTIK_TOKEN, CLOUDFLARE_TOKEN, CLIENT_SECRET, SCIM_TOKEN, CF_CLIENT_SECRET];

const BOTH_TOKENS: NodeJS.ProcessEnv = { AUTHENTIK_TOKEN, CLOUDFLARE_API_TOKEN: CLOUDFLARE_TOKEN };

let tempDir: string;
let caFile: string;
let authentik: FakeHttpsServer;
let cloudflare: FakeHttpsServer;

beforeAll(async () => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "discover-test-"));
  const certificates = makeCertificates(tempDir);
  caFile = certificates.caFile;
  authentik = new FakeHttpsServer(certificates.key, certificates.cert);
  cloudflare = new FakeHttpsServer(certificates.key, certificates.cert);
  await Promise.all([authentik.start(), cloudflare.start()]);
});

afterAll(async () => {
  await Promise.all([authentik?.close(), cloudflare?.close()]);
  if (tempDir) {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
});

function oauth2Provider(pk: number, name: string, redirect: string, application: string | null): Record<string, unknown> {
  return {
    pk,
    name,
    client_type: "confidential",
    client_id: pk === 7 ? CLIENT_ID : `client-${pk}`,
    client_secret: CLIENT_SECRET,
    redirect_uris: [{ matching_mode: "strict", url: redirect, redirect_uri_type: "authorization" }],
    assigned_application_slug: application,
    assigned_application_name: application,
  };
}

const GUIDE_PROVIDER = oauth2Provider(7, "Cloudflare Access", CALLBACK, SLUG);
const GRAFANA_PROVIDER = oauth2Provider(3, "Grafana", "https://grafana.company/login/generic_oauth", "grafana");

function identityProvider(id: string, name: string, slug: string, clientId = CLIENT_ID): Record<string, unknown> {
  const urls = new AuthentikOidcEndpoints(authentik.url, slug);
  return {
    id,
    name,
    type: "oidc",
    config: {
      client_id: clientId,
      client_secret: CF_CLIENT_SECRET,
      auth_url: urls.authUrl,
      token_url: urls.tokenUrl,
      certs_url: urls.certsUrl,
      scopes: ["openid", "email", "profile"],
    },
  };
}

function accessApp(
  id: string,
  name: string,
  domain: string,
  allowedIdps: string[],
  policies: { id: string; name: string }[],
): Record<string, unknown> {
  return {
    id,
    name,
    domain,
    type: "self_hosted",
    self_hosted_domains: [domain],
    session_duration: "8h",
    allowed_idps: allowedIdps,
    auto_redirect_to_identity: true,
    policies: policies.map((policy, index) => ({ ...policy, decision: "allow", precedence: index + 1 })),
  };
}

const providersPath = "/api/v3/providers/oauth2/";
const applicationPath = `/api/v3/core/applications/${SLUG}/`;
const scimPath = "/api/v3/providers/scim/";
const idpsPath = `/client/v4/accounts/${ACCOUNT_ID}/access/identity_providers`;
const appsPath = `/client/v4/accounts/${ACCOUNT_ID}/access/apps`;
const policiesPath = `/client/v4/accounts/${ACCOUNT_ID}/access/policies`;

/** Answers page 1 and 2 of a list from the request's page number. */
function twoPages(first: unknown[], second: unknown[], page: (results: unknown[], number: number, total: number) => Answer) {
  return (url: URL): Answer => (url.searchParams.get("page") === "2" ? page(second, 2, 2) : page(first, 1, 2));
}

beforeEach(() => {
  authentik.reset();
  cloudflare.reset();
  // The guide's provider is on the second page, so it is only found by following pagination.next.
  authentik.routes.set(providersPath, twoPages([GRAFANA_PROVIDER], [GUIDE_PROVIDER], authentikPage));
  authentik.routes.set(applicationPath, {
    status: 200,
    body: { pk: APP_UUID, name: "Cloudflare Access", slug: SLUG, provider: 7, backchannel_providers: [9] },
  });
  authentik.routes.set(
    scimPath,
    authentikPage([
      {
        pk: 9,
        name: "Cloudflare SCIM",
        url: `https://${TEAM}.cloudflareaccess.com/populations/ab12/scim/v2`,
        token: SCIM_TOKEN,
        assigned_backchannel_application_slug: SLUG,
      },
    ]),
  );
  cloudflare.routes.set(
    idpsPath,
    cloudflarePage([identityProvider(IDP_ID, "authentik", SLUG), { id: OTP_IDP_ID, name: "One-time PIN", type: "onetimepin", config: {} }]),
  );
  // The Access applications span two pages of result_info.
  cloudflare.routes.set(
    appsPath,
    twoPages(
      [accessApp(WIKI_APP_ID, "Team Wiki", "wiki.company.com", [IDP_ID], [{ id: WIKI_POLICY_ID, name: "Allow engineers" }])],
      [
        accessApp(
          GRAFANA_APP_ID,
          "Grafana",
          "grafana.company.com",
          [IDP_ID, OTP_IDP_ID],
          [
            { id: "dddddddd-1111-4222-8333-444444444444", name: "Admins" },
            { id: "eeeeeeee-1111-4222-8333-444444444444", name: "Viewers" },
          ],
        ),
        accessApp("ffffffff-1111-4222-8333-444444444444", "Status", "status.company.com", [OTP_IDP_ID], []),
        {
          ...accessApp("99999999-1111-4222-8333-444444444444", "App Launcher", "company.cloudflareaccess.com", [IDP_ID], []),
          type: "app_launcher",
        },
      ],
      cloudflarePage,
    ),
  );
  cloudflare.routes.set(policiesPath, cloudflarePage([{ id: WIKI_POLICY_ID, name: "Allow engineers", decision: "allow", reusable: true }]));
});

interface Run {
  readonly code: number;
  readonly lines: string[];
  readonly text: string;
}

async function discover(args: string[], env: NodeJS.ProcessEnv = BOTH_TOKENS): Promise<Run> {
  const lines: string[] = [];
  const code = await main(args, env, (line) => lines.push(line));
  return { code, lines, text: lines.join("\n") };
}

function baseArgs(team = TEAM): string[] {
  return ["--authentik-url", authentik.url, "--team-name", team, "--ca-file", caFile, "--timeout", "3000"];
}

function cloudflareArgs(): string[] {
  return ["--account-id", ACCOUNT_ID, "--cloudflare-api-url", `${cloudflare.url}/client/v4`];
}

function lineOf(run: Run, name: string): string[] {
  return run.lines.filter((line) => new RegExp(`^(PASS|FAIL|WARN|SKIP) {2}${name} `).test(line));
}

function snippetOf(run: Run): string[] {
  const start = run.lines.findIndex((line) => line.startsWith("// Paste into your stack"));
  return start === -1 ? [] : run.lines.slice(start);
}

function expectReadOnlyAndNoSecrets(run: Run): void {
  for (const secret of SECRETS) {
    expect(run.text).not.toContain(secret);
  }
  expect([...authentik.requests, ...cloudflare.requests].every((request) => request.method === "GET")).toBe(true);
}

describe("a setup made by hand following the guide", () => {
  test("finds every object, prints the table and a snippet with the adopt ids, exits 0, reading only", async () => {
    const run = await discover([...baseArgs(), ...cloudflareArgs()]);
    expect(run.code).toBe(0);
    expect(run.lines[0]).toBe(`Discovering the guide's objects for team "${TEAM}" on ${authentik.url}`);
    expect(lineOf(run, "oauth2-provider")[0]).toMatch(
      /^PASS +oauth2-provider +provider 7 "Cloudflare Access" \(client_id "cf-client-7f3a9"/,
    );
    expect(lineOf(run, "application")[0]).toContain(`application "${SLUG}" ("Cloudflare Access", ${APP_UUID}) uses provider 7`);
    expect(lineOf(run, "scim-provider")[0]).toMatch(/^PASS .*SCIM provider 9 "Cloudflare SCIM"/);
    expect(lineOf(run, "login-method")[0]).toContain(`PASS  login-method     ${IDP_ID} "authentik" of account ${ACCOUNT_ID}`);
    const apps = lineOf(run, "access-app");
    expect(apps[0]).toContain(
      `PASS  access-app       "Team Wiki" wiki.company.com (${WIKI_APP_ID}) with reusable policy "Allow engineers"`,
    );
    expect(apps[1]).toMatch(/^WARN .*"Grafana" grafana.company.com .* has 2 policies .*policyId is left out/);
    expect(run.text).not.toContain("Status");
    expect(lineOf(run, "access-apps")[0]).toBe(
      'WARN  access-apps      not adopted, as they are not self-hosted applications: "App Launcher" (type "app_launcher", 99999999-1111-4222-8333-444444444444) — fix: they keep working with the adopted login method; manage them outside the construct',
    );
    expect(snippetOf(run)).toEqual([
      "// Paste into your stack: adopts the objects above, so the first plan imports them instead of creating new ones.",
      'const access = new AuthentikCloudflareAccess(this, "access", {',
      '  teamName: "company",',
      `  authentikUrl: "${authentik.url}",`,
      `  accountId: "${ACCOUNT_ID}",`,
      '  applicationSlug: "cloudflare-access",',
      '  clientId: "cf-client-7f3a9",',
      "  adopt: {",
      '    oauth2ProviderId: "7",',
      `    identityProviderId: "${IDP_ID}",`,
      '    scimProviderId: "9", // with the scim prop set, as the SCIM provider is kept',
      "  },",
      "});",
      'access.protectApplication("team-wiki", {',
      '  domain: "wiki.company.com",',
      '  name: "Team Wiki",',
      '  sessionDuration: "8h",',
      '  // allowGroups / allowEmails / allowEmailDomains: copy the rules of policy "Allow engineers"',
      `  adopt: { applicationId: "${WIKI_APP_ID}", policyId: "${WIKI_POLICY_ID}" },`,
      "});",
      'access.protectApplication("grafana", {',
      '  domain: "grafana.company.com",',
      '  name: "Grafana",',
      `  // also allows the login methods "${OTP_IDP_ID}": keep them with additionalIdentityProviderIds`,
      '  sessionDuration: "8h",',
      "  // allowGroups / allowEmails / allowEmailDomains: who may reach it (see the table for its current policies)",
      `  adopt: { applicationId: "${GRAFANA_APP_ID}" },`,
      "});",
    ]);
    expectReadOnlyAndNoSecrets(run);
    // Both paginated lists were read to their second page.
    expect(authentik.requests.map((request) => request.path)).toContain(`${providersPath}?page=2&page_size=100`);
    expect(cloudflare.requests.map((request) => request.path)).toContain(`${appsPath}?page=2&per_page=50`);
    expect(authentik.requests.every((request) => request.headers.authorization === `Bearer ${AUTHENTIK_TOKEN}`)).toBe(true);
    expect(cloudflare.requests.every((request) => request.headers.authorization === `Bearer ${CLOUDFLARE_TOKEN}`)).toBe(true);
  });

  test("partial: without CLOUDFLARE_API_TOKEN the authentik objects are found, the Cloudflare part is skipped with what to set", async () => {
    const run = await discover(baseArgs(), { AUTHENTIK_TOKEN });
    expect(run.code).toBe(0);
    expect(lineOf(run, "login-method")[0]).toMatch(/^SKIP .*CLOUDFLARE_API_TOKEN is not set: set it to a token with/);
    expect(lineOf(run, "login-method")[0]).toContain("and pass --account-id or --zone-id");
    const snippet = snippetOf(run);
    expect(snippet).toContain('    oauth2ProviderId: "7",');
    expect(snippet).toContain("    // identityProviderId: not discovered (CLOUDFLARE_API_TOKEN was not set)");
    expect(snippet).toContain(
      '  // accountId: "<32 hex>" or zoneId: "<32 hex>": pass --account-id or --zone-id to discover the Cloudflare objects',
    );
    expect(snippet.some((line) => line.startsWith("access.protectApplication"))).toBe(false);
    expect(cloudflare.requests).toEqual([]);
    expectReadOnlyAndNoSecrets(run);
  });

  test("a login method with another client_id is found with a warning; no SCIM provider leaves scimProviderId out", async () => {
    cloudflare.routes.set(idpsPath, cloudflarePage([identityProvider(IDP_ID, "authentik", SLUG, "old-client")]));
    authentik.routes.set(scimPath, authentikPage([]));
    const run = await discover([...baseArgs(), ...cloudflareArgs()]);
    expect(run.code).toBe(0);
    expect(lineOf(run, "login-method")[1]).toContain(
      'WARN  login-method     its client_id is "old-client", the OAuth2 provider\'s is "cf-client-7f3a9"',
    );
    expect(lineOf(run, "scim-provider")[0]).toContain("no SCIM provider is a backchannel");
    expect(snippetOf(run).join("\n")).not.toContain("scimProviderId");
  });

  test("a zone-scoped setup: zoneId in the snippet and no policyId (reusable policies are account-level)", async () => {
    const zone = `/client/v4/zones/${ZONE_ID}/access`;
    cloudflare.routes.set(`${zone}/identity_providers`, cloudflarePage([identityProvider(IDP_ID, "authentik", SLUG)]));
    cloudflare.routes.set(
      `${zone}/apps`,
      cloudflarePage([
        accessApp(WIKI_APP_ID, "Team Wiki", "wiki.company.com", [IDP_ID], [{ id: WIKI_POLICY_ID, name: "Allow engineers" }]),
      ]),
    );
    const run = await discover([...baseArgs(), "--zone-id", ZONE_ID, "--cloudflare-api-url", `${cloudflare.url}/client/v4`]);
    expect(run.code).toBe(0);
    expect(snippetOf(run)).toContain(`  zoneId: "${ZONE_ID}",`);
    expect(snippetOf(run)).toContain(`  adopt: { applicationId: "${WIKI_APP_ID}" },`);
    expect(lineOf(run, "access-app")[0]).toContain("is not a reusable account policy");
    expect(cloudflare.requests.some((request) => request.path.includes("/accounts/"))).toBe(false);
  });
});

describe("what cannot be matched", () => {
  test("ambiguous: two providers redirect to the team's callback: both listed, no snippet, exit 1", async () => {
    const second = oauth2Provider(8, "Cloudflare Access (copy)", CALLBACK, "cloudflare-access-2");
    authentik.routes.set(providersPath, authentikPage([GUIDE_PROVIDER, GRAFANA_PROVIDER, second]));
    const run = await discover([...baseArgs(), ...cloudflareArgs()]);
    expect(run.code).toBe(1);
    const line = lineOf(run, "oauth2-provider")[0];
    expect(line).toMatch(
      /^FAIL +oauth2-provider +ambiguous: 2 OAuth2 providers redirect to https:\/\/company.cloudflareaccess.com\/cdn-cgi\/access\/callback/,
    );
    expect(line).toContain('provider 7 "Cloudflare Access" (client_id "cf-client-7f3a9", application "cloudflare-access")');
    expect(line).toContain('provider 8 "Cloudflare Access (copy)" (client_id "client-8", application "cloudflare-access-2")');
    expect(line).toContain("no adopt ids are printed for an ambiguous match");
    expect(lineOf(run, "login-method")[0]).toMatch(/^SKIP/);
    expect(snippetOf(run)).toEqual([]);
    expect(run.text).not.toContain("AuthentikCloudflareAccess");
    expect(cloudflare.requests).toEqual([]);
    expectReadOnlyAndNoSecrets(run);
  });

  test("ambiguous login methods: both listed, identityProviderId left out, exit 1", async () => {
    cloudflare.routes.set(
      idpsPath,
      cloudflarePage([
        identityProvider(IDP_ID, "authentik", SLUG),
        identityProvider("22222222-3333-4444-8555-666666666666", "authentik (old)", SLUG),
      ]),
    );
    const run = await discover([...baseArgs(), ...cloudflareArgs()]);
    expect(run.code).toBe(1);
    expect(lineOf(run, "login-method")[0]).toContain(
      `ambiguous: 2 login methods of account ${ACCOUNT_ID} use application "cloudflare-access"'s endpoints`,
    );
    expect(snippetOf(run)).toContain("    // identityProviderId: not discovered (ambiguous)");
  });

  test("wrong team: nothing matched, and it says which teams the providers redirect to", async () => {
    const run = await discover([...baseArgs("acme"), ...cloudflareArgs()]);
    expect(run.code).toBe(1);
    const line = lineOf(run, "oauth2-provider")[0];
    expect(line).toContain(
      `none of the 2 OAuth2 providers of ${authentik.url} has the redirect URI https://acme.cloudflareaccess.com/cdn-cgi/access/callback`,
    );
    expect(line).toContain('providers that redirect to other Zero Trust teams: team "company" (provider 7 "Cloudflare Access"');
    expect(line).toContain("fix: check --team-name");
    expect(snippetOf(run)).toEqual([]);
  });

  test("a login method built from the provider name instead of the slug is not matched, and the near miss is named", async () => {
    cloudflare.routes.set(idpsPath, cloudflarePage([identityProvider(IDP_ID, "authentik", "provider-for-cloudflare-access")]));
    const run = await discover([...baseArgs(), ...cloudflareArgs()]);
    expect(run.code).toBe(1);
    const line = lineOf(run, "login-method")[0];
    expect(line).toMatch(/^FAIL +login-method +none of the 1 OpenID Connect login methods of account/);
    expect(line).toContain(
      `login methods on this authentik with other URLs: ${IDP_ID} "authentik" (certs_url ${authentik.url}/application/o/provider-for-cloudflare-access/jwks/`,
    );
    expect(snippetOf(run)).toContain("    // identityProviderId: not discovered (no login method matched)");
  });

  test("a provider that no application uses: FAIL with how to assign it, no snippet", async () => {
    authentik.routes.set(providersPath, authentikPage([{ ...GUIDE_PROVIDER, assigned_application_slug: null }]));
    const run = await discover([...baseArgs(), ...cloudflareArgs()]);
    expect(run.code).toBe(1);
    expect(lineOf(run, "application")[0]).toBe(
      'FAIL  application      OAuth2 provider 7 "Cloudflare Access" is not the provider of any application — fix: assign it to an application in authentik (Applications > Applications, Provider), then run discover again',
    );
    expect(lineOf(run, "login-method")[0]).toMatch(/^SKIP/);
    expect(snippetOf(run)).toEqual([]);
  });

  test("a regex redirect URI that matches the callback counts", async () => {
    const regexProvider = {
      ...GUIDE_PROVIDER,
      redirect_uris: [{ matching_mode: "regex", url: "https://company\\.cloudflareaccess\\.com/.*" }],
    };
    authentik.routes.set(providersPath, authentikPage([regexProvider]));
    const run = await discover(baseArgs(), { AUTHENTIK_TOKEN });
    expect(run.code).toBe(0);
    expect(lineOf(run, "oauth2-provider")[0]).toMatch(/^PASS/);
  });
});

describe("paginated lists are read to a bound", () => {
  test("an authentik list whose pagination.next never ends stops after 20 pages and says so", async () => {
    authentik.routes.set(providersPath, (url) => authentikPage([GRAFANA_PROVIDER], Number(url.searchParams.get("page")), 1000));
    const run = await discover(baseArgs(), { AUTHENTIK_TOKEN });
    expect(run.code).toBe(1);
    expect(authentik.requests.filter((request) => request.path.startsWith(providersPath))).toHaveLength(20);
    expect(lineOf(run, "oauth2-provider")[0]).toContain("(only the first 20 pages of providers were read)");
  });

  test("a Cloudflare list with 1000 pages in result_info stops after 20 pages with a warning", async () => {
    const guideApp = accessApp(WIKI_APP_ID, "Team Wiki", "wiki.company.com", [IDP_ID], [{ id: WIKI_POLICY_ID, name: "Allow engineers" }]);
    cloudflare.routes.set(appsPath, (url) => cloudflarePage([guideApp], Number(url.searchParams.get("page")), 1000));
    const run = await discover([...baseArgs(), ...cloudflareArgs()]);
    expect(cloudflare.requests.filter((request) => request.path.startsWith(appsPath))).toHaveLength(20);
    // The same application on every page is adopted once.
    expect(snippetOf(run).filter((line) => line.startsWith("access.protectApplication"))).toEqual([
      'access.protectApplication("team-wiki", {',
    ]);
    expect(lineOf(run, "access-apps")[0]).toBe(
      "WARN  access-apps      only the first 20 pages of Access applications were read; more may match — fix: review the rest in the Cloudflare dashboard",
    );
  });
});

describe("API errors", () => {
  test("authentik 403: the permission to grant, exit 1, token never printed even when echoed", async () => {
    authentik.routes.set(providersPath, { status: 403, body: { detail: `Permission denied for ${AUTHENTIK_TOKEN}` } });
    const run = await discover([...baseArgs(), ...cloudflareArgs()]);
    expect(run.code).toBe(1);
    const line = lineOf(run, "oauth2-provider")[0];
    expect(line).toContain("answered 403 (Permission denied for (redacted)): the user of the token in AUTHENTIK_TOKEN may not read it");
    expect(line).toContain("authentik_providers_oauth2.view_oauth2provider");
    expect(snippetOf(run)).toEqual([]);
    expectReadOnlyAndNoSecrets(run);
  });

  test("Cloudflare 403 on the login methods: the permission the token needs, exit 1, the authentik ids still printed", async () => {
    cloudflare.routes.set(idpsPath, {
      status: 403,
      body: { success: false, errors: [{ code: 10000, message: "Authentication error" }], messages: [], result: null },
    });
    const run = await discover([...baseArgs(), ...cloudflareArgs()]);
    expect(run.code).toBe(1);
    const line = lineOf(run, "login-method")[0];
    expect(line).toContain("answered 403 (10000 Authentication error): the token in CLOUDFLARE_API_TOKEN may not read it");
    expect(line).toContain('fix: give the token the permission "Access: Organizations, Identity Providers, and Groups Read"');
    expect(snippetOf(run)).toContain('    oauth2ProviderId: "7",');
    expectReadOnlyAndNoSecrets(run);
  });

  test("a Cloudflare API that never answers fails within the --timeout", async () => {
    cloudflare.routes.set(appsPath, "hang");
    const started = Date.now();
    const run = await discover([...baseArgs(), ...cloudflareArgs(), "--timeout", "300"]);
    expect(run.code).toBe(1);
    expect(lineOf(run, "access-apps")[0]).toContain("timed out after 300 ms");
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test("an authentik 500 is reported with its status", async () => {
    authentik.routes.set(scimPath, { status: 500, body: "Internal Server Error" });
    const run = await discover(baseArgs(), { AUTHENTIK_TOKEN });
    expect(run.code).toBe(1);
    expect(lineOf(run, "scim-provider")[0]).toContain(
      `${authentik.url}${scimPath}?page=1&page_size=100 answered 500 without a JSON object, expected 200`,
    );
  });
});

describe("usage errors exit with 2", () => {
  test.each([
    [["--team-name", TEAM], BOTH_TOKENS, "missing --authentik-url"],
    [["--authentik-url", "https://authentik.company"], BOTH_TOKENS, "missing --team-name"],
    [
      ["--authentik-url", "https://authentik.company", "--team-name", "Company"],
      BOTH_TOKENS,
      '--team-name is "Company": expected the Zero Trust team name',
    ],
    [
      ["--authentik-url", "https://authentik.company", "--team-name", TEAM],
      { CLOUDFLARE_API_TOKEN: CLOUDFLARE_TOKEN },
      "AUTHENTIK_TOKEN is not set",
    ],
    [["--authentik-url", "https://authentik.company", "--team-name", TEAM], BOTH_TOKENS, "CLOUDFLARE_API_TOKEN is set: pass --account-id"],
    [["--authentik-url", "https://authentik.company", "--team-name", TEAM, "--account-id", "12"], BOTH_TOKENS, '--account-id is "12"'],
    [["--authentik-url", "http://authentik.company", "--team-name", TEAM], BOTH_TOKENS, "authentik must be reached over https"],
    [["--authentik-url", "https://authentik.company", "--team-name", TEAM, "--timeout", "0"], { AUTHENTIK_TOKEN }, '--timeout is "0"'],
    [
      ["--authentik-url", "https://authentik.company", "--team-name", TEAM, `--authentik-token=${AUTHENTIK_TOKEN}`],
      {},
      "--authentik-token is not a flag",
    ],
  ])("%j", async (args, env, message) => {
    const run = await discover(args, env);
    expect(run.code).toBe(2);
    expect(run.lines[0]).toMatch(/^error: /);
    expect(run.lines[0]).toContain(message);
    expect(run.text).not.toContain(AUTHENTIK_TOKEN);
  });
});

describe("properties (fixed seed)", () => {
  const SEED = 20261201;

  test("construct ids derived from any application names are lower-case words joined by hyphens, and unique", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme", maxLength: 20 }), { maxLength: 12 }), (names) => {
        const taken = new Set<string>();
        const ids = names.map((name) => uniqueId(name, taken));
        expect(new Set(ids).size).toBe(ids.length);
        ids.forEach((id) => expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test("the snippet is valid TypeScript and quotes server strings exactly, whatever names, domains and ids the APIs return", () => {
    const serverString = fc.string({ unit: "binary", maxLength: 30 });
    const target: DiscoverTarget = {
      authentik: { authentikUrl: "https://authentik.company", token: "t" },
      teamName: TEAM,
      scope: { scope: "accounts", id: ACCOUNT_ID },
      cloudflare: { skipReason: "not used" },
    };
    const application = fc.record({
      id: serverString,
      name: serverString,
      domain: serverString,
      additionalDomains: fc.array(serverString, { maxLength: 2 }),
      sessionDuration: fc.option(serverString, { nil: undefined }),
      otherIdentityProviderIds: fc.array(serverString, { maxLength: 2 }),
      policy: fc.option(fc.record({ id: serverString, name: serverString }), { nil: undefined }),
    });
    fc.assert(
      fc.property(serverString, serverString, serverString, fc.array(application, { maxLength: 3 }), (slug, clientId, pk, apps) => {
        const found: Discovery = {
          results: [],
          oauth2Provider: { pk, name: "n", clientId },
          applicationSlug: slug,
          identityProviderId: IDP_ID,
          accessApplications: apps,
          secrets: [],
        };
        const code = adoptSnippet(target, found).join("\n");
        const output = ts.transpileModule(code, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2020 } });
        expect(output.diagnostics?.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"))).toEqual([]);
        expect(code).toContain(`applicationSlug: ${JSON.stringify(slug)},`);
        apps.forEach((app) => expect(code).toContain(`adopt: { applicationId: ${JSON.stringify(app.id)}`));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

test("construct ids derived from application names are lower-case, hyphenated and unique", () => {
  const taken = new Set<string>();
  expect(["Team Wiki", "team-wiki", "Grafana (prod)", "***", "***"].map((name) => uniqueId(name, taken))).toEqual([
    "team-wiki",
    "team-wiki-2",
    "grafana-prod",
    "application",
    "application-2",
  ]);
});

test("the bin runs discover --help", () => {
  const bin = path.join(__dirname, "..", "bin", "cdktf-authentik-cloudflare-access.js");
  const result = spawnSync(process.execPath, [bin, "discover", "--help"], { encoding: "utf8", timeout: 60000 });
  expect(result.status).toBe(0);
  expect(result.stdout).toContain("Usage: cdktf-authentik-cloudflare-access discover [flags]");
  expect(result.stdout).toContain("AUTHENTIK_TOKEN");
});
