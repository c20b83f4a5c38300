/**
 * The provider classes the library builds on, imported in this one module: the
 * committed authentik bindings and the Cloudflare classes from their deep paths (the
 * package root of @cdktf/provider-cloudflare loads every resource, hundreds of
 * milliseconds and over 100 MB). An edition for another CDK (CDK Terrain) rewrites
 * only these paths.
 */
export { Application } from "../.gen/providers/authentik/application";
export { DataAuthentikCertificateKeyPair } from "../.gen/providers/authentik/data-authentik-certificate-key-pair";
export { DataAuthentikFlow } from "../.gen/providers/authentik/data-authentik-flow";
export { DataAuthentikGroup } from "../.gen/providers/authentik/data-authentik-group";
export { DataAuthentikPropertyMappingProviderScim } from "../.gen/providers/authentik/data-authentik-property-mapping-provider-scim";
export { DataAuthentikPropertyMappingProviderScope } from "../.gen/providers/authentik/data-authentik-property-mapping-provider-scope";
export { PolicyBinding } from "../.gen/providers/authentik/policy-binding";
export { ProviderOauth2 } from "../.gen/providers/authentik/provider-oauth2";
export { ProviderScim } from "../.gen/providers/authentik/provider-scim";
export { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
export { SsoConnector } from "@cdktf/provider-cloudflare/lib/sso-connector";
export { ZeroTrustAccessApplication } from "@cdktf/provider-cloudflare/lib/zero-trust-access-application";
export { ZeroTrustAccessGroup } from "@cdktf/provider-cloudflare/lib/zero-trust-access-group";
export { ZeroTrustAccessIdentityProvider } from "@cdktf/provider-cloudflare/lib/zero-trust-access-identity-provider";
export { ZeroTrustAccessPolicy } from "@cdktf/provider-cloudflare/lib/zero-trust-access-policy";
export type { ZeroTrustAccessPolicyInclude } from "@cdktf/provider-cloudflare/lib/zero-trust-access-policy";
