/**
 * The end-to-end suite (`npm run test:e2e`): the library used as a user uses it, deployed
 * to the authentik (and Cloudflare account) the environment names, then logged in to
 * and destroyed. Each run works under its own run id, which is in every slug, name and
 * client id it creates; it deletes what it made even when a step fails, and fails if
 * the authentik API still lists anything carrying the run id afterwards.
 *
 * Without Cloudflare credentials the Cloudflare resources are planned (with
 * `-refresh=false` and a placeholder API token, which the provider accepts offline) but
 * not applied: apply, the "no changes" plans and destroy target the authentik
 * resources (`-target`), and the SCIM provider, which reads its endpoint and token from
 * the Cloudflare identity provider, gets a placeholder endpoint (escape hatch) so the
 * authentik half can be applied.
 */
import { spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { AuthentikCloudflareAccess, AuthentikCloudflareAccessProps, ProtectedApplicationOptions, authentik } from "../../lib";
import {
  BrowserSession,
  Credentials,
  HttpsFront,
  OidcClient,
  newPkce,
  randomToken,
  request,
  startHttpsFront,
  verifyIdToken,
} from "./login";
import { resourceAddresses, TerraformRun } from "./terraform-run";

const REQUEST_TIMEOUT_MS = 15000;
const VERIFY_TIMEOUT_MS = 60000;
/** What the Cloudflare provider is configured with when the suite does not apply to Cloudflare. */
const PLACEHOLDER_CLOUDFLARE_TOKEN = "e2e_placeholder_token_0123456789abcdef01";
const PLACEHOLDER_ACCOUNT_ID = "0123456789abcdef0123456789abcdef";

// --- targets, from the environment -----------------------------------------------------

function required(name: string): string {
  const value = process.env[name]?.trim();
  if (!value) {
    throw new Error(`${name} is not set: the end-to-end suite needs it (run it with npm run test:e2e)`);
  }
  return value;
}

const authentikUrl = required("AUTHENTIK_URL").replace(/\/+$/, "");
const authentikToken = required("AUTHENTIK_TOKEN");
const cloudflareToken = process.env.CLOUDFLARE_API_TOKEN?.trim() || undefined;
const cloudflareAccountId = process.env.CLOUDFLARE_ACCOUNT_ID?.trim() || undefined;
/** Both or nothing: half a Cloudflare target would apply to the wrong place or fail late. */
if ((cloudflareToken === undefined) !== (cloudflareAccountId === undefined)) {
  throw new Error("set both CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID to apply to Cloudflare, or neither to only plan it");
}
const applyCloudflare = cloudflareToken !== undefined;
/** The Zero Trust team of the Cloudflare account (only read by Cloudflare when it is applied). */
const teamName = process.env.CLOUDFLARE_TEAM_NAME?.trim() || "cdktf-e2e";
/** A hostname under a zone of the Cloudflare account; the protected applications get names under it. */
const applicationDomain = process.env.CLOUDFLARE_APPLICATION_DOMAIN?.trim() || "e2e.example.com";

/** The run id: in every slug, name and client id the run creates; lowercase so it fits each of them. */
const runId = `e2e${Date.now().toString(36)}${crypto.randomBytes(2).toString("hex")}`;
const secrets = [authentikToken, ...(cloudflareToken ? [cloudflareToken] : [])];

function redact(text: string): string {
  return secrets.reduce((out, secret) => out.split(secret).join("(redacted)"), text);
}

// --- the authentik API, for users and groups the suite creates ---------------------------

async function api(method: string, apiPath: string, body?: unknown): Promise<any> {
  const response = await request(`${authentikUrl}/api/v3${apiPath}`, {
    method,
    timeoutMs: REQUEST_TIMEOUT_MS,
    headers: {
      Authorization: `Bearer ${authentikToken}`,
      Accept: "application/json",
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status >= 300) {
    throw new Error(`authentik API ${method} ${apiPath} answered ${response.status}: ${redact(response.body.slice(0, 500))}`);
  }
  return response.body === "" ? undefined : JSON.parse(response.body);
}

/** Objects whose name, slug, username or client id holds the run id, by kind. */
async function leftovers(): Promise<string[]> {
  const searches: Array<[string, string, (item: any) => string]> = [
    ["application", "/core/applications/", (item) => item.slug],
    ["provider", "/providers/all/", (item) => item.name],
    ["group", "/core/groups/", (item) => item.name],
    ["user", "/core/users/", (item) => item.username],
  ];
  const found: string[] = [];
  for (const [kind, apiPath, name] of searches) {
    const page = await api("GET", `${apiPath}?search=${encodeURIComponent(runId)}&page_size=100`);
    for (const item of page.results as any[]) {
      if (JSON.stringify(item).includes(runId)) {
        found.push(`${kind} ${name(item)}`);
      }
    }
  }
  return found;
}

interface TestUser extends Credentials {
  readonly pk: number;
  readonly email: string;
}

async function createUser(role: string, groupPk: string | undefined): Promise<TestUser> {
  const username = `${runId}-${role}`;
  const email = `${username}@example.com`;
  const user = await api("POST", "/core/users/", {
    username,
    name: `cdktf e2e ${role} (${runId})`,
    email,
    is_active: true,
    groups: groupPk ? [groupPk] : [],
  });
  const password = crypto.randomBytes(24).toString("base64url");
  secrets.push(password);
  await api("POST", `/core/users/${user.pk}/set_password/`, { password });
  return { pk: user.pk, username, password, email };
}

// --- the run's fixtures -------------------------------------------------------------------

let workDir: string;
let front: HttpsFront | undefined;
/** The https origin written into the stacks (and Cloudflare), where users log in. */
let publicUrl: string;
let authentikVersion: string;
let groupName: string;
let groupPk: string | undefined;
let member: TestUser | undefined;
let outsider: TestUser | undefined;

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), `cdktf-${runId}-`));
  const version = await api("GET", "/admin/version/");
  const match = /^(\d{4})\.(\d{1,2})/.exec(String(version.version_current));
  if (!match) {
    throw new Error(`authentik reports version ${JSON.stringify(version.version_current)}, expected YEAR.MONTH...`);
  }
  // The server's YEAR.MONTH, as the README tells users to set it: a lower one gives a change on every plan.
  authentikVersion = `${match[1]}.${match[2]}`;

  const configured = process.env.AUTHENTIK_PUBLIC_URL?.trim().replace(/\/+$/, "");
  if (configured) {
    publicUrl = configured;
  } else if (authentikUrl.startsWith("https://")) {
    publicUrl = authentikUrl;
  } else {
    front = await startHttpsFront(authentikUrl, workDir);
    publicUrl = front.origin;
  }

  groupName = `${runId}-members`;
  groupPk = (await api("POST", "/core/groups/", { name: groupName })).pk;
  member = await createUser("member", groupPk);
  outsider = await createUser("outsider", undefined);
  console.log(
    `e2e run ${runId}: authentik ${version.version_current} at ${authentikUrl} (users log in at ${publicUrl}); ` +
      `Cloudflare ${applyCloudflare ? `applied to account ${cloudflareAccountId}` : "planned only (no CLOUDFLARE_API_TOKEN)"}`,
  );
}, 120000);

afterAll(async () => {
  const problems: string[] = [];
  const attempt = async (what: string, action: () => Promise<unknown>): Promise<void> => {
    try {
      await action();
    } catch (error) {
      problems.push(`${what}: ${redact(error instanceof Error ? error.message : String(error))}`);
    }
  };
  for (const user of [member, outsider]) {
    if (user) {
      await attempt(`delete user ${user.username}`, () => api("DELETE", `/core/users/${user.pk}/`));
    }
  }
  if (groupPk) {
    await attempt(`delete group ${groupName}`, () => api("DELETE", `/core/groups/${groupPk}/`));
  }
  await front?.close();
  // Synthesised folders hold Terraform state, which holds the client secrets.
  if (workDir) {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  await attempt("list what is left", async () => {
    const left = await leftovers();
    if (left.length > 0) {
      throw new Error(`authentik still holds objects of run ${runId}: ${left.join(", ")}`);
    }
  });
  if (problems.length > 0) {
    throw new Error(`cleanup of run ${runId} failed:\n${problems.join("\n")}`);
  }
}, 300000);

// --- stacks -----------------------------------------------------------------------------------

interface StackSpec {
  /** Short name, part of the stack name, slugs and names. */
  readonly name: string;
  /** The integration's props, beside the ones every stack sets. */
  readonly props?: (stack: TerraformStack, madeByHand?: MadeByHand) => Partial<AuthentikCloudflareAccessProps>;
  /**
   * The guide's objects made by hand (through the API) before the stack, which adopts them: the first plan must
   * import them with in-place updates only, and the apply must keep the client id and secret.
   */
  readonly makeByHand?: (slug: string) => Promise<MadeByHand>;
  /** Protect an application, as the example does. */
  readonly protect?: () => Omit<ProtectedApplicationOptions, "domain">;
  /** Values of the stack's own variables. */
  readonly variables?: () => Record<string, string>;
  /** Bindings restrict who may log in: a non-member is refused. */
  readonly restricted: boolean;
  /** The Cloudflare logout URL is registered as a post-logout redirect. */
  readonly postLogoutRedirect: boolean;
  /**
   * The stack is wrong on purpose, so that every plan shows a change (which proves the "no changes" check can fail);
   * only deploy, plans and destroy run.
   */
  readonly changesOnEveryPlan?: string;
}

/** What the guide makes by hand: its ids, and the client secret authentik generated (compared, never printed). */
interface MadeByHand {
  readonly oauth2ProviderId: number;
  readonly clientId: string;
  readonly clientSecret: string;
}

interface Deployed {
  readonly run: TerraformRun;
  readonly targets: string[];
  readonly slug: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly logoutUrl: string;
  readonly callbackUrl: string;
  readonly identityProviderId: string;
}

function synthesise(spec: StackSpec, madeByHand?: MadeByHand): { directory: string; access: AuthentikCloudflareAccess; json: any } {
  const outdir = fs.mkdtempSync(path.join(workDir, `${spec.name}-`));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, spec.name);
  // cdktf's default local state lives in the current directory; the state holds the client secrets, so it stays in
  // the run's folder, which is deleted at the end.
  new LocalBackend(stack, { path: "terraform.tfstate" });
  const authentikTokenVar = new TerraformVariable(stack, "authentik_token", { type: "string", sensitive: true });
  const cloudflareTokenVar = new TerraformVariable(stack, "cloudflare_api_token", { type: "string", sensitive: true });
  new authentik.provider.AuthentikProvider(stack, "authentik", { url: authentikUrl, token: authentikTokenVar.stringValue });
  new CloudflareProvider(stack, "cloudflare", { apiToken: cloudflareTokenVar.stringValue });

  const slug = `${runId}-${spec.name}`;
  const access = new AuthentikCloudflareAccess(stack, "access", {
    teamName,
    authentikUrl: publicUrl,
    accountId: cloudflareAccountId ?? PLACEHOLDER_ACCOUNT_ID,
    applicationName: `cdktf e2e ${slug}`,
    applicationSlug: slug,
    identityProviderName: `authentik ${slug}`,
    authentikVersion,
    ...spec.props?.(stack, madeByHand),
  });
  if (spec.protect) {
    access.protectApplication("app", { domain: `${slug}.${applicationDomain}`, ...spec.protect() });
  }
  if (access.scimProvider && !applyCloudflare) {
    // Cloudflare computes the SCIM endpoint and secret; without Cloudflare, a placeholder
    // endpoint (never reached: .invalid) lets the authentik half be applied on its own.
    const placeholder = new TerraformVariable(stack, "scim_placeholder_token", { type: "string", sensitive: true });
    access.scimProvider.addOverride("url", `https://scim.invalid/${runId}`);
    access.scimProvider.addOverride("token", placeholder.stringValue);
  }
  new TerraformOutput(stack, "authentik_url", { value: access.authentikUrl });
  new TerraformOutput(stack, "application_slug", { value: access.applicationSlug });
  new TerraformOutput(stack, "client_id", { value: access.clientId });
  new TerraformOutput(stack, "identity_provider_id", { value: access.identityProviderId });
  new TerraformOutput(stack, "client_secret", { value: access.clientSecret, sensitive: true });
  app.synth();
  const directory = path.join(outdir, "stacks", spec.name);
  const json = JSON.parse(fs.readFileSync(path.join(directory, "cdk.tf.json"), "utf8"));
  return { directory, access, json };
}

/**
 * One stack's life: synth, (plan of everything), apply, two plans without changes,
 * verify, logins, destroy. Each step is a test; destroy runs in afterAll whatever failed.
 */
function describeStack(spec: StackSpec): void {
  describe(`stack ${spec.name}`, () => {
    let deployed: Deployed | undefined;
    let applied: TerraformRun | undefined;
    let madeByHand: MadeByHand | undefined;
    const deployStep = "synth, init, plan (Cloudflare included), apply";

    /** The steps after the deployment run only when it succeeded, and say so when it did not. */
    const step = (name: string, body: () => Promise<void>, timeoutMs = 900000): void => {
      test(
        name,
        async () => {
          if (name !== deployStep && deployed === undefined) {
            throw new Error(`stack ${spec.name}, step ${name}: not run, step "${deployStep}" failed`);
          }
          try {
            await body();
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            throw new Error(redact(message.startsWith("stack ") ? message : `stack ${spec.name}, step ${name}: ${message}`));
          }
        },
        timeoutMs,
      );
    };

    step(deployStep, async () => {
      madeByHand = await spec.makeByHand?.(`${runId}-${spec.name}`);
      const { directory, access, json } = synthesise(spec, madeByHand);
      const variables: Record<string, string> = {
        authentik_token: authentikToken,
        cloudflare_api_token: cloudflareToken ?? PLACEHOLDER_CLOUDFLARE_TOKEN,
        ...(access.scimProvider && !applyCloudflare ? { scim_placeholder_token: randomToken() } : {}),
        ...spec.variables?.(),
      };
      const run = new TerraformRun({ stack: spec.name, workingDirectory: directory, variables, secrets });
      await run.init();
      const cloudflareResources = resourceAddresses(json, "cloudflare_");
      const targets = applyCloudflare ? [] : resourceAddresses(json, "authentik_");
      let creates: string[] = [];
      if (madeByHand === undefined) {
        // The plan of everything: offline, Cloudflare's resources are planned from configuration alone.
        creates = await run.plannedCreates("plan", applyCloudflare ? [] : ["-refresh=false"]);
        expect(cloudflareResources.filter((address) => !creates.includes(address))).toEqual([]);
      } else {
        // Adopted: importing reads the objects, so offline only the authentik half is planned. The objects made by
        // hand are imported and at most updated in place; nothing is destroyed, no second provider or application made.
        const changes = await run.plannedChanges(
          "plan (adopt)",
          targets.map((target) => `-target=${target}`),
        );
        const adopted = changes.filter((c) => /^authentik_(provider_oauth2|application)\./.test(c.address));
        console.log(
          `stack ${spec.name}: first plan: ${changes.map((c) => `${c.address} ${c.importing ? "import+" : ""}${c.actions.join("/")}`).join(", ")}`,
        );
        expect(adopted.map((c) => ({ address: c.address, importing: c.importing }))).toEqual(
          adopted.map((c) => ({ address: c.address, importing: true })),
        );
        expect(adopted).toHaveLength(2);
        for (const change of changes) {
          expect({ address: change.address, destroys: change.actions.includes("delete") }).toEqual({
            address: change.address,
            destroys: false,
          });
        }
        for (const change of adopted) {
          expect(change.actions.filter((a) => a !== "no-op" && a !== "update")).toEqual([]);
        }
      }
      applied = run;
      await run.apply(targets);
      console.log(
        applyCloudflare
          ? `stack ${spec.name}: applied ${creates.length} resources`
          : `stack ${spec.name}: applied the ${targets.length} authentik resources; planned, not applied: ${cloudflareResources.join(", ")}`,
      );
      const outputs = await run.outputs();
      const missing = ["client_id", "client_secret", ...(applyCloudflare ? ["identity_provider_id"] : [])].filter(
        (name) => !(name in outputs),
      );
      if (missing.length > 0) {
        throw new Error(
          `stack ${spec.name}, step output: no output ${missing.join(", ")} after apply (it has ${Object.keys(outputs).join(", ")})`,
        );
      }
      deployed = {
        run,
        targets,
        // A targeted apply leaves out outputs that depend on nothing applied, such as literal ones.
        slug: access.applicationSlug,
        clientId: String(outputs.client_id.value),
        clientSecret: String(outputs.client_secret.value),
        logoutUrl: access.logoutUrl,
        callbackUrl: access.callbackUrl,
        identityProviderId: applyCloudflare ? String(outputs.identity_provider_id.value) : "",
      };
      secrets.push(deployed.clientSecret);
      expect(outputs.client_secret.sensitive).toBe(true);
      expect(deployed.clientId).toContain(runId);
      if (madeByHand !== undefined) {
        // The client Cloudflare already uses is kept: same provider, client id and secret (compared, never printed).
        const provider = await api("GET", `/providers/oauth2/${madeByHand.oauth2ProviderId}/`);
        expect(provider.client_id).toBe(madeByHand.clientId);
        expect(deployed.clientId).toBe(madeByHand.clientId);
        expect(provider.client_secret === madeByHand.clientSecret && deployed.clientSecret === madeByHand.clientSecret).toBe(true);
      }
    });

    if (spec.changesOnEveryPlan !== undefined) {
      step(`plans twice, each with a change: ${spec.changesOnEveryPlan}`, async () => {
        const { run, targets } = deployed!;
        for (const attempt of [1, 2]) {
          const changes = await run.expectChanges(`plan after apply (${attempt})`, targets);
          console.log(`stack ${spec.name}: plan ${attempt} after apply changes:\n${changes.join("\n")}`);
          expect(changes.join("\n")).toMatch(/redirect_uri_type/);
        }
      });
    } else {
      step("plans twice without changes", async () => {
        const { run, targets } = deployed!;
        await run.expectNoChanges("plan after apply (1)", targets);
        await run.expectNoChanges("plan after apply (2)", targets);
      });
    }

    if (spec.changesOnEveryPlan === undefined) {
      step("verify", async () => {
        const args = ["verify", "--authentik-url", publicUrl, "--application-slug", deployed!.slug, "--client-id", deployed!.clientId];
        if (front) {
          args.push("--ca-file", front.caFile);
        }
        if (applyCloudflare) {
          args.push("--identity-provider-id", deployed!.identityProviderId, "--account-id", cloudflareAccountId!);
        }
        const result = await runVerify(args);
        console.log(`stack ${spec.name}: cdktf-authentik-cloudflare-access ${args.join(" ")}\n${result.output}`);
        if (result.exitCode !== 0) {
          throw new Error(`verify exited ${result.exitCode}:\n${result.output}`);
        }
        expect(result.output).toMatch(/\d+ passed, 0 failed/);
      });

      const logoutStep = spec.postLogoutRedirect
        ? "then signs out: end-session redirects to Cloudflare's logout URL, which is registered"
        : "then signs out: end-session shows authentik's page, not Cloudflare's logout URL, which is not registered";
      step(`a member logs in (code + PKCE; RS256 ID token with iss, aud, email, groups) ${logoutStep}`, async () => {
        const client = oidcClient(deployed!);
        const session = new BrowserSession(client, member!);
        const pkce = newPkce();
        const state = randomToken();
        const nonce = randomToken();
        const outcome = await session.authorize(deployed!.callbackUrl, pkce, state, nonce);
        if (outcome.kind !== "code") {
          throw new Error(`the member got no code: ${outcome.kind} (${outcome.status}): ${outcome.message}`);
        }
        expect(outcome.state).toBe(state);
        const tokens = await session.exchange(outcome.code, deployed!.callbackUrl, pkce);
        const login = await verifyIdToken(client, tokens.idToken);
        expect(login.header.alg).toBe("RS256");
        expect(login.claims.iss).toBe(`${publicUrl}/application/o/${deployed!.slug}/`);
        expect([login.claims.aud].flat()).toEqual([deployed!.clientId]);
        expect(login.claims.nonce).toBe(nonce);
        expect(login.claims.email).toBe(member!.email);
        expect(login.claims.groups).toContain(groupName);

        const logout = await session.endSession(tokens.idToken, deployed!.logoutUrl);
        const ended = logout.redirectedTo === undefined ? `showed ${logout.shown}` : `went to ${withoutQuery(logout.redirectedTo)}`;
        console.log(`stack ${spec.name}: end-session with post_logout_redirect_uri=${deployed!.logoutUrl} ${ended}`);
        if (spec.postLogoutRedirect) {
          expect(logout.redirectedTo).toBe(deployed!.logoutUrl);
        } else {
          // authentik keeps the user signed in to itself and shows its "signed out of the application" page instead.
          expect(logout).toEqual({ shown: "ak-stage-session-end" });
        }
      });

      if (spec.restricted) {
        step("a user outside the bound group is refused", async () => {
          const session = new BrowserSession(oidcClient(deployed!), outsider!);
          const outcome = await session.authorize(deployed!.callbackUrl, newPkce(), randomToken(), randomToken());
          expect(outcome.kind).toBe("denied");
          expect(outcome.kind === "denied" && outcome.message).toMatch(/Permission denied/);
        });
      } else {
        // The contrast to the stacks with bindings: the same user gets in where nothing is bound.
        step("a user outside the group gets a code, as no bindings are set", async () => {
          const session = new BrowserSession(oidcClient(deployed!), outsider!);
          const outcome = await session.authorize(deployed!.callbackUrl, newPkce(), randomToken(), randomToken());
          expect(outcome.kind === "code" ? "code" : `${outcome.kind}: ${outcome.message}`).toBe("code");
        });
      }

      step("a redirect_uri that is not registered is refused (strict matching)", async () => {
        const session = new BrowserSession(oidcClient(deployed!), member!);
        for (const wrong of [`${deployed!.callbackUrl}/extra`, `https://evil-${runId}.example.com/cdn-cgi/access/callback`]) {
          const outcome = await session.authorize(wrong, newPkce(), randomToken(), randomToken());
          expect({ wrong, kind: outcome.kind }).toEqual({ wrong, kind: "error" });
          expect(outcome.kind === "error" && outcome.message).toMatch(/Redirect URI Error/);
        }
      });
    }

    afterAll(async () => {
      if (applied !== undefined) {
        await applied.destroy();
        expect(await applied.stateList()).toEqual([]);
      } else if (madeByHand !== undefined) {
        // Made by hand but never imported (the deployment failed before its apply): delete what this run made.
        await api("DELETE", `/core/applications/${runId}-${spec.name}/`).catch(() => undefined);
        await api("DELETE", `/providers/oauth2/${madeByHand.oauth2ProviderId}/`).catch(() => undefined);
      }
    }, 900000);
  });
}

function oidcClient(deployed: Deployed): OidcClient {
  return {
    origin: publicUrl,
    applicationSlug: deployed.slug,
    clientId: deployed.clientId,
    clientSecret: deployed.clientSecret,
    ca: front?.caPem,
    timeoutMs: REQUEST_TIMEOUT_MS,
  };
}

function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}${parsed.search ? "?..." : ""}`;
}

/** The published command line, as a user runs it after deploying. */
function runVerify(args: string[]): Promise<{ exitCode: number; output: string }> {
  const bin = path.resolve(__dirname, "..", "..", "bin", "cdktf-authentik-cloudflare-access.js");
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CLOUDFLARE_API_TOKEN;
  if (applyCloudflare) {
    env.CLOUDFLARE_API_TOKEN = cloudflareToken;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`verify did not finish within ${VERIFY_TIMEOUT_MS / 1000}s:\n${redact(output)}`));
    }, VERIFY_TIMEOUT_MS);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? 1, output: redact(output) });
    });
  });
}

// --- the stacks of the issue -----------------------------------------------------------------

describeStack({
  // main.ts's stack: post-logout redirect, SCIM with user deprovisioning, a protected application.
  name: "example",
  props: () => ({ postLogoutRedirect: true, scim: { userDeprovision: true } }),
  protect: () => ({ allowGroups: [groupName] }),
  restricted: false,
  postLogoutRedirect: true,
});

describeStack({
  name: "listbind",
  props: (stack) => ({
    bindings: {
      groupNames: new TerraformVariable(stack, "allowed_groups", { type: "list(string)" }).listValue,
    },
  }),
  variables: () => ({ allowed_groups: JSON.stringify([groupName]) }),
  restricted: true,
  postLogoutRedirect: false,
});

describeStack({
  name: "logout",
  props: () => ({ postLogoutRedirect: true }),
  restricted: false,
  postLogoutRedirect: true,
});

describeStack({
  name: "scim",
  props: () => ({ scim: { userDeprovision: true, groupNames: [groupName] }, bindings: { groupNames: [groupName] } }),
  restricted: true,
  postLogoutRedirect: false,
});

describeStack({
  name: "protected",
  props: () => ({ bindings: { groupNames: [groupName] } }),
  protect: () => ({ allowGroups: [groupName] }),
  restricted: true,
  postLogoutRedirect: false,
});

/** The guide's authentik objects, made by hand through the API as a user following the guide would. */
async function makeGuideObjectsByHand(slug: string): Promise<MadeByHand> {
  const first = async (apiPath: string): Promise<any> => (await api("GET", apiPath)).results[0];
  const flow = async (flowSlug: string): Promise<string> => (await first(`/flows/instances/?slug=${flowSlug}`)).pk;
  const signingKey = await first(`/crypto/certificatekeypairs/?name=${encodeURIComponent("authentik Self-signed Certificate")}`);
  const mappings = await api("GET", "/propertymappings/provider/scope/?page_size=100");
  const scopeMappings = (mappings.results as any[]).filter((mapping) =>
    ["openid", "email", "profile"].some((scope) => mapping.managed === `goauthentik.io/providers/oauth2/scope-${scope}`),
  );
  // A local server answers 500 now and then while gunicorn replaces its worker, after the object was made: look it up then.
  const made = async (create: () => Promise<any>, find: () => Promise<any>): Promise<any> => {
    try {
      return await create();
    } catch (error) {
      const found = await find();
      if (found === undefined) throw error;
      return found;
    }
  };
  const clientId = `${slug}-by-hand`;
  const authorizationFlow = await flow("default-provider-authorization-implicit-consent");
  const invalidationFlow = await flow("default-provider-invalidation-flow");
  const provider = await made(
    () =>
      api("POST", "/providers/oauth2/", {
        name: `Provider for cdktf e2e ${slug}`,
        authorization_flow: authorizationFlow,
        invalidation_flow: invalidationFlow,
        client_type: "confidential",
        client_id: clientId,
        signing_key: signingKey.pk,
        property_mappings: scopeMappings.map((mapping) => mapping.pk),
        redirect_uris: [{ matching_mode: "strict", url: `https://${teamName}.cloudflareaccess.com/cdn-cgi/access/callback` }],
      }),
    async () => (await api("GET", `/providers/oauth2/?client_id=${encodeURIComponent(clientId)}`)).results[0],
  );
  secrets.push(provider.client_secret);
  await made(
    () => api("POST", "/core/applications/", { name: `cdktf e2e ${slug}`, slug, provider: provider.pk }),
    () => api("GET", `/core/applications/${slug}/`).catch(() => undefined),
  );
  return { oauth2ProviderId: provider.pk, clientId: provider.client_id, clientSecret: provider.client_secret };
}

if (!applyCloudflare) {
  // With a Cloudflare account the hand-made login method would have to exist too; not covered yet.
  describeStack({
    // A setup made by hand with the guide, taken over with `adopt` (imports, not a second provider or application).
    name: "adopt",
    makeByHand: makeGuideObjectsByHand,
    props: (_stack, madeByHand) => ({
      clientId: madeByHand!.clientId,
      accessTokenValidity: "hours=1", // what authentik gives a provider made by hand
      bindings: { groupNames: [groupName] },
      adopt: { oauth2ProviderId: String(madeByHand!.oauth2ProviderId), identityProviderId: "00000000-0000-4000-8000-000000000000" },
    }),
    restricted: true,
    postLogoutRedirect: false,
  });
}

describeStack({
  // The README's warning, measured: authentikVersion below the server's leaves out redirect_uri_type, which the server adds back.
  name: "oldversion",
  props: () => ({ authentikVersion: "2025.10" }),
  restricted: false,
  postLogoutRedirect: false,
  changesOnEveryPlan: "authentikVersion 2025.10 is below the server's version",
});
