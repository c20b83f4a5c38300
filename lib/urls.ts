import { Fn, Token } from "cdktf";

/**
 * The URLs both sides of the integration agree on, built from the team name, the
 * authentik origin and the application slug. Literal inputs give literal URLs;
 * token inputs give Terraform expressions.
 */

/** `<team>.cloudflareaccess.com`, the Zero Trust team domain. */
export function teamDomain(teamName: string): string {
  return `${teamName}.cloudflareaccess.com`;
}

/** Where Cloudflare Access receives the authorization code. */
export function accessCallbackUrl(teamName: string): string {
  return `https://${teamDomain(teamName)}/cdn-cgi/access/callback`;
}

/** Where Cloudflare publishes the keys that sign `Cf-Access-Jwt-Assertion` tokens, for origins to verify them. */
export function accessCertsUrl(teamName: string): string {
  return `https://${teamDomain(teamName)}/cdn-cgi/access/certs`;
}

/** Cloudflare's logout URL: ends the user's Access session for every application of the team (not the authentik session). */
export function accessLogoutUrl(teamName: string): string {
  return `https://${teamDomain(teamName)}/cdn-cgi/access/logout`;
}

/**
 * The authentik origin without a trailing slash. A literal is normalised with the
 * WHATWG URL parser (lower-case host, default port dropped); a token is trimmed of
 * a trailing slash by Terraform.
 */
export function authentikBaseUrl(authentikUrl: string): string {
  if (Token.isUnresolved(authentikUrl)) {
    return Fn.trimsuffix(authentikUrl, "/");
  }
  return new URL(authentikUrl).origin;
}

/** The OAuth2/OIDC endpoints authentik serves for one application. */
export class AuthentikOidcEndpoints {
  /** Authorization endpoint, shared by all OAuth2 providers. */
  public readonly authUrl: string;
  /** Token endpoint, shared by all OAuth2 providers. */
  public readonly tokenUrl: string;
  /** JSON Web Key Set of the application: built from the application slug, not the provider name. */
  public readonly certsUrl: string;
  /** Issuer in authentik's default per-provider issuer mode. */
  public readonly issuerUrl: string;
  /** OpenID Connect discovery document. */
  public readonly discoveryUrl: string;
  /** RP-initiated logout (end-session) endpoint of the application. */
  public readonly endSessionUrl: string;

  constructor(baseUrl: string, applicationSlug: string) {
    const oauth = `${baseUrl}/application/o`;
    this.authUrl = `${oauth}/authorize/`;
    this.tokenUrl = `${oauth}/token/`;
    this.certsUrl = `${oauth}/${applicationSlug}/jwks/`;
    this.issuerUrl = `${oauth}/${applicationSlug}/`;
    this.discoveryUrl = `${oauth}/${applicationSlug}/.well-known/openid-configuration`;
    this.endSessionUrl = `${oauth}/${applicationSlug}/end-session/`;
  }
}

/** `accounts/<account_id>/<id>` or `zones/<zone_id>/<id>`: how the Cloudflare provider imports identity providers and Access applications. */
export function cloudflareImportId(integration: { readonly accountId?: string; readonly zoneId?: string }, id: string): string {
  return integration.accountId !== undefined ? `accounts/${integration.accountId}/${id}` : `zones/${integration.zoneId}/${id}`;
}
