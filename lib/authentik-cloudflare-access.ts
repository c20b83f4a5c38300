import { createHash } from "crypto";
import { Fn, TerraformProvider, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { ZeroTrustAccessIdentityProvider } from "@cdktf/provider-cloudflare/lib/zero-trust-access-identity-provider";
import { Application } from "../.gen/providers/authentik/application";
import { DataAuthentikCertificateKeyPair } from "../.gen/providers/authentik/data-authentik-certificate-key-pair";
import { DataAuthentikFlow } from "../.gen/providers/authentik/data-authentik-flow";
import { DataAuthentikGroup } from "../.gen/providers/authentik/data-authentik-group";
import { DataAuthentikPropertyMappingProviderScope } from "../.gen/providers/authentik/data-authentik-property-mapping-provider-scope";
import { PolicyBinding } from "../.gen/providers/authentik/policy-binding";
import { ProviderOauth2 } from "../.gen/providers/authentik/provider-oauth2";
import { AUTHENTIK_VERSION_ALLOWED, authorizationRedirectUri, releaseCode } from "./authentik-version";
import { accessCallbackUrl, AuthentikOidcEndpoints, authentikBaseUrl, teamDomain } from "./urls";
import { isKnown, PropValidator, SLUG_ALLOWED, SLUG_PATTERN, UUID_ALLOWED, UUID_PATTERN } from "./validation";

/**
 * Who may see and use the application in authentik. Each entry becomes an
 * `authentik_policy_binding` on the application. Bindings are ordered groups by
 * name, then groups by id, then users, then policies, each in the order listed.
 *
 * @see https://docs.goauthentik.io/docs/add-secure-apps/applications/manage_apps#use-bindings-to-control-access
 */
export interface AuthentikCloudflareAccessBindings {
  /**
   * Names of authentik groups, looked up with the `authentik_group` data source.
   * @default - no group bindings by name
   */
  readonly groupNames?: string[];
  /**
   * UUIDs of authentik groups.
   * @default - no group bindings by id
   */
  readonly groupIds?: string[];
  /**
   * Primary keys (numbers) of authentik users.
   * @default - no user bindings
   */
  readonly userIds?: number[];
  /**
   * UUIDs of authentik policies.
   * @default - no policy bindings
   */
  readonly policyIds?: string[];
}

/**
 * Properties of {@link AuthentikCloudflareAccess}. Every step of authentik's
 * "Integrate with Cloudflare Access" guide is a prop here, with the guide's value as
 * its default.
 */
export interface AuthentikCloudflareAccessProps {
  /**
   * The Cloudflare Zero Trust team name (Settings > Team name and domain): the
   * `<teamName>` of `<teamName>.cloudflareaccess.com`. A DNS label: lowercase letters,
   * digits and hyphens, 1 to 63 characters, not starting or ending with a hyphen.
   */
  readonly teamName: string;
  /**
   * The https origin of the authentik server, e.g. `https://authentik.company`.
   * A trailing slash is tolerated; a path, query or fragment is not.
   */
  readonly authentikUrl: string;
  /**
   * Cloudflare account id (32 hexadecimal characters) that owns the identity
   * provider. Set exactly one of `accountId` and `zoneId`.
   * @default - none; `zoneId` must be set
   */
  readonly accountId?: string;
  /**
   * Cloudflare zone id (32 hexadecimal characters), for a zone-scoped identity
   * provider. Set exactly one of `accountId` and `zoneId`.
   * @default - none; `accountId` must be set
   */
  readonly zoneId?: string;

  /**
   * Name of the authentik application.
   * @default "Cloudflare Access"
   */
  readonly applicationName?: string;
  /**
   * Slug of the authentik application. It is part of the JWKS, issuer and discovery
   * URLs Cloudflare uses.
   * @default "cloudflare-access"
   */
  readonly applicationSlug?: string;
  /**
   * Group the application is listed under on authentik's user dashboard.
   * @default - no group
   */
  readonly applicationGroup?: string;
  /**
   * How the application's bindings are combined: `any` (one passing binding is
   * enough) or `all`.
   * @default - authentik's default, "any"
   */
  readonly policyEngineMode?: string;
  /**
   * URL the dashboard tile opens (`meta_launch_url`).
   * @default - authentik derives it from the provider
   */
  readonly launchUrl?: string;
  /**
   * URL of the application's icon (`meta_icon`).
   * @default - no icon
   */
  readonly iconUrl?: string;
  /**
   * Description shown on the dashboard (`meta_description`).
   * @default - no description
   */
  readonly description?: string;
  /**
   * Publisher shown on the dashboard (`meta_publisher`).
   * @default - no publisher
   */
  readonly publisher?: string;
  /**
   * Open the launch URL in a new browser tab.
   * @default false
   */
  readonly openInNewTab?: boolean;

  /**
   * Name of the authentik OAuth2/OpenID provider.
   * @default "Provider for <applicationName>", as authentik's wizard names it
   */
  readonly providerName?: string;
  /**
   * OAuth2 client id. The Terraform provider requires one (the UI generates it);
   * Cloudflare reads it by reference, so it is never written twice.
   * @default - the application slug
   */
  readonly clientId?: string;
  /**
   * OAuth2 client secret. Prefer a sensitive `TerraformVariable`; Cloudflare reads
   * it back from the authentik provider's attribute either way.
   * @default - generated by authentik and read back as an attribute
   */
  readonly clientSecret?: string;
  /**
   * What the `sub` claim carries: `hashed_user_id`, `user_id`, `user_uuid`,
   * `user_username`, `user_email` or `user_upn`.
   * @default - authentik's default, "hashed_user_id"
   */
  readonly subMode?: string;
  /**
   * Lifetime of access tokens in authentik's duration syntax, e.g. `minutes=10` or
   * `hours=1;minutes=30`.
   * @default - authentik's default, "minutes=10"
   */
  readonly accessTokenValidity?: string;

  /**
   * Slug of the authorization flow, looked up with the `authentik_flow` data source.
   * Not together with `authorizationFlowId`.
   * @default "default-provider-authorization-implicit-consent"
   */
  readonly authorizationFlowSlug?: string;
  /**
   * UUID of the authorization flow; skips the lookup.
   * @default - looked up by `authorizationFlowSlug`
   */
  readonly authorizationFlowId?: string;
  /**
   * Slug of the invalidation (logout) flow, looked up with the `authentik_flow` data
   * source. Not together with `invalidationFlowId`.
   * @default "default-provider-invalidation-flow"
   */
  readonly invalidationFlowSlug?: string;
  /**
   * UUID of the invalidation flow; skips the lookup.
   * @default - looked up by `invalidationFlowSlug`
   */
  readonly invalidationFlowId?: string;

  /**
   * Name of the certificate-key pair that signs ID tokens, looked up without
   * reading key or certificate material into the state. Not together with
   * `signingKeyId`. Without a signing key authentik signs with HS256 and publishes an
   * empty JWKS, which Cloudflare cannot verify.
   * @default "authentik Self-signed Certificate"
   */
  readonly signingKeyName?: string;
  /**
   * UUID of the certificate-key pair that signs ID tokens; skips the lookup.
   * @default - looked up by `signingKeyName`
   */
  readonly signingKeyId?: string;

  /**
   * OAuth scopes: selects authentik's managed scope mappings
   * (`goauthentik.io/providers/oauth2/scope-<scope>`) and sets Cloudflare's
   * `config.scopes`. Must contain `openid` and `email`; allowed: `openid`, `email`,
   * `profile`, `offline_access`, `entitlements`.
   * @default ["openid", "email", "profile"]
   */
  readonly scopes?: string[];
  /**
   * Version of the authentik server (not of the Terraform provider), as YEAR.MONTH
   * or YEAR.MONTH.PATCH. From 2026.5 the redirect URI is typed `authorization`;
   * before it the type key is left out.
   * @default "2026.5"
   */
  readonly authentikVersion?: string;
  /**
   * Groups, users and policies bound to the application.
   * @default - no bindings: every authenticated authentik user may use it
   */
  readonly bindings?: AuthentikCloudflareAccessBindings;

  /**
   * Name of the login method in Cloudflare Zero Trust.
   * @default "authentik"
   */
  readonly identityProviderName?: string;
  /**
   * Use PKCE for the authorization code flow.
   * @default true
   */
  readonly pkceEnabled?: boolean;
  /**
   * Extra OIDC claims Cloudflare carries into the Access identity, e.g. `groups`
   * (authentik's `profile` scope sends it).
   * @default - none
   */
  readonly claims?: string[];
  /**
   * Claim Cloudflare reads the user's email from.
   * @default - Cloudflare's default, "email"
   */
  readonly emailClaimName?: string;

  /**
   * authentik provider instance for the authentik resources, e.g. an aliased one.
   * @default - the stack's default authentik provider
   */
  readonly authentikProvider?: TerraformProvider;
  /**
   * Cloudflare provider instance for the identity provider, e.g. an aliased one.
   * @default - the stack's default Cloudflare provider
   */
  readonly cloudflareProvider?: TerraformProvider;
}

const CONSTRUCT = "AuthentikCloudflareAccess";
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const CLOUDFLARE_ID = /^[0-9a-f]{32}$/;
const DURATION =
  /^(?:(?:weeks|days|hours|minutes|seconds|milliseconds|microseconds)=\d+(?:\.\d+)?)(?:;(?:weeks|days|hours|minutes|seconds|milliseconds|microseconds)=\d+(?:\.\d+)?)*$/;
const SUB_MODES = ["hashed_user_id", "user_id", "user_uuid", "user_username", "user_email", "user_upn"] as const;
const POLICY_ENGINE_MODES = ["any", "all"] as const;
const SCOPES = ["openid", "email", "profile", "offline_access", "entitlements"] as const;
const REQUIRED_SCOPES = ["openid", "email"] as const;
/** authentik's managed scope mappings are named `goauthentik.io/providers/oauth2/scope-<scope>`. */
const MANAGED_SCOPE_PREFIX = "goauthentik.io/providers/oauth2/scope-";
const CLAIM = /^[A-Za-z0-9_.:\-/]+$/;

/** Applications per authentik provider instance (or default) per stack, to catch slug clashes. */
const slugsInUse = new WeakMap<TerraformStack, Map<string, string>>();

/**
 * Connects authentik to Cloudflare Zero Trust Access as an OpenID Connect login
 * method: an authentik OAuth2/OIDC provider and application (with scope mappings,
 * signing key, flows and optional bindings) and a Cloudflare Access identity
 * provider that reads the client id and secret from them by reference.
 *
 * @see https://docs.goauthentik.io/integrations/services/cloudflare-access/
 */
export class AuthentikCloudflareAccess extends Construct {
  /** The authentik OAuth2/OpenID provider. */
  public readonly oauth2Provider: ProviderOauth2;
  /** The authentik application. */
  public readonly application: Application;
  /** The Cloudflare Access OIDC identity provider (login method). */
  public readonly identityProvider: ZeroTrustAccessIdentityProvider;
  /** The authentik policy bindings on the application, in order. */
  public readonly bindings: PolicyBinding[];

  /** OAuth2 client id (a reference to the authentik provider's attribute). */
  public readonly clientId: string;
  /** OAuth2 client secret: a reference to the authentik provider's sensitive attribute. */
  public readonly clientSecret: string;
  /** Id of the Cloudflare identity provider, for Access application `allowed_idps`. */
  public readonly identityProviderId: string;
  /** `<teamName>.cloudflareaccess.com`. */
  public readonly teamDomain: string;
  /** Cloudflare's callback URL, registered as authentik's redirect URI. */
  public readonly callbackUrl: string;
  /** authentik's authorization endpoint. */
  public readonly authUrl: string;
  /** authentik's token endpoint. */
  public readonly tokenUrl: string;
  /** The application's JWKS URL (built from the application slug). */
  public readonly certsUrl: string;
  /** The application's OpenID issuer. */
  public readonly issuerUrl: string;
  /** The application's OpenID Connect discovery document. */
  public readonly discoveryUrl: string;

  constructor(scope: Construct, id: string, props: AuthentikCloudflareAccessProps) {
    super(scope, id);
    validateProps(props);

    const applicationName = props.applicationName ?? "Cloudflare Access";
    const applicationSlug = props.applicationSlug ?? "cloudflare-access";
    this.claimSlug(applicationSlug, props.authentikProvider);

    this.teamDomain = teamDomain(props.teamName);
    this.callbackUrl = accessCallbackUrl(props.teamName);
    const endpoints = new AuthentikOidcEndpoints(authentikBaseUrl(props.authentikUrl), applicationSlug);
    this.authUrl = endpoints.authUrl;
    this.tokenUrl = endpoints.tokenUrl;
    this.certsUrl = endpoints.certsUrl;
    this.issuerUrl = endpoints.issuerUrl;
    this.discoveryUrl = endpoints.discoveryUrl;

    const scopes = props.scopes ?? ["openid", "email", "profile"];
    const authentikProvider = props.authentikProvider;

    this.oauth2Provider = new ProviderOauth2(this, "oauth2-provider", {
      provider: authentikProvider,
      name: props.providerName ?? `Provider for ${applicationName}`,
      clientId: props.clientId ?? applicationSlug,
      clientSecret: props.clientSecret,
      clientType: "confidential",
      authorizationFlow: this.flowId(
        "authorization-flow",
        props.authorizationFlowId,
        props.authorizationFlowSlug ?? "default-provider-authorization-implicit-consent",
        authentikProvider,
      ),
      invalidationFlow: this.flowId(
        "invalidation-flow",
        props.invalidationFlowId,
        props.invalidationFlowSlug ?? "default-provider-invalidation-flow",
        authentikProvider,
      ),
      allowedRedirectUris: [authorizationRedirectUri(this.callbackUrl, props.authentikVersion ?? "2026.5")],
      propertyMappings: this.scopeMappingIds(scopes, authentikProvider),
      signingKey: this.signingKeyId(props.signingKeyId, props.signingKeyName ?? "authentik Self-signed Certificate", authentikProvider),
      subMode: props.subMode,
      accessTokenValidity: props.accessTokenValidity,
    });

    this.application = new Application(this, "application", {
      provider: authentikProvider,
      name: applicationName,
      slug: applicationSlug,
      protocolProvider: Token.asNumber(this.oauth2Provider.id),
      group: props.applicationGroup,
      policyEngineMode: props.policyEngineMode,
      metaLaunchUrl: props.launchUrl,
      metaIcon: props.iconUrl,
      metaDescription: props.description,
      metaPublisher: props.publisher,
      openInNewTab: props.openInNewTab,
    });
    this.bindings = this.bind(props.bindings ?? {}, authentikProvider);

    this.clientId = this.oauth2Provider.clientId;
    this.clientSecret = this.oauth2Provider.clientSecret;

    this.identityProvider = new ZeroTrustAccessIdentityProvider(this, "identity-provider", {
      provider: props.cloudflareProvider,
      accountId: props.accountId,
      zoneId: props.zoneId,
      name: props.identityProviderName ?? "authentik",
      type: "oidc",
      config: {
        clientId: this.clientId,
        clientSecret: this.clientSecret,
        authUrl: this.authUrl,
        tokenUrl: this.tokenUrl,
        certsUrl: this.certsUrl,
        scopes,
        pkceEnabled: props.pkceEnabled ?? true,
        claims: props.claims,
        emailClaimName: props.emailClaimName,
      },
    });
    this.identityProviderId = this.identityProvider.id;
  }

  /** Two applications with one slug on one authentik server would fight over it at apply time. */
  private claimSlug(slug: string, provider: TerraformProvider | undefined): void {
    if (!isKnown(slug)) {
      return;
    }
    const stack = TerraformStack.of(this);
    const inUse = slugsInUse.get(stack) ?? new Map<string, string>();
    slugsInUse.set(stack, inUse);
    const key = `${provider ? provider.node.path : "default"}\u0000${slug}`;
    const owner = inUse.get(key);
    if (owner !== undefined) {
      new PropValidator(CONSTRUCT).fail(
        "applicationSlug",
        slug,
        `${owner} already uses this slug with the same authentik provider; give each integration its own applicationSlug`,
      );
    }
    inUse.set(key, this.node.path);
  }

  private flowId(id: string, flowId: string | undefined, slug: string, provider: TerraformProvider | undefined): string {
    if (flowId !== undefined) {
      return flowId;
    }
    return new DataAuthentikFlow(this, id, { provider, slug }).id;
  }

  private signingKeyId(keyId: string | undefined, name: string, provider: TerraformProvider | undefined): string {
    if (keyId !== undefined) {
      return keyId;
    }
    return new DataAuthentikCertificateKeyPair(this, "signing-key", {
      provider,
      name,
      fetchKey: false,
      fetchCertificate: false,
    }).id;
  }

  private scopeMappingIds(scopes: string[], provider: TerraformProvider | undefined): string[] {
    const managedList = Token.isUnresolved(scopes)
      ? Fn.formatlist(`${MANAGED_SCOPE_PREFIX}%s`, [Token.asAny(scopes)])
      : scopes.map((scope) => `${MANAGED_SCOPE_PREFIX}${scope}`);
    return new DataAuthentikPropertyMappingProviderScope(this, "scope-mappings", { provider, managedList }).ids;
  }

  private bind(bindings: AuthentikCloudflareAccessBindings, provider: TerraformProvider | undefined): PolicyBinding[] {
    const target = this.application.uuid;
    const created: PolicyBinding[] = [];
    const add = (kind: string, key: string | number, index: number, subject: { group?: string; user?: number; policy?: string }) => {
      created.push(new PolicyBinding(this, bindingId(kind, key, index), { provider, target, order: created.length, ...subject }));
    };
    (bindings.groupNames ?? []).forEach((name, index) => {
      const group = new DataAuthentikGroup(this, `${bindingId("group", name, index)}-lookup`, { provider, name, includeUsers: false });
      add("group", name, index, { group: group.id });
    });
    (bindings.groupIds ?? []).forEach((groupId, index) => add("group-id", groupId, index, { group: groupId }));
    (bindings.userIds ?? []).forEach((userId, index) => add("user", userId, index, { user: userId }));
    (bindings.policyIds ?? []).forEach((policyId, index) => add("policy", policyId, index, { policy: policyId }));
    return created;
  }
}

/**
 * Construct ids for bindings follow the bound value, so reordering a list does not
 * replace bindings; token values fall back to their position.
 */
function bindingId(kind: string, key: string | number, index: number): string {
  if (!isKnown(key)) {
    return `${kind}-binding-${index}`;
  }
  const text = String(key);
  const readable = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  const digest = createHash("sha256").update(text).digest("hex").slice(0, 8);
  return `${kind}-binding-${readable}-${digest}`;
}

function validateProps(props: AuthentikCloudflareAccessProps): void {
  const v = new PropValidator(CONSTRUCT);

  if (props.teamName === undefined) {
    v.fail("teamName", props.teamName, "teamName is required: the Zero Trust team name of <teamName>.cloudflareaccess.com");
  }
  v.pattern(
    "teamName",
    props.teamName,
    DNS_LABEL,
    "expected a DNS label: 1 to 63 lowercase letters, digits or hyphens, not starting or ending with a hyphen",
  );
  validateAuthentikUrl(v, props.authentikUrl);

  if (props.accountId === undefined && props.zoneId === undefined) {
    v.fail(
      "accountId/zoneId",
      { accountId: props.accountId, zoneId: props.zoneId },
      "set exactly one of accountId and zoneId; neither was given",
    );
  }
  if (props.accountId !== undefined && props.zoneId !== undefined) {
    v.fail("accountId/zoneId", { accountId: props.accountId, zoneId: props.zoneId }, "set exactly one of accountId and zoneId, not both");
  }
  v.pattern("accountId", props.accountId, CLOUDFLARE_ID, "expected a Cloudflare account id: 32 lowercase hexadecimal characters");
  v.pattern("zoneId", props.zoneId, CLOUDFLARE_ID, "expected a Cloudflare zone id: 32 lowercase hexadecimal characters");

  v.text("applicationName", props.applicationName, 255);
  v.pattern("applicationSlug", props.applicationSlug, SLUG_PATTERN, SLUG_ALLOWED);
  v.text("applicationSlug", props.applicationSlug, 50);
  v.text("applicationGroup", props.applicationGroup, 255);
  v.oneOf("policyEngineMode", props.policyEngineMode, POLICY_ENGINE_MODES);
  v.url("launchUrl", props.launchUrl, ["https:", "http:", "blank:"]);
  v.url("iconUrl", props.iconUrl, ["https:", "http:"]);
  v.text("description", props.description, 5000);
  v.text("publisher", props.publisher, 255);

  v.text("providerName", props.providerName, 255);
  v.pattern("clientId", props.clientId, /^\S+$/, "expected a client id without whitespace");
  v.text("clientId", props.clientId, 255);
  v.secretText("clientSecret", props.clientSecret, 255);
  v.oneOf("subMode", props.subMode, SUB_MODES);
  v.pattern(
    "accessTokenValidity",
    props.accessTokenValidity,
    DURATION,
    'expected an authentik duration such as "minutes=10" or "hours=1;minutes=30" (units: weeks, days, hours, minutes, seconds)',
  );

  v.notBoth("authorizationFlowSlug", props.authorizationFlowSlug, "authorizationFlowId", props.authorizationFlowId);
  v.pattern("authorizationFlowSlug", props.authorizationFlowSlug, SLUG_PATTERN, SLUG_ALLOWED);
  v.pattern("authorizationFlowId", props.authorizationFlowId, UUID_PATTERN, UUID_ALLOWED);
  v.notBoth("invalidationFlowSlug", props.invalidationFlowSlug, "invalidationFlowId", props.invalidationFlowId);
  v.pattern("invalidationFlowSlug", props.invalidationFlowSlug, SLUG_PATTERN, SLUG_ALLOWED);
  v.pattern("invalidationFlowId", props.invalidationFlowId, UUID_PATTERN, UUID_ALLOWED);
  v.notBoth("signingKeyName", props.signingKeyName, "signingKeyId", props.signingKeyId);
  v.text("signingKeyName", props.signingKeyName, 255);
  v.pattern("signingKeyId", props.signingKeyId, UUID_PATTERN, UUID_ALLOWED);

  v.list("scopes", props.scopes, (prop, scope) => v.oneOf(prop, scope, SCOPES), { nonEmpty: true });
  if (isKnown(props.scopes) && props.scopes!.every((scope) => isKnown(scope))) {
    const missing = REQUIRED_SCOPES.filter((scope) => !props.scopes!.includes(scope));
    if (missing.length > 0) {
      v.fail(
        "scopes",
        props.scopes,
        `must include ${missing.map((s) => JSON.stringify(s)).join(" and ")}: Cloudflare needs an ID token (openid) that carries the user's email (email)`,
      );
    }
  }
  if (isKnown(props.authentikVersion) && releaseCode(props.authentikVersion!) === undefined) {
    v.fail("authentikVersion", props.authentikVersion, AUTHENTIK_VERSION_ALLOWED);
  }
  validateBindings(v, props.bindings);

  v.text("identityProviderName", props.identityProviderName, 255);
  v.list("claims", props.claims, (prop, claim) => v.pattern(prop, claim, CLAIM, "expected a claim name: letters, digits and _ . : - /"));
  v.pattern("emailClaimName", props.emailClaimName, CLAIM, "expected a claim name: letters, digits and _ . : - /");
}

function validateAuthentikUrl(v: PropValidator, value: string | undefined): void {
  if (value === undefined) {
    v.fail("authentikUrl", value, 'authentikUrl is required: the https origin of authentik, e.g. "https://authentik.company"');
  }
  if (!isKnown(value)) {
    return;
  }
  const allowed =
    'expected the https origin of authentik, e.g. "https://authentik.company" (a trailing slash is fine; no path, query or fragment)';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return v.fail("authentikUrl", value, allowed);
  }
  if (url.protocol !== "https:") {
    v.fail("authentikUrl", value, `${allowed}; Cloudflare only talks to authentik over https`);
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "" || value.endsWith("?") || value.endsWith("#")) {
    v.fail("authentikUrl", value, allowed);
  }
  if (url.username !== "" || url.password !== "") {
    v.fail("authentikUrl", value, `${allowed}; credentials do not belong in the URL`);
  }
}

function validateBindings(v: PropValidator, bindings: AuthentikCloudflareAccessBindings | undefined): void {
  if (bindings === undefined) {
    return;
  }
  v.list("bindings.groupNames", bindings.groupNames, (prop, name) => v.text(prop, name, 255));
  v.list("bindings.groupIds", bindings.groupIds, (prop, id) => v.pattern(prop, id, UUID_PATTERN, UUID_ALLOWED));
  if (isKnown(bindings.userIds)) {
    const seen = new Set<number>();
    bindings.userIds!.forEach((userId, index) => {
      if (!isKnown(userId)) {
        return;
      }
      if (!Number.isInteger(userId) || userId < 1) {
        v.fail(`bindings.userIds[${index}]`, userId, "expected an authentik user pk: a positive whole number");
      }
      if (seen.has(userId)) {
        v.fail("bindings.userIds", bindings.userIds, `${userId} is listed more than once; bind each user once`);
      }
      seen.add(userId);
    });
  }
  v.list("bindings.policyIds", bindings.policyIds, (prop, id) => v.pattern(prop, id, UUID_PATTERN, UUID_ALLOWED));
}
