import * as fs from "fs";
import * as path from "path";
import { TerraformLocal, TerraformResource, TerraformStack, TerraformVariable, Token } from "cdktf";
import fc from "fast-check";
import { AuthentikCloudflareAccess } from "../../lib";
import * as rules from "../../lib/rules";
import { CheckContext, InvalidPropError, oneOf, Rule } from "../../lib/validation";
import { ACCOUNT_ID, synthJson, testApp, UNMATCHABLE_EMAILS, userStack } from "../helpers";
import { cli, fullSynth } from "./terraform";

/**
 * The plan-time form of every rule, evaluated by Terraform itself, against the synth-time
 * check in JavaScript. For each rule, sample values (generated with a fixed seed, plus
 * hand-picked edge cases) are judged twice: by calling the rule on the literal value
 * (it throws InvalidPropError or not), and by Terraform evaluating the condition the
 * rule writes for a variable holding the value. One stack holds every sample, and one
 * `terraform console` evaluates them all.
 */

const SEED = 13;

/** The synthesised folder of a stack, after `terraform init` (no providers: nothing to install). */
function initialised(stack: TerraformStack): string {
  const outdir = fullSynth(stack);
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  const dir = path.join(outdir, manifest.stacks[stack.node.id].workingDirectory);
  cli(["init", "-input=false", "-backend=false", "-no-color"], dir);
  return dir;
}

/** Evaluates an HCL expression with `terraform console`; the value travels as base64 of JSON, so no quoting can blur it. */
function evaluate(dir: string, expression: string): any {
  const printed = cli(["console", "-no-color"], dir, `base64encode(jsonencode(${expression}))\n`).trim();
  return JSON.parse(Buffer.from(JSON.parse(printed), "base64").toString("utf8"));
}

/**
 * How much of a rule its plan-time form says. "exact": Terraform's verdict equals the
 * JavaScript one for every value. "weaker": Terraform never refuses a value JavaScript
 * accepts, and when it accepts a value JavaScript refuses, the refusal is one of the
 * parts Terraform cannot say (`unchecked` recognises it from the value and JavaScript's message).
 */
interface Coverage {
  readonly rule: Rule;
  readonly type: "string" | "number";
  readonly exact: boolean;
  /** For a weaker rule: what Terraform does not check, as the README lists it. */
  readonly notChecked?: string;
  readonly unchecked?: (value: string, message: string) => boolean;
  /** For a weaker rule: values JavaScript accepts that Terraform refuses, as a reported shortcoming of the JavaScript rule. */
  readonly stricter?: (value: string) => boolean;
  readonly samples: fc.Arbitrary<string | number>;
  readonly edges: ReadonlyArray<string | number>;
}

/** Characters mutations insert: ASCII, whitespace JavaScript and RE2 disagree on, case-folding traps (ſ, K, İ), NUL. */
const TRICKY = [
  ..." !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
  "\t",
  "\n",
  "\r",
  "\u000b",
  "\f",
  "\u00a0",
  "\u2028",
  "\u3000",
  "\u0000",
  "é",
  "ß",
  "µ",
  "\u017f",
  "\u212a",
  "\u0130",
  "${",
  "%{",
];

/** A valid-looking value, then one edit: a character inserted, replaced or removed, case changed, or whitespace around it. */
function mutated(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(valid, fc.nat(), fc.constantFrom(...TRICKY), fc.constantFrom("insert", "replace", "delete", "upper", "lower", "pad", "double"))
    .map(([value, at, char, edit]) => {
      const chars = Array.from(value);
      const i = chars.length === 0 ? 0 : at % chars.length;
      switch (edit) {
        case "insert":
          return [...chars.slice(0, i), char, ...chars.slice(i)].join("");
        case "replace":
          return [...chars.slice(0, i), char, ...chars.slice(i + 1)].join("");
        case "delete":
          return [...chars.slice(0, i), ...chars.slice(i + 1)].join("");
        case "upper":
          return value.toUpperCase();
        case "lower":
          return value.toLowerCase();
        case "pad":
          return at % 2 === 0 ? `${char}${value}` : `${value}${char}`;
        default:
          return value + value;
      }
    });
}

/** Half valid-looking values, half edited ones, a few strings of anything. */
function around(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: valid, weight: 4 },
    { arbitrary: mutated(valid), weight: 5 },
    { arbitrary: fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 12 }), weight: 1 },
  );
}

const hex = (n: number) => `[0-9a-f]{${n}}`;
const UUID = `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
const label = "[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?";
const hostname = `(?:${label}\\.){1,3}[a-z]{2,6}`;
const DURATION_UNITS = ["weeks", "days", "hours", "minutes", "seconds", "milliseconds", "microseconds"];
const matching = (pattern: string) => fc.stringMatching(new RegExp(`^${pattern}$`));

const LONG = (n: number, char = "a") => char.repeat(n);

const COVERAGE: Record<string, Coverage> = {
  teamName: {
    rule: rules.teamName,
    type: "string",
    exact: true,
    samples: around(matching("[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?")),
    edges: ["company", "Company", "-company", "company-", "a", LONG(63), LONG(64), "", " company", "team.name"],
  },
  accountId: {
    rule: rules.cloudflareId("account"),
    type: "string",
    exact: true,
    samples: around(matching(hex(32))),
    edges: [ACCOUNT_ID, ACCOUNT_ID.toUpperCase(), ACCOUNT_ID.slice(1), `${ACCOUNT_ID}0`, `${ACCOUNT_ID}\n`],
  },
  uuid: {
    rule: rules.uuid,
    type: "string",
    exact: true,
    samples: around(matching("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")),
    edges: [
      "8f1c3f6e-1a2b-4c3d-9e8f-0a1b2c3d4e5f",
      "8F1C3F6E-1A2B-4C3D-9E8F-0A1B2C3D4E5F",
      "8f1c3f6e1a2b4c3d9e8f0a1b2c3d4e5f",
      "{8f1c3f6e-1a2b-4c3d-9e8f-0a1b2c3d4e5f}",
    ],
  },
  identityProviderId: {
    rule: rules.cloudflareUuid("Access identity provider (login method)"),
    type: "string",
    exact: true,
    samples: around(matching(UUID)),
    edges: ["0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "0B1C2D3E-4F50-4A6B-8C7D-9E0F1A2B3C4D", "onetimepin"],
  },
  slug: {
    rule: rules.slug,
    type: "string",
    exact: true,
    samples: around(matching("[-a-zA-Z0-9_]{1,20}")),
    edges: ["default-provider-authorization-explicit-consent", "a b", "ä", "-", "_"],
  },
  applicationSlug: {
    rule: rules.applicationSlug,
    type: "string",
    exact: true,
    samples: around(
      fc.oneof(matching("[-a-zA-Z0-9_]{1,20}"), fc.constantFrom("authorize", "token", "device", "userinfo", "introspect", "revoke")),
    ),
    edges: ["cloudflare-access", "authorize", "token", "device", "userinfo", "introspect", "revoke", "Token", "tokens", " token"],
  },
  text: {
    rule: rules.text,
    type: "string",
    exact: true,
    samples: around(matching("[ -~]{1,20}")),
    edges: [
      "Grafana",
      " Grafana",
      "Grafana ",
      "\tGrafana",
      "",
      " ",
      "\n",
      "a\u0000b",
      "a b",
      "\u00a0a",
      "a\u3000",
      "\u2028",
      "${var.x}",
      "%{ if true }",
    ],
  },
  clientId: {
    rule: rules.clientId,
    type: "string",
    exact: true,
    samples: around(matching("[!-~]{1,40}")),
    edges: [LONG(255), LONG(256), "client id", "clïent", "cf-access-client"],
  },
  clientSecret: {
    rule: rules.clientSecret,
    type: "string",
    exact: true,
    samples: around(matching("[ -~]{1,40}")),
    edges: [LONG(255, "s"), LONG(256, "s"), `${LONG(254, "s")}é`, `${LONG(255, "s")}é`, "se cret", " secret", LONG(255, "\u00e9")],
  },
  claimName: {
    rule: rules.claimName,
    type: "string",
    exact: true,
    samples: around(matching("[A-Za-z0-9_.:/-]{1,20}")),
    edges: ["groups", "https://company.com/claims/groups", "email verified", "groups[0]"],
  },
  accessTokenValidity: {
    rule: rules.duration,
    type: "string",
    exact: false,
    notChecked: "a unit given twice, a total of zero, a total over 1,000,000 days",
    unchecked: (_value, message) => /is given twice|the total is zero|the total is too long/.test(message),
    samples: around(
      fc
        .array(fc.tuple(fc.constantFrom(...DURATION_UNITS), fc.constantFrom("0", "1", "10", "1.5", ".5", "2e3", "1E+2", "007")), {
          minLength: 1,
          maxLength: 3,
        })
        .map((pairs) => pairs.map(([unit, value]) => `${unit}=${value}`).join(";")),
    ),
    edges: [
      "minutes=10",
      "Minutes=10",
      "HOURS=1;minutes=30",
      "minutes=0",
      "hours=1;hours=2",
      "days=1000001",
      "weeks=1e9",
      "minute=10",
      "minutes=-1",
      "minutes=10;",
      "wee\u212as=1",
      "\u017feconds=10",
      "hour\u017f=1",
    ],
  },
  sessionDuration: {
    rule: rules.sessionDuration,
    type: "string",
    exact: false,
    notChecked: "the upper bound of Go's time.Duration (about 2,562,047 hours)",
    unchecked: (_value, message) => /longer than Go's time.Duration/.test(message),
    samples: around(
      fc
        .array(
          fc.tuple(
            fc.constantFrom("0", "1", "24", "1.5", ".5", "2562047", "9999999"),
            fc.constantFrom("ns", "us", "µs", "ms", "s", "m", "h"),
          ),
          { minLength: 1, maxLength: 3 },
        )
        .map((parts) => parts.map(([n, unit]) => `${n}${unit}`).join("")),
    ),
    edges: [
      "24h",
      "30m",
      "1h30m",
      "2562047h",
      "2562048h",
      "9999999h",
      "2562047h47m16s854775807ns",
      "2562047h47m16s854775808ns",
      "1d",
      "24H",
      "",
      "h",
      "1.h",
      "-1h",
    ],
  },
  authentikUrl: {
    rule: rules.httpsOrigin,
    type: "string",
    exact: false,
    notChecked: "what only a URL parser knows: the characters a host may hold and the port range 1 to 65535",
    unchecked: (value, message) => /not an absolute URL/.test(message) && /^https:\/\/[^/?#@:\s]+(:[1-9]\d{0,4})?\/?$/i.test(value),
    // The URL parser repairs these before JavaScript looks, but the string is written as given: tab or newline
    // inside, an empty or zero-padded port, a path of "." segments.
    stricter: (value) => /[\t\n\r]|:0\d|:\/?$|\/\.\.?\/?$/.test(value.slice("https://".length)),
    samples: around(
      fc
        .tuple(matching(hostname), fc.constantFrom("", ":8443", ":443", ":0", ":65536"), fc.constantFrom("", "/", "/path", "?q", "#f"))
        .map(([host, port, tail]) => `https://${host}${port}${tail}`),
    ),
    edges: [
      "https://authentik.company",
      "https://SSO.Example.com:8443/",
      "HTTPS://authentik.company",
      "http://authentik.company",
      "https://user@authentik.company",
      "https://authentik.company:0",
      "https://authentik.company/if/flow",
      "https://authentik.company?x",
      "https://authentik.company#x",
      "https://",
      "https://authentik\u00a0company",
      "http\u017f://authentik.company",
      "https://authentik.company:99999",
      "https://authen\ntik.company",
      "https://authentik.company:",
      "https://authentik.company:0443",
      "https://authentik.company/.",
    ],
  },
  launchUrl: {
    rule: rules.launchUrl,
    type: "string",
    exact: false,
    notChecked: "the host and port structure authentik's validator checks (scheme, whitespace and length are checked)",
    unchecked: (value, message) =>
      /launch URL validator/.test(message) &&
      /^(?:https?|ftps?):\/\/[^\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+$/i.test(value),
    samples: around(
      fc
        .tuple(
          fc.constantFrom("https://", "http://", "ftp://", "ftps://", "HTTPS://", "blank://", "mailto:"),
          matching(hostname),
          fc.constantFrom("", "/", "/%(username)s", ":8080/x", "?q=1"),
        )
        .map(([scheme, host, tail]) => `${scheme}${host}${tail}`),
    ),
    edges: [
      "blank://blank",
      "BLANK://BLANK",
      "https://intranet",
      "https://app.company.com/%(username)s",
      `https://a.com/${LONG(2034)}`,
      `https://a.com/${LONG(2035)}`,
      "https://a b.com",
      "https://a.com/\u00a0",
      "https://a.com/\u000b",
      "https://",
      "ftp\u017f://a.com",
    ],
  },
  iconUrl: {
    rule: rules.icon,
    type: "string",
    exact: true,
    samples: around(
      fc.oneof(
        matching("(?:https?|fa)://[a-z0-9./-]{1,20}"),
        matching("/static/[a-z0-9./-]{0,20}"),
        matching("[a-zA-Z0-9_-][a-zA-Z0-9._/-]{0,20}"),
      ),
    ),
    edges: [
      LONG(1024),
      LONG(1025),
      `${LONG(255)}/b`,
      `${LONG(200)}/${LONG(200)}/${LONG(200)}/${LONG(200)}/${LONG(200)}`,
      "https://example.com/icon.png",
      "HTTPS://example.com/icon.png",
      "Fa://fa-key",
      "https://a.com/b//c/../d",
      "/static/a b",
      "FA://fa-key",
      "fa://fa-key",
      "/static/dist/a.png",
      "/STATIC/x",
      "media/a.png",
      "a/../b",
      "a//b",
      ".hidden",
      `${LONG(256)}/b`,
      "https://a.com/\u00a0",
    ],
  },
  domain: {
    rule: rules.accessDomain,
    type: "string",
    exact: true,
    samples: around(
      fc
        .tuple(fc.constantFrom("", "*."), matching(hostname), fc.constantFrom("", "/", "/admin", "/a/b c"))
        .map(([wild, host, p]) => `${wild}${host}${p}`),
    ),
    edges: [
      "app.company.com",
      "company.com/admin",
      "*.company.com",
      "APP.Company.COM",
      "https://app.company.com",
      "app.company.com:8443",
      "localhost",
      `${LONG(63)}.${LONG(63)}.${LONG(63)}.${LONG(61)}.com`,
      `${LONG(63)}.${LONG(63)}.${LONG(63)}.${LONG(62)}.com`,
      "company.com/a\u00a0b",
      "company.com/a\u000bb",
      "company.com/?q",
    ],
  },
  email: {
    rule: rules.email,
    type: "string",
    exact: true,
    samples: around(
      fc
        .tuple(matching("[a-z0-9+_-]{1,10}(?:\\.[a-z0-9+_-]{1,5}){0,2}"), matching(hostname))
        .map(([local, domain]) => `${local}@${domain}`),
    ),
    edges: [
      "alice@company.com",
      ...UNMATCHABLE_EMAILS,
      "Alice <alice@company.com>",
      "ALICE@COMPANY.COM",
      `${LONG(64)}@company.com`,
      `${LONG(65)}@company.com`,
      `${LONG(64)}@${LONG(63)}.${LONG(63)}.${LONG(57)}.com`,
      `${LONG(64)}@${LONG(63)}.${LONG(63)}.${LONG(58)}.com`,
      "a{b}$c%d@company.com",
      "alice@xn--bcher-kva.example",
    ],
  },
  emailDomain: {
    rule: rules.emailDomain,
    type: "string",
    exact: true,
    samples: around(matching(hostname)),
    edges: [
      "company.com",
      "Company.COM",
      "COMPANY.COM",
      "@company.com",
      "company",
      "company.c",
      "xn--bcher-kva.example",
      "-company.com",
      "company.com.",
    ],
  },
  userPk: {
    rule: rules.userPk,
    type: "number",
    exact: true,
    samples: fc.oneof(
      fc.integer({ min: -5, max: 1e6 }),
      fc.double({ min: -10, max: 1e6, noNaN: true, noDefaultInfinity: true }),
      fc.maxSafeInteger(),
    ),
    edges: [1, 0, -1, 1.5, 7, Number.MAX_SAFE_INTEGER, 2 ** 53, 1e300, -1e300, 0.1],
  },
  authentikVersion: {
    rule: rules.authentikVersion,
    type: "string",
    exact: true,
    samples: around(matching("20[0-9]{2}\\.[0-9]{1,2}(?:\\.[0-9]{1,2})?")),
    edges: ["2026.5", "2026.05", "2026.5.0", "2025.10.3", "2026.0", "2026.13", "2026.10", "26.5", "2026", "v2026.5"],
  },
  subMode: {
    rule: oneOf(rules.SUB_MODES),
    type: "string",
    exact: true,
    samples: around(fc.constantFrom(...rules.SUB_MODES)),
    edges: [...rules.SUB_MODES, "USER_EMAIL", "user_email ", ""],
  },
};

const FAMILY = "\u{1f468}\u200d\u{1f469}\u200d\u{1f467}"; // one grapheme, five code points

/**
 * Samples that once disagreed, kept as edge cases: Terraform's length() counts grapheme
 * clusters where authentik and JavaScript count code points, and trimspace() trims Go's
 * whitespace (U+0085 yes, U+FEFF no) where JavaScript's trim() does the reverse; the plan
 * form now counts code points and spells out JavaScript's whitespace.
 */
const FORMER_DIFFERENCES: ReadonlyArray<{ rule: string; value: string }> = [
  { rule: "text", value: "\ufeffGrafana" },
  { rule: "text", value: "Grafana\u0085" },
  { rule: "clientSecret", value: FAMILY.repeat(60) },
  { rule: "clientSecret", value: `s${"\r\n".repeat(127)}s` },
  { rule: "launchUrl", value: `https://a.com/${FAMILY.repeat(410)}` },
];

interface Sample {
  readonly rule: string;
  readonly value: string | number;
  /** The synth-time verdict: undefined when JavaScript accepts, else its message. */
  readonly refusal: string | undefined;
}

function jsRefusal(rule: Rule, value: unknown): string | undefined {
  try {
    rule(new CheckContext("Sample"), "prop", value);
    return undefined;
  } catch (error) {
    if (!(error instanceof InvalidPropError)) throw error;
    return error.message;
  }
}

/** Terraform reads configuration as NFC (it normalises strings), so only NFC strings are comparable at all. */
const comparable = (value: string | number) => typeof value === "number" || value === value.normalize("NFC");

function samplesOf(name: string, coverage: Coverage): Sample[] {
  const generated = fc.sample(coverage.samples, { seed: SEED, numRuns: 90 });
  const known = FORMER_DIFFERENCES.filter((d) => d.rule === name).map((d) => d.value);
  const values = [...new Set([...coverage.edges, ...known, ...generated])].filter(comparable);
  return values.map((value) => ({ rule: name, value, refusal: jsRefusal(coverage.rule, value) }));
}

/** The condition a rule writes for a token, as `context.planChecks` holds it. */
function conditionFor(rule: Rule, token: unknown): string {
  const context = new CheckContext("Sample");
  rule(context, "prop", token);
  expect(context.planChecks).toHaveLength(1);
  return context.planChecks[0].condition;
}

describe("every plan-time rule, evaluated by Terraform, against the synth-time check", () => {
  const samples = Object.entries(COVERAGE).flatMap(([name, coverage]) => samplesOf(name, coverage));
  let verdicts: boolean[];
  let echoed: Array<string | number>;

  beforeAll(() => {
    const stack = new TerraformStack(testApp(), "plan-checks");
    samples.forEach((sample, i) => {
      const coverage = COVERAGE[sample.rule];
      const variable = new TerraformVariable(stack, `v${i}`, { type: coverage.type, default: sample.value });
      const condition = conditionFor(coverage.rule, coverage.type === "number" ? variable.numberValue : variable.stringValue);
      new TerraformLocal(stack, `c${i}`, condition);
    });
    const dir = initialised(stack);
    const [conditions, values] = evaluate(
      dir,
      `[[${samples.map((_, i) => `local.c${i}`).join(", ")}], [${samples.map((_, i) => `var.v${i}`).join(", ")}]]`,
    );
    verdicts = conditions;
    echoed = values;
  });

  test("enough samples of each rule, accepted and refused", () => {
    for (const name of Object.keys(COVERAGE)) {
      const own = samples.filter((s) => s.rule === name);
      expect({ name, accepted: own.filter((s) => s.refusal === undefined).length >= 5 }).toEqual({ name, accepted: true });
      expect({ name, refused: own.filter((s) => s.refusal !== undefined).length >= 5 }).toEqual({ name, refused: true });
    }
    const table = Object.entries(COVERAGE).map(([name, c]) => `  ${name.padEnd(20)} ${c.exact ? "exact" : `weaker: ${c.notChecked}`}`);
    console.log(
      `plan checks: ${samples.length} samples over ${Object.keys(COVERAGE).length} rules (seed ${SEED}), ${samples.filter((s) => s.refusal === undefined).length} accepted by JavaScript\n${table.join("\n")}`,
    );
  });

  test("Terraform holds exactly the sampled values (the comparison is about the same strings)", () => {
    expect(echoed).toEqual(samples.map((s) => s.value));
  });

  test("exact rules: Terraform's verdict is JavaScript's for every sample", () => {
    const disagreements = samples
      .map((s, i) => ({ rule: s.rule, value: s.value, javascript: s.refusal === undefined, terraform: verdicts[i] }))
      .filter(
        (d, i) => d.javascript !== d.terraform && (COVERAGE[samples[i].rule].exact || FORMER_DIFFERENCES.some((k) => k.value === d.value)),
      );
    expect(disagreements).toEqual([]);
    const agreed = samples.filter((s, i) => (s.refusal === undefined) === verdicts[i]).length;
    console.log(`plan checks: Terraform and JavaScript agree on ${agreed} of ${samples.length} samples`);
  });

  test("weaker rules: Terraform refuses nothing JavaScript accepts, and accepts only what it cannot check", () => {
    const weaker = samples
      .map((s, i) => ({ ...s, terraform: verdicts[i] }))
      .filter((s) => !COVERAGE[s.rule].exact && !FORMER_DIFFERENCES.some((k) => k.value === s.value));
    const falseAlarms = weaker
      .filter((s) => s.refusal === undefined && !s.terraform && !COVERAGE[s.rule].stricter?.(String(s.value)))
      .map((s) => ({ rule: s.rule, value: s.value }));
    const missed = weaker
      .filter((s) => s.refusal !== undefined && s.terraform && !COVERAGE[s.rule].unchecked!(String(s.value), s.refusal))
      .map((s) => ({ rule: s.rule, value: s.value, javascript: s.refusal }));
    expect({ falseAlarms, missed }).toEqual({ falseAlarms: [], missed: [] });
    // The unchecked parts are real: each weaker rule has a sample that only JavaScript refuses.
    for (const name of Object.keys(COVERAGE).filter((n) => !COVERAGE[n].exact)) {
      expect({ name, onlyJavaScriptRefuses: weaker.some((s) => s.rule === name && s.refusal !== undefined && s.terraform) }).toEqual({
        name,
        onlyJavaScriptRefuses: true,
      });
    }
  });
});

describe("list tokens: each element gets its rule, each value once", () => {
  const bindings = rules.accessPropsSpec(new TerraformStack(testApp(), "spec")).bindings.rule;
  const GOOD = "8f1c3f6e-1a2b-4c3d-9e8f-0a1b2c3d4e5f";
  const OTHER = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
  const cases: Array<{ key: "groupIds" | "userIds"; value: Array<string | number> }> = [
    { key: "groupIds", value: [GOOD, OTHER] },
    { key: "groupIds", value: [] },
    { key: "groupIds", value: [GOOD, "not-a-uuid"] },
    { key: "groupIds", value: [GOOD, `${OTHER} `] },
    { key: "groupIds", value: [GOOD, GOOD] },
    { key: "userIds", value: [7, 8] },
    { key: "userIds", value: [7, 0] },
    { key: "userIds", value: [1.5] },
    { key: "userIds", value: [7, 7] },
  ];
  const javascript = cases.map(({ key, value }) => jsRefusal(bindings, { [key]: value } as never) === undefined);
  let terraform: boolean[];

  beforeAll(() => {
    const stack = new TerraformStack(testApp(), "list-checks");
    cases.forEach(({ key, value }, i) => {
      const variable = new TerraformVariable(stack, `v${i}`, {
        type: key === "groupIds" ? "list(string)" : "list(number)",
        default: value,
      });
      const list = key === "groupIds" ? variable.listValue : Token.asNumberList(variable.value);
      new TerraformLocal(stack, `c${i}`, conditionFor(bindings, { [key]: list } as never));
    });
    terraform = evaluate(initialised(stack), `[${cases.map((_, i) => `local.c${i}`).join(", ")}]`);
  });

  test("the synth-time verdicts are the expected ones", () => {
    expect(javascript).toEqual([true, true, false, false, false, true, false, false, false]);
  });

  test("Terraform's verdict on the list variable is JavaScript's on the literal list", () => {
    expect(cases.map((c, i) => ({ ...c, terraform: terraform[i] }))).toEqual(cases.map((c, i) => ({ ...c, terraform: javascript[i] })));
  });
});

describe("a precondition of a construct stops `terraform plan` with its message", () => {
  /** The preconditions the construct wrote on its authentik_provider_oauth2, for a teamName from a variable. */
  function preconditions(): Array<{ condition: string; error_message: string }> {
    const stack = userStack();
    const team = new TerraformVariable(stack, "team_name", { type: "string" });
    new AuthentikCloudflareAccess(stack, "access", {
      teamName: team.stringValue,
      authentikUrl: "https://authentik.company",
      accountId: ACCOUNT_ID,
    });
    const provider = Object.values<any>(synthJson(stack).resource.authentik_provider_oauth2)[0];
    return provider.lifecycle.precondition;
  }

  /** `terraform plan` of a provider-free stack holding the same precondition on a `terraform_data` (built into Terraform). */
  function plan(team: string): { status: number; output: string } {
    const stack = new TerraformStack(testApp(), `precondition-${Buffer.from(team).toString("hex")}`);
    new TerraformVariable(stack, "team_name", { type: "string", default: team });
    const check = new TerraformResource(stack, "check", { terraformResourceType: "terraform_data" });
    check.addOverride("lifecycle.precondition", preconditions());
    const dir = initialised(stack);
    try {
      return { status: 0, output: cli(["plan", "-input=false", "-no-color"], dir) };
    } catch (error: any) {
      return { status: error.status, output: `${error.stdout}${error.stderr}` };
    }
  }

  test("the construct writes the check with its path and prop in the message", () => {
    expect(preconditions()).toEqual([
      expect.objectContaining({ error_message: expect.stringContaining("AuthentikCloudflareAccess at test/access: invalid teamName") }),
    ]);
  });

  test("a bad value fails the plan, naming the construct path and the prop", () => {
    const result = plan("Company");
    expect(result.status).not.toBe(0);
    const text = result.output.replace(/\s+/g, " ");
    expect(text).toContain("Resource precondition failed");
    expect(text).toContain(
      "AuthentikCloudflareAccess at test/access: invalid teamName (a value Terraform knows only at plan time): expected the Zero Trust team name",
    );
  });

  test("a good value plans", () => {
    const result = plan("company");
    expect(result).toEqual({ status: 0, output: expect.stringContaining("terraform_data.check will be created") });
  });
});
