import { TerraformVariable } from "cdktf";
import { AuthentikCloudflareAccess, AuthentikCloudflareAccessProps, authentik } from "../lib";
import { InvalidPropError } from "../lib/validation";
import { all, errorOf, MINIMAL_PROPS, only, onlyName, synthAccess, synthJson, userStack, ZONE_ID } from "./helpers";

const SCIM = "authentik_provider_scim";
const IDP = "cloudflare_zero_trust_access_identity_provider";
const APPLICATION = "authentik_application";
const SCIM_MAPPING = "authentik_property_mapping_provider_scim";

function resourceRef(json: any, type: string, attribute: string): string {
  return `\${${type}.${onlyName(json, "resource", type)}.${attribute}}`;
}

/** `${data.authentik_property_mapping_provider_scim.<name>.id}` of the mapping with the given managed name. */
function mappingRef(json: any, managed: string): string {
  const names = Object.entries(json.data?.[SCIM_MAPPING] ?? {})
    .filter(([, mapping]: [string, any]) => mapping.managed === managed)
    .map(([name]) => name);
  expect(names).toHaveLength(1);
  return `\${data.${SCIM_MAPPING}.${names[0]}.id}`;
}

/** `${data.authentik_group.<name>.id}` of the group lookup with the given name. */
function groupRef(json: any, groupName: string): string {
  const names = Object.entries(json.data?.authentik_group ?? {})
    .filter(([, group]: [string, any]) => group.name === groupName)
    .map(([name]) => name);
  expect(names).toHaveLength(1);
  return `\${data.authentik_group.${names[0]}.id}`;
}

function accessError(props: Record<string, unknown>): InvalidPropError {
  return errorOf(
    () => new AuthentikCloudflareAccess(userStack(), "access", { ...MINIMAL_PROPS, ...props } as AuthentikCloudflareAccessProps),
  );
}

describe("scim: {} provisions users from authentik to Cloudflare with Cloudflare's defaults", () => {
  const json = synthAccess({ scim: {} });
  const idp = only(json, "resource", IDP);
  const scim = only(json, "resource", SCIM);

  test("the identity provider accepts SCIM, deprovisioning nothing and leaving changed identities alone", () => {
    expect(idp.scim_config).toEqual({
      enabled: true,
      user_deprovision: false,
      seat_deprovision: false,
      identity_update_behavior: "no_action",
    });
  });

  test("authentik's SCIM provider reads Cloudflare's SCIM endpoint and secret by reference", () => {
    expect(scim.url).toBe(resourceRef(json, IDP, "scim_config.scim_base_url"));
    expect(scim.token).toBe(resourceRef(json, IDP, "scim_config.secret"));
  });

  test("the SCIM secret is never a literal and the construct outputs nothing", () => {
    const text = JSON.stringify(json);
    expect(text.match(/scim_config\.secret/g)).toHaveLength(1);
    expect(json.output).toBeUndefined();
    expect(json.variable).toBeUndefined();
  });

  test("the provider is named after the application and uses authentik's managed SCIM mappings", () => {
    expect(scim.name).toBe("SCIM for Cloudflare Access");
    expect(
      all(json, "data", SCIM_MAPPING)
        .map((m) => m.managed)
        .sort(),
    ).toEqual(["goauthentik.io/providers/scim/group", "goauthentik.io/providers/scim/user"]);
    expect(scim.property_mappings).toEqual([mappingRef(json, "goauthentik.io/providers/scim/user")]);
    expect(scim.property_mappings_group).toEqual([mappingRef(json, "goauthentik.io/providers/scim/group")]);
  });

  test("every group of the provisioned users is pushed, for real (no filters, no dry run)", () => {
    expect(scim).not.toHaveProperty("group_filters");
    expect(scim).not.toHaveProperty("dry_run");
    expect(json.data.authentik_group).toBeUndefined();
  });

  test("the SCIM provider is a backchannel provider of the application", () => {
    expect(only(json, "resource", APPLICATION).backchannel_providers).toEqual([resourceRef(json, SCIM, "id")]);
  });

  test("the scimProvider member is the SCIM provider", () => {
    const access = new AuthentikCloudflareAccess(userStack(), "access", { ...MINIMAL_PROPS, scim: {} });
    expect(access.scimProvider?.terraformResourceType).toBe(SCIM);
  });
});

describe("without scim nothing of SCIM exists", () => {
  const json = synthAccess();

  test("no scim_config, SCIM provider, SCIM mappings or backchannel providers", () => {
    expect(only(json, "resource", IDP)).not.toHaveProperty("scim_config");
    expect(json.resource[SCIM]).toBeUndefined();
    expect(json.data[SCIM_MAPPING]).toBeUndefined();
    expect(only(json, "resource", APPLICATION)).not.toHaveProperty("backchannel_providers");
  });

  test("the scimProvider member is undefined", () => {
    expect(new AuthentikCloudflareAccess(userStack(), "access", MINIMAL_PROPS).scimProvider).toBeUndefined();
  });
});

describe("scim options", () => {
  test("deprovisioning and identity updates land on the identity provider's scim_config", () => {
    const json = synthAccess({ scim: { userDeprovision: true, seatDeprovision: true, identityUpdateBehavior: "reauth" } });
    expect(only(json, "resource", IDP).scim_config).toEqual({
      enabled: true,
      user_deprovision: true,
      seat_deprovision: true,
      identity_update_behavior: "reauth",
    });
  });

  test.each(["automatic", "reauth", "no_action"])("identityUpdateBehavior %s is passed through", (identityUpdateBehavior) => {
    expect(only(synthAccess({ scim: { identityUpdateBehavior } }), "resource", IDP).scim_config.identity_update_behavior).toBe(
      identityUpdateBehavior,
    );
  });

  test("userDeprovision alone keeps seats", () => {
    expect(only(synthAccess({ scim: { userDeprovision: true } }), "resource", IDP).scim_config).toMatchObject({
      user_deprovision: true,
      seat_deprovision: false,
    });
  });

  test("providerName, dryRun and the application name", () => {
    const json = synthAccess({ applicationName: "Zero Trust", scim: { dryRun: true } });
    expect(only(json, "resource", SCIM)).toMatchObject({ name: "SCIM for Zero Trust", dry_run: true });
    expect(only(synthAccess({ scim: { providerName: "cloudflare-scim" } }), "resource", SCIM).name).toBe("cloudflare-scim");
  });

  test("group filters from group ids", () => {
    const ids = ["aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee"];
    const json = synthAccess({ scim: { groupIds: ids } });
    expect(only(json, "resource", SCIM).group_filters).toEqual(ids);
    expect(json.data.authentik_group).toBeUndefined();
  });

  test("group filters from group names, looked up without reading members", () => {
    const json = synthAccess({ scim: { groupNames: ["staff", "admins"] } });
    const groups = all(json, "data", "authentik_group");
    expect(groups).toHaveLength(2);
    for (const group of groups) {
      expect(group.include_users).toBe(false);
    }
    expect(only(json, "resource", SCIM).group_filters).toEqual([groupRef(json, "staff"), groupRef(json, "admins")]);
  });

  test("group ids and names together", () => {
    const id = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    const json = synthAccess({ scim: { groupIds: [id], groupNames: ["staff"] } });
    expect(only(json, "resource", SCIM).group_filters).toEqual([id, groupRef(json, "staff")]);
  });

  test("a group named in bindings and in SCIM is looked up once, and both read that one lookup", () => {
    const json = synthAccess({ bindings: { groupNames: ["staff", "ops"] }, scim: { groupNames: ["staff"] } });
    const lookups = json.data.authentik_group;
    expect(Object.keys(lookups)).toHaveLength(2);
    const idOf = (name: string) => {
      const key = Object.keys(lookups).find((k) => lookups[k].name === name) as string;
      expect(key).toMatch(new RegExp(`^access_group-lookup-${name}_[0-9A-F]{8}$`));
      return `\${data.authentik_group.${key}.id}`;
    };
    expect(only(json, "resource", SCIM).group_filters).toEqual([idOf("staff")]);
    const bindings = Object.values<any>(json.resource.authentik_policy_binding);
    expect(bindings.map((b) => b.group).sort()).toEqual([idOf("staff"), idOf("ops")].sort());
  });

  test("an aliased authentik provider is used by the SCIM provider and its lookups", () => {
    const stack = userStack();
    const second = new authentik.provider.AuthentikProvider(stack, "authentik-second", {
      alias: "second",
      url: "https://id.example.org",
      token: "t",
    });
    new AuthentikCloudflareAccess(stack, "access", {
      ...MINIMAL_PROPS,
      authentikUrl: "https://id.example.org",
      authentikProvider: second,
      scim: { groupNames: ["staff"] },
    });
    const json = synthJson(stack);
    const blocks = [only(json, "resource", SCIM), ...all(json, "data", SCIM_MAPPING), only(json, "data", "authentik_group")];
    expect(blocks).toHaveLength(4);
    for (const block of blocks) {
      expect(block.provider).toBe("authentik.second");
    }
  });

  test("a zone-scoped identity provider gets SCIM too", () => {
    const json = synthAccess({ accountId: undefined, zoneId: ZONE_ID, scim: {} });
    const idp = only(json, "resource", IDP);
    expect(idp.zone_id).toBe(ZONE_ID);
    expect(idp.scim_config.enabled).toBe(true);
    expect(only(json, "resource", SCIM).url).toBe(resourceRef(json, IDP, "scim_config.scim_base_url"));
  });
});

describe("Terraform tokens in scim", () => {
  test("a list variable of group ids becomes the group filters", () => {
    const stack = userStack();
    const groups = new TerraformVariable(stack, "scim_groups", { type: "list(string)" });
    new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, scim: { groupIds: groups.listValue } });
    const filters = only(synthJson(stack), "resource", SCIM).group_filters;
    expect(typeof filters).toBe("string");
    expect(filters).toMatch(/^\$\{.*var\.scim_groups.*\}$/);
  });

  test("a list variable of group ids with literal group names: Terraform joins them", () => {
    const stack = userStack();
    const groups = new TerraformVariable(stack, "scim_groups", { type: "list(string)" });
    new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, scim: { groupIds: groups.listValue, groupNames: ["staff"] } });
    const json = synthJson(stack);
    const group = onlyName(json, "data", "authentik_group");
    expect(only(json, "resource", SCIM).group_filters).toBe(`\${concat(var.scim_groups, [data.authentik_group.${group}.id])}`);
  });

  test("a list variable of group names is looked up with for_each", () => {
    const stack = userStack();
    const names = new TerraformVariable(stack, "scim_group_names", { type: "list(string)" });
    new AuthentikCloudflareAccess(stack, "access", { ...MINIMAL_PROPS, scim: { groupNames: names.listValue } });
    const json = synthJson(stack);
    const lookup = only(json, "data", "authentik_group");
    expect(lookup).toMatchObject({ for_each: "${toset(var.scim_group_names)}", name: "${each.value}", include_users: false });
    expect(only(json, "resource", SCIM).group_filters).toContain(`data.authentik_group.${onlyName(json, "data", "authentik_group")}`);
  });

  test("booleans and the behaviour from variables", () => {
    const stack = userStack();
    const bool = (name: string) => new TerraformVariable(stack, name, { type: "bool" }).booleanValue as unknown as boolean;
    new AuthentikCloudflareAccess(stack, "access", {
      ...MINIMAL_PROPS,
      scim: {
        userDeprovision: bool("user_deprovision"),
        identityUpdateBehavior: new TerraformVariable(stack, "behavior", { type: "string" }).stringValue,
        dryRun: bool("dry_run"),
      },
    });
    const json = synthJson(stack);
    expect(only(json, "resource", IDP).scim_config).toMatchObject({
      user_deprovision: "${var.user_deprovision}",
      identity_update_behavior: "${var.behavior}",
    });
    expect(only(json, "resource", SCIM).dry_run).toBe("${var.dry_run}");
  });

  test("seatDeprovision with userDeprovision from a variable is accepted", () => {
    const stack = userStack();
    const userDeprovision = new TerraformVariable(stack, "user_deprovision", { type: "bool" });
    new AuthentikCloudflareAccess(stack, "access", {
      ...MINIMAL_PROPS,
      scim: { userDeprovision: userDeprovision.booleanValue as unknown as boolean, seatDeprovision: true },
    });
    expect(only(synthJson(stack), "resource", IDP).scim_config).toMatchObject({
      user_deprovision: "${var.user_deprovision}",
      seat_deprovision: true,
    });
  });
});

describe("bad scim options fail at construction", () => {
  test("an unknown key, with a hint", () => {
    const message = accessError({ scim: { userDeprovisioning: true } }).message;
    expect(message).toMatch(
      /^AuthentikCloudflareAccess at test\/access: invalid scim\.userDeprovisioning true: did you mean "userDeprovision"\? scim has no such prop; known: /,
    );
    for (const key of [
      "userDeprovision",
      "seatDeprovision",
      "identityUpdateBehavior",
      "providerName",
      "groupNames",
      "groupIds",
      "dryRun",
    ]) {
      expect(message).toContain(key);
    }
  });

  test("seatDeprovision without userDeprovision", () => {
    for (const scim of [{ seatDeprovision: true }, { seatDeprovision: true, userDeprovision: false }]) {
      expect(accessError({ scim }).message).toBe(
        "AuthentikCloudflareAccess at test/access: invalid scim.seatDeprovision true: Cloudflare removes seats only together with users: set scim.userDeprovision to true as well",
      );
    }
  });

  test("an identityUpdateBehavior Cloudflare does not know", () => {
    expect(accessError({ scim: { identityUpdateBehavior: "update" } }).message).toBe(
      'AuthentikCloudflareAccess at test/access: invalid scim.identityUpdateBehavior "update": not a known value; expected one of "automatic", "reauth", "no_action"',
    );
  });

  test("scim that is not an object", () => {
    expect(accessError({ scim: true }).message).toMatch(
      /^AuthentikCloudflareAccess at test\/access: invalid scim true: expected scim to be an object with the keys .*userDeprovision/,
    );
  });

  test("values of the wrong type or shape", () => {
    expect(accessError({ scim: { userDeprovision: "yes" } }).message).toBe(
      'AuthentikCloudflareAccess at test/access: invalid scim.userDeprovision "yes": expected true or false, got a string',
    );
    expect(accessError({ scim: { groupIds: ["admins"] } }).message).toMatch(
      /^AuthentikCloudflareAccess at test\/access: invalid scim\.groupIds\[0\] "admins": .*expected a UUID/,
    );
    expect(accessError({ scim: { groupNames: [" staff"] } }).message).toMatch(
      /^AuthentikCloudflareAccess at test\/access: invalid scim\.groupNames\[0\] " staff": must not start or end with whitespace/,
    );
    expect(accessError({ scim: { providerName: "" } }).message).toMatch(
      /^AuthentikCloudflareAccess at test\/access: invalid scim\.providerName "": must not be empty/,
    );
  });

  test("a SCIM provider named like another integration's OAuth2 provider", () => {
    const stack = userStack();
    new AuthentikCloudflareAccess(stack, "prod", MINIMAL_PROPS);
    const error = errorOf(
      () =>
        new AuthentikCloudflareAccess(stack, "staging", {
          ...MINIMAL_PROPS,
          applicationSlug: "staging",
          applicationName: "Staging",
          scim: { providerName: "Provider for Cloudflare Access" },
        }),
    );
    expect(error.message).toBe(
      'AuthentikCloudflareAccess at test/staging: invalid scim.providerName "Provider for Cloudflare Access": test/prod already uses this provider name on the same authentik provider, and authentik requires it to be unique; give each integration its own applicationName or providerName',
    );
  });

  test("an OAuth2 provider named like another integration's default SCIM provider", () => {
    const stack = userStack();
    new AuthentikCloudflareAccess(stack, "prod", { ...MINIMAL_PROPS, scim: {} });
    const error = errorOf(
      () =>
        new AuthentikCloudflareAccess(stack, "staging", {
          ...MINIMAL_PROPS,
          applicationSlug: "staging",
          providerName: "SCIM for Cloudflare Access",
        }),
    );
    expect(error.prop).toBe("providerName");
    expect(error.message).toContain("test/prod already uses this provider name");
  });

  test("a SCIM provider named like its own OAuth2 provider", () => {
    const error = accessError({ providerName: "Cloudflare", scim: { providerName: "Cloudflare" } });
    expect(error.prop).toBe("scim.providerName");
    expect(error.message).toBe(
      'AuthentikCloudflareAccess at test/access: invalid scim.providerName "Cloudflare": providerName has the same value, and authentik requires a provider name to be unique across all its kinds of provider; choose another scim.providerName',
    );
  });

  test("two integrations with SCIM and distinct application names are fine", () => {
    const stack = userStack();
    new AuthentikCloudflareAccess(stack, "prod", { ...MINIMAL_PROPS, scim: {} });
    new AuthentikCloudflareAccess(stack, "staging", {
      ...MINIMAL_PROPS,
      applicationSlug: "staging",
      applicationName: "Staging",
      scim: {},
    });
    expect(
      all(synthJson(stack), "resource", SCIM)
        .map((p) => p.name)
        .sort(),
    ).toEqual(["SCIM for Cloudflare Access", "SCIM for Staging"]);
  });

  test("scim: { enabled: false } from JavaScript is refused, not silently provisioned", () => {
    const error = accessError({ scim: { enabled: false } as any });
    expect(error.message).toMatch(
      /^AuthentikCloudflareAccess at test\/access: invalid scim\.enabled false: scim has no such prop; known: userDeprovision, /,
    );
  });
});
