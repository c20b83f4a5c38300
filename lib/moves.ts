import { TerraformResource, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";

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
      resource.moveFromId(`${resource.terraformResourceType}.${stack.getLogicalId(placeholder.node)}`);
    }
  } finally {
    parent.node.tryRemoveChild(previousId);
  }
  return resources.length;
}
