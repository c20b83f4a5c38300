import { Fn, Lazy, TerraformOutput, TerraformProvider, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { DEFAULT_AUTHENTIK_VERSION, redirectUris, typesRedirectUrisExpression } from "./authentik-version";
import { bindApplication, bindingsPrecondition, joinLists, lookupGroupIds } from "./bindings";
import { ProtectedApplication, ProtectedApplicationOptions } from "./protected-application";
import {
  Application,
  DataAuthentikCertificateKeyPair,
  DataAuthentikFlow,
  DataAuthentikPropertyMappingProviderScim,
  DataAuthentikPropertyMappingProviderScope,
  PolicyBinding,
  ProviderOauth2,
  ProviderScim,
  lazyCloudflare,
  ZeroTrustAccessGroup,
  ZeroTrustAccessIdentityProvider,
} from "./providers";
import { declareMovesFrom } from "./moves";
import { claimUnique, UniqueValue } from "./registry";
import {
  checkAccessProps,
  checkChildId,
  checkOrLeave,
  checkProtectApplicationOptions,
  INTEGRATION_MARKER,
  text,
  verifyOutputPrefix,
} from "./rules";
import {
  accessCallbackUrl,
  accessCertsUrl,
  accessLogoutUrl,
  AuthentikOidcEndpoints,
  authentikBaseUrl,
  cloudflareImportId,
  teamDomain,
} from "./urls";
import { CheckContext, isKnown, withPreconditions } from "./validation";
import { VERIFY_OUTPUT_NAMES } from "./verify/outputs";

/**
 * Who may see and use the application in authentik. Each entry becomes an
 * `authentik_policy_binding` on the application. Bindings are ordered groups by
 * name, then groups by id, then users, then policies, each in the order listed. A
 * list may be a Terraform list variable: it is bound with `for_each`, and a plan
 * fails if all lists are empty, since that would let every authentik user in.
 *
 * @see https://docs.goauthentik.io/docs/add-secure-apps/applications/manage_apps#use-bindings-to-control-access
 */
export interface AuthentikCloudflareAccessBindings {
  /**
   * Names of authentik groups, looked up with the `authentik_group` data source
   * (without reading members into the state).
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
 * SCIM provisioning from authentik to Cloudflare Zero Trust: Cloudflare's identity
 * provider accepts SCIM (`scim_config`) and computes a SCIM base URL and secret; an
 * `authentik_provider_scim` reads both by reference and pushes users and groups as a
 * backchannel provider of the application. Users who may use the application (its
 * bindings) are provisioned; `groupNames`/`groupIds` narrow which groups are.
 *
 * Decide at creation time: Cloudflare returns the SCIM secret only when SCIM is first
 * enabled, and in provider 5.14.0 enabling SCIM on an existing identity provider
 * fails with "Provider produced inconsistent result" (see the README).
 *
 * @see https://developers.cloudflare.com/cloudflare-one/identity/users/scim/
 */
export interface AuthentikCloudflareAccessScimOptions {
  /**
   * Cloudflare deprovisions (revokes the Access sessions of) users that authentik
   * deactivates or removes (`scim_config.user_deprovision`).
   * @default false (Cloudflare's default)
   */
  readonly userDeprovision?: boolean;
  /**
   * Cloudflare also removes the Zero Trust seat of deprovisioned users
   * (`scim_config.seat_deprovision`). Needs `userDeprovision`.
   * @default false (Cloudflare's default)
   */
  readonly seatDeprovision?: boolean;
  /**
   * What Cloudflare does when a provisioned identity changes
   * (`scim_config.identity_update_behavior`): `automatic` (update the identity),
   * `reauth` (revoke its sessions so the user signs in again) or `no_action`.
   * @default "no_action" (Cloudflare's default)
   */
  readonly identityUpdateBehavior?: string;
  /**
   * Name of the authentik SCIM provider (unique among all authentik providers).
   * @default "SCIM for <applicationName>"
   */
  readonly providerName?: string;
  /**
   * Names of authentik groups to provision (`group_filters`), looked up by name.
   * @default - every group of the provisioned users
   */
  readonly groupNames?: string[];
  /**
   * UUIDs of authentik groups to provision (`group_filters`).
   * @default - every group of the provisioned users
   */
  readonly groupIds?: string[];
  /**
   * authentik computes what it would push without sending it (`dry_run`), to try
   * provisioning safely first.
   * @default false
   */
  readonly dryRun?: boolean;
}

/**
 * The objects of a setup made by hand with authentik's guide that the construct takes
 * over instead of creating new ones: each gets a Terraform `import` block, so the
 * first plan shows imports and in-place updates, never a second login method. The
 * authentik application is adopted by its `applicationSlug`. `discover` prints these
 * ids. Lookups the construct always does (flows, signing key, scope mappings) are
 * unchanged.
 *
 * @see https://developer.hashicorp.com/terraform/language/import
 */
export interface AuthentikCloudflareAccessAdoption {
  /**
   * Primary key of the authentik OAuth2/OpenID provider, as a string of digits
   * (imported by this id). Set `clientId` to its client id, which Cloudflare uses.
   */
  readonly oauth2ProviderId: string;
  /**
   * Id (a UUID) of the Cloudflare Access OIDC login method, imported as
   * `accounts/<accountId>/<id>` or `zones/<zoneId>/<id>`. Access applications that
   * allow it keep working: its id does not change.
   */
  readonly identityProviderId: string;
  /**
   * Primary key of an authentik SCIM provider that already provisions to this login
   * method (needs `scim`).
   * @default - a SCIM provider is created when `scim` is set
   */
  readonly scimProviderId?: string;
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
   * A trailing slash is tolerated; a path, query, fragment or credentials are not.
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
   * Slug of the authentik application: ASCII letters, digits, `-` and `_`, not one of
   * authentik's endpoint names (`authorize`, `token`, `device`, `userinfo`,
   * `introspect`, `revoke`). It is part of the JWKS, issuer and discovery URLs
   * Cloudflare uses.
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
   * URL the dashboard tile opens (`meta_launch_url`): an http(s) URL, which may hold
   * placeholders such as `%(username)s`, or `blank://blank` to hide the tile.
   * @default - authentik derives it from the provider
   */
  readonly launchUrl?: string;
  /**
   * The application's icon (`meta_icon`): an http(s) URL, a Font Awesome icon such as
   * `fa://fa-key`, a path under `/static`, or the relative path of an uploaded file.
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
   * Name of the authentik OAuth2/OpenID provider; authentik requires provider names
   * to be unique.
   * @default "Provider for <applicationName>", as authentik's wizard names it
   */
  readonly providerName?: string;
  /**
   * OAuth2 client id: 1 to 255 visible ASCII characters. The Terraform provider
   * requires one (the UI generates it); Cloudflare reads it by reference, so it is
   * never written twice.
   * @default - the application slug
   */
  readonly clientId?: string;
  /**
   * OAuth2 client secret, at most 255 characters. Prefer a sensitive
   * `TerraformVariable`; Cloudflare reads it back from the authentik provider's
   * attribute either way.
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
   * `hours=1;minutes=30`: units weeks, days, hours, minutes, seconds,
   * milliseconds, microseconds (any case); more than zero in total.
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
   * `profile`, `offline_access`, `entitlements`. `profile` carries the `groups` claim.
   * @default ["openid", "email", "profile"]
   */
  readonly scopes?: string[];
  /**
   * Version of the authentik server (not of the Terraform provider), as a string
   * YEAR.MONTH or YEAR.MONTH.PATCH. From 2026.5 redirect URIs are typed; before it the
   * type key is left out. It must match the server: a lower version than the server's
   * makes every plan show a change on `redirect_uri_type`.
   * @default "2026.5"
   */
  readonly authentikVersion?: string;
  /**
   * Register Cloudflare's logout URL (`https://<team>.cloudflareaccess.com/cdn-cgi/access/logout`)
   * as a strict redirect URI of type `logout`, so authentik's end-session endpoint may
   * send users back to Cloudflare after signing out. Needs authentik 2026.5 or later:
   * older servers treat every redirect URI as an authorization URI.
   * @default false
   */
  readonly postLogoutRedirect?: boolean;
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
   * (authentik's `profile` scope sends it). Protecting an application with groups,
   * or an `accessGroup`, adds `groups` when this is left out.
   * @default - none, or ["groups"] when groups are used in Access rules
   */
  readonly claims?: string[];
  /**
   * Claim Cloudflare reads the user's email from.
   * @default - Cloudflare's default, "email"
   */
  readonly emailClaimName?: string;
  /**
   * Provision users and groups from authentik to Cloudflare with SCIM. Present means on.
   * @default - no SCIM provisioning
   */
  readonly scim?: AuthentikCloudflareAccessScimOptions;

  /**
   * Take over a setup made by hand (with an import block per object) instead of
   * creating a new one. Needs `clientId`.
   * @default - everything is created new
   */
  readonly adopt?: AuthentikCloudflareAccessAdoption;

  /**
   * authentik provider instance of this stack for the authentik resources, e.g. an
   * aliased one.
   * @default - the stack's default authentik provider
   */
  readonly authentikProvider?: TerraformProvider;
  /**
   * Cloudflare provider instance of this stack for the Cloudflare resources, e.g. an
   * aliased one.
   * @default - the stack's default Cloudflare provider
   */
  readonly cloudflareProvider?: TerraformProvider;
}

const CONSTRUCT = "AuthentikCloudflareAccess";
const DEFAULT_SCOPES = ["openid", "email", "profile"];
/** authentik's managed scope mappings are named `goauthentik.io/providers/oauth2/scope-<scope>`. */
const MANAGED_SCOPE_PREFIX = "goauthentik.io/providers/oauth2/scope-";
const MANAGED_SCIM_USER = "goauthentik.io/providers/scim/user";
const MANAGED_SCIM_GROUP = "goauthentik.io/providers/scim/group";
/** Ids of the construct's own children (a trailing `*` stands for any suffix), which `protectApplication` and `accessGroup` refuse. */
const RESERVED_IDS = [
  "oauth2-provider",
  "application",
  "identity-provider",
  "scim-provider",
  "authorization-flow",
  "invalidation-flow",
  "signing-key",
  "scope-mappings",
  "scim-user-mapping",
  "scim-group-mapping",
  "group-lookup*",
  "scim-group-lookup*",
  "group-binding*",
  "user-binding*",
  "policy-binding*",
];

/**
 * Connects authentik to Cloudflare Zero Trust Access as an OpenID Connect login
 * method: an authentik OAuth2/OIDC provider and application (with scope mappings,
 * signing key, flows and optional bindings) and a Cloudflare Access identity
 * provider that reads the client id and secret from them by reference. Protect Access
 * applications behind it with {@link AuthentikCloudflareAccess.protectApplication}.
 *
 * @see https://docs.goauthentik.io/integrations/services/cloudflare-access/
 */
export class AuthentikCloudflareAccess extends Construct {
  /** True when `x` is an AuthentikCloudflareAccess (also across copies of this package). */
  public static isAuthentikCloudflareAccess(x: unknown): x is AuthentikCloudflareAccess {
    return typeof x === "object" && x !== null && INTEGRATION_MARKER in x;
  }

  /** The authentik OAuth2/OpenID provider. */
  public readonly oauth2Provider: ProviderOauth2;
  /** The authentik application. */
  public readonly application: Application;
  /** The Cloudflare Access OIDC identity provider (login method). */
  public readonly identityProvider: ZeroTrustAccessIdentityProvider;
  /** The authentik policy bindings on the application, in order (a `for_each` block for a list variable). */
  public readonly bindings: PolicyBinding[];
  /** The authentik SCIM provider, when `scim` is set. */
  public readonly scimProvider?: ProviderScim;

  /** OAuth2 client id (a reference to the authentik provider's attribute). */
  public readonly clientId: string;
  /** OAuth2 client secret: a reference to the authentik provider's sensitive attribute. */
  public readonly clientSecret: string;
  /** Id of the Cloudflare identity provider, for Access application `allowed_idps`. */
  public readonly identityProviderId: string;
  /** The Cloudflare account id of the identity provider, when it is account-scoped. */
  public readonly accountId?: string;
  /** The Cloudflare zone id of the identity provider, when it is zone-scoped. */
  public readonly zoneId?: string;
  /** The slug of the authentik application. */
  public readonly applicationSlug: string;
  /** The authentik origin, without a trailing slash. */
  public readonly authentikUrl: string;
  /** `<teamName>.cloudflareaccess.com`. */
  public readonly teamDomain: string;
  /** Cloudflare's callback URL, registered as authentik's redirect URI. */
  public readonly callbackUrl: string;
  /** Cloudflare's logout URL: ends the user's Access session for all applications of the team. */
  public readonly logoutUrl: string;
  /** Cloudflare's signing keys for the `Cf-Access-Jwt-Assertion` tokens origins verify. */
  public readonly accessCertsUrl: string;
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
  /** authentik's end-session (RP-initiated logout) URL of the application. */
  public readonly endSessionUrl: string;

  private readonly context: CheckContext;
  private readonly scopes: string[];
  private readonly explicitClaims?: string[];
  private readonly explicitScopes: boolean;
  private readonly cloudflare?: TerraformProvider;
  private groupsClaimRequiredBy?: string;

  constructor(scope: Construct, id: string, props: AuthentikCloudflareAccessProps) {
    super(scope, id);
    Object.defineProperty(this, INTEGRATION_MARKER, { value: true });
    this.context = new CheckContext(CONSTRUCT, this);
    checkOrLeave(this, () => {
      checkAccessProps(this.context, this, props);
      this.claimNames(props);
    });

    const applicationName = props.applicationName ?? "Cloudflare Access";
    const providerName = props.providerName ?? `Provider for ${applicationName}`;
    const scimProviderName = props.scim?.providerName ?? `SCIM for ${applicationName}`;
    const authentik = props.authentikProvider;
    this.applicationSlug = props.applicationSlug ?? "cloudflare-access";
    this.scopes = props.scopes ?? DEFAULT_SCOPES;
    this.explicitScopes = props.scopes !== undefined;
    this.explicitClaims = props.claims;
    this.cloudflare = props.cloudflareProvider;
    this.accountId = props.accountId;
    this.zoneId = props.zoneId;

    this.teamDomain = teamDomain(props.teamName);
    this.callbackUrl = accessCallbackUrl(props.teamName);
    this.logoutUrl = accessLogoutUrl(props.teamName);
    this.accessCertsUrl = accessCertsUrl(props.teamName);
    this.authentikUrl = authentikBaseUrl(props.authentikUrl);
    const endpoints = new AuthentikOidcEndpoints(this.authentikUrl, this.applicationSlug);
    this.authUrl = endpoints.authUrl;
    this.tokenUrl = endpoints.tokenUrl;
    this.certsUrl = endpoints.certsUrl;
    this.issuerUrl = endpoints.issuerUrl;
    this.discoveryUrl = endpoints.discoveryUrl;
    this.endSessionUrl = endpoints.endSessionUrl;

    this.oauth2Provider = this.createOauth2Provider(providerName, props);
    this.clientId = this.oauth2Provider.clientId;
    this.clientSecret = this.oauth2Provider.clientSecret;
    this.identityProvider = this.createIdentityProvider(props);
    this.identityProviderId = this.identityProvider.id;
    if (props.scim) {
      this.scimProvider = this.provisionWithScim(props.scim, scimProviderName, authentik);
    }

    this.application = new Application(this, "application", {
      provider: authentik,
      name: applicationName,
      slug: this.applicationSlug,
      protocolProvider: Token.asNumber(this.oauth2Provider.id),
      backchannelProviders: this.scimProvider ? [Token.asNumber(this.scimProvider.id)] : undefined,
      group: props.applicationGroup,
      policyEngineMode: props.policyEngineMode,
      metaLaunchUrl: props.launchUrl,
      metaIcon: props.iconUrl,
      metaDescription: props.description,
      metaPublisher: props.publisher,
      openInNewTab: props.openInNewTab,
      lifecycle: withPreconditions(bindingsPrecondition(props.bindings)),
    });
    this.bindings = bindApplication(this, this.application.uuid, props.bindings ?? {}, authentik);
    if (props.adopt !== undefined) {
      this.importExisting(props.adopt, authentik);
    }
  }

  /**
   * Protects a Cloudflare Access self-hosted application with this login method:
   * only this identity provider is offered, and only the authentik groups, emails or
   * email domains you allow get in.
   */
  public protectApplication(id: string, options: ProtectedApplicationOptions): ProtectedApplication {
    const context = new CheckContext("ProtectedApplication", `${this.node.path}/${id}`);
    checkChildId(context, this, id, RESERVED_IDS);
    checkProtectApplicationOptions(context, options);
    // The application checks its props before it changes anything, and leaves the tree if they fail.
    return new ProtectedApplication(this, id, { ...options, integration: this });
  }

  /**
   * Declares that this integration was called `previousId` before (in the same
   * scope): every resource under it, protected applications and Access groups
   * included, gets a Terraform `moved` block from its old address, so renaming the id
   * plans as a move, not as a new login method, a new client secret and a new SCIM
   * secret. Call it after the last `protectApplication` and `accessGroup`; remove it
   * once every state has been applied with it.
   * @param previousId the construct id the integration had before
   */
  public movedFrom(previousId: string): void {
    const context = new CheckContext(CONSTRUCT, this);
    text(context, "previousId", previousId);
    if (previousId === this.node.id || this.node.scope?.node.tryFindChild(previousId) !== undefined) {
      context.fail(
        "previousId",
        previousId,
        `expected the id this integration had before, which no construct of ${this.node.scope?.node.path || "the app"} has now`,
      );
    }
    declareMovesFrom(this, previousId);
  }

  /**
   * Adds the Terraform outputs the `verify` command reads (`authentik_url`,
   * `application_slug`, `client_id`, `identity_provider_id` and
   * `cloudflare_account_id` or `cloudflare_zone_id`) to this construct's stack, each
   * named `<prefix><name>`, so that `verify --outputs <file> [--output-prefix <prefix>]`
   * needs no flags. None of them is a secret. Give each integration of a stack its own
   * prefix.
   * @param prefix prepended to each output name: letters, digits, `_` and `-`
   * @default prefix ""
   */
  public addVerifyOutputs(prefix?: string): TerraformOutput[] {
    const context = new CheckContext(CONSTRUCT, this);
    const given = prefix ?? "";
    verifyOutputPrefix(context, "prefix", given);
    const stack = TerraformStack.of(this);
    const values: Record<string, string | undefined> = {
      [VERIFY_OUTPUT_NAMES["authentik-url"]]: this.authentikUrl,
      [VERIFY_OUTPUT_NAMES["application-slug"]]: this.applicationSlug,
      [VERIFY_OUTPUT_NAMES["client-id"]]: this.clientId,
      [VERIFY_OUTPUT_NAMES["identity-provider-id"]]: this.identityProviderId,
      [VERIFY_OUTPUT_NAMES["account-id"]]: this.accountId,
      [VERIFY_OUTPUT_NAMES["zone-id"]]: this.zoneId,
    };
    const names = Object.keys(values).filter((name) => values[name] !== undefined);
    for (const name of names) {
      const id = `verify-output-${given}${name}`;
      if (
        this.node.tryFindChild(id) !== undefined ||
        stack.node.findAll().some((c) => c instanceof TerraformOutput && c.friendlyUniqueId === `${given}${name}`)
      ) {
        context.fail(
          "prefix",
          given,
          `the stack already has an output named ${JSON.stringify(`${given}${name}`)}: call addVerifyOutputs once per integration, with a prefix of its own for each further integration`,
        );
      }
    }
    return names.map((name) => {
      const output = new TerraformOutput(this, `verify-output-${given}${name}`, {
        value: values[name],
        description: `Read by \`cdktf-authentik-cloudflare-access verify\` (${this.node.path})`,
      });
      output.overrideLogicalId(`${given}${name}`);
      return output;
    });
  }

  /**
   * A reusable Cloudflare Access group (`cloudflare_zero_trust_access_group`) of the
   * members of an authentik group, matched on the `groups` claim of this login
   * method, for Access policies you write yourself.
   */
  public accessGroup(id: string, authentikGroupName: string): ZeroTrustAccessGroup {
    const path = `${this.node.path}/${id}`;
    const context = new CheckContext(CONSTRUCT, this);
    checkChildId(context, this, id, RESERVED_IDS);
    text(context, "authentikGroupName", authentikGroupName);
    this._checkGroupsClaim(path);
    // Nothing has changed before this line: a call that throws leaves the construct as it was.
    this._requireGroupsClaim(path);
    return new lazyCloudflare.ZeroTrustAccessGroup(this, id, {
      provider: this.cloudflare,
      accountId: this.accountId,
      zoneId: this.zoneId,
      name: `authentik: ${authentikGroupName}`,
      include: [{ oidc: { claimName: "groups", claimValue: authentikGroupName, identityProviderId: this.identityProviderId } }],
      lifecycle: withPreconditions(...context.planChecks),
    });
  }

  /**
   * Cloudflare matches authentik groups on the `groups` claim, which authentik sends
   * with the `profile` scope. Explicit `claims` or `scopes` without them are an error,
   * since the rule `requiredBy` could never match. Changes nothing.
   * @internal
   */
  public _checkGroupsClaim(requiredBy: string): void {
    const why = `${requiredBy} matches authentik groups, which Cloudflare reads from the "groups" claim`;
    if (this.explicitClaims !== undefined && isKnown(this.explicitClaims) && !this.explicitClaims.includes("groups")) {
      this.context.fail("claims", this.explicitClaims, `${why}: add "groups" to claims, or leave claims out`);
    }
    if (this.explicitScopes && isKnown(this.scopes) && !this.scopes.includes("profile")) {
      this.context.fail("scopes", this.scopes, `${why}, which authentik sends with the "profile" scope: add "profile" to scopes`);
    }
  }

  /**
   * From now on the `groups` claim and the `profile` scope are requested, for the
   * rule `requiredBy` (checked with `_checkGroupsClaim` first).
   * @internal
   */
  public _requireGroupsClaim(requiredBy: string): void {
    this.groupsClaimRequiredBy ??= requiredBy;
  }

  /** @internal The Cloudflare provider instance for resources wired to this login method. */
  public get _cloudflareProvider(): TerraformProvider | undefined {
    return this.cloudflare;
  }

  /** Provider names, slugs and client ids that authentik keeps unique must not clash with another integration's (all or none are claimed). */
  private claimNames(props: AuthentikCloudflareAccessProps): void {
    const applicationName = props.applicationName ?? "Cloudflare Access";
    const slug = props.applicationSlug ?? "cloudflare-access";
    const nameRemedy = "give each integration its own applicationName or providerName";
    const values: UniqueValue[] = [
      { kind: "application slug", prop: "applicationSlug", value: slug, remedy: "give each integration its own applicationSlug" },
      { kind: "provider name", prop: "providerName", value: props.providerName ?? `Provider for ${applicationName}`, remedy: nameRemedy },
      { kind: "OAuth2 client id", prop: "clientId", value: props.clientId ?? slug, remedy: "give each integration its own clientId" },
    ];
    if (props.scim !== undefined) {
      values.push({
        kind: "provider name",
        prop: "scim.providerName",
        value: props.scim.providerName ?? `SCIM for ${applicationName}`,
        remedy: nameRemedy,
      });
    }
    claimUnique(this.context, this, values, props.authentikProvider);
  }

  private createOauth2Provider(name: string, props: AuthentikCloudflareAccessProps): ProviderOauth2 {
    const provider = props.authentikProvider;
    const version = props.authentikVersion ?? DEFAULT_AUTHENTIK_VERSION;
    const logout = props.postLogoutRedirect ? this.logoutUrl : undefined;
    return new ProviderOauth2(this, "oauth2-provider", {
      provider,
      name,
      clientId: props.clientId ?? this.applicationSlug,
      clientSecret: props.clientSecret,
      clientType: "confidential",
      authorizationFlow:
        props.authorizationFlowId ??
        this.lookupFlow("authorization-flow", props.authorizationFlowSlug ?? "default-provider-authorization-implicit-consent", provider),
      invalidationFlow:
        props.invalidationFlowId ??
        this.lookupFlow("invalidation-flow", props.invalidationFlowSlug ?? "default-provider-invalidation-flow", provider),
      allowedRedirectUris: redirectUris(this.callbackUrl, logout, version),
      propertyMappings: this.lookupScopeMappings(provider),
      signingKey: props.signingKeyId ?? this.lookupSigningKey(props.signingKeyName ?? "authentik Self-signed Certificate", provider),
      subMode: props.subMode,
      accessTokenValidity: props.accessTokenValidity,
      lifecycle: withPreconditions(
        ...this.context.planChecks,
        logout !== undefined && Token.isUnresolved(version)
          ? {
              condition: typesRedirectUrisExpression(version),
              errorMessage:
                "postLogoutRedirect needs authentik 2026.5 or later: older servers treat every redirect URI as an authorization URI, so configure no post-logout URI there.",
            }
          : undefined,
      ),
    });
  }

  private createIdentityProvider(props: AuthentikCloudflareAccessProps): ZeroTrustAccessIdentityProvider {
    const scim = props.scim;
    return new ZeroTrustAccessIdentityProvider(this, "identity-provider", {
      provider: this.cloudflare,
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
        scopes: Lazy.listValue({ produce: () => this.resolveScopes() }),
        pkceEnabled: props.pkceEnabled ?? true,
        claims: Lazy.listValue({ produce: () => this.resolveClaims() }, { omitEmpty: true }),
        emailClaimName: props.emailClaimName,
      },
      scimConfig: scim
        ? {
            enabled: true,
            userDeprovision: scim.userDeprovision ?? false,
            seatDeprovision: scim.seatDeprovision ?? false,
            identityUpdateBehavior: scim.identityUpdateBehavior ?? "no_action",
          }
        : undefined,
    });
  }

  /** Import blocks for the objects made by hand, with the id format each provider's import documents. */
  private importExisting(adopt: AuthentikCloudflareAccessAdoption, authentik: TerraformProvider | undefined): void {
    this.oauth2Provider.importFrom(adopt.oauth2ProviderId, authentik);
    this.application.importFrom(this.applicationSlug, authentik);
    this.identityProvider.importFrom(cloudflareImportId(this, adopt.identityProviderId), this.cloudflare);
    if (adopt.scimProviderId !== undefined && this.scimProvider !== undefined) {
      this.scimProvider.importFrom(adopt.scimProviderId, authentik);
    }
  }

  /** The SCIM provider reads Cloudflare's computed SCIM endpoint and secret by reference. */
  private provisionWithScim(
    scim: AuthentikCloudflareAccessScimOptions,
    name: string,
    provider: TerraformProvider | undefined,
  ): ProviderScim {
    const mapping = (id: string, managed: string) => new DataAuthentikPropertyMappingProviderScim(this, id, { provider, managed }).id;
    const groupFilters = joinLists([scim.groupIds ?? [], lookupGroupIds(this, "scim-group-lookup", scim.groupNames ?? [], provider)]);
    return new ProviderScim(this, "scim-provider", {
      provider,
      name,
      url: this.identityProvider.scimConfig.scimBaseUrl,
      token: this.identityProvider.scimConfig.secret,
      propertyMappings: [mapping("scim-user-mapping", MANAGED_SCIM_USER)],
      propertyMappingsGroup: [mapping("scim-group-mapping", MANAGED_SCIM_GROUP)],
      groupFilters,
      dryRun: scim.dryRun,
    });
  }

  private lookupFlow(id: string, slug: string, provider: TerraformProvider | undefined): string {
    return new DataAuthentikFlow(this, id, { provider, slug }).id;
  }

  private lookupSigningKey(name: string, provider: TerraformProvider | undefined): string {
    return new DataAuthentikCertificateKeyPair(this, "signing-key", { provider, name, fetchKey: false, fetchCertificate: false }).id;
  }

  private lookupScopeMappings(provider: TerraformProvider | undefined): string[] {
    const managedList = Lazy.listValue({
      produce: () => {
        const scopes = this.resolveScopes();
        return Token.isUnresolved(scopes)
          ? Fn.formatlist(`${MANAGED_SCOPE_PREFIX}%s`, [Token.asAny(scopes)])
          : scopes.map((s) => `${MANAGED_SCOPE_PREFIX}${s}`);
      },
    });
    return new DataAuthentikPropertyMappingProviderScope(this, "scope-mappings", { provider, managedList }).ids;
  }

  /** The scopes, with `profile` added to a token list when groups are used (a literal list was checked). */
  private resolveScopes(): string[] {
    if (this.groupsClaimRequiredBy !== undefined && Token.isUnresolved(this.scopes)) {
      return Fn.distinct(Fn.concat([this.scopes, ["profile"]]));
    }
    return this.scopes;
  }

  /** The claims, with `groups` added when groups are used in Access rules. */
  private resolveClaims(): string[] {
    const claims = this.explicitClaims ?? [];
    if (this.groupsClaimRequiredBy === undefined) {
      return claims;
    }
    if (Token.isUnresolved(claims)) {
      return Fn.distinct(Fn.concat([claims, ["groups"]]));
    }
    return claims.includes("groups") ? claims : [...claims, "groups"];
  }
}
