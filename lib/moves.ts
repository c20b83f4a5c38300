import { TerraformElement, TerraformResource, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";

/** Id of the element that writes the library's `moved` blocks, one per stack. */
const MOVES_ID = "authentik-cloudflare-access-moved-blocks";

/**
 * The Terraform `moved` blocks the library declares in one stack. They are written as
 * top-level `moved` entries beside any others, exactly as `moveFromId` would write
 * them, but without marking the resources as moved: cdktf then checks at synth that
 * Terraform 1.5 or newer is installed (it runs `terraform version`), so every stack
 * with bindings would fail to synthesise where Terraform is not installed, such as a
 * CI job that only reviews `cdktf synth`. Terraform itself accepts these blocks from
 * 1.1 on and ignores one whose old address is not in the state.
 */
class MovedBlocks extends TerraformElement {
  private readonly moves = new Map<TerraformResource, string>();

  /** The stack's element, if any move was declared in it. */
  public static find(scope: IConstruct): MovedBlocks | undefined {
    return TerraformStack.of(scope).node.tryFindChild(MOVES_ID) as MovedBlocks | undefined;
  }

  public static of(scope: IConstruct): MovedBlocks {
    return MovedBlocks.find(scope) ?? new MovedBlocks(TerraformStack.of(scope), MOVES_ID);
  }

  public has(resource: TerraformResource): boolean {
    return this.moves.has(resource);
  }

  public add(resource: TerraformResource, from: string): void {
    if (hasMove(resource)) {
      throw new Error(`${resource.node.path} already has a moved block; a resource can be moved from one address only`);
    }
    this.moves.set(resource, from);
  }

  private blocks(): Array<{ from: string; to: string }> {
    return [...this.moves].map(([resource, from]) => ({ to: `${resource.terraformResourceType}.${resource.friendlyUniqueId}`, from }));
  }

  public toTerraform(): Record<string, unknown> {
    return this.moves.size > 0 ? { moved: this.blocks() } : {};
  }

  public toHclTerraform(): Record<string, unknown> {
    const reference = (value: string) => ({ value, isBlock: false, type: "simple", storageClassType: "reference" });
    return this.moves.size > 0 ? { moved: this.blocks().map(({ to, from }) => ({ to: reference(to), from: reference(from) })) } : {};
  }
}

/** Declares a Terraform `moved` block from the address `from` (`<type>.<name>`) to `resource`. */
export function declareMove(resource: TerraformResource, from: string): void {
  MovedBlocks.of(resource).add(resource, from);
}

/** Whether `resource` already has a `moved` block, the library's or one made with cdktf's `moveFromId`/`moveToId`. */
export function hasMove(resource: TerraformResource): boolean {
  return resource.hasResourceMove() !== undefined || (MovedBlocks.find(resource)?.has(resource) ?? false);
}

/**
 * Declares a Terraform `moved` block for every resource under `construct`, from the
 * address it had when `construct` had the id `previousId` (same parent), so that
 * renaming a construct id plans as a move instead of a destroy and a create. The old
 * addresses are the stack's own logical ids of constructs at the old paths, which
 * exist only while they are computed.
 */
export function declareMovesFrom(construct: IConstruct, previousId: string): number {
  const parent = construct.node.scope;
  if (parent === undefined) {
    throw new Error(`${construct.node.path} has no parent, so it cannot have been renamed`);
  }
  const stack = TerraformStack.of(construct);
  const resources = construct.node.findAll().filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c));
  const placeholderRoot = new Construct(parent, previousId);
  try {
    for (const resource of resources) {
      const relative = resource.node.scopes.slice(construct.node.scopes.length).map((scope) => scope.node.id);
      let placeholder: Construct = placeholderRoot;
      for (const id of relative) {
        placeholder = (placeholder.node.tryFindChild(id) as Construct | undefined) ?? new Construct(placeholder, id);
      }
      declareMove(resource, `${resource.terraformResourceType}.${stack.getLogicalId(placeholder.node)}`);
    }
  } finally {
    parent.node.tryRemoveChild(previousId);
  }
  return resources.length;
}
