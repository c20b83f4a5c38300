import { Fn, IResolvable, Op, Token } from "cdktf";

/** authentik release that introduced typed redirect URIs (`redirect_uri_type`) and post-logout redirect URIs. */
export const REDIRECT_URI_TYPE_SINCE = "2026.5";

/** The server version the construct assumes when none is given. */
export const DEFAULT_AUTHENTIK_VERSION = "2026.5";

const VERSION_PATTERN = /^(\d{4})\.(\d{1,2})(?:\.(\d+))?$/;

export const AUTHENTIK_VERSION_ALLOWED =
  'expected an authentik release as a string YEAR.MONTH or YEAR.MONTH.PATCH, for example "2026.5" or "2025.10.3"';

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

/** True when a known version types its redirect URIs (2026.5 and later). */
export function typesRedirectUris(version: string): boolean {
  return (releaseCode(version) ?? 0) >= (releaseCode(REDIRECT_URI_TYPE_SINCE) as number);
}

/** The same comparison for a token-valued version, evaluated by Terraform. */
export function typesRedirectUrisExpression(version: string): IResolvable {
  const parts = Fn.split(".", version);
  const code = Op.add(Op.mul(Fn.tonumber(Fn.element(parts, 0)), 100), Fn.tonumber(Fn.element(parts, 1)));
  return Op.gte(code, releaseCode(REDIRECT_URI_TYPE_SINCE) as number);
}

/**
 * The allowed redirect URIs of the OAuth2 provider: Cloudflare's callback (strict,
 * typed `authorization` from 2026.5; older servers treat every URI as an
 * authorization URI, so the key is left out entirely) and, when asked for,
 * Cloudflare's logout URL typed `logout`. A token-valued version is compared by
 * Terraform; the caller guards the logout entry with a precondition in that case.
 */
export function redirectUris(callbackUrl: string, logoutUrl: string | undefined, version: string): Array<{ [key: string]: string }> {
  const authorization = { matching_mode: "strict", url: callbackUrl };
  const logout = logoutUrl === undefined ? [] : [{ matching_mode: "strict", url: logoutUrl, redirect_uri_type: "logout" }];
  if (!Token.isUnresolved(version)) {
    return [typesRedirectUris(version) ? { ...authorization, redirect_uri_type: "authorization" } : authorization, ...logout];
  }
  const typed = typesRedirectUrisExpression(version);
  const extra = Fn.zipmap(Fn.conditional(typed, ["redirect_uri_type"], []), Fn.conditional(typed, ["authorization"], []));
  return [Token.asStringMap(Fn.merge([authorization, extra])), ...logout];
}
