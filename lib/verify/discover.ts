import { accessCallbackUrl, AuthentikOidcEndpoints } from "../urls";
import { ApiRecord, AuthentikApi, CloudflareApi, getAuthentik, listAuthentik, listCloudflare, MAX_PAGES, quoted, text } from "./api";
import { CheckResult, CLOUDFLARE_READ_PERMISSION, fail, HttpGet, pass, sameUrl, show, skip, warn } from "./checks";
import {
  parseAuthentikUrl,
  parseCloudflareApiUrl,
  parseCommandFlags,
  parseTimeout,
  printResults,
  readExtraCa,
  commandOutput,
  runCommand,
  usageErrorStatus,
  UsageError,
} from "./cli";
import { createHttpGet } from "./http";

/**
 * `cdktf-authentik-cloudflare-access discover`: finds the objects a hand-made setup of
 * the guide created (authentik OAuth2 provider, application and SCIM provider; the
 * Cloudflare login method and the Access applications that allow it) and prints the
 * ids to adopt them with. Read only: it sends GET requests and nothing else. Exit
 * status 0 when the guide's objects were found, 1 when nothing (or nothing
 * unambiguous) matched or an API failed, 2 on a usage error.
 */

export const USAGE = `Usage: cdktf-authentik-cloudflare-access discover [flags]

Finds the objects of an existing authentik + Cloudflare Access setup made by hand
following the guide, and prints a table of what it found and what it could not match
and why, then a TypeScript snippet that adopts them with AuthentikCloudflareAccess
(\`adopt\` ids), so the first plan imports them instead of creating new ones.
Read only: it sends GET requests only.

Flags:
  --authentik-url <url>         https origin of authentik, e.g. https://authentik.company  (required)
  --team-name <team>            Zero Trust team name, the <team> of <team>.cloudflareaccess.com  (required)
  --account-id <32 hex>         Cloudflare account holding the login method
  --zone-id <32 hex>            or its zone, for a zone-scoped login method
  --timeout <ms>                deadline of each request (default 10000)
  --cloudflare-api-url <url>    Cloudflare API base URL (default https://api.cloudflare.com/client/v4)
  --ca-file <pem>               extra trusted CA certificates, e.g. for authentik behind a private CA
  -h, --help                    print this text

Environment (read only from the environment, never from a flag, never printed):
  AUTHENTIK_TOKEN       authentik API token whose user may read OAuth2 and SCIM providers and
                        applications (an admin's token). Required.
  CLOUDFLARE_API_TOKEN  token with "${CLOUDFLARE_READ_PERMISSION}" and
                        "Access: Apps and Policies Read", with --account-id or --zone-id.
                        Without it the Cloudflare objects are skipped.

Exit status: 0 when the guide's objects were found, 1 when nothing matched, a match was
ambiguous or an API failed, 2 on a usage error.`;

const APPS_PERMISSION = "Access: Apps and Policies Read";
const PROVIDERS_PERMISSION = "authentik_providers_oauth2.view_oauth2provider";
const APPLICATION_PERMISSION = "authentik_core.view_application";
const SCIM_PERMISSION = "authentik_providers_scim.view_scimprovider";
const TEAM_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const CLOUDFLARE_ID_PATTERN = /^[0-9a-fA-F]{32}$/;
const CALLBACK_PATTERN = /^https:\/\/([a-z0-9-]+)\.cloudflareaccess\.com\/cdn-cgi\/access\/callback$/i;

const FLAG_OPTIONS = {
  "authentik-url": { type: "string" },
  "team-name": { type: "string" },
  "account-id": { type: "string" },
  "zone-id": { type: "string" },
  timeout: { type: "string" },
  "cloudflare-api-url": { type: "string" },
  "ca-file": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Flags = Partial<Record<Exclude<keyof typeof FLAG_OPTIONS, "help">, string>> & { readonly help?: boolean };

export interface CloudflareScope {
  readonly scope: "accounts" | "zones";
  readonly id: string;
}

export interface DiscoverTarget {
  readonly authentik: AuthentikApi;
  readonly teamName: string;
  /** Where the Cloudflare objects live, when known. */
  readonly scope?: CloudflareScope;
  /** The Cloudflare API, or why it is not read. */
  readonly cloudflare: CloudflareApi | { readonly skipReason: string };
}

/** An Access application that allows the discovered login method, with what to adopt of it. */
export interface FoundAccessApplication {
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  readonly additionalDomains: readonly string[];
  readonly sessionDuration?: string;
  /** Other login methods the application allows besides the discovered one. */
  readonly otherIdentityProviderIds: readonly string[];
  /** The one reusable policy of the application, when it has exactly one. */
  readonly policy?: { readonly id: string; readonly name: string };
}

/** What was found; a field is absent when it was not found, not looked for, or ambiguous. */
export interface Discovery {
  readonly results: CheckResult[];
  readonly oauth2Provider?: { readonly pk: string; readonly name: string; readonly clientId: string };
  readonly applicationSlug?: string;
  readonly scimProviderId?: string;
  readonly identityProviderId?: string;
  /** Why `identityProviderId` is absent. */
  readonly identityProviderMissing?: string;
  readonly accessApplications: FoundAccessApplication[];
  /** Values read from the APIs that must never be printed (client secrets, SCIM tokens). */
  readonly secrets: string[];
}

export async function main(argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  const { apiToken, authentikToken, print, hide } = commandOutput(env, out);
  try {
    const flags = parseFlags(argv);
    if (flags.help) {
      USAGE.split("\n").forEach((line) => print(line));
      return 0;
    }
    const target = resolveTarget(flags, authentikToken, apiToken);
    const get = createHttpGet({ timeoutMs: parseTimeout(flags.timeout), extraCaPem: readExtraCa(flags["ca-file"], env) });
    print(`Discovering the guide's objects for team "${target.teamName}" on ${target.authentik.authentikUrl}`);
    const found = await discover(target, get);
    hide(found.secrets);
    printResults(found.results, print);
    const snippet = adoptSnippet(target, found);
    if (snippet.length > 0) {
      print("");
      snippet.forEach((line) => print(line));
    }
    return found.results.some((result) => result.status === "fail") ? 1 : 0;
  } catch (error) {
    return usageErrorStatus("discover", error, print);
  }
}

/** Entry point of the command line: runs `main` and sets the exit status. */
export function run(argv: string[]): void {
  runCommand("discover", main, argv);
}

function parseFlags(argv: string[]): Flags {
  return parseCommandFlags(argv, FLAG_OPTIONS) as Flags;
}

function resolveTarget(flags: Flags, authentikToken: string | undefined, apiToken: string | undefined): DiscoverTarget {
  if (flags["authentik-url"] === undefined) {
    throw new UsageError("missing --authentik-url: pass the https origin of authentik");
  }
  const authentikUrl = parseAuthentikUrl({ value: flags["authentik-url"], source: "--authentik-url" });
  const teamName = flags["team-name"];
  if (teamName === undefined) {
    throw new UsageError("missing --team-name: pass the Zero Trust team name, the <team> of <team>.cloudflareaccess.com");
  }
  if (!TEAM_NAME_PATTERN.test(teamName)) {
    throw new UsageError(
      `--team-name is ${JSON.stringify(teamName)}: expected the Zero Trust team name: a DNS label of 1 to 63 lowercase letters, digits or hyphens, not starting or ending with a hyphen`,
    );
  }
  if (authentikToken === undefined) {
    throw new UsageError(
      "AUTHENTIK_TOKEN is not set: set it to an authentik API token whose user may read OAuth2 and SCIM providers and applications (an admin's token)",
    );
  }
  const scope = resolveScope(flags);
  const apiUrl = parseCloudflareApiUrl(flags["cloudflare-api-url"]);
  const authentik = { authentikUrl, token: authentikToken };
  if (apiToken === undefined) {
    return {
      authentik,
      teamName,
      scope,
      cloudflare: {
        skipReason: `CLOUDFLARE_API_TOKEN is not set: set it to a token with "${CLOUDFLARE_READ_PERMISSION}" and "${APPS_PERMISSION}"${scope === undefined ? " and pass --account-id or --zone-id" : ""} to find the login method and Access applications`,
      },
    };
  }
  if (scope === undefined) {
    throw new UsageError("CLOUDFLARE_API_TOKEN is set: pass --account-id <32 hex> or --zone-id <32 hex> to say where the login method is");
  }
  return { authentik, teamName, scope, cloudflare: { apiUrl, apiToken } };
}

function resolveScope(flags: Flags): CloudflareScope | undefined {
  const accountId = flags["account-id"];
  const zoneId = flags["zone-id"];
  if (accountId !== undefined && zoneId !== undefined) {
    throw new UsageError("set --account-id or --zone-id, not both: a login method belongs to an account or to a zone");
  }
  const id = accountId ?? zoneId;
  if (id === undefined) {
    return undefined;
  }
  if (!CLOUDFLARE_ID_PATTERN.test(id)) {
    throw new UsageError(`${accountId ? "--account-id" : "--zone-id"} is ${JSON.stringify(id)}: expected 32 hexadecimal characters`);
  }
  return { scope: accountId ? "accounts" : "zones", id: id.toLowerCase() };
}

// --- discovery ---------------------------------------------------------------

/** Reads authentik, then Cloudflare, and reports a line per object looked for. */
export async function discover(target: DiscoverTarget, get: HttpGet): Promise<Discovery> {
  const secrets: string[] = [];
  const results: CheckResult[] = [];
  const laterChecks = ["application", "scim-provider", "login-method", "access-apps"];
  const notFound = (reason: string): Discovery => {
    const remaining = laterChecks.filter((name) => !results.some((result) => result.name === name));
    results.push(...remaining.map((name) => skip(name, `needs the OAuth2 provider and its application (${reason})`)));
    return { results, secrets, accessApplications: [] };
  };
  const callback = accessCallbackUrl(target.teamName);
  const providers = await listAuthentik(get, target.authentik, "/providers/oauth2/", {}, PROVIDERS_PERMISSION);
  if ("failure" in providers) {
    results.push(fail("oauth2-provider", providers.failure));
    return notFound("the providers could not be read");
  }
  providers.value.items.forEach((provider) => secrets.push(...secretValues(provider)));
  const candidates = providers.value.items.filter((provider) => redirectUris(provider).some((uri) => redirectMatches(uri, callback)));
  const listedAll = providers.value.complete ? "" : ` (only the first ${MAX_PAGES} pages of providers were read)`;
  if (candidates.length === 0) {
    results.push(fail("oauth2-provider", describeNoProvider(providers.value.items, callback, target.authentik.authentikUrl, listedAll)));
    return notFound("none redirects to the team's callback");
  }
  if (candidates.length > 1) {
    results.push(
      fail("oauth2-provider", {
        detail: `ambiguous: ${candidates.length} OAuth2 providers redirect to ${callback}: ${candidates.map(describeProvider).join("; ")}`,
        fix: "the guide creates one: remove the Cloudflare callback from the redirect URIs of the providers not in use (or delete them), then run discover again; no adopt ids are printed for an ambiguous match",
      }),
    );
    return notFound("ambiguous");
  }
  const provider = candidates[0];
  const clientId = text(provider, "client_id") ?? "";
  const oauth2Provider = { pk: String(provider.pk), name: text(provider, "name") ?? "", clientId };
  results.push(pass("oauth2-provider", `${describeProvider(provider)} redirects to ${callback}${listedAll}`));

  const slug = text(provider, "assigned_application_slug");
  if (slug === undefined || slug === "") {
    results.push(
      fail("application", {
        detail: `OAuth2 provider ${oauth2Provider.pk} ${quoted(oauth2Provider.name)} is not the provider of any application`,
        fix: "assign it to an application in authentik (Applications > Applications, Provider), then run discover again",
      }),
    );
    return { ...notFound("no application"), oauth2Provider };
  }
  const application = await getAuthentik(get, target.authentik, `/core/applications/${encodeURIComponent(slug)}/`, APPLICATION_PERMISSION);
  if ("failure" in application) {
    results.push(fail("application", application.failure));
  } else {
    results.push(
      pass(
        "application",
        `application ${quoted(slug)} (${quoted(application.value.name)}, ${idOf(application.value.pk)}) uses provider ${oauth2Provider.pk}`,
      ),
    );
  }
  const scim = await findScimProvider(get, target.authentik, slug, secrets);
  results.push(scim.result);
  const cloudflare = await findCloudflareObjects(get, target, slug, clientId, secrets);
  results.push(...cloudflare.results);
  return {
    results,
    oauth2Provider,
    applicationSlug: slug,
    scimProviderId: scim.pk,
    identityProviderId: cloudflare.identityProviderId,
    identityProviderMissing: cloudflare.missing,
    accessApplications: cloudflare.accessApplications,
    secrets,
  };
}

/** `redirect_uris` is a list of `{matching_mode, url}` since authentik 2024.8; older versions sent newline-separated text. */
function redirectUris(provider: ApiRecord): { mode: string; url: string }[] {
  const uris = provider.redirect_uris;
  if (typeof uris === "string") {
    return uris
      .split("\n")
      .map((url) => url.trim())
      .filter((url) => url !== "")
      .map((url) => ({ mode: "strict", url }));
  }
  if (!Array.isArray(uris)) {
    return [];
  }
  return uris
    .filter((uri): uri is ApiRecord => typeof uri === "object" && uri !== null && typeof (uri as ApiRecord).url === "string")
    .map((uri) => ({ mode: String(uri.matching_mode ?? "strict"), url: String(uri.url) }));
}

/** A strict URI must equal the callback; a regex URI must match all of it (authentik matches regex URIs in full). */
function redirectMatches(uri: { mode: string; url: string }, callback: string): boolean {
  if (uri.mode === "regex") {
    try {
      return new RegExp(`^(?:${uri.url})$`).test(callback);
    } catch {
      return false;
    }
  }
  return sameUrl(uri.url, callback);
}

function describeNoProvider(
  providers: readonly ApiRecord[],
  callback: string,
  authentikUrl: string,
  listedAll: string,
): { detail: string; fix: string } {
  const otherTeams = providers.flatMap((provider) =>
    redirectUris(provider)
      .map((uri) => CALLBACK_PATTERN.exec(uri.url)?.[1])
      .filter((team): team is string => team !== undefined)
      .map((team) => `team ${quoted(team)} (${describeProvider(provider)})`),
  );
  const others = otherTeams.length > 0 ? `; providers that redirect to other Zero Trust teams: ${otherTeams.join(", ")}` : "";
  return {
    detail: `none of the ${providers.length} OAuth2 providers of ${authentikUrl} has the redirect URI ${callback}${others}${listedAll}`,
    fix:
      otherTeams.length > 0
        ? "check --team-name: it is the <team> of <team>.cloudflareaccess.com, as in Zero Trust > Settings > Custom Pages"
        : "check --team-name and --authentik-url; the guide sets the provider's redirect URI to the team's callback",
  };
}

function describeProvider(provider: ApiRecord): string {
  const application = text(provider, "assigned_application_slug");
  return `provider ${idOf(provider.pk)} ${quoted(provider.name)} (client_id ${quoted(provider.client_id)}, ${application ? `application ${quoted(application)}` : "no application"})`;
}

async function findScimProvider(
  get: HttpGet,
  api: AuthentikApi,
  slug: string,
  secrets: string[],
): Promise<{ result: CheckResult; pk?: string }> {
  const scimProviders = await listAuthentik(get, api, "/providers/scim/", {}, SCIM_PERMISSION);
  if ("failure" in scimProviders) {
    return { result: fail("scim-provider", scimProviders.failure) };
  }
  scimProviders.value.items.forEach((provider) => secrets.push(...secretValues(provider)));
  const listedAll = scimProviders.value.complete ? "" : ` (only the first ${MAX_PAGES} pages of SCIM providers were read)`;
  const backchannels = scimProviders.value.items.filter((provider) => provider.assigned_backchannel_application_slug === slug);
  if (backchannels.length === 0) {
    return {
      result: pass(
        "scim-provider",
        `no SCIM provider is a backchannel of application ${quoted(slug)}: scimProviderId left out${listedAll}`,
      ),
    };
  }
  if (backchannels.length > 1) {
    return {
      result: warn("scim-provider", {
        detail: `${backchannels.length} SCIM providers are backchannels of application ${quoted(slug)}: ${backchannels.map((provider) => `provider ${idOf(provider.pk)} ${quoted(provider.name)} (${show(provider.url)})`).join("; ")}; scimProviderId left out`,
        fix: "the construct manages one SCIM provider: keep the one pointing at Cloudflare and remove the other from the application's backchannel providers",
      }),
    };
  }
  const scim = backchannels[0];
  return {
    result: pass(
      "scim-provider",
      `SCIM provider ${idOf(scim.pk)} ${quoted(scim.name)} (${show(scim.url)}) is a backchannel of application ${quoted(slug)}`,
    ),
    pk: String(scim.pk),
  };
}

interface CloudflareFound {
  readonly results: CheckResult[];
  readonly identityProviderId?: string;
  readonly missing?: string;
  readonly accessApplications: FoundAccessApplication[];
}

async function findCloudflareObjects(
  get: HttpGet,
  target: DiscoverTarget,
  slug: string,
  clientId: string,
  secrets: string[],
): Promise<CloudflareFound> {
  if ("skipReason" in target.cloudflare || target.scope === undefined) {
    const reason = "skipReason" in target.cloudflare ? target.cloudflare.skipReason : "no --account-id or --zone-id";
    return {
      results: [skip("login-method", reason), skip("access-apps", "needs the login method")],
      missing: "CLOUDFLARE_API_TOKEN was not set",
      accessApplications: [],
    };
  }
  const api = target.cloudflare;
  const { scope, id } = target.scope;
  const owner = `${scope === "accounts" ? "account" : "zone"} ${id}`;
  const skipApps = (reason: string): CheckResult => skip("access-apps", `needs the login method (${reason})`);
  const identityProviders = await listCloudflare(get, api, `/${scope}/${id}/access/identity_providers`, CLOUDFLARE_READ_PERMISSION);
  if ("failure" in identityProviders) {
    return {
      results: [fail("login-method", identityProviders.failure), skipApps("not read")],
      missing: "the login methods could not be read",
      accessApplications: [],
    };
  }
  identityProviders.value.items.forEach((identityProvider) => secrets.push(...secretValues(identityProvider.config)));
  const endpoints = new AuthentikOidcEndpoints(target.authentik.authentikUrl, slug);
  const oidc = identityProviders.value.items.filter((identityProvider) => identityProvider.type === "oidc");
  const configOf = (identityProvider: ApiRecord): ApiRecord =>
    typeof identityProvider.config === "object" && identityProvider.config !== null ? (identityProvider.config as ApiRecord) : {};
  const matches = oidc.filter((identityProvider) => {
    const config = configOf(identityProvider);
    return (
      sameUrl(config.auth_url, endpoints.authUrl) &&
      sameUrl(config.token_url, endpoints.tokenUrl) &&
      sameUrl(config.certs_url, endpoints.certsUrl)
    );
  });
  if (matches.length === 0) {
    const sameAuthentik = oidc.filter((identityProvider) => sameUrl(configOf(identityProvider).auth_url, endpoints.authUrl));
    const near =
      sameAuthentik.length > 0
        ? `; login methods on this authentik with other URLs: ${sameAuthentik.map((identityProvider) => `${idOf(identityProvider.id)} ${quoted(identityProvider.name)} (certs_url ${show(configOf(identityProvider).certs_url)}, token_url ${show(configOf(identityProvider).token_url)})`).join("; ")}`
        : "";
    return {
      results: [
        fail("login-method", {
          detail: `none of the ${oidc.length} OpenID Connect login methods of ${owner} uses auth_url ${endpoints.authUrl}, token_url ${endpoints.tokenUrl} and certs_url ${endpoints.certsUrl}${near}`,
          fix: "check --account-id/--zone-id; certs_url must be built from the application slug, not the provider name",
        }),
        skipApps("not found"),
      ],
      missing: "no login method matched",
      accessApplications: [],
    };
  }
  if (matches.length > 1) {
    return {
      results: [
        fail("login-method", {
          detail: `ambiguous: ${matches.length} login methods of ${owner} use application ${quoted(slug)}'s endpoints: ${matches.map((identityProvider) => `${idOf(identityProvider.id)} ${quoted(identityProvider.name)}`).join("; ")}`,
          fix: "move the Access applications to one of them and delete the others, then run discover again; no identityProviderId is printed for an ambiguous match",
        }),
        skipApps("ambiguous"),
      ],
      missing: "ambiguous",
      accessApplications: [],
    };
  }
  const cut = identityProviders.value.complete ? [] : [truncatedList("login-method", "login methods")];
  const identityProvider = matches[0];
  const identityProviderId = String(identityProvider.id);
  const configClientId = configOf(identityProvider).client_id;
  const results: CheckResult[] = [
    pass("login-method", `${identityProviderId} ${quoted(identityProvider.name)} of ${owner} uses application ${quoted(slug)}'s endpoints`),
  ];
  if (configClientId !== clientId) {
    results.push(
      warn("login-method", {
        detail: `its client_id is ${quoted(configClientId)}, the OAuth2 provider's is ${quoted(clientId)}: logins fail until they agree`,
        fix: "adopting with clientId set to the provider's client_id updates the login method in place",
      }),
    );
  }
  const apps = await findAccessApplications(get, api, target.scope, identityProviderId);
  return { results: [...results, ...cut, ...apps.results], identityProviderId, accessApplications: apps.found };
}

async function findAccessApplications(
  get: HttpGet,
  api: CloudflareApi,
  scope: CloudflareScope,
  identityProviderId: string,
): Promise<{ results: CheckResult[]; found: FoundAccessApplication[] }> {
  const apps = await listCloudflare(get, api, `/${scope.scope}/${scope.id}/access/apps`, APPS_PERMISSION);
  if ("failure" in apps) {
    return { results: [fail("access-apps", apps.failure)], found: [] };
  }
  const cut = apps.value.complete ? [] : [truncatedList("access-apps", "Access applications")];
  const allowingAny = apps.value.items.filter((app) => Array.isArray(app.allowed_idps) && app.allowed_idps.includes(identityProviderId));
  // protectApplication writes self-hosted applications; the App Launcher, SaaS and other types are left alone.
  const allowing = allowingAny.filter((app) => app.type === "self_hosted");
  const otherTypes = allowingAny.filter((app) => app.type !== "self_hosted");
  const allowingAll = apps.value.items.filter(
    (app) => app.type === "self_hosted" && (!Array.isArray(app.allowed_idps) || app.allowed_idps.length === 0),
  );
  const everyLoginMethod =
    allowingAll.length > 0
      ? `; ${allowingAll.length} self-hosted application${allowingAll.length === 1 ? "" : "s"} allow every login method (empty allowed_idps) and ${allowingAll.length === 1 ? "is" : "are"} not adopted: ${allowingAll.map((app) => quoted(app.name)).join(", ")}`
      : "";
  if (allowing.length === 0) {
    return {
      results: [
        warn("access-apps", {
          detail: `no Access application allows login method ${identityProviderId}${everyLoginMethod}`,
          fix: "nothing to adopt with protectApplication: protect applications with it afterwards",
        }),
        ...cut,
      ],
      found: [],
    };
  }
  // Reusable policies exist at account level only; a zone's applications carry their own.
  let reusable: ReadonlySet<unknown> = new Set();
  const results: CheckResult[] = [...cut];
  if (scope.scope === "accounts") {
    const policies = await listCloudflare(get, api, `/accounts/${scope.id}/access/policies`, APPS_PERMISSION);
    if ("failure" in policies) {
      results.push(warn("access-policies", { ...policies.failure, detail: `${policies.failure.detail}; policyId left out` }));
    } else {
      reusable = new Set(policies.value.items.map((policy) => policy.id));
    }
  }
  const found: FoundAccessApplication[] = [];
  for (const app of allowing) {
    const described = describeAccessApplication(app, reusable, identityProviderId);
    found.push(described.found);
    results.push(described.result);
  }
  if (otherTypes.length > 0) {
    results.push(
      warn("access-apps", {
        detail: `not adopted, as they are not self-hosted applications: ${otherTypes.map((app) => `${quoted(app.name)} (type ${quoted(app.type)}, ${idOf(app.id)})`).join(", ")}`,
        fix: "they keep working with the adopted login method; manage them outside the construct",
      }),
    );
  }
  if (everyLoginMethod !== "") {
    results.push(warn("access-apps", { detail: everyLoginMethod.slice(2), fix: "adopt them by hand if the construct should manage them" }));
  }
  return { results, found };
}

function describeAccessApplication(
  app: ApiRecord,
  reusable: ReadonlySet<unknown>,
  identityProviderId: string,
): { found: FoundAccessApplication; result: CheckResult } {
  const name = text(app, "name") ?? "";
  const domain = text(app, "domain") ?? "";
  const domains = Array.isArray(app.self_hosted_domains)
    ? app.self_hosted_domains.filter((item): item is string => typeof item === "string")
    : [];
  const policies = Array.isArray(app.policies)
    ? app.policies.filter(
        (policy): policy is ApiRecord => typeof policy === "object" && policy !== null && typeof (policy as ApiRecord).id === "string",
      )
    : [];
  const base = {
    id: String(app.id),
    name,
    domain,
    additionalDomains: domains.filter((item) => item !== domain),
    sessionDuration: text(app, "session_duration"),
    otherIdentityProviderIds: (app.allowed_idps as unknown[]).filter(
      (id): id is string => typeof id === "string" && id !== identityProviderId,
    ),
  };
  const what = `${quoted(name)} ${domain} (${idOf(app.id)})`;
  if (policies.length === 1 && reusable.has(policies[0].id)) {
    const policy = { id: String(policies[0].id), name: text(policies[0], "name") ?? "" };
    return { found: { ...base, policy }, result: pass("access-app", `${what} with reusable policy ${quoted(policy.name)} (${policy.id})`) };
  }
  const list = policies.map((policy) => `${quoted(policy.name)} (${policy.id}${reusable.has(policy.id) ? ", reusable" : ""})`).join(", ");
  const detail =
    policies.length === 0
      ? `${what} has no policy: nobody can reach it`
      : policies.length === 1
        ? `${what}: its policy ${list} is not a reusable account policy, so it cannot be adopted as policyId`
        : `${what} has ${policies.length} policies (${list}): the construct writes one reusable policy per application, so policyId is left out`;
  return {
    found: base,
    result: warn("access-app", {
      detail,
      fix: "the construct creates its own reusable policy from allowGroups/allowEmails/allowEmailDomains; delete the old policies after the first apply",
    }),
  };
}

/** A list cut at MAX_PAGES: what was found stands, but more may exist. */
function truncatedList(name: string, what: string): CheckResult {
  return warn(name, {
    detail: `only the first ${MAX_PAGES} pages of ${what} were read; more may match`,
    fix: "review the rest in the Cloudflare dashboard",
  });
}

/** An id read from a server: bare when it looks like one (digits, UUID), quoted otherwise. */
function idOf(value: unknown): string {
  return (typeof value === "string" || typeof value === "number") && /^[A-Za-z0-9-]{1,64}$/.test(String(value))
    ? String(value)
    : show(value);
}

/** Values of fields that hold secrets, so they can be redacted if a message ever quoted one. */
function secretValues(record: unknown): string[] {
  if (typeof record !== "object" || record === null) {
    return [];
  }
  return Object.entries(record as ApiRecord)
    .filter(([field, value]) => /secret|password|private_key|(^|_)token$/i.test(field) && typeof value === "string" && value.length >= 4)
    .map(([, value]) => value as string);
}

// --- snippet -----------------------------------------------------------------

/** The TypeScript to paste: constructor props with the adopt ids, one protectApplication per Access application. */
export function adoptSnippet(target: DiscoverTarget, found: Discovery): string[] {
  if (found.oauth2Provider === undefined || found.applicationSlug === undefined) {
    return [];
  }
  const q = (value: string): string => JSON.stringify(value);
  const lines = [
    "// Paste into your stack: adopts the objects above, so the first plan imports them instead of creating new ones.",
    'const access = new AuthentikCloudflareAccess(this, "access", {',
    `  teamName: ${q(target.teamName)},`,
    `  authentikUrl: ${q(target.authentik.authentikUrl)},`,
  ];
  if (target.scope === undefined) {
    lines.push('  // accountId: "<32 hex>" or zoneId: "<32 hex>": pass --account-id or --zone-id to discover the Cloudflare objects');
  } else {
    lines.push(`  ${target.scope.scope === "accounts" ? "accountId" : "zoneId"}: ${q(target.scope.id)},`);
  }
  lines.push(`  applicationSlug: ${q(found.applicationSlug)},`, `  clientId: ${q(found.oauth2Provider.clientId)},`, "  adopt: {");
  lines.push(`    oauth2ProviderId: ${q(found.oauth2Provider.pk)},`);
  if (found.identityProviderId === undefined) {
    lines.push(`    // identityProviderId: not discovered (${found.identityProviderMissing ?? "not looked for"})`);
  } else {
    lines.push(`    identityProviderId: ${q(found.identityProviderId)},`);
  }
  if (found.scimProviderId !== undefined) {
    lines.push(`    scimProviderId: ${q(found.scimProviderId)}, // with the scim prop set, as the SCIM provider is kept`);
  }
  lines.push("  },", "});");
  const ids = new Set<string>();
  for (const app of found.accessApplications) {
    lines.push(`access.protectApplication(${q(uniqueId(app.name, ids))}, {`);
    lines.push(`  domain: ${q(app.domain)},`, `  name: ${q(app.name)},`);
    if (app.additionalDomains.length > 0) {
      lines.push(`  additionalDomains: [${app.additionalDomains.map(q).join(", ")}],`);
    }
    if (app.otherIdentityProviderIds.length > 0) {
      lines.push(
        `  // also allows the login methods ${app.otherIdentityProviderIds.map(q).join(", ")}: keep them with additionalIdentityProviderIds`,
      );
    }
    if (app.sessionDuration !== undefined) {
      lines.push(`  sessionDuration: ${q(app.sessionDuration)},`);
    }
    lines.push(
      app.policy === undefined
        ? "  // allowGroups / allowEmails / allowEmailDomains: who may reach it (see the table for its current policies)"
        : `  // allowGroups / allowEmails / allowEmailDomains: copy the rules of policy ${q(app.policy.name)}`,
    );
    lines.push(`  adopt: { applicationId: ${q(app.id)}${app.policy === undefined ? "" : `, policyId: ${q(app.policy.id)}`} },`, "});");
  }
  return lines;
}

/** A construct id from an application name: lower-case words joined by hyphens, unique in the snippet. */
export function uniqueId(name: string, taken: Set<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "application";
  let id = base;
  for (let suffix = 2; taken.has(id); suffix++) {
    id = `${base}-${suffix}`;
  }
  taken.add(id);
  return id;
}

if (require.main === module) {
  run(process.argv.slice(2));
}
