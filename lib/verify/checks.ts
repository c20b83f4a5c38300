import { AuthentikOidcEndpoints } from "../urls";

/**
 * The checks of `verify`, the scripted "Test" button of the guide. Each one is a
 * function of what an earlier check fetched, over an injected HTTP getter, so the
 * logic runs the same against real servers and in unit tests. No check ever reads
 * a secret out of a response, so none can print one.
 */

/** `warn` reports a risk that does not break the login: it does not change the exit status. */
export type CheckStatus = "pass" | "fail" | "warn" | "skip";

export interface CheckResult {
  /** Short, stable name of the check, e.g. `discovery`. */
  readonly name: string;
  readonly status: CheckStatus;
  /** What was found, naming the URL or field involved. */
  readonly detail: string;
  /** What to change when the check failed. */
  readonly fix?: string;
}

export interface HttpResponse {
  readonly status: number;
  /** The `Location` header, reported when a URL redirects. */
  readonly location?: string;
  readonly body: string;
}

/** One GET without following redirects; rejects (with an `Error` carrying a `code`) when no response arrives. */
export type HttpGet = (url: string, headers?: Readonly<Record<string, string>>) => Promise<HttpResponse>;

/** Where and how to read the Cloudflare Access identity provider. */
export interface CloudflareTarget {
  /** API base URL without a trailing slash, e.g. `https://api.cloudflare.com/client/v4`. */
  readonly apiUrl: string;
  readonly apiToken: string;
  readonly scope: "accounts" | "zones";
  /** The account or zone id. */
  readonly scopeId: string;
  readonly identityProviderId: string;
}

/** Why the Cloudflare checks cannot run, phrased as how to enable them. */
export interface CloudflareSkipped {
  readonly skipReason: string;
}

export interface VerifyTarget {
  /** The authentik origin, normalised: `https://host[:port]` without a trailing slash. */
  readonly authentikUrl: string;
  readonly applicationSlug: string;
  /** The client id Cloudflare should use; not compared when absent. */
  readonly expectedClientId?: string;
  readonly cloudflare: CloudflareTarget | CloudflareSkipped;
}

export const CLOUDFLARE_READ_PERMISSION = "Access: Organizations, Identity Providers, and Groups Read";

const SIGNING_KEY_FIX = "select a signing key in the authentik provider (signingKeyName/signingKeyId), an RSA key such as the stock one";

/** Runs every check in order; a check whose input is missing is reported as skipped. */
export async function runChecks(target: VerifyTarget, get: HttpGet): Promise<CheckResult[]> {
  const endpoints = new AuthentikOidcEndpoints(target.authentikUrl, target.applicationSlug);
  const discovery = await checkDiscovery(get, endpoints, target.applicationSlug);
  const results: CheckResult[] = [discovery.result];
  if (discovery.document) {
    results.push(checkIssuer(discovery.document, endpoints));
    results.push(checkEndpoints(discovery.document, endpoints));
    results.push(await checkJwks(get, endpoints));
    results.push(checkSigningAlgorithms(discovery.document));
  } else {
    const detail = "needs the discovery document";
    results.push(...["issuer", "endpoints", "jwks", "signing-alg"].map((name) => skip(name, detail)));
  }
  results.push(...(await checkCloudflare(get, target, endpoints)));
  return results;
}

/**
 * Compares as Cloudflare and authentik would: the origin normalised (lower-case
 * scheme and host, default port dropped), the rest of the URL exactly, because
 * authentik's routes are exact down to the trailing slash.
 */
export function normaliseUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(.*)$/i.exec(url);
  if (!match) {
    return url;
  }
  try {
    return new URL(match[1]).origin + match[2];
  } catch {
    return url;
  }
}

export function sameUrl(actual: unknown, expected: string): boolean {
  return typeof actual === "string" && normaliseUrl(actual) === normaliseUrl(expected);
}

// --- authentik ---------------------------------------------------------------

export interface DiscoveryOutcome {
  readonly result: CheckResult;
  /** The parsed discovery document, when the check passed. */
  readonly document?: Readonly<Record<string, unknown>>;
}

export async function checkDiscovery(get: HttpGet, endpoints: AuthentikOidcEndpoints, applicationSlug: string): Promise<DiscoveryOutcome> {
  const url = endpoints.discoveryUrl;
  const fetched = await fetchJson(get, url, {}, AUTHENTIK_TRANSPORT_FIX);
  if ("failure" in fetched) {
    return { result: fail("discovery", fetched.failure) };
  }
  if (fetched.status === 404) {
    return {
      result: fail("discovery", {
        detail: `${url} answered 404: there is no application with slug "${applicationSlug}", or it has no OAuth2/OpenID provider`,
        fix: "check --application-slug (the application's slug, not the provider's name) and that the application's provider is its OAuth2/OpenID provider",
      }),
    };
  }
  if (fetched.status !== 200) {
    return { result: fail("discovery", { detail: `${url} answered ${fetched.status}, expected 200`, fix: "check authentik's logs" }) };
  }
  if (!isRecord(fetched.json)) {
    return {
      result: fail("discovery", {
        detail: `${url} did not answer with a JSON object`,
        fix: "check that --authentik-url is the origin of an authentik server, not of a login page or proxy in front of it",
      }),
    };
  }
  return { result: pass("discovery", `${url} answers over https`), document: fetched.json };
}

export function checkIssuer(document: Readonly<Record<string, unknown>>, endpoints: AuthentikOidcEndpoints): CheckResult {
  if (sameUrl(document.issuer, endpoints.issuerUrl)) {
    return pass("issuer", `issuer is ${endpoints.issuerUrl}`);
  }
  return fail("issuer", {
    detail: `issuer is ${show(document.issuer)}, expected ${endpoints.issuerUrl}`,
    fix: "keep the provider's issuer mode per-provider (issuer_mode = per_provider) and let the reverse proxy forward the Host header, so authentik builds its URLs from --authentik-url",
  });
}

export function checkEndpoints(document: Readonly<Record<string, unknown>>, endpoints: AuthentikOidcEndpoints): CheckResult {
  const mismatches = compareUrls(document, [
    ["authorization_endpoint", endpoints.authUrl],
    ["token_endpoint", endpoints.tokenUrl],
    ["jwks_uri", endpoints.certsUrl],
  ]);
  if (mismatches.length === 0) {
    return pass("endpoints", "authorization_endpoint, token_endpoint and jwks_uri are the URLs configured in Cloudflare");
  }
  return fail("endpoints", {
    detail: mismatches.join("; "),
    fix: "authentik builds these URLs from the Host and scheme it is reached with: make the reverse proxy forward Host and X-Forwarded-Proto for --authentik-url",
  });
}

export async function checkJwks(get: HttpGet, endpoints: AuthentikOidcEndpoints): Promise<CheckResult> {
  const url = endpoints.certsUrl;
  const fetched = await fetchJson(get, url, {}, AUTHENTIK_TRANSPORT_FIX);
  if ("failure" in fetched) {
    return fail("jwks", fetched.failure);
  }
  if (fetched.status !== 200) {
    return fail("jwks", { detail: `${url} answered ${fetched.status}, expected 200`, fix: "check authentik's logs" });
  }
  const keys = isRecord(fetched.json) ? fetched.json.keys : undefined;
  if (!Array.isArray(keys)) {
    return fail("jwks", { detail: `${url} did not answer with a JSON Web Key Set (no "keys" list)`, fix: "check authentik's logs" });
  }
  if (keys.length === 0) {
    return fail("jwks", {
      detail: `${url} holds no keys: the provider has no signing key, so authentik signs ID tokens with HS256 and the client secret, which Cloudflare cannot verify`,
      fix: SIGNING_KEY_FIX,
    });
  }
  const usable = keys.filter(isRs256SigningKey);
  if (usable.length === 0) {
    return fail("jwks", {
      detail: `${url} holds no RSA key usable for RS256 (found ${keys.map(describeKey).join(", ")}); Cloudflare verifies ID tokens with RS256`,
      fix: SIGNING_KEY_FIX,
    });
  }
  return pass(
    "jwks",
    `${url} holds ${usable.length} RSA key${usable.length === 1 ? "" : "s"} for RS256 (${usable.map(describeKey).join(", ")})`,
  );
}

export function checkSigningAlgorithms(document: Readonly<Record<string, unknown>>): CheckResult {
  const algorithms = document.id_token_signing_alg_values_supported;
  if (Array.isArray(algorithms) && algorithms.includes("RS256")) {
    return pass("signing-alg", "id_token_signing_alg_values_supported includes RS256");
  }
  return fail("signing-alg", {
    detail: `id_token_signing_alg_values_supported is ${show(algorithms)}, without RS256: ID tokens would be signed with an algorithm Cloudflare cannot verify`,
    fix: SIGNING_KEY_FIX,
  });
}

/** A key Cloudflare can verify an RS256 ID token with; fields left out of a JWK allow any use. */
function isRs256SigningKey(key: unknown): boolean {
  return (
    isRecord(key) &&
    key.kty === "RSA" &&
    (key.alg === undefined || key.alg === "RS256") &&
    (key.use === undefined || key.use === "sig") &&
    typeof key.n === "string" &&
    typeof key.e === "string"
  );
}

/** Names a key by its public metadata only: an `oct` key's `k` is the secret itself. */
function describeKey(key: unknown): string {
  if (!isRecord(key)) {
    return "a key that is not an object";
  }
  const parts = (["kty", "alg", "use", "kid"] as const)
    .filter((field) => typeof key[field] === "string")
    .map((field) => `${field} ${truncate(String(key[field]), 40)}`);
  return parts.length > 0 ? parts.join(" ") : "a key without kty";
}

// --- Cloudflare --------------------------------------------------------------

async function checkCloudflare(get: HttpGet, target: VerifyTarget, endpoints: AuthentikOidcEndpoints): Promise<CheckResult[]> {
  if ("skipReason" in target.cloudflare) {
    return [skip("cloudflare-idp", target.cloudflare.skipReason), skip("cloudflare-config", "needs the identity provider from Cloudflare")];
  }
  const identityProvider = await checkCloudflareIdentityProvider(get, target.cloudflare);
  if (!identityProvider.config) {
    return [identityProvider.result, skip("cloudflare-config", "needs the identity provider from Cloudflare")];
  }
  return [identityProvider.result, checkCloudflareConfig(identityProvider.config, endpoints, target.expectedClientId)];
}

export function identityProviderApiUrl(cloudflare: CloudflareTarget): string {
  const scopeId = encodeURIComponent(cloudflare.scopeId);
  return `${cloudflare.apiUrl}/${cloudflare.scope}/${scopeId}/access/identity_providers/${encodeURIComponent(cloudflare.identityProviderId)}`;
}

export interface IdentityProviderOutcome {
  readonly result: CheckResult;
  /** `result.config` of the identity provider, when the check passed. */
  readonly config?: Readonly<Record<string, unknown>>;
}

export async function checkCloudflareIdentityProvider(get: HttpGet, cloudflare: CloudflareTarget): Promise<IdentityProviderOutcome> {
  const url = identityProviderApiUrl(cloudflare);
  const owner = `${cloudflare.scope === "accounts" ? "account" : "zone"} ${cloudflare.scopeId}`;
  const fetched = await fetchJson(get, url, { authorization: `Bearer ${cloudflare.apiToken}` }, CLOUDFLARE_TRANSPORT_FIX);
  if ("failure" in fetched) {
    return { result: fail("cloudflare-idp", fetched.failure) };
  }
  const envelope = isRecord(fetched.json) ? fetched.json : {};
  const errors = describeApiErrors(envelope.errors);
  if (fetched.status === 401 || fetched.status === 403) {
    return {
      result: fail("cloudflare-idp", {
        detail: `${url} answered ${fetched.status}${errors}: the token in CLOUDFLARE_API_TOKEN may not read this identity provider`,
        fix: `give the token the permission "${CLOUDFLARE_READ_PERMISSION}" on ${owner}`,
      }),
    };
  }
  if (fetched.status === 404) {
    return {
      result: fail("cloudflare-idp", {
        detail: `${url} answered 404${errors}: no identity provider ${cloudflare.identityProviderId} in ${owner}`,
        fix: "check --identity-provider-id and --account-id/--zone-id (outputs identity_provider_id, cloudflare_account_id, cloudflare_zone_id)",
      }),
    };
  }
  if (fetched.status !== 200 || envelope.success !== true || !isRecord(envelope.result)) {
    return {
      result: fail("cloudflare-idp", {
        detail: `${url} answered ${fetched.status}${errors} without a successful {success, errors, result} envelope`,
        fix: "check --cloudflare-api-url and the Cloudflare status page",
      }),
    };
  }
  const identityProvider = envelope.result;
  if (identityProvider.type !== "oidc") {
    return {
      result: fail("cloudflare-idp", {
        detail: `identity provider ${cloudflare.identityProviderId} is of type ${show(identityProvider.type)}, not "oidc"`,
        fix: "--identity-provider-id must name the OpenID Connect login method the construct created (output identity_provider_id)",
      }),
    };
  }
  const name = typeof identityProvider.name === "string" ? ` (${JSON.stringify(truncate(identityProvider.name, 80))})` : "";
  return {
    result: pass(
      "cloudflare-idp",
      `identity provider ${cloudflare.identityProviderId}${name} in ${owner} is an OpenID Connect login method`,
    ),
    config: isRecord(identityProvider.config) ? identityProvider.config : {},
  };
}

export function checkCloudflareConfig(
  config: Readonly<Record<string, unknown>>,
  endpoints: AuthentikOidcEndpoints,
  expectedClientId: string | undefined,
): CheckResult {
  const mismatches = compareUrls(config, [
    ["auth_url", endpoints.authUrl],
    ["token_url", endpoints.tokenUrl],
    ["certs_url", endpoints.certsUrl],
  ]);
  const fixes: string[] = [];
  if (mismatches.some((mismatch) => mismatch.startsWith("certs_url"))) {
    fixes.push("certs_url must be built from the application slug, not the provider name");
  }
  if (expectedClientId !== undefined && config.client_id !== expectedClientId) {
    mismatches.push(`client_id is ${show(config.client_id)}, expected ${JSON.stringify(expectedClientId)} (--client-id)`);
    fixes.push("client_id must reference the authentik provider's client_id");
  }
  if (mismatches.length > 0) {
    fixes.push("re-apply the stack, or correct the login method in Zero Trust > Settings > Authentication");
    return fail("cloudflare-config", { detail: mismatches.join("; "), fix: fixes.join("; ") });
  }
  const clientId = expectedClientId === undefined ? "client_id not compared (pass --client-id)" : "client_id matches --client-id";
  return pass("cloudflare-config", `auth_url, token_url and certs_url are authentik's endpoints; ${clientId}`);
}

export function describeApiErrors(errors: unknown): string {
  if (!Array.isArray(errors) || errors.length === 0) {
    return "";
  }
  const described = errors.map((error) => {
    const message = isRecord(error) && typeof error.message === "string" ? truncate(error.message, 200) : "unknown error";
    return isRecord(error) && typeof error.code === "number" ? `${error.code} ${message}` : message;
  });
  return ` (${described.join("; ")})`;
}

// --- shared helpers ----------------------------------------------------------

export interface Failure {
  readonly detail: string;
  readonly fix?: string;
}

export type Fetched = { readonly status: number; readonly json: unknown } | { readonly failure: Failure };

export const AUTHENTIK_TRANSPORT_FIX = "check that authentik is reachable from here at --authentik-url; raise --timeout for a slow link";
export const CLOUDFLARE_TRANSPORT_FIX =
  "check that the Cloudflare API is reachable from here at --cloudflare-api-url; raise --timeout for a slow link";

const UNTRUSTED_CERTIFICATE_CODES = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
]);

/** GETs a URL and parses its body as JSON; transport errors and redirects become failures. */
export async function fetchJson(
  get: HttpGet,
  url: string,
  headers: Readonly<Record<string, string>>,
  transportFix: string,
): Promise<Fetched> {
  let response: HttpResponse;
  try {
    response = await get(url, headers);
  } catch (error) {
    return { failure: describeTransportError(url, error, transportFix) };
  }
  if (response.status >= 300 && response.status < 400) {
    return {
      failure: {
        detail: `${url} redirects (${response.status}) to ${response.location ?? "(no Location header)"}`,
        fix: "the URL must answer directly: check the scheme, host and port of the URL and the reverse proxy in front of it",
      },
    };
  }
  return { status: response.status, json: parseJson(response.body) };
}

function describeTransportError(url: string, error: unknown, transportFix: string): Failure {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error && "code" in error ? String(error.code) : "";
  if (UNTRUSTED_CERTIFICATE_CODES.has(code)) {
    return {
      detail: `${url}: the server's certificate is not trusted (${message})`,
      fix: "for a private CA pass --ca-file <pem> or set NODE_EXTRA_CA_CERTS; Cloudflare itself needs a publicly trusted certificate there",
    };
  }
  return { detail: `${url}: ${message}`, fix: transportFix };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** One message per field whose URL differs from the expected one. */
function compareUrls(actual: Readonly<Record<string, unknown>>, expected: readonly (readonly [string, string])[]): string[] {
  return expected
    .filter(([field, url]) => !sameUrl(actual[field], url))
    .map(([field, url]) => `${field} is ${show(actual[field])}, expected ${url}`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Shows a value received from a server, short enough for one line. */
export function show(value: unknown): string {
  if (value === undefined) {
    return "missing";
  }
  // URLs read best bare; anything else, or a URL with spaces, control or non-ASCII characters, is quoted.
  if (typeof value === "string" && /^https?:\/\/[\x21-\x7e]*$/.test(value)) {
    return truncate(value, 300);
  }
  return truncate(JSON.stringify(value) ?? String(value), 300);
}

export function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

export function pass(name: string, detail: string): CheckResult {
  return { name, status: "pass", detail };
}

export function fail(name: string, failure: Failure): CheckResult {
  return { name, status: "fail", detail: failure.detail, fix: failure.fix };
}

export function skip(name: string, detail: string): CheckResult {
  return { name, status: "skip", detail };
}

export function warn(name: string, failure: Failure): CheckResult {
  return { name, status: "warn", detail: failure.detail, fix: failure.fix };
}
