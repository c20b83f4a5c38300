import { Fn, Op, Token } from "cdktf";

/** authentik release that introduced typed redirect URIs (`redirect_uri_type`). */
export const REDIRECT_URI_TYPE_SINCE = "2026.5";

const VERSION_PATTERN = /^(\d{4})\.(\d{1,2})(?:\.(\d+))?$/;

export const AUTHENTIK_VERSION_ALLOWED =
  'expected an authentik release as YEAR.MONTH or YEAR.MONTH.PATCH, for example "2026.5" or "2025.10.3"';

/** `2026.5.1` → 202605; undefined when the string is not a release version. */
export function releaseCode(version: string): number | undefined {
  const match = VERSION_PATTERN.exec(version);
  if (!match) {
    return undefined;
  }
  const month = Number(match[2]);
  if (month < 1 || month > 12) {
    return undefined;
  }
  return Number(match[1]) * 100 + month;
}

/**
 * The allowed redirect URI entry for Cloudflare's callback. From authentik 2026.5 it
 * is typed `authorization`; older servers treat every URI as an authorization URI
 * and the key is left out entirely. A token-valued version is compared by Terraform.
 */
export function authorizationRedirectUri(callbackUrl: string, authentikVersion: string): { [key: string]: string } {
  const base = { matching_mode: "strict", url: callbackUrl };
  if (!Token.isUnresolved(authentikVersion)) {
    const since = releaseCode(REDIRECT_URI_TYPE_SINCE) as number;
    const typed = (releaseCode(authentikVersion) ?? 0) >= since;
    return typed ? { ...base, redirect_uri_type: "authorization" } : base;
  }
  const parts = Fn.split(".", authentikVersion);
  const code = Op.add(Op.mul(Fn.tonumber(Fn.element(parts, 0)), 100), Fn.tonumber(Fn.element(parts, 1)));
  const typed = Op.gte(code, releaseCode(REDIRECT_URI_TYPE_SINCE) as number);
  const extra = Fn.zipmap(Fn.conditional(typed, ["redirect_uri_type"], []), Fn.conditional(typed, ["authorization"], []));
  return Token.asStringMap(Fn.merge([base, extra]));
}
