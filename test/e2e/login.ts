import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as path from "path";

/**
 * Logins for the end-to-end suite, as a browser would do them but through authentik's
 * flow executor API (`/api/v3/flows/executor/<flow>/`): the OAuth2 authorization code
 * flow with PKCE, the token exchange, the ID token checked against the JWKS, and
 * RP-initiated logout. Every request has a deadline; nothing here prints a password,
 * a code, a token or a client secret.
 */

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface HttpOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs?: number;
  /** Extra trusted CA certificates (PEM), for the suite's own https front. */
  readonly ca?: string;
}

const DEFAULT_TIMEOUT_MS = 15000;

/** One request, no redirect following, with a deadline. */
export function request(url: string, options: HttpOptions = {}): Promise<HttpResponse> {
  const target = new URL(url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const send = target.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: options.method ?? "GET",
        headers: { Accept: "application/json, text/html;q=0.9", ...options.headers },
        ca: options.ca,
        timeout: timeoutMs,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () =>
      req.destroy(new Error(`${req.method} ${target.origin}${target.pathname} got no answer within ${timeoutMs} ms`)),
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** The cookies of one browser session, for one origin. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  public store(headers: http.IncomingHttpHeaders): void {
    for (const line of headers["set-cookie"] ?? []) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      if (at > 0) {
        const name = pair.slice(0, at).trim();
        const value = pair.slice(at + 1).trim();
        if (value === "" || /max-age=0/i.test(line)) {
          this.cookies.delete(name);
        } else {
          this.cookies.set(name, value);
        }
      }
    }
  }

  public get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  public header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

// --- an https front for a plain-http authentik ------------------------------------

/**
 * A TLS-terminating proxy on 127.0.0.1 in front of a local authentik reached over plain
 * http, with a certificate made for the run. The library takes only an https origin
 * (Cloudflare talks to authentik over https only) and `verify` checks over https, so a
 * local test server gets the same origin a deployment has; authentik builds its URLs
 * from the Host and X-Forwarded-Proto headers the front sets.
 */
export interface HttpsFront {
  readonly origin: string;
  /** The certificate, for clients that must trust the front. */
  readonly caPem: string;
  readonly caFile: string;
  close(): Promise<void>;
}

export async function startHttpsFront(upstream: string, directory: string): Promise<HttpsFront> {
  const keyFile = path.join(directory, "front-key.pem");
  const caFile = path.join(directory, "front-cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      keyFile,
      "-out",
      caFile,
    ],
    { stdio: "ignore", timeout: 30000 },
  );
  const caPem = fs.readFileSync(caFile, "utf8");
  const target = new URL(upstream);
  const server = https.createServer({ key: fs.readFileSync(keyFile), cert: caPem }, (req, res) => {
    const forward = http.request(
      {
        host: target.hostname,
        port: target.port || 80,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, "x-forwarded-proto": "https", "x-forwarded-for": "127.0.0.1" },
        timeout: 60000,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("timeout", () => forward.destroy(new Error("upstream timeout")));
    forward.on("error", () => {
      if (!res.headersSent) {
        res.writeHead(502);
      }
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    origin: `https://127.0.0.1:${port}`,
    caPem,
    caFile,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// --- the login -----------------------------------------------------------------------

export interface OidcClient {
  /** The https origin users reach authentik at, e.g. https://authentik.company. */
  readonly origin: string;
  readonly applicationSlug: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Trusted CA (PEM) for `origin`, when it is the suite's own front. */
  readonly ca?: string;
  readonly timeoutMs?: number;
}

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** How an authorization request ended. */
export type AuthorizationOutcome =
  | { readonly kind: "code"; readonly code: string; readonly state: string | null }
  | { readonly kind: "denied"; readonly status: number; readonly message: string }
  | { readonly kind: "error"; readonly status: number; readonly message: string };

export interface IdTokenClaims {
  readonly iss: string;
  readonly aud: string | string[];
  readonly sub: string;
  readonly email?: string;
  readonly groups?: string[];
  readonly nonce?: string;
  readonly [claim: string]: unknown;
}

export interface VerifiedLogin {
  readonly header: { alg: string; kid?: string };
  readonly claims: IdTokenClaims;
  /** The ID token itself, for `id_token_hint`; never printed. */
  readonly idToken: string;
}

const MAX_HOPS = 15;

/**
 * One browser session against authentik: a cookie jar, the flow executor, and the
 * OAuth2/OIDC endpoints of one application.
 */
export class BrowserSession {
  private readonly jar = new CookieJar();
  private readonly timeoutMs: number;

  constructor(
    private readonly client: OidcClient,
    private readonly user: Credentials,
  ) {
    this.timeoutMs = client.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** The authorization request with PKCE, to `redirectUri`, as far as authentik lets it go. */
  public async authorize(redirectUri: string, pkce: Pkce, state: string, nonce: string): Promise<AuthorizationOutcome> {
    const query = new URLSearchParams({
      client_id: this.client.clientId,
      redirect_uri: redirectUri,
      response_type: "code",
      scope: "openid email profile",
      state,
      nonce,
      code_challenge: pkce.challenge,
      code_challenge_method: "S256",
    });
    const end = await this.navigate(`${this.client.origin}/application/o/authorize/?${query}`, redirectUri);
    if (end.kind === "left") {
      const back = new URL(end.url);
      const code = back.searchParams.get("code");
      if (code === null) {
        return { kind: "error", status: 302, message: `redirected back without a code: error=${back.searchParams.get("error")}` };
      }
      return { kind: "code", code, state: back.searchParams.get("state") };
    }
    if (end.kind === "denied") {
      return { kind: "denied", status: end.status, message: end.message };
    }
    return { kind: "error", status: end.status, message: end.message };
  }

  /** The token request: the code, the PKCE verifier and the client's credentials. */
  public async exchange(code: string, redirectUri: string, pkce: Pkce): Promise<{ idToken: string; accessToken: string }> {
    const response = await request(`${this.client.origin}/application/o/token/`, {
      method: "POST",
      ca: this.client.ca,
      timeoutMs: this.timeoutMs,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: redirectUri,
        code_verifier: pkce.verifier,
        client_id: this.client.clientId,
        client_secret: this.client.clientSecret,
      }).toString(),
    });
    const body = parseJson(response.body);
    if (response.status !== 200 || typeof body?.id_token !== "string") {
      throw new Error(`token endpoint answered ${response.status}: ${describeError(body, response.body)}`);
    }
    return { idToken: body.id_token as string, accessToken: String(body.access_token) };
  }

  /**
   * RP-initiated logout with `post_logout_redirect_uri`: where authentik finally sends
   * the browser (`to` of the last redirect), or the last component it showed instead.
   */
  public async endSession(idToken: string, postLogoutRedirectUri: string): Promise<{ redirectedTo?: string; shown?: string }> {
    const query = new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: postLogoutRedirectUri });
    const end = await this.navigate(
      `${this.client.origin}/application/o/${this.client.applicationSlug}/end-session/?${query}`,
      postLogoutRedirectUri,
    );
    switch (end.kind) {
      case "left":
      case "landed":
        return { redirectedTo: end.url };
      case "component":
        return { shown: end.component };
      default:
        return { shown: `${end.kind} (${end.status}): ${end.message}` };
    }
  }

  /**
   * Follows redirects and runs flows until the browser would leave authentik for
   * `leaveTo`, lands on a page of authentik, or is refused.
   */
  private async navigate(start: string, leaveTo: string): Promise<NavigationEnd> {
    let url = start;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      if (url.startsWith(leaveTo) || !url.startsWith(this.client.origin)) {
        return { kind: "left", url };
      }
      const flow = /^\/if\/flow\/([^/]+)\/$/.exec(new URL(url).pathname);
      if (flow) {
        const result = await this.runFlow(flow[1], new URL(url).search.replace(/^\?/, ""));
        if (result.kind !== "redirect") {
          return result;
        }
        url = new URL(result.to, this.client.origin).toString();
        continue;
      }
      const response = await this.get(url);
      if (response.status >= 300 && response.status < 400 && response.headers.location) {
        url = new URL(response.headers.location, url).toString();
        continue;
      }
      if (response.status === 200 && /Permission denied|Request has been denied/i.test(response.body)) {
        return { kind: "denied", status: response.status, message: pageText(response.body) };
      }
      if (response.status === 200) {
        return { kind: "landed", url, status: response.status, message: `landed on ${redactQuery(url)}: ${pageText(response.body)}` };
      }
      return { kind: "error", status: response.status, message: pageText(response.body) };
    }
    throw new Error(`more than ${MAX_HOPS} redirects from ${redactQuery(start)}`);
  }

  /** Runs a flow through the executor API, answering the stages a password login shows. */
  private async runFlow(slug: string, query: string): Promise<FlowEnd> {
    const executor = `${this.client.origin}/api/v3/flows/executor/${encodeURIComponent(slug)}/?query=${encodeURIComponent(query)}`;
    let response = await this.get(executor);
    for (let step = 0; step < MAX_HOPS; step++) {
      if (response.status >= 300 && response.status < 400 && response.headers.location) {
        response = await this.get(new URL(response.headers.location, executor).toString());
        continue;
      }
      const challenge = parseJson(response.body);
      if (response.status !== 200 || challenge === undefined || typeof challenge.component !== "string") {
        return { kind: "error", status: response.status, message: `flow ${slug}: ${describeError(challenge, response.body)}` };
      }
      const component = challenge.component as string;
      const answer = this.answer(component, challenge);
      if (component === "xak-flow-redirect") {
        return { kind: "redirect", to: String(challenge.to) };
      }
      if (component === "ak-stage-access-denied") {
        return { kind: "denied", status: response.status, message: String(challenge.error_message ?? "access denied") };
      }
      if (answer === undefined) {
        return { kind: "component", status: response.status, component, message: describeError(challenge, "") };
      }
      response = await this.post(executor, { component, ...answer });
    }
    throw new Error(`flow ${slug} did not end within ${MAX_HOPS} stages`);
  }

  private answer(component: string, challenge: Record<string, unknown>): Record<string, unknown> | undefined {
    switch (component) {
      case "ak-stage-identification":
        return challenge.password_fields === true
          ? { uid_field: this.user.username, password: this.user.password }
          : { uid_field: this.user.username };
      case "ak-stage-password":
        return { password: this.user.password };
      case "ak-stage-user-login":
        return { remember_me: false };
      case "ak-stage-consent":
        return { token: challenge.token };
      default:
        return undefined;
    }
  }

  private async get(url: string): Promise<HttpResponse> {
    return this.send(url, { method: "GET" });
  }

  private async post(url: string, body: Record<string, unknown>): Promise<HttpResponse> {
    const csrf = this.jar.get("authentik_csrf");
    return this.send(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(csrf ? { "X-authentik-CSRF": csrf } : {}) },
      body: JSON.stringify(body),
    });
  }

  private async send(url: string, options: HttpOptions): Promise<HttpResponse> {
    const cookie = this.jar.header();
    const response = await request(url, {
      ...options,
      ca: this.client.ca,
      timeoutMs: this.timeoutMs,
      headers: {
        ...options.headers,
        ...(cookie ? { Cookie: cookie } : {}),
        Origin: this.client.origin,
        Referer: `${this.client.origin}/`,
      },
    });
    this.jar.store(response.headers);
    return response;
  }
}

type FlowEnd =
  | { readonly kind: "redirect"; readonly to: string }
  | { readonly kind: "denied"; readonly status: number; readonly message: string }
  | { readonly kind: "component"; readonly status: number; readonly component: string; readonly message: string }
  | { readonly kind: "error"; readonly status: number; readonly message: string };

type NavigationEnd =
  | { readonly kind: "left"; readonly url: string }
  | { readonly kind: "landed"; readonly url: string; readonly status: number; readonly message: string }
  | Exclude<FlowEnd, { kind: "redirect" }>;

// --- PKCE and the ID token -----------------------------------------------------------

export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
}

export function newPkce(): Pkce {
  const verifier = crypto.randomBytes(32).toString("base64url");
  return { verifier, challenge: crypto.createHash("sha256").update(verifier).digest("base64url") };
}

export function randomToken(): string {
  return crypto.randomBytes(16).toString("base64url");
}

/** Verifies the ID token's RS256 signature against the application's JWKS and returns its parts. */
export async function verifyIdToken(client: OidcClient, idToken: string): Promise<VerifiedLogin> {
  const [encodedHeader, encodedClaims, signature] = idToken.split(".");
  if (signature === undefined) {
    throw new Error("the ID token is not a signed JWT (three dot-separated parts)");
  }
  const header = JSON.parse(Buffer.from(encodedHeader, "base64url").toString("utf8")) as { alg: string; kid?: string };
  const claims = JSON.parse(Buffer.from(encodedClaims, "base64url").toString("utf8")) as IdTokenClaims;
  if (header.alg !== "RS256") {
    throw new Error(`the ID token is signed with ${header.alg}, not RS256: Cloudflare verifies RS256 against the JWKS`);
  }
  const jwksUrl = `${client.origin}/application/o/${client.applicationSlug}/jwks/`;
  const response = await request(jwksUrl, { ca: client.ca, timeoutMs: client.timeoutMs });
  const keys = (parseJson(response.body)?.keys ?? []) as Array<crypto.JsonWebKey & { kid?: string }>;
  const jwk = keys.find((key) => key.kid === header.kid);
  if (jwk === undefined) {
    throw new Error(`${jwksUrl} (${response.status}) holds no key with the ID token's kid (${keys.length} keys)`);
  }
  const key = crypto.createPublicKey({ key: jwk, format: "jwk" });
  const valid = crypto.verify("RSA-SHA256", Buffer.from(`${encodedHeader}.${encodedClaims}`), key, Buffer.from(signature, "base64url"));
  if (!valid) {
    throw new Error(`the ID token's signature does not verify against the key ${header.kid} of ${jwksUrl}`);
  }
  return { header, claims, idToken };
}

// --- messages without secrets ---------------------------------------------------------

function parseJson(text: string): Record<string, any> | undefined {
  try {
    const parsed = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The error fields of an answer (never tokens: only fields named like errors). */
function describeError(body: Record<string, any> | undefined, raw: string): string {
  if (body !== undefined) {
    const fields = ["error", "error_description", "detail", "error_message", "non_field_errors", "response_errors", "component"]
      .filter((name) => body[name] !== undefined)
      .map((name) => `${name}=${JSON.stringify(body[name])}`);
    if (fields.length > 0) {
      return fields.join(" ");
    }
  }
  return pageText(raw);
}

/** The visible text of an HTML page, shortened. */
function pageText(html: string): string {
  const title = /<title>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
  const text = html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return `${title ? `${title}: ` : ""}${text.slice(0, 300)}`;
}

/** A URL without its query, which may hold codes or tokens. */
function redactQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}${parsed.search ? "?(query)" : ""}`;
}
