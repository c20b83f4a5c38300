import { TerraformProvider, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { CheckContext, isKnown } from "./validation";

/**
 * Values authentik requires to be unique on one server (application slugs, provider
 * names across all provider types, OAuth2 client ids), claimed per stack and
 * authentik provider instance, so that two integrations that would fight over one at
 * apply time fail at construction instead. A WeakMap per stack keeps the check O(1).
 */
const claims = new WeakMap<TerraformStack, Map<string, { path: string; prop: string }>>();

/** What is claimed: its kind (the namespace authentik keeps unique), the prop it came from, and how to resolve a clash. */
export interface UniqueValue {
  readonly kind: "application slug" | "provider name" | "OAuth2 client id";
  readonly prop: string;
  readonly value: string;
  readonly remedy: string;
}

export function claimUnique(
  context: CheckContext,
  scope: IConstruct,
  claim: UniqueValue,
  authentikProvider: TerraformProvider | undefined,
): void {
  const { kind, prop, value, remedy } = claim;
  if (!isKnown(value)) {
    return;
  }
  const stack = TerraformStack.of(scope);
  const inUse = claims.get(stack) ?? new Map<string, { path: string; prop: string }>();
  claims.set(stack, inUse);
  const key = `${authentikProvider ? authentikProvider.node.path : "default"}\u0000${kind}\u0000${value}`;
  const owner = inUse.get(key);
  if (owner !== undefined && owner.path === scope.node.path) {
    context.fail(
      prop,
      value,
      `${owner.prop} has the same value, and authentik requires a ${kind} to be unique across all its kinds of provider; choose another ${prop}`,
    );
  }
  if (owner !== undefined) {
    context.fail(
      prop,
      value,
      `${owner.path} already uses this ${kind} on the same authentik provider, and authentik requires it to be unique; ${remedy}`,
    );
  }
  inUse.set(key, { path: scope.node.path, prop });
}
