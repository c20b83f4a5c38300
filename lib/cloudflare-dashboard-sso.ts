import { Construct } from "constructs";
import type { AuthentikCloudflareAccess } from "./authentik-cloudflare-access";
import { DnsRecord, lazyCloudflare, SsoConnector } from "./providers";
import { checkDashboardSsoProps, checkOrLeave } from "./rules";
import { CheckContext, withPreconditions } from "./validation";

/** Properties of {@link CloudflareDashboardSso}. */
export interface CloudflareDashboardSsoProps {
  /**
   * The account-scoped integration whose authentik login method signs people in to
   * the Cloudflare dashboard. Test that login method in Zero Trust first.
   */
  readonly integration: AuthentikCloudflareAccess;
  /**
   * The email domain whose Cloudflare users sign in to the dashboard with authentik,
   * e.g. `company.com`: every Cloudflare user with an address in it, in every
   * account, once the connector is enabled.
   */
  readonly emailDomain: string;
  /**
   * The Cloudflare zone that serves the email domain: the verification TXT record is
   * created in it, at the email domain itself.
   */
  readonly zoneId: string;
  /**
   * Turn dashboard SSO on. Cloudflare enables a connector only after it has verified
   * the domain (it checks the TXT record for up to about two days), so deploy with
   * `false` first and switch to `true` once the connector's status is `verified`.
   * @default false
   */
  readonly enabled?: boolean;
}

/**
 * Single sign-on to the Cloudflare dashboard with authentik, for one email domain:
 * a `cloudflare_sso_connector` in the integration's account and the DNS TXT record
 * that proves control of the domain, whose value Cloudflare computes and the record
 * reads by reference. What stays manual is in the README: a Super Administrator
 * creates the API token, a break-glass token with "SSO Connector Edit" is kept
 * outside SSO, and the connector is enabled in a second deploy after verification.
 *
 * @see https://developers.cloudflare.com/fundamentals/manage-members/dashboard-sso/
 * @see https://docs.goauthentik.io/integrations/platforms/cloudflare/
 */
export class CloudflareDashboardSso extends Construct {
  /** The SSO connector for the email domain. */
  public readonly connector: SsoConnector;
  /** The TXT record `cloudflare_dashboard_sso=<code>` at the email domain. */
  public readonly verificationRecord: DnsRecord;
  /** The connector's verification status (`awaiting`, `pending`, `failed` or `verified`), known after apply. */
  public readonly verificationStatus: string;

  constructor(scope: Construct, id: string, props: CloudflareDashboardSsoProps) {
    super(scope, id);
    const context = new CheckContext("CloudflareDashboardSso", this);
    checkOrLeave(this, () => checkDashboardSsoProps(context, this, props));
    const integration = props.integration;
    const provider = integration._cloudflareProvider;
    this.connector = new lazyCloudflare.SsoConnector(this, "connector", {
      provider,
      accountId: integration.accountId as string,
      emailDomain: props.emailDomain,
      enabled: props.enabled ?? false,
      lifecycle: withPreconditions(...context.planChecks),
    });
    this.verificationStatus = this.connector.verification.status;
    this.verificationRecord = new lazyCloudflare.DnsRecord(this, "verification-record", {
      provider,
      zoneId: props.zoneId,
      name: props.emailDomain,
      type: "TXT",
      // The code already reads `cloudflare_dashboard_sso=<number>`; Cloudflare stores TXT content quoted.
      content: `"${this.connector.verification.code}"`,
      ttl: 1,
      comment: "Cloudflare dashboard SSO domain verification",
    });
  }
}
