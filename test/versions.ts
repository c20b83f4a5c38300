/**
 * Terraform's version constraint syntax (`>= 5.14.0, < 6.0.0`, `~> 5.0`, `= 2026.5.0`), evaluated the way
 * Terraform does for releases without a pre-release part: every comma-separated condition must hold.
 */
function parts(version: string): number[] {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(version.trim());
  if (!match) {
    throw new Error(`not a release version: ${JSON.stringify(version)}`);
  }
  return [match[1], match[2], match[3]].map((p) => Number(p ?? 0));
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return 0;
}

/** True when `version` meets every condition of the Terraform constraint string. */
export function satisfies(version: string, constraint: string): boolean {
  const v = parts(version);
  return constraint.split(",").every((condition) => {
    const match = /^\s*(>=|<=|!=|~>|=|>|<)?\s*(\S+)\s*$/.exec(condition);
    if (!match) {
      throw new Error(`not a Terraform version constraint: ${JSON.stringify(constraint)}`);
    }
    const [, operator = "=", bound] = match;
    const b = parts(bound);
    const order = compare(v, b);
    switch (operator) {
      case "=":
        return order === 0;
      case "!=":
        return order !== 0;
      case ">":
        return order > 0;
      case ">=":
        return order >= 0;
      case "<":
        return order < 0;
      case "<=":
        return order <= 0;
      default: {
        // ~> allows the rightmost given component to grow: ~> 5.0 is >= 5.0, < 6; ~> 5.14.0 is >= 5.14.0, < 5.15.
        const given = bound.replace(/^v/, "").split(".").length;
        const upper = given === 1 ? [b[0] + 1, 0, 0] : given === 2 ? [b[0] + 1, 0, 0] : [b[0], b[1] + 1, 0];
        return order >= 0 && compare(v, upper) < 0;
      }
    }
  });
}
