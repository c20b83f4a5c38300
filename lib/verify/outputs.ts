/**
 * Names of the Terraform outputs `verify` reads, per flag of `verify`. The construct
 * writes outputs with exactly these names (optionally prefixed, matching
 * `verify --output-prefix`), so the two cannot drift apart.
 */
export const VERIFY_OUTPUT_NAMES = {
  "authentik-url": "authentik_url",
  "application-slug": "application_slug",
  "client-id": "client_id",
  "identity-provider-id": "identity_provider_id",
  "account-id": "cloudflare_account_id",
  "zone-id": "cloudflare_zone_id",
} as const;

/** A flag of `verify` that can also be read from an output. */
export type VerifyOutputFlag = keyof typeof VERIFY_OUTPUT_NAMES;

/** The slug the construct gives the authentik application when `applicationSlug` is left out. */
export const DEFAULT_APPLICATION_SLUG = "cloudflare-access";
