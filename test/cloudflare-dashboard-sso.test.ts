import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { AuthentikCloudflareAccess, CloudflareDashboardSso, CloudflareDashboardSsoProps } from "../lib";
import { InvalidPropError } from "../lib/validation";
import { ACCOUNT_ID, errorOf, MINIMAL_PROPS, only, onlyName, synthJson, testApp, userStack, ZONE_ID } from "./helpers";

const CONNECTOR = "cloudflare_sso_connector";
const RECORD = "cloudflare_dns_record";

/** A stack with an account-scoped integration, and a dashboard SSO built from props as a plain JavaScript caller may pass them. */
function ssoError(props: (access: AuthentikCloudflareAccess) => Record<string, unknown>): InvalidPropError {
  const stack = userStack();
  const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
  return errorOf(() => new CloudflareDashboardSso(stack, "sso", props(access) as unknown as CloudflareDashboardSsoProps));
}

function synthSso(props: Partial<CloudflareDashboardSsoProps> = {}): { json: any; sso: CloudflareDashboardSso; stack: TerraformStack } {
  const stack = userStack();
  const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
  const sso = new CloudflareDashboardSso(stack, "sso", { integration: access, emailDomain: "company.com", zoneId: ZONE_ID, ...props });
  return { json: synthJson(stack), sso, stack };
}

describe("dashboard SSO for one email domain", () => {
  const { json, sso, stack } = synthSso();
  const connector = only(json, "resource", CONNECTOR);
  const record = only(json, "resource", RECORD);
  const connectorName = onlyName(json, "resource", CONNECTOR);

  test("an SSO connector for the email domain in the integration's account, off until verified", () => {
    expect(connector).toEqual({ account_id: ACCOUNT_ID, email_domain: "company.com", enabled: false });
  });

  test("a TXT record at the email domain carries the connector's verification code, quoted, with automatic TTL", () => {
    expect(record).toMatchObject({ zone_id: ZONE_ID, name: "company.com", type: "TXT", ttl: 1 });
    expect(record.content).toBe(`"\${${CONNECTOR}.${connectorName}.verification.code}"`);
  });

  test("verificationStatus and the members are references to the connector and the record", () => {
    expect(sso.connector.terraformResourceType).toBe(CONNECTOR);
    expect(sso.verificationRecord.terraformResourceType).toBe(RECORD);
    new TerraformOutput(stack, "status", { value: sso.verificationStatus });
    new TerraformOutput(stack, "connector_id", { value: sso.connector.id });
    const withOutputs = synthJson(stack);
    expect(withOutputs.output.status.value).toBe(`\${${CONNECTOR}.${connectorName}.verification.status}`);
    expect(withOutputs.output.connector_id.value).toBe(`\${${CONNECTOR}.${connectorName}.id}`);
  });

  test("the integration's Access resources are unchanged", () => {
    expect(json.resource.cloudflare_zero_trust_access_application).toBeUndefined();
    expect(only(json, "resource", "cloudflare_zero_trust_access_identity_provider").config).not.toHaveProperty("claims");
  });
});

describe("dashboard SSO options", () => {
  test("enabled: true turns the connector on (the second deploy)", () => {
    expect(only(synthSso({ enabled: true }).json, "resource", CONNECTOR).enabled).toBe(true);
  });

  test("enabled: false explicitly is the same as the default", () => {
    expect(only(synthSso({ enabled: false }).json, "resource", CONNECTOR).enabled).toBe(false);
  });

  test("an aliased Cloudflare provider of the integration is used by the connector and the record", () => {
    const stack = userStack();
    const eu = new CloudflareProvider(stack, "cloudflare-eu", { alias: "eu", apiToken: "example_api_token_0123456789abcdef012345" });
    const access = new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, cloudflareProvider: eu });
    new CloudflareDashboardSso(stack, "sso", { integration: access, emailDomain: "company.com", zoneId: ZONE_ID });
    const json = synthJson(stack);
    expect(only(json, "resource", CONNECTOR).provider).toBe("cloudflare.eu");
    expect(only(json, "resource", RECORD).provider).toBe("cloudflare.eu");
  });

  test("two email domains on one integration", () => {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
    new CloudflareDashboardSso(stack, "sso-com", { integration: access, emailDomain: "company.com", zoneId: ZONE_ID });
    new CloudflareDashboardSso(stack, "sso-eu", {
      integration: access,
      emailDomain: "company.eu",
      zoneId: "00112233445566778899aabbccddeeff",
    });
    const json = synthJson(stack);
    const connectors = Object.values(json.resource[CONNECTOR]) as any[];
    expect(connectors.map((c) => c.email_domain).sort()).toEqual(["company.com", "company.eu"]);
    const records = Object.values(json.resource[RECORD]) as any[];
    expect(records.map((r) => [r.name, r.zone_id]).sort()).toEqual([
      ["company.com", ZONE_ID],
      ["company.eu", "00112233445566778899aabbccddeeff"],
    ]);
  });

  test("email domain, zone and enabled from variables", () => {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL_PROPS);
    new CloudflareDashboardSso(stack, "sso", {
      integration: access,
      emailDomain: new TerraformVariable(stack, "email_domain", { type: "string" }).stringValue,
      zoneId: new TerraformVariable(stack, "zone", { type: "string" }).stringValue,
      enabled: new TerraformVariable(stack, "enabled", { type: "bool" }).booleanValue as unknown as boolean,
    });
    const json = synthJson(stack);
    expect(only(json, "resource", CONNECTOR)).toMatchObject({ email_domain: "${var.email_domain}", enabled: "${var.enabled}" });
    expect(only(json, "resource", RECORD)).toMatchObject({ name: "${var.email_domain}", zone_id: "${var.zone}" });
  });

  test("an integration whose account id is a variable", () => {
    const stack = userStack();
    const account = new TerraformVariable(stack, "account", { type: "string" });
    const access = new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, accountId: account.stringValue });
    new CloudflareDashboardSso(stack, "sso", { integration: access, emailDomain: "company.com", zoneId: ZONE_ID });
    expect(only(synthJson(stack), "resource", CONNECTOR).account_id).toBe("${var.account}");
  });
});

describe("bad props fail at construction, naming the construct path, the prop, the value and what is allowed", () => {
  test("a zone-scoped integration is refused: connectors belong to an account", () => {
    const stack = userStack();
    const access = new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, accountId: undefined, zoneId: ZONE_ID });
    expect(
      errorOf(() => new CloudflareDashboardSso(stack, "sso", { integration: access, emailDomain: "company.com", zoneId: ZONE_ID })).message,
    ).toBe(
      'CloudflareDashboardSso at test/sso: invalid integration "test/access": expected an account-scoped integration (accountId): dashboard SSO connectors belong to a Cloudflare account and use its Zero Trust login methods',
    );
  });

  test.each(["@company.com", "company", "alice@company.com", "https://company.com"])("emailDomain %s", (emailDomain) => {
    const error = ssoError((access) => ({ integration: access, emailDomain, zoneId: ZONE_ID }));
    expect(error.message).toBe(
      `CloudflareDashboardSso at test/sso: invalid emailDomain ${JSON.stringify(emailDomain)}: not a DNS domain; expected an email domain in lower case such as "company.com" (without @; a top-level domain of two or more letters)`,
    );
  });

  test.each(["company.com", ZONE_ID.toUpperCase(), ZONE_ID.slice(1)])("zoneId %s", (zoneId) => {
    const error = ssoError((access) => ({ integration: access, emailDomain: "company.com", zoneId }));
    expect(error.message).toBe(
      `CloudflareDashboardSso at test/sso: invalid zoneId ${JSON.stringify(zoneId)}: expected a Cloudflare zone id: 32 lowercase hexadecimal characters`,
    );
  });

  test("enabled that is not a boolean", () => {
    expect(ssoError((access) => ({ integration: access, emailDomain: "company.com", zoneId: ZONE_ID, enabled: "true" })).message).toBe(
      'CloudflareDashboardSso at test/sso: invalid enabled "true": expected true or false, got a string',
    );
  });

  test("missing props from plain JavaScript", () => {
    expect(ssoError((access) => ({ integration: access, zoneId: ZONE_ID })).message).toBe(
      'CloudflareDashboardSso at test/sso: invalid emailDomain undefined: emailDomain is required: the email domain whose Cloudflare users sign in with authentik, e.g. "company.com"',
    );
    expect(ssoError((access) => ({ integration: access, emailDomain: "company.com" })).message).toBe(
      "CloudflareDashboardSso at test/sso: invalid zoneId undefined: zoneId is required: the Cloudflare zone that serves the email domain, for the verification TXT record",
    );
    expect(ssoError(() => ({ emailDomain: "company.com", zoneId: ZONE_ID })).message).toBe(
      "CloudflareDashboardSso at test/sso: invalid integration undefined: integration is required: the AuthentikCloudflareAccess whose login method signs people in to the dashboard",
    );
  });

  test("no props object at all", () => {
    const stack = userStack();
    expect(errorOf(() => new CloudflareDashboardSso(stack, "sso", undefined as any)).message).toBe(
      "CloudflareDashboardSso at test/sso: invalid props undefined: expected the props object to be an object with the keys integration, emailDomain, zoneId, enabled",
    );
  });

  test("an integration that is not an AuthentikCloudflareAccess", () => {
    expect(ssoError(() => ({ integration: { accountId: ACCOUNT_ID }, emailDomain: "company.com", zoneId: ZONE_ID })).message).toBe(
      `CloudflareDashboardSso at test/sso: invalid integration {"accountId":"${ACCOUNT_ID}"}: expected an AuthentikCloudflareAccess construct, got an object`,
    );
    expect(ssoError(() => ({ integration: "test/access", emailDomain: "company.com", zoneId: ZONE_ID })).message).toBe(
      'CloudflareDashboardSso at test/sso: invalid integration "test/access": expected an AuthentikCloudflareAccess construct, got a string',
    );
  });

  test("an integration from another stack", () => {
    const app = testApp();
    const access = new AuthentikCloudflareAccess(userStack(app, "other"), "access", MINIMAL_PROPS);
    const mine = userStack(app, "mine");
    expect(
      errorOf(() => new CloudflareDashboardSso(mine, "sso", { integration: access, emailDomain: "company.com", zoneId: ZONE_ID })).message,
    ).toBe(
      'CloudflareDashboardSso at mine/sso: invalid integration "other/access": expected an integration of this construct\'s stack mine',
    );
  });

  test("an unknown key, with a hint", () => {
    expect(ssoError((access) => ({ integration: access, emailDomain: "company.com", zoneId: ZONE_ID, enable: true })).message).toBe(
      'CloudflareDashboardSso at test/sso: invalid enable true: did you mean "enabled"? this construct has no such prop; known: integration, emailDomain, zoneId, enabled',
    );
    expect(
      ssoError((access) => ({ integration: access, emailDomain: "company.com", zoneId: ZONE_ID, accountId: ACCOUNT_ID })).message,
    ).toBe(
      `CloudflareDashboardSso at test/sso: invalid accountId "${ACCOUNT_ID}": this construct has no such prop; known: integration, emailDomain, zoneId, enabled`,
    );
  });
});
