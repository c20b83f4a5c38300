import { IResolvable } from "cdktf";
import { Construct } from "constructs";
import type { AuthentikCloudflareAccess } from "./authentik-cloudflare-access";
import { lazyCloudflare, ZeroTrustAccessApplication, ZeroTrustAccessPolicy } from "./providers";
import type { ZeroTrustAccessPolicyInclude } from "./providers";
import { claimUnique } from "./registry";
import { cloudflareImportId } from "./urls";
import { checkOrLeave, checkProtectedApplicationProps, destinationKey } from "./rules";
import { CheckContext, withPreconditions } from "./validation";

/** Cloudflare's session duration when none is set; written explicitly, see `sessionDuration`. */
const DEFAULT_SESSION_DURATION = "24h";

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
   * syntax (Go's): e.g. `24h`, `30m`, `1h30m`; units ns, us, ms, s, m, h; at most
   * 2562047h. Written on the application and on its reusable policy: Cloudflare
   * takes a policy's session duration over the application's, and providers before
   * 5.24 give a policy without one `24h`.
   * @default "24h" (Cloudflare's default, written explicitly on the application and the policy)
   */
  readonly sessionDuration?: string;
  /**
   * Skip Cloudflare's login page and go straight to authentik. Cloudflare can only do
   * so when the application allows one login method.
   * @default true, or false when `additionalIdentityProviderIds` are given
   */
  readonly autoRedirectToIdentity?: boolean;
  /**
   * Ids of further Cloudflare login methods the application allows beside authentik,
   * e.g. a One-time PIN login method kept for break-glass access when authentik is
   * down. They join `allowed_idps`; the allow rules stay the same (group rules match
   * only authentik's `groups` claim; email and email-domain rules match any allowed
   * login method), and `autoRedirectToIdentity` then defaults to false.
   * @default - authentik is the only login method
   */
  readonly additionalIdentityProviderIds?: string[];
  /**
   * More public hostnames (optionally with paths) the application covers.
   * @default - only `domain`
   */
  readonly additionalDomains?: string[];
  /**
   * Take over an Access application made by hand (and its reusable policy) instead
   * of creating a new one.
   * @default - a new application and policy are created
   */
  readonly adopt?: ProtectedApplicationAdoption;
}

/**
 * An Access application (and its reusable policy) made by hand that
 * `protectApplication` takes over with Terraform import blocks instead of creating a
 * new one. `discover` prints these ids.
 */
export interface ProtectedApplicationAdoption {
  /** Id (a UUID) of the Access application, imported as `accounts/<accountId>/<id>` or `zones/<zoneId>/<id>`. */
  readonly applicationId: string;
  /**
   * Id (a UUID) of the reusable Access policy the application uses, imported as
   * `<accountId>/<id>`; it becomes the application's one policy, with the rules of
   * these options. Account-scoped integrations only.
   * @default - a new reusable policy replaces the application's policies
   */
  readonly policyId?: string;
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
  public get applicationId(): string {
    return this.application.id;
  }
  /**
   * The application's audience (AUD) tag. Origins verify the `Cf-Access-Jwt-Assertion`
   * header against it (the token's `aud` contains it), with the keys at the
   * integration's `accessCertsUrl`.
   */
  public get audience(): string {
    return this.application.aud;
  }

  constructor(scope: Construct, id: string, props: ProtectedApplicationProps) {
    super(scope, id);
    const path = this.node.path;
    const context = new CheckContext("ProtectedApplication", path);
    const groups = (props?.allowGroups ?? []).length > 0;
    // Every check runs before anything changes; if one fails, the construct leaves the tree again.
    checkOrLeave(this, () => {
      checkProtectedApplicationProps(context, scope, props);
      if (groups) {
        props.integration._checkGroupsClaim(path);
      }
      claimDestinations(context, this, props);
    });
    const integration = props.integration;
    if (groups) {
      integration._requireGroupsClaim(path);
    }

    const name = props.name ?? props.domain;
    const provider = integration._cloudflareProvider;
    const include = includeRules(props, integration.identityProviderId);
    const policyName = `Allow ${name}`;
    const sessionDuration = props.sessionDuration ?? DEFAULT_SESSION_DURATION;
    const otherLogins = props.additionalIdentityProviderIds ?? [];
    this.policies =
      integration.accountId !== undefined
        ? [
            new lazyCloudflare.ZeroTrustAccessPolicy(this, "policy", {
              provider,
              accountId: integration.accountId,
              name: policyName,
              decision: "allow",
              include,
              sessionDuration,
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
      allowedIdps: [integration.identityProviderId, ...otherLogins],
      autoRedirectToIdentity: props.autoRedirectToIdentity ?? otherLogins.length === 0,
      sessionDuration,
      lifecycle: withPreconditions(...context.planChecks),
      policies:
        this.policies.length > 0
          ? this.policies.map((policy, index) => ({ id: policy.id, precedence: index + 1 }))
          : [{ name: policyName, decision: "allow", include, precedence: 1 }],
    });
    if (props.adopt !== undefined) {
      this.application.importFrom(cloudflareImportId(integration, props.adopt.applicationId), provider);
      if (props.adopt.policyId !== undefined) {
        this.policies[0].importFrom(`${integration.accountId}/${props.adopt.policyId}`, provider);
      }
    }
  }
}

/** The application's destinations must not be another protected application's in this stack. */
function claimDestinations(context: CheckContext, application: Construct, props: ProtectedApplicationProps): void {
  const destinations = [props.domain, ...(props.additionalDomains ?? [])];
  claimUnique(
    context,
    application,
    destinations.map((value, index) => ({
      kind: "Access destination",
      prop: index === 0 ? "domain" : `additionalDomains[${index - 1}]`,
      value,
      key: destinationKey(value),
      remedy: "protect each domain and path with one application, listing further domains in additionalDomains",
    })),
    props.integration._cloudflareProvider,
  );
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
