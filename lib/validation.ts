import { TerraformProvider, TerraformStack, Token } from "cdktf";
import { IConstruct } from "constructs";

/**
 * The prop checker shared by every construct of the library. A construct describes its
 * props once, as a table of rules (see `rules.ts`); `checkProps` walks the table and
 * the value a caller passed, TypeScript or plain JavaScript alike. Every failure names
 * the construct and its path, the prop, the value received (secrets redacted, long
 * values cut) and what is allowed. Unresolved Terraform tokens pass the value checks:
 * their values are not known before apply.
 */

/** Raised for a prop value the construct cannot work with. Not exported from the package: jsii cannot export Error subclasses. */
export class InvalidPropError extends Error {
  constructor(
    readonly where: string,
    readonly prop: string,
    value: unknown,
    allowed: string,
  ) {
    super(`${where}: invalid ${prop} ${describe(value)}: ${allowed}`);
    this.name = "InvalidPropError";
  }
}

/** Stands in for a secret in error messages: only its length is shown. */
export class Redacted {
  constructor(readonly length: number) {}
}

/** A value shown in words rather than as code, e.g. "a Terraform list token". */
export class Shown {
  constructor(readonly words: string) {}
}

/** cdktf renders unresolved tokens as `${TfToken[TOKEN.n]}`; a message says `${token}` instead. */
function showTokensReadably(text: string): string {
  return text.replace(/\$\{TfToken\[TOKEN\.\d+\]\}/g, "${token}");
}

const ECHO_LIMIT = 80;

/** `n thing` or `n things`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Length in characters (Unicode code points), as authentik and Cloudflare count, not UTF-16 units. */
export function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count++; // eslint-disable-line @typescript-eslint/no-unused-vars
  return count;
}

function cutForMessage(text: string): string {
  const chars = Array.from(text);
  return chars.length <= ECHO_LIMIT ? text : `${chars.slice(0, ECHO_LIMIT).join("")}…`;
}

/** Shows a received value the way it would be written in code, cut to a readable length. */
export function describe(value: unknown): string {
  if (value instanceof Redacted) {
    return `(redacted, ${plural(value.length, "character")})`;
  }
  if (value instanceof Shown) {
    return value.words;
  }
  if (Array.isArray(value) && Token.isUnresolved(value)) {
    return "a Terraform list token";
  }
  if (value === undefined || value === null || typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return String(value);
  }
  if (typeof value === "string") {
    const length = charCount(value);
    const shown = showTokensReadably(JSON.stringify(cutForMessage(value)));
    return length > ECHO_LIMIT ? `${shown} (${plural(length, "character")})` : shown;
  }
  if (typeof value === "function") {
    return "a function";
  }
  if (typeof value === "symbol") {
    return value.toString();
  }
  const prototype = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) {
    const name = (value as object).constructor?.name ?? "object";
    const text = value instanceof URL ? ` ${JSON.stringify(cutForMessage(value.href))}` : "";
    return `a ${name} object${text}`;
  }
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    return Array.isArray(value) ? "an array" : "an object";
  }
  return json.length > ECHO_LIMIT * 2
    ? `${Array.from(json)
        .slice(0, ECHO_LIMIT * 2)
        .join("")}…`
    : json;
}

/** True when the value is a Terraform token (variable, reference, expression), known only at apply. */
export function isToken(value: unknown): boolean {
  return value !== undefined && value !== null && Token.isUnresolved(value);
}

/** A token standing for one value (a string, number or bool), as opposed to a list token, which is an array. */
function isScalarToken(value: unknown): boolean {
  return isToken(value) && !Array.isArray(value);
}

/** True when the value is a literal the construct can check now. */
export function isKnown(value: unknown): boolean {
  return value !== undefined && value !== null && !Token.isUnresolved(value);
}

/** A rule Terraform checks at plan time, for a value that is a token at synth: a `lifecycle.precondition`. */
export interface PlanCheck {
  /** An HCL boolean expression (with the token inside, which cdktf resolves). */
  readonly condition: string;
  readonly errorMessage: string;
}

/** Where a check runs: the construct's class name and path, for messages. */
export class CheckContext {
  readonly where: string;
  /** Rules of token-valued props, for Terraform to check at plan time, in the order the props were checked. */
  readonly planChecks: PlanCheck[] = [];

  /** `at` is the construct or, before it exists, the path it will have. */
  constructor(construct: string, at?: IConstruct | string) {
    const path = typeof at === "string" ? at : at?.node.path;
    this.where = path !== undefined ? `${construct} at ${path}` : construct;
  }

  fail(prop: string, value: unknown, allowed: string): never {
    throw new InvalidPropError(this.where, prop, value, allowed);
  }

  /**
   * Asks Terraform to check a token-valued prop at plan time, with the message the
   * synth-time check would give. The message is escaped, since Terraform reads
   * `${` and `%{` in it as template sequences.
   */
  planCheck(prop: string, condition: string, allowed: string): void {
    const message = `${this.where}: invalid ${prop} (a value Terraform knows only at plan time): ${allowed}.`;
    this.planChecks.push({ condition: `\${${condition}}`, errorMessage: message.replace(/\$\{/g, "$$${").replace(/%\{/g, "%%{") });
  }
}

/**
 * Checks one prop value that is present (not undefined). `plan`, when the rule can be
 * said in Terraform's language, builds the same rule as an HCL boolean expression
 * over `value` (an HCL expression), for values that are tokens at synth.
 */
export interface Rule {
  (context: CheckContext, prop: string, value: unknown): void;
  readonly plan?: (value: string) => string;
  /** Words for what the rule allows, for plan-time messages. */
  readonly allowed?: string;
}

/** A rule with its plan-time form. */
export function withPlan(
  rule: (context: CheckContext, prop: string, value: unknown) => void,
  plan: ((value: string) => string) | undefined,
  allowed: string,
): Rule {
  return plan === undefined ? rule : Object.assign(rule, { plan, allowed });
}

/**
 * An HCL string literal. JSON's escapes are HCL's; `$`, `%`, `{` and `}` are written as
 * `\u0024`, `\u0025`, `\u007b` and `\u007d`, so that neither Terraform's templates nor
 * cdktf's token parser (which counts braces, also inside strings) misread them, and
 * every character outside printable ASCII as `\uNNNN` or `\UNNNNNNNN`, so that the
 * synthesised JSON shows no invisible characters.
 */
export function hclString(text: string): string {
  return JSON.stringify(text).replace(/[$%{}]|[^\x20-\x7e]/gu, (c) => {
    const code = c.codePointAt(0) as number;
    return code > 0xffff ? `\\U${code.toString(16).padStart(8, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** A lifecycle block with the given preconditions (plan checks and others), or none. */
export function withPreconditions(
  ...conditions: Array<{ condition: unknown; errorMessage: string } | undefined>
): { precondition: Array<{ condition: unknown; errorMessage: string }> } | undefined {
  const given = conditions.filter((c): c is { condition: unknown; errorMessage: string } => c !== undefined);
  return given.length > 0 ? { precondition: given } : undefined;
}

/** A JavaScript RegExp as an anchored RE2 pattern for Terraform's `regex`, flags included. */
export function re2(pattern: RegExp): string {
  return `${pattern.flags.includes("i") ? "(?i)" : ""}${pattern.source}`;
}

/** A prop of a props table: its rule, whether it must be set, and what a missing value means. */
export interface PropSpec {
  readonly rule: Rule;
  readonly required?: string;
}

/** A props table: one entry per prop the interface declares. */
export type PropsSpec = Readonly<Record<string, PropSpec>>;

/** An optional prop. */
export function optional(rule: Rule): PropSpec {
  return { rule };
}

/** A prop that must be set; `why` says what it is for. */
export function required(rule: Rule, why: string): PropSpec {
  return { rule, required: why };
}

/** Edit distance, for "did you mean" hints on misspelled keys. */
function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}

function suggestKey(key: string, known: readonly string[]): string {
  const scored = known
    .map((name) => ({ name, score: name.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key.toLowerCase(), name.toLowerCase()) }))
    .sort((x, y) => x.score - y.score);
  const best = scored[0];
  return best && best.score <= Math.max(2, Math.floor(key.length / 4)) ? `did you mean ${JSON.stringify(best.name)}? ` : "";
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return false;
  }
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Checks an object of props against its table: it must be a plain object, every key
 * must be in the table (a misspelled key would silently drop a setting), required
 * props must be set, `null` is refused everywhere, and each present value obeys its
 * rule. `prefix` is the prop path of a nested object (`bindings.`).
 */
export function checkObject(context: CheckContext, prop: string, value: unknown, spec: PropsSpec, prefix = ""): void {
  if (!isPlainObject(value)) {
    const what = prop === "props" ? "the props object" : prop;
    context.fail(prop, value, `expected ${what} to be an object with the keys ${Object.keys(spec).join(", ")}`);
  }
  for (const key of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(spec, key)) {
      const known = Object.keys(spec);
      context.fail(
        `${prefix}${key}`,
        value[key],
        `${suggestKey(key, known)}${prefix ? prop : "this construct"} has no such prop; known: ${known.join(", ")}`,
      );
    }
  }
  // A for-in over the table (a plain object literal): this runs once per construct, and thousands of them are common.
  for (const key in spec) {
    const entry = spec[key];
    const child = `${prefix}${key}`;
    const given = value[key];
    if (given === null) {
      context.fail(
        child,
        given,
        entry.required ? `${child} is required: ${entry.required}` : `leave ${child} out for its default instead of null`,
      );
    }
    if (given === undefined) {
      if (entry.required) {
        context.fail(child, given, `${child} is required: ${entry.required}`);
      }
      continue;
    }
    entry.rule(context, child, given);
  }
}

/** Top-level props: `undefined` props (no object at all) are reported like any other missing object. */
export function checkProps(context: CheckContext, props: unknown, spec: PropsSpec): void {
  checkObject(context, "props", props, spec);
}

/** A nested object prop with its own table. */
export function struct(spec: PropsSpec): Rule {
  return (context, prop, value) => checkObject(context, prop, value, spec, `${prop}.`);
}

export interface StringOptions {
  /** Words for what is allowed, used when any check fails. */
  readonly allowed: string;
  readonly pattern?: RegExp;
  /** Most characters (code points). */
  readonly maxChars?: number;
  /** Refuse an empty or blank string. @default true */
  readonly nonEmpty?: boolean;
  /** Refuse leading or trailing whitespace (authentik trims it, so every plan would show a change). @default true */
  readonly trimmed?: boolean;
  /** Show only the length in messages. */
  readonly secret?: boolean;
  /** A further check on a known string; returns what is wrong, or undefined. */
  readonly check?: (value: string) => string | undefined;
  /**
   * What Terraform checks for a token value instead of `pattern` and `check`: an RE2
   * pattern (a RegExp whose source RE2 accepts), and further HCL over the value.
   * Without them a token gets the rules Terraform can say for every string (not
   * empty, trimmed, length, no NUL), plus `pattern` when there is no `check`.
   * @default - `pattern`, when the rule has no `check`
   */
  readonly planPattern?: RegExp;
  readonly planAlso?: (value: string) => string;
}

/**
 * A string. Tokens pass. NUL characters are refused everywhere: neither the authentik
 * API nor PostgreSQL accepts them.
 */
export function string(options: StringOptions): Rule {
  const plan = stringPlan(options);
  const rule = (context: CheckContext, prop: string, value: unknown): void => {
    if (isScalarToken(value)) {
      context.planCheck(prop, plan(Token.asString(value)), options.allowed);
      return;
    }
    const shown = options.secret && typeof value === "string" ? new Redacted(charCount(value)) : value;
    const fail = (why?: string): never => context.fail(prop, shown, why ? `${why}; ${options.allowed}` : options.allowed);
    if (typeof value !== "string") {
      fail(`expected a string, got ${typeOf(value)}`);
    }
    const text = value as string;
    if ((options.nonEmpty ?? true) && text.trim() === "") {
      fail("must not be empty");
    }
    if (text.includes("\u0000")) {
      fail("must not contain NUL characters");
    }
    if ((options.trimmed ?? true) && text.trim() !== text) {
      fail("must not start or end with whitespace (authentik trims it, so every plan would show a change)");
    }
    if (options.maxChars !== undefined && charCount(text) > options.maxChars) {
      fail(`must be at most ${plural(options.maxChars, "character")}, got ${charCount(text)}`);
    }
    if (options.pattern && !options.pattern.test(text)) {
      fail();
    }
    const problem = options.check?.(text);
    if (problem !== undefined) {
      fail(problem);
    }
  };
  return Object.assign(rule, { plan, allowed: options.allowed });
}

/** The string rules Terraform can say, as one HCL condition; `try` turns an error (a null value) into false. */
function stringPlan(options: StringOptions): (value: string) => string {
  const pattern = options.planPattern ?? (options.check === undefined ? options.pattern : undefined);
  return (value) => {
    const space = "\\t\\n\\v\\f\\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
    const parts = [`!can(regex(${hclString("\\x00")}, ${value}))`];
    if (options.nonEmpty ?? true) parts.push(`can(regex(${hclString(`[^${space}]`)}, ${value}))`);
    if (options.trimmed ?? true) parts.push(`!can(regex(${hclString(`^[${space}]|[${space}]$`)}, ${value}))`);
    if (options.maxChars !== undefined) parts.push(`length(regexall("(?s).", ${value})) <= ${options.maxChars}`);
    if (pattern !== undefined) parts.push(`can(regex(${hclString(re2(pattern))}, ${value}))`);
    if (options.planAlso !== undefined) parts.push(options.planAlso(value));
    return `try(${parts.join(" && ")}, false)`;
  };
}

/** One of a fixed set of strings. */
export function oneOf(values: readonly string[]): Rule {
  return string({
    allowed: `expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}`,
    check: (value) => (values.includes(value) ? undefined : "not a known value"),
    planAlso: (value) => `contains([${values.map(hclString).join(", ")}], ${value})`,
  });
}

/**
 * A boolean. A token from a bool variable passes, unless `literal` says why the
 * construct must know the value at synth (it decides which resources or rules exist).
 */
export function boolean(literal?: string): Rule {
  return (context, prop, value) => {
    if (isScalarToken(value) && literal !== undefined) {
      context.fail(prop, new Shown("a Terraform token"), `expected true or false, not a token: ${literal}`);
    }
    if (typeof value !== "boolean" && !isScalarToken(value)) {
      context.fail(prop, value, `expected true or false, got ${typeOf(value)}`);
    }
  };
}

export interface NumberOptions {
  readonly allowed: string;
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}

/** A finite number in a range (a number token passes). */
export function number(options: NumberOptions): Rule {
  const plan = (value: string): string => {
    const parts = [`${value} == ${value}`];
    if (options.integer) parts.push(`floor(${value}) == ${value}`);
    if (options.min !== undefined) parts.push(`${value} >= ${options.min}`);
    if (options.max !== undefined) parts.push(`${value} <= ${options.max}`);
    return `try(${parts.join(" && ")}, false)`;
  };
  const rule = (context: CheckContext, prop: string, value: unknown): void => {
    if (isScalarToken(value)) {
      context.planCheck(prop, plan(Token.asString(value)), options.allowed);
      return;
    }
    const n = value as number;
    if (
      typeof value !== "number" ||
      !Number.isFinite(n) ||
      (options.integer && !Number.isInteger(n)) ||
      (options.min !== undefined && n < options.min) ||
      (options.max !== undefined && n > options.max)
    ) {
      context.fail(
        prop,
        value,
        typeof value === "number" ? options.allowed : `expected a number, got ${typeOf(value)}; ${options.allowed}`,
      );
    }
  };
  return Object.assign(rule, { plan, allowed: options.allowed });
}

export interface ListOptions {
  readonly nonEmpty?: boolean;
  /** Refuse a list token (a list variable), saying why the list must be literal; its elements may still be tokens. */
  readonly literal?: string;
  /** Refuse the same known element twice. @default true */
  readonly unique?: boolean;
  /** A check of the whole known list (elements already checked); returns what is wrong, or undefined. */
  readonly check?: (values: readonly unknown[]) => string | undefined;
  /** `check` for a list token, as an HCL condition over the list and the words for it, when Terraform can say it. */
  readonly planCheck?: { readonly condition: (list: string) => string; readonly allowed: string };
  /** What makes two elements the same, for `unique` (e.g. hostnames ignore case). @default the element itself */
  readonly sameAs?: (value: unknown) => unknown;
}

/** A list whose elements obey `element`. A list token passes; so do token elements. */
export function list(element: Rule, options: ListOptions = {}): Rule {
  return (context, prop, value) => {
    if (isListToken(value)) {
      if (options.literal !== undefined) {
        context.fail(
          prop,
          new Shown("a Terraform list token"),
          `expected a literal list (its elements may be Terraform tokens): ${options.literal}`,
        );
      }
      planListToken(context, prop, Token.asString(value), element, options);
      return;
    }
    if (!Array.isArray(value)) {
      return context.fail(prop, value, `expected a list, got ${typeOf(value)}`);
    }
    if (options.nonEmpty && value.length === 0) {
      context.fail(prop, value, "expected at least one element");
    }
    // Holes (`[a, , b]`, `new Array(2)`) are skipped by forEach and every, yet count in length: refuse them first.
    for (let index = 0; index < value.length; index++) {
      if (!(index in value)) {
        context.fail(
          `${prop}[${index}]`,
          new Shown("an empty slot (a hole in the array)"),
          `a list of ${plural(value.length, "slot")} has nothing at index ${index}; list values only, as in [a, b]`,
        );
      }
    }
    const seen = new Set<unknown>();
    value.forEach((item, index) => {
      if (item === undefined || item === null) {
        context.fail(`${prop}[${index}]`, item, "list elements must not be null or undefined");
      }
      element(context, `${prop}[${index}]`, item);
      if (isKnown(item) && (options.unique ?? true)) {
        const key = options.sameAs ? options.sameAs(item) : item;
        if (seen.has(key)) {
          context.fail(prop, value, `${describe(item)} is listed more than once; list each value once`);
        }
        seen.add(key);
      }
    });
    const problem = options.check?.(value);
    if (problem !== undefined) {
      context.fail(prop, value, problem);
    }
  };
}

/** A list token's rules for Terraform: not empty, each value once, and each element's own rule, where Terraform can say them. */
function planListToken(context: CheckContext, prop: string, list: string, element: Rule, options: ListOptions): void {
  const parts: string[] = [];
  const allowed: string[] = [];
  if (options.nonEmpty) {
    parts.push(`length(${list}) >= 1`);
    allowed.push("expected at least one element");
  }
  if ((options.unique ?? true) && options.sameAs === undefined) {
    parts.push(`length(distinct(${list})) == length(${list})`);
    allowed.push("expected each value once");
  }
  if (options.planCheck !== undefined) {
    parts.push(options.planCheck.condition(list));
    allowed.push(options.planCheck.allowed);
  }
  if (element.plan !== undefined) {
    parts.push(`alltrue([for element in ${list} : ${element.plan("element")}])`);
    allowed.push(`for each element, ${element.allowed ?? "a valid value"}`);
  }
  if (parts.length > 0) {
    context.planCheck(prop, `try(${parts.join(" && ")}, false)`, allowed.join("; "));
  }
}

/** An encoded list token, such as `variable.listValue` or `Token.asNumberList(...)`, as opposed to a literal list that holds tokens. */
export function isListToken(value: unknown): boolean {
  return Array.isArray(value) && Token.isUnresolved(value);
}

/**
 * A provider instance of the given kind (`terraformResourceType`) from the construct's
 * own stack: a provider of another kind or stack would bind every block to the wrong
 * server or fail at synth.
 */
export function provider(kind: string, scope: IConstruct): Rule {
  const a = (word: string) => `${/^[aeiou]/.test(word) ? "an" : "a"} ${word}`;
  return (context, prop, value) => {
    if (!TerraformProvider.isTerraformProvider(value)) {
      context.fail(prop, value, `expected ${a(kind)} provider construct (a TerraformProvider), got ${typeOf(value)}`);
    }
    const given = value as TerraformProvider;
    if (given.terraformResourceType !== kind) {
      context.fail(
        prop,
        `${given.terraformResourceType} provider ${given.node.path}`,
        `expected ${a(kind)} provider, not ${a(given.terraformResourceType)} one`,
      );
    }
    if (TerraformStack.of(given) !== TerraformStack.of(scope)) {
      context.fail(
        prop,
        `${kind} provider ${given.node.path}`,
        `expected a provider of this construct's stack ${TerraformStack.of(scope).node.path}; a provider of another stack cannot configure these resources`,
      );
    }
  };
}

/** An instance of a construct class of the library (checked by a predicate, since `instanceof` breaks across copies of a package). */
export function instance(description: string, test: (value: unknown) => boolean): Rule {
  return (context, prop, value) => {
    if (!test(value)) {
      context.fail(prop, value, `expected ${description}, got ${typeOf(value)}`);
    }
  };
}

/** A short name of a JavaScript value's type, for messages. */
export function typeOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return Token.isUnresolved(value) ? "a list (a Terraform list token)" : "a list";
  if (value instanceof URL) return "a URL object (pass its href string)";
  if (typeof value === "object") {
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    return name && name !== "Object" ? `a ${name} object` : "an object";
  }
  return `a ${typeof value}`;
}
