import { createHash } from "crypto";
import {
  Aspects,
  Fn,
  ListTerraformIterator,
  Op,
  Precondition,
  ResourceTerraformIterator,
  TerraformIterator,
  TerraformProvider,
  TerraformStack,
  Token,
} from "cdktf";
import { Construct } from "constructs";
import { declareMove, hasMove } from "./moves";
import { DataAuthentikGroup, PolicyBinding } from "./providers";
import { isKnown, isListToken } from "./validation";

/** The binding lists of an integration, in binding order. */
export interface BindingLists {
  readonly groupNames?: string[];
  readonly groupIds?: string[];
  readonly userIds?: number[];
  readonly policyIds?: string[];
}

type Subject = { group?: string; user?: number; policy?: string };
type EachIterator = ListTerraformIterator | ResourceTerraformIterator;

/** How one kind of binding names its constructs and what it binds. */
interface BindingKind {
  readonly kind: string;
  readonly values: ReadonlyArray<string | number> | undefined;
  /** The subject for a known element (or a token element). */
  readonly subject: (scope: Construct, id: string, value: string | number, provider: TerraformProvider | undefined) => Subject;
  /** The subject for one key of a list token (each.key, a string). */
  readonly subjectOf: (iterator: EachIterator) => Subject;
}

/**
 * Creates one `authentik_policy_binding` per listed group, user and policy, on the
 * application with UUID `target`, ordered: groups by name, groups by id, users,
 * policies, each in list order. A list given as a Terraform token (a list variable)
 * becomes one block with `for_each` over its values, ordered by the value's index.
 */
export function bindApplication(
  scope: Construct,
  target: string,
  lists: BindingLists,
  provider: TerraformProvider | undefined,
): PolicyBinding[] {
  const created: PolicyBinding[] = [];
  let offset = 0;
  for (const kind of describeBindingKinds(lists)) {
    const values = kind.values ?? [];
    if (isListToken(values)) {
      created.push(bindEach(scope, target, kind, values, offset, provider));
    } else {
      values.forEach((value, index) => {
        const id = idForValue(scope, `${kind.kind}-binding`, value, index);
        const binding = new PolicyBinding(scope, id, {
          provider,
          target,
          order: addNumbers(offset, index),
          ...kind.subject(scope, id, value, provider),
        });
        // At synth, unless a move was declared since (a renamed integration's): a state from 0.1 keeps the binding.
        Aspects.of(binding).add({
          visit: (node) => {
            if (node === binding && !hasMove(binding)) movedFromPreviousId(scope, binding, `${kind.kind}-binding`, value);
          },
        });
        created.push(binding);
      });
    }
    offset = addNumbers(offset, countElements(values));
  }
  return created;
}

/**
 * When a binding list is a token, only Terraform knows whether anything is bound; an
 * empty list would let every authentik user in. This precondition (for the
 * application) fails the plan instead. Undefined when no list is a token.
 */
export function bindingsPrecondition(lists: BindingLists | undefined): Precondition | undefined {
  const all = lists ? describeBindingKinds(lists).map((kind) => kind.values ?? []) : [];
  if (!all.some(isListToken) || all.some((values) => !isListToken(values) && values.length > 0)) {
    return undefined;
  }
  const total = all.reduce<number>((sum, values) => addNumbers(sum, countElements(values)), 0);
  return {
    condition: Op.gte(total, 1),
    errorMessage:
      "The bindings of this Cloudflare Access application name no group, user or policy, which would let every authentik user in. List at least one, or remove bindings to allow every user explicitly.",
  };
}

function describeBindingKinds(lists: BindingLists): BindingKind[] {
  return [
    {
      kind: "group",
      values: lists.groupNames,
      subject: (scope, _id, name, provider) => ({ group: lookupGroupByName(scope, name as string, provider).id }),
      subjectOf: (iterator) => ({ group: iterator.getString("id") }),
    },
    {
      kind: "group-id",
      values: lists.groupIds,
      subject: (_s, _i, group) => ({ group: String(group) }),
      subjectOf: (it) => ({ group: Token.asString(it.key) }),
    },
    {
      kind: "user",
      values: lists.userIds,
      subject: (_s, _i, user) => ({ user: user as number }),
      subjectOf: (it) => ({ user: Token.asNumber(Fn.tonumber(Token.asString(it.key))) }),
    },
    {
      kind: "policy",
      values: lists.policyIds,
      subject: (_s, _i, policy) => ({ policy: String(policy) }),
      subjectOf: (it) => ({ policy: Token.asString(it.key) }),
    },
  ];
}

/** A `for_each` binding over a list token; group names are looked up with a `for_each` data source first. */
function bindEach(
  scope: Construct,
  target: string,
  kind: BindingKind,
  values: ReadonlyArray<string | number>,
  offset: number,
  provider: TerraformProvider | undefined,
): PolicyBinding {
  const keys = Fn.formatlist("%s", [Token.asAny(values)]);
  let iterator: EachIterator = TerraformIterator.fromList(keys);
  if (kind.kind === "group") {
    const lookups = lookupGroup(scope, `${kind.kind}-bindings-lookup`, Token.asString(iterator.value), provider, iterator);
    iterator = TerraformIterator.fromDataSources(lookups);
  }
  return new PolicyBinding(scope, `${kind.kind}-bindings`, {
    provider,
    forEach: iterator,
    target,
    order: addNumbers(offset, Token.asNumber(Fn.index(keys, Token.asString(iterator.key)))),
    ...kind.subjectOf(iterator),
  });
}

/**
 * The UUIDs of authentik groups looked up by name: one data source per literal name,
 * or one `for_each` data source for a list token.
 */
export function lookupGroupIds(scope: Construct, idPrefix: string, names: string[], provider: TerraformProvider | undefined): string[] {
  if (isListToken(names)) {
    const iterator = TerraformIterator.fromList(names);
    const lookups = lookupGroup(scope, idPrefix, Token.asString(iterator.value), provider, iterator);
    return Token.asList(TerraformIterator.fromDataSources(lookups).pluckProperty("id"));
  }
  return names.map((name) => lookupGroupByName(scope, name, provider).id);
}

/** One `authentik_group` data source per group name and scope, shared by bindings and SCIM. */
const groupLookups = new WeakMap<Construct, Map<string, DataAuthentikGroup>>();

function lookupGroupByName(scope: Construct, name: string, provider: TerraformProvider | undefined): DataAuthentikGroup {
  const lookups = groupLookups.get(scope) ?? new Map<string, DataAuthentikGroup>();
  groupLookups.set(scope, lookups);
  const key = isKnown(name) ? name : Token.asString(name);
  let lookup = lookups.get(key);
  if (lookup === undefined) {
    lookup = lookupGroup(scope, idForValue(scope, "group-lookup", name, lookups.size), name, provider);
    lookups.set(key, lookup);
  }
  return lookup;
}

/** Lists joined in order; Terraform joins them when one is a list token. Undefined when nothing is listed. */
export function joinLists(lists: string[][]): string[] | undefined {
  if (lists.some(isListToken)) {
    return Fn.concat(lists.filter((l) => isListToken(l) || l.length > 0));
  }
  const joined = lists.flat();
  return joined.length > 0 ? joined : undefined;
}

/** Looks up a group by name without reading its members into the state. */
function lookupGroup(
  scope: Construct,
  id: string,
  name: string,
  provider: TerraformProvider | undefined,
  forEach?: TerraformIterator,
): DataAuthentikGroup {
  return new DataAuthentikGroup(scope, id, { provider, forEach, name, includeUsers: false });
}

/** The number of elements of a literal list or list token. */
function countElements(values: ReadonlyArray<unknown>): number {
  return isListToken(values) ? Token.asNumber(Fn.lengthOf(values)) : values.length;
}

/** A sum that stays a plain number while both terms are known (and never renders a literal 0 into an expression). */
function addNumbers(a: number, b: number): number {
  if (b === 0) return a;
  if (a === 0) return b;
  return isKnown(a) && isKnown(b) ? a + b : Token.asNumber(Op.add(a, b));
}

/**
 * Construct ids of per-value constructs follow the value, readably (cdktf adds the
 * one hash of the logical id), so reordering a list does not replace them; token
 * values fall back to their position. Values that read the same (`Ops` and `ops`)
 * get `-2`, `-3`, … in the order they are listed.
 */
function idForValue(scope: Construct, prefix: string, key: string | number, index: number): string {
  if (!isKnown(key)) {
    return `${prefix}-${index}`;
  }
  const readable =
    String(key)
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "value";
  let id = `${prefix}-${readable}`;
  for (let n = 2; scope.node.tryFindChild(id) !== undefined; n++) {
    id = `${prefix}-${readable}-${n}`;
  }
  return id;
}

/**
 * Version 0.1 named a binding `<prefix>-<readable>-<first 8 hex of sha256>`; a `moved`
 * block from that address lets a state written then follow the rename without
 * replacing (and so for a moment dropping) the binding. The old address comes from
 * the stack's own logical id of a construct at the old path, which is then removed.
 */
function movedFromPreviousId(scope: Construct, binding: PolicyBinding, prefix: string, key: string | number): void {
  if (!isKnown(key)) {
    return;
  }
  const text = String(key);
  const readable = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  const previousId = `${prefix}-${readable}-${createHash("sha256").update(text).digest("hex").slice(0, 8)}`;
  const placeholder = new Construct(scope, previousId);
  const previous = TerraformStack.of(scope).getLogicalId(placeholder.node);
  scope.node.tryRemoveChild(previousId);
  declareMove(binding, `${binding.terraformResourceType}.${previous}`);
}
