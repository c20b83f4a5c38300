import { IResolvable } from "cdktf";
import { Construct } from "constructs";
import type { AuthentikCloudflareAccess } from "./authentik-cloudflare-access";
import { lazyCloudflare, ZeroTrustAccessApplication, ZeroTrustAccessPolicy } from "./providers";
import type { ZeroTrustAccessPolicyInclude } from "./providers";
import { checkProtectedApplicationProps } from "./rules";
import { CheckContext } from "./validation";

/**
 * Options of {@link AuthentikCloudflareAccess.protectApplication}: one Cloudflare
 * Access self-hosted application behind the authentik login method, and who may use it.
 * At least one allow list is required; an application that anyone with an authentik
 * login may open must be asked for with `allowAnyAuthentikUser`.
 */
export interface ProtectedApplicationOptions {
  /**
   * The public hostname of the application, optionally with a path, e.g.
   * `app.company.com` or `company.com/admin`. A leading `*.` wildcard is allowed.
   */
  readonly domain: string;
  /**
   * Name of the Access application in Zero Trust.
   * @default - the domain
   */
  readonly name?: string;
  /**
   * Names of authentik groups whose members may use the application (an `oidc` rule
   * on the `groups` claim of this login method per group).
   * @default - no group rule
   */
  readonly allowGroups?: string[];
  /**
   * Email addresses that may use the application (an `email` rule each).
   * @default - no email rule
   */
  readonly allowEmails?: string[];
  /**
   * Email domains whose users may use the application, without `@` (an `email_domain` rule each).
   * @default - no email domain rule
   */
  readonly allowEmailDomains?: string[];
  /**
   * Let everyone who signs in with this authentik login method use the application
   * (a `login_method` rule). Not together with the allow lists.
   * @default false
   */
  readonly allowAnyAuthentikUser?: boolean;
  /**
   * How long an Access session for the application lasts, in Cloudflare's duration
   * syntax (Go's): e.g. `24h`, `30m`, `1h30m`; units ns, us, ms, s, m, h.
   * @default - Cloudflare's default, "24h"
   */
  readonly sessionDuration?: string;
  /**
   * Skip Cloudflare's login page and go straight to authentik, the only login method
   * allowed for the application.
   * @default true
   */
  readonly autoRedirectToIdentity?: boolean;
  /**
   * More public hostnames (optionally with paths) the application covers.
   * @default - only `domain`
   */
  readonly additionalDomains?: string[];
}

/** Properties of {@link ProtectedApplication}: the options and the integration whose login method protects it. */
export interface ProtectedApplicationProps extends ProtectedApplicationOptions {
  /** The authentik login method that protects the application. */
  readonly integration: AuthentikCloudflareAccess;
}

/**
 * A Cloudflare Access self-hosted application that only the authentik login method of
 * an {@link AuthentikCloudflareAccess} may open, for the groups, emails or email
 * domains allowed. For an account-scoped integration the rules are a reusable Access
 * policy attached by id; for a zone-scoped one (provider 5.14.0 has no zone-level
 * reusable policies) the same rules are inline in the application.
 *
 * @see https://developers.cloudflare.com/cloudflare-one/applications/configure-apps/self-hosted-public-app/
 */
export class ProtectedApplication extends Construct {
  /** The Cloudflare Access application. */
  public readonly application: ZeroTrustAccessApplication;
  /** The reusable Access policies attached to the application (none for a zone-scoped integration, whose rules are inline). */
  public readonly policies: ZeroTrustAccessPolicy[];
  /** Id of the Access application. */
  public readonly applicationId: string;
  /**
   * The application's audience (AUD) tag. Origins verify the `Cf-Access-Jwt-Assertion`
   * header against it (the token's `aud` contains it), with the keys at the
   * integration's `accessCertsUrl`.
   */
  public readonly audience: string;

  constructor(scope: Construct, id: string, props: ProtectedApplicationProps) {
    super(scope, id);
    checkProtectedApplicationProps(new CheckContext("ProtectedApplication", this), scope, props);
    const integration = props.integration;
    if ((props.allowGroups ?? []).length > 0) {
      integration._requireGroupsClaim(this.node.path);
    }

    const name = props.name ?? props.domain;
    const provider = integration._cloudflareProvider;
    const include = includeRules(props, integration.identityProviderId);
    const policyName = `Allow ${name}`;
    this.policies =
      integration.accountId !== undefined
        ? [
            new lazyCloudflare.ZeroTrustAccessPolicy(this, "policy", {
              provider,
              accountId: integration.accountId,
              name: policyName,
              decision: "allow",
              include,
            }),
          ]
        : [];
    this.application = new lazyCloudflare.ZeroTrustAccessApplication(this, "application", {
      provider,
      accountId: integration.accountId,
      zoneId: integration.zoneId,
      type: "self_hosted",
      name,
      domain: props.domain,
      destinations: [props.domain, ...(props.additionalDomains ?? [])].map((uri) => ({ type: "public", uri })),
      allowedIdps: [integration.identityProviderId],
      autoRedirectToIdentity: props.autoRedirectToIdentity ?? true,
      sessionDuration: props.sessionDuration,
      policies:
        this.policies.length > 0
          ? this.policies.map((policy, index) => ({ id: policy.id, precedence: index + 1 }))
          : [{ name: policyName, decision: "allow", include, precedence: 1 }],
    });
    this.applicationId = this.application.id;
    this.audience = this.application.aud;
  }
}

/** The include rules: any one of them admits a user. */
function includeRules(props: ProtectedApplicationOptions, identityProviderId: string): ZeroTrustAccessPolicyInclude[] | IResolvable {
  if (props.allowAnyAuthentikUser) {
    return [{ loginMethod: { id: identityProviderId } }];
  }
  return [
    ...(props.allowGroups ?? []).map((group) => ({ oidc: { claimName: "groups", claimValue: group, identityProviderId } })),
    ...(props.allowEmails ?? []).map((email) => ({ email: { email } })),
    ...(props.allowEmailDomains ?? []).map((domain) => ({ emailDomain: { domain } })),
  ];
}
