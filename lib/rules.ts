import { TerraformStack, Token } from "cdktf";
import { IConstruct } from "constructs";
import { AUTHENTIK_VERSION_ALLOWED, releaseCode, REDIRECT_URI_TYPE_SINCE, typesRedirectUris } from "./authentik-version";
import {
  boolean,
  CheckContext,
  checkProps,
  isKnown,
  list,
  number,
  oneOf,
  optional,
  PropsSpec,
  provider,
  required,
  Rule,
  string,
  struct,
  instance,
  isPlainObject,
  hclString,
  isToken,
} from "./validation";

/**
 * What each prop of the library accepts, in one place: the value rules shared by the
 * constructs, the props table of each construct, and the rules that relate props to
 * each other. Facts about what authentik and Cloudflare accept are cited where a
 * rule follows them.
 */

// ---- values -------------------------------------------------------------------------

/**
 * JavaScript's `\s` as the body of an RE2 class: RE2's `\s` is ASCII only and leaves out
 * `\v`, so plan-time patterns use `\S` for their shape and this for whitespace. A string,
 * not a RegExp: a RegExp's source escapes U+2028 and U+2029 as `\u2028`, which RE2 refuses.
 */
const JS_WHITESPACE = "\\t\\n\\v\\f\\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

/** An HCL condition: the value holds no character JavaScript's `\s` matches. */
function noWhitespace(value: string): string {
  return `!can(regex(${hclString(`[${JS_WHITESPACE}]`)}, ${value}))`;
}

/** A RegExp source that matches `word` in any case, spelled out per letter: RE2's `(?i)` also folds ſ into s and K into k. */
function anyCase(word: string): string {
  return word.replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
}

/** Cloudflare team names are DNS labels (`<team>.cloudflareaccess.com`). */
export const teamName = string({
  pattern: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
  allowed:
    "expected the Zero Trust team name: a DNS label of 1 to 63 lowercase letters, digits or hyphens, not starting or ending with a hyphen",
});

/** Ids Cloudflare gives identity providers, Access applications and policies: lower-case UUIDs, as its API returns them. */
export function cloudflareUuid(kind: string): Rule {
  return string({
    pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    allowed: `expected the id of a Cloudflare ${kind}: a lower-case UUID such as 0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d`,
  });
}

/** authentik provider primary keys as the Terraform provider imports them: a whole number that fits Go's int32. */
export function authentikPk(kind: string): Rule {
  return string({
    pattern: /^[1-9][0-9]{0,9}$/,
    planPattern: /^[1-9][0-9]{0,9}$/,
    planAlso: (value) => `tonumber(${value}) <= 2147483647`,
    allowed: `expected the id of an authentik ${kind} as a string of digits, such as "7" (its primary key, at most 2147483647)`,
    check: (value) => (Number(value) > 2147483647 ? "larger than the Terraform provider can import" : undefined),
  });
}

/** Cloudflare account and zone ids. */
export function cloudflareId(kind: string): Rule {
  return string({ pattern: /^[0-9a-f]{32}$/, allowed: `expected a Cloudflare ${kind} id: 32 lowercase hexadecimal characters` });
}

/** authentik UUIDs (flows, keys, groups, policies). */
export const uuid = string({
  pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  allowed: "expected a UUID such as 8f1c3f6e-1a2b-4c3d-9e8f-0a1b2c3d4e5f",
});

/** Flow and other slugs: Django's `validate_slug` (ASCII letters, digits, hyphen, underscore). */
export const slug = string({
  pattern: /^[-a-zA-Z0-9_]+$/,
  allowed: "expected an authentik slug: one or more ASCII letters, digits, hyphens (-) or underscores (_)",
});

/** Application slugs name the OAuth2 endpoints, so authentik reserves the names of its own endpoints. */
const RESERVED_APPLICATION_SLUGS = ["authorize", "token", "device", "userinfo", "introspect", "revoke"];
export const applicationSlug = string({
  pattern: /^[-a-zA-Z0-9_]+$/,
  planPattern: /^[-a-zA-Z0-9_]+$/,
  planAlso: (value) => `!contains([${RESERVED_APPLICATION_SLUGS.map(hclString).join(", ")}], ${value})`,
  allowed: `expected an authentik slug: ASCII letters, digits, hyphens (-) or underscores (_), not one of ${RESERVED_APPLICATION_SLUGS.join(", ")}`,
  check: (value) => (RESERVED_APPLICATION_SLUGS.includes(value) ? "reserved by authentik for its own endpoints" : undefined),
});

/** A prefix of Terraform output names (which are identifiers): letters, digits, `_` and `-`, not starting with a digit or `-`. */
export const verifyOutputPrefix = string({
  pattern: /^(?:[A-Za-z_][A-Za-z0-9_-]*)?$/,
  nonEmpty: false,
  allowed: 'expected a prefix of Terraform output names such as "staging_": letters, digits, _ and -, starting with a letter or _',
});

/** Free text authentik stores as is (names, descriptions): not blank, no surrounding whitespace, no length limit. */
export const text = string({ allowed: "expected a non-empty string without leading or trailing whitespace" });

/** OAuth2 client id: at most 255 characters (authentik's column); visible ASCII, as it travels in URLs and HTTP Basic headers. */
export const clientId = string({
  pattern: /^[\x21-\x7e]+$/,
  maxChars: 255,
  allowed: "expected 1 to 255 visible ASCII characters without whitespace",
});

/** OAuth2 client secret: at most 255 characters; authentik trims surrounding whitespace, so it must have none. */
export const clientSecret = string({
  secret: true,
  maxChars: 255,
  allowed: "expected 1 to 255 characters without leading or trailing whitespace",
});

/** A claim name Cloudflare reads from the ID token. */
export const claimName = string({ pattern: /^[A-Za-z0-9_.:\-/]+$/, allowed: "expected a claim name: letters, digits and _ . : - /" });

const DURATION_UNITS = ["weeks", "days", "hours", "minutes", "seconds", "milliseconds", "microseconds"];
const DURATION_SECONDS: Record<string, number> = {
  weeks: 604800,
  days: 86400,
  hours: 3600,
  minutes: 60,
  seconds: 1,
  milliseconds: 1e-3,
  microseconds: 1e-6,
};
/** authentik adds a validity to the current time; past the year 9999 that overflows at login, so stay far below it. */
const MAX_DURATION_DAYS = 1_000_000;

/**
 * authentik's duration syntax (`timedelta_from_string`): `unit=value` pairs joined by
 * `;`, units case-insensitive, values decimal numbers. Unknown units are refused (the
 * Terraform provider refuses them; the server would silently ignore a misspelling),
 * and so are a total of zero (a token born expired) and totals that overflow.
 */
export const duration = string({
  planPattern: new RegExp(
    `^(?:${DURATION_UNITS.map(anyCase).join("|")})=(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?(?:;(?:${DURATION_UNITS.map(anyCase).join("|")})=(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)*$`,
  ),
  allowed: `expected an authentik duration such as "minutes=10" or "hours=1;minutes=30": unit=value pairs joined by ";", units ${DURATION_UNITS.join(", ")} (any case), values non-negative decimal numbers, in total more than zero and at most ${MAX_DURATION_DAYS.toLocaleString("en-US")} days`,
  check: (value) => {
    let seconds = 0;
    const seen = new Set<string>();
    for (const pair of value.split(";")) {
      const match = /^([A-Za-z]+)=((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)$/.exec(pair);
      if (!match) {
        return `${JSON.stringify(pair)} is not unit=value`;
      }
      const unit = match[1].toLowerCase();
      if (!DURATION_UNITS.includes(unit)) {
        return `unknown unit ${JSON.stringify(match[1])}`;
      }
      if (seen.has(unit)) {
        return `${unit} is given twice`;
      }
      seen.add(unit);
      seconds += Number(match[2]) * DURATION_SECONDS[unit];
    }
    if (!(seconds > 0)) {
      return "the total is zero";
    }
    return seconds > MAX_DURATION_DAYS * 86400 || !Number.isFinite(seconds) ? "the total is too long" : undefined;
  },
});

const GO_DURATION = /^(?:(?:\d+(?:\.\d+)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/;
const GO_UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n,
  ms: 1000000n,
  s: 1000000000n,
  m: 60000000000n,
  h: 3600000000000n,
};
/** Go's time.Duration is an int64 of nanoseconds: about 2,562,047 hours. */
const GO_MAX_NANOS = (1n << 63n) - 1n;

/** Nanoseconds of a Go duration string that matches GO_DURATION, as `time.ParseDuration` adds them up. */
export function goDurationNanos(text: string): bigint {
  let total = 0n;
  for (const [, whole, fraction, unit] of text.matchAll(/(\d*)(?:\.(\d+))?(ns|us|µs|ms|s|m|h)/g)) {
    const scale = GO_UNIT_NANOS[unit];
    total += BigInt(whole || "0") * scale;
    if (fraction !== undefined) {
      total += (BigInt(fraction) * scale) / 10n ** BigInt(fraction.length);
    }
  }
  return total;
}

/** Cloudflare's session durations use Go's duration syntax (`time.ParseDuration`): no days or weeks, at most Go's int64 nanoseconds. */
export const sessionDuration = string({
  pattern: GO_DURATION,
  planPattern: GO_DURATION,
  allowed:
    'expected a Cloudflare session duration in Go syntax, such as "24h", "30m" or "1h30m" (units ns, us, µs, ms, s, m, h; no days), at most 2562047h (Go\'s limit)',
  check: (value) =>
    goDurationNanos(value) > GO_MAX_NANOS ? "longer than Go's time.Duration can hold, so Cloudflare refuses it" : undefined,
});

const HTTPS_ORIGIN_ALLOWED =
  'expected the https origin of authentik, e.g. "https://authentik.company" (a trailing slash is fine; no path, query or fragment)';

/** The authentik origin Cloudflare talks to: https, a host, an optional port, nothing else. */
export const httpsOrigin = string({
  allowed: HTTPS_ORIGIN_ALLOWED,
  planPattern: new RegExp(`^${anyCase("https")}://[^/?#@\\s:]+(?::[1-9][0-9]{0,4})?/?$`),
  planAlso: noWhitespace,
  check: (value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return "not an absolute URL";
    }
    if (url.protocol !== "https:") {
      return "Cloudflare only talks to authentik over https";
    }
    if (url.username !== "" || url.password !== "") {
      return "credentials do not belong in the URL";
    }
    if (url.port === "0") {
      return "port 0 is not a port a server listens on";
    }
    if (url.pathname !== "/" || url.search !== "" || url.hash !== "" || /[?#]/.test(value)) {
      return "it has a path, query or fragment";
    }
    // The URL parser repairs what it is given (drops tabs and newlines, an empty port, "/."), but the string is
    // written as given: it must already be https://host[:port][/].
    if (!/^https:\/\/(?:[^/?#@\s:[\]]+|\[[0-9A-Fa-f:.]+\])(?::[1-9][0-9]{0,4})?\/?$/i.test(value)) {
      return "it is not written as https://host[:port] (no whitespace inside, no empty port or port with a leading zero)";
    }
    return undefined;
  },
});

/**
 * A launch URL as authentik's `DomainlessFormattedURLValidator` accepts it: schemes
 * http, https, ftp, ftps, or `blank://blank`; a host may be dotless or hold
 * `%(field)s` placeholders filled in per user; no whitespace; at most 2048 characters.
 */
export const launchUrl = string({
  maxChars: 2048,
  planPattern: new RegExp(`^(?:${anyCase("blank://blank")}|(?:${anyCase("http")}|${anyCase("ftp")})[sS]?://\\S+)$`),
  planAlso: noWhitespace,
  allowed:
    'expected an http(s) URL (dotless hosts and %(username)s-style placeholders are fine) or "blank://blank" to hide the application from the dashboard',
  check: (value) => {
    if (/^blank:\/\/blank$/i.test(value)) {
      return undefined;
    }
    const match =
      /^(https?|ftps?):\/\/(?:[^\s/@]+@)?(\[[0-9A-Fa-f:.]+\]|[%()A-Za-z0-9\u00a1-\uffff.-]+)(?::(\d{1,5}))?(?:[/?#]\S*)?$/i.exec(value);
    return match ? undefined : "not a URL authentik's launch URL validator accepts";
  },
});

/**
 * An application icon as authentik 2025.12+ stores it: an http(s) URL, a Font
 * Awesome icon `fa://…`, a path under `/static`, or the relative name of an uploaded file.
 */
export const icon = string({
  // RE2 refuses repeat counts over 1000, so the relative path's length is said with length().
  planPattern: new RegExp(
    `^(?:(?:${anyCase("http")}[sS]?|${anyCase("fa")})://\\S+|/${anyCase("static")}/\\S*|[a-zA-Z0-9_-][a-zA-Z0-9._/-]*)$`,
  ),
  planAlso: (value) =>
    `${noWhitespace(value)} && (can(regex(${hclString(`^(?:${anyCase("http")}[sS]?|${anyCase("fa")})://|^/${anyCase("static")}/`)}, ${value})) || (length(${value}) <= 1024 && !can(regex(${hclString("//|(?:^|/)\\.\\.(?:/|$)")}, ${value})) && alltrue([for part in split("/", ${value}) : length(part) <= 255])))`,
  allowed:
    'expected an http(s) URL, a Font Awesome icon such as "fa://fa-key", a path under /static, or the relative path of an uploaded file',
  check: (value) => {
    if (/^(?:https?:\/\/\S+|fa:\/\/\S+|\/static\/\S*)$/i.test(value)) {
      return undefined;
    }
    const relative =
      /^[a-zA-Z0-9._/-]+$/.test(value) &&
      !value.startsWith("/") &&
      !value.startsWith(".") &&
      !value.includes("//") &&
      !value.split("/").includes("..") &&
      value.length <= 1024 &&
      value.split("/").every((part) => part.length <= 255);
    return relative ? undefined : "not an icon authentik accepts";
  },
});

const HOSTNAME = /^(?=.{1,253}(?:\/|$))(?:\*\.)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63}$/;

/** A Cloudflare Access destination: a public hostname (a leading `*.` wildcard is allowed), optionally with a path. */
export const accessDomain = string({
  planPattern: /^(?:\*\.)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63}(?:\/[^\s?#]*)?$/,
  planAlso: (value) => `length(split("/", ${value})[0]) <= 253 && ${noWhitespace(value)}`,
  allowed:
    'expected a public hostname with an optional path, such as "app.company.com" or "company.com/admin" (no scheme, port, query or whitespace)',
  check: (value) => {
    const slash = value.indexOf("/");
    const host = slash === -1 ? value : value.slice(0, slash);
    const path = slash === -1 ? "" : value.slice(slash);
    if (!HOSTNAME.test(host)) {
      return "the host is not a DNS name";
    }
    return /^[^\s?#]*$/.test(path) ? undefined : "the path holds whitespace, a query or a fragment";
  },
});

const EMAIL_LOCAL_ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const DOMAIN_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const TOP_LEVEL_DOMAIN = "(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})";

const EMAIL = new RegExp(`^${EMAIL_LOCAL_ATOM}(?:\\.${EMAIL_LOCAL_ATOM})*@(?:${DOMAIN_LABEL}\\.)+${TOP_LEVEL_DOMAIN}$`);

/**
 * An email address as Cloudflare's `email` rule matches it: a plain address, the
 * identity's email as authentik sends it. No scheme, angle brackets or display name;
 * a dot-atom local part (no leading, trailing or doubled dots, at most 64 characters)
 * and a domain of DNS labels with a top-level domain of two or more characters.
 */
export const email = string({
  pattern: EMAIL,
  maxChars: 254,
  // A rule with a `check` leaves its `pattern` to synth time unless told: without this, a token was checked for length only.
  planPattern: EMAIL,
  allowed:
    'expected a plain email address such as "alice@company.com" (no "mailto:", angle brackets or name; no leading, trailing or doubled dots; a domain with a top-level domain of two or more letters)',
  planAlso: (value) => `length(split("@", ${value})[0]) <= 64`,
  check: (value) => (value.indexOf("@") > 64 ? "the part before @ is longer than 64 characters" : undefined),
});

const EMAIL_DOMAIN = new RegExp(`^(?:${DOMAIN_LABEL.toLowerCase().replace("a-za-z", "a-z")}\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$`);

/**
 * An email domain as Cloudflare's `email_domain` rule matches it (no @), in lower
 * case: Cloudflare stores domains lower-cased, so any capital would show as a change
 * on every plan. Refused rather than lower-cased, so what is written is what was typed.
 */
export const emailDomain = string({
  planPattern: EMAIL_DOMAIN,
  allowed: 'expected an email domain in lower case such as "company.com" (without @; a top-level domain of two or more letters)',
  check: (value) =>
    !EMAIL_DOMAIN.test(value) && EMAIL_DOMAIN.test(value.toLowerCase())
      ? `write it in lower case, ${JSON.stringify(value.toLowerCase())}: Cloudflare stores domains lower-cased, so capitals would show as a change on every plan`
      : !EMAIL_DOMAIN.test(value)
        ? "not a DNS domain"
        : undefined,
});

/** An authentik user's primary key. */
export const userPk = number({
  integer: true,
  min: 1,
  max: Number.MAX_SAFE_INTEGER,
  allowed: "expected an authentik user pk: a positive whole number",
});

/** The authentik server version, as a string: `2026.10` as a JavaScript number reads as 2026.1. */
export const authentikVersion: Rule = (context, prop, value) => {
  if (typeof value === "number") {
    context.fail(prop, value, `${AUTHENTIK_VERSION_ALLOWED}; pass it as a string, since the number 2026.10 reads as 2026.1`);
  }
  string({
    allowed: AUTHENTIK_VERSION_ALLOWED,
    planPattern: /^[0-9]{4}\.(?:0?[1-9]|1[0-2])(?:\.[0-9]+)?$/,
    check: (v) => (releaseCode(v) === undefined ? "not a release version" : undefined),
  })(context, prop, value);
};

export const SUB_MODES = ["hashed_user_id", "user_id", "user_uuid", "user_username", "user_email", "user_upn"];
export const POLICY_ENGINE_MODES = ["any", "all"];
export const SCOPES = ["openid", "email", "profile", "offline_access", "entitlements"];
export const IDENTITY_UPDATE_BEHAVIORS = ["automatic", "reauth", "no_action"];

/** Scopes: known managed scope mappings, and always `openid` and `email`. */
export const scopes = list(oneOf(SCOPES), {
  nonEmpty: true,
  planCheck: {
    condition: (list) => `contains(${list}, "openid") && contains(${list}, "email")`,
    allowed: 'expected "openid" and "email" among them: Cloudflare needs an ID token (openid) that carries the user\'s email (email)',
  },
  check: (values) => {
    const missing = values.every(isKnown) ? ["openid", "email"].filter((scope) => !values.includes(scope)) : [];
    return missing.length > 0
      ? `must include ${missing.map((s) => JSON.stringify(s)).join(" and ")}: Cloudflare needs an ID token (openid) that carries the user's email (email)`
      : undefined;
  },
});

// ---- AuthentikCloudflareAccess --------------------------------------------------------

function bindingsSpec(): PropsSpec {
  return {
    groupNames: optional(list(text)),
    groupIds: optional(list(uuid)),
    userIds: optional(list(userPk)),
    policyIds: optional(list(uuid)),
  };
}

function scimSpec(): PropsSpec {
  return {
    userDeprovision: optional(boolean()),
    seatDeprovision: optional(boolean()),
    identityUpdateBehavior: optional(oneOf(IDENTITY_UPDATE_BEHAVIORS)),
    providerName: optional(text),
    groupNames: optional(list(text)),
    groupIds: optional(list(uuid)),
    dryRun: optional(boolean()),
  };
}

function adoptSpec(): PropsSpec {
  return {
    oauth2ProviderId: required(authentikPk("OAuth2 provider"), "the id of the OAuth2 provider made by hand (discover prints it)"),
    identityProviderId: required(
      cloudflareUuid("Access identity provider (login method)"),
      "the id of the Cloudflare login method made by hand (discover prints it)",
    ),
    scimProviderId: optional(authentikPk("SCIM provider")),
  };
}

/** The props table of `AuthentikCloudflareAccess`. */
export function accessPropsSpec(scope: IConstruct): PropsSpec {
  return {
    teamName: required(teamName, "the Zero Trust team name of <teamName>.cloudflareaccess.com"),
    authentikUrl: required(httpsOrigin, 'the https origin of authentik, e.g. "https://authentik.company"'),
    accountId: optional(cloudflareId("account")),
    zoneId: optional(cloudflareId("zone")),
    applicationName: optional(text),
    applicationSlug: optional(applicationSlug),
    applicationGroup: optional(text),
    policyEngineMode: optional(oneOf(POLICY_ENGINE_MODES)),
    launchUrl: optional(launchUrl),
    iconUrl: optional(icon),
    description: optional(text),
    publisher: optional(text),
    openInNewTab: optional(boolean()),
    providerName: optional(text),
    clientId: optional(clientId),
    clientSecret: optional(clientSecret),
    subMode: optional(oneOf(SUB_MODES)),
    accessTokenValidity: optional(duration),
    authorizationFlowSlug: optional(slug),
    authorizationFlowId: optional(uuid),
    invalidationFlowSlug: optional(slug),
    invalidationFlowId: optional(uuid),
    signingKeyName: optional(text),
    signingKeyId: optional(uuid),
    scopes: optional(scopes),
    authentikVersion: optional(authentikVersion),
    postLogoutRedirect: optional(boolean("it decides whether a logout redirect URI exists")),
    bindings: optional(struct(bindingsSpec())),
    identityProviderName: optional(text),
    pkceEnabled: optional(boolean()),
    claims: optional(list(claimName)),
    emailClaimName: optional(claimName),
    scim: optional(struct(scimSpec())),
    authentikProvider: optional(provider("authentik", scope)),
    cloudflareProvider: optional(provider("cloudflare", scope)),
    adopt: optional(struct(adoptSpec())),
  };
}

/** A plain view of validated props, for the cross-prop rules. */
type Props = Readonly<Record<string, unknown>>;

function requireExactlyOne(context: CheckContext, props: Props, a: string, b: string, why: string): void {
  const given = [a, b].filter((key) => props[key] !== undefined);
  if (given.length !== 1) {
    context.fail(
      `${a}/${b}`,
      { [a]: props[a], [b]: props[b] },
      `set exactly one of ${a} and ${b} (${why}); ${given.length === 0 ? "neither was given" : "both were given"}`,
    );
  }
}

function refuseBoth(context: CheckContext, props: Props, a: string, b: string): void {
  if (props[a] !== undefined && props[b] !== undefined) {
    context.fail(`${a}/${b}`, { [a]: props[a], [b]: props[b] }, `set ${a} or ${b}, not both`);
  }
}

function asKnownList(value: unknown): string[] | undefined {
  return Array.isArray(value) && isKnown(value) && value.every(isKnown) ? (value as string[]) : undefined;
}

/** Checks the props of `AuthentikCloudflareAccess`, one by one and against each other. */
export function checkAccessProps(context: CheckContext, scope: IConstruct, props: unknown): void {
  checkProps(context, props, accessPropsSpec(scope));
  const p = props as Props;
  requireExactlyOne(context, p, "accountId", "zoneId", "the identity provider is created in a Cloudflare account or zone");
  refuseBoth(context, p, "authorizationFlowSlug", "authorizationFlowId");
  refuseBoth(context, p, "invalidationFlowSlug", "invalidationFlowId");
  refuseBoth(context, p, "signingKeyName", "signingKeyId");

  const claims = asKnownList(p.claims);
  const scopeList = asKnownList(p.scopes);
  if (claims?.includes("groups") && scopeList && !scopeList.includes("profile")) {
    context.fail(
      "claims/scopes",
      { claims, scopes: scopeList },
      'claims include "groups", which authentik sends with the "profile" scope: add "profile" to scopes',
    );
  }

  const version = p.authentikVersion;
  if (p.postLogoutRedirect === true && typeof version === "string" && isKnown(version) && !typesRedirectUris(version)) {
    context.fail(
      "postLogoutRedirect",
      true,
      `needs authentik ${REDIRECT_URI_TYPE_SINCE} or later, but authentikVersion is ${JSON.stringify(version)}: older servers treat every redirect URI as an authorization URI, so configure no post-logout URI there`,
    );
  }

  const bindings = p.bindings as Props | undefined;
  // Keys set to undefined count as empty lists: `{ groupNames: undefined }` binds nobody, which would let everyone in.
  if (
    bindings !== undefined &&
    Object.values(bindings).every((value) => value === undefined || (Array.isArray(value) && isKnown(value) && value.length === 0))
  ) {
    context.fail(
      "bindings",
      bindings,
      "no group, user or policy is listed, which would let every authentik user in; list at least one, or leave bindings out to allow every user explicitly",
    );
  }

  const adopt = p.adopt as Props | undefined;
  if (adopt !== undefined && p.clientId === undefined) {
    context.fail(
      "clientId",
      undefined,
      "adopt keeps the OAuth2 client made by hand, whose client id Cloudflare already uses: set clientId to it (discover prints it), or the first apply would change it to the application slug",
    );
  }
  if (adopt?.scimProviderId !== undefined && p.scim === undefined) {
    context.fail(
      "adopt.scimProviderId",
      adopt.scimProviderId,
      "adopts a SCIM provider, but scim is not set: set scim (with the options of the SCIM provider made by hand), or leave scimProviderId out",
    );
  }

  const scim = p.scim as Props | undefined;
  if (scim !== undefined && scim.seatDeprovision === true && isKnown(scim.userDeprovision ?? false) && scim.userDeprovision !== true) {
    context.fail(
      "scim.seatDeprovision",
      true,
      "Cloudflare removes seats only together with users: set scim.userDeprovision to true as well",
    );
  }
}

// ---- ProtectedApplication ------------------------------------------------------------

/** Hostnames ignore case; paths do not, but two destinations differing only in case are a mistake either way. */
function foldCase(value: unknown): unknown {
  return typeof value === "string" ? value.toLowerCase() : value;
}

const RULES_AT_SYNTH = "each element becomes its own Access rule at synth";

/** Marks AuthentikCloudflareAccess instances, so they are recognised across copies of the package (where `instanceof` fails). */
export const INTEGRATION_MARKER = Symbol.for("cdktf-authentik-cloudflare-access.AuthentikCloudflareAccess");

const isIntegration = instance(
  "an AuthentikCloudflareAccess construct",
  (value) => typeof value === "object" && value !== null && INTEGRATION_MARKER in value,
);

/** An AuthentikCloudflareAccess of the same stack as `scope`: resources of another stack cannot reference it. */
function integrationOf(scope: IConstruct): Rule {
  return (context, prop, value) => {
    isIntegration(context, prop, value);
    const stack = TerraformStack.of(scope);
    if (TerraformStack.of(value as IConstruct) !== stack) {
      context.fail(prop, (value as IConstruct).node.path, `expected an integration of this construct's stack ${stack.node.path}`);
    }
  };
}

/** The options of `protectApplication`: an object, without the integration (the method's own construct). */
export function checkProtectApplicationOptions(context: CheckContext, options: unknown): void {
  if (!isPlainObject(options) || "integration" in options) {
    context.fail("options", options, "expected an object of ProtectedApplicationOptions (the integration is this construct)");
  }
}

/** The props tables of `ProtectedApplication`, one per scope: a stack may protect thousands of applications. */
const protectedApplicationSpecs = new WeakMap<IConstruct, PropsSpec>();

/** The props table of `ProtectedApplication` (built once per scope; its rules keep no state). */
export function protectedApplicationPropsSpec(scope: IConstruct): PropsSpec {
  let spec = protectedApplicationSpecs.get(scope);
  if (spec === undefined) {
    spec = buildProtectedApplicationPropsSpec(scope);
    protectedApplicationSpecs.set(scope, spec);
  }
  return spec;
}

function buildProtectedApplicationPropsSpec(scope: IConstruct): PropsSpec {
  return {
    integration: required(integrationOf(scope), "the AuthentikCloudflareAccess whose login method protects the application"),
    domain: required(accessDomain, 'the public hostname of the application, e.g. "app.company.com"'),
    name: optional(text),
    allowGroups: optional(list(text, { literal: RULES_AT_SYNTH })),
    allowEmails: optional(list(email, { literal: RULES_AT_SYNTH })),
    allowEmailDomains: optional(list(emailDomain, { literal: RULES_AT_SYNTH })),
    allowAnyAuthentikUser: optional(boolean("it decides which Access rules exist")),
    sessionDuration: optional(sessionDuration),
    autoRedirectToIdentity: optional(boolean()),
    additionalDomains: optional(list(accessDomain, { literal: "each element becomes its own destination at synth", sameAs: foldCase })),
    additionalIdentityProviderIds: optional(
      list(cloudflareUuid("Access identity provider (login method)"), {
        literal: "whether there is more than one login method decides autoRedirectToIdentity at synth",
      }),
    ),
    adopt: optional(
      struct({
        applicationId: required(cloudflareUuid("Access application"), "the id of the Access application made by hand (discover prints it)"),
        policyId: optional(cloudflareUuid("reusable Access policy")),
      }),
    ),
  };
}

/** Checks the props of `ProtectedApplication` (to be created in `scope`): who may get in must be said explicitly. */
export function checkProtectedApplicationProps(context: CheckContext, scope: IConstruct, props: unknown): void {
  checkProps(context, props, protectedApplicationPropsSpec(scope));
  const p = props as Props;
  const lists = ["allowGroups", "allowEmails", "allowEmailDomains"];
  const listed = lists.filter((key) => Array.isArray(p[key]) && (p[key] as unknown[]).length > 0);
  if (p.allowAnyAuthentikUser === true && listed.length > 0) {
    context.fail(
      `allowAnyAuthentikUser/${listed.join("/")}`,
      Object.fromEntries([["allowAnyAuthentikUser", true], ...listed.map((key) => [key, p[key]])]),
      "allowAnyAuthentikUser already admits everyone with an authentik login, so the allow lists would mean nothing: keep one or the other",
    );
  }
  if (p.allowAnyAuthentikUser !== true && listed.length === 0) {
    context.fail(
      lists.join("/"),
      Object.fromEntries(lists.map((key) => [key, p[key]])),
      "say who may use the application: list authentik groups, emails or email domains, or set allowAnyAuthentikUser to true to admit everyone with an authentik login",
    );
  }
  const adopt = p.adopt as Props | undefined;
  const integration = p.integration as { accountId?: string };
  if (adopt?.policyId !== undefined && integration.accountId === undefined) {
    context.fail(
      "adopt.policyId",
      adopt.policyId,
      "a zone-scoped integration writes its rules inline in the application (reusable policies belong to an account): leave policyId out; the hand-made policy stays in Cloudflare until you delete it",
    );
  }
  const extraLogins = p.additionalIdentityProviderIds as unknown[] | undefined;
  const oneLogin =
    "Cloudflare redirects straight to a login method only when the application allows exactly one, and additionalIdentityProviderIds adds more: leave autoRedirectToIdentity out (it then defaults to false) so users choose on Cloudflare's login page";
  if (extraLogins !== undefined && extraLogins.length > 0 && p.autoRedirectToIdentity === true) {
    context.fail("autoRedirectToIdentity", true, oneLogin);
  }
  if (extraLogins !== undefined && extraLogins.length > 0 && isToken(p.autoRedirectToIdentity)) {
    context.planCheck("autoRedirectToIdentity", `try(!${Token.asString(p.autoRedirectToIdentity)}, false)`, `expected false: ${oneLogin}`);
  }
  const domains = p.additionalDomains as string[] | undefined;
  if (
    domains !== undefined &&
    typeof p.domain === "string" &&
    isKnown(p.domain) &&
    domains.some((d) => foldCase(d) === foldCase(p.domain))
  ) {
    context.fail(
      "additionalDomains",
      domains,
      `${JSON.stringify(p.domain)} is the application's domain already; list only further domains`,
    );
  }
}

/** The destinations of an application as Cloudflare compares them: hosts ignore case, and a trailing slash changes nothing. */
export function destinationKey(destination: string): string {
  const slash = destination.indexOf("/");
  const host = slash === -1 ? destination : destination.slice(0, slash);
  const path = slash === -1 ? "" : destination.slice(slash).replace(/\/+$/, "");
  return `${host.toLowerCase()}${path}`;
}

// ---- construct ids ---------------------------------------------------------------------

/**
 * The id of a construct a method creates in `scope`: a non-empty string that no child
 * of `scope` has yet. `reserved` names the children the construct creates itself, so
 * the message says the id is taken by the construct rather than by the caller.
 */
export function checkChildId(context: CheckContext, scope: IConstruct, id: unknown, reserved: readonly string[]): void {
  if (typeof id !== "string" || id === "") {
    context.fail("id", id, `expected a non-empty string naming the new construct in ${scope.node.path}`);
  }
  const given = (id as string).replace(/\//g, "--");
  const isReserved = (name: string) => reserved.some((r) => (r.endsWith("*") ? name.startsWith(r.slice(0, -1)) : name === r));
  const taken = scope.node.tryFindChild(given);
  if (isReserved(given)) {
    context.fail(
      "id",
      id,
      `${scope.node.path} names its own resources ${reserved.join(", ")}, so these ids are reserved (${taken ? `${taken.node.path} is one of them` : "also when the resource is not created"}): choose another id`,
    );
  }
  if (taken !== undefined) {
    context.fail("id", id, `${taken.node.path} already exists; choose an id not used by another construct of ${scope.node.path}`);
  }
}

/** Runs the checks of a construct that already joined the tree, and takes it out again if they fail: a failed `new` leaves no trace. */
export function checkOrLeave(construct: IConstruct, checks: () => void): void {
  try {
    checks();
  } catch (error) {
    construct.node.scope?.node.tryRemoveChild(construct.node.id);
    throw error;
  }
}

// ---- CloudflareDashboardSso ----------------------------------------------------------

/** Checks the props of `CloudflareDashboardSso`: connectors belong to an account, so the integration must be account-scoped. */
export function checkDashboardSsoProps(context: CheckContext, scope: IConstruct, props: unknown): void {
  checkProps(context, props, {
    integration: required(integrationOf(scope), "the AuthentikCloudflareAccess whose login method signs people in to the dashboard"),
    emailDomain: required(emailDomain, 'the email domain whose Cloudflare users sign in with authentik, e.g. "company.com"'),
    zoneId: required(cloudflareId("zone"), "the Cloudflare zone that serves the email domain, for the verification TXT record"),
    enabled: optional(boolean()),
  });
  const given = (props as Props).integration as { accountId?: string; node: { path: string } };
  if (given.accountId === undefined) {
    context.fail(
      "integration",
      given.node.path,
      "expected an account-scoped integration (accountId): dashboard SSO connectors belong to a Cloudflare account and use its Zero Trust login methods",
    );
  }
}
