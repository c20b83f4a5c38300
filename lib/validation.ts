import { Token } from "cdktf";

/**
 * Prop checks shared by the constructs. Each one names the prop, shows the value it
 * received and says what is allowed. Values that are unresolved Terraform tokens
 * (variables, references) are not known until apply and pass unchecked.
 */

/** Raised for a prop value the construct cannot work with. */
export class InvalidPropError extends Error {
  constructor(construct: string, prop: string, value: unknown, allowed: string) {
    super(`${construct}: invalid ${prop} ${describe(value)}: ${allowed}`);
    this.name = "InvalidPropError";
  }
}

/** Stands in for a secret in error messages: only its length is shown. */
class Redacted {
  constructor(readonly length: number) {}
}

/** Shows a received value the way it would be written in code. */
export function describe(value: unknown): string {
  if (value instanceof Redacted) {
    return `(redacted, ${value.length} characters)`;
  }
  if (typeof value === "string") {
    return JSON.stringify(value);
  }
  if (value === undefined) {
    return "undefined";
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** True when the value is a literal the construct can check now. */
export function isKnown(value: unknown): boolean {
  return value !== undefined && !Token.isUnresolved(value);
}

export class PropValidator {
  constructor(private readonly construct: string) {}

  fail(prop: string, value: unknown, allowed: string): never {
    throw new InvalidPropError(this.construct, prop, value, allowed);
  }

  /** A string matching `pattern`; `allowed` describes the pattern in words. */
  pattern(prop: string, value: string | undefined, pattern: RegExp, allowed: string): void {
    if (!isKnown(value)) {
      return;
    }
    if (typeof value !== "string" || !pattern.test(value)) {
      this.fail(prop, value, allowed);
    }
  }

  /** A non-empty string of at most `maxLength` characters with no surrounding whitespace. */
  text(prop: string, value: string | undefined, maxLength: number): void {
    if (!isKnown(value)) {
      return;
    }
    if (typeof value !== "string" || value.trim() === "" || value.trim() !== value || value.length > maxLength) {
      this.fail(prop, value, `expected a non-empty string of at most ${maxLength} characters without leading or trailing whitespace`);
    }
  }

  /** Like `text`, but the value never appears in the error message. */
  secretText(prop: string, value: string | undefined, maxLength: number): void {
    if (!isKnown(value)) {
      return;
    }
    if (typeof value !== "string" || value.trim() === "" || value.length > maxLength) {
      this.fail(prop, new Redacted(String(value).length), `expected a non-empty string of at most ${maxLength} characters`);
    }
  }

  /** One of a fixed set of strings. */
  oneOf(prop: string, value: string | undefined, allowed: readonly string[]): void {
    if (!isKnown(value)) {
      return;
    }
    if (!allowed.includes(value as string)) {
      this.fail(prop, value, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`);
    }
  }

  /** An absolute URL with one of the given schemes. */
  url(prop: string, value: string | undefined, schemes: readonly string[]): void {
    if (!isKnown(value)) {
      return;
    }
    const allowed = `expected an absolute URL starting with ${schemes.map((s) => `${s}//`).join(" or ")}`;
    let parsed: URL;
    try {
      parsed = new URL(value as string);
    } catch {
      return this.fail(prop, value, allowed);
    }
    if (!schemes.includes(parsed.protocol)) {
      this.fail(prop, value, allowed);
    }
  }

  /** Every element of a list checked by `check`, no element twice, and optionally at least one. */
  list(
    prop: string,
    values: string[] | undefined,
    check: (prop: string, value: string) => void,
    options: { nonEmpty?: boolean } = {},
  ): void {
    if (!isKnown(values)) {
      return;
    }
    if (!Array.isArray(values)) {
      this.fail(prop, values, "expected a list");
    }
    if (options.nonEmpty && values.length === 0) {
      this.fail(prop, values, "expected at least one element");
    }
    const seen = new Set<string>();
    values.forEach((value, index) => {
      check(`${prop}[${index}]`, value);
      if (isKnown(value)) {
        if (seen.has(value)) {
          this.fail(prop, values, `${describe(value)} is listed more than once; list each value once`);
        }
        seen.add(value);
      }
    });
  }

  /** At most one of two alternative props. */
  notBoth(propA: string, valueA: unknown, propB: string, valueB: unknown): void {
    if (valueA !== undefined && valueB !== undefined) {
      this.fail(`${propA}/${propB}`, { [propA]: valueA, [propB]: valueB }, `set ${propA} or ${propB}, not both`);
    }
  }
}

/** RFC 4122 textual UUID, as authentik uses for flows, keys, groups and policies. */
export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const UUID_ALLOWED = "expected a UUID such as 8f1c3f6e-1a2b-4c3d-9e8f-0a1b2c3d4e5f";

/** authentik slugs (Django SlugField): letters, digits, hyphens and underscores. */
export const SLUG_PATTERN = /^[-a-zA-Z0-9_]+$/;
export const SLUG_ALLOWED = "expected an authentik slug: one or more ASCII letters, digits, hyphens (-) or underscores (_)";
