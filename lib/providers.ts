/**
 * The provider classes the library builds on, imported in this one module: the
 * committed authentik bindings and the Cloudflare classes from their deep paths (the
 * package root of @cdktf/provider-cloudflare loads every resource, hundreds of
 * milliseconds and over 100 MB). An edition for another CDK (CDK Terrain) rewrites
 * only these paths.
 */
import type * as accessApplication from "@cdktf/provider-cloudflare/lib/zero-trust-access-application";
import type * as accessGroup from "@cdktf/provider-cloudflare/lib/zero-trust-access-group";
import type * as accessPolicy from "@cdktf/provider-cloudflare/lib/zero-trust-access-policy";
import type * as dnsRecord from "@cdktf/provider-cloudflare/lib/dns-record";
import type * as ssoConnector from "@cdktf/provider-cloudflare/lib/sso-connector";

export { Application } from "../.gen/providers/authentik/application";
export { DataAuthentikCertificateKeyPair } from "../.gen/providers/authentik/data-authentik-certificate-key-pair";
export { DataAuthentikFlow } from "../.gen/providers/authentik/data-authentik-flow";
export { DataAuthentikGroup } from "../.gen/providers/authentik/data-authentik-group";
export { DataAuthentikPropertyMappingProviderScim } from "../.gen/providers/authentik/data-authentik-property-mapping-provider-scim";
export { DataAuthentikPropertyMappingProviderScope } from "../.gen/providers/authentik/data-authentik-property-mapping-provider-scope";
export { PolicyBinding } from "../.gen/providers/authentik/policy-binding";
export { ProviderOauth2 } from "../.gen/providers/authentik/provider-oauth2";
export { ProviderScim } from "../.gen/providers/authentik/provider-scim";
export { ZeroTrustAccessIdentityProvider } from "@cdktf/provider-cloudflare/lib/zero-trust-access-identity-provider";
export type { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
export type { SsoConnector } from "@cdktf/provider-cloudflare/lib/sso-connector";
export type { ZeroTrustAccessApplication } from "@cdktf/provider-cloudflare/lib/zero-trust-access-application";
export type { ZeroTrustAccessGroup } from "@cdktf/provider-cloudflare/lib/zero-trust-access-group";
export type { ZeroTrustAccessPolicy, ZeroTrustAccessPolicyInclude } from "@cdktf/provider-cloudflare/lib/zero-trust-access-policy";

/* eslint-disable @typescript-eslint/no-require-imports */
/** Each module once loaded: `require` resolves its specifier again on every call, thousands of times in a large app. */
const loaded: {
  application?: typeof accessApplication;
  group?: typeof accessGroup;
  policy?: typeof accessPolicy;
  dnsRecord?: typeof dnsRecord;
  ssoConnector?: typeof ssoConnector;
} = {};

/**
 * The Cloudflare classes only some features need (protected applications, Access
 * groups, dashboard SSO), loaded when first used: the three Access modules alone are
 * over 4 MB of JavaScript, which every `require` of the package would otherwise pay.
 */
export const lazyCloudflare = {
  get ZeroTrustAccessApplication(): typeof accessApplication.ZeroTrustAccessApplication {
    return (loaded.application ??= require("@cdktf/provider-cloudflare/lib/zero-trust-access-application")).ZeroTrustAccessApplication;
  },
  get ZeroTrustAccessGroup(): typeof accessGroup.ZeroTrustAccessGroup {
    return (loaded.group ??= require("@cdktf/provider-cloudflare/lib/zero-trust-access-group")).ZeroTrustAccessGroup;
  },
  get ZeroTrustAccessPolicy(): typeof accessPolicy.ZeroTrustAccessPolicy {
    return (loaded.policy ??= require("@cdktf/provider-cloudflare/lib/zero-trust-access-policy")).ZeroTrustAccessPolicy;
  },
  get DnsRecord(): typeof dnsRecord.DnsRecord {
    return (loaded.dnsRecord ??= require("@cdktf/provider-cloudflare/lib/dns-record")).DnsRecord;
  },
  get SsoConnector(): typeof ssoConnector.SsoConnector {
    return (loaded.ssoConnector ??= require("@cdktf/provider-cloudflare/lib/sso-connector")).SsoConnector;
  },
};
