import { TerraformProvider, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { CheckContext, isKnown } from "./validation";

/**
 * Values that must be unique per stack and provider instance, so that two
 * constructs that would fight over one at apply time fail at construction instead:
 * what authentik keeps unique on one server (application slugs, provider names across
 * all provider types, OAuth2 client ids), and Cloudflare Access destinations, where
 * two applications on one destination leave undefined which one Cloudflare uses.
 * A WeakMap per stack keeps the check O(1).
 */
const claims = new WeakMap<TerraformStack, Map<string, { path: string; prop: string }>>();

/** What is claimed: its kind (the namespace kept unique), the prop it came from, and how to resolve a clash. */
export interface UniqueValue {
  readonly kind: "application slug" | "provider name" | "OAuth2 client id" | "Access destination";
  readonly prop: string;
  readonly value: string;
  /** The value as compared, when it differs from how it is shown (e.g. a destination with its host lower-cased). */
  readonly key?: string;
  readonly remedy: string;
}

/** Which provider's resources hold the kind, and why a clash matters. */
const SERVICE: Record<UniqueValue["kind"], { provider: string; why: string }> = {
  "application slug": { provider: "authentik", why: "authentik requires it to be unique" },
  "provider name": { provider: "authentik", why: "authentik requires it to be unique" },
  "OAuth2 client id": { provider: "authentik", why: "authentik requires it to be unique" },
  "Access destination": {
    provider: "Cloudflare",
    why: "Cloudflare would send its requests to one of the two applications, which one being undefined",
  },
};

/**
 * Checks every value against the values already claimed in the stack (and against
 * each other), then claims them all: a failure claims nothing, so a caller who
 * catches the error may try again.
 */
export function claimUnique(
  context: CheckContext,
  scope: IConstruct,
  values: readonly UniqueValue[],
  provider: TerraformProvider | undefined,
): void {
  const stack = TerraformStack.of(scope);
  const inUse = claims.get(stack) ?? new Map<string, { path: string; prop: string }>();
  const claiming = new Map<string, { path: string; prop: string }>();
  const path = scope.node.path;
  for (const { kind, prop, value, key, remedy } of values) {
    if (!isKnown(value)) {
      continue;
    }
    const id = `${provider ? provider.node.path : "default"}\u0000${kind}\u0000${key ?? value}`;
    const mine = claiming.get(id);
    if (mine !== undefined) {
      context.fail(
        prop,
        value,
        kind === "Access destination"
          ? `${mine.prop} is the same destination (hosts ignore case; a trailing slash changes nothing); list each destination once`
          : `${mine.prop} has the same value, and authentik requires a ${kind} to be unique across all its kinds of provider; choose another ${prop}`,
      );
    }
    const owner = inUse.get(id);
    if (owner !== undefined) {
      const { provider: service, why } = SERVICE[kind];
      context.fail(prop, value, `${owner.path} already uses this ${kind} on the same ${service} provider, and ${why}; ${remedy}`);
    }
    claiming.set(id, { path, prop });
  }
  claims.set(stack, inUse);
  for (const [id, owner] of claiming) {
    inUse.set(id, owner);
  }
}
