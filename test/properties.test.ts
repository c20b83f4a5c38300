/**
 * Property-based tests over the whole prop space of AuthentikCloudflareAccess and
 * ProtectedApplication, with an oracle written independently of lib/rules.ts: valid
 * props (built from parts whose meaning is known) must synthesise what the guide
 * asks for and what the real provider schemas allow; props with one bad value must be
 * refused with an InvalidPropError naming the construct path and that prop; any
 * JavaScript value anywhere must either be refused that way or synthesise correctly.
 * Fixed seed; the counts are printed at the end.
 */
import fc from "fast-check";
import { TerraformStack, TerraformVariable } from "cdktf";
import {
  AuthentikCloudflareAccess,
  AuthentikCloudflareAccessProps,
  CloudflareDashboardSso,
  CloudflareDashboardSsoProps,
  ProtectedApplicationOptions,
} from "../lib";
import { InvalidPropError } from "../lib/validation";
import { ACCOUNT_ID as ACCOUNT, synthJson, UNMATCHABLE_EMAILS, userStack } from "./helpers";
import { schemaProblems } from "./schema";

const SEED = 20261128;
const ran: Record<string, number> = {};
afterAll(() => {
  const total = Object.values(ran).reduce((a, b) => a + b, 0);
  const rows = Object.entries(ran).map(([name, n]) => `  ${n.toString().padStart(5)}  ${name}`);
  console.log(`property-based suite: ${total} generated cases (seed ${SEED})\n${rows.join("\n")}`);
});

/**
 * Runs a property with the fixed seed and counts its cases. cdktf records a full stack
 * trace for every token it creates, and under jest each trace is source-mapped frame by
 * frame: that, not the library, dominates thousands of cases, so stack traces are
 * rendered empty while a property runs.
 */
function check<T>(name: string, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void, numRuns: number): void {
  ran[name] = 0;
  const prepare = Error.prepareStackTrace;
  Error.prepareStackTrace = () => "";
  try {
    fc.assert(
      fc.property(arbitrary, (value) => {
        ran[name]++;
        predicate(value);
      }),
      { seed: SEED, numRuns, endOnFailure: true },
    );
  } finally {
    Error.prepareStackTrace = prepare;
  }
}

/** Every block fits the real provider schemas, nested attributes included. */
function expectSchemaKeys(json: any): void {
  expect(schemaProblems(json)).toEqual([]);
}

// ---- generators of values whose meaning is known by construction ---------------------

const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/);
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,14}[a-z0-9])?$/);
const host = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-z]{2,6}$/))
  .map(([labels, tld]) => [...labels, tld].join("."));
const uuid = fc.uuid();
const slug = fc
  .stringMatching(/^[-a-zA-Z0-9_]{1,30}$/)
  .filter((s) => !["authorize", "token", "device", "userinfo", "introspect", "revoke"].includes(s));
const text = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 30 })
  .filter((s) => s.trim() === s && s !== "" && !s.includes("\u0000"));
const claim = fc.stringMatching(/^[A-Za-z0-9_.:/-]{1,20}$/);
const UNITS = ["weeks", "days", "hours", "minutes", "seconds"];
const duration = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...UNITS), fc.integer({ min: 1, max: 500 }), fc.boolean()), {
    minLength: 1,
    maxLength: 3,
    selector: ([unit]) => unit,
  })
  .map((pairs) => pairs.map(([unit, n, upper]) => `${upper ? unit.toUpperCase() : unit}=${n}`).join(";"));

/** An authentik origin from its parts, and the base URL the oracle expects from it. */
const origin = fc
  .record({ host, upper: fc.boolean(), port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), slash: fc.boolean() })
  .map((o) => ({
    url: `https://${o.upper ? o.host.toUpperCase() : o.host}${o.port !== undefined ? `:${o.port}` : ""}${o.slash ? "/" : ""}`,
    base: `https://${o.host}${o.port !== undefined && o.port !== 443 ? `:${o.port}` : ""}`,
  }));
const version = fc
  .tuple(fc.integer({ min: 2023, max: 2030 }), fc.integer({ min: 1, max: 12 }), fc.option(fc.nat(9), { nil: undefined }))
  .map(([y, m, p]) => ({
    text: `${y}.${m}${p !== undefined ? `.${p}` : ""}`,
    typed: y * 100 + m >= 202605,
  }));

interface Case {
  readonly props: Record<string, any>;
  readonly base: string;
  readonly typed: boolean;
  readonly secret?: string;
  /** The binding subjects, per kind, that must be bound (literal lists). */
  readonly bound: number;
}

/** Fully valid props: every optional prop either left out or set to a valid value. */
const validCase: fc.Arbitrary<Case> = fc
  .record(
    {
      team: label,
      origin,
      scope: fc.boolean(),
      id: hex32,
      applicationName: text,
      applicationSlug: slug,
      applicationGroup: text,
      policyEngineMode: fc.constantFrom("any", "all"),
      launchUrl: fc.oneof(
        host.map((h) => `https://${h}/`),
        fc.constant("blank://blank"),
        host.map((h) => `https://%(username)s.${h}/`),
      ),
      iconUrl: fc.oneof(
        fc.constant("fa://fa-key"),
        host.map((h) => `https://${h}/icon.png`),
        fc.constant("/static/dist/assets/icons/icon.png"),
      ),
      description: text,
      publisher: text,
      openInNewTab: fc.boolean(),
      providerName: text,
      clientId: fc.stringMatching(/^[\x21-\x7e]{1,255}$/),
      clientSecret: fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }).map((s) => `s3cr3t:${s.split("\u0000").join("")}.`),
      subMode: fc.constantFrom("hashed_user_id", "user_id", "user_uuid", "user_username", "user_email", "user_upn"),
      accessTokenValidity: duration,
      flow: fc.oneof(fc.record({ authorizationFlowSlug: slug }), fc.record({ authorizationFlowId: uuid })),
      key: fc.oneof(fc.record({ signingKeyName: text }), fc.record({ signingKeyId: uuid })),
      scopes: fc
        .shuffledSubarray(["profile", "offline_access", "entitlements"])
        .chain((extra) => fc.shuffledSubarray(["openid", "email", ...extra], { minLength: 2 + extra.length })),
      version,
      postLogoutRedirect: fc.boolean(),
      bindings: fc.record(
        {
          groupNames: fc.uniqueArray(text, { maxLength: 3 }),
          groupIds: fc.uniqueArray(uuid, { maxLength: 3 }),
          userIds: fc.uniqueArray(fc.integer({ min: 1, max: 1e6 }), { maxLength: 3 }),
          policyIds: fc.uniqueArray(uuid, { maxLength: 2 }),
        },
        { requiredKeys: [] },
      ),
      identityProviderName: text,
      pkceEnabled: fc.boolean(),
      claims: fc.uniqueArray(claim, { maxLength: 3 }),
      emailClaimName: claim,
      scim: fc
        .record(
          {
            userDeprovision: fc.boolean(),
            seatDeprovision: fc.boolean(),
            identityUpdateBehavior: fc.constantFrom("automatic", "reauth", "no_action"),
          },
          { requiredKeys: [] },
        )
        .map((scim) => (scim.seatDeprovision ? { ...scim, userDeprovision: true } : scim)),
    },
    { requiredKeys: ["team", "origin", "scope", "id", "version"] },
  )
  .map((r) => {
    const props: Record<string, any> = { teamName: r.team, authentikUrl: r.origin.url, [r.scope ? "accountId" : "zoneId"]: r.id };
    for (const key of Object.keys(r)) {
      if (["team", "origin", "scope", "id", "version", "flow", "key", "postLogoutRedirect"].includes(key)) continue;
      props[key] = (r as any)[key];
    }
    Object.assign(props, r.flow ?? {}, r.key ?? {});
    if (r.version !== undefined && ((r as any).versionSet ?? true)) props.authentikVersion = r.version.text;
    if (r.postLogoutRedirect && r.version.typed) props.postLogoutRedirect = true;
    if (props.claims?.includes("groups") && props.scopes && !props.scopes.includes("profile")) props.scopes = [...props.scopes, "profile"];
    const lists = props.bindings ? Object.values<any[]>(props.bindings) : [];
    if (props.bindings && lists.every((l) => l.length === 0)) delete props.bindings;
    return {
      props,
      base: r.origin.base,
      typed: r.version.typed,
      secret: props.clientSecret,
      bound: lists.reduce((n, l) => n + l.length, 0),
    };
  });

function build(props: Record<string, any>, stack: TerraformStack = userStack()): any {
  new AuthentikCloudflareAccess(stack, "access", props as AuthentikCloudflareAccessProps);
  return synthJson(stack);
}

const only = (json: any, section: string, type: string) => Object.values<any>(json[section][type])[0];
const ref = (json: any, type: string, attribute: string) => `\${${type}.${Object.keys(json.resource[type])[0]}.${attribute}}`;

/** What the guide asks for, checked on synthesised JSON. */
function expectGuide(json: any, c: Case): void {
  const p = c.props;
  const slugValue = p.applicationSlug ?? "cloudflare-access";
  const oauth2 = only(json, "resource", "authentik_provider_oauth2");
  const idp = only(json, "resource", "cloudflare_zero_trust_access_identity_provider");
  const app = only(json, "resource", "authentik_application");
  const callback = { matching_mode: "strict", url: `https://${p.teamName}.cloudflareaccess.com/cdn-cgi/access/callback` };
  expect(oauth2.allowed_redirect_uris[0]).toEqual(c.typed ? { ...callback, redirect_uri_type: "authorization" } : callback);
  expect(oauth2.allowed_redirect_uris.length).toBe(p.postLogoutRedirect ? 2 : 1);
  expect(oauth2.client_type).toBe("confidential");
  expect(app.slug).toBe(slugValue);
  expect(app.protocol_provider).toBe(ref(json, "authentik_provider_oauth2", "id"));
  expect(idp.type).toBe("oidc");
  expect(idp.config.client_id).toBe(ref(json, "authentik_provider_oauth2", "client_id"));
  expect(idp.config.client_secret).toBe(ref(json, "authentik_provider_oauth2", "client_secret"));
  expect(idp.config.auth_url).toBe(`${c.base}/application/o/authorize/`);
  expect(idp.config.token_url).toBe(`${c.base}/application/o/token/`);
  expect(idp.config.certs_url).toBe(`${c.base}/application/o/${slugValue}/jwks/`);
  expect(idp.account_id ?? idp.zone_id).toBe(p.accountId ?? p.zoneId);
  expect(oauth2.signing_key).toBe(
    p.signingKeyId ?? `\${data.authentik_certificate_key_pair.${Object.keys(json.data.authentik_certificate_key_pair ?? {})[0]}.id}`,
  );
  const managed = only(json, "data", "authentik_property_mapping_provider_scope").managed_list;
  expect(managed).toEqual((p.scopes ?? ["openid", "email", "profile"]).map((s: string) => `goauthentik.io/providers/oauth2/scope-${s}`));
  expect(Object.keys(json.resource.authentik_policy_binding ?? {}).length).toBe(c.bound);
  expect(Object.keys(json.resource.authentik_provider_scim ?? {}).length).toBe(p.scim ? 1 : 0);
  if (c.secret !== undefined) {
    const text = JSON.stringify(json);
    expect(text.split(JSON.stringify(c.secret).slice(1, -1)).length - 1).toBe(1);
    expect(oauth2.client_secret).toBe(c.secret);
  }
  expectSchemaKeys(json);
}

describe("property: valid props synthesise the guide's Terraform within the real schemas", () => {
  test("every optional prop left out or set to a valid value", () => {
    check("valid props synthesise as the guide says", validCase, (c) => expectGuide(build(c.props), c), 600);
  });

  test("token-valued props are accepted and become references", () => {
    const tokenProps = [
      "teamName",
      "authentikUrl",
      "applicationSlug",
      "clientId",
      "clientSecret",
      "subMode",
      "accessTokenValidity",
      "launchUrl",
      "iconUrl",
      "authentikVersion",
    ];
    check(
      "token-valued props synthesise to references",
      fc.tuple(validCase, fc.subarray(tokenProps, { minLength: 1 })),
      ([c, tokens]) => {
        const stack = userStack();
        const props = { ...c.props };
        for (const name of tokens) props[name] = new TerraformVariable(stack, name, { type: "string" }).stringValue;
        const json = build(props, stack);
        const text = JSON.stringify(json);
        for (const name of tokens) expect(text).toContain(`var.${name}`);
        // Each token gets its rule checked by Terraform at plan time, with a message naming the construct and the prop.
        const checks = only(json, "resource", "authentik_provider_oauth2").lifecycle.precondition;
        for (const name of tokens) {
          const check = checks.find((c: any) => c.error_message.startsWith(`AuthentikCloudflareAccess at test/access: invalid ${name} (`));
          expect(check?.condition).toContain(`var.${name}`);
        }
        expectSchemaKeys(json);
      },
      150,
    );
  });

  test("binding lists given as Terraform list variables are bound with for_each, never dropped", () => {
    const kinds = ["groupNames", "groupIds", "userIds", "policyIds"];
    check(
      "list-variable bindings use for_each",
      fc.tuple(fc.subarray(kinds, { minLength: 1 }), fc.subarray(kinds)),
      ([tokenKinds, literalKinds]) => {
        const stack = userStack();
        const bindings: Record<string, unknown> = {};
        for (const kind of literalKinds)
          bindings[kind] = kind === "userIds" ? [7] : kind === "groupNames" ? ["staff"] : ["aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"];
        for (const kind of tokenKinds)
          bindings[kind] = new TerraformVariable(stack, kind, { type: kind === "userIds" ? "list(number)" : "list(string)" }).listValue;
        const json = build({ teamName: "company", authentikUrl: "https://authentik.company", accountId: ACCOUNT, bindings }, stack);
        const blocks = Object.values<any>(json.resource.authentik_policy_binding);
        const literal = literalKinds.filter((k) => !tokenKinds.includes(k)).length;
        expect(blocks.filter((b) => b.for_each).length).toBe(tokenKinds.length);
        expect(blocks.length).toBe(tokenKinds.length + literal);
        for (const block of blocks) expect(String(block.order)).not.toContain("undefined");
        const precondition = only(json, "resource", "authentik_application").lifecycle;
        expect(precondition !== undefined).toBe(literal === 0);
        expectSchemaKeys(json);
      },
      200,
    );
  });
});

// ---- one bad value -------------------------------------------------------------------

const wrongTypes = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
  fc.constant(new URL("https://authentik.company")),
);
const padded = (arb: fc.Arbitrary<string>) => fc.tuple(arb, fc.constantFrom(" ", "\t", "\n", "\u00a0")).map(([s, ws]) => `${ws}${s}`);
const withNul = (arb: fc.Arbitrary<string>) => arb.map((s) => `${s}\u0000`);

/** Bad values per prop, each bad by construction, and the prop the error must name. */
const BAD: Record<string, fc.Arbitrary<[string, unknown]>> = {
  teamName: fc
    .oneof(
      label.map((l) => `${l}.cloudflareaccess.com`),
      label.map((l) => l.toUpperCase() + "X"),
      label.map((l) => `-${l}`),
      fc.constant(""),
      fc.constant("a".repeat(64)),
      wrongTypes,
    )
    .map((v) => ["teamName", v]),
  authentikUrl: fc
    .oneof(
      host.map((h) => `http://${h}`),
      host.map((h) => `https://${h}/path`),
      host.map((h) => `https://${h}?q`),
      host.map((h) => `https://${h}#f`),
      host.map((h) => `https://u:p@${h}`),
      host.map((h) => `https://${h}:0`),
      host,
      padded(host.map((h) => `https://${h}`)),
      wrongTypes,
    )
    .map((v) => ["authentikUrl", v]),
  accountId: fc
    .oneof(
      hex32.map((h) => h.toUpperCase().replace(/^[0-9]/, "A")),
      hex32.map((h) => h.slice(1)),
      fc.constant("z".repeat(32)),
      wrongTypes,
    )
    .map((v) => ["accountId", v]),
  applicationSlug: fc
    .oneof(
      slug.map((s) => `${s} x`),
      slug.map((s) => `${s}.x`),
      fc.constantFrom("token", "authorize", "revoke"),
      fc.constant("ü"),
      wrongTypes,
    )
    .map((v) => ["applicationSlug", v]),
  applicationName: fc
    .oneof(padded(text), withNul(text), fc.constant(""), fc.constant("   "), wrongTypes)
    .map((v) => ["applicationName", v]),
  clientId: fc.oneof(fc.constant("x".repeat(256)), fc.constant("client id"), fc.constant("clïent"), wrongTypes).map((v) => ["clientId", v]),
  clientSecret: fc
    .oneof(padded(text), withNul(text), fc.constant("\u{1F511}".repeat(256)), fc.constant(""), wrongTypes)
    .map((v) => ["clientSecret", v]),
  subMode: fc.oneof(fc.constantFrom("email", "USER_ID", "user_id "), wrongTypes).map((v) => ["subMode", v]),
  policyEngineMode: fc.oneof(fc.constantFrom("some", "ANY", ""), wrongTypes).map((v) => ["policyEngineMode", v]),
  accessTokenValidity: fc
    .oneof(
      fc.constantFrom(
        "minutes=0",
        "seconds=0;hours=0",
        "days=1e12",
        "minute=10",
        "10m",
        "hours=1;hours=2",
        "minutes=-1",
        "minutes=10;",
        "minutes = 10",
        "minutes=inf",
      ),
      wrongTypes,
    )
    .map((v) => ["accessTokenValidity", v]),
  launchUrl: fc
    .oneof(fc.constantFrom("javascript:alert(1)", "not a url", "https://a b/", "https://app_1.company/", "data:text/html,x"), wrongTypes)
    .map((v) => ["launchUrl", v]),
  iconUrl: fc
    .oneof(fc.constantFrom("data:image/png;base64,AA", "../icon.png", "a//b.png", ".hidden.png", "/etc/passwd"), wrongTypes)
    .map((v) => ["iconUrl", v]),
  authorizationFlowId: fc.oneof(slug, wrongTypes).map((v) => ["authorizationFlowId", v]),
  signingKeyId: fc.oneof(fc.constantFrom("42", "not-a-uuid"), wrongTypes).map((v) => ["signingKeyId", v]),
  scopes: fc
    .oneof(
      fc.constant([]),
      fc.constant(["openid"]),
      fc.constant(["email", "profile"]),
      fc.constant(["openid", "email", "groups"]),
      fc.constant(["openid", "email", "email"]),
      fc.constant("openid email"),
      wrongTypes.filter((v) => !Array.isArray(v)),
    )
    .map((v) => [Array.isArray(v) && v.includes("groups") ? "scopes[2]" : "scopes", v]),
  authentikVersion: fc
    .oneof(
      fc.constantFrom("latest", "2026.13", "2026", "v2026.5", "2026.5.x"),
      fc.double({ min: 2020, max: 2030, noNaN: true }),
      fc.boolean(),
    )
    .map((v) => ["authentikVersion", v]),
  pkceEnabled: fc
    .oneof(fc.constantFrom("yes", "true", 1, 0), fc.constant(null), fc.array(fc.boolean(), { maxLength: 1 }))
    .map((v) => ["pkceEnabled", v]),
  openInNewTab: fc.oneof(fc.constantFrom("yes", 1, 0), fc.constant(null)).map((v) => ["openInNewTab", v]),
  bindings: fc
    .oneof(fc.constant({}), fc.constant({ groupNames: [] }), fc.constant(["admins"]), fc.constant("admins"), fc.constant(null))
    .map((v) => ["bindings", v]),
  "bindings.groupName": fc.constant<[string, unknown]>(["bindings.groupName", { groupName: ["admins"] }]),
  "bindings.userIds": fc.oneof(fc.constant(7), fc.constant("7")).map((v) => ["bindings.userIds", { userIds: v }]),
  "bindings.userIds[0]": fc
    .oneof(fc.constantFrom(0, -1, 2.5, Number.NaN, Infinity, "7"))
    .map((v) => ["bindings.userIds[0]", { userIds: [v] }]),
  "bindings.groupIds[0]": fc
    .oneof(
      fc.constantFrom("admins", ""),
      wrongTypes.filter((v) => v !== null),
    )
    .map((v) => ["bindings.groupIds[0]", { groupIds: [v] }]),
  claims: fc.oneof(fc.constant("groups"), fc.constant(42)).map((v) => ["claims", v]),
  "claims[0]": fc.oneof(fc.constantFrom("group membership", "", "a\u0000"), fc.constant(null)).map((v) => ["claims[0]", [v]]),
  emailClaimName: fc.oneof(fc.constantFrom("e mail", ""), wrongTypes).map((v) => ["emailClaimName", v]),
  scim: fc.oneof(fc.constant("on"), fc.constant(true), fc.constant([]), fc.constant(null)).map((v) => ["scim", v]),
  "scim.identityUpdateBehavior": fc
    .constantFrom("update", "AUTOMATIC")
    .map((v) => ["scim.identityUpdateBehavior", { identityUpdateBehavior: v }]),
  unknown: fc.constantFrom("teamname", "accountID", "bindingz", "clientSecrets", "scope", "claim", "authentikURL").map((key) => [key, "x"]),
};

/** Where a bad value is placed: most go to the prop of their name, some are nested. */
function place(props: Record<string, any>, key: string, prop: string, value: unknown): Record<string, any> {
  if (key.startsWith("bindings.")) return { ...props, bindings: value };
  if (key === "claims[0]") return { ...props, claims: value };
  if (key === "scim.identityUpdateBehavior") return { ...props, scim: value };
  if (key === "unknown") return { ...props, [prop]: value };
  return { ...props, [prop.replace(/\[\d+\]$/, "")]: value };
}

describe("property: one bad value anywhere is refused naming the construct path and the prop", () => {
  test("a valid case with one prop replaced by a bad value", () => {
    const bad = fc.constantFrom(...Object.keys(BAD)).chain((key) => BAD[key].map(([prop, value]) => ({ key, prop, value })));
    check(
      "one bad prop is refused with InvalidPropError",
      fc.tuple(validCase, bad),
      ([c, { key, prop, value }]) => {
        // Leave out the props that would clash with the bad one for another reason.
        const base = { ...c.props };
        if (key === "authorizationFlowId") delete base.authorizationFlowSlug;
        if (key === "signingKeyId") delete base.signingKeyName;
        if (key === "accountId") delete base.zoneId;
        if (key === "scopes") delete base.claims;
        const props = place(base, key, prop, value);
        let error: unknown;
        try {
          build(props);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(InvalidPropError);
        const message = (error as Error).message;
        const prefix = `AuthentikCloudflareAccess at test/access: invalid ${prop} `;
        expect(message.slice(0, prefix.length)).toBe(prefix);
        if (prop === "clientSecret" && typeof value === "string") {
          expect(message).not.toContain(JSON.stringify(value).slice(1, -1).trim() || "\u0000never");
        }
      },
      2500,
    );
  });
});

describe("property: any JavaScript value for any prop is refused cleanly or synthesises correctly", () => {
  const PROPS = [
    "teamName",
    "authentikUrl",
    "accountId",
    "zoneId",
    "applicationName",
    "applicationSlug",
    "applicationGroup",
    "policyEngineMode",
    "launchUrl",
    "iconUrl",
    "description",
    "publisher",
    "openInNewTab",
    "providerName",
    "clientId",
    "clientSecret",
    "subMode",
    "accessTokenValidity",
    "authorizationFlowSlug",
    "authorizationFlowId",
    "invalidationFlowSlug",
    "invalidationFlowId",
    "signingKeyName",
    "signingKeyId",
    "scopes",
    "authentikVersion",
    "postLogoutRedirect",
    "bindings",
    "identityProviderName",
    "pkceEnabled",
    "claims",
    "emailClaimName",
    "scim",
    "authentikProvider",
    "cloudflareProvider",
    "adopt",
  ];
  test("fc.anything() in a random prop of a valid case", () => {
    check(
      "arbitrary values never escape as anything but InvalidPropError",
      fc.tuple(
        validCase,
        fc.constantFrom(...PROPS),
        fc.anything({
          withBoxedValues: true,
          withMap: true,
          withSet: true,
          withDate: true,
          withTypedArray: true,
          withSparseArray: true,
          withNullPrototype: true,
        }),
      ),
      ([c, prop, value]) => {
        const props = { ...c.props, [prop]: value };
        let json: any;
        try {
          json = build(props);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidPropError);
          expect((error as Error).message).toMatch(/^AuthentikCloudflareAccess at test\/access: invalid \S/);
          return;
        }
        // Accepted: it must have been a value of the right kind, and the output is still what the guide asks for.
        expect(value === undefined || ["string", "boolean", "object"].includes(typeof value)).toBe(true);
        expectSchemaKeys(json);
        expect(only(json, "resource", "cloudflare_zero_trust_access_identity_provider").config.client_secret).toBe(
          ref(json, "authentik_provider_oauth2", "client_secret"),
        );
      },
      2000,
    );
  });
});

// ---- ProtectedApplication ------------------------------------------------------------

const email = fc
  .tuple(fc.stringMatching(/^[a-z0-9_+-]{1,8}(?:\.[a-zA-Z0-9_+-]{1,8}){0,2}$/), host)
  .map(([local, domain]) => `${local}@${domain}`);
const cloudflareUuid = fc.uuid().map((u) => u.toLowerCase());
const appOptions = fc
  .record(
    {
      domain: fc.tuple(host, fc.option(fc.stringMatching(/^\/[a-z0-9/_-]{0,10}$/), { nil: undefined })).map(([h, p]) => `${h}${p ?? ""}`),
      name: text,
      allowGroups: fc.uniqueArray(text, { maxLength: 3 }),
      allowEmails: fc.uniqueArray(email, { maxLength: 3 }),
      allowEmailDomains: fc.uniqueArray(host, { maxLength: 3 }),
      allowAnyAuthentikUser: fc.boolean(),
      sessionDuration: fc.tuple(fc.integer({ min: 1, max: 48 }), fc.constantFrom("h", "m", "s")).map(([n, u]) => `${n}${u}`),
      autoRedirectToIdentity: fc.boolean(),
      additionalDomains: fc.uniqueArray(
        host.map((h) => `extra.${h}`),
        { maxLength: 2 },
      ),
      additionalIdentityProviderIds: fc.uniqueArray(cloudflareUuid, { maxLength: 2 }),
      zoneScoped: fc.boolean(),
    },
    { requiredKeys: ["domain", "zoneScoped"] },
  )
  .map((o) => {
    const { zoneScoped, ...options } = o as any;
    const rules = (options.allowGroups?.length ?? 0) + (options.allowEmails?.length ?? 0) + (options.allowEmailDomains?.length ?? 0);
    const extraLogins = options.additionalIdentityProviderIds?.length ?? 0;
    const redirectClash = extraLogins > 0 && options.autoRedirectToIdentity === true;
    const valid = (options.allowAnyAuthentikUser === true) !== rules > 0 && !redirectClash;
    return { options: options as ProtectedApplicationOptions, zoneScoped: zoneScoped as boolean, valid, rules, redirectClash };
  });

describe("property: protected applications admit exactly who is allowed", () => {
  test("any combination of options", () => {
    check(
      "protected applications: rules as asked, or a clear error",
      appOptions,
      ({ options, zoneScoped, valid, rules, redirectClash }) => {
        const stack = userStack();
        const access = new AuthentikCloudflareAccess(stack, "access", {
          teamName: "company",
          authentikUrl: "https://authentik.company",
          ...(zoneScoped ? { zoneId: ACCOUNT } : { accountId: ACCOUNT }),
        });
        let error: unknown;
        try {
          access.protectApplication("app", options);
        } catch (e) {
          error = e;
        }
        if (!valid) {
          expect(error).toBeInstanceOf(InvalidPropError);
          expect((error as Error).message).toMatch(
            redirectClash && (options.allowAnyAuthentikUser === true) !== rules > 0
              ? /^ProtectedApplication at test\/access\/app: invalid autoRedirectToIdentity true: Cloudflare redirects/
              : /^ProtectedApplication at test\/access\/app: invalid allow/,
          );
          // A failed call leaves nothing behind: the integration synthesises as if it had not been made.
          expect(stack.node.tryFindChild("access")?.node.tryFindChild("app")).toBeUndefined();
          return;
        }
        expect(error).toBeUndefined();
        const json = synthJson(stack);
        const app = only(json, "resource", "cloudflare_zero_trust_access_application");
        const idpRef = ref(json, "cloudflare_zero_trust_access_identity_provider", "id");
        const extraLogins = options.additionalIdentityProviderIds ?? [];
        expect(app.allowed_idps).toEqual([idpRef, ...extraLogins]);
        expect(app.auto_redirect_to_identity).toBe(options.autoRedirectToIdentity ?? extraLogins.length === 0);
        // The session lasts what was asked for (or Cloudflare's 24h), on the application and on every policy alike.
        const session = options.sessionDuration ?? "24h";
        expect(app.session_duration).toBe(session);
        for (const policy of Object.values<any>(json.resource.cloudflare_zero_trust_access_policy ?? {})) {
          expect(policy.session_duration).toBe(session);
        }
        expect(app.type).toBe("self_hosted");
        expect(app.destinations.map((d: any) => d.uri)).toEqual([options.domain, ...(options.additionalDomains ?? [])]);
        const include = zoneScoped ? app.policies[0].include : only(json, "resource", "cloudflare_zero_trust_access_policy").include;
        expect(Object.keys(json.resource.cloudflare_zero_trust_access_policy ?? {}).length).toBe(zoneScoped ? 0 : 1);
        if (options.allowAnyAuthentikUser) {
          expect(include).toEqual([{ login_method: { id: idpRef } }]);
        } else {
          expect(include.length).toBe(rules);
          expect(include.filter((r: any) => r.oidc).map((r: any) => r.oidc.claim_value)).toEqual(options.allowGroups ?? []);
          expect(include.filter((r: any) => r.email).map((r: any) => r.email.email)).toEqual(options.allowEmails ?? []);
        }
        const claims = only(json, "resource", "cloudflare_zero_trust_access_identity_provider").config.claims;
        expect(claims?.includes("groups") ?? false).toBe((options.allowGroups?.length ?? 0) > 0 && !options.allowAnyAuthentikUser);
        expectSchemaKeys(json);
      },
      400,
    );
  });
});

describe("property: any JavaScript value in nested props, protected applications and dashboard SSO is refused cleanly or synthesises correctly", () => {
  const anything = fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withDate: true, withNullPrototype: true });
  const NESTED: Record<string, string[]> = {
    bindings: ["groupNames", "groupIds", "userIds", "policyIds"],
    scim: ["userDeprovision", "seatDeprovision", "identityUpdateBehavior", "providerName", "groupNames", "groupIds", "dryRun"],
  };
  const expectCleanRefusal = (build: () => void, construct: string): boolean => {
    try {
      build();
      return true;
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidPropError);
      expect((error as Error).message).toMatch(new RegExp(`^${construct} at \\S+: invalid \\S`));
      return false;
    }
  };

  test("fc.anything() in a nested key of bindings or scim", () => {
    const nested = fc
      .constantFrom(...Object.keys(NESTED))
      .chain((prop) => fc.tuple(fc.constant(prop), fc.constantFrom(...NESTED[prop]), anything));
    check(
      "nested props: refused cleanly or synthesised",
      fc.tuple(validCase, nested),
      ([c, [prop, key, value]]) => {
        const stack = userStack();
        const props = { ...c.props, [prop]: { ...(prop === "bindings" ? { userIds: [1] } : {}), [key]: value } };
        if (
          expectCleanRefusal(
            () => new AuthentikCloudflareAccess(stack, "access", props as AuthentikCloudflareAccessProps),
            "AuthentikCloudflareAccess",
          )
        ) {
          const json = synthJson(stack);
          expectSchemaKeys(json);
          expect(Object.keys(json.resource.authentik_policy_binding ?? {}).length).toBeGreaterThan(prop === "bindings" ? 0 : -1);
        }
      },
      800,
    );
  });

  test("fc.anything() in an option of protectApplication", () => {
    const OPTIONS = [
      "domain",
      "name",
      "allowGroups",
      "allowEmails",
      "allowEmailDomains",
      "allowAnyAuthentikUser",
      "sessionDuration",
      "autoRedirectToIdentity",
      "additionalDomains",
      "additionalIdentityProviderIds",
      "adopt",
    ];
    check(
      "protected application options: refused cleanly or synthesised",
      fc.tuple(fc.constantFrom(...OPTIONS), anything),
      ([option, value]) => {
        const stack = userStack();
        const access = new AuthentikCloudflareAccess(stack, "access", {
          teamName: "company",
          authentikUrl: "https://authentik.company",
          accountId: ACCOUNT,
        });
        const options = { domain: "app.company.com", allowEmails: ["alice@company.com"], [option]: value };
        if (expectCleanRefusal(() => access.protectApplication("app", options as ProtectedApplicationOptions), "ProtectedApplication")) {
          const json = synthJson(stack);
          expectSchemaKeys(json);
          // Whoever is admitted was asked for: the include rules are never empty.
          expect(only(json, "resource", "cloudflare_zero_trust_access_policy").include.length).toBeGreaterThan(0);
        }
      },
      800,
    );
  });

  test("fc.anything() in a prop of CloudflareDashboardSso", () => {
    check(
      "dashboard SSO props: refused cleanly or synthesised",
      fc.tuple(fc.constantFrom("integration", "emailDomain", "zoneId", "enabled", "unknownKey"), anything),
      ([prop, value]) => {
        const stack = userStack();
        const access = new AuthentikCloudflareAccess(stack, "access", {
          teamName: "company",
          authentikUrl: "https://authentik.company",
          accountId: ACCOUNT,
        });
        const props = { integration: access, emailDomain: "company.com", zoneId: ACCOUNT, [prop]: value };
        if (
          expectCleanRefusal(() => new CloudflareDashboardSso(stack, "sso", props as CloudflareDashboardSsoProps), "CloudflareDashboardSso")
        ) {
          const json = synthJson(stack);
          expectSchemaKeys(json);
          expect(only(json, "resource", "cloudflare_dns_record").content).toBe(
            `"${ref(json, "cloudflare_sso_connector", "verification.code")}"`,
          );
        }
      },
      500,
    );
  });
});

describe("property: synthesis is deterministic", () => {
  test("the same props give byte-identical JSON", () => {
    check("deterministic synth", validCase, (c) => expect(JSON.stringify(build(c.props))).toBe(JSON.stringify(build(c.props))), 50);
  });
});

// ---- lists with holes, failed calls, destinations ----------------------------------

/** A list with at least one hole (`[,]`, `new Array(n)`, a hole among values), and the index of its first hole. */
function holey<T>(value: fc.Arbitrary<T>): fc.Arbitrary<{ list: T[]; first: number }> {
  return fc.oneof(
    fc.constant({ list: [,] as T[], first: 0 }), // eslint-disable-line no-sparse-arrays
    fc.integer({ min: 1, max: 5 }).map((n) => ({ list: new Array<T>(n), first: 0 })),
    fc.tuple(fc.array(value, { minLength: 1, maxLength: 3 }), fc.array(value, { maxLength: 2 })).map(([before, after]) => {
      const list = [...before];
      list.length = before.length + 1; // the hole
      after.forEach((item, i) => (list[before.length + 1 + i] = item));
      return { list, first: before.length };
    }),
  );
}

describe("property: a list with a hole is refused at every depth, naming the prop and the index", () => {
  const access = (extra: Record<string, unknown>) => ({
    teamName: "company",
    authentikUrl: "https://authentik.company",
    accountId: ACCOUNT,
    ...extra,
  });
  const LISTS: Record<string, (list: unknown[]) => { construct: string; run: (stack: TerraformStack) => void }> = {
    "bindings.groupNames": (list) => ({
      construct: "AuthentikCloudflareAccess",
      run: (s) => build(access({ bindings: { groupNames: list } }), s),
    }),
    "bindings.groupIds": (list) => ({
      construct: "AuthentikCloudflareAccess",
      run: (s) => build(access({ bindings: { groupIds: list } }), s),
    }),
    "bindings.userIds": (list) => ({
      construct: "AuthentikCloudflareAccess",
      run: (s) => build(access({ bindings: { userIds: list } }), s),
    }),
    "bindings.policyIds": (list) => ({
      construct: "AuthentikCloudflareAccess",
      run: (s) => build(access({ bindings: { policyIds: list } }), s),
    }),
    "scim.groupNames": (list) => ({ construct: "AuthentikCloudflareAccess", run: (s) => build(access({ scim: { groupNames: list } }), s) }),
    "scim.groupIds": (list) => ({ construct: "AuthentikCloudflareAccess", run: (s) => build(access({ scim: { groupIds: list } }), s) }),
    scopes: (list) => ({ construct: "AuthentikCloudflareAccess", run: (s) => build(access({ scopes: list }), s) }),
    claims: (list) => ({ construct: "AuthentikCloudflareAccess", run: (s) => build(access({ claims: list }), s) }),
    ...Object.fromEntries(
      ["allowGroups", "allowEmails", "allowEmailDomains", "additionalDomains", "additionalIdentityProviderIds"].map((option) => [
        option,
        (list: unknown[]) => ({
          construct: "ProtectedApplication",
          run: (s: TerraformStack) =>
            new AuthentikCloudflareAccess(s, "access", access({}) as AuthentikCloudflareAccessProps).protectApplication("app", {
              domain: "app.company.com",
              allowEmails: ["alice@company.com"],
              [option]: list,
            } as ProtectedApplicationOptions),
        }),
      ]),
    ),
  };
  const VALUES: Record<string, fc.Arbitrary<unknown>> = {
    "bindings.userIds": fc.integer({ min: 1, max: 1000 }),
    "bindings.groupIds": uuid,
    "bindings.policyIds": uuid,
    "scim.groupIds": uuid,
    scopes: fc.constantFrom("openid", "email", "profile"),
    claims: claim,
    allowEmails: email,
    allowEmailDomains: host,
    additionalDomains: host.map((h) => `extra.${h}`),
    additionalIdentityProviderIds: cloudflareUuid,
  };

  test("holes anywhere in any list prop", () => {
    const arbitrary = fc.constantFrom(...Object.keys(LISTS)).chain((prop) => fc.tuple(fc.constant(prop), holey(VALUES[prop] ?? text)));
    check(
      "lists with holes are refused",
      arbitrary,
      ([prop, { list, first }]) => {
        const { construct, run } = LISTS[prop](list);
        let error: unknown;
        try {
          run(userStack());
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(InvalidPropError);
        expect((error as Error).message).toMatch(
          new RegExp(
            `^${construct} at test/access(/app)?: invalid ${prop.replace(".", "\\.")}\\[${first}\\] an empty slot \\(a hole in the array\\): `,
          ),
        );
      },
      400,
    );
  });
});

describe("property: emails Cloudflare can never match are refused; plain ones are written as given", () => {
  const notPlain = fc.oneof(
    email.map((e) => `mailto:${e}`),
    email.map((e) => `<${e}>`),
    email.map((e) => `Alice <${e}>`),
    email.map((e) => `.${e}`),
    email.map((e) => e.replace("@", ".@")),
    email.map((e) => e.replace("@", "@@")),
    email.map((e) => e.replace("@", "@-")),
    email.map((e) => `${e.slice(0, e.lastIndexOf("."))}..${e.slice(e.lastIndexOf(".") + 1)}`),
    email.map((e) => `${e.slice(0, e.lastIndexOf(".") + 1)}c`),
    email.map((e) => e.split("@")[0]),
    fc.constantFrom(...UNMATCHABLE_EMAILS),
  );
  test("plain and not-plain addresses", () => {
    check(
      "emails: plain accepted as given, others refused",
      fc.tuple(fc.boolean(), email, notPlain),
      ([plain, good, bad]) => {
        const stack = userStack();
        const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL);
        const before = JSON.stringify(synthJson(stack));
        let error: unknown;
        try {
          access.protectApplication("app", { domain: "app.company.com", allowEmails: [plain ? good : bad] });
        } catch (e) {
          error = e;
        }
        if (plain) {
          expect(error).toBeUndefined();
          expect(only(synthJson(stack), "resource", "cloudflare_zero_trust_access_policy").include).toEqual([{ email: { email: good } }]);
        } else {
          expect(error).toBeInstanceOf(InvalidPropError);
          expect((error as Error).message).toContain(`invalid allowEmails[0] ${JSON.stringify(bad)}: `);
          expect(JSON.stringify(synthJson(stack))).toBe(before);
        }
      },
      300,
    );
  });

  test("email domains with capitals are refused, lower-case ones written as given, so no plan shows a change", () => {
    check(
      "email domains: lower case only",
      fc.tuple(host, fc.boolean()),
      ([domain, capitalise]) => {
        const given = capitalise ? domain.replace(/[a-z]/, (c) => c.toUpperCase()) : domain;
        const stack = userStack();
        const access = new AuthentikCloudflareAccess(stack, "access", MINIMAL);
        const lower = given === given.toLowerCase();
        let error: unknown;
        try {
          new CloudflareDashboardSso(stack, "sso", { integration: access, emailDomain: given, zoneId: ACCOUNT });
          access.protectApplication("app", { domain: "app.company.com", allowEmailDomains: [given] });
        } catch (e) {
          error = e;
        }
        if (lower) {
          const json = synthJson(stack);
          expect(only(json, "resource", "cloudflare_dns_record").name).toBe(given);
          expect(only(json, "resource", "cloudflare_sso_connector").email_domain).toBe(given);
        } else {
          expect((error as Error).message).toContain(`write it in lower case, ${JSON.stringify(given.toLowerCase())}`);
        }
      },
      200,
    );
  });
});

const MINIMAL: AuthentikCloudflareAccessProps = { teamName: "company", authentikUrl: "https://authentik.company", accountId: ACCOUNT };

describe("property: a call that throws leaves the tree and the synthesised JSON exactly as before", () => {
  const RESERVED = ["application", "identity-provider", "oauth2-provider", "signing-key", "scope-mappings", "authorization-flow"];
  test("bad protectApplication and accessGroup calls, reserved ids and clashing destinations", () => {
    const failing = fc.oneof(
      fc.record({ kind: fc.constant("reserved"), id: fc.constantFrom(...RESERVED), group: fc.boolean() }),
      fc.record({ kind: fc.constant("bad options"), id: fc.constant("app2"), group: fc.boolean() }),
      fc.record({ kind: fc.constant("same destination"), id: fc.constant("app2"), group: fc.boolean() }),
    );
    check(
      "failed calls leave no trace",
      fc.tuple(failing, fc.constantFrom("app.company.com", "App.Company.com", "app.company.com/"), fc.boolean()),
      ([{ kind, id, group }, clash, explicitClaims]) => {
        const stack = userStack();
        const access = new AuthentikCloudflareAccess(stack, "access", explicitClaims ? { ...MINIMAL, claims: ["groups"] } : MINIMAL);
        access.protectApplication("app", { domain: "app.company.com", allowEmails: ["alice@company.com"] });
        const before = JSON.stringify(synthJson(stack));
        const children = access.node.children.length;
        let error: unknown;
        try {
          if (group && kind !== "same destination") {
            access.accessGroup(kind === "reserved" ? id : "app", "admins");
          } else {
            access.protectApplication(id, {
              domain: kind === "same destination" ? clash : "other.company.com",
              allowGroups: ["admins"],
              sessionDuration: kind === "bad options" ? "2562048h" : undefined,
            });
          }
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(InvalidPropError);
        const message = (error as Error).message;
        if (kind === "reserved")
          expect(message).toMatch(/so these ids are reserved \(test\/access\/\S+ is one of them\): choose another id$/);
        if (kind === "same destination") expect(message).toContain("test/access/app already uses this Access destination");
        expect(access.node.children.length).toBe(children);
        expect(JSON.stringify(synthJson(stack))).toBe(before);
      },
      300,
    );
  });
});

describe("property: adopted objects are imported with the id format each provider documents, and nothing is created twice", () => {
  const pk = fc.integer({ min: 1, max: 2147483647 }).map(String);
  test("any adopt ids, account or zone scope, with or without SCIM and an adopted application", () => {
    check(
      "adopt: import ids as documented",
      fc.record({
        scope: fc.constantFrom("accountId", "zoneId"),
        id: hex32,
        slug,
        oauth2ProviderId: pk,
        identityProviderId: cloudflareUuid,
        scimProviderId: fc.option(pk, { nil: undefined }),
        applicationId: fc.option(cloudflareUuid, { nil: undefined }),
        policyId: fc.option(cloudflareUuid, { nil: undefined }),
      }),
      (a) => {
        const stack = userStack();
        const access = new AuthentikCloudflareAccess(stack, "access", {
          teamName: "company",
          authentikUrl: "https://authentik.company",
          [a.scope]: a.id,
          applicationSlug: a.slug,
          clientId: "hand-made-client",
          scim: a.scimProviderId !== undefined ? {} : undefined,
          adopt: { oauth2ProviderId: a.oauth2ProviderId, identityProviderId: a.identityProviderId, scimProviderId: a.scimProviderId },
        });
        const policyId = a.scope === "accountId" ? a.policyId : undefined;
        if (a.applicationId !== undefined) {
          access.protectApplication("app", {
            domain: "app.company.com",
            allowEmailDomains: ["company.com"],
            adopt: { applicationId: a.applicationId, policyId },
          });
        }
        const json = synthJson(stack);
        const prefix = a.scope === "accountId" ? `accounts/${a.id}` : `zones/${a.id}`;
        const expected: Record<string, string> = {
          authentik_provider_oauth2: a.oauth2ProviderId,
          authentik_application: a.slug,
          cloudflare_zero_trust_access_identity_provider: `${prefix}/${a.identityProviderId}`,
        };
        if (a.scimProviderId !== undefined) expected.authentik_provider_scim = a.scimProviderId;
        if (a.applicationId !== undefined) expected.cloudflare_zero_trust_access_application = `${prefix}/${a.applicationId}`;
        if (a.applicationId !== undefined && policyId !== undefined) expected.cloudflare_zero_trust_access_policy = `${a.id}/${policyId}`;
        const imported = Object.fromEntries(json.import.map((block: any) => [block.to.split(".")[0], block.id]));
        expect(imported).toEqual(expected);
        for (const block of json.import) {
          const [type, name] = block.to.split(".");
          expect(Object.keys(json.resource[type])).toEqual([name]);
        }
        expect(only(json, "resource", "authentik_provider_oauth2").client_id).toBe("hand-made-client");
        expectSchemaKeys(json);
      },
      // Few cases: cdktf validates at synth that Terraform is 1.5 or later when a stack has import blocks, which
      // runs `terraform version` once per synth (about 0.1 s each on a quiet machine).
      40,
    );
  });
});
