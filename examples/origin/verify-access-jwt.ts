/**
 * Verifying the `Cf-Access-Jwt-Assertion` header on an origin behind Cloudflare
 * Access, with Node's built-in crypto only. Cloudflare signs the token with RS256; its
 * keys are published at `https://<team>.cloudflareaccess.com/cdn-cgi/access/certs`
 * (the integration's `accessCertsUrl`) and rotate, so they are fetched, not pinned.
 * The token's `aud` must contain the application's AUD tag (`ProtectedApplication.audience`,
 * the `application_audience` output of the example) and its issuer is the team domain.
 *
 * ```ts
 * const claims = await verifyAccessJwt(request.headers["cf-access-jwt-assertion"], {
 *   teamDomain: "company.cloudflareaccess.com",
 *   audience: process.env.ACCESS_AUD,
 * });
 * console.log(claims.email);
 * ```
 */
import { createPublicKey, JsonWebKey, verify } from "crypto";

export interface VerifyOptions {
  /** `<team>.cloudflareaccess.com`. */
  readonly teamDomain: string;
  /** The application's AUD tag. */
  readonly audience: string;
  /** Fetches the JWKS; defaults to `fetch` of the team's certs URL. */
  readonly fetchKeys?: (certsUrl: string) => Promise<{ keys: JsonWebKey[] }>;
  /** Seconds since the epoch; defaults to now. */
  readonly now?: number;
}

/** The verified claims of an Access token; throws when the token must not be trusted. */
export async function verifyAccessJwt(token: string | undefined, options: VerifyOptions): Promise<Record<string, unknown>> {
  const parts = (token ?? "").split(".");
  if (parts.length !== 3) {
    throw new Error("no Access token: the request did not come through Cloudflare Access");
  }
  const [header, payload] = parts.slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")));
  if (header.alg !== "RS256") {
    throw new Error(`unexpected signing algorithm ${JSON.stringify(header.alg)}: Access signs with RS256`);
  }
  const certsUrl = `https://${options.teamDomain}/cdn-cgi/access/certs`;
  const fetchKeys = options.fetchKeys ?? (async (url: string) => (await fetch(url)).json() as Promise<{ keys: JsonWebKey[] }>);
  const jwk = (await fetchKeys(certsUrl)).keys.find((key) => key.kid === header.kid);
  if (!jwk) {
    throw new Error(`no key ${JSON.stringify(header.kid)} at ${certsUrl}`);
  }
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  if (!verify("RSA-SHA256", signed, createPublicKey({ key: jwk, format: "jwk" }), Buffer.from(parts[2], "base64url"))) {
    throw new Error("the token's signature does not verify");
  }
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const audiences: unknown[] = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (payload.iss !== `https://${options.teamDomain}`) {
    throw new Error(`the token was issued by ${JSON.stringify(payload.iss)}, not https://${options.teamDomain}`);
  }
  if (!audiences.includes(options.audience)) {
    throw new Error("the token is for another Access application (aud)");
  }
  if (typeof payload.exp !== "number" || payload.exp <= now || (typeof payload.nbf === "number" && payload.nbf > now)) {
    throw new Error("the token has expired or is not valid yet");
  }
  return payload;
}
